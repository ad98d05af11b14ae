"""Glyph order: a whole font's glyph ids follow Unicode's order.

A CJK font numbers its Han glyphs in code-point order: WenQuanYi Micro Hei's
glyph id of a character of the basic block is its code point less U+4E00
plus 1,967, Droid Sans Fallback's plus 7,064 (every one of their 20,900 Han
glyphs; the Song font of the issue that printed 育 as 㒳, glyph 13,491,
plus 513). An extractor that prints the glyph id of a glyph it cannot map
(pdfminer's ``(cid:N)`` of a font embedded whole or subset without
renumbering; PyMuPDF's and pypdf's ``chr(glyph id)``) therefore says more
than which glyphs are the same: once a few keys are read, the offset between
glyph id and code point is known, and every other key's glyph follows from
its id. A subset numbered by first use (fpdf2's) has no such order: the
readings then agree on no offset, and nothing is added.

:func:`offsets` finds the offsets that the sure readings of at least
:data:`MIN_KEYS` keys share, per Unicode block; :func:`predict` gives each
key's glyph under them.

>>> ids = {"a": 14945, "b": 17267, "c": 18142, "d": 16000}
>>> readings = {"a": [("育", 0.9)], "b": [("规", 0.8)], "c": [("贯", 0.7), ("展", 0.1)], "d": [("的", 0.4)]}
>>> offs = offsets(readings, ids)
>>> offs
[(18001, 'han', 3)]
>>> predict(ids, offs)["d"]
('蓑', 3)
"""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import Dict, Hashable, List, Optional, Sequence, Tuple

__all__ = ["offsets", "predict", "key_id", "update", "bonus", "MIN_KEYS", "MIN_P", "SPIKE", "CONF", "DOUBT", "bounded"]

#: keys whose best reading (posterior at least MIN_P) gives one offset, for it to be taken ...
MIN_KEYS = 3
MIN_P = 0.5
#: ... and this many times as many as the next offset of that block (plus one); or
#: LOOSE_KEYS best readings however sure (a page whose font lost every glyph: few are sure)
SPIKE, LOOSE_KEYS = 2, 5

#: log10 added once to a key's glyph by the order, per key that gave the offset, at most MAX_BONUS;
#: a key read so is at least CONF sure, one read otherwise at most DOUBT
BONUS, MAX_BONUS, CONF, DOUBT = 2.0, 20.0, 0.95, 0.3

_BLOCKS = (("han", 0x4E00, 0x9FFF), ("ascii", 0x21, 0x7E))


def block(c: str) -> Optional[str]:
    """The Unicode block (of those a font numbers in order) of ``c``."""
    o = ord(c)
    for name, lo, hi in _BLOCKS:
        if lo <= o <= hi:
            return name
    return None


def bonus(support: int) -> float:
    """log10 evidence for a key's glyph by an offset that ``support`` keys gave.

    >>> bonus(3), bonus(40)
    (6.0, 20.0)
    """
    return min(MAX_BONUS, BONUS * support)


def bounded(conf: float, best: str, order: Optional[Tuple[str, int]]) -> float:
    """A key's confidence given the glyph the font's order gives it
    (``order``: glyph, keys that gave the offset): at least :data:`CONF`
    where its reading is that glyph, at most :data:`DOUBT` where it is
    another (the text and the order disagree: reported, not applied).

    >>> bounded(0.4, "中", ("中", 5)), bounded(0.75, "》", ("中", 5)), bounded(0.75, "》", None)
    (0.95, 0.3, 0.75)
    """
    if order is None or not best:
        return conf
    return max(conf, CONF) if best == order[0] else min(conf, DOUBT)


def key_id(key: Hashable) -> Optional[Tuple[Hashable, int]]:
    """(namespace, glyph id) of a trace key that names a glyph id: pdfminer's
    ``("cid", N)``, a code point printed for a glyph ``("char", c)``, a PDF's
    ``("pdf", font, gid)``; None for others."""
    if not isinstance(key, tuple) or len(key) < 2:
        return None
    if key[0] == "cid" and isinstance(key[1], int):
        return "cid", key[1]
    if key[0] == "char" and isinstance(key[1], str) and len(key[1]) == 1:
        return "char", ord(key[1])
    if key[0] == "pdf" and len(key) == 3 and isinstance(key[2], int):
        return ("pdf", key[1]), key[2]
    return None


def offsets(readings: Dict[Hashable, Sequence[Tuple[str, float]]],
            ids: Dict[Hashable, int]) -> List[Tuple[int, str, int]]:
    """The (offset, block, keys) that the keys' sure readings share.

    ``readings``: each key's ranked (glyph, posterior); ``ids``: its glyph
    id. An offset is code point less glyph id; it is taken for a block
    where the best readings (posterior at least :data:`MIN_P`) of
    :data:`MIN_KEYS` keys or more give it, more than :data:`SPIKE` times as
    many as give the next offset (by chance, three of a few dozen readings
    spread over 20,000 offsets agree almost never; on a page whose font
    lost every glyph, most readings are noise, the right ones agree)."""
    votes: Dict[str, Counter] = defaultdict(Counter)  # best readings at least MIN_P sure
    loose: Dict[str, Counter] = defaultdict(Counter)  # all best readings
    for k, ranked in readings.items():
        if k not in ids or not ranked:
            continue
        c, p = ranked[0]
        b = block(c) if c and len(c) == 1 else None
        if b is None:
            continue
        loose[b][ord(c) - ids[k]] += 1
        if p >= MIN_P:
            votes[b][ord(c) - ids[k]] += 1
    out = {}
    for cnts, least in ((votes, MIN_KEYS), (loose, LOOSE_KEYS)):
        for b, cnt in cnts.items():
            (off, n), *rest = cnt.most_common(2)
            if n >= least and n >= SPIKE * (rest[0][1] if rest else 0) + 1 and b not in out:
                out[b] = (off, b, n)  # (a loose count is never under the sure one)
    return sorted(out.values())


def predict(ids: Dict[Hashable, int], offs: Sequence[Tuple[int, str, int]]) -> Dict[Hashable, Tuple[str, int]]:
    """Each key's glyph under the offsets (the one whose block its glyph id
    falls in; none where none does), with the number of keys that gave it."""
    out: Dict[Hashable, Tuple[str, int]] = {}
    for k, n in ids.items():
        for off, b, support in offs:
            cp = n + off
            if 0 < cp < 0x110000 and block(chr(cp)) == b:
                out[k] = (chr(cp), support)
                break
    return out


def update(post, keys, cands: Dict[Hashable, List[str]], keep_of, order_of: Dict[Hashable, Tuple[str, int]]) -> set:
    """The glyphs the font's glyph order gives ``keys`` (read so far as
    ``post``), into ``order_of`` and each key's candidates; the keys whose
    glyph changed (:func:`docfix.decipher.decipher` scores them again)."""
    spaces: Dict[Hashable, Dict[Hashable, int]] = defaultdict(dict)
    for g in keys:
        ki = key_id(g)
        if ki is not None:
            spaces[ki[0]][g] = ki[1]
    moved = set()
    for ids in spaces.values():
        for g, (c, n) in predict(ids, offsets({g: post.get(g) or [] for g in ids}, ids)).items():
            if order_of.get(g) != (c, n) and c != keep_of[g]:
                order_of[g] = (c, n)
                if c not in cands[g]:
                    cands[g].append(c)
                moved.add(g)
    return moved

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

A font of one national standard's Han characters only numbers them in
code-point order too, without the gaps: Debian's AR PL SungtiL GB and KaitiM
GB (GB 2312's 6,763) give a character the glyph id 948 plus its rank among
GB 2312's characters by code point, AR PL Mingti2L and KaitiM Big5 (Big5's
13,068 as code page 950 has them) 385 plus its rank among those. Each such
repertoire is an order of its own (:data:`ORDERS`), and so is each
standard's code order, GBK's included (a font drawn from the standard's code table:
none at hand, but three keys agree on an offset by chance almost never, so
an order that does not hold costs nothing). Where several Han orders give an
offset, the one most keys give is taken.

:func:`offsets` finds the offsets that the sure readings of at least
:data:`MIN_KEYS` keys share, per order (:data:`ORDERS`); :func:`predict` gives each
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
from functools import lru_cache
from typing import Callable, Dict, Hashable, List, Optional, Sequence, Tuple

import numpy as np

from .canon import fold_char

__all__ = ["offsets", "predict", "key_id", "update", "bonus", "MIN_KEYS", "MIN_P", "SPIKE", "CONF", "DOUBT", "bounded",
           "ORDERS", "index", "glyph_at", "by_counts", "COUNT_KEYS", "COUNT_MARGIN", "COUNT_MEAN"]

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

#: The orders a font may number its glyphs in: Unicode's blocks (the index is
#: the code point), and the Han characters of GB 2312 and of Big5 (code page
#: 950), each by code point and by the standard's own code, and GBK's by its
#: code (by code point they are the whole block's) (the index is the
#: character's rank); (name, codec, by the codec's bytes)
_REPERTOIRES = (("gb2312", "gb2312", False), ("big5", "cp950", False),
                ("gb2312-code", "gb2312", True), ("big5-code", "cp950", True), ("gbk-code", "gbk", True))
ORDERS = tuple(name for name, _, _ in _BLOCKS) + tuple(name for name, _, _ in _REPERTOIRES)


def block(c: str) -> Optional[str]:
    """The Unicode block (of those a font numbers in order) of ``c``."""
    o = ord(c)
    for name, lo, hi in _BLOCKS:
        if lo <= o <= hi:
            return name
    return None


@lru_cache(maxsize=None)
def _encoded(codec: str) -> Tuple[Tuple[bytes, str], ...]:
    """(code, character) of the basic Han block's characters that ``codec`` encodes, by code point."""
    out = ((chr(cp).encode(codec, errors="replace"), chr(cp)) for cp in range(0x4E00, 0xA000))
    return tuple((code, c) for code, c in out if len(code) == 2)  # (one byte: "?", not encoded)


@lru_cache(maxsize=None)
def _repertoire(order: str) -> Tuple[Tuple[str, ...], Dict[str, int]]:
    """The Han characters of ``order``'s standard in its order, and each one's rank."""
    codec, by_code = next((c, b) for n, c, b in _REPERTOIRES if n == order)
    pairs = _encoded(codec)
    ranked = tuple(c for _, c in (sorted(pairs) if by_code else pairs))
    return ranked, {c: i for i, c in enumerate(ranked)}


def index(c: str, order: str) -> Optional[int]:
    """``c``'s place in ``order`` (:data:`ORDERS`): its code point in a
    Unicode block's, its rank in a standard's; None where it has none.

    >>> index("一", "han"), index("一", "gb2312"), index("丁", "gb2312"), index("丟", "gb2312"), index("丟", "big5")
    (19968, 0, 1, None, 20)
    >>> index("啊", "gb2312-code"), index("A", "gb2312")
    (0, None)
    """
    if order in ("han", "ascii"):
        return ord(c) if block(c) == order else None
    return _repertoire(order)[1].get(c)


def glyph_at(i: int, order: str) -> Optional[str]:
    """The character at place ``i`` of ``order`` (the inverse of :func:`index`).

    >>> glyph_at(19968, "han"), glyph_at(1, "gb2312"), glyph_at(6763, "gb2312"), glyph_at(65, "han")
    ('一', '丁', None, None)
    """
    if order in ("han", "ascii"):
        c = chr(i) if 0 < i < 0x110000 else ""
        return c if c and block(c) == order else None
    chars = _repertoire(order)[0]
    return chars[i] if 0 <= i < len(chars) else None


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
    """The (offset, order, keys) that the keys' sure readings share.

    ``readings``: each key's ranked (glyph, posterior); ``ids``: its glyph
    id. An offset is the glyph's place in an order (:func:`index`) less its
    glyph id; it is taken for an order where the best readings (posterior at least :data:`MIN_P`) of
    :data:`MIN_KEYS` keys or more give it, more than :data:`SPIKE` times as
    many as give the next offset (by chance, three of a few dozen readings
    spread over 20,000 offsets agree almost never; on a page whose font
    lost every glyph, most readings are noise, the right ones agree). Of
    the Han orders, only the one most keys give is kept."""
    votes: Dict[str, Counter] = defaultdict(Counter)  # best readings at least MIN_P sure
    loose: Dict[str, Counter] = defaultdict(Counter)  # all best readings
    for k, ranked in readings.items():
        if k not in ids or not ranked:
            continue
        c, p = ranked[0]
        if not c or len(c) != 1:
            continue
        for b in ORDERS:
            i = index(c, b)
            if i is None:
                continue
            loose[b][i - ids[k]] += 1
            if p >= MIN_P:
                votes[b][i - ids[k]] += 1
    out = {}
    for cnts, least in ((votes, MIN_KEYS), (loose, LOOSE_KEYS)):
        for b, cnt in cnts.items():
            (off, n), *rest = cnt.most_common(2)
            if n >= least and n >= SPIKE * (rest[0][1] if rest else 0) + 1 and b not in out:
                out[b] = (off, b, n)  # (a loose count is never under the sure one)
    han = [o for o in out.values() if o[1] != "ascii"]  # (one font, one order of its Han glyphs: the one most keys give)
    keep = [o for o in out.values() if o[1] == "ascii"] + ([max(han, key=lambda o: (o[2], o[1] == "han"))] if han else [])
    return sorted(keep)


def predict(ids: Dict[Hashable, int], offs: Sequence[Tuple[int, str, int]]) -> Dict[Hashable, Tuple[str, int]]:
    """Each key's glyph under the offsets (the one whose block its glyph id
    falls in; none where none does), with the number of keys that gave it."""
    out: Dict[Hashable, Tuple[str, int]] = {}
    for k, n in ids.items():
        for off, b, support in offs:
            c = glyph_at(n + off, b)
            if c is not None:
                out[k] = (c, support)
                break
    return out


#: A page whose font lost every glyph reads few keys surely, but the keys'
#: counts say where its glyphs are: with at least COUNT_KEYS keys of glyph ids,
#: the offset under which the keys' glyphs are as frequent as the language's
#: (:func:`by_counts`) is taken where its unigram log10 per occurrence beats
#: every other offset's (of every Han order) by COUNT_MARGIN and is at least
#: COUNT_MEAN. (Policy documents of 400 to 8,000 characters whose every Han
#: glyph was lost: the right offset by 3.1 to 3.9 at -2.8 to -3.4; the same
#: keys renumbered by first use: at most 0.1, at -4.4 or less.)
COUNT_KEYS, COUNT_MARGIN, COUNT_MEAN = 30, 2.0, -4.0
_FLOOR = -8.0  # log10 rate of a character the model never saw, or of a key beyond the order
_SPAN = 1 << 15  # glyph ids of one font's keys lie closer together than this (20,992 Han and the rest)


@lru_cache(maxsize=16)
def _log_rates(order: str, rate: Callable[[str], float]) -> Tuple[np.ndarray, int]:
    """log10 rate of each place of a Han ``order``, and the index of its first place."""
    if order == "han":
        chars, first = [chr(c) for c in range(0x4E00, 0xA000)], 0x4E00
    else:
        chars, first = list(_repertoire(order)[0]), 0
    rates = np.array([rate(c) for c in chars], dtype=np.float64)
    with np.errstate(divide="ignore"):
        return np.where(rates > 0, np.log10(rates), _FLOOR), first


def by_counts(counts: Dict[Hashable, int], ids: Dict[Hashable, int],
              rate: Callable[[str], float]) -> Optional[Tuple[int, str, int]]:
    """The (offset, order, keys) under which the keys' glyphs are as frequent
    as their counts (``rate``: a character's expected share of a text), or
    None where no offset stands out (:data:`COUNT_MARGIN`, :data:`COUNT_MEAN`).

    Each Han order's every offset is scored at once, as a cross-correlation
    of the keys' counts at their ids with the order's log10 rates.

    >>> text = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严"
    >>> rate = lambda c: 1.0 / (1 + text.find(c)) if c in text else 0.0
    >>> counts = {("cid", ord(c) - 0x4E00 + 500): 200 // (i + 1) + 1 for i, c in enumerate(text[:60])}
    >>> ids = {k: k[1] for k in counts}
    >>> by_counts(counts, ids, rate)
    (19468, 'han', 60)
    >>> by_counts(dict(list(counts.items())[:20]), ids, rate) is None  # (too few keys to tell)
    True
    """
    if len(counts) < COUNT_KEYS:
        return None
    keys = sorted((k for k in counts if k in ids and ids[k] >= 0), key=lambda k: ids[k])
    gs = np.array([ids[k] for k in keys], dtype=np.int64)
    w = np.array([counts[k] for k in keys], dtype=np.float64)
    if not len(gs) or w.sum() <= 0:
        return None
    # the keys of one font lie within _SPAN of each other: those of the window that holds most occurrences
    # (a private-use character among a whole font's glyph ids is another key)
    ends = np.searchsorted(gs, gs + _SPAN)
    held = np.concatenate([[0.0], np.cumsum(w)])
    start = int(np.argmax(held[ends] - held[np.arange(len(gs))]))
    keys, gs, w = keys[start:ends[start]], gs[start:ends[start]], w[start:ends[start]]
    if len(keys) < COUNT_KEYS:
        return None
    low = int(gs.min())
    width = int(gs.max()) - low + 1
    a = np.zeros(width)
    np.add.at(a, gs - low, w)
    found = []  # (score, offset, order), the best two of each order
    for order in ORDERS:
        if order == "ascii":
            continue
        lp, first = _log_rates(order, rate)
        padded = np.concatenate([np.full(width, _FLOOR), lp, np.full(width, _FLOOR)])
        n = 1 << (len(padded) + width - 1).bit_length()
        score = np.fft.irfft(np.fft.rfft(padded, n) * np.conj(np.fft.rfft(a, n)), n)[:len(padded) - width + 1]
        best = int(np.argmax(score))
        found.append((float(score[best]), best - width + first - low, order))
        score[best] = -np.inf
        found.append((float(score.max()), -1, ""))
    found.sort(reverse=True)
    (top, off, order), (second, _, _) = found[0], found[1]
    total = float(w.sum())
    if (top - second) / total < COUNT_MARGIN or top / total < COUNT_MEAN:
        return None
    return off, order, len(keys)  # (the keys outside the window: none of the order's)


def update(post, keys, cands: Dict[Hashable, List[str]], keep_of, order_of: Dict[Hashable, Tuple[str, int]],
           rate: Optional[Callable[[str], float]] = None) -> set:
    """The glyphs the font's glyph order gives ``keys`` (read so far as
    ``post``), into ``order_of`` and each key's candidates; the keys whose
    glyph changed (:func:`docfix.decipher.decipher` scores them again).
    ``rate`` (a character's expected share of a text): where the readings
    give no Han order, the keys' counts may (:func:`by_counts`; ``keys``
    maps each key to its occurrences)."""
    spaces: Dict[Hashable, Dict[Hashable, int]] = defaultdict(dict)
    for g in keys:
        ki = key_id(g)
        if ki is not None:
            spaces[ki[0]][g] = ki[1]
    moved = set()
    for ids in spaces.values():
        offs = offsets({g: post.get(g) or [] for g in ids}, ids)
        if rate is not None and all(b == "ascii" for _, b, _ in offs) and len(ids) >= COUNT_KEYS:
            counted = by_counts({g: len(keys[g]) for g in ids}, ids, rate)
            offs = sorted(offs + [counted]) if counted else offs
        for g, (c, n) in predict(ids, offs).items():
            c = fold_char(c)  # (the readings are the model's forms: a Big5 face's 規 is read 规, then written 規)
            if order_of.get(g) != (c, n) and c != keep_of[g]:
                order_of[g] = (c, n)
                if c not in cands[g]:
                    cands[g].append(c)
                moved.add(g)
    return moved

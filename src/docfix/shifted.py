"""Glyphs that a whole font's glyph ids print as other Han characters.

PyMuPDF and pypdf print a glyph they cannot map as the character whose code
point is its glyph id. A CJK font embedded whole, or subset without
renumbering (as word processors embed it), numbers its Han glyphs in
code-point order from a base (:mod:`docfix.glyphorder`): WenQuanYi Micro
Hei's glyph of 院 (U+9662) is 20,497, which prints as 們 (U+5011). Every
glyph past U+4E00 less its base prints so: as a Han character, mostly one the
model hardly knows, where the text wants one it knows well. Such a print is
no trace :func:`docfix.traces.find` can see; but once the document's other
traces are read, their readings give the offset between code point and glyph
id, and :func:`traces` marks the Han characters the model hardly knows whose
partner at that offset it knows, and prefers in their place at most of
their occurrences. The trace reader then reads them with the others (the
font's order gives their glyph; the text decides whether to apply it).

>>> _partner("們", 18001)
'院'
"""
from __future__ import annotations

from collections import defaultdict
from typing import AbstractSet, Dict, Hashable, List, Sequence, Tuple

from . import canon, glyphorder
from .traces import Trace

__all__ = ["traces", "REACH", "MIN_GAIN", "SHARE", "basic_han", "line_window", "window_score"]

#: characters of context on either side of an occurrence that the character model scores
REACH = 6
#: log10 the model must gain by the partner in an occurrence's place for it to count ...
MIN_GAIN = 1.0
#: ... in at least this share of the character's occurrences
SHARE = 0.6


def basic_han(c: str) -> bool:
    """Whether ``c`` is in the basic CJK Unified Ideographs block (U+4E00-U+9FFF)."""
    return "\u4e00" <= c <= "\u9fff"


def _partner(c: str, offset: int) -> str:
    """The Han character whose glyph id prints as ``c`` under ``offset`` (code point less glyph id); "" if none."""
    cp = ord(c) + offset
    return chr(cp) if 0x4E00 <= cp <= 0x9FFF else ""


def han_offset(readings: Sequence) -> int:
    """The offset (code point less glyph id) of Han glyphs that the sure
    readings of code-point traces share (:func:`docfix.glyphorder.offsets`);
    0 where they share none (a subset numbered by first use)."""
    ranked: Dict[Hashable, List[Tuple[str, float]]] = {}
    ids: Dict[Hashable, int] = {}
    for r in readings:
        key = r.trace.key
        if not (isinstance(key, tuple) and len(key) == 2 and key[0] == "char" and len(key[1]) == 1):
            continue
        if key not in ranked:
            ranked[key] = [(r.insert, r.confidence)] + list(r.alternatives)
            ids[key] = ord(key[1])
    for off, blk, _ in glyphorder.offsets(ranked, ids):
        if blk == "han" and off > 0:
            return off
    return 0


def traces(text: str, found: Sequence[Trace], readings: Sequence, lm, known: AbstractSet[str]) -> List[Trace]:
    """Han characters of ``text`` that are glyph ids printed under the offset
    that ``readings`` (of the traces ``found``) give: one
    :class:`docfix.traces.Trace` (kind ``codepoint``, keyed by the
    character) per occurrence, for characters not in ``known`` whose partner
    is, and which the character model prefers in their place by
    :data:`MIN_GAIN` at a :data:`SHARE` of their occurrences."""
    offset = han_offset(readings)
    if not offset:
        return []
    taken = set()
    for t in found:
        taken.update(range(t.start, t.end))
    where: Dict[str, List[int]] = defaultdict(list)
    for i, c in enumerate(text):
        if basic_han(c) and c not in known and i not in taken and _partner(c, offset) in known:
            where[c].append(i)
    out: List[Trace] = []
    for c, at in where.items():
        d = _partner(c, offset)
        wins = sum(_gain(lm, text, i, d) >= MIN_GAIN for i in at)
        if wins >= SHARE * len(at):
            out.extend(Trace(i, i + 1, ("char", c), "codepoint") for i in at)
    return sorted(out, key=lambda t: t.start)


def _gain(lm, text: str, i: int, d: str) -> float:
    """log10 the character model gains with ``d`` in place of ``text[i]`` (the line around it)."""
    left, right = line_window(text, i, REACH)
    return window_score(lm, left, d, right) - window_score(lm, left, text[i], right)


def line_window(text: str, i: int, reach: int) -> Tuple[str, str]:
    """The characters of ``text[i]``'s line within ``reach`` before and after it.

    >>> line_window("第一行\\n推进5作，落实", 6, 3)
    ('推进', '作，落')
    """
    left = text[max(0, i - reach):i]
    right = text[i + 1:i + 1 + reach]
    return left[left.rfind("\n") + 1:], right.split("\n")[0]


def window_score(lm, left: str, c: str, right: str) -> float:
    """log10 of ``left + c + right`` by the character model, inside a sentence."""
    return lm.score_tokens(canon.tokens(left + c + right), bos=False, eos=False)

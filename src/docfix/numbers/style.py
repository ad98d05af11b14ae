"""How a document writes counts: Arabic digits or Chinese numerals before a measure word.

A notice writes 5个工作日内 and 发现的15个问题, a law 五个工作日内: a document
keeps to one style (GB/T 15835), so where it writes its counts in Arabic
digits, a lost glyph before a measure word is a digit sooner than a Chinese
numeral (问题后?个工作日内: 5, not 五). 一 does not count against the style
(一个, 一批 are words in any document).

>>> arabic_counts("发现的15个问题，涉及3家企业、12项任务、2个县、6名人员。")
True
>>> arabic_counts("在五个工作日内，对三家企业、十二项任务、二个县、六名人员。")
False
>>> numeral_before_measure("问题后?个工作日", 4, "五"), numeral_before_measure("问题后?个工作日", 4, "一")
(True, False)
"""
from __future__ import annotations

from typing import Dict, FrozenSet, Iterable, Tuple

import regex

from ..canon import is_han_script

__all__ = ["arabic_counts", "numeral_before_measure", "before_numbers_only", "MEASURE", "ARABIC_MIN", "PENALTY"]

#: measure words counts stand before
MEASURE = frozenset("个家项名条次件批位类种所座台套篇份处起")
#: Arabic counts before a measure word that make a document's style, with no Chinese numeral but 一 there
ARABIC_MIN = 5
#: log10: a count in Chinese numerals before a measure word, in a text that writes its counts in
#: Arabic digits (the silent options and the keyless trace readings alike)
PENALTY = -2.0
_NUMERALS = "二三四五六七八九十两"
_ARABIC = regex.compile(r"\d+(?=[%s])" % "".join(sorted(MEASURE)))
_CHINESE = regex.compile(r"[一%s]*[%s][一%s]*(?=[%s])" % (_NUMERALS, _NUMERALS, _NUMERALS, "".join(sorted(MEASURE))))


def arabic_counts(text: str) -> bool:
    """Whether ``text`` writes its counts in Arabic digits: :data:`ARABIC_MIN`
    digit runs before a measure word, and no Chinese numeral other than 一 there."""
    return len(_ARABIC.findall(text)) >= ARABIC_MIN and not _CHINESE.search(text)


def numeral_before_measure(text: str, end: int, reading: str) -> bool:
    """Whether ``reading``, read just before ``text[end]``, is a count in
    Chinese numerals (not 一 alone) before a measure word."""
    return (end < len(text) and text[end] in MEASURE and bool(reading)
            and all(c in _NUMERALS or c == "一" for c in reading) and reading != "一")


def before_numbers_only(text: str, places: Iterable[Tuple[int, str]]) -> FrozenSet[str]:
    """Han glyphs each of whose ``places`` (offset, glyph) stands between a Han
    character and a digit: 达{到}95%, 超{过}5%, which registers write either way
    (the provincial work reports of 2026 write 达 before a number as often as
    达到, 超 more often than 超过; the laws 达到 four times in five, 超过 always). A
    font that lost such a glyph loses it in its other words too; restored
    only before numbers, it is the model's register, not a loss.

    >>> sorted(before_numbers_only("比重达95%，增长达8%，达到目标", [(3, "到"), (10, "到")]))
    ['到']
    >>> sorted(before_numbers_only("比重达95%，得了好", [(3, "到"), (8, "到")]))
    []
    """
    where: Dict[str, bool] = {}
    for off, g in places:
        framed = 0 < off < len(text) and is_han_script(text[off - 1]) and text[off].isdigit()
        where[g] = where.get(g, True) and framed
    return frozenset(g for g, only in where.items() if only)

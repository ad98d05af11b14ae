"""Number reasoning for restored digits.

A character model cannot tell "2{0}22年" from "22{0}2年", nor "{100}%" from
"{1}%": the digits around a gap say little. What does tell them apart is what
the number means: a year lies in a plausible range and usually agrees with
the document's own dates, a percentage is at most 100, a month at most 12,
"N余" is a round number, ranges go up, list items count up. :func:`plausibility`
turns that into a log10 weight for an insert option; the decoder adds it to the
language model's evidence. Enumerators in Chinese numerals ("第十八条", "三、",
"（二）") and numbered lists are counted through the numerals the font lost
(:func:`numeral_plausibility`, :func:`enumerator_inserts`, :func:`sequence_losses`).

The sub-concerns live in modules of their own: :mod:`.runs` (number contexts,
the plausibility of a digit run: years, ranges, list numbers), :mod:`.years`
(the years a document is about), :mod:`.toc` (contents-page numbers),
:mod:`.sums` (totals and their parts), :mod:`.magnitude` (万/亿 after exact
counts) and :mod:`.enumerators` (Chinese numerals and counted sequences);
this package re-exports what the rest of docfix uses.

>>> plausibility("222年工作", 1, "0") > plausibility("222年工作", 2, "0")
True
>>> plausibility("覆盖率%", 3, "100") > plausibility("覆盖率%", 3, "1000")
True
"""
from __future__ import annotations

from .enumerators import (
    CN_NUMERAL_CHARS,
    cn_numeral,
    cn_write,
    enumerator_inserts,
    numeral_plausibility,
    sequence_losses,
)
from . import style
from .magnitude import cell_plausibility, magnitude_plausibility
from .runs import is_number_context, plausibilities, plausibility, run_bounds, run_plausibility
from .toc import TOC_MIN_PAGES, toc_entries
from .years import YEAR_MAX, YEAR_MIN, Years, document_years, year_context, year_losses

# private names the tests reach as ``numbers._sum_groups`` and so on
from .enumerators import _ENUM_RES, _sequences  # noqa: F401
from .sums import _sum_groups  # noqa: F401

__all__ = [
    "is_number_context",
    "plausibility",
    "plausibilities",
    "run_plausibility",
    "run_bounds",
    "document_years",
    "year_context",
    "year_losses",
    "toc_entries",
    "TOC_MIN_PAGES",
    "cn_numeral",
    "cn_write",
    "numeral_plausibility",
    "enumerator_inserts",
    "sequence_losses",
    "CN_NUMERAL_CHARS",
    "magnitude_plausibility",
    "cell_plausibility",
    "style",
    "Years",
    "YEAR_MIN",
    "YEAR_MAX",
]

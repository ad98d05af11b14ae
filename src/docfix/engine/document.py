"""The per-document context every stage reads, built once per pass."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from typing import Dict, List, Tuple

from .. import canon, numbers
from ..lm import LanguageModel
from ..numbers._common import FULLWIDTH_DIGITS
from .records import Unit, units

__all__ = ["Document"]



@dataclass
class Document:
    """One text as the engine sees it: its scoring units (tokens, offsets and
    model scores), how often it writes each glyph, and what is derived from
    it on demand (its script, its folded tokens, the years it is about)."""

    text: str
    units: List[Unit]
    counts: Counter
    n_tok: int
    _years: Dict[Tuple[str, ...], numbers.Years] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, text: str, lm: LanguageModel) -> "Document":
        us = units(text, lm)
        return cls(text, us, Counter(t for u in us for t in u.toks), sum(len(u.toks) for u in us))

    @cached_property
    def traditional(self) -> bool:
        """Written in traditional characters: glyphs are reported and restored so."""
        return canon.is_traditional(self.text)

    @cached_property
    def folded(self) -> str:
        """The text folded to model tokens, one per character (the word model's input)."""
        return "".join(canon.tokens(self.text))

    @cached_property
    def numeric(self) -> str:
        """The text as the number rules read it: full-width digits as ASCII
        ones (１９９８年 is 1998年), every offset the same."""
        return self.text.translate(FULLWIDTH_DIGITS)

    @cached_property
    def arabic_counts(self) -> bool:
        """It writes its counts in Arabic digits (:func:`docfix.numbers.style.arabic_counts`)."""
        return numbers.style.arabic_counts(self.text)

    @cached_property
    def fit(self) -> float:
        """How well the model knows the document: mean log10 P per token."""
        return sum(u.sc.total for u in self.units) / max(1, sum(len(u.toks) + 1 for u in self.units))

    def line_writes(self, off: int, glyph: str) -> bool:
        """Whether the line (a paragraph, as the bench's and most extractors' texts
        have them) around offset ``off`` writes ``glyph``: a line is set in one
        font, and a font that writes a glyph has not lost it (群众身边{的}不正之风 in a
        paragraph that writes 的 twice).

        >>> d = Document("群众身边不正之风的问题" + chr(10) + "推进教育息化", [], Counter(), 0)
        >>> d.line_writes(4, "的"), d.line_writes(16, "信")
        (True, False)
        """
        text = self.text
        start = text.rfind("\n", 0, off) + 1
        end = text.find("\n", off)
        return glyph in text[start:end if end >= 0 else len(text)]

    def years(self, digits: Tuple[str, ...]) -> numbers.Years:
        """The years the document is about, given which digits were lost
        (:func:`docfix.numbers.year_context`)."""
        if digits not in self._years:
            self._years[digits] = numbers.year_context(self.numeric, "".join(digits))
        return self._years[digits]

"""Rare letters: the letters Chinese running text does not write beside Han
characters, where code-point output prints glyph ids (:mod:`docfix.codepoints`).

>>> _rare_letter("ԕ", None), _rare_letter("é", frozenset("é")), _rare_letter("℃", None)
(True, False, False)
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Optional

import regex

from .addresstraces import _script

#: unit signs of the CJK compatibility block that Chinese text does write
_UNIT_SIGNS = frozenset("㎎㎏㎜㎝㎞㎡㏄㎥㎖㎗㎾㎿㏊㎠㎢㎣㎤㎦㎧㎨㎐㎑㎒㎓㎸㎹㎶㎷㎺㎻㎼㎽㏎㏑㏒㏕㏈㏌")


def _rare_letter(c: str, known: Optional[frozenset]) -> bool:
    """A letter that Chinese running text does not write next to Han
    characters: not Han (basic block), not ASCII, not kana/fullwidth, and
    either in a block of its own or never seen by the model."""
    o = ord(c)
    if c.isascii() or 0x4E00 <= o <= 0x9FFF or 0xFF00 <= o <= 0xFFEF or 0x3040 <= o <= 0x30FF:
        return False  # (kana: Japanese text, and no subset font's glyph ids land there)
    if 0xFE00 <= o <= 0xFE0F or 0xE0100 <= o <= 0xE01EF:
        return False  # a variation selector: the text's own (🔎︎)
    cat = unicodedata.category(c)
    if cat == "Cn":  # unassigned code point
        return True
    if 0x32D0 <= o <= 0x3357 or (0x3380 <= o <= 0x33DF and c not in _UNIT_SIGNS) or 0x4DC0 <= o <= 0x4DFF:
        # circled and squared katakana, rare unit signs (㋺, ㌃, ㎘), Yijing
        # hexagrams (䷪, between extension A and the basic block): a whole font's glyph ids
        return True
    if not (cat[0] in "LM" or cat == "Sk"):
        return False  # symbols (℃, ×, ①, ¥, ㎡) and punctuation are text
    if known is not None and c in known:
        return False
    return True


@lru_cache(maxsize=4)
def _soups(text: str) -> frozenset:
    """Where rare letters stand side by side in a run of three scripts or
    more: a word of no language, the glyph ids of a font whose every Han glyph
    was lost (ఋᨆ\u0c91ᔯ in a GB 2312 face, ids 948-7,710) and so no Han
    character near them. (Combining marks and common letters add no script.)

    >>> sorted(_soups("ఋᨆ\u0c91ᔯ，֨ਿᎫ。Москва Ελληνικά")), _soups("Ｔシャツを")
    ([0, 1, 2, 3, 5, 6, 7], frozenset())
    """
    out, run = set(), []
    for i, c in enumerate(text + "a"):
        if i < len(text) and _rare_letter(c, None):
            run.append(i)
            continue
        if len({_script(text[j]) for j in run if _COMMON.match(text[j]) is None}) >= 3:
            out.update(run)
        run = []
    return frozenset(out)


_COMMON = regex.compile(r"[\p{Script=Common}\p{Script=Inherited}]")

"""Normalisation rules for extracted Chinese text, one small pure function each.

Every rule comes twice, in the manner of ftfy's ``fixes``:

* ``*_changes(text) -> list of (start, end, replacement)``: the edits the rule
  makes, as code-point spans of ``text`` with what replaces them, sorted and
  non-overlapping. :mod:`docfix.normalize` composes these so that every
  change maps back to the original input.
* ``fix_*(text) -> str``: the same rule as a plain ``str -> str`` function.

Rules (see :mod:`docfix.normalize` for the order they are applied in):

========== ==================================================================
mojibake   UTF-8 read as GBK / Latin-1 / cp1252, GBK read as Latin-1/cp1252:
           reversed only where the byte round trip is lossless and the result
           is clearly more Chinese
radicals   Kangxi Radicals (U+2F00-2FDF), CJK Radicals Supplement
           (U+2E80-2EFF, own table) and CJK compatibility ideographs ->
           unified ideographs
width      full-width ASCII letters and digits -> half-width (and ％．＋ ...
           next to them); Chinese punctuation is left alone
variants   traditional / variant forms -> simplified with OpenCC (t2s, tw2s,
           hk2s), in "auto" mode only when the text is mostly traditional
whitespace NBSP & co., ideographic space, zero-width characters, spaces left
           by justification between CJK characters, spaces next to Chinese
           punctuation, trailing spaces
boilerplate navigation and footer lines of web pages (off by default)
join_lines a line broken in the middle of a sentence is rejoined
punctuation ASCII , : ; ( ) ? ! in Chinese context -> ，：；（）？！
========== ==================================================================

>>> fix_punctuation("他强调,教育援疆工作(重点)很重要!")
'他强调，教育援疆工作（重点）很重要！'
>>> fix_radicals("⾼⻓")
'高长'

The rules live in modules by family; this package gathers them:

=========================== ==============================================
:mod:`.base`                :data:`RuleEdit`, :func:`apply_changes`, the
                            character classes and line spans they share
:mod:`.mojibake`            mojibake
:mod:`.script`              radicals, width, variants
:mod:`.whitespace`          whitespace, split_words
:mod:`.lines`               boilerplate, join_lines
:mod:`.punctuation`         punctuation, pinyin, quotes (and brackets)
=========================== ==============================================

``is_han`` here is :func:`docfix.canon.is_han_script` (Script=Han, wider than
:func:`docfix.canon.is_han`); ``is_mostly_traditional`` is
:func:`docfix.canon.is_mostly_traditional`.
"""
from __future__ import annotations

from ..canon import is_han_script as is_han
from ..canon import is_mostly_traditional
from .base import RuleEdit, apply_changes
from .lines import boilerplate_changes, join_line_changes, join_lines, remove_boilerplate
from .mojibake import fix_mojibake, mojibake_changes
from .punctuation import (
    bracket_changes,
    fix_brackets,
    fix_pinyin,
    fix_punctuation,
    fix_quotes,
    pinyin_changes,
    punctuation_changes,
    quote_and_bracket_changes,
    quote_changes,
)
from .script import (
    SUPPLEMENT_RADICALS,
    VARIANT_CONFIGS,
    fix_radicals,
    fix_variants,
    fix_width,
    radical_changes,
    variant_changes,
    width_changes,
)
from .whitespace import fix_split_words, fix_whitespace, split_word_changes, whitespace_changes

__all__ = [
    "RuleEdit",
    "apply_changes",
    "is_han",
    "SUPPLEMENT_RADICALS",
    "VARIANT_CONFIGS",
    "mojibake_changes",
    "fix_mojibake",
    "radical_changes",
    "fix_radicals",
    "width_changes",
    "fix_width",
    "is_mostly_traditional",
    "variant_changes",
    "fix_variants",
    "whitespace_changes",
    "fix_whitespace",
    "boilerplate_changes",
    "remove_boilerplate",
    "join_line_changes",
    "join_lines",
    "punctuation_changes",
    "fix_punctuation",
    "pinyin_changes",
    "fix_pinyin",
    "split_word_changes",
    "fix_split_words",
    "quote_and_bracket_changes",
    "quote_changes",
    "fix_quotes",
    "bracket_changes",
    "fix_brackets",
]

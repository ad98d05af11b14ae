"""Spaces where a converter joined a page's wrapped lines into a paragraph.

docling (and other converters that build paragraphs from a page's lines)
joins a paragraph's lines with one space, Chinese too: a paragraph of
three lines of 44 glyphs reads ``…完善体制机 制、严格监督…`` with a space at
every place the page wrapped it. Such a space is no word's and no lost
glyph's: the sentence runs across it, as across a wrapped line's break
(:func:`docfix.canon.soft_breaks`). :func:`wrap_spaces` finds them: single
spaces between Chinese characters that cut long lines into stretches of one
width.

>>> para = "一" * 40 + " " + "二" * 41 + " " + "三" * 39 + " " + "四" * 10 + "。"
>>> sorted(wrap_spaces(para + "\\n" + para))
[40, 82, 122, 175, 217, 257]
>>> wrap_spaces("推进教育 化建设，全面 升教育质量。")  # (pdftotext -raw's spaces: no width)
frozenset()
"""
from __future__ import annotations

import itertools
from collections import Counter
from typing import FrozenSet, List, Tuple

import regex

__all__ = ["wrap_spaces", "MIN_WIDTH", "SLACK", "SHARE", "SURE"]

#: the narrowest page width taken for one (glyphs: a column of body text holds 25 and more)
MIN_WIDTH = 25
#: a stretch within this many glyphs of the width is a full line
SLACK = 3
#: ... and this share of a text's stretches (3 at least) must be
SHARE = 0.5
#: joins in long paragraphs that make a text surely joined so (then every stretch of the width is one)
SURE = 10

#: one glyph however an extractor printed it: (cid:N), docling's GLYPH<...>, a character
_GLYPH = regex.compile(r"\(cid:\d{1,6}\)|GLYPH(?:<|&lt;)[^<>&\n]{1,90}(?:>|&gt;)|.", regex.S)
_MARKS = "，。、；：！？（）《》“”〔〕【】\ufffd"
_CHINESE = regex.compile(rf"[\p{{Han}}{_MARKS}]")
_ENDS = "。！？；"  # (a space after a sentence's end: a help text's style; the sentence ends there anyway)
#: a space :func:`_joins` counts (a quick first look for three of them)
_JOIN = regex.compile(rf"(?<=[\p{{Han}}{_MARKS}])(?<![{_ENDS}]) (?=[\p{{Han}}{_MARKS}])")


def _joins(text: str) -> List[Tuple[List[Tuple[int, int]], int]]:
    """Per line with single spaces between two Chinese characters: each
    such space's (offset, glyphs since the line's start or the last such
    space), and the glyphs after the last."""
    out: List[Tuple[List[Tuple[int, int]], int]] = []
    start = 0
    for line in text.split("\n"):
        if " " in line:
            run = 0
            here: List[Tuple[int, int]] = []
            for m in _GLYPH.finditer(line):
                i = m.start()
                if m.group() == " " and 0 < i < len(line) - 1 and _CHINESE.match(line, i - 1) \
                        and _CHINESE.match(line, i + 1) and line[i - 1] not in _ENDS:
                    here.append((start + i, run))
                    run = 0
                else:
                    run += 1
            if here:
                out.append((here, run))
        start += len(line) + 1
    return out


def wrap_spaces(text: str) -> FrozenSet[int]:
    """Offsets of the spaces that join a page's wrapped lines (see the module):
    each ends a stretch of the text's one width, and the stretch after it
    (to the next such space or the line's end) is no longer, on a line of
    two such stretches at least."""
    if " " not in text or len(list(itertools.islice(_JOIN.finditer(text), 3))) < 3:
        return frozenset()  # (most texts: no three spaces between Chinese characters)
    lines = _joins(text)
    runs = [n for here, _ in lines for _, n in here if n >= MIN_WIDTH]
    if len(runs) < 3:
        return frozenset()
    common = Counter(runs).most_common()
    width = max(common, key=lambda wn: sum(c for w, c in common if abs(w - wn[0]) <= SLACK))[0]
    plain = sorted(len(_GLYPH.findall(line.strip())) for line in text.split("\n") if " " not in line.strip())
    if len(plain) >= 3 and plain[int(0.8 * len(plain))] > width + SLACK:
        return frozenset()  # lines longer than the stretches: a page's lines, cut by lost glyphs' spaces (-raw)
    full, loose = [], []
    for here, last in lines:
        glyphs = sum(n + 1 for _, n in here) + last
        after = [n for _, n in here[1:]] + [last]
        cut = [o for (o, n), m in zip(here, after) if abs(n - width) <= SLACK and m <= width + SLACK]
        loose.extend(cut)
        if glyphs >= 2 * width and len(cut) >= 0.5 * (glyphs // (width + SLACK + 1)):
            full.extend(cut)  # (half a long paragraph's page lines cut so: by chance, a few; a page's line, as
            # pdftotext prints it, is no paragraph: its spaces are its own or lost glyphs')
    if len(full) < max(3, SHARE * len(runs)):
        return frozenset()
    # a text whose paragraphs were surely joined so: so were its paragraphs of two lines
    return frozenset(loose if len(full) >= SURE else full)

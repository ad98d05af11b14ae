"""Glyphs printed as ASCII digits in code-point output.

pypdf, PyMuPDF, pypdfium2 and docling print a glyph they cannot map as the
character whose code point is its glyph id. A subset font numbered by first
use gives a Chinese document's glyphs ids 1 to a few thousand, so glyphs 48
to 57 print as the digits 0 to 9: 5个工作日 lost 个 (glyph 51) and 工 (52)
and reads 534作日. :func:`docfix.traces.find` sees a digit alone among Han
characters (在9地政府, 区3强化), but not one that stands beside the text's own
digits (发现的13突出) or beside another such digit, and the text's own digits
are everywhere (2020年3月3日, 66103146). Once the traces it does see show
that the text is code-point output of low glyph ids (control characters,
glyphs 1-31), :func:`traces` looks at each digit that ends a run of digits
before a Han character: it is a glyph where one character in its place makes
the character model gain :data:`MIN_GAIN` log10 or more (个 in 发现的1?突出),
and each digit stands for one glyph in the whole document (the character
that wins most of its places). The trace reader then reads them with the
others (its confidence decides what is applied).

>>> _run_ends("后534作日，2020年3月3日，66103146，http://a.cn/x2018/")
[3, 10, 12, 14]
"""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import Dict, List, Sequence, Set, Tuple

import numpy as np

from .codepoints import _counting
from .shifted import basic_han, line_window, window_score
from .traces import Trace

__all__ = ["traces", "MIN_GAIN", "REACH", "TOP"]

#: log10 the character model must gain with the glyph in a digit's place
MIN_GAIN = 1.0
#: characters of context on either side that the character model scores
REACH = 5
#: glyphs per place the bigram screen passes on to the exact score
TOP = 20
#: looks at the digits (a glyph found may end another run)
ROUNDS = 2
#: characters either side of a digit where a glyph written rules it out (a mixed-font
#: document writes the glyph in the paragraphs set in an intact font)
NEAR = 150
#: share of a digit's places that its glyph must win (where the digits are the text's own, a
#: count's unit wins some places of every digit)
SHARE = 0.5
#: places scored against the whole vocabulary at a time (memory)
CHUNK = 256


#: what a digit's place takes where the digit is the text's own (5个 -> 五个)
_NUMERALS = frozenset("〇零一二三四五六七八九十两百千万亿几多余")



def _run_ends(text: str) -> List[int]:
    """Offsets of digits that end a run of ASCII digits right before a Han
    character, the run not inside an ASCII word (x2018/ is a file name)."""
    out = []
    for i in range(len(text) - 1):
        if "0" <= text[i] <= "9" and basic_han(text[i + 1]):
            j = i
            while j > 0 and "0" <= text[j - 1] <= "9":
                j -= 1
            if j == 0 or not (text[j - 1].isascii() and (text[j - 1].isalpha() or text[j - 1] in "/._-")):
                out.append(i)
    return out


def low_ids(found: Sequence[Trace]) -> bool:
    """Whether ``found`` shows code-point output of a subset's low glyph ids
    (control characters: glyphs 1-31), where a digit may be a glyph too."""
    return sum(1 for t in found if t.kind == "control") >= 2


def traces(text: str, found: Sequence[Trace], lm, screen) -> List[Trace]:
    """Digits of ``text`` that are glyphs: one :class:`docfix.traces.Trace`
    (kind ``codepoint``, keyed by the digit) per place where one character,
    the same for all places of the digit, makes the model gain
    :data:`MIN_GAIN`; [] where ``found`` shows no low glyph ids."""
    if not low_ids(found):
        return []
    taken: Set[int] = set()
    for t in found:
        taken.update(range(t.start, t.end))
    out: List[Trace] = []
    for _ in range(ROUNDS):
        # (a glyph found makes the digit before it end a run: 534作日 -> 53工作日 -> 5个工作日)
        more = _round(text, taken, lm, screen)
        if not more:
            break
        out.extend(more)
        chars = list(text)
        for t, g in more:
            chars[t.start] = g
            taken.add(t.start)
        text = "".join(chars)
    return sorted((t for t, _ in out), key=lambda t: t.start)


def _round(text: str, taken: Set[int], lm, screen) -> List[Tuple[Trace, str]]:
    """One look at the digits that end a run before a Han character: the
    traces found, each with the glyph that won its place."""
    sites: Dict[str, List[int]] = defaultdict(list)
    for i in _run_ends(text):
        if i not in taken and not _counting(text, i):  # (a number's own: 2个, 3月, 第3条)
            sites[text[i]].append(i)
    chars = screen.stats.chars_list
    vocab = np.arange(screen.V)
    picked: Dict[str, List[Tuple[float, str, List[int]]]] = defaultdict(list)  # glyph -> (share, digit, places)
    for d, at in sites.items():
        wins: Dict[str, List[int]] = defaultdict(list)
        gained: Counter = Counter()
        for c0 in range(0, len(at), CHUNK):  # (a grid of CHUNK places by the whole vocabulary at a time)
            part = at[c0:c0 + CHUNK]
            right = screen.logp_grid(vocab, screen.index([text[i + 1] for i in part]), transpose=True)
            both = screen.logp_grid(screen.index([text[i - 1] if i else "<s>" for i in part]), vocab) + right
            for row, row_r, i in zip(both, right, part):
                left_i, right_i = line_window(text, i, REACH)
                base = window_score(lm, left_i, text[i], right_i)  # (the digit's own score, once a place)
                # (the glyph's own bigrams: with the character after it alone too, since the
                # digit before it may be a glyph as well: 534作日 is 5个工作日)
                top = np.union1d(np.argpartition(-row, TOP)[:TOP], np.argpartition(-row_r, TOP)[:TOP])
                for k in top:
                    g = chars[int(k)]
                    if not (basic_han(g) or g in "，、。；：“”《》（）") or g in _NUMERALS \
                            or g in text[max(0, i - NEAR):i + NEAR]:  # (its glyph has a mapping where it is written)
                        continue
                    gain = window_score(lm, left_i, g, right_i) - base
                    if gain >= MIN_GAIN:
                        wins[g].append(i)
                        gained[g] += gain
        if wins:
            g = max(wins, key=lambda c: (len(wins[c]), gained[c]))
            if len(wins[g]) >= SHARE * len(at):  # (a table's counts: 个 wins a third of every digit's places)
                picked[g].append((len(wins[g]) / len(at), d, wins[g]))
    # one glyph prints as one digit: a glyph that wins two digits' places wins neither's
    return [(Trace(i, i + 1, ("char", d), "codepoint"), g)
            for g, found in picked.items() if len(found) == 1 for _, d, places in found for i in places]


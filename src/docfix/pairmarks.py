"""Paired marks a broken font lost: one side of a pair the text never writes.

The silent-drop engine restores Han characters, digits and letters, never
punctuation: a mark's gap rarely tells which mark, or that one is missing.
A pair is different. A font that lost ``”`` leaves every ``“`` of the text
unclosed (关于印发《“十四五省级矿产资源规划》); a clean text closes what
it opens. Where the text writes one side of a pair :data:`UNPAIRED_MIN`
times or more and the other side never (in either width), each unpaired
mark is closed (or opened) where the character model likes the mark best
between it and the next mark of its kind, the line's end or the end of its
sentence (:data:`REACH` characters at most, each costing
:data:`LENGTH_COST`). The confidence is calibrated from the model's share of
that place among all the places it could go (:func:`confidence`).

>>> unpaired("关于印发《“十四五省级矿产资源规划》的通知，按照“十四五部署")
[('“', '”', True)]
"""
from __future__ import annotations

import math
from typing import AbstractSet, Any, List, Optional, Sequence, Tuple

import regex

from . import canon
from .result import Edit

__all__ = ["restorations", "for_input", "PAIRS", "unpaired"]

#: (openers, closers): the first of each is the full-width mark restored
#: (not ‘’: ’ is an apostrophe too, ’97赛季, don’t)
#: (an ASCII " closes “ and opens ”: “十四五"规划)
PAIRS: Tuple[Tuple[str, str], ...] = (("“\"", "”\""), ("《", "》"), ("（(", "）)"), ("〔", "〕"), ("【", "】"))
UNPAIRED_MIN = 2  # unpaired marks of one kind that show its other side lost
REACH = 60  # characters between a mark and the place of its lost other side, at most
LOST_PRIOR = 0.95  # probability that the other side was lost, given the text never writes it
#: log10 cost of each character between a mark and its other side: what they
#: enclose is short (电话：（010）, 你市（县）; clean tune-half documents with one
#: side of a pair deleted everywhere, applied at 0.6: 476 / 28 right / wrong
#: without, 491 / 22 at 0.05, 495 / 16 at 0.1, 490 / 54 at 0.15)
LENGTH_COST = 0.1
#: The model's share of the best place (softmax of the places' log10 gains,
#: less :data:`LENGTH_COST`) overstates how often it is the right one: a
#: logistic of its log-odds, fitted on those tune-half documents (1,300 marks;
#: test half, 1,878: 805 right / 43 wrong at 0.6, 698 / 11 at 0.8); times
#: :data:`LOST_PRIOR`
CALIBRATION = (-1.137, 1.021)
REASON = "paired mark: "  # every reason of these restorations starts so


def unpaired(text: str) -> List[Tuple[str, str, bool]]:
    """The pairs whose one side the text never writes: (mark written, mark
    lost, the lost one closes).

    >>> unpaired("印发《“十四五规划》，按照“十四五部署")
    [('“', '”', True)]
    >>> unpaired("（一)总则，（二)附则"), unpaired("“甲“，“乙“")  # ASCII closers; “ used for both sides
    ([], [])

    Half-width parentheses the text pairs among themselves are its own
    (网址：(此件公开)), not the other side of its full-width ones:

    >>> unpaired("(此件公开)电话：010）6655，传真：010）6656")
    [('）', '（', False)]
    >>> unpaired('落实“十四五"规划，推动“双减"政策')  # an ASCII " closes
    []
    """
    out = []
    for opens, closes in PAIRS:
        n_open = sum(text.count(c) for c in opens)
        n_close = sum(text.count(c) for c in closes)
        if len(opens) > 1 and opens[1] != closes[1] and text.count(opens[1]) == text.count(closes[1]):
            n_open, n_close = text.count(opens[0]), text.count(closes[0])
        if n_close == 0 and n_open >= UNPAIRED_MIN and not (opens[0] == "“" and _both_sides(text, opens[0])):
            out.append((opens[0], closes[0], True))
        elif n_open == 0 and _closers(text, closes[0]) >= UNPAIRED_MIN and not (closes[0] == "”" and _both_sides(text, closes[0])):
            out.append((closes[0], opens[0], False))
    return out


def _closers(text: str, mark: str) -> int:
    """How many times the text writes the closing ``mark`` other than after a
    list item's number (1）加强管理, 2》停车场: a list's marks need no opener).

    >>> _closers("1）加强管理；2）完善制度；电话：010）6655", "）")
    1
    """
    return sum(1 for i, c in enumerate(text) if c == mark and not _LIST_ITEM.search(text, max(0, i - 4), i))


_LIST_ITEM = regex.compile(r"(?:^|(?<=[\s，。；：、！？]))(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3}|[a-zA-Z])$", regex.M)


def _both_sides(text: str, mark: str) -> bool:
    """Whether the text writes the quotation mark ``mark`` on both sides of
    what it encloses: its marks come two by two, a term between them (“甲“，“乙“).

    >>> _both_sides("“甲“，“乙“", "“"), _both_sides("印发《“十四五规划》，按照“十四五部署", "“")
    (True, False)
    """
    at = [i for i, c in enumerate(text) if c == mark]
    twice = sum(1 for a, b in zip(at[::2], at[1::2]) if b - a <= BOTH_REACH and not _MARKS.intersection(text[a + 1:b]))
    return len(at) % 2 == 0 and twice * 2 > len(at) // 2


_YEAR = regex.compile(r"(?:19|20)\d\d")
#: a Chinese area code (010 and 02x have three digits, the others four) glued to its number, and one
#: that ends where its closing bracket stood (0392）2212345)
_AREA_CODE = regex.compile(r"(?:010|02\d|0[3-9]\d\d)(?=\d{7,8}(?!\d))")
_AREA_CODE_BEFORE = regex.compile(r"(?<![\d-])(?:010|02\d|0[3-9]\d\d)$")
BOTH_REACH = 20  # ... two of them this near, nothing but words between, enclose one term
_MARKS = frozenset("，。、；：！？《》（）\n")


def confidence(p: float) -> float:
    """The calibrated confidence of a place the model gives share ``p``.

    >>> [round(confidence(p), 2) for p in (0.5, 0.9, 0.99, 0.999)]
    [0.23, 0.44, 0.68, 0.83]
    """
    p = min(max(p, 1e-9), 1 - 1e-9)
    a, b = CALIBRATION
    return LOST_PRIOR / (1.0 + math.exp(-(a + b * math.log10(p / (1 - p)))))


def _places(text: str, i: int, mark: str, closes: bool) -> List[int]:
    """Offsets where the lost side of the mark at ``i`` may go."""
    n = len(text)
    if mark == "〔" and _YEAR.match(text, i + 1):
        return [i + 5]  # a document number's year: 国发〔2019〕158号
    if mark == "〕" and i >= 4 and _YEAR.match(text, i - 4):
        return [i - 4]
    if mark == "（" and (m := _AREA_CODE.match(text, i + 1)):
        return [m.end()]  # a telephone number's area code: （010）66556826
    if mark == "）" and (m := _AREA_CODE_BEFORE.search(text, max(0, i - 5), i)):
        return [m.start()]
    out = []
    step = 1 if closes else -1
    j = i + 1 if closes else i
    while 0 <= j <= n and abs(j - i) <= REACH:
        if j != (i + 1 if closes else i) and (mark in "〔〕" or not _inside_word(text, j)):  # (“”; CO（2）; 〔2019〕158号)
            out.append(j)
        stop = j if closes else j - 1  # the character the mark would pass next
        if not 0 <= stop < n or text[stop] in "\r\n" or text[stop] == mark or text[stop] in canon.SENT_END:
            break  # (a closer after 。: the model likes 。” where the sentence quoted nothing)
        j += step
    return out


def _inside_word(text: str, j: int) -> bool:
    """Whether offset ``j`` splits a run of ASCII letters and digits (CO2, 010)."""
    return 0 < j < len(text) and text[j - 1].isascii() and text[j - 1].isalnum() and text[j].isascii() and text[j].isalnum()


def restorations(text: str, lm: Any, threshold: float, regions: Sequence[Tuple[int, int]] = (),
                 pairs: Optional[List[Tuple[str, str, bool]]] = None) -> List[Edit]:
    """Each unpaired mark's lost other side, at its likeliest place
    (``pairs``: :func:`unpaired` of ``text``, where the caller has it)."""
    out: List[Edit] = []
    for mark, lost, closes in unpaired(text) if pairs is None else pairs:
        n_marks = text.count(mark)
        for i, c in enumerate(text):
            if c != mark or not any(canon.is_han(h) for h in text[max(0, i - 6):i + 7]):
                continue  # (a mark among Chinese only: an English sentence's are its own)
            if not closes and _LIST_ITEM.search(text, max(0, i - 4), i):
                continue  # (1）加强管理: a list item's number)
            places = [j for j in _places(text, i, mark, closes) if not any(a < j < b for a, b in regions)]
            if not places:
                continue
            a, b = max(0, min(places) - 8), min(len(text), max(places) + 8)
            toks, pos = canon.unit_tokens(text, a, b)
            k_of = {p: k for k, p in enumerate(pos)}
            k_of.setdefault(b, len(toks))
            u = lm.unit(toks)
            scored = [(lm.insertion_gain(u, k_of[j], [canon.fold_char(lost)]) - LENGTH_COST * abs(j - i), j)
                      for j in places if j in k_of]
            if not scored:
                continue
            top = max(g for g, _ in scored)
            score, j = max(scored)
            conf = round(confidence(1.0 / sum(10 ** (g - top) for g, _ in scored)), 4)
            out.append(Edit(j, lost, conf, conf >= threshold, [("", round(1 - conf, 4))],
                            REASON + f"the text writes {mark} {n_marks} times and {lost} never; the model likes {lost} "
                            f"here best of {len(scored)} places ({score:+.1f})"))
    out.sort(key=lambda e: e.offset)
    return out


def for_input(known: Any, lm: Any, threshold: float, others: Sequence[Edit] = (),
              kinds: AbstractSet[str] = frozenset()) -> List[Edit]:
    """:func:`restorations` of the text with its traces read (``known.filled``,
    :func:`docfix.engine.passes.read_known`), with offsets into the input;
    none inside a trace, none where ``others`` apply an edit (two insertions
    at one offset have no order), none inside markup or an address; none where the
    extractor printed a trace for its lost glyphs (``kinds``, the kinds of
    trace the repair found: any but pdftotext's spaces and breaks)."""
    from .protect import spans

    pairs = [] if kinds - {"space", "break"} or threshold == math.inf else unpaired(known.filled)
    if not pairs:
        return []  # (an extractor that marks its losses, (cid:N), U+FFFD, marked this one's too)
    taken = {e.offset for e in others if e.applied} | {e.end for e in others if e.applied}
    return [e for e in known.carry(restorations(known.filled, lm, threshold, spans(known.filled), pairs))
            if e.offset not in taken]

"""Digit runs: number contexts and the plausibility of the number a digit
run makes with inserts in place (years, percentages, months and days, round
numbers, ranges, sums, list numbers, contents-page numbers).
"""
from __future__ import annotations

import re
from typing import Dict, FrozenSet, List, Mapping, Optional, Tuple

from ..detect import is_han
from ._common import _DIGITS, _run
from .enumerators import _ENUM_EMPTY, _ENUM_MATCH, _ENUM_MISS, _enumerator_at, _explains
from .sums import _sum_check
from .toc import _toc_page, _toc_pages
from .years import _YEAR_BONUS, YEAR_MAX, YEAR_MIN, Years, document_years

_NUM_AFTER = frozenset("年月日号%％.．余万亿千百个名所项次倍元岁届期条章节家人户件座篇份位周天小分秒多—-~～、）)")
_NUM_BEFORE = frozenset("第约近超达共占为至到、（(—-~～.．年月")


def is_number_context(text: str, off: int) -> bool:
    """Whether a gap at ``off`` could hide digits (next to digits or number words).

    >>> is_number_context("增长%", 2), is_number_context("总则......1", 5)
    (True, False)
    """
    left = text[off - 1] if off > 0 else "\n"
    right = text[off] if off < len(text) else "\n"
    if left in _DIGITS or right in _DIGITS:
        return True
    if off in _toc_pages(text):
        return True  # a contents entry whose page number is lost
    if left in _DOTS and right in _DOTS:
        return False  # inside dot leaders or an ellipsis (第一章 总则 ……… 1)
    if right in _NUM_AFTER or left in _NUM_BEFORE:
        return True
    return left == "\n" and right in ".．、"


_DASHES = frozenset("—-~～–")
_DOTS = ".．…"  # dot leaders and ellipses
_IN_LEADERS = -3.0  # log10: a number inside a run of dots (contents leaders, an ellipsis)


#: log10 plausibility of "word, digits, point, word" with no digit after the
#: point ("信息化2.行动"): in the corpus and the clean seeds, 0 of 2,767
#: points between a Han/Latin letter and a digit run are followed by a Han
#: character instead of a digit (log10 1/2767 = -3.4). List markers ("：1.捕捞船")
#: follow punctuation, not a word, and are not matched.
_DANGLING_POINT = -3.4


def _is_word_char(c: str) -> bool:
    return is_han(c) or (c.isascii() and c.isalpha())


#: characters either side searched for a run-in list's next or previous item
_RUN_IN_REACH = 150


def _run_in_item(text: str, a: int, point: int) -> bool:
    """Whether the number ``text[a:point]`` before a point is an item of a
    list run into the text ("附件1.排污许可…2.…", "许可证2.田湾核电站…3."):
    it is 1, or the next or previous number with a point follows or
    precedes within :data:`_RUN_IN_REACH` characters. Such lists are common
    in notices whose line breaks were lost (811 of policy_docs' 834 points
    between a word and a number, then a word), not in the training corpus.

    >>> _run_in_item("说明2.田湾核电站3.名单", 2, 3), _run_in_item("信息化2.行动", 3, 4)
    (True, False)
    """
    try:
        v = int(text[a:point])
    except ValueError:
        return False
    if v == 1:
        return True
    after = re.search(rf"(?<![0-9.．]){v + 1}[.．]", text[point + 1:point + 1 + _RUN_IN_REACH])
    before = re.search(rf"(?<![0-9.．]){v - 1}[.．]", text[max(0, a - _RUN_IN_REACH):a])
    return bool(after or before)


def _empty_gap(text: str, off: int) -> float:
    """log10 plausibility of leaving a gap with no digit on either side empty.

    Some punctuation demands a number: a range dash with a number on one
    side only ("开发—2个"), a list marker at the start of a line (".2022年度"),
    a decimal point with nothing after it ("2.行动"), a bare percent sign.
    """
    left = text[off - 1] if off > 0 else "\n"
    right = text[off] if off < len(text) else "\n"
    right2 = text[off + 1] if off + 1 < len(text) else "\n"
    if right in _DASHES and right2 in _DIGITS and left not in _DIGITS:
        return -1.5
    if left == "\n" and right in ".．、" and right2 not in ".．":
        return -2.0
    if left in ".．" and off >= 2 and text[off - 2] in _DIGITS and right not in _DIGITS:
        a, _ = _run(text, off - 1)
        before = text[a - 1] if a > 0 else "\n"
        if _is_word_char(before) and _is_word_char(right):
            if _run_in_item(text, a, off - 1):
                return 0.0  # a list run into the text: "附件1.排污许可…2.…"
            # "信息化2.行动": a point between a word and a number, then a word
            return _DANGLING_POINT
        return -2.0
    if right in "%％":
        return -2.0
    return 0.0


_LIST_RE = re.compile(r"([0-9]+)[.．、]")


def _list_number(text: str, a: int, b: int, value: int) -> float:
    """Items of a numbered list count up: compare with the neighbouring lines.

    >>> t = "1.甲\\n2.乙\\n.丙\\n4.丁"
    >>> _list_number(t, 8, 8, 3) > 0 > _list_number(t, 8, 8, 5)
    True
    """
    prev_end = a - 1
    prev_start = text.rfind("\n", 0, max(prev_end, 0)) + 1 if prev_end > 0 else -1
    m_prev = _LIST_RE.match(text, prev_start) if prev_start >= 0 else None
    nl = text.find("\n", b)
    m_next = _LIST_RE.match(text, nl + 1) if nl >= 0 else None
    expect = set()
    if m_prev:
        expect.add(int(m_prev.group(1)) + 1)
    if m_next:
        expect.add(int(m_next.group(1)) - 1)
    if not expect:
        return 0.0
    return 1.0 if value in expect else -0.5


def _list_sequence(text: str, a: int, num: str, lost: FrozenSet[str]) -> Optional[float]:
    """Score of the list number ``num`` whose digits start at ``a`` against the
    counted list it belongs to (:func:`_sequences`, digits), or None when it
    belongs to none. Unlike :func:`_list_number`, it sees through a font that
    lost 1 everywhere ("1." "2." … "10." "11." read "." "2." … "0." ".").

    >>> t = "1.甲\\n2.乙\\n3.丙\\n4.丁\\n5.戊\\n6.己\\n7.庚\\n8.辛\\n9.壬\\n0.癸\\n.子\\n2.丑"
    >>> t = t.replace("1", "")
    >>> a = t.index("0.癸")
    >>> _list_sequence(t, a, "10", frozenset("1")) > 0 > _list_sequence(t, a, "20", frozenset("1"))
    True
    """
    hit = _enumerator_at(text, a, lost, "ar")
    if hit is None:
        return None
    _, have, want = hit
    if want is None:
        return 0.0  # counted, but its number is open: the neighbour rule would be fooled
    if num == want:
        return _ENUM_MATCH
    if not num:
        return _ENUM_EMPTY
    # the digits of one number are judged together (run_plausibility), so
    # a part of the expected number earns nothing
    return 0.0 if _explains(num, want, lost) else _ENUM_MISS


def _after_list_marker(text: str, dot: int) -> bool:
    """Whether the "." at ``dot`` ends a list number at the start of a line."""
    j = dot
    while j > 0 and text[j - 1] in _DIGITS:
        j -= 1
    # "2.2022年度" and, with the list number itself lost, ".2022年度"
    return j == 0 or text[j - 1] == "\n"


def plausibility(
    text: str, off: int, ins: str, *, years: Optional[Years] = None, lost: FrozenSet[str] = frozenset()
) -> float:
    """log10 plausibility of inserting ``ins`` at ``off`` as a number.

    0 for inserts without digits. Negative for numbers that cannot be what
    the context says (a year 2202, a 130 %, a 13th month), positive for
    numbers the document itself confirms. ``ins=""`` rates the number as it
    stands, so options are compared against leaving the gap empty.

    >>> plausibility("222年", 1, "") < 0 < plausibility("222年", 1, "0")
    True
    >>> plausibility("2.222年度", 3, "0") > 0   # list item 2, year 2022
    True
    >>> t = "2018年12月19日。苏核发〔201〕52号"   # a document number's year in its brackets
    >>> plausibility(t, 19, "8") > 0 > plausibility(t, 18, "8")
    True
    >>> plausibility("开发—2个", 2, "") < 0 and plausibility("信息化2.行动", 5, "") < 0
    True
    >>> t = "电话：（1）66556826，邮编：1035"   # an area code, a postcode
    >>> run_plausibility(t, {4: "0", 5: "0"}, anchor=4) > 0 > plausibility(t, 4, "0")
    True
    >>> plausibility(t, 20, "00") > 0 > plausibility(t, 20, "0")
    True
    """
    if ins and _DIGITS.isdisjoint(ins):
        return 0.0
    return run_plausibility(text, {off: ins} if ins else {}, anchor=off, years=years, lost=lost)


def run_bounds(text: str, off: int) -> Tuple[int, int]:
    """The digit run around gap ``off`` as ``(start, end)`` (may be empty).

    >>> run_bounds("第222年", 2)
    (1, 4)
    """
    return _run(text, off)


def run_plausibility(
    text: str,
    inserts: Dict[int, str],
    *,
    anchor: int,
    years: Optional[Years] = None,
    lost: FrozenSet[str] = frozenset(),
) -> float:
    """log10 plausibility of the number formed by the digit run around
    ``anchor`` with all ``inserts`` (offset -> digits) of that run in place.

    Several gaps of one number are judged together: "2{0}2{1}年" is the
    year 2021, although neither insert alone makes a year.

    >>> run_plausibility("22年", {1: "0", 2: "1"}, anchor=1) > run_plausibility("22年", {1: "0"}, anchor=1)
    True
    """
    if not all(_DIGITS.issuperset(ins) for ins in inserts.values()):  # (an ASCII digit is a digit)
        return -1.0
    a, b = _run(text, anchor)
    if a == b and not inserts:
        toc = _toc_page(text, a, b, None)
        return toc if toc is not None else _empty_gap(text, anchor)
    if len(inserts) == 1 and anchor in inserts:  # (a <= anchor <= b)
        num = text[a:anchor] + inserts[anchor] + text[anchor:b]
    else:
        parts: List[str] = []
        last = a
        for o in sorted(inserts):
            if o < a or o > b:
                continue
            parts.append(text[last:o])
            parts.append(inserts[o])
            last = o
        parts.append(text[last:b])
        num = "".join(parts)
    fixed = _fixed(text, a, b)
    return fixed if fixed is not None else _rate(text, a, b, num, years, lost)


def plausibilities(
    text: str, off: int, inss: List[str], *, years: Optional[Years] = None, lost: FrozenSet[str] = frozenset()
) -> List[float]:
    """``[plausibility(text, off, ins, ...) for ins in inss]``: the digit run
    around ``off`` and what it sits in read once for all of them."""
    out: List[float] = []
    a = b = -1
    fixed: Optional[float] = None
    for ins in inss:
        if not ins or not _DIGITS.issuperset(ins):
            out.append(plausibility(text, off, ins, years=years, lost=lost))
            continue
        if a < 0:
            a, b = _run(text, off)
            fixed = _fixed(text, a, b)
        out.append(fixed if fixed is not None else _rate(text, a, b, text[a:off] + ins + text[off:b], years, lost))
    return out


def _fixed(text: str, a: int, b: int) -> Optional[float]:
    """:func:`run_plausibility` of the run ``a..b`` whatever its digits, where
    what it sits in decides that (dot leaders, a decimal part); else None."""
    nxt = text[b] if b < len(text) else ""
    prv = text[a - 1] if a > 0 else "\n"
    if prv in _DOTS and nxt in _DOTS and ((a >= 2 and text[a - 2] in _DOTS) or text[b + 1:b + 2] in tuple(_DOTS)):
        return _IN_LEADERS  # a digit inside dot leaders or an ellipsis: 总则 ....4.... 1
    # a decimal part or a version number: anything goes; but "2.2022年"
    # at the start of a line is list item 2 followed by a year
    if prv in ".．" and not _after_list_marker(text, a - 1):
        return 0.0
    return None


_PHONE_AFTER = re.compile(r"[0-9]{7,8}(?![0-9])")
_POSTCODE_BEFORE = re.compile(r"(?:邮编|邮政编码)[：:\s]*$")


def _rate(text: str, a: int, b: int, num: str, years: Optional[Years], lost: FrozenSet[str]) -> float:
    """:func:`run_plausibility` of the number ``num`` at the run ``a..b`` (not :func:`_fixed`)."""
    nxt = text[b] if b < len(text) else ""
    nxt2 = text[b:b + 2]
    score = 0.0
    if nxt in "）)" and a > 0 and text[a - 1] in "（(" and _PHONE_AFTER.match(text, b + 1):
        # a telephone number's area code (（010）66556826): 0 and two or three digits
        return 0.5 if num[0] == "0" and len(num) in (3, 4) else -2.0
    if _POSTCODE_BEFORE.search(text, max(0, a - 6), a):
        return 0.5 if len(num) == 6 else -2.0  # a postcode (邮编：100035) has six digits
    if len(num) > 1 and num[0] == "0":
        score -= 1.5  # leading zero
    listed = _list_sequence(text, a, num, lost) if nxt in ".．、）)" and lost else None
    if listed is not None:
        score += listed
    elif nxt in ".．、" and (a == 0 or text[a - 1] == "\n") and num.isdigit():
        score += _list_number(text, a, b, int(num))
    value = int(num) if len(num) <= 12 else None
    if value is None:
        return score - 2.0
    toc = _toc_page(text, a, b, value)
    if toc is not None:
        return score + toc
    score += _sum_check(text, a, b, value)
    # a year, or a document number's year in its brackets (环发〔2018〕52号)
    if (nxt == "年" and nxt2 != "年级") or (nxt in "〕﹞" and a > 0 and text[a - 1] in "〔﹝"):
        if len(num) == 4:
            if YEAR_MIN <= value <= YEAR_MAX:
                score += 0.5
                ys = years if years is not None else document_years(text)
                if value in ys:
                    score += ys[value] if isinstance(ys, Mapping) else _YEAR_BONUS
            else:
                score -= 3.0
        elif len(num) > 4:
            score -= 3.0
        elif len(num) == 3:
            score -= 1.0
    elif nxt in "%％":
        if value > 100:
            score -= 3.0
        elif value == 100:
            score += 0.3
    elif nxt == "月":
        if not 1 <= value <= 12:
            score -= 3.0
    elif nxt in "日号":
        if not 1 <= value <= 31:
            score -= 2.0
    elif nxt == "余" or nxt2 in ("多万", "多个", "多名", "多所"):
        if value >= 10 and value % 10 != 0:
            score -= 1.0
    score += _range_order(text, a, b, value)
    if len(num) > 6:
        score -= 1.0
    return score


_RANGE_UP = 0.3  # log10 bonus of a range that goes up ("1—2个") ...
_RANGE_DOWN = -0.5  # ... and penalty of one that goes down ("3—2个")


def _range_order(text: str, a: int, b: int, value: int) -> float:
    """Ranges go up: "1—2个", "3-5年". Compare the number in ``text[a:b]`` (of
    ``value``) with the number on the other side of a range dash. The other
    number may have lost digits too, so this is a mild preference.

    >>> t = "建成—2门"
    >>> _range_order(t, 2, 2, 1) > 0 > _range_order(t, 2, 2, 3)
    True
    >>> t = "1—门"
    >>> _range_order(t, 2, 2, 2) > 0 > _range_order(t, 2, 2, 0)
    True
    """
    if b + 1 < len(text) and text[b] in _DASHES and text[b + 1] in _DIGITS:
        c, d = _run(text, b + 1)
        other = int(text[c:d]) if d - c <= 12 else None
        if other is not None:
            return _RANGE_UP if value < other else _RANGE_DOWN
    if a >= 2 and text[a - 1] in _DASHES and text[a - 2] in _DIGITS:
        c, d = _run(text, a - 2)
        other = int(text[c:d]) if d - c <= 12 else None
        if other is not None:
            return _RANGE_UP if value > other else _RANGE_DOWN
    return 0.0

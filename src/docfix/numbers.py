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

>>> plausibility("222年工作", 1, "0") > plausibility("222年工作", 2, "0")
True
>>> plausibility("覆盖率%", 3, "100") > plausibility("覆盖率%", 3, "1000")
True
"""
from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Dict, FrozenSet, List, Mapping, Optional, Set, Tuple, Union

from .detect import is_han

#: Years the document is about: a set (each counts ``_YEAR_BONUS``) or a
#: mapping from year to its log10 bonus (:func:`year_context`).
Years = Union[FrozenSet[int], Mapping[int, float]]

__all__ = [
    "is_number_context",
    "plausibility",
    "run_plausibility",
    "run_bounds",
    "document_years",
    "year_context",
    "toc_entries",
    "TOC_MIN_PAGES",
    "cn_numeral",
    "cn_write",
    "numeral_plausibility",
    "enumerator_inserts",
    "sequence_losses",
    "CN_NUMERAL_CHARS",
]

_NUM_AFTER = frozenset("年月日号%％.．余万亿千百个名所项次倍元岁届期条章节家人户件座篇份位周天小分秒多—-~～、）)")
_NUM_BEFORE = frozenset("第约近超达共占为至到、（(—-~～.．年月")
_DIGITS = frozenset("0123456789")
_YEAR_RE = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(?=年)")

YEAR_MIN = 1900
YEAR_MAX = 2060


def is_number_context(text: str, off: int) -> bool:
    """Whether a gap at ``off`` could hide digits (next to digits or number words)."""
    left = text[off - 1] if off > 0 else "\n"
    right = text[off] if off < len(text) else "\n"
    if left in _DIGITS or right in _DIGITS:
        return True
    if off in _toc_pages(text):
        return True  # a contents entry whose page number is lost
    if right in _NUM_AFTER or left in _NUM_BEFORE:
        return True
    return left == "\n" and right in ".．、"


def _run(text: str, off: int):
    a = off
    while a > 0 and text[a - 1] in _DIGITS:
        a -= 1
    b = off
    while b < len(text) and text[b] in _DIGITS:
        b += 1
    return a, b


@lru_cache(maxsize=8)
def document_years(text: str) -> FrozenSet[int]:
    """Four-digit years (followed by 年) written intact in the document."""
    return frozenset(int(m.group(1)) for m in _YEAR_RE.finditer(text))


_DASHES = frozenset("—-~～–")


_YEAR_RUN_RE = re.compile(r"(?<![0-9.])([0-9]{1,4})(?=年)")


_YEAR_BONUS = 0.5  # log10 bonus of a year the document writes intact

#: log10 bonus of a year by its distance from the year the document's damaged
#: dates vote for. Measured on the work reports (150-line chunks, years
#: relative to the chunk's most frequent year): the year itself 41.5 % of
#: mentions, one year before or after 11.2 % each, two before 2.1 %, two
#: after 4.2 %. Bonus = 1.9 + log10(share / 0.415), where 1.9 is the log10
#: ratio of the year itself to any single other year.
_YEAR_SHARE = {0: 0.415, -1: 0.112, 1: 0.112, 2: 0.042, -2: 0.021}
_YEAR_OFFSET_BONUS = {d: 1.9 + math.log10(share / _YEAR_SHARE[0]) for d, share in _YEAR_SHARE.items()}


def year_context(text: str, lost_digits: str) -> Dict[int, float]:
    """Years this document is about, each with a log10 bonus: those written
    intact, and those near the year its damaged dates most plausibly
    restore to.

    Every digit run before 年 that is too short for a year is completed with
    the lost digits in all ways that give a year in range; each completion
    gets an equal share of a vote. The winner gets the largest bonus, the
    years next to it ("去年", plans for next year) less, by how often work
    reports mention them (``_YEAR_OFFSET_BONUS``).

    >>> ys = year_context("222年工作。222年计划。22年总结。", "01")
    >>> sorted(ys)
    [2020, 2021, 2022, 2023, 2024]
    >>> ys[2022] > ys[2021] > ys[2020]
    True
    """
    years = {y: _YEAR_BONUS for y in document_years(text)}
    if lost_digits:
        votes: Dict[int, float] = {}
        for m in _YEAR_RUN_RE.finditer(text):
            run = m.group(1)
            if len(run) >= 4:
                continue
            comps = {int(c) for c in _completions(run, lost_digits, 4 - len(run))}
            comps = {y for y in comps if YEAR_MIN <= y <= YEAR_MAX}
            for y in comps:
                votes[y] = votes.get(y, 0.0) + 1.0 / len(comps)
        if votes:
            best = max(votes.items(), key=lambda kv: (kv[1], kv[0]))[0]
            for d, bonus in _YEAR_OFFSET_BONUS.items():
                years[best + d] = max(years.get(best + d, 0.0), bonus)
    return years


def _completions(run: str, digits: str, n: int) -> Set[str]:
    """All strings made by inserting ``n`` characters of ``digits`` into ``run``."""
    out = {run}
    for _ in range(n):
        out = {s[:i] + d + s[i:] for s in out for i in range(len(s) + 1) for d in digits}
    return {s for s in out if s[0] != "0"}


#: log10 plausibility of "word, digits, point, word" with no digit after the
#: point ("信息化2.行动"): in the corpus and the clean seeds, 0 of 2,767
#: points between a Han/Latin letter and a digit run are followed by a Han
#: character instead of a digit (log10 1/2767 = -3.4). List markers ("：1.捕捞船")
#: follow punctuation, not a word, and are not matched.
_DANGLING_POINT = -3.4


def _is_word_char(c: str) -> bool:
    return is_han(c) or (c.isascii() and c.isalpha())


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
            # "信息化2.行动": a point between a word and a number, then a word
            return _DANGLING_POINT
        return -2.0
    if right in "%％":
        return -2.0
    return 0.0


_LIST_RE = re.compile(r"([0-9]+)[.．、]")
_PAGE_RE = re.compile(r"([0-9]*)[ \t\u3000]*$")
_TOC_HEADING = re.compile(r"^[\s\u3000]*(目\s*录|目\s*次|contents)[\s\u3000]*$", re.I)
_TOC_LINE_MAX = 60  # characters; longer lines are prose, not contents entries
TOC_MIN_PAGES = 3  # a contents block has at least this many page numbers ...
_TOC_MONOTONE = 0.6  # ... most of them (this share of neighbours) in ascending order
_TOC_NUMBERED = 0.6  # ... and this share of its entries numbered
_TOC_NO_PAGE = -4.0  # an entry without a page number in a block where the others have one


def _page(digits: str) -> Optional[int]:
    return int(digits) if digits and len(digits) <= 4 else None


@lru_cache(maxsize=4)
def _toc_blocks(text: str) -> Tuple[Tuple[Tuple[int, str], ...], ...]:
    """The document's contents blocks: per entry, the offset where its page
    number starts (or would start, when it is lost entirely) and the digits
    written there.

    A contents block is a run of short lines without sentence punctuation at
    the end, at least ``TOC_MIN_PAGES`` of them ending in a page number,
    and the page numbers mostly ascending (damage makes some descend).
    """
    entries: List[Tuple[int, str]] = []
    blocks: List[List[Tuple[int, str]]] = []
    pos = 0
    for line in text.split("\n"):
        start, pos = pos, pos + len(line) + 1
        body = line.rstrip(" \t\u3000\r")
        if (
            2 <= len(body) <= _TOC_LINE_MAX
            and body[-1] not in "。；;：:，,！？!?）)"
            and any("\u4e00" <= c <= "\u9fff" for c in body)  # a title, not a bare "1."
            and not _TOC_HEADING.match(body)
        ):
            m = _PAGE_RE.search(body)
            digits = m.group(1)
            if len(digits) < len(body):
                entries.append((start + m.start(1), digits))
                continue
        if entries:
            blocks.append(entries)
        entries = []
    if entries:
        blocks.append(entries)
    out = []
    for block in blocks:
        # a contents block ends with a numbered entry: the short lines after
        # it (the document's title, its author) are no entries
        while block and _page(block[-1][1]) is None:
            block = block[:-1]
        pages = [p for p in (_page(d) for _, d in block) if p is not None]
        if len(pages) < TOC_MIN_PAGES:
            continue
        ups = sum(1 for x, y in zip(pages, pages[1:]) if y >= x)
        if ups < _TOC_MONOTONE * (len(pages) - 1) or len(pages) < _TOC_NUMBERED * len(block):
            continue
        out.append(tuple(block))
    return tuple(out)


@lru_cache(maxsize=4)
def _toc_pages(text: str) -> Dict[int, Tuple[Optional[int], Optional[int]]]:
    """Contents entries (:func:`_toc_blocks`) and the page range their number
    must lie in: the pages of the nearest numbered entries before and after
    (None at the ends of the block).

    >>> t = "目录\\n一、总则1\\n二、规划\\n三、实施9\\n四、保障12\\n实施方案\\n正文开始。"
    >>> sorted(_toc_pages(t).items())
    [(7, (None, 9)), (13, (1, 9)), (18, (1, 12)), (24, (9, None))]
    """
    out: Dict[int, Tuple[Optional[int], Optional[int]]] = {}
    for block in _toc_blocks(text):
        pages = [_page(d) for _, d in block]
        # bounds come from the page numbers that ascend together (the longest
        # non-decreasing run); a damaged "3" between 26 and 36 bounds nothing
        numbered = [p for p in pages if p is not None]
        trusted = _ascending(numbered)
        k = 0
        marks: List[Optional[int]] = []
        for p in pages:
            if p is None:
                marks.append(None)
            else:
                marks.append(p if k in trusted else None)
                k += 1
        for i, (off, _) in enumerate(block):
            lo = next((p for p in reversed(marks[:i]) if p is not None), None)
            hi = next((p for p in marks[i + 1:] if p is not None), None)
            out[off] = (lo, hi)
    return out


def _ascending(values: List[int]) -> Set[int]:
    """Indices of a longest non-decreasing subsequence of ``values``.

    >>> sorted(_ascending([4, 6, 26, 3, 36, 4, 44]))
    [0, 1, 2, 4, 6]
    """
    n = len(values)
    best = [1] * n
    prev = [-1] * n
    for i in range(n):
        for j in range(i):
            if values[j] <= values[i] and best[j] + 1 > best[i]:
                best[i], prev[i] = best[j] + 1, j
    i = max(range(n), key=lambda x: best[x]) if n else -1
    out: Set[int] = set()
    while i >= 0:
        out.add(i)
        i = prev[i]
    return out


def toc_entries(text: str) -> Dict[int, Optional[int]]:
    """Entries of the document's contents blocks: the offset where each
    entry's page number starts (or would start) and the page written there
    (None when it is lost).

    >>> toc_entries("目录\\n一、总则1\\n二、规划\\n三、实施9\\n四、保障12\\n正文。")
    {7: 1, 13: None, 18: 9, 24: 12}
    """
    return {off: int(digits[:5]) if digits else None for block in _toc_blocks(text) for off, digits in block}


def _toc_page(text: str, a: int, b: int, value: Optional[int]) -> Optional[float]:
    """Plausibility of ``value`` (None: no number) as the page number of a
    contents entry starting at ``a``; None where ``a..b`` is not one."""
    bounds = _toc_pages(text).get(a)
    if bounds is None or text[b:b + 1] not in ("", "\n", "\r", " ", "\t", "\u3000"):
        return None
    if value is None:
        # every other entry has its page number: stronger evidence than the
        # character model's dislike of a digit at the end of a line
        return _TOC_NO_PAGE
    lo, hi = bounds
    if value < 1 or (lo is not None and value < lo) or (hi is not None and value > hi):
        return -2.0
    return 1.0


_SUM_UNITS = "个项所名家人件座条次批户篇位元亩台辆间门套"
_SUM_TOTAL_RE = re.compile(r"(?:共计|总计|合计|共有|共)[^0-9\n。；;，,、.．]{0,8}?(?<![0-9.．])([0-9]+)([%s])" % _SUM_UNITS)
_SUM_BONUS = 1.5  # log10: the value that makes the parts add up to the total


@lru_cache(maxsize=4)
def _sum_groups(text: str) -> Dict[Tuple[int, int], Tuple[Tuple[Tuple[int, int], bool], ...]]:
    """Totals and their parts: "共120所，其中小学80所、初中40所".

    Maps the span of each number of a group to the whole group, a tuple of
    ``((start, end), is_total)``. A part whose number is lost entirely
    ("其中小学所") has an empty span. Groups with decimals are left out.

    >>> g = _sum_groups("全市共120所，其中小学80所、初中所。")
    >>> sorted(g)
    [(3, 6), (12, 14), (18, 18)]
    """
    out: Dict[Tuple[int, int], Tuple[Tuple[Tuple[int, int], bool], ...]] = {}
    for m in _SUM_TOTAL_RE.finditer(text):
        unit = m.group(2)
        rest = m.end()
        k = text.find("其中", rest, rest + 12)
        if k < 0 or any(c in "。；;\n" for c in text[rest:k]):
            continue
        end = len(text)
        for stop in "。；;\n":
            j = text.find(stop, k)
            if 0 <= j < end:
                end = j
        parts: List[Tuple[int, int]] = []
        for pm in re.finditer(r"[0-9.．]*%s" % unit, text[k + 2:end]):
            a = k + 2 + pm.start()
            b = k + 2 + pm.end() - 1
            digits = text[a:b]
            if "." in digits or "．" in digits:
                parts = []
                break
            if not digits and not ("\u4e00" <= text[a - 1] <= "\u9fff"):
                continue  # a unit character in running text, no part
            parts.append((a, b))
        if len(parts) < 2 or sum(1 for a, b in parts if a == b) > 1:
            continue
        group = (((m.start(1), m.end(1)), True),) + tuple((p, False) for p in parts)
        for span, _ in group:
            out[span] = group
    return out


def _sum_check(text: str, a: int, b: int, value: int) -> float:
    """:data:`_SUM_BONUS` when ``value`` at ``a..b`` makes its group add up
    and the number as written does not; 0 otherwise (the other numbers may
    be damaged too, so a mismatch proves nothing).

    >>> t = "共12所，其中小学80所、初中40所。"
    >>> _sum_check(t, 1, 3, 120), _sum_check(t, 1, 3, 12)
    (1.5, 0.0)
    """
    group = _sum_groups(text).get((a, b))
    if group is None:
        return 0.0
    total = 0
    parts = 0
    for (s, e), is_total in group:
        if (s, e) == (a, b):
            continue
        if s == e:
            return 0.0
        if is_total:
            total = int(text[s:e])
        else:
            parts += int(text[s:e])
    expected = parts if group[0][0] == (a, b) else total - parts
    as_is = int(text[a:b]) if b > a else None
    return _SUM_BONUS if value == expected > 0 and as_is != expected else 0.0


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
    >>> plausibility("开发—2个", 2, "") < 0 and plausibility("信息化2.行动", 5, "") < 0
    True
    """
    if ins and not any(c in _DIGITS for c in ins):
        return 0.0
    return run_plausibility(text, {off: ins} if ins else {}, anchor=off, years=years, lost=lost)


_MAGNITUDES = frozenset("万亿")
_COUNTED = frozenset("人名所个家户件座位次项台辆套间篇册本张处校园批门")  # things counted one by one
_EXACT_DIGITS = 5  # an integer of this many digits or more is an exact count, not a rounded one
_ABSURD_MAGNITUDE = -4.0  # log10: "3972666万人", four billion pupils
_TRILLIONS_MAX = 200  # N万亿 (N × 10^12): China's GDP is about 130万亿元; 287.65万亿元 is absurd


def magnitude_plausibility(text: str, off: int, ins: str) -> float:
    """log10 plausibility of a magnitude (万, 亿) inserted at ``off``.

    Exact counts are the norm in statistical bulletins and tables
    (在校生3972666人), and a magnitude after one makes an absurd quantity:
    an insert that puts 万 or 亿 after an integer of five or more digits
    (thousands separators allowed) that counts things one by one (人, 所,
    个, ...) gets a strong penalty. Money and measures keep their units
    (12500万元, 10000亿元), and so do rounded counts (5000万人), except in a
    document that writes its counts exactly (two or more such counts
    intact): there 增加4127{万}人 is absurd too. A 万 made
    into 万亿 after a number of 200 or more is absurd too (more than the
    country's product).

    >>> magnitude_plausibility("在校生3972666人", 10, "万") < 0
    True
    >>> magnitude_plausibility("共3,972,666名学生", 10, "万余") < 0
    True
    >>> magnitude_plausibility("投资12500元", 7, "万"), magnitude_plausibility("约5000人", 5, "万")
    (0.0, 0.0)
    >>> magnitude_plausibility("总投入287.65亿元", 9, "万") < 0 == magnitude_plausibility("GDP 126.06亿元", 10, "万")
    True
    """
    if not ins or ins[0] not in _MAGNITUDES:
        return 0.0
    j = off
    digits = 0
    while j > 0 and (text[j - 1] in _DIGITS or (text[j - 1] in ",，" and j > 1 and text[j - 2] in _DIGITS
                                                  and digits % 3 == 0 and digits)):
        j -= 1
        digits += text[j] in _DIGITS
    after = (ins[1:] + text[off:off + 2]).lstrip("余多")
    if ins == "万" and after[:1] == "亿":
        # 万亿: more than the national product once the number reaches a few hundred
        k = j
        while k > 0 and (text[k - 1] in _DIGITS or text[k - 1] in ".．"):
            k -= 1
        try:
            value = float(text[k:off].replace("．", "."))
        except ValueError:
            return 0.0
        return _ABSURD_MAGNITUDE if value >= _TRILLIONS_MAX else 0.0
    if after[:1] not in _COUNTED or (j > 0 and text[j - 1] in ".．"):
        return 0.0
    if digits >= _EXACT_DIGITS:
        return _ABSURD_MAGNITUDE
    if digits >= 2 and text[off - 1] != "0" and _exact_counts(text) >= _EXACT_DOCUMENT:
        # a document that writes its counts exactly (a bulletin) does not
        # round 4127 of them to 万: 比上年增加4127{万}人
        return _ABSURD_MAGNITUDE
    return 0.0


_EXACT_COUNT_RE = re.compile(r"(?<![0-9.．,，])[0-9]{1,3}(?:,?[0-9]{3})+(?=[%s])" % "".join(sorted(_COUNTED)))
_EXACT_DOCUMENT = 2  # exact counts of 5+ digits a document writes intact to count as one that counts exactly


@lru_cache(maxsize=8)
def _exact_counts(text: str) -> int:
    """How many counts of five or more digits ``text`` writes with no magnitude after them."""
    return sum(1 for m in _EXACT_COUNT_RE.finditer(text) if len(m.group().replace(",", "")) >= _EXACT_DIGITS)


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
    if any(not c.isdigit() or c not in _DIGITS for ins in inserts.values() for c in ins):
        return -1.0
    a, b = _run(text, anchor)
    if a == b and not inserts:
        toc = _toc_page(text, a, b, None)
        return toc if toc is not None else _empty_gap(text, anchor)
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
    nxt = text[b] if b < len(text) else ""
    nxt2 = text[b:b + 2]
    prv = text[a - 1] if a > 0 else "\n"
    score = 0.0
    # a decimal part or a version number: anything goes; but "2.2022年"
    # at the start of a line is list item 2 followed by a year
    if prv in ".．" and not _after_list_marker(text, a - 1):
        return 0.0
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
    if nxt == "年" and nxt2 != "年级":
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


# ------------------------------------- enumerators: Chinese numerals, list numbers
#: Characters of Chinese numerals as enumerations write them (第十八条, 三、, （十二）).
_CN = "〇零一二三四五六七八九十百"
CN_NUMERAL_CHARS = frozenset(_CN)
_CN_DIGIT = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_LEAD = r"^[ \t\u3000]*"
#: Enumerators at the start of a line, by kind; "（一）" restarts after every
#: article or heading, "第一节" after every "第一章" (``_ENUM_RESET``).
_ENUM_RES = (
    ("条", re.compile(_LEAD + "第([%s]*)条" % _CN)),
    ("章", re.compile(_LEAD + "第([%s]*)章" % _CN)),
    ("节", re.compile(_LEAD + "第([%s]*)节" % _CN)),
    ("、", re.compile(_LEAD + "([%s]*)、" % _CN)),
    ("（）", re.compile(_LEAD + "[（(]([%s]*)[）)]" % _CN)),
)
_ENUM_RESET = {"节": ("章",), "（）": ("条", "章", "节", "、"), "、": ("章", "节")}
#: List numbers in digits at the start of a line ("1." but not "2.5亿", "2、", "（3）");
#: "（1）" starts over after every "1." or "1、" item.
_LIST_RES = (
    (".", re.compile(_LEAD + "([0-9]*)[.．](?![0-9])")),
    ("、", re.compile(_LEAD + "([0-9]*)、")),
    ("（）", re.compile(_LEAD + "[（(]([0-9]*)[）)]")),
)
_LIST_RESET = {"（）": (".", "、")}
_ENUM_MIN = 3  # a run of enumerators of one kind counts as a sequence from this many on ...
_ENUM_ALIGNED = 0.6  # ... when one numbering explains at least this share of them
_ENUM_WINDOW = 8  # (judged among this many enumerators either side)
_ENUM_MATCH = 2.5  # log10 bonus of the number the sequence expects ...
_ENUM_PROGRESS = 1.0  # ... or of an insert that brings a damaged number closer to it
_ENUM_MISS = -1.0  # a number the sequence cannot have
_ENUM_EMPTY = -2.0  # an enumerator without a number


def cn_numeral(s: str) -> Optional[int]:
    """Value of a Chinese numeral from 1 to 999 written the standard way, else None.

    >>> [cn_numeral(s) for s in ("八", "十", "十八", "二十", "二十八", "一百零三", "一百一十", "二二", "")]
    [8, 10, 18, 20, 28, 103, 110, None, None]
    """
    if not s:
        return None
    hundreds = 0
    if "百" in s:
        head, _, s = s.partition("百")
        if len(head) != 1 or head not in _CN_DIGIT:
            return None
        hundreds = 100 * _CN_DIGIT[head]
        if not s:
            return hundreds
        if s[0] in "零〇":
            return hundreds + _CN_DIGIT[s[1]] if len(s) == 2 and s[1] in _CN_DIGIT else None
        if "十" not in s:
            return None
    if "十" in s:
        head, _, tail = s.partition("十")
        if head == "":
            tens = 1 if not hundreds else None  # "一百十" is not written; "十八" is
        elif len(head) == 1 and head in _CN_DIGIT and (hundreds or head != "一"):
            tens = _CN_DIGIT[head]
        else:
            tens = None
        if tens is None or len(tail) > 1 or (tail and tail not in _CN_DIGIT):
            return None
        return hundreds + 10 * tens + (_CN_DIGIT[tail] if tail else 0)
    if len(s) == 1 and s in _CN_DIGIT and not hundreds:
        return _CN_DIGIT[s]
    return None


def cn_write(value: int) -> str:
    """The standard Chinese numeral for 1..999 (inverse of :func:`cn_numeral`).

    >>> [cn_write(v) for v in (8, 10, 18, 20, 28, 103, 110, 999)]
    ['八', '十', '十八', '二十', '二十八', '一百零三', '一百一十', '九百九十九']
    >>> all(cn_numeral(cn_write(v)) == v for v in range(1, 1000))
    True
    """
    names = "零一二三四五六七八九"
    h, rest = divmod(value, 100)
    t, u = divmod(rest, 10)
    if not h:
        if not t:
            return names[u]
        return ("" if t == 1 else names[t]) + "十" + (names[u] if u else "")
    out = names[h] + "百"
    if not rest:
        return out
    if not t:
        return out + "零" + names[u]
    return out + names[t] + "十" + (names[u] if u else "")


def _dropped(have: str, want: str, lost: FrozenSet[str]) -> Optional[List[Tuple[int, str]]]:
    """The characters ``want`` lost to become ``have``, each with the place in
    ``have`` before which it stood; None unless ``have`` is ``want`` with
    some characters of ``lost`` dropped.

    >>> _dropped("十", "三十七", frozenset("三七")), _dropped("二", "十二", frozenset("一"))
    ([(0, '三'), (1, '七')], None)
    """
    i = 0
    out: List[Tuple[int, str]] = []
    for c in want:
        if i < len(have) and have[i] == c:
            i += 1
        elif c in lost:
            out.append((i, c))
        else:
            return None
    return out if i == len(have) else None


def _explains(have: str, want: str, lost: FrozenSet[str]) -> bool:
    """Whether ``have`` is ``want`` with some characters of ``lost`` dropped.

    >>> _explains("二", "十二", frozenset("十")), _explains("二", "十二", frozenset("一"))
    (True, False)
    """
    return _dropped(have, want, lost) is not None


def _arabic(s: str) -> Optional[int]:
    """Value of a list number written in digits (1-999, no leading zero)."""
    return int(s) if s and len(s) <= 3 and s[0] != "0" and s.isdigit() and s.isascii() else None


#: Numeral systems of enumerators: (numeral characters, parse, write, kinds, resets).
_SYSTEMS = {
    "cn": (CN_NUMERAL_CHARS, cn_numeral, cn_write, _ENUM_RES, _ENUM_RESET),
    "ar": (frozenset(_DIGITS), _arabic, str, _LIST_RES, _LIST_RESET),
}


@lru_cache(maxsize=4096)
def _readings(have: str, lost: FrozenSet[str], system: str = "cn") -> FrozenSet[int]:
    """Values (1-999) the numeral ``have`` may have had before ``lost``
    numerals were dropped from it, however many.

    >>> sorted(_readings("二", frozenset("十")))
    [2, 12, 20]
    >>> sorted(_readings("2", frozenset("1"), "ar"))
    [2, 12, 21, 112, 121, 211]
    >>> 147 in _readings("四七", frozenset("一十百"))  # three numerals lost
    True
    """
    return _damaged_forms(lost, system).get(have, frozenset())


@lru_cache(maxsize=32)
def _damaged_forms(lost: FrozenSet[str], system: str) -> Dict[str, FrozenSet[int]]:
    """Every value 1-999 by how it reads once ``lost`` numerals are dropped."""
    write = _SYSTEMS[system][2]
    table: Dict[str, Set[int]] = {}
    for v in range(1, 1000):
        table.setdefault("".join(c for c in write(v) if c not in lost), set()).add(v)
    return {k: frozenset(vs) for k, vs in table.items()}


@lru_cache(maxsize=8)
def _sequences(text: str, lost: FrozenSet[str], system: str = "cn") -> Dict[int, Tuple[int, str, Optional[str]]]:
    """Enumerators of counted sequences: ``{line start: (numeral start, numeral as
    written, numeral the sequence expects, or None where two numberings fit)}``.

    Each run of enumerators of one kind (between two resets, e.g. the
    "（一）" under one "一、") is numbered ``k + c`` (``k`` its place in the
    run); ``c`` is the one that explains most of the run, an enumerator being
    explained when it reads as that number with some ``lost`` numerals
    dropped. A font that lost 十 turns 第十一条…第十九条 into 第一条…第九条,
    which count up by one just as well, so neighbours alone cannot tell.
    ``system`` is "cn" (Chinese numerals, ``_ENUM_RES``) or "ar" (list
    numbers in digits, "1." "2、" "（3）", ``_LIST_RES``).
    """
    chars, _, write, kinds, reset_of = _SYSTEMS[system]
    lost = lost & chars
    found: Dict[str, List[Tuple[int, int, str]]] = {k: [] for k, _ in kinds}
    pos = 0
    for line in text.split("\n"):
        start, pos = pos, pos + len(line) + 1
        first = line.lstrip(" \t\u3000")[:1]
        if not first or (first not in "第（(、.．" and first not in chars):
            continue
        for kind, rx in kinds:
            m = rx.match(line)
            if m:
                found[kind].append((start, start + m.start(1), m.group(1)))
                break
    out: Dict[int, Tuple[int, str, str]] = {}
    for kind, rows in found.items():
        resets = sorted(r[0] for other in reset_of.get(kind, ()) for r in found[other])
        runs: Dict[int, List[Tuple[int, int, str]]] = {}
        for r in rows:
            runs.setdefault(sum(1 for x in resets if x < r[0]), []).append(r)
        for run in runs.values():
            # a run of bare "（）" says nothing about which numerals it had
            if len(run) < _ENUM_MIN or sum(1 for _, _, have in run if have) < 2:
                continue
            readings = [_readings(have, lost, system) for _, _, have in run]
            cands = {v - j for j, vs in enumerate(readings) for v in vs}
            explained = {
                c: [1 <= j + c <= 999 and _explains(have, write(j + c), lost) for j, (_, _, have) in enumerate(run)]
                for c in cands
            }
            total = {c: sum(ex) for c, ex in explained.items()}
            for k, (line_start, num_start, have) in enumerate(run):
                # the numbering that explains most enumerators near this one (a
                # compilation of laws starts over at 第一条); on a tie, the one
                # that explains most of the run (a font that lost 十 makes
                # 第十一条…第十九条 read as 第一条…第九条, and only 第二十条 and
                # on tell them apart); if that ties too, the number stays open
                lo, hi = max(0, k - _ENUM_WINDOW), min(len(run), k + _ENUM_WINDOW + 1)
                near = {c: sum(explained[c][lo:hi]) for c in {v - j for j in range(lo, hi) for v in readings[j]}}
                if not near:
                    continue
                keys = {c: (near[c], total[c]) for c in near}
                ranked = sorted(keys, key=keys.get, reverse=True)
                best = ranked[0]
                if not explained[best][k] or near[best] < max(_ENUM_MIN, _ENUM_ALIGNED * (hi - lo)):
                    continue
                if len(ranked) > 1 and keys[ranked[1]] == keys[best]:
                    # two numberings explain the run equally well: with 0-3 lost,
                    # "7." "8." "9." "" "" "" "" "4." may count from 7 or from 17,
                    # and with 1 lost "22." "23." from 22 or from 122. A counted
                    # enumerator whose number is open (None).
                    out[line_start] = (num_start, have, None)
                    continue
                out[line_start] = (num_start, have, write(k + best))
    return out


def _enumerator_at(
    text: str, off: int, lost: FrozenSet[str], system: str = "cn"
) -> Optional[Tuple[int, str, Optional[str]]]:
    """(numeral start, numeral as written, expected numeral or None) of the
    counted enumerator whose numeral the gap ``off`` touches, else None."""
    hit = _sequences(text, lost, system).get(text.rfind("\n", 0, off) + 1)
    if hit is None or not hit[0] <= off <= hit[0] + len(hit[1]):
        return None
    return hit


def numeral_plausibility(text: str, off: int, ins: str, *, lost: FrozenSet[str] = frozenset()) -> float:
    """log10 plausibility of the enumerator number at gap ``off`` with
    ``ins`` (Chinese numerals) inserted, from the sequence it belongs to.

    Numbered articles, chapters, sections and headings ("第十八条", "三、",
    "（二）" at the start of a line) count up by one (:func:`_sequences`
    finds the numbering that explains the document's enumerators given the
    ``lost`` numerals). The expected number gets ``_ENUM_MATCH``; an insert
    that is part of it (one of two gaps of 第{三}十{七}条) ``_ENUM_PROGRESS``;
    a number the sequence cannot have ``_ENUM_MISS``. 0 for anything that is
    no counted enumerator.

    >>> t = "第十六条 甲\\n第十七条 乙\\n第十条 丙\\n第十九条 丁\\n第二十条 戊"
    >>> lost, off = frozenset("八"), t.index("第十条") + 2
    >>> numeral_plausibility(t, off, "八", lost=lost) > 0 > numeral_plausibility(t, off, "七", lost=lost)
    True
    >>> numeral_plausibility(t, off, "", lost=lost)  # explained by the loss, not yet right
    0.0
    """
    if ins and not all(c in CN_NUMERAL_CHARS for c in ins):
        return 0.0
    hit = _enumerator_at(text, off, lost)
    if hit is None:
        return 0.0
    num_start, have, want = hit
    if want is None:
        return 0.0
    rel = off - num_start
    new = have[:rel] + ins + have[rel:]
    if new == want:
        return _ENUM_MATCH
    if not new:
        return _ENUM_EMPTY
    if _explains(new, want, lost | frozenset(ins)):
        return _ENUM_PROGRESS if ins else 0.0
    return _ENUM_MISS


def enumerator_inserts(text: str, lost: FrozenSet[str]) -> Dict[int, str]:
    """Gaps where counted enumerators lost numerals, with what each gap lost:
    ``{offset: insert}`` (see :func:`_sequences`).

    >>> enumerator_inserts("第十一条 甲\\n第二条 乙\\n第十三条 丙", frozenset("十"))
    {8: '十'}
    >>> enumerator_inserts("第三十六条 甲\\n第十条 乙\\n第三十八条 丙", frozenset("三七"))
    {9: '三', 10: '七'}
    """
    out: Dict[int, str] = {}
    for num_start, have, want in _sequences(text, lost).values():
        for i, c in (_dropped(have, want, lost) or []) if want is not None else []:
            out[num_start + i] = out.get(num_start + i, "") + c
    return out


def sequence_losses(text: str, lost: FrozenSet[str]) -> Dict[str, int]:
    """How many counted enumerators (Chinese numerals and list numbers in
    digits) lost each numeral of ``lost``, by :func:`_sequences`: evidence
    that the font lost it, as strong as a gap the language model is sure of.

    >>> items = "\\n".join(f"{i}.条目" for i in range(1, 13))
    >>> sequence_losses(items.replace("1", ""), frozenset("1"))
    {'1': 4}
    >>> sequence_losses("第一条 甲\\n第二条 乙\\n第三条 丙", frozenset("十"))
    {}
    """
    out: Dict[str, int] = {}
    for system in _SYSTEMS:
        for _, have, want in _sequences(text, lost, system).values():
            for c in {c for _, c in (_dropped(have, want, lost) or [])} if want is not None else ():
                out[c] = out.get(c, 0) + 1
    return out

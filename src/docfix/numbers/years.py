"""Years: the years a document is about (written intact, and voted for by
its damaged dates), for :func:`docfix.numbers.run_plausibility`.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Dict, FrozenSet, Mapping, Set, Union

from ._common import FULLWIDTH_DIGITS
from .enumerators import _CN_DIGIT

#: Years the document is about: a set (each counts ``_YEAR_BONUS``) or a
#: mapping from year to its log10 bonus (:func:`year_context`).
Years = Union[FrozenSet[int], Mapping[int, float]]

_YEAR_RE = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(?=年)")

YEAR_MIN = 1900
YEAR_MAX = 2060


@lru_cache(maxsize=8)
def document_years(text: str) -> FrozenSet[int]:
    """Four-digit years (followed by 年) written intact in the document."""
    return frozenset(int(m.group(1)) for m in _YEAR_RE.finditer(text))


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


#: a date's year written with two or three digits (22年11月, 208年9月), and a
#: document number's year in its brackets (环发〔211〕14号)
_SHORT_YEAR_RES = (
    re.compile(r"(?<![0-9.])([0-9]{2,3})年(?=[0-9]{0,2}月)"),
    re.compile(r"[〔［\[﹝]([0-9]{2,3})[〕］\]﹞]"),
)


def year_losses(text: str, lost: FrozenSet[str]) -> Dict[str, int]:
    """How many dates and document numbers lost each digit of ``lost`` from
    their year, as far as the text shows: a year written with two or three
    digits (22年11月1日, 〔211〕) that every way of completing it to a
    four-digit year in range with the digits of ``lost`` needs that digit
    for. Evidence that the font lost the digit, like a counted enumerator's
    (:func:`docfix.numbers.sequence_losses`).

    >>> year_losses("生态环境部22年11月12日印发。环发〔211〕14号", frozenset("0"))
    {'0': 2}
    >>> year_losses("工龄12年3个月。近5年内。", frozenset("0"))
    {}
    >>> year_losses("生态环境部22年11月12日印发。", frozenset("01"))
    {'0': 1}
    """
    digits = "".join(sorted(d for d in lost if d.isdigit()))
    out: Dict[str, int] = {}
    if not digits:
        return out
    for rx in _SHORT_YEAR_RES:
        for m in rx.finditer(text):
            run = m.group(1)
            comps = {c for c in _completions(run, digits, 4 - len(run)) if YEAR_MIN <= int(c) <= YEAR_MAX}
            if not comps:
                continue
            need = set(digits)
            for c in comps:
                need &= {d for d in digits if c.count(d) > run.count(d)}
            for d in need:
                out[d] = out.get(d, 0) + 1
    return out


def _completions(run: str, digits: str, n: int) -> Set[str]:
    """All strings made by inserting ``n`` characters of ``digits`` into ``run``."""
    out = {run}
    for _ in range(n):
        out = {s[:i] + d + s[i:] for s in out for i in range(len(s) + 1) for d in digits}
    return {s for s in out if s[0] != "0"}


_ANY_YEAR_RE = re.compile(r"(?<![0-9０-９])([12１２][0-9０-９]{3})(?=年)|([一二〇零][〇零一二三四五六七八九]{3})(?=年)")
_CN_DIGITS = {c: str(v) for c, v in _CN_DIGIT.items()} | {"〇": "0", "零": "0"}
#: a five-year plan's name after its number (“十二五”时期, 十四五规划)
_PLAN_AFTER = frozenset("”\"’时期规计末初以")


@lru_cache(maxsize=4)
def latest_year(text: str) -> int:
    """The latest year (1900-2060, followed by 年) the text writes, in digits of
    either width or in Chinese numerals (一九九八年); 0 where it writes none.

    >>> latest_year("１９５７年末，到了1966年底，一九七〇年"), latest_year("近5年内")
    (1970, 0)
    """
    best = 0
    for m in _ANY_YEAR_RE.finditer(text):
        s = m.group(1).translate(FULLWIDTH_DIGITS) if m.group(1) else "".join(_CN_DIGITS[c] for c in m.group(2))
        if YEAR_MIN <= int(s) <= YEAR_MAX:
            best = max(best, int(s))
    return best


def plan_after_years(text: str, off: int, insert: str) -> int:
    """The first year of the five-year plan that ``insert`` (十) at ``off``
    would name (二五 -> 十二五, 2011), where that is more than ten years after
    the latest year the text writes: an anachronism (a text of the 1960s on
    its “二五” and “三五”); else 0.

    >>> t = "到了1966年底，保证了“二五”时期的需要，而且为“三五”、“四五”准备了资源。"
    >>> plan_after_years(t, t.index("二五"), "十"), plan_after_years(t.replace("1966", "2020"), t.index("二五"), "十")
    (2011, 0)
    """
    if insert != "十" or text[off:off + 1] not in ("一", "二", "三", "四", "五") or text[off + 1:off + 2] != "五":
        return 0
    if text[off - 1:off] not in ("“", '"') and text[off + 2:off + 3] not in _PLAN_AFTER:
        return 0
    start = 1966 + 5 * (10 + "一二三四五".index(text[off]) + 1 - 3)
    latest = latest_year(text)
    return start if latest and latest + 10 < start else 0

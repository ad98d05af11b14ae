"""Sums: totals and their parts ("共120所，其中小学80所、初中40所") must add up."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Dict, List, Tuple

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

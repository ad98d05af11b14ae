"""Contents pages: contents blocks, their entries and the page range each
entry's (lost) page number must lie in.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Dict, List, Optional, Set, Tuple

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

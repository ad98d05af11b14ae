"""Protected regions: spans of a text that no restoration may edit.

Markup tags, URLs (with a scheme, ``www.`` or a bare domain with a path),
e-mail addresses, ``data:`` URIs, file names, and identifiers (hashes,
codes: long ASCII tokens mixing letters and digits) are not Chinese prose:
the language model has nothing to say about them, and an insertion there
(``ima{n}ge``, ``ht{i}tp``) corrupts them. Nor is an official document's
publication note written whole (``此件社会公开``: no 此{事}件). An edit may
sit at a region's edge (a glyph restored right after a URL), never inside.

>>> text = '详情见<a href="/up/a3f9c2e1.pdf">附件</a>，或登录http://x.gov.cn/t1.html查看'
>>> [text[s:e] for s, e in spans(text)]
['<a href="/up/a3f9c2e1.pdf">', '</a>', 'http://x.gov.cn/t1.html']
>>> inside(spans(text), text.index("x.gov")), inside(spans(text), text.index("附件"))
(True, False)
>>> note = "生态环境部2021年6月3日（此件社会公开）"
>>> [note[s:e] for s, e in spans(note)]
['此件社会公开']

A web address that a PDF line wrap broke goes on after the line break:

>>> wrapped = "网址http://www.mee.gov.cn/rdzl/dqw\\nrqhdc/）。请在"
>>> [wrapped[s:e] for s, e in spans(wrapped)]
['http://www.mee.gov.cn/rdzl/dqw\\nrqhdc/']
"""
from __future__ import annotations

import bisect
from typing import List, Sequence, Tuple

import regex

__all__ = ["spans", "inside", "phone_ends", "phone_fields"]

_ASCII_TOKEN = r"[!-~]"
_PATTERNS = [
    r"<[A-Za-z/!?][^<>\n]{0,2000}>",  # a markup tag, with its attributes
    r"(?:[A-Za-z][A-Za-z0-9+.-]*://|www\.)[!-~]+",  # URLs with a scheme or www.
    r"data:[A-Za-z0-9.+/-]+;[!-~]+",  # data URIs
    r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}",  # e-mail addresses
    r"[A-Za-z0-9._%+-]+@[A-Za-z0-9][A-Za-z0-9-]*",  # ... whose domain lost its points (dqqhdc@mvcn)
    r"(?<![A-Za-z0-9.-])[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:cn|com|net|org|gov|edu)(?:\.[a-z]{2})?(?:/[!-~]*)?",
    r"[A-Za-z0-9_./-]*[A-Za-z0-9_-]\.(?:pdf|docx?|xlsx?|pptx?|txt|html?|jpe?g|png|gif|zip|rar|7z|csv|xml|json|wps|ofd)\b",
    r"(?<![A-Za-z0-9])(?=[A-Za-z0-9_-]*[A-Za-z])(?=[A-Za-z0-9_-]*[0-9])[A-Za-z0-9_-]{8,}(?![A-Za-z0-9])",
]
#: the publication note of an official document (GB/T 9704's 附注: （此件公开发布）, （此件社会公开）,
#: （此件不予公开）), written whole: nothing was lost inside it (此{事}件社会公开)
_NOTE = r"此件(?:社会|主动|依申请)?公开(?:发布)?|此件不予?公开"
_RE = regex.compile("|".join(f"(?:{p})" for p in [_NOTE] + _PATTERNS), regex.IGNORECASE)
_RE_NO_IDS = regex.compile("|".join(f"(?:{p})" for p in [_NOTE] + _PATTERNS[:-1]), regex.IGNORECASE)
_TRAIL = ",.;:!?)]}'\"。，；：！？）】"
#: the rest of a web address that a PDF's line wrap moved to the next line
#: (an extractor prints .../rdzl/dqw, a line break, rqhdc/）)
_WRAPPED = regex.compile(r"\r?\n(?=[!-~]*[A-Za-z/])[!-~]+")


def spans(text: str, *, identifiers: bool = True) -> List[Tuple[int, int]]:
    """The protected ``(start, end)`` spans of ``text``, sorted, not overlapping
    (``identifiers=False``: without the letters-and-digits tokens, which an
    OCR-damaged number such as ``83o5Z163`` looks like)."""
    out: List[Tuple[int, int]] = []
    for m in (_RE if identifiers else _RE_NO_IDS).finditer(text):
        s, e = m.span()
        if text[s] != "<":  # (not a markup tag)
            if "/" in text[s:e]:
                while (w := _WRAPPED.match(text, e)) is not None:
                    e = w.end()  # (a web address wrapped at a line end goes on)
            while e > s and text[e - 1] in _TRAIL:
                e -= 1
        if e - s < 2:
            continue
        if out and s < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


#: the words a telephone or fax number follows
_PHONE_WORDS = "电话|传真|手机|热线|联系方式|咨询|举报"
_PHONE = regex.compile(
    r"(?:(?:" + _PHONE_WORDS + r")[：:\s]*(?:[（(]?0\d{2,3}[）)-]?\s*)?|[（(]0\d{2,3}[）)]\s*|\b0\d{2,3}-)"
    r"(\d{7,8})(?:[、，,/\s]+(\d{7,8}))*"
)


def phone_ends(text: str) -> List[int]:
    """Offsets just after each telephone number of ``text`` (seven or eight
    digits after 电话/传真/… or an area code): nothing is restored there
    (66103146{家}、66103111).

    >>> t = "联系电话：（010）66103146、66103111。"
    >>> [t[e - 3:e] for e in phone_ends(t)]
    ['146', '111']
    """
    out: List[int] = []
    for m in _PHONE.finditer(text):
        for k in (1, 2):
            out.extend(e for _, e in m.spans(k))
    return sorted(set(out))


_PHONE_FIELD = regex.compile(
    r"(?:" + _PHONE_WORDS + r"|Tel|TEL|Fax|FAX)[：:\s]*"
    r"([（(]?[0-9][0-9（）()\-－—\s、，,/]*[0-9]|[（(]?[0-9])"
)


def phone_fields(text: str) -> List[Tuple[int, int]]:
    """Spans of the telephone and fax numbers written after 电话/传真/… (area
    code, brackets, hyphens and several numbers included), however many
    digits they lost: which digit a number lost, and where, the text does not
    say.

    >>> t = "联系电话：（010）5831131，传真：0717-675907。"
    >>> [t[a:b] for a, b in phone_fields(t)]
    ['（010）5831131', '0717-675907']
    """
    return [m.span(1) for m in _PHONE_FIELD.finditer(text)]


def inside(regions: Sequence[Tuple[int, int]], offset: int, end: int = -1) -> bool:
    """Whether an edit at ``offset`` (replacing up to ``end``) falls strictly
    inside one of ``regions`` (an insertion at a region's edge does not)."""
    end = offset if end < 0 else end
    i = bisect.bisect_right(regions, (offset, float("inf"))) - 1
    for j in (i, i + 1):
        if 0 <= j < len(regions):
            s, e = regions[j]
            if s < end and offset < e and not (end == offset and offset in (s, e)):
                return True
    return False

"""What the rules of :mod:`docfix.fixes` share: the edit type and its
application, character classes, horizontal white space and line spans.

>>> _line_spans("a\\r\\nbc\\n")
[(0, 1), (3, 5), (6, 6)]
"""
from __future__ import annotations

from typing import List, Sequence, Tuple

import regex

#: One change: ``(start, end, replacement)`` against the rule's input.
RuleEdit = Tuple[int, int, str]


def apply_changes(text: str, changes: Sequence[RuleEdit]) -> str:
    """Apply sorted, non-overlapping ``(start, end, replacement)`` changes.

    >>> apply_changes("abcdef", [(1, 2, "B"), (3, 5, "")])
    'aBcf'
    """
    out: List[str] = []
    last = 0
    for s, e, rep in changes:
        out.append(text[last:s])
        out.append(rep)
        last = e
    out.append(text[last:])
    return "".join(out)


# --------------------------------------------------------------------------
# character classes (Han: docfix.canon.is_han_script)


def _is_cjk_punct(c: str) -> bool:
    o = ord(c)
    return (
        0x3001 <= o <= 0x303F
        or 0xFF01 <= o <= 0xFF0F
        or 0xFF1A <= o <= 0xFF20
        or 0xFF3B <= o <= 0xFF40
        or 0xFF5B <= o <= 0xFF65
        or c in "…"
    )


def _is_ascii_alnum(c: str) -> bool:
    return c.isascii() and c.isalnum()


#: Horizontal spaces other than ASCII space and tab that the whitespace rule
#: turns into an ASCII space.
_EXOTIC_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
#: Zero-width characters the whitespace rule deletes (ZWNJ/ZWJ only next to
#: CJK, spaces or line ends, so emoji sequences survive).
_ZERO_WIDTH = "\u200b\u2060\ufeff\u180e"
_ZW_JOINERS = "\u200c\u200d"


def _trimmed(start: int, before: str, after: str) -> RuleEdit:
    """The edit ``before`` -> ``after`` at ``start``, without the characters
    the two share at either end."""
    p = 0
    while p < len(before) and p < len(after) and before[p] == after[p]:
        p += 1
    q = 0
    while q < len(before) - p and q < len(after) - p and before[-1 - q] == after[-1 - q]:
        q += 1
    return (start + p, start + len(before) - q, after[p:len(after) - q])


# --------------------------------------------------------------------------
# horizontal white space and lines

#: A space run before one of these is deleted (not at a line start).
DEL_BEFORE = "，。、；：！？）》」』】〕〗〉"
#: A space run after one of these is deleted (not at a line end).
DEL_AFTER = "，。、；：！？（《「『【〔〖〈"

_HSPACE = " \t" + _EXOTIC_SPACES + _ZERO_WIDTH + _ZW_JOINERS


def _is_hspace(c: str) -> bool:
    return c in _HSPACE


def _line_spans(text: str) -> List[Tuple[int, int]]:
    """(start, end) of each line's content, without its terminator."""
    spans = []
    start = 0
    for m in _NEWLINE_RE.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


_NEWLINE_RE = regex.compile(r"\r\n|\r|\n")


CSV_FIELD_MAX = 24  # characters a field of a comma-separated record has at most


def csv_lines(text: str) -> List[Tuple[int, int]]:
    """Spans of lines that are records of a comma-separated table: two or more
    consecutive lines with the same number (one or more) of ASCII commas,
    short fields, and no Chinese clause punctuation. Their commas are the
    table's, and their line breaks its rows.

    >>> t = "学校,人数,比例\\n第一中学,1200,35%\\n第二中学,980,28%\\n他表示,近年来,通过努力取得成效。"
    >>> [t[a:b] for a, b in csv_lines(t)]
    ['学校,人数,比例', '第一中学,1200,35%', '第二中学,980,28%']
    """
    def record(line: str) -> int:
        if not line or any(c in "，。；！？" for c in line):
            return 0
        fields = line.split(",")
        if len(fields) < 2 or any(len(f) > CSV_FIELD_MAX for f in fields):
            return 0
        return len(fields) - 1

    spans = _line_spans(text)
    commas = [record(text[a:b]) for a, b in spans]
    out: List[Tuple[int, int]] = []
    for i, (span, k) in enumerate(zip(spans, commas)):
        if k and ((i > 0 and commas[i - 1] == k) or (i + 1 < len(commas) and commas[i + 1] == k)):
            out.append(span)
    return out

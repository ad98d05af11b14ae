"""Cutting a big input into blocks of about ``block_chars`` characters, at a
paragraph break, else a line break, else sentence-final punctuation, else
anywhere, so that each block is repaired on its own with bounded memory.

>>> list(split_blocks(["一。二。\\n\\n三。四。\\n"], block_chars=8))
['一。二。\\n\\n', '三。四。\\n']
"""
from __future__ import annotations

from typing import Iterable, Iterator

__all__ = ["split_blocks", "DEFAULT_BLOCK_CHARS", "MIN_BLOCK_CHARS"]

#: Characters per block handed to the repair engine (about 200-600 kB).
DEFAULT_BLOCK_CHARS = 200_000
#: Smallest block size accepted.
MIN_BLOCK_CHARS = 1_000

_SENT_END = "。！？；!?;"
_PARA_END = frozenset("。！？；!?;：:…”’」』）)")


def _rfind_sep(buf: str, sep: str, lo: int, hi: int, tries: int = 200) -> int:
    """Position just after the last ``sep`` in ``buf[lo:hi]``, preferring one that
    follows sentence-final punctuation (a real paragraph end, not a line broken
    mid-sentence that normalisation may rejoin); -1 if there is none."""
    first = -1
    i = hi
    for _ in range(tries):
        i = buf.rfind(sep, lo, i)
        if i < 0:
            break
        if first < 0:
            first = i + len(sep)
        j = i - 1
        while j >= 0 and buf[j] in " \t\r\u3000":
            j -= 1
        if j >= 0 and buf[j] in _PARA_END:
            return i + len(sep)
        i += len(sep) - 1
        if i <= lo:
            break
    return first


def _cut_point(buf: str, limit: int) -> int:
    """Where to cut ``buf`` (longer than ``limit``): after a paragraph break,
    else a line break, else sentence-final punctuation, else at ``limit``."""
    lo = limit // 2
    best = max(_rfind_sep(buf, "\n\n", lo, limit), _rfind_sep(buf, "\n\r\n", lo, limit))
    if best > 0:
        return best
    i = _rfind_sep(buf, "\n", limit // 4, limit)
    if i > 0:
        return i
    i = buf.rfind("\r", limit // 4, limit - 1)
    if i >= 0 and buf[i + 1] != "\n":
        return i + 1
    cut = -1
    for p in _SENT_END:
        j = buf.rfind(p, limit // 4, limit)
        if j > cut:
            cut = j
    if cut >= 0:
        j = cut + 1
        while j < limit and buf[j] in "”’）)」』":
            j += 1
        return j
    cut = limit
    if buf[cut - 1] == "\r" and buf[cut] == "\n":
        cut -= 1
    return cut


def split_blocks(pieces: Iterable[str], *, block_chars: int = DEFAULT_BLOCK_CHARS) -> Iterator[str]:
    """Re-cut a stream of text pieces into blocks of at most ``block_chars``
    characters, at paragraph/line/sentence boundaries where possible.

    Joining the blocks gives back the joined pieces exactly.

    >>> "".join(split_blocks(["a\\r\\nb" * 5], block_chars=4)) == "a\\r\\nb" * 5
    True
    """
    buf = ""
    for piece in pieces:
        if not piece:
            continue
        buf = buf + piece if buf else piece
        while len(buf) > block_chars:
            cut = _cut_point(buf, block_chars)
            yield buf[:cut]
            buf = buf[cut:]
    if buf:
        yield buf

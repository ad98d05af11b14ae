"""Digit runs: what the number modules share (no imports from the sub-package)."""
from __future__ import annotations

_DIGITS = frozenset("0123456789")
#: full-width digits as ASCII ones (str.translate: １９９８年 reads 1998年)
FULLWIDTH_DIGITS = {0xFF10 + d: 0x30 + d for d in range(10)}


def _run(text: str, off: int):
    a = off
    while a > 0 and text[a - 1] in _DIGITS:
        a -= 1
    b = off
    while b < len(text) and text[b] in _DIGITS:
        b += 1
    return a, b

"""Digit runs: what the number modules share (no imports from the sub-package)."""
from __future__ import annotations

_DIGITS = frozenset("0123456789")


def _run(text: str, off: int):
    a = off
    while a > 0 and text[a - 1] in _DIGITS:
        a -= 1
    b = off
    while b < len(text) and text[b] in _DIGITS:
        b += 1
    return a, b

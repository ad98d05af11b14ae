"""Word-level evidence: does an insertion make the words around a gap whole?

A character n-gram backs off to unigrams when it meets an unseen pair, so it
hardly notices that "可葬送" lost the 以 of 可以 or "作锲而不舍" the 工 of
工作. A word unigram model over the lexicons does: the best segmentation of
the text around the gap, with and without the insertion, differs by how much
more likely the completed words are. :class:`WordScorer` computes that
difference (log10) by dynamic programming over a small window.

>>> ws = WordScorer({"可以": 900, "可": 50, "葬送": 20, "送": 30, "葬": 5, "以": 40})
>>> ws.gain("右可", "以", "葬送社") > 0
True
"""
from __future__ import annotations

import math
from functools import lru_cache
import threading
from typing import Callable, Iterable, Mapping, Optional, Tuple, Union

__all__ = ["WordScorer", "window"]

_STOP = frozenset("\n\r。！？；，、：,;:!?()（）“”\"'《》<> \t\u3000")


def window(text: str, off: int, width: int = 4) -> Tuple[str, str]:
    """Up to ``width`` characters either side of ``off``, stopping at punctuation.

    >>> window("我们，教育信息化。", 5)
    ('教育', '信息化')
    """
    a = off
    while a > 0 and off - a < width and text[a - 1] not in _STOP:
        a -= 1
    b = off
    while b < len(text) and b - off < width and text[b] not in _STOP:
        b += 1
    return text[a:off], text[off:b]


class WordScorer:
    """Best-segmentation log10 probability under a word unigram model.

    Parameters
    ----------
    freqs : mapping of str to int
        Word frequencies (general and domain lexicons merged).
    max_len : int
        Longest word considered.
    """

    def __init__(
        self,
        freqs: Union[Mapping[str, int], Callable[[str], int]],
        *,
        total: Optional[float] = None,
        words: Optional[Iterable[str]] = None,
        max_len: int = 8,
    ):
        if callable(freqs):
            self._freq: Callable[[str], int] = freqs
            self._words = words
        else:
            m = dict(freqs)
            self._freq = lambda w: m.get(w, 0)
            self._words = list(m)
        self._total = total
        self.max_len = max_len
        self._lock = threading.Lock()
        self._best = lru_cache(maxsize=65536)(self._best_uncached)

    @property
    def total(self) -> float:
        """Sum of all frequencies (computed on first use)."""
        if self._total is None:
            with self._lock:
                if self._total is None:
                    words = self._words if self._words is not None else ()
                    self._total = float(sum(self._freq(w) for w in words)) or 1.0
        return self._total

    @property
    def unk(self) -> float:
        """log10 cost of a character that is no word: below any real word."""
        return math.log10(0.5 / self.total) - 1.0

    def best(self, s: str) -> float:
        """log10 probability of the best segmentation of ``s``."""
        return self._best(s)

    def _best_uncached(self, s: str) -> float:
        n = len(s)
        if n == 0:
            return 0.0
        freq = self._freq
        lt = math.log10(self.total)
        unk = self.unk
        best = [0.0] + [-math.inf] * n
        for j in range(1, n + 1):
            bj = -math.inf
            for i in range(max(0, j - self.max_len), j):
                f = freq(s[i:j])
                if f > 0:
                    p = math.log10(f) - lt
                elif j - i == 1:
                    p = unk
                else:
                    continue
                v = best[i] + p
                if v > bj:
                    bj = v
            best[j] = bj
        return best[n]

    def gain(self, left: str, ins: str, right: str) -> float:
        """log10 gain of the best segmentation when ``ins`` is put between
        ``left`` and ``right`` (positive when it completes likelier words)."""
        return self.best(left + ins + right) - self.best(left + right)

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
import re
from functools import lru_cache
import threading
from typing import Callable, Dict, Iterable, List, Mapping, NamedTuple, Optional, Tuple, Union

from .canon import fold_char, tokens
from .detect import is_han
from .lexicon import add_prefix_lengths

__all__ = ["WordScorer", "WordModel", "WordContext", "WORDS_SUFFIX", "window", "mixed_gain", "COMPLETION_CAP"]

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


def mixed_gain(word_gain: float, char_gain: float, *, weight: float, cap: float) -> float:
    """The log-linear mix of the word and character models: what the word
    model's gain adds to the character model's, ``weight`` times their
    difference capped at ``cap`` either way.

    >>> mixed_gain(3.8, -3.5, weight=0.5, cap=3.0), mixed_gain(-2.0, -1.0, weight=0.3, cap=3.0)
    (1.5, -0.3)
    """
    return weight * max(min(word_gain - char_gain, cap), -cap)


#: The most (log10) a reading's word completion counts (:meth:`WordScorer.completion_gain`).
COMPLETION_CAP = 3.0


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
            # a Lexicon knows which two characters start a longer word (built as lookups fill it)
            self._prefixes: Optional[Callable[[], Mapping[str, int]]] = getattr(words, "prefix_lengths", None)
            # Lexicon.complete: its word dictionary once complete (``freqs`` is that lexicon's freq)
            self._whole = getattr(words, "complete", None) if getattr(freqs, "__self__", None) is words and getattr(
                freqs, "__name__", "") == "freq" else None
        else:
            m = dict(freqs)
            self._freq = lambda w: m.get(w, 0)
            self._words = list(m)
            self._prefixes = self._own_prefixes
            self._whole = None
        self._own: Optional[Dict[str, int]] = None
        # the strings a segmentation starts with: a character's score; two characters' score
        # (None: no word) and how far a word starting with them reaches (see _dp)
        self._one: Dict[str, float] = {}
        self._two: Dict[str, Tuple[Optional[float], int]] = {}
        self._total = total
        self._logs: Optional[Tuple[float, float]] = None  # log10(total) and unk, for _dp
        self.max_len = max_len
        self._lock = threading.Lock()
        self._best = lru_cache(maxsize=65536)(self._best_uncached)
        self._segment_han = lru_cache(maxsize=65536)(self._segment_han_uncached)

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
        return self._dp(s)[0][-1] if s else 0.0

    def _own_prefixes(self) -> Dict[str, int]:
        """:meth:`docfix.lexicon.Lexicon.prefix_lengths` of a word mapping."""
        if self._own is None:
            self._own = add_prefix_lengths({}, self._words or ())
        return self._own

    def _dp(self, s: str) -> Tuple[List[float], List[int]]:
        """Best-segmentation scores of every prefix of ``s`` and where each
        prefix's last word starts.

        From each start ``i`` only the words that can be there are looked
        up: its character, its two characters, and longer strings only as
        long as a word starting with those two characters is (the lexicon's
        :meth:`~docfix.lexicon.Lexicon.prefix_lengths`). Every end ``j``
        still meets its starts in increasing order, with the same strict
        comparison: the same scores and the same segmentation as
        :meth:`_dp_all`, which looks up every string up to ``max_len``."""
        if self._prefixes is None or self.max_len < 2:
            return self._dp_all(s)
        n = len(s)
        freq = self._freq
        log10 = math.log10
        logs = self._logs
        if logs is None:
            logs = self._logs = (log10(self.total), self.unk)  # (the total never changes once known)
        lt, unk = logs
        max_len = self.max_len
        one, two = self._one, self._two
        if len(two) > _STARTS_CAP:
            one.clear()
            two.clear()
        longest = None
        look = self._whole() if self._whole is not None else None  # a complete lexicon: its dictionary read directly
        best = [0.0] + [-math.inf] * n
        back = [0] * (n + 1)
        for i in range(n):
            here = best[i]
            c = s[i]
            p = one.get(c)
            if p is None:
                f = freq(c)  # (fills a cached lexicon's words starting with c, and their prefixes)
                p = one[c] = log10(f) - lt if f > 0 else unk
            v = here + p
            if v > best[i + 1]:
                best[i + 1], back[i + 1] = v, i
            if i + 2 > n:
                continue
            w = s[i:i + 2]
            got = two.get(w)
            if got is None:
                if longest is None:
                    longest = self._prefixes()
                f = freq(w)
                got = two[w] = (log10(f) - lt if f > 0 else None, min(longest.get(w, 0), max_len))
            p, reach = got
            if p is not None:
                v = here + p
                if v > best[i + 2]:
                    best[i + 2], back[i + 2] = v, i
            for j in range(i + 3, min(n, i + reach) + 1):
                f = look.get(s[i:j], 0) if look is not None else freq(s[i:j])
                if f > 0:
                    v = here + (log10(f) - lt)
                    if v > best[j]:
                        best[j], back[j] = v, i
        return best, back

    def _dp_all(self, s: str) -> Tuple[List[float], List[int]]:
        """:meth:`_dp`, every string up to ``max_len`` looked up."""
        n = len(s)
        freq = self._freq
        lt = math.log10(self.total)
        unk = self.unk
        best = [0.0] + [-math.inf] * n
        back = [0] * (n + 1)
        for j in range(1, n + 1):
            bj, bi = -math.inf, j - 1
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
                    bj, bi = v, i
            best[j], back[j] = bj, bi
        return best, back

    def gain(self, left: str, ins: str, right: str) -> float:
        """log10 gain of the best segmentation when ``ins`` is put between
        ``left`` and ``right`` (positive when it completes likelier words)."""
        return self.best(left + ins + right) - self.best(left + right)

    def completion_gain(self, left: str, ins: str, right: str, cap: float = COMPLETION_CAP) -> float:
        """:meth:`gain` bounded to ``[0, cap]``: how much ``ins`` completes
        words, never a penalty (the evidence of the lexicons where no word
        model reads the gap, and for the readings of traces)."""
        return max(min(self.gain(left, ins, right), cap), 0.0)

    def segment(self, s: str) -> List[str]:
        """Words of the best segmentation of ``s`` (canonical tokens joined).

        Han runs are segmented by dynamic programming under the word unigram
        model (as :meth:`best`); a run of ASCII letters and digits is one word;
        every other character is a word of its own. This is the segmentation
        the word model (:class:`WordModel`) is trained on and queried with.

        >>> ws = WordScorer({"教育": 50, "信息化": 30, "信息": 40, "化": 5})
        >>> ws.segment("2022年教育信息化，▁ok")
        ['2022', '年', '教育', '信息化', '，', '▁', 'ok']
        """
        out: List[str] = []
        for m in _RUNS.finditer(s):
            w = m.group()
            if is_han(w[0]):
                out.extend(self._segment_han(w))
            else:
                out.append(w)
        return out

    def _segment_han_uncached(self, s: str) -> Tuple[str, ...]:
        back = self._dp(s)[1]
        words: List[str] = []
        j = len(s)
        while j > 0:
            words.append(s[back[j]:j])
            j = back[j]
        return tuple(reversed(words))


#: :meth:`WordScorer._dp` remembers at most this many two-character starts (then forgets them all).
_STARTS_CAP = 200_000

#: File name suffix of the word model next to a character model (``default.words.klm``).
WORDS_SUFFIX = ".words.klm"

#: Runs the segmenter treats as units: Han runs (segmented further), ASCII
#: letter-and-digit runs (one word), any other single character. The Han
#: ranges are those of :func:`docfix.detect.is_han`.
_RUNS = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]+|[0-9A-Za-z]+|.", re.S)
#: Where a word-model window stops: sentence ends and line breaks.
_SENTENCE_END = frozenset("。！？；")


class WordModel:
    """A KenLM word n-gram model over :meth:`WordScorer.segment` words.

    The character model reads a few characters each side of a gap; this one
    reads a few *words*, and it knows that 加强 and 多媒体 are words where the
    character model backs off to single characters. Its gain for an insertion
    is the log10 ratio of the best-segmented window with and without it.

    Parameters
    ----------
    path : str or Path
        A KenLM binary or ARPA file trained on segmented training lines
        (``docfix train --words``, :func:`docfix.train.train`).
    scorer : WordScorer
        The segmenter the model was trained with (the same lexicons).
    width : int
        Characters read each side of a gap, within the sentence.
    """

    def __init__(self, path, scorer: "WordScorer", *, width: int = 10):
        import kenlm

        self.path = path
        self.model = kenlm.Model(str(path))
        self.scorer = scorer
        self.width = width

    def score(self, s: str, *, bos: bool, eos: bool) -> float:
        """log10 probability of the segmented string ``s``."""
        return self.model.score(" ".join(self.scorer.segment(s)), bos=bos, eos=eos)

    def context(self, text: str, off: int, *, folded: Optional[str] = None) -> "WordContext":
        """The window read around a gap before ``text[off]``: up to ``width``
        characters either side, within the line and the sentence, folded to
        canonical tokens (:func:`docfix.canon.tokens`). ``folded`` is the
        whole text folded already (``"".join(tokens(text))``), when the
        caller reads many gaps."""
        a0, b0 = max(0, off - self.width), min(len(text), off + self.width)
        toks = folded[a0:b0] if folded is not None else tokens(text[a0:b0])
        k = off - a0
        a = k
        while a > 0 and not _ends(text[a0 + a - 1], toks[a - 1]):
            a -= 1
        b = k
        while b < len(toks) and not _ends(text[a0 + b], toks[b]):
            b += 1
        # the window starts a sentence when it stopped at an end, or when the
        # end (or the text's start) lies just beyond its reach
        bos = a > 0 or a0 == 0 or _ends(text[a0 - 1], fold_char(text[a0 - 1]))
        eos = b < len(toks) or b0 == len(text) or _ends(text[b0], fold_char(text[b0]))
        left, right = "".join(toks[a:k]), "".join(toks[k:b])
        return WordContext(left, right, bos, eos, self.score(left + right, bos=bos, eos=eos))

    def gain(self, text: str, off: int, ins: str, *, context: Optional["WordContext"] = None) -> float:
        """log10 gain of inserting ``ins`` (canonical form) before ``text[off]``.

        ``context`` is :meth:`context` of that gap, when the caller scores
        several inserts there.
        """
        c = context if context is not None else self.context(text, off)
        return self.score(c.left + ins + c.right, bos=c.bos, eos=c.eos) - c.base


class WordContext(NamedTuple):
    """A gap's window for :class:`WordModel` and its score without an insert."""

    left: str
    right: str
    bos: bool
    eos: bool
    base: float


def _ends(raw: str, tok: str) -> bool:
    """Whether a character ends a word-model window (line break or sentence end)."""
    return raw in "\r\n" or tok in _SENTENCE_END

"""Word lexicons: a general Chinese word list and a mined domain lexicon.

The shipped files (``lexicons/general.txt`` from jieba's dictionary and
``lexicons/domain.txt`` mined from the training corpus by
``scripts/build_lexicons.py``) share one format: UTF-8, header lines starting
with ``#``, then one ``WORD<TAB>FREQ`` entry per line.

:class:`Lexicon` merges any number of such files. A word's frequency is the
sum over the files that list it; its source is the last file (the most
specific one: ``domain`` after ``general``) that lists it. Nothing is ever
downloaded; :func:`default_lexicon` loads the shipped files once per process.

Loading files is cheap after the first time: :meth:`Lexicon.load` reads a
binary cache of them (:mod:`docfix.lexfiles`) and builds the dictionary of
the words starting with a character when a lookup first asks for one.

>>> lex = Lexicon.from_words({"教育": 50, "信息化": 20, "教育信息化": 3})
>>> "信息化" in lex, lex.freq("教育"), lex.freq("化"), len(lex), lex.max_len
(True, 50, 0, 3, 5)
>>> lex.words_covering("推进教育信息化建设", 4)   # 4 is 信
[(2, 7, '教育信息化'), (4, 7, '信息化')]
"""
from __future__ import annotations

import bisect
import functools
import threading
from pathlib import Path
from typing import Dict, Iterable, Iterator, List, Mapping, Optional, Sequence, Tuple, Union

from . import lexfiles
from .lexfiles import LexiconFormatError, read_lexicon_file

__all__ = ["Lexicon", "LexiconFormatError", "default_lexicon", "read_lexicon_file"]

PathLike = Union[str, Path]

#: A cached lexicon builds its whole word dictionary once lookups asked for
#: the words of this many first characters (a short text asks for a few dozen).
_COMPLETE_AFTER = 200


def add_prefix_lengths(table: Dict[str, int], words: Iterable[str]) -> Dict[str, int]:
    """Enter ``words`` of three characters or more into ``table``
    (``{two characters: length of the longest word they start}``; see
    :meth:`Lexicon.prefix_lengths`) and return it.

    >>> add_prefix_lengths({}, ["教育", "信息化", "信息技术"])
    {'信息': 4}
    """
    get = table.get
    for w in words:
        n = len(w)
        if n > 2 and get(w[:2], 0) < n:
            table[w[:2]] = n
    return table


class Lexicon:
    """A set of words with frequencies and sources, with fast substring lookups.

    Build it with :meth:`load` (files) or :meth:`from_words` (a mapping).

    Attributes
    ----------
    max_len : int
        Length of the longest word (0 when empty).
    sources_order : tuple of str
        Source names in load order (later = more specific).
    """

    def __init__(self, by_source: Mapping[str, Dict[str, int]]) -> None:
        """``by_source``: ``{source name: {word: freq}}`` in increasing specificity
        (the dicts are used as given, not copied)."""
        self.sources_order: Tuple[str, ...] = tuple(by_source)
        self._by_source: Optional[Dict[str, Dict[str, int]]] = dict(by_source)
        self._freq: Dict[str, int] = lexfiles.merge(self._by_source)
        self._n = len(self._freq)
        self.max_len: int = max(map(len, self._freq), default=0)
        self._init_lazy(None)

    def _init_lazy(self, packed: Optional[lexfiles.Packed]) -> None:
        """The state built on demand: from ``packed`` (a cache) where given."""
        self._packed = packed
        #: first characters whose words are not in ``_freq`` yet (a cached lexicon's)
        self._pending: Dict[str, object] = dict.fromkeys(packed.groups) if packed is not None else {}
        self._ordered = packed is None  # ``_freq`` is in file order (and complete)
        self._lock = threading.Lock()
        self._total: Optional[int] = None if packed is None else packed.total
        self._rev_sources_: Optional[List[Tuple[str, Dict[str, int]]]] = None
        self._sorted: Optional[List[str]] = None
        self._sorted_rev: Optional[List[str]] = None
        self._by_len: Optional[Dict[int, List[str]]] = None
        self._span: Optional[Dict[str, int]] = None
        self._longest: Optional[Dict[str, int]] = None  # see prefix_lengths

    @classmethod
    def _from_packed(cls, packed: lexfiles.Packed) -> "Lexicon":
        """A lexicon over cached files: it fills its word dictionary one first
        character at a time, as lookups ask for them (:meth:`_fill`)."""
        self = cls.__new__(cls)
        self.sources_order = packed.sources
        self._by_source = None
        self._freq = {}
        self._n = packed.n
        self.max_len = packed.max_len
        self._init_lazy(packed)
        return self

    # ------------------------------------------------------------------ building

    @classmethod
    def load(cls, paths: Optional[Sequence[PathLike]] = None) -> "Lexicon":
        """Load lexicon files.

        Parameters
        ----------
        paths : sequence of str or Path, optional
            Files in increasing specificity. Default:
            :func:`docfix.resources.lexicon_paths` (general, then domain).
            Each file's source name is its stem (``general``, ``domain``).

        Raises
        ------
        FileNotFoundError
            When ``paths`` is None and no shipped lexicon is found.
        LexiconFormatError
            On a malformed line.
        """
        if paths is None:
            from .resources import lexicon_paths

            paths = lexicon_paths()
            if not paths:
                raise FileNotFoundError(
                    "no lexicon files found (lexicons/general.txt, lexicons/domain.txt); "
                    "set DOCFIX_LEXICON_DIR or rebuild with scripts/build_lexicons.py"
                )
        paths = [Path(p) for p in paths]
        key = lexfiles.stamp(paths)
        packed = lexfiles.read(paths, key)
        if packed is not None:
            return cls._from_packed(packed)
        by_source = lexfiles.read_sources(paths)
        lex = cls(by_source)
        lexfiles.write(paths, key, by_source)
        return lex

    @classmethod
    def from_words(
        cls, words: Union[Mapping[str, int], Iterable[str]], source: str = "general"
    ) -> "Lexicon":
        """A lexicon from ``{word: freq}`` (or an iterable of words, freq 1).

        >>> lex = Lexicon.from_words(["双减", "课后服务"], source="domain")
        >>> lex.freq("双减"), lex.source("课后服务")
        (1, 'domain')
        """
        if isinstance(words, Mapping):
            d = {str(w): int(f) for w, f in words.items()}
        else:
            d = dict.fromkeys(words, 1)
        return cls({source: d})

    # ------------------------------------------------------------------ lookups

    def __contains__(self, word: object) -> bool:
        if self._pending and isinstance(word, str):
            self._fill(word)
        return word in self._freq

    def __len__(self) -> int:
        return self._n

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __repr__(self) -> str:
        sizes = ", ".join(f"{k}={n}" for k, n in zip(self.sources_order, self._sizes()))
        return f"<Lexicon {len(self)} words ({sizes}), max_len={self.max_len}>"

    @property
    def total(self) -> int:
        """Sum of the (merged) frequencies of all words.

        >>> Lexicon({"general": {"教育": 5}, "domain": {"教育": 2, "双减": 9}}).total
        16
        """
        if self._total is None:
            self._total = sum(self._all().values())
        return self._total

    def freq(self, word: str, source: Optional[str] = None) -> int:
        """Frequency of ``word`` (0 if absent): summed over sources, or in ``source``.

        >>> lex = Lexicon({"general": {"教育": 5}, "domain": {"教育": 2, "双减": 9}})
        >>> lex.freq("教育"), lex.freq("教育", "domain"), lex.freq("双减", "general")
        (7, 2, 0)
        """
        if source is None:
            if self._pending:
                self._fill(word)
            return self._freq.get(word, 0)
        return self._sources().get(source, {}).get(word, 0)

    def complete(self) -> Optional[Dict[str, int]]:
        """The word dictionary (word -> :meth:`freq`) once it holds every word, else None."""
        return None if self._pending else self._freq

    def source(self, word: str) -> Optional[str]:
        """The most specific source listing ``word`` (``"domain"`` before
        ``"general"``), or None.

        >>> lex = Lexicon({"general": {"教育": 5}, "domain": {"教育": 2, "双减": 9}})
        >>> lex.source("教育"), lex.source("双减"), lex.source("无")
        ('domain', 'domain', None)
        """
        if self._rev_sources_ is None:
            by_source = self._sources()
            self._rev_sources_ = [(k, by_source[k]) for k in reversed(self.sources_order)]
        for name, words in self._rev_sources_:
            if word in words:
                return name
        return None

    def sources(self, word: str) -> Tuple[str, ...]:
        """All sources listing ``word``, in load order.

        >>> Lexicon({"general": {"教育": 5}, "domain": {"教育": 2}}).sources("教育")
        ('general', 'domain')
        """
        return tuple(k for k, v in self._sources().items() if word in v)

    def words(self, source: Optional[str] = None) -> List[str]:
        """All words (of ``source``), in no particular order."""
        return list(self._all() if source is None else self._sources().get(source, {}))

    # ------------------------------------------------------------------ built on demand

    def _fill(self, word: str) -> None:
        """Put the words sharing ``word``'s first character into the word
        dictionary if they are not there yet (a cached lexicon's); all words
        once ``_COMPLETE_AFTER`` first characters were asked for (a document
        asks for most: a lookup is then one dictionary read)."""
        first = word[:1]
        if first not in self._pending:
            return
        with self._lock:
            if first not in self._pending:
                return
            p = self._packed
            assert p is not None
            if len(p.groups) - len(self._pending) + 1 >= _COMPLETE_AFTER:
                new = lexfiles.group_words(p, self._pending)
                self._freq.update(new)
                self._add_prefixes(new)
                self._pending = {}
                self._packed = p._replace(words=b"", freqs=p.freqs[:0])  # what only the filling needed
            else:
                new = lexfiles.group_words(p, first)
                self._freq.update(new)
                self._add_prefixes(new)
                del self._pending[first]

    def prefix_lengths(self) -> Dict[str, int]:
        """``{two characters: length of the longest word they start}``, over
        the words of three characters or more: no longer string starting
        with them is a word. A cached lexicon fills its word dictionary one
        first character at a time: the table covers the first characters
        looked up so far (:meth:`freq` of a string fills its first
        character's words, and their entries here).

        >>> lex = Lexicon.from_words({"教育": 5, "信息化": 3, "信息技术": 2})
        >>> lex.prefix_lengths()
        {'信息': 4}
        """
        if self._longest is None:
            with self._lock:
                if self._longest is None:
                    self._longest = {}
                    self._add_prefixes(self._freq)
        return self._longest

    def _add_prefixes(self, words: Iterable[str]) -> None:
        """Put ``words`` into :meth:`prefix_lengths`' table (once it is built; under the lock)."""
        if self._longest is not None:
            add_prefix_lengths(self._longest, words)

    def _all(self) -> Dict[str, int]:
        """The complete word dictionary (in file order, as :meth:`__init__` merges it)."""
        if not self._ordered:
            merged = lexfiles.merge(self._sources())
            with self._lock:
                self._freq = merged
                self._add_prefixes(merged)
                self._pending = {}
                self._ordered = True
        return self._freq

    def _sources(self) -> Dict[str, Dict[str, int]]:
        """``{source name: {word: freq}}``."""
        if self._by_source is None:
            p = self._packed
            assert p is not None
            by_source = {name: lexfiles.source_words(p, k) for k, name in enumerate(p.sources)}
            with self._lock:
                if self._by_source is None:
                    self._by_source = by_source
        return self._by_source

    def _sizes(self) -> Tuple[int, ...]:
        if self._packed is not None:
            return self._packed.sizes
        return tuple(len(v) for v in self._sources().values())

    # ------------------------------------------------------------------ prefix / suffix

    def _sorted_words(self) -> List[str]:
        if self._sorted is None:
            self._sorted = sorted(self._all())
        return self._sorted

    def _sorted_reversed(self) -> List[str]:
        if self._sorted_rev is None:
            self._sorted_rev = sorted(w[::-1] for w in self._all())
        return self._sorted_rev

    @staticmethod
    def _range(keys: List[str], p: str) -> Tuple[int, int]:
        lo = bisect.bisect_left(keys, p)
        hi = bisect.bisect_left(keys, p + "\U0010ffff", lo)
        return lo, hi

    def has_prefix(self, p: str) -> bool:
        """Whether some word starts with ``p`` (``p`` itself counts).

        >>> lex = Lexicon.from_words({"教育": 1, "信息化": 1})
        >>> lex.has_prefix("信息"), lex.has_prefix("信息化"), lex.has_prefix("息")
        (True, True, False)
        """
        if p in self:
            return True
        keys = self._sorted_words()
        i = bisect.bisect_left(keys, p)
        return i < len(keys) and keys[i].startswith(p)

    def _ranked(self, words: Iterable[str], limit: Optional[int]) -> List[str]:
        f = self._all()
        out = sorted(words, key=lambda w: (-f[w], w))
        return out if limit is None else out[:limit]

    def words_with_prefix(self, p: str, limit: Optional[int] = None) -> List[str]:
        """Words starting with ``p`` (``p`` included), most frequent first.

        >>> lex = Lexicon.from_words({"教育": 9, "教育局": 2, "教学": 5, "育人": 1})
        >>> lex.words_with_prefix("教"), lex.words_with_prefix("教", limit=1)
        (['教育', '教学', '教育局'], ['教育'])
        """
        keys = self._sorted_words()
        lo, hi = self._range(keys, p)
        return self._ranked(keys[lo:hi], limit)

    def words_with_suffix(self, s: str, limit: Optional[int] = None) -> List[str]:
        """Words ending with ``s`` (``s`` included), most frequent first.

        >>> lex = Lexicon.from_words({"信息化": 3, "现代化": 7, "化学": 1})
        >>> lex.words_with_suffix("化")
        ['现代化', '信息化']
        """
        keys = self._sorted_reversed()
        lo, hi = self._range(keys, s[::-1])
        return self._ranked((w[::-1] for w in keys[lo:hi]), limit)

    # ------------------------------------------------------------------ the engine's helper

    def words_covering(
        self, text: str, pos: int, *, max_len: int = 8, min_len: int = 1
    ) -> List[Tuple[int, int, str]]:
        """All lexicon words ``text[a:b]`` with ``a <= pos < b``.

        Parameters
        ----------
        text : str
        pos : int
            A character index into ``text``.
        max_len, min_len : int
            Only words with ``min_len <= b - a <= max_len``.

        Returns
        -------
        list of (a, b, word)
            Sorted by ``a``, then ``b``.

        >>> lex = Lexicon.from_words({"立德": 1, "树人": 1, "立德树人": 1, "德": 1})
        >>> lex.words_covering("坚持立德树人", 3)
        [(2, 4, '立德'), (2, 6, '立德树人'), (3, 4, '德')]
        >>> lex.words_covering("坚持立德树人", 3, min_len=2, max_len=3)
        [(2, 4, '立德')]
        """
        n = len(text)
        if pos < 0 or pos >= n:
            return []
        L = min(max_len, self.max_len)
        d = self._all()
        span = self._spans()
        out: List[Tuple[int, int, str]] = []
        for a in range(max(0, pos - L + 1), pos + 1):
            if a == pos and min_len <= 1 <= L and text[a] in d:
                out.append((a, a + 1, text[a]))
            m = span.get(text[a:a + 2])
            if m is None:
                continue
            for b in range(max(pos + 1, a + min_len, a + 2), min(n, a + min(m, L)) + 1):
                w = text[a:b]
                if w in d:
                    out.append((a, b, w))
        return out

    def _spans(self) -> Dict[str, int]:
        """``{first two characters: longest word starting with them}``."""
        if self._span is None:
            span: Dict[str, int] = {}
            get = span.get
            for w in self._all():
                k = len(w)
                if k >= 2:
                    p = w[:2]
                    if get(p, 0) < k:
                        span[p] = k
            self._span = span
        return self._span

    # ------------------------------------------------------------------ fuzzy

    def fuzzy(
        self, word: str, limit: int = 5, *, score_cutoff: float = 60.0, source: Optional[str] = None
    ) -> List[Tuple[str, float]]:
        """Words similar to ``word`` (same length +-1), best first.

        Uses ``rapidfuzz`` (``fuzz.ratio``, 0-100); returns ``[]`` when it is
        not installed. Ties are broken by frequency.

        >>> lex = Lexicon.from_words({"教育信息化": 5, "信息化": 9, "教育": 7})
        >>> lex.fuzzy("教育息化", limit=2)
        [('教育信息化', 88.9)]
        """
        try:
            from rapidfuzz import fuzz, process
        except ImportError:  # pragma: no cover
            return []
        if self._by_len is None:
            by_len: Dict[int, List[str]] = {}
            for w in self._all():
                by_len.setdefault(len(w), []).append(w)
            self._by_len = by_len
        n = len(word)
        choices: List[str] = []
        for k in (n - 1, n, n + 1):
            choices.extend(self._by_len.get(k, ()))
        if source is not None:
            srcd = self._sources().get(source, {})
            choices = [w for w in choices if w in srcd]
        hits = process.extract(word, choices, scorer=fuzz.ratio, limit=max(limit * 4, limit),
                               score_cutoff=score_cutoff)
        f = self._all()
        ranked = sorted(((w, round(float(s), 1)) for w, s, _ in hits), key=lambda t: (-t[1], -f[t[0]], t[0]))
        return ranked[:limit]


@functools.lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The shipped lexicons (:func:`docfix.resources.lexicon_paths`), loaded once."""
    return Lexicon.load()

"""Word lexicons: a general Chinese word list and a mined domain lexicon.

The shipped files (``lexicons/general.txt`` from jieba's dictionary and
``lexicons/domain.txt`` mined from the training corpus by
``scripts/build_lexicons.py``) share one format: UTF-8, header lines starting
with ``#``, then one ``WORD<TAB>FREQ`` entry per line.

:class:`Lexicon` merges any number of such files. A word's frequency is the
sum over the files that list it; its source is the last file (the most
specific one: ``domain`` after ``general``) that lists it. Nothing is ever
downloaded; :func:`default_lexicon` loads the shipped files once per process.

>>> lex = Lexicon.from_words({"教育": 50, "信息化": 20, "教育信息化": 3})
>>> "信息化" in lex, lex.freq("教育"), lex.freq("化"), len(lex), lex.max_len
(True, 50, 0, 3, 5)
>>> lex.words_covering("推进教育信息化建设", 4)   # 4 is 信
[(2, 7, '教育信息化'), (4, 7, '信息化')]
"""
from __future__ import annotations

import bisect
import functools
from pathlib import Path
from typing import Dict, Iterable, Iterator, List, Mapping, Optional, Sequence, Tuple, Union

__all__ = ["Lexicon", "LexiconFormatError", "default_lexicon", "read_lexicon_file"]

PathLike = Union[str, Path]


class LexiconFormatError(ValueError):
    """A lexicon file has a line that is not ``WORD<TAB>FREQ``."""


def _source_name(path: Path) -> str:
    """``general.txt`` -> ``"general"``.

    >>> _source_name(Path("/x/domain.txt"))
    'domain'
    """
    return path.name.split(".", 1)[0]


def read_lexicon_file(path: PathLike) -> Dict[str, int]:
    """Read one lexicon file into ``{word: freq}``.

    Lines starting with ``#`` and blank lines are skipped. A repeated word
    keeps the sum of its frequencies.

    Parameters
    ----------
    path : str or Path
        A UTF-8 file of ``WORD<TAB>FREQ`` lines.

    Returns
    -------
    dict of str to int

    Raises
    ------
    LexiconFormatError
        With the file name and line number of the first malformed line.
    """
    p = Path(path)
    text = p.read_text(encoding="utf-8")
    fast = _parse_fast(text)
    return fast if fast is not None else _parse_checked(text, p)


def _parse_fast(text: str) -> Optional[Dict[str, int]]:
    r"""Parse a well-formed file in bulk; None when anything looks unusual.

    >>> _parse_fast("# h\n教育\t5\n双减\t2\n")
    {'教育': 5, '双减': 2}
    >>> _parse_fast("# h\n教育 5\n") is None
    True
    """
    i = 0
    n = len(text)
    while i < n and text[i] == "#":
        j = text.find("\n", i)
        i = n if j < 0 else j + 1
    body = text[i:]
    if body.endswith("\n"):
        body = body[:-1]
    if not body:
        return {}
    if "\r" in body or "#" in body or "\n\n" in body or " " in body:
        return None
    n_lines = body.count("\n") + 1
    if body.count("\t") != n_lines:
        return None
    parts = body.replace("\t", "\n").split("\n")
    words = parts[0::2]
    freqs = parts[1::2]
    if not all(map(str.isdigit, freqs)) or not all(words):
        return None
    out = dict(zip(words, map(int, freqs)))
    if len(out) != len(words):  # repeated words: sum them
        return None
    return out


def _parse_checked(text: str, p: Path) -> Dict[str, int]:
    """Line-by-line parse with precise error messages."""
    out: Dict[str, int] = {}
    get = out.get
    for lineno, line in enumerate(text.split("\n"), 1):
        line = line.rstrip("\r")
        if not line.strip() or line[0] == "#":
            continue
        word, tab, f = line.partition("\t")
        try:
            freq = int(f)
        except ValueError:
            freq = -1
        if not tab or freq < 0 or not word or word != word.strip() or "\t" in f:
            raise LexiconFormatError(
                f"{p}:{lineno}: expected 'WORD<TAB>FREQ' with a non-negative integer FREQ, "
                f"got {line!r}"
            )
        out[word] = get(word, 0) + freq
    return out


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
        self._by_source: Dict[str, Dict[str, int]] = dict(by_source)
        freq: Dict[str, int] = {}
        for words in self._by_source.values():
            if not freq:
                freq = dict(words)
                continue
            get = freq.get
            freq.update({w: get(w, 0) + f for w, f in words.items()})
        self._freq = freq
        self._rev_sources = [(k, self._by_source[k]) for k in reversed(self.sources_order)]
        self.max_len: int = max(map(len, freq), default=0)
        self._sorted: Optional[List[str]] = None
        self._sorted_rev: Optional[List[str]] = None
        self._by_len: Optional[Dict[int, List[str]]] = None
        self._span: Optional[Dict[str, int]] = None

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
        by_source: Dict[str, Dict[str, int]] = {}
        for p in paths:
            p = Path(p)
            name = _source_name(p)
            words = read_lexicon_file(p)
            if name in by_source:  # two files with one stem: merge
                old = by_source[name]
                for w, f in words.items():
                    old[w] = old.get(w, 0) + f
            else:
                by_source[name] = words
        return cls(by_source)

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
        return word in self._freq

    def __len__(self) -> int:
        return len(self._freq)

    def __iter__(self) -> Iterator[str]:
        return iter(self._freq)

    def __repr__(self) -> str:
        sizes = ", ".join(f"{k}={len(v)}" for k, v in self._by_source.items())
        return f"<Lexicon {len(self)} words ({sizes}), max_len={self.max_len}>"

    def freq(self, word: str, source: Optional[str] = None) -> int:
        """Frequency of ``word`` (0 if absent): summed over sources, or in ``source``.

        >>> lex = Lexicon({"general": {"教育": 5}, "domain": {"教育": 2, "双减": 9}})
        >>> lex.freq("教育"), lex.freq("教育", "domain"), lex.freq("双减", "general")
        (7, 2, 0)
        """
        if source is None:
            return self._freq.get(word, 0)
        return self._by_source.get(source, {}).get(word, 0)

    def source(self, word: str) -> Optional[str]:
        """The most specific source listing ``word`` (``"domain"`` before
        ``"general"``), or None.

        >>> lex = Lexicon({"general": {"教育": 5}, "domain": {"教育": 2, "双减": 9}})
        >>> lex.source("教育"), lex.source("双减"), lex.source("无")
        ('domain', 'domain', None)
        """
        for name, words in self._rev_sources:
            if word in words:
                return name
        return None

    def sources(self, word: str) -> Tuple[str, ...]:
        """All sources listing ``word``, in load order.

        >>> Lexicon({"general": {"教育": 5}, "domain": {"教育": 2}}).sources("教育")
        ('general', 'domain')
        """
        return tuple(k for k, v in self._by_source.items() if word in v)

    def words(self, source: Optional[str] = None) -> List[str]:
        """All words (of ``source``), in no particular order."""
        return list(self._freq if source is None else self._by_source.get(source, {}))

    # ------------------------------------------------------------------ prefix / suffix

    def _sorted_words(self) -> List[str]:
        if self._sorted is None:
            self._sorted = sorted(self._freq)
        return self._sorted

    def _sorted_reversed(self) -> List[str]:
        if self._sorted_rev is None:
            self._sorted_rev = sorted(w[::-1] for w in self._freq)
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
        if p in self._freq:
            return True
        keys = self._sorted_words()
        i = bisect.bisect_left(keys, p)
        return i < len(keys) and keys[i].startswith(p)

    def _ranked(self, words: Iterable[str], limit: Optional[int]) -> List[str]:
        f = self._freq
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
        d = self._freq
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
            for w in self._freq:
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
            for w in self._freq:
                by_len.setdefault(len(w), []).append(w)
            self._by_len = by_len
        n = len(word)
        choices: List[str] = []
        for k in (n - 1, n, n + 1):
            choices.extend(self._by_len.get(k, ()))
        if source is not None:
            srcd = self._by_source.get(source, {})
            choices = [w for w in choices if w in srcd]
        hits = process.extract(word, choices, scorer=fuzz.ratio, limit=max(limit * 4, limit),
                               score_cutoff=score_cutoff)
        f = self._freq
        ranked = sorted(((w, round(float(s), 1)) for w, s, _ in hits), key=lambda t: (-t[1], -f[t[0]], t[0]))
        return ranked[:limit]


@functools.lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The shipped lexicons (:func:`docfix.resources.lexicon_paths`), loaded once."""
    return Lexicon.load()

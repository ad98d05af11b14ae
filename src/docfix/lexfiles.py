"""Reading lexicon files: the text format, and a binary cache of parsed files.

The word lists ship as text (``lexicons/*.txt``, format in :mod:`docfix.lexicon`):
:func:`read_lexicon_file` parses one, :func:`read_sources` a set of them
(one source per file stem).

Parsing the shipped 377,000 entries and building their dictionaries took most
of a process's start-up, so the first :meth:`docfix.lexicon.Lexicon.load` of a
set of files also writes them in a packed form (:class:`Packed`), and later
loads read that instead: ``$XDG_CACHE_HOME/docfix/lexicon-<digest of the
files' paths>.bin`` (``~/.cache`` without ``XDG_CACHE_HOME``). The file
records each source file's size and modification time and a checksum of its
contents; a cache that is missing, stale, damaged or of another format is
ignored (the text is parsed and the cache rewritten), and one that cannot be
written is simply not written.

A :class:`Packed` keeps the merged words grouped by their first character,
so that a lexicon can build the dictionary of a group when a lookup first
needs it, and each source's words and frequencies in file order, for
everything else.

>>> p = pack({"general": {"教育": 5, "育人": 2}, "domain": {"教育": 1, "双减": 9}})
>>> p.sources, p.sizes, p.n, p.max_len, p.total
(('general', 'domain'), (2, 2), 3, 2, 17)
>>> group_words(p, "教"), group_words(p, "教双")
({'教育': 6}, {'教育': 6, '双减': 9})
>>> source_words(p, 1)
{'教育': 1, '双减': 9}
>>> data = encode(p, ["stamp"])
>>> q = decode(data, ["stamp"])
>>> group_words(q, ["双"]), source_words(q, 0), q == p
({'双减': 9}, {'教育': 5, '育人': 2}, True)
>>> decode(data, ["other"]), decode(data[:-1], ["stamp"]), decode(data[:40] + b"x" + data[41:], ["stamp"])
(None, None, None)
"""
from __future__ import annotations

import itertools
import marshal
import os
import struct
import zlib
from array import array
from pathlib import Path
from typing import Any, Dict, Iterable, List, Mapping, NamedTuple, Optional, Sequence, Tuple, Union

__all__ = ["LexiconFormatError", "read_lexicon_file", "read_sources", "merge", "Packed", "pack", "group_words",
           "source_words", "encode", "decode", "cache_file", "stamp", "read", "write"]

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


def read_sources(paths: Sequence[Path]) -> Dict[str, Dict[str, int]]:
    """``{source name: {word: freq}}`` of lexicon files (one source per stem)."""
    by_source: Dict[str, Dict[str, int]] = {}
    for p in paths:
        name = _source_name(p)
        words = read_lexicon_file(p)
        if name in by_source:  # two files with one stem: merge
            old = by_source[name]
            for w, f in words.items():
                old[w] = old.get(w, 0) + f
        else:
            by_source[name] = words
    return by_source


def merge(by_source: Mapping[str, Dict[str, int]]) -> Dict[str, int]:
    """``{word: frequency summed over the sources}``, in first-seen order.

    >>> merge({"general": {"教育": 5, "化": 1}, "domain": {"双减": 2, "教育": 1}})
    {'教育': 6, '化': 1, '双减': 2}
    """
    freq: Dict[str, int] = {}
    for words in by_source.values():
        if not freq:
            freq = dict(words)
            continue
        get = freq.get
        freq.update({w: get(w, 0) + f for w, f in words.items()})
    return freq


# --------------------------------------------------------------------------- the cache

#: The first bytes of a cache file; a new layout gets a new number.
MAGIC = b"docfix-lexicon-cache 1\n"
_HEAD = struct.Struct("<I")


class Packed(NamedTuple):
    """Lexicon files in the cache's form.

    Attributes
    ----------
    sources : tuple of str
        Source names in load order.
    sizes : tuple of int
        Words per source.
    n, max_len, total : int
        Merged words, the longest word's length, the sum of the merged frequencies.
    groups : dict of str to int
        First character -> its group's number ``k``: the group's words are
        ``words[bounds[k]:bounds[k + 1] - 1]``, their frequencies
        ``freqs[starts[k]:starts[k + 1]]``.
    bounds, starts : array
        Where each group starts in ``words`` (bytes) and in ``freqs``, and
        where a next group would.
    words : bytes-like
        The merged words, grouped by first character (the groups in code point
        order, the words of a group in file order), ``\\n``-joined UTF-8.
    freqs : array
        Their summed frequencies, in the same order.
    source_words : tuple of bytes-like
        Each source's words in file order, ``\\n``-joined UTF-8.
    source_freqs : tuple of array
        Their frequencies.
    """

    sources: Tuple[str, ...]
    sizes: Tuple[int, ...]
    n: int
    max_len: int
    total: int
    groups: Dict[str, int]
    bounds: array
    starts: array
    words: Union[bytes, memoryview]
    freqs: array
    source_words: Tuple[Union[bytes, memoryview], ...]
    source_freqs: Tuple[array, ...]


def _int_array(values: Sequence[int]) -> Optional[array]:
    """``values`` as the smallest unsigned array that holds them (None: too large).

    >>> _int_array([1, 2]).typecode, _int_array([1 << 40]).typecode, _int_array([1 << 70])
    ('I', 'Q', None)
    """
    top = max(values, default=0)
    for code in ("I", "Q"):
        if top < 1 << (8 * array(code).itemsize):
            return array(code, values)
    return None


def pack(by_source: Mapping[str, Dict[str, int]]) -> Optional[Packed]:
    """The cache's form of parsed lexicon files (``{source: {word: freq}}``);
    None when a frequency does not fit 64 bits or a word is empty (such
    files are not cached)."""
    merged = merge(by_source)
    items = sorted(merged.items(), key=lambda kv: kv[0][:1])  # stable: file order within a group
    freqs = _int_array([f for _, f in items])
    per_source = [_int_array(list(d.values())) for d in by_source.values()]
    if freqs is None or any(a is None for a in per_source) or "" in merged:
        return None
    chunks: List[bytes] = []
    bounds, starts = [0], [0]
    i = 0
    while i < len(items):
        first = items[i][0][:1]
        j = i
        while j < len(items) and items[j][0][:1] == first:
            j += 1
        chunks.append("\n".join(w for w, _ in items[i:j]).encode("utf-8"))
        bounds.append(bounds[-1] + len(chunks[-1]) + 1)
        starts.append(j)
        i = j
    return Packed(
        sources=tuple(by_source), sizes=tuple(len(d) for d in by_source.values()), n=len(merged),
        max_len=max(map(len, merged), default=0), total=sum(merged.values()),
        groups={w[:1]: k for k, (w, _) in enumerate(items[i] for i in starts[:-1])},
        bounds=array("Q", bounds), starts=array("Q", starts), words=b"\n".join(chunks), freqs=freqs,
        source_words=tuple("\n".join(d).encode("utf-8") for d in by_source.values()),
        source_freqs=tuple(per_source),  # type: ignore[arg-type]
    )


def _split(blob: Union[bytes, memoryview]) -> List[str]:
    return str(blob, "utf-8").split("\n") if blob else []


def group_words(p: Packed, firsts: Iterable[str]) -> Dict[str, int]:
    """The merged words starting with one of ``firsts`` (characters), with
    their frequencies (decoded at once: a few groups or all of them)."""
    ks = [k for k in map(p.groups.get, firsts) if k is not None]
    words = b"\n".join([p.words[p.bounds[k]:p.bounds[k + 1] - 1] for k in ks])
    freqs = itertools.chain.from_iterable(p.freqs[p.starts[k]:p.starts[k + 1]] for k in ks)
    return dict(zip(_split(words), freqs))


def source_words(p: Packed, k: int) -> Dict[str, int]:
    """``{word: freq}`` of the ``k``-th source, in file order."""
    return dict(zip(_split(p.source_words[k]), p.source_freqs[k]))


# --------------------------------------------------------------------------- the file


def encode(p: Packed, key: Any) -> bytes:
    """A cache file's bytes: ``MAGIC``, a marshalled header (``key``, the
    scalars, the groups' characters, the sections' array types and lengths),
    the sections, a CRC-32 of all before it."""
    arrays = [p.bounds, p.starts, p.freqs]
    sections = [a.tobytes() for a in arrays] + [bytes(p.words)]
    for w, f in zip(p.source_words, p.source_freqs):
        arrays.append(f)
        sections += [f.tobytes(), bytes(w)]
    head = marshal.dumps((key, p.sources, p.sizes, p.n, p.max_len, p.total, "".join(p.groups),
                          [a.typecode for a in arrays], [len(s) for s in sections]))
    data = b"".join([MAGIC, _HEAD.pack(len(head)), head] + sections)
    return data + _HEAD.pack(zlib.crc32(data))


def _array(code: str, data: memoryview, count: int) -> array:
    a = array(code)
    a.frombytes(data)
    if len(a) != count:
        raise ValueError("wrong length")
    return a


def decode(data: bytes, key: Any) -> Optional[Packed]:
    """The :class:`Packed` in a cache file's bytes (its grouped words are a
    view of ``data``); None unless they are complete, undamaged and were
    written for ``key``."""
    try:
        whole = memoryview(data)[:-_HEAD.size]
        if not data.startswith(MAGIC) or _HEAD.unpack_from(data, len(whole))[0] != zlib.crc32(whole):
            return None
        at = len(MAGIC) + _HEAD.size
        (n_head,) = _HEAD.unpack_from(data, len(MAGIC))
        head = marshal.loads(whole[at:at + n_head])
        if head[0] != key:
            return None
        _, sources, sizes, n, max_len, total, firsts, codes, lengths = head
        cuts = [at + n_head]
        for k in lengths:
            cuts.append(cuts[-1] + k)
        sec = [whole[a:b] for a, b in zip(cuts, cuts[1:])]
        if cuts[-1] != len(whole) or len(sec) != 4 + 2 * len(sources) or len(sizes) != len(sources):
            return None
        bounds, starts = _array(codes[0], sec[0], len(firsts) + 1), _array(codes[1], sec[1], len(firsts) + 1)
        if bounds[-1] != len(sec[3]) + (1 if firsts else 0) or starts[-1] != n:
            return None
        return Packed(
            sources=tuple(sources), sizes=tuple(sizes), n=n, max_len=max_len, total=total,
            groups=dict(zip(firsts, range(len(firsts)))), bounds=bounds, starts=starts,
            words=sec[3], freqs=_array(codes[2], sec[2], n),
            source_words=tuple(bytes(w) for w in sec[5::2]),  # copies: ``data`` can go once every word is built
            source_freqs=tuple(_array(c, s, k) for c, s, k in zip(codes[3:], sec[4::2], sizes)),
        )
    except Exception:  # a damaged file: parse the text instead
        return None


def cache_file(paths: Sequence[Path]) -> Path:
    """Where the cache of these lexicon files lives (named by their absolute
    paths; two sets of files that share a name only take turns in one file)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    names = "\0".join(os.path.abspath(p) for p in paths).encode("utf-8", "surrogatepass")
    return Path(base) / "docfix" / f"lexicon-{zlib.crc32(names):08x}{zlib.adler32(names):08x}.bin"


def stamp(paths: Sequence[Path]) -> Optional[List[Tuple[str, int, int]]]:
    """What a cache of ``paths`` must have been written for: each file's
    absolute path, size and modification time (None: a file cannot be read)."""
    try:
        return [(os.path.abspath(p), (st := os.stat(p)).st_size, st.st_mtime_ns) for p in paths]
    except OSError:
        return None


def read(paths: Sequence[Path], key: Any) -> Optional[Packed]:
    """The cached :class:`Packed` of ``paths`` written for ``key`` (:func:`stamp`);
    None when there is no valid one."""
    if key is None:
        return None
    try:
        data = cache_file(paths).read_bytes()
    except OSError:
        return None
    return decode(data, key)


def write(paths: Sequence[Path], key: Any, by_source: Mapping[str, Dict[str, int]]) -> None:
    """Cache ``by_source``, parsed from ``paths`` when they had the :func:`stamp`
    ``key`` (best effort: an unwritable cache folder, a full disk or an
    unpackable lexicon leaves no cache and raises nothing). The file appears
    complete or not at all (written aside, then renamed)."""
    p = pack(by_source) if key is not None else None
    if p is None:
        return
    import tempfile

    target = cache_file(paths)
    tmp = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=target.name + ".", suffix=".tmp", dir=str(target.parent))
        with os.fdopen(fd, "wb") as fh:
            fh.write(encode(p, key))
        os.replace(tmp, target)
    except OSError:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass

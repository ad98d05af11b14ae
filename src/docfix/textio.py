"""Reading and writing users' files: encodings, binary files, big inputs.

This is the I/O edge of docfix; everything else works on ``str``.

* **Encoding detection** (:func:`detect_encoding`): a byte-order mark
  (UTF-8, UTF-16, UTF-32) decides; otherwise strict UTF-8 wins when it
  decodes, then GB18030 (a superset of GBK and GB2312), then Big5 (CP950,
  Big5-HKSCS). Big5 bytes nearly always also decode as GB18030, so when both
  decode the text that looks more like Chinese wins (ties go to GB18030), with
  ``charset_normalizer`` as the tie-breaker and as the fallback for anything
  else (Latin-1, Shift-JIS...).
* **Binary detection** (:func:`sniff_binary`): known file signatures (PDF,
  ZIP/Office, images, archives, executables), NUL bytes, or many control
  characters.
* **Line endings** are preserved: bytes are decoded without newline
  translation and written back the same way (``newline=""`` semantics).
* **Big inputs** stream (:class:`TextSource`): bytes are read in blocks,
  decoded incrementally, and cut into blocks of about ``block_chars``
  characters at a paragraph break, else a line break, else sentence-final
  punctuation, else anywhere. Memory stays bounded whatever the input size.
* **Outputs** are atomic (:class:`Sink`): written to a temporary file in the
  target folder and renamed over the target only when complete, so a failure
  never leaves a half-written file; standard output is spooled the same way
  and copied out at the end.

>>> detect_encoding("二〇二二年".encode("gb18030"), complete=True)
'gb18030'
>>> detect_encoding("二〇二二年".encode("utf-8"), complete=True)
'utf-8'
>>> detect_encoding(b"\\xef\\xbb\\xbf" + "年".encode(), complete=True)
'utf-8-sig'
>>> list(split_blocks(["一。二。\\n\\n三。四。\\n"], block_chars=8))
['一。二。\\n\\n', '三。四。\\n']
"""
from __future__ import annotations

import codecs
import os
import stat
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator, List, Optional, Tuple, Union

from . import errors as E
from .errors import DocfixError, ExitCode

__all__ = [
    "detect_encoding",
    "sniff_binary",
    "canonical_encoding",
    "split_blocks",
    "TextSource",
    "Sink",
    "read_text",
    "write_text",
    "SAMPLE_BYTES",
    "DEFAULT_BLOCK_CHARS",
]

#: Bytes looked at to detect the encoding and binary files.
SAMPLE_BYTES = 1 << 20
#: Bytes read at a time while streaming.
READ_BYTES = 1 << 18
#: Characters per block handed to the repair engine (about 200-600 kB).
DEFAULT_BLOCK_CHARS = 200_000
#: Smallest block size accepted.
MIN_BLOCK_CHARS = 1_000

PathLike = Union[str, "os.PathLike[str]"]

_BOMS: List[Tuple[bytes, str]] = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]

# File signatures of common binary formats: (magic, description).
_MAGIC: List[Tuple[bytes, str]] = [
    (b"%PDF-", "PDF"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Office document"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"\x1f\x8b", "gzip archive"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x7fELF", "executable"),
    (b"\x28\xb5\x2f\xfd", "zstd archive"),
]

_CJK_CANDIDATES = ("gb18030", "big5", "cp950", "big5hkscs")
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v\x1c\x1d\x1e\x1f")


def canonical_encoding(name: str) -> str:
    """Python's canonical name of an encoding; :class:`DocfixError` (usage) if unknown.

    >>> canonical_encoding("GBK"), canonical_encoding("UTF8")
    ('gbk', 'utf-8')
    """
    try:
        return codecs.lookup(name).name
    except (LookupError, TypeError, ValueError):
        raise DocfixError(ExitCode.USAGE, E.UNKNOWN_ENCODING, name=name) from None


def _bom_encoding(sample: bytes) -> Optional[str]:
    for bom, enc in _BOMS:
        if sample.startswith(bom):
            return enc
    return None


def sniff_binary(sample: bytes) -> Optional[str]:
    """Describe ``sample`` if it is the start of a binary file, else ``None``.

    >>> sniff_binary(b"%PDF-1.7 ..."), sniff_binary(b"ab\\x00cd"), sniff_binary("文本".encode())
    ('PDF', 'NUL bytes', None)
    """
    for magic, what in _MAGIC:
        if sample.startswith(magic):
            return what
    if _bom_encoding(sample) in ("utf-16", "utf-32"):
        return None
    if b"\x00" in sample and _utf16_without_bom(sample) is None:
        return "NUL bytes"
    return None


def _utf16_without_bom(sample: bytes) -> Optional[str]:
    """``utf-16-le``/``-be`` when ``sample`` is plausibly BOM-less UTF-16 text."""
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    if even + odd < 2:
        return None
    # ASCII in UTF-16-LE puts its NUL at odd offsets (and some CJK, like
    # U+4E00, one at even offsets): one parity must clearly dominate.
    enc = "utf-16-le" if odd > 3 * even else "utf-16-be" if even > 3 * odd else None
    if enc is None:
        return None
    n = len(sample) - (len(sample) % 2)
    try:
        text = codecs.getincrementaldecoder(enc)().decode(sample[:n])
    except UnicodeDecodeError:
        return None
    if not text or "\x00" in text:
        return None
    ok = sum(1 for c in text if " " <= c <= "~" or c in "\t\r\n\f")
    cjk = len(text) - ok
    if (ok + _chinese_likeness(text) * cjk) / len(text) < 0.9:
        return None
    return enc


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(1 for c in text if (c < " " or "\x7f" <= c <= "\x9f") and c not in _ALLOWED_CONTROLS)
    return bad / len(text) if bad >= 2 else 0.0


def _chinese_likeness(text: str) -> float:
    """Share of non-ASCII characters that are usual in Chinese text."""
    n = good = 0
    for c in text:
        o = ord(c)
        if o < 0x80:
            continue
        n += 1
        if (
            0x4E00 <= o <= 0x9FFF  # CJK unified ideographs
            or 0x3000 <= o <= 0x303F  # CJK punctuation
            or 0xFF01 <= o <= 0xFF5E  # full-width forms
            or 0x2010 <= o <= 0x2027  # dashes, quotes, ellipsis
            or o in (0x00B7, 0x00D7, 0x2030, 0x2103, 0x2160, 0x2161, 0x2162, 0x2460)
        ):
            good += 1
    return good / n if n else 1.0


def _try_decode(sample: bytes, enc: str, complete: bool) -> Optional[str]:
    try:
        return codecs.getincrementaldecoder(enc)("strict").decode(sample, final=complete)
    except (UnicodeDecodeError, LookupError):
        return None


def _looks_like_broken_utf8(sample: bytes) -> Optional[int]:
    """Byte offset of the first bad byte when ``sample`` is UTF-8 with a few
    invalid bytes (rather than another encoding), else ``None``."""
    text = sample.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    good = sum(1 for c in text if c >= "\x80" and c != "\ufffd")
    if good >= 8 and bad * 10 <= good:
        try:
            sample.decode("utf-8")
        except UnicodeDecodeError as e:
            return e.start
    return None


def detect_encoding(sample: bytes, *, complete: bool) -> str:
    """Detect the encoding of a text whose first bytes are ``sample``.

    ``complete`` says ``sample`` is the whole input (otherwise a multi-byte
    character may be cut at its end). Raises :class:`DocfixError`
    (``NOT_TEXT``) for binary or undecodable input.

    >>> big5 = "臺灣的教育資訊化工作，成果豐碩。".encode("big5")
    >>> detect_encoding(big5, complete=True)
    'big5'
    >>> detect_encoding(b"\\xff\\xfe" + "年".encode("utf-16-le"), complete=True)
    'utf-16'
    """
    bom = _bom_encoding(sample)
    if bom:
        return bom
    what = sniff_binary(sample)
    if what:
        raise DocfixError(ExitCode.NOT_TEXT, E.PDF if what == "PDF" else E.BINARY, what=what)
    u16 = _utf16_without_bom(sample) if b"\x00" in sample else None
    if u16:
        return u16
    text = _try_decode(sample, "utf-8", complete)
    if text is not None:
        _check_controls(text)
        return "utf-8"
    bad = _looks_like_broken_utf8(sample)
    if bad is not None:
        raise DocfixError(ExitCode.NOT_TEXT, E.UNDECODABLE, encoding="utf-8", offset=bad)
    decoded = [(enc, t) for enc in _CJK_CANDIDATES for t in [_try_decode(sample, enc, complete)] if t is not None]
    if decoded:
        best_enc, best_text = decoded[0]
        if len(decoded) > 1:
            scores = {enc: _chinese_likeness(t) for enc, t in decoded}
            gb = scores.get("gb18030", -1.0)
            other_enc, other = max(((e, s) for e, s in scores.items() if e != "gb18030"), key=lambda x: x[1])
            if best_enc != "gb18030" or other > gb + 0.05:
                best_enc = other_enc
            elif abs(other - gb) <= 0.05:
                best_enc = _charset_normalizer_pick(sample, [e for e, _ in decoded]) or "gb18030"
            best_text = dict(decoded)[best_enc]
        _check_controls(best_text)
        return best_enc
    enc = _charset_normalizer_pick(sample, None)
    if enc is None:
        raise DocfixError(ExitCode.NOT_TEXT, E.UNKNOWN_TEXT_ENCODING)
    text = _try_decode(sample, enc, complete)
    if text is None:
        raise DocfixError(ExitCode.NOT_TEXT, E.UNKNOWN_TEXT_ENCODING)
    _check_controls(text)
    return enc


def _check_controls(text: str) -> None:
    if _control_ratio(text) > 0.05:
        raise DocfixError(ExitCode.NOT_TEXT, E.BINARY, what="control characters")


def _charset_normalizer_pick(sample: bytes, candidates: Optional[List[str]]) -> Optional[str]:
    try:
        import charset_normalizer
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    try:
        kwargs = {"cp_isolation": candidates} if candidates else {}
        best = charset_normalizer.from_bytes(sample, **kwargs).best()
    except Exception:  # pragma: no cover - defensive: detection must not crash
        return None
    if best is None or best.encoding is None:
        return None
    if candidates is None and best.chaos > 0.3:
        return None
    try:
        return codecs.lookup(best.encoding).name
    except LookupError:  # pragma: no cover
        return None


# ------------------------------------------------------------------ blocks
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


# ------------------------------------------------------------------ input
@dataclass
class Opened:
    raw: BinaryIO
    name: str
    size: Optional[int]  # bytes, when known (regular files)
    close: bool


def _open_input(path: Optional[PathLike]) -> Opened:
    if path is None or str(path) == "-":
        return Opened(sys.stdin.buffer, "<stdin>", None, False)
    p = os.fspath(path)
    try:
        st = os.stat(p)
    except FileNotFoundError:
        if os.path.lexists(p):  # dangling symlink
            raise DocfixError(ExitCode.NO_INPUT, E.UNREADABLE, path=p, reason="broken symbolic link") from None
        raise DocfixError(ExitCode.NO_INPUT, E.NOT_FOUND, path=p) from None
    except OSError as e:
        raise DocfixError(ExitCode.NO_INPUT, E.UNREADABLE, path=p, reason=_reason(e)) from None
    if stat.S_ISDIR(st.st_mode):
        raise DocfixError(ExitCode.NO_INPUT, E.IS_DIR, path=p)
    try:
        raw = open(p, "rb")
    except IsADirectoryError:
        raise DocfixError(ExitCode.NO_INPUT, E.IS_DIR, path=p) from None
    except OSError as e:
        raise DocfixError(ExitCode.NO_INPUT, E.UNREADABLE, path=p, reason=_reason(e)) from None
    size = st.st_size if stat.S_ISREG(st.st_mode) else None
    return Opened(raw, p, size, True)


def _reason(e: BaseException) -> str:
    if isinstance(e, OSError) and e.strerror:
        return e.strerror.lower() if e.strerror[:1].isupper() and e.strerror[1:2].islower() else e.strerror
    return str(e) or type(e).__name__


class TextSource:
    """A text input, decoded incrementally.

    ``TextSource(path)`` opens ``path`` (``"-"`` or ``None``: standard
    input), reads the first :data:`SAMPLE_BYTES` to detect the encoding (or
    uses ``encoding``) and binary content, and raises :class:`DocfixError`
    for every expected problem (missing, unreadable, binary, undecodable,
    empty). Iterate :meth:`blocks` to get the text; ``bytes_read``,
    ``chars`` and ``size`` follow the progress.

    Use as a context manager (closes the file).
    """

    def __init__(self, path: Optional[PathLike], *, encoding: Optional[str] = None):
        self.path = path
        opened = _open_input(path)
        self.name = opened.name
        self._raw = opened.raw
        self._close = opened.close
        self.size = opened.size
        self.bytes_read = 0
        self.chars = 0
        try:
            self._sample = self._read_sample()
            complete = len(self._sample) < SAMPLE_BYTES
            if encoding:
                self.encoding = canonical_encoding(encoding)
                if not self.encoding.startswith(("utf-16", "utf-32")):
                    what = sniff_binary(self._sample)
                    if what:
                        raise DocfixError(ExitCode.NOT_TEXT, E.PDF if what == "PDF" else E.BINARY, what=what)
                self.forced = True
            else:
                if not self._sample:
                    raise DocfixError(ExitCode.EMPTY, E.EMPTY)
                self.encoding = detect_encoding(self._sample, complete=complete)
                self.forced = False
        except DocfixError as e:
            self.close()
            raise e.with_path(self.name)
        except BaseException:
            self.close()
            raise

    def estimated_chars(self) -> Optional[int]:
        """Characters in the whole input, estimated from the sample (``None``
        when the size is unknown, e.g. standard input)."""
        if self.size is None:
            return None
        sample = self._sample[:SAMPLE_BYTES]
        if not sample:
            return self.chars
        n = len(codecs.getincrementaldecoder(self.encoding)("ignore").decode(sample))
        return int(self.size * max(n, 1) / len(sample))

    def _read_sample(self) -> bytes:
        parts: List[bytes] = []
        n = 0
        while n < SAMPLE_BYTES:
            try:
                b = self._raw.read(SAMPLE_BYTES - n)
            except OSError as e:
                raise DocfixError(ExitCode.NO_INPUT, E.UNREADABLE, reason=_reason(e)) from None
            if not b:
                break
            parts.append(b)
            n += len(b)
        self.bytes_read = n
        return b"".join(parts)

    def pieces(self) -> Iterator[str]:
        """Decoded text pieces in input order (about :data:`READ_BYTES` each)."""
        dec = codecs.getincrementaldecoder(self.encoding)("strict")
        consumed = 0
        data = self._sample
        self._sample = b""
        at_end = False
        while True:
            pending = len(dec.getstate()[0]) if hasattr(dec, "getstate") else 0
            try:
                text = dec.decode(data, final=at_end)
            except UnicodeDecodeError as e:
                raise DocfixError(
                    ExitCode.NOT_TEXT, E.UNDECODABLE, path=self.name,
                    encoding=self.encoding, offset=max(0, consumed - pending + e.start),
                ) from None
            consumed += len(data)
            if text:
                self.chars += len(text)
                yield text
            if at_end:
                break
            try:
                data = self._raw.read(READ_BYTES)
            except OSError as e:
                raise DocfixError(ExitCode.NO_INPUT, E.UNREADABLE, path=self.name, reason=_reason(e)) from None
            self.bytes_read += len(data)
            if not data:
                at_end = True
        if self.chars == 0:
            raise DocfixError(ExitCode.EMPTY, E.EMPTY, path=self.name)

    def blocks(self, block_chars: int = DEFAULT_BLOCK_CHARS) -> Iterator[str]:
        """Text blocks of at most ``block_chars`` characters (see :func:`split_blocks`)."""
        yield from split_blocks(self._checked_pieces(), block_chars=block_chars)

    def _checked_pieces(self) -> Iterator[str]:
        checked = False
        for piece in self.pieces():
            if not checked:
                checked = True
                if self.forced:
                    try:
                        _check_controls(piece[:SAMPLE_BYTES])
                    except DocfixError as e:
                        raise e.with_path(self.name)
            yield piece

    def close(self) -> None:
        if self._close:
            try:
                self._raw.close()
            except OSError:  # pragma: no cover
                pass
            self._close = False

    def __enter__(self) -> "TextSource":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


# ------------------------------------------------------------------ output
class Sink:
    """An output that appears completely or not at all.

    ``Sink(path)`` writes to a temporary file next to ``path`` and renames it
    over ``path`` on :meth:`commit`; ``Sink(None)`` (or ``"-"``) spools to
    memory/disk and copies to standard output on :meth:`commit`.
    :meth:`abort` (or leaving a ``with`` block by an exception) removes every
    trace. ``mode`` sets the permission bits of a new file (default: as
    ``open`` would, i.e. 0o666 minus the umask).
    """

    SPOOL_MAX = 8 << 20

    def __init__(self, path: Optional[PathLike], *, encoding: str = "utf-8", mode: Optional[int] = None):
        self.path = None if path is None or str(path) == "-" else os.fspath(path)
        self.name = self.path or "<stdout>"
        self.encoding = canonical_encoding(encoding)
        self._encoder = codecs.getincrementalencoder(self.encoding)("strict")
        self._tmp: Optional[str] = None
        self.bytes_written = 0
        if self.path is None:
            self._raw: BinaryIO = tempfile.SpooledTemporaryFile(max_size=self.SPOOL_MAX, mode="w+b")
            return
        target = Path(self.path)
        if target.is_dir():
            raise DocfixError(ExitCode.CANT_WRITE, E.CANT_WRITE, target=self.path, reason="is a directory")
        parent = target.parent
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".docfix-tmp", dir=str(parent))
        except OSError as e:
            raise DocfixError(ExitCode.CANT_WRITE, E.CANT_WRITE, target=self.path, reason=_write_reason(e, parent)) from None
        self._tmp = tmp
        if mode is None:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        try:
            os.chmod(tmp, mode)
        except OSError:  # pragma: no cover
            pass
        self._raw = os.fdopen(fd, "wb")

    def write(self, text: str) -> None:
        try:
            data = self._encoder.encode(text)
        except UnicodeEncodeError as e:
            ch = e.object[e.start]
            self.abort()
            raise DocfixError(ExitCode.CANT_WRITE, E.CANT_ENCODE, char=ch, codepoint=ord(ch), encoding=self.encoding) from None
        self._write_bytes(data)

    def _write_bytes(self, data: bytes) -> None:
        if not data:
            return
        try:
            self._raw.write(data)
        except OSError as e:
            self.abort()
            raise DocfixError(ExitCode.CANT_WRITE, E.CANT_WRITE, target=self.path, reason=_reason(e)) from None
        self.bytes_written += len(data)

    def commit(self, *, stdout: Optional[BinaryIO] = None) -> None:
        """Make the output appear (rename, or copy the spool to stdout)."""
        self._write_bytes(self._encoder.encode("", final=True))
        if self.path is None:
            out = stdout if stdout is not None else sys.stdout.buffer
            try:
                self._raw.seek(0)
                while True:
                    b = self._raw.read(1 << 20)
                    if not b:
                        break
                    out.write(b)
                out.flush()
            except (BrokenPipeError, OSError) as e:
                raise DocfixError(ExitCode.CANT_WRITE, E.CANT_WRITE, target="<stdout>", reason=_reason(e)) from None
            finally:
                self._raw.close()
            return
        try:
            self._raw.flush()
            os.fsync(self._raw.fileno())
            self._raw.close()
            os.replace(self._tmp, self.path)  # type: ignore[arg-type]
        except OSError as e:
            self.abort()
            raise DocfixError(ExitCode.CANT_WRITE, E.CANT_WRITE, target=self.path, reason=_reason(e)) from None
        self._tmp = None

    def abort(self) -> None:
        """Drop the output: close and remove the temporary file."""
        try:
            self._raw.close()
        except OSError:  # pragma: no cover
            pass
        if self._tmp is not None:
            try:
                os.unlink(self._tmp)
            except OSError:
                pass
            self._tmp = None

    def __enter__(self) -> "Sink":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None:
            self.abort()


def _write_reason(e: OSError, parent: Path) -> str:
    if isinstance(e, FileNotFoundError) and not parent.exists():
        return f"folder {parent} does not exist"
    if isinstance(e, NotADirectoryError):
        return f"{parent} is not a folder"
    return _reason(e)


# ------------------------------------------------------------- helpers
@dataclass
class Decoded:
    text: str
    encoding: str


def read_text(path: Optional[PathLike], *, encoding: Optional[str] = None) -> Decoded:
    """Read a whole text file with encoding detection (raises :class:`DocfixError`).

    Line endings are kept as they are in the file.
    """
    with TextSource(path, encoding=encoding) as src:
        text = "".join(src.pieces())
        return Decoded(text, src.encoding)


def write_text(path: Optional[PathLike], text: str, *, encoding: str = "utf-8") -> None:
    """Write ``text`` atomically (``None``/``"-"``: standard output), line endings as given."""
    sink = Sink(path, encoding=encoding)
    with sink:
        sink.write(text)
        sink.commit()


def backup_file(path: PathLike, suffix: str) -> str:
    """Copy ``path`` to ``path + suffix`` and return the backup's name; an
    existing backup is never overwritten: the next free numbered name
    ``path + suffix + ".~N~"`` is taken instead (as ``cp --backup=numbered``
    numbers its backups), so the oldest backup stays the original.
    """
    base = os.fspath(path) + suffix
    n = 0
    while True:
        dst = base if n == 0 else f"{base}.~{n}~"
        if not os.path.lexists(dst):
            try:
                copy_file_atomic(path, dst, overwrite=False)
                return dst
            except FileExistsError:
                pass  # made meanwhile by someone else: take the next name
        n += 1


def copy_file_atomic(src: PathLike, dst: PathLike, *, overwrite: bool = True) -> None:
    """Copy ``src`` to ``dst`` (bytes and permission bits) atomically;
    with ``overwrite=False`` an existing ``dst`` raises ``FileExistsError``
    and is left as it is."""
    import shutil

    dst_p = Path(dst)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{dst_p.name}.", suffix=".docfix-tmp", dir=str(dst_p.parent))
    except OSError as e:
        raise DocfixError(ExitCode.CANT_WRITE, E.CANT_WRITE, target=str(dst), reason=_write_reason(e, dst_p.parent)) from None
    try:
        with os.fdopen(fd, "wb") as out, open(src, "rb") as inp:
            shutil.copyfileobj(inp, out, 1 << 20)
        shutil.copymode(src, tmp)
        if overwrite:
            os.replace(tmp, dst)
        else:
            try:
                os.link(tmp, dst)  # fails where dst exists: never replaces a file
            finally:
                os.unlink(tmp)
    except FileExistsError:
        raise
    except OSError as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise DocfixError(ExitCode.CANT_WRITE, E.CANT_WRITE, target=str(dst), reason=_reason(e)) from None


"""Reading and writing users' files: encodings, binary files, big inputs.

This is the I/O edge of docfix; everything else works on ``str``.

* **Encodings and binary files** (:mod:`docfix.decoding`): a byte-order
  mark, strict UTF-8, GB18030, Big5, then ``charset_normalizer``; known
  binary signatures, NUL bytes or many control characters are refused.
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

The pieces live in :mod:`docfix.decoding` (encodings, binary files),
:mod:`docfix.blocks` (block cutting) and :mod:`docfix.atomic` (outputs);
this module reads inputs (:class:`TextSource`, :func:`read_text`) and
gathers the names.
"""
from __future__ import annotations

import codecs
import os
import stat
import sys
from dataclasses import dataclass
from typing import BinaryIO, Iterator, List, Optional, Union

from . import errors as E
from .atomic import Sink, backup_file, copy_file_atomic, write_text
from .blocks import DEFAULT_BLOCK_CHARS, MIN_BLOCK_CHARS, split_blocks
from .decoding import SAMPLE_BYTES, canonical_encoding, check_controls, detect_encoding, sniff_binary
from .errors import DocfixError, ExitCode, os_reason

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
    "MIN_BLOCK_CHARS",
    "backup_file",
    "copy_file_atomic",
]

#: Bytes read at a time while streaming.
READ_BYTES = 1 << 18

PathLike = Union[str, "os.PathLike[str]"]


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
        raise DocfixError(ExitCode.NO_INPUT, E.UNREADABLE, path=p, reason=os_reason(e)) from None
    if stat.S_ISDIR(st.st_mode):
        raise DocfixError(ExitCode.NO_INPUT, E.IS_DIR, path=p)
    try:
        raw = open(p, "rb")
    except IsADirectoryError:
        raise DocfixError(ExitCode.NO_INPUT, E.IS_DIR, path=p) from None
    except OSError as e:
        raise DocfixError(ExitCode.NO_INPUT, E.UNREADABLE, path=p, reason=os_reason(e)) from None
    size = st.st_size if stat.S_ISREG(st.st_mode) else None
    return Opened(raw, p, size, True)



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
                raise DocfixError(ExitCode.NO_INPUT, E.UNREADABLE, reason=os_reason(e)) from None
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
                raise DocfixError(ExitCode.NO_INPUT, E.UNREADABLE, path=self.name, reason=os_reason(e)) from None
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
                        check_controls(piece[:SAMPLE_BYTES])
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

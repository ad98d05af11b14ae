"""Outputs that appear completely or not at all.

:class:`Sink` writes to a temporary file in the target folder and renames it
over the target only when complete, so a failure never leaves a half-written
file; standard output is spooled the same way and copied out at the end.
:func:`backup_file` keeps a numbered backup of a file, :func:`copy_file_atomic`
copies one atomically. Line endings are written as given.
"""
from __future__ import annotations

import codecs
import os
import sys
import tempfile
from pathlib import Path
from typing import BinaryIO, Optional, Union

from . import errors as E
from .decoding import canonical_encoding
from .errors import DocfixError, ExitCode, os_reason

__all__ = ["Sink", "write_text", "backup_file", "copy_file_atomic"]

PathLike = Union[str, "os.PathLike[str]"]


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
            raise DocfixError(ExitCode.CANT_WRITE, E.CANT_WRITE, target=self.path, reason=os_reason(e)) from None
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
                raise DocfixError(ExitCode.CANT_WRITE, E.CANT_WRITE, target="<stdout>", reason=os_reason(e)) from None
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
            raise DocfixError(ExitCode.CANT_WRITE, E.CANT_WRITE, target=self.path, reason=os_reason(e)) from None
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
    return os_reason(e)


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
        raise DocfixError(ExitCode.CANT_WRITE, E.CANT_WRITE, target=str(dst), reason=os_reason(e)) from None


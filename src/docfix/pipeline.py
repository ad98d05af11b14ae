"""The batch pipeline: read each input in order, cut it into blocks, submit
them (to an executor of :mod:`docfix.executors`) and yield the events a
writer needs (:class:`Opened`, :class:`Piece`, :class:`Closed`,
:class:`Failed`), in input order, with a bounded number of blocks in flight
(:func:`lookahead`)."""
from __future__ import annotations

import os
import sys
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Callable, Deque, Iterable, Iterator, List, Optional, Sequence, Tuple, Union

from . import errors as E
from .errors import DocfixError, ExitCode, first_line
from .formats import HTML_MAX_CHARS
from .jobs import Config
from .textio import TextSource
from .worker import run_block, run_pdf

__all__ = ["Opened", "Piece", "Closed", "Failed", "Event", "failure", "read_inputs", "lookahead",
           "PdfSource", "is_pdf", "numbered_blocks"]


# ====================================================================== inputs
class PdfSource:
    """A PDF input, read whole at the start (pages streamed by pdfminer):
    the interface of :class:`docfix.textio.TextSource` that :func:`read_inputs` uses."""

    encoding = "utf-8"

    def __init__(self, path: str, password: Optional[str], shapes: bool = True):
        from .pdf import extract

        self.doc = extract(path, password=password)
        self.bytes_read = os.path.getsize(path)
        if shapes:
            _note_shape_fonts(self.doc)

    def estimated_chars(self) -> int:
        return len(self.doc.text)

    def __enter__(self) -> "PdfSource":
        return self

    def __exit__(self, *exc: Any) -> None:
        pass


_NOTED: List[bool] = []


def _note_shape_fonts(doc: Any) -> None:
    """Say once per run when a PDF's unknown glyphs cannot be compared by
    shape because there is no reference font (docfix.shapes)."""
    if doc.programs and not _NOTED:
        from .shapes import default_references

        if not default_references():
            _NOTED.append(True)
            try:
                sys.stderr.write("docfix: " + E.NO_SHAPE_FONTS + "\n")
            except (OSError, ValueError):  # pragma: no cover - stderr gone
                pass


def is_pdf(path: Optional[str]) -> bool:
    """Whether the file at ``path`` is a PDF (by its signature)."""
    if path is None:
        return False
    try:
        with open(path, "rb") as f:
            return f.read(5) == b"%PDF-"
    except OSError:
        return False  # reported by the text reader, with its own message


def numbered_blocks(src: Any, cfg: Config, name: str) -> Any:
    """``(block text, input offset of the block)`` pairs of ``src``."""
    pos = 0
    for text in src.blocks(cfg.block_chars):
        if cfg.fmt == "html" and pos + len(text) > HTML_MAX_CHARS:
            raise DocfixError(ExitCode.TOO_LARGE, E.TOO_LARGE, path=name, fmt="html",
                              size=f"over {HTML_MAX_CHARS:,}", limit=f"{HTML_MAX_CHARS:,}")
        yield text, pos
        pos += len(text)


# ====================================================================== events
@dataclass
class Opened:
    """An input was opened: outputs can start (``encoding`` as detected;
    ``at``: when, by ``time.perf_counter``, so that the time an input took
    counts from its opening even when the consumer reads events later)."""

    index: int
    encoding: str
    at: float = field(default_factory=time.perf_counter)


@dataclass
class Piece:
    """A block of an input, submitted for repair."""

    index: int
    future: Any
    bytes_read: int  # of the input, once this block was read
    chars: int


@dataclass
class Closed:
    """An input was read to its end."""

    index: int


@dataclass
class Failed:
    """An input could not be read (or repaired): ``code`` and one ``message`` line."""

    index: int
    code: int
    message: str


Event = Union[Opened, Piece, Closed, Failed]


def failure(e: BaseException, name: str, *, debug: bool = False) -> Tuple[int, str]:
    """Exit code and one-line message for an input that failed with ``e``."""
    if isinstance(e, DocfixError):
        return int(e.code), (e.with_path(name).line if e.code != ExitCode.RESOURCES else e.line)
    if isinstance(e, MemoryError):
        return int(ExitCode.INTERNAL), f"{name}: " + E.INTERNAL.format(kind="MemoryError", reason="out of memory")
    if debug:
        raise e
    return int(ExitCode.INTERNAL), f"{name}: " + E.INTERNAL.format(kind=type(e).__name__, reason=first_line(e))


def read_inputs(items: Sequence[Any], cfg: Any, submit: Callable[..., Any]) -> Iterator[Event]:
    """Read ``items`` (:class:`docfix.jobs.Item`) in order and submit their
    blocks; yields the events a writer needs, in input order."""
    for it in items:
        if it.error:
            yield Failed(it.index, *it.error)
            continue
        try:
            pdf = cfg.command == "repair" and is_pdf(it.path)
            with (PdfSource(it.path, cfg.password, cfg.shapes) if pdf else TextSource(it.path, encoding=cfg.encoding)) as src:
                if cfg.fmt == "html":
                    est = src.estimated_chars()
                    if est is not None and est > HTML_MAX_CHARS:
                        raise DocfixError(ExitCode.TOO_LARGE, E.TOO_LARGE, path=it.name, fmt="html",
                                          size=f"about {est:,}", limit=f"{HTML_MAX_CHARS:,}")
                yield Opened(it.index, src.encoding)
                if pdf:
                    yield Piece(it.index, submit(run_pdf, cfg, src.doc), src.bytes_read, len(src.doc.text))
                else:
                    for text, base in numbered_blocks(src, cfg, it.name):
                        yield Piece(it.index, submit(run_block, cfg, text, base), src.bytes_read, len(text))
            yield Closed(it.index)
        except Exception as e:  # noqa: BLE001 - reported for this input; the others go on
            yield Failed(it.index, *failure(e, it.name, debug=cfg.debug))


def lookahead(events: Iterable[Event], window: int) -> Iterator[Event]:
    """``events`` in order, pulled ahead so that up to ``window`` blocks are
    in flight (submitted, not yet consumed) while the caller waits on the
    first. Leaving early cancels what was submitted ahead."""
    buf: Deque[Event] = deque()
    source = iter(events)
    inflight = 0
    done = False
    try:
        while True:
            while not done and inflight < window:
                ev = next(source, None)
                if ev is None:
                    done = True
                    break
                buf.append(ev)
                inflight += isinstance(ev, Piece)
            if not buf:
                return
            ev = buf.popleft()
            inflight -= isinstance(ev, Piece)
            yield ev
    finally:
        for ev in buf:
            if isinstance(ev, Piece):
                ev.future.cancel()
        close = getattr(source, "close", None)
        if close is not None:
            close()

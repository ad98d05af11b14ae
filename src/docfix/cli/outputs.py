"""Writing a run's outputs: each input read, repaired and written to its
target in order (:func:`write_outputs`), committed atomically with its
backup and manifest line while signals are held back; finished outputs
copied to the one output stream (stdout or ``-o FILE``)."""
from __future__ import annotations

import os
import threading
import time
from typing import Any, BinaryIO, Dict, Iterator, Optional, Sequence, Tuple

from .. import __version__
from .. import errors as E
from ..atomic import Sink, backup_file
from ..errors import DocfixError, ExitCode, exception_text
from ..formats import error_record, make_writer
from ..jobs import Config, Item, Outcome, Target
from ..manifest import file_stat
from ..pipeline import Failed, Opened, Piece, failure, lookahead, read_inputs
from .console import Progress, quiet_stdout

__all__ = ["write_outputs", "signals_deferred", "open_output", "emit", "emit_error", "stream_write"]


def write_outputs(cfg: Config, todo: Sequence[Tuple[Item, Target]], executor: Any, progress: Progress,
                  manifest: Any, several: bool) -> Iterator[Outcome]:
    """Read, repair (on ``executor``) and write each input to its target, in
    order; yields each input's :class:`Outcome` once its output is committed
    (or dropped, where it failed)."""
    items = [it for it, _ in todo]
    by_index = {it.index: (it, tg) for it, tg in todo}
    kind = "normalize" if cfg.command == "normalize" else "repair"
    sink: Optional[Sink] = None
    writer: Any = None
    out: Optional[Outcome] = None
    t0 = 0.0
    n_blocks = 0
    threshold: Optional[float] = cfg.threshold
    input_stat: Any = None
    try:
        for ev in lookahead(read_inputs(items, cfg, executor.submit), 2 * executor.workers):
            it, tg = by_index[ev.index]
            if isinstance(ev, Opened):
                out, t0, n_blocks = Outcome(it.index, it.name), ev.at, 0
                input_stat = file_stat(it.path) if it.path else None
                try:
                    with signals_deferred():  # (a signal between its temporary file and `sink` would leave the file)
                        sink, writer = open_output(cfg, it, tg, ev.encoding, kind)
                except DocfixError as e:
                    out.code, out.message = failure(e, it.name)
                continue
            if isinstance(ev, Piece):
                if out is None or not out.ok:
                    continue  # this input failed already: its other blocks are dropped
                try:
                    block, thr = ev.future.result()
                    if thr is not None:
                        threshold = thr
                    writer.block(block)
                except Exception as e:  # noqa: BLE001 - this input fails; the others go on
                    out.code, out.message = failure(e, it.name, debug=cfg.debug)
                    if sink is not None:
                        sink.abort()
                        sink = None
                    continue
                n_blocks += 1
                out.chars += len(block.input)
                for e in block.edits:
                    if e.applied:
                        out.applied += 1
                    else:
                        out.reported += 1
                out.changes += len(block.changes)
                progress.partial(ev.bytes_read)
                continue
            if isinstance(ev, Failed):
                if out is None or out.index != ev.index or out.ok:
                    out = Outcome(it.index, it.name, ev.code, ev.message)
            elif out is not None and out.ok:  # Closed: finish the output
                try:
                    out.seconds = time.perf_counter() - t0
                    summary: Dict[str, Any] = {
                        "chars": out.chars, "edits": out.applied + out.reported, "applied": out.applied,
                        "reported": out.reported, "blocks": n_blocks, "seconds": round(out.seconds, 3),
                    }
                    if kind == "repair":
                        summary["threshold"] = threshold
                        summary["normalized"] = cfg.normalize
                    if cfg.normalize or kind == "normalize":
                        summary["changes"] = out.changes
                    writer.end(summary)
                    with signals_deferred():  # backup, output and its manifest line: all or none
                        if tg.kind == "inplace" and tg.backup:
                            backup_file(tg.path, tg.backup)
                        assert sink is not None
                        sink.commit()
                        sink = None
                        if tg.kind == "spool":
                            out.spool = tg.path
                        elif manifest is not None:
                            manifest.add(input_stat, tg.path)
                except DocfixError as e:
                    out.code, out.message = failure(e, it.name)
            if sink is not None:
                sink.abort()
                sink = None
            assert out is not None
            o, out = out, None
            yield o
    finally:
        if sink is not None:
            sink.abort()


class signals_deferred:
    """Hold SIGINT, SIGTERM and SIGHUP back for the duration (they are
    delivered when it ends), where available."""

    _SIGS = ("SIGINT", "SIGTERM", "SIGHUP")

    def __enter__(self) -> "signals_deferred":
        import signal

        self.sigs = {getattr(signal, n) for n in self._SIGS if hasattr(signal, n)}
        self.old = None
        if hasattr(signal, "pthread_sigmask") and threading.current_thread() is threading.main_thread():
            self.old = signal.pthread_sigmask(signal.SIG_BLOCK, self.sigs)
        return self

    def __exit__(self, *exc: Any) -> None:
        import signal

        if self.old is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, self.old)


def open_output(cfg: Config, it: Item, tg: Target, encoding: str, kind: str) -> Tuple[Any, Any]:
    """The sink (temporary file, renamed into place on commit) and the format writer of one input."""
    out_enc = encoding if cfg.output_encoding == "input" else cfg.output_encoding
    mode = os.stat(tg.path).st_mode & 0o7777 if tg.kind == "inplace" else None
    if tg.mkdirs:
        try:
            os.makedirs(os.path.dirname(tg.path) or ".", exist_ok=True)
        except OSError as e:
            raise DocfixError(ExitCode.CANT_WRITE, E.CANT_WRITE, target=tg.path, reason=exception_text(e)) from None
    sink = Sink(tg.path, encoding=out_enc, mode=mode)
    meta = {
        "version": __version__,
        "file": it.name,
        "encoding": encoding,
        "from": it.name if it.path else "stdin",
        "to": it.name if it.path else "stdout",
        "normalized": cfg.normalize or cfg.command == "normalize",
    }
    try:
        return sink, make_writer(cfg.fmt, sink, meta, kind=kind)
    except BaseException:
        sink.abort()
        raise


def emit(o: Outcome, final: Any, stdout: Optional[BinaryIO]) -> None:
    """Copy a finished spooled output to the output stream, and drop it."""
    assert o.spool is not None
    try:
        with open(o.spool, "rb") as f:
            while True:
                b = f.read(1 << 20)
                if not b:
                    break
                stream_write(b, final, stdout)
    finally:
        os.unlink(o.spool)
        o.spool = None


def emit_error(cfg: Config, o: Outcome, final: Any, stdout: Optional[BinaryIO]) -> None:
    """A failed input's error record in a jsonl stream."""
    import json

    enc = "utf-8" if cfg.output_encoding == "input" else cfg.output_encoding
    rec = json.dumps(error_record(__version__, o.name, o.code, o.message), ensure_ascii=False)
    stream_write((rec + "\n").encode(enc, "replace"), final, stdout)


def stream_write(b: bytes, final: Any, stdout: Optional[BinaryIO]) -> None:
    if final is not None:
        final._write_bytes(b)
        return
    assert stdout is not None
    try:
        stdout.write(b)
        stdout.flush()
    except BrokenPipeError:
        # the reader went away (docfix ... | head): stop quietly, like cat
        quiet_stdout()
        err = DocfixError(ExitCode.CANT_WRITE, E.CANT_WRITE, target="<stdout>", reason="broken pipe")
        err.silent = True  # type: ignore[attr-defined]
        raise err from None
    except OSError as e:
        raise DocfixError(ExitCode.CANT_WRITE, E.CANT_WRITE, target="<stdout>", reason=exception_text(e)) from None

"""Batches of files: repaired in order on one process, on local worker
processes, or on a Dask cluster, through one code path.

The process that runs a batch reads every input and writes every output;
the workers only repair text (a block of a file, or a PDF's extracted text),
so they need the package and its model but no shared filesystem. Work is
split by file and by the blocks of a big file (:func:`docfix.textio.split_blocks`),
a bounded number of blocks is in flight, and results come back in input order.

>>> from docfix.batch import repair_files
>>> [(r.path, r.code, r.message) for r in repair_files(["no-such-file.txt"])]
[('no-such-file.txt', 3, 'no-such-file.txt: no such file or directory')]

A good file gives ``r.repair``, a :class:`docfix.Repair` of the whole file.
With a Dask cluster::

    from distributed import Client
    with Client("tcp://host:8786") as client:
        for r in repair_files(paths, client=client):
            ...
"""
from __future__ import annotations

import hashlib
import json
import os
import threading
from collections import deque
from dataclasses import asdict, dataclass
from typing import Any, Callable, Deque, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple, Union

from . import errors as E
from .errors import DocfixError, ExitCode

__all__ = ["FileResult", "repair_files", "connect", "Manifest"]

PathLike = Union[str, "os.PathLike[str]"]


# ====================================================================== worker side
_ENGINES: Dict[str, Any] = {}
_ENGINES_LOCK = threading.Lock()


def _key(cfg: Any) -> str:
    return json.dumps(asdict(cfg), sort_keys=True, default=str)


def engine_for(cfg: Any) -> Any:
    """The process's engine for ``cfg`` (a :class:`docfix.cli.Config`),
    made once: a worker loads the model on its first task only."""
    from .cli import Engine

    k = _key(cfg)
    eng = _ENGINES.get(k)
    if eng is None:
        with _ENGINES_LOCK:
            eng = _ENGINES.get(k)
            if eng is None:
                eng = Engine(cfg)
                if cfg.command == "repair":
                    eng.repairer()  # raises DocfixError (model missing or broken) here
                _ENGINES[k] = eng
    return eng


def run_block(cfg: Any, text: str, base: int) -> Tuple[Any, Optional[float]]:
    """Repair (or normalise) one block: ``(formats.Block, threshold used)``."""
    eng = engine_for(cfg)
    return eng.block(text, base), eng.threshold


def run_pdf(cfg: Any, doc: Any) -> Tuple[Any, Optional[float]]:
    """Repair a PDF's extracted text (:class:`docfix.pdf.PdfText`) as one block."""
    eng = engine_for(cfg)
    return eng.pdf_block(doc), eng.threshold


def _init_local_worker() -> None:
    import signal
    import warnings

    warnings.simplefilter("ignore")
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    # SIGTERM/SIGHUP: the default action (the parent stops the pool)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)


# ====================================================================== executors
class InlineExecutor:
    """Runs each task at once, in this process (``--jobs 1``)."""

    workers = 1

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any:
        from concurrent.futures import Future

        f: Any = Future()
        try:
            f.set_result(fn(*args))
        except KeyboardInterrupt:
            raise
        except BaseException as e:  # noqa: BLE001 - delivered by result(), as a pool would
            f.set_exception(e)
        return f

    def close(self, *, abort: bool = False) -> None:
        pass


class LocalExecutor:
    """``jobs`` worker processes on this machine (``--jobs N``)."""

    def __init__(self, jobs: int):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self.workers = jobs
        self._ex = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"),
                                       initializer=_init_local_worker)

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any:
        return self._ex.submit(fn, *args)

    def close(self, *, abort: bool = False) -> None:
        if abort:  # interrupted: do not wait for blocks in progress
            for p in list(getattr(self._ex, "_processes", {}).values()):
                try:
                    p.terminate()
                except Exception:  # noqa: BLE001 - already gone
                    pass
        self._ex.shutdown(wait=not abort, cancel_futures=True)


class DaskExecutor:
    """Tasks on a Dask cluster through a ``distributed.Client``.

    A worker that dies takes its tasks with it; the scheduler runs them again
    on another worker (``distributed.scheduler.allowed-failures`` times)."""

    def __init__(self, client: Any, *, owned: Optional[List[Any]] = None):
        self.client = client
        self._owned = owned or []
        info = client.scheduler_info()
        self.workers = max(1, sum(int(w.get("nthreads", 1)) for w in info.get("workers", {}).values()))

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any:
        return self.client.submit(fn, *args, pure=False)

    def close(self, *, abort: bool = False) -> None:
        for obj in self._owned:  # the client, then the cluster we started
            try:
                obj.close()
            except Exception:  # noqa: BLE001 - closing a cluster that is going away
                pass


def connect(scheduler: str) -> DaskExecutor:
    """A :class:`DaskExecutor` for ``--scheduler``: ``tcp://HOST:PORT`` (a
    running scheduler), ``local:N`` (a local cluster of N worker processes,
    one thread each, started now and closed with the executor), or the path
    of a scheduler file (``dask scheduler --scheduler-file``)."""
    try:
        import logging

        from distributed import Client, LocalCluster
    except ImportError as e:
        raise DocfixError(ExitCode.RESOURCES, E.COMPONENT_MISSING, name="Dask (pip install 'docfix[cluster]')",
                          reason=f"{type(e).__name__}: {e}") from None
    try:
        if scheduler.startswith("local:"):
            n = int(scheduler.split(":", 1)[1])
            if n < 1:
                raise ValueError(n)
            cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                   dashboard_address=None, silence_logs=logging.ERROR)
            client = Client(cluster)
            return DaskExecutor(client, owned=[client, cluster])
        if os.path.isfile(scheduler):
            client = Client(scheduler_file=scheduler, timeout="10s")
        else:
            client = Client(scheduler, timeout="10s")
        return DaskExecutor(client, owned=[client])
    except ValueError:
        raise DocfixError(ExitCode.USAGE, E.BAD_SCHEDULER, value=scheduler) from None
    except OSError as e:
        raise DocfixError(ExitCode.RESOURCES, E.NO_SCHEDULER, value=scheduler,
                          reason=" ".join(str(e).split())[:200]) from None


# ====================================================================== the pipeline
@dataclass
class Opened:
    """An input was opened: outputs can start (``encoding`` as detected)."""

    index: int
    encoding: str


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
    from .cli import _first_line

    return int(ExitCode.INTERNAL), f"{name}: " + E.INTERNAL.format(kind=type(e).__name__, reason=_first_line(e))


def read_inputs(items: Sequence[Any], cfg: Any, submit: Callable[..., Any]) -> Iterator[Event]:
    """Read ``items`` (:class:`docfix.cli.Item`) in order and submit their
    blocks; yields the events a writer needs, in input order."""
    from .cli import PdfSource, is_pdf, numbered_blocks
    from .formats import HTML_MAX_CHARS
    from .textio import TextSource

    for it in items:
        if it.error:
            yield Failed(it.index, *it.error)
            continue
        try:
            pdf = cfg.command == "repair" and is_pdf(it.path)
            with (PdfSource(it.path, cfg.password) if pdf else TextSource(it.path, encoding=cfg.encoding)) as src:
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


# ====================================================================== resuming
MANIFEST = ".docfix-manifest.jsonl"


def settings_digest(cfg: Any) -> str:
    """What makes two runs' outputs comparable: the settings that change an
    output, the package version and the model file's identity."""
    from . import __version__

    d = asdict(cfg)
    d.pop("debug", None)
    d.pop("password", None)
    d["version"] = __version__
    model = d.get("model")
    if model:
        try:
            st = os.stat(model)
            d["model_stat"] = [st.st_size, st.st_mtime_ns]
        except OSError:
            pass
    return hashlib.sha256(json.dumps(d, sort_keys=True, default=str).encode()).hexdigest()[:16]


def file_stat(path: str) -> Optional[List[int]]:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


class Manifest:
    """The record of what a batch finished, one JSON line per output, kept
    beside the outputs (``-o DIR``: ``DIR/.docfix-manifest.jsonl``), or for
    ``--in-place`` in the user's cache folder
    (``$XDG_CACHE_HOME/docfix/inplace-<digest of the inputs' folder>.jsonl``,
    so that nothing is added to the user's folders).

    An input counts as done when the manifest has a line for it written
    with the same settings (:func:`settings_digest`), and both the input and
    its output still have the size and modification time recorded then.
    A line is added right after its output was committed (renamed into
    place), so a run stopped at any point redoes at most the files it was
    working on. A torn last line is ignored."""

    def __init__(self, path: str, settings: str):
        self.path = path
        self.settings = settings
        self.done: Dict[str, Dict[str, Any]] = {}
        try:
            with open(path, encoding="utf-8") as f:
                for line in f:
                    try:
                        rec = json.loads(line)
                    except ValueError:
                        continue
                    if isinstance(rec, dict) and rec.get("settings") == settings and "output" in rec:
                        self.done[str(rec["output"])] = rec
        except OSError:
            pass
        self._lock = threading.Lock()

    def is_done(self, input_path: Optional[str], output_path: str) -> bool:
        rec = self.done.get(os.path.abspath(output_path))
        if rec is None or input_path is None:
            return False
        if file_stat(output_path) != rec.get("output_stat"):
            return False
        if os.path.realpath(input_path) == os.path.realpath(output_path):
            return True  # in place: the output is the input
        return file_stat(input_path) == rec.get("input_stat")

    def add(self, input_stat: Optional[List[int]], output_path: str) -> None:
        rec = {"output": os.path.abspath(output_path), "output_stat": file_stat(output_path),
               "input_stat": input_stat, "settings": self.settings}
        with self._lock:
            try:
                with open(self.path, "a", encoding="utf-8") as f:
                    f.write(json.dumps(rec, ensure_ascii=False) + "\n")
            except OSError:
                pass  # resuming is a convenience: a read-only folder only loses it


def manifest_for(cfg: Any, out_dir: Optional[str], inplace_paths: Sequence[str]) -> Optional[Manifest]:
    """The batch's manifest, or ``None`` where outputs go to a stream."""
    if out_dir is not None:
        return Manifest(os.path.join(out_dir, MANIFEST), settings_digest(cfg))
    if inplace_paths:
        root = os.path.commonpath([os.path.dirname(os.path.realpath(p)) for p in inplace_paths])
        cache = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        name = "inplace-" + hashlib.sha256(root.encode("utf-8", "surrogateescape")).hexdigest()[:16] + ".jsonl"
        folder = os.path.join(cache, "docfix")
        try:
            os.makedirs(folder, exist_ok=True)
        except OSError:
            return None  # no cache folder: nothing is resumed, nothing is lost
        return Manifest(os.path.join(folder, name), settings_digest(cfg))
    return None


# ====================================================================== library entry
@dataclass
class FileResult:
    """One input of :func:`repair_files`.

    ``repair`` is the whole file's :class:`docfix.Repair` (its blocks joined,
    offsets into the file's text), or ``None`` where the file failed:
    ``code`` (the CLI's exit code for it) and ``message`` say why."""

    path: str
    repair: Any = None
    code: int = 0
    message: str = ""
    encoding: str = ""


def repair_files(
    paths: Sequence[PathLike],
    *,
    client: Any = None,
    jobs: int = 1,
    threshold: Optional[float] = None,
    model: Optional[PathLike] = None,
    lexicon: Optional[PathLike] = None,
    encoding: Optional[str] = None,
    block_chars: int = 200_000,
) -> Iterator[FileResult]:
    """Repair many files, in input order, on this process, ``jobs`` local
    processes or a Dask cluster.

    Parameters
    ----------
    paths : sequence of path
        Text files (any encoding :mod:`docfix.textio` detects) or PDFs.
    client : distributed.Client, optional
        Run the repairs on this Dask cluster (each worker loads the model
        once). The caller keeps the client (it is not closed).
    jobs : int
        Local worker processes when there is no ``client`` (1: this process).
    threshold, model, lexicon
        As for :func:`docfix.repair` (default threshold: the model's).
    encoding : str, optional
        Input encoding (default: detected per file).
    block_chars : int
        Big files are repaired in blocks of about this many characters.

    Yields
    ------
    FileResult
        One per path, in order; a failed file does not stop the others.
    """
    from .cli import Config, Item
    from .result import Repair

    cfg = Config(command="repair", threshold=threshold, model=None if model is None else os.fspath(model),
                 lexicon=None if lexicon is None else [os.fspath(lexicon)], encoding=encoding,
                 block_chars=block_chars)
    items = [Item(i, os.fspath(p), os.fspath(p), os.path.basename(os.fspath(p))) for i, p in enumerate(paths)]
    ex: Any
    if client is not None:
        ex = DaskExecutor(client)
    elif jobs > 1:
        ex = LocalExecutor(jobs)
    else:
        ex = InlineExecutor()
    try:
        cur: Optional[FileResult] = None
        blocks: List[Any] = []
        for ev in lookahead(read_inputs(items, cfg, ex.submit), 2 * ex.workers):
            name = items[ev.index].name
            if isinstance(ev, Opened):
                cur, blocks = FileResult(name, encoding=ev.encoding), []
            elif isinstance(ev, Piece):
                if cur is None or cur.code:
                    continue
                try:
                    blocks.append(ev.future.result()[0])
                except Exception as e:  # noqa: BLE001 - this file fails; the others go on
                    cur.code, cur.message = failure(e, name)
                    if cur.code == ExitCode.RESOURCES:
                        raise
            elif isinstance(ev, Closed):
                assert cur is not None
                if not cur.code:
                    text_in = "".join(b.input for b in blocks)
                    edits = [e for b in blocks for e in b.edits]
                    dropped: Dict[str, float] = {}
                    for b in blocks:
                        for g, p in b.dropped.items():
                            dropped[g] = max(dropped.get(g, 0.0), p)
                    cur.repair = Repair("".join(b.output for b in blocks), edits, dropped, text_in)
                yield cur
                cur = None
            else:  # Failed
                if cur is not None and cur.code:
                    yield cur  # failed while repairing; reading stopped too
                else:
                    yield FileResult(name, code=ev.code, message=ev.message)
                cur = None
    except BaseException:
        ex.close(abort=True)
        raise
    else:
        ex.close()

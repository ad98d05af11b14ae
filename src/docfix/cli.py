"""The ``docfix`` command.

::

    docfix [OPTIONS] FILE|DIR|GLOB|- ...      repair (restore dropped glyphs)
    docfix normalize [OPTIONS] FILE ...       normalise only
    docfix train ...                          train a character model
    docfix bench ...                          run the benchmark

A word given first that names a sub-command is the sub-command; a file of that
name is given as ``./train`` (or after ``--``). Problems are reported as one
line ``docfix: ...`` on stderr with the exit codes of :mod:`docfix.errors`;
outputs are written atomically (temporary file + rename), never half.
"""
from __future__ import annotations

import argparse
import dataclasses
import glob
import os
import shutil
import sys
import tempfile
import threading
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Callable, Dict, Iterator, List, Optional, Sequence, Tuple

from . import __version__
from . import errors as E
from .errors import EXIT_CODE_TABLE, DocfixError, ExitCode

__all__ = ["main"]

SUBCOMMANDS = ("normalize", "train", "bench")
_GLOB_CHARS = set("*?[")
DEFAULT_INCLUDE = ["*.txt", "*.pdf"]


# ====================================================================== config
@dataclass
class Config:
    """Everything a worker needs (picklable)."""

    command: str = "repair"  # "repair" | "normalize"
    fmt: str = "text"
    threshold: Optional[float] = None
    model: Optional[str] = None
    lexicon: Optional[List[str]] = None
    normalize: bool = False
    switches: Dict[str, Any] = field(default_factory=dict)
    encoding: Optional[str] = None
    output_encoding: str = "utf-8"  # or "input"
    block_chars: int = 200_000
    debug: bool = False
    password: Optional[str] = None  # of encrypted PDF inputs
    ocr: bool = False  # also correct OCR look-alikes (docfix.ocr)


@dataclass
class Item:
    index: int
    name: str  # as shown to the user
    path: Optional[str]  # None: standard input
    rel: str  # relative output name in -o DIR mode
    error: Optional[Tuple[int, str]] = None  # failure found while expanding


@dataclass
class Target:
    kind: str  # "spool" | "file" | "inplace"
    path: str
    backup: Optional[str] = None
    mkdirs: bool = False


@dataclass
class Outcome:
    index: int
    name: str
    code: int = 0
    message: str = ""
    chars: int = 0
    applied: int = 0
    reported: int = 0
    changes: int = 0
    spool: Optional[str] = None
    seconds: float = 0.0
    skipped: bool = False  # finished by an earlier run (resumed batch)

    @property
    def ok(self) -> bool:
        return self.code == 0

    @property
    def fatal(self) -> bool:
        # the model/engine cannot load: every other input would fail the same way
        return self.code == ExitCode.RESOURCES


# ====================================================================== engine
class Engine:
    """Per-process resources: the repairer (loaded once, on first use) and
    the normaliser."""

    def __init__(self, cfg: Config):
        self.cfg = cfg
        self._repairer: Any = None
        self._normalize: Any = None
        self.threshold: Optional[float] = cfg.threshold
        self._extra: Dict[str, Any] = {"ocr": True} if cfg.ocr else {}  # options beyond the threshold

    def repairer(self) -> Any:
        if self._repairer is None:
            self._repairer = load_repairer(self.cfg.model, self.cfg.lexicon)
            if self.threshold is None:
                thr = getattr(self._repairer, "threshold", None)
                self.threshold = None if thr is None else float(thr)
        return self._repairer

    def normalizer(self) -> Callable[..., Any]:
        if self._normalize is None:
            self._normalize = load_normalize(self.cfg.switches)
        return self._normalize

    def block(self, text: str, base: int) -> Any:
        from .formats import Block

        cfg = self.cfg
        if cfg.command == "normalize":
            n = self.normalizer()(text, **cfg.switches)
            return Block(base, text, n.text, [], [], [_change_dict(c, base) for c in n.changes])
        rep = self.repairer()
        if cfg.normalize:
            n = self.normalizer()(text, **cfg.switches)
            r = rep.repair(n.text, threshold=self.threshold, **self._extra)
            from .result import apply_edits

            # A trace that normalisation made (a character a lossy mojibake
            # reader lost, U+FFFD) has no span of its own in the input: its
            # reading is reported for review, never applied.
            own = []
            for e in r.edits:
                start = _to_input(n, e.offset, len(text))
                replaces = text[start:_to_input(n, e.end, len(text))] if e.replaces else ""
                if e.replaces and replaces != e.replaces:
                    e = dataclasses.replace(e, applied=False, reason=e.reason + "; inside a normalised span: "
                                            "reported for review")
                    replaces = ""  # proposed at the span's position: it has no input text of its own
                own.append((e, start, replaces))
            out_text = apply_edits(n.text, [e for e, _, _ in own])
            marks: List[int] = []
            edits = []
            shift = 0
            for e, start, replaces in own:
                marks.append(e.offset + shift)
                if e.applied:
                    shift += len(e.insert) - len(e.replaces)
                # a replaced trace, as the input writes it
                edits.append(dataclasses.replace(e, offset=base + start, replaces=replaces))
            changes = [_change_dict(c, base) for c in n.changes]
            return Block(base, text, out_text, edits, marks, changes, dict(r.dropped))
        r = rep.repair(text, threshold=self.threshold, **self._extra)
        edits = [dataclasses.replace(e, offset=e.offset + base) for e in r.edits] if base else list(r.edits)
        return Block(base, text, r.text, edits, None, [], dict(r.dropped))

    def pdf_block(self, doc: Any) -> Any:
        """Repair the text of a PDF (:class:`docfix.pdf.PdfText`) with its glyph traces, as one block."""
        from .formats import Block

        r = self.repairer().repair_extracted(doc, threshold=self.threshold)
        return Block(0, doc.text, r.text, list(r.edits), None, [], dict(r.dropped))


class PdfSource:
    """A PDF input, read whole at the start (pages streamed by pdfminer):
    the interface of :class:`docfix.textio.TextSource` that :func:`process` uses."""

    encoding = "utf-8"

    def __init__(self, path: str, password: Optional[str]):
        from .pdf import extract

        self.doc = extract(path, password=password)
        self.bytes_read = os.path.getsize(path)

    def estimated_chars(self) -> int:
        return len(self.doc.text)

    def __enter__(self) -> "PdfSource":
        return self

    def __exit__(self, *exc: Any) -> None:
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


def load_repairer(model: Optional[str], lexicon: Optional[List[str]]) -> Any:
    try:
        from . import restore
    except Exception as e:  # noqa: BLE001 - any import failure is "engine unavailable"
        raise DocfixError(ExitCode.RESOURCES, E.COMPONENT_MISSING, name="repair engine", reason=_exc(e)) from None
    lex: Any = None
    if lexicon:
        lex = lexicon[0] if len(lexicon) == 1 else list(lexicon)
    try:
        with _native_stderr_silenced():  # KenLM's C++ writes progress bars to fd 2
            return restore.Repairer(model, lex)
    except FileNotFoundError as e:
        raise DocfixError(ExitCode.RESOURCES, E.MODEL_BROKEN, reason=_short(str(e) or _exc(e))) from None
    except MemoryError:
        raise
    except Exception as e:  # noqa: BLE001 - a broken model file raises anything
        if os.environ.get("DOCFIX_DEBUG"):
            import traceback

            traceback.print_exc()
        raise DocfixError(ExitCode.RESOURCES, E.MODEL_BROKEN, reason=_short(_exc(e))) from None


def _short(s: str, limit: int = 240) -> str:
    s = " ".join(s.split())
    return s if len(s) <= limit else s[: limit - 1] + "…"


class _native_stderr_silenced:
    """Send file descriptor 2 to a temporary file for the duration (native
    libraries print there directly, bypassing ``sys.stderr``)."""

    def __enter__(self) -> "_native_stderr_silenced":
        self.saved: Optional[int] = None
        try:
            sys.stderr.flush()
            self.tmp = tempfile.TemporaryFile()
            self.saved = os.dup(2)
            os.dup2(self.tmp.fileno(), 2)
        except (OSError, ValueError, AttributeError):
            self.saved = None
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.saved is not None:
            try:
                os.dup2(self.saved, 2)
                os.close(self.saved)
            except OSError:  # pragma: no cover
                pass
            self.tmp.close()


def load_normalize(switches: Dict[str, Any]) -> Callable[..., Any]:
    try:
        from .normalize import normalize
    except Exception as e:  # noqa: BLE001
        raise DocfixError(ExitCode.RESOURCES, E.COMPONENT_MISSING, name="normalize", reason=_exc(e)) from None
    check_switches(normalize, switches)
    try:
        normalize("测试", **switches)  # rejects bad values up front, with a usage error
    except (TypeError, ValueError) as e:
        spec = ", ".join(f"{k}={v}" for k, v in switches.items())
        raise DocfixError(ExitCode.USAGE, E.BAD_SWITCH, spec=spec, detail=_first_line(e)) from None
    return normalize


def check_switches(fn: Callable[..., Any], switches: Dict[str, Any]) -> None:
    import inspect

    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):  # pragma: no cover
        return
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()):
        return
    known = [n for n, p in params.items() if p.kind is inspect.Parameter.KEYWORD_ONLY]
    for name in switches:
        if name not in params:
            raise DocfixError(ExitCode.USAGE, E.BAD_SWITCH, spec=name,
                              detail=E.UNKNOWN_RULE.format(known=", ".join(known) or "none"))


def _to_input(n: Any, i: int, n_input: int) -> int:
    if i >= len(n.text):
        return n_input
    try:
        return int(n.to_input(i))
    except Exception:  # noqa: BLE001 - defensive: a mapping bug must not lose the report
        return min(i, n_input)


def _change_dict(c: Any, base: int) -> Dict[str, Any]:
    if isinstance(c, dict):
        d = dict(c)
    elif hasattr(c, "to_dict"):
        d = dict(c.to_dict())
    elif dataclasses.is_dataclass(c):
        d = dataclasses.asdict(c)
    elif isinstance(c, (tuple, list)) and len(c) >= 4:
        d = {"span": c[0], "before": c[1], "after": c[2], "rule": c[3]}
    else:
        d = dict(vars(c))
    span = d.get("span")
    if span is None:
        span = (d.get("start", 0), d.get("end", d.get("start", 0)))
    start, end = int(span[0]), int(span[1])
    return {
        "start": base + start,
        "end": base + end,
        "before": str(d.get("before", "")),
        "after": str(d.get("after", "")),
        "rule": str(d.get("rule", d.get("name", ""))),
    }


def _exc(e: BaseException) -> str:
    msg = str(e).strip().splitlines()[0] if str(e).strip() else ""
    return f"{type(e).__name__}: {msg}" if msg else type(e).__name__


# ====================================================================== one file
def numbered_blocks(src: Any, cfg: Config, name: str) -> Any:
    """``(block text, input offset of the block)`` pairs of ``src``."""
    from .formats import HTML_MAX_CHARS

    pos = 0
    for text in src.blocks(cfg.block_chars):
        if cfg.fmt == "html" and pos + len(text) > HTML_MAX_CHARS:
            raise DocfixError(ExitCode.TOO_LARGE, E.TOO_LARGE, path=name, fmt="html",
                              size=f"over {HTML_MAX_CHARS:,}", limit=f"{HTML_MAX_CHARS:,}")
        yield text, pos
        pos += len(text)


def _first_line(e: BaseException) -> str:
    s = str(e).strip()
    return s.splitlines()[0] if s else "no message"


# ====================================================================== progress
class Progress:
    """A one-line progress bar on stderr, drawn only when stderr is a terminal.

    It counts what is written, not what was read ahead: bytes of the inputs
    whose blocks are done, with the rate so far; on a big file it shows the
    block in progress, and a ticker redraws it every half second so that a
    long block does not look like a hang."""

    TICK = 0.5

    def __init__(self, total_files: int, total_bytes: int, enabled: bool):
        self.enabled = enabled
        self.total_files = total_files
        self.total_bytes = max(total_bytes, 1)
        self.files = 0
        self.bytes_done = 0  # of finished files
        self._cur = 0  # of the current file, by its blocks written
        self.blocks = 0  # blocks written of the current file
        self.t0 = time.monotonic()
        self._drawn = False
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._ticker: Optional[threading.Thread] = None
        if enabled:
            self._ticker = threading.Thread(target=self._tick, name="docfix-progress", daemon=True)
            self._ticker.start()

    def _tick(self) -> None:
        while not self._stop.wait(self.TICK):
            self.draw()

    def file_done(self, size: int) -> None:
        with self._lock:
            self.files += 1
            self.bytes_done += size
            self._cur = 0
            self.blocks = 0
        self.draw()

    def partial(self, nbytes: int) -> None:
        """A block of the current file was written; ``nbytes`` of it are done."""
        with self._lock:
            self._cur = nbytes
            self.blocks += 1
        self.draw()

    def line(self) -> str:
        with self._lock:
            done = self.bytes_done + self._cur
            frac = min(1.0, done / self.total_bytes)
            width = 24
            full = int(frac * width)
            bar = "#" * full + "." * (width - full)
            secs = max(time.monotonic() - self.t0, 1e-9)
            rate = done / secs / 1e3
            part = f", file {self.files + 1}: {self.blocks} blocks done" if self.blocks else ""
            return (f"docfix: [{bar}] {self.files}/{self.total_files} files, "
                    f"{done / 1e6:.1f}/{self.total_bytes / 1e6:.1f} MB, {rate:.0f} kB/s, "
                    f"{secs:.0f} s{part}")

    def draw(self) -> None:
        if not self.enabled or self._stop.is_set():
            return
        text = self.line()
        with self._lock:
            try:
                sys.stderr.write("\r" + text + "\x1b[K")
                sys.stderr.flush()
                self._drawn = True
            except (OSError, ValueError):  # pragma: no cover - stderr gone
                pass

    def clear(self) -> None:
        """Wipe the bar (before an error line); the next draw brings it back."""
        with self._lock:
            if self.enabled and self._drawn:
                sys.stderr.write("\r\x1b[K")
                sys.stderr.flush()
                self._drawn = False

    def close(self) -> None:
        self._stop.set()
        self.clear()


# ====================================================================== parser
class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors as one ``docfix: ...`` line."""

    def error(self, message: str) -> "NoReturn":  # type: ignore[name-defined]  # noqa: F821
        raise DocfixError(ExitCode.USAGE, E.USAGE, detail=message)


def _exit_code_epilog() -> str:
    rows = "\n".join(f"  {int(c):>3}  {text}" for c, text in EXIT_CODE_TABLE)
    return (
        "sub-commands (given first; a file with such a name is given as ./NAME):\n"
        "  normalize   normalise extracted text only (docfix normalize --help)\n"
        "  train       train a character model (docfix train --help)\n"
        "  bench       run the benchmark (docfix bench --help)\n\n"
        "exit codes:\n" + rows + "\n\n"
        "examples:\n"
        "  docfix report.txt                       repaired text on stdout\n"
        "  docfix --format html -o review.html report.txt\n"
        "  docfix -r --jobs 4 --format jsonl -o out.jsonl corpus/\n"
        "  docfix --in-place --backup .orig *.txt\n"
    )


def _add_io_arguments(p: argparse.ArgumentParser, formats: Sequence[str]) -> None:
    p.add_argument("inputs", nargs="*", metavar="FILE|DIR|-",
                   help="inputs: files, folders (with -r), glob patterns, or - for standard input "
                        "(default: standard input when it is not a terminal)")
    g = p.add_argument_group("output")
    g.add_argument("-f", "--format", choices=list(formats), default="text",
                   help="output format (default: text); see the README for each")
    g.add_argument("-o", "--output", metavar="PATH",
                   help="output file (default: standard output); with several inputs, a folder that "
                        "receives one output per input (same relative paths)")
    g.add_argument("-i", "--in-place", action="store_true", help="replace each input file with its repaired text")
    g.add_argument("--backup", metavar="SUFFIX",
                   help="with --in-place: keep the original as FILE+SUFFIX (e.g. .orig); an existing "
                        "backup is never overwritten: the next is FILE+SUFFIX.~1~, .~2~, ...")
    g.add_argument("--output-encoding", default="utf-8", metavar="ENC",
                   help="encoding of the output (default utf-8; 'input' keeps each input's encoding)")
    g.add_argument("-q", "--quiet", action="store_true", help="no summary line and no progress bar (errors still)")
    g = p.add_argument_group("input")
    g.add_argument("-r", "--recursive", action="store_true", help="process the files inside folders, recursively")
    g.add_argument("--include", action="append", metavar="GLOB",
                   help="with -r: names of the files to take from folders (repeatable; default *.txt)")
    g.add_argument("-e", "--encoding", metavar="ENC",
                   help="input encoding (default: detected: UTF-8/UTF-16 BOM, UTF-8, GB18030, Big5, ...)")
    g.add_argument("-j", "--jobs", type=int, default=1, metavar="N",
                   help="worker processes, each loading the model once: several inputs are shared "
                        "among them, a single big input's blocks too (default 1)")
    g.add_argument("--scheduler", metavar="ADDR",
                   help="repair on a Dask cluster: tcp://HOST:PORT of a running scheduler, a scheduler "
                        "file, or local:N (a local cluster of N worker processes); needs docfix[cluster]")
    g.add_argument("--no-resume", action="store_true",
                   help="with -o DIR or --in-place: process every input, also those an earlier run of "
                        "the same command finished (default: skip them; see .docfix-manifest.jsonl)")
    g.add_argument("--block-size", type=int, default=200_000, metavar="CHARS",
                   help="big inputs are processed in blocks of about this many characters, cut at "
                        "paragraph/line/sentence ends (default 200000)")
    p.add_argument("--rule", action="append", default=[], metavar="NAME=on|off",
                   help="switch a normalisation rule on or off, or set it (variants=t2s); repeatable; "
                        "with --normalize or docfix normalize")
    p.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)


def _repair_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="docfix",
        description="Restore glyphs dropped by broken PDF fonts in Chinese text, with a confidence per edit.",
        epilog=_exit_code_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"docfix {__version__}")
    _add_io_arguments(p, ["text", "diff", "marked", "json", "jsonl", "html"])
    g = p.add_argument_group("repair")
    g.add_argument("-t", "--threshold", metavar="P",
                   help="apply edits whose confidence is at least P (0..1; default: the engine's "
                        "calibrated threshold); the others are reported only")
    g.add_argument("--model", metavar="PATH", help="KenLM model (.klm with its .npz next to it); default: shipped")
    g.add_argument("--lexicon", action="append", metavar="PATH",
                   help="lexicon file or folder (repeatable); default: shipped")
    g.add_argument("-n", "--normalize", action="store_true",
                   help="normalise first, then repair; edits keep offsets into the original input")
    g.add_argument("--password", metavar="PW", help="password of encrypted PDF inputs")
    g.add_argument("--ocr", action="store_true",
                   help="also correct characters OCR read as a look-alike (2O22年 -> 2022年, 己经 -> 已经)")
    return p


def _normalize_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="docfix normalize",
        description="Normalise extracted Chinese text (variants, punctuation, radicals, spaces, broken lines).",
        epilog="Exit codes and I/O conventions are those of docfix (see docfix --help).",
    )
    _add_io_arguments(p, ["text", "diff", "json", "jsonl"])
    return p


# ====================================================================== main
class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised where the program is, so that it unwinds as
    for Ctrl-C: temporary outputs are removed, workers stopped."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _on_signal(signum: int, frame: Any) -> None:
    raise Terminated(signum)


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run the ``docfix`` command; returns the exit code."""
    import signal

    saved = {}
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
            if sig is not None:
                saved[sig] = signal.signal(sig, _on_signal)
    try:
        return _main(argv)
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


def _main(argv: Optional[Sequence[str]]) -> int:
    import signal

    args = list(sys.argv[1:] if argv is None else argv)
    debug = bool(os.environ.get("DOCFIX_DEBUG"))
    if not debug:
        warnings.simplefilter("ignore")
    try:
        if args and args[0] in SUBCOMMANDS:
            return _subcommand(args[0], args[1:])
        return _run(args, "repair")
    except DocfixError as e:
        if not getattr(e, "silent", False):
            _err(e.line)
        return int(e.code)
    except Terminated as e:
        name = signal.Signals(e.signum).name
        _err(E.TERMINATED.format(signal=name))
        return 128 + int(e.signum)
    except KeyboardInterrupt:
        _err(E.INTERRUPTED)
        return int(ExitCode.INTERRUPTED)
    except SystemExit as e:  # --help, --version, and sub-commands that exit
        code = e.code
        if code is None:
            return 0
        if isinstance(code, int):
            return code
        _err(str(code))
        return int(ExitCode.USAGE)
    except BrokenPipeError:
        _quiet_stdout()
        return int(ExitCode.CANT_WRITE)
    except Exception as e:  # noqa: BLE001 - never a traceback
        if debug:
            raise
        _err(E.INTERNAL.format(kind=type(e).__name__, reason=_first_line(e)))
        return int(ExitCode.INTERNAL)


def _err(line: str) -> None:
    try:
        sys.stderr.write("docfix: " + " ".join(str(line).split()) + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):  # pragma: no cover - stderr gone
        pass


def _quiet_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # pragma: no cover
        pass


def _subcommand(name: str, rest: List[str]) -> int:
    if name == "normalize":
        return _run(rest, "normalize")
    import importlib

    try:
        mod = importlib.import_module(f".{name}", __package__)
        add_arguments = getattr(mod, "add_arguments")
        run = getattr(mod, "run")
    except Exception as e:  # noqa: BLE001 - a broken optional module must not break repair
        raise DocfixError(ExitCode.RESOURCES, E.COMPONENT_MISSING, name=name, reason=_exc(e)) from None
    doc = (mod.__doc__ or "").strip().splitlines()
    parser = _Parser(prog=f"docfix {name}", description=doc[0] if doc else None)
    add_arguments(parser)
    ns = parser.parse_args(rest)
    rc = run(ns)
    return int(rc or 0)


_ON = ("on", "true", "yes", "1")
_OFF = ("off", "false", "no", "0")


def _parse_switches(specs: Sequence[str]) -> Dict[str, Any]:
    """``NAME=on|off`` (or ``NAME=VALUE``, e.g. ``variants=t2s``) into keyword arguments."""
    out: Dict[str, Any] = {}
    for spec in specs:
        name, sep, val = spec.partition("=")
        name = name.strip().replace("-", "_")
        v = val.strip()
        if not sep or not name.isidentifier() or not v:
            raise DocfixError(ExitCode.USAGE, E.BAD_SWITCH, spec=spec, detail=E.SWITCH_SYNTAX)
        out[name] = True if v.lower() in _ON else False if v.lower() in _OFF else v
    return out


def _config(ns: argparse.Namespace, command: str) -> Config:
    from .textio import MIN_BLOCK_CHARS, canonical_encoding

    cfg = Config(command=command, fmt=ns.format, debug=bool(ns.debug or os.environ.get("DOCFIX_DEBUG")))
    if command == "repair":
        if ns.threshold is not None:
            try:
                t = float(ns.threshold)
            except ValueError:
                t = float("nan")
            if not 0.0 <= t <= 1.0:
                raise DocfixError(ExitCode.USAGE, E.BAD_THRESHOLD, value=ns.threshold)
            cfg.threshold = t
        cfg.normalize = bool(ns.normalize)
        cfg.password = ns.password
        cfg.ocr = bool(ns.ocr)
        if ns.model is not None:
            if not Path(ns.model).is_file():
                raise DocfixError(ExitCode.RESOURCES, E.MODEL_NOT_FOUND, model=ns.model)
            cfg.model = ns.model
        if ns.lexicon:
            for lx in ns.lexicon:
                if not Path(lx).exists():
                    raise DocfixError(ExitCode.RESOURCES, E.LEXICON_NOT_FOUND, lexicon=lx)
            cfg.lexicon = list(ns.lexicon)
    cfg.switches = _parse_switches(ns.rule)
    if cfg.switches and not (cfg.normalize or command == "normalize"):
        raise DocfixError(ExitCode.USAGE, E.RULE_NEEDS_NORMALIZE)
    if cfg.normalize or command == "normalize":
        load_normalize(cfg.switches)  # missing module (7) or bad switches (2): fail before any input
    if ns.encoding:
        cfg.encoding = canonical_encoding(ns.encoding)
    if ns.output_encoding.lower() == "input":
        cfg.output_encoding = "input"
    else:
        cfg.output_encoding = canonical_encoding(ns.output_encoding)
    if ns.block_size < MIN_BLOCK_CHARS:
        raise DocfixError(ExitCode.USAGE, E.BAD_BLOCK, minimum=MIN_BLOCK_CHARS, value=ns.block_size)
    cfg.block_chars = ns.block_size
    if ns.jobs is None or ns.jobs < 1:
        raise DocfixError(ExitCode.USAGE, E.BAD_JOBS, value=ns.jobs)
    if ns.scheduler and ns.jobs > 1:
        raise DocfixError(ExitCode.USAGE, E.JOBS_AND_SCHEDULER)
    return cfg


# ---------------------------------------------------------------- inputs
def _has_magic(s: str) -> bool:
    return any(c in _GLOB_CHARS for c in s)


def _walk(root: str, include: Sequence[str]) -> List[str]:
    import fnmatch

    found: List[str] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for fn in sorted(filenames):
            if fn.startswith(".") or not any(fnmatch.fnmatch(fn, pat) for pat in include):
                continue
            found.append(os.path.join(dirpath, fn))
    return found


def expand_inputs(raw: Sequence[str], recursive: bool, include: Sequence[str]) -> Tuple[List[Item], bool]:
    """Items to process and whether this is a batch (several inputs possible)."""
    items: List[Item] = []
    batch = len(raw) > 1
    seen_stdin = False

    def add(name: str, path: Optional[str], rel: str, err: Optional[DocfixError] = None) -> None:
        items.append(Item(len(items), name, path, rel, (int(err.code), err.with_path(name).line) if err else None))

    for arg in raw:
        if arg == "-":
            if seen_stdin:
                raise DocfixError(ExitCode.USAGE, E.STDIN_TWICE)
            seen_stdin = True
            add("<stdin>", None, "stdin")
            continue
        if os.path.isdir(arg):
            if not recursive:
                add(arg, arg, os.path.basename(arg.rstrip("/")),
                    DocfixError(ExitCode.NO_INPUT, E.IS_DIR))
                continue
            batch = True
            files = _walk(arg, include)
            if not files:
                add(arg, arg, arg, DocfixError(ExitCode.NO_INPUT, E.DIR_EMPTY, include=" or ".join(include)))
            for f in files:
                add(f, f, os.path.relpath(f, arg))
            continue
        if os.path.lexists(arg) or not _has_magic(arg):
            add(arg, arg, os.path.basename(arg))  # missing files fail when opened
            continue
        batch = True
        matches = sorted(glob.glob(arg, recursive=True))
        root = _glob_root(arg)
        files = []
        for m in matches:
            if os.path.isdir(m):
                if recursive:
                    files += [(f, os.path.relpath(f, root)) for f in _walk(m, include)]
            else:
                files.append((m, os.path.relpath(m, root)))
        if not files:
            add(arg, None, arg, DocfixError(ExitCode.NO_INPUT, E.NO_MATCH))
        for f, rel in files:
            add(f, f, rel)
    return items, batch


def _glob_root(pattern: str) -> str:
    parts = Path(pattern).parts
    keep = []
    for part in parts[:-1]:
        if _has_magic(part):
            break
        keep.append(part)
    return str(Path(*keep)) if keep else "."


# ---------------------------------------------------------------- run
def _run(argv: List[str], command: str) -> int:
    parser = _repair_parser() if command == "repair" else _normalize_parser()
    ns = parser.parse_args(argv)
    cfg = _config(ns, command)
    raw = list(ns.inputs)
    if not raw:
        if sys.stdin is None or sys.stdin.isatty():
            raise DocfixError(ExitCode.USAGE, E.NO_INPUTS)
        raw = ["-"]
    if ns.backup and not ns.in_place:
        raise DocfixError(ExitCode.USAGE, E.BACKUP_WITHOUT_INPLACE)
    if ns.in_place:
        if ns.output:
            raise DocfixError(ExitCode.USAGE, E.INPLACE_OUTPUT)
        if cfg.fmt != "text":
            raise DocfixError(ExitCode.USAGE, E.INPLACE_FORMAT, fmt=cfg.fmt)
        if "-" in raw:
            raise DocfixError(ExitCode.USAGE, E.INPLACE_STDIN)
    include = ns.include or DEFAULT_INCLUDE
    items, batch = expand_inputs(raw, ns.recursive, include)
    stream_formats = ("jsonl", "diff")

    # where each output goes
    out_dir: Optional[str] = None
    stream = False
    if ns.in_place:
        pass
    elif ns.output and (os.path.isdir(ns.output) or ns.output.endswith(("/", os.sep))) and cfg.fmt != "jsonl":
        out_dir = ns.output
    elif ns.output and batch and cfg.fmt not in stream_formats:
        if os.path.exists(ns.output):
            raise DocfixError(ExitCode.USAGE, E.OUTPUT_NOT_DIR, n=len(items), target=ns.output)
        out_dir = ns.output
    elif len(items) > 1 and cfg.fmt not in stream_formats:
        raise DocfixError(ExitCode.USAGE, E.MANY_INPUTS, n=len(items))
    else:
        stream = True
    return _execute(cfg, ns, items, batch, out_dir, stream)


def _execute(cfg: Config, ns: argparse.Namespace, items: List[Item], batch: bool,
             out_dir: Optional[str], stream: bool) -> int:
    from .batch import manifest_for
    from .formats import FORMATS
    from .textio import Sink

    t0 = time.perf_counter()
    spool_dir = tempfile.mkdtemp(prefix="docfix-") if stream else None
    targets: List[Target] = []
    seen_out: Dict[str, str] = {}
    for it in items:
        if ns.in_place:
            targets.append(Target("inplace", os.path.realpath(it.path) if it.path else "", ns.backup))
        elif out_dir is not None:
            ext = FORMATS[cfg.fmt]
            dest = os.path.join(out_dir, it.rel + ext)
            key = os.path.normcase(os.path.abspath(dest))
            if it.error is None and key in seen_out:
                raise DocfixError(ExitCode.USAGE, E.DUPLICATE_OUTPUT, target=dest)
            seen_out[key] = it.name
            targets.append(Target("file", dest, mkdirs=True))
        elif not batch and ns.output and cfg.fmt != "jsonl":
            targets.append(Target("file", ns.output))
        else:
            assert spool_dir is not None
            targets.append(Target("spool", os.path.join(spool_dir, f"{it.index}.out")))

    # resuming: inputs a previous run of this command finished are skipped
    manifest = None
    skipped: List[Outcome] = []
    if not ns.no_resume:
        manifest = manifest_for(cfg, out_dir, [t.path for t, it in zip(targets, items)
                                               if t.kind == "inplace" and it.error is None])
    todo: List[Tuple[Item, Target]] = []
    for it, tg in zip(items, targets):
        if manifest is not None and it.error is None and tg.kind != "spool" and manifest.is_done(it.path, tg.path):
            skipped.append(Outcome(it.index, it.name, skipped=True))
        else:
            todo.append((it, tg))

    # the one output stream (stdout or -o FILE), for batches in jsonl/diff and single inputs
    final: Optional[Sink] = None
    stdout: Optional[BinaryIO] = None
    if any(t.kind == "spool" for t in targets):
        if ns.output:
            enc = "utf-8" if cfg.output_encoding == "input" else cfg.output_encoding
            final = Sink(ns.output, encoding=enc)
        else:
            stdout = sys.stdout.buffer

    sizes = {}
    for it, _ in todo:
        try:
            sizes[it.index] = os.path.getsize(it.path) if it.path and it.error is None else 0
        except OSError:
            sizes[it.index] = 0
    quiet = bool(ns.quiet)
    progress = Progress(len(todo), sum(sizes.values()), enabled=not quiet and _isatty(sys.stderr))
    executor = _executor(cfg, ns, len(todo))
    fatal: Optional[Outcome] = None
    done: List[Outcome] = []
    try:
        for o in _write_outputs(cfg, todo, executor, progress, manifest, len(items) > 1):
            done.append(o)
            if not o.ok:
                progress.clear()
                _err(o.message)
            if o.fatal:
                fatal = o
                break
            if o.spool:
                _emit(o, final, stdout)
            elif not o.ok and cfg.fmt == "jsonl" and (final or stdout) and len(items) > 1:
                _emit_error(cfg, o, final, stdout)
            progress.file_done(sizes.get(o.index, 0))
        if fatal is None and final is not None:
            final.commit()
            final = None
    except BaseException:
        progress.close()
        executor.close(abort=True)
        executor = None
        raise
    finally:
        progress.close()
        if executor is not None:
            executor.close()
        if final is not None:
            final.abort()
        if spool_dir is not None:
            shutil.rmtree(spool_dir, ignore_errors=True)

    if fatal is not None:
        return int(fatal.code)
    failed = [o for o in done if not o.ok]
    if not quiet and (len(done) + len(skipped) > 1 or not failed):
        _summary(cfg, done, failed, len(skipped), time.perf_counter() - t0)
    if not failed:
        return int(ExitCode.OK)
    if len(done) + len(skipped) > 1:
        return int(ExitCode.PARTIAL)
    return int(failed[0].code)


def _executor(cfg: Config, ns: argparse.Namespace, n_inputs: int) -> Any:
    """Where the blocks are repaired: a Dask cluster (``--scheduler``), local
    worker processes (``--jobs N``), or this process."""
    from .batch import InlineExecutor, LocalExecutor, connect

    if ns.scheduler:
        return connect(ns.scheduler)
    if ns.jobs > 1 and n_inputs:
        return LocalExecutor(ns.jobs)
    return InlineExecutor()


def _write_outputs(cfg: Config, todo: Sequence[Tuple[Item, Target]], executor: Any, progress: Progress,
                   manifest: Any, several: bool) -> Iterator[Outcome]:
    """Read, repair (on ``executor``) and write each input to its target, in
    order; yields each input's :class:`Outcome` once its output is committed
    (or dropped, where it failed)."""
    from .batch import Failed, Opened, Piece, failure, file_stat, lookahead, read_inputs
    from .textio import Sink, backup_file

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
                out, t0, n_blocks = Outcome(it.index, it.name), time.perf_counter(), 0
                input_stat = file_stat(it.path) if it.path else None
                try:
                    sink, writer = _open_output(cfg, it, tg, ev.encoding, kind)
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
                    with _signals_deferred():  # backup, output and its manifest line: all or none
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


class _signals_deferred:
    """Hold SIGINT, SIGTERM and SIGHUP back for the duration (they are
    delivered when it ends), where available."""

    _SIGS = ("SIGINT", "SIGTERM", "SIGHUP")

    def __enter__(self) -> "_signals_deferred":
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


def _open_output(cfg: Config, it: Item, tg: Target, encoding: str, kind: str) -> Tuple[Any, Any]:
    """The sink (temporary file, renamed into place on commit) and the format writer of one input."""
    from .formats import make_writer
    from .textio import Sink

    out_enc = encoding if cfg.output_encoding == "input" else cfg.output_encoding
    mode = os.stat(tg.path).st_mode & 0o7777 if tg.kind == "inplace" else None
    if tg.mkdirs:
        try:
            os.makedirs(os.path.dirname(tg.path) or ".", exist_ok=True)
        except OSError as e:
            raise DocfixError(ExitCode.CANT_WRITE, E.CANT_WRITE, target=tg.path, reason=_exc(e)) from None
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


def _emit(o: Outcome, final: Any, stdout: Optional[BinaryIO]) -> None:
    """Copy a finished spooled output to the output stream, and drop it."""
    assert o.spool is not None
    try:
        with open(o.spool, "rb") as f:
            while True:
                b = f.read(1 << 20)
                if not b:
                    break
                _stream_write(b, final, stdout)
    finally:
        os.unlink(o.spool)
        o.spool = None


def _emit_error(cfg: Config, o: Outcome, final: Any, stdout: Optional[BinaryIO]) -> None:
    """A failed input's error record in a jsonl stream."""
    import json

    from .formats import error_record

    enc = "utf-8" if cfg.output_encoding == "input" else cfg.output_encoding
    rec = json.dumps(error_record(__version__, o.name, o.code, o.message), ensure_ascii=False)
    _stream_write((rec + "\n").encode(enc, "replace"), final, stdout)


def _stream_write(b: bytes, final: Any, stdout: Optional[BinaryIO]) -> None:
    if final is not None:
        final._write_bytes(b)
        return
    assert stdout is not None
    try:
        stdout.write(b)
        stdout.flush()
    except BrokenPipeError:
        # the reader went away (docfix ... | head): stop quietly, like cat
        _quiet_stdout()
        err = DocfixError(ExitCode.CANT_WRITE, E.CANT_WRITE, target="<stdout>", reason="broken pipe")
        err.silent = True  # type: ignore[attr-defined]
        raise err from None
    except OSError as e:
        raise DocfixError(ExitCode.CANT_WRITE, E.CANT_WRITE, target="<stdout>", reason=_exc(e)) from None


def _summary(cfg: Config, done: List[Outcome], failed: List[Outcome], skipped: int, seconds: float) -> None:
    applied = sum(o.applied for o in done)
    reported = sum(o.reported for o in done)
    changes = sum(o.changes for o in done)
    work = []
    if cfg.command == "repair":
        work.append(E.SUMMARY_REPAIR.format(
            applied=applied, applied_word="edit" if applied == 1 else "edits", reported=reported))
    if cfg.normalize or cfg.command == "normalize":
        work.append(E.SUMMARY_CHANGES.format(changes=changes, changes_word="change" if changes == 1 else "changes"))
    if not done and skipped:
        _err(E.SUMMARY_NOTHING.format(skipped=skipped, files_word="file" if skipped == 1 else "files"))
        return
    line = E.SUMMARY.format(
        files=len(done), files_word="file" if len(done) == 1 else "files",
        ok=len(done) - len(failed), failed=len(failed), work=", ".join(work), seconds=seconds,
    )
    if skipped:
        line += "; " + E.SUMMARY_SKIPPED.format(skipped=skipped, files_word="file" if skipped == 1 else "files")
    _err(line)


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False

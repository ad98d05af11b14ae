"""What repairs text, in this process or in a worker: the per-process
:class:`Engine` (the repairer, loaded once, and the normaliser), and the
tasks a batch sends to workers (:func:`run_block`, :func:`run_pdf`)."""
from __future__ import annotations

import dataclasses
import json
import os
import sys
import tempfile
import threading
from dataclasses import asdict
from typing import Any, Callable, Dict, List, Optional, Tuple

from . import errors as E
from .errors import DocfixError, ExitCode, exception_text, first_line
from .formats import Block
from .jobs import Config
from .result import apply_edits

__all__ = ["Engine", "load_repairer", "load_normalize", "check_switches", "engine_for", "run_block", "run_pdf"]


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
        cfg = self.cfg
        if cfg.command == "normalize":
            n = self.normalizer()(text, **cfg.switches)
            return Block(base, text, n.text, [], [], [_change_dict(c, base) for c in n.changes])
        rep = self.repairer()
        if cfg.normalize:
            n = self.normalizer()(text, **cfg.switches)
            r = rep.repair(n.text, threshold=self.threshold, **self._extra)
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
        r = self.repairer().repair_extracted(doc, threshold=self.threshold, shapes=None if self.cfg.shapes else False)
        return Block(0, doc.text, r.text, list(r.edits), None, [], dict(r.dropped))


def load_repairer(model: Optional[str], lexicon: Optional[List[str]]) -> Any:
    try:
        from . import restore
    except Exception as e:  # noqa: BLE001 - any import failure is "engine unavailable"
        raise DocfixError(ExitCode.RESOURCES, E.COMPONENT_MISSING, name="repair engine",
                          reason=exception_text(e)) from None
    lex: Any = None
    if lexicon:
        lex = lexicon[0] if len(lexicon) == 1 else list(lexicon)
    try:
        with _native_stderr_silenced():  # KenLM's C++ writes progress bars to fd 2
            return restore.Repairer(model, lex)
    except FileNotFoundError as e:
        raise DocfixError(ExitCode.RESOURCES, E.MODEL_BROKEN, reason=_short(str(e) or exception_text(e))) from None
    except MemoryError:
        raise
    except Exception as e:  # noqa: BLE001 - a broken model file raises anything
        if os.environ.get("DOCFIX_DEBUG"):
            import traceback

            traceback.printexception_text()
        raise DocfixError(ExitCode.RESOURCES, E.MODEL_BROKEN, reason=_short(exception_text(e))) from None


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
        raise DocfixError(ExitCode.RESOURCES, E.COMPONENT_MISSING, name="normalize", reason=exception_text(e)) from None
    check_switches(normalize, switches)
    try:
        normalize("测试", **switches)  # rejects bad values up front, with a usage error
    except (TypeError, ValueError) as e:
        spec = ", ".join(f"{k}={v}" for k, v in switches.items())
        raise DocfixError(ExitCode.USAGE, E.BAD_SWITCH, spec=spec, detail=first_line(e)) from None
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


# ====================================================================== worker side
_ENGINES: Dict[str, Any] = {}
_ENGINES_LOCK = threading.Lock()


def _key(cfg: Any) -> str:
    return json.dumps(asdict(cfg), sort_keys=True, default=str)


def engine_for(cfg: Any) -> Any:
    """The process's engine for ``cfg`` (a :class:`docfix.jobs.Config`),
    made once: a worker loads the model on its first task only."""
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

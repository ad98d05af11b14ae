"""The systems the benchmark compares, each run in its own process.

docfix (:class:`docfix.restore.Repairer`), the plain char-n-gram baseline
(:class:`docfix.lab.baseline.Baseline`) and pycorrector's KenLM ``Corrector``
loaded with the same model. :func:`run_isolated` runs one of them on a list
of texts in a fresh process, so that its model load time and peak RSS are
its own.
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

__all__ = ["SYSTEMS", "pycorrector_edits", "run_isolated"]

SYSTEMS = ("docfix", "baseline", "pycorrector")


def _import_pycorrector_corrector():
    """pycorrector's KenLM ``Corrector`` without the package ``__init__`` (which
    imports torch for its neural correctors). Never downloads anything."""
    import importlib
    import importlib.util
    import types

    if "pycorrector" not in sys.modules:
        spec = importlib.util.find_spec("pycorrector")
        if spec is None or not spec.submodule_search_locations:
            raise ImportError("pycorrector is not installed (pip install 'docfix[bench]')")
        pkg = types.ModuleType("pycorrector")
        pkg.__path__ = list(spec.submodule_search_locations)  # type: ignore[attr-defined]
        pkg.__file__ = spec.origin
        sys.modules["pycorrector"] = pkg
    return importlib.import_module("pycorrector.corrector").Corrector


def pycorrector_edits(errors: Sequence[Tuple[str, str, int]], base: int = 0) -> List[Tuple[int, str, str]]:
    """Turn pycorrector's ``(wrong, right, position)`` corrections into site terms.

    Returns ``(offset, insert, kind)``: ``kind`` is ``"insert"`` when the
    correction only adds characters (``wrong`` is ``right`` with a gap), else
    ``"substitute"`` (it replaces existing characters: never a restoration).

    >>> pycorrector_edits([("息化", "细化", 10), ("息化", "信息化", 20)])
    [(10, '细', 'substitute'), (20, '信', 'insert')]
    """
    out: List[Tuple[int, str, str]] = []
    for wrong, right, pos in errors:
        p = 0
        while p < min(len(wrong), len(right)) and wrong[p] == right[p]:
            p += 1
        s = 0
        while s < min(len(wrong), len(right)) - p and wrong[-1 - s] == right[-1 - s]:
            s += 1
        mid_w = wrong[p : len(wrong) - s]
        mid_r = right[p : len(right) - s]
        kind = "insert" if not mid_w else "substitute"
        out.append((base + pos + p, mid_r, kind))
    return out


class _Pycorrector:
    """Adapter: pycorrector's KenLM ``Corrector`` with our model, line by line."""

    def __init__(self, model: Path):
        import logging
        import tempfile

        os.environ.setdefault("PYCORRECTOR_DATA_DIR", tempfile.mkdtemp(prefix="pycorrector-"))
        try:
            from loguru import logger

            logger.remove()
            logger.add(sys.stderr, level="ERROR")
        except ImportError:
            pass
        Corrector = _import_pycorrector_corrector()
        try:
            import jieba

            jieba.setLogLevel(logging.WARNING)
        except ImportError:
            pass
        if not Path(model).exists():  # pycorrector would try to download its own
            raise FileNotFoundError(f"language model not found: {model}")
        self.c = Corrector(language_model_path=str(model))
        self.c.check_detector_initialized()
        self.c.check_corrector_initialized()
        self.c.correct("今年工作")

    def repair(self, text: str) -> List[Tuple[int, str, float, bool, str]]:
        out: List[Tuple[int, str, float, bool, str]] = []
        pos = 0
        for line in text.split("\n"):
            if line.strip():
                r = self.c.correct(line)
                for off, ins, kind in pycorrector_edits(r.get("errors", []), pos):
                    out.append((off, ins, 1.0, True, kind))
            pos += len(line) + 1
        return out


def _load_system(name: str, model: Optional[str], threshold: Optional[float]):
    from ..resources import default_model_path

    path = Path(model) if model else default_model_path()
    if name == "docfix":
        from ..restore import Repairer

        kw = {} if threshold is None else {"threshold": threshold}
        return Repairer(model=path, **kw)
    if name == "baseline":
        from .baseline import Baseline

        return Baseline(path)
    if name == "pycorrector":
        if path is None:
            raise FileNotFoundError("no language model")
        return _Pycorrector(path)
    raise ValueError(f"unknown system {name!r}")


def _worker(name: str, model: Optional[str], threshold: Optional[float], texts: List[str]) -> Dict[str, Any]:
    """Load one system and repair ``texts`` (runs in its own process)."""
    import resource

    t0 = time.perf_counter()
    try:
        sysobj = _load_system(name, model, threshold)
        if name != "pycorrector":
            sysobj.repair("今年是全面建设的开局之年。")  # warm-up, counted as load
    except Exception as e:  # reported in the table, never fatal
        return {"error": f"{type(e).__name__}: {e}"}
    load_s = time.perf_counter() - t0
    outs: List[Dict[str, Any]] = []
    wall = cpu = 0.0
    for text in texts:
        w0, c0 = time.perf_counter(), time.process_time()
        try:
            if name == "pycorrector":
                edits = sysobj.repair(text)
                dropped: Optional[Dict[str, float]] = None  # infers no dropped set
            else:
                r = sysobj.repair(text)
                edits = [(e.offset, e.insert, float(e.confidence), bool(e.applied), "insert") for e in r.edits]
                dropped = {str(k): float(v) for k, v in r.dropped.items()}
        except Exception as e:
            return {"error": f"{type(e).__name__} while repairing: {e}"}
        wall += time.perf_counter() - w0
        cpu += time.process_time() - c0
        outs.append({"edits": edits, "dropped": dropped})
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "outputs": outs,
        "load_s": load_s,
        "repair_wall_s": wall,
        "repair_cpu_s": cpu,
        "chars": sum(len(t) for t in texts),
        "peak_rss_mb": rss_kb / 1024.0,
    }


def run_isolated(name: str, model: Optional[str], threshold: Optional[float], texts: List[str]) -> Dict[str, Any]:
    """Run :func:`_worker` in a fresh process (own RSS, own load time)."""
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    try:
        with ProcessPoolExecutor(max_workers=1, mp_context=mp.get_context("spawn")) as ex:
            return ex.submit(_worker, name, model, threshold, texts).result()
    except Exception as e:  # a crashed worker
        return {"error": f"{type(e).__name__}: {e}"}

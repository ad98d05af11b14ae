"""Run the real ``docfix`` command with a fake, fast repair engine.

Used by tests/test_cli.py and benchmarks/bigfile.py for inputs too big for
the real engine in CI time (1 MB single line, 20 MB file): it exercises the
CLI's reading, block cutting, streaming and writing, not the engine.

    python tests/_fake_engine.py [docfix options...]

The fake engine restores "信" before every "息化" that lacks it, with
confidence 0.9, and reports a "0" (confidence 0.3) before every "22年".
Environment: ``FAKE_ENGINE=crash`` makes ``repair`` raise (an engine bug);
``FAKE_ENGINE_SLEEP=SECONDS`` makes each ``repair`` call take that long (a
batch to stop midway);
``FAKE_ENGINE_RSS=FILE`` writes the process's peak RSS (kB) to FILE at exit;
``FAKE_ENGINE_HIDE=mod`` makes ``docfix.mod`` unimportable.
"""
from __future__ import annotations

import os
import re
import sys
import types
from pathlib import Path

_SRC = Path(__file__).resolve().parent.parent / "src"
if _SRC.is_dir() and str(_SRC) not in sys.path:
    sys.path.insert(0, str(_SRC))

from docfix.result import Edit, Repair, apply_edits  # noqa: E402

DEFAULT_THRESHOLD = 0.8
_GAP = re.compile("(?<!信)息化")
_YEAR = re.compile("(?<![0-9])22年")


class FakeRepairer:
    def __init__(self, model=None, lexicon=None, *, threshold: float = DEFAULT_THRESHOLD):
        self.threshold = threshold

    def repair(self, text: str, *, threshold=None, ocr: bool = False) -> Repair:
        if os.environ.get("FAKE_ENGINE") == "crash":
            raise RuntimeError("fake engine failure")
        if os.environ.get("FAKE_ENGINE_SLEEP"):
            import time

            time.sleep(float(os.environ["FAKE_ENGINE_SLEEP"]))
        thr = self.threshold if threshold is None else threshold
        edits = [Edit(m.start(), "信", 0.9, 0.9 >= thr, [("", 0.1)], "fake: completes 信息化") for m in _GAP.finditer(text)]
        edits += [Edit(m.start(), "0", 0.3, 0.3 >= thr, [("", 0.7)], "fake: year") for m in _YEAR.finditer(text)]
        edits.sort(key=lambda e: e.offset)
        return Repair(apply_edits(text, edits), edits, {"信": 0.99, "0": 0.5}, text)


def install() -> None:
    mod = types.ModuleType("docfix.restore")
    mod.Repairer = FakeRepairer  # type: ignore[attr-defined]
    mod.DEFAULT_THRESHOLD = DEFAULT_THRESHOLD  # type: ignore[attr-defined]
    sys.modules["docfix.restore"] = mod
    hide = os.environ.get("FAKE_ENGINE_HIDE")
    if hide:
        sys.modules[f"docfix.{hide}"] = None  # type: ignore[assignment]


def _report_rss() -> None:
    """Peak RSS (kB) of this process: VmHWM, which belongs to the memory image
    that exec made. ru_maxrss survives fork and exec, so it would report the
    parent's size when a big test process (a loaded model) started this one."""
    out = os.environ.get("FAKE_ENGINE_RSS")
    if out:
        try:
            with open("/proc/self/status", encoding="ascii") as f:
                kb = next(int(line.split()[1]) for line in f if line.startswith("VmHWM:"))
        except (OSError, StopIteration, ValueError):
            import resource

            kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        Path(out).write_text(str(kb))


if __name__ in ("__main__", "__mp_main__"):
    # "__mp_main__": worker processes (spawn) import this script under that
    # name, so that they get the fake engine too
    install()

if __name__ == "__main__":
    from docfix.cli import main

    rc = main(sys.argv[1:])
    _report_rss()
    raise SystemExit(rc)

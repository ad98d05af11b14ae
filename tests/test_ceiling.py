"""benchmarks/ceiling.py: restoration ceilings (true set given, threshold in hindsight)."""
from __future__ import annotations

import doctest
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from docfix.result import Edit

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "benchmarks" / "ceiling.py"


@pytest.fixture(scope="module")
def ceiling():
    spec = importlib.util.spec_from_file_location("_docfix_ceiling", SCRIPT)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _edit(off: int, ins: str, conf: float) -> Edit:
    return Edit(off, ins, conf, conf >= 0.6, [], "")


def test_doctests(ceiling):
    assert doctest.testmod(ceiling).failed == 0


def test_best_f1_takes_all_edits_of_one_confidence_or_none(ceiling):
    # two edits at 0.9, one right: a threshold cannot keep only the right one
    assert ceiling.best_f1([(0.9, True), (0.9, False)], 1) == (round(2 * 0.5 * 1 / 1.5, 4), 0.9)
    assert ceiling.best_f1([(0.5, False)], 4) == (0.0, 1.0)


def test_tally_counts_per_class_and_threshold(ceiling):
    gold = {3: "信", 7: "0", 9: "12"}
    edits = [_edit(3, "信", 0.95), _edit(5, "的", 0.7), _edit(7, "0", 0.3), _edit(9, "21", 0.8)]
    t = ceiling.tally(edits, gold, 0.6)
    assert (t["cjk"]["gold"], t["cjk"]["proposed_right"], t["cjk"]["tp"], t["cjk"]["fp"]) == (1, 1, 1, 1)
    assert (t["digit"]["gold"], t["digit"]["proposed_right"], t["digit"]["tp"], t["digit"]["fp"]) == (2, 1, 0, 1)
    s = ceiling.summary(t)
    assert s["digit"]["recall_ceiling"] == 0.5 and s["digit"]["recall"] == 0.0
    assert s["cjk"]["precision"] == 0.5 and s["cjk"]["best_f1"] == 1.0  # threshold 0.95 in hindsight


def test_ceiling_script_end_to_end(tmp_path):
    out = tmp_path / "ceiling.json"
    cmd = [sys.executable, str(SCRIPT), "--quick", "--docs", "2", "--max-chars", "2000", "--no-dev", "--json", str(out)]
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    p = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=env, timeout=600)
    assert p.returncode == 0, p.stderr[-2000:]
    assert "| documents, lost set | class |" in p.stdout
    data = json.loads(out.read_text(encoding="utf-8"))
    assert set(data) == {"2 synthetic, inferred", "2 synthetic, true set given"}
    for per in data.values():
        for c, r in per.items():
            assert c in ("cjk", "digit")
            if r["gold"]:
                assert 0 <= r["proposed_right"] <= r["gold"]
                assert r["best_f1"] is None or 0.0 <= r["best_f1"] <= 1.0

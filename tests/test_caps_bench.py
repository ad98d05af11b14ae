"""benchmarks/caps.py: what each hold-back rule holds, run end to end on a small source."""
from __future__ import annotations

import importlib.util
from pathlib import Path

from _corpus import PARAGRAPHS

ROOT = Path(__file__).resolve().parent.parent


def test_caps_counts_every_reported_edit_under_one_rule(tmp_path, capsys):
    spec = importlib.util.spec_from_file_location("_docfix_caps", ROOT / "benchmarks" / "caps.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    src = tmp_path / "source.txt"
    src.write_text("\n".join(PARAGRAPHS * 3), encoding="utf-8")
    assert mod.main(["--source", str(src), "--seeds", "3", "--parts", "test", "--docs", "2"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("source.txt, seeds 3, test: applied edits ")
    assert out[1] == "| rule | held right | held wrong |"
    rows = [line.split(" | ") for line in out[3:]]
    assert rows and all(r[0].lstrip("| ") in [*mod.RULES, "below the threshold"] for r in rows)

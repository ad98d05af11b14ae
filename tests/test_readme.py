"""The figures the README quotes for the demo document are the engine's own.

The README shows what ``docfix seeds/001_….txt`` prints and what the library
returns for it; a change to the engine that moves them must move the README
too (these had drifted: 166 / 172 in the README, 165 / 173 from the engine).
"""
import re
from pathlib import Path

import docfix

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "001_e6150501fb08fba2.txt"


def test_readme_figures_for_the_demo_document_are_current():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    usage = (ROOT / "docs" / "usage.md").read_text(encoding="utf-8")
    r = docfix.repair(SEED.read_text(encoding="utf-8"))
    n_applied, n_reported = len(r.applied), len(r.reported)
    summary = f"{n_applied} edits applied, {n_reported} reported"
    assert summary in readme and summary in usage
    assert f"# ({n_applied}, {n_reported})" in readme
    for doc in (readme, usage):
        for m in re.finditer(r'"applied": (\d+), "reported": (\d+)', doc):
            assert (int(m.group(1)), int(m.group(2))) == (n_applied, n_reported)
    first = r.edits[0]
    assert f"Edit(offset={first.offset}, insert={first.insert!r}, confidence={first.confidence}," in readme
    shown = re.search(r"# \{'公'.*\}", readme).group(0)[2:]
    assert shown == str({g: round(p, 2) for g, p in r.dropped.items() if p >= 0.5})

"""Paths and text the engine tests share: the seeds and clean paragraphs of them."""
from __future__ import annotations

import re
from pathlib import Path
from typing import List

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED001 = SEEDS / "001_e6150501fb08fba2.txt"
#: the seeds other than 001: clean documents
CLEAN = sorted(p for p in SEEDS.glob("*.txt") if not p.name.startswith("001_"))


def _clean_paragraphs() -> List[str]:
    out = []
    for p in CLEAN:
        for line in p.read_text(encoding="utf-8").splitlines():
            if len(line) >= 40 and re.search(r"[\u4e00-\u9fff]{20}", line):
                out.append(line)
    return out


#: lines of the clean seeds with at least 40 characters, 20 Han in a row among them
PARAGRAPHS = _clean_paragraphs()

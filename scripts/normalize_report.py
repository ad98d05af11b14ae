#!/usr/bin/env python3
"""Print a table of normalisation rules x seeds: how many edits each rule made.

    python scripts/normalize_report.py                 # default switches
    python scripts/normalize_report.py --boilerplate   # also strip web boilerplate
    python scripts/normalize_report.py --variants t2s seeds/*.txt

Counts are ``Normalized.rules_fired`` (edits each rule made; a rule's edits
that touch the same stretch as another rule's are one entry in ``.changes``).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Dict, List

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from docfix.normalize import RULES, normalize  # noqa: E402


def report(paths: List[Path], **switches) -> str:
    results: Dict[str, Dict[str, int]] = {}
    sizes: Dict[str, tuple] = {}
    for p in paths:
        text = p.read_text(encoding="utf-8")
        n = normalize(text, **switches)
        name = p.name.split("_")[0] if p.name[:3].isdigit() else p.stem
        results[name] = n.rules_fired
        sizes[name] = (len(text), len(n.changes))
    names = list(results)
    lines = ["| rule | " + " | ".join(names) + " |", "|---|" + "---:|" * len(names)]
    for rule in RULES:
        lines.append(f"| {rule} | " + " | ".join(str(results[s].get(rule, 0)) for s in names) + " |")
    lines.append("| *changes* | " + " | ".join(str(sizes[s][1]) for s in names) + " |")
    lines.append("| *chars* | " + " | ".join(str(sizes[s][0]) for s in names) + " |")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path, help="text files (default: seeds/*.txt)")
    ap.add_argument("--boilerplate", action="store_true", help="turn the boilerplate rule on")
    ap.add_argument("--variants", default="auto", help="auto, t2s, tw2s, hk2s or off")
    ap.add_argument("--off", action="append", default=[], metavar="RULE", help="turn a rule off (repeatable)")
    args = ap.parse_args(argv)
    paths = args.files or sorted((ROOT / "seeds").glob("*.txt"))
    switches = {"boilerplate": args.boilerplate, "variants": False if args.variants == "off" else args.variants}
    for r in args.off:
        if r not in RULES:
            ap.error(f"unknown rule {r!r}; known: {', '.join(RULES)}")
        switches[r] = False
    print(report(paths, **switches))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

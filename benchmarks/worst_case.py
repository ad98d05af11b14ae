"""Worst-case inputs: text shapes whose cost once grew with the square of their size.

Each case is built here (no data file) and repaired in a fresh process per
code tree; the script prints characters per CPU-second for this checkout and,
with ``--rev``, for a git revision in the same run (their ratio is the only
claim these shared machines support). Cases:

* ``one-line``: 20,000 characters of one Han character, no sentence end (one
  scoring unit of 20,000 gaps);
* ``cid-only``: 3,000 ``(cid:N)`` tokens of 50 glyph ids and nothing else;
* ``cid-line``: a sentence with two ``(cid:N)`` keys, 2,000 times on one line;
* ``fffd`` and ``control``: 5,000 U+FFFD and 8,000 control-character traces;
* ``whole-font``: seed 001's first 3,000 characters with every Han character
  a ``(cid:N)`` of its own (a font that lost its whole ToUnicode map);
* ``long-address``: code-point output (rare letters among Chinese) with a web
  address of 40,000 characters, capitals and lower-case letters in turn;
* ``stray-letters``: code-point output with a 40,000-character address token
  in which a fifth of the characters are glyph ids of two scripts (each was
  scanned for its token again: 54 CPU-s for the trace finder alone).

    python benchmarks/worst_case.py                     # this checkout
    python benchmarks/worst_case.py --rev c42b36d --timeout 900
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from speed import tree_for  # noqa: E402


def cases() -> dict:
    seed = (ROOT / "seeds" / "001_e6150501fb08fba2.txt").read_text(encoding="utf-8")
    ids: dict = {}
    whole = "".join(f"(cid:{ids.setdefault(c, len(ids) + 3)})" if "\u4e00" <= c <= "\u9fff" else c
                    for c in seed[:3000])
    return {
        "one-line": "的" * 20000,
        "cid-only": "".join(f"(cid:{i % 50})" for i in range(3000)),
        "cid-line": "教育(cid:7)作会议在(cid:9)召开，" * 2000,
        "fffd": "教\ufffd育" * 5000,
        "fffd-runs": ("\ufffd" * 50 + "教育") * 300,  # (a font that lost every glyph, printed by PyMuPDF as U+FFFD)
        "control": "教\x13育\x14" * 4000,
        "whole-font": whole,
        "long-address": "推进ӆ育工作，ӆ育局，发展ԕ业，新ӆ业。网址http://www." + "aB" * 20000 + ".gov.cn 结束。",
        "stray-letters": "推进\x05作，接受\x05会监督。网址http://www.mee.gov.cn/" + "abcdĮefghԕ" * 4000 + "，推动\x05作。",
    }


CHILD = r'''
import json, sys, time
import docfix
docfix.repair("教育")
text = open(sys.argv[1], encoding="utf-8", newline="").read()
c0 = time.process_time()
r = docfix.repair(text)
print(json.dumps({"cpu": time.process_time() - c0, "chars": len(text), "applied": sum(e.applied for e in r.edits)}))
'''


def run(tree: Path, path: Path, timeout: float) -> dict:
    env = dict(os.environ, PYTHONPATH=str(tree / "src"))
    env.pop("DOCFIX_MODEL", None)
    try:
        p = subprocess.run([sys.executable, "-c", CHILD, str(path)], env=env, capture_output=True, text=True,
                           cwd=str(tree), timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"cpu": None}
    if p.returncode != 0:
        raise SystemExit(f"{tree}: {p.stderr.strip()[-500:]}")
    return json.loads(p.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rev", help="a git revision to run in the same run")
    ap.add_argument("--timeout", type=float, default=600.0, help="wall seconds at most per case and tree")
    ap.add_argument("--cases", nargs="*", help="run only these cases")
    args = ap.parse_args()
    todo = {k: v for k, v in cases().items() if not args.cases or k in args.cases}
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        other = tree_for(args.rev, tmp) if args.rev else None
        try:
            print("| case | characters | this: chars / CPU-s (applied) |" + (f" {args.rev} | ratio |" if other else ""))
            print("|---|---:|---:|" + ("---:|---:|" if other else ""))
            for name, text in todo.items():
                path = tmp / f"{name}.txt"
                path.write_text(text, encoding="utf-8", newline="")
                a = run(ROOT, path, args.timeout)
                row = f"| {name} | {len(text):,} | {_rate(a)} |"
                if other:
                    b = run(other, path, args.timeout)
                    ratio = f"×{b['cpu'] / a['cpu']:.1f}" if a["cpu"] and b["cpu"] else (
                        f"> ×{args.timeout / a['cpu']:.0f}" if a["cpu"] else "—")
                    row += f" {_rate(b)} | {ratio} |"
                print(row, flush=True)
        finally:
            if other:
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(other)], check=False)
    return 0


def _rate(r: dict) -> str:
    if r["cpu"] is None:
        return "timed out"
    return f"{r['chars'] / max(r['cpu'], 1e-9):,.0f} ({r['applied']})"


if __name__ == "__main__":
    raise SystemExit(main())

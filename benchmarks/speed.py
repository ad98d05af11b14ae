"""Speed of this checkout against a git revision, measured in one run.

The two code trees take turns (``--rounds`` times) on the same documents:
the full bench's damaged documents (``docfix.lab.documents.build_documents``, as
``docfix bench`` builds them) and seed 001. Each turn is a fresh process
(``PYTHONPATH`` = that tree's ``src``, its own shipped model) that reports:

* start-up: ``import docfix`` plus the first ``docfix.repair()`` of a short
  text (model loading included), wall seconds;
* CPU seconds per 1,000 characters over the documents (model loaded);
* peak memory (VmHWM).

Only ratios measured in one run mean anything on a shared machine; the
script prints the medians of both and their ratio, and whether the two
trees applied the same edits. Where ``PYTHONDONTWRITEBYTECODE`` is set (as
on the project's build machines) no ``.pyc`` is kept, and every start-up
includes compiling each tree's modules (about 0.1 s for this one): run it
with ``env -u PYTHONDONTWRITEBYTECODE`` for the start-up a pip install has.

    python benchmarks/speed.py --rev 04c8519            # 3 rounds
    python benchmarks/speed.py --rev HEAD~3 --rounds 5 --docs 8
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r'''
import json, os, sys, time
t0 = time.perf_counter()
import docfix
r = docfix.repair("2022年全市教育工作会议在市教育局召开，会议总结了全年工作。")
startup = time.perf_counter() - t0
docs = [open(p, encoding="utf-8").read() for p in sys.argv[1:]]
c0 = time.process_time()
edits = []
for d in docs:
    rep = docfix.repair(d)
    edits.append([(e.offset, e.insert, e.applied) for e in rep.edits if e.applied])
cpu = time.process_time() - c0
hwm = 0
with open("/proc/self/status") as f:
    for line in f:
        if line.startswith("VmHWM:"):
            hwm = int(line.split()[1])
print(json.dumps({"startup": startup, "cpu": cpu, "chars": sum(map(len, docs)), "hwm_kb": hwm, "edits": edits}))
'''


def tree_for(rev: str, tmp: Path) -> Path:
    dest = tmp / "rev"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(dest), rev], check=True)
    return dest


def run(tree: Path, docs) -> dict:
    env = dict(os.environ, PYTHONPATH=str(tree / "src"))
    env.pop("DOCFIX_MODEL", None)
    p = subprocess.run([sys.executable, "-c", CHILD, *map(str, docs)], env=env, capture_output=True, text=True,
                       cwd=str(tree))
    if p.returncode != 0:
        raise SystemExit(f"{tree}: {p.stderr.strip()[-500:]}")
    return json.loads(p.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rev", default="04c8519", help="the revision to compare with")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--docs", type=int, default=12, help="damaged bench documents (besides seed 001)")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from docfix.lab import bench

    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        sources, _ = bench.load_sources(bench.default_corpus(), ROOT / "seeds")
        built = bench.build_documents(sources, seed=0, n_docs=args.docs, n_clean=0, min_chars=2000, max_chars=20000)
        docs = []
        for i, d in enumerate(built):
            p = tmp / f"doc{i:02d}.txt"
            p.write_text(d.damaged, encoding="utf-8")
            docs.append(p)
        docs.append(ROOT / "seeds" / "001_e6150501fb08fba2.txt")
        other = tree_for(args.rev, tmp)
        try:
            res = {"this": [], "rev": []}
            for _ in range(args.rounds):
                res["this"].append(run(ROOT, docs))
                res["rev"].append(run(other, docs))
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(other)], check=False)
    chars = res["this"][0]["chars"]

    def med(k: str, key: str) -> float:
        return statistics.median(r[key] for r in res[k])

    same = res["this"][0]["edits"] == res["rev"][0]["edits"]
    diff = sum(len(set(map(tuple, a)) ^ set(map(tuple, b))) for a, b in zip(res["this"][0]["edits"], res["rev"][0]["edits"]))
    print(f"{len(docs)} documents, {chars:,} characters; median of {args.rounds} alternating rounds; "
          f"this checkout vs {args.rev}")
    print("| measure | this | " + args.rev + " | ratio (rev / this) |")
    print("|---|---:|---:|---:|")
    cpu_this = 1e3 * med("this", "cpu") / chars
    cpu_rev = 1e3 * med("rev", "cpu") / chars
    print(f"| CPU s per 1,000 characters | {cpu_this:.3f} | {cpu_rev:.3f} | ×{cpu_rev / cpu_this:.2f} |")
    st_this, st_rev = med("this", "startup"), med("rev", "startup")
    print(f"| start-up (import + first repair), s | {st_this:.2f} | {st_rev:.2f} | ×{st_rev / st_this:.2f} |")
    m_this, m_rev = med("this", "hwm_kb") / 1024, med("rev", "hwm_kb") / 1024
    print(f"| peak memory, MB | {m_this:.0f} | {m_rev:.0f} | ×{m_rev / m_this:.2f} |")
    print(f"applied edits identical: {same}" + ("" if same else f" ({diff} differ)"))
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        print("PYTHONDONTWRITEBYTECODE is set: each start-up compiled its tree's modules (no .pyc kept)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

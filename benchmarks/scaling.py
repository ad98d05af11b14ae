"""Batch scaling: one process vs local workers vs a local Dask cluster.

Makes ``--docs`` damaged documents (paragraphs of the corpus's
policy_docs.txt, else the seeds, each losing 10 glyphs of middle frequency
everywhere), then runs ``docfix -r DIR -o OUT`` with each setting, the
settings taking turns ``--rounds`` times in one run, and prints the median
wall time of each and its ratio to one process (the shared machine is noisy:
only ratios measured in one run mean anything). Every setting must write the
same outputs; the script checks it.

    python benchmarks/scaling.py                 # 20 documents of ~10,000 characters
    python benchmarks/scaling.py --docs 40 --rounds 3
"""
from __future__ import annotations

import argparse
import filecmp
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = {
    "1 process": [],
    "--jobs 2": ["--jobs", "2"],
    "--scheduler local:1": ["--scheduler", "local:1"],
    "--scheduler local:2": ["--scheduler", "local:2"],
}


def make_docs(folder: Path, n: int, chars: int, seed: int) -> int:
    corpus = ROOT.parent / "shared" / "corpus" / "policy_docs.txt"
    if corpus.exists():
        text = corpus.read_text(encoding="utf-8")
    else:
        text = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt")))
    rng = random.Random(seed)
    total = 0
    for i in range(n):
        start = rng.randrange(0, max(1, len(text) - chars))
        doc = text[start:start + chars]
        ranked = [c for c, _ in Counter(c for c in doc if "\u4e00" <= c <= "\u9fff").most_common()]
        lost = set(rng.sample(ranked[20:400], min(10, max(0, len(ranked) - 20))))
        damaged = "".join(c for c in doc if c not in lost)
        (folder / f"doc{i:03d}.txt").write_text(damaged, encoding="utf-8")
        total += len(damaged)
    return total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=20)
    ap.add_argument("--chars", type=int, default=10_000)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in"
        src.mkdir()
        chars = make_docs(src, args.docs, args.chars, args.seed)
        times = {k: [] for k in SETTINGS}
        outs = {}
        for r in range(args.rounds):
            for name, extra in SETTINGS.items():
                out = Path(tmp) / f"out{r}-{len(outs)}"
                t = time.perf_counter()
                p = subprocess.run([sys.executable, "-m", "docfix", "-r", "-q", "--no-resume", "-o", str(out),
                                    str(src), *extra], capture_output=True, text=True)
                times[name].append(time.perf_counter() - t)
                if p.returncode != 0:
                    raise SystemExit(f"{name}: exit {p.returncode}: {p.stderr.strip()}")
                outs[(r, name)] = out
        first = next(iter(outs.values()))
        names = sorted(x.name for x in first.glob("*.txt"))
        for out in outs.values():
            _, mismatch, errors = filecmp.cmpfiles(first, out, names, shallow=False)
            if mismatch or errors:
                raise SystemExit(f"outputs differ: {mismatch or errors}")
    base = statistics.median(times["1 process"])
    print(f"{args.docs} documents, {chars:,} characters, {os.cpu_count()} cores, "
          f"median of {args.rounds} alternating rounds; identical outputs in every setting")
    print("| setting | wall time, s | speed-up vs 1 process |")
    print("|---|---|---|")
    for name, ts in times.items():
        m = statistics.median(ts)
        print(f"| {name} | {m:.1f} | ×{base / m:.2f} |")


if __name__ == "__main__":
    main()

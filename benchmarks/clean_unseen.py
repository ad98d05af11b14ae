"""False edits on clean documents of a source docfix never trained on.

Draws documents of ``../shared/corpus/policy_docs.txt`` (State Council and
ministry notices: no model, lexicon or calibration was fitted on it) as the
trace bench does (``docfix.lab.traces.documents``; ``--part test`` is the half
no constant was tuned on), repairs each one untouched, and lists every applied
edit: each is a false edit, since the documents are clean.

    python benchmarks/clean_unseen.py                     # 60 test-half documents, seed 11
    python benchmarks/clean_unseen.py --part tune --docs 60
"""
from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=60)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--part", choices=("test", "tune"), default="test")
    ap.add_argument("--source", default=str(ROOT.parent / "shared" / "corpus" / "policy_docs.txt"))
    args = ap.parse_args(argv)

    from docfix.lab.traces import documents
    from docfix.restore import Repairer

    docs = documents(Path(args.source), args.docs, random.Random(args.seed), part=args.part)
    R = Repairer()
    chars = 0
    kinds: Counter = Counter()
    for di, doc in enumerate(docs):
        chars += len(doc)
        for e in R.repair(doc).edits:
            if e.applied:
                kinds[e.insert] += 1
                print(f"doc {di}: {doc[max(0, e.offset - 12):e.offset]}{{{e.insert}}}{doc[e.offset:e.offset + 8]} "
                      f"({e.confidence:.2f})".replace("\n", "⏎"))
    n = sum(kinds.values())
    print(f"{len(docs)} documents ({args.part} part of {Path(args.source).name}, seed {args.seed}), {chars:,} characters: "
          f"{n} false edits, {n / max(chars, 1) * 1e4:.2f} per 10k characters; by glyph: "
          f"{', '.join(f'{g} {c}' for g, c in kinds.most_common()) or 'none'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

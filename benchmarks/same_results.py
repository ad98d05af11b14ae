"""Does a change keep the engine's results? Snapshot every edit, then compare.

For a refactoring that promises the same behaviour: run ``--save`` before the
change and ``--compare`` after it (or the other way round with two trees).
The snapshot holds, for every document with and without ``ocr=True``, the
repaired text, every edit (offset, end, insert, confidence, applied, reason,
alternatives, kind) and the dropped-set posterior. Documents: the seeds,
``tests/data/clean``, 12 damaged documents of the full bench
(``docfix.lab.bench``'s builder, seed 0) and 12 documents of the trace bench
(``benchmarks/traces.py``: policy_docs, six trace styles, two each).

    python benchmarks/same_results.py --save /tmp/before.json
    ... change ...
    python benchmarks/same_results.py --compare /tmp/before.json

The compare run exits 1 and names the first differing edit of each
document when anything differs.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import Dict, List, Tuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))


def documents(corpus: Path) -> List[Tuple[str, str]]:
    """(name, text) of the snapshot's documents, the same on every run."""
    out = [(p.name, p.read_text(encoding="utf-8")) for p in sorted((ROOT / "seeds").glob("*.txt"))]
    out += [(p.name, p.read_text(encoding="utf-8")) for p in sorted((ROOT / "tests" / "data" / "clean").glob("*.txt"))]
    if corpus.is_dir():
        from docfix.lab import bench

        sources, _ = bench.load_sources(corpus, ROOT / "seeds")
        built = bench.build_documents(sources, seed=0, n_docs=12, n_clean=0, min_chars=2000, max_chars=20000)
        out += [(f"bench{i:02d}", d.damaged) for i, d in enumerate(built)]
        policy = corpus / "policy_docs.txt"
        if policy.exists():
            import docfix.lab.traces as T

            rng = random.Random(5)
            docs = T.documents(policy, 8, rng)
            for style in ("silent", "pdfminer", "pymupdf", "fullfont", "fffd", "raw"):
                for j, d in enumerate(docs[:2]):
                    damaged, _, _ = T.damage(d, T.realistic_glyphs(d, rng), style, rng, mixed=j % 2 == 1)
                    out.append((f"trace-{style}{j}", damaged))
    return out


def snapshot(corpus: Path) -> Dict[str, dict]:
    from docfix.restore import Repairer

    R = Repairer()
    snap: Dict[str, dict] = {}
    for name, text in documents(corpus):
        for ocr in (False, True):
            r = R.repair(text, ocr=ocr)
            snap[f"{name}|ocr={ocr}"] = {
                "text": r.text,
                "edits": [[e.offset, e.end, e.insert, e.confidence, e.applied, e.reason, [list(a) for a in e.alternatives],
                           e.kind] for e in r.edits],
                "dropped": r.dropped,
            }
    return snap


def compare(before: Dict[str, dict], after: Dict[str, dict]) -> int:
    differ = 0
    for key in sorted(set(before) | set(after)):
        a, b = before.get(key), after.get(key)
        if a == b:
            continue
        differ += 1
        if a is None or b is None:
            print(f"{key}: only in the {'after' if a is None else 'before'} snapshot")
            continue
        print(f"{key}: text {'same' if a['text'] == b['text'] else 'differs'}, "
              f"posterior {'same' if a['dropped'] == b['dropped'] else 'differs'}")
        for x, y in zip(a["edits"], b["edits"]):
            if x != y:
                print(f"  before {x}\n  after  {y}")
                break
        else:
            print(f"  {len(a['edits'])} edits before, {len(b['edits'])} after")
    n_edits = sum(len(v["edits"]) for v in before.values())
    print(f"{len(before)} runs, {n_edits} edits; {differ} differ")
    return 1 if differ else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--save", metavar="FILE", help="write the snapshot here")
    g.add_argument("--compare", metavar="FILE", help="compare this tree with a saved snapshot")
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"),
                    help="the training corpus folder (bench and trace-bench documents; without it: seeds and clean only)")
    args = ap.parse_args()
    snap = snapshot(Path(args.corpus))
    if args.save:
        Path(args.save).write_text(json.dumps(snap, ensure_ascii=False), encoding="utf-8")
        print(f"{len(snap)} runs, {sum(len(v['edits']) for v in snap.values())} edits saved to {args.save}")
        return 0
    before = json.loads(Path(args.compare).read_text(encoding="utf-8"))
    return compare(before, json.loads(json.dumps(snap, ensure_ascii=False)))


if __name__ == "__main__":
    raise SystemExit(main())

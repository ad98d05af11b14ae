"""How far the engine's own evidence can go: restoration ceilings on the bench's documents.

For every damaged document of ``docfix bench`` (same seed, same documents,
same damage) the engine runs twice: as users run it, and told the true lost
set (``Repairer.repair(text, dropped=...)``, which skips set inference).
Every proposed edit counts, applied or not. Per class of site (Han
characters, digits) it prints:

- the share of gold sites where the engine proposes the right insert at all
  (at any confidence): no threshold and no calibration can recall more;
- correction P / R / F1 at the default threshold (what ``docfix bench`` reports);
- the best F1 over all thresholds, chosen in hindsight on these documents.

With the true set given and the threshold chosen in hindsight, the last
column is an upper bound of what better set inference or calibration could
give; what stays out of reach is out of reach of the language model's
evidence (a lost "6" in "完成投资4{6}0亿元" is not determined by the text).

    python benchmarks/ceiling.py             # the full bench's 24 damaged documents, ~1 min
    python benchmarks/ceiling.py --quick     # the quick bench's 8
    python benchmarks/ceiling.py --json out.json
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Dict, Optional, Sequence, Tuple

ROOT = Path(__file__).resolve().parent.parent

CLASSES = ("cjk", "digit")


def best_f1(scored: Sequence[Tuple[float, bool]], n_gold: int) -> Tuple[Optional[float], Optional[float]]:
    """Best F1 over all thresholds of (confidence, right) edits, and its threshold.

    >>> best_f1([(0.9, True), (0.8, False), (0.7, True)], 2)
    (0.8, 0.7)
    >>> best_f1([], 3)
    (None, None)
    """
    if not scored or not n_gold:
        return None, None
    best: Tuple[float, float] = (0.0, 1.0)
    tp = 0
    ordered = sorted(scored, key=lambda x: -x[0])
    for k, (conf, right) in enumerate(ordered, 1):
        tp += right
        if k < len(ordered) and ordered[k][0] == conf:
            continue  # a threshold takes every edit of one confidence or none
        p, r = tp / k, tp / n_gold
        f = 2 * p * r / (p + r) if p + r else 0.0
        if f > best[0]:
            best = (f, conf)
    return round(best[0], 4), best[1]


def _empty() -> Dict[str, Dict[str, object]]:
    return {c: {"gold": 0, "proposed_right": 0, "tp": 0, "fp": 0, "scored": []} for c in CLASSES}


def tally(edits, gold: Dict[int, str], threshold: float) -> Dict[str, Dict[str, object]]:
    """Per class: gold sites, right proposals, applied right/wrong, (confidence, right) pairs."""
    from docfix.lab.metrics import site_class

    out = _empty()
    for ins in gold.values():
        c = site_class(ins)
        if c in out:
            out[c]["gold"] += 1  # type: ignore[operator]
    for e in edits:
        c = site_class(e.insert)
        if c not in out:
            continue
        right = gold.get(e.offset) == e.insert
        out[c]["scored"].append((e.confidence, right))  # type: ignore[union-attr]
        out[c]["proposed_right"] += right  # type: ignore[operator]
        if e.confidence >= threshold:
            out[c]["tp" if right else "fp"] += 1  # type: ignore[operator]
    return out


def merge(acc: Dict[str, Dict[str, object]], t: Dict[str, Dict[str, object]]) -> None:
    for c in CLASSES:
        for k in ("gold", "proposed_right", "tp", "fp"):
            acc[c][k] += t[c][k]  # type: ignore[operator]
        acc[c]["scored"].extend(t[c]["scored"])  # type: ignore[union-attr]


def summary(acc: Dict[str, Dict[str, object]]) -> Dict[str, Dict[str, Optional[float]]]:
    res: Dict[str, Dict[str, Optional[float]]] = {}
    for c in CLASSES:
        a = acc[c]
        n, tp, fp = int(a["gold"]), int(a["tp"]), int(a["fp"])  # type: ignore[arg-type]
        p = tp / (tp + fp) if tp + fp else None
        r = tp / n if n else None
        f = 2 * p * r / (p + r) if p and r else (0.0 if n else None)
        bf, bt = best_f1(a["scored"], n)  # type: ignore[arg-type]
        res[c] = {
            "gold": n,
            "proposed_right": int(a["proposed_right"]),  # type: ignore[arg-type]
            "recall_ceiling": round(int(a["proposed_right"]) / n, 4) if n else None,  # type: ignore[arg-type]
            "precision": round(p, 4) if p is not None else None,
            "recall": round(r, 4) if r is not None else None,
            "f1": round(f, 4) if f is not None else None,
            "best_f1": bf,
            "best_threshold": bt,
        }
    return res


def _cell(x: Optional[float], nd: int = 2) -> str:
    return "—" if x is None else f"{x:.{nd}f}"


def render(results: Dict[str, Dict[str, Dict[str, Optional[float]]]], threshold: float) -> str:
    lines = [
        f"| documents, lost set | class | gold sites | right insert proposed (any confidence) "
        f"| P / R / F1 at {threshold} | best F1 in hindsight (threshold) |",
        "|---|---|---:|---:|---|---|",
    ]
    for key, per in results.items():
        for c in CLASSES:
            r = per.get(c)
            if not r or not r["gold"]:
                continue
            lines.append(
                f"| {key} | {c} | {r['gold']} | {r['proposed_right']} ({_cell(r['recall_ceiling'])}) "
                f"| {_cell(r['precision'])} / {_cell(r['recall'])} / {_cell(r['f1'])} "
                f"| {_cell(r['best_f1'])} ({_cell(r['best_threshold'], 3)}) |"
            )
    return "\n".join(lines)


def main(argv: Optional[Sequence[str]] = None) -> int:
    from docfix.lab import bench
    from docfix.restore import Repairer

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    bench.add_arguments(ap)
    ap.add_argument("--json", default=None, help="also write the figures to this JSON file")
    args = ap.parse_args(argv)
    st = bench._settings(args)
    docs, dev, notes = bench.evaluation_set(args, st)
    docs = [d for d in docs if not d.clean]
    if not docs:
        print("docfix: no held-out evaluation text found (corpus and seeds missing)", file=sys.stderr)
        return 3
    R = Repairer(args.model) if args.model else Repairer()
    thr = R.threshold if args.threshold is None else args.threshold
    inferred, given = _empty(), _empty()
    for d in docs:
        merge(inferred, tally(R.repair(d.damaged).edits, d.gold, thr))
        merge(given, tally(R.repair(d.damaged, dropped=d.dropped).edits, d.gold, thr))
    name = f"{len(docs)} synthetic"
    results = {f"{name}, inferred": summary(inferred), f"{name}, true set given": summary(given)}
    if dev is not None:
        n = dev["n"]
        neutral = set(dev["neutral"])
        lost = "".join(sorted({c for s in dev["gold"].values() for c in s}))
        for label, dropped in (("inferred", None), ("true set given", lost)):
            edits = [e for e in R.repair(dev["text"], dropped=dropped).edits if e.offset < n and e.offset not in neutral]
            results[f"dev gold, {label}"] = summary(tally(edits, dev["gold"], thr))
    print(render(results, thr))
    for note in notes:
        print(f"note: {note}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    raise SystemExit(main())

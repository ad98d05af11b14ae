"""OCR look-alike benchmark: docfix --ocr on OCR-style damage of unseen text.

Documents come from ``policy_docs.txt`` (a source the shipped model never
trained on; the same documents and tune/test halves as benchmarks/traces.py).
Each gets OCR damage: every character of a Han look-alike group of
``lexicons/ocr_confusions.txt`` is read as one of its look-alikes with
probability ``--han-rate`` (drawn per document up to that), and every digit
inside a number as its letter look-alike (0→O/o, 1→l/I, 2→Z, 5→S, 8→B) with
probability ``--digit-rate``. A correction is right when it restores the
original character at a damaged place; every other applied correction is
wrong. Clean documents (the undamaged halves, and tests/data/clean) measure
false edits per 10k characters, with and without ``ocr=True``.

    python benchmarks/ocr.py                  # test half
    python benchmarks/ocr.py --part tune --fit
"""
from __future__ import annotations

import argparse
import math
import random
import sys
from pathlib import Path
from typing import List, Optional, Sequence, Tuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import docfix.lab.traces as T  # noqa: E402  (the shared document sampler)


def damage(text: str, table, rng: random.Random, han_rate: float, digit_rate: float) -> Tuple[str, dict]:
    """(damaged text, {offset: original character}); one character for one, so offsets do not move."""
    inv: dict = {}
    for letter, digit in table.digit.items():
        inv.setdefault(digit, []).append(letter)
    out = list(text)
    gold = {}
    for i, c in enumerate(text):
        if c in table.han and rng.random() < han_rate:
            out[i] = rng.choice(table.han[c])
            gold[i] = c
        elif c in inv and c.isdigit():
            left = text[i - 1] if i else ""
            right = text[i + 1] if i + 1 < len(text) else ""
            in_number = left.isdigit() or right.isdigit()
            if in_number and rng.random() < digit_rate:
                out[i] = rng.choice([x for x in inv[c] if x.isascii() and x.isalpha()] or inv[c])
                gold[i] = c
    return "".join(out), gold


def fit_logistic(rows: List[Tuple[float, bool]]) -> Tuple[float, float]:
    """(centre, slope) of P(right) = sigmoid(slope * (x - centre)) by maximum likelihood (grid)."""
    best = (float("inf"), 0.0, 0.0)
    for centre in [x / 10 for x in range(0, 61)]:
        for slope in [x / 10 for x in range(2, 41)]:
            nll = 0.0
            for x, y in rows:
                p = 1 / (1 + math.exp(-slope * (x - centre)))
                p = min(max(p, 1e-6), 1 - 1e-6)
                nll -= math.log(p if y else 1 - p)
            if nll < best[0]:
                best = (nll, centre, slope)
    return best[1], best[2]


def main(argv: Optional[Sequence[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=40)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--part", choices=("test", "tune"), default="test")
    ap.add_argument("--han-rate", type=float, default=0.15)
    ap.add_argument("--digit-rate", type=float, default=0.2)
    ap.add_argument("--fit", action="store_true", help="fit the look-alike logistic on these documents")
    args = ap.parse_args(argv)
    from docfix import ocr
    from docfix.restore import Repairer

    table = ocr.confusions()
    R = Repairer()
    rng = random.Random(args.seed)
    docs = T.documents((ROOT.parent / "shared" / "corpus") / "policy_docs.txt", args.docs, rng, part=args.part)
    right = wrong = sites = 0
    by_kind = {"han": [0, 0, 0], "digit": [0, 0, 0]}  # right, wrong, sites
    fit_rows: List[Tuple[float, bool]] = []
    for di, doc in enumerate(docs):
        drng = random.Random(args.seed * 1000 + di)
        dam, gold = damage(doc, table, drng, drng.uniform(0.02, args.han_rate), args.digit_rate)
        r = R.repair(dam, ocr=True)
        assert r.original() == dam
        for o, c in gold.items():
            by_kind["digit" if c.isdigit() else "han"][2] += 1
        sites += len(gold)
        if args.fit:
            for c in ocr.lookalike_corrections(dam, R.lm, table):
                g = float(c.reason.split("10^")[1].split(" ")[0])
                fit_rows.append((g, gold.get(c.offset) == c.insert))
        for e in r.edits:
            if not e.applied or not e.replaces:
                continue
            ok = gold.get(e.offset) == e.insert
            kind = "digit" if e.insert.isdigit() else "han"
            right += ok
            wrong += not ok
            by_kind[kind][0 if ok else 1] += 1
    clean = [d for d in docs] + [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "data" / "clean").glob("*.txt"))]
    chars = sum(len(d) for d in clean)
    false_on = sum(sum(1 for e in R.repair(d, ocr=True).edits if e.applied) for d in clean)
    false_off = sum(sum(1 for e in R.repair(d).edits if e.applied) for d in clean)

    def prf(r_: int, w: int, n: int) -> str:
        p = r_ / (r_ + w) if r_ + w else 1.0
        rec = r_ / n if n else 1.0
        f = 2 * p * rec / (p + rec) if p + rec else 0.0
        return f"{p:.3f} | {rec:.3f} | {f:.3f}"

    print(f"{len(docs)} documents ({args.part} half of policy_docs.txt), {sum(len(d) for d in docs):,} characters; "
          f"Han look-alike rate up to {args.han_rate}, digit rate {args.digit_rate}")
    print()
    print("| OCR damage | sites | right | wrong | P | R | F1 |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for k, (r_, w, n) in by_kind.items():
        print(f"| {k} | {n} | {r_} | {w} | {prf(r_, w, n)} |")
    print(f"| all | {sites} | {right} | {wrong} | {prf(right, wrong, sites)} |")
    print()
    print(f"clean text ({len(clean)} documents, {chars:,} characters): applied edits per 10k characters "
          f"{1e4 * false_on / chars:.2f} with ocr=True, {1e4 * false_off / chars:.2f} without")
    if args.fit:
        centre, slope = fit_logistic(fit_rows)
        print(f"\nfitted on {len(fit_rows)} proposals: GAIN_CENTRE = {centre}, GAIN_SLOPE = {slope}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""What each hold-back rule holds: right and wrong restorations it reports instead of applying.

The silent engine reports, never applies, restorations that rest on weak
evidence (:func:`docfix.engine.guards.hold_back` and the rules beside it);
each names itself in the edit's reason. This script damages documents as the
trace bench does (``docfix.lab.traces``: a source docfix never trained on,
lost sets drawn like seed 001's, a quarter of the documents mixed-font,
glyphs lost without a trace), repairs them, and counts for each rule the
reported edits it held that were right (the lost glyph at its site) and
wrong. A rule that holds many right ones and few wrong ones on draws it was
not tuned on is worth a second look; one document can decide a rule's
balance on one draw (a notice sent to 16 cities), so read several seeds.

    python benchmarks/caps.py                       # seeds 10 and 11, both halves
    python benchmarks/caps.py --seeds 7 8 9 --parts tune
"""
from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

#: rule -> a phrase its reason holds (docfix.engine.guards; the first that matches names the rule)
RULES = {
    "probably not lost": "the glyph is probably not lost",
    "one strong gap": "the only strong gap",
    "written in the sentence": "the document writes this glyph in the sentence",
    "written on the line": "which one font set",
    "never-written pair": "but never",
    "a law's completion": "is how laws write it",
    "every strong gap after one character": "every strong gap of",
    "a decimal's last digit": "a digit at the end of a decimal",
    "a telephone number": "telephone number",
    "one frame": "every confident restoration of",
    "only before numbers": "restored only before numbers",
    "inside a Latin word": "Latin letter inside",
    "only beside a reported neighbour": "reads well only beside",
    "a register the model hardly knows": "the model knows text of this kind too little",
    "a whole word here": "is followed by",
}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seeds", type=int, nargs="+", default=[10, 11])
    ap.add_argument("--parts", nargs="+", choices=("test", "tune"), default=["tune", "test"])
    ap.add_argument("--docs", type=int, default=40)
    ap.add_argument("--source", default=str(ROOT.parent / "shared" / "corpus" / "policy_docs.txt"))
    args = ap.parse_args(argv)

    from docfix import canon
    from docfix.lab.simulate import realistic_glyphs
    from docfix.lab.traces import damage, documents
    from docfix.restore import Repairer

    R = Repairer()
    fold = lambda s: "".join(canon.fold_char(c) for c in s)  # noqa: E731
    held: Counter = Counter()
    applied: Counter = Counter()
    for part in args.parts:
        for seed in args.seeds:
            docs = documents(Path(args.source), args.docs, random.Random(seed), part=part)
            for di, doc in enumerate(docs):
                drng = random.Random(seed * 1000 + di)  # (the trace bench's draws)
                lost = realistic_glyphs(doc, drng)
                mixed = drng.random() < 0.25
                text, gold, _ = damage(doc, lost, "silent", random.Random(seed * 1000 + di), mixed)
                want = {(s, fold(g)) for s, _, g in gold}
                for e in R.repair(text).edits:
                    right = (e.offset, fold(e.insert)) in want
                    if e.applied:
                        applied[right] += 1
                        continue
                    rule = next((name for name, phrase in RULES.items() if phrase in e.reason), None)
                    held[(rule or "below the threshold", right)] += 1
    print(f"{args.source.rsplit('/', 1)[-1]}, seeds {' '.join(map(str, args.seeds))}, {' and '.join(args.parts)}: "
          f"applied edits {applied[True]:,} right, {applied[False]:,} wrong (edits, not sites: the trace bench counts sites)")
    print("| rule | held right | held wrong |")
    print("|---|---:|---:|")
    for name in [*RULES, "below the threshold"]:
        if held[(name, True)] or held[(name, False)]:
            print(f"| {name} | {held[(name, True)]:,} | {held[(name, False)]:,} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

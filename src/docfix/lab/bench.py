"""Benchmark docfix and its peers: accuracy, false edits, calibration, speed.

``docfix bench`` measures accuracy on synthetic and real damage, false edits
on clean text, calibration and speed, for docfix and its peers, in one table.

What it does (deterministic given ``--seed``, apart from the timings):

1. Evaluation text: the held-out test lines (:func:`docfix.split.split_lines`,
   second element) of ``gwr_national.txt``, ``gwr_prov2026.txt`` and a small
   share of ``laws.txt`` from the corpus folder, and of the clean seeds
   (``000``, ``002``, ``003``, ``004``). Consecutive held-out lines of one file
   make a document (2k-20k characters; smaller with ``--quick``).
2. Damage: :func:`docfix.lab.simulate.simulate` drops a font-subset-like glyph set
   from each damaged document (every occurrence, or in a quarter of the
   documents each occurrence with a probability of 0.3-0.9); clean documents
   are left as they are (false edits).
3. Dev gold: the WHOLE of seed 001 (real damage) is repaired and the sites
   with offset < 4882 are scored against ``seed001-chunk1.gold.txt``
   (``{?X}`` sites neutral).
4. Systems: docfix (:class:`docfix.restore.Repairer`), the plain char-n-gram
   baseline (:class:`docfix.lab.baseline.Baseline`) and pycorrector's KenLM
   ``Corrector`` loaded with the same model. Each runs in its own process
   (so that its model load time and peak RSS are its own).
5. One table (Markdown) on stdout; JSON with every number in
   ``bench-results/<date>-<quick|full>.json`` and ``latest.json`` (an untracked
   folder under the checkout's root, or the current folder; ``--out`` elsewhere).

Modules: :mod:`docfix.lab.documents` (evaluation text, damage, dev gold),
:mod:`docfix.lab.peers` (the systems, each in its own process),
:mod:`docfix.lab.scoring` and :mod:`docfix.lab.report` (table, JSON).

Run ``python -m docfix.lab.bench --quick`` or ``docfix bench --quick``.
"""
from __future__ import annotations

import argparse
import datetime as _dt
import sys
import time
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

from .documents import (
    DEV_GOLD,
    SEED001,
    Doc,
    Source,
    build_documents,
    default_corpus,
    default_seeds_dir,
    load_dev,
    load_sources,
    prefix,
    repo_root,
)
from .peers import SYSTEMS, pycorrector_edits, run_isolated
from .report import DEFAULT_OUT, footer, render_table, save, version
from .scoring import score_system

__all__ = [
    "add_arguments",
    "run",
    "main",
    "evaluation_set",
    "build_documents",
    "load_sources",
    "pycorrector_edits",
    "Source",
    "Doc",
]

# quick / full defaults: (damaged docs, clean docs, min chars, max chars, pycorrector chars)
DEFAULTS = {
    "quick": dict(docs=8, clean_docs=3, min_chars=2000, max_chars=4000, pycorrector_chars=1500),
    "full": dict(docs=24, clean_docs=12, min_chars=2000, max_chars=20000, pycorrector_chars=20000),
}


# ----------------------------------------------------------------- arguments
def add_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Add the ``bench`` options to ``parser`` (used by ``docfix bench`` and ``python -m docfix.lab.bench``)."""
    g = parser.add_argument_group("benchmark")
    g.add_argument("--quick", action="store_true", help="few small documents; finishes in under 2 minutes (CI)")
    g.add_argument("--seed", type=int, default=0, help="seed of document choice and damage (default 0)")
    g.add_argument("--docs", type=int, default=None, help="damaged synthetic documents (quick 8, full 24)")
    g.add_argument("--clean-docs", type=int, default=None, help="undamaged documents for false edits (quick 3, full 12)")
    g.add_argument("--min-chars", type=int, default=None, help="smallest document in characters (default 2000)")
    g.add_argument("--max-chars", type=int, default=None, help="largest document in characters (quick 4000, full 20000)")
    g.add_argument("--laws-share", type=float, default=0.1, help="share of documents taken from laws.txt (default 0.1)")
    g.add_argument(
        "--corpus",
        default=None,
        help="corpus folder with gwr_national.txt, gwr_prov2026.txt, laws.txt (default: $DOCFIX_CORPUS, "
        "else <checkout>/../shared/corpus, or ../shared/corpus from the current folder outside a checkout); "
        "without it only the seeds' held-out parts are used",
    )
    g.add_argument(
        "--seeds-dir",
        default=None,
        help="folder with the seed documents (default <checkout>/seeds, or ./seeds outside a checkout)",
    )
    g.add_argument("--dev-gold", default=None, help=f"dev gold file (default <corpus>/../dev/{DEV_GOLD})")
    g.add_argument("--no-dev", action="store_true", help="skip the dev gold of seed 001")
    g.add_argument(
        "--systems",
        default=",".join(SYSTEMS),
        help="comma-separated systems to run (default: docfix,baseline,pycorrector)",
    )
    g.add_argument("--model", default=None, help="KenLM model for all systems (default: the shipped model)")
    g.add_argument("--threshold", type=float, default=None, help="docfix confidence threshold (default: the engine's)")
    g.add_argument(
        "--pycorrector-chars",
        type=int,
        default=None,
        help="characters of synthetic text given to pycorrector (it runs at a few hundred chars/s; "
        "quick 1500, full 20000; also caps its dev-gold prefix)",
    )
    g.add_argument(
        "--out",
        default=None,
        help="JSON destination: a .json file, or a folder for <date>-<mode>.json and latest.json "
        f"(default <checkout>/{DEFAULT_OUT}, or ./{DEFAULT_OUT} outside a checkout)",
    )
    g.add_argument("--unseen-docs", type=int, default=None,
                   help="documents of the unseen-source section (policy_docs.txt of the corpus; quick 4, full 40; "
                   "0 skips it)")
    g.add_argument("--no-save", action="store_true", help="do not write JSON")
    return parser


# --------------------------------------------------------------------- run
def _settings(args: argparse.Namespace) -> Dict[str, Any]:
    mode = "quick" if args.quick else "full"
    d = dict(DEFAULTS[mode])
    for k in d:
        v = getattr(args, k, None)
        if v is not None:
            d[k] = v
    d["mode"] = mode
    d["seed"] = args.seed
    d["laws_share"] = args.laws_share
    return d


def _log(msg: str) -> None:
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


def _corpus(args: argparse.Namespace) -> Path:
    return Path(args.corpus) if args.corpus else default_corpus()


def _seeds_dir(args: argparse.Namespace) -> Path:
    return Path(args.seeds_dir) if args.seeds_dir else default_seeds_dir()


def evaluation_set(
    args: argparse.Namespace, st: Dict[str, Any]
) -> Tuple[List[Doc], Optional[Dict[str, Any]], List[str]]:
    """The documents and dev gold the benchmark judges, for these arguments
    (``st`` from the mode's settings): deterministic given ``--seed``. Also
    returns notes on what was missing."""
    corpus = _corpus(args)
    seeds_dir = _seeds_dir(args)
    sources, notes = load_sources(corpus, seeds_dir, laws=st["laws_share"] > 0)
    docs = build_documents(
        sources,
        seed=args.seed,
        n_docs=st["docs"],
        n_clean=st["clean_docs"],
        min_chars=st["min_chars"],
        max_chars=st["max_chars"],
        laws_share=st["laws_share"],
    )
    dev = None
    if not args.no_dev:
        gold_path = Path(args.dev_gold) if args.dev_gold else corpus.parent / "dev" / DEV_GOLD
        dev, why = load_dev(gold_path, seeds_dir / SEED001)
        if why:
            notes.append(why)
    return docs, dev, notes


def run(args: argparse.Namespace) -> int:
    """Run the benchmark; print the table; save JSON. Returns an exit status."""
    t_start = time.perf_counter()
    st = _settings(args)
    root = repo_root()
    systems = [s.strip() for s in str(args.systems).split(",") if s.strip()]
    bad = [s for s in systems if s not in SYSTEMS]
    if bad or not systems:
        print(f"docfix: unknown system(s) {bad}; choose from {','.join(SYSTEMS)}", file=sys.stderr)
        return 2
    if st["min_chars"] <= 0 or st["max_chars"] < st["min_chars"]:
        print("docfix: --min-chars must be positive and at most --max-chars", file=sys.stderr)
        return 2
    from ..resources import default_model_path

    model = Path(args.model) if args.model else default_model_path()
    if model is None or not Path(model).exists():
        print(f"docfix: language model not found ({model}); see docs/model.md", file=sys.stderr)
        return 7

    docs, dev, notes = evaluation_set(args, st)
    if not docs:
        print(
            f"docfix: no held-out evaluation text found: docfix bench needs the corpus folder "
            f"(gwr_national.txt, gwr_prov2026.txt, laws.txt; looked in {_corpus(args)}) and/or the seeds folder "
            f"of a docfix checkout (looked in {_seeds_dir(args)}); give them with --corpus DIR "
            f"(or $DOCFIX_CORPUS) and --seeds-dir DIR",
            file=sys.stderr,
        )
        return 3
    for n in notes:
        _log(n)
    _log(
        f"{st['mode']}: {sum(not d.clean for d in docs)} damaged + {sum(d.clean for d in docs)} clean documents, "
        f"{sum(len(d.damaged) for d in docs):,} chars" + (", dev gold of seed 001" if dev else "")
    )

    results: Dict[str, Dict[str, Any]] = {}
    for s in systems:
        texts = [d.damaged for d in docs]
        limits: Optional[List[int]] = None
        dev_text = dev["text"] if dev else None
        dev_limit = None
        if s == "pycorrector":
            per = max(300, st["pycorrector_chars"] // max(1, len(docs)))
            texts = [prefix(t, per) for t in texts]
            limits = [len(t) for t in texts]
            if dev:
                dev_text = prefix(dev["text"][: dev["n"]], min(dev["n"], st["pycorrector_chars"]))
                dev_limit = len(dev_text)
        t0 = time.perf_counter()
        res = run_isolated(s, str(model), args.threshold if s == "docfix" else None, texts + ([dev_text] if dev_text else []))
        if "error" in res:
            results[s] = {"available": False, "reason": res["error"][:160]}
            _log(f"{s}: unavailable: {res['error']}")
            continue
        if dev_text:
            res["dev"] = res["outputs"].pop()
        res["chars_per_s"] = res["chars"] / res["repair_wall_s"] if res["repair_wall_s"] > 0 else None
        res["chars_per_cpu_s"] = res["chars"] / res["repair_cpu_s"] if res["repair_cpu_s"] > 0 else None
        metrics = score_system(res, docs, dev, limits=limits, dev_limit=dev_limit)
        results[s] = {
            "available": True,
            "metrics": metrics,
            "load_s": res["load_s"],
            "repair_wall_s": res["repair_wall_s"],
            "repair_cpu_s": res["repair_cpu_s"],
            "chars": res["chars"],
            "chars_per_s": res["chars_per_s"],
            "chars_per_cpu_s": res["chars_per_cpu_s"],
            "peak_rss_mb": res["peak_rss_mb"],
            "input_chars_per_doc": (max(limits) if limits else None),
        }
        _log(f"{s}: done in {time.perf_counter() - t0:.1f} s")

    table = render_table(results, systems)
    foot = footer(results, st, docs)
    print(table)
    print()
    print(foot)
    unseen = clean = None
    if "docfix" in systems:
        from ..restore import Repairer
        from .unseen import clean_kinds, render_unseen, unseen_section

        t0 = time.perf_counter()
        # one repairer for both, with the model and threshold of the main table
        rep = Repairer(model=str(model), **({} if args.threshold is None else {"threshold": args.threshold}))
        unseen = unseen_section(_corpus(args), quick=args.quick, n_docs=args.unseen_docs, log=_log, repairer=rep)
        if unseen is None and args.unseen_docs != 0:
            _log(f"unseen-source section skipped: no policy_docs.txt in {_corpus(args)}")
        clean = clean_kinds(root / "tests" / "data" / "clean", repairer=rep)
        if unseen is not None or clean is not None:
            print()
            print(render_unseen(unseen, clean))
            _log(f"unseen source and clean kinds: done in {time.perf_counter() - t0:.1f} s")

    report = {
        "docfix_version": version(),
        "date": _dt.date.today().isoformat(),
        "mode": st["mode"],
        "settings": {**st, "systems": systems, "model": str(model), "threshold": args.threshold},
        "corpus": str(_corpus(args)),
        "notes": notes,
        "documents": [
            {
                "source": d.source,
                "first_heldout_line": d.start,
                "chars": len(d.damaged),
                "variant": d.variant,
                "drop_rate": round(d.drop_rate, 4),
                "dropped": list(d.dropped),
                "sites": len(d.gold),
                "damage_seed": d.seed,
            }
            for d in docs
        ],
        "dev": None if dev is None else {"chars": dev["n"], "sites": dev["sites"], "neutral": len(dev["neutral"])},
        "systems": results,
        "unseen": unseen,
        "clean_kinds": clean,
        "table": table,
        "footer": foot,
        "elapsed_s": time.perf_counter() - t_start,
    }
    if not args.no_save:
        for p in save(report, args.out, root, st["mode"]):
            _log(f"wrote {p}")
    _log(f"total {report['elapsed_s']:.1f} s")
    return 0 if results.get("docfix", {}).get("available", "docfix" not in systems) else 7


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m docfix.lab.bench",
        description="Benchmark docfix and its peers on synthetic damage of held-out text and on the dev gold.",
    )
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())

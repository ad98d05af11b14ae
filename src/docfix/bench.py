"""Benchmark docfix and its peers: accuracy, false edits, calibration, speed.

``docfix bench`` measures accuracy on synthetic and real damage, false edits
on clean text, calibration and speed, for docfix and its peers, in one table.

What it does (deterministic given ``--seed``, apart from the timings):

1. Evaluation text: the held-out test lines (:func:`docfix.split.split_lines`,
   second element) of ``gwr_national.txt``, ``gwr_prov2026.txt`` and a small
   share of ``laws.txt`` from the corpus folder, and of the clean seeds
   (``000``, ``002``, ``003``, ``004``). Consecutive held-out lines of one file
   make a document (2k-20k characters; smaller with ``--quick``).
2. Damage: :func:`docfix.simulate.simulate` drops a font-subset-like glyph set
   from each damaged document (every occurrence, or in a quarter of the
   documents each occurrence with a probability of 0.3-0.9); clean documents
   are left as they are (false edits).
3. Dev gold: the WHOLE of seed 001 (real damage) is repaired and the sites
   with offset < 4882 are scored against ``seed001-chunk1.gold.txt``
   (``{?X}`` sites neutral).
4. Systems: docfix (:class:`docfix.restore.Repairer`), the plain char-n-gram
   baseline (:class:`docfix.baseline.Baseline`) and pycorrector's KenLM
   ``Corrector`` loaded with the same model. Each runs in its own process
   (so that its model load time and peak RSS are its own).
5. One table (Markdown) on stdout; JSON with every number in
   ``benchmarks/results/<date>-<quick|full>.json`` and ``latest.json``.

Run ``python -m docfix.bench --quick`` or ``docfix bench --quick``.
"""
from __future__ import annotations

import argparse
import datetime as _dt
import json
import math
import os
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

from . import canon
from .metrics import (
    BINS,
    CLASSES,
    PRF,
    calibration,
    jaccard,
    merge_sites,
    per_10k,
    safe_ratio,
    score_sites,
    site_class,
)
from .simulate import simulate
from .split import NEVER_TRAIN, split_lines

__all__ = ["add_arguments", "run", "main", "build_documents", "load_sources", "pycorrector_edits"]

SYSTEMS = ("docfix", "baseline", "pycorrector")
LABELS = {"docfix": "docfix", "baseline": "char n-gram baseline", "pycorrector": "pycorrector (KenLM)"}
CORPUS_FILES = ("gwr_national.txt", "gwr_prov2026.txt")
LAWS_FILE = "laws.txt"
SEED001 = "001_e6150501fb08fba2.txt"
DEV_GOLD = "seed001-chunk1.gold.txt"
DEV_CHARS = 4882  # the dev gold covers the first 4882 characters of seed 001
MIN_DOC = 500  # shorter held-out pieces are not used as documents
MIXED_EVERY = 4  # every 4th damaged document has a drop rate < 1 (mixed fonts)
MIXED_RATE = (0.3, 0.9)

# quick / full defaults: (damaged docs, clean docs, min chars, max chars, pycorrector chars)
DEFAULTS = {
    "quick": dict(docs=8, clean_docs=3, min_chars=2000, max_chars=4000, pycorrector_chars=1500),
    "full": dict(docs=24, clean_docs=12, min_chars=2000, max_chars=20000, pycorrector_chars=20000),
}

_PKG = Path(__file__).resolve().parent
_ROOT = _PKG.parent.parent


def _repo_root() -> Path:
    """The source checkout's root, else the current folder (installed package)."""
    if (_ROOT / "pyproject.toml").exists() and (_ROOT / "src" / "docfix").exists():
        return _ROOT
    return Path.cwd()


# ----------------------------------------------------------------- arguments
def add_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Add the ``bench`` options to ``parser`` (used by ``docfix bench`` and ``python -m docfix.bench``)."""
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
        help="corpus folder (default: $DOCFIX_CORPUS, else <repo>/../shared/corpus); "
        "without it only the seeds' held-out parts are used",
    )
    g.add_argument("--seeds-dir", default=None, help="folder with the seed documents (default <repo>/seeds)")
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
        "(default <repo>/benchmarks/results)",
    )
    g.add_argument("--no-save", action="store_true", help="do not write JSON")
    return parser


# -------------------------------------------------------------------- data
@dataclass
class Source:
    name: str
    lines: List[str]
    kind: str  # "report", "seed" or "law"


@dataclass
class Doc:
    source: str
    start: int  # index of the first line among the file's held-out lines
    text: str
    clean: bool = False
    seed: int = 0
    variant: str = "all"  # "all" (every occurrence dropped), "mixed" (drop rate < 1), "clean"
    damaged: str = ""
    gold: Dict[int, str] = field(default_factory=dict)
    dropped: Tuple[str, ...] = ()
    drop_rate: float = 0.0


def default_corpus() -> Path:
    env = os.environ.get("DOCFIX_CORPUS")
    if env:
        return Path(env)
    return _repo_root().parent / "shared" / "corpus"


def load_sources(corpus: Optional[Path], seeds_dir: Path, *, laws: bool = True) -> Tuple[List[Source], List[str]]:
    """Held-out test lines of the corpus files and of the clean seeds.

    Returns ``(sources, notes)``; a missing corpus leaves the seeds only.
    """
    notes: List[str] = []
    sources: List[Source] = []
    if corpus is not None and corpus.is_dir():
        for name in CORPUS_FILES:
            p = corpus / name
            if p.exists():
                sources.append(Source(name, split_lines(p)[1], "report"))
            else:
                notes.append(f"{p} missing")
        if laws and (corpus / LAWS_FILE).exists():
            sources.append(Source(LAWS_FILE, split_lines(corpus / LAWS_FILE)[1], "law"))
    else:
        notes.append(f"corpus folder {corpus} not found: evaluating on the seeds' held-out parts only")
    if seeds_dir.is_dir():
        for p in sorted(seeds_dir.glob("[0-9][0-9][0-9]_*.txt")):
            if p.stem in NEVER_TRAIN:
                continue
            sources.append(Source(p.name, split_lines(p)[1], "seed"))
    else:
        notes.append(f"seeds folder {seeds_dir} not found")
    return sources, notes


def _cut(text: str, n: int) -> str:
    """``text`` cut to at most ``n`` characters, at a line or sentence end when one is near."""
    if len(text) <= n:
        return text
    head = text[:n]
    for sep in ("\n", "。", "；", "，"):
        i = head.rfind(sep)
        if i >= n // 2:
            return head[: i + 1]
    return head


def _chunks(src: Source, rng: random.Random, min_chars: int, max_chars: int) -> List[Tuple[int, str]]:
    """Consecutive held-out lines of one file grouped into documents with a
    log-uniform target size in [min_chars, max_chars]."""
    out: List[Tuple[int, str]] = []
    lines = src.lines
    i = 0
    lo, hi = max(1, min_chars), max(min_chars, max_chars)
    while i < len(lines):
        target = int(math.exp(rng.uniform(math.log(lo), math.log(hi))))
        start = i
        buf: List[str] = []
        n = 0
        while i < len(lines) and (not buf or n + len(lines[i]) + 1 <= target):
            buf.append(lines[i])
            n += len(lines[i]) + 1
            i += 1
        text = _cut("\n".join(buf), hi)
        if len(text.strip()) >= min(MIN_DOC, lo):
            out.append((start, text))
    return out


def build_documents(
    sources: Sequence[Source],
    *,
    seed: int,
    n_docs: int,
    n_clean: int,
    min_chars: int,
    max_chars: int,
    laws_share: float = 0.1,
) -> List[Doc]:
    """Damaged and clean documents from held-out text; deterministic given ``seed``.

    The in-register pieces (reports, seeds; files interleaved) are taken in
    turn; every ``1/laws_share``-th document comes from the laws. When the
    held-out text is used up, pieces are used again (with other damage). Clean documents are taken after the
    damaged ones in the same order, so they are other text when there is
    enough of it.
    """
    rng = random.Random(f"docs-{seed}")
    pools: Dict[str, List[Tuple[int, str]]] = {}
    for src in sources:
        ch = _chunks(src, rng, min_chars, max_chars)
        rng.shuffle(ch)
        if ch:
            pools[src.name] = ch
    kinds = {s.name: s.kind for s in sources}
    main_names = [n for n in pools if kinds[n] != "law"]
    law_names = [n for n in pools if kinds[n] == "law"]
    every = round(1 / laws_share) if laws_share > 0 and law_names else 0
    if not main_names and law_names:
        main_names, every = law_names, 0
    if not main_names:
        return []
    # one cycle = every in-register piece once, files interleaved
    cycle: List[Tuple[str, int, str]] = []
    for j in range(max(len(pools[n]) for n in main_names)):
        for n in main_names:
            if j < len(pools[n]):
                cycle.append((n, *pools[n][j]))
    laws_cycle = [(n, *c) for n in law_names for c in pools[n]]
    picks: List[Tuple[str, int, str]] = []
    i_main = i_law = 0
    total = n_docs + n_clean
    while len(picks) < total:
        slot = len(picks) + 1
        if every and slot % every == 0:
            picks.append(laws_cycle[i_law % len(laws_cycle)])
            i_law += 1
        else:
            picks.append(cycle[i_main % len(cycle)])
            i_main += 1

    docs: List[Doc] = []
    drng = random.Random(f"damage-{seed}")
    for k, (name, start, text) in enumerate(picks):
        dseed = drng.randrange(2**31)
        mixed = k % MIXED_EVERY == MIXED_EVERY - 1
        if k < n_docs:
            rate: Any = MIXED_RATE if mixed else 1.0
            d = simulate(text, seed=dseed, drop_rate=rate)
            docs.append(
                Doc(
                    name,
                    start,
                    text,
                    False,
                    dseed,
                    "mixed" if mixed else "all",
                    d.damaged,
                    d.sites,
                    tuple(sorted(d.dropped)),
                    d.drop_rate,
                )
            )
        else:
            docs.append(Doc(name, start, text, True, dseed, "clean", text, {}, (), 0.0))
    return docs


def _prefix(text: str, n: int) -> str:
    """The first ``n`` characters of ``text``, ending at a line end when possible."""
    if n <= 0 or len(text) <= n:
        return text
    i = text.rfind("\n", 0, n)
    return text[: i + 1] if i >= n // 2 else text[:n]


# ----------------------------------------------------------------- dev gold
def load_dev(gold_path: Path, seed001: Path) -> Tuple[Optional[Dict[str, Any]], Optional[str]]:
    """Parse the dev gold; check that its damaged text is the seed's first 4882 characters."""
    if not gold_path.exists():
        return None, f"dev gold {gold_path} not found"
    if not seed001.exists():
        return None, f"seed 001 {seed001} not found"
    import importlib.util

    fmt = gold_path.parent / "goldfmt.py"
    if fmt.exists():
        spec = importlib.util.spec_from_file_location("_docfix_goldfmt", fmt)
        mod = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
        spec.loader.exec_module(mod)  # type: ignore[union-attr]
        parse = mod.parse
    else:
        parse = _parse_gold
    damaged, sites = parse(gold_path.read_text(encoding="utf-8"))
    text = seed001.read_text(encoding="utf-8")
    n = len(damaged)
    if text[:n] != damaged:
        return None, f"dev gold text differs from the first {n} characters of {seed001.name}"
    gold = {o: s for o, (s, unc) in sites.items() if not unc}
    neutral = sorted(o for o, (s, unc) in sites.items() if unc)
    return {"text": text, "n": n, "gold": gold, "neutral": neutral, "sites": len(sites)}, None


def _parse_gold(annotated: str):
    """Same as ``shared/dev/goldfmt.parse`` (used when that file is not next to the gold)."""
    import re

    parts, sites, pos, last = [], {}, 0, 0
    for m in re.finditer(r"\{([^{}]*)\}", annotated):
        parts.append(annotated[last : m.start()])
        pos += m.start() - last
        last = m.end()
        body = m.group(1)
        unc = body.startswith("?")
        body = body.lstrip("?")
        prev = sites.get(pos)
        if prev:
            body = prev[0] + body
            unc = unc or prev[1]
        sites[pos] = (body, unc)
    parts.append(annotated[last:])
    return "".join(parts), sites


# ------------------------------------------------------------------ peers
def _import_pycorrector_corrector():
    """pycorrector's KenLM ``Corrector`` without the package ``__init__`` (which
    imports torch for its neural correctors). Never downloads anything."""
    import importlib
    import importlib.util
    import types

    if "pycorrector" not in sys.modules:
        spec = importlib.util.find_spec("pycorrector")
        if spec is None or not spec.submodule_search_locations:
            raise ImportError("pycorrector is not installed (pip install 'docfix[bench]')")
        pkg = types.ModuleType("pycorrector")
        pkg.__path__ = list(spec.submodule_search_locations)  # type: ignore[attr-defined]
        pkg.__file__ = spec.origin
        sys.modules["pycorrector"] = pkg
    return importlib.import_module("pycorrector.corrector").Corrector


def pycorrector_edits(errors: Sequence[Tuple[str, str, int]], base: int = 0) -> List[Tuple[int, str, str]]:
    """Turn pycorrector's ``(wrong, right, position)`` corrections into site terms.

    Returns ``(offset, insert, kind)``: ``kind`` is ``"insert"`` when the
    correction only adds characters (``wrong`` is ``right`` with a gap), else
    ``"substitute"`` (it replaces existing characters: never a restoration).

    >>> pycorrector_edits([("息化", "细化", 10), ("息化", "信息化", 20)])
    [(10, '细', 'substitute'), (20, '信', 'insert')]
    """
    out: List[Tuple[int, str, str]] = []
    for wrong, right, pos in errors:
        p = 0
        while p < min(len(wrong), len(right)) and wrong[p] == right[p]:
            p += 1
        s = 0
        while s < min(len(wrong), len(right)) - p and wrong[-1 - s] == right[-1 - s]:
            s += 1
        mid_w = wrong[p : len(wrong) - s]
        mid_r = right[p : len(right) - s]
        kind = "insert" if not mid_w else "substitute"
        out.append((base + pos + p, mid_r, kind))
    return out


class _Pycorrector:
    """Adapter: pycorrector's KenLM ``Corrector`` with our model, line by line."""

    def __init__(self, model: Path):
        import logging
        import tempfile

        os.environ.setdefault("PYCORRECTOR_DATA_DIR", tempfile.mkdtemp(prefix="pycorrector-"))
        try:
            from loguru import logger

            logger.remove()
            logger.add(sys.stderr, level="ERROR")
        except ImportError:
            pass
        Corrector = _import_pycorrector_corrector()
        try:
            import jieba

            jieba.setLogLevel(logging.WARNING)
        except ImportError:
            pass
        if not Path(model).exists():  # pycorrector would try to download its own
            raise FileNotFoundError(f"language model not found: {model}")
        self.c = Corrector(language_model_path=str(model))
        self.c.check_detector_initialized()
        self.c.check_corrector_initialized()
        self.c.correct("今年工作")

    def repair(self, text: str) -> List[Tuple[int, str, float, bool, str]]:
        out: List[Tuple[int, str, float, bool, str]] = []
        pos = 0
        for line in text.split("\n"):
            if line.strip():
                r = self.c.correct(line)
                for off, ins, kind in pycorrector_edits(r.get("errors", []), pos):
                    out.append((off, ins, 1.0, True, kind))
            pos += len(line) + 1
        return out


def _load_system(name: str, model: Optional[str], threshold: Optional[float]):
    from .resources import default_model_path

    path = Path(model) if model else default_model_path()
    if name == "docfix":
        from .restore import Repairer

        kw = {} if threshold is None else {"threshold": threshold}
        return Repairer(model=path, **kw)
    if name == "baseline":
        from .baseline import Baseline

        return Baseline(path)
    if name == "pycorrector":
        if path is None:
            raise FileNotFoundError("no language model")
        return _Pycorrector(path)
    raise ValueError(f"unknown system {name!r}")


def _worker(name: str, model: Optional[str], threshold: Optional[float], texts: List[str]) -> Dict[str, Any]:
    """Load one system and repair ``texts`` (runs in its own process)."""
    import resource

    t0 = time.perf_counter()
    try:
        sysobj = _load_system(name, model, threshold)
        if name != "pycorrector":
            sysobj.repair("今年是全面建设的开局之年。")  # warm-up, counted as load
    except Exception as e:  # reported in the table, never fatal
        return {"error": f"{type(e).__name__}: {e}"}
    load_s = time.perf_counter() - t0
    outs: List[Dict[str, Any]] = []
    wall = cpu = 0.0
    for text in texts:
        w0, c0 = time.perf_counter(), time.process_time()
        try:
            if name == "pycorrector":
                edits = sysobj.repair(text)
                dropped: Optional[Dict[str, float]] = None  # infers no dropped set
            else:
                r = sysobj.repair(text)
                edits = [(e.offset, e.insert, float(e.confidence), bool(e.applied), "insert") for e in r.edits]
                dropped = {str(k): float(v) for k, v in r.dropped.items()}
        except Exception as e:
            return {"error": f"{type(e).__name__} while repairing: {e}"}
        wall += time.perf_counter() - w0
        cpu += time.process_time() - c0
        outs.append({"edits": edits, "dropped": dropped})
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "outputs": outs,
        "load_s": load_s,
        "repair_wall_s": wall,
        "repair_cpu_s": cpu,
        "chars": sum(len(t) for t in texts),
        "peak_rss_mb": rss_kb / 1024.0,
    }


def _run_isolated(name: str, model: Optional[str], threshold: Optional[float], texts: List[str]) -> Dict[str, Any]:
    """Run :func:`_worker` in a fresh process (own RSS, own load time)."""
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    try:
        with ProcessPoolExecutor(max_workers=1, mp_context=mp.get_context("spawn")) as ex:
            return ex.submit(_worker, name, model, threshold, texts).result()
    except Exception as e:  # a crashed worker
        return {"error": f"{type(e).__name__}: {e}"}


# ----------------------------------------------------------------- scoring
def _fold_set(glyphs) -> set:
    return {canon.fold_char(g) for g in glyphs if len(g) == 1} | {g for g in glyphs if len(g) != 1}


def _score_doc(
    gold: Dict[int, str],
    edits: Sequence[Sequence[Any]],
    *,
    limit: Optional[int] = None,
    neutral: Sequence[int] = (),
) -> Tuple[Dict[str, Dict[str, PRF]], List[Tuple[float, bool]], int, int]:
    """Score one document's applied edits; return (prf, calibration items,
    applied inserts, applied substitutions). ``limit``: only offsets below it count."""
    if limit is not None:
        gold = {o: s for o, s in gold.items() if o < limit}
        edits = [e for e in edits if e[0] < limit]
    neu = set(neutral)
    applied_ins = [(e[0], e[1]) for e in edits if e[3] and e[4] == "insert"]
    subs = [e for e in edits if e[3] and e[4] != "insert" and e[0] not in neu]
    prf = score_sites(gold, merge_sites(applied_ins), neutral=neu)
    for e in subs:  # a substitution is never a restoration: a false edit
        for kind in ("detection", "correction"):
            for k in ("all", site_class(e[1])):
                prf[kind][k].n_pred += 1
    cal = [
        (float(e[2]), e[4] == "insert" and gold.get(e[0]) == e[1])
        for e in edits
        if e[0] not in neu
    ]
    return prf, cal, len(applied_ins), len(subs)


def _zero_prf() -> Dict[str, Dict[str, PRF]]:
    return {k: {c: PRF() for c in ("all",) + CLASSES + ("other",)} for k in ("detection", "correction")}


def _add_prf(acc, prf) -> None:
    for k in acc:
        for c in acc[k]:
            acc[k][c] = acc[k][c] + prf[k][c]


def _prf_json(acc) -> Dict[str, Dict[str, Any]]:
    return {k: {c: v.to_dict() for c, v in acc[k].items()} for k in acc}


def score_system(
    res: Dict[str, Any],
    docs: Sequence[Doc],
    dev: Optional[Dict[str, Any]],
    *,
    limits: Optional[Sequence[int]] = None,
    dev_limit: Optional[int] = None,
) -> Dict[str, Any]:
    """All metrics of one system from its worker result."""
    outs = res["outputs"]
    syn = _zero_prf()
    mixed = _zero_prf()
    cal_items: List[Tuple[float, bool]] = []
    clean_chars = clean_edits = subs_total = damaged_chars = 0
    jac: List[float] = []
    clean_with_set = 0
    per_doc = []
    for i, d in enumerate(docs):
        out = outs[i]
        lim = limits[i] if limits else None
        text_len = lim if lim is not None else len(d.damaged)
        prf, cal, n_ins, n_sub = _score_doc(d.gold, out["edits"], limit=lim)
        cal_items += cal
        subs_total += n_sub
        inferred = {g for g, p in (out["dropped"] or {}).items() if p >= 0.5}
        if d.clean:
            clean_chars += text_len
            clean_edits += n_ins + n_sub
            clean_with_set += bool(inferred)
        else:
            damaged_chars += text_len
            _add_prf(syn, prf)
            if d.variant == "mixed":
                _add_prf(mixed, prf)
            if d.dropped and out["dropped"] is not None:
                jac.append(jaccard(_fold_set(inferred), _fold_set(d.dropped)))
        per_doc.append(
            {
                "correction": prf["correction"]["all"].to_dict(),
                "applied": n_ins,
                "substitutions": n_sub,
                "inferred": sorted(inferred),
            }
        )
    cal = calibration(cal_items)
    hi = [ok for c, ok in cal_items if c >= 0.9]
    m: Dict[str, Any] = {
        "synthetic": _prf_json(syn),
        "mixed_font": _prf_json(mixed),
        "clean_chars": clean_chars,
        "damaged_chars": damaged_chars,
        "false_edits_clean": clean_edits,
        "false_edits_per_10k": per_10k(clean_edits, clean_chars),
        "substitutions": subs_total,
        "substitutions_per_10k": per_10k(subs_total, clean_chars + damaged_chars),
        "jaccard": sum(jac) / len(jac) if jac else None,
        "clean_docs_with_inferred_set": clean_with_set,
        "calibration": cal,
        "precision_conf_ge_0.9": (sum(hi) / len(hi)) if hi else None,
        "n_conf_ge_0.9": len(hi),
        "per_doc": per_doc,
    }
    if dev is not None and "dev" in res:
        lim = dev_limit if dev_limit is not None else dev["n"]
        prf, dcal, n_ins, n_sub = _score_doc(dev["gold"], res["dev"]["edits"], limit=lim, neutral=dev["neutral"])
        acc = _zero_prf()
        _add_prf(acc, prf)
        dc = calibration(dcal)
        m["dev"] = {
            "scored_chars": lim,
            "prf": _prf_json(acc),
            "applied": n_ins,
            "substitutions": n_sub,
            "ece": dc["ece"],
            "calibration": dc,
            "inferred": sorted(g for g, p in (res["dev"]["dropped"] or {}).items() if p >= 0.5),
        }
    return m


# ------------------------------------------------------------------- table
def _f(x: Optional[float], nd: int = 2) -> str:
    return "—" if x is None else f"{x:.{nd}f}"


def _prf_cell(d: Dict[str, Any]) -> str:
    if d["n_gold"] == 0 and d["n_pred"] == 0:
        return "—"
    return f"{_f(d['precision'])} / {_f(d['recall'])} / {_f(d['f1'])}"


def _ratio(v: Optional[float], ref: Optional[float]) -> str:
    r = safe_ratio(v, ref)
    return "" if r is None else f" (×{r:.2f})"


def _rows(results: Dict[str, Dict[str, Any]]) -> List[Tuple[str, Dict[str, Tuple[str, Optional[float]]]]]:
    """Table rows: label -> {system: (cell text, value for the ratio)}."""
    rows: List[Tuple[str, Dict[str, Tuple[str, Optional[float]]]]] = []
    avail = {s: r for s, r in results.items() if "metrics" in r}

    def add(label: str, get, ratio=True):
        cells: Dict[str, Tuple[str, Optional[float]]] = {}
        for s, r in avail.items():
            try:
                cell, val = get(r["metrics"], r)
            except (KeyError, TypeError):
                cell, val = "—", None
            cells[s] = (cell, val if ratio else None)
        rows.append((label, cells))

    any_m = next(iter(avail.values()))["metrics"] if avail else None
    for kind in ("correction", "detection"):
        for c in ("all",) + CLASSES:
            n = any_m["synthetic"][kind][c]["n_gold"] if any_m else 0
            label = f"synthetic {kind} P / R / F1 — {c if c != 'cjk' else 'CJK'} ({n} sites)"
            add(label, lambda m, r, k=kind, c=c: (_prf_cell(m["synthetic"][k][c]), m["synthetic"][k][c]["f1"]))
    add(
        "synthetic correction P / R / F1 — mixed-font docs (drop rate < 1)",
        lambda m, r: (_prf_cell(m["mixed_font"]["correction"]["all"]), m["mixed_font"]["correction"]["all"]["f1"]),
    )
    if any(("dev" in r["metrics"]) for r in avail.values()):
        for kind in ("correction", "detection"):
            add(
                f"dev gold seed 001 (offsets < {DEV_CHARS}) {kind} P / R / F1",
                lambda m, r, k=kind: (_prf_cell(m["dev"]["prf"][k]["all"]), m["dev"]["prf"][k]["all"]["f1"]),
            )
    add(
        "false applied edits per 10k chars of clean text",
        lambda m, r: (_f(m["false_edits_per_10k"], 1), m["false_edits_per_10k"]),
    )
    add(
        "substitutions (not insertions) per 10k chars",
        lambda m, r: (_f(m["substitutions_per_10k"], 1), m["substitutions_per_10k"]),
    )
    add("Jaccard, inferred (p ≥ 0.5) vs true dropped set", lambda m, r: (_f(m["jaccard"]), m["jaccard"]))
    for i in range(len(BINS) - 1):
        lo, hi = BINS[i], BINS[i + 1]
        br = "]" if i == len(BINS) - 2 else ")"
        add(
            f"precision of edits with confidence in [{lo:g}, {hi:g}{br} (n)",
            lambda m, r, i=i: (
                f"{_f(m['calibration']['bins'][i]['precision'])} ({m['calibration']['bins'][i]['n']})",
                m["calibration"]["bins"][i]["precision"],
            ),
        )
    add(
        "precision of edits with confidence ≥ 0.9",
        lambda m, r: (_f(m["precision_conf_ge_0.9"]), m["precision_conf_ge_0.9"]),
    )
    add("expected calibration error (all edits)", lambda m, r: (_f(m["calibration"]["ece"], 3), m["calibration"]["ece"]))
    add(
        "repair throughput, chars/s (load excluded)",
        lambda m, r: (f"{r['chars_per_s']:,.0f}", r["chars_per_s"]),
    )
    add("model load, s", lambda m, r: (_f(r["load_s"]), r["load_s"]))
    add("peak RSS, MB", lambda m, r: (f"{r['peak_rss_mb']:.0f}", r["peak_rss_mb"]))
    return rows


def render_table(results: Dict[str, Dict[str, Any]], systems: Sequence[str]) -> str:
    """The Markdown table: one row per metric, one column per system; peers
    also as a ratio to docfix (peer / docfix) in the same run."""
    rows = _rows(results)
    head = ["metric"] + [LABELS.get(s, s) for s in systems]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    unavailable = {s: results[s].get("reason", "not run") for s in systems if "metrics" not in results.get(s, {})}
    for j, (label, cells) in enumerate(rows):
        out = [label]
        ref = cells.get("docfix", ("", None))[1]
        for s in systems:
            if s in unavailable:
                out.append(f"unavailable: {unavailable[s]}" if j == 0 else "—")
                continue
            cell, val = cells.get(s, ("—", None))
            if s != "docfix" and "docfix" in cells:
                cell += _ratio(val, ref)
            out.append(cell)
        lines.append("| " + " | ".join(out) + " |")
    if not rows:
        for s in systems:
            lines.append(f"| {s} | unavailable: {unavailable.get(s, '')} |")
    return "\n".join(lines)


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


def evaluation_set(
    args: argparse.Namespace, st: Dict[str, Any]
) -> Tuple[List[Doc], Optional[Dict[str, Any]], List[str]]:
    """The documents and dev gold the benchmark judges, for these arguments
    (``st`` from the mode's settings): deterministic given ``--seed``. Also
    returns notes on what was missing."""
    corpus = _corpus(args)
    seeds_dir = Path(args.seeds_dir) if args.seeds_dir else _repo_root() / "seeds"
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
    root = _repo_root()
    systems = [s.strip() for s in str(args.systems).split(",") if s.strip()]
    bad = [s for s in systems if s not in SYSTEMS]
    if bad or not systems:
        print(f"docfix: unknown system(s) {bad}; choose from {','.join(SYSTEMS)}", file=sys.stderr)
        return 2
    if st["min_chars"] <= 0 or st["max_chars"] < st["min_chars"]:
        print("docfix: --min-chars must be positive and at most --max-chars", file=sys.stderr)
        return 2
    from .resources import default_model_path

    model = Path(args.model) if args.model else default_model_path()
    if model is None or not Path(model).exists():
        print(f"docfix: language model not found ({model}); see the README's model section", file=sys.stderr)
        return 7

    docs, dev, notes = evaluation_set(args, st)
    if not docs:
        print("docfix: no held-out evaluation text found (corpus and seeds missing)", file=sys.stderr)
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
            texts = [_prefix(t, per) for t in texts]
            limits = [len(t) for t in texts]
            if dev:
                dev_text = _prefix(dev["text"][: dev["n"]], min(dev["n"], st["pycorrector_chars"]))
                dev_limit = len(dev_text)
        t0 = time.perf_counter()
        res = _run_isolated(s, str(model), args.threshold if s == "docfix" else None, texts + ([dev_text] if dev_text else []))
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
    footer = _footer(results, st, docs)
    print(table)
    print()
    print(footer)

    report = {
        "docfix_version": _version(),
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
        "table": table,
        "footer": footer,
        "elapsed_s": time.perf_counter() - t_start,
    }
    if not args.no_save:
        for p in _save(report, args.out, root, st["mode"]):
            _log(f"wrote {p}")
    _log(f"total {report['elapsed_s']:.1f} s")
    return 0 if results.get("docfix", {}).get("available", "docfix" not in systems) else 7


def _footer(results, st, docs) -> str:
    n_dam = sum(not d.clean for d in docs)
    n_clean = sum(d.clean for d in docs)
    lines = [
        f"Settings: {st['mode']}, seed {st['seed']}; {n_dam} damaged + {n_clean} clean held-out documents "
        f"({st['min_chars']}-{st['max_chars']} chars); P / R / F1 count applied edits only; "
        "peers show (×ratio = peer / docfix; for false edits, ECE, load time and RSS lower is better).",
    ]
    pc = results.get("pycorrector", {})
    if pc.get("available"):
        m = pc["metrics"]
        n_all = m["calibration"]["n"]
        lines.append(
            f"pycorrector cannot insert: {m['substitutions']} of its {n_all} edits replace characters that were right "
            f"(e.g. 息化→细化 where 信 was lost), so it restores nothing (recall 0) and damages text further; "
            f"it ran on the first {pc['input_chars_per_doc']} chars of each document"
            + (f" and the first {m['dev']['scored_chars']} of the dev chunk" if "dev" in m else "")
            + f" (it repairs ~{pc['chars_per_s']:.0f} chars/s)."
        )
    elif "pycorrector" in results:
        lines.append(f"pycorrector unavailable: {pc.get('reason')}")
    return "\n".join(lines)


def _version() -> str:
    try:
        from . import __version__

        return __version__
    except Exception:  # pragma: no cover
        return "?"


def _save(report: Dict[str, Any], out: Optional[str], root: Path, mode: str) -> List[Path]:
    data = json.dumps(report, ensure_ascii=False, indent=1, default=str)
    if out and out.endswith(".json"):
        paths = [Path(out)]
    else:
        d = Path(out) if out else root / "benchmarks" / "results"
        paths = [d / f"{report['date']}-{mode}.json", d / "latest.json"]
    for p in paths:
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(data + "\n", encoding="utf-8")
    return paths


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m docfix.bench",
        description="Benchmark docfix and its peers on synthetic damage of held-out text and on the dev gold.",
    )
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    from docfix.bench import main as _main  # pickled worker functions live in docfix.bench

    raise SystemExit(_main())

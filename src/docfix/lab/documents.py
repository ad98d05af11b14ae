"""The benchmark's evaluation text: held-out documents, their damage, the dev gold.

Consecutive held-out test lines (:func:`docfix.split.split_lines`, second
element) of one corpus file or clean seed make a document;
:func:`build_documents` damages them with :func:`docfix.lab.simulate.simulate`
(deterministic given the seed). :func:`load_dev` reads the dev gold of seed 001.
"""
from __future__ import annotations

import math
import os
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

from ..split import NEVER_TRAIN, split_lines
from .simulate import simulate

__all__ = [
    "Source",
    "Doc",
    "repo_root",
    "default_corpus",
    "default_seeds_dir",
    "load_sources",
    "build_documents",
    "load_dev",
    "prefix",
]

CORPUS_FILES = ("gwr_national.txt", "gwr_prov2026.txt")
LAWS_FILE = "laws.txt"
SEED001 = "001_e6150501fb08fba2.txt"
DEV_GOLD = "seed001-chunk1.gold.txt"
DEV_CHARS = 4882  # the dev gold covers the first 4882 characters of seed 001
MIN_DOC = 500  # shorter held-out pieces are not used as documents
MIXED_EVERY = 4  # every 4th damaged document has a drop rate < 1 (mixed fonts)
MIXED_RATE = (0.3, 0.9)

_ROOT = Path(__file__).resolve().parents[3]  # src/docfix/lab/documents.py -> the checkout's root


def repo_root() -> Path:
    """The source checkout's root, else the current folder (installed package)."""
    if (_ROOT / "pyproject.toml").exists() and (_ROOT / "src" / "docfix").exists():
        return _ROOT
    return Path.cwd()


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
    """``$DOCFIX_CORPUS``, else ``shared/corpus`` next to the checkout (or next to
    the current folder outside a checkout)."""
    env = os.environ.get("DOCFIX_CORPUS")
    if env:
        return Path(env)
    return repo_root().parent / "shared" / "corpus"


def default_seeds_dir() -> Path:
    """The checkout's ``seeds`` folder (``./seeds`` outside a checkout)."""
    return repo_root() / "seeds"


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
            d = simulate(text, seed=dseed, drop_rate=rate, by_paragraph=mixed)
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


def prefix(text: str, n: int) -> str:
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

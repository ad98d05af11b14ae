#!/usr/bin/env python3
"""Rebuild docfix's lexicons: ``lexicons/general.txt`` and ``lexicons/domain.txt``.

general.txt
    jieba 0.42.1's ``dict.txt`` (MIT licence): Han-only entries, entries that
    OpenCC t2s changes (traditional forms) dropped, jieba's frequencies kept.

domain.txt
    Terms mined without supervision from the TRAIN lines of the training
    corpus (``docfix.split.split_lines(path)[0]``; held-out lines and the seed
    documents are never read). Method:

    1. Han runs are the text; characters seen fewer than ``--min-count`` times
       are boundaries. Digits (and Latin letters) are one neighbour symbol each,
       other non-Han characters are boundaries, each a distinct neighbour.
    2. Character n-grams of length 1..8 are counted with one suffix sort of all
       positions (numpy), together with the distribution of their right
       neighbours; the same on the reversed text gives left neighbours.
    3. Occurrences in report text (``gwr_*.txt``) weigh ``report_weight`` times
       laws text, chosen so both registers carry equal mass (``--report-share``).
    4. Candidates: raw count >= ``--min-raw`` and weighted count >=
       ``--min-weighted``; left and right branching entropy >= ``--min-entropy``
       and, for n >= 3, at least ``--entropy-ratio`` times the entropy of the
       (n-1)-gram on that side (the boundary is not inside a longer word); at most
       half of the left neighbours numeric (no "号发布" from "2号发布"); no
       article references or counted quantities (第…条, 十五条, 十日), no mostly-numeral n-grams (十四五 and
       the like excepted); not changed by OpenCC t2s.
    5. A candidate that is a jieba word is kept (an attested word whose
       boundaries the corpus confirms) if ``mp >= 0`` (below) or jieba's
       frequency is >= 50 (rare jieba entries such as 应大 must cohere). Any other candidate is segmented with
       jieba's dictionary (maximum probability) and rejected when a function
       character (的 了 和 …) or function word (应当 或者 今年 …) is its first or
       last token or (except in set phrases, 6b) a free-standing token inside.
    6. Cohesion: ``mp`` = minimum internal PMI over all split points, ``mcp`` =
       minimum over split points of max(P(left|right), P(right|left)).
       a. 2 characters: kept when ``mp >= --pmi2``, both entropies >= 1.5 and
          no grammatical character (某 且 仍 …);
       b. set phrases (4 characters with mcp >= 0.4 and mp >= 5) are kept;
       c. otherwise the phrase must not start with a single character that is
          not a productive prefix or end with one that is not a productive
          suffix (化 性 员 率 …; measured on jieba's dictionary) unless
          mcp >= 0.6; must not start with a verb/adverb/preposition/pronoun/
          conjunction (jieba POS) or a policy verb (推进 加强 …), nor end with an
          adverb/localiser/idiom or, unless mp >= 6.5, a verb (a clause, not a
          term); then it is kept when strongly cohesive (``mcp >= --mcp-strong``
          and ``mp >= --pmi-strong``), or when cohesive (``mcp >= --mcp-min`` or
          ``mp >= --pmi-min``) and made of content words only.
    7. A kept term inside a longer kept term with the same raw count is dropped.

    The frequency column is the raw count over the train lines of all files.

Usage::

    python scripts/build_lexicons.py                       # downloads jieba via pip download
    python scripts/build_lexicons.py --jieba-dict /tmp/x/jieba-0.42.1/jieba/dict.txt
    python scripts/build_lexicons.py --only domain --corpus-dir ../shared/corpus

The domain step also needs jieba's dict.txt (segmentation and POS tags for
step 5). It reads the whole corpus (laws.txt included, no subsampling) and runs
in about 2 minutes on 2 cores with about 2 GB of RAM.
"""
from __future__ import annotations

import argparse
import math
import re
import subprocess
import sys
import tarfile
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence, Set, Tuple

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from docfix.split import split_lines  # noqa: E402

JIEBA_VERSION = "0.42.1"
HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
N_MIN, N_MAX = 2, 8
NUMERALS = "〇零一二三四五六七八九十百千万亿两"

#: Characters that may not start / end a mined term (function words, particles).
BAD_START = set("的了着和与及或并而是在对把被从向于也都就又还使由按依据其该此这那之以为所则即但若如因将每等个经谁")
BAD_END = set("的了着和与及或并而是在对把被从向于也都就又还使由按依其该此这那之以则即但若如因将每个得地等呢吗吧")
#: Function words that may not start / end a mined term.
BAD_START_WORDS = ("应当", "可以", "必须", "不得", "我们", "由于", "对于", "关于", "根据", "按照",
                   "依照", "依据", "通过", "进行", "如果", "其他", "以及", "并且", "或者", "但是",
                   "为了", "会同", "一个", "今年", "去年", "明年", "近年", "当前", "目前", "过去", "今后")
BAD_END_WORDS = ("应当", "可以", "必须", "不得", "按照", "依照", "根据", "依据", "我们", "进行",
                 "通过", "以及", "或者", "对于", "关于", "为了", "依法", "责令", "予以", "限期", "会同",
                 "一个", "之日起", "之日")
#: Function words that may not occur inside a mined term (unless it is a jieba word).
INNER_WORDS = ("或者", "以及", "应当", "可以", "并且", "而且", "但是", "如果", "因为", "所以", "必须", "不得")
#: Function characters that may occur inside a term only as part of a word.
INNER_CHARS = set("等的和与及或了在对把被将并而从向于为")
#: Characters that rule out a two-character term not in jieba's dictionary.
BAD_IN_PAIR = set("某且虽仍要很得再后已未也还就都才呢吗吧")
#: Article references and counters ("第十四条", "十五条").
ARTICLE_RE = re.compile(r"[〇零一二三四五六七八九十百千两]+[条款项章节编日天月倍元]|第[〇零一二三四五六七八九十百千两]")
FIVE_YEAR_RE = re.compile(r"十[一二三四五六七八九]五")
#: Policy verbs/adverbs that open phrases rather than terms (推进…, 加强…).
POLICY_FIRST = {"发展", "推进", "加快", "加强", "深入", "深化", "认真", "努力", "大力", "积极", "进一步",
                "不断", "切实", "坚持", "坚定", "持续", "优化", "提升", "健全", "完善", "弘扬", "落实",
                "实施", "推动", "促进", "开展", "建立", "全面", "着力", "扎实", "稳步", "有效"}
#: jieba POS tags that may not open / close / occur in a mined multi-word term.
FIRST_BAD_POS = {"v", "p", "d", "c", "r", "ad", "u", "z"}
LAST_BAD_POS = {"p", "d", "c", "r", "ad", "u", "f", "vd", "z", "l", "i"}
ANY_BAD_POS = {"v", "p", "d", "c", "r", "ad", "u", "vd", "z", "i"}
#: Single-character localisers that end a phrase, not a term (检查中发现).
LOCALISERS = set("中内后前下上里外间")


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- general


def fetch_jieba_dict(workdir: Path) -> Path:
    """``pip download`` the jieba sdist and extract ``jieba/dict.txt``."""
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
         f"jieba=={JIEBA_VERSION}", "-d", str(workdir)],
        check=False,
    )
    tars = sorted(workdir.glob(f"jieba-{JIEBA_VERSION}.tar.gz"))
    if not tars:
        raise SystemExit("pip download of jieba failed; pass --jieba-dict")
    member = f"jieba-{JIEBA_VERSION}/jieba/dict.txt"
    with tarfile.open(tars[0]) as tf:
        tf.extract(member, workdir)
    return workdir / member


def read_jieba(dict_path: Path) -> Dict[str, Tuple[int, str]]:
    """``{word: (freq, pos)}`` from jieba's dict.txt (all entries)."""
    out: Dict[str, Tuple[int, str]] = {}
    for line in dict_path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 2:
            out[parts[0]] = (int(parts[1]), parts[2] if len(parts) > 2 else "")
    return out


def t2s_converter():
    """OpenCC's t2s ``convert`` function, or None when opencc is missing."""
    try:
        import opencc  # type: ignore

        return opencc.OpenCC("t2s").convert
    except Exception:  # pragma: no cover - opencc is a docfix dependency
        log("opencc not available: traditional entries are not filtered")
        return None


def build_general(jieba: Dict[str, Tuple[int, str]], out: Path) -> int:
    """Write general.txt from jieba's entries; return the number of entries."""
    t2s = t2s_converter()
    freq = {w: f for w, (f, _) in jieba.items() if HAN_RE.fullmatch(w)}
    n_junk = len(jieba) - len(freq)
    n_trad = 0
    if t2s is not None:
        words = list(freq)
        conv = t2s("\n".join(words)).split("\n")
        assert len(conv) == len(words)
        for w, c in zip(words, conv):
            if c != w:
                del freq[w]
                n_trad += 1
    header = [
        "# docfix general lexicon: WORD<TAB>FREQ, UTF-8, one entry per line.",
        f"# Source: jieba {JIEBA_VERSION} jieba/dict.txt (PyPI sdist jieba-{JIEBA_VERSION}.tar.gz),",
        "#   https://github.com/fxsjy/jieba, MIT licence, Copyright (c) 2013 Sun Junyi.",
        "#   The MIT licence permits use, copying, modification and redistribution with this notice.",
        f"# Processing: {len(jieba)} entries read; {n_junk} containing non-Han characters dropped;",
        f"#   {n_trad} traditional-character entries (changed by OpenCC t2s) dropped;",
        "#   frequencies are jieba's counts, unchanged; POS tags dropped.",
        f"# Entries: {len(freq)}. Rebuild: python scripts/build_lexicons.py --only general",
    ]
    write_lexicon(out, header, sorted(freq.items(), key=lambda kv: (-kv[1], kv[0])))
    return len(freq)


def write_lexicon(out: Path, header: Sequence[str], items: Iterable[Tuple[str, int]]) -> None:
    """Write a lexicon file: ``# `` header lines, then ``WORD<TAB>FREQ`` lines."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="\n") as fh:
        for h in header:
            assert h.startswith("# ")
            fh.write(h + "\n")
        for w, f in items:
            fh.write(f"{w}\t{int(f)}\n")


# --------------------------------------------------------------------------- domain: counting


def load_corpus(corpus_dir: Path, laws_every: int = 1) -> Tuple[str, np.ndarray, Dict[str, int]]:
    """Concatenate the train lines of the corpus files.

    Returns ``(text, is_report, han_chars_per_file)`` where ``is_report`` is a
    bool array, one per character of ``text``. ``laws_every`` > 1 keeps only
    every k-th train line of laws.txt (deterministic subsample).
    """
    parts: List[str] = []
    flags: List[np.ndarray] = []
    stats: Dict[str, int] = {}
    files = sorted(corpus_dir.glob("gwr_*.txt")) + sorted(corpus_dir.glob("laws*.txt"))
    if not files:
        raise SystemExit(f"no corpus files in {corpus_dir}")
    for p in files:
        train = split_lines(p)[0]
        report = p.name.startswith("gwr_")
        if not report and laws_every > 1:
            train = train[::laws_every]
        s = "\n".join(train) + "\n"
        parts.append(s)
        flags.append(np.full(len(s), report, dtype=bool))
        stats[p.name] = sum(len(m) for m in HAN_RE.findall(s))
        log(f"read {p.name}: {len(train)} train lines, {stats[p.name]} Han chars")
    return "".join(parts), np.concatenate(flags), stats


#: Context classes: every digit is one neighbour symbol, every Latin letter another,
#: so that "2024年" does not give "年" a varied left context. They never join n-grams.
DIGIT = 0xFFFE
LATIN = 0xFFFD


def encode(text: str, min_count: int) -> Tuple[np.ndarray, np.ndarray]:
    """Map characters to uint16 ids. Returns ``(ids, codepoint_of_id)``.

    Han characters seen >= ``min_count`` times get ids 1..V; digits map to
    ``DIGIT``, Latin letters to ``LATIN``; everything else is 0 (a boundary,
    each occurrence a distinct neighbour).
    """
    cp = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    cp = np.where(cp < 0x10000, cp, 0)
    han = ((cp >= 0x3400) & (cp <= 0x4DBF)) | ((cp >= 0x4E00) & (cp <= 0x9FFF))
    counts = np.bincount(cp[han], minlength=0x10000)
    keep = counts >= min_count
    kept_cp = np.flatnonzero(keep)
    if len(kept_cp) >= LATIN - 1:
        raise ValueError("too many distinct characters")
    table = np.zeros(0x10000, dtype=np.uint16)
    table[kept_cp] = np.arange(1, len(kept_cp) + 1, dtype=np.uint16)
    for lo, hi, v in ((0x30, 0x39, DIGIT), (0xFF10, 0xFF19, DIGIT), (0x41, 0x5A, LATIN),
                      (0x61, 0x7A, LATIN), (0xFF21, 0xFF3A, LATIN), (0xFF41, 0xFF5A, LATIN)):
        table[lo:hi + 1] = v
    return table[cp], kept_cp


def ngram_stats(
    ids: np.ndarray, weight: np.ndarray, numeric: np.ndarray, min_raw: int, min_weighted: float
) -> List[Tuple[np.ndarray, int, np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
    """Count n-grams (1..N_MAX) and their right-neighbour statistics.

    One suffix sort of all Han positions on their next N_MAX + 1 ids; the
    longest common prefix of adjacent rows gives, for each n, the groups
    (n-grams) and sub-groups (n-gram + right neighbour).

    Returns, per n, ``(positions, n, raw, weighted, right_entropy,
    right_numeric_share)`` for the n-grams passing the count thresholds (all
    single characters kept); ``positions`` is one occurrence's start index and
    ``right_numeric_share`` the weighted share of right neighbours that are
    digits or Han numerals (``numeric`` is a bool table over ids).
    """
    L = N_MAX + 1  # key columns: n-gram plus one right neighbour
    T = np.concatenate([ids, np.zeros(L, dtype=np.uint16)])
    pos = np.flatnonzero((T[:-L] != 0) & (T[:-L] < LATIN)).astype(np.int64)
    t64 = T.astype(np.uint64)
    hi = (t64[pos] << 48) | (t64[pos + 1] << 32) | (t64[pos + 2] << 16) | t64[pos + 3]
    lo = (t64[pos + 4] << 48) | (t64[pos + 5] << 32) | (t64[pos + 6] << 16) | t64[pos + 7]
    k8 = T[pos + 8]
    del t64
    order = np.lexsort((k8, lo, hi))
    del hi, lo, k8
    spos = pos[order]
    del pos, order
    w = weight[spos]
    # lcp with previous row (equal, non-boundary leading chars) and valid length
    lcp = np.zeros(len(spos), dtype=np.int8)
    vlen = np.zeros(len(spos), dtype=np.int8)
    alive = np.ones(len(spos), dtype=bool)
    valive = np.ones(len(spos), dtype=bool)
    for k in range(L):
        col = T[spos + k]
        valive &= (col != 0) & (col < LATIN)
        vlen += valive
        eq = np.zeros(len(spos), dtype=bool)
        eq[1:] = (col[1:] == col[:-1]) & (col[1:] != 0)
        alive &= eq
        lcp += alive
        del col, eq
    del alive, valive
    out = []
    for n in range(1, N_MAX + 1):
        rows = np.flatnonzero(vlen >= n)
        lp = lcp[rows]
        wr = w[rows]
        gstart = np.flatnonzero(lp < n)
        raw = np.diff(np.append(gstart, len(rows)))
        wc = np.add.reduceat(wr, gstart)
        sstart = np.flatnonzero(lp < n + 1)
        sw = np.add.reduceat(wr, sstart)
        gid = np.cumsum(lp < n)[sstart] - 1
        s = np.bincount(gid, weights=sw * np.log(sw), minlength=len(gstart))
        ent = np.log(wc) - s / wc
        nxt = numeric[T[spos[rows] + n]]
        num = np.add.reduceat(wr * nxt, gstart) / wc
        del nxt
        keep = ((raw >= min_raw) & (wc >= min_weighted)) | (n == 1)
        out.append((spos[rows[gstart[keep]]], n, raw[keep], wc[keep], ent[keep], num[keep]))
        del rows, lp, wr, gstart, sstart, sw, gid, s
    return out


def candidate_stats(
    corpus_dir: Path,
    *,
    min_count: int = 3,
    min_raw: int = 3,
    min_weighted: float = 20.0,
    report_share: float = 0.5,
    laws_every: int = 1,
) -> Tuple[Dict[str, Tuple[int, float, float, float, float, float]], Dict[str, object]]:
    """Count n-grams (1..8) and their branching entropies.

    Returns ``(stats, info)``: ``stats[g] = (raw, weighted, left_entropy,
    right_entropy, left_numeric_share, right_numeric_share)`` for every n-gram
    passing the count thresholds (all single characters kept), and ``info``
    with ``files``, ``report_weight``, ``total`` (the weighted number of Han
    characters).
    """
    text, is_report, files = load_corpus(corpus_dir, laws_every)
    ids, kept_cp = encode(text, min_count)
    han = (ids != 0) & (ids < LATIN)
    rep_mass = float((han & is_report).sum())
    law_mass = float((han & ~is_report).sum())
    if rep_mass and law_mass and 0 < report_share < 1:
        report_weight = (report_share / (1 - report_share)) * law_mass / rep_mass
    else:
        report_weight = 1.0
    weight = np.where(is_report, report_weight, 1.0)
    del is_report
    log(f"report weight {report_weight:.3f} (report {rep_mass:.0f} / laws {law_mass:.0f} Han chars)")
    total_w = float(weight[han].sum())
    del han

    numeric = np.zeros(0x10000, dtype=bool)
    numeric[DIGIT] = True
    for ch in NUMERALS:
        k = np.searchsorted(kept_cp, ord(ch))
        if k < len(kept_cp) and kept_cp[k] == ord(ch):
            numeric[k + 1] = True
    log("forward suffix sort")
    fwd = ngram_stats(ids, weight, numeric, min_raw, min_weighted)
    log("reverse suffix sort")
    rev = ngram_stats(ids[::-1].copy(), weight[::-1].copy(), numeric, min_raw, min_weighted)
    del ids, weight
    rtext = text[::-1]
    left: Dict[str, Tuple[float, float]] = {}
    for spos, n, raw, wc, ent, num in rev:
        for p, e, m in zip(spos.tolist(), ent.tolist(), num.tolist()):
            left[rtext[p:p + n][::-1]] = (e, m)
    del rev, rtext
    stats: Dict[str, Tuple[int, float, float, float, float, float]] = {}
    for spos, n, raw, wc, ent, num in fwd:
        for p, r, c, e, m in zip(spos.tolist(), raw.tolist(), wc.tolist(), ent.tolist(), num.tolist()):
            g = text[p:p + n]
            le, lm = left.get(g, (0.0, 0.0))
            stats[g] = (r, c, le, e, lm, m)
    log(f"{len(stats)} n-grams pass the count thresholds")
    return stats, {"files": files, "report_weight": report_weight, "total": total_w}


# --------------------------------------------------------------------------- domain: selection


class JiebaModel:
    """What the selection uses from jieba's dictionary: segmentation, POS, affixes."""

    def __init__(self, jieba: Dict[str, Tuple[int, str]]) -> None:
        self.freq = {w: f for w, (f, _) in jieba.items()}
        self.pos = {w: p for w, (_, p) in jieba.items()}
        self.log_total = math.log(sum(self.freq.values()))
        self.end_mass: Dict[str, int] = defaultdict(int)
        self.start_mass: Dict[str, int] = defaultdict(int)
        self.end_n: Dict[str, int] = defaultdict(int)
        self.start_n: Dict[str, int] = defaultdict(int)
        for w, f in self.freq.items():
            if len(w) > 1:
                self.end_mass[w[-1]] += f
                self.start_mass[w[0]] += f
                self.end_n[w[-1]] += 1
                self.start_n[w[0]] += 1

    def segment(self, s: str) -> List[str]:
        """Maximum-probability segmentation of ``s`` with the dictionary."""
        n = len(s)
        best = [0.0] + [-1e18] * n
        back = [0] * (n + 1)
        for j in range(1, n + 1):
            for i in range(max(0, j - 8), j):
                f = self.freq.get(s[i:j])
                if f is None:
                    if j - i > 1:
                        continue
                    lp = math.log(0.5) - self.log_total
                else:
                    lp = math.log(f) - self.log_total
                if best[i] + lp > best[j]:
                    best[j] = best[i] + lp
                    back[j] = i
        out: List[str] = []
        j = n
        while j > 0:
            out.append(s[back[j]:j])
            j = back[j]
        return out[::-1]

    def is_suffix(self, c: str) -> bool:
        """A productive word-final character (化, 性, 员, 率 …) rather than a free word."""
        m = self.end_mass[c]
        return self.end_n[c] >= 50 and m / (self.freq.get(c, 0) + m) >= 0.75

    def is_prefix(self, c: str) -> bool:
        m = self.start_mass[c]
        return self.start_n[c] >= 50 and m / (self.freq.get(c, 0) + m) >= 0.75


def select_terms(
    stats: Dict[str, Tuple[int, float, float, float, float, float]],
    total: float,
    jm: JiebaModel,
    args: argparse.Namespace,
) -> Tuple[List[Tuple[str, int, str]], Dict[str, int]]:
    """Apply the filters of the module docstring; return ``[(term, raw, tier)]``
    sorted by descending count, and counts per tier."""
    t2s = t2s_converter()
    log_total = math.log(total)
    kept: Dict[str, Tuple[int, str]] = {}

    def wc(s: str) -> float:
        return stats[s][1]

    for g, (r, c, hl, hr, lnum, _rnum) in stats.items():
        n = len(g)
        if n < N_MIN or r < args.min_raw or c < args.min_weighted:
            continue
        if ARTICLE_RE.search(g) or lnum > 0.5:
            continue
        if not FIVE_YEAR_RE.fullmatch(g):
            nnum = sum(ch in NUMERALS for ch in g)
            if nnum == n or (n >= 3 and 2 * nnum > n):
                continue
        if min(hl, hr) < args.min_entropy:
            continue
        if n >= 3 and (hl < args.entropy_ratio * stats[g[1:]][2]
                       or hr < args.entropy_ratio * stats[g[:-1]][3]):
            continue
        if t2s is not None and t2s(g) != g:
            continue
        # cohesion over all split points
        mp = min(math.log(c) + log_total - math.log(wc(g[:k])) - math.log(wc(g[k:])) for k in range(1, n))
        mcp = min(max(c / wc(g[:k]), c / wc(g[k:])) for k in range(1, n))
        if g in jm.freq:  # an attested word whose boundaries the corpus confirms
            if mp >= 0 or jm.freq[g] >= 50:  # rare jieba entries must also cohere here
                kept[g] = (r, "jieba")
            continue
        seg = [g[0], g[1]] if n == 2 else jm.segment(g)
        first, last = seg[0], seg[-1]
        # function characters / words at the edges or free-standing inside
        if (len(first) == 1 and first in BAD_START) or first in BAD_START_WORDS:
            continue
        if (len(last) == 1 and last in BAD_END) or last in BAD_END_WORDS:
            continue
        set_phrase = n == 4 and mcp >= 0.4 and mp >= 5.0  # 久久为功, 提质增效
        if not set_phrase and any((len(t) == 1 and t in INNER_CHARS) or t in INNER_WORDS for t in seg[1:-1]):
            continue
        if n == 2:
            if mp >= args.pmi2 and min(hl, hr) >= 1.5 and not (set(g) & BAD_IN_PAIR):
                kept[g] = (r, "pair")
            continue
        if not set_phrase:
            if mcp < 0.6:
                if len(first) == 1 and not jm.is_prefix(first):
                    continue
                if len(last) == 1 and not jm.is_suffix(last):
                    continue
            if len(first) > 1 and (jm.pos.get(first) in FIRST_BAD_POS or first in POLICY_FIRST):
                continue
            if len(last) > 1 and jm.pos.get(last) in LAST_BAD_POS:
                continue
            if len(last) > 1 and jm.pos.get(last) == "v" and mp < 6.5:
                continue
        if set_phrase or (mcp >= args.mcp_strong and mp >= args.pmi_strong):
            kept[g] = (r, "strong")
            continue
        if any((len(x) > 1 and jm.pos.get(x) in ANY_BAD_POS) or (len(x) == 1 and x in LOCALISERS)
               for x in seg):
            continue
        if mcp >= args.mcp_min or mp >= args.pmi_min:
            kept[g] = (r, "cohesive")

    covered: Set[str] = set()
    for g, (r, _) in kept.items():
        n = len(g)
        for a in range(n):
            for b in range(a + N_MIN, n + 1):
                if b - a < n:
                    v = kept.get(g[a:b])
                    if v is not None and v[0] == r:
                        covered.add(g[a:b])
    terms = [(g, r, tier) for g, (r, tier) in kept.items() if g not in covered]
    terms.sort(key=lambda t: (-t[1], t[0]))
    tiers: Dict[str, int] = defaultdict(int)
    for _, _, tier in terms:
        tiers[tier] += 1
    tiers["covered"] = len(covered)
    return terms, dict(tiers)


def build_domain(corpus_dir: Path, jieba: Dict[str, Tuple[int, str]], out: Path,
                 args: argparse.Namespace) -> int:
    """Mine the domain lexicon and write it; return the number of terms."""
    stats, info = candidate_stats(
        corpus_dir,
        min_count=args.min_count,
        min_raw=args.min_raw,
        min_weighted=args.min_weighted,
        report_share=args.report_share,
        laws_every=args.laws_every,
    )
    total = float(info["total"])  # type: ignore[arg-type]
    terms, tiers = select_terms(stats, total, JiebaModel(jieba), args)
    log(f"tiers: {tiers}")
    files = ", ".join(f"{k} ({v} Han chars)" for k, v in info["files"].items())  # type: ignore[union-attr]
    sub = (" (laws.txt read in full, not subsampled)" if args.laws_every == 1
           else f"; laws.txt subsampled: every {args.laws_every}th train line")
    header = [
        "# docfix domain lexicon: WORD<TAB>FREQ, UTF-8, one entry per line.",
        "# Mined without supervision from the TRAIN lines (docfix.split.split_lines(path)[0]) of",
        f"#   {files}{sub}.",
        "#   Held-out lines (line i with i % 20 == 19) and the seed documents were never read.",
        "# Method (details: scripts/build_lexicons.py): character n-grams of length 2-8 inside Han",
        "#   runs, counted with a suffix sort with their left/right neighbour distributions;",
        f"#   occurrences in gwr_*.txt weigh {info['report_weight']:.3f}x laws.txt (equal register mass).",
        f"# Thresholds: raw count >= {args.min_raw}; weighted count >= {args.min_weighted:g};"
        f" chars seen < {args.min_count}x are boundaries;",
        f"#   left and right branching entropy >= {args.min_entropy:g} nats and >= {args.entropy_ratio:g}x"
        " that of the (n-1)-gram on that side;",
        "#   <= 50% numeric left neighbours; no article references; unchanged by OpenCC t2s;",
        "#   jieba words kept if mp >= 0 or jieba freq >= 50; other n-grams segmented with",
        "#   jieba's dictionary: no function character/word as first, last or free inside token;",
        "#   cohesion mp = min internal PMI over split points (natural log, weighted probabilities),",
        "#   mcp = min over split points of max(P(a|b), P(b|a)); kept: 2 chars with",
        f"#   mp >= {args.pmi2:g} and both entropies >= 1.5; 4-char set phrases (mcp >= 0.4, mp >= 5); otherwise no",
        "#   unproductive single-char edge token, no verb/adverb/policy-verb start, no adverb/",
        f"#   localiser/(mp < 6.5) verb end, and mcp >= {args.mcp_strong:g} with mp >= {args.pmi_strong:g},"
        f" or (mcp >= {args.mcp_min:g} or mp >= {args.pmi_min:g})",
        "#   with content words only (jieba POS); substrings of a longer kept term with the same",
        "#   count dropped.",
        f"# Kept per tier: jieba word {tiers.get('jieba', 0)}, new 2-char {tiers.get('pair', 0)},"
        f" strongly cohesive {tiers.get('strong', 0)},",
        f"#   cohesive content-word phrase {tiers.get('cohesive', 0)}.",
        "# FREQ = raw count over the train lines of all files (unweighted).",
        "# Licence: the corpus consists of official documents of state organs (laws, regulations,",
        "#   government work reports), which Article 5 of the PRC Copyright Law excludes from copyright;",
        "#   this derived list is distributed under the docfix project licence (MIT).",
        f"#   Selection uses jieba {JIEBA_VERSION} dict.txt (MIT) for segmentation and POS tags.",
        "# Rebuild: python scripts/build_lexicons.py --only domain",
        f"# Entries: {len(terms)}.",
    ]
    write_lexicon(out, header, ((t[0], t[1]) for t in terms))
    if args.debug_tsv:
        with open(args.debug_tsv, "w", encoding="utf-8") as fh:
            for g, r, tier in terms:
                fh.write(f"{g}\t{r}\t{tier}\n")
    return len(terms)


def main(argv: Optional[Sequence[str]] = None) -> int:
    ap = argparse.ArgumentParser(description="Rebuild lexicons/general.txt and lexicons/domain.txt.")
    ap.add_argument("--jieba-dict", type=Path, help="jieba dict.txt (default: pip download jieba)")
    ap.add_argument("--corpus-dir", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--out-dir", type=Path, default=ROOT / "lexicons")
    ap.add_argument("--only", choices=["general", "domain"])
    ap.add_argument("--min-count", type=int, default=3)
    ap.add_argument("--min-raw", type=int, default=3)
    ap.add_argument("--min-weighted", type=float, default=20.0)
    ap.add_argument("--report-share", type=float, default=0.5)
    ap.add_argument("--min-entropy", type=float, default=1.0)
    ap.add_argument("--entropy-ratio", type=float, default=0.5)
    ap.add_argument("--pmi2", type=float, default=2.5)
    ap.add_argument("--mcp-strong", type=float, default=0.2)
    ap.add_argument("--pmi-strong", type=float, default=4.0)
    ap.add_argument("--mcp-min", type=float, default=0.02)
    ap.add_argument("--pmi-min", type=float, default=5.0)
    ap.add_argument("--laws-every", type=int, default=1, help="keep every k-th laws.txt train line")
    ap.add_argument("--debug-tsv", help="also write the terms with their tier here")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory() as td:
        dict_path = args.jieba_dict or fetch_jieba_dict(Path(td))
        jieba = read_jieba(dict_path)
    if args.only != "domain":
        n = build_general(jieba, args.out_dir / "general.txt")
        log(f"general.txt: {n} entries")
    if args.only != "general":
        n = build_domain(args.corpus_dir, jieba, args.out_dir / "domain.txt", args)
        log(f"domain.txt: {n} entries")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

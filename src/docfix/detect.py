"""Detection: which glyphs did this document lose, and where are the gaps?

A font subset that lost a glyph loses it everywhere, so the whole document is
evidence. For every glyph the language expects in a document of this size but
which (almost) never occurs, we measure how much inserting it helps the
character model at each gap. Screening every (gap, glyph) pair is done at once
with the bigram table (numpy); the pairs that pass are scored exactly with
KenLM. Per-glyph evidence then gives the posterior that the glyph belongs to
the dropped set (:func:`glyph_posteriors`).
"""
from __future__ import annotations

import math
import threading
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

from .canon import fold_char, is_han  # is_han: imported from here by the repair modules
from .charstats import CharStats

__all__ = [
    "BigramScreen",
    "GlyphEvidence",
    "candidate_glyphs",
    "glyph_posteriors",
    "GLYPH_FEATURES",
]


_NEIGHBOURS = 8  # successors / predecessors per token that may suggest a glyph
_RECALL = 4  # grids a thread keeps (BigramScreen._recall)
_NEIGHBOUR_MIN = 5  # a predecessor must be seen this often with the token


class BigramScreen:
    """Vectorised log10 bigram probabilities from a :class:`CharStats` table."""

    def __init__(self, stats: CharStats, *, smoothing: float = 4.0):
        self.stats = stats
        V = len(stats.chars)
        self.V = V
        self.unk = V  # index used for tokens the table does not know
        keys = stats.bigram_a.astype(np.int64) * (V + 1) + stats.bigram_b.astype(np.int64)
        order = _key_order(stats.bigram_a, stats.bigram_b, keys, V)
        self.keys = keys[order]
        self.counts = stats.bigram_n[order].astype(np.float64)
        uni = np.concatenate([stats.unigram.astype(np.float64), [0.0]])
        total = float(uni[2:].sum())
        self.p_uni = (uni + 0.5) / (total + 0.5 * (V + 1))
        self.p_uni[0] = self.p_uni[1]  # <s> is never predicted; keep finite
        self.ctx = uni.copy()
        self.ctx[V] = 0.0
        self.k = smoothing
        self._nb: Optional[tuple] = None  # (succ table, rows done), (pred table, rows done)
        self._nb_lock = threading.Lock()
        self._recent = threading.local()  # this thread's last few grids (see _recall)

    def index(self, toks: Sequence[str]) -> np.ndarray:
        idx = self.stats.index
        return np.fromiter((idx.get(t, self.unk) for t in toks), dtype=np.int64, count=len(toks))

    def _neighbours(self, ga: np.ndarray, gb: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
        """Per token, its most frequent successors and the tokens that most
        strongly predict it (P(b | g), g seen with it at least
        ``_NEIGHBOUR_MIN`` times): ``(succ[a, :K], pred[b, :K])``, padded
        with ``unk``. The rows of the tokens in ``ga`` (successors) and
        ``gb`` (predecessors) are filled in; each row is computed once, on
        first use (all rows at once took a tenth of a second of start-up)."""
        with self._nb_lock:
            if self._nb is None:
                K, V = _NEIGHBOURS, self.V
                self._nb = tuple((np.full((V + 1, K), self.unk, dtype=np.int64), np.zeros(V + 1, dtype=bool))
                                 for _ in range(2))
            (succ, succ_done), (pred, pred_done) = self._nb
            st = self.stats
            for table, done, toks, key, other, before in ((succ, succ_done, ga, st.bigram_a, st.bigram_b, False),
                                                          (pred, pred_done, gb, st.bigram_b, st.bigram_a, True)):
                want = np.zeros(len(done), dtype=bool)
                want[toks] = True
                need = np.nonzero(want & ~done)[0]
                if len(need):
                    _fill_neighbours(table, need, key, other, self._neighbour_score(before))
                    done[need] = True
        return succ, pred

    def _neighbour_score(self, predecessors: bool):
        """The ranking of a bigram ``i`` among its token's neighbours: its count
        (successors), or P(b | a) where seen ``_NEIGHBOUR_MIN`` times, else -1
        (predecessors)."""
        st = self.stats

        def score(i: np.ndarray) -> np.ndarray:
            n = st.bigram_n[i].astype(np.float64)
            if not predecessors:
                return n
            return np.where(n >= _NEIGHBOUR_MIN, n / np.maximum(self.ctx[st.bigram_a[i].astype(np.int64)], 1.0), -1.0)

        return score

    def unrestorable(self) -> np.ndarray:
        """Boolean mask over token indices (and ``unk``): tokens docfix never
        restores (punctuation, sentence marks, traditional forms)."""
        m = getattr(self, "_unrestorable", None)
        if m is None:
            chars = self.stats.chars_list
            m = np.ones(self.V + 1, dtype=bool)
            m[: len(chars)] = [not (len(c) == 1 and _restorable(c) and fold_char(c) == c) for c in chars]
            self._unrestorable = m
        return m

    def suggest(
        self,
        ga: np.ndarray,
        gb: np.ndarray,
        exclude: np.ndarray,
        *,
        min_gain: float = 1.0,
        min_gaps: int = 2,
        top: int = 20,
        pool: int = 0,
    ) -> List[int]:
        """Glyphs (indices) that the document's gaps ask for although the
        unigram expectation would not make them candidates: topical words
        (碳达峰, 碳排放) lose a glyph that is rare in general text.

        Each gap ``(ga[i], gb[i])`` proposes the frequent successors of its
        left token and the strong predecessors of its right one; a glyph
        counts the gaps where its bigram gain exceeds ``min_gain``. Glyphs
        flagged in ``exclude`` (present in the document, already candidates)
        are skipped. Returns up to ``top`` glyphs with at least ``min_gaps``
        such gaps, most first.

        With ``pool``, the ``pool`` glyphs proposed most often (once is
        enough) have their gaps counted again over every gap, not only
        where they are a neighbour: 井 is no strong predecessor of 下, so
        矿井下 -> 矿下 proposed it once while 17 gaps of a coal-mine report
        gain more than ``min_gain`` from it.
        """
        if len(ga) == 0:
            return []
        succ, pred = self._neighbours(ga, gb)
        cand = np.concatenate([succ[ga], pred[gb]], axis=1)  # [gaps, 2K]
        ok = ~exclude[cand]
        rows, cols = np.nonzero(ok)
        if len(rows) == 0:
            return []
        g = cand[rows, cols]
        # log P(g | a) of a successor and log P(b | g) of a predecessor are the
        # token's own (one per distinct token and neighbour); P(b | a) the gap's
        K = succ.shape[1]
        ua, inv_a = np.unique(ga, return_inverse=True)
        ub, inv_b = np.unique(gb, return_inverse=True)
        own_a = self.logp(ua[:, None], succ[ua])[inv_a[rows], np.minimum(cols, K - 1)]
        own_b = self.logp(pred[ub], ub[:, None])[inv_b[rows], np.maximum(cols - K, 0)]
        first = cols < K
        t1 = np.where(first, own_a, 0.0)
        t1[~first] = self.logp(ga[rows][~first], g[~first])
        t2 = np.where(first, 0.0, own_b)
        t2[first] = self.logp(g[first], gb[rows][first])
        gain = t1 + t2 - self.logp_pairs(ga, gb)[rows]
        strong = g[gain > min_gain]
        if len(strong) == 0:
            return []
        # one vote per (gap, glyph): a glyph can be both a successor and a predecessor
        votes = np.unique(np.stack([rows[gain > min_gain], strong]), axis=1)[1]
        counts = np.bincount(votes, minlength=self.V + 1)
        counts[self.unk] = 0
        if pool:
            counts = self._recount(ga, gb, counts, pool, min_gain)
        best = np.argsort(-counts, kind="stable")[:top]
        return [int(i) for i in best if counts[i] >= min_gaps]

    def _recount(self, ga: np.ndarray, gb: np.ndarray, votes: np.ndarray, pool: int, min_gain: float) -> np.ndarray:
        """``votes`` with the ``pool`` most voted glyphs' entries replaced by
        their number of gaps gaining more than ``min_gain`` (every gap)."""
        cand = np.argsort(-votes, kind="stable")[:pool]
        cand = np.sort(cand[votes[cand] > 0])
        out = votes.copy()
        if not len(cand):
            return out
        ua, inv_a = np.unique(ga, return_inverse=True)
        ub, inv_b = np.unique(gb, return_inverse=True)
        # (computed here, not recalled: the screen's and the pair search's grids stay in the recall)
        m1 = self._grid(ua, cand, False).astype(np.float32)  # P(g | a)
        m2 = self._grid(cand, ub, True).astype(np.float32)  # P(b | g), [b, g]
        base = self.logp(ga, gb).astype(np.float32)
        n = np.zeros(len(cand), dtype=np.int64)
        for s in range(0, len(ga), 4096):
            sc = m1[inv_a[s:s + 4096]] + m2[inv_b[s:s + 4096]]
            sc -= base[s:s + 4096, None]
            n += (sc > min_gain).sum(axis=0)
        out[cand] = n
        return out

    def _rows(self) -> Optional[Tuple[np.ndarray, np.ndarray]]:
        """The bigram table by first token: where each token's bigrams start
        among the sorted keys, and each key's second token (None where keys
        repeat: :meth:`logp` then reads the first of them)."""
        rows = getattr(self, "_rows_", None)
        if rows is None:
            keys, V = self.keys, self.V
            if len(keys) > 1 and not bool((keys[1:] > keys[:-1]).all()):
                rows = ()
            else:
                rows = (np.searchsorted(keys, np.arange(V + 2, dtype=np.int64) * (V + 1)), keys % (V + 1))
            self._rows_ = rows
        return rows or None

    def _recall(self, key: tuple, compute) -> np.ndarray:
        """``compute()``, read-only, or the array it gave for ``key`` among
        this thread's last ``_RECALL`` (a pass's screen and its pair search
        read the same grids)."""
        recent = getattr(self._recent, "arrays", None)
        if recent is None:
            recent = self._recent.arrays = {}
        out = recent.get(key)
        if out is None:
            out = compute()
            out.flags.writeable = False
            recent[key] = out
            while len(recent) > _RECALL:
                del recent[next(iter(recent))]
        return out

    def logp_pairs(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """:meth:`logp` of two index vectors (each gap's tokens either side), read-only, recalled."""
        a = np.asarray(a, dtype=np.int64)
        b = np.asarray(b, dtype=np.int64)
        return self._recall(("pairs", a.tobytes(), b.tobytes()), lambda: self.logp(a, b))

    def logp_grid(self, a: np.ndarray, b: np.ndarray, *, transpose: bool = False) -> np.ndarray:
        """``logp(a[:, None], b[None, :])`` (or its transpose, C-ordered,
        with ``transpose``), the same floats, read-only: the counts are read
        row by row from the bigram table instead of searched key by key
        (and a grid asked for again is recalled)."""
        a = np.asarray(a, dtype=np.int64)
        b = np.asarray(b, dtype=np.int64)
        return self._recall(("grid", a.tobytes(), b.tobytes(), transpose), lambda: self._grid(a, b, transpose))

    def _grid(self, a: np.ndarray, b: np.ndarray, transpose: bool) -> np.ndarray:
        rows = self._rows()
        col = np.full(self.V + 1, -1, dtype=np.int64)
        col[b] = np.arange(len(b))
        if rows is None or not np.array_equal(col[b], np.arange(len(b))):  # (a token twice in b)
            out = self.logp(a[:, None], b[None, :])
            return np.ascontiguousarray(out.T) if transpose else out
        starts, second = rows
        lo, hi = starts[a], starts[a + 1]
        lens = hi - lo
        n = int(lens.sum())
        row_of = np.repeat(np.arange(len(a)), lens)
        at = np.repeat(lo - np.cumsum(lens) + lens, lens) + np.arange(n)  # every bigram of the rows
        cols = col[second[at]]
        hit = cols >= 0
        c = np.zeros((len(a), len(b)))
        c[row_of[hit], cols[hit]] = self.counts[at[hit]]
        if transpose:  # rows b, columns a
            p = (np.ascontiguousarray(c.T) + self.k * self.p_uni[b][:, None]) / (self.ctx[a][None, :] + self.k)
        else:
            p = (c + self.k * self.p_uni[b][None, :]) / (self.ctx[a][:, None] + self.k)
        return np.log10(p)

    def logp(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """log10 P(b | a) for broadcastable index arrays."""
        a, b = np.broadcast_arrays(a, b)
        keys = a.astype(np.int64) * (self.V + 1) + b.astype(np.int64)
        pos = np.searchsorted(self.keys, keys)
        pos = np.minimum(pos, len(self.keys) - 1)
        found = self.keys[pos] == keys
        c = np.where(found, self.counts[pos], 0.0)
        p = (c + self.k * self.p_uni[b]) / (self.ctx[a] + self.k)
        return np.log10(p)


@dataclass
class GlyphEvidence:
    """Evidence collected for one candidate glyph."""

    glyph: str
    expected: float  # expected count in a document of this length
    observed: int  # occurrences in the document
    gains: List[float] = field(default_factory=list)  # exact LM gains at screened gaps

    def features(self) -> List[float]:
        strong = [min(g, 6.0) - 1.0 for g in self.gains if g > 1.0]
        s = sum(strong)
        n2 = sum(1 for g in self.gains if g > 2.0)
        top = max(self.gains) if self.gains else -5.0
        return [
            1.0,
            math.log1p(self.expected),
            math.log1p(s),
            math.log1p(n2),
            max(min(top, 4.0), -5.0),
            math.log1p(self.observed),
            1.0 if self.glyph.isdigit() else 0.0,
            1.0 if n2 <= 1 else 0.0,
            min(n2 / max(self.expected, 1.0), 2.0),
        ]


#: Names of :meth:`GlyphEvidence.features`, in order.
GLYPH_FEATURES = [
    "bias",
    "log1p_expected",
    "log1p_strong_mass",
    "log1p_n_strong",
    "top_gain",
    "log1p_observed",
    "is_digit",
    "at_most_one_strong",
    "strong_per_expected",
]

#: Hand-set fallback weights (used when no fitted calibration ships with the model).
DEFAULT_GLYPH_WEIGHTS = [-6.0, 0.6, 1.6, 1.2, 0.25, -1.5, 0.5, -1.0, 0.5]


def candidate_glyphs(
    counts: Dict[str, int],
    n_tokens: int,
    stats: CharStats,
    *,
    min_expected: float = 0.6,
    max_candidates: int = 500,
    partial_ratio: float = 1.7,
    partial_min_expected: float = 4.0,
) -> List[Tuple[str, float]]:
    """Glyphs the language expects here but the document (nearly) lacks.

    Returns ``(glyph, expected_count)`` pairs, most expected first. A glyph
    qualifies when it never occurs although at least ``min_expected``
    occurrences are expected, or (partial loss, mixed fonts) when at least
    ``partial_min_expected`` are expected and it occurs less than
    ``partial_ratio`` times that. The ratio is above 1 on purpose: a glyph
    lost only where the broken font was used can still occur about as
    often as usual, and its gaps' evidence (:func:`glyph_posteriors`) then
    decides. Raising it from 0.8 to 1.7 took mixed-font F1 in the
    benchmark from 0.44 to 0.57 at 0.0 false edits on clean text.
    """
    out: List[Tuple[str, float]] = []
    chars = stats.chars_list
    rates = stats.rates
    for i in stats.by_rate:
        e = float(rates[i]) * n_tokens  # type: ignore[index]
        if e < min_expected:
            break  # by descending rate
        c = chars[i]
        if not _restorable(c) or fold_char(c) != c:
            continue  # not restorable, or a traditional form counted as its simplified one
        obs = counts.get(c, 0)
        if obs == 0 or (e >= partial_min_expected and obs < partial_ratio * e):
            out.append((c, e))
            if len(out) >= max_candidates:
                break
    return out


def _key_order(a: np.ndarray, b: np.ndarray, keys: np.ndarray, V: int) -> np.ndarray:
    """``np.argsort(keys)`` of the bigram keys ``a * (V + 1) + b``: by two
    16-bit radix sorts (b, then a) where the tokens fit 16 bits and the keys
    are distinct, so that the order is the one any sort gives (a third of
    the time).

    >>> a, b = np.array([2, 0, 2, 1]), np.array([0, 2, 1, 2])
    >>> k = a * 4 + b
    >>> _key_order(a, b, k, 3).tolist() == np.argsort(k).tolist() == [1, 3, 0, 2]
    True
    """
    if V + 1 <= 1 << 16:
        order = np.argsort(b.astype(np.uint16), kind="stable")
        order = order[np.argsort(a[order].astype(np.uint16), kind="stable")]
        k = keys[order]
        if bool((k[1:] > k[:-1]).all()):
            return order
    return np.argsort(keys)


def _best_first(k: np.ndarray, s: np.ndarray) -> np.ndarray:
    """``np.lexsort((-s, k))``: by ``k``, then highest ``s`` first, then
    position. A stable sort by ``-s``, then a stable 16-bit radix sort by ``k``
    where ``k`` fits (half the time of ``lexsort``).

    >>> k, s = np.array([1, 0, 1, 0, 1]), np.array([2.0, 1.0, 3.0, 1.0, 2.0])
    >>> _best_first(k, s).tolist() == np.lexsort((-s, k)).tolist() == [1, 3, 2, 0, 4]
    True
    """
    if len(k) and (k.min() < 0 or k.max() >= 1 << 16):
        return np.lexsort((-s, k))
    order = np.argsort(-s, kind="stable")
    return order[np.argsort(k[order].astype(np.uint16), kind="stable")]


def _fill_neighbours(table: np.ndarray, need: np.ndarray, key: np.ndarray, other: np.ndarray, score) -> None:
    """Fill ``table[t]`` for each token ``t`` of ``need``: the ``other`` side of
    its bigrams (``key == t``) with the ``K`` highest positive scores,
    ties in table order.

    >>> t = np.full((3, 2), 9)
    >>> _fill_neighbours(t, np.array([0, 2]), np.array([0, 1, 0, 0, 2]), np.array([5, 6, 7, 8, 4]),
    ...                  lambda i: np.array([1.0, 3, 3, 2, -1])[i])
    >>> t.tolist()
    [[7, 8], [9, 9], [9, 9]]
    """
    want = np.zeros(len(table), dtype=bool)
    want[need] = True
    rows = np.nonzero(want[key])[0]  # the bigrams of the needed tokens, in table order
    k, s = key[rows].astype(np.int64), score(rows)
    order = _best_first(k, s)
    k_sorted, o_sorted, s_sorted = k[order], other[rows[order]].astype(np.int64), s[order]
    first = np.searchsorted(k_sorted, k_sorted, side="left")
    rank = np.arange(len(k_sorted)) - first
    keep = (rank < table.shape[1]) & (s_sorted > 0)
    table[k_sorted[keep], rank[keep]] = o_sorted[keep]


def _restorable(c: str) -> bool:
    """Glyphs docfix may restore: Han characters, ASCII digits and letters."""
    return is_han(c) or (c.isascii() and c.isalnum())


def glyph_posteriors(
    evidence: Sequence[GlyphEvidence], weights: Optional[Sequence[float]] = None
) -> Dict[str, float]:
    """Posterior that each glyph belongs to the dropped set (logistic model)."""
    w = list(weights) if weights is not None and len(weights) == len(GLYPH_FEATURES) else DEFAULT_GLYPH_WEIGHTS
    out: Dict[str, float] = {}
    for ev in evidence:
        z = sum(a * b for a, b in zip(w, ev.features()))
        out[ev.glyph] = 1.0 / (1.0 + math.exp(-max(min(z, 40.0), -40.0)))
    return out

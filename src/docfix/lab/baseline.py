"""A plain character n-gram baseline for the benchmark (a peer, not the engine).

What a user could build in an afternoon with the same KenLM model: at every
gap between two characters, try each glyph among the most frequent
characters of the model's unigram table plus the digits ``0``-``9``, and
insert the best one if the KenLM log10 gain (score of the sentence with the
insertion minus without) exceeds a fixed threshold. No document-level
inference of the dropped set, no lexicon, no number reasoning, one glyph per
gap. Confidence is a logistic of the gain.

For speed, the (gap, glyph) pairs are first screened with the bigram table
shipped next to the model (``default.npz``); the ``screen_top`` best glyphs of
each gap are then scored exactly with KenLM's state API: states are kept
along the sentence and only the ``order - 1`` tokens after the insertion are
rescored (beyond them the model's context, hence every score, is unchanged).

It implements the same ``.repair(text) -> Repair`` interface as
:class:`docfix.restore.Repairer`.

>>> b = Baseline()
>>> b.repair("教育息化建设").text
'教育信息化建设'
"""
from __future__ import annotations

import math
from pathlib import Path
from typing import Dict, List, Optional, Tuple, Union

import numpy as np

from .. import canon
from ..charstats import CharStats
from .metrics import char_class
from ..result import Edit, Repair, apply_edits

__all__ = ["Baseline", "GAIN_THRESHOLD"]

#: log10 gain an insertion needs to be applied (fixed; chosen once on
#: training-part text, never on evaluation text).
GAIN_THRESHOLD = 1.5
EOS = "</s>"


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


class Baseline:
    """Gap-by-gap KenLM insertion baseline.

    Parameters
    ----------
    model : str or Path, optional
        KenLM model with its ``.npz`` character statistics next to it
        (default: the shipped model).
    n_candidates : int
        How many of the most frequent letters / Han characters to try (the
        digits ``0``-``9`` are always tried as well).
    screen_top : int
        Glyphs per gap scored exactly with KenLM after the bigram screen.
    threshold : float
        log10 gain above which the best insertion is applied.
    slope : float
        Confidence = ``sigmoid(slope * (gain - threshold))``.
    report_min : float
        Unapplied best insertions with at least this confidence are reported
        (``applied=False``).
    """

    name = "char n-gram baseline"

    def __init__(
        self,
        model: Optional[Union[str, Path]] = None,
        *,
        n_candidates: int = 300,
        screen_top: int = 8,
        threshold: float = GAIN_THRESHOLD,
        slope: float = 1.5,
        report_min: float = 0.1,
        alpha: float = 10.0,
    ):
        import kenlm

        from ..resources import default_model_path

        path = Path(model) if model is not None else default_model_path()
        if path is None or not Path(path).exists():
            raise FileNotFoundError(f"language model not found: {path}")
        self.model = kenlm.Model(str(path))
        self.order = int(self.model.order)
        stats = CharStats.load(Path(path).with_suffix(".npz"))
        self.threshold = float(threshold)
        self.slope = float(slope)
        self.report_min = float(report_min)
        self.screen_top = int(screen_top)

        chars = stats.chars.tolist()
        cands: List[str] = []
        for c in chars[2:]:
            if len(cands) >= n_candidates:
                break
            if len(c) == 1 and char_class(c) in ("cjk", "latin"):
                cands.append(c)
        cands += [d for d in "0123456789" if d not in cands]
        self.candidates = cands

        # --- bigram screen tables (log10, Dirichlet-smoothed with the unigram rate)
        V = len(chars)
        self.unk = V  # index for tokens outside the table
        self.index: Dict[str, int] = {c: i for i, c in enumerate(chars)}
        uni = np.append(stats.unigram.astype(np.float64), 0.0)
        p_uni = (uni + 0.5) / (uni.sum() + 0.5 * (V + 1))
        a = stats.bigram_a.astype(np.int64)
        b = stats.bigram_b.astype(np.int64)
        n = stats.bigram_n.astype(np.float64)
        row = np.bincount(a, weights=n, minlength=V + 1)
        self._p_uni = p_uni
        self._row = row
        self._alpha = float(alpha)
        key = a * (V + 1) + b
        order = np.argsort(key)
        self._key = key[order]
        self._n = n[order]
        self._V1 = V + 1
        cidx = np.array([self.index.get(c, self.unk) for c in cands], dtype=np.int64)
        self._cidx = cidx
        pos_of = np.full(V + 1, -1, dtype=np.int64)
        pos_of[cidx] = np.arange(len(cidx))
        K = len(cidx)
        # L[x, k] = log10 P(cand_k | x), R[k, y] = log10 P(y | cand_k)
        cnt_l = np.zeros((V + 1, K))
        m = pos_of[b] >= 0
        np.add.at(cnt_l, (a[m], pos_of[b[m]]), n[m])
        self._L = np.log10((cnt_l + alpha * p_uni[cidx][None, :]) / (row[:, None] + alpha)).astype(np.float32)
        cnt_r = np.zeros((K, V + 1))
        m = pos_of[a] >= 0
        np.add.at(cnt_r, (pos_of[a[m]], b[m]), n[m])
        self._R = np.log10((cnt_r + alpha * p_uni[None, :]) / (row[cidx][:, None] + alpha)).astype(np.float32)

    # ------------------------------------------------------------------ API
    def repair(self, text: str, *, threshold: Optional[float] = None) -> Repair:
        """Insert, at each gap, the best glyph whose KenLM gain exceeds the threshold.

        ``threshold`` here is a confidence (like the engine's): edits with
        confidence at or above it are applied (default 0.5, i.e. gain above
        the fixed gain threshold).
        """
        if not isinstance(text, str):
            raise TypeError("text must be str")
        thr = 0.5 if threshold is None else float(threshold)
        edits: List[Edit] = []
        for s, e in canon.sentences(text):
            edits.extend(self._unit(text, s, e, thr))
        # a sentence's last gap and the next sentence's first gap share an offset
        by_off: Dict[int, Edit] = {}
        for ed in edits:
            cur = by_off.get(ed.offset)
            if cur is None or ed.confidence > cur.confidence:
                by_off[ed.offset] = ed
        edits = [by_off[o] for o in sorted(by_off)]
        dropped: Dict[str, float] = {}
        for ed in edits:
            if ed.applied:
                dropped[ed.insert] = max(dropped.get(ed.insert, 0.0), ed.confidence)
        return Repair(apply_edits(text, edits), edits, dropped, text)

    # ------------------------------------------------------------ internals
    def _bigram(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        key = x * self._V1 + y
        i = np.searchsorted(self._key, key)
        i = np.minimum(i, len(self._key) - 1)
        cnt = np.where(self._key[i] == key, self._n[i], 0.0)
        return np.log10((cnt + self._alpha * self._p_uni[y]) / (self._row[x] + self._alpha))

    def _unit(self, text: str, s: int, e: int, thr: float) -> List[Edit]:
        import kenlm

        toks, pos = canon.unit_tokens(text, s, e)
        n = len(toks)
        if n == 0:
            return []
        model = self.model
        # states[k]: state before token k; lp[k]: log10 P(tok_k | states[k]); lp[n]: </s>
        states = [kenlm.State() for _ in range(n + 2)]
        model.BeginSentenceWrite(states[0])
        lp = [0.0] * (n + 1)
        seq = toks + [EOS]
        for k in range(n + 1):
            lp[k] = model.BaseScore(states[k], seq[k], states[k + 1])

        # bigram screen of every (gap, candidate) pair
        idx = np.array([0] + [self.index.get(t, self.unk) for t in toks] + [1], dtype=np.int64)
        left, right = idx[:-1], idx[1:]  # gap g sits between left[g] and right[g]
        scr = self._L[left] + self._R[:, right].T - self._bigram(left, right)[:, None].astype(np.float32)
        top = min(self.screen_top, scr.shape[1])
        best = np.argpartition(-scr, top - 1, axis=1)[:, :top]

        w = self.order - 1
        s1, s2 = kenlm.State(), kenlm.State()
        out: List[Edit] = []
        report_gain = self.threshold + math.log(self.report_min / (1 - self.report_min)) / self.slope
        cands = self.candidates
        for g in range(n + 1):
            end = min(g + w, n + 1)
            old = sum(lp[g:end])
            st0 = states[g]
            scored: List[Tuple[float, str]] = []
            for k in best[g]:
                c = cands[k]
                new = model.BaseScore(st0, c, s1)
                a_, b_ = s1, s2
                for j in range(g, end):
                    new += model.BaseScore(a_, seq[j], b_)
                    a_, b_ = b_, a_
                scored.append((new - old, c))
            scored.sort(reverse=True)
            gain, c = scored[0]
            if gain < report_gain:
                continue
            conf = _sigmoid(self.slope * (gain - self.threshold))
            off = pos[g] if g < n else pos[-1] + 1
            alts = [(c2, round(_sigmoid(self.slope * (g2 - self.threshold)), 4)) for g2, c2 in scored[1:4]]
            out.append(Edit(off, c, conf, conf >= thr, alts, f"kenlm gain {gain:+.2f}"))
        return out

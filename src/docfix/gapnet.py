"""Gap model: how likely a glyph was lost at a gap, read from both sides at once.

A small feed-forward network (concatenated character embeddings of the
``width`` tokens left and right of a gap, one hidden layer, softmax over the
glyphs and "none") trained on deletions from the training corpus
(``scripts/train_gapnet.py``). Its training sets half the examples to "a
glyph was deleted here" and half to "nothing was", so

    log10 P(g | gap) - log10 P(none | gap)  ~  log10 P(left g right) / P(left right),

the quantity the n-gram's insertion gain estimates one direction at a time.
The engine uses it as a calibration feature that can lower a confidence
(:data:`docfix.engine.calibrate.GAP_CAP`) when a ``NAME.gap.npz`` sits next to the
model. None ships with the default model (docs/engine.md says what it changed).

The fast path (:meth:`GapModel.log_ratios`) scores many gaps with one matrix
product; :meth:`GapModel.log_ratio` is the plain reference it is tested
against.
"""
from __future__ import annotations

import math
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple, Union

import numpy as np

__all__ = ["GapModel"]

_PAD_BOS, _PAD_EOS, _UNK = 0, 1, 2
_NONE = 0
_LN10 = math.log(10.0)


class GapModel:
    """Load a gap model (``.gap.npz``) once; score gaps.

    Parameters
    ----------
    path : str or Path
        The ``.gap.npz`` file written by ``scripts/train_gapnet.py``.
    """

    def __init__(self, path: Union[str, Path]):
        with np.load(Path(path)) as z:
            self.width = int(z["width"])
            vin = str(z["vin"])
            vout = str(z["vout"])
            self.emb = z["emb"].astype(np.float32)
            self.w1 = z["W1"].astype(np.float32)
            self.b1 = z["b1"].astype(np.float32)
            self.w2t = np.ascontiguousarray(z["W2"].T, dtype=np.float32)  # one output per row
            self.b2 = z["b2"].astype(np.float32)
        self.in_id: Dict[str, int] = {c: i + 3 for i, c in enumerate(vin)}
        self.out_id: Dict[str, int] = {c: i + 2 for i, c in enumerate(vout)}

    def knows(self, glyph: str) -> bool:
        """Whether the model has an output for ``glyph``."""
        return glyph in self.out_id

    def _context(self, left: Sequence[str], right: Sequence[str]) -> List[int]:
        w = self.width
        lt = [self.in_id.get(t, _UNK) for t in list(left)[-w:]]
        rt = [self.in_id.get(t, _UNK) for t in list(right)[:w]]
        return [_PAD_BOS] * (w - len(lt)) + lt + rt + [_PAD_EOS] * (w - len(rt))

    def log_ratio(self, left: Sequence[str], right: Sequence[str], glyph: str) -> Optional[float]:
        """Reference path: log10 P(glyph | gap) / P(none | gap) for one gap.

        ``left`` and ``right`` are the canonical tokens on either side of the
        gap (sentence boundaries are implied where they run out). None when
        the model has no output for ``glyph``.
        """
        j = self.out_id.get(glyph)
        if j is None:
            return None
        x = np.concatenate([self.emb[i] for i in self._context(left, right)]).astype(np.float64)
        h = np.maximum(x @ self.w1.astype(np.float64) + self.b1, 0.0)
        zg = h @ self.w2t[j].astype(np.float64) + self.b2[j]
        zn = h @ self.w2t[_NONE].astype(np.float64) + self.b2[_NONE]
        return float((zg - zn) / _LN10)

    def log_ratios(
        self, gaps: Sequence[Tuple[Sequence[str], Sequence[str]]], glyphs: Sequence[Sequence[str]]
    ) -> List[List[Optional[float]]]:
        """Fast path: ``log_ratio`` for every glyph of ``glyphs[i]`` at gap ``gaps[i]``."""
        if not gaps:
            return []
        x = np.array([self._context(l, r) for l, r in gaps], dtype=np.int64)
        e = self.emb[x].reshape(len(x), -1)
        h = np.maximum(e @ self.w1 + self.b1, 0.0)
        zn = h @ self.w2t[_NONE] + self.b2[_NONE]
        # one (gap, glyph) pair per row: the glyph's logit against "none"
        rows: List[int] = []
        cols: List[int] = []
        for i, gs in enumerate(glyphs):
            for g in gs:
                j = self.out_id.get(g)
                if j is not None:
                    rows.append(i)
                    cols.append(j)
        ri = np.array(rows, dtype=np.int64)
        ci = np.array(cols, dtype=np.int64)
        z = np.einsum("ij,ij->i", h[ri], self.w2t[ci]) + self.b2[ci] if rows else np.zeros(0)
        vals = iter(((z - zn[ri]) / _LN10).tolist())
        return [[next(vals) if g in self.out_id else None for g in gs] for gs in glyphs]

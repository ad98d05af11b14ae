"""Character language model: KenLM scoring of canonical token sequences.

The engine scores insertions incrementally: the KenLM state before every
token of a scoring unit is kept, so the gain of inserting glyph(s) at a gap
needs only ``len(insert) + order`` lookups instead of rescoring the sentence.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import List, Sequence, Tuple, Union

import kenlm

__all__ = ["LanguageModel", "UnitScores"]

EOS = "</s>"


@dataclass
class UnitScores:
    """KenLM states and per-token log10 probabilities of one scoring unit."""

    toks: List[str]
    states: List["kenlm.State"]  # states[k]: state before token k (len = len(toks) + 1)
    logp: List[float]  # logp[k] = log10 P(toks[k] | states[k])
    eos: float  # log10 P(</s> | states[-1])

    @property
    def total(self) -> float:
        return sum(self.logp) + self.eos


class LanguageModel:
    """A KenLM character model over :mod:`docfix.canon` tokens.

    Parameters
    ----------
    path : str or Path
        A KenLM binary (``.klm``) or ARPA file.
    """

    def __init__(self, path: Union[str, Path]):
        self.path = Path(path)
        self.model = kenlm.Model(str(self.path))
        self.order: int = self.model.order

    def score_tokens(self, toks: Sequence[str], *, bos: bool = True, eos: bool = True) -> float:
        """Total log10 probability of a token sequence."""
        return self.model.score(" ".join(toks), bos=bos, eos=eos)

    def unit(self, toks: Sequence[str]) -> UnitScores:
        """Score a unit token by token, keeping every intermediate state."""
        m = self.model
        st = kenlm.State()
        m.BeginSentenceWrite(st)
        states = [st]
        logp: List[float] = []
        for t in toks:
            out = kenlm.State()
            logp.append(m.BaseScore(st, t, out))
            states.append(out)
            st = out
        end = kenlm.State()
        eos = m.BaseScore(st, EOS, end)
        return UnitScores(list(toks), states, logp, eos)

    def insertion_gain(self, u: UnitScores, k: int, insert: Sequence[str]) -> float:
        """log10 P(unit with ``insert`` before token ``k``) - log10 P(unit).

        Only the inserted tokens and the next ``order - 1`` tokens (and the
        sentence end, when within reach) change score, and only until the
        model's state is again the one the unit has at that token: from
        there on every score is the same.
        """
        m = self.model
        st = u.states[k]
        gain = 0.0
        # two scratch states, swapped after every lookup (never the unit's own)
        out, spare = kenlm.State(), kenlm.State()
        for c in insert:
            gain += m.BaseScore(st, c, out)
            st, out, spare = out, spare, out
        n = len(u.toks)
        stop = min(n, k + self.order - 1)
        states, toks, logp = u.states, u.toks, u.logp
        for j in range(k, stop):
            gain += m.BaseScore(st, toks[j], out) - logp[j]
            if out == states[j + 1]:
                # back in the unit's own context: the rest scores as before
                return gain
            st, out, spare = out, spare, out
        if stop == n:
            gain += m.BaseScore(st, EOS, out) - u.eos
        return gain

    def continue_state(self, st: "kenlm.State", toks: Sequence[str]) -> Tuple[float, "kenlm.State"]:
        """Score ``toks`` from state ``st``; return (log10 prob, final state)."""
        m = self.model
        total = 0.0
        for t in toks:
            out = kenlm.State()
            total += m.BaseScore(st, t, out)
            st = out
        return total, st

    def begin(self) -> "kenlm.State":
        st = kenlm.State()
        self.model.BeginSentenceWrite(st)
        return st

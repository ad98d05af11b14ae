"""Character language model: KenLM scoring of canonical token sequences.

The engine scores insertions incrementally: the KenLM state before every
token of a scoring unit is kept, so the gain of inserting glyph(s) at a gap
needs only ``len(insert) + order`` lookups instead of rescoring the sentence.

Within :meth:`LanguageModel.memo` (a repair holds one open, across its
passes) the units a thread scores share a memo of insertion gains: a gain
depends only on the ``order - 1`` tokens either side of the gap, so a
window met again (a repeated sentence, a unit a further pass reads
unchanged) costs one dictionary lookup.
"""
from __future__ import annotations

import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Sequence, Tuple, Union

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
    memo: Optional["GainMemo"] = field(default=None, repr=False, compare=False)
    _joined: Optional[str] = field(default=None, repr=False, compare=False)

    def window(self, k: int, reach: int) -> str:
        """What the gain of an insertion at gap ``k`` depends on: the
        ``reach`` tokens either side (fewer at the unit's ends, which the key
        marks, as the sentence start and end are scored too)."""
        s = self._joined
        if s is None:
            # tokens are single characters (:meth:`LanguageModel.unit` keeps no memo otherwise)
            s = self._joined = "".join(self.toks)
        lo = k - reach if k > reach else 0
        hi = k + reach
        n = len(s)
        # the lengths either side and the end flag make the key unambiguous
        return chr(0x100 + (2 * reach + 2) * (k - lo) + 2 * (min(hi, n) - k) + (hi >= n)) + s[lo:hi]

    @property
    def total(self) -> float:
        return sum(self.logp) + self.eos


class GainMemo:
    """Insertion gains by window (:meth:`UnitScores.window`) and insert (the
    glyph of a one-glyph insert, the tuple of a longer one), and the units
    scored; at most ``cap`` gains and unit tokens (all forgotten when full)."""

    def __init__(self, cap: int = 200_000):
        self.cap = cap
        self.n = 0  # gains and unit tokens held
        self.by_window: Dict[str, Dict[Union[str, Tuple[str, ...]], float]] = {}
        self.units: Dict[str, "UnitScores"] = {}  # units scored (LanguageModel.unit), by their tokens

    def at(self, key: str) -> Dict[Union[str, Tuple[str, ...]], float]:
        d = self.by_window.get(key)
        if d is None:
            d = self.by_window[key] = {}
        return d

    def added(self, n: int = 1) -> None:
        self.n += n
        if self.n > self.cap:
            self.by_window.clear()
            self.units.clear()
            self.n = 0


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
        self._local = threading.local()

    @contextmanager
    def memo(self, cap: int = 200_000) -> Iterator[None]:
        """Within the block, the units this thread scores (:meth:`unit`)
        share a memo of insertion gains (a block inside another shares the
        outer one's)."""
        outer = getattr(self._local, "memo", None)
        self._local.memo = outer if outer is not None else GainMemo(cap)
        try:
            yield
        finally:
            self._local.memo = outer

    def score_tokens(self, toks: Sequence[str], *, bos: bool = True, eos: bool = True) -> float:
        """Total log10 probability of a token sequence."""
        return self.model.score(" ".join(toks), bos=bos, eos=eos)

    def unit(self, toks: Sequence[str]) -> UnitScores:
        """Score a unit token by token, keeping every intermediate state
        (within :meth:`memo`, a unit scored already is that one again:
        its records are read, never changed)."""
        toks = list(toks)
        memo = getattr(self._local, "memo", None)
        if memo is not None:
            if not all(len(t) == 1 for t in toks):
                memo = None
            else:
                key = "".join(toks)
                got = memo.units.get(key)
                if got is not None:
                    return got
        u = self._unit(toks, memo)
        if memo is not None:
            memo.units[key] = u
            memo.added(len(toks) + 1)
        return u

    def _unit(self, toks: List[str], memo: Optional[GainMemo]) -> UnitScores:
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
        return UnitScores(toks, states, logp, eos, memo)

    def insertion_gain(self, u: UnitScores, k: int, insert: Sequence[str]) -> float:
        """log10 P(unit with ``insert`` before token ``k``) - log10 P(unit).

        Only the inserted tokens and the next ``order - 1`` tokens (and the
        sentence end, when within reach) change score, and only until the
        model's state is again the one the unit has at that token: from
        there on every score is the same.
        """
        memo = u.memo
        if memo is None:
            return self._gain(u, k, insert)
        d = memo.at(u.window(k, self.order - 1))
        key = insert[0] if len(insert) == 1 else tuple(insert)
        gain = d.get(key)
        if gain is None:
            gain = d[key] = self._gain(u, k, insert)
            memo.added()
        return gain

    def gains_at(self, u: UnitScores, k: int, glyphs: Sequence[str]) -> List[float]:
        """``insertion_gain(u, k, (g,))`` of every glyph ``g``, in order: the
        state and the tokens after the gap read once for all of them."""
        memo = u.memo
        d = memo.at(u.window(k, self.order - 1)) if memo is not None else None
        if d:
            known = [d.get(g) for g in glyphs]
            if None not in known:
                return known  # (a unit a further pass reads unchanged)
        # gains_of's loop for one-glyph inserts, the window read once (written
        # again on purpose: delegating to gains_of cost 6-8 % of the engine's
        # CPU time, benchmarks/speed.py, two runs of 5 rounds)
        score = self.model.BaseScore
        toks = u.toks
        st0 = u.states[k]
        n = len(toks)
        stop = min(n, k + self.order - 1)
        tail = stop == n
        eos = u.eos
        right = list(zip(toks[k:stop], u.logp[k:stop], u.states[k + 1:stop + 1]))
        a, b = kenlm.State(), kenlm.State()  # scratch states (never the unit's own)
        out: List[float] = []
        new = 0
        for g in glyphs:
            if d is not None:
                gain = d.get(g)
                if gain is not None:
                    out.append(gain)
                    continue
            gain = 0.0 + score(st0, g, a)
            st, nxt = a, b
            for t, lp, own in right:
                gain += score(st, t, nxt) - lp
                if nxt == own:
                    break  # back in the unit's own context: the rest scores as before
                st, nxt = nxt, st
            else:
                if tail:
                    gain += score(st, EOS, nxt) - eos
            if d is not None:
                d[g] = gain
                new += 1
            out.append(gain)
        if new:
            memo.added(new)
        return out

    def gains_of(self, u: UnitScores, k: int, inserts: Sequence[Sequence[str]]) -> List[float]:
        """``insertion_gain(u, k, insert)`` of every insert, in order: the
        tokens after the gap read once for all of them, and the inserts'
        common beginnings (the digit runs 1, 12, 123) scored once."""
        memo = u.memo
        d = memo.at(u.window(k, self.order - 1)) if memo is not None else None
        score = self.model.BaseScore
        states, toks, logp = u.states, u.toks, u.logp
        st0 = states[k]
        n = len(toks)
        stop = min(n, k + self.order - 1)
        tail = stop == n
        eos = u.eos
        right = list(zip(toks[k:stop], logp[k:stop], states[k + 1:stop + 1]))
        begun: Dict[Tuple[str, ...], Tuple[float, "kenlm.State"]] = {(): (0.0, st0)}  # score and state after a beginning

        def after(head: Tuple[str, ...]) -> Tuple[float, "kenlm.State"]:
            got = begun.get(head)
            if got is None:
                g0, s0 = after(head[:-1])
                st = kenlm.State()
                got = begun[head] = (g0 + score(s0, head[-1], st), st)
            return got

        a, b = kenlm.State(), kenlm.State()  # scratch states (never the unit's own)
        out: List[float] = []
        new = 0
        for insert in inserts:
            insert = tuple(insert)
            key = insert[0] if len(insert) == 1 else insert
            if d is not None:
                gain = d.get(key)
                if gain is not None:
                    out.append(gain)
                    continue
            gain, st = after(insert[:-1]) if len(insert) > 1 else (0.0, st0)
            gain += score(st, insert[-1], a)
            st, nxt = a, b
            for t, lp, own in right:
                gain += score(st, t, nxt) - lp
                if nxt == own:
                    break  # back in the unit's own context: the rest scores as before
                st, nxt = nxt, st
            else:
                if tail:
                    gain += score(st, EOS, nxt) - eos
            if d is not None:
                d[key] = gain
                new += 1
            out.append(gain)
        if new:
            memo.added(new)
        return out

    def _gain(self, u: UnitScores, k: int, insert: Sequence[str]) -> float:
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

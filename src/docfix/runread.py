"""Runs of keyless traces read together (:mod:`docfix.decipher`).

Glyphs lost side by side leave traces side by side: ``接受社会监督`` with
社 and 会 lost prints ``接受��监督``. Read one at a time, each trace is
scored beside the other's current reading, and a wrong first guess holds:
人 beside 与 reads well enough (接受人与监督), and neither moves. A run of
keyless traces is therefore read as a whole: a beam search over its
readings, each glyph drawn from the trace's own best readings and the
document's lost set (the glyphs all keyless traces read most), scored by
the character model over the whole run and its context, plus each glyph's
prior (the keyless traces' shared prior and where the text writes it).
The posterior of each trace is its glyph's share over the beam's final
hypotheses.

Keyed traces side by side are read as pairs elsewhere
(:func:`docfix.keypairs.read_pairs`); a run here has keyless traces only.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Callable, Dict, Hashable, List, Optional, Sequence, Tuple

import kenlm
import numpy as np

from . import canon
from .cipher import SHARED_TOP, keyless_prior, lost_set
from .lm import EOS
from .tracefit import CLOSE_AFTER_END, PLACEHOLDER

__all__ = ["keyless_runs", "read_run", "read_runs", "BEAM", "RUN_TOP"]

BEAM = 24  # hypotheses kept after each trace of a run
RUN_TOP = 8  # each trace's own best readings tried (besides the lost set)
PROPOSE_TOP = 8  # glyphs the bigram table likes best after the previous one, tried too
RUN_MAX = 8  # longer runs (a whole line lost) are left to the one-by-one reading


def keyless_runs(units, where: Dict[int, int], keyless: Sequence[bool]) -> List[Tuple[int, int, List[int]]]:
    """Runs of two or more keyless traces side by side: (unit, first token, trace indexes).

    ``keyless[t]``: trace ``t`` has no key and is surely a glyph.

    >>> P = PLACEHOLDER
    >>> keyless_runs([(["接", P, P, "监"], [0, 1, 2, 3])], {1: 0, 2: 1}, [True, True])
    [(0, 1, [0, 1])]
    >>> keyless_runs([(["接", P, "受", P], [0, 1, 2, 3])], {1: 0, 3: 1}, [True, True])
    []
    """
    out = []
    for ui, (toks, pos) in enumerate(units):
        run: List[int] = []
        for k in range(len(toks) + 1):
            t = where.get(pos[k]) if k < len(toks) and toks[k] == PLACEHOLDER else None
            if t is not None and keyless[t]:
                run.append(t)
                continue
            if 2 <= len(run) <= RUN_MAX:
                out.append((ui, k - len(run), run))
            run = []
    return out


def read_run(lm, toks: Sequence[str], k: int, options: Sequence[Sequence[str]], prior: Callable[[str], float],
             reach: int, propose: Optional[Callable[[str, Optional[str]], List[str]]] = None,
             at_prior: Optional[Callable[[str, int], float]] = None,
             end: Optional[Callable[[Tuple[str, ...]], float]] = None) -> List[List[Tuple[str, float]]]:
    """Each trace's readings, best first, for the run at ``toks[k:k+len(options)]``.

    ``lm``: the character model (:class:`docfix.lm.LanguageModel`); ``toks``: the unit's tokens, the run's
    neighbours already read (other traces as their current reading);
    ``options[i]``: glyphs tried at the run's i-th trace; ``prior(c)``:
    log10 prior of glyph ``c``; ``reach``: tokens of context either side
    (the model's order less one); ``propose(a, b)``: more glyphs to try
    after ``a`` (and before ``b``, at the run's last trace); ``at_prior(c, i)``:
    the prior of ``c`` at the run's i-th trace, in place of ``prior(c)``;
    ``end(seq)``: log10 evidence of the run read ``seq`` (its first ``len(seq)`` traces)."""
    m = lm.model
    n = len(options)
    lo = max(0, k - reach)
    hi = min(len(toks), k + n + reach)
    start = kenlm.State()
    if lo == 0:
        m.BeginSentenceWrite(start)
    else:
        m.NullContextWrite(start)
    start = lm.continue_state(start, toks[lo:k])[1]
    beam: List[Tuple[float, kenlm.State, Tuple[str, ...]]] = [(0.0, start, ())]
    for i in range(n):
        after = toks[k + i + 1] if k + i + 1 < len(toks) else None
        grown = []
        for s, st, seq in beam:
            tried = options[i]
            if propose is not None:
                more = propose(seq[-1] if seq else toks[k - 1] if k else "<s>", after if i + 1 == n else None)
                tried = list(dict.fromkeys(list(tried) + more))
            for c in tried:
                out = kenlm.State()
                v = s + m.BaseScore(st, c, out) + (prior(c) if at_prior is None else at_prior(c, i))
                if c in canon.SENT_END and after is not None and after not in CLOSE_AFTER_END and i + 1 < n:
                    v += m.BaseScore(out, EOS, kenlm.State())  # (a sentence ends inside the run: as score_window)
                    out = kenlm.State()
                    m.BeginSentenceWrite(out)
                if end is not None:  # (the run's first letters as they still fit a token: www stays in the beam)
                    v += end(seq + (c,)) - (end(seq) if seq else 0.0)
                grown.append((v, out, seq + (c,)))
        grown.sort(key=lambda h: -h[0])
        beam = grown[:BEAM]
    final = []
    for s, st, seq in beam:
        tail, st = lm.continue_state(st, toks[k + n:hi])
        s += tail
        if hi == len(toks):
            s += m.BaseScore(st, EOS, kenlm.State())
        final.append((s, seq))
    z = max(s for s, _ in final)
    w = [(10 ** (s - z), seq) for s, seq in final]
    tot = sum(x for x, _ in w)
    marg: List[Dict[str, float]] = [defaultdict(float) for _ in range(n)]
    for x, seq in w:
        for i, c in enumerate(seq):
            marg[i][c] += x / tot
    return [sorted(d.items(), key=lambda cp: -cp[1]) for d in marg]


def run_options(ranked: List[Tuple[str, float]], shared: Sequence[str]) -> List[str]:
    """A trace's own :data:`RUN_TOP` best readings and the document's lost set."""
    own = [c for c, _ in ranked[:RUN_TOP] if c]
    return list(dict.fromkeys(own + [c for c in shared if c]))



def read_runs(post, assign: Dict[int, str], units, where: Dict[int, int], keyless: Sequence[bool],
              weight: Dict[Hashable, float], breaks: frozenset, lm, penalty: Callable[[str], float],
              propose: Optional[Callable[[str, Optional[str]], List[str]]] = None,
              bonus: Optional[Callable[[int, str], float]] = None,
              whole: Optional[Callable[[Sequence[int], Sequence[str]], float]] = None) -> None:
    """Read every run of keyless traces (:func:`keyless_runs`) as a whole;
    sets each run trace's posterior in ``post`` (key ``("one", trace)``)
    and its reading in ``assign``. ``weight``: each keyless key's share in
    the shared prior (:func:`docfix.cipher.keyless_prior`; its keys are the
    keyless keys); ``breaks``: line-break keys; ``penalty(c)``: log10 prior
    of ``c`` from where the text writes it; ``propose``: see :func:`read_run`;
    ``bonus(at, c)``: log10 evidence of glyph ``c`` at text offset ``at``
    besides the model's (a letter that completes a web token there,
    :func:`docfix.keyscore.mark_bonus`); ``whole(ats, seq)``: that of a whole
    run's reading ``seq`` at text offsets ``ats`` (letters that make a web
    token together, :func:`docfix.tracefit.run_token`: ://??? reads www, not 333),
    which then tries every letter its traces were scored for."""
    kl = {g: post.get(g) or [] for g in weight}
    prior = keyless_prior(kl, weight, breaks)
    shared = lost_set(kl, weight, SHARED_TOP)
    floor = min(prior.values(), default=-12.0)  # (a glyph no keyless trace read: the prior's smoothing share)
    memo: Dict[str, float] = {}

    def pri(c: str) -> float:
        if c not in memo:
            memo[c] = prior.get(c, floor) + penalty(c)
        return memo[c]

    for ui, k, run in keyless_runs(units, where, keyless):
        toks, pos = units[ui]
        read = [(assign.get(where[p]) or PLACEHOLDER) if t == PLACEHOLDER else t for t, p in zip(toks, pos)]
        options = [run_options(post.get(("one", t)) or [], shared) for t in run]
        at_prior = None
        ats = pos[k:k + len(run)]
        if bonus is not None:
            at_prior = _with_bonus(pri, bonus, ats)
        end = None
        if whole is not None:
            letters = [[c for c, _ in post.get(("one", t)) or [] if c.isascii() and c.islower()] for t in run]
            if all(letters) and whole(ats, [ls[0] for ls in letters]) is not None:
                options = [list(dict.fromkeys(opts + ls)) for opts, ls in zip(options, letters)]
                end = lambda seq: whole(ats, seq) or 0.0  # noqa: E731
        for t, ranked in zip(run, read_run(lm, read, k, options, pri, lm.order - 1, propose, at_prior, end)):
            post[("one", t)] = ranked
            assign[t] = ranked[0][0]


def _with_bonus(prior: Callable[[str], float], bonus: Callable[[int, str], float], ats: Sequence[int]
                ) -> Callable[[str, int], float]:
    """``at_prior(c, i)`` of :func:`read_run`: ``prior(c)`` plus ``bonus`` at the run's i-th trace (offset ``ats[i]``)."""
    memo: Dict[Tuple[int, str], float] = {}

    def at_prior(c: str, i: int) -> float:
        key = (ats[i], c)
        if key not in memo:
            memo[key] = prior(c) + bonus(ats[i], c)
        return memo[key]

    return at_prior


def proposer(screen, vocab, penalty, top: Optional[int] = None) -> Callable[[str, Optional[str]], List[str]]:
    """``propose(a, b)``: the :data:`PROPOSE_TOP` glyphs of ``vocab`` (indexes
    into ``screen``'s tokens) likeliest after ``a`` (and before ``b``) by
    the bigram table, plus ``penalty`` (an array over ``vocab``: where the
    text writes each glyph)."""
    chars = screen.stats.chars_list
    memo: Dict[Tuple[str, Optional[str]], List[str]] = {}

    def propose(a: str, b: Optional[str]) -> List[str]:
        if (a, b) not in memo:
            sc = screen.logp_grid(screen.index([a]), vocab)[0] + penalty
            if b is not None:
                sc = sc + screen.logp_grid(vocab, screen.index([b]))[:, 0]
            best = np.argpartition(-sc, top or PROPOSE_TOP)[:top or PROPOSE_TOP]
            memo[(a, b)] = [chars[int(vocab[i])] for i in best]
        return memo[(a, b)]

    return propose

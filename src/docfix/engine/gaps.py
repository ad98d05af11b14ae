"""Stage 2, gaps: screen every (gap, candidate glyph) pair, score the survivors.

Every position between two tokens of a unit is a gap. The bigram table
(:class:`docfix.detect.BigramScreen`) rates all (gap, glyph) pairs at once
with numpy; the pairs that pass are scored exactly with the character model
(the gain of inserting the glyph, in context on both sides).
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from itertools import groupby
from operator import itemgetter
from dataclasses import dataclass
from typing import Container, Dict, List, Mapping, Optional, Sequence, Tuple, Union

import numpy as np

from ..charstats import CharStats
from ..detect import BigramScreen, GlyphEvidence, is_han
from ..lm import LanguageModel
from . import tuning as T
from .records import Unit

__all__ = ["Gaps", "screen_pairs", "suggested", "score_pairs"]


@dataclass
class Gaps:
    """The document's gaps, flat: unit index and position ``k`` in the unit
    of each, and the screen's indices of the tokens either side."""

    unit: List[int]
    k: List[int]
    ga: np.ndarray  # screen index of the token before each gap ("<s>" at a unit's start)
    gb: np.ndarray  # ... and after it ("</s>" at its end)
    closed: np.ndarray  # gaps inside a Latin word (gro_ff): nothing is restored there

    def open_pairs(self, pairs: List[Tuple[int, int]]) -> List[Tuple[int, int]]:
        """The (gap, glyph) pairs whose gap is not :attr:`closed`."""
        closed = self.closed
        return [p for p in pairs if not closed[p[0]]] if closed.any() else pairs

    @classmethod
    def of(cls, units: Sequence[Unit], screen: BigramScreen) -> "Gaps":
        gap_unit: List[int] = []
        gap_k: List[int] = []
        prev_t: List[str] = []
        next_t: List[str] = []
        closed: List[bool] = []
        for ui, u in enumerate(units):
            toks = u.toks
            for k in range(len(toks) + 1):
                gap_unit.append(ui)
                gap_k.append(k)
                a = toks[k - 1] if k else "<s>"
                b = toks[k] if k < len(toks) else "</s>"
                prev_t.append(a)
                next_t.append(b)
                # (the character model knows Chinese, not English spelling: n_roff, gro_ff)
                closed.append(_latin(a) and _latin(b))
        return cls(gap_unit, gap_k, screen.index(prev_t), screen.index(next_t), np.array(closed, dtype=bool))


def _latin(tok: str) -> bool:
    return len(tok) == 1 and tok.isascii() and tok.isalpha()


def suggested(
    screen: BigramScreen, stats: CharStats, gaps: Gaps, counts: Counter, cands: List[Tuple[str, float]], n_tok: int
) -> List[Tuple[str, float]]:
    """Candidates the document's gaps ask for beyond the unigram
    expectation (:meth:`docfix.detect.BigramScreen.suggest`): absent
    glyphs that many gaps want, such as 碳 in a report on 碳达峰; then
    Han glyphs the document still has, which a mixed-font document
    loses only where the broken font was used."""
    ga, gb = gaps.ga[~gaps.closed], gaps.gb[~gaps.closed]
    scr = screen
    exclude = scr.unrestorable().copy()
    exclude[scr.index([g for g, _ in cands])] = True
    present = scr.index(list(counts))
    absent_only = exclude.copy()
    absent_only[present] = True
    wanted = scr.suggest(ga, gb, absent_only, min_gaps=T.SUGGEST_MIN_GAPS, top=T.SUGGEST_TOP, pool=T.SUGGEST_POOL)
    if T.SUGGEST_PRESENT:
        exclude[wanted] = True
        keep = np.zeros_like(exclude)
        keep[[i for i, g in zip(present, counts) if is_han(g)]] = True
        wanted += scr.suggest(ga, gb, exclude | ~keep, min_gaps=T.SUGGEST_MIN_GAPS, top=T.SUGGEST_PRESENT)
    chars = stats.chars_list
    return [(chars[i], stats.rate(chars[i]) * n_tok) for i in wanted]


def screen_pairs(
    screen: BigramScreen,
    ga: np.ndarray,
    gb: np.ndarray,
    gidx: np.ndarray,
    *,
    floor: Optional[Union[float, np.ndarray]] = None,
    top: Optional[int] = None,
) -> List[Tuple[int, int]]:
    """(gap, candidate index) pairs whose bigram gain passes ``floor`` (one
    value, or one per candidate), plus the ``top`` best candidates of every gap."""
    floor = T.SCREEN_MIN if floor is None else floor
    top = T.SCREEN_TOP if top is None else top
    scr = screen
    out: List[Tuple[int, int]] = []
    if len(gidx) == 0:
        return out
    base = scr.logp_pairs(ga, gb)
    ua, inv_a = np.unique(ga, return_inverse=True)
    ub, inv_b = np.unique(gb, return_inverse=True)
    m1 = scr.logp_grid(ua, gidx).astype(np.float32)  # P(g | a)
    m2 = scr.logp_grid(gidx, ub, transpose=True).astype(np.float32)  # P(b | g), indexed [b, g]
    base32 = base.astype(np.float32)
    step = 4096
    top = min(top, len(gidx))
    for s in range(0, len(ga), step):
        e = min(s + step, len(ga))
        sc = m1[inv_a[s:e]]  # + P(b | g) - P(b | a), in place
        sc += m2[inv_b[s:e]]
        sc -= base32[s:e, None]
        keep = sc > floor
        if top:
            keep |= _best_of_rows(sc, top)
        r, c = np.nonzero(keep)
        out.extend(zip((r + s).tolist(), c.tolist()))
    return out


def _best_of_rows(sc: np.ndarray, top: int) -> np.ndarray:
    """A mask of the ``top`` best columns of every row: those
    ``np.argpartition(-sc, top - 1, axis=1)[:, :top]`` picks. A row's best
    are found by ``top`` passes of ``argmax``; only in a row where the next
    best ties with the last one picked is the choice argpartition's own, and
    it is asked for those rows."""
    n, m = sc.shape
    mask = np.zeros(sc.shape, dtype=bool)
    if top >= m:
        mask[:] = True
        return mask
    rows = np.arange(n)
    picked = []
    for _ in range(top):  # (each pick is set aside in sc itself, and put back)
        c = sc.argmax(axis=1)
        mask[rows, c] = True
        last = sc[rows, c]
        picked.append((c, last))
        sc[rows, c] = -np.inf
    tied = np.nonzero(sc.max(axis=1) == last)[0]
    for c, v in reversed(picked):
        sc[rows, c] = v
    if len(tied):
        mask[tied] = False
        mask[tied[:, None], np.argpartition(-sc[tied], top - 1, axis=1)[:, :top]] = True
    return mask


def score_pairs(
    lm: LanguageModel,
    units: Sequence[Unit],
    gaps: Gaps,
    pairs: Sequence[Tuple[int, int]],
    glyphs: Sequence[str],
    single: Dict[int, Dict[str, float]],
    evidence: Optional[Dict[str, GlyphEvidence]] = None,
    skip: Optional[Mapping[int, Container[str]]] = None,
    once: Container[Tuple[str, str]] = (),
) -> None:
    """The character model's gain of every screened (gap, glyph index) pair,
    into ``single[gap][glyph]`` (and the glyph's ``evidence``); a pair whose
    glyph ``skip[gap]`` holds (the pairs scored already: ``skip=single``) is
    left as it is. A sentence the document
    repeats (a page header, a notice's boilerplate sent to 18 cities) is
    evidence about the lost set once, not once per copy; and a glyph's gains
    after one token, again and again, are one piece of evidence, not one
    per gap: of the m gaps where a glyph would follow the same token, only
    the best ceil(sqrt(m)) count (生态环境部{门} twelve times, 我{们}是行动者
    eighteen times in clean documents had made 门 and 们 "lost"; on the
    unseen source's test half, silent drop: 476 right / 71 wrong -> 474 / 59).
    """
    counted: set = set()
    after: Dict[Tuple[str, str], List[float]] = {}  # (glyph, token before the gap) -> counted gains
    copy_of = _unit_copies(units) if evidence is not None else {}
    copied = {c for c, m in Counter(copy_of.values()).items() if m > 1}  # sentences the document repeats
    gap_unit, gap_k = gaps.unit, gaps.k
    for gap, group in groupby(pairs, itemgetter(0)):  # the pairs of one gap, scored together
        gs = [glyphs[gi] for _, gi in group]
        if skip is not None:
            done = skip.get(gap)
            if done:
                gs = [g for g in gs if g not in done]
                if not gs:
                    continue
        ui, k = gap_unit[gap], gap_k[gap]
        u = units[ui]
        gains = lm.gains_at(u.sc, k, gs)
        single[gap].update(zip(gs, gains))
        if evidence is None:
            continue
        cu = copy_of[ui]
        before = _before(u, k)
        if cu in copied:
            for g, gain in zip(gs, gains):
                seen = (cu, k, g)
                if seen not in counted:
                    counted.add(seen)
                    after.setdefault((g, before), []).append(gain)
        else:  # no copy of this sentence: every gain counts
            for g, gain in zip(gs, gains):
                key = (g, before)
                got = after.get(key)
                if got is None:
                    after[key] = [gain]
                else:
                    got.append(gain)
    for (g, b), gains in after.items():
        if (b, g) in once:
            evidence[g].gains.append(max(gains))
        else:
            evidence[g].gains.extend(gains if len(gains) == 1 else _strongest(gains))


def _unit_copies(units: Sequence[Unit]) -> Dict[int, int]:
    """Unit index -> index of the first unit with the same tokens (a repeated sentence counts once)."""
    first: Dict[Tuple[str, ...], int] = {}
    return {ui: first.setdefault(tuple(u.toks), ui) for ui, u in enumerate(units)}


def _before(u: Unit, k: int) -> str:
    """The token before gap ``k`` of ``u``."""
    return u.toks[k - 1] if k > 0 else "<s>"


def _strongest(gains: List[float]) -> List[float]:
    """Of the gains after one token, the best ceil(sqrt(m)): evidence again and again is one piece."""
    return sorted(gains, reverse=True)[:max(1, math.ceil(math.sqrt(len(gains))))]


def pair_gains(
    lm: LanguageModel,
    screen: BigramScreen,
    units: Sequence[Unit],
    gaps: Gaps,
    glyphs: Sequence[str],
    single: Dict[int, Dict[str, float]],
    evidence: Optional[Dict[str, GlyphEvidence]] = None,
) -> Dict[int, Dict[Tuple[str, str], float]]:
    """Gaps where two candidate glyphs lost one after another fit far better
    than any one (个工作日 -> 5_作日: 个工; 适时组织 -> 适_织): ``{gap: {(g1,
    g2): LM gain}}``, and, into ``evidence``, each kept pair's gain times
    :data:`~docfix.engine.tuning.PAIR_WEIGHT` for both its glyphs (as
    :func:`score_pairs` counts them: a repeated sentence once, the gains after
    one token square-root-wise). A word whose two glyphs were both lost left
    no gap that either glyph fills alone, so neither looked lost.

    Per gap, the :data:`~docfix.engine.tuning.PAIR_TOP` glyphs likeliest
    after the left token are paired with the as many likeliest before the
    right one (bigram table); pairs whose bigram chain gains more than
    :data:`~docfix.engine.tuning.PAIR_CHAIN` are scored exactly, and kept
    where they gain more than :data:`~docfix.engine.tuning.PAIR_MIN` and
    :data:`~docfix.engine.tuning.PAIR_OVER` more than the gap's best single
    glyph."""
    out: Dict[int, Dict[Tuple[str, str], float]] = {}
    if len(glyphs) < 2 or not len(gaps.ga):
        return out
    gidx = screen.index(list(glyphs))
    ga, gb = gaps.ga, gaps.gb
    base = screen.logp_pairs(ga, gb)
    t = min(T.PAIR_TOP, len(gidx) - 1)
    # the best first glyphs after each distinct left token, the best second ones before each right token
    ua, inv_a = np.unique(ga, return_inverse=True)
    ub, inv_b = np.unique(gb, return_inverse=True)
    left = screen.logp_grid(ua, gidx)  # P(g1 | a)
    right = screen.logp_grid(gidx, ub, transpose=True)  # P(b | g2), indexed [b, g2]
    inner = screen.logp_grid(gidx, gidx)  # P(g2 | g1)
    l_top = np.argpartition(-left, t, axis=1)[:, :t]
    r_top = np.argpartition(-right, t, axis=1)[:, :t]
    l_val = np.take_along_axis(left, l_top, axis=1)
    r_val = np.take_along_axis(right, r_top, axis=1)
    step = max(1, 100_000 // (t * t))
    for s in range(0, len(ga), step):
        i1, i2 = l_top[inv_a[s:s + step]], r_top[inv_b[s:s + step]]  # (gaps, t)
        mid = inner[i1[:, :, None], i2[:, None, :]]
        chain = (l_val[inv_a[s:s + step]][:, :, None] + mid + r_val[inv_b[s:s + step]][:, None, :]
                 - base[s:s + step, None, None])
        for r, a1, a2 in zip(*np.nonzero((chain > T.PAIR_CHAIN) & (i1[:, :, None] != i2[:, None, :]))):
            gap = s + int(r)
            if gaps.closed[gap]:
                continue
            g1, g2 = glyphs[int(i1[r, a1])], glyphs[int(i2[r, a2])]
            gain = lm.insertion_gain(units[gaps.unit[gap]].sc, gaps.k[gap], (g1, g2))
            best = max(single.get(gap, {}).values(), default=0.0)
            if gain > T.PAIR_MIN and gain > max(best, 0.0) + T.PAIR_OVER:
                out.setdefault(gap, {})[(g1, g2)] = gain
    if evidence is not None:
        _count_pairs(units, gaps, out, evidence)
    return out


def _count_pairs(units: Sequence[Unit], gaps: Gaps, found: Dict[int, Dict[Tuple[str, str], float]],
                 evidence: Dict[str, GlyphEvidence]) -> None:
    """Add the pairs' gains to their glyphs' evidence, as :func:`score_pairs` counts."""
    copy_of = _unit_copies(units)
    seen: set = set()
    after: Dict[Tuple[str, str, str], List[float]] = defaultdict(list)
    for gap in sorted(found):
        ui, k = gaps.unit[gap], gaps.k[gap]
        for (g1, g2), gain in found[gap].items():
            if (copy_of[ui], k, g1, g2) in seen:
                continue
            seen.add((copy_of[ui], k, g1, g2))
            after[(g1, g2, _before(units[ui], k))].append(gain)
    for (g1, g2, _), gains in after.items():
        for gain in _strongest(gains):
            for g in (g1, g2):
                if g in evidence:
                    evidence[g].gains.append(gain * T.PAIR_WEIGHT)

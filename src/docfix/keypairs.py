"""Keys whose traces stand side by side (:mod:`docfix.decipher`).

Two glyphs lost next to each other (接受社会监督 printed as 接CDE监督) leave
two keys whose readings depend on each other: each scored beside the
other's current reading, a wrong first pair holds. :func:`adjacent_keys`
finds such pairs, :func:`read_pairs` reads each pair jointly, and
:func:`pair_bounds` keeps a key no surer than its neighbour where its
reading owes to it. (Keyless traces side by side: :mod:`docfix.runread`.)
"""
from __future__ import annotations

from collections import Counter
from typing import AbstractSet, Dict, Hashable, Tuple

from .tracefit import PLACEHOLDER

__all__ = ["PAIR_TOP", "PAIRS_MAX", "adjacent_keys", "read_pairs", "pair_bounds"]

PAIR_TOP = 5  # readings of each key tried together where two keys stand side by side
#: ... in this many pairs at most, the most frequent first (a whole font lost: thousands,
#: each read over all its occurrences, minutes a page; simulated damage: 3 at most)
PAIRS_MAX = 8


def pair_bounds(pairs, conf: Dict[Hashable, float], was: Dict[Hashable, float],
                n_ctx: Dict[Hashable, int], drawn: AbstractSet[Hashable] = frozenset(),
                free: AbstractSet[Hashable] = frozenset()) -> Dict[Hashable, float]:
    """Confidences of keys read side by side, bounded by each other's: a key is
    no surer than a key beside it unless it was as sure before the pairs were
    read (``was``, where its reading has not moved); read in one context only
    (``n_ctx`` 1), not at all, unless its glyph's drawing was compared
    (``drawn``: evidence that owes nothing to the neighbours, where a font
    that lost every glyph leaves one context, other unknowns). Bounds use the
    confidences from before any bound (no chain passes one on). 12 whole-font
    documents with shapes, R / P: test 0.334 / 1.000 -> 0.924 / 0.994, tune
    0.285 / 0.999 -> 0.952 / 0.995 (docs/decisions.md, twenty-fourth session).
    ``free``: keys whose reading is the glyph the font's glyph order gives
    them (:mod:`docfix.glyphorder`): bounded by nothing (a whole font's keys
    stand beside unknowns that no order reads, its marks and digits).

    >>> pairs, conf, one = {("a", "b"): 1, ("b", "c"): 1}, {"a": 0.1, "b": 0.9, "c": 0.95}, {"a": 1, "b": 1, "c": 1}
    >>> pair_bounds(pairs, conf, {}, one)
    {'a': 0.1, 'b': 0.1, 'c': 0.9}
    >>> pair_bounds(pairs, conf, {"b": 0.9}, one, drawn={"b"})
    {'a': 0.1, 'b': 0.9, 'c': 0.9}
    >>> pair_bounds(pairs, conf, {}, one, free={"b"})
    {'a': 0.1, 'b': 0.9, 'c': 0.9}
    """
    out = dict(conf)
    for g1, g2 in pairs:
        for g, other in ((g1, g2), (g2, g1)):
            if g in free:
                continue
            bound = conf[other] if n_ctx[g] == 1 and g not in drawn else max(conf[other], was.get(g, 0.0))
            out[g] = min(out[g], bound)
    return out


def adjacent_keys(units, where, groups, sites, traces) -> Dict[Tuple[Hashable, Hashable], int]:
    """Pairs of keys whose traces stand side by side (how often), most often first."""
    group_of = {st.trace: (("one", st.trace) if traces[st.trace].key is None else traces[st.trace].key) for st in sites}
    n: Counter = Counter()
    for st in sites:
        toks, pos = units[st.unit]
        g = group_of[st.trace]
        if g[0] == "one" or st.k + 1 >= len(toks) or toks[st.k + 1] != PLACEHOLDER:
            continue
        g2 = group_of.get(where[pos[st.k + 1]])
        if g2 is not None and g2[0] != "one" and g2 != g:
            n[(g, g2)] += 1
    return dict(n.most_common())


def read_pairs(pairs, post, assign: Dict[int, str], groups, cands, score) -> set:
    """Read each pair of neighbouring keys jointly: of the readings (a, b)
    among each one's :data:`PAIR_TOP` best and its best beside each of the
    other's, the pair that maximises a's score beside b plus b's beside a.
    Sets ``assign``; returns the traces whose reading moved."""
    moved = set()
    for g1, g2 in pairs:
        was = {st.trace: assign.get(st.trace) for st in groups[g1] + groups[g2]}

        def beside(g, other, readings, into):  # g's scores with other read as each reading
            for r in readings:
                if r not in into:
                    for st in groups[other]:
                        assign[st.trace] = r
                    into[r] = score(g, cands[g])
            for st in groups[other]:
                assign[st.trace] = was[st.trace]

        s1: Dict[str, Dict[str, float]] = {}  # b -> g1's scores beside it
        s2: Dict[str, Dict[str, float]] = {}  # a -> g2's scores beside it
        top2 = [c for c, _ in (post.get(g2) or [])[:PAIR_TOP]]
        beside(g1, g2, top2, s1)
        top1 = list(dict.fromkeys([c for c, _ in (post.get(g1) or [])[:PAIR_TOP]]
                                  + [max(v, key=v.get) for v in s1.values() if v]))
        beside(g2, g1, top1, s2)
        top2 = list(dict.fromkeys(top2 + [max(v, key=v.get) for v in s2.values() if v]))
        beside(g1, g2, top2, s1)
        best = max(((a, b) for a in top1 for b in top2 if (a != b or not a) and a in s1[b] and b in s2[a]),
                   key=lambda ab: s1[ab[1]][ab[0]] + s2[ab[0]][ab[1]], default=None)
        for g, c in zip((g1, g2), best or (None, None)):
            for st in groups[g]:
                assign[st.trace] = was[st.trace] if c is None else c
                if assign[st.trace] != was[st.trace]:
                    moved.add(st.trace)
    return moved

"""Settling what each trace reads, once its readings are scored (:mod:`docfix.decipher`).

* :func:`softmax`: a key's summed log10 likelihoods as a posterior;
* :func:`keyless_em`: traces without a key (U+FFFD) share a prior over the
  document's few lost glyphs, re-estimated from all of them;
* :func:`one_glyph_per_key`: two keys of one font are two different glyphs.
"""
from __future__ import annotations

import bisect
import math
from collections import Counter, defaultdict
from typing import Callable, Dict, Hashable, List, Optional, Tuple

__all__ = ["softmax", "keyless_em", "keyless_prior", "lost_set", "SHARED_TOP", "one_glyph_per_key", "namespace",
           "neighbours", "TEMPERATURE"]

TEMPERATURE = 1.0  # softmax temperature (log10 units) of a key's summed log-likelihoods
_EM_ROUNDS = 3  # prior re-estimation rounds for keyless traces
#: log10: a -raw space kept as the text's own is at most this much likelier a
#: priori than the document's commonest lost glyph (0: real pdftotext output
#: gained more, at four right per wrong; 0.3 gained without a wrong)
KEEP_SLACK = 0.3
_EM_SMOOTH = 0.05  # share of the keyless prior left to the model's own rates
SHARED_TOP = 16  # glyphs the keyless traces read most, scored at every keyless trace (a lost set has 4-14)


def softmax(scores: Dict[str, float], prior: Optional[Dict[str, float]] = None) -> List[Tuple[str, float]]:
    if not scores:
        return []
    items = [(c, s / TEMPERATURE + (prior.get(c, -12.0) if prior is not None else 0.0)) for c, s in scores.items()]
    z = max(s for _, s in items)
    w = [(c, 10 ** (s - z)) for c, s in items]
    tot = sum(x for _, x in w)
    return sorted(((c, x / tot) for c, x in w), key=lambda x: -x[1])


_SLACK = object()  # keyless_em's default: KEEP_SLACK as it is when called (tuning scripts set it)


def keyless_em(scored: Dict[Hashable, Dict[str, float]], weight: Optional[Dict[Hashable, float]] = None,
               keep_slack: Optional[float] = _SLACK,  # type: ignore[assignment]
               breaks: frozenset = frozenset()) -> Dict[Hashable, List[Tuple[str, float]]]:
    """Readings of keyless traces under a shared prior over the lost glyphs.

    ``weight``: each trace's share in the prior (default 1); traces in one
    repeated context (a notice's boilerplate sent to 18 cities) are one
    piece of evidence about the lost set, not 18. ``keep_slack``: see
    :data:`KEEP_SLACK` (None: keeping a space is a glyph like the others)."""
    if keep_slack is _SLACK:
        keep_slack = KEEP_SLACK
    keyless = [g for g in scored if g[0] == "one"]
    if not keyless:
        return {}
    post = {g: softmax(scored[g]) for g in keyless}
    if len(keyless) < 2:
        return post
    w = {g: (weight or {}).get(g, 1.0) for g in keyless}
    for _ in range(_EM_ROUNDS):
        prior = keyless_prior(post, w, breaks)
        if "" in prior and len(prior) > 1 and keep_slack is not None:
            # a -raw space kept as the text's own is hardly likelier a priori
            # than the document's commonest lost glyph: the model reads a
            # joined gap well anywhere (中山大 南方 院 kept both), and the kept
            # ones' share fed itself round after round
            prior[""] = min(prior[""], max(v for c, v in prior.items() if c) + keep_slack)
        kept = dict(prior, **{"": max((v for c, v in prior.items() if c), default=0.0)}) if breaks else prior
        post = {g: softmax(scored[g], kept if g in breaks else prior) for g in keyless}
    return post


def keyless_prior(post: Dict[Hashable, List[Tuple[str, float]]], weight: Dict[Hashable, float],
                  breaks: frozenset = frozenset()) -> Dict[str, float]:
    """The keyless traces' shared log10 prior over glyphs: their posteriors'
    weighted mean, smoothed by :data:`_EM_SMOOTH` (a line break's "nothing
    lost" is left out: most line breaks are no trace, and say nothing of the
    spaces).

    >>> {c: round(v, 2) for c, v in keyless_prior({1: [("政", 1.0)], 2: [("政", 0.5), ("向", 0.5)]}, {}).items()}
    {'政': -0.13, '向': -0.58}
    """
    mass = _mass(post, weight, breaks)
    n = sum(weight.get(g, 1.0) for g in post) or 1.0
    return {c: math.log10((1 - _EM_SMOOTH) * v / n + _EM_SMOOTH / max(len(mass), 1)) for c, v in mass.items()}


def lost_set(post: Dict[Hashable, List[Tuple[str, float]]], weight: Dict[Hashable, float], top: int) -> List[str]:
    """The glyphs the keyless traces read most (at most ``top``, each with a
    summed weighted posterior of at least 1): the document's lost set."""
    return [c for c, m in _mass(post, weight).most_common(top) if c and m >= 1.0]


def _mass(post: Dict[Hashable, List[Tuple[str, float]]], weight: Dict[Hashable, float],
          breaks: frozenset = frozenset()) -> Counter:
    """Each glyph's posterior summed over the keyless traces, each weighted
    (a line break's "nothing lost" left out)."""
    mass: Counter = Counter()
    for g, ranked in post.items():
        for c, p in ranked:
            if c or g not in breaks:
                mass[c] += weight.get(g, 1.0) * p
    return mass


def neighbours(sites: Dict[Hashable, List[Tuple[int, int, int]]], reach: int) -> Dict[Hashable, frozenset]:
    """For each key, the traces whose reading can move its score.

    ``sites``: each key's occurrences as (trace index, scoring unit, offset
    in the text). A trace in the same unit as an occurrence (the character
    model's window), or within ``reach`` characters of one (the word
    model's), counts; the key's own occurrences do not (each reads as the
    candidate scored).

    >>> sorted(neighbours({"a": [(0, 0, 3)], "b": [(1, 0, 9)], "c": [(2, 1, 12)]}, 4)["b"])
    [0, 2]
    """
    in_unit: Dict[int, set] = defaultdict(set)
    where = sorted((off, ti) for ss in sites.values() for ti, _, off in ss)
    for ss in sites.values():
        for ti, unit, _ in ss:
            in_unit[unit].add(ti)
    offs = [o for o, _ in where]
    out = {}
    for g, ss in sites.items():
        near = set()
        for ti, unit, off in ss:
            near |= in_unit[unit]
            near.update(t for _, t in where[bisect.bisect_left(offs, off - reach):bisect.bisect_right(offs, off + reach)])
        out[g] = frozenset(near - {ti for ti, _, _ in ss})
    return out


def namespace(key: Hashable) -> Hashable:
    """Keys in one namespace are glyphs of one font: ("pdf", font, id) -> font."""
    if isinstance(key, tuple) and key and key[0] == "pdf":
        return ("pdf", key[1])
    return key[0] if isinstance(key, tuple) and key else None


SURE_TAKER = 0.9  # a key's reading taken by a key this sure is no reading of it at all (one_glyph_per_key)


def one_glyph_per_key(post, apart: Optional[Callable[[Hashable, Hashable], bool]] = None
                      ) -> Dict[Hashable, List[Tuple[str, float]]]:
    """Settle keys most confident first; a glyph taken by one key is not another's.

    A key whose reading was taken by a key that read it at :data:`SURE_TAKER`
    or more shares what it held among its other readings (renormalised): in
    在?地政府 the key of 当 had put its mass on a glyph another key had read
    surely, and kept 当 at 0.00003 (reported at 0.002 six times, as its
    alternatives were). Trace bench test half: pdfminer 1,488 / 17 -> 1,497 / 17,
    code points 1,456 / 27 -> 1,461 / 27, whole font 1,500 / 25 -> 1,509 / 25;
    tune half 1,243 / 14 -> 1,244 / 14, the rest unchanged. (Taken by any key:
    a font that lost its whole map, read from the text alone, tune half
    19,639 / 28 -> 19,654 / 45.)

    >>> one_glyph_per_key({("cid", 1): [("地", 0.9), ("当", 0.1)], ("cid", 2): [("地", 0.99), ("的", 0.01)]})[("cid", 1)]
    [('当', 1.0)]

    ``apart(a, b)``: whether keys ``a`` and ``b`` may be two fonts' (text keys
    never on one line): a key as sure as :data:`SURE_TAKER` of a glyph that
    such a key took reads it too (two fonts that both lost 育; two keys of one
    font both that sure of one glyph are rare).

    >>> post = {("cid", 1): [("育", 0.99), ("师", 0.01)], ("cid", 2): [("育", 0.95), ("局", 0.05)]}
    >>> one_glyph_per_key(post)[("cid", 2)][0][0], one_glyph_per_key(post, lambda a, b: True)[("cid", 2)][0][0]
    ('局', '育')
    """
    taken: Dict[Hashable, Dict[str, Tuple[float, Hashable]]] = defaultdict(dict)  # glyph -> (posterior, key) that took it
    out = dict(post)
    keyed = [g for g in post if g[0] != "one" and post[g]]
    keyed.sort(key=lambda g: -post[g][0][1])
    for g in keyed:
        ns = namespace(g)
        held = taken[ns]
        if apart is not None and post[g][0][1] >= SURE_TAKER and post[g][0][0] in held \
                and apart(g, held[post[g][0][0]][1]):
            held = {c: v for c, v in held.items() if c != post[g][0][0]}  # (two fonts' keys: both sure, never on one line)
        ranked = [(c, p) for c, p in post[g] if c == "" or c not in held]
        gone = [c for c, _ in post[g] if c and c in held]
        if ranked and gone and min(held[c][0] for c in gone) >= SURE_TAKER:
            z = sum(p for _, p in ranked) or 1.0
            ranked = [(c, p / z) for c, p in ranked]
        out[g] = ranked
        if ranked and ranked[0][0] and ranked[0][0] not in taken[ns]:
            taken[ns][ranked[0][0]] = (ranked[0][1], g)
    return out


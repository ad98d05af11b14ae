"""Stage 5, decoding: choose one option per gap, unit by unit, and rate each choice.

A small beam search over a unit's gaps picks the best combination of
options under the character model (digits inserted into one number are
judged together when the number ends). Then every gap is rated locally: the
chosen option (or the best one) against the empty gap and the other
options, with the rest of the decoded unit fixed, each weighted by the
posterior that its glyphs were lost. Gaps whose best option is likely
enough become :class:`~docfix.engine.records.Site` s.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Dict, FrozenSet, List, Optional, Tuple

import kenlm

from .. import numbers
from ..lm import EOS
from . import tuning as T
from .options import run_num
from .records import Option, Resources, Site, Unit, context_key, with_inserts

__all__ = ["decode_unit"]


def decode_unit(
    res: Resources,
    text: str,
    u: Unit,
    gap_opts: Dict[int, List[Option]],
    years: numbers.Years = frozenset(),
    numerals: FrozenSet[str] = frozenset(),
) -> List[Site]:
    """Beam search over the unit's gaps; return decoded and plausible sites.

    Digits inserted into one number are judged together when the number
    ends (:func:`docfix.numbers.run_plausibility`), so "2{0}2{1}年"
    can win over "2{01}2年".
    """
    lm = res.lm
    toks = u.toks
    n = len(toks)
    side = res.gap.width if res.gap is not None else 0
    # hypothesis: (score, state, chosen inserts as a chain (k, option, earlier
    # chain) or None, digit inserts of the open number); a chain, not a dict
    # copied at every choice: a unit of thousands of gaps is decoded in linear time
    Hyp = Tuple[float, object, Optional[tuple], Tuple[Tuple[int, str], ...]]
    beam: List[Hyp] = [(0.0, lm.begin(), None, ())]
    m = lm.model
    for k in range(n + 1):
        expanded: List[Hyp] = []
        opts = gap_opts.get(k, [])
        off = u.offset(k)
        closes = k == n or not toks[k].isdigit()
        if not opts:  # every hypothesis reads the next token (hypotheses in one state: one lookup)
            tok = toks[k] if k < n else "</s>"
            last = last_out = None
            last_sc = 0.0
            for score, st, chosen, run in beam:
                if closes and run:
                    score += run_num(text, dict(run), run[0][0], years, numerals)
                    run = ()
                if last is None or st != last:
                    last, last_out = st, kenlm.State()
                    last_sc = m.BaseScore(st, tok, last_out)
                expanded.append((score + last_sc, last_out, chosen, run))
            expanded.sort(key=lambda x: -x[0])
            beam = expanded[:T.BEAM]
            continue
        for score, st, chosen, run in beam:
            cands = [(score, st, chosen, run)]
            for o in opts:
                s2, st2 = lm.continue_state(st, o.insert)
                ch = (k, o, chosen)
                if o.is_number:
                    cands.append((score + s2 + o.prior + o.lex + o.toc, st2, ch, run + ((off, "".join(o.insert)),)))
                else:
                    cands.append((score + s2 + o.prior + o.lex + o.num, st2, ch, run))
            for sc, st_, ch, rn in cands:
                if closes and rn:
                    sc += run_num(text, dict(rn), rn[0][0], years, numerals)
                    rn = ()
                out = kenlm.State()
                if k < n:
                    sc += m.BaseScore(st_, toks[k], out)
                else:
                    sc += m.BaseScore(st_, "</s>", out)
                expanded.append((sc, out, ch, rn))
        expanded.sort(key=lambda x: -x[0])
        beam = expanded[:T.BEAM]
    best: Dict[int, Option] = {}
    link = beam[0][2]
    while link is not None:
        best[link[0]] = link[1]
        link = link[2]
    best = dict(sorted(best.items()))
    sites: List[Site] = []
    # the decoded unit, scored once: the state before any gap is shared
    # by all variants that differ only at and after that gap
    seq, kmap = with_inserts(toks, best)
    full = lm.unit(seq)
    reach = lm.order - 1
    # the decoded digits by offset (a gap's number run is found by bisection:
    # a unit of thousands of decoded gaps is read in linear time)
    nums = sorted((u.offset(j), j, "".join(o.insert)) for j, o in best.items() if o.is_number)
    num_offs = [x[0] for x in nums]
    for k, opts in gap_opts.items():
        after = kmap[k]
        before = after - (len(best[k].insert) if k in best else 0)
        st = full.states[before]
        window = list(seq[after:after + reach])
        if after + reach >= len(seq):
            window.append(EOS)
        base, _ = lm.continue_state(st, window)
        # P(o) = P(o's glyphs dropped) * P(o | they were), the latter
        # against the empty gap and the other options weighted by their
        # own set posteriors: bounded by the set posterior however
        # strong the local evidence is.
        off_k = u.offset(k)
        a, b = numbers.run_bounds(text, off_k)
        same_run = {off: ins for off, j, ins in nums[bisect_left(num_offs, a):bisect_right(num_offs, b)] if j != k}
        ev, rating = [], []  # each option's evidence, and its number rating here
        for o in opts:
            if o.is_number and same_run:
                num = run_num(
                    text, {**same_run, off_k: "".join(o.insert)}, off_k, years, numerals
                ) - run_num(text, same_run, off_k, years, numerals)
            else:
                num = o.num
            rating.append(num)
            with_o, _ = lm.continue_state(st, list(o.insert) + window)
            ev.append(with_o - base + o.lex + num + o.toc)
        z = max(max(ev), 0.0)
        e = [10 ** (x - z) for x in ev]
        pw = [10 ** o.prior for o in opts]
        weighted = sum(a * b for a, b in zip(e, pw))
        base = 10 ** (0.0 - z)
        probs = []
        for o, ei, pi, num in zip(opts, e, pw, rating):
            probs.append(("".join(o.insert), pi * ei / (base + ei + weighted - pi * ei), o, num))
        p_none = max(0.0, 1.0 - sum(p[1] for p in probs))
        probs.sort(key=lambda x: -x[1])
        chosen = best.get(k)
        top_ins, top_p, top_o, top_num = probs[0]
        if chosen is None and top_p < T.REPORT_MIN:
            continue
        if chosen is not None:
            ins = "".join(chosen.insert)
            p = next(pp for i2, pp, _, _ in probs if i2 == ins)
            num = next(n for _, _, o2, n in probs if o2 is chosen)
            o = chosen
        else:
            ins, p, o, num = top_ins, top_p, top_o, top_num
        alts = [(i2, pp) for i2, pp, _, _ in probs if i2 != ins][:5]
        alts.append(("", p_none))
        alts.sort(key=lambda x: -x[1])
        sites.append(
            Site(
                offset=u.offset(k),
                insert=ins,
                prob=p,
                p_none=p_none,
                option=o,
                alternatives=alts[:6],
                decoded=chosen is not None,
                context=context_key(text, u.offset(k)),
                sides=(toks[max(0, k - side):k], toks[k:k + side]),
                num=num,
            )
        )
    return sites



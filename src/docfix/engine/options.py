"""Stage 4, options: what may be inserted at each promising gap, with its evidence.

A gap's options are single glyphs of the lost set, runs of lost digits
where a number may have lost them (rated by :mod:`docfix.numbers`), pairs of
lost glyphs next to a strong single, and enumerator numerals the numbering
asks for. Each option's weight is log10 P(its glyphs were lost) plus its
evidence: the character model's gain, the word model's share, number
plausibility, and the page-number correction in contents blocks.
"""
from __future__ import annotations

from collections import defaultdict
from itertools import product
from typing import Dict, FrozenSet, List, Optional, Tuple

from .. import canon, numbers
from ..detect import is_han
from ..wordscore import COMPLETION_CAP, WordContext, mixed_gain, window
from . import tuning as T
from .document import Document
from .gaps import Gaps
from .lostset import LostSet
from .records import Option, Resources, Unit

__all__ = ["for_gaps", "options", "enumerator_options", "page_cost", "run_num"]

Forced = Dict[Tuple[str, ...], float]


def for_gaps(
    res: Resources, doc: Document, gaps: Gaps, single: Dict[int, Dict[str, float]], lost: LostSet,
    two: Optional[Dict[int, Dict[Tuple[str, str], float]]] = None,
) -> Dict[int, Dict[int, List[Option]]]:
    """Options of every gap worth decoding: ``{unit index: {k: options, best first}}``;
    ``two``: pairs of glyphs lost one after another (:func:`docfix.engine.gaps.pair_gains`),
    options where both glyphs may be lost."""
    logp_set = lost.logp
    digits = lost.digits
    years = doc.years(lost.year_digits)
    costs = page_cost(res, doc) if digits else {}
    numerals = lost.numerals
    forced = enumerator_options(res, doc, gaps, logp_set, numerals) if numerals else {}
    for gap, d in (two or {}).items():
        d = {c: g for c, g in d.items() if all(x in logp_set for x in c)}
        if d:
            forced[gap] = {**d, **forced.get(gap, {})}
    by_unit: Dict[int, Dict[int, List[Option]]] = defaultdict(dict)
    text = doc.numeric  # (full-width digits as ASCII: the number rules read them)
    for gap in sorted(set(single) | set(forced)):
        gains = single.get(gap, {})
        ui, k = gaps.unit[gap], gaps.k[gap]
        u = doc.units[ui]
        best = max((gn + logp_set[g] for g, gn in gains.items() if g in logp_set), default=-99.0)
        if best < T.GAP_MIN and gap not in forced and not (digits and numbers.is_number_context(text, u.offset(k))):
            continue
        opts = options(res, doc, lost, u, k, gains, years, costs.get(u.offset(k), 0.0), forced.get(gap))
        if opts:
            by_unit[ui][k] = opts
    return by_unit


def enumerator_options(
    res: Resources, doc: Document, gaps: Gaps, logp_set: Dict[str, float], numerals: FrozenSet[str]
) -> Dict[int, Forced]:
    """Options the bigram screen may miss: numbered articles, chapters and
    headings whose numbering says which lost numerals they need
    (:func:`docfix.numbers.enumerator_inserts`; "第二条" between 第十一条
    and 第十三条 reads as a fine number). ``{gap: {insert: LM gain}}``."""
    wanted = numbers.enumerator_inserts(doc.text, numerals)
    wanted = {off: tuple(ins) for off, ins in wanted.items() if all(c in logp_set for c in ins)}
    out: Dict[int, Forced] = {}
    if not wanted:
        return out
    units = doc.units
    for gap, (ui, k) in enumerate(zip(gaps.unit, gaps.k)):
        combo = wanted.get(units[ui].offset(k))
        if combo is not None and gap not in out:
            out[gap] = {combo: res.lm.insertion_gain(units[ui].sc, k, combo)}
    return out


def page_cost(res: Resources, doc: Document) -> Dict[int, float]:
    """Contents entries that lost their page number -> the log10 cost the
    model puts on the page numbers this block still has (negated).

    A digit before a line end is rare in running text, so the character
    model dislikes every page number; how much it dislikes the intact ones
    of the same block is the right yardstick for the lost ones.
    """
    entries = numbers.toc_entries(doc.numeric)
    lost = [off for off, page in entries.items() if page is None]
    if not lost:
        return {}
    where = {}
    for u in doc.units:
        if any(u.pos[0] <= off <= u.pos[-1] for off in entries):
            for k, p in enumerate(u.pos):
                if p in entries:
                    where[p] = (u, k)
    costs = []
    for off, page in entries.items():
        if page is None or off not in where:
            continue
        u, k = where[off]
        n = len(str(page))
        toks = u.toks
        if toks[k:k + n] != list(str(page)):
            continue
        costs.append(res.lm.score_tokens(toks) - res.lm.score_tokens(toks[:k] + toks[k + n:]))
    if len(costs) < numbers.TOC_MIN_PAGES:
        return {}
    costs.sort()
    cost = costs[len(costs) // 2]
    return {off: min(max(-cost, 0.0), T.PAGE_COST_MAX) for off in lost}


def run_num(
    text: str, inserts: Dict[int, str], anchor: int, years: numbers.Years, lost: FrozenSet[str] = frozenset()
) -> float:
    """Number plausibility of a run with ``inserts`` against the run as it stands."""
    with_inserts = numbers.run_plausibility(text, inserts, anchor=anchor, years=years, lost=lost)
    return with_inserts - numbers.run_plausibility(text, {}, anchor=anchor, years=years, lost=lost)


def options(
    res: Resources,
    doc: Document,
    lost: LostSet,
    u: Unit,
    k: int,
    gains: Dict[str, float],
    years: numbers.Years = frozenset(),
    page: float = 0.0,
    forced: Optional[Forced] = None,
) -> List[Option]:
    """The options of gap ``k`` of unit ``u``, best first (at most 12);
    ``gains`` are the screened single glyphs' LM gains there, ``page`` the
    contents block's page-number correction, ``forced`` the enumerator's options."""
    lm = res.lm
    text = doc.numeric  # (full-width digits as ASCII: the number rules read them)
    logp_set = lost.logp
    digits = lost.digits
    others = lost.letters
    numerals = lost.numerals
    off = u.offset(k)
    opts: Dict[Tuple[str, ...], Option] = {}
    for combo, gain in (forced or {}).items():
        opts[combo] = Option(combo, sum(logp_set[g] for g in combo), gain, 0.0)
    singles = sorted(
        ((g, gain) for g, gain in gains.items() if g in logp_set),
        key=lambda x: -(x[1] + logp_set[x[0]]),
    )
    for g, gain in singles:
        if gain + logp_set[g] < T.OPTION_MIN - 1.0:
            continue
        opts[(g,)] = Option((g,), logp_set[g], gain, 0.0)
    # runs of several dropped glyphs at one gap
    num_ctx = numbers.is_number_context(text, off)
    if digits and num_ctx:
        max_len = 3 if len(digits) <= 3 else 2
        runs = []
        for n in range(1, max_len + 1):
            for combo in product(digits, repeat=n):
                if combo in opts:
                    continue
                prior = sum(map(logp_set.__getitem__, combo))
                if prior < -3:
                    continue
                runs.append((combo, prior))
        for (combo, prior), gain in zip(runs, lm.gains_of(u.sc, k, [c for c, _ in runs])):
            opts[combo] = Option(combo, prior, gain, 0.0, toc=page)
    best_single = [g for g, gn in singles[:2] if gn + logp_set[g] > T.GAP_MIN + 1.0 and not g.isdigit()]
    if others and best_single:
        both = [combo for g in best_single for h in others[:8] for combo in ((g, h), (h, g))]
        pair_gain = dict(zip(both, lm.gains_of(u.sc, k, both)))
        for g in best_single:
            for h in others[:8]:
                for combo in ((g, h), (h, g)):  # (g, g) too: 财政政策 lost both 政
                    if combo in opts:
                        continue
                    prior = logp_set[combo[0]] + logp_set[combo[1]]
                    gain = pair_gain[combo]
                    if gain + prior > opts[(g,)].weight + 0.3 if (g,) in opts else gain + prior > T.OPTION_MIN:
                        opts[combo] = Option(combo, prior, gain, 0.0)
    if not opts:
        return []
    out = []
    nums = [o for o in opts.values() if o.is_number]
    if nums:  # rated as a number, nothing else (no Han glyph: no word evidence), against the number as it stands
        as_is = numbers.plausibility(text, off, "", years=years, lost=numerals)
        rated = numbers.plausibilities(text, off, ["".join(o.insert) for o in nums], years=years, lost=numerals)
        for o, p in zip(nums, rated):
            o.num = p - as_is
    wctx: Optional[WordContext] = None  # the word model's window, read once per gap ...
    sides: Optional[Tuple[str, str]] = None  # ... or the word-unigram one
    for o in opts.values():
        if o.is_number:
            if o.weight >= T.OPTION_MIN:
                out.append(o)
            continue
        ins = "".join(o.insert)
        # a letter or Han character leaves the number as it stands ...
        numeral = bool(numerals) and all(c in numbers.CN_NUMERAL_CHARS for c in ins)
        if ins[0] in "万亿":  # a magnitude after an exact count: 3972666{万}人
            o.num += numbers.magnitude_plausibility(text, off, ins)
        o.num += numbers.cell_plausibility(text, off, ins)  # a word between a table's cells: 57.1%{到}21.4%0.0%
        if numeral:
            # ... unless it is the number of an enumerator: 第十{八}条, {三}、
            o.num = numbers.numeral_plausibility(text, off, ins, lost=numerals) - numbers.numeral_plausibility(
                text, off, "", lost=numerals
            )
        if doc.arabic_counts and numbers.style.numeral_before_measure(text, off, ins):
            o.num += numbers.style.PENALTY  # a count in a text that writes its counts in digits: 5个, not 五个
        by_model = res.word_model is not None and not numeral  # (the numbering, not the words, tells 第十{八}条 from 第十{九}条)
        # (the word evidence moves an option by this much at most: one it cannot lift to OPTION_MIN is not read)
        reach = T.WORD_LM_WEIGHT * T.WORD_LM_CAP if by_model else res.word_weight * COMPLETION_CAP
        if res.words is not None and o.weight + reach >= T.OPTION_MIN and any(is_han(c) for c in ins):
            if by_model:
                # log-linear mix of the word and character models: the
                # word model's gain replaces a share of the character gain
                if wctx is None:
                    wctx = res.word_model.context(text, off, folded=doc.folded)
                wg = res.word_model.gain(text, off, "".join(canon.fold_char(c) for c in ins), context=wctx)
                o.lex = mixed_gain(wg, o.gain, weight=T.WORD_LM_WEIGHT, cap=T.WORD_LM_CAP)
            else:
                if sides is None:
                    left, right = window(text, off)
                    sides = "".join(canon.tokens(left)), "".join(canon.tokens(right))  # 教學 -> 教学
                o.lex = res.word_weight * res.words.completion_gain(sides[0], ins, sides[1])
        if o.weight >= T.OPTION_MIN:
            out.append(o)
    out.sort(key=lambda o: -o.weight)
    return out[:12]

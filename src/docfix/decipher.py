"""Decipherment: which glyph each extractor trace stands for.

Every trace (:mod:`docfix.traces`) marks a known position where one glyph
was lost. Traces with one key (``(cid:123)`` everywhere it occurs) are one
unknown glyph: a substitution cipher whose key is read jointly from all its
occurrences. For each key:

1. Candidates: the bigram table scores every glyph in every occurrence's
   context at once (numpy); the glyphs best over all occurrences, and the
   best few of each occurrence, go on.
2. Evidence: the character model scores each candidate in each occurrence's
   window (the inserted glyph and the ``order - 1`` tokens after it); a
   key's log-likelihood is the sum over its occurrences. A glyph the
   document writes as text is less likely to be the lost one (its glyph had
   a mapping): much less on lines that have traces (the broken font's
   lines, :data:`PRESENT_PENALTY`), a little on other lines, which another
   font may have set (:data:`ELSEWHERE_PENALTY`).
3. Posterior: softmax of the log-likelihoods at temperature
   :data:`docfix.cipher.TEMPERATURE`; neighbouring traces are read with the current
   reading of each other, twice (coordinate ascent); keys side by side
   (接CDE监督) are then read as pairs and again until no reading moves, and
   a key read beside another's reading is no surer than that one.
4. One glyph per key: two keys of one font are two different glyphs; keys
   are settled most confident first, each taking its best glyph not taken.

Traces without a key (U+FFFD) are read one by one, but the document's lost
set is small: their readings share a prior over glyphs that is re-estimated
from all of them (a few rounds of EM).
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Dict, Hashable, List, Optional, Sequence, Tuple

import numpy as np

from . import addresstraces, canon, glyphorder as _glyphorder, keyscore as _keyscore
from .cipher import (SHARED_TOP as _SHARED_TOP, keyless_em as _keyless_em, lost_set as _lost_set,
                     neighbours as _neighbours, one_glyph_per_key as _one_glyph_per_key, softmax as _softmax)
from .keypairs import PAIRS_MAX as _PAIRS_MAX, adjacent_keys as _adjacent_keys, pair_bounds, read_pairs as _read_pairs
from .runread import proposer as _proposer, read_runs as _read_runs
from .detect import BigramScreen
from .lm import LanguageModel
from .numbers.style import PENALTY as STYLE_PENALTY, arabic_counts, numeral_before_measure
from .regions import province_bonus
from .traces import GAP_KINDS, Trace
from .tracefonts import Priors
from .tracewords import add_word_evidence, add_word_model
from .tracefit import (ALWAYS_SCORED, DENSE_CAP, DENSE_SHARE, LETTERS, URL_MARKS, PLACEHOLDER, completes_token,
                       calibrated, features, keyless_support, placeholder_text, shape_margin, sure_work, trace_density)

__all__ = ["Reading", "decipher", "PLACEHOLDER"]

#: log10: an unseen bigram scores at least its glyph's unigram probability
#: times this when screening candidates (tune half of the trace bench: pdf
#: route 116 -> 67 wrong, pdfminer F1 0.845 either way; without it,
#: with the marks always scored, pdfminer 0.894 but pdf 99 wrong)
BACKOFF_FLOOR = -1.0
#: Where a glyph's shape is compared, its occurrences' summed language
#: evidence is scaled down to that of this many (by sqrt(this / occurrences)):
#: occurrences repeat one another (〔201x〕 40 times read as 3 though the shape
#: says 8 by 9 log10). Chosen on the tune half (PDF route with shapes, three
#: typefaces; F1 with the calibration refitted each time): none 0.983, 16
#: 0.983, 4 0.993, 2 0.993, 1 0.992.
SHAPE_OCCURRENCES = 2.0
_TOP_GROUP = 40  # candidates per key from the summed bigram scores ...
_TOP_SITE = 3  # ... plus the best few of each occurrence
_MAX_SITE_EXTRA = 40  # ... at most this many of those
#: confidence at most of a Latin letter read where it completes no web or file token
LETTER_CAP = 0.5
#: two glyphs one pdftotext space may stand for: from the first TWO_FROM of the lost set, the
#: TWO_TOP likeliest bigrams with log10 P(b | a) of TWO_MIN or more
TWO_FROM, TWO_TOP, TWO_MIN = 10, 12, -2.0
_ROUNDS = 5  # coordinate-ascent rounds over neighbouring traces, at most (the last reads pairs of keys)
#: share of a text's -raw spaces read as its own from which none is read as a glyph: real
#: pdftotext output of damaged PDFs keeps at most 0.70 of them, clean reviews and help texts
#: whose spaces pass for -raw's keep 0.56-1.0 (49 of 60 at least this)
KEPT_SHARE = 0.75
WORD_REACH = 5  # characters: a trace this near another moves its word evidence (wordscore.window's 4)


@dataclass
class Reading:
    """The decipherment of one trace.

    Attributes
    ----------
    trace : Trace
        The trace read.
    insert : str
        The glyph it stands for (``""``: keep the trace's text, a code-point
        letter read as itself).
    confidence : float
        Posterior probability that ``insert`` is right.
    alternatives : list of (str, float)
        Other readings, best first.
    occurrences : int
        How many traces share its key (1 for keyless traces).
    """

    trace: Trace
    insert: str
    confidence: float
    alternatives: List[Tuple[str, float]] = field(default_factory=list)
    occurrences: int = 1
    features: Tuple[float, ...] = ()
    reason: str = ""  # why, where the reading comes from elsewhere (an OCR look-alike)

    @property
    def offset(self) -> int:  # the duck type engine.script.match_width/match_script read
        return self.trace.start


@dataclass
class _Site:
    trace: int  # index into the traces
    unit: int
    k: int  # token index of the placeholder in its unit


def _vocabulary(screen: BigramScreen) -> np.ndarray:
    """Indices of the tokens a trace may stand for: single characters in
    canonical form (Han, digits, letters, Chinese punctuation)."""
    chars = screen.stats.chars_list
    keep = [
        i
        for i, c in enumerate(chars)
        if len(c) == 1 and c != canon.SPACE and canon.fold_char(c) == c and not c.isspace()
    ]
    return np.array(keep, dtype=np.int64)


def decipher(
    text: str,
    traces: Sequence[Trace],
    lm: LanguageModel,
    screen: BigramScreen,
    *,
    exclusive: bool = True,
    words=None,
    word_model=None,
    shapes=None,
) -> List[Reading]:
    """Read every trace of ``text``.

    Parameters
    ----------
    text : str
        The input, traces included.
    traces : sequence of Trace
        Its traces, in order, not overlapping.
    lm : LanguageModel
        The character model.
    screen : BigramScreen
        Bigram table over the model's tokens.
    exclusive : bool
        One glyph per key: two keys never read as the same glyph.
    words : docfix.wordscore.WordScorer, optional
        Word-segmentation evidence for the likeliest Han readings
        (:func:`docfix.tracewords.add_word_evidence`).
    word_model : docfix.wordscore.WordModel, optional
        The word n-gram model, mixed into the Han readings of keyless traces
        (:func:`docfix.tracewords.add_word_model`).
    shapes : docfix.shapes.ShapeEvidence, optional
        Glyph-shape evidence: ``shapes.scores(key, candidates)`` gives each
        candidate of a keyed trace a log10 score, added once per key.

    Returns
    -------
    list of Reading
        One per trace, in the traces' order.
    """
    if not traces:
        return []
    work, where = placeholder_text(text, traces)
    soft = canon.soft_breaks(work.replace(PLACEHOLDER, "口"))  # (a wrapped line is one unit; a trace counts as a Han character)
    units: List[Tuple[List[str], List[int]]] = []
    sites: List[_Site] = []
    for s, e in canon.sentences(work, soft):
        toks, pos = canon.unit_tokens(work, s, e, soft)
        if not toks:
            continue
        ui = len(units)
        units.append((toks, pos))
        for k, p in enumerate(pos):
            ti = where.get(p)
            if ti is not None:
                sites.append(_Site(ti, ui, k))
    sure = sure_work(text, traces, work, where)
    groups: Dict[Hashable, List[_Site]] = defaultdict(list)
    for st in sites:
        t = traces[st.trace]
        if t.key is None and shapes is None and trace_density([units[st.unit][0]], [st.k]) > DENSE_SHARE:
            continue  # (a keyless trace among unknowns reads noise, capped and never applied: not read at all)
        groups[("one", st.trace) if t.key is None else t.key].append(st)

    vocab = _vocabulary(screen)
    chars = screen.stats.chars_list
    # (a key is judged by what its own font writes: two fonts may have lost glyphs)
    priors = Priors([chars[i] for i in vocab], "".join(" " if i in soft else c for i, c in enumerate(sure)),
                    {p: traces[ti].key or ("one", ti) for p, ti in where.items()},
                    weak={p for p in where if sure[p] != PLACEHOLDER})
    present, elsewhere, _ = priors.whole
    priors.settle(screen, vocab, {g: [_sides(units, st) for st in ss] for g, ss in groups.items()})
    present_pen = priors.vector(None)
    keep_of = {g: _keyscore.keep_char(text, traces[ss[0].trace]) for g, ss in groups.items()}
    breaks = frozenset(g for g, ss in groups.items() if traces[ss[0].trace].kind == "break")
    at_of = {g: [units[st.unit][1][st.k] for st in ss] for g, ss in groups.items()}  # offsets in work
    between = _keyscore.contexts(work)  # (what the text writes between a trace's neighbours elsewhere)
    written_of = {g: _keyscore.written_between(work, between, at_of[g]) for g in groups}
    cands = {
        g: [c for c in dict.fromkeys(_candidates(units, ss, screen, vocab, priors.vector(g), g[0] == "one")
                                     + sorted(written_of[g])) if c != keep_of[g]]
        for g, ss in groups.items()
    }

    shape_of = {}
    if shapes is not None:
        shapes.set_pool(chars[int(i)] for i in vocab)
        for g in groups:
            if g[0] != "one":
                cands[g] += [c for c in shapes.suggest(g) if c not in cands[g] and c != keep_of[g]]
                shape_of[g] = shapes.scores(g, cands[g])
    unigram = _keyscore.unigram(screen)
    geo = province_bonus(text)
    # keyless traces in one context (2 tokens either side) count once in their shared prior
    ctx_of = {g: _context(units, ss[0]) for g, ss in groups.items() if g[0] == "one"}
    ctx_n = Counter(ctx_of.values())
    em_weight = {g: 1.0 / ctx_n[c] for g, c in ctx_of.items()}
    assign: Dict[int, str] = {}  # trace index -> current reading
    post: Dict[Hashable, List[Tuple[str, float]]] = {}
    scored: Dict[Hashable, Dict[str, float]] = {}
    near = _neighbours({g: [(st.trace, st.unit, units[st.unit][1][st.k]) for st in ss] for g, ss in groups.items()},
                       WORD_REACH)

    in_address = {g for g in groups if g[0] == "one" and _keyscore.in_address(work, at_of[g][0])}
    # marks each key's neighbours rule out at most of its places (?、督办 is no （), once per key
    ruled = {g: frozenset(c for c in _keyscore.RULED_MARKS
                          if 2 * sum(not _keyscore.mark_fits(work, i, c) for i in ats) > len(ats) - (g[0] == "one"))
             for g, ats in at_of.items()}

    arabic = arabic_counts(text)

    def score(g: Hashable, options: List[str]) -> Dict[str, float]:
        ss = groups[g]
        if traces[ss[0].trace].kind in GAP_KINDS:  # (pdftotext's gaps are not read as every glyph)
            options = [c for c in options if _keyscore.gap_fits(text, traces[ss[0].trace], c)]
        if g in in_address:  # (a keyless trace inside a web address is one of its letters or marks)
            options = [c for c in options if c.isascii()] or options
        options = [c for c in options if c not in ruled[g]] or options  # (nor a mark its neighbours rule out)
        present_g, elsewhere_g, other_g = priors.sets(g)
        sc = _keyscore.loglik(lm, units, where, ss, options, keep_of[g], unigram, assign, present_g, elsewhere_g, work, geo,
                              keep_prior=_keyscore.BREAK_KEEP if g in breaks else space_keep, keyless=g[0] == "one",
                              other=other_g)
        if arabic and g[0] == "one":  # (a count in a document that writes its counts in digits: 5个, not 五个)
            end = traces[ss[0].trace].end
            for c in sc:
                if numeral_before_measure(text, end, c):
                    sc[c] += STYLE_PENALTY
        if words is not None and g[0] != "one":  # (a keyless trace is one reading alone: see tracewords.WORD_WEIGHT)
            add_word_evidence(sc, work, at_of[g], words, where, assign)
        elif word_model is not None and g[0] == "one" and (space_keep is not None or traces[ss[0].trace].kind not in GAP_KINDS):
            # (... but the word model reads its window, 守{土}有责; a text's spaces only where they are
            # evidently lost glyphs: a help page's 按 命令Ctrl, where an icon stood, is no 按{照})
            add_word_model(sc, work, at_of[g][0], lm, word_model, where, assign)
        if g in order_of and order_of[g][0] in sc:  # (the font's glyph order: glyphorder)
            sc[order_of[g][0]] += _glyphorder.bonus(order_of[g][1])
        for c, n in written_of[g].items():  # (the text writes it elsewhere between the same neighbours: keyscore)
            if c in sc:
                sc[c] += _keyscore.DOC_MATCH * n
        if g in in_address:  # (the letter that alone makes a web token there: addresstraces.token_letter)
            sc = addresstraces.token_letter(sc, work, at_of[g])
        bonus = shape_of.get(g)
        if bonus:  # the occurrences are not independent evidence against one drawing (〔201x〕 x 40)
            w = min(1.0, math.sqrt(SHAPE_OCCURRENCES / len(ss)))
            for c in sc:
                sc[c] = w * sc[c] + bonus.get(c, 0.0)
        return sc

    order_of: Dict[Hashable, Tuple[str, int]] = {}  # key -> its glyph by the font's glyph order, keys giving it
    n_ctx = {g: len({_context(units, st) for st in ss}) for g, ss in groups.items()}  # distinct contexts

    def confidence(g: Hashable, ranked, support_g) -> Tuple[float, Tuple[float, ...]]:
        ss = groups[g]
        best, p = ranked[0]
        second = ranked[1][1] if len(ranked) > 1 else 0.0
        shape = shape_margin(shape_of.get(g), best, shapes.top1(g) if shapes else 1.0)
        space = traces[ss[0].trace].kind in GAP_KINDS
        # (a space read as a mark is supported by nothing: the text's own spaces
        # stand where marks would, 水质 烷基酚类的测定 ... read （ three times)
        feats = features(best, p, second, n_ctx[g], g[0] == "one", shape, space,
                         0 if space and best and not best.isalnum() else support_g)
        conf = calibrated(feats)
        if not shape_of.get(g) and trace_density([units[st.unit][0] for st in ss], [st.k for st in ss]) > DENSE_SHARE:
            conf = min(conf, DENSE_CAP)  # its contexts are other unknowns: the model reads noise (a whole font lost)
        if best.isascii() and best.isalpha() and not shape_of.get(g):
            # a letter that makes no web or file token anywhere (dq?rq?dc, a name's
            # initials): the model, trained on Chinese, hardly knows which
            at = frozenset(at_of[g])
            if not any(completes_token(work, i, best, at) or addresstraces.in_run_token(work, i, where, assign) for i in at):
                conf = min(conf, LETTER_CAP)
        return _glyphorder.bounded(conf, best, order_of.get(g)), feats

    pairs = _adjacent_keys(units, where, groups, sites, traces)
    base: Dict[Hashable, Tuple[str, float]] = {}  # reading and confidence of paired keys before pairs are read
    in_pairs = {g for pr in pairs for g in pr}
    spaces = [g for g, ss in groups.items() if traces[ss[0].trace].kind == "space"]
    space_set = frozenset(spaces)
    space_keep: Optional[float] = None  # (keyscore.space_keep: a damaged document's spaces read again)
    dirty = set(groups)  # keys whose score may have moved: all at first, then those beside a changed reading
    for rnd in range(_ROUNDS + 1):
        before = dict(assign)
        for g in groups:  # (in the text's order, not a set's: the same readings whatever the hash seed)
            if g in dirty:
                scored[g] = score(g, cands[g])
        post = _keyless_em(scored, em_weight, breaks=breaks) | {g: _softmax(v) for g, v in scored.items() if g[0] != "one"}
        for g, ranked in post.items():
            r = ranked[0][0] if ranked else PLACEHOLDER
            for st in groups[g]:
                assign[st.trace] = r
        changed = {t for t, r in assign.items() if before.get(t) != r}
        if rnd == 1:
            base = {g: (post[g][0][0], confidence(g, post[g], None)[0]) for g in in_pairs if post.get(g)}
        if rnd == _ROUNDS - 1:
            # keys side by side (接CDE监督) are read as pairs: one at a time,
            # each is read beside the other's current reading, and 会 beside
            # “ never came up again once D read 社; one more round where
            # a pair's reading moved
            joint = dict(list(pairs.items())[:_PAIRS_MAX])  # (every pair still bounds its keys' confidence below)
            changed = _read_pairs(joint, post, assign, groups, cands, score) if pairs else set()
        if rnd >= _ROUNDS - 1 and not changed or rnd == _ROUNDS:
            break
        # after the second round only keys beside another key are read again:
        # elsewhere a reading was made in its true context, and re-reading
        # lets wrong readings prop each other up (分A、B列: A read 含)
        dirty = {g for g in groups if near[g] & changed and (rnd == 0 or g in in_pairs)}
        dirty |= _glyphorder.update(post, groups, cands, keep_of, order_of, screen.stats.rate) if rnd <= 1 else set()
        if rnd:
            continue
        # the lost set is the document's: the glyphs the keyless traces read
        # most are scored at every keyless trace (its own neighbours may not
        # have proposed them)
        shared = _lost_set({g: post.get(g, []) for g in ctx_of}, em_weight, _SHARED_TOP)
        dirty |= set(spaces) if (space_keep := _keyscore.space_keep(post, spaces, ctx_of)) is not None else set()
        two = _two_glyphs(shared, screen) if spaces else []
        for g in ctx_of:
            add = [c for c in shared + (two if g in space_set else []) if c not in cands[g] and c != keep_of[g]]
            if add:
                cands[g] += add
                dirty.add(g)
        # a trace beside other traces was screened against unknowns (接??监督:
        # 受社 never came up): screened again with their current readings
        read = None
        for g, ss in groups.items():
            if g[0] != "one" and any(_beside_placeholder(units, st) for st in ss):  # (keyless: U+FFFD F1 0.680 -> 0.669)
                read = read or _read_units(units, where, assign)
                new = [c for c in _candidates(read, ss, screen, vocab, priors.vector(g), g[0] == "one")
                       if c not in cands[g] and c != keep_of[g]]
                if new:
                    cands[g] += new
                    dirty.add(g)
                    if g in shape_of:
                        shape_of[g] = shapes.scores(g, cands[g])
    if ctx_of:  # glyphs lost side by side (接��监督) are read together: runread
        _read_runs(post, assign, units, where, [t.key is None and keep_of.get(("one", i), "") is None for i, t in
                   enumerate(traces)], em_weight, breaks, lm, lambda c: _keyscore.prior(c, present, elsewhere),
                   _proposer(screen, vocab, present_pen),
                   lambda at, c: _keyscore.mark_bonus(work, at, c, frozenset([at]), True) if _keyscore.marked(c) else 0.0,
                   lambda ats, seq: addresstraces.run_bonus(work, ats, seq))
    if exclusive:
        post = _one_glyph_per_key(post, priors.apart)
    beside = {g for g in ctx_of if _beside_placeholder(units, groups[g][0])}
    support = keyless_support({g: post.get(g) or [] for g in ctx_of}, ctx_of, beside)
    conf_of: Dict[Hashable, float] = {}
    feats_of = {}
    for g in groups:
        conf_of[g], feats_of[g] = confidence(g, post.get(g) or [("", 0.0)], support.get(g))
    # keys side by side were read beside each other's reading: a key is no
    # surer than the other unless it was as sure before the pairs were read
    # (关于??: ” beside “ made “ 0.55 -> 0.92), nor, read in one context
    # only, surer than the other at all (黑颈??、 read 癌症)
    was = {g: c for g, (r, c) in base.items() if r == (post.get(g) or [("",)])[0][0]}
    conf_of = pair_bounds(pairs, conf_of, was, n_ctx, drawn={g for g in groups if shape_of.get(g) or g in order_of},
                          free={g for g in order_of if (post.get(g) or [("",)])[0][0] == order_of[g][0]})
    # spaces read as the text's own nearly all (as glyphs of the lost set
    # like the others): the text spaces its phrases (a review's 的事 而是有利于),
    # and the few read as glyphs are no surer
    own = _keyless_em({g: scored[g] for g in ctx_of}, em_weight, keep_slack=None, breaks=breaks) if spaces else {}
    if spaces and sum(1 for g in spaces if not (own.get(g) or [("",)])[0][0]) >= KEPT_SHARE * len(spaces):
        for g in spaces + list(breaks):  # (and its line breaks are its own too)
            conf_of[g] = min(conf_of[g], DENSE_CAP)
    out: List[Optional[Reading]] = [None] * len(traces)
    for g, ss in groups.items():
        ranked = post.get(g) or [("", 0.0)]
        best, conf = ranked[0][0], conf_of[g]
        # the alternatives share what the calibrated confidence leaves, as the
        # raw posterior splits it, and none is surer than the reading itself
        # (a low confidence had put the runner-up above it: 帮?发现 read 。 0.28, 扶 0.62)
        rest = sum(q for _, q in ranked[1:]) or 1.0
        scale = (1 - conf) / rest
        if len(ranked) > 1 and ranked[1][1] * scale > conf:
            scale = conf / ranked[1][1]
        alts = [(a, round(q * scale, 4)) for a, q in ranked[1:6]]
        for st in ss:
            out[st.trace] = Reading(traces[st.trace], best, conf, alts, len(ss), feats_of[g])
    # traces that fell outside every scoring unit (never: a placeholder is a token)
    return [r if r is not None else Reading(traces[i], "", 0.0) for i, r in enumerate(out)]


def _two_glyphs(shared: Sequence[str], screen: BigramScreen) -> List[str]:
    """Two glyphs of the lost set one after another, the likeliest bigrams
    first: what one pdftotext space stands for where both were lost (接受 监督
    for 接受社会监督)."""
    han = [c for c in shared[:TWO_FROM] if "\u4e00" <= c <= "\u9fff"]
    if len(han) < 2:
        return []
    idx = screen.index(han)
    grid = screen.logp_grid(idx, idx)
    pairs = sorted(((grid[i, j], a + b) for i, a in enumerate(han) for j, b in enumerate(han) if i != j), reverse=True)
    return [ab for lp, ab in pairs[:TWO_TOP] if lp >= TWO_MIN]


def _beside_placeholder(units, st: _Site) -> bool:
    toks, _ = units[st.unit]
    return any(0 <= j < len(toks) and toks[j] == PLACEHOLDER for j in (st.k - 1, st.k + 1))


def _read_units(units, where: Dict[int, int], assign: Dict[int, str]):
    """The scoring units with each placeholder read as its trace's current reading."""
    out = []
    for toks, pos in units:
        if PLACEHOLDER in toks:
            toks = [(assign.get(where[p_], t) or PLACEHOLDER) if t == PLACEHOLDER else t for t, p_ in zip(toks, pos)]
        out.append((toks, pos))
    return out


def _sides(units, st: _Site) -> Tuple[str, str]:
    toks, _ = units[st.unit]
    return toks[st.k - 1] if st.k else "<s>", toks[st.k + 1] if st.k + 1 < len(toks) else "</s>"


def _context(units, st: _Site) -> Tuple[str, ...]:
    toks, _ = units[st.unit]
    return tuple(toks[max(0, st.k - 2):st.k]) + ("|",) + tuple(toks[st.k + 1:st.k + 3])


def _candidates(
    units, ss: List[_Site], screen: BigramScreen, vocab: np.ndarray, present_pen: np.ndarray, keyless: bool = False
) -> List[str]:
    """Glyphs worth scoring exactly for one key (bigram screen over all its occurrences)."""
    a_tok, b_tok = [], []
    near_letters = False  # a letter within a few tokens: an address, a file name (www between // and .)
    capitals = False  # ... a capital among them
    for st in ss:
        toks, _ = units[st.unit]
        a, b = _sides(units, st)
        a_tok.append(a)
        b_tok.append(b)
        reach = 1 if keyless else 4  # (a trace without a key is read alone: only a letter beside it counts)
        near = [t for t in toks[max(0, st.k - reach):st.k + reach + 1] if t.isascii() and t.isalpha()]
        if keyless and not near:  # (or the next one past other traces and an address's marks: ://???.mee)
            near = [t for t in addresstraces.past_marks(toks, st.k) if t.isascii() and t.isalpha()]
        near_letters = near_letters or bool(near)
        capitals = capitals or any(t.isupper() for t in near)
    ga, gb = screen.index(a_tok), screen.index(b_tok)
    # a bigram the table never saw is not impossible: a backoff model would
    # give it about a tenth of the glyph's own probability (the smoothed
    # table gives 闻（0 and （征 10^-7), so each side is floored there
    floor_g = np.log10(screen.p_uni[vocab]) + BACKOFF_FLOOR
    floor_b = np.log10(screen.p_uni[gb]) + BACKOFF_FLOOR
    total = np.zeros(len(vocab))
    extra: List[int] = []
    step = max(1, 200_000 // max(len(vocab), 1))
    for s in range(0, len(ss), step):
        left = np.maximum(screen.logp(ga[s:s + step, None], vocab[None, :]), floor_g[None, :])
        right = np.maximum(screen.logp(vocab[None, :], gb[s:s + step, None]), floor_b[s:s + step, None])
        sc = left + right
        total += sc.sum(axis=0)
        if len(extra) < _MAX_SITE_EXTRA:
            best = np.argpartition(-sc, _TOP_SITE - 1, axis=1)[:, :_TOP_SITE]
            extra.extend(best.ravel().tolist())
    total += present_pen * len(ss)
    top = np.argpartition(-total, min(_TOP_GROUP, len(vocab) - 1))[:_TOP_GROUP].tolist()
    idx = list(dict.fromkeys(top + extra[:_MAX_SITE_EXTRA]))
    chars = screen.stats.chars_list
    out = [chars[int(vocab[i])] for i in idx]
    # punctuation is in every font subset, and the bigram table models it
    # worst ((（征求意见稿）, （010）): the common marks are always scored
    out += [c for c in ALWAYS_SCORED if c not in out and c in screen.stats.index]
    if near_letters:
        # a gap among letters (an address, a file name): the letters are
        # scored too (capitals only beside a capital: www.m??.gov.cn is not
        # www.mXX.gov.cn), and the marks of addresses
        out += [c for c in LETTERS + URL_MARKS if c not in out and c in screen.stats.index
                and (capitals or not c.isupper())]
    return out


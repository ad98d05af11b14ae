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
   reading of each other, twice (coordinate ascent).
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

import kenlm
import numpy as np

from . import canon
from .cipher import keyless_em as _keyless_em, one_glyph_per_key as _one_glyph_per_key, softmax as _softmax
from .detect import BigramScreen
from .lm import EOS, LanguageModel
from .regions import first_char_bonus
from .traces import Trace
from .tracefit import (ALWAYS_SCORED, CLOSE_AFTER_END, DENSE_CAP, DENSE_SHARE, LATIN_BONUS, LETTERS, PAIR_BONUS,
                       URL_MARKS, PLACEHOLDER, add_word_evidence, calibrated, completes_token, features,
                       is_paired_mark, keyless_support, pairs_up,
                       placeholder_text, shape_margin, sure_work, trace_density, written)

__all__ = ["Reading", "decipher", "PLACEHOLDER"]

#: log10 prior of a glyph the document writes as text on a line that has
#: traces: the broken font maps it, so it is not what the font lost; in
#: effect excluded (-3 left 1 -> 2 in 202(cid)年 over 27 occurrences, -8
#: still let three 教(cid)发展 read as 育 on a line that writes 体育) ...
PRESENT_PENALTY = -30.0
#: ... and of one written only on lines without traces, which may be set in
#: another, intact font (mixed-font documents)
ELSEWHERE_PENALTY = -0.5
#: share of a glyph's own rate taken out of each occurrence's score and
#: counted once instead (1: the exact product of likelihoods)
RATE_SHARE = 0.5
KEEP_BONUS = 0.0  # log10 prior of keeping a code-point letter as text
#: log10 prior of reading a pdftotext -raw space as a space of the text (no
#: glyph lost there): in a text with enough such spaces most are lost glyphs
SPACE_KEEP = -1.0
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
#: see :func:`_loglik`: share of the evidence of repeated neighbour pairs discounted
NEIGHBOUR_SHARE = 0.5
_TOP_GROUP = 40  # candidates per key from the summed bigram scores ...
_TOP_SITE = 3  # ... plus the best few of each occurrence
_MAX_SITE_EXTRA = 40  # ... at most this many of those
_ROUNDS = 2  # coordinate-ascent rounds over neighbouring traces
_SHARED_TOP = 16  # glyphs the keyless traces read most, scored at every keyless trace (a lost set has 4-14)


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
        (:func:`docfix.tracefit.add_word_evidence`).
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
    # a line wrapped inside a sentence is one unit (a trace counts as the Han
    # character it mostly stands for when telling wraps)
    soft = canon.soft_breaks(work.replace(PLACEHOLDER, "口"))
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
    present, elsewhere = written(sure_work(text, traces, work, where), soft)
    groups: Dict[Hashable, List[_Site]] = defaultdict(list)
    for st in sites:
        t = traces[st.trace]
        groups[("one", st.trace) if t.key is None else t.key].append(st)

    vocab = _vocabulary(screen)
    chars = screen.stats.chars_list
    present_pen = np.array([_prior(chars[i], present, elsewhere) for i in vocab])
    keep_of = {g: _keep_char(text, traces, ss) for g, ss in groups.items()}
    cands = {
        g: [c for c in _candidates(units, ss, screen, vocab, present_pen, g[0] == "one") if c != keep_of[g]]
        for g, ss in groups.items()
    }

    shape_of = {}
    if shapes is not None:
        shapes.set_pool(chars[int(i)] for i in vocab)
        for g in groups:
            if g[0] != "one":
                cands[g] += [c for c in shapes.suggest(g) if c not in cands[g] and c != keep_of[g]]
                shape_of[g] = shapes.scores(g, cands[g])
    unigram = _unigram(screen)
    geo = first_char_bonus(text)
    # keyless traces in one context (2 tokens either side) count once in their shared prior
    ctx_of = {g: _context(units, ss[0]) for g, ss in groups.items() if g[0] == "one"}
    ctx_n = Counter(ctx_of.values())
    em_weight = {g: 1.0 / ctx_n[c] for g, c in ctx_of.items()}
    assign: Dict[int, str] = {}  # trace index -> current reading
    post: Dict[Hashable, List[Tuple[str, float]]] = {}
    for rnd in range(_ROUNDS):
        scored = {
            g: _loglik(lm, units, where, ss, cands[g], keep_of[g], unigram, assign, present, elsewhere, work, geo)
            for g, ss in groups.items()
        }
        if words is not None:
            for g, ss in groups.items():
                if g[0] != "one":  # (a keyless trace is one reading alone: see tracefit.WORD_WEIGHT)
                    add_word_evidence(scored[g], work, [units[st.unit][1][st.k] for st in ss], words, where, assign)
        for g, bonus in shape_of.items():
            if bonus:  # the occurrences are not independent evidence against one drawing (〔201x〕 x 40)
                w = min(1.0, math.sqrt(SHAPE_OCCURRENCES / len(groups[g])))
                for c in scored[g]:
                    scored[g][c] = w * scored[g][c] + bonus.get(c, 0.0)
        post = _keyless_em(scored, em_weight) | {g: _softmax(v) for g, v in scored.items() if g[0] != "one"}
        for g, ranked in post.items():
            for st in groups[g]:
                assign[st.trace] = ranked[0][0] if ranked else PLACEHOLDER
        if rnd == _ROUNDS - 1:
            break
        # the lost set is the document's: the glyphs the keyless traces read
        # most are scored at every keyless trace (its own neighbours may not
        # have proposed them)
        mass: Counter = Counter()
        for g in ctx_of:
            for c, q in post.get(g, ()):
                mass[c] += em_weight[g] * q
        shared = [c for c, m in mass.most_common(_SHARED_TOP) if c and m >= 1.0]
        for g in ctx_of:
            cands[g] += [c for c in shared if c not in cands[g] and c != keep_of[g]]
        # a trace beside other traces was screened against unknowns (接??监督:
        # 受社 never came up): screened again with their current readings
        read = None
        for g, ss in groups.items():
            if g[0] != "one" and any(_beside_placeholder(units, st) for st in ss):  # (keyless: U+FFFD F1 0.680 -> 0.669)
                read = read or _read_units(units, where, assign)
                new = [c for c in _candidates(read, ss, screen, vocab, present_pen, g[0] == "one")
                       if c not in cands[g] and c != keep_of[g]]
                if new:
                    cands[g] += new
                    if g in shape_of:
                        shape_of[g] = shapes.scores(g, cands[g])
    if exclusive:
        post = _one_glyph_per_key(post)
    beside = {g for g in ctx_of if _beside_placeholder(units, groups[g][0])}
    support = keyless_support({g: post.get(g) or [] for g in ctx_of}, ctx_of, beside)
    out: List[Optional[Reading]] = [None] * len(traces)
    for g, ss in groups.items():
        ranked = post.get(g) or [("", 0.0)]
        best, p = ranked[0]
        second = ranked[1][1] if len(ranked) > 1 else 0.0
        n_ctx = len({_context(units, st) for st in ss})
        shape = shape_margin(shape_of.get(g), best, shapes.top1(g) if shapes else 1.0)
        space = traces[ss[0].trace].kind == "space"
        # (a space read as a mark is supported by nothing: the text's own spaces
        # stand where marks would, 水质 烷基酚类的测定 ... read （ three times)
        feats = features(best, p, second, n_ctx, g[0] == "one", shape, space,
                         0 if space and best and not best.isalnum() else support.get(g))
        conf = calibrated(feats)
        if not shape_of.get(g) and trace_density([units[st.unit][0] for st in ss], [st.k for st in ss]) > DENSE_SHARE:
            conf = min(conf, DENSE_CAP)  # its contexts are other unknowns: the model reads noise (a whole font lost)
        # the alternatives share what the calibrated confidence leaves, as the
        # raw posterior splits it, and none is surer than the reading itself
        # (a low confidence had put the runner-up above it: 帮?发现 read 。 0.28, 扶 0.62)
        rest = sum(q for _, q in ranked[1:]) or 1.0
        scale = (1 - conf) / rest
        if len(ranked) > 1 and ranked[1][1] * scale > conf:
            scale = conf / ranked[1][1]
        alts = [(a, round(q * scale, 4)) for a, q in ranked[1:6]]
        for st in ss:
            out[st.trace] = Reading(traces[st.trace], best, conf, alts, len(ss), feats)
    # traces that fell outside every scoring unit (never: a placeholder is a token)
    return [r if r is not None else Reading(traces[i], "", 0.0) for i, r in enumerate(out)]


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


def _context(units, st: _Site) -> Tuple[str, ...]:
    toks, _ = units[st.unit]
    return tuple(toks[max(0, st.k - 2):st.k]) + ("|",) + tuple(toks[st.k + 1:st.k + 3])


def _keep_char(text: str, traces: Sequence[Trace], ss: List[_Site]) -> Optional[str]:
    """The character a code-point trace prints, which may be text after all."""
    t = traces[ss[0].trace]
    if t.kind == "space":
        return ""  # pdftotext -raw's space: a glyph lost there, or a space of the text (scored as no token)
    if t.kind != "codepoint":
        return None
    return canon.fold_char(text[t.start])


def _candidates(
    units, ss: List[_Site], screen: BigramScreen, vocab: np.ndarray, present_pen: np.ndarray, keyless: bool = False
) -> List[str]:
    """Glyphs worth scoring exactly for one key (bigram screen over all its occurrences)."""
    a_tok, b_tok = [], []
    near_letters = False  # a letter within a few tokens: an address, a file name (www between // and .)
    capitals = False  # ... a capital among them
    for st in ss:
        toks, _ = units[st.unit]
        a_tok.append(toks[st.k - 1] if st.k else "<s>")
        b_tok.append(toks[st.k + 1] if st.k + 1 < len(toks) else "</s>")
        reach = 1 if keyless else 4  # (a trace without a key is read alone: only a letter beside it counts)
        near = [t for t in toks[max(0, st.k - reach):st.k + reach + 1] if t.isascii() and t.isalpha()]
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


def _loglik(
    lm: LanguageModel,
    units,
    where: Dict[int, int],
    ss: List[_Site],
    cands: List[str],
    keep: Optional[str],
    unigram,
    assign: Dict[int, str],
    present: frozenset,
    elsewhere: frozenset,
    work: str = "",
    geo: Optional[Dict[Tuple[str, str], float]] = None,
) -> Dict[str, float]:
    """Summed log10 likelihood of each candidate over a key's occurrences,
    plus its prior; ``""`` is keeping a code-point letter as it is. A
    bracket or quote that pairs with one on its line (:func:`_pairs_up`) gets
    :data:`PAIR_BONUS` at that occurrence.

    Other traces in the window read as their current reading (``assign``),
    or as the model's unknown token before they have one."""
    m = lm.model
    reach = lm.order - 1
    options = list(cands) + ([""] if keep is not None else [])
    total = dict.fromkeys(options, 0.0)
    # P(key = c | contexts) ~ P(c) * prod_i P(c | context_i) / P(c): each
    # occurrence's score less the glyph's own rate, the rate counted once
    # (summing raw scores counts it once per occurrence: 24 dates 2019年3月(cid)日
    # read as 2, the commonest digit, against 8)
    rate = {c: RATE_SHARE * unigram(keep if c == "" else c) if (c or keep) else 0.0 for c in options}
    # occurrences in one context (a heading repeated on every page) are one
    # piece of evidence, not many
    windows = []
    paired = {c: 0.0 for c in options if is_paired_mark(c) or (c.isascii() and c.isalpha()) or c == "."}
    mine = frozenset(units[st.unit][1][st.k] for st in ss)
    for st in ss:
        if paired and work:
            at = units[st.unit][1][st.k]
            for c in paired:
                if c.isalpha() or c == ".":
                    paired[c] += LATIN_BONUS * completes_token(work, at, c, mine)
                else:
                    paired[c] += PAIR_BONUS * pairs_up(work, at, c)
    for st in ss:
        toks, pos = units[st.unit]
        lo = max(0, st.k - reach)
        hi = min(len(toks), st.k + 1 + reach)
        win = tuple(assign.get(where[pos[j]], toks[j]) if toks[j] == PLACEHOLDER else toks[j] for j in range(lo, hi))
        # this key's other occurrences in the window are the same glyph: they
        # read as the candidate too (www.m??.gov: 'ee', not 'e' beside the
        # current reading; 〔201?〕5?9号)
        own = frozenset(j - lo for j in range(lo, hi) if j != st.k and toks[j] == PLACEHOLDER and pos[j] in mine)
        windows.append((lo == 0, win, hi == len(toks), st.k - lo, own))
    same = Counter(w[:3] for w in windows)
    # occurrences between the same two neighbours repeat one piece of
    # evidence (附?：廊坊市…, 附?：开封市… x 18): m distinct windows of one
    # such pair count as m ** (1 - NEIGHBOUR_SHARE)
    # (not between unknowns: a placeholder neighbour may be any glyph)
    pair = lambda w: (w[1][w[3] - 1] if w[3] else None, w[1][w[3] + 1] if w[3] + 1 < len(w[1]) else None)  # noqa: E731
    kinds = Counter(pair(w) for w in {w[:4]: w for w in windows}.values())
    for bos, win, tail_eos, k, own in windows:
        p_ = pair((bos, win, tail_eos, k))
        weight = 1.0 / same[(bos, win, tail_eos)] / (1 if PLACEHOLDER in p_ else kinds[p_] ** NEIGHBOUR_SHARE)
        start = kenlm.State()
        if bos:
            m.BeginSentenceWrite(start)
        else:
            m.NullContextWrite(start)
        first = min(own | {k})  # scored from here for every candidate (what is before it is the same for all)
        state = start
        for t in win[:first]:
            out = kenlm.State()
            m.BaseScore(state, t, out)
            state = out
        nxt = win[k + 1] if geo and k + 1 < len(win) else None  # (河北 or 湖北: regions.first_char_bonus)
        for c in options:
            glyph = [keep] if c == "" and keep else [] if c == "" else [c]
            seq: List[str] = []
            ends = set()  # indexes in seq right after a substituted glyph
            for j in range(first, len(win)):
                if j == k or j in own:
                    seq += glyph
                    ends.add(len(seq))
                else:
                    seq.append(win[j])
            cur = state
            s_ = 0.0
            for i, t in enumerate(seq):
                out = kenlm.State()
                s_ += m.BaseScore(cur, t, out)
                cur = out
                if i + 1 in ends and t == c and c in canon.SENT_END and i + 1 < len(seq) and seq[i + 1] not in CLOSE_AFTER_END:
                    # a sentence ends here, as the model's training units do:
                    # what follows starts a new one (接受社会监督。我部将)
                    s_ += m.BaseScore(cur, EOS, kenlm.State())
                    cur = kenlm.State()
                    m.BeginSentenceWrite(cur)
            if tail_eos:
                s_ += m.BaseScore(cur, EOS, kenlm.State())
            total[c] += weight * (s_ - rate[c] + (geo.get((c, nxt), 0.0) if nxt else 0.0))
    for c in options:
        keep_prior = KEEP_BONUS if keep else SPACE_KEEP  # a code-point letter kept; a space kept
        total[c] += rate[c] + (keep_prior if c == "" else _prior(c, present, elsewhere)) + paired.get(c, 0.0)
    return total


def _unigram(screen: BigramScreen):
    """log10 rate of a token in the model's training text (unknown tokens: the rarest rate)."""
    st = screen.stats
    floor = math.log10(0.5 / max(st.total, 1))

    def rate(c: str) -> float:
        r = st.rate(c)
        return math.log10(r) if r > 0 else floor

    return rate


def _prior(c: str, present: frozenset, elsewhere: frozenset) -> float:
    """log10 prior that a trace is glyph ``c``, from where the text writes ``c``."""
    if c in present:
        return PRESENT_PENALTY
    if c in elsewhere:
        return ELSEWHERE_PENALTY
    return 0.0

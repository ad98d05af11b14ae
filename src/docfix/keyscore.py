"""A key's readings scored in its occurrences' windows (:mod:`docfix.decipher`).

* :func:`loglik`: the summed log10 likelihood of each candidate glyph over
  a key's occurrences, plus its prior;
* :func:`score_window`: one occurrence's window with each candidate in place;
* :func:`unigram`, :func:`prior`: a glyph's rate in the training text, and
  the prior from where the document writes it.
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from typing import Dict, List, Optional, Tuple

import kenlm
import regex

from . import canon
from .detect import BigramScreen, is_han
from .lm import EOS, LanguageModel
from .tracefit import (CLOSE_AFTER_END, LATIN_BONUS, PAIR_BONUS, PLACEHOLDER, completes_token, is_paired_mark,
                       keyless_support, pairs_up)
from .traces import GAP_KINDS

__all__ = ["loglik", "mark_bonus", "marked", "score_window", "keep_char", "unigram", "prior", "gap_fits", "space_keep", "contexts",
           "written_between", "pairs_with_trace", "PRESENT_PENALTY", "ELSEWHERE_PENALTY", "OTHER_FONT_PENALTY", "SPACE_KEEP", "SPACE_KEEP_DAMAGED",
           "DOC_MATCH", "TITLE_SPAN"]

#: log10 prior of a glyph the document writes as text on a line that has
#: traces: the broken font maps it, so it is not what the font lost; in
#: effect excluded (-3 left 1 -> 2 in 202(cid)年 over 27 occurrences, -8
#: still let three 教(cid)发展 read as 育 on a line that writes 体育) ...
PRESENT_PENALTY = -30.0
#: ... and of one written only on lines without traces, which may be set in
#: another, intact font (mixed-font documents)
ELSEWHERE_PENALTY = -0.5
#: ... and, in a text that shows two fonts that lost glyphs, of one written on
#: lines with traces other than this key's own, which the other font may have
#: set (:mod:`docfix.tracefonts`; two-font tune half, pdfminer: -1.5 1,036 /
#: 92 right / wrong, -3 1,006 / 96, -5 975 / 105, before the gate; -3 kept a
#: one-font misreading, ； for ：, where -5 held it back)
OTHER_FONT_PENALTY = -3.0
#: share of a glyph's own rate taken out of each occurrence's score and
#: counted once instead (1: the exact product of likelihoods)
RATE_SHARE = 0.5
KEEP_BONUS = 0.0  # log10 prior of keeping a code-point letter as text
#: log10 prior of reading a pdftotext -raw space as a space of the text (no
#: glyph lost there): in a text with enough such spaces most are lost glyphs
SPACE_KEEP = -1.0
#: ... but this where the first readings show a damaged document: at least
#: DAMAGED_SHARE of its DAMAGED_MIN or more spaces read as a Han glyph that a
#: space in another context reads too (a font's lost glyphs recur; clean text's
#: spaces read as glyphs, if at all, each its own: 61 clean files with -raw-like
#: spaces, 0.25 at most; real pdftotext output of damaged PDFs, 65 of 76 pages
#: 0.3 or more). Real pdftotext, test half: exact / applied 612 / 624 -> 658 / 687
#: (-1.25: 642 / 662); clean files 0 applied either way, where -1.5 for every text
#: applied 13 (宾馆反馈 2008, before gap_fits) and 都 to 各学校 要加强管理.
SPACE_KEEP_DAMAGED = -1.5
DAMAGED_SHARE = 0.3
DAMAGED_MIN = 8
#: ... and of reading a line break inside a sentence of such a text as no glyph lost
BREAK_KEEP = 0.0
#: log10 bonus of a candidate per distinct context of a key's occurrences (DOC_CONTEXT
#: characters either side) in which the text writes that candidate elsewhere: a
#: mixed-font document's intact paragraphs write 生态环境部华北核与辐射安全监督站 where the
#: broken font's print 生态环境(cid:13)华北… (read 外 by 0.3 log10 over 部). Twenty-sixth
#: session, test half: real pdfminer 1,270 / 2 -> 1,290 / 2, pypdf 1,101 / 6 -> 1,119 / 6,
#: trace bench pdfminer 1,470 / 17 -> 1,480 / 17, PDF route 1,419 / 2 -> 1,439 / 2; tune half
#: the same or better; 4 as 2; 3 characters of context as 2
DOC_MATCH = 2.0
DOC_CONTEXT = 2
#: see :func:`loglik`: share of the evidence of repeated neighbour pairs discounted
NEIGHBOUR_SHARE = 0.5


def loglik(
    lm: LanguageModel,
    units,
    where: Dict[int, int],
    ss: list,
    cands: List[str],
    keep: Optional[str],
    unigram,
    assign: Dict[int, str],
    present: frozenset,
    elsewhere: frozenset,
    work: str = "",
    geo: Optional[Dict[Tuple[str, str], float]] = None,
    keep_prior: Optional[float] = None,
    keyless: bool = False,
    other: frozenset = frozenset(),
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
    # (two glyphs a pdftotext space stands for, 社会 in 接受 监督: each glyph's rate)
    rate = {c: RATE_SHARE * (unigram(keep) if c == "" else sum(unigram(x) for x in c)) if (c or keep) else 0.0
            for c in options}
    # occurrences in one context (a heading repeated on every page) are one
    # piece of evidence, not many
    windows = []
    paired = {c: 0.0 for c in options if marked(c)}
    mine = frozenset(units[st.unit][1][st.k] for st in ss)
    for st in ss:
        if paired and work:
            at = units[st.unit][1][st.k]
            for c in paired:
                paired[c] += mark_bonus(work, at, c, mine, keyless)
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
        sc = score_window(m, bos, win, tail_eos, k, own, options, keep, geo)
        for c in options:
            total[c] += weight * (sc[c] - rate[c])
    if keep_prior is None:
        keep_prior = KEEP_BONUS if keep else SPACE_KEEP  # a code-point letter kept; a space kept
    for c in options:
        total[c] += rate[c] + (keep_prior if c == "" else sum(prior(x, present, elsewhere, other) for x in c)) \
            + paired.get(c, 0.0)
    return total


def marked(c: str) -> bool:
    """Whether reading ``c`` may earn :func:`mark_bonus`: a paired mark, a Latin letter, a dot."""
    return is_paired_mark(c) or (c.isascii() and c.isalpha()) or c == "."


def mark_bonus(work: str, at: int, c: str, mine: frozenset, keyless: bool) -> float:
    """log10 bonus of reading ``c`` at ``work[at]`` (``mine``: the key's
    placeholders): :data:`LATIN_BONUS` where a letter or dot completes a web or
    file token (:func:`completes_token`), :data:`PAIR_BONUS` where a bracket
    or quote pairs with one on its line (or, keyless, with another trace).

    >>> P = PLACEHOLDER
    >>> mark_bonus("网址" + P + "ttp://", 2, "h", frozenset([2]), True), mark_bonus("网址" + P + "ttp://", 2, "i", frozenset([2]), True)
    (4.0, 0.0)
    """
    if c.isalpha() or c == ".":
        return LATIN_BONUS * completes_token(work, at, c, mine)
    return PAIR_BONUS * (pairs_up(work, at, c) or (keyless and pairs_with_trace(work, at, c)))


def pairs_with_trace(work: str, at: int, c: str) -> int:
    """1 if title mark ``c`` (《 or 》) read at ``work[at]`` may pair with
    another trace on its line: the next (previous) trace within
    :data:`TITLE_SPAN` characters, not beside it, with no mark of a clause or
    of a title between (a font that lost both marks of a title; keyless
    traces only: :func:`loglik`).

    >>> P = PLACEHOLDER
    >>> pairs_with_trace("制定" + P + "评审准则" + P + "的通知", 2, "《"), pairs_with_trace("制定" + P + "评审准则" + P, 7, "》")
    (1, 1)
    >>> pairs_with_trace("制定" + P + "评审，准则" + P, 2, "《"), pairs_with_trace("制定" + P + "评审", 2, "《")
    (0, 0)
    """
    if c not in "《》":
        return 0
    step = 1 if c == "《" else -1
    i = at + step
    while 0 <= i < len(work) and abs(i - at) <= TITLE_SPAN:
        ch = work[i]
        if ch == PLACEHOLDER:
            return int(abs(i - at) > 1)
        if ch in "\n《》，。；：！？":
            return 0
        i += step
    return 0


TITLE_SPAN = 40  # characters between the two marks of a title read at two traces (:func:`pairs_with_trace`)


def score_window(m, bos: bool, win, tail_eos: bool, k: int, own, options, keep, geo) -> Dict[str, float]:
    """log10 probability of one occurrence's window with each option in place
    (``own``: the key's other occurrences in it, read as the option too)."""
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
    nxt = win[k + 1] if geo and k + 1 < len(win) else None  # (河北 or 湖北: regions.province_bonus)
    prv = win[k - 1] if geo and k > 0 else None  # (河北 or 河南)
    res = {}
    for c in options:
        glyph = [keep] if c == "" and keep else list(c)
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
        res[c] = s_ + (geo.get((c, nxt), 0.0) if nxt else 0.0) + (geo.get((prv, c), 0.0) if prv else 0.0)
    return res


def keep_char(text: str, t) -> Optional[str]:
    """What keeping trace ``t`` as it is reads as: a code-point letter, which
    may be text after all; ``""`` for a pdftotext space or line break (a
    glyph lost there, or the text's own: scored as no token); None for
    traces that are surely glyphs."""
    if t.kind in GAP_KINDS:
        return ""
    if t.kind != "codepoint":
        return None
    return KEEP_AS.get(text[t.start]) or canon.fold_char(text[t.start])


#: What a code-point sign kept as the text's own is read as by the character
#: model, which has hardly seen it between Chinese words: a plus joins terms
#: as 、 does (预处理+生化处理+深度处理 and “1+X” read 、 and ” at 0.99 and 0.73 in
#: pypdf output otherwise); a lost 、 printed as + stays + (the kept reading).
KEEP_AS = {"+": "、"}


def contexts(work: str) -> Dict[Tuple[str, str], frozenset]:
    """Each pair of :data:`DOC_CONTEXT` characters either side of a
    character of ``work`` (on one line, no trace among them), with the
    characters the text writes between them (for :func:`written_between`)."""
    k = DOC_CONTEXT
    out: Dict[Tuple[str, str], set] = defaultdict(set)
    for i in range(k, len(work) - k):
        left, right = work[i - k:i], work[i + 1:i + 1 + k]
        if PLACEHOLDER not in left + right and "\n" not in left + right and work[i] not in (PLACEHOLDER, "\n"):
            out[(left, right)].add(work[i])
    return {lr: frozenset(v) for lr, v in out.items()}


def written_between(work: str, between: Dict[Tuple[str, str], frozenset], offsets) -> Counter:
    """Each character the text writes elsewhere between the neighbours of a
    key's occurrences (``offsets`` in ``work``, :data:`DOC_CONTEXT`
    characters either side; ``between``: :func:`contexts` of ``work``), with
    the number of distinct such contexts.

    >>> w = "生态环境部华北站。生态环境" + PLACEHOLDER + "华北站，" + PLACEHOLDER + "环境"
    >>> written_between(w, contexts(w), [13, 18]), written_between(w, contexts(w), [18])
    (Counter({'部': 1}), Counter())
    """
    k = DOC_CONTEXT
    sides = dict.fromkeys((work[max(0, p - k):p], work[p + 1:p + 1 + k]) for p in offsets)
    return Counter(c for lr in sides for c in between.get(lr, ()))


def gap_fits(text: str, t, c: str) -> bool:
    """Whether a pdftotext gap trace ``t`` may read as glyph ``c``: a line
    break only as a Han character (read as a mark, every list of short
    lines had its ； lost), a space before a digit as no mark (宾馆反馈
    2008年5月: a label and its date; in damaged documents a mark was never
    lost there).

    >>> from docfix.traces import Trace
    >>> gap_fits("宾馆反馈 2008年", Trace(4, 5, None, "space"), "；")
    False
    >>> gap_fits("宾馆反馈 2008年", Trace(4, 5, None, "space"), "表")
    True
    """
    if len(c) > 1:  # (two glyphs one space stands for: each must fit)
        return all(gap_fits(text, t, x) for x in c)
    if t.kind == "break":
        return is_han(c)
    if t.kind == "space" and t.end < len(text) and text[t.end].isdigit():
        return is_han(c) or c.isalnum()
    return True


_OPENING = frozenset("（“《〔【「『〈")
_STOPS = frozenset("、，。；：！？")
_CLOSING = frozenset("）”》〕】」』〉")
#: the marks :func:`mark_fits` may rule out (every other glyph fits anywhere)
RULED_MARKS = _OPENING | _STOPS


def mark_fits(work: str, at: int, c: str) -> bool:
    """Whether mark ``c`` may stand at ``work[at]`` beside its neighbours:
    no opening bracket or quote before a stop or a closing one (（、), no
    stop after an opening one or beside another stop (（、, ，，), none at a
    line's start. Other glyphs, and neighbours that are traces, always fit.

    >>> P = PLACEHOLDER
    >>> mark_fits(P + "、督办", 0, "（"), mark_fits(P + "、督办", 0, "二"), mark_fits("意见" + P + "，", 2, "；")
    (False, True, False)
    >>> mark_fits("（" + P + "）", 1, "二"), mark_fits("公开" + P + "网址", 2, "（"), mark_fits("a" + P + P, 1, "，")
    (True, True, True)
    """
    if c not in RULED_MARKS:
        return True
    left = work[at - 1] if at > 0 else "\n"
    right = work[at + 1] if at + 1 < len(work) else ""
    if c in _OPENING:
        return not (right in _STOPS or right in _CLOSING)
    return not (left in _OPENING or left in _STOPS or left == "\n" or right in _STOPS)


_SCHEME_AHEAD = regex.compile(r"([A-Za-z%s]{0,5})://|[wW%s]{1,2}\.(?=[A-Za-z])" % (PLACEHOLDER, PLACEHOLDER))


def _starts_address(work: str, at: int) -> bool:
    """Whether the placeholder at ``work[at]`` is the first letter of an
    address's scheme or www (网址?tt?://, 网址?ww.; not before a whole http://)."""
    m = _SCHEME_AHEAD.match(work, at + 1)
    if not m or m.group(1) is None:
        return bool(m)
    head = PLACEHOLDER + m.group(1).lower()  # (the scheme with this glyph as its first letter)
    return any(len(head) == len(s) and all(a == PLACEHOLDER or a == b for a, b in zip(head, s))
               for s in ("http", "https", "ftp"))


def in_address(work: str, at: int) -> bool:
    """Whether the placeholder at ``work[at]`` stands inside a web or e-mail
    address: ASCII (or other placeholders) on both sides, in a run of them
    that holds ``://``, ``www.`` or ``@`` (a glyph lost there is a letter, a
    digit or an address's mark, not a Chinese character or mark: 网址htt?://
    is no （).

    >>> P = PLACEHOLDER
    >>> in_address("网址htt" + P + "://www.mee.gov.cn", 5), in_address("rdzl/d" + P + "wr" + P + P + "dc@mee.gov.cn", 6)
    (True, True)
    >>> in_address("网址" + P + "http://www.mee.gov.cn", 2), in_address("CO2" + P + "NOx排放", 3)
    (False, False)
    >>> in_address("网址" + P + "tt" + P + "://www.mee.gov.cn", 2), in_address("网址" + P + "ww.mee.gov.cn", 2)
    (True, True)
    >>> in_address("栏目" + P + "h" + P + P + "p://www.mee.gov.cn", 2)
    False
    """
    def part(ch: str) -> bool:
        return ch == PLACEHOLDER or (ch.isascii() and not ch.isspace() and ch.isprintable())

    if not (0 < at < len(work) - 1 and part(work[at + 1])):
        return False
    if not part(work[at - 1]):  # (the address's first letter: 网址?tt?://, 网址?ww.mee)
        return _starts_address(work, at)
    a = at
    while a > 0 and part(work[a - 1]):
        a -= 1
    b = at + 1
    while b < len(work) and part(work[b]):
        b += 1
    run = work[a:b]
    return "://" in run or "www." in run or "@" in run


def space_keep(post, spaces, context_of) -> Optional[float]:
    """The keep prior of a text's pdftotext spaces given their first
    readings (``post``: each key's ranked readings; ``spaces``: the space
    keys; ``context_of``: each keyless key's context): :data:`SPACE_KEEP_DAMAGED`
    in a damaged document (see there), else None (:data:`SPACE_KEEP`)."""
    if len(spaces) < DAMAGED_MIN:
        return None
    support = keyless_support({g: post.get(g) or [] for g in context_of}, context_of)
    n = sum(1 for g in spaces if support.get(g) and is_han(post[g][0][0]))
    return SPACE_KEEP_DAMAGED if n >= DAMAGED_SHARE * len(spaces) else None


def unigram(screen: BigramScreen):
    """log10 rate of a token in the model's training text (unknown tokens: the rarest rate)."""
    st = screen.stats
    floor = math.log10(0.5 / max(st.total, 1))

    def rate(c: str) -> float:
        r = st.rate(c)
        return math.log10(r) if r > 0 else floor

    return rate


def prior(c: str, present: frozenset, elsewhere: frozenset, other: frozenset = frozenset()) -> float:
    """log10 prior that a trace is glyph ``c``, from where the text writes ``c``
    (``other``: on the lines of another font that lost glyphs, :mod:`docfix.tracefonts`)."""
    if c in present:
        return PRESENT_PENALTY
    if c in other:
        return OTHER_FONT_PENALTY
    if c in elsewhere:
        return ELSEWHERE_PENALTY
    return 0.0

"""What a trace's reading must fit besides the character model.

The character model sees five tokens either side of a trace; some readings
are told by more than that, or by things it never learnt:

* a bracket or quote pairs with one on its line (（征求意见稿）: the model's
  window rarely holds both ends; :func:`pairs_up`);
* a Latin letter completes a token of a web address or file name
  (``h?tp``, ``gov.?n``; ``lexicons/latin_tokens.txt``; :func:`completes_token`);
* a sentence-final mark ends a scoring unit, as the model's training units
  end (handled where :mod:`docfix.decipher` scores a reading);
* a Han reading that completes words the lexicons know is likelier
  (:func:`add_word_evidence`);
* punctuation is in every font subset and the bigram table models it worst,
  so the common marks are always scored (:data:`ALWAYS_SCORED`), and letters
  where a trace sits among letters (:data:`LETTERS`).

Trace bench, tune half of policy_docs (pdfminer style): punctuation sites
read right 44 -> 80 of 98, Latin letters 0 -> 64 of 80; F1 0.845 -> 0.888.
"""
from __future__ import annotations

import bisect
import math
from collections import defaultdict
from functools import lru_cache
from typing import AbstractSet, Dict, List, Optional, Sequence, Tuple

import regex

from . import canon

__all__ = ["PLACEHOLDER", "ALWAYS_SCORED", "LETTERS", "URL_MARKS", "PAIR_BONUS", "LATIN_BONUS", "CLOSE_AFTER_END",
           "is_paired_mark", "pairs_up", "completes_token",
           "FEATURES", "CALIBRATION", "CALIBRATION_SHAPE", "features", "calibrated", "shape_margin",
           "trace_density", "DENSE_SHARE", "DENSE_CAP", "placeholder_text", "line_tokens", "written", "sure_work"]

#: What stands in the scoring text for a trace not yet read (KenLM's <unk>).
PLACEHOLDER = "\ufffc"

#: marks every key is scored as, whatever the bigram screen says (tune half,
#: pdfminer: punctuation read right 54 -> 80 of 98 with the sentence ends)
ALWAYS_SCORED = tuple("，。、；：（）“”《》！？")
#: letters scored where a trace sits beside a letter (tune half, pdfminer:
#: Latin letters read right 0 -> 64 of 80, with LATIN_BONUS)
LETTERS = tuple("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
#: marks of web addresses and file names, scored with the letters
URL_MARKS = tuple("./-_")
#: log10 bonus per occurrence of reading a Latin letter where it completes a
#: web or file token (2.0 and 4.0 equal on the tune half but for U+FFFD, 0.746
#: -> 0.750; 2.0 let the model read h??p as huup where other letters were lost)
LATIN_BONUS = 4.0
#: log10 bonus per occurrence of reading a bracket or quote where it pairs
#: with one on its line (design value; with it the tune half read （征求意见稿）)
PAIR_BONUS = 1.5

@lru_cache(maxsize=1)
def _latin_tokens() -> Dict[int, Tuple[str, ...]]:
    """``lexicons/latin_tokens.txt`` by length: the letters of web addresses and file names."""
    from .resources import data_lines

    out: Dict[int, List[str]] = defaultdict(list)
    for line in data_lines("latin_tokens.txt"):
        w = line.strip().lower()
        out[len(w)].append(w)
    return {n: tuple(ws) for n, ws in out.items()}


def completes_token(work: str, at: int, c: str, mine: frozenset) -> int:
    """1 if letter ``c`` read at ``work[at]`` (and at this key's other
    placeholders, ``mine``) makes its run of letters one of the web and file
    tokens (``h?tp`` -> http, ``gov.?n`` -> cn); other keys' placeholders
    match any letter. A ``.`` fits where it ends such a token that is not a
    scheme (``www?mee`` -> www.mee) or starts one (``?gov.cn``), beside a letter.

    >>> P = PLACEHOLDER
    >>> completes_token("网址" + P + "ttp://www", 2, "h", frozenset([2]))
    1
    >>> completes_token("www.gov." + P + "n/", 8, "c", frozenset([8])), completes_token("教" + P + "育", 1, "c", frozenset([1]))
    (1, 0)
    >>> completes_token(P + P + P + ".gov", 0, "w", frozenset([0, 1, 2]))
    1
    >>> completes_token("www" + P + "mee", 3, ".", frozenset([3])), completes_token("http" + P + "//", 4, ".", frozenset([4]))
    (1, 0)
    >>> completes_token("此" + P + "D" + P + "公开", 1, "p", frozenset([1]))
    0
    >>> completes_token(P * 5000, 2500, "w", frozenset([2500]))  # a whole line of unknowns: no token
    0
    """
    if c == ".":
        return _dot_fits(work, at)
    def part(i: int) -> bool:
        ch = work[i]
        return ch == PLACEHOLDER or (ch.isascii() and ch.isalpha())

    # a run longer than the longest token matches none: the scan stops there
    # (a font that lost every glyph makes whole lines one run of placeholders)
    longest = _longest_token()
    a = at
    while a > 0 and part(a - 1) and at - a <= longest:
        a -= 1
    b = at + 1
    while b < len(work) and part(b) and b - a <= longest:
        b += 1
    if b - a < 2 or b - a > longest:
        return 0
    pattern = []
    for i in range(a, b):
        ch = work[i]
        # (a capital is no web token's letter: 此?DE is 此件社会 printed as code points, not pdf)
        pattern.append(c if i in mine else None if ch == PLACEHOLDER else ch)
    if None in pattern and all(x is None or i + a in mine for i, x in enumerate(pattern)):
        return 0  # no letter of the text itself, and other keys' gaps: too little to go on
    for w in _latin_tokens().get(len(pattern), ()):
        if all(x is None or x == y for x, y in zip(pattern, w)):
            return 1
    return 0


@lru_cache(maxsize=1)
def _longest_token() -> int:
    return max(_latin_tokens(), default=0)


_SCHEMES = frozenset(("http", "https", "ftp"))


def _dot_fits(work: str, at: int) -> int:
    """1 if a ``.`` at ``work[at]`` ends a known web token that is not a
    scheme (``www``, ``gov``) or starts one (``cn``, ``gov``, ``pdf``), with
    a letter on both sides."""
    def run(i: int, step: int) -> str:
        out = []
        while 0 <= i < len(work) and work[i].isascii() and work[i].isalpha():
            out.append(work[i].lower())
            i += step
        return "".join(out[::step])

    left, right = run(at - 1, -1), run(at + 1, 1)
    if not left or not right:
        return 0
    known = _latin_tokens()
    return int((left in known.get(len(left), ()) and left not in _SCHEMES) or right in known.get(len(right), ()))


CLOSE_AFTER_END = frozenset("”’）」』")  # kept with the sentence they close (canon.sentences)
_PAIRS = {"（": "）", "“": "”", "‘": "’", "《": "》", "【": "】", "〔": "〕", "「": "」", "『": "』", "〈": "〉"}
_OPENERS = frozenset(_PAIRS)
_CLOSERS = {b: a for a, b in _PAIRS.items()}


def pairs_up(work: str, at: int, c: str) -> int:
    """1 if bracket or quote ``c`` read at ``work[at]`` pairs with one on its
    line: an opener whose next bracket of its kind after it closes, a closer
    whose previous one before it opens; else 0. The character model's window
    (5 tokens) rarely sees both ends of （征求意见稿）. Not where the other
    side already has its partner: a closer before a closer (“1+X” is no
    “1”X”), an opener after an opener.

    The marks and line breaks of ``work`` are indexed once (:func:`_marks`),
    so that a key read at thousands of places on one long line costs no scan
    of the line each time (:func:`_pairs_up_scan` is the reference).

    >>> pairs_up("见稿" + PLACEHOLDER + "征求意见稿）", 2, "（"), pairs_up("见稿" + PLACEHOLDER + "征求（意见稿）", 2, "（")
    (1, 0)
    >>> pairs_up("（电话" + PLACEHOLDER + "，", 3, "）"), pairs_up("电话" + PLACEHOLDER + "，", 2, "）")
    (1, 0)
    >>> pairs_up("“1" + PLACEHOLDER + "X”证书", 2, "”"), pairs_up("（见稿" + PLACEHOLDER + "征求意见稿）", 3, "（")
    (0, 0)
    """
    if c in _PAIRS:
        opener, closer, forward = c, _PAIRS[c], True
    elif c in _CLOSERS:
        opener, closer, forward = _CLOSERS[c], c, False
    else:
        return 0
    marks = _marks(work)
    ahead = _nearest(marks, at, (opener, closer, "\n"), True)
    behind = _nearest(marks, at, (opener, closer, "\n"), False)
    if forward:
        return int(ahead == closer and behind != opener)
    return int(behind == opener and ahead != closer)


def _nearest(marks: Dict[str, List[int]], at: int, chars, forward: bool) -> str:
    """Which of ``chars`` comes first after (before) ``at`` in the index ``marks`` ("" if none)."""
    best, hit = -1, ""
    for ch in chars:
        pos = marks.get(ch)
        if not pos:
            continue
        if forward:
            j = bisect.bisect_right(pos, at)
            if j < len(pos) and (best < 0 or pos[j] < best):
                best, hit = pos[j], ch
        else:
            j = bisect.bisect_left(pos, at) - 1
            if j >= 0 and pos[j] > best:
                best, hit = pos[j], ch
    return hit


_MARK_RE = regex.compile("[%s\n]" % regex.escape("".join(_PAIRS) + "".join(_CLOSERS)))


@lru_cache(maxsize=4)
def _marks(work: str) -> Dict[str, List[int]]:
    """Offsets of each bracket, quote and line break of ``work``, in order."""
    out: Dict[str, List[int]] = defaultdict(list)
    for m in _MARK_RE.finditer(work):
        out[m.group()].append(m.start())
    return dict(out)


def _pairs_up_scan(work: str, at: int, c: str) -> int:
    """:func:`pairs_up` by scanning the line from ``at`` (the reference)."""
    if c in _PAIRS:
        opener, closer, step = c, _PAIRS[c], 1
    elif c in _CLOSERS:
        opener, closer, step = _CLOSERS[c], c, -1
    else:
        return 0

    def first(step: int) -> str:
        i = at + step
        while 0 <= i < len(work) and work[i] != "\n":
            if work[i] in (opener, closer):
                return work[i]
            i += step
        return ""

    return int(first(step) == (closer if step == 1 else opener) and first(-step) != (opener if step == 1 else closer))


def is_paired_mark(c: str) -> bool:
    """A bracket or quote (:func:`pairs_up` applies)."""
    return c in _OPENERS or c in _CLOSERS


#: Names of the calibration features (:func:`features`).
FEATURES = ("bias", "logit_p", "margin", "log_contexts", "digit", "latin", "punct", "keyless", "space")
#: A keyless trace reads a glyph surely enough to support another's reading of it at this posterior
SUPPORT_MIN = 0.5
#: ... of a keyless trace's reading (U+FFFD, a -raw space)
KEYLESS_FEATURES = FEATURES + ("log_support",)

#: Logistic weights over :data:`FEATURES`; ``None``: the raw posterior.
#: Fitted by ``python benchmarks/traces.py --fit --styles pdfminer pymupdf fffd raw``
#: on the tune half of the policy_docs documents (5,142 readings, word evidence
#: included as the repair has it), measured on the other half.
CALIBRATION: Optional[Tuple[float, ...]] = (-1.258, 0.452, -0.177, -0.258, 0.392, -0.072, 0.065, 0.404, 0.377)
#: Weights of the readings of ``pdftotext -raw`` spaces: those of the
#: previous fit (a space reading's own weight 0). The fit above, which gives
#: spaces their own weight, reads 556 rather than 474 of the test half's
#: spaces right (7 wrong, not 2) but applies 都 to 各学校 要加强管理 in clean
#: news whose words are spaced (tests/test_traces.py).
CALIBRATION_SPACE: Tuple[float, ...] = (-0.988, 0.402, -0.339, -0.257, 0.055, -0.860, 0.050, 0.033, 0.0)
#: Weights of the readings of keyless traces (U+FFFD, -raw spaces), over
#: :data:`KEYLESS_FEATURES` (``None``: :data:`CALIBRATION` or
#: :data:`CALIBRATION_SPACE`, without the support). Fitted by
#: ``python benchmarks/traces.py --fit --styles fffd raw --part tune`` pooled
#: over ``--seed 7 8 9`` (7,263 readings of the tune half; the test half
#: never read): the support weighs 0.8-1.2 in each seed alone. A reading
#: beside another trace gets no support (:func:`keyless_support`).
CALIBRATION_KEYLESS: Optional[Tuple[float, ...]] = (
    -2.008, 0.453, -0.032, -0.003, 0.101, 0.105, 0.038, -0.004, 0.721, 0.900)
#: Weights of readings with shape evidence (:mod:`docfix.shapes`), over
#: :data:`FEATURES` and the shape margin (:func:`shape_margin`); fitted by
#: ``benchmarks/traces.py --fit --styles pdfshape --pdf-font`` (WenQuanYi
#: Micro Hei, AR PL UMing, AR PL UKai in turn) on the tune half: 1,402 readings.
CALIBRATION_SHAPE: Optional[Tuple[float, ...]] = (0.030, 0.505, 0.031, -0.143, 0.011, 0.006, -0.251, 0.000, 0.000, 0.787, 0.502, -0.020)
#: The shape margin is clipped to +-this (log10 units).
SHAPE_CLIP = 6.0


def shape_margin(bonus: Optional[Dict[str, float]], best: str, top1: float = 1.0) -> Optional[Tuple[float, float]]:
    """How much more the shapes favour ``best`` than its closest rival (log10,
    clipped to :data:`SHAPE_CLIP`), and how reliable the font's shapes are
    (``top1``: :attr:`docfix.shapes.FontFit.top1`); None without shape evidence.

    >>> shape_margin({"甲": 3.0, "乙": 1.0}, "甲", 0.5)
    (2.0, 0.5)
    >>> shape_margin(None, "甲") is None
    True
    """
    if not bonus or best not in bonus:
        return None
    rival = max((v for c, v in bonus.items() if c != best), default=bonus[best])
    return max(-SHAPE_CLIP, min(SHAPE_CLIP, bonus[best] - rival)), top1


def features(best: str, p: float, second: float, n_ctx: int, keyless: bool,
             shape: Optional[Tuple[float, float]] = None, space: bool = False,
             support: Optional[float] = None) -> Tuple[float, ...]:
    """Calibration features of a reading: its raw posterior (as a logit), the
    margin over the second reading, how many distinct contexts it was read
    from, what kind of glyph it is, whether the trace had a key, and, where
    the glyph's shape was compared (:func:`shape_margin`), the shape margin,
    the margin times the font's reliability, and the reliability; ``space``:
    the trace is a space (``pdftotext -raw``), which may be the text's own;
    ``support`` (keyless traces): how much the document's other keyless
    traces, in other contexts, read the same glyph (:func:`keyless_support`),
    added as its logarithm (:data:`KEYLESS_FEATURES`)."""
    q = min(max(p, 1e-6), 1 - 1e-6)
    kind = (best.isdigit(), best.isascii() and best.isalpha(), bool(best) and not best.isalnum())
    out = (1.0, math.log(q / (1 - q)), p - second, math.log(n_ctx + 1.0)) + tuple(float(k) for k in kind) \
        + (float(keyless), float(space))
    if support is not None:
        return out + (math.log1p(support),)
    return out if shape is None else out + (shape[0], shape[0] * shape[1], shape[1])


def keyless_support(post: Dict, context: Dict, beside: AbstractSet = frozenset()) -> Dict:
    """For each keyless trace, in how many other contexts the document's
    keyless traces read its best glyph too (best, with a posterior of at
    least :data:`SUPPORT_MIN`).

    A document loses a few glyphs; a reading that other traces make too
    (政 in 人民?府 and 当地?府网站) is likelier right than one no other trace
    makes (此?社会公开 read 向), and one context repeated (a notice sent to
    many cities) is one piece of evidence. Traces in ``beside`` (another
    trace is their neighbour) neither give nor get support: two glyphs lost
    side by side are read as the document's commonest lost glyph, wrongly,
    again and again (接??监督 read 人 where 人 was lost elsewhere).

    >>> post = {1: [("政", 0.9)], 2: [("政", 0.6), ("向", 0.3)], 3: [("向", 0.8)], 4: [("政", 0.7)]}
    >>> keyless_support(post, {1: "a", 2: "b", 3: "b", 4: "a"})
    {1: 1, 2: 1, 3: 0, 4: 1}
    >>> keyless_support(post, {1: "a", 2: "b", 3: "b", 4: "a"}, beside={2})
    {1: 0, 2: 0, 3: 0, 4: 0}
    """
    where: Dict = defaultdict(set)  # glyph -> contexts that read it
    for g, ranked in post.items():
        if g not in beside and ranked and ranked[0][0] and ranked[0][1] >= SUPPORT_MIN:
            where[ranked[0][0]].add(context[g])
    out = {}
    for g, ranked in post.items():
        c = ranked[0][0] if ranked and g not in beside else ""
        out[g] = len(where[c]) - (context[g] in where[c]) if c else 0
    return out


def calibrated(feats: Tuple[float, ...]) -> float:
    """Confidence of a reading from its :func:`features`."""
    if len(feats) == len(KEYLESS_FEATURES):
        # a space no other trace's reading supports keeps the weights fitted
        # without the support: the fit saw no space of a clean text (the
        # keyless weights applied 都 to a clean 各学校 要加强管理)
        if CALIBRATION_KEYLESS is not None and not (feats[-2] and not feats[-1]):
            z = sum(w * x for w, x in zip(CALIBRATION_KEYLESS, feats))
            return 1 / (1 + math.exp(-max(min(z, 40.0), -40.0)))
        feats = feats[:len(FEATURES)]
    weights = CALIBRATION if len(feats) == len(FEATURES) else CALIBRATION_SHAPE
    if weights is not None and len(feats) == len(FEATURES) and feats[-1]:
        weights = CALIBRATION_SPACE
    if weights is None:
        q = 1 / (1 + math.exp(-feats[1]))
        return q
    z = sum(w * x for w, x in zip(weights, feats))
    return 1 / (1 + math.exp(-max(min(z, 40.0), -40.0)))


#: A reading whose neighbours (2 tokens each side) are mostly other traces
#: (more than this share) has no context to be read from ...
DENSE_SHARE = 0.75
#: ... and is reported at most at this confidence, never applied (a PDF font
#: whose whole ToUnicode map is missing: read from the text alone, 276 of
#: 276 applied readings were wrong on six documents), unless its shape was compared.
DENSE_CAP = 0.3


def trace_density(token_lists: List[List[str]], positions: List[int]) -> float:
    """Share of placeholders among the tokens within 2 of each occurrence.

    >>> P = PLACEHOLDER
    >>> trace_density([["教", P, P, P, "发"]], [2])
    0.5
    >>> trace_density([["教", "育", P, "展", "的"]], [2])
    0.0
    """
    near = unknown = 0
    for toks, k in zip(token_lists, positions):
        for j in range(max(0, k - 2), min(len(toks), k + 3)):
            if j != k:
                near += 1
                unknown += toks[j] == PLACEHOLDER
    return unknown / near if near else 1.0


def placeholder_text(text: str, traces) -> Tuple[str, Dict[int, int]]:
    """``text`` with each trace (:class:`docfix.traces.Trace`) as one
    :data:`PLACEHOLDER`; placeholder offset -> trace index."""
    parts: List[str] = []
    where: Dict[int, int] = {}
    last = 0
    n = 0
    for i, t in enumerate(traces):
        parts.append(text[last:t.start])
        n += t.start - last
        where[n] = i
        parts.append(PLACEHOLDER)
        n += 1
        last = t.end
    parts.append(text[last:])
    return "".join(parts), where


def line_tokens(work: str) -> List[frozenset]:
    """Per line of ``work``, the tokens it writes as it writes them: the
    characters that are their own canonical form (a text that writes ``:``
    or ``)`` has not mapped the glyphs of ``：`` and ``）``, which the font may
    have lost).

    >>> [sorted(t) for t in line_tokens("教育：" + chr(10) + "学校:")]
    [['教', '育', '：'], ['学', '校']]
    """
    return [frozenset(c for c in canon.tokens(line) if c in line) for line in work.split("\n")]


def written(work: str, soft: AbstractSet[int] = frozenset(), tokens: Optional[List[frozenset]] = None
            ) -> Tuple[frozenset, frozenset]:
    """Tokens the text writes on lines with traces, and only on other lines
    (lines as the text's sentences run: a wrapped line, ``soft``, goes on;
    ``tokens``: :func:`line_tokens` of ``work``, where the caller has them).

    >>> on, off = written("教育" + PLACEHOLDER + "局" + chr(10) + "学校")
    >>> sorted(on), sorted(off)
    (['局', '教', '育'], ['学', '校'])
    >>> sorted(written("如下:" + PLACEHOLDER)[0])
    ['下', '如']
    """
    on: set = set()
    off: set = set()
    if soft:
        work = "".join(" " if i in soft else c for i, c in enumerate(work))
    for line, toks in zip(work.split("\n"), line_tokens(work) if tokens is None else tokens):
        (on if PLACEHOLDER in line else off).update(toks)
    on.discard(PLACEHOLDER)
    on.discard(canon.SPACE)
    return frozenset(on), frozenset(off - on - {canon.SPACE})


def sure_work(text: str, traces: Sequence, work: str, where: Dict[int, int]) -> str:
    """``work`` with each ASCII code-point trace back as its character where
    the text has traces of other kinds: a line is the broken font's by its
    sure traces (an intact paragraph's 核电站7号机组 has none). A line break
    read as a trace (``break``) is no trace of its line: a space."""
    weak = [p for p, ti in where.items() if traces[ti].kind == "codepoint" and text[traces[ti].start].isascii()]
    breaks = [p for p, ti in where.items() if traces[ti].kind == "break"]
    if (not weak or len(weak) == len(where)) and not breaks:
        return work
    chars = list(work)
    if len(weak) < len(where):
        for p in weak:
            chars[p] = text[traces[where[p]].start]
    for p in breaks:
        chars[p] = " "
    return "".join(chars)

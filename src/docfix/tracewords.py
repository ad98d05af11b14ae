"""Word evidence for the readings of traces (:mod:`docfix.decipher`).

The character model reads a few characters either side of a trace; words
tell more. A keyed trace's likeliest Han readings gain what they complete
of the lexicons' words (:func:`add_word_evidence`); a keyless trace's, what
the word n-gram model gives them over the character model
(:func:`add_word_model`), mixed as the silent engine mixes it.
"""
from __future__ import annotations

from typing import Dict, List

from . import canon
from .detect import is_han
from .engine.tuning import WORD_LM_CAP
from .tracefit import PLACEHOLDER
from .wordscore import mixed_gain, window

__all__ = ["WORD_TOP", "WORD_WEIGHT", "WORD_LM_WEIGHT", "WORD_LM_CAP", "add_word_evidence", "add_word_model"]


#: Han readings of a key rescored with the lexicons' word segmentation (twenty-sixth
#: session, 5 -> 10: trace bench PyMuPDF test half 1,376 / 38 -> 1,385 / 38, real pdfminer
#: tune half 1,112 / 5 -> 1,112 / 4, every other row the same; 20 as 10) ...
WORD_TOP = 10
#: ... each distinct window's gain (log10, capped at 0..3: a reading that
#: completes words) weighted so, as the silent engine weighs it without a
#: word model; keyed traces only. Trace bench tune half: pdfminer F1 0.893 ->
#: 0.895, whole font 0.830 -> 0.832, PDF route 0.855 -> 0.857. For keyless
#: traces (U+FFFD, pdftotext -raw spaces: one occurrence each) it cost
#: precision: raw 0.973 -> 0.917 (0.938 at half the weight), U+FFFD 0.938 ->
#: 0.923. (A first version read the trace itself into the window's right
#: side; its raw gain, 0.543 -> 0.572, came from that error.)
WORD_WEIGHT = 0.5


def add_word_evidence(scores: Dict[str, float], work: str, offsets: List[int], words, where, assign) -> None:
    """Add to the ``WORD_TOP`` likeliest Han readings of a key the gain of the
    best word segmentation of each distinct window with the reading in place
    (附{件} against 附{录}: both are read well by the character model, the
    lexicons know which documents write)."""

    top = [c for c in sorted(scores, key=scores.get, reverse=True)[:WORD_TOP] if c and is_han(c)]
    if len(top) < 2:
        return
    seen = set()
    for off in offsets:
        left = _filled(work, off - len(window(work, off)[0]), off, where, assign)
        right = _filled(work, off + 1, off + 1 + len(window(work, off + 1)[1]), where, assign)  # (after the trace itself)
        if (left, right) in seen:
            continue
        seen.add((left, right))
        l_, r_ = "".join(canon.tokens(left)), "".join(canon.tokens(right))
        for c in top:
            scores[c] += WORD_WEIGHT * words.completion_gain(l_, c, r_)


#: The word n-gram model's share of a keyless trace's Han readings (log-linear, as the
#: silent engine mixes it: :data:`docfix.engine.tuning.WORD_LM_WEIGHT`), its gain over the
#: character model's capped at WORD_LM_CAP (the silent engine's) either way; the WORD_TOP likeliest readings only.
#: Thirty-sixth session, trace bench tune half (right / wrong) U+FFFD 1,053 / 55 -> 1,062 / 33
#: at 0.15, 1,066 / 52 at 0.3, 1,082 / 36 at 0.5, 1,074 / 38 at 0.7; -raw 831 / 34 -> 842 / 34,
#: 855 / 34, 884 / 33 (0.5, spaces of evidently damaged texts only), 877 / 40. Test half at 0.5:
#: U+FFFD 1,255 / 72 -> 1,270 / 80, -raw 985 / 43 -> 1,008 / 28.
WORD_LM_WEIGHT = 0.5


def add_word_model(scores: Dict[str, float], work: str, off: int, lm, word_model, where, assign) -> None:
    """Mix the word model (:class:`docfix.wordscore.WordModel`) into the
    likeliest Han readings of the keyless trace at ``work[off]``: each gains
    ``WORD_LM_WEIGHT`` times the word model's gain less the character
    model's, over the same window (守{土}有责: the character model backs off
    to single characters, the word model knows 守土有责)."""
    top = [c for c in sorted(scores, key=scores.get, reverse=True)[:WORD_TOP] if c and all(map(is_han, c))]
    if not top:
        return
    reach = word_model.width + 2
    a, b = max(0, off - reach), min(len(work), off + 1 + reach)
    left = _filled(work, a, off, where, assign)
    text = left + _filled(work, off + 1, b, where, assign)
    at = len(left)
    ctx = word_model.context(text, at)
    base = lm.score_tokens(list(ctx.left + ctx.right), bos=ctx.bos, eos=ctx.eos)
    for c in top:
        ins = "".join(canon.fold_char(x) for x in c)
        wg = word_model.gain(text, at, ins, context=ctx)
        cg = lm.score_tokens(list(ctx.left + ins + ctx.right), bos=ctx.bos, eos=ctx.eos) - base
        scores[c] += mixed_gain(wg, cg, weight=WORD_LM_WEIGHT, cap=WORD_LM_CAP)


def _filled(work: str, a: int, b: int, where, assign) -> str:
    """``work[a:b]`` with each trace's placeholder as its current reading
    (``assign``, by trace index; ``where``: trace index by offset), or as itself before it has one.

    >>> _filled("教" + PLACEHOLDER + "育" + PLACEHOLDER, 0, 4, {1: 0, 3: 1}, {0: "学"})[:3]
    '教学育'
    """
    return "".join(assign.get(where.get(i), work[i]) if work[i] == PLACEHOLDER else work[i] for i in range(a, b))

"""Restorations that stand in one frame: a wording the author chose, not a loss.

A font that lost a glyph loses it in every word it stands in; a glyph that
only one pair of neighbours asks for (水{电}站 throughout a notice on
monitoring stations), only one law's pair (或{者}) or only one organ's suffix
(能源{布}局) asks for, in a text that shows little other loss, is no loss
(:func:`one_frame`; :func:`docfix.engine.guards.hold_back` reports such
restorations and does not apply them).
"""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import AbstractSet, Dict, Mapping, Optional, Sequence, Tuple

from .. import canon
from ..detect import is_han
from ..result import Edit
from ..wordscore import WordScorer, window
from . import tuning as T
from .records import Site

__all__ = ["one_frame", "written_frame", "ORGAN_SUFFIXES"]


def _frame(text: str, off: int) -> Tuple[str, str]:
    """The characters either side of ``off``, past white space (a page's line
    break), any digit as 0 and a mark in its full width: 7.96{万}吨 and
    217.52{万}吨 stand in one frame, and so do 许可制{度}, and 许可制{度}，.

    >>> _frame("小石门\\n\\n水库，217.52吨", 3), _frame("小石门\\n\\n水库，217.52吨", 14)
    (('门', '水'), ('0', '吨'))
    >>> _frame("许可制,我部", 3) == _frame("许可制，我部", 3), _frame("制度", 0), _frame("许可制", 3)
    (True, ('', '制'), ('制', ''))
    """
    a = off - 1
    while a >= 0 and text[a].isspace():
        a -= 1
    b = off
    while b < len(text) and text[b].isspace():
        b += 1
    left = canon.fold_char(text[a]) if a >= 0 else ""
    right = canon.fold_char(text[b]) if b < len(text) else ""
    return ("0" if left.isdigit() else left), ("0" if right.isdigit() else right)


#: an organ's name ends so (能源局, 海河北海局): a glyph restored only before one of them names no loss
ORGAN_SUFFIXES = frozenset("部委局厅院办署")


def one_frame(text: str, sites: Sequence[Site], edits: Sequence[Edit], active: Dict[str, float],
              expected: Dict[str, float]) -> Dict[str, str]:
    """Han glyphs restored two or more times (at least
    :data:`~docfix.engine.tuning.THRESHOLD` confident), every time between the same two
    characters, that the document is expected to write at least
    :data:`~docfix.engine.tuning.FRAME_EXPECTED` times, in a document where at
    most :data:`~docfix.engine.tuning.FRAME_OTHERS` other glyphs are
    :data:`~docfix.engine.tuning.FRAME_LIKELY` likely lost -> that frame
    ("水_站"); or, once or more, always after the same character, making a
    law's pair (:func:`~docfix.engine.guards.register_pairs`; two or more restorations above
    :data:`~docfix.engine.tuning.LONE_CAP`, or two or more confident ones),
    in a document where no other glyph is that likely lost -> "或_"; or always
    before the same organ's suffix (:data:`ORGAN_SUFFIXES`) in such a document
    -> "_局" (能源{布}局, 海河北海{布}局: the names of organs). A font
    that lost a glyph loses
    it in every word it stands in; a glyph only one pair of neighbours asks
    for, however often, in a text that shows little other loss, is a wording
    the author chose (水站 written 88 times in a notice on monitoring
    stations, 工况, 百分百, 5、6号机组; 或 and 应 without 者 and 当 in rules).
    :func:`hold_back` reports, and does not apply, such restorations unless,
    between two characters, the text does not read without them (LM gain at
    least :data:`~docfix.engine.tuning.NAME_GAIN`: 中华{人}民共和国; a law's
    pair reads strong to a model trained on laws: 或{者}整改, +6.2).

    >>> from types import SimpleNamespace as N
    >>> sites = [N(insert="电", offset=1), N(insert="电", offset=5)]
    >>> edits = [N(confidence=0.9), N(confidence=0.9)]
    >>> one_frame("水站，在水站", sites, edits, {"电": 0.9}, {"电": 9.0})
    {'电': '水_站'}
    >>> one_frame("水站，在水场", sites, edits, {"电": 0.9}, {"电": 9.0})
    {}
    >>> sites = [N(insert="者", offset=3), N(insert="者", offset=7)]
    >>> one_frame("逾期或整改，或股份", sites, edits, {"者": 0.9}, {"者": 9.0})
    {'者': '或_'}
    >>> one_frame("逾期或整改，或股份", sites, [N(confidence=0.9), N(confidence=0.55)], {"者": 0.9}, {"者": 9.0})
    {'者': '或_'}
    >>> sites = [N(insert="布", offset=4), N(insert="布", offset=8)]
    >>> one_frame("报告北海局，能源局。", sites, edits, {"布": 0.6}, {"布": 3.0})
    {'布': '_局'}
    """
    frames: Dict[str, set] = defaultdict(set)
    before: Dict[str, set] = defaultdict(set)  # (every site above LONE_CAP)
    n: Counter = Counter()
    weak: Counter = Counter()
    for s_, e_ in zip(sites, edits):
        if len(s_.insert) == 1 and is_han(s_.insert) and e_.confidence > T.LONE_CAP:
            g = canon.fold_char(s_.insert)
            frame = _frame(text, s_.offset)
            before[g].add(frame[0])
            weak[g] += 1
            if e_.confidence >= T.THRESHOLD:
                frames[g].add(frame)
                n[g] += 1
    from .guards import register_pairs  # (guards holds back what this finds)

    likely = {g for g, p in active.items() if p >= T.FRAME_LIKELY}
    out: Dict[str, str] = {}
    for g, f in frames.items():
        if expected.get(g, 0.0) < T.FRAME_EXPECTED:
            continue
        others = len(likely - {g})
        if len(f) == 1 and n[g] > 1 and others <= T.FRAME_OTHERS:
            out[g] = "_".join(next(iter(f)))
        elif others:
            continue
        elif n[g] > 1 and len({b for _, b in f}) == 1 and next(iter(f))[1] in ORGAN_SUFFIXES:
            out[g] = "_" + next(iter(f))[1]  # (海河北海{布}局, 能源{布}局: organs' names, in a text that shows no other loss)
            continue
        # the characters before it: of its confident restorations, two or more; else of its weaker ones
        lefts = {a for a, _ in f} if n[g] > 1 else before[g] if weak[g] > 1 else set()
        if len(lefts) == 1 and (next(iter(lefts)), g) in register_pairs():
            out[g] = next(iter(lefts)) + "_"  # (或_, 应_: a law's wording, in a text that shows no other loss)
    return out


def written_frame(text: str, sites: Sequence[Site], edits: Sequence[Edit], stands: AbstractSet[str],
                  expected: Optional[Dict[str, float]] = None, words: Optional[WordScorer] = None,
                  counts: Optional[Mapping[str, int]] = None) -> Dict[str, str]:
    """The one Han glyph whose two or more confident restorations (``edits``,
    after the other holds; ``stands``: the glyphs that keep one) all stand in
    one frame, in a text that also writes that glyph -> the frame ("0_吨"); or,
    for a glyph ``expected`` under :data:`~docfix.engine.tuning.FRAME_EXPECTED`
    times, in a frame where the text reads as words without it (:func:`_seam`);
    ``counts``: the text's folded characters counted, where the caller has them. A
    font that lost 万 lost it in 90万吨 too; only a second font could have
    kept it there, and that font's lost glyphs would show in the text too: in a
    text where nothing else is restored, 3.98{万}吨/年 beside 90万吨/年 is the
    author's 3.98吨/年, and 淮{南}水北调 beside 江南 the author's 淮水北调.

    >>> from types import SimpleNamespace as N
    >>> text = "扩建90万吨/年，不超过3.98吨/年、108.76吨/年"
    >>> sites = [N(insert="万", offset=16), N(insert="万", offset=26)]
    >>> edits = [N(confidence=0.8), N(confidence=0.8)]
    >>> written_frame(text, sites, edits, {"万"}), written_frame(text, sites, edits, {"万", "年"})
    ({'万': '0_吨'}, {})
    >>> written_frame(text.replace("90万吨", "90吨"), sites, edits, {"万"})
    {}
    """
    g = next(iter(stands)) if len(stands) == 1 else ""
    if not g or not is_han(g):  # (digits share one frame: 2{0}21年 beside （010）)
        return {}
    at = [s_.offset for s_, e_ in zip(sites, edits)
          if e_.confidence >= T.THRESHOLD and len(s_.insert) == 1 and canon.fold_char(s_.insert) == g]
    frames = {_frame(text, off) for off in at}
    if len(frames) != 1 or len(at) < 2:
        return {}
    frame = next(iter(frames))
    if (counts.get(g, 0) if counts is not None else any(canon.fold_char(c) == g for c in text)):
        return {g: "_".join(frame)}
    if words is not None and (expected or {}).get(g, 0.0) < T.FRAME_EXPECTED and all(_seam(text, off, words) for off in at):
        return {g: "_".join(frame)}
    return {}


def _seam(text: str, off: int, words: WordScorer) -> bool:
    """Whether the text reads as words across gap ``off`` as it stands: the
    segmenter puts a boundary there, with a word of two or more characters
    (or a mark) before it and one after it (千伏变电站; not 生环境): a rare glyph
    (expected under once) restored only there adds a word to words, and
    repairs none.

    >>> from docfix.wordscore import WordScorer
    >>> ws = WordScorer({"千伏": 20, "变电站": 30, "环境": 50, "生态": 40})
    >>> _seam("500千伏变电站", 5, ws), _seam("河北省生环境厅", 4, ws)
    (True, False)
    """
    left, right = window(text, off)
    lw = words.segment(left) if left else []
    rw = words.segment(right) if right else []
    # (window stops at a mark: nothing before the gap means a mark or the text's start there)
    return (not lw or len(lw[-1]) > 1) and bool(rw) and len(rw[0]) > 1

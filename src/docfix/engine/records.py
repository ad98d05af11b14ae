"""The records the engine's stages hand each other.

A document is cut into scoring :class:`Unit` s (sentences with Chinese in
them); every position between two tokens of a unit is a *gap*. For a gap the
options stage builds :class:`Option` s (what could be inserted there, with
its evidence); the decoder picks one per gap and turns each gap worth
reporting into a :class:`Site`; calibration turns a site into an
:class:`docfix.result.Edit`. :class:`Analysis` keeps every intermediate
record of one pass (calibration fitting, scripts and tests read it).

These records are public within the engine: :mod:`docfix.engine.calibrate`,
``scripts/fit_calibration.py`` and the tests use their fields.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Dict, List, Optional, Protocol, Sequence, Tuple

from .. import canon
from ..detect import GlyphEvidence
from ..lm import LanguageModel, UnitScores
from ..result import Edit

if TYPE_CHECKING:  # pragma: no cover
    from ..gapnet import GapModel
    from ..wordscore import WordModel, WordScorer

__all__ = ["Resources", "Unit", "units", "Option", "Site", "Analysis", "with_inserts", "context_key", "sentence_of", "HAN_RE",
           "KANA_RE"]


class Resources(Protocol):
    """The loaded models the stages read (a :class:`docfix.restore.Repairer` is one)."""

    lm: LanguageModel
    words: Optional["WordScorer"]  # word-segmentation gains over the lexicons
    word_model: Optional["WordModel"]  # the word n-gram model, when the model ships one
    word_weight: float
    gap: Optional["GapModel"]  # the two-sided gap model, when the model ships one


@dataclass
class Unit:
    """A scoring unit (a sentence with Chinese in it): its tokens, their
    input offsets and the character model's scores (with KenLM states)."""

    pos: List[int]  # input offset of each token
    end: int  # input offset just after the last token
    sc: UnitScores

    @property
    def toks(self) -> List[str]:
        return self.sc.toks

    def offset(self, k: int) -> int:
        return self.pos[k] if k < len(self.pos) else self.end


HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
#: hiragana and katakana (not the prolonged-sound mark alone, nor the middle dot ・ of names)
KANA_RE = re.compile(r"[\u3041-\u3096\u30a1-\u30fa]")


def units(text: str, lm: LanguageModel) -> List[Unit]:
    """The document's scoring units (:func:`docfix.canon.sentences`), scored once."""
    out: List[Unit] = []
    soft = canon.soft_breaks(text)  # (a line wrapped inside a sentence is one unit)
    for s, e in canon.sentences(text, soft):
        if not HAN_RE.search(text, s, e):
            continue  # no Chinese here (English, a row of numbers): nothing to judge a Chinese glyph by
        if KANA_RE.search(text, s, e):
            continue  # Japanese (kana among the kanji): a Chinese model cannot judge it
        toks, pos = canon.unit_tokens(text, s, e, soft)
        if toks:
            out.append(Unit(pos, pos[-1] + 1, lm.unit(toks)))
    return out


@dataclass
class Option:
    """What may be inserted at one gap, with its evidence (all log10)."""

    insert: Tuple[str, ...]
    prior: float  # log10 P(all its glyphs are in the dropped set)
    gain: float  # LM gain against the undecoded unit
    lex: float  # lexicon bonus (log10)
    num: float = 0.0  # number plausibility against leaving the gap empty (log10)
    toc: float = 0.0  # a lost page number: the model's usual cost of one in this contents block

    def __post_init__(self) -> None:
        self._number = all(map("0123456789".__contains__, self.insert))  # (read once per option and hypothesis)

    @property
    def is_number(self) -> bool:
        return self._number

    @property
    def evidence(self) -> float:
        """log10 weight of the option against an empty gap, given its glyphs were dropped."""
        return self.gain + self.lex + self.num + self.toc

    @property
    def weight(self) -> float:
        return self.prior + self.evidence


@dataclass
class Site:
    """A gap worth reporting: the decoded insert (or the best one), its local
    probability against the alternatives, and what calibration reads
    (:func:`docfix.engine.calibrate.site_features`)."""

    offset: int
    insert: str
    prob: float
    p_none: float
    option: Option
    alternatives: List[Tuple[str, float]]
    decoded: bool
    context: str
    siblings: int = 0  # other sites with the same context
    agree: float = 0.0  # share of those whose best insert is the same
    fit: float = 0.0  # how well the model knows the document: mean log10 P per token
    sides: Tuple[Sequence[str], Sequence[str]] = ((), ())  # the undecoded tokens left and right of the gap
    nn: Optional[float] = None  # the gap model's log10 P(insert) / P(nothing) here (Han glyphs)
    rate: float = 0.0  # how common the inserted glyph is: its share of the model's training tokens (the most common one)
    #: the number rules' rating of the insert with the other digits decoded into its number (2{0}2{0}年 is
    #: 2020, not 202); None: the option's own (:attr:`Option.num`)
    num: Optional[float] = None

    @property
    def number_evidence(self) -> float:
        return self.option.num if self.num is None else self.num


@dataclass
class Analysis:
    """One pass over a text: its edits, the dropped-set posterior (as
    reported, in the document's script, and raw), the sites, the evidence per
    candidate glyph and the document's glyph counts."""

    edits: List[Edit]
    posterior: Dict[str, float]
    raw_posterior: Dict[str, float]
    sites: List[Site]
    evidence: Optional[List[GlyphEvidence]] = None
    counts: Optional[Dict[str, int]] = None


def with_inserts(toks: List[str], inserts: Dict[int, Option]) -> Tuple[List[str], Dict[int, int]]:
    """Token list with inserts applied; map from original gap k to new index."""
    seq: List[str] = []
    kmap: Dict[int, int] = {}
    for k in range(len(toks) + 1):
        o = inserts.get(k)
        if o is not None:
            seq.extend(o.insert)
        kmap[k] = len(seq)
        if k < len(toks):
            seq.append(toks[k])
    return seq, kmap


def context_key(text: str, off: int) -> str:
    """Two characters either side of ``off``: identical broken contexts share evidence."""
    return text[max(0, off - 2):off] + "|" + text[off:off + 2]


_SENTENCE_ENDS = "".join(sorted(canon.SENT_END)) + "\n"  # (a line break ends one too)
_SENTENCE_REACH = 400  # characters read either side (a line without a sentence end is cut there)


def sentence_of(text: str, off: int) -> str:
    """The sentence (or line) around offset ``off``: a sentence the document
    repeats (a notice's copy for each city) is the same string each time.

    >>> sentence_of("一、总则。规划环评结论及审查意见；其他", 8)
    '规划环评结论及审查意见；'
    """
    lo, hi = max(0, off - _SENTENCE_REACH), min(len(text), off + _SENTENCE_REACH)
    a = max(max(text.rfind(c, lo, off) for c in _SENTENCE_ENDS) + 1, lo)
    ends = [j for j in (text.find(c, off, hi) for c in _SENTENCE_ENDS) if j >= 0]
    return text[a:min(ends) + 1 if ends else hi]

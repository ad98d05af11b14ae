"""Stage 1 and 3, the lost set: which glyphs may be lost, and how likely each is.

The lost set belongs to the document (a font subset), so every gap is
evidence about it: a glyph whose many gaps want it, and that the document
writes less often than its size predicts, is probably lost
(:func:`docfix.detect.glyph_posteriors`). Counted enumerators are evidence
too: when 1 is lost, a list reads "." "2." … "0." "." where it says 1. 12. … 10. 11.
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property
from typing import Dict, FrozenSet, Iterable, List, Optional, Sequence, Tuple

from .. import numbers
from ..charstats import CharStats
from ..detect import GlyphEvidence, candidate_glyphs, glyph_posteriors
from . import tuning as T
from .document import Document
from .script import in_script

__all__ = ["candidates", "posteriors", "explain_away", "LostSet"]


def candidates(doc: Document, stats: CharStats, dropped: Optional[Iterable[str]]) -> List[Tuple[str, float]]:
    """(glyph, expected count) of the glyphs that may be lost: ``dropped``
    when known, else those the language expects in a text of this size but
    the document lacks (:func:`docfix.detect.candidate_glyphs`)."""
    if dropped is not None:
        return [(g, stats.rate(g) * doc.n_tok) for g in dropped]
    out = candidate_glyphs(doc.counts, doc.n_tok, stats)
    if T.YEAR_EVIDENCE:  # digits the broken years of the document's dates ask for (22年11月12日)
        have = {g for g, _ in out}
        absent = frozenset(d for d in "0123456789" if not doc.counts.get(d) and d not in have)
        out += [(d, stats.rate(d) * doc.n_tok) for d in sorted(numbers.year_losses(doc.numeric, absent))]
    return out


def posteriors(
    evidence: Dict[str, GlyphEvidence], weights: Optional[Sequence[float]], dropped: Optional[Iterable[str]],
    single: Optional[Dict[int, Dict[str, float]]] = None,
) -> Dict[str, float]:
    """P(lost) per candidate glyph from its gaps' evidence (1 for every glyph of a known set);
    ``single`` (gap -> glyph -> LM gain): the gaps, where one glyph may explain another's away."""
    if dropped is not None:
        return {g: 1.0 for g in evidence}
    return explain_away(glyph_posteriors(list(evidence.values()), weights), single or {})


def explain_away(posterior: Dict[str, float], single: Dict[int, Dict[str, float]]) -> Dict[str, float]:
    """``posterior`` with the glyphs another candidate explains away: every
    strong gap of glyph ``g`` (LM gain above :data:`~docfix.engine.tuning.EXPLAIN_STRONG`)
    is one where glyph ``h`` fits too (above :data:`~docfix.engine.tuning.EXPLAIN_FIT`),
    and ``h`` has a strong gap where ``g`` does not fit. A document that lost 持
    shows {持}续 and 坚{持}; 继 fits every {?}续 gap (继续, as the national reports
    write it) and none of 坚{?}: its evidence is 持's, and its odds are multiplied by
    :data:`~docfix.engine.tuning.EXPLAIN_FACTOR`. Only glyphs at least
    :data:`~docfix.engine.tuning.LIKELY` likely take part.

    >>> single = {0: {"继": 3.1, "持": 2.4}, 1: {"继": 2.8, "持": 1.9}, 2: {"持": 4.0, "继": -2.0}}
    >>> {g: round(p, 3) for g, p in explain_away({"继": 0.9, "持": 0.8}, single).items()}
    {'继': 0.083, '持': 0.8}
    >>> explain_away({"继": 0.9, "持": 0.8}, {0: {"继": 3.1, "持": 2.4}})  # (持 has no gap of its own)
    {'继': 0.9, '持': 0.8}
    """
    likely = {g for g, p in posterior.items() if p >= T.LIKELY}
    if len(likely) < 2:
        return posterior
    strong: Dict[str, set] = defaultdict(set)
    fits: Dict[str, set] = defaultdict(set)
    for gap, gains in single.items():
        for g, gain in gains.items():
            if g in likely:
                if gain > T.EXPLAIN_STRONG:
                    strong[g].add(gap)
                if gain > T.EXPLAIN_FIT:
                    fits[g].add(gap)
    out = dict(posterior)
    for g, mine in strong.items():
        if any(h != g and mine <= fits[h] and theirs - fits[g] for h, theirs in strong.items()):
            p = posterior[g]
            out[g] = p * T.EXPLAIN_FACTOR / (p * T.EXPLAIN_FACTOR + 1.0 - p)
    return out


@dataclass
class LostSet:
    """The inferred lost set and what the later stages read of it."""

    posterior: Dict[str, float]  # P(lost) per candidate glyph
    active: Dict[str, float]  # the glyphs that may be restored (posterior at least SET_MIN)
    absent: FrozenSet[str]  # numerals and digits the document never writes
    report: Dict[str, float]  # the posterior as reported: rounded, in the document's script

    @classmethod
    def infer(
        cls,
        doc: Document,
        evidence: Dict[str, GlyphEvidence],
        posterior: Dict[str, float],
        weights: Optional[Sequence[float]],
        dropped: Optional[Iterable[str]],
        single: Optional[Dict[int, Dict[str, float]]] = None,
    ) -> "LostSet":
        """Add the enumerator sequences' evidence to ``posterior`` (inferred
        sets only; ``single``: as :func:`posteriors`) and keep the glyphs likely enough to restore."""
        absent = frozenset(
            g for g in posterior if (g in numbers.CN_NUMERAL_CHARS or g.isdigit()) and not doc.counts.get(g)
        )
        if dropped is None:
            losses = numbers.sequence_losses(doc.numeric, absent) if absent else {}
            if T.YEAR_EVIDENCE:
                for g, n in (numbers.year_losses(doc.numeric, absent) if absent else {}).items():
                    losses[g] = losses.get(g, 0) + n
            for g, n in losses.items():
                evidence[g].gains.extend([T.SEQUENCE_GAIN] * n)
            if losses:
                posterior = explain_away(glyph_posteriors(list(evidence.values()), weights), single or {})
        active = {g: p for g, p in posterior.items() if p >= T.SET_MIN}
        report = in_script({g: round(p, 4) for g, p in posterior.items() if p >= 0.01}, doc.traditional)
        return cls(posterior, active, absent, report)

    @cached_property
    def logp(self) -> Dict[str, float]:
        """log10 P(lost) of the active glyphs."""
        return {g: math.log10(p) for g, p in self.active.items()}

    @cached_property
    def digits(self) -> List[str]:
        """The active digits."""
        return sorted(g for g in self.active if g.isdigit())

    @cached_property
    def year_digits(self) -> Tuple[str, ...]:
        """The digits likely enough lost (0.5) to rebuild the years the document is about."""
        return tuple(g for g in self.digits if self.active[g] >= 0.5)

    @cached_property
    def letters(self) -> List[str]:
        """The active glyphs that are not digits, likeliest first."""
        return sorted((g for g in self.active if not g.isdigit()), key=lambda g: -self.active[g])

    @cached_property
    def numerals(self) -> FrozenSet[str]:
        """Numerals lost everywhere: every gap of an enumerator ("第_条") fits
        any numeral, so the posterior alone over-counts them."""
        return frozenset(g for g in self.absent if self.active.get(g, 0.0) >= T.NUMERAL_LOST)

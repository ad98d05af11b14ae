"""Confidence calibration.

The decoder gives every site a local posterior (its option against the
alternatives, rest of the unit fixed). That number is not yet a probability
that the edit is right: the language model is over-confident in some
contexts, digits are harder than Han characters, siblings in identical
contexts agree or not. A logistic model over a few such features, fitted on
synthetic damage of held-out calibration text (``scripts/fit_calibration.py``,
:func:`docfix.lab.fit.fit_logistic`),
turns it into a calibrated probability. The fitted weights ship next to the
model as ``NAME.calib.json``; without that file the raw posterior is used.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional

from ..canon import fold_char
from ..result import Edit
from .records import Site

__all__ = ["Calibration", "site_features", "SITE_FEATURES"]

SITE_FEATURES = [
    "bias",
    "logit_prob",
    "is_digit",
    "log_glyph_posterior",
    "lexicon",
    "log1p_siblings",
    "agree",
    "decoded",
    "multi",
    "log1p_observed",
    "number_evidence",
    "document_fit",
    "gap_model",
    "glyph_share",
]


#: The gap model's log ratio enters the confidence capped above at this value:
#: it can lower a confidence, not raise it. Where it agrees with the n-gram it
#: adds little, and out of register the two err together (1998 news, clean:
#: 19 false applied edits in 190k chars uncapped, 8 capped at 0, 26 at 1).
GAP_CAP = 0.0


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def _sigmoid(z: float) -> float:
    z = max(min(z, 40.0), -40.0)
    return 1.0 / (1.0 + math.exp(-z))


def site_features(
    site: Site, posterior: Dict[str, float], observed: Optional[Dict[str, int]] = None
) -> List[float]:
    """Features of a proposed site for the confidence model (see ``SITE_FEATURES``)."""
    glyphs = [fold_char(c) for c in site.insert]  # "１" restored where the text writes full width
    pg = min((posterior.get(c, 1e-3) for c in glyphs), default=1e-3)
    obs = max((observed.get(c, 0) for c in glyphs), default=0) if observed else 0
    return [
        1.0,
        _logit(site.prob),
        1.0 if any(c.isdigit() for c in site.insert) else 0.0,
        math.log(max(pg, 1e-3)),
        site.option.lex * 3.0,
        math.log1p(site.siblings),
        site.agree,
        1.0 if site.decoded else 0.0,
        1.0 if len(site.insert) > 1 else 0.0,
        math.log1p(obs),
        max(min(site.number_evidence, 3.0), -3.0),
        # how well the model knows the document (mean log10 P per token, about
        # -1.4 on the calibration text): restorations in text of another register
        # are less often right (1998 news: precision 0.83 before this feature)
        max(min(site.fit, 0.0), -3.0) + 1.4,
        # the gap model reads both sides at once (docfix.gapnet): a veto, see
        # GAP_CAP; 0 where it has no say (digits, runs, other scripts) or there is none
        max(min(site.nn, GAP_CAP), -4.0) if site.nn is not None else 0.0,
        # how common the glyph is (its share of the training tokens, in units
        # of 2.5 %): the commonest glyphs are the most often optional (X的Y / XY)
        min(site.rate * 40.0, 2.0),
    ]


_IDENTITY_SITE = [0.0, 1.0] + [0.0] * (len(SITE_FEATURES) - 2)


@dataclass
class Calibration:
    """Fitted weights for glyph posteriors and site confidences."""

    glyph_weights: Optional[List[float]] = None
    site_weights: Optional[List[float]] = None
    meta: Optional[dict] = None

    @classmethod
    def load(cls, path: Path) -> "Calibration":
        p = Path(path)
        if not p.exists():
            return cls()
        d = json.loads(p.read_text(encoding="utf-8"))
        return cls(d.get("glyph_weights"), d.get("site_weights"), d.get("meta"))

    def save(self, path: Path) -> None:
        Path(path).write_text(
            json.dumps(
                {"glyph_weights": self.glyph_weights, "site_weights": self.site_weights, "meta": self.meta},
                ensure_ascii=False,
                indent=1,
            ),
            encoding="utf-8",
        )

    def confidence(
        self, site: Site, posterior: Dict[str, float], observed: Optional[Dict[str, int]] = None
    ) -> float:
        w = self.site_weights if self.site_weights and len(self.site_weights) == len(SITE_FEATURES) else _IDENTITY_SITE
        f = site_features(site, posterior, observed)
        return _sigmoid(sum(a * b for a, b in zip(w, f)))

    def edit(
        self, site: Site, posterior: Dict[str, float], observed: Optional[Dict[str, int]] = None
    ) -> Edit:
        conf = self.confidence(site, posterior, observed)
        scale = conf / site.prob if site.prob > 0 else 1.0
        alts = [(a, round(min(p * scale, 1.0), 4)) for a, p in site.alternatives]
        return Edit(
            offset=site.offset,
            insert=site.insert,
            confidence=round(conf, 4),
            applied=False,
            alternatives=alts,
            reason=_reason(site, posterior),
        )


def _reason(site: Site, posterior: Dict[str, float]) -> str:
    o = site.option
    parts = [f"LM gain {o.gain:+.1f}"]
    pg = ", ".join(f"{c} p={posterior.get(fold_char(c), 0):.2f}" for c in dict.fromkeys(site.insert))
    parts.append(f"dropped set: {pg}")
    num = site.number_evidence
    if num > 0:
        parts.append(f"number rules favour it ({num:+.1f})")
    elif num < 0:
        parts.append(f"number rules disfavour it ({num:+.1f})")
    if o.lex >= 0.05:
        parts.append(f"the words around it favour it ({o.lex:+.1f})")
    elif o.lex <= -0.05:
        parts.append(f"the words around it disfavour it ({o.lex:+.1f})")
    if o.toc > 0:
        parts.append(f"a lost page number of a contents block (the block's pages cost the model {o.toc:.1f})")
    if site.siblings:
        parts.append(f"{site.siblings} same-context sites, {site.agree:.0%} agree")
    if not site.decoded:
        parts.append("not chosen by the decoder")
    return "; ".join(parts)

"""The repair contract: :class:`Edit` and :class:`Repair`.

An edit puts ``Edit.insert`` at ``Edit.offset``, a code-point index in the
INPUT text, in place of ``Edit.replaces`` (the input's text there: an
extractor's trace such as ``(cid:123)``; ``""`` for a pure insertion, a glyph
lost without a trace). Undoing the applied edits in ``Repair.text`` gives
back the input exactly (:meth:`Repair.original`).

>>> r = Repair("教育局", [Edit(2, "局", 0.9, True, replaces="(cid:7)")], {}, "教育(cid:7)")
>>> r.original()
'教育(cid:7)'
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Dict, List, Tuple

__all__ = ["Edit", "Repair", "apply_edits"]


@dataclass(frozen=True)
class Edit:
    """One proposed restoration: an insertion, or the replacement of a trace.

    Attributes
    ----------
    offset : int
        Code-point index in the input text where ``insert`` goes (before the
        character at ``offset``, or in place of ``replaces``, which starts
        there).
    insert : str
        The restored glyph(s).
    confidence : float
        Calibrated probability that this edit is right.
    applied : bool
        Whether the edit was applied to ``Repair.text`` (confidence at or
        above the threshold).
    alternatives : list of (str, float)
        Other candidate insertions at this offset with their probabilities
        (best first). ``""`` stands for "insert nothing".
    reason : str
        Short human-readable explanation of the evidence.
    replaces : str
        The input text the edit replaces, ``input[offset:offset +
        len(replaces)]``: an extractor's trace of the lost glyph
        (``(cid:123)``, U+FFFD, a control character); ``""`` for an
        insertion.
    kind : str
        ``"restore"``: a glyph restored (or proposed). ``"missing-digit"``:
        a digit was evidently lost here but the text does not say which
        (完成投资4_0亿元); ``confidence`` is the probability that a digit is
        missing, ``insert`` the likeliest one, ``alternatives`` the others;
        never applied.
    """

    offset: int
    insert: str
    confidence: float
    applied: bool
    alternatives: List[Tuple[str, float]] = field(default_factory=list)
    reason: str = ""
    replaces: str = ""
    kind: str = "restore"

    @property
    def end(self) -> int:
        """Input offset just after what the edit replaces (``offset`` for an insertion)."""
        return self.offset + len(self.replaces)

    def to_dict(self) -> Dict[str, Any]:
        """The JSON form of the edit, in plain Python types: the one every
        report uses (``docfix --format json``, :meth:`Repair.to_dict`).

        >>> Edit(1, "0", 0.5, False, [("1", 0.25)], "lm").to_dict()
        {'offset': 1, 'insert': '0', 'confidence': 0.5, 'applied': False, 'alternatives': [['1', 0.25]], 'reason': 'lm', 'replaces': '', 'kind': 'restore'}
        """
        return {
            "offset": int(self.offset),
            "insert": str(self.insert),
            "confidence": json_number(self.confidence),
            "applied": bool(self.applied),
            "alternatives": [[str(a), json_number(p)] for a, p in (self.alternatives or [])],
            "reason": str(self.reason or ""),
            "replaces": str(self.replaces or ""),
            "kind": str(self.kind or "restore"),
        }


def json_number(x: Any) -> float:
    """``x`` as a float for JSON (NaN, which JSON lacks, as 0.0)."""
    v = float(x)
    return 0.0 if math.isnan(v) else v


def apply_edits(text: str, edits: List[Edit], *, only_applied: bool = True) -> str:
    """Apply the edits to ``text`` (an insertion at its offset, a
    replacement in place of the span it replaces).

    >>> apply_edits("222年", [Edit(1, "0", 0.99, True)])
    '2022年'
    >>> apply_edits("2(cid:5)22年", [Edit(1, "0", 0.99, True, replaces="(cid:5)")])
    '2022年'
    """
    out: List[str] = []
    last = 0
    for e in sorted(edits, key=lambda e: (e.offset, e.end)):
        if only_applied and not e.applied:
            continue
        out.append(text[last:e.offset])
        out.append(e.insert)
        last = e.end
    out.append(text[last:])
    return "".join(out)


@dataclass
class Repair:
    """Result of :func:`docfix.repair`.

    Attributes
    ----------
    text : str
        The input with the applied edits inserted.
    edits : list of Edit
        All proposed edits (applied and reported), sorted by offset.
    dropped : dict of str to float
        Posterior probability that each glyph belongs to the document's
        dropped set (only glyphs that were considered are listed).
    input : str
        The input text, unchanged.
    """

    text: str
    edits: List[Edit]
    dropped: Dict[str, float]
    input: str = ""

    @property
    def applied(self) -> List[Edit]:
        return [e for e in self.edits if e.applied]

    @property
    def reported(self) -> List[Edit]:
        return [e for e in self.edits if not e.applied]

    def original(self) -> str:
        """Give back the input: undo the applied edits in ``text``."""
        out: List[str] = []
        pos = 0  # position in self.text
        last = 0  # position in input
        for e in self.applied:
            n = e.offset - last
            out.append(self.text[pos:pos + n])
            out.append(e.replaces)
            pos += n + len(e.insert)
            last = e.end
        out.append(self.text[pos:])
        return "".join(out)

    def to_dict(self) -> Dict[str, Any]:
        return {
            "text": self.text,
            "edits": [e.to_dict() for e in self.edits],
            "dropped": dict(self.dropped),
        }

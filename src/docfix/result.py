"""The repair contract: :class:`Edit` and :class:`Repair`.

Repair only inserts. ``Edit.offset`` is the code-point index in the INPUT
text before which ``Edit.insert`` goes; removing the applied inserts from
``Repair.text`` gives back the input exactly (:meth:`Repair.original`).
"""
from __future__ import annotations

from dataclasses import dataclass, field, asdict
from typing import Any, Dict, List, Tuple

__all__ = ["Edit", "Repair", "apply_edits"]


@dataclass(frozen=True)
class Edit:
    """One proposed insertion.

    Attributes
    ----------
    offset : int
        Code-point index in the input text before which ``insert`` goes.
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
    """

    offset: int
    insert: str
    confidence: float
    applied: bool
    alternatives: List[Tuple[str, float]] = field(default_factory=list)
    reason: str = ""

    def to_dict(self) -> Dict[str, Any]:
        d = asdict(self)
        d["alternatives"] = [[a, p] for a, p in self.alternatives]
        return d


def apply_edits(text: str, edits: List[Edit], *, only_applied: bool = True) -> str:
    """Insert the edits into ``text``.

    >>> apply_edits("222年", [Edit(1, "0", 0.99, True)])
    '2022年'
    """
    out: List[str] = []
    last = 0
    for e in sorted(edits, key=lambda e: e.offset):
        if only_applied and not e.applied:
            continue
        out.append(text[last:e.offset])
        out.append(e.insert)
        last = e.offset
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
        """Give back the input by removing the applied inserts from ``text``."""
        out: List[str] = []
        pos = 0  # position in self.text
        last = 0  # position in input
        for e in self.applied:
            n = e.offset - last
            out.append(self.text[pos:pos + n])
            pos += n + len(e.insert)
            last = e.offset
        out.append(self.text[pos:])
        return "".join(out)

    def to_dict(self) -> Dict[str, Any]:
        return {
            "text": self.text,
            "edits": [e.to_dict() for e in self.edits],
            "dropped": dict(self.dropped),
        }

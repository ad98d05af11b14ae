"""What every output format shares: the :class:`Block` a writer receives
and the :class:`Writer` interface."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Protocol

from ..result import Edit

__all__ = ["Out", "Block", "Writer"]


class Out(Protocol):
    def write(self, text: str) -> Any:
        ...


@dataclass
class Block:
    """One block of a document.

    ``start``: input offset of the block; ``input``/``output``: its text
    before/after; ``edits``: edits with offsets into the WHOLE input;
    ``marks``: for each edit, where it sits in ``output`` (applied: the
    inserted text starts there; reported: it would go there), computed
    from ``edits`` when not given; ``changes``: normalisation changes
    (dicts with input offsets); ``dropped``: glyph posteriors of the block.
    """

    start: int
    input: str
    output: str
    edits: List[Edit] = field(default_factory=list)
    marks: Optional[List[int]] = None
    changes: List[Dict[str, Any]] = field(default_factory=list)
    dropped: Dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.marks is None:
            marks: List[int] = []
            shift = 0
            for e in self.edits:
                marks.append(e.offset - self.start + shift)
                if e.applied:
                    shift += len(e.insert) - len(e.replaces)
            self.marks = marks



class Writer:
    """Base class: ``block()`` for each block in order, then ``end(summary)``."""

    def __init__(self, out: Out, meta: Optional[Dict[str, Any]] = None):
        self.out = out
        self.meta = meta or {}

    def block(self, b: Block) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def end(self, summary: Dict[str, Any]) -> None:
        pass


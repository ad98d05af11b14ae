"""The records of a run, shared by the ``docfix`` command and the batch
pipeline: its settings (:class:`Config`, what a worker needs), each input
(:class:`Item`), where its output goes (:class:`Target`) and how it ended
(:class:`Outcome`)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

from .errors import ExitCode

__all__ = ["Config", "Item", "Target", "Outcome"]


@dataclass
class Config:
    """Everything a worker needs (picklable)."""

    command: str = "repair"  # "repair" | "normalize"
    fmt: str = "text"
    threshold: Optional[float] = None
    model: Optional[str] = None
    lexicon: Optional[List[str]] = None
    normalize: bool = False
    switches: Dict[str, Any] = field(default_factory=dict)
    encoding: Optional[str] = None
    output_encoding: str = "utf-8"  # or "input"
    block_chars: int = 200_000
    debug: bool = False
    password: Optional[str] = None  # of encrypted PDF inputs
    ocr: bool = False  # also correct OCR look-alikes (docfix.ocr)
    shapes: bool = True  # compare unmapped PDF glyphs' shapes with reference fonts (docfix.shapes)


@dataclass
class Item:
    index: int
    name: str  # as shown to the user
    path: Optional[str]  # None: standard input
    rel: str  # relative output name in -o DIR mode
    error: Optional[Tuple[int, str]] = None  # failure found while expanding


@dataclass
class Target:
    kind: str  # "spool" | "file" | "inplace"
    path: str
    backup: Optional[str] = None
    mkdirs: bool = False


@dataclass
class Outcome:
    index: int
    name: str
    code: int = 0
    message: str = ""
    chars: int = 0
    applied: int = 0
    reported: int = 0
    changes: int = 0
    spool: Optional[str] = None
    seconds: float = 0.0
    skipped: bool = False  # finished by an earlier run (resumed batch)

    @property
    def ok(self) -> bool:
        return self.code == 0

    @property
    def fatal(self) -> bool:
        # the model/engine cannot load: every other input would fail the same way
        return self.code == ExitCode.RESOURCES

"""Locate the shipped default model and lexicons.

Search order: the environment (``DOCFIX_MODEL``, ``DOCFIX_LEXICON_DIR``), the
installed package's ``data/`` folder, then the source checkout's ``models/``
and ``lexicons/`` folders. Nothing is ever downloaded.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import List, Optional

__all__ = ["default_model_path", "lexicon_paths", "data_dirs"]

_PKG = Path(__file__).resolve().parent
_ROOT = _PKG.parent.parent  # src/docfix -> repository root in a checkout


def data_dirs(kind: str) -> List[Path]:
    """Candidate folders for ``kind`` ("models" or "lexicons")."""
    return [_PKG / "data", _ROOT / kind]


def default_model_path() -> Optional[Path]:
    env = os.environ.get("DOCFIX_MODEL")
    if env:
        return Path(env)
    for d in data_dirs("models"):
        p = d / "default.klm"
        if p.exists():
            return p
    return None


#: Files of the lexicons folder that are data of other rules, not word lists.
OTHER_LEXICON_DATA = ("ocr_confusions.txt", "register_pairs.txt", "register_prefixes.txt", "latin_tokens.txt",
                      "web_tokens.txt", "regions.txt", "surnames.txt")


def data_lines(name: str) -> List[str]:
    """The lines of ``lexicons/NAME`` (the first data folder that has it) but blank
    lines and ``#`` comments; ``[]`` where no folder has it."""
    for d in data_dirs("lexicons"):
        p = d / name
        if p.exists():
            return [line for line in p.read_text(encoding="utf-8").splitlines()
                    if line.strip() and not line.startswith("#")]
    return []


def lexicon_files(folder: Path) -> List[Path]:
    """The word lists of a lexicon folder: its ``*.txt`` files but the rules' data
    (:data:`OTHER_LEXICON_DATA`), general before domain before the rest."""
    order = {"general.txt": 0, "domain.txt": 1}
    return sorted((p for p in Path(folder).glob("*.txt") if p.name not in OTHER_LEXICON_DATA),
                  key=lambda p: (order.get(p.name, 2), p.name))


def lexicon_paths() -> List[Path]:
    """Paths of the general and domain lexicons that exist."""
    env = os.environ.get("DOCFIX_LEXICON_DIR")
    dirs = [Path(env)] if env else data_dirs("lexicons")
    for d in dirs:
        found = [d / n for n in ("general.txt", "domain.txt") if (d / n).exists()]
        if found:
            return found
    return []

"""The documented train / held-out split of the training material.

Every tool that learns from text (``docfix train``, the lexicon miner) uses
:func:`is_heldout`, and the benchmark evaluates only on held-out lines, so no
model or lexicon is ever trained on evaluation text.

* Corpus files (``gwr_national.txt``, ``gwr_prov2026.txt``, ``laws.txt``):
  line ``i`` (0-based) is held out when ``i % 20 == 19`` (5 %). Held-out
  lines alternate between two parts: ``(i // 20) % 2 == 0`` is the
  *calibration* part (used only to fit the engine's confidence calibration,
  :func:`calibration_lines`) and the rest is the *test* part (used only by the
  benchmark, the second element of :func:`split_lines`).
* Clean seeds (``000``, ``002``, ``003``, ``004``): the last 30 % of each
  file's lines are held out.
* Seed ``001`` (real damage) is evaluation material only: never trained on.
* ``policy_docs.txt`` (State Council and ministry notices) is the *unseen
  source* of the benchmarks (``benchmarks/clean_unseen.py``, the trace bench,
  the leave-one-source-out rows): evaluation material only, so that
  ``models/build.sh`` over the whole corpus folder builds the shipped model
  from the sources it was built from.

>>> is_heldout("gwr_national.txt", 19), is_heldout("gwr_national.txt", 18)
(True, False)
>>> is_heldout("001_e6150501fb08fba2.txt", 0), is_heldout("policy_docs.txt", 18)
(True, True)
>>> is_calibration("laws.txt", 19), is_calibration("laws.txt", 39)
(True, False)
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator, List, Tuple, Union

__all__ = ["is_heldout", "is_calibration", "split_lines", "calibration_lines", "NEVER_TRAIN", "SEED_HELDOUT_FRACTION"]

#: Files that are evaluation material only (seed 001, the unseen source).
NEVER_TRAIN = ("001_e6150501fb08fba2", "policy_docs")
SEED_HELDOUT_FRACTION = 0.30
CORPUS_MODULUS = 20


def _is_seed(name: str) -> bool:
    return len(name) > 4 and name[:3].isdigit() and name[3] == "_"


def is_heldout(name: str, index: int, n_lines: int = 0) -> bool:
    """Whether line ``index`` of file ``name`` (basename) is held out.

    ``n_lines`` (the file's line count) is needed for seed files.
    """
    stem = Path(name).stem
    if stem in NEVER_TRAIN:
        return True
    if _is_seed(stem):
        if n_lines <= 0:
            raise ValueError("n_lines is required for seed files")
        return index >= int(n_lines * (1 - SEED_HELDOUT_FRACTION))
    return index % CORPUS_MODULUS == CORPUS_MODULUS - 1


def is_calibration(name: str, index: int, n_lines: int = 0) -> bool:
    """Whether line ``index`` belongs to the calibration part of the held-out text."""
    stem = Path(name).stem
    if _is_seed(stem) or stem in NEVER_TRAIN:
        return False
    return is_heldout(name, index, n_lines) and (index // CORPUS_MODULUS) % 2 == 0


def split_lines(path: Union[str, Path]) -> Tuple[List[str], List[str]]:
    """Read ``path`` and return ``(train_lines, test_lines)``.

    Calibration lines (see :func:`calibration_lines`) are in neither list.
    """
    p = Path(path)
    lines = p.read_text(encoding="utf-8").splitlines()
    train: List[str] = []
    held: List[str] = []
    for i, line in enumerate(lines):
        if not is_heldout(p.name, i, len(lines)):
            train.append(line)
        elif not is_calibration(p.name, i, len(lines)):
            held.append(line)
    return train, held


def calibration_lines(path: Union[str, Path]) -> List[str]:
    """The held-out lines of ``path`` reserved for fitting confidence calibration."""
    p = Path(path)
    lines = p.read_text(encoding="utf-8").splitlines()
    return [l for i, l in enumerate(lines) if is_calibration(p.name, i, len(lines))]


def iter_train_lines(path: Union[str, Path]) -> Iterator[str]:
    """The training lines of ``path`` (none for evaluation-only files)."""
    yield from split_lines(path)[0]

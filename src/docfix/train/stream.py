"""The training stream: options, source weights, canonical sentences, perplexity.

>>> parse_weight("gwr_national.txt=3")
('gwr_national.txt', 3)
>>> prune_for(4, (0, 0, 1, 1, 1, 1))
(0, 0, 1, 1)
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, Optional, Sequence, Tuple, Union

from ..canon import training_line
from .tools import REPO, PathLike

__all__ = [
    "noop",
    "parse_weight",
    "prune_for",
    "weight_of",
    "sha256",
    "canonical_sentences",
    "rel_path",
    "perplexity",
]


def noop(_msg: str) -> None:
    pass


def parse_weight(spec: str) -> Tuple[str, int]:
    """Parse ``FILE=K`` (K a positive integer repeat count)."""
    name, sep, k = spec.rpartition("=")
    if not sep or not name:
        raise ValueError(f"weight {spec!r} is not FILE=K")
    try:
        n = int(k)
    except ValueError:
        raise ValueError(f"weight {spec!r}: K must be a positive integer") from None
    if n < 1:
        raise ValueError(f"weight {spec!r}: K must be a positive integer")
    return name, n


def prune_for(order: int, prune: Optional[Sequence[int]]) -> Tuple[int, ...]:
    """Pruning thresholds for ``order``: truncated to ``order`` entries."""
    if not prune:
        return ()
    p = tuple(int(x) for x in prune)[:order]
    if p[0] != 0:
        raise ValueError("unigram pruning is not supported: the first --prune value must be 0")
    if any(b < a for a, b in zip(p, p[1:])):
        raise ValueError(f"--prune thresholds must be non-decreasing, got {list(p)}")
    return p


def weight_of(path: Path, weights: Optional[Mapping[Any, int]]) -> int:
    """Repeat count for ``path``: matched by the path as given, resolved path, name or stem."""
    if not weights:
        return 1
    keys = {str(path), str(path.resolve()), path.name, path.stem}
    for k, v in weights.items():
        ks = str(k)
        if ks in keys or str(Path(ks).resolve()) == str(path.resolve()):
            return int(v)
    return 1


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def canonical_sentences(lines: Iterable[str]) -> Iterator[str]:
    for line in lines:
        yield from training_line(line)



def rel_path(path: Path) -> str:
    """``path`` relative to the repository root (portable metadata)."""
    try:
        return os.path.relpath(path.resolve(), REPO)
    except ValueError:  # another drive (Windows)
        return str(path)


# --------------------------------------------------------------------------- scoring


def perplexity(
    model_path: Union[PathLike, Any],
    lines: Iterable[str],
    *,
    canonical: bool = False,
) -> float:
    """Per-token perplexity of a model on text, counting ``</s>`` as a token.

    Parameters
    ----------
    model_path
        Path of a KenLM model (``.klm`` or ARPA), or an already loaded
        ``kenlm.Model``.
    lines
        Raw text lines, folded with :func:`docfix.canon.training_line`; or,
        with ``canonical=True``, space-separated token sentences as written
        for ``lmplz``.
    canonical
        Whether ``lines`` are already canonical sentences.

    Returns
    -------
    float
        ``10 ** (-sum(log10 p) / n_tokens)`` over all sentences.

    Raises
    ------
    ValueError
        When ``lines`` hold no tokens.
    """
    import kenlm

    model = model_path if hasattr(model_path, "score") else kenlm.Model(str(model_path))
    sents = lines if canonical else canonical_sentences(lines)
    total = 0.0
    n = 0
    for s in sents:
        s = s.strip()
        if not s:
            continue
        total += model.score(s, bos=True, eos=True)
        n += s.count(" ") + 2  # tokens + </s>
    if n == 0:
        raise ValueError("no text to compute perplexity on")
    return float(10.0 ** (-total / n))

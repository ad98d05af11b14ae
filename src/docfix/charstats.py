"""Character unigram and bigram statistics that ship next to the KenLM model.

KenLM answers "how likely is this string"; the restoration engine also needs
"which glyph could fill this gap", for every gap and every candidate glyph at
once. The bigram table lets it screen all (gap, glyph) pairs with numpy before
exact KenLM scoring, and the unigram counts give each glyph's prior rate.

Built by ``docfix train`` from the same canonical token stream as the model
(:func:`docfix.canon.training_line`) and saved as ``NAME.npz``.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterable, Optional, Union

import numpy as np

__all__ = ["CharStats", "count_chars"]

BOS = "<s>"
EOS = "</s>"


@dataclass
class CharStats:
    """Unigram and bigram counts over canonical tokens.

    ``chars[0]`` is ``<s>`` and ``chars[1]`` is ``</s>``; the rest are sorted
    by descending count.
    """

    chars: np.ndarray  # dtype '<U4' (tokens)
    unigram: np.ndarray  # int64, counts
    bigram_a: np.ndarray  # int32 index into chars
    bigram_b: np.ndarray  # int32
    bigram_n: np.ndarray  # int32 counts
    #: float64 per token: its rate in a register-balanced mix of the sources
    #: (``scripts/register_rates.py``), or None: the training stream's own
    rates: Optional[np.ndarray] = None

    def __post_init__(self) -> None:
        self.chars_list: list = [str(c) for c in self.chars.tolist()]
        self.index: Dict[str, int] = {c: i for i, c in enumerate(self.chars_list)}
        self.total = int(self.unigram[2:].sum())
        if self.rates is None:
            self.rates = self.unigram.astype(np.float64) / max(self.total, 1)
            self.rates[:2] = 0.0
        #: token indices by descending rate (boundaries excluded)
        self.by_rate = [int(i) for i in np.argsort(-self.rates[2:], kind="stable") + 2]

    def rate(self, c: str) -> float:
        """Expected share of token ``c`` among the (non-boundary) tokens of a
        document: its relative frequency in the training stream, or in the
        register-balanced mix where the model ships one."""
        i = self.index.get(c)
        return 0.0 if i is None else float(self.rates[i])  # type: ignore[index]

    def save(self, path: Union[str, Path], *, balanced_rates: bool = False) -> None:
        extra = {"rates": self.rates} if balanced_rates else {}
        np.savez_compressed(
            path,
            chars=self.chars,
            unigram=self.unigram,
            bigram_a=self.bigram_a,
            bigram_b=self.bigram_b,
            bigram_n=self.bigram_n,
            **extra,
        )

    @classmethod
    def load(cls, path: Union[str, Path]) -> "CharStats":
        with np.load(path) as z:
            return cls(
                chars=z["chars"],
                unigram=z["unigram"],
                bigram_a=z["bigram_a"],
                bigram_b=z["bigram_b"],
                bigram_n=z["bigram_n"],
                rates=z["rates"] if "rates" in z.files else None,
            )


def count_chars(sentences: Iterable[str], *, min_bigram: int = 1) -> CharStats:
    """Count tokens and adjacent token pairs of space-separated sentences.

    >>> s = count_chars(["教 育", "教 学"])
    >>> int(s.unigram[s.index["教"]]), s.rate("育")
    (2, 0.25)
    """
    uni: Counter = Counter()
    bi: Counter = Counter()
    for sent in sentences:
        toks = [BOS] + sent.split() + [EOS]
        uni.update(toks[1:-1])
        uni[BOS] += 1
        uni[EOS] += 1
        bi.update(zip(toks, toks[1:]))
    order = [BOS, EOS] + [c for c, _ in uni.most_common() if c not in (BOS, EOS)]
    idx = {c: i for i, c in enumerate(order)}
    pairs = [(idx[a], idx[b], n) for (a, b), n in bi.items() if n >= min_bigram]
    arr = np.array(pairs, dtype=np.int64).reshape(-1, 3)
    return CharStats(
        chars=np.array(order),
        unigram=np.array([uni[c] for c in order], dtype=np.int64),
        bigram_a=arr[:, 0].astype(np.int32),
        bigram_b=arr[:, 1].astype(np.int32),
        bigram_n=arr[:, 2].astype(np.int32),
    )

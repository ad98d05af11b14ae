"""Pure scoring functions of the benchmark (no I/O, no models).

A *site* is a place where glyphs go back: ``offset`` (code-point index in the
damaged text before which the insert goes) and ``insert`` (the glyphs).
Gold and predicted sites are compared site by site:

* detection: a predicted site is right when the gold has a site at its offset;
* correction: right when the gold has a site at its offset with exactly the
  same insert.

Each site has a class, the class of its first glyph (``digit``, ``cjk``,
``latin``, else ``other``). Per-class precision counts the predicted sites of
that class (by their predicted insert), per-class recall the gold sites of
that class (by their gold insert). *Neutral* offsets (uncertain gold) take no
part: a prediction there is neither right nor wrong, and a missed neutral site
is not a miss.

>>> s = score_sites({1: "0", 5: "信"}, {1: "0", 5: "文", 9: "1"})
>>> s["correction"]["all"].as_tuple()
(1, 3, 1, 2)
>>> round(s["correction"]["all"].f1, 3), round(s["detection"]["all"].f1, 3)
(0.4, 0.8)
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

__all__ = [
    "CLASSES",
    "BINS",
    "char_class",
    "site_class",
    "PRF",
    "merge_sites",
    "score_sites",
    "jaccard",
    "calibration",
    "per_10k",
    "safe_ratio",
]

#: Site classes reported separately (``other`` counts only in the overall figures).
CLASSES = ("digit", "cjk", "latin")

#: Confidence bins for calibration: [0,.5), [.5,.7), [.7,.9), [.9,.97), [.97,1].
BINS: Tuple[float, ...] = (0.0, 0.5, 0.7, 0.9, 0.97, 1.0)


def _is_han(c: str) -> bool:
    o = ord(c)
    return (
        0x4E00 <= o <= 0x9FFF
        or 0x3400 <= o <= 0x4DBF
        or 0x20000 <= o <= 0x323AF
        or 0xF900 <= o <= 0xFAFF
        or o == 0x3007  # 〇
    )


def char_class(c: str) -> str:
    """Class of one character: ``digit``, ``cjk``, ``latin`` or ``other``.

    >>> [char_class(c) for c in "0２教Ab，"]
    ['digit', 'digit', 'cjk', 'latin', 'latin', 'other']
    """
    if not c:
        return "other"
    o = ord(c)
    if 0x30 <= o <= 0x39 or 0xFF10 <= o <= 0xFF19:
        return "digit"
    if 0x41 <= o <= 0x5A or 0x61 <= o <= 0x7A or 0xFF21 <= o <= 0xFF3A or 0xFF41 <= o <= 0xFF5A:
        return "latin"
    if _is_han(c):
        return "cjk"
    if c.isdigit() and unicodedata.category(c) == "Nd":
        return "digit"
    return "other"


def site_class(insert: str) -> str:
    """Class of a site: the class of its first glyph (mixed inserts go by the first).

    >>> site_class("10"), site_class("信息"), site_class("1号"), site_class("")
    ('digit', 'cjk', 'digit', 'other')
    """
    return char_class(insert[:1])


@dataclass
class PRF:
    """Counts behind precision / recall / F1.

    ``tp_pred`` of ``n_pred`` predicted sites are right; ``tp_gold`` of
    ``n_gold`` gold sites are found. (They differ only for per-class
    detection, where a predicted and a gold site at one offset may have
    different classes.) Figures with an empty denominator are ``None``.

    >>> m = PRF(2, 4, 2, 3)
    >>> m.precision, round(m.recall, 4), round(m.f1, 4)
    (0.5, 0.6667, 0.5714)
    >>> PRF(0, 0, 0, 5).f1, PRF(0, 0, 0, 0).f1
    (0.0, None)
    """

    tp_pred: int = 0
    n_pred: int = 0
    tp_gold: int = 0
    n_gold: int = 0

    @property
    def precision(self) -> Optional[float]:
        return self.tp_pred / self.n_pred if self.n_pred else None

    @property
    def recall(self) -> Optional[float]:
        return self.tp_gold / self.n_gold if self.n_gold else None

    @property
    def f1(self) -> Optional[float]:
        p, r = self.precision, self.recall
        if p is None and r is None:
            return None
        p = p or 0.0
        r = r or 0.0
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)

    def __add__(self, other: "PRF") -> "PRF":
        return PRF(
            self.tp_pred + other.tp_pred,
            self.n_pred + other.n_pred,
            self.tp_gold + other.tp_gold,
            self.n_gold + other.n_gold,
        )

    def as_tuple(self) -> Tuple[int, int, int, int]:
        return (self.tp_pred, self.n_pred, self.tp_gold, self.n_gold)

    def to_dict(self) -> Dict[str, Optional[float]]:
        return {
            "tp_pred": self.tp_pred,
            "n_pred": self.n_pred,
            "tp_gold": self.tp_gold,
            "n_gold": self.n_gold,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


def merge_sites(pairs: Iterable[Tuple[int, str]]) -> Dict[int, str]:
    """Turn ``(offset, insert)`` pairs into one site per offset; inserts at one
    offset are concatenated in the given order.

    >>> merge_sites([(3, "2"), (1, "0"), (3, "1")])
    {1: '0', 3: '21'}
    """
    out: Dict[int, str] = {}
    for off, ins in pairs:
        if not ins:
            continue
        out[off] = out.get(off, "") + ins
    return dict(sorted(out.items()))


def score_sites(
    gold: Mapping[int, str],
    pred: Mapping[int, str],
    *,
    neutral: Iterable[int] = (),
) -> Dict[str, Dict[str, PRF]]:
    """Detection and correction counts, overall and per class.

    Returns ``{"detection": {"all": PRF, "digit": PRF, ...}, "correction": {...}}``.

    >>> s = score_sites({1: "0", 4: "信"}, {1: "00", 4: "信", 7: "x"}, neutral=[7])
    >>> s["detection"]["all"].as_tuple(), s["correction"]["all"].as_tuple()
    ((2, 2, 2, 2), (1, 2, 1, 2))
    >>> s["correction"]["digit"].as_tuple(), s["correction"]["cjk"].as_tuple()
    ((0, 1, 0, 1), (1, 1, 1, 1))
    """
    neu = set(neutral)
    g = {o: s for o, s in gold.items() if o not in neu and s}
    p = {o: s for o, s in pred.items() if o not in neu and s}
    out: Dict[str, Dict[str, PRF]] = {}
    for kind in ("detection", "correction"):
        per = {k: PRF() for k in ("all",) + CLASSES + ("other",)}

        def ok(o: int, s: str, other: Mapping[int, str]) -> bool:
            if o not in other:
                return False
            return kind == "detection" or other[o] == s

        for o, s in p.items():
            hit = int(ok(o, s, g))
            for k in ("all", site_class(s)):
                per[k].n_pred += 1
                per[k].tp_pred += hit
        for o, s in g.items():
            hit = int(ok(o, s, p))
            for k in ("all", site_class(s)):
                per[k].n_gold += 1
                per[k].tp_gold += hit
        out[kind] = per
    return out


def jaccard(a: Iterable[str], b: Iterable[str]) -> float:
    """Jaccard similarity of two sets; two empty sets agree fully (1.0).

    >>> jaccard("012", "01信"), jaccard([], []), jaccard([], "0")
    (0.5, 1.0, 0.0)
    """
    sa, sb = set(a), set(b)
    if not sa and not sb:
        return 1.0
    return len(sa & sb) / len(sa | sb)


def calibration(
    items: Iterable[Tuple[float, bool]],
    bins: Sequence[float] = BINS,
) -> Dict[str, object]:
    """Precision per confidence bin and expected calibration error.

    ``items`` are ``(confidence, correct)`` pairs. Bins are half-open
    ``[lo, hi)`` except the last, which includes its upper edge. ECE is
    ``sum_b n_b / N * |precision_b - mean_confidence_b|`` over non-empty bins
    (``None`` without items).

    >>> c = calibration([(0.95, True), (0.95, False), (0.99, True), (0.2, False)])
    >>> [(b["lo"], b["n"], b["precision"]) for b in c["bins"] if b["n"]]
    [(0.0, 1, 0.0), (0.9, 2, 0.5), (0.97, 1, 1.0)]
    >>> round(c["ece"], 4)
    0.2775
    """
    edges = list(bins)
    nb = len(edges) - 1
    n = [0] * nb
    right = [0] * nb
    conf = [0.0] * nb
    for c, ok in items:
        c = min(max(float(c), edges[0]), edges[-1])
        b = nb - 1
        for i in range(nb):
            if c < edges[i + 1]:
                b = i
                break
        n[b] += 1
        right[b] += int(bool(ok))
        conf[b] += c
    total = sum(n)
    out_bins: List[Dict[str, object]] = []
    ece = 0.0
    for i in range(nb):
        prec = right[i] / n[i] if n[i] else None
        mc = conf[i] / n[i] if n[i] else None
        if n[i]:
            ece += n[i] / total * abs(prec - mc)  # type: ignore[operator]
        out_bins.append(
            {"lo": edges[i], "hi": edges[i + 1], "n": n[i], "correct": right[i], "precision": prec, "mean_confidence": mc}
        )
    return {"bins": out_bins, "ece": ece if total else None, "n": total}


def per_10k(count: int, chars: int) -> Optional[float]:
    """Rate per 10,000 characters (``None`` without characters).

    >>> per_10k(3, 20000)
    1.5
    """
    return count * 10000.0 / chars if chars else None


def safe_ratio(a: Optional[float], b: Optional[float]) -> Optional[float]:
    """``a / b``, or ``None`` when either is missing or ``b`` is 0.

    >>> safe_ratio(1.0, 4.0), safe_ratio(1.0, 0.0), safe_ratio(None, 1.0)
    (0.25, None, None)
    """
    if a is None or b is None or b == 0:
        return None
    return a / b

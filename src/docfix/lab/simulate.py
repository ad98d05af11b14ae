"""Damage simulator: drop glyphs from clean text the way broken PDF fonts do.

When a PDF font's glyph-to-Unicode map is broken, the extractor loses every
occurrence of the glyphs of that font subset: usually some digits (``0``,
``1``, ...), a handful to a score of Chinese characters, now and then Latin
letters. Documents that mix fonts lose only some occurrences (the ones set
in the broken font), and many documents lose nothing at all.

:func:`simulate` reproduces this on clean text and returns the damaged text
with the gold repair in the terms of the repair contract
(:mod:`docfix.result`): a list of ``(offset, insert)`` sites where ``offset``
is the code-point index in the DAMAGED text before which ``insert`` goes.
Consecutive dropped characters form one site (a maximal run of dropped
characters between kept ones).

>>> d = simulate("2021年，全市教育。", seed=1, glyphs="01")
>>> d.damaged
'22年，全市教育。'
>>> d.gold
[(1, '0'), (2, '1')]
>>> d.restore() == d.original
True
>>> d = simulate("2100年", seed=1, glyphs="01")
>>> d.damaged, d.gold
('2年', [(1, '100')])
"""
from __future__ import annotations

import math
import random
from collections import Counter
from dataclasses import dataclass
from typing import Dict, FrozenSet, Iterable, List, Optional, Sequence, Tuple, Union

from .metrics import char_class

__all__ = ["Damage", "simulate", "choose_glyphs", "realistic_glyphs", "drop", "gold_sites"]

Range = Union[float, Tuple[float, float]]


@dataclass(frozen=True)
class Damage:
    """Result of :func:`simulate`.

    Attributes
    ----------
    original : str
        The clean input.
    damaged : str
        ``original`` with the dropped occurrences removed.
    gold : list of (int, str)
        Gold repair sites, sorted by offset: ``offset`` into ``damaged``
        before which ``insert`` goes.
    dropped : frozenset of str
        Glyphs of which at least one occurrence was dropped (the true dropped
        set as far as the text shows it).
    glyphs : frozenset of str
        The glyph set the simulated font lost (a superset of ``dropped`` when
        ``drop_rate`` < 1 or some glyph does not occur).
    drop_rate : float
        Probability with which each occurrence of a lost glyph was dropped
        (1.0: all of them; 0.0: a clean document).
    """

    original: str
    damaged: str
    gold: List[Tuple[int, str]]
    dropped: FrozenSet[str]
    glyphs: FrozenSet[str]
    drop_rate: float

    @property
    def clean(self) -> bool:
        """Whether nothing was dropped."""
        return not self.gold

    @property
    def sites(self) -> Dict[int, str]:
        """The gold sites as a mapping ``offset -> insert``."""
        return dict(self.gold)

    @property
    def n_dropped(self) -> int:
        """Number of dropped characters."""
        return len(self.original) - len(self.damaged)

    def restore(self) -> str:
        """Apply the gold inserts to ``damaged`` (gives back ``original``)."""
        return apply_sites(self.damaged, self.gold)


def apply_sites(text: str, sites: Iterable[Tuple[int, str]]) -> str:
    """Insert ``(offset, insert)`` sites into ``text``.

    >>> apply_sites("222年", [(1, "0")])
    '2022年'
    """
    out: List[str] = []
    last = 0
    for off, ins in sorted(sites, key=lambda s: s[0]):
        out.append(text[last:off])
        out.append(ins)
        last = off
    out.append(text[last:])
    return "".join(out)


def gold_sites(original: str, drop_mask: Sequence[bool]) -> Tuple[str, List[Tuple[int, str]]]:
    """Damaged text and gold sites when the characters flagged in ``drop_mask`` are removed.

    >>> gold_sites("2021", [False, True, False, True])
    ('22', [(1, '0'), (2, '1')])
    >>> gold_sites("a12b", [False, True, True, False])
    ('ab', [(1, '12')])
    """
    kept: List[str] = []
    sites: List[Tuple[int, str]] = []
    run: List[str] = []
    for c, dropped in zip(original, drop_mask):
        if dropped:
            run.append(c)
            continue
        if run:
            sites.append((len(kept), "".join(run)))
            run = []
        kept.append(c)
    if run:
        sites.append((len(kept), "".join(run)))
    return "".join(kept), sites


def _weighted_sample(rng: random.Random, counts: Dict[str, int], k: int, power: float) -> List[str]:
    """``k`` distinct items drawn without replacement with weight ``count**power``
    (Efraimidis-Spirakis keys; deterministic given ``rng``'s state)."""
    if k <= 0 or not counts:
        return []
    items = sorted(counts, key=lambda c: (-counts[c], c))
    keyed = []
    for c in items:
        w = float(counts[c]) ** power
        u = rng.random()
        keyed.append((math.log(max(u, 1e-300)) / w, c))
    keyed.sort(reverse=True)
    return [c for _, c in keyed[:k]]


def _draw_int(rng: random.Random, r: Union[int, Tuple[int, int]]) -> int:
    if isinstance(r, (tuple, list)):
        lo, hi = int(r[0]), int(r[1])
        return rng.randint(min(lo, hi), max(lo, hi))
    return int(r)


def _draw_rate(rng: random.Random, r: Range) -> float:
    if isinstance(r, (tuple, list)):
        lo, hi = float(r[0]), float(r[1])
        return rng.uniform(min(lo, hi), max(lo, hi))
    return float(r)


def choose_glyphs(
    text: str,
    rng: random.Random,
    *,
    n_cjk: Union[int, Tuple[int, int]] = (3, 20),
    digits: float = 0.8,
    n_digits: Union[int, Tuple[int, int]] = (1, 4),
    latin_prob: float = 0.15,
    n_latin: Union[int, Tuple[int, int]] = (1, 3),
    weight_power: float = 1.0,
) -> FrozenSet[str]:
    """Pick a glyph set the way font-subset failures look.

    Only characters present in ``text`` are chosen. With probability
    ``digits`` the set has ``n_digits`` digits; it always has ``n_cjk`` Han
    characters (fewer if the text has fewer); with probability ``latin_prob``
    it has ``n_latin`` Latin letters. Within each class, glyphs are drawn
    without replacement with probability proportional to
    ``count_in_text ** weight_power``, so frequent glyphs (``0``, ``1``,
    ``2`` in dated documents; common Han characters) are lost most often.

    >>> g = choose_glyphs("2022年教育教育发展" * 5, random.Random(0), n_cjk=2, digits=1.0, n_digits=1)
    >>> len(g), sum(c.isdigit() for c in g)
    (3, 1)
    """
    counts: Dict[str, Counter] = {"digit": Counter(), "cjk": Counter(), "latin": Counter()}
    for c, n in Counter(text).items():
        k = char_class(c)
        if k in counts:
            counts[k][c] = n
    chosen: List[str] = []
    # draw in a fixed order so that the result is deterministic given rng
    take_digits = rng.random() < digits
    k_digits = _draw_int(rng, n_digits)
    if take_digits:
        chosen += _weighted_sample(rng, counts["digit"], k_digits, weight_power)
    k_cjk = _draw_int(rng, n_cjk)
    chosen += _weighted_sample(rng, counts["cjk"], k_cjk, weight_power)
    take_latin = rng.random() < latin_prob
    k_latin = _draw_int(rng, n_latin)
    if take_latin:
        chosen += _weighted_sample(rng, counts["latin"], k_latin, weight_power)
    return frozenset(chosen)


def realistic_glyphs(text: str, rng: random.Random) -> List[str]:
    """A lost set like a broken font subset's: 4-14 glyphs of the document's
    own, none of its 20 most common, ranks drawn log-uniformly below that."""
    counts = Counter(c for c in text if not c.isspace())
    ranked = [c for c, _ in counts.most_common()]
    if len(ranked) < 25:
        return []
    k = rng.randint(4, 14)
    lo, hi = math.log(20), math.log(min(len(ranked), 2000))
    out: List[str] = []
    while len(out) < k:
        r = int(math.exp(rng.uniform(lo, hi)))
        c = ranked[min(r, len(ranked) - 1)]
        if c not in out:
            out.append(c)
    return out


def drop(
    text: str, glyphs: Iterable[str], rng: random.Random, drop_rate: float = 1.0, *, by_paragraph: bool = False
) -> Tuple[str, List[Tuple[int, str]], FrozenSet[str]]:
    r"""Remove occurrences of ``glyphs`` (each with probability ``drop_rate``;
    ``by_paragraph``: every occurrence in a share ``drop_rate`` of the
    paragraphs, as a document whose paragraphs use two fonts loses them).

    Returns ``(damaged, gold_sites, dropped_glyphs)``.

    >>> drop("教育信息化", "信", random.Random(0))
    ('教育息化', [(2, '信')], frozenset({'信'}))
    >>> drop("信息\n信息\n信息", "信", random.Random(1), 0.5, by_paragraph=True)[0]
    '息\n信息\n信息'
    """
    gs = frozenset(glyphs)
    mask: List[bool] = []
    broken = True
    for i, c in enumerate(text):
        if by_paragraph and (i == 0 or text[i - 1] == "\n"):
            broken = drop_rate >= 1.0 or rng.random() < drop_rate
        if c in gs and drop_rate > 0:
            mask.append(broken if by_paragraph else drop_rate >= 1.0 or rng.random() < drop_rate)
        else:
            mask.append(False)
    damaged, sites = gold_sites(text, mask)
    dropped = frozenset(c for c, m in zip(text, mask) if m)
    return damaged, sites, dropped


def simulate(
    text: str,
    *,
    seed: int,
    glyphs: Optional[Iterable[str]] = None,
    n_cjk: Union[int, Tuple[int, int]] = (3, 20),
    digits: float = 0.8,
    n_digits: Union[int, Tuple[int, int]] = (1, 4),
    latin_prob: float = 0.15,
    n_latin: Union[int, Tuple[int, int]] = (1, 3),
    drop_rate: Range = 1.0,
    clean_prob: float = 0.0,
    weight_power: float = 1.0,
    by_paragraph: bool = False,
) -> Damage:
    """Simulate font-subset damage on clean ``text``; deterministic given ``seed``.

    Parameters
    ----------
    text : str
        Clean text.
    seed : int
        Seed of the private random generator (the global one is untouched).
    glyphs : iterable of str, optional
        The lost glyph set; default: chosen by :func:`choose_glyphs` from the
        characters of ``text`` (``n_cjk``, ``digits``, ``n_digits``,
        ``latin_prob``, ``n_latin``, ``weight_power`` are passed on).
    drop_rate : float or (float, float)
        Probability that an occurrence of a lost glyph is dropped; a pair
        draws the rate uniformly from that range (mixed-font documents).
        ``1.0`` (default) drops every occurrence; ``0.0`` drops nothing.
    clean_prob : float
        Probability that the document is left undamaged (no glyph lost).
    by_paragraph : bool
        Mixed fonts by paragraph: ``drop_rate`` is the share of paragraphs
        set in the broken font, which lose every occurrence (real documents
        change fonts between paragraphs or runs, not inside a word).

    Returns
    -------
    Damage

    >>> a = simulate("2022年全市教育工作会议在市教育局召开。" * 20, seed=7)
    >>> b = simulate("2022年全市教育工作会议在市教育局召开。" * 20, seed=7)
    >>> a == b, a.restore() == a.original, len(a.damaged) < len(a.original)
    (True, True, True)
    >>> simulate("2022年教育", seed=7, drop_rate=0.0).gold
    []
    >>> simulate("2022年教育", seed=7, clean_prob=1.0).damaged
    '2022年教育'
    """
    rng = random.Random(seed)
    is_clean = rng.random() < clean_prob
    rate = _draw_rate(rng, drop_rate)
    if glyphs is None:
        gs = choose_glyphs(
            text,
            rng,
            n_cjk=n_cjk,
            digits=digits,
            n_digits=n_digits,
            latin_prob=latin_prob,
            n_latin=n_latin,
            weight_power=weight_power,
        )
    else:
        gs = frozenset(glyphs)
    if is_clean:
        return Damage(text, text, [], frozenset(), frozenset(), 0.0)
    rate = min(max(rate, 0.0), 1.0)
    damaged, sites, dropped = drop(text, gs, rng, rate, by_paragraph=by_paragraph)
    return Damage(text, damaged, sites, dropped, gs, rate)

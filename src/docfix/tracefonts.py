"""What a key's own font writes: the glyphs that cannot be its reading.

A glyph the document writes as text where the broken font set its lines is
mapped by that font, so it is not one the font lost
(:data:`docfix.keyscore.PRESENT_PENALTY`). Read over the whole text, that
holds only where one font lost glyphs. Where two did (a heading font and a
body font, each with a broken ToUnicode map), 局 lost from the heading font
is written by the body font on lines that have the body font's traces, and
the heading font's key never had 局 as a candidate (生态环境(cid:386) read 室 at
0.83, 21 times).

So where a text shows two such fonts (:meth:`Priors.settle`: keys whose
likeliest glyph only other lines with traces write), each key is judged by
the lines it stands on: what they write is excluded; what the other lines
with traces write, which another font may have set, only weighs against it
(:data:`docfix.keyscore.OTHER_FONT_PENALTY`). Traces without a key (U+FFFD,
``pdftotext``'s spaces) are each their own key here. The PDF route's keys name
their font, and each font is judged by all the lines it has traces on, what
other fonts' lines write being merely elsewhere. A text of one broken font
is judged over the whole text, as before.
"""
from __future__ import annotations

import bisect
from typing import AbstractSet, Dict, Hashable, Iterable, List, Mapping, Optional, Sequence, Set, Tuple

import numpy as np

from . import canon
from .keyscore import ELSEWHERE_PENALTY, OTHER_FONT_PENALTY, PRESENT_PENALTY
from .tracefit import PLACEHOLDER, line_tokens, written

__all__ = ["written_by_font", "lines_of_traces", "Priors"]

#: A text is taken to have two fonts that lost glyphs where, of its keys read
#: in two places or more, at least KEYED_MIN and KEYED_SHARE of them have for
#: likeliest glyph by the bigram table (no prior) one that only other lines with
#: traces write: real pdfminer output of damaged PDFs, 40 documents of one
#: broken font: at most 1 such key (2 in one, of 12); of two broken fonts:
#: 31 of 39 documents pass both (tune and test halves, 20 each). Traces
#: without a key, each read alone, by KEYLESS_SHARE of them (U+FFFD: one font
#: 0.36 at most of 20 documents, two fonts 10 of 19 above 0.4; pdftotext's
#: spaces: its one-font rows and 299 clean files with traces unchanged). Elsewhere every key is judged
#: over the whole text, as where one font lost glyphs (a key's likeliest glyph
#: written on another line with traces is a misreading there: 5个工作日 read 3).
KEYED_MIN, KEYED_SHARE, KEYLESS_SHARE = 2, 0.25, 0.4
_SAMPLE = 200  # keys (or keyless traces) looked at, at most
#: Two keys never on one line may be two fonts' (both lost 育), in a text of
#: at most this many keys: a font that lost its whole map has hundreds, most
#: of them on a few lines, and two apart there say nothing (whole-font trace
#: bench, test half: 19,887 -> 19,764 right without this bound)
APART_KEYS = 64

#: (written on the key's lines, written only on lines without traces, written on other lines with traces)
Written = Tuple[frozenset, frozenset, frozenset]


def written_by_font(work: str, keys_at: Mapping[int, Hashable], weak: AbstractSet[int] = frozenset(), *,
                    tokens: Optional[List[frozenset]] = None, line_of: Optional[Mapping[int, int]] = None
                    ) -> Dict[Hashable, Written]:
    """For each key, what the text writes on its lines, only on lines without
    traces, and on other lines with traces; a PDF's keys (``("pdf", font,
    glyph)``) by their font's lines, and only where two or more fonts have
    traces (``{}`` else: one font, judged over the whole text).

    ``work``: the text with each trace as :data:`PLACEHOLDER` (wrapped lines
    joined); ``keys_at``: a keyed trace's offset in ``work`` -> its key;
    ``weak``: offsets of traces that may be the text's own characters (an
    ASCII letter in code-point output, :func:`docfix.tracefit.sure_work`),
    whose lines are no font's for that (as in the whole text's judgement);
    ``tokens`` (:func:`docfix.tracefit.line_tokens` of ``work``) and ``line_of``
    (:func:`lines_of_traces`), where the caller has them.

    >>> P, NL = PLACEHOLDER, chr(10)
    >>> head = "生态环境" + P + "召开会议"   # (the heading font lost 局: key 1)
    >>> body = "市教育局" + P + "开展工作"   # (the body font lost 育: key 2)
    >>> w = head + NL + body
    >>> mine, elsewhere, other = written_by_font(w, {4: ("cid", 1), len(head) + 5: ("cid", 2)})[("cid", 1)]
    >>> "局" in mine, "局" in other, "态" in mine
    (False, True, True)
    >>> pdf = written_by_font(w, {4: ("pdf", "A", 1), len(head) + 5: ("pdf", "B", 1)})[("pdf", "A", 1)]
    >>> "局" in pdf[0], "局" in pdf[1], "局" in pdf[2]
    (False, True, False)
    """
    line_of = lines_of_traces(work, keys_at) if line_of is None else line_of
    lines_of: Dict[Hashable, Set[int]] = {}
    for at, key in keys_at.items():
        lines_of.setdefault(_font(key), set()).add(line_of[at])
    named = {f for f in lines_of if isinstance(f, tuple) and f[0] == "font"}
    if named and len(named) < 2:
        return {}
    tokens = line_tokens(work) if tokens is None else tokens
    drop = {PLACEHOLDER, canon.SPACE}
    everywhere = frozenset().union(*tokens) - drop
    sure_lines = {line_of[at] for at in keys_at if at not in weak}
    traced = frozenset().union(*(tokens[li] for li in sure_lines)) - drop
    out: Dict[Hashable, Written] = {}
    mine_of = {f: frozenset().union(*(tokens[li] for li in ls)) - drop for f, ls in lines_of.items()}
    for key in set(keys_at.values()):
        f = _font(key)
        # (a PDF names its fonts: another font's lines are simply elsewhere; a
        # weak trace's line is no font's for that: what it writes is elsewhere)
        mine = mine_of[f] if f in named else mine_of[f] & traced
        other = frozenset() if f in named else traced - mine
        out[key] = (mine, everywhere - mine - other, other)
    return out


def lines_of_traces(work: str, at: Iterable[int]) -> Dict[int, int]:
    """Each offset of ``at`` -> the index of its line in ``work``.

    >>> lines_of_traces("教" + chr(10) + "育局", [0, 3])
    {0: 0, 3: 1}
    """
    starts = [0] + [i + 1 for i, c in enumerate(work) if c == "\n"]
    return {i: bisect.bisect_right(starts, i) - 1 for i in at}


def _font(key: Hashable) -> Hashable:
    """A PDF key's font; a text key itself (its font is unknown: its own lines stand for it)."""
    return ("font", key[1]) if isinstance(key, tuple) and len(key) > 2 and key[0] == "pdf" else key


class Priors:
    """Each key's prior from where the text writes each glyph: the three sets
    (:func:`written_by_font`; for a key it does not judge, the whole text's
    :func:`docfix.tracefit.written`, :attr:`whole`), and as a vector over
    ``vocab``, a list of glyphs (:func:`docfix.keyscore.prior` of each).
    ``work``: the text with each sure trace as :data:`PLACEHOLDER`, wrapped
    lines joined; ``keys_at`` and ``weak`` as for :func:`written_by_font`.

    >>> P = PLACEHOLDER
    >>> pr = Priors("局室", "市教育局" + P + "开展" + chr(10) + "生态环境" + P + "会议", {4: 1, 12: 2})
    >>> pr.vector(2).tolist(), pr.vector(1).tolist(), pr.vector(None).tolist()
    ([-3.0, 0.0], [-30.0, 0.0], [-30.0, 0.0])
    """

    def __init__(self, vocab: Sequence[str], work: str, keys_at: Mapping[int, Hashable],
                 weak: AbstractSet[int] = frozenset()) -> None:
        tokens = line_tokens(work)  # (once, for the whole text's sets and each key's)
        line_of = lines_of_traces(work, keys_at)
        present, elsewhere = written(work, tokens=tokens)
        self.by_key = written_by_font(work, keys_at, weak, tokens=tokens, line_of=line_of)
        self.whole: Written = (present, elsewhere, frozenset())
        self._pos = {c: j for j, c in enumerate(vocab)}
        self._n = len(vocab)
        self._whole = self._fill(self._fill(np.zeros(self._n), elsewhere - present, ELSEWHERE_PENALTY),
                                 present, PRESENT_PENALTY)
        self._base: Dict[bool, np.ndarray] = {}  # named font or not -> every glyph's prior but for a key's own
        self._lines: Dict[Hashable, Set[int]] = {}
        for at, key in keys_at.items():
            self._lines.setdefault(key, set()).add(line_of[at])

    def apart(self, a: Hashable, b: Hashable) -> bool:
        """Whether text keys ``a`` and ``b`` never stand on one line, in a text
        of at most :data:`APART_KEYS` keys (they may be two fonts' glyphs; a PDF's
        keys name their font)."""
        return (_font(a) == a and _font(b) == b and len(self._lines) <= APART_KEYS
                and not (self._lines.get(a, set()) & self._lines.get(b, set())))

    def settle(self, screen, vocab: np.ndarray, sides: Mapping[Hashable, Sequence[Tuple[str, str]]]) -> None:
        """Keep the per-line judgement of text keys (and of U+FFFD traces) only
        where the text shows two fonts that lost glyphs (:data:`KEYED_SHARE`):
        ``sides`` has each key's occurrences' neighbours, ``screen`` the bigram
        table (:class:`docfix.detect.BigramScreen`) and ``vocab`` its indices
        of the glyphs a trace may be."""
        keyed = [g for g in sides if g in self.by_key and _font(g) == g and g[0] != "one"]
        keyless = [g for g in sides if g in self.by_key and g[0] == "one"]
        for group, least, share in ((keyed, KEYED_MIN, KEYED_SHARE), (keyless, 1, KEYLESS_SHARE)):
            seen = sorted((g for g in group if len(sides[g]) >= 2 or g[0] == "one"), key=lambda g: -len(sides[g]))
            seen = seen[::max(1, len(seen) // _SAMPLE)][:_SAMPLE]
            hits = sum(_likeliest(screen, vocab, sides[g]) in self.by_key[g][2] for g in seen)
            if not (hits >= least and hits >= share * len(seen)):
                for g in group:
                    del self.by_key[g]

    def sets(self, key: Hashable) -> Written:
        """(present, elsewhere, other) for ``key``: the arguments of :func:`docfix.keyscore.prior`."""
        return self.by_key.get(key, self.whole)

    def vector(self, key: Hashable) -> np.ndarray:
        """log10 prior of each glyph of the vocabulary for ``key``."""
        w = self.by_key.get(key)
        if w is None:
            return self._whole
        named = _font(key) != key
        base = self._base.get(named)
        if base is None:  # (what one key's lines do not write is the same for every key of its kind)
            base = np.zeros(self._n)
            if named:  # (another font's lines are elsewhere)
                base = self._fill(base, w[0] | w[1], ELSEWHERE_PENALTY)
            else:  # (other lines with traces may be another font's)
                base = self._fill(self._fill(base, w[1], ELSEWHERE_PENALTY), w[0] | w[2], OTHER_FONT_PENALTY)
            self._base[named] = base
        return self._fill(base.copy(), w[0], PRESENT_PENALTY)

    def _fill(self, vec: np.ndarray, glyphs: frozenset, value: float) -> np.ndarray:
        at = [j for j in map(self._pos.get, glyphs) if j is not None]
        vec[at] = value
        return vec


def _likeliest(screen, vocab: np.ndarray, sides: Sequence[Tuple[str, str]]) -> str:
    """The glyph of ``vocab`` the bigram table likes best between all these neighbours."""
    a = screen.index([x for x, _ in sides])[:, None]
    b = screen.index([y for _, y in sides])[:, None]
    total = (screen.logp(a, vocab[None, :]) + screen.logp(vocab[None, :], b)).sum(axis=0)
    return screen.stats.chars_list[int(vocab[int(np.argmax(total))])]

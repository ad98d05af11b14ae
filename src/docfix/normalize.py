"""Normalise extracted Chinese text, with offsets that map back to the input.

:func:`normalize` applies the rules of :mod:`docfix.fixes` in a fixed order,
each switchable, and composes their edits into one list of
:class:`Change` objects against the INPUT plus an offset map both ways.

Order (each rule sees the output of the ones before it):

1. ``mojibake``    wrong-codec decoding reversed (before anything reads the text)
2. ``radicals``    Kangxi / supplement radicals, compatibility ideographs
3. ``width``       full-width letters and digits
4. ``variants``    traditional -> simplified (OpenCC)
5. ``whitespace``  NBSP, U+3000, zero-width, justification, trailing spaces
6. ``boilerplate`` web navigation / footer lines (off by default)
7. ``join_lines``  lines broken mid-sentence
8. ``punctuation`` ASCII , : ; ( ) ? ! in Chinese context -> full-width

The pipeline runs again on its own output until nothing changes (at most
three passes; normally one), so ``normalize(normalize(t).text).text`` equals
``normalize(t).text``.

>>> n = normalize("他强调,教\\n\\n育援疆工作是光荣任务。\\n\\n⾼质量发展,⻓期坚持")
>>> n.text
'他强调，教育援疆工作是光荣任务。\\n\\n高质量发展，长期坚持'
>>> n.rules_fired
{'radicals': 2, 'join_lines': 1, 'punctuation': 2}
>>> n.changes[0]
Change(start=3, end=4, before=',', after='，', rule='punctuation')
>>> n.to_input(n.text.index("育")), n.input.index("育")
(7, 7)
"""
from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple, Union

from . import fixes

__all__ = ["Change", "Normalized", "normalize", "RULES", "DEFAULTS"]

#: Rule names in the order they are applied.
RULES: Tuple[str, ...] = (
    "mojibake",
    "radicals",
    "width",
    "variants",
    "pinyin",
    "whitespace",
    "split_words",
    "boilerplate",
    "join_lines",
    "punctuation",
    "quotes",
)

#: Default switch of every rule.
DEFAULTS: Dict[str, Any] = {
    "variants": "auto",
    "punctuation": True,
    "width": True,
    "radicals": True,
    "whitespace": True,
    "join_lines": True,
    "mojibake": True,
    "pinyin": True,
    "split_words": True,
    "quotes": True,
    "boilerplate": False,
}

MAX_PASSES = 3


@dataclass(frozen=True)
class Change:
    """One normalisation edit: ``input[start:end]`` (``before``) became ``after``.

    ``start``/``end`` are code-point offsets in the INPUT. ``rule`` names the
    rule that made it; when edits of several rules touch the same stretch
    they form one change and ``rule`` joins their names with "+".
    """

    start: int
    end: int
    before: str
    after: str
    rule: str

    @property
    def span(self) -> Tuple[int, int]:
        return (self.start, self.end)

    def to_dict(self) -> Dict[str, Any]:
        return asdict(self)


class Normalized:
    """Result of :func:`normalize`.

    Attributes
    ----------
    text : str
        The normalised text.
    input : str
        The input, unchanged.
    changes : list of Change
        Sorted, non-overlapping edits against the input; applying them to
        ``input`` gives ``text``.
    rules_fired : dict of str to int
        How many edits each rule made (only rules that fired, in rule order).

    ``to_input(i)`` maps an output index to an input index and
    ``to_output(j)`` an input index to an output index; both accept every
    index up to and including the length, are monotone, and map a character
    outside the changes onto itself (``text[i] == input[to_input(i)]``).
    A position inside a change maps to the start of the change.
    """

    __slots__ = ("text", "input", "changes", "_fired", "_to_in", "_to_out", "switches")

    def __init__(
        self,
        text: str,
        input: str,
        changes: List[Change],
        fired: Dict[str, int],
        to_in: List[int],
        to_out: List[int],
        switches: Optional[Dict[str, Any]] = None,
    ) -> None:
        self.text = text
        self.input = input
        self.changes = changes
        self._fired = fired
        self._to_in = to_in
        self._to_out = to_out
        self.switches = dict(switches or {})

    @property
    def rules_fired(self) -> Dict[str, int]:
        return dict(self._fired)

    @property
    def changed(self) -> bool:
        return bool(self.changes)

    def to_input(self, i: int) -> int:
        """Input offset of output offset ``i`` (0 <= i <= len(text))."""
        if i < 0 or i > len(self.text):
            raise IndexError(f"output offset {i} out of range 0..{len(self.text)}")
        return self._to_in[i]

    def to_output(self, j: int) -> int:
        """Output offset of input offset ``j`` (0 <= j <= len(input))."""
        if j < 0 or j > len(self.input):
            raise IndexError(f"input offset {j} out of range 0..{len(self.input)}")
        return self._to_out[j]

    def to_dict(self) -> Dict[str, Any]:
        return {
            "text": self.text,
            "changes": [c.to_dict() for c in self.changes],
            "rules_fired": self.rules_fired,
        }

    def __repr__(self) -> str:
        return f"Normalized(text={self.text[:40]!r}{'...' if len(self.text) > 40 else ''}, changes={len(self.changes)}, rules_fired={self._fired})"


# ----------------------------------------------------------------------------
# composition

_SYNTH = -1


class _Trace:
    """The current text, and for each of its characters the input index it
    is (or -1 for a character some rule wrote), plus who wrote/deleted what."""

    def __init__(self, text: str) -> None:
        self.input = text
        self.cur = text
        self.src: List[int] = list(range(len(text)))
        self.made_by: List[Optional[str]] = [None] * len(text)
        self.deleted_by: Dict[int, str] = {}
        self.fired: Counter = Counter()

    def apply(self, rule: str, edits: Sequence[fixes.RuleEdit]) -> None:
        if not edits:
            return
        self.fired[rule] += len(edits)
        cur, src, made = self.cur, self.src, self.made_by
        parts: List[str] = []
        nsrc: List[int] = []
        nmade: List[Optional[str]] = []
        last = 0
        for s, e, rep in edits:
            if s < last or e < s or e > len(cur):
                raise ValueError(f"rule {rule}: bad edit {(s, e, rep)!r} after {last}")
            parts.append(cur[last:s])
            nsrc.extend(src[last:s])
            nmade.extend(made[last:s])
            for k in range(s, e):
                if src[k] >= 0:
                    self.deleted_by.setdefault(src[k], rule)
            parts.append(rep)
            nsrc.extend([_SYNTH] * len(rep))
            nmade.extend([rule] * len(rep))
            last = e
        parts.append(cur[last:])
        nsrc.extend(src[last:])
        nmade.extend(made[last:])
        self.cur = "".join(parts)
        self.src = nsrc
        self.made_by = nmade

    def result(self, switches: Dict[str, Any]) -> Normalized:
        inp, out, src = self.input, self.cur, self.src
        # kept characters: (out index, in index), strictly increasing in both
        kept = [(i, j) for i, j in enumerate(src) if j >= 0]
        anchors = [(-1, -1)] + kept + [(len(out), len(inp))]
        changes: List[Change] = []
        to_in = [0] * (len(out) + 1)
        to_out = [0] * (len(inp) + 1)
        for (po, pi), (no, ni) in zip(anchors, anchors[1:]):
            if po >= 0:
                to_in[po] = pi
                to_out[pi] = po
            a, b = pi + 1, ni  # input gap
            c, d = po + 1, no  # output gap
            if a == b and c == d:
                continue
            before, after = inp[a:b], out[c:d]
            # trim what the gap has in common at both ends: kept characters
            p = 0
            while p < len(before) and p < len(after) and before[p] == after[p]:
                to_in[c + p] = a + p
                to_out[a + p] = c + p
                p += 1
            q = 0
            while q < len(before) - p and q < len(after) - p and before[-1 - q] == after[-1 - q]:
                to_in[d - 1 - q] = b - 1 - q
                to_out[b - 1 - q] = d - 1 - q
                q += 1
            s, e = a + p, b - q
            os_, oe = c + p, d - q
            for k in range(os_, oe):
                to_in[k] = s
            for k in range(s, e):
                to_out[k] = os_
            if s == e and os_ == oe:
                continue
            rules: List[str] = []
            for k in range(s, e):
                r = self.deleted_by.get(k)
                if r and r not in rules:
                    rules.append(r)
            for k in range(os_, oe):
                r = self.made_by[k]
                if r and r not in rules:
                    rules.append(r)
            rules.sort(key=lambda r: RULES.index(r) if r in RULES else len(RULES))
            changes.append(Change(s, e, inp[s:e], out[os_:oe], "+".join(rules) or "normalize"))
        to_in[len(out)] = len(inp)
        to_out[len(inp)] = len(out)
        fired = {r: self.fired[r] for r in RULES if self.fired.get(r)}
        return Normalized(out, inp, changes, fired, to_in, to_out, switches)


def _stages(switches: Dict[str, Any]) -> List[Tuple[str, Callable[[str], List[fixes.RuleEdit]]]]:
    table: Dict[str, Callable[[str], List[fixes.RuleEdit]]] = {
        "mojibake": fixes.mojibake_changes,
        "radicals": fixes.radical_changes,
        "width": fixes.width_changes,
        "variants": lambda t: fixes.variant_changes(t, switches["variants"]),
        "whitespace": fixes.whitespace_changes,
        "pinyin": fixes.pinyin_changes,
        "split_words": fixes.split_word_changes,
        "quotes": fixes.quote_and_bracket_changes,
        "boilerplate": fixes.boilerplate_changes,
        "join_lines": fixes.join_line_changes,
        "punctuation": fixes.punctuation_changes,
    }
    return [(name, table[name]) for name in RULES if switches.get(name)]


def normalize(
    text: str,
    *,
    variants: Union[str, bool, None] = "auto",
    punctuation: bool = True,
    width: bool = True,
    radicals: bool = True,
    whitespace: bool = True,
    join_lines: bool = True,
    mojibake: bool = True,
    pinyin: bool = True,
    split_words: bool = True,
    quotes: bool = True,
    boilerplate: bool = False,
) -> Normalized:
    """Normalise ``text``; every switch turns one rule on or off.

    ``variants``: "auto" (simplify only when the text is mostly traditional),
    "t2s", "tw2s", "hk2s" (always apply that OpenCC conversion), or False.
    ``True`` means "auto". Pure: no I/O, the input is not modified.

    >>> normalize("臺灣大學的課程").text
    '台湾大学的课程'
    >>> normalize("市教育局召开座谈会。").changes
    []
    """
    if not isinstance(text, str):
        raise TypeError(f"normalize() needs str, not {type(text).__name__}")
    if variants is True:
        variants = "auto"
    if variants is None:
        variants = False
    if variants not in ("auto", False) + fixes.VARIANT_CONFIGS:
        raise ValueError(f"variants must be 'auto', 't2s', 'tw2s', 'hk2s' or False, not {variants!r}")
    switches: Dict[str, Any] = {
        "variants": variants,
        "punctuation": bool(punctuation),
        "width": bool(width),
        "radicals": bool(radicals),
        "whitespace": bool(whitespace),
        "join_lines": bool(join_lines),
        "mojibake": bool(mojibake),
        "pinyin": bool(pinyin),
        "split_words": bool(split_words),
        "quotes": bool(quotes),
        "boilerplate": bool(boilerplate),
    }
    trace = _Trace(text)
    stages = _stages(switches)
    for _ in range(MAX_PASSES):
        before = trace.cur
        for name, fn in stages:
            trace.apply(name, fn(trace.cur))
        if trace.cur == before:
            break
    return trace.result(switches)

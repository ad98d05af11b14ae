"""Canonical form of text for language-model scoring.

The same folding is applied to the training corpus (``docfix train``) and to
queries at run time, so that the model never sees two spellings of one thing
(the corpus writes "，" where extracted PDFs often write ","). The folding is
one character to one token: offsets in the canonical token list are offsets
in the user's text. It is internal and never changes the user's text.

>>> fold_char(",")
'，'
>>> fold_char("２")
'2'
>>> tokens("２０22年,教育")
['2', '0', '2', '2', '年', '，', '教', '育']
"""
from __future__ import annotations

from typing import Iterator, List, Tuple

__all__ = ["fold_char", "tokens", "sentences", "unit_tokens", "training_line", "SPACE", "SENT_END"]

#: Token that stands for any run of whitespace inside a line.
SPACE = "▁"

# ASCII punctuation that Chinese text writes full-width; folded to the
# full-width form (the form of the training corpus).
_PUNCT = {
    ",": "，",
    ":": "：",
    ";": "；",
    "(": "（",
    ")": "）",
    "?": "？",
    "!": "！",
    "、": "、",
    "﹐": "，",
    "､": "、",
    "｡": "。",
    "“": "“",
    "\"": "“",
    "〔": "（",
    "〕": "）",
    "【": "【",
    "－": "-",
    "—": "—",
    "―": "—",
    "–": "—",
    "─": "—",
    "~": "～",
    "〜": "～",
    "·": "·",
    "•": "·",
    "・": "·",
    "．": ".",
}

#: Characters after which a sentence ends (kept with the sentence).
SENT_END = frozenset("。！？!?；;")


def fold_char(c: str) -> str:
    """Fold one character to its canonical scoring token.

    >>> fold_char("Ａ"), fold_char("a"), fold_char("（"), fold_char("\\u3000")
    ('A', 'a', '（', '▁')
    """
    if c in _PUNCT:
        return _PUNCT[c]
    o = ord(c)
    if 0xFF10 <= o <= 0xFF19 or 0xFF21 <= o <= 0xFF3A or 0xFF41 <= o <= 0xFF5A:
        return chr(o - 0xFEE0)  # full-width digit/letter -> ASCII
    if c.isspace() or c in "\u200b\u200c\u200d\ufeff":
        return SPACE
    if c == "％":
        return "%"
    return c


def tokens(text: str) -> List[str]:
    """One canonical token per input character (same length as ``text``)."""
    return [fold_char(c) for c in text]


def sentences(text: str) -> Iterator[Tuple[int, int]]:
    """Yield ``(start, end)`` spans of scoring units: lines split after
    sentence-final punctuation. Newline characters belong to no span.

    >>> list(sentences("一。二\\n三"))
    [(0, 2), (2, 3), (4, 5)]
    """
    start = 0
    n = len(text)
    i = 0
    while i < n:
        c = text[i]
        if c == "\n" or c == "\r":
            if i > start:
                yield (start, i)
            start = i + 1
        elif c in SENT_END:
            # keep closing quotes/brackets with the sentence
            j = i + 1
            while j < n and text[j] in "”’）)」』":
                j += 1
            yield (start, j)
            start = j
            i = j
            continue
        i += 1
    if start < n:
        yield (start, n)


def unit_tokens(text: str, start: int, end: int) -> Tuple[List[str], List[int]]:
    """Scoring tokens of ``text[start:end]`` and the input offset of each.

    Whitespace runs collapse to one ``SPACE`` token; trailing whitespace is
    dropped, as in training (:func:`training_line`).

    >>> unit_tokens("a  b ", 0, 5)
    (['a', '▁', 'b'], [0, 1, 3])
    """
    toks: List[str] = []
    pos: List[int] = []
    for i in range(start, end):
        t = fold_char(text[i])
        if t == SPACE and (not toks or toks[-1] == SPACE):
            continue
        toks.append(t)
        pos.append(i)
    while toks and toks[-1] == SPACE:
        toks.pop()
        pos.pop()
    return toks, pos


def training_line(text: str) -> Iterator[str]:
    """Turn a raw corpus line into space-separated character sentences for lmplz.

    Runs of whitespace collapse to one ``SPACE`` token; leading/trailing
    whitespace of a sentence is dropped.

    >>> list(training_line("２０２２年，全市教育。 下一句"))
    ['2 0 2 2 年 ， 全 市 教 育 。', '下 一 句']
    """
    for s, e in sentences(text):
        toks: List[str] = []
        for c in text[s:e]:
            t = fold_char(c)
            if t == SPACE and (not toks or toks[-1] == SPACE):
                continue
            toks.append(t)
        while toks and toks[-1] == SPACE:
            toks.pop()
        if toks:
            yield " ".join(toks)

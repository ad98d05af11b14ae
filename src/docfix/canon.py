"""Canonical form of text for language-model scoring.

The same folding is applied to the training corpus (``docfix train``) and to
queries at run time, so that the model never sees two spellings of one thing
(the corpus writes "，" where extracted PDFs often write ","). Traditional
characters fold to their simplified form (OpenCC's one-to-one character
mappings), so a traditional document is scored by the simplified model and
its "進" counts as "进". The folding is one character to one token: offsets
in the canonical token list are offsets in the user's text. It is internal
and never changes the user's text.

>>> fold_char(",")
'，'
>>> fold_char("２")
'2'
>>> tokens("２０22年,教育")
['2', '0', '2', '2', '年', '，', '教', '育']
>>> tokens("推進教學")
['推', '进', '教', '学']
"""
from __future__ import annotations

from collections import Counter
from functools import lru_cache
from typing import AbstractSet, Dict, FrozenSet, Iterator, List, Tuple

import regex

__all__ = [
    "fold_char",
    "tokens",
    "sentences",
    "unit_tokens",
    "soft_breaks",
    "training_line",
    "to_traditional",
    "is_traditional",
    "is_mostly_traditional",
    "TRADITIONAL_SHARE",
    "is_han",
    "is_han_script",
    "is_fullwidth_alnum",
    "SPACE",
    "SENT_END",
]

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


# --------------------------------------------------------------------------
# character predicates
#
# Two Han predicates, on purpose: they answer different questions and their
# callers depend on the coverage they have.
#
# * :func:`is_han` -- the CJK Unified Ideographs block and Extension A
#   (U+4E00-9FFF, U+3400-4DBF): the characters the repair engine counts,
#   scores and restores (its model, lexicons and candidate glyphs hold no
#   others). :mod:`docfix.detect` re-exports it.
# * :func:`is_han_script` -- Unicode's Script=Han, as the ``regex`` module's
#   ``\p{Han}`` (the same set the normalisation rules' ``\p{Han}`` patterns
#   match): :func:`is_han` plus the CJK Radicals Supplement and Kangxi
#   Radicals (U+2E80-2EF3, U+2F00-2FD5), 々 〇, the Hangzhou numerals
#   (U+3021-3029, U+3038-303B), the CJK compatibility ideographs
#   (U+F900-FAD9, U+2F800-2FA1D), the ideographic marks U+16FE2-16FE3 and
#   U+16FF0-16FF6, and Extensions B-J (U+20000 and up). The rules of
#   :mod:`docfix.fixes` use it.


def is_han(c: str) -> bool:
    """A CJK unified ideograph (basic block or extension A).

    >>> is_han("教"), is_han("1"), is_han("〇"), is_han("\U00020000")
    (True, False, False, False)
    """
    o = ord(c)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF


_HAN_RE = regex.compile(r"\p{Han}")


@lru_cache(maxsize=65536)
def is_han_script(c: str) -> bool:
    """True for a Han character (unified, extensions, radicals, 〇, 々).

    >>> is_han_script("中"), is_han_script("〇"), is_han_script("a"), is_han_script("，")
    (True, True, False, False)
    """
    return bool(_HAN_RE.match(c))


# --------------------------------------------------------------------------
# traditional script


@lru_cache(maxsize=None)
def _opencc(config: str):
    import opencc

    return opencc.OpenCC(config)


_SURROGATE = regex.compile(r"([\ud800-\udfff])")


def convert(config: str, text: str) -> str:
    """OpenCC conversion ``config`` of ``text``, whose lone surrogates (bytes
    read with ``errors="surrogateescape"``, which OpenCC cannot encode) stay
    as they are, the text between them converted.

    >>> convert("t2s", "教育\\udcb2資訊")
    '教育\\udcb2资讯'
    """
    cc = _opencc(config)
    if _SURROGATE.search(text) is None:
        return cc.convert(text)
    return "".join(p if i % 2 else cc.convert(p) for i, p in enumerate(_SURROGATE.split(text)))


@lru_cache(maxsize=1)
def _t2s() -> Dict[str, str]:
    """Traditional -> simplified for every CJK unified ideograph that OpenCC
    maps to exactly one other character (about 3,500; built once, ~10 ms)."""
    try:
        cc = _opencc("t2s")
    except ImportError:  # pragma: no cover - opencc is a dependency
        return {}
    chars = [chr(c) for c in range(0x4E00, 0xA000)]
    out = cc.convert("\n".join(chars)).split("\n")
    if len(out) != len(chars):  # pragma: no cover - defensive
        return {}
    m = {a: b for a, b in zip(chars, out) if a != b and len(b) == 1}
    # follow chains to their end, so that folding twice changes nothing
    # (OpenCC maps 薴 to 苧 and 苧 to 苎)
    for a in m:
        seen = {a}
        while m[a] in m and m[a] not in seen:
            seen.add(m[a])
            m[a] = m[m[a]]
    return {a: b for a, b in m.items() if a != b}


@lru_cache(maxsize=1)
def _simplified_only() -> frozenset:
    """Simplified characters whose traditional form differs (学, 进)."""
    return frozenset(_t2s().values()) - frozenset(_t2s())


# Two detectors, on purpose (they disagree: "乾隆皇帝" is traditional to
# is_traditional, which counts 乾 as a traditional form, and not to
# is_mostly_traditional, whose OpenCC phrase table keeps 乾隆; "裏面" is the
# other way round):
#
# * is_traditional: which script a document is written in, however few
#   script-specific characters it has; the repair engine writes restored
#   glyphs in that script.
# * is_mostly_traditional: whether the "variants" normalisation rule in its
#   "auto" mode should simplify the whole text: OpenCC's phrase-level t2s
#   must change a sizeable share of the Han characters.


def is_traditional(text: str) -> bool:
    """Whether ``text`` is written in traditional characters: more of its
    characters are traditional-only forms than simplified-only ones
    (character by character, OpenCC's one-to-one mappings).

    >>> is_traditional("推進教學質量"), is_traditional("推进教学质量"), is_traditional("2022年")
    (True, False, False)
    """
    t2s = _t2s()
    simp = _simplified_only()
    n_t = sum(1 for c in text if c in t2s)
    n_s = sum(1 for c in text if c in simp)
    return n_t > n_s


def _count_diff(a: str, b: str) -> int:
    if a == b:
        return 0
    if len(a) == len(b):
        return sum(1 for x, y in zip(a, b) if x != y)
    import difflib

    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return sum(max(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in sm.get_opcodes() if op != "equal")


#: Share of Han characters t2s must change for "auto" to call a text
#: traditional (simplified text: ~0; traditional text: typically 0.2-0.4).
TRADITIONAL_SHARE = 0.08


def is_mostly_traditional(text: str) -> bool:
    """Whether t2s changes a large share of the Han characters of ``text``
    (and more of them than s2t would).

    >>> is_mostly_traditional("教育部發佈新的課程標準"), is_mostly_traditional("教育部发布新的课程标准")
    (True, False)
    """
    han = len(_HAN_RE.findall(text))
    if not han:
        return False
    n_t = _count_diff(text, convert("t2s", text))
    if n_t == 0 or n_t < TRADITIONAL_SHARE * han:
        return False
    n_s = _count_diff(text, convert("s2t", text))
    return n_t > n_s


def to_traditional(insert: str, left: str = "", right: str = "") -> str:
    """The traditional form of a simplified ``insert``, converted with its
    context (``left``/``right``, already traditional) so that OpenCC can
    pick by phrase; characters that do not convert one-to-one stay.

    >>> to_traditional("学", "教", "質量"), to_traditional("进", "推", "")
    ('學', '進')
    """
    t2s = _t2s()
    ctx_l = "".join(t2s.get(c, c) for c in left)
    ctx_r = "".join(t2s.get(c, c) for c in right)
    whole = convert("s2t", ctx_l + insert + ctx_r)
    if len(whole) == len(ctx_l) + len(insert) + len(ctx_r):
        return whole[len(ctx_l):len(ctx_l) + len(insert)]
    out = []
    for c in insert:
        t = convert("s2t", c)
        out.append(t if len(t) == 1 else c)
    return "".join(out)


def is_fullwidth_alnum(c: str) -> bool:
    """A full-width digit or Latin letter ("１", "Ａ"), not full-width punctuation ("：", "％").

    >>> is_fullwidth_alnum("１"), is_fullwidth_alnum("ｚ"), is_fullwidth_alnum("："), is_fullwidth_alnum("1")
    (True, True, False, False)
    """
    o = ord(c)
    return 0xFF10 <= o <= 0xFF19 or 0xFF21 <= o <= 0xFF3A or 0xFF41 <= o <= 0xFF5A


#: characters folded so far (:func:`fold_char`), at most _FOLDED_MAX of them
_FOLDED: Dict[str, str] = {}
_FOLDED_MAX = 1 << 16


def fold_char(c: str) -> str:
    """Fold one character to its canonical scoring token.

    >>> fold_char("Ａ"), fold_char("a"), fold_char("（"), fold_char("\\u3000"), fold_char("學")
    ('A', 'a', '（', '▁', '学')
    """
    t = _FOLDED.get(c)
    if t is None:
        t = _fold(c)
        if len(_FOLDED) < _FOLDED_MAX:
            _FOLDED[c] = t
    return t


def _fold(c: str) -> str:
    if c in _PUNCT:
        return _PUNCT[c]
    if is_fullwidth_alnum(c):
        return chr(ord(c) - 0xFEE0)  # full-width digit/letter -> ASCII
    if c.isspace() or c in "\u200b\u200c\u200d\ufeff":
        return SPACE
    if c == "％":
        return "%"
    if "\ud800" <= c <= "\udfff":
        return "\ufffd"  # a lone surrogate (bytes read with errors="surrogateescape") is no character
    return _t2s().get(c, c)


def tokens(text: str) -> List[str]:
    """One canonical token per input character (same length as ``text``)."""
    get = _FOLDED.get
    return [get(c) or fold_char(c) for c in text]


def sentences(text: str, soft: AbstractSet[int] = frozenset()) -> Iterator[Tuple[int, int]]:
    """Yield ``(start, end)`` spans of scoring units: lines split after
    sentence-final punctuation. Newline characters belong to no span, but
    those at offsets in ``soft`` (a line wrapped inside a sentence,
    :func:`soft_breaks`) end no unit.

    >>> list(sentences("一。二\\n三"))
    [(0, 2), (2, 3), (4, 5)]
    >>> list(sentences("一。二\\n三", frozenset([3])))
    [(0, 2), (2, 5)]
    """
    start = 0
    n = len(text)
    i = 0
    while i < n:
        c = text[i]
        if (c == "\n" or c == "\r") and i not in soft:
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


def unit_tokens(text: str, start: int, end: int, soft: AbstractSet[int] = frozenset()) -> Tuple[List[str], List[int]]:
    """Scoring tokens of ``text[start:end]`` and the input offset of each.

    Whitespace runs collapse to one ``SPACE`` token; trailing whitespace is
    dropped, as in training (:func:`training_line`); the characters at
    offsets in ``soft`` (the line break of a wrapped line) are no token.

    >>> unit_tokens("a  b ", 0, 5)
    (['a', '▁', 'b'], [0, 1, 3])
    >>> unit_tokens("教育\\n\\n局", 0, 5, frozenset([2, 3]))
    (['教', '育', '局'], [0, 1, 4])
    """
    toks: List[str] = []
    pos: List[int] = []
    for i in range(start, end):
        if i in soft:
            continue
        t = fold_char(text[i])
        if t == SPACE and (not toks or toks[-1] == SPACE):
            continue
        toks.append(t)
        pos.append(i)
    while toks and toks[-1] == SPACE:
        toks.pop()
        pos.pop()
    return toks, pos


def soft_breaks(text: str) -> FrozenSet[int]:
    """Offsets of the line breaks (and the blank lines and spaces around
    them) of lines wrapped inside a sentence, as PDF extractors print a
    page's lines: the scoring units run across them, as the sentence does.

    Only where the lines were wrapped at one width (:func:`_page_width`),
    after a full line that ends in no closing mark, before a line that is
    no indented line or list item (the marks and markers of
    :mod:`docfix.fixes.lines`), both Chinese.

    >>> page = ("全市各级各类学校和教师要认真落实有关规定，加强管理\\n\\n工作，提高教学质量，推进教育信息化建设，发展素质\\n\\n"
    ...         "教育，深化教育评价改革，办好人民满意的教育，促进\\n\\n公平。")
    >>> sorted(soft_breaks(page)), soft_breaks("全市各级各类学校和教师要\\n认真落实有关规定。")
    ([25, 26, 51, 52, 77, 78], frozenset())

    So are the spaces where a converter joined such lines into a paragraph
    (:func:`docfix.wraps.wrap_spaces`: docling's).
    """
    from .wraps import wrap_spaces

    return _line_breaks(text) | wrap_spaces(text)


def _line_breaks(text: str) -> FrozenSet[int]:
    if "\n" not in text and "\r" not in text:
        return frozenset()
    width = _page_width(text)
    if not width:
        return frozenset()  # lines of their own length (paragraphs, headings): no page was wrapped
    from .fixes.base import _line_spans
    from .fixes.lines import _MARKER_RE, _TERMINAL

    out = set()
    spans = _line_spans(text)
    for k, (a, b) in enumerate(spans):
        line = text[a:b].rstrip()
        if not line or line[-1] in _TERMINAL or _glyphs(line) < width - WRAP_SLACK:
            continue  # not a full line cut by the page's edge
        m = k + 1
        while m < len(spans) and m <= k + 4 and not text[spans[m][0]:spans[m][1]].strip():
            m += 1
        if m >= len(spans) or m > k + 4:
            continue
        nxt = text[spans[m][0]:spans[m][1]]
        if nxt[:1].isspace() or _MARKER_RE.match(nxt):
            continue  # an indented line, a list item: a new paragraph
        if not (_chinese(line) and _chinese(nxt)):
            continue  # log lines, English, tables of numbers: no Chinese sentence runs on
        out.update(range(a + len(line), spans[m][0]))
    return frozenset(out)


def _chinese(line: str) -> bool:
    """A third of the line's characters, or more, are Han."""
    return sum(1 for c in line if is_han_script(c)) * 3 >= len(line.strip())


_CID_TOKEN = regex.compile(r"\(cid:\d+\)")


def _glyphs(line: str) -> int:
    """How many glyphs a printed line holds (pdfminer's ``(cid:N)`` is one)."""
    line = line.strip()
    return len(_CID_TOKEN.sub("#", line)) if "(cid:" in line else len(line)


#: A text is a page's wrapped lines when this share of its lines (3 at
#: least) are within WRAP_SLACK characters of the commonest length (15 or more).
WRAP_SHARE = 0.3
WRAP_SLACK = 3


def _page_width(text: str) -> int:
    """The length of a full line where a page's lines were wrapped at one
    width (PDF extractors print them so), else 0.

    >>> _page_width(("一" * 40 + "\\n") * 5 + "二" * 12), _page_width("第一段。\\n第二段很长很长。\\n")
    (40, 0)
    """
    lengths = [_glyphs(l) for l in text.splitlines() if l.strip()]
    if len(lengths) < 3:
        return 0
    common = Counter(n for n in lengths if n >= 15).most_common(1)
    if not common:
        return 0
    width = common[0][0]
    near = sum(1 for n in lengths if abs(n - width) <= WRAP_SLACK)
    return width if near >= max(3, WRAP_SHARE * len(lengths)) else 0


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

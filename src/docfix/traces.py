"""Traces that PDF extractors leave where a glyph had no Unicode mapping.

A glyph whose font lacks a ToUnicode entry is not always lost silently. Most
extractors print something in its place, and that something tells WHERE the
glyph was (its position is known) and, often, WHICH unknown glyph it is (all
occurrences of one glyph print the same way):

=====================  ==============================================  ============
extractor              what an unmapped glyph becomes                   kind
=====================  ==============================================  ============
pdfminer.six           ``(cid:N)``, N the glyph id                      ``cid``
PyMuPDF, pypdf         the character whose code point is the glyph id:  ``control``,
                       C0/C1 control characters, private-use,           ``private``,
                       rare-block letters (Mongolian, CJK Ext-A,        ``codepoint``
                       Latin/Greek/Cyrillic between Han characters)
PyMuPDF (flag off)     U+FFFD                                           ``replacement``
docfix.pdf             U+FFFD with a (font, glyph id) key               ``pdf``
pdftotext -raw         a space (:func:`space_traces`)                    ``space``
=====================  ==============================================  ============

:func:`find` returns every trace of a text as a :class:`Trace`: a span of the
input and a ``key`` shared by the traces of one glyph (``None`` where the
trace does not say which glyph it is, as for U+FFFD). The restoration engine
replaces each trace by the glyph it stands for (:mod:`docfix.decipher`).

A code-point character is a trace only where real text would not write it:
a letter from a block Chinese documents do not use (or one the model never
saw), next to a Han character. An ASCII letter or digit between two Han
characters is taken as a trace only in a document that also has control
characters in its text (the signature of a code-point extractor); elsewhere
"A股" and "第3条" are text.

>>> [(t.start, t.end, t.key, t.kind) for t in find("教育(cid:123)局和(cid:123)长")]
[(2, 11, ('cid', 123), 'cid'), (13, 22, ('cid', 123), 'cid')]
>>> [(t.start, t.end, t.kind) for t in find("推进\\x13\\n化建设，\\ufffd好")]
[(2, 4, 'control'), (8, 9, 'replacement')]
>>> find("2022年全市教育工作会议召开，A股，第3条。")
[]
"""
from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Hashable, List, Optional

import regex

from .canon import SENT_END
from .detect import is_han

__all__ = ["Trace", "find", "pdf_traces", "TRACE_KINDS"]

#: The kinds of :class:`Trace`, strongest evidence first.
TRACE_KINDS = ("pdf", "cid", "replacement", "control", "private", "codepoint", "space")

_CID = regex.compile(r"\(cid:(\d{1,6})\)")
# C0 controls but tab, line feed, vertical tab, form feed (pdftotext's page
# break), carriage return; DEL; C1 controls (U+0085 NEL included: PyMuPDF
# prints glyph 133 as it).
_CONTROL = frozenset(chr(c) for c in list(range(0x00, 0x20)) + list(range(0x7F, 0xA0))) - frozenset("\t\n\x0b\x0c\r")


@dataclass(frozen=True)
class Trace:
    """Where an extractor left a trace of a glyph it could not map.

    Attributes
    ----------
    start, end : int
        The trace is ``text[start:end]`` of the input (``(cid:123)``, one
        control character, U+FFFD), with a line break that the extractor put
        after it when a sentence goes on on the next line.
    key : hashable or None
        Traces with equal keys stand for the same glyph (``("cid", 123)``,
        ``("char", "\\x13")``, ``("pdf", font, glyph_id)``); ``None`` when the
        trace does not say which glyph (U+FFFD).
    kind : str
        One of :data:`TRACE_KINDS`.
    """

    start: int
    end: int
    key: Optional[Hashable]
    kind: str

    @property
    def certain(self) -> bool:
        """Whether the span is surely a trace (a code-point letter, or a space, may be text)."""
        return self.kind not in ("codepoint", "space")


#: unit signs of the CJK compatibility block that Chinese text does write
_UNIT_SIGNS = frozenset("㎎㎏㎜㎝㎞㎡㏄㎥㎖㎗㎾㎿㏊㎠㎢㎣㎤㎦㎧㎨㎐㎑㎒㎓㎸㎹㎶㎷㎺㎻㎼㎽㏎㏑㏒㏕㏈㏌")


def _rare_letter(c: str, known: Optional[frozenset]) -> bool:
    """A letter that Chinese running text does not write next to Han
    characters: not Han (basic block), not ASCII, not kana/fullwidth, and
    either in a block of its own or never seen by the model."""
    o = ord(c)
    if c.isascii() or 0x4E00 <= o <= 0x9FFF or 0xFF00 <= o <= 0xFFEF or 0x3040 <= o <= 0x30FF:
        return False  # (kana: Japanese text, and no subset font's glyph ids land there)
    cat = unicodedata.category(c)
    if cat == "Cn":  # unassigned code point
        return True
    if 0x32D0 <= o <= 0x3357 or (0x3380 <= o <= 0x33DF and c not in _UNIT_SIGNS):
        return True  # circled and squared katakana, rare unit signs (㋺, ㌃, ㎘): a whole font's glyph ids
    if not (cat[0] in "LM" or cat == "Sk"):
        return False  # symbols (℃, ×, ①, ¥, ㎡) and punctuation are text
    if known is not None and c in known:
        return False
    return True


def pdf_traces(doc) -> List[Trace]:
    """The traces of a :class:`docfix.pdf.PdfText`: each unmapped glyph's
    U+FFFD, keyed by its (font, glyph id)."""
    return [Trace(t.offset, t.offset + 1, t.key, "pdf") for t in doc.traces]


def find(
    text: str, *, codepoints: Optional[bool] = None, known: Optional[frozenset] = None, spaces: Optional[bool] = None
) -> List[Trace]:
    """Every extractor trace in ``text``, in order.

    Parameters
    ----------
    text : str
        Extracted text.
    codepoints : bool, optional
        Whether ASCII letters and digits between two Han characters count as
        code-point traces; default: only when the text has control-character
        traces (PyMuPDF/pypdf output).
    known : frozenset of str, optional
        Characters the language model knows well; a rare-block letter in it
        is not a trace (default: none known).
    spaces : bool, optional
        Whether spaces between Han characters are traces (``pdftotext
        -raw`` output, :func:`space_traces`); default: where the text has
        enough of them and no trace of another kind; ``False`` never.

    Returns
    -------
    list of Trace
    """
    out: List[Trace] = []
    n = len(text)
    cid_at = {m.start(): m for m in _CID.finditer(text)} if "(cid:" in text else {}
    has_control = any(c in _CONTROL for c in text)
    ascii_traces = has_control if codepoints is None else codepoints
    # rare letters standing in Chinese text are the signature too; but there
    # (no control character) an ASCII digit between Han characters stays
    # text: 核电厂2号机组 is what such documents write
    odd_traces = ascii_traces or (codepoints is None and _codepoint_document(text, known))
    lone = _lone_letters(text) if codepoints is None else frozenset()
    lone_cr = "\r" in text and text.count("\r\n") * 2 < text.count("\n")  # (not a CRLF text)
    # in code-point output, a half-width mark whose full-width form the text writes
    halfwidth = frozenset(c for c in _HALF_MARKS if c in text and _HALF_MARKS[c] in text) if ascii_traces else frozenset()
    i = 0
    while i < n:
        m = cid_at.get(i)
        if m is not None:
            out.append(Trace(i, m.end(), ("cid", int(m.group(1))), "cid"))
            i = m.end()
            continue
        c = text[i]
        kind: Optional[str] = None
        key: Optional[Hashable] = ("char", c)
        if c == "\ufffd":
            kind, key = "replacement", None
        elif c in _CONTROL:
            kind = "control"
        elif 0xE000 <= ord(c) <= 0xF8FF or ord(c) >= 0xF0000:
            kind = "private"
        elif c == "\r" or c == "\x0b":
            if (lone_cr or c == "\x0b") and _beside_han(text, i, both=True):
                kind = "control"  # glyph 13 in a text whose lines do not end so, glyph 11
        elif c.isascii():
            # (without control characters only lower case: Chinese writes a
            # capital alone among Han characters, X射线, 维生素C, A股)
            letter = c.isalpha() and (ascii_traces or c.islower())
            if ((ascii_traces and c.isalnum()) or (odd_traces and (c in _ODD_ASCII or letter))) \
                    and _beside_han(text, i, both=True):
                kind = "codepoint"
            elif odd_traces and letter and _lone_at(text, i, traces_too=True):
                kind = "codepoint"  # a letter between a Han character and a mark or another trace (，Q控)
            elif ascii_traces and c in halfwidth and _beside_han(text, i, both=True):
                kind = "codepoint"  # a half-width mark between Han characters where the text writes the full-width one
            elif c in lone and _lone_at(text, i):
                kind = "codepoint"
        elif c in _ODD_LATIN1:
            if _in_chinese(text, i):
                kind = "codepoint"
        elif c in _LATIN1_SIGNS:
            if odd_traces and _lone_at(text, i, traces_too=True):
                kind = "codepoint"  # code-point output: ±, «, ¢ standing among Chinese (十四五±省级)
        elif _rare_letter(c, known) and (_in_chinese(text, i) or (odd_traces and _stray_letter(text, i))):
            kind = "codepoint"
        if kind is None:
            i += 1
            continue
        end = i + 1
        if kind != "replacement" and end < n and text[end] == "\n" and _continues(text, i, end):
            end += 1  # PyMuPDF breaks the line after an unmapped glyph
        out.append(Trace(i, end, key, kind))
        i = end
    if odd_traces and codepoints is None and "\n" in text:
        taken = {t.start for t in out} | {t.end - 1 for t in out}
        extra = [t for t in newline_traces(text) if t.start not in taken]
        if extra:
            out = sorted(out + extra, key=lambda t: t.start)
    if spaces or (spaces is None and not any(t.certain for t in out)):
        # (an extractor that marks its losses does not also print spaces for them)
        out = sorted(out + space_traces(text, force=bool(spaces)), key=lambda t: t.start)
    return out


def newline_traces(text: str) -> List[Trace]:
    """Line breaks that are glyph 10 printed as itself (code-point output of
    a subset numbered by first use): on a page wrapped at one width, a
    break that splits a full line in two (the two parts and the break make
    a full line), inside a Chinese sentence.

    >>> page = ("全市各级各类学校和教师要认真落实有关规定，加强管理\\n" * 3 + "全市各级各类学校和\\n师要认真落实有关规定，加强管理\\n"
    ...         + "全市各级各类学校和教师要认真落实有关规定，加强管理\\n")
    >>> [(t.start, t.kind) for t in newline_traces(page)]
    [(87, 'control')]
    """
    from .canon import WRAP_SLACK, _chinese, _glyphs, _page_width

    width = _page_width(text)
    if not width:
        return []
    lines = text.split("\n")
    out: List[Trace] = []
    at = 0
    for k in range(len(lines) - 1):
        a, b = lines[k], lines[k + 1]
        nl = at + len(a)
        at = nl + 1
        la, lb = _glyphs(a), _glyphs(b)
        if not a or not b or a[-1] in SENT_END or a[-1] in "：:”）)》" or la >= width - WRAP_SLACK:
            continue
        if abs(la + 1 + lb - width) > 1 or not (_chinese(a) and _chinese(b)):
            continue
        if is_han(a[-1]) and is_han(b[0]):
            out.append(Trace(nl, nl + 1, ("char", "\n"), "control"))
    return out


_CJK_MARK = "，。、；：！？（）《》“”"
# one or two spaces (two glyphs lost side by side) between Han characters or
# Chinese punctuation, a Han character on one side at least
_HAN_SPACE_HAN = regex.compile(r"(?<=[\p{Han}%s])( {1,2})(?=[\p{Han}%s])" % (_CJK_MARK, _CJK_MARK))
SPACE_MIN = 5  # spaces between Han characters in prose lines that make a document pdftotext -raw output ...
SPACE_LINE_MAX = 0.2  # ... none in a line where they are this share of its Han characters (letter spacing)


def space_traces(text: str, *, force: bool = False) -> List[Trace]:
    """Spaces that ``pdftotext -raw`` printed for unmapped glyphs.

    One or two spaces between Han characters or Chinese punctuation (a Han
    character on one side at least), in a prose line (with ，。；, no tab,
    no run of three spaces, not letter-spaced: such spaces under
    :data:`SPACE_LINE_MAX` of its Han characters), are traces, one per
    space, when the text has at least :data:`SPACE_MIN` of them (or
    ``force``); each says where a glyph was lost, not which (key ``None``),
    and may be a space after all.

    >>> t = "推进教育 息化建设，加强教育 息化，教育 息化水平，提高教育 息化，发展 息化产业。"
    >>> [(x.start, x.kind) for x in space_traces(t)][:2]
    [(4, 'space'), (14, 'space')]
    >>> space_traces("记者 蒋文报道，全市教育工作会议召开。")
    []
    >>> space_traces("第八条 有关部门应当加强管理。\\n" * 6)
    []
    """
    from .fixes.base import _line_spans

    found: List[int] = []
    for ls, le in _line_spans(text):
        line = text[ls:le]
        if not any(c in line for c in "，。；") or "\t" in line or "   " in line:
            continue
        hits = []
        for m in _HAN_SPACE_HAN.finditer(line):
            a, b = m.span(1)
            if _HEADING.match(line[:a]):
                continue  # 第八条 有关部门…, 一、 加强…: the space of a heading or list marker
            if is_han(line[a - 1]) or is_han(line[b]):
                hits.extend(range(a, b))
        if not hits:
            continue
        if len(hits) > SPACE_LINE_MAX * sum(1 for c in line if is_han(c)):
            continue
        found.extend(ls + h for h in hits)
    if len(found) < SPACE_MIN and not force:
        return []
    return [Trace(i, i + 1, None, "space") for i in found]


_HEADING = regex.compile(
    r"^\s*(?:第[^\s，。]{1,8}?[条章节款编部分]|[一二三四五六七八九十百]+、|[（(][一二三四五六七八九十百\d]+[)）]"
    r"|\d+[.、．]|附件\d*[：:]?|[一二三四五六七八九十]+是)$"
)


LONE_MIN = 3  # a lower-case letter standing alone between Han characters this often ...
LONE_SHARE = 0.6  # ... as this share of its occurrences at least is a code-point trace


def _lone_letters(text: str) -> frozenset:
    """Lower-case ASCII letters that the text writes alone between Han
    characters (有v意见, v于): Chinese text writes letters in words and
    codes (GDP, http), and capitals alone (A股, X光); a subset font's glyph
    printed as the letter of its glyph id stands alone, again and again.

    >>> sorted(_lone_letters("有v意见，v于同意，相v\\n措施。GDP增长，A股上涨，A股下跌，A股平稳。"))
    ['v']
    """
    alone: Counter = Counter()
    total: Counter = Counter()
    for i, c in enumerate(text):
        if "a" <= c <= "z":
            total[c] += 1
            if _lone_at(text, i):
                alone[c] += 1
    return frozenset(c for c, n in alone.items() if n >= LONE_MIN and n >= LONE_SHARE * total[c])


#: half-width marks and the full-width ones Chinese text writes for them
_HALF_MARKS = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？", "(": "（", ")": "）", '"': "“"}


def _lone_at(text: str, i: int, traces_too: bool = False) -> bool:
    """The character at ``i`` stands alone among Chinese: Han characters or
    Chinese marks either side (a line break after it, PyMuPDF's, skipped;
    ``traces_too``: control characters and U+FFFD count as Chinese), a Han
    character on one side at least."""
    left = text[i - 1] if i else ""
    j = i + 1
    if j < len(text) and text[j] == "\n":
        j += 1
    right = text[j] if j < len(text) else ""
    ok = lambda c: bool(c) and (is_han(c) or c in _CJK_MARK  # noqa: E731
                                or (traces_too and (c in _CONTROL or c == "\ufffd" or c in _LATIN1_SIGNS or c in _ODD_LATIN1)))
    return ok(left) and ok(right) and (is_han(left) or is_han(right))


def _neighbour_han(text: str, j: int, step: int) -> bool:
    """Whether the character at ``j`` (skipping other trace-like characters,
    and a line break right after the trace, PyMuPDF's, or right before it,
    where a page's line was wrapped) is Han."""
    if 0 <= j < len(text) and text[j] == "\n":
        j += step
    while 0 <= j < len(text):
        c = text[j]
        if c in _CONTROL or c == "\ufffd":
            j += step
            continue
        return is_han(c)
    return False


#: ASCII symbols that Chinese text never writes between two Han characters
#: (a code-point extractor prints glyph 123 as ``{``: 生{环境部)
_ODD_ASCII = frozenset("{}|~^`\\_@#$=")
#: Latin-1 signs that Chinese text does not write (¤ is glyph 164)
_ODD_LATIN1 = frozenset("¤¦¨¬¯´¸")
#: ... and the other Latin-1 signs, which it writes seldom (not · of names,
#: nor ° of angles): traces where they stand alone among Chinese in code-point output
_LATIN1_SIGNS = frozenset(chr(c) for c in range(0xA1, 0xC0)) - _ODD_LATIN1 - frozenset("·°") | frozenset("×÷")
CODEPOINT_MIN = 3  # rare letters standing in Chinese text this often (2 kinds at least) ...
#: ... make a document code-point extractor output, as control characters do
_WEB = regex.compile(r"://|www|@|\.(?:gov|com|org|net|edu|cn)\b", regex.I)


def _codepoint_document(text: str, known: Optional[frozenset]) -> bool:
    """Whether ``text`` looks like PyMuPDF/pypdf output of a font that lost
    glyphs: rare-block letters standing in Chinese text, at least
    :data:`CODEPOINT_MIN` times, two different ones at least (a Greek letter
    in 粒子 or a name with é does not make one).

    >>> _codepoint_document("推进ӆ育工作，ӆ育局，发展ԕ业。", None), _codepoint_document("α粒子与β粒子", None)
    (True, False)
    """
    seen: Counter = Counter()
    for i, c in enumerate(text):
        if ord(c) < 0xA0 or is_han(c):
            continue
        if _rare_letter(c, known) and _in_chinese(text, i):
            seen[c] += 1
    return sum(seen.values()) >= CODEPOINT_MIN and len(seen) >= 2


def _stray_letter(text: str, i: int) -> bool:
    """In code-point output: a rare letter that is not part of a word of
    its own script (6610ԕ146, a web address's www.mƏƏ.gov.cn, Įttp://), but
    Müller and Москва are words.

    >>> _stray_letter("电话6610ԕ146", 6), _stray_letter("www.mƏƏ.gov.cn", 5), _stray_letter("Müller", 1)
    (True, True, False)
    """
    c = text[i]
    for j in (i - 1, i + 1):
        if 0 <= j < len(text):
            d = text[j]
            if d != c and d.isalpha() and not d.isascii() and not is_han(d):
                return False  # a word of letters of its own script
    if any(0 <= j < len(text) and text[j].isascii() and text[j].isalpha() for j in (i - 1, i + 1)):
        a = i
        while a > 0 and not text[a - 1].isspace() and not is_han(text[a - 1]):
            a -= 1
        b = i + 1
        while b < len(text) and not text[b].isspace() and not is_han(text[b]):
            b += 1
        return bool(_WEB.search(text[a:b]))  # beside ASCII letters: only inside a web address
    return True


def _in_chinese(text: str, i: int, reach: int = 3) -> bool:
    """A Han character within ``reach`` of ``i`` on its line, and no ASCII
    letter right beside it (Müller, café are Latin words).

    >>> _in_chinese("教育é局", 2), _in_chinese("Müller先生", 1), _in_chinese("办公厅202ȵ", 6)
    (True, False, True)
    """
    for j in (i - 1, i + 1):
        if 0 <= j < len(text) and text[j].isascii() and text[j].isalpha():
            return False
    lo = text.rfind("\n", 0, i) + 1
    hi = text.find("\n", i)
    hi = len(text) if hi < 0 else hi
    # a number's digits do not count against the reach: 办公厅202ȵ年, 电话：（0ȵ0）
    a = i
    while a > lo and (text[a - 1].isdigit() or text[a - 1] in "（(-—"):
        a -= 1
    b = i + 1
    while b < hi and (text[b].isdigit() or text[b] in "）)-—"):
        b += 1
    return any(is_han(c) for c in text[max(lo, a - reach):min(hi, b + reach)])


def _beside_han(text: str, i: int, *, both: bool) -> bool:
    left = _neighbour_han(text, i - 1, -1)
    right = _neighbour_han(text, i + 1, 1)
    return (left and right) if both else (left or right)


def _continues(text: str, i: int, nl: int) -> bool:
    """A line break right after a trace at ``i`` is the extractor's, not the
    text's: the sentence goes on (no sentence end before the trace, the next
    line starts with a Han character)."""
    before = text[i - 1] if i else "\n"
    after = text[nl + 1] if nl + 1 < len(text) else ""
    if before.isdigit() and after.isdigit():
        return True  # inside a number: 202ȵ / 0年
    return before not in SENT_END and before != "\n" and bool(after) and is_han(after)

"""Traces that PDF extractors leave where a glyph had no Unicode mapping.

A glyph whose font lacks a ToUnicode entry is not always lost silently. Most
extractors print something in its place, and that something tells WHERE the
glyph was (its position is known) and, often, WHICH unknown glyph it is (all
occurrences of one glyph print the same way):

=====================  ==============================================  ============
extractor              what an unmapped glyph becomes                   kind
=====================  ==============================================  ============
pdfminer.six           ``(cid:N)``, N the glyph id                      ``cid``
docling-parse          ``GLYPH<c=N,font=/NAME>`` for a glyph under 32   ``glyph``
                       (``GLYPH&lt;…&gt;`` in its Markdown), the others
                       as code points like PyMuPDF's
PyMuPDF, pypdf         the character whose code point is the glyph id:  ``control``,
                       C0/C1 control characters, private-use,           ``private``,
                       rare-block letters (Mongolian, CJK Ext-A,        ``codepoint``
                       Latin/Greek/Cyrillic between Han characters)
PyMuPDF (flag off)     U+FFFD                                           ``replacement``
docfix.pdf             U+FFFD with a (font, glyph id) key               ``pdf``
pdftotext -raw         a space (-layout: a run) (:func:`space_traces`)   ``space``
pdftotext              the same, and at a line's end nothing: a line    ``break``
                       break inside a sentence (:func:`break_traces`)
=====================  ==============================================  ============

:func:`find` returns every trace of a text as a :class:`Trace`: a span of the
input and a ``key`` shared by the traces of one glyph (``None`` where the
trace does not say which glyph it is, as for U+FFFD). The restoration engine
replaces each trace by the glyph it stands for (:mod:`docfix.decipher`).

A code-point character is a trace only where real text would not write it:
a letter from a block Chinese documents do not use (or one the model never
saw), next to a Han character. ASCII letters and signs among Han characters
are taken as traces only in a document that also has control characters in
its text (the signature of a code-point extractor; the predicates are in
:mod:`docfix.codepoints`), and ASCII digits only where the document writes
one alone among Han characters again and again, not counting (8号机组);
elsewhere "A股" and "第3条" are text.

>>> [(t.start, t.end, t.key, t.kind) for t in find("教育(cid:123)局和(cid:123)长")]
[(2, 11, ('cid', 123), 'cid'), (13, 22, ('cid', 123), 'cid')]
>>> [(t.start, t.end, t.kind) for t in find("推进\\x13\\n化建设，\\ufffd好")]
[(2, 4, 'control'), (8, 9, 'replacement')]
>>> find("2022年全市教育工作会议召开，A股，第3条。")
[]
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Dict, Hashable, List, Optional, Tuple

import regex

from .canon import SENT_END
from .addresstraces import _bad_in_address, _capital_in_host
from .codepoints import (
    _CONTROL, _HALF_MARKS, _TRACE_LIKE, _LATIN1_SIGNS, _ODD_ASCII, _ODD_LATIN1, _CP_PUNCT, _beside_han, _box_table,
    _codepoint_document, _counting, _exotic_symbol, _in_chinese, _label, _odd_dot, _in_number, _lone_at,
    _lone_letters, _paired, _quotes_paired, _short_run, _stray_letter, _touches_han)
from .detect import is_han
from .letters import _rare_letter, _soups
from .spacetraces import break_offsets, run_end, space_offsets
from .wraps import wrap_spaces

__all__ = ["Trace", "find", "pdf_traces", "space_traces", "break_traces", "TRACE_KINDS", "GAP_KINDS"]

CONTROL_MIN = 2  # control characters among Chinese (or in a number) that make a text code-point output ...
#: ... or one where letters or digits stand alone among Chinese (:func:`docfix.codepoints._lone_letters`)
#: C1 control characters, and none of C0, that make a space among Chinese a trace too (PyMuPDF's
#: get_text(sort=True) prints glyphs 1-31 as spaces; one stray byte twice in a help text does not)
CODED_MIN = 3

#: The kinds of :class:`Trace`, strongest evidence first.
TRACE_KINDS = ("pdf", "cid", "glyph", "replacement", "control", "private", "codepoint", "space", "break")
#: The kinds that are a gap pdftotext left (a glyph lost there, or nothing: the text's own space or line break).
GAP_KINDS = ("space", "break")

_CID = regex.compile(r"\(cid:(\d{1,6})\)")
#: docling-parse's marker of a glyph it cannot map (N under 32 in a composite font, a simple font's
#: code without a name), HTML-escaped in its Markdown and HTML; GLYPH<UNKNOWN> names no glyph
_GLYPH = regex.compile(r"GLYPH(?:<|&lt;)(?:c=(\d{1,6}),font=[^<>&\s]{0,80}|(\d{1,6})|(UNKNOWN))(?:>|&gt;)",
                       regex.IGNORECASE)
#: glyph 11 or 12 printed as itself: a vertical tab or form feed between Han characters on a line
_VT_FF = regex.compile(r"(?<=\p{Han})[\x0b\x0c](?=\p{Han})")


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
        return self.kind != "codepoint" and self.kind not in GAP_KINDS


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

    Line ends written ``\\r\\n`` (PDFium's, a Windows file's) are read as
    ``\\n``; a ``\\r`` standing alone in such a text is glyph 13.

    >>> [(t.start, t.end, t.kind) for t in find("推进\\x13\\r\\n化建设，\\x13好\\r\\n改\\r革")]
    [(2, 5, 'control'), (9, 10, 'control'), (14, 15, 'control')]
    """
    wraps = wrap_spaces(text)  # (docling joins a page's wrapped lines with spaces: read as the line breaks they were)
    view = "".join("\n" if i in wraps else c for i, c in enumerate(text)) if wraps else text
    found = _find_lines(view, codepoints=codepoints, known=known, spaces=spaces)
    return [Trace(t.start, t.end - 1 if t.end - 1 in wraps and t.end - 1 > t.start else t.end, t.key, t.kind)
            for t in found if t.start not in wraps] if wraps else found


def _find_lines(text: str, **kw) -> List[Trace]:  # (:func:`_find`, with \r\n line ends read as \n)
    crlf = text.count("\r\n")
    if not crlf or crlf * 2 < text.count("\n"):  # (a \r before a few of many \n: glyph 13, 应加\r\n对)
        return _find(text, **kw)
    view, begin, end = _crlf_view(text)
    return [Trace(begin[t.start], end[t.end - 1] if t.end > t.start else begin[t.start], t.key, t.kind)
            for t in _find(view, **kw)]


def _crlf_view(text: str):
    """``text`` with each ``\\r\\n`` as ``\\n``, and for each character of
    that view where it begins and ends in ``text`` (both lists one longer:
    a span may end at the view's end).

    >>> _crlf_view("a\\r\\nb")
    ('a\\nb', [0, 1, 3, 4], [1, 3, 4, 4])
    """
    parts = text.split("\r\n")
    view = "\n".join(parts)
    begin: List[int] = []
    end: List[int] = []
    at = 0
    for pi, part in enumerate(parts):
        if pi:
            begin.append(at)
            at += 2
            end.append(at)
        begin.extend(range(at, at + len(part)))
        end.extend(range(at + 1, at + len(part) + 1))
        at += len(part)
    begin.append(at)
    end.append(at)
    return view, begin, end


def _find(text: str, *, codepoints: Optional[bool], known: Optional[frozenset], spaces: Optional[bool]) -> List[Trace]:
    out: List[Trace] = []
    n = len(text)
    cid_at = {m.start(): m for m in _CID.finditer(text)} if "(cid:" in text else {}
    glyph_at = _glyph_marks(text)  # (docling's markers: its other unmapped glyphs print as code points)
    # (glyph 11 or 12, a vertical tab or form feed between Han characters on a line, is one too)
    tail = _junk_tail(text)  # (a control character away from Chinese, a DOS end-of-file mark, is no glyph)
    # (standing among Chinese: a bell in a help text, \a 响铃字符, makes no code-point output; nor
    # does one stray byte of mojibake, 可帶有\x89密碼: a lost glyph prints wherever it stood)
    controls = (i for i, c in enumerate(text)
                if c in _CONTROL and not _stray_control(text, i, tail)
                and (_lone_at(text, i, traces_too=True) or _in_number(text, i)))  # (12\x1d17日: 月)
    n_control = len(list(itertools.islice(controls, CONTROL_MIN)))
    ids = {int(m.group(1)) for m in cid_at.values()}  # (a simple font: codes under 32 print as (cid:N), others as letters)
    low_cids = bool(ids) and max(ids) < 32 and bool(_lone_letters(text) or _lone_letters(text, capitals=True, sides=True))
    has_control = n_control >= CONTROL_MIN or _VT_FF.search(text) is not None or bool(glyph_at) or low_cids \
        or (n_control == 1 and bool(_lone_letters(text, digits=True)))  # (one, with letters alone: 0化施工)
    ascii_traces = has_control if codepoints is None else codepoints
    # rare letters standing in Chinese text are the signature too; but there
    # (no control character) an ASCII digit between Han characters stays
    # text: 核电厂2号机组 is what such documents write
    odd_traces = ascii_traces or (codepoints is None and _codepoint_document(text, known))
    # ASCII letters and signs as glyphs: with control characters, or where
    # Latin-1 and Latin Extended letters stand in Chinese text (glyph ids
    # 192-591 of the same subset; Greek letters are a science text's)
    signs = ascii_traces or (odd_traces and codepoints is None and _codepoint_document(text, known, latin=True))
    lone = _lone_letters(text, digits=ascii_traces) if codepoints is None else frozenset()
    if lone and not signs:
        # lower-case letters (or digits) alone among Han characters again and
        # again say the text is code-point output: so do capitals alone there
        # (接受D会监督, 此件D会公开 beside 有v意见; a text of A股 has no such letters)
        lone |= _lone_letters(text, capitals=True)
    elif odd_traces and not signs:
        # ... and so do rare letters standing in Chinese: there a capital alone
        # between ever other neighbours on both sides (过程Q控, 物Q控, 境Q理) is a
        # glyph, one that keeps its word is not (X射线, 维生素C)
        lone = _lone_letters(text, capitals=True, sides=True)
    lone_cr = "\r" in text and text.count("\r\n") * 2 < text.count("\n")  # (not a CRLF text)
    own_quotes = frozenset(q for q in "\"'" if q in text and _quotes_paired(text, q)) if ascii_traces else frozenset()
    halfwidth = frozenset(c for c in _HALF_MARKS if c in text and _HALF_MARKS[c] in text and c not in own_quotes) \
        if ascii_traces else frozenset()  # (in code-point output, a half-width mark whose full-width form the text writes)
    i = 0
    while i < n:
        m = cid_at.get(i)
        if m is not None:
            out.append(Trace(i, m.end(), ("cid", int(m.group(1))), "cid"))
            i = m.end()
            continue
        g = glyph_at.get(i)
        if g is not None:
            out.append(Trace(i, g[0], g[1], "glyph"))
            i = g[0]
            continue
        c = text[i]
        kind: Optional[str] = None
        key: Optional[Hashable] = ("char", c)
        if c == "\ufffd":
            kind, key = "replacement", None
        elif c in _CONTROL:
            if not _stray_control(text, i, tail):
                kind = "control"
        elif 0xE000 <= ord(c) <= 0xF8FF or ord(c) >= 0xF0000:
            kind = "private"
        elif c == "\t":
            if ascii_traces and _lone_at(text, i, traces_too=True) and _tab_in_prose(text, i):
                kind = "control"  # glyph 9 in code-point output: 你们\t出的, ，\t升 (not a table's tabs)
        elif c == "\r" or c == "\x0b" or c == "\x0c":
            if (lone_cr or c != "\r") and _beside_han(text, i, both=True) and (c != "\x0c" or _VT_FF.match(text, i)):
                kind = "control"  # glyph 13 in a text whose lines do not end so, glyph 11, glyph 12 inside a line
        elif c.isascii():
            # (without control characters only lower case: Chinese writes a
            # capital alone among Han characters, X射线, 维生素C, A股)
            letter = c.isalpha() and (signs or c.islower())
            if ((signs and c.isalpha()) or (odd_traces and (c in _ODD_ASCII or letter))) \
                    and _beside_han(text, i, both=True):
                kind = "codepoint"
            elif odd_traces and letter and _lone_at(text, i, traces_too=True) and not _label(text, i):
                kind = "codepoint"  # a letter between a Han character and a mark or another trace (，Q控)
            elif ascii_traces and c in halfwidth and _beside_han(text, i, both=True) and not _paired(text, i):
                kind = "codepoint"  # a half-width mark between Han characters where the text writes the full-width one
            elif signs and c == "." and _odd_dot(text, i):
                kind = "codepoint"  # ... a full stop no number or list writes (〔201.〕, 3月.日)
            elif signs and c in _CP_PUNCT and _lone_at(text, i, traces_too=True) \
                    and not (c in own_quotes or (c == '"' and c not in halfwidth and _paired(text, i))):
                kind = "codepoint"  # ... an ASCII sign alone among Chinese (废物?理, 与-射, 电$、; not docling's "三同时")
            elif _bad_in_address(text, i) or (odd_traces and "A" <= c <= "Z" and _capital_in_host(text, i)):
                kind = "codepoint"  # ... a sign a web address cannot hold (www.mee.gov.%n), a capital in a lower-case host (www.mHH.gov)
            elif signs and (run := _short_run(text, i)):
                # ... a few glyphs numbered one after another (接CDE监督: 受社会)
                out.extend(Trace(j, j + 1, ("char", text[j]), "codepoint") for j in range(i, run - 1))
                i = run - 1
                kind, key = "codepoint", ("char", text[i])
            elif c in lone and _lone_at(text, i) and not (c.isdigit() and _counting(text, i)):
                kind = "codepoint"  # (a lone digit's own numbers stay: 1品 is a glyph, 1月 a month)
        elif c in _ODD_LATIN1:
            if _in_chinese(text, i):
                kind = "codepoint"
        elif c in _LATIN1_SIGNS:
            if odd_traces and (_lone_at(text, i, traces_too=True) or _in_number(text, i) or _bad_in_address(text, i)):
                kind = "codepoint"  # code-point output: ±, «, ¢ standing among Chinese (十四五±省级, 2¢19年)
        elif _rare_letter(c, known) and (_in_chinese(text, i) or (odd_traces and (_stray_letter(text, i) or i in _soups(text)))):
            kind = "codepoint"
        elif odd_traces and _exotic_symbol(c) and not _box_table(text, c) \
                and (_beside_han(text, i, both=True) or _lone_at(text, i, traces_too=True)):
            kind = "codepoint"  # a whole font's glyph id printed as a symbol (⽢ for 整, ⡅ for 强)
        elif odd_traces and ("\u30a1" <= c <= "\u30fa" or (c.isdecimal() and c > "\u0600" and c < "\uff00")) \
                and _beside_han(text, i, both=True):
            kind = "codepoint"  # ... or as a katakana letter or another script's digit between two Han characters (调度ブ究, 施工༠道)
        if kind is None:
            i += 1
            continue
        end = i + 1 if kind == "replacement" else _trace_end(text, i)
        out.append(Trace(i, end, key, kind))
        i = end
    if signs and codepoints is None and out:
        out = _same_key_traces(text, out)
    if odd_traces and codepoints is None and "\n" in text:
        taken = {t.start for t in out} | {t.end - 1 for t in out}
        extra = [t for t in newline_traces(text) if t.start not in taken]
        if extra:
            out = sorted(out + extra, key=lambda t: t.start)
    if cid_at and codepoints is None and not low_cids:
        # (cid:N) output has no code points (but a simple font's): a rare letter is the text's own (存在Φ2mm)
        out = [t for t in out if t.kind != "codepoint"]
    # PyMuPDF's get_text(sort=True) prints glyphs 1-31 as spaces and the others as code points:
    # there a space among Chinese may be a trace (the sign: CODED_MIN C1 control characters and
    # none of C0; not code-point letters alone, which 112 clean help and man pages hold 3 of)
    ctrl = [text[t.start] for t in out if t.kind == "control"]
    coded = spaces is None and len(ctrl) >= CODED_MIN and all(c >= "\x7f" for c in ctrl) \
        and not glyph_at and "\ufffd" not in text  # (docling prints glyphs 1-31 as markers or U+FFFD)
    if spaces or coded or (spaces is None and not any(t.certain and t.kind != "private" for t in out)):
        # (an extractor that marks its losses does not also print spaces for
        # them; a private-use character is a font's own mapping, which
        # pdftotext prints too: 黑颈\ue862\ue861 in -raw output)
        found = space_traces(text, force=bool(spaces))
        if found and not coded:  # (pdftotext output: a glyph lost at a line's end left no space)
            found += break_traces(text)
        taken = {j for t in out for j in range(t.start, max(t.end, t.start + 1))}  # (1 6.com: a code point's only)
        out = sorted(out + [t for t in found if t.start not in taken], key=lambda t: t.start)
    return out


def _glyph_marks(text: str) -> Dict[int, Tuple[int, Optional[Hashable]]]:
    """docling-parse's glyph markers: start -> (end, key). The glyph id of a
    marker is the code point docling prints for the font's other unmapped
    glyphs, so its key is that code point's (``("char", chr(N))``).

    >>> _glyph_marks("公开。GLYPH<c=1,font=/MPDFAA+SimSun>十一）GLYPH&lt;7&gt;GLYPH<UNKNOWN>")
    {3: (33, ('char', '\\x01')), 36: (50, ('char', '\\x07')), 50: (64, None)}
    """
    out: Dict[int, Tuple[int, Optional[Hashable]]] = {}
    for m in _GLYPH.finditer(text):  # (at most 6 digits: always a code point)
        n = m.group(1) or m.group(2)
        out[m.start()] = (m.end(), ("char", chr(int(n))) if n else None)
    return out


def _tab_in_prose(text: str, i: int) -> bool:
    """Whether the tab at ``i`` stands in a line of prose, one tab in ten
    characters at most (a table's row is short cells between tabs).

    >>> _tab_in_prose("我们完全赞同\\t案\\t出的整合完善规划环评的建议，并将加快推进相关工作。", 6)
    True
    >>> _tab_in_prose("姓名\\t性别\\t民族\\t籍贯", 2)
    False
    """
    lo = text.rfind("\n", 0, i) + 1
    hi = text.find("\n", i)
    hi = len(text) if hi < 0 else hi
    return hi - lo >= 20 and text.count("\t", lo, hi) * 10 <= hi - lo


def _stray_control(text: str, i: int, tail: int) -> bool:
    """A control character that is no glyph: a DOS end-of-file mark (at or
    after ``tail``, where only control characters and spaces follow), an
    ANSI escape sequence, a C1 control in a line of mojibake (UTF-8 bytes
    read as Latin-1: three such characters in a row, 活动\x99\x80¾像).

    >>> _stray_control("空腹。\x1a", 3, 3), _stray_control("\x1b[31m警告", 0, 7), _stray_control("推进\x13化", 2, 4)
    (True, True, False)
    >>> _stray_control("冀\x9b建 GIF 活动\x99\x80¾像", 1, 20), _stray_control("冀\x9b建 施工\x8e\x82理", 1, 20)
    (True, False)
    """
    if i >= tail or (text[i] == "\x1b" and text[i + 1:i + 2] == "["):
        return True
    if not "\x80" <= text[i] <= "\x9f":
        return False
    a = text.rfind("\n", 0, i) + 1
    b = text.find("\n", i)
    return _MOJIBAKE_RUN.search(text, a, len(text) if b < 0 else b) is not None


#: three characters of U+0080-U+00FF in a row, one of them printable: a Han character's UTF-8 bytes
#: read as Latin-1 (PyMuPDF's glyphs lost one after another print as C1 controls: 施工\x8e\x82)
_MOJIBAKE_RUN = regex.compile(r"(?=[\x80-\xff]{0,2}[\xa0-\xff])[\x80-\xff]{3}")


def _junk_tail(text: str) -> int:
    """Where the text's trailing run of control characters and spaces starts."""
    k = len(text)
    while k > 0 and (text[k - 1] in _CONTROL or text[k - 1].isspace()):
        k -= 1
    return k


def _same_key_traces(text: str, out: List[Trace]) -> List[Trace]:
    """In code-point output whose ASCII signs are glyphs (control
    characters, or Latin letters, in the text): every other occurrence of an
    ASCII or Latin-1 sign or letter found as a trace that touches a Han
    character (through other such traces: 落BC中共, 帮&'作) is a trace too:
    one glyph id prints one character (digits stay text: 2020年2月; so do
    full stops, an item's: 1.国家能源局)."""
    keys = {text[t.start] for t in out if t.kind == "codepoint" and ord(text[t.start]) < 0x100
            and not text[t.start].isdigit() and text[t.start] not in _HALF_MARKS and text[t.start] != "."}
    if not keys:
        return out
    taken = {t.start for t in out}
    glue = keys | _TRACE_LIKE
    extra = []
    for i, c in enumerate(text):
        if c in keys and i not in taken and (_touches_han(text, i, -1, glue) or _touches_han(text, i, 1, glue)):
            extra.append(Trace(i, _trace_end(text, i), ("char", c), "codepoint"))
    if not extra:
        return out
    merged = sorted(out + extra, key=lambda t: t.start)
    # (a trace's own line break is no key's occurrence: keep the first of two overlapping)
    return [t for k, t in enumerate(merged) if not k or t.start >= merged[k - 1].end]


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


def space_traces(text: str, *, force: bool = False) -> List[Trace]:
    """Spaces that ``pdftotext -raw`` printed for unmapped glyphs
    (:func:`docfix.spacetraces.space_offsets`): each says where a glyph was
    lost, not which (key ``None``), and may be a space after all.

    >>> t = "推进教育 息化建设，加强 息管理，教育 息化水平，提高 息技术，发展 息化产业。"
    >>> [(x.start, x.kind) for x in space_traces(t)][:2]
    [(4, 'space'), (12, 'space')]
    >>> space_traces("记者 蒋文报道，全市教育工作会议召开。")
    []
    """
    return [Trace(i, run_end(text, i), None, "space") for i in space_offsets(text, force=force)]


def break_traces(text: str) -> List[Trace]:
    """Line breaks inside a sentence where ``pdftotext`` may have dropped a
    glyph at a line's end (:func:`docfix.spacetraces.break_offsets`): each a
    zero-length span at the end of the line, where the glyph is inserted (the
    line break stays); most often nothing was lost there.

    >>> page = "全市各级各类学校和教师要认真落实有关规定，加强管理\\n" * 3 + "全市各级各类学校和教师要认真落实有关规\\n，加强管理\\n"
    >>> [(t.start, t.end, t.kind) for t in break_traces(page)]
    [(97, 97, 'break')]
    """
    return [Trace(i, i, None, "break") for i in break_offsets(text)]


def _trace_end(text: str, i: int) -> int:
    """The end of a one-character trace at ``i``, with the line break that
    PyMuPDF puts after an unmapped glyph where the sentence goes on."""
    end = i + 1
    return end + 1 if end < len(text) and text[end] == "\n" and _continues(text, i, end) else end


def _continues(text: str, i: int, nl: int) -> bool:
    """A line break right after a trace at ``i`` is the extractor's, not the
    text's: the sentence goes on (no sentence end before the trace, the next
    line starts with a Han character)."""
    before = text[i - 1] if i else "\n"
    after = text[nl + 1] if nl + 1 < len(text) else ""
    if before.isdigit() and after.isdigit():
        return True  # inside a number: 202ȵ / 0年
    return before not in SENT_END and before != "\n" and bool(after) and is_han(after)

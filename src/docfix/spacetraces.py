"""Where ``pdftotext`` lost a glyph: its spaces and line breaks (:func:`docfix.traces.space_traces`,
:func:`docfix.traces.break_traces`, which make them :class:`docfix.traces.Trace` objects).

``pdftotext -raw`` prints a space for a glyph it cannot map (one space for
a run of them), ``pdftotext`` the same inside a line and nothing at a
line's end. These functions find the offsets; what they stand for is read
like any keyless trace (:mod:`docfix.decipher`).
"""
from __future__ import annotations

import bisect
from collections import Counter
from typing import List, Optional, Tuple

import regex

from . import protect
from .canon import SENT_END
from .codepoints import _CJK_MARK
from .detect import is_han

__all__ = ["space_offsets", "break_offsets"]

# one or two spaces (two glyphs lost side by side) between Han characters or
# Chinese punctuation, a Han character on one side at least
_HAN_SPACE_HAN = regex.compile(r"(?<=[\p{Han}%s])( {1,2})(?=[\p{Han}%s])" % (_CJK_MARK, _CJK_MARK))
# one space between a digit and a Han character, or inside a short number (1 8号, 137 06公里: each
# of the 140 spaces between digits in real pdftotext output of 40 damaged PDFs was a lost glyph,
# 70 of them digits; not between longer groups: 2019 2020 2021年, a phone's 0392 3312345)
_DIGIT_SPACE = regex.compile(r"(?<=\d) (?=\p{Han})|(?<=\p{Han}) (?=\d)|(?<![\d.]\d{3})(?<=\d) (?=\d{1,3}(?![\d年]))")
# a word or number set off by spaces among Chinese (在 LibreOffice 7.3 和, 字母 c 到), and one not
_SPACED_TOKEN = regex.compile(r"(?<=\p{Han}) [A-Za-z0-9](?:[ -~]*?[A-Za-z0-9.)])? (?=\p{Han})")
_BARE_TOKEN = regex.compile(r"(?<=\p{Han})[A-Za-z0-9][A-Za-z0-9_.+-]*(?=\p{Han})")
# a few Han characters glued to a Latin word: a key's or command's name in a help text (命令Ctrl)
_KEY_NAME = regex.compile(r"\p{Han}{1,4}[A-Za-z]")
SPACED_MIN = 3  # a text that sets off words and numbers so this often, as often as not, spaces them by style
#: ... and is pdftotext -raw output only with this many spaces between Han characters in prose lines
#: (a help page's spaces where an icon or a key's name stood: 按 命令 Ctrl)
SPACE_MIN_SPACED = 20
# a run of spaces inside a prose line between Chinese (pdftotext -layout's place of lost glyphs)
_HAN_RUN_HAN = regex.compile(r"(?<=[\p{Han}%s])( {3,40})(?=[\p{Han}%s])" % (_CJK_MARK, _CJK_MARK))
_LEAD_SPACE = regex.compile(r" {1,2}(?=[\p{Han}%s])" % _CJK_MARK)  # a space or two at a line's start, then Chinese
# a space inside a year (its other three digits around it, 年 after them, or
# the bracket that closes a document number's year: 环发〔201 〕158号)
_YEAR_SPACE = regex.compile(r"(?<![\d.])(\d{1,3})( )(\d{0,2})(?=年|(?<=〔[\d ]{4})〕)")
CONTEXT_MAX = 3  # ... each pair of characters either side counted at most this often
SPACE_MIN = 5  # spaces between Han characters in prose lines that make a document pdftotext -raw output ...
SPACE_LINE_MAX = 0.2  # ... none in a line where they are this share of its Han characters (letter spacing) ...
#: ... or, in a line of SPACE_PROSE_HAN Han characters or more, this share (a line that lost many glyphs)
SPACE_LONG_LINE_MAX = 0.4
SPACE_PROSE_HAN = 15  # a line without ，。； is prose (a paragraph's wrapped line) with this many Han characters
#: ... nor one that starts an item of a list (2.水质 烷基酚类的测定 固相萃取-高效液相色谱法: a standard's title)
_LIST_START = regex.compile(r"^\s*(?:\d+[.、．)）]|[（(][\d一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、|《)")
_ORGAN_END = frozenset("部委局厅院办署行会")  # ... unless its spaces follow an organ's name (a list of issuing organs)
#: In prose lines too, where this many spaces, and this share of a text's spaces, follow an
#: organ's name: a signature line of issuing organs joined into a paragraph (生态环境部 发展改革委工业和信息化部
#: 公安部司法部 …), not glyphs a font lost; a font that lost 门 leaves 部 门 fewer times than its other gaps
ORGANS_MIN = 3
ORGANS_SHARE = 0.5


def space_offsets(text: str, *, force: bool = False) -> List[int]:
    """Offsets of the spaces that ``pdftotext -raw`` printed for unmapped glyphs.

    One or two spaces between Han characters or Chinese punctuation (a Han
    character on one side at least), in a prose line (with ，。；, no tab,
    no run of three spaces, not letter-spaced: such spaces under
    :data:`SPACE_LINE_MAX` of its Han characters), are traces, one per
    space, when the text's punctuated lines have at least :data:`SPACE_MIN`
    of them (or ``force``); each says where a glyph was lost, not which (key
    ``None``), and may be a space after all. So are spaces in the long lines
    of Han characters without ，。； that -raw makes of a wrapped paragraph
    (not after an organ's name: a list of issuing organs), a space
    inside a year (201 年, 〔201 〕), and one between a digit and a Han character
    or another digit (2月1 日, 年2 20日, 1 8号) in a text whose other spaces made it -raw output
    and that does not set words and numbers off by spaces as a style (在
    LibreOffice 7.3 和之后, 字母 c 到 b: :data:`SPACED_MIN`); such a text
    spaces its marks too (由 “exec” 键): there only spaces between two Han
    characters count, and it is -raw output only with
    :data:`SPACE_MIN_SPACED` of them. A run of three spaces or more in a
    prose line between Chinese, where ``pdftotext -layout`` lost glyphs (a
    browser's PDF prints one as 8-20 spaces), is one trace at its first space
    (:func:`run_end` gives its end), unless it is a column's or table's gap
    (:func:`_column`).

    >>> t = "推进教育 息化建设，加强 息管理，教育 息化水平，提高 息技术，发展 息化产业。"
    >>> space_offsets(t)[:2]
    [4, 12]
    >>> space_offsets("记者 蒋文报道，全市教育工作会议召开。")
    []
    >>> space_offsets("第八条 有关部门应当加强管理。\\n" * 6)
    []
    """
    from .canon import WRAP_SLACK, _glyphs, _page_width
    from .fixes.base import _line_spans

    found: List[int] = []
    counted: List[int] = []  # (the spaces of prose lines)
    n_spaced = len(_SPACED_TOKEN.findall(text))
    spaced = n_spaced >= SPACED_MIN and n_spaced >= len(_BARE_TOKEN.findall(text))
    line = ""
    width = _page_width(text)
    spans = _line_spans(text)
    all_lines: List[str] = []  # (read where a line holds a run of spaces)
    run_page: Optional[bool] = None  # (whether such runs may be -layout's gaps: :func:`_run_page`)
    for k, (ls, le) in enumerate(spans):
        before, line = line.rstrip(), text[ls:le]
        han = sum(1 for c in line if is_han(c))
        prose = any(c in line for c in "，。；")
        # (a line as long as the page's, a paragraph's first, is one too; but
        # its spaces do not tell -raw output: headings of one length make a page)
        full = not prose and han >= SPACE_PROSE_HAN and width and _glyphs(line) >= width - WRAP_SLACK
        wrapped = (not prose and han >= SPACE_PROSE_HAN and before != ""
                   and before[-1] not in SENT_END and before[-1] not in "：:" and not _LIST_START.match(line))
        if not (prose or wrapped or full) or "\t" in line or ("   " in line and not prose):
            continue  # (pdftotext -layout output: a prose line's indent, or a gap of lost glyphs, 接          监督)
        hits, between = [], []
        for m in _HAN_SPACE_HAN.finditer(line):
            a, b = m.span(1)
            if _HEADING.match(line[:a]):
                continue  # 第八条 有关部门…, 一、 加强…: the space of a heading or list marker
            if not prose and line[a - 1] in _ORGAN_END:
                continue  # 生态环境部 发展改革委 工业和信息化部: the spaces of a list of issuing organs
            if spaced and _KEY_NAME.match(line, b):
                continue  # 按 命令Ctrl, 按住 选项Alt: a key's name set off by style
            if (is_han(line[a - 1]) and is_han(line[b])) if spaced else (is_han(line[a - 1]) or is_han(line[b])):
                hits.extend(range(a, b))  # (spaced by style: also beside its marks, 由 “exec” 键)
                if is_han(line[a - 1]) and is_han(line[b]):
                    between.extend(range(a, b))
        # pdftotext -layout's gap of lost glyphs (接          监督) on a page wrapped at one width: not a table's
        # column, nor a form's blank to fill in (兹证明          同志)
        if prose and "   " in line and run_page is None:
            run_page = bool(width) or _run_page(text, spans)
        if prose and "   " in line and run_page:
            all_lines = all_lines or [text[x:y] for x, y in spans]
            for m in _HAN_RUN_HAN.finditer(line):
                a, b = m.span(1)
                if not _column(all_lines, k, a, b):
                    hits.append(a)
                    if is_han(line[a - 1]) and is_han(line[b]):
                        between.append(a)
        if width and _LEAD_SPACE.match(line) and before and before[-1] not in SENT_END and before[-1] not in "：:" \
                and _glyphs(before) >= width - WRAP_SLACK:
            hits.append(0)  # pdftotext -layout: a paragraph's line that lost its first glyph keeps its place
        for m in _YEAR_SPACE.finditer(line):
            if len(m.group(1)) + len(m.group(3)) == 3:
                hits.append(m.start(2))  # 201 年, 2 19年: a year that lost a digit
        # 2月1 日, 发现的5 突出, 年2 20日, 1 8号: a glyph lost beside or in a number (not
        # evidence that the text is -raw output: 共 5 个 is a style)
        near = [] if spaced else \
            [m.start() for m in _DIGIT_SPACE.finditer(line) if not _HEADING.match(line[:m.start()])]
        if not hits and not near:
            continue
        if len(hits) + len(near) > (SPACE_LONG_LINE_MAX if han >= SPACE_PROSE_HAN else SPACE_LINE_MAX) * han:
            continue
        found.extend(ls + h for h in sorted(set(hits + near)))
        if prose:  # (a space after a mark, 。 當, may be a typist's: the Han characters' spaces tell -raw output)
            # (not those inside a title: a standard's name is spaced by style, 《固体废物 水分的测定 重量法》)
            titles = _titles(line) if between and "《" in line else []
            counted.extend(ls + h for h in between if not protect.inside(titles, h))
    organs = {o for o in found if text[o - 1] in _ORGAN_END}
    if len(organs) < ORGANS_MIN or len(organs) < ORGANS_SHARE * len(found):
        organs = _organ_lines(text, found, organs)
    found = [o for o in found if o not in organs]  # 生态环境部 发展改革委工业和信息化部 公安部司法部 …: a list of issuing organs
    # (the same two characters either side again and again, a menu path's 打开右键菜单 修改/新建 in
    # every paragraph, are one style; a font's lost glyphs leave spaces in many contexts)
    per = Counter(text[o - 1:o + 2] for o in counted if o not in organs)
    in_prose = sum(min(n, CONTEXT_MAX) for n in per.values())
    if in_prose < (SPACE_MIN_SPACED if spaced else SPACE_MIN) and not force:
        return []  # (the spaces of punctuated lines tell pdftotext -raw output: 创新引领 党对教育 is a heading's)
    return found


_TITLE = regex.compile(r"《[^《》\n]*》")


def _titles(line: str) -> List[Tuple[int, int]]:
    """The spans of ``line`` from 《 to 》 (a space strictly inside one: :func:`docfix.protect.inside`).

    >>> line = "关于《固体废物 水分的测定》的函，技术指南 有色金属"
    >>> protect.inside(_titles(line), 7), protect.inside(_titles(line), 20)
    (True, False)
    """
    return [m.span() for m in _TITLE.finditer(line)]


def _run_page(text: str, spans) -> bool:
    """Whether the lines of ``text`` without a run of spaces inside them were
    wrapped at one width (:func:`docfix.canon._page_width`): a page's lines, as
    ``pdftotext -layout`` prints them, not a form's blanks to fill in."""
    from .canon import _page_width

    return bool(_page_width("\n".join(text[a:b] for a, b in spans if "   " not in text[a:b].strip())))


def run_end(text: str, i: int) -> int:
    """The end of the space trace at ``i``: one space, or the whole run of three
    or more that ``pdftotext -layout`` printed for glyphs lost there.

    >>> run_end("过程  控", 2), run_end("过程     控", 2)
    (3, 7)
    """
    if text[i + 1:i + 3] != "  ":
        return i + 1
    j = i
    while j < len(text) and text[j] == " ":
        j += 1
    return j


#: lines either side of a run of spaces that :func:`_column` looks at, and how many of them
#: with a run over the same columns make it a column's gap
COLUMN_REACH = 2
COLUMN_LINES = 2
#: spaces before a line's text that make its neighbourhood a table's (a cell of a later column)
CELL_INDENT = 6


def _column(lines: List[str], k: int, a: int, b: int) -> bool:
    """Whether the run of spaces at ``a..b`` of ``lines[k]`` is a column's or
    a table's gap: :data:`COLUMN_LINES` of the :data:`COLUMN_REACH` lines on
    either side have three spaces or more over some of the same columns (a
    two-column page), or one of them, or the line, starts with
    :data:`CELL_INDENT` spaces (a table's cell in a later column); a lost
    glyph's gap stands alone in a paragraph's lines.

    >>> page = ["第一栏的文字，很长的一行   第二栏的文字，也很长"] * 3
    >>> _column(page, 0, 12, 15), _column(["推进教育   化建设，加强管理。", "其他各行没有空格。"], 0, 4, 7)
    (True, False)
    >>> _column(["序号，名称   第一中学，二中", "          三中"], 0, 5, 8)
    True
    """
    near = lines[max(0, k - COLUMN_REACH):k] + lines[k + 1:k + 1 + COLUMN_REACH]
    if any(line[:CELL_INDENT] == " " * CELL_INDENT and line.strip() for line in near + [lines[k]]):
        return True
    return sum(1 for line in near if "   " in line[max(0, a - 2):b + 2]) >= COLUMN_LINES


def _organ_lines(text: str, found: List[int], organs: set) -> set:
    """The spaces after an organ's name on the lines where they are
    :data:`ORGANS_MIN` or more and :data:`ORGANS_SHARE` of the line's spaces:
    a line of issuing organs in a text whose other spaces are lost glyphs
    (its 能源局 and 最高人民法院 then wrote no lost 能 or 院).

    >>> t = "生态环境部 发展改革委 能源局 最高人民法院 最高人民检察院\\n有关职 部门，国务 有关部门。"
    >>> sorted(_organ_lines(t, [5, 11, 15, 22, 34, 40], {5, 11, 15, 22}))
    [5, 11, 15, 22]
    """
    if not organs:
        return set()
    breaks = [i for i, c in enumerate(text) if c == "\n"]
    line_of = {o: bisect.bisect(breaks, o) for o in found}
    per = Counter(line_of[o] for o in organs)
    every = Counter(line_of.values())
    return {o for o in organs if per[line_of[o]] >= ORGANS_MIN and per[line_of[o]] >= ORGANS_SHARE * every[line_of[o]]}


BREAK_LINE_MIN = 12  # characters of a line whose break may be a trace (not a list's short items)


def break_offsets(text: str) -> List[int]:
    """Line breaks where ``pdftotext`` may have dropped a glyph (in text
    that is its output: :func:`space_offsets` found its spaces).

    A glyph lost inside a line leaves a space; one lost at a line's end (or
    at the next line's start) leaves nothing, and pdftotext also breaks a
    line where a few glyphs were lost side by side. So each line break inside
    a sentence (a line of :data:`BREAK_LINE_MIN` characters at least, no
    sentence end or colon before it, the next line not blank, a Han character on one side and a Han character or Chinese mark on
    the other) is a trace of its own kind: a zero-length span at the end of
    the line, where a glyph would be inserted (the line break stays), and
    most often nothing was lost. Where the page's lines were wrapped at one
    width (:func:`docfix.canon._page_width`), a line as long as that is cut
    by the page's edge: no trace.

    >>> page = "全市各级各类学校和教师要认真落实有关规定，加强管理\\n" * 3 + "全市各级各类学校和教师要认真落实有关规\\n，加强管理\\n"
    >>> break_offsets(page)
    [97]
    """
    from .canon import _glyphs, _page_width

    width = _page_width(text)
    out: List[int] = []
    at = 0
    lines = text.split("\n")
    # (pdftotext -layout keeps a lost first glyph's place as a space: there a short line says nothing)
    indented = any(line[:1] == " " for line in lines)
    for k in range(len(lines) - 1):
        a, b = lines[k], lines[k + 1]
        nl = at + len(a)
        at = nl + 1
        if len(a) < BREAK_LINE_MIN or not b or a[-1] in SENT_END or a[-1] in "：:":
            continue
        if width and _glyphs(a) >= width \
                and (indented or not _short_inside(b, lines[k + 2] if k + 2 < len(lines) else "", width)):
            continue  # (a full line is cut by the page's edge, unless the next one lost its first glyph)
        x, y = a[-1], b[0]
        if (is_han(x) and (is_han(y) or y in _CJK_MARK)) or (is_han(y) and x in _CJK_MARK):
            out.append(nl)
    return out


def _short_inside(line: str, after: str, width: int) -> bool:
    """A line of Chinese a glyph or two short of the page's width inside its
    paragraph (the next line goes on, and it ends no sentence): a glyph
    was lost at its start or at its end (pdftotext prints neither).

    >>> _short_inside("染防治和声环境质量改善需求，强化噪声控", "制措施。", 20), _short_inside("发现不符合规划。", "", 20)
    (True, False)
    """
    from .canon import _glyphs

    n = _glyphs(line)
    # (ASCII is narrower; two spaces side by side, 落  中共中央, are -layout's place of the glyphs
    # lost there, not a glyph lost before it; -raw prints one space for each run of lost glyphs)
    return (width - SHORT_BY <= n < width and bool(after.strip()) and line.rstrip()[-1:] not in SENT_END
            and not any(c.isascii() and not c.isspace() for c in line) and "  " not in line)


SHORT_BY = 2  # glyphs a full line inside a paragraph may lack (:func:`_short_inside`)


_HEADING = regex.compile(
    r"^\s*(?:第[^\s，。]{1,8}?[条章节款编部分]|[一二三四五六七八九十百]+、|[（(][一二三四五六七八九十百\d]+[)）]"
    r"|\d+[.、．]|附件\d*[：:]?|[一二三四五六七八九十]+是)$"
)

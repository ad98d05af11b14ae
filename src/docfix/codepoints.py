"""What a code-point extractor prints for a glyph it could not map, told from text.

PyMuPDF and pypdf print an unmapped glyph as the character whose code point
is its glyph id: a control character, a rare-block letter, and for a subset
font numbered from 1 as the text first uses its glyphs, ASCII letters, signs
and Latin-1 characters (接受社会监督 -> 接CDE监督). These predicates tell
such characters from the text's own: where they stand (alone among Chinese,
inside a number (a web address: :mod:`docfix.addresstraces`), in a short run between Han characters)
and how often. :func:`docfix.traces.find` applies them.

>>> _lone_at("有v意见", 1), _in_number("于2¢19年", 2)
(True, True)
"""
from __future__ import annotations

import bisect
import unicodedata
from collections import Counter, defaultdict
from functools import lru_cache
from itertools import islice
from typing import AbstractSet, Dict, Optional

import regex

from .addresstraces import _script, _web_tokens
from .detect import is_han
from .letters import _rare_letter, _soups

# C0 controls but tab, line feed, vertical tab, form feed (pdftotext's page
# break), carriage return; DEL; C1 controls (U+0085 NEL included: PyMuPDF
# prints glyph 133 as it).
_CONTROL = frozenset(chr(c) for c in list(range(0x00, 0x20)) + list(range(0x7F, 0xA0))) - frozenset("\t\n\x0b\x0c\r")
_CJK_MARK = "，。、；：！？（）《》“”"
_TRACE_LIKE = _CONTROL | {"\ufffd"}


#: blocks of symbols that Chinese prose never sets between two Han characters, where a whole font's
#: glyph ids print (misc technical, circled Latin letters, box drawing and blocks, dingbats,
#: supplemental arrows and math, Braille, CJK and Kangxi radicals, parenthesized ideographs
#: ㈠-㉃, a list's marks, not a word's); arrows, circled numbers, ℃ and × are text
_EXOTIC_SYMBOLS = ((0x2300, 0x23FF), (0x24B6, 0x24E9), (0x2500, 0x259F), (0x2700, 0x27BF), (0x27C0, 0x2BFF),
                   (0x2800, 0x28FF), (0x2E80, 0x2FDF), (0x3200, 0x321E), (0x3220, 0x3243), (0x3260, 0x32B0))


def _exotic_symbol(c: str) -> bool:
    """A symbol of :data:`_EXOTIC_SYMBOLS` or :data:`_ODD_SYMBOLS` but
    :data:`_TEXT_SYMBOLS` (in code-point output, a glyph id).

    >>> _exotic_symbol("⽢"), _exotic_symbol("⡅"), _exotic_symbol("⇧"), _exotic_symbol("℗")
    (True, True, True, True)
    >>> _exotic_symbol("→"), _exotic_symbol("①"), _exotic_symbol("℃"), _exotic_symbol("☆")
    (False, False, False, False)
    """
    o = ord(c)
    return any(lo <= o <= hi for lo, hi in _EXOTIC_SYMBOLS) \
        or (any(lo <= o <= hi for lo, hi in _ODD_SYMBOLS) and c not in _TEXT_SYMBOLS)


#: more blocks where a whole font's glyph ids print (a browser's or word processor's PDF keeps the
#: font's own ids: WenQuanYi Micro Hei's 核 is glyph 8,679, printed ⇧): letterlike symbols, arrows,
#: miscellaneous symbols, Khmer symbols, CJK strokes; but for the signs Chinese text does write ...
_ODD_SYMBOLS = ((0x2100, 0x214F), (0x2190, 0x21FF), (0x2600, 0x26FF), (0x19E0, 0x19FF), (0x31C0, 0x31EF))
#: ... (temperatures, numbers, trade marks, telephones, arrows of a menu path or a flow, stars, suits, ticks)
_TEXT_SYMBOLS = frozenset("℃℉№™℡Ω℧ℓ←↑→↓↔↕↖↗↘↙⇐⇑⇒⇓⇔↵★☆☎☏♀♂♠♣♥♦♪♫☐☑☒☞☛☜☚✓")


def _box_table(text: str, c: str) -> bool:
    """A box-drawing character in a text that draws tables with them (a line
    that begins or ends with one, twice or more): a border, not a glyph id.

    >>> _box_table("│ 软件包 │流行度│\\n│ mc │文本│\\n", "│"), _box_table("推进│育工作", "│")
    (True, False)
    """
    return "\u2500" <= c <= "\u257f" and _draws_boxes(text)


@lru_cache(maxsize=4)
def _draws_boxes(text: str) -> bool:
    return sum(1 for _ in islice(_BOX_EDGE.finditer(text), 2)) >= 2


_BOX_EDGE = regex.compile(r"^[ \t]*[\u2500-\u257f]|[\u2500-\u257f][ \t]*$", regex.M)


RUN_MAX = 4  # ASCII letters and signs in a row that code-point output prints for glyphs numbered in a row


def _short_run(text: str, i: int) -> int:
    """The end of the run of ASCII letters and signs (:data:`_CP_PUNCT`)
    that starts at ``i``, where it is 2 to :data:`RUN_MAX` long and stands
    among Chinese (Han characters, Chinese marks or control characters on
    both sides, a line break right beside it skipped; a Han character on
    one side at least); else 0. A subset font numbers its glyphs as the
    text first uses them, so a new phrase's glyphs print as letters in a
    row (接受社会监督 -> 接CDE监督): their code points follow one another.

    >>> _short_run("接CDE监督", 1), _short_run("落BC中共", 1), _short_run("的ABCDE数据", 1), _short_run("为Word或", 1)
    (4, 3, 0, 0)
    """
    part = lambda c: c.isascii() and (c.isalpha() or c in _CP_PUNCT)  # noqa: E731
    if i and part(text[i - 1]):
        return 0
    b = i
    while b < len(text) and part(text[b]) and b - i <= RUN_MAX:
        b += 1
    if not 2 <= b - i <= RUN_MAX or any(ord(text[j + 1]) != ord(text[j]) + 1 for j in range(i, b - 1)):
        return 0  # (code points in a row: a word (格式为Word或WPS) is text)
    left = _chinese_side(text, i - 1, -1)
    right = _chinese_side(text, b, 1)
    return b if left and right and "han" in (left, right) else 0


def _chinese_side(text: str, j: int, step: int) -> str:
    """What stands at ``j`` (a line break there skipped): "han", "mark"
    (a Chinese mark, a control character, U+FFFD) or ""."""
    if 0 <= j < len(text) and text[j] == "\n":
        j += step
    if not 0 <= j < len(text):
        return ""
    c = text[j]
    if is_han(c):
        return "han"
    return "mark" if c in _CJK_MARK or c in _CONTROL or c == "\ufffd" else ""


def _paired(text: str, i: int, reach: int = 20) -> bool:
    """A half-width bracket or quote with its partner near on its line:
    the text's own (函(开封)开封市).

    >>> _paired("函(开封)开封市", 1), _paired("附(：廊坊市", 1), _paired('按"一岗双责"要求', 1), _paired('控制"的意见》，红"管', 2)
    (True, False, True, False)
    """
    c = text[i]
    if c == "(":
        return ")" in text[i + 1:i + 1 + reach].split("\n")[0]
    if c == ")":
        return "(" in text[max(0, i - reach):i].split("\n")[-1]
    if c in "\"'":  # (a quotation holds no clause's mark: 控制"的指导意见》，加强生态保护红" is two glyphs)
        after = text[i + 1:i + 1 + reach].replace("\n", "").split(c)  # (across a wrapped line: "放⏎管服")
        before = text[max(0, i - reach):i].replace("\n", "").split(c)
        return (len(after) > 1 and not _CLAUSE.search(after[0])) or (len(before) > 1 and not _CLAUSE.search(before[-1]))
    return False


_CLAUSE = regex.compile(r"[，。；：《》！？]")  # (not 、: "生态优先、绿色发展")
_SENTENCE = regex.compile(r"[。！？]")
_TITLE = regex.compile(r"[；《》]")


def _quotes_paired(text: str, q: str = '"', reach: int = 30) -> bool:
    """Whether every ASCII quotation mark ``q`` of the text pairs with the
    next one: an even count, and each pair around no sentence's end, and
    around at most ``reach`` characters with no title mark or semicolon, or
    at most ten times that (a quoted passage; a wrapped line's break not
    counted). Then they are the text's own quotes, even where it writes
    full-width ones too (环境保护"三同时"及竣工 beside “三线一单”) or a comma
    inside (docling prints “ and ” as ": 实现"在开发中保护，在保护中开发"); a
    glyph id printed as " falls at random places and seldom pairs all the way.

    >>> _quotes_paired('落实"三同时"制度，推进"放\\n管服"改革'), _quotes_paired('控制"的指导意见》，加强生态保护红"管理')
    (True, False)
    >>> _quotes_paired('一"二"三"'), _quotes_paired("无引号")
    (False, False)
    """
    at = [i for i, c in enumerate(text) if c == q]
    if not at or len(at) % 2:
        return False
    for a, b in zip(at[::2], at[1::2]):
        inner = text[a + 1:b].replace("\n", "")
        if not 0 < len(inner) <= 10 * reach or _SENTENCE.search(inner) or (len(inner) <= reach and _TITLE.search(inner)):
            return False
    return True


def _touches_han(text: str, i: int, step: int, glue: AbstractSet[str]) -> bool:
    """Whether the first character from ``i`` in direction ``step`` that is
    not in ``glue`` (a line break right beside ``i`` skipped) is Han."""
    j = i + step
    if 0 <= j < len(text) and text[j] == "\n":
        j += step
    while 0 <= j < len(text) and text[j] in glue:
        j += step
    return 0 <= j < len(text) and is_han(text[j])


def _in_number(text: str, i: int) -> bool:
    """A sign inside a number (6610¥146) or between a number and a Han
    character or mark (2¢19年, ¹010）), not ² or ³ of a power.

    >>> _in_number("电话6610¥146", 6), _in_number("于2¢19年", 2), _in_number("面积10²", 4)
    (True, True, False)
    """
    left = text[i - 1] if i else ""
    right = text[i + 1] if i + 1 < len(text) else ""
    digit = lambda c: c.isascii() and c.isdigit()  # noqa: E731
    if digit(left) and digit(right):
        return True
    if text[i] in "²³¥":
        return False
    chinese = lambda c: bool(c) and (is_han(c) or c in _CJK_MARK)  # noqa: E731
    return (digit(left) and chinese(right)) or (chinese(left) and digit(right))


def _odd_dot(text: str, i: int) -> bool:
    """A full stop that neither ends an enumerator nor stands in a number:
    between a number and a closing bracket (〔201.〕, code-point output's 8 of
    2018) or a date's unit after a year's digits or a date's number
    (201.年, 2月2.日; not an item's 3.年度), or between two Han characters
    but after a numeral (3月.日; not 一.总则).

    >>> _odd_dot("〔201.〕5号", 4), _odd_dot("3月.日印发", 2), _odd_dot("一.总则", 1), _odd_dot("3.年度", 1)
    (True, True, False, False)
    >>> _odd_dot("于201.年", 4), _odd_dot("2月2.日前", 3), _odd_dot("，3.年度", 2)
    (True, True, False)
    >>> _odd_dot(".教育", 0), _odd_dot("教育.", 2), _odd_dot("〔201.", 4)
    (False, False, False)
    """
    left = text[i - 1] if i else ""
    right = text[i + 1] if i + 1 < len(text) else ""
    if not left or not right:
        return False  # (a text's first or last character)
    if left.isascii() and left.isdigit():
        if right in "〕]）)":
            return True
        j = i - 1
        while j > 0 and text[j - 1].isascii() and text[j - 1].isdigit():
            j -= 1
        return right in "年月日号" and (i - j >= 3 or (j > 0 and is_han(text[j - 1])))
    return is_han(left) and is_han(right) and left not in "一二三四五六七八九十"


LONE_MIN = 3  # a lower-case letter standing alone between Han characters this often ...


LONE_SHARE = 0.6  # ... as this share of its occurrences at least is a code-point trace


def _lone_letters(text: str, *, digits: bool = False, capitals: bool = False, sides: bool = False) -> frozenset:
    """Lower-case ASCII letters (and with ``digits``, ASCII digits) that the
    text writes alone between Han characters (有v意见, v于): Chinese text
    writes letters in words and codes (GDP, http), capitals alone (A股,
    X光), digits in numbers (2020年2月); a subset font's glyph printed as
    the character of its glyph id stands alone, again and again.

    >>> sorted(_lone_letters("有v意见，v于同意，相v\\n措施。GDP增长，A股上涨，A股下跌，A股平稳。"))
    ['v']
    >>> sorted(_lone_letters("单y：，单y已，单y名，见 http://a.gov.cn/hdjl/yjzj/yjzj/yy"))
    ['y']
    >>> sorted(_lone_letters("2020年2月，各1单位，1于，相1措施", digits=True))
    ['1']
    >>> sorted(_lone_letters("核电站8号机组，核电站8号机组，核电站8号机组", digits=True))
    []
    >>> sorted(_lone_letters("食1安全，食1生产，食1监管，2021年11月12日至2021年12月31日", digits=True))
    ['1']

    ``capitals``: capital letters only (the caller asks where the text is
    code-point output by other signs: 接受D会监督 beside 有v意见), each
    alone between two different pairs of neighbours at least (not A股 after
    a comma again and again).

    >>> sorted(_lone_letters("接受D会监督，此件D会公开，接受D会监督，A股上涨，A股下跌，A股平稳", capitals=True))
    ['D']

    ``sides``: with ``capitals``, two different neighbours on each side (过程Q控,
    物Q控, 境Q理; not 的X射线, ，X射线).

    >>> sorted(_lone_letters("过程Q控，污染物Q控，环境Q理，医院的X射线，机构X射线", capitals=True, sides=True))
    ['Q']
    """
    alone: Counter = Counter()
    total: Counter = Counter()
    pairs: Dict[str, set] = defaultdict(set)
    for i, c in enumerate(text):
        if ("A" <= c <= "Z") if capitals else ("a" <= c <= "z" or (digits and "0" <= c <= "9")):
            if c.isalpha() and _in_ascii_word(text, i):
                continue  # (a web address's letters say nothing of one standing alone: hdjl/yjzj, 单y：)
            if c.isdigit() and (_in_ascii_word(text, i) or text[i + 1:i + 2] in _NUMBERING
                                or text[i - 1:i] in "（(" or _counting(text, i)):
                continue  # (a number says nothing of a 4 alone: 2020年, 4.加强, （4）, 8号机组, 第3条, 附件1)
            total[c] += 1
            if _lone_at(text, i):
                alone[c] += 1
                pairs[c].add(text[i - 1:i + 2:2])
    return frozenset(c for c, n in alone.items()
                     if n >= LONE_MIN and n >= LONE_SHARE * total[c] and (not capitals or len(pairs[c]) >= 2)
                     and (not sides or (len({p[0] for p in pairs[c]}) >= 2 and len({p[1] for p in pairs[c]}) >= 2)))


def _counting(text: str, i: int) -> bool:
    """A digit standing alone that is a number by its context: before a
    counted word (8号, 5个, 3月), after 第 or what a text numbers (附件1,
    表2), in a list of numbers (7、8号机组).

    >>> _counting("核电站7、8号机组", 3), _counting("第3条", 1), _counting("见附件1和2", 3), _counting("食1安全", 1)
    (True, True, True, False)
    """
    nxt = text[i + 1:i + 2]
    if nxt == "\n":
        nxt = text[i + 2:i + 3]  # (a line broken inside the number's words: 1月9⏎日)
    if nxt in _COUNTED or text[i - 1:i] == "第" or _NUMBERED.search(text, max(0, i - 2), i):
        return True
    return (nxt in _NUMBER_LIST and text[i + 2:i + 3].isdigit()) or \
        (text[i - 1:i] in _NUMBER_LIST and text[i - 2:i - 1].isdigit())


_NUMBERED = regex.compile(r"(?:附件|附表|附录|[表图])$")  # what a text numbers: 附件1, 表2
_NUMBERING = frozenset(".．、）):：")  # what follows the number of an item of a list (4.加强, 二是…4、)
_NUMBER_LIST = frozenset("、，,至到-~～")  # what stands between the numbers of a list or a range


def _in_ascii_word(text: str, i: int) -> bool:
    """Whether the letter at ``i`` has an ASCII letter or digit beside it."""
    return any(0 <= j < len(text) and text[j].isascii() and text[j].isalnum() for j in (i - 1, i + 1))


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


#: what Chinese text writes after a capital that labels a kind or a grade (A类, B级, D版, C座, E区)
_LABELLED = frozenset("类级版座区栋号型股超档等款种")


def _label(text: str, i: int) -> bool:
    """A capital that labels a kind, after a bracket, a mark or a line's
    start: （D版）, 、B类 (the text's own, where code-point output would read
    a capital standing among Chinese as a glyph).

    >>> _label("要求（D版）》", 3), _label("过程Q控和", 2)
    (True, False)
    """
    right = text[i + 1] if i + 1 < len(text) else ""
    return "A" <= text[i] <= "Z" and right in _LABELLED and not (i and is_han(text[i - 1]))


def _neighbour_han(text: str, j: int, step: int) -> bool:
    """Whether the character at ``j`` (skipping other trace-like characters,
    and a line break right after the trace, PyMuPDF's, or right before it,
    where a page's line was wrapped) is Han."""
    return _touches_han(text, j - step, step, _TRACE_LIKE)


#: ASCII symbols that Chinese text never writes between two Han characters
#: (a code-point extractor prints glyph 123 as ``{``: 生{环境部)
_ODD_ASCII = frozenset("{}|~^`\\_@#$=")


#: ASCII signs that Chinese text writes with words or numbers, not alone
#: among Chinese characters (a code-point extractor's glyph 45, 63, 36 …)
_CP_PUNCT = frozenset("[]!?&'<>\"*+$%")


#: what Chinese text counts with a digit before it (8号机组, 5个, 3家)
_COUNTED = frozenset("号个年月日时分秒家名项条次级类批人位万亿千百元件份台套座所只天周岁倍期章节款届辆架艘吨米层栋户")


#: Latin-1 signs that Chinese text does not write (¤ is glyph 164)
_ODD_LATIN1 = frozenset("¤¦¨¬¯´¸")


#: ... and the other Latin-1 signs, which it writes seldom (not · of names,
#: nor ° of angles): traces where they stand alone among Chinese in code-point output
#: (and the signs Windows-1252 puts at codes 128-159, but quotation marks, dashes, ellipsis, bullet, ‰, ™)
_CP1252_SIGNS = frozenset("€‚ƒ„†‡ˆŠ‹ŒŽ˜š›œžŸ")
_LATIN1_SIGNS = frozenset(chr(c) for c in range(0xA1, 0xC0)) - _ODD_LATIN1 - frozenset("·°") | frozenset("×÷") | _CP1252_SIGNS
#: the signs a one-byte font's codes 128-191 print as (中 as ¹, 件 as €): between two Han characters,
#: evidence of code-point output (:func:`_codepoint_document`; not ¥ × ÷ ± ° ² ½ of counts and formulas, ©)
_CODED_SIGNS = (_ODD_LATIN1 | _LATIN1_SIGNS) - frozenset("¥×÷±°²³µ¼½¾©®")


#: rare letters standing in Chinese text this often (2 kinds at least) make a document
#: code-point extractor output, as control characters do
CODEPOINT_MIN = 3


def _codepoint_document(text: str, known: Optional[frozenset], *, latin: bool = False) -> bool:
    """Whether ``text`` looks like PyMuPDF/pypdf output of a font that lost
    glyphs: rare-block letters standing in Chinese text, at least
    :data:`CODEPOINT_MIN` times, two different ones at least (a Greek letter
    in 粒子 or a name with é does not make one).

    >>> _codepoint_document("推进ӆ育工作，ӆ育局，发展ԕ业。", None), _codepoint_document("α粒子与β粒子", None)
    (True, False)

    ``latin``: Latin-1 and Latin Extended letters only (glyph ids 192-591
    of a subset numbered from 1: not Greek); the signs of :data:`_CODED_SIGNS` count either way.
    """
    seen: Counter = Counter()
    for i, c in enumerate(text):
        if ord(c) < 0xA0 or (is_han(c) and ord(c) >= 0x4E00):
            continue  # (extension A counts: a whole font's glyph ids 13,312-19,893 print there)
        if (not latin or 0xC0 <= ord(c) <= 0x24F) and _rare_letter(c, known) and (_in_chinese(text, i) or i in _soups(text)):
            seen[c] += 1
        elif c in _CODED_SIGNS and _beside_han(text, i, both=True):
            seen[c] += 1  # (a one-byte font's codes 128-191 print as signs: 中 as ¹, 件 as €)
    return sum(seen.values()) >= CODEPOINT_MIN and len(seen) >= 2 and not set(seen) <= set("«»‹›")  # (a translation's quotes)


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
            if d != c and d.isalpha() and not d.isascii() and not is_han(d) and _script(d) == _script(c):
                return False  # a word of letters of its own script (not dĮwrĮԕdc: Latin beside Cyrillic)
    if any(0 <= j < len(text) and text[j].isascii() and text[j].isalpha() for j in (i - 1, i + 1)):
        starts, ends = _web_tokens(text)  # beside ASCII letters: only inside a web address
        k = bisect.bisect_right(starts, i) - 1
        return k >= 0 and i < ends[k]
    return True


def _in_chinese(text: str, i: int, reach: int = 3) -> bool:
    """A Han character within ``reach`` of ``i`` on its line, and no ASCII
    letter right beside it (Müller, café are Latin words).

    >>> _in_chinese("教育é局", 2), _in_chinese("Müller先生", 1), _in_chinese("办公厅202ȵ", 6)
    (True, False, True)

    An unassigned code point is no letter of a word (降雨42.\\u0383mm), and
    a line of such letters alone, PyMuPDF's line break after each glyph of
    a few lost side by side, goes on across its breaks (接χ⏎Ԝϩ⏎监督):

    >>> _in_chinese("降雨42.\\u0383mm", 5), _in_chinese("接χ\\nԜϩ\\n监督", 3), _in_chinese("α\\nβγ\\nδ", 2)
    (True, True, False)
    """
    if unicodedata.category(text[i]) != "Cn":
        for j in (i - 1, i + 1):
            if 0 <= j < len(text) and text[j].isascii() and text[j].isalpha():
                return False
    lo = text.rfind("\n", 0, i) + 1
    hi = text.find("\n", i)
    hi = len(text) if hi < 0 else hi
    # a number's digits do not count against the reach: 办公厅202ȵ年, 电话：（0ȵ0）, 42.ȵ
    a = i
    while a > lo and (text[a - 1].isdigit() or text[a - 1] in "（(-—."):
        a -= 1
    b = i + 1
    while b < hi and (text[b].isdigit() or text[b] in "）)-—"):
        b += 1
    if any(is_han(c) for c in text[max(lo, a - reach):min(hi, b + reach)]):
        return True
    line = text[lo:hi]
    if 0 < lo and hi < len(text) and len(line) <= reach and not any(c.isascii() or is_han(c) for c in line):
        return is_han(text[lo - 2:lo - 1] or "a") or is_han(text[hi + 1:hi + 2] or "a")
    return False


def _beside_han(text: str, i: int, *, both: bool) -> bool:
    left = _neighbour_han(text, i - 1, -1)
    right = _neighbour_han(text, i + 1, 1)
    return (left and right) if both else (left or right)

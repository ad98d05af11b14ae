"""Punctuation rules: ``punctuation`` (ASCII marks in Chinese text to
full-width), ``pinyin`` (pinyin annotations reposting sites add) and
``quotes`` (quotes and brackets that point the wrong way)."""
from __future__ import annotations

from typing import Dict, List, Optional, Tuple

import regex

from ..canon import is_han_script
from .base import RuleEdit, _is_ascii_alnum, _is_cjk_punct, _line_spans, apply_changes, csv_lines


# --------------------------------------------------------------------------
# punctuation

_CONVERT = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}
#: Characters after a punctuation mark that make it Chinese (never a mark
#: this rule itself produces, so the rule is idempotent).
_RIGHT_CJK = set("“‘《「『【〔〖〈")
_LATIN_RE = regex.compile(r"[A-Za-z]")


#: pdfminer's trace of an unmapped glyph: the repair engine reads it as it stands
_CID_RE = regex.compile(r"\(cid:\d{1,6}\)")


def _url_mask(text: str) -> List[bool]:
    """Characters no punctuation rule touches: URLs, e-mail addresses,
    ``(cid:N)`` traces, and the protected regions of :mod:`docfix.protect`
    (markup tags with their attributes, data URIs, file names, identifiers).

    >>> "".join("x" if m else "." for m in _url_mask("教(cid:12)育 a@b.cn"))
    '.xxxxxxxx..xxxxxx'
    >>> "".join("x" if m else "." for m in _url_mask('<i a="b,c">教,'))
    'xxxxxxxxxxx..'
    """
    from ..protect import spans

    mask = [False] * len(text)
    for m in _CID_RE.finditer(text):
        for i in range(*m.span()):
            mask[i] = True
    for s, e in spans(text):  # URLs and e-mail addresses among them
        for i in range(s, e):
            mask[i] = True
    return mask


def punctuation_changes(text: str) -> List[RuleEdit]:
    """ASCII , : ; ( ) ? ! in Chinese context to full-width.

    A mark is Chinese when the character before it (spaces skipped) is Han or
    Chinese punctuation, or when a Han character (or “《「) follows it directly
    (or after spaces unless a Latin letter precedes). Parentheses go in pairs on
    a line: converted when the content has Han, or sits between Chinese text
    ("(1)加强", "大学(XX)学院"; Latin content needs Chinese right outside on
    both sides, so "f(x)" and a leading "(a)" stay). Digits on both sides ("1,000", "3:00"),
    URLs and e-mail addresses, and Latin text are left alone; spaces next to
    a converted mark go with it. Full-width marks are never made ASCII.

    >>> punctuation_changes("print(repair('教育息化'))")
    []
    >>> punctuation_changes("时间:9:30, 地点(会议室)")
    [(2, 3, '：'), (7, 9, '，'), (11, 12, '（'), (15, 16, '）')]
    """
    n = len(text)
    if not any(c in _CONVERT for c in text):
        return []
    mask = _url_mask(text)
    for a, b in csv_lines(text) if "," in text else ():
        mask[a:b] = [True] * (b - a)  # a comma-separated table keeps its commas
    cur = list(text)  # with conversions applied left to right
    out: List[RuleEdit] = []

    # pair parentheses per line
    partner: Dict[int, int] = {}
    for ls, le in _line_spans(text):
        stack: List[int] = []
        for i in range(ls, le):
            if mask[i]:
                continue
            if text[i] == "(":
                stack.append(i)
            elif text[i] == ")" and stack:
                o = stack.pop()
                partner[o] = i
                partner[i] = o
    pair_ok: Dict[int, bool] = {}

    def left_info(i: int) -> Tuple[Optional[str], int, bool]:
        """(char before i skipping spaces, start of that space run, whether
        spaces not yet claimed by a converted mark are in it)."""
        j = i
        spaced = False
        while j > 0 and cur[j - 1] in (" ", ""):
            spaced = spaced or cur[j - 1] == " "
            j -= 1
        if j == 0 or cur[j - 1] in ("\n", "\r"):
            return None, j, spaced
        return cur[j - 1], j, spaced

    def right_info(i: int) -> Tuple[Optional[str], int]:
        j = i + 1
        while j < n and text[j] == " ":
            j += 1
        if j >= n or text[j] in "\n\r":
            return None, j
        return text[j], j

    def cjk_left(c: Optional[str], pos: int = -1) -> bool:
        """``c`` at ``pos``: Han or Chinese punctuation, or a closing curly
        quote right after such a character (“八大工程”:)."""
        if c is None:
            return False
        if is_han_script(c) or _is_cjk_punct(c):
            return True
        if c in "”’":
            k = pos - 1
            while k >= 0 and cur[k] == "":
                k -= 1
            return k >= 0 and (is_han_script(cur[k]) or _is_cjk_punct(cur[k]))
        return False

    def claim(start: int, end: int, mark: str) -> None:
        for k in range(start, end):
            cur[k] = mark if text[k] in _CONVERT else ""

    def cjk_right(c: Optional[str]) -> bool:
        return c is not None and (is_han_script(c) or c in _RIGHT_CJK)

    for i in range(n):
        c = text[i]
        if c not in _CONVERT or mask[i]:
            continue
        lc, lstart, spaced_left = left_info(i)
        rc, rend = right_info(i)
        spaced_right = rend > i + 1
        if c in "(":
            if i in partner:
                close = partner[i]
                content = text[i + 1:close]
                after = text[close + 1] if close + 1 < n else None
                if "'" in content or '"' in content:
                    ok = False  # a call with a string literal: print(repair('教育')) is code
                elif any(is_han_script(x) for x in content):
                    ok = True
                elif content.strip() and not _LATIN_RE.search(content):
                    ok = (lc is None or cjk_left(lc, lstart - 1)) and after is not None and is_han_script(after)
                elif content.strip():
                    # "大学(XX)学院": Latin between Chinese on both sides
                    ok = cjk_left(lc, lstart - 1) and not spaced_left and after is not None and is_han_script(after)
                else:
                    ok = False
            else:
                ok = cjk_left(lc, lstart - 1) and rc is not None and is_han_script(rc) and not spaced_right
            pair_ok[i] = ok
            if ok:
                end = rend if rc is not None else i + 1
                out.append((i, end, "（"))
                claim(i, end, "（")
            continue
        if c == ")":
            if i in partner:
                ok = pair_ok.get(partner[i], False)
            else:
                ok = cjk_left(lc, lstart - 1) and not spaced_left and rc is not None and is_han_script(rc) and not spaced_right
            if ok:
                start = lstart if lc is not None else i
                out.append((start, i + 1, "）"))
                claim(start, i + 1, "）")
            continue
        # , : ; ? !
        if cjk_left(lc, lstart - 1):
            ok = True
        elif cjk_right(rc):
            ok = lc is None or not spaced_right or not lc.isascii() or not lc.isalpha()
        else:
            ok = False
        if ok and c == ":" and lc is not None and _is_ascii_alnum(lc) and rc is not None and _is_ascii_alnum(rc):
            ok = False
        if ok:
            start = lstart if lc is not None else i
            end = rend if rc is not None else i + 1
            out.append((start, end, _CONVERT[c]))
            claim(start, end, _CONVERT[c])
    # merge touching edits (a space run can be claimed by two marks: "( ,")
    merged: List[RuleEdit] = []
    for s, e, r in out:
        if merged and s < merged[-1][1]:
            ps, pe, pr = merged[-1]
            # overlap only on spaces: keep both replacements, drop the spaces
            merged[-1] = (ps, max(pe, e), pr + r)
        else:
            merged.append((s, e, r))
    return merged


def fix_punctuation(text: str) -> str:
    """Chinese punctuation where ASCII marks sit in Chinese text.

    >>> fix_punctuation("2024年,在市委、市政府的正确领导下,市湘江小学(筹)顺利通过评估")
    '2024年，在市委、市政府的正确领导下，市湘江小学（筹）顺利通过评估'
    >>> fix_punctuation("共1,000人,增长3.5%;时间9:30,网址https://example.com/a?b=1,c")
    '共1,000人，增长3.5%；时间9:30，网址https://example.com/a?b=1,c'
    >>> fix_punctuation("Hello, world! (a) f(x) = 1; ok?")
    'Hello, world! (a) f(x) = 1; ok?'
    >>> fix_punctuation("他说：“好。”")
    '他说：“好。”'
    """
    return apply_changes(text, punctuation_changes(text))


# --------------------------------------------------------------------------
# pinyin annotations

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_TONE_BASE = str.maketrans("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü", "aaaaeeeeiiiioooouuuuvvvvv")
_PINYIN_SYLLABLE = regex.compile(
    r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|van|ai|an|ao|ei|en|er|ia|ie|in|iu|ou|ua|ue|ui|un|uo|ve|vn|a|e|i|o|u|v)"
)
_PINYIN_NOTE = regex.compile(r"(?<=\p{Han})[(（]([a-zA-Z" + _TONED + r"ü]{1,7}[1-5]?(?: [a-zA-Z" + _TONED + r"ü]{1,7}[1-5]?){0,3})[)）]")


def _is_pinyin(note: str, n_han: int) -> bool:
    """Whether ``note`` reads as pinyin of the ``n_han`` Han characters before
    it: one syllable per character, each valid, with tone marks or tone digits."""
    sylls = note.split(" ")
    if len(sylls) > n_han or any(c.isupper() for c in note):
        return False  # (capitals: a formula or an abbreviation, 二氧化碳(CO2), not pinyin)
    for s in sylls:
        base = s.lower().rstrip("12345").translate(_TONE_BASE)
        if not _PINYIN_SYLLABLE.fullmatch(base):
            return False
        if not (any(c in _TONED for c in s.lower()) or s[-1] in "12345"):
            return False  # a toneless word may be English: (see), (bank)
    return True


def pinyin_changes(text: str) -> List[RuleEdit]:
    """Pinyin annotations after Han characters, as reposting sites add them.

    A parenthesis right after Han characters that holds one syllable per
    character, each valid pinyin with a tone mark or tone digit, is removed;
    toneless or English parentheses stay, and so does anything in a URL.

    >>> fix_pinyin("場(chǎng)館建設(shè)，平涼(liang2)市")
    '場館建設，平涼市'
    >>> fix_pinyin("银行(bank)、发展(see 附件)、项目(一)、A(ā)")
    '银行(bank)、发展(see 附件)、项目(一)、A(ā)'
    >>> fix_pinyin("二氧化碳(CO2)和水(H2O)")
    '二氧化碳(CO2)和水(H2O)'
    """
    mask: Optional[List[bool]] = None
    out: List[RuleEdit] = []
    for m in _PINYIN_NOTE.finditer(text):
        s = m.start()
        n_han = 0
        while s - n_han > 0 and is_han_script(text[s - n_han - 1]) and n_han < 4:
            n_han += 1
        if not _is_pinyin(m.group(1), n_han):
            continue
        if mask is None:
            mask = _url_mask(text)
        if mask[m.start()]:
            continue
        out.append((m.start(), m.end(), ""))
    return out


def fix_pinyin(text: str) -> str:
    """Remove pinyin annotations (see :func:`pinyin_changes`)."""
    return apply_changes(text, pinyin_changes(text))


# --------------------------------------------------------------------------
# quote pairs

_DQ = "“”\"'"


def quote_changes(text: str) -> List[RuleEdit]:
    """Double quotes whose direction is plainly wrong, set right in pairs.

    Per line, the double-quote marks that touch a Han character (“ ” and
    ASCII " or ', the last only between two Han characters, where it stands
    for a double quote) are read as open, close, open, close ... When the
    line has an even number of them, one at least curly, each mark that
    points the wrong way is turned. Nested ‘ ’ are left alone; so are lines
    with an odd count (a quotation that goes on to the next line), URLs and
    English.

    >>> fix_quotes("荣获全市'重教区县“奖，又获”优秀校长”称号")
    '荣获全市“重教区县”奖，又获“优秀校长”称号'
    >>> fix_quotes("“他说‘好’”，我们走。“第一段")
    '“他说‘好’”，我们走。“第一段'
    """
    mask: Optional[List[bool]] = None
    out: List[RuleEdit] = []
    for ls, le in _line_spans(text):
        line = text[ls:le]
        if "“" not in line and "”" not in line:
            continue
        marks = []
        for i, c in enumerate(line):
            if c not in _DQ:
                continue
            left = line[i - 1] if i else ""
            right = line[i + 1] if i + 1 < len(line) else ""
            if c == "'":
                if not (is_han_script(left) and is_han_script(right)):
                    continue
            elif c == '"' and not (is_han_script(left) or is_han_script(right)):
                continue
            marks.append(i)
        if not marks or len(marks) % 2:
            continue
        if mask is None:
            mask = _url_mask(text)
        if any(mask[ls + i] for i in marks):
            continue
        for k, i in enumerate(marks):
            want = "“" if k % 2 == 0 else "”"
            if line[i] != want:
                out.append((ls + i, ls + i + 1, want))
    return out


_BRACKETS = (("（", "）"), ("《", "》"))


def bracket_changes(text: str) -> List[RuleEdit]:
    """Brackets (（）《》) whose direction is plainly wrong, set right.

    Per line and bracket kind: where the brackets do not nest (a closing one
    before its opening one, or one left open) but there is an even number of
    them and reading them as open, close, open, close ... turns at most two,
    those are turned. Nested brackets that nest stay as they are.

    >>> fix_brackets("学习）义务教育法（和《教育法《")
    '学习（义务教育法）和《教育法》'
    >>> fix_brackets("各县（市（区））教育局")
    '各县（市（区））教育局'
    """
    out: List[RuleEdit] = []
    for ls, le in _line_spans(text):
        line = text[ls:le]
        for op, cl in _BRACKETS:
            marks = [i for i, c in enumerate(line) if c in (op, cl)]
            if not marks or len(marks) % 2:
                continue
            depth = 0
            nests = True
            for i in marks:
                depth += 1 if line[i] == op else -1
                if depth < 0:
                    nests = False
                    break
            if nests and depth == 0:
                continue
            turns = [(i, op if k % 2 == 0 else cl) for k, i in enumerate(marks)
                     if line[i] != (op if k % 2 == 0 else cl)]
            if len(turns) <= 2:
                out.extend((ls + i, ls + i + 1, c) for i, c in turns)
    out.sort()
    return out


def fix_brackets(text: str) -> str:
    """Turn brackets that point the wrong way (see :func:`bracket_changes`)."""
    return apply_changes(text, bracket_changes(text))


def quote_and_bracket_changes(text: str) -> List[RuleEdit]:
    """:func:`quote_changes` and :func:`bracket_changes` (the ``quotes`` rule)."""
    return sorted(quote_changes(text) + bracket_changes(text))


def fix_quotes(text: str) -> str:
    """Turn double quotes that point the wrong way (see :func:`quote_changes`)."""
    return apply_changes(text, quote_changes(text))

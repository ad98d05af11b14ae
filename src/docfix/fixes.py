"""Normalisation rules for extracted Chinese text, one small pure function each.

Every rule comes twice, in the manner of ftfy's ``fixes``:

* ``*_changes(text) -> list of (start, end, replacement)``: the edits the rule
  makes, as code-point spans of ``text`` with what replaces them, sorted and
  non-overlapping. :mod:`docfix.normalize` composes these so that every
  change maps back to the original input.
* ``fix_*(text) -> str``: the same rule as a plain ``str -> str`` function.

Rules (see :mod:`docfix.normalize` for the order they are applied in):

========== ==================================================================
mojibake   UTF-8 read as GBK / Latin-1 / cp1252, GBK read as Latin-1/cp1252:
           reversed only where the byte round trip is lossless and the result
           is clearly more Chinese
radicals   Kangxi Radicals (U+2F00-2FDF), CJK Radicals Supplement
           (U+2E80-2EFF, own table) and CJK compatibility ideographs ->
           unified ideographs
width      full-width ASCII letters and digits -> half-width (and ％．＋ ...
           next to them); Chinese punctuation is left alone
variants   traditional / variant forms -> simplified with OpenCC (t2s, tw2s,
           hk2s), in "auto" mode only when the text is mostly traditional
whitespace NBSP & co., ideographic space, zero-width characters, spaces left
           by justification between CJK characters, spaces next to Chinese
           punctuation, trailing spaces
boilerplate navigation and footer lines of web pages (off by default)
join_lines a line broken in the middle of a sentence is rejoined
punctuation ASCII , : ; ( ) ? ! in Chinese context -> ，：；（）？！
========== ==================================================================

>>> fix_punctuation("他强调,教育援疆工作(重点)很重要!")
'他强调，教育援疆工作（重点）很重要！'
>>> fix_radicals("⾼⻓")
'高长'
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Dict, List, Optional, Sequence, Tuple

import regex

from .canon import is_fullwidth_alnum

__all__ = [
    "RuleEdit",
    "apply_changes",
    "is_han",
    "SUPPLEMENT_RADICALS",
    "VARIANT_CONFIGS",
    "mojibake_changes",
    "fix_mojibake",
    "radical_changes",
    "fix_radicals",
    "width_changes",
    "fix_width",
    "is_mostly_traditional",
    "variant_changes",
    "fix_variants",
    "whitespace_changes",
    "fix_whitespace",
    "boilerplate_changes",
    "remove_boilerplate",
    "join_line_changes",
    "join_lines",
    "punctuation_changes",
    "fix_punctuation",
]

#: One change: ``(start, end, replacement)`` against the rule's input.
RuleEdit = Tuple[int, int, str]


def apply_changes(text: str, changes: Sequence[RuleEdit]) -> str:
    """Apply sorted, non-overlapping ``(start, end, replacement)`` changes.

    >>> apply_changes("abcdef", [(1, 2, "B"), (3, 5, "")])
    'aBcf'
    """
    out: List[str] = []
    last = 0
    for s, e, rep in changes:
        out.append(text[last:s])
        out.append(rep)
        last = e
    out.append(text[last:])
    return "".join(out)


# --------------------------------------------------------------------------
# character classes

_HAN_RE = regex.compile(r"\p{Han}")


@lru_cache(maxsize=65536)
def is_han(c: str) -> bool:
    """True for a Han character (unified, extensions, radicals, 〇, 々).

    >>> is_han("中"), is_han("〇"), is_han("a"), is_han("，")
    (True, True, False, False)
    """
    return bool(_HAN_RE.match(c))


def _is_cjk_punct(c: str) -> bool:
    o = ord(c)
    return (
        0x3001 <= o <= 0x303F
        or 0xFF01 <= o <= 0xFF0F
        or 0xFF1A <= o <= 0xFF20
        or 0xFF3B <= o <= 0xFF40
        or 0xFF5B <= o <= 0xFF65
        or c in "…"
    )


def _is_ascii_alnum(c: str) -> bool:
    return c.isascii() and c.isalnum()


_NEWLINES = "\n\r\u2028\u2029\x0b\x0c\x85"
#: Horizontal spaces other than ASCII space and tab that the whitespace rule
#: turns into an ASCII space.
_EXOTIC_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
#: Zero-width characters the whitespace rule deletes (ZWNJ/ZWJ only next to
#: CJK, spaces or line ends, so emoji sequences survive).
_ZERO_WIDTH = "\u200b\u2060\ufeff\u180e"
_ZW_JOINERS = "\u200c\u200d"


# --------------------------------------------------------------------------
# mojibake

def _build_cp1252_rev() -> Dict[str, int]:
    rev: Dict[str, int] = {}
    for b in range(0x80, 0xA0):
        try:
            rev[bytes([b]).decode("cp1252")] = b
        except UnicodeDecodeError:
            pass
    return rev


_CP1252_REV = _build_cp1252_rev()


def _sloppy_latin_bytes(s: str) -> Optional[bytes]:
    """Bytes that a Latin-1/cp1252 decoder turned into ``s`` (None if none)."""
    out = bytearray()
    for ch in s:
        o = ord(ch)
        if o < 0x80:
            out.append(o)
        elif ch in _CP1252_REV:
            out.append(_CP1252_REV[ch])
        elif o < 0x100:
            out.append(o)
        else:
            return None
    return bytes(out)


def _latin_encodable(ch: str) -> bool:
    return ord(ch) < 0x100 or ch in _CP1252_REV


@lru_cache(maxsize=65536)
def _gb_level(c: str) -> int:
    """1: GB2312 level-1 hanzi (the 3755 common ones), 2: level-2, 0: other."""
    try:
        b = c.encode("gb2312")
    except UnicodeEncodeError:
        return 0
    if len(b) != 2:
        return 0
    if 0xB0 <= b[0] <= 0xD7:
        return 1
    if 0xD8 <= b[0] <= 0xF7:
        return 2
    return 0


def _common_share(s: str) -> float:
    """Share of the Han characters of ``s`` that are common (GB2312 level 1)."""
    han = [c for c in s if is_han(c)]
    if not han:
        return 0.0
    return sum(1 for c in han if _gb_level(c) == 1) / len(han)


def _clearly_more_chinese(before: str, after: str) -> bool:
    if after == before:
        return False
    for c in after:
        cat = unicodedata.category(c)
        if c == "\ufffd" or cat in ("Co", "Cn", "Cs") or (cat == "Cc" and c not in "\t\n\r"):
            return False
    nonascii = [c for c in after if ord(c) >= 0x80]
    han = [c for c in nonascii if is_han(c)]
    if len(han) < 2:
        return False
    chinese = sum(1 for c in nonascii if is_han(c) or _is_cjk_punct(c) or c in "“”‘’—…·")
    if chinese < 0.9 * len(nonascii):
        return False
    share = _common_share(after)
    return share >= 0.7 and share >= _common_share(before) + 0.3


def _try_latin_run(run: str) -> Optional[str]:
    if sum(1 for c in run if ord(c) >= 0x80) < 2:
        return None
    raw = _sloppy_latin_bytes(run)
    if raw is None:
        return None
    for codec in ("utf-8", "gbk"):
        try:
            cand = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        if cand.encode(codec) != raw:
            continue
        if _clearly_more_chinese(run, cand):
            return cand
        if codec == "utf-8":
            # Valid UTF-8 that is not Chinese (é, ü): real Latin text or
            # mojibake of something else; do not try GBK on it.
            return None
    return None


_LOST = "\ufffd?？"  # what a decoder printed for a byte it could not read (U+FFFD; '?' once more re-encoded)


def _lossy_bytes(run: str, codec: str = "gbk") -> Optional[List[Optional[int]]]:
    """The ``codec`` bytes of ``run``, ``None`` for each byte a decoder lost."""
    out: List[Optional[int]] = []
    for ch in run:
        if ch in _LOST:
            out.append(None)
            continue
        try:
            out.extend(ch.encode(codec))
        except UnicodeEncodeError:
            return None
    return out


def _utf8_with_losses(bs: Sequence[Optional[int]], marks: str) -> Optional[Tuple[str, int]]:
    """UTF-8 text of ``bs`` where lost bytes (``None``) are continuation
    bytes: a character missing one becomes U+FFFD. ``(text, characters
    lost)``, or ``None`` where the bytes are not UTF-8 with such gaps.
    ``marks[i]`` is what stood for the ``i``-th lost byte: an ASCII '?' at
    the start of a character is a question mark of the text."""
    out: List[str] = []
    lost = 0
    i = 0
    k = 0  # index of the next lost byte's mark
    while i < len(bs):
        x = bs[i]
        if x is None:
            if marks[k] != "?":
                return None
            out.append("?")
            k += 1
            i += 1
            continue
        if x < 0x80:
            out.append(chr(x))
            i += 1
            continue
        n = 3 if 0xE0 <= x <= 0xEF else 2 if 0xC2 <= x <= 0xDF else 4 if 0xF0 <= x <= 0xF4 else 0
        seq = list(bs[i:i + n])
        if not n or len(seq) < n:
            return None
        gaps = sum(b is None for b in seq[1:])
        if gaps:
            if any(b is not None and not 0x80 <= b <= 0xBF for b in seq[1:]):
                return None
            out.append("\ufffd")
            lost += 1
            k += gaps
        else:
            try:
                out.append(bytes(seq).decode("utf-8"))  # type: ignore[arg-type]
            except UnicodeDecodeError:
                return None
        i += n
    return "".join(out), lost


def _try_lossy(run: str, codec: str = "gbk") -> Optional[str]:
    """UTF-8 read as GBK (or Big5) where the reader lost bytes (``涓�椤逛妇``):
    what the bytes allow, a U+FFFD for each character a lost byte took with
    it (a trace the repair engine reads; :mod:`docfix.traces`)."""
    bs = _lossy_bytes(run, codec)
    if bs is None:
        return None
    got = _utf8_with_losses(bs, "".join(c for c in run if c in _LOST))
    if got is None:
        return None
    cand, lost = got
    kept = cand.replace("\ufffd", "")
    if sum(1 for c in kept if is_han(c)) < 2 or lost > max(1, len(cand) // 2):
        return None
    return cand if _clearly_more_chinese(run, kept) else None


def _try_gbk_run(run: str) -> Optional[str]:
    """UTF-8 read as GBK, else as Big5 (lossless, else lossy)."""
    for codec in ("gbk", "big5"):
        got = _try_cjk_codec_run(run, codec)
        if got is not None:
            return got
    return None


def _try_cjk_codec_run(run: str, codec: str) -> Optional[str]:
    if any(c in _LOST for c in run):
        return _try_lossy(run, codec)
    try:
        cand = run.encode(codec).decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None
    if sum(1 for c in run if is_han(c)) < 2:
        return None
    if _clearly_more_chinese(run, cand):
        return cand
    return None


_LINE_RE = regex.compile(r"[^\n\r]+")
_PIECE_RE = regex.compile(r"\S+")
_LATIN_RUN_RE = regex.compile(
    "[\x00-\x09\x0b\x0c\x0e-\xff" + "".join(regex.escape(c) for c in _CP1252_REV) + "]+"
)
_TWO_HIGH_RE = regex.compile(r"[^\x00-\x7f][^\n]*[^\x00-\x7f]")
#: Pieces up to this long are also tried without a few glued-on characters.
_GLUE_MAX = 40
_SPACE_RE = regex.compile(r"\s")


def _trimmed(start: int, before: str, after: str) -> RuleEdit:
    p = 0
    while p < len(before) and p < len(after) and before[p] == after[p]:
        p += 1
    q = 0
    while q < len(before) - p and q < len(after) - p and before[-1 - q] == after[-1 - q]:
        q += 1
    return (start + p, start + len(before) - q, after[p:len(after) - q])


def mojibake_changes(text: str) -> List[RuleEdit]:
    """Spans decoded with the wrong codec, reversed where that is lossless.

    Tries UTF-8 bytes read as Latin-1/cp1252 ("ä¸­æ–‡"), UTF-8 read as GBK
    ("涓枃") and GBK read as Latin-1/cp1252 ("ÖÐÎÄ"). A span is changed only
    when re-encoding it gives back bytes that decode strictly, and the result
    is mostly common Chinese characters where the span was not.

    >>> mojibake_changes("标题：ä¸\\xadæ–‡æµ‹è¯•")
    [(3, 15, '中文测试')]

    UTF-8 read as GBK by a reader that lost the bytes it could not read
    (U+FFFD, or '?' after one more round) is recovered as far as the bytes
    allow; a character that lost a byte becomes U+FFFD, for the repair
    engine to read (``docfix --normalize``):

    >>> fix_mojibake("骞冲噳甯傚彂灞曟敼闈╁\ufffd\ufffd")
    '平凉市发展改革\ufffd'
    """
    out: List[RuleEdit] = []
    for m in _LINE_RE.finditer(text):
        line, base = m.group(), m.start()
        # Latin-1 / cp1252 style: maximal runs of Latin-1-encodable chars.
        line_edits: List[RuleEdit] = []
        for rm in _LATIN_RUN_RE.finditer(line):
            run = rm.group()
            stripped = run.strip()
            if not _TWO_HIGH_RE.search(stripped):
                continue
            off = rm.start() + run.index(stripped)
            cand = _try_latin_run(stripped)
            if cand is not None:
                line_edits.append(_trimmed(base + off, stripped, cand))
            elif _SPACE_RE.search(stripped):
                # try the whitespace-separated pieces
                for pm in _PIECE_RE.finditer(stripped):
                    c2 = _try_latin_run(pm.group())
                    if c2 is not None:
                        line_edits.append(_trimmed(base + off + pm.start(), pm.group(), c2))
        if line_edits:
            out.extend(line_edits)
            continue
        # UTF-8 read as GBK: the whole line, else its whitespace-separated pieces.
        stripped = line.strip()
        if not stripped:
            continue
        off = len(line) - len(line.lstrip())
        cand = _try_gbk_run(stripped)
        if cand is not None:
            out.append(_trimmed(base + off, stripped, cand))
            continue
        for pm in _PIECE_RE.finditer(line):
            piece = pm.group()
            # the piece, else its core without up to 3 characters glued on
            # either side ("涓枃x")
            for total in range(0, 7 if len(piece) <= _GLUE_MAX else 1):
                found = None
                for lt in range(0, min(total, 3) + 1):
                    rt = total - lt
                    if rt > 3 or len(piece) - total < 2:
                        continue
                    core = piece[lt:len(piece) - rt]
                    c2 = _try_gbk_run(core)
                    if c2 is not None:
                        found = (pm.start() + lt, core, c2)
                        break
                if found:
                    out.append(_trimmed(base + found[0], found[1], found[2]))
                    break
    return [e for e in out if e[0] != e[1] or e[2]]


def fix_mojibake(text: str) -> str:
    """Reverse wrong-codec decoding where that is lossless.

    >>> fix_mojibake("æ•™è‚²å·¥ä½œ")
    '教育工作'
    >>> fix_mojibake("鏁欒偛宸ヤ綔 浣犲ソ涓栫晫")
    '教育工作 你好世界'
    >>> fix_mojibake("ÖÐÎÄ±àÂë²âÊÔ")
    '中文编码测试'
    >>> fix_mojibake("café, naïve, Müller")
    'café, naïve, Müller'
    """
    return apply_changes(text, mojibake_changes(text))


# --------------------------------------------------------------------------
# radicals

#: CJK Radicals Supplement look-alikes with an unambiguous unified ideograph.
#: (Only ⺟ and ⻳ have NFKC mappings; the rest are listed here. Forms that
#: exist only as components, such as ⺌ ⺮ ⺶, are left alone.)
SUPPLEMENT_RADICALS: Dict[str, str] = {
    "⺁": "厂", "⺅": "亻", "⺆": "冂", "⺉": "刂", "⺊": "卜", "⺋": "㔾",
    "⺎": "兀", "⺐": "尢", "⺒": "巳", "⺓": "幺", "⺔": "彑", "⺖": "忄",
    "⺘": "扌", "⺙": "攵", "⺛": "旡", "⺜": "日", "⺝": "月", "⺞": "歺",
    "⺟": "母", "⺠": "民", "⺡": "氵", "⺢": "氺", "⺣": "灬", "⺤": "爫",
    "⺦": "丬", "⺨": "犭", "⺩": "王", "⺬": "示", "⺭": "礻", "⺯": "糸",
    "⺰": "纟", "⺲": "罒", "⺳": "㓁", "⺹": "耂", "⺺": "肀", "⺻": "聿",
    "⺼": "月", "⺾": "艹", "⺿": "艹", "⻀": "艹", "⻁": "虍", "⻂": "衤",
    "⻃": "覀", "⻄": "西", "⻅": "见", "⻆": "角", "⻈": "讠", "⻉": "贝",
    "⻊": "𧾷", "⻋": "车", "⻌": "辶", "⻍": "辶", "⻎": "辶", "⻏": "阝",
    "⻐": "钅", "⻑": "長", "⻒": "镸", "⻓": "长", "⻔": "门", "⻖": "阝",
    "⻗": "雨", "⻘": "青", "⻙": "韦", "⻚": "页", "⻛": "风", "⻜": "飞",
    "⻝": "食", "⻞": "飠", "⻠": "饣", "⻡": "首", "⻢": "马", "⻣": "骨",
    "⻤": "鬼", "⻥": "鱼", "⻦": "鸟", "⻧": "卤", "⻨": "麦", "⻩": "黄",
    "⻪": "黾", "⻫": "斉", "⻬": "齐", "⻭": "歯", "⻮": "齿", "⻯": "竜",
    "⻰": "龙", "⻱": "龜", "⻲": "亀", "⻳": "龟",
}


def _radical_target(c: str) -> Optional[str]:
    o = ord(c)
    if 0x2E80 <= o <= 0x2EFF:
        return SUPPLEMENT_RADICALS.get(c)
    if 0x2F00 <= o <= 0x2FDF or 0xF900 <= o <= 0xFAFF or 0x2F800 <= o <= 0x2FA1F:
        t = unicodedata.normalize("NFKC", c)
        return t if t != c else None
    return None


def radical_changes(text: str) -> List[RuleEdit]:
    """Kangxi / supplement radicals and compatibility ideographs to unified.

    >>> radical_changes("⾼⻄")
    [(0, 1, '高'), (1, 2, '西')]
    """
    out: List[RuleEdit] = []
    for m in _RADICAL_RE.finditer(text):
        t = _radical_target(m.group())
        if t is not None:
            out.append((m.start(), m.end(), t))
    return out


_RADICAL_RE = regex.compile("[\u2e80-\u2fdf\uf900-\ufaff\U0002f800-\U0002fa1f]")


def fix_radicals(text: str) -> str:
    """Turn radical look-alikes from broken PDF fonts into ideographs.

    >>> fix_radicals("⾼等教育⻓期发展，⻅⾯")
    '高等教育长期发展，见面'
    >>> fix_radicals("部首⺌不变")
    '部首⺌不变'
    """
    return apply_changes(text, radical_changes(text))


# --------------------------------------------------------------------------
# width

#: Full-width symbols turned half-width when next to an ASCII letter or digit.
_WIDTH_SYMBOLS = "＃＄％＆＊＋－．／＜＝＞＠＼＾＿｜"


def width_changes(text: str) -> List[RuleEdit]:
    """Full-width letters and digits (and ％．… between them) to half-width.

    >>> width_changes("２０２４年")
    [(0, 1, '2'), (1, 2, '0'), (2, 3, '2'), (3, 4, '4')]
    """
    out: List[RuleEdit] = []
    n = len(text)
    for m in _WIDTH_RE.finditer(text):
        i = m.start()
        c = text[i]
        if is_fullwidth_alnum(c):
            out.append((i, i + 1, chr(ord(c) - 0xFEE0)))
        else:
            # a symbol: neighbours, looking through zero-width characters
            j = i - 1
            while j >= 0 and text[j] in _ZERO_WIDTH:
                j -= 1
            k = i + 1
            while k < n and text[k] in _ZERO_WIDTH:
                k += 1
            left = text[j] if j >= 0 else ""
            right = text[k] if k < n else ""
            if any(x and (is_fullwidth_alnum(x) or _is_ascii_alnum(x)) for x in (left, right)):
                out.append((i, i + 1, chr(ord(c) - 0xFEE0)))
    return out


_WIDTH_RE = regex.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a" + regex.escape(_WIDTH_SYMBOLS) + "]")


def fix_width(text: str) -> str:
    """Half-width letters and digits; Chinese punctuation stays full-width.

    >>> fix_width("ＧＤＰ增长３．５％，达到１，０００亿（人民币）！")
    'GDP增长3.5%，达到1，000亿（人民币）！'
    """
    return apply_changes(text, width_changes(text))


# --------------------------------------------------------------------------
# variants

#: OpenCC configurations accepted for ``variants``.
VARIANT_CONFIGS = ("t2s", "tw2s", "hk2s")


@lru_cache(maxsize=None)
def _opencc(config: str):
    import opencc

    return opencc.OpenCC(config)


def _convert(text: str, config: str) -> str:
    """OpenCC conversion iterated to a fixed point (薴→苧→苎 takes two)."""
    cc = _opencc(config)
    cur = text
    for _ in range(4):
        nxt = cc.convert(cur)
        if nxt == cur:
            break
        cur = nxt
    return cur


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
    n_t = _count_diff(text, _opencc("t2s").convert(text))
    if n_t == 0 or n_t < TRADITIONAL_SHARE * han:
        return False
    n_s = _count_diff(text, _opencc("s2t").convert(text))
    return n_t > n_s


def variant_changes(text: str, config="auto") -> List[RuleEdit]:
    """Traditional/variant characters to simplified with OpenCC.

    ``config``: "auto" (t2s when :func:`is_mostly_traditional`), "t2s",
    "tw2s" or "hk2s" (always applied); False/None: no change.

    >>> variant_changes("這是繁體字")
    [(0, 1, '这'), (3, 4, '体')]
    >>> variant_changes("这是简体字，偶有一個繁体")
    []
    """
    if not config:
        return []
    if config is True or config == "auto":
        if not is_mostly_traditional(text):
            return []
        config = "t2s"
    if config not in VARIANT_CONFIGS:
        raise ValueError(f"variants must be one of 'auto', {', '.join(map(repr, VARIANT_CONFIGS))} or False, not {config!r}")
    conv = _convert(text, config)
    if conv == text:
        return []
    if len(conv) == len(text):
        return [(i, i + 1, b) for i, (a, b) in enumerate(zip(text, conv)) if a != b]
    import difflib

    sm = difflib.SequenceMatcher(None, text, conv, autojunk=False)
    return [(i1, i2, conv[j1:j2]) for op, i1, i2, j1, j2 in sm.get_opcodes() if op != "equal"]


def fix_variants(text: str, config="auto") -> str:
    """Simplify traditional text.

    >>> fix_variants("臺灣的軟體開發者說：「我們會努力。」")
    '台湾的软体开发者说：「我们会努力。」'
    >>> fix_variants("臺灣的軟體開發", "tw2s")
    '台湾的软体开发'
    >>> fix_variants("市教育局召开座谈会")
    '市教育局召开座谈会'
    """
    return apply_changes(text, variant_changes(text, config))


# --------------------------------------------------------------------------
# whitespace

#: A space run before one of these is deleted (not at a line start).
DEL_BEFORE = "，。、；：！？）》」』】〕〗〉"
#: A space run after one of these is deleted (not at a line end).
DEL_AFTER = "，。、；：！？（《「『【〔〖〈"

_HSPACE = " \t" + _EXOTIC_SPACES + _ZERO_WIDTH + _ZW_JOINERS


_HSPACE_RE = regex.compile("[" + regex.escape(_HSPACE) + "]+")


def _is_hspace(c: str) -> bool:
    return c in _HSPACE


def _line_spans(text: str) -> List[Tuple[int, int]]:
    """(start, end) of each line's content, without its terminator."""
    spans = []
    start = 0
    for m in _NEWLINE_RE.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


_NEWLINE_RE = regex.compile(r"\r\n|\r|\n")


def _run_output(run: str, prev: str, nxt: str) -> str:
    """A kept whitespace run: exotic spaces to ' ', zero-width chars out."""
    out = []
    for k, c in enumerate(run):
        if c in _ZERO_WIDTH:
            continue
        if c in _ZW_JOINERS:
            # keep joiners that sit between two non-space, non-CJK characters
            # (emoji and Indic sequences)
            left = run[k - 1] if k > 0 else prev
            right = run[k + 1] if k + 1 < len(run) else nxt
            if left and right and not _is_hspace(left) and not _is_hspace(right) \
                    and not is_han(left) and not is_han(right) \
                    and not _is_cjk_punct(left) and not _is_cjk_punct(right):
                out.append(c)
            continue
        out.append(" " if c in _EXOTIC_SPACES else c)
    return "".join(out)


def _has_space(run: str) -> bool:
    return any(c == " " or c in _EXOTIC_SPACES for c in run)


def whitespace_changes(text: str) -> List[RuleEdit]:
    """NBSP & co., ideographic and zero-width spaces, justification, trailing.

    Per line, each run of horizontal white space (spaces, tabs, NBSP, U+3000,
    zero-width characters) is:

    * deleted at the end of a line (trailing);
    * kept at the start of a line (indentation), exotic spaces become ' ';
    * deleted after ，。、；：！？（《 and before ，。、；：！？）》;
    * deleted between single Han characters spread out by justification
      ("第 一 章 总 则", or a line that is just "目 录");
    * otherwise kept, with NBSP/U+3000 and the like turned into ' ' and
      zero-width characters removed (spaces between Latin words untouched).

    >>> whitespace_changes("目\\u3000录  ")
    [(1, 2, ''), (3, 5, '')]
    """
    out: List[RuleEdit] = []
    for ls, le in _line_spans(text):
        line = text[ls:le]
        if not line:
            continue
        # runs of horizontal white space
        n = len(line)
        runs = [m.span() for m in _HSPACE_RE.finditer(line)]
        if not runs:
            continue
        # tokens separated by runs that contain a real space (zero-width-only
        # runs are invisible)
        seps = [(a, b) for a, b in runs if _has_space(line[a:b]) and "\t" not in line[a:b]]
        letter_spaced = set()
        inner = [(a, b) for a, b in seps if a > 0 and b < n]
        # token boundaries: between consecutive separators
        bounds = [0]
        for a, b in inner:
            bounds.extend([a, b])
        bounds.append(n)
        tokens = [(bounds[k], bounds[k + 1]) for k in range(0, len(bounds), 2)]

        def single_han(t: Tuple[int, int]) -> bool:
            s = _run_output(line[t[0]:t[1]], "", "")
            s = "".join(c for c in s if not _is_hspace(c))
            return len(s) == 1 and is_han(s)

        flags = [single_han(t) for t in tokens]
        visible = [k for k, t in enumerate(tokens) if line[t[0]:t[1]].strip(_HSPACE)]
        k = 0
        while k < len(tokens):
            if flags[k]:
                m = k
                while m + 1 < len(tokens) and flags[m + 1]:
                    m += 1
                count = m - k + 1
                whole_line = count == 2 and visible == [k, m]
                if count >= 3 or whole_line:
                    for q in range(k, m):
                        letter_spaced.add(inner[q])
                k = m + 1
            else:
                k += 1
        for a, b in runs:
            run = line[a:b]
            prev = line[a - 1] if a > 0 else ""
            nxt = line[b] if b < n else ""
            if b == n:
                rep = ""  # trailing
            elif a == 0:
                rep = _run_output(run, prev, nxt)  # indentation
            elif (a, b) in letter_spaced:
                rep = ""
            elif "\t" not in run and (prev in DEL_AFTER or nxt in DEL_BEFORE):
                rep = ""
            else:
                rep = _run_output(run, prev, nxt)
            if rep != run:
                out.append(_trimmed(ls + a, run, rep))
    return out


def fix_whitespace(text: str) -> str:
    """Normalise white space in Chinese text.

    >>> fix_whitespace("教育\\u00a0工作　会议，  很好。 \\n第 一 章　总 则\\n  Hello  world  ")
    '教育 工作 会议，很好。\\n第一章总则\\n  Hello  world'
    >>> fix_whitespace("零\\u200b宽")
    '零宽'
    """
    return apply_changes(text, whitespace_changes(text))


# --------------------------------------------------------------------------
# boilerplate

_BOILER_KEYWORDS = (
    "版权所有", "版权声明", "Copyright", "copyright", "COPYRIGHT", "©", "ICP备", "ICP证",
    "公网安备", "网安备", "联系我们", "关于我们", "网站地图", "打印本页", "打印此页", "打印文章",
    "关闭窗口", "关闭本页", "【打印】", "【关闭】", "[打印]", "[关闭]", "当前位置", "现在的位置",
    "您的位置", "所在位置", "上一篇", "下一篇", "上一条", "下一条", "责任编辑", "分享到",
    "扫一扫", "二维码", "免责声明", "不得转载", "请勿转载", "举报电话", "举报中心", "举报网",
    "违法和不良信息", "许可证", "主办单位", "承办单位", "技术支持", "网站首页", "返回首页",
    "返回顶部", "设为首页", "加入收藏", "热线:", "热线：", "【字体", "字号：", "字号:", "浏览次数",
    "阅读次数", "点击数", "访问量",
)
#: Weaker signs, for short lines without sentence punctuation only.
_BOILER_WEAK = ("客户端", "新媒体", "订报", "投稿", "公众号", "辟谣", "微博", "微信", "APP", "下载", "手机版", "English")
_BOILER_EXACT = {"首页", "Top", "TOP", "top", "顶部", "返回", "打印", "关闭", "分享", "更多", "更多>>", ">>"}
_BOILER_MAX = 80
_CLAUSE = "，,。；;！？!?"


def _is_boilerplate(line: str) -> bool:
    s = line.strip(_HSPACE)
    if not s:
        return False
    compact = "".join(c for c in s if not _is_hspace(c))
    if len(compact) > _BOILER_MAX:
        return False
    if s in _BOILER_EXACT:
        return True
    if any(k in s for k in _BOILER_KEYWORDS):
        return True
    if "首页" in compact and len(compact) <= 10:
        return True
    if len(compact) <= 30 and not any(c in _CLAUSE for c in s) and any(k in s for k in _BOILER_WEAK):
        return True
    # navigation: many short items separated by spaces or bars
    items = [t for t in regex.split(r"[\s|｜·•]+", s) if t]
    if not any(c in _CLAUSE for c in s):
        if len(items) >= 5 and all(len(t) <= 6 for t in items):
            return True
        if s.count("|") + s.count("｜") >= 2 and all(len(t) <= 10 for t in items):
            return True
    return False


def boilerplate_changes(text: str) -> List[RuleEdit]:
    """Web navigation and footer lines, each deleted with its line break.

    >>> boilerplate_changes("首页\\n正文第一段。\\n版权所有 © 2024\\n")
    [(0, 3, ''), (10, 22, '')]
    """
    out: List[RuleEdit] = []
    spans = _line_spans(text)
    for k, (ls, le) in enumerate(spans):
        if _is_boilerplate(text[ls:le]):
            end = spans[k + 1][0] if k + 1 < len(spans) else le
            out.append((ls, end, ""))
    return out


def remove_boilerplate(text: str) -> str:
    """Drop navigation and footer lines of web pages.

    >>> remove_boilerplate("网站首页 新闻 国内 国际 河南 焦作\\n您现在的位置：焦作网 > 正文\\n市教育局召开会议。\\n打印本页 关闭窗口")
    '市教育局召开会议。\\n'
    """
    return apply_changes(text, boilerplate_changes(text))


# --------------------------------------------------------------------------
# line joining

#: A line ending in one of these is a real end (paragraph, heading, label).
_TERMINAL = set("。！？!?；;：:…”’」』）)】》〉〕.．\"'")
#: A line ending in one of these is certainly cut mid-sentence.
_SOFT_END = set("，,、（(“‘《「『【〔—")
#: Characters a heading hardly ever ends in, but a cut sentence often does ...
_FUNCTION_END = set("的和与及或并而且在对把将被从向以于为是要让使给")
#: ... unless they end one of these words.
_WORD_END = set(
    "目的 有的 似的 参与 赋与 普及 涉及 波及 危及 顾及 合并 兼并 然而 从而 因而 进而 继而 "
    "存在 现在 正在 所在 实在 自在 内在 好在 面对 应对 针对 相对 绝对 核对 比对 反对 配对 "
    "校对 重要 主要 需要 纲要 简要 必要 概要 摘要 提要 只要 想要 不要 但是 就是 总是 还是 "
    "于是 凡是 正是 可是 若是 求是 即将 必将 终将 大将 转让 谦让 出让 礼让 大使 特使 天使 "
    "致使 迫使 驱使 供给 补给 配给 自给 方向 导向 走向 去向 趋向 动向 意向 定向 倾向 指向 "
    "流向 所以 可以 难以 予以 加以 足以 得以 用以 关于 基于 对于 处于 属于 在于 善于 勇于 "
    "至于 由于 等于 终于 急于 便于 易于 敢于 乐于 忠于 成为 作为 认为 行为 称为 视为 因为 "
    "以为 无为 有为 大为 广为 更为 较为 极为 最为 尤为 而且 并且 况且 暂且 尚且 姑且 "
    "和 与 及 或".split()
)
#: A line with this many non-space characters and no final punctuation is prose.
LONG_LINE = 32
#: ... or this many when it has clause punctuation inside.
LONG_CLAUSE_LINE = 16

_MARKER_RE = regex.compile(
    r"""^(?:
        第[一二三四五六七八九十百千零〇两\d]+[章节条款部分篇编卷回讲]
      | [一二三四五六七八九十百]+[、.．]
      | \d{1,3}(?:[.．](?!\d)|[、)）])
      | [(（][一二三四五六七八九十百\d]{1,3}[)）]
      | [①-⑳⑴-⒇⒈-⒛❶-❿]
      | [•·●○■□◆◇▪►▶※★☆\-–*]
      | ——
      | [A-Za-z][.)](?=\s|\p{Han})
    )""",
    regex.VERBOSE,
)
_SHORT_CLAUSE_RE = regex.compile(r"^\p{Han}[，,；;。！？!?]")
#: "他强调，教": a clause of one or two characters after a comma ends the line.
_CUT_CLAUSE_RE = regex.compile(r"\p{Han}{2}[，,；;]\p{Han}{1,2}$")
_LEADERS_RE = regex.compile(r"……|\.{3,}|·{3,}|．{3,}|…{2,}|-{3,}|_{3,}")


def _compact_len(s: str) -> int:
    return sum(1 for c in s if not _is_hspace(c))


_INNER_SENTENCE_RE = regex.compile(r"[。！？!?]\s*\S")


def _is_prose(a: str) -> bool:
    n = _compact_len(a)
    if n >= LONG_LINE:
        return True
    body = a[:-1]
    if n >= 8 and _INNER_SENTENCE_RE.search(body):
        return True  # a full sentence inside: not a heading
    return n >= LONG_CLAUSE_LINE and any(c in "，,；;" for c in body)


#: Space runs that separate items: not next to a mark whose neighbouring
#: spaces the whitespace or punctuation rule may remove (so the decision is
#: the same before and after those rules).
_MARKS = regex.escape(",:;?!()" + DEL_BEFORE + DEL_AFTER)
_ITEM_SPACE_RE = regex.compile(rf"(?<![{_MARKS}\s])[ \u00a0\u3000\u2000-\u200a\u202f\u205f]+(?![{_MARKS}\s])")


def _compact(s: str) -> str:
    return "".join(c for c in s if not _is_hspace(c))


def _looks_tabular(a: str) -> bool:
    s = a.strip(_HSPACE)
    if "\t" in s:
        return True
    seps = [m.group() for m in _ITEM_SPACE_RE.finditer(s)]
    if any(len(x) >= 2 for x in seps):
        return True  # columns
    if _LEADERS_RE.search(s):
        return True  # table of contents
    return len(seps) >= 2 and not any(c in _CLAUSE for c in s)  # navigation


def _should_join(a: str, b: str) -> bool:
    """``a``: the logical line so far (stripped); ``b``: the next line."""
    if not a or not b or _is_hspace(b[0]):
        return False
    if _MARKER_RE.match(b):
        return False
    if _looks_tabular(a):
        return False
    last = a[-1]
    if last in _TERMINAL:
        return False
    heading = bool(_MARKER_RE.match(a)) and _compact_len(a) < 40
    if last in _SOFT_END:
        return True
    if is_han(last):
        if heading:
            return False
        ca = _compact(a)
        function_end = last in _FUNCTION_END and ca[-2:] not in _WORD_END and len(ca) > 1
        if _is_prose(a) or function_end or _CUT_CLAUSE_RE.search(ca):
            return True
        return bool(_SHORT_CLAUSE_RE.match(_compact(b)))
    if _is_ascii_alnum(last) or last in "%％":
        # "截至2024" / "使用Python" cut before a Chinese continuation
        return not heading and _is_prose(a) and is_han(b[0])
    return False


def join_line_changes(text: str) -> List[RuleEdit]:
    """Line breaks inside sentences, with blank lines between the halves.

    A line (the logical line, after earlier joins) is joined to the next
    non-blank line (at most three blank lines apart) when it does not end in
    sentence or closing punctuation and it is clearly cut: it ends in ，、（“
    etc., or it is prose (long, or with clause punctuation inside), or it ends
    in a function character (的 和 在 要 ...) or in a one- or two-character
    clause after a comma ("他强调，教"), or the next line starts with a
    one-character clause ("构，推进..."). Headings and list items (一、 1.
    （一） 第一章 ①), table-of-contents and tabular lines, indented next lines
    and lines ending in 。！？：；”）》 stay.

    >>> join_line_changes("他强调，教\\n\\n育援疆工作很重要。")
    [(5, 7, '')]
    >>> join_line_changes("一、总体要求\\n\\n坚持稳中求进。")
    []
    """
    out: List[RuleEdit] = []
    spans = _line_spans(text)
    logical = ""
    k = 0
    while k < len(spans):
        ls, le = spans[k]
        content = text[ls:le]
        if not content.strip(_HSPACE):
            logical = ""
            k += 1
            continue
        logical = (logical + content.strip(_HSPACE)) if logical else content.strip(_HSPACE)
        # next non-blank line within three blank lines
        m = k + 1
        blanks = 0
        while m < len(spans) and not text[spans[m][0]:spans[m][1]].strip(_HSPACE):
            blanks += 1
            m += 1
        if m >= len(spans) or blanks > 3:
            logical = ""
            k = m
            continue
        bs, be = spans[m]
        b = text[bs:be]
        if _should_join(logical, b):
            # from after the last visible char of this line to B's first char
            end_a = le
            while end_a > ls and _is_hspace(text[end_a - 1]):
                end_a -= 1
            out.append((end_a, bs, ""))
        else:
            logical = ""
        k = m
    return out


def join_lines(text: str) -> str:
    """Rejoin lines broken in the middle of a sentence.

    >>> join_lines("他表示,近年来,通过两地共同努力,伊吾县各项教育事业取得了显著的成效,濮阳市通过\\n\\n优秀骨干教师援疆支教等举措,切实传播了理念。")
    '他表示,近年来,通过两地共同努力,伊吾县各项教育事业取得了显著的成效,濮阳市通过优秀骨干教师援疆支教等举措,切实传播了理念。'
    >>> join_lines("一、总体要求\\n坚持稳中求进。\\n1.加强领导\\n2.完善机制")
    '一、总体要求\\n坚持稳中求进。\\n1.加强领导\\n2.完善机制'
    >>> join_lines("全市各级各类学校和教师要\\n\\n认真落实有关规定。")
    '全市各级各类学校和教师要认真落实有关规定。'
    """
    return apply_changes(text, join_line_changes(text))


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
    from .protect import spans

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

    >>> punctuation_changes("时间:9:30, 地点(会议室)")
    [(2, 3, '：'), (7, 9, '，'), (11, 12, '（'), (15, 16, '）')]
    """
    n = len(text)
    if not any(c in _CONVERT for c in text):
        return []
    mask = _url_mask(text)
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
        if is_han(c) or _is_cjk_punct(c):
            return True
        if c in "”’":
            k = pos - 1
            while k >= 0 and cur[k] == "":
                k -= 1
            return k >= 0 and (is_han(cur[k]) or _is_cjk_punct(cur[k]))
        return False

    def claim(start: int, end: int, mark: str) -> None:
        for k in range(start, end):
            cur[k] = mark if text[k] in _CONVERT else ""

    def cjk_right(c: Optional[str]) -> bool:
        return c is not None and (is_han(c) or c in _RIGHT_CJK)

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
                if any(is_han(x) for x in content):
                    ok = True
                elif content.strip() and not _LATIN_RE.search(content):
                    ok = (lc is None or cjk_left(lc, lstart - 1)) and after is not None and is_han(after)
                elif content.strip():
                    # "大学(XX)学院": Latin between Chinese on both sides
                    ok = cjk_left(lc, lstart - 1) and not spaced_left and after is not None and is_han(after)
                else:
                    ok = False
            else:
                ok = cjk_left(lc, lstart - 1) and rc is not None and is_han(rc) and not spaced_right
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
                ok = cjk_left(lc, lstart - 1) and not spaced_left and rc is not None and is_han(rc) and not spaced_right
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
    if len(sylls) > n_han:
        return False
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
    """
    mask: Optional[List[bool]] = None
    out: List[RuleEdit] = []
    for m in _PINYIN_NOTE.finditer(text):
        s = m.start()
        n_han = 0
        while s - n_han > 0 and is_han(text[s - n_han - 1]) and n_han < 4:
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
# words split by a space

_SPLIT_RE = regex.compile(r"(?<=(\p{Han}{1,3}))[ \u3000](?=(\p{Han}{1,3}))")
_SPLIT_WORD_MIN = 2000  # lexicon frequency (jieba counts) of a word a space may not split


@lru_cache(maxsize=1)
def _general_words() -> Dict[str, int]:
    from .lexicon import read_lexicon_file
    from .resources import lexicon_paths

    for p in lexicon_paths():
        if p.name == "general.txt":
            return read_lexicon_file(p)
    return {}


def split_word_changes(text: str, words: Optional[Dict[str, int]] = None) -> List[RuleEdit]:
    """Spaces that split a Chinese word where a PDF line broke (带 来, 人 们).

    A single space between Han characters is removed when characters on its
    two sides make a common word across it (lexicon frequency at least
    :data:`_SPLIT_WORD_MIN`: 带来, 人们; not 教育 工作, where no word crosses
    the space); only in prose lines (with ，。；), never in lines that look
    like tables or lists of names (runs of spaces, tabs, or more than two
    spaced characters).

    >>> fix_split_words("这些变化给群众带 来了实惠，人 们都很满意。")
    '这些变化给群众带来了实惠，人们都很满意。'
    >>> fix_split_words("教育 工作会议召开，张 伟 李 娜 王 芳。")
    '教育 工作会议召开，张 伟 李 娜 王 芳。'
    """
    if not _SPLIT_RE.search(text):
        return []
    words = _general_words() if words is None else words
    if not words:
        return []
    out: List[RuleEdit] = []
    for ls, le in _line_spans(text):
        line = text[ls:le]
        if not any(c in line for c in "，。；") or "\t" in line or "  " in line:
            continue
        found = list(_SPLIT_RE.finditer(line))
        if len(found) > 2:
            continue  # many spaced characters: a list or letter spacing, not a broken word
        for m in found:
            left, right = m.group(1), m.group(2)
            best = 0
            for i in range(1, len(left) + 1):
                for j in range(1, len(right) + 1):
                    if i + j >= 2:
                        best = max(best, words.get(left[-i:] + right[:j], 0))
            if best < _SPLIT_WORD_MIN:
                continue
            out.append((ls + m.start(), ls + m.end(), ""))
    return out


def fix_split_words(text: str) -> str:
    """Join words a space split (see :func:`split_word_changes`)."""
    return apply_changes(text, split_word_changes(text))


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
                if not (is_han(left) and is_han(right)):
                    continue
            elif c == '"' and not (is_han(left) or is_han(right)):
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

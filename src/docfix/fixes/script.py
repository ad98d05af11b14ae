"""Character-form rules: ``radicals`` (radical look-alikes and compatibility
ideographs to unified ideographs), ``width`` (full-width letters and digits to
half-width) and ``variants`` (traditional and variant forms to simplified).
Whether a text is traditional: :func:`docfix.canon.is_mostly_traditional`."""
from __future__ import annotations

import unicodedata
from typing import Dict, List, Optional

import regex

from ..canon import convert, is_fullwidth_alnum, is_mostly_traditional
from .base import _ZERO_WIDTH, RuleEdit, _is_ascii_alnum, apply_changes


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


def _convert(text: str, config: str) -> str:
    """OpenCC conversion iterated to a fixed point (薴→苧→苎 takes two)."""
    cur = text
    for _ in range(4):
        nxt = convert(config, cur)
        if nxt == cur:
            break
        cur = nxt
    return cur


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

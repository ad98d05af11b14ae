"""Enumerators: Chinese numerals (第十八条, 三、, （二）) and list numbers in
digits, counted through the numerals the font lost.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Dict, FrozenSet, List, Optional, Set, Tuple

from ._common import _DIGITS

# ------------------------------------- enumerators: Chinese numerals, list numbers
#: Characters of Chinese numerals as enumerations write them (第十八条, 三、, （十二）).
_CN = "〇零一二三四五六七八九十百"
CN_NUMERAL_CHARS = frozenset(_CN)
_CN_DIGIT = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_LEAD = r"^[ \t\u3000]*"
#: Enumerators at the start of a line, by kind; "（一）" restarts after every
#: article or heading, "第一节" after every "第一章" (``_ENUM_RESET``).
_ENUM_RES = (
    ("条", re.compile(_LEAD + "第([%s]*)条" % _CN)),
    ("章", re.compile(_LEAD + "第([%s]*)章" % _CN)),
    ("节", re.compile(_LEAD + "第([%s]*)节" % _CN)),
    ("、", re.compile(_LEAD + "([%s]*)、" % _CN)),
    ("（）", re.compile(_LEAD + "[（(]([%s]*)[）)]" % _CN)),
)
_ENUM_RESET = {"节": ("章",), "（）": ("条", "章", "节", "、"), "、": ("章", "节")}
#: List numbers in digits at the start of a line ("1." but not "2.5亿", "2、", "（3）");
#: "（1）" starts over after every "1." or "1、" item.
_LIST_RES = (
    (".", re.compile(_LEAD + "([0-9]*)[.．](?![0-9])")),
    ("、", re.compile(_LEAD + "([0-9]*)、")),
    ("（）", re.compile(_LEAD + "[（(]([0-9]*)[）)]")),
)
_LIST_RESET = {"（）": (".", "、")}
_ENUM_MIN = 3  # a run of enumerators of one kind counts as a sequence from this many on ...
_ENUM_ALIGNED = 0.6  # ... when one numbering explains at least this share of them
_ENUM_WINDOW = 8  # (judged among this many enumerators either side)
_ENUM_MATCH = 2.5  # log10 bonus of the number the sequence expects ...
_ENUM_PROGRESS = 1.0  # ... or of an insert that brings a damaged number closer to it
_ENUM_MISS = -1.0  # a number the sequence cannot have
_ENUM_EMPTY = -2.0  # an enumerator without a number


def cn_numeral(s: str) -> Optional[int]:
    """Value of a Chinese numeral from 1 to 999 written the standard way, else None.

    >>> [cn_numeral(s) for s in ("八", "十", "十八", "二十", "二十八", "一百零三", "一百一十", "二二", "")]
    [8, 10, 18, 20, 28, 103, 110, None, None]
    """
    if not s:
        return None
    hundreds = 0
    if "百" in s:
        head, _, s = s.partition("百")
        if len(head) != 1 or head not in _CN_DIGIT:
            return None
        hundreds = 100 * _CN_DIGIT[head]
        if not s:
            return hundreds
        if s[0] in "零〇":
            return hundreds + _CN_DIGIT[s[1]] if len(s) == 2 and s[1] in _CN_DIGIT else None
        if "十" not in s:
            return None
    if "十" in s:
        head, _, tail = s.partition("十")
        if head == "":
            tens = 1 if not hundreds else None  # "一百十" is not written; "十八" is
        elif len(head) == 1 and head in _CN_DIGIT and (hundreds or head != "一"):
            tens = _CN_DIGIT[head]
        else:
            tens = None
        if tens is None or len(tail) > 1 or (tail and tail not in _CN_DIGIT):
            return None
        return hundreds + 10 * tens + (_CN_DIGIT[tail] if tail else 0)
    if len(s) == 1 and s in _CN_DIGIT and not hundreds:
        return _CN_DIGIT[s]
    return None


def cn_write(value: int) -> str:
    """The standard Chinese numeral for 1..999 (inverse of :func:`cn_numeral`).

    >>> [cn_write(v) for v in (8, 10, 18, 20, 28, 103, 110, 999)]
    ['八', '十', '十八', '二十', '二十八', '一百零三', '一百一十', '九百九十九']
    >>> all(cn_numeral(cn_write(v)) == v for v in range(1, 1000))
    True
    """
    names = "零一二三四五六七八九"
    h, rest = divmod(value, 100)
    t, u = divmod(rest, 10)
    if not h:
        if not t:
            return names[u]
        return ("" if t == 1 else names[t]) + "十" + (names[u] if u else "")
    out = names[h] + "百"
    if not rest:
        return out
    if not t:
        return out + "零" + names[u]
    return out + names[t] + "十" + (names[u] if u else "")


def _dropped(have: str, want: str, lost: FrozenSet[str]) -> Optional[List[Tuple[int, str]]]:
    """The characters ``want`` lost to become ``have``, each with the place in
    ``have`` before which it stood; None unless ``have`` is ``want`` with
    some characters of ``lost`` dropped.

    >>> _dropped("十", "三十七", frozenset("三七")), _dropped("二", "十二", frozenset("一"))
    ([(0, '三'), (1, '七')], None)
    """
    i = 0
    out: List[Tuple[int, str]] = []
    for c in want:
        if i < len(have) and have[i] == c:
            i += 1
        elif c in lost:
            out.append((i, c))
        else:
            return None
    return out if i == len(have) else None


def _explains(have: str, want: str, lost: FrozenSet[str]) -> bool:
    """Whether ``have`` is ``want`` with some characters of ``lost`` dropped.

    >>> _explains("二", "十二", frozenset("十")), _explains("二", "十二", frozenset("一"))
    (True, False)
    """
    return _dropped(have, want, lost) is not None


def _arabic(s: str) -> Optional[int]:
    """Value of a list number written in digits (1-999, no leading zero)."""
    return int(s) if s and len(s) <= 3 and s[0] != "0" and s.isdigit() and s.isascii() else None


#: Numeral systems of enumerators: (numeral characters, parse, write, kinds, resets).
_SYSTEMS = {
    "cn": (CN_NUMERAL_CHARS, cn_numeral, cn_write, _ENUM_RES, _ENUM_RESET),
    "ar": (frozenset(_DIGITS), _arabic, str, _LIST_RES, _LIST_RESET),
}


@lru_cache(maxsize=4096)
def _readings(have: str, lost: FrozenSet[str], system: str = "cn") -> FrozenSet[int]:
    """Values (1-999) the numeral ``have`` may have had before ``lost``
    numerals were dropped from it, however many.

    >>> sorted(_readings("二", frozenset("十")))
    [2, 12, 20]
    >>> sorted(_readings("2", frozenset("1"), "ar"))
    [2, 12, 21, 112, 121, 211]
    >>> 147 in _readings("四七", frozenset("一十百"))  # three numerals lost
    True
    """
    return _damaged_forms(lost, system).get(have, frozenset())


@lru_cache(maxsize=32)
def _damaged_forms(lost: FrozenSet[str], system: str) -> Dict[str, FrozenSet[int]]:
    """Every value 1-999 by how it reads once ``lost`` numerals are dropped."""
    write = _SYSTEMS[system][2]
    table: Dict[str, Set[int]] = {}
    for v in range(1, 1000):
        table.setdefault("".join(c for c in write(v) if c not in lost), set()).add(v)
    return {k: frozenset(vs) for k, vs in table.items()}


@lru_cache(maxsize=8)
def _sequences(text: str, lost: FrozenSet[str], system: str = "cn") -> Dict[int, Tuple[int, str, Optional[str]]]:
    """Enumerators of counted sequences: ``{line start: (numeral start, numeral as
    written, numeral the sequence expects, or None where two numberings fit)}``.

    Each run of enumerators of one kind (between two resets, e.g. the
    "（一）" under one "一、") is numbered ``k + c`` (``k`` its place in the
    run); ``c`` is the one that explains most of the run, an enumerator being
    explained when it reads as that number with some ``lost`` numerals
    dropped. A font that lost 十 turns 第十一条…第十九条 into 第一条…第九条,
    which count up by one just as well, so neighbours alone cannot tell.
    ``system`` is "cn" (Chinese numerals, ``_ENUM_RES``) or "ar" (list
    numbers in digits, "1." "2、" "（3）", ``_LIST_RES``).
    """
    chars, _, write, kinds, reset_of = _SYSTEMS[system]
    lost = lost & chars
    found: Dict[str, List[Tuple[int, int, str]]] = {k: [] for k, _ in kinds}
    pos = 0
    for line in text.split("\n"):
        start, pos = pos, pos + len(line) + 1
        first = line.lstrip(" \t\u3000")[:1]
        if not first or (first not in "第（(、.．" and first not in chars):
            continue
        for kind, rx in kinds:
            m = rx.match(line)
            if m:
                found[kind].append((start, start + m.start(1), m.group(1)))
                break
    out: Dict[int, Tuple[int, str, str]] = {}
    inline = _inline_ones(text, write(1), system)
    for kind, rows in found.items():
        resets = sorted(r[0] for other in reset_of.get(kind, ()) for r in found[other])
        runs: Dict[int, List[Tuple[int, int, str]]] = {}
        for r in rows:
            runs.setdefault(sum(1 for x in resets if x < r[0]), []).append(r)
        for run in runs.values():
            # a run of bare "（）" says nothing about which numerals it had,
            # nor one that repeats one enumerator (a notice sent to 17 cities
            # repeats its "二、": no count of 2 to 18 that lost 十)
            if len(run) < _ENUM_MIN or sum(1 for _, _, have in run if have) < 2 or len({h for *_, h in run}) < 2:
                continue
            inside = [(-1, i, write(1)) for i in inline if run[0][1] < i < run[-1][1]] if kind == "（）" else []
            for part in _split_inline(run, inside, lost, system):
                readings = [_readings(have, lost, system) for _, _, have in part]
                for lo, hi in _restarts(part, readings, lost, write):
                    _number(part[lo:hi], readings[lo:hi], lost, write, out)
    out.pop(-1, None)  # (a "（一）" inside a line: a place to start over, never numbered)
    return out


def _split_inline(run, inside, lost: FrozenSet[str], system: str) -> List[list]:
    """``run`` cut before the "（一）" of ``inside`` (one written inside a
    line, between two of the run's: a heading and its first item joined into
    one line, 一、检查依据（一）…) where the two parts, that one heading the
    second, explain more of it than one numbering does (:func:`_restarts`)."""
    write = _SYSTEMS[system][2]

    def count(rows) -> int:
        return _best_count(rows, [_readings(h, lost, system) for *_, h in rows], lost, write)

    best, cut = count(run), None
    for v in inside:
        a, b = [r for r in run if r[1] < v[1]], [v] + [r for r in run if r[1] > v[1]]
        split = count(a) + count(b) if a and len(b) > 1 else -1
        if split > best:
            best, cut = split, v
    if cut is None:
        return [run]
    return [[r for r in run if r[1] < cut[1]]] + _split_inline([cut] + [r for r in run if r[1] > cut[1]],
                                                               [v for v in inside if v[1] > cut[1]], lost, system)


_INLINE_ONE = {"cn": re.compile(r"(?<=[^\s第（(])[（(](一)[）)]"), "ar": re.compile(r"(?<=[^\s第（(])[（(](1)[）)]")}


def _inline_ones(text: str, one: str, system: str) -> List[int]:
    """Offsets of the numerals of "（一）" (or "（1）") written inside a line.

    >>> _inline_ones("一、检查依据（一）《核安全法》；\\n（二）施工", "一", "cn")
    [7]
    """
    return [m.start(1) for m in _INLINE_ONE[system].finditer(text)] if one in text else []


def _explained(run, readings, lost: FrozenSet[str], write) -> Dict[int, List[bool]]:
    """For each numbering ``k + c`` a reading allows, which enumerators of ``run`` it explains."""
    cands = {v - j for j, vs in enumerate(readings) for v in vs}
    return {c: [1 <= j + c <= 999 and _explains(have, write(j + c), lost) for j, (_, _, have) in enumerate(run)]
            for c in cands}


def _best_count(run, readings, lost: FrozenSet[str], write) -> int:
    """How many enumerators of ``run`` the numbering that explains most explains."""
    return max((sum(ex) for ex in _explained(run, readings, lost, write).values()), default=0)


def _restarts(run, readings, lost: FrozenSet[str], write) -> List[Tuple[int, int]]:
    """``run`` cut where it starts over at one ("七、" "八、" then "一、" "二、":
    the text begins inside a list, or holds two documents), where the two
    parts' numberings explain more of it than one numbering does (a font
    that lost 十 turns 第十一条 into 第一条 too, but counting on through it
    explains as much): ``[(lo, hi), ...]``.

    >>> from docfix.numbers.enumerators import _SYSTEMS
    >>> write = _SYSTEMS["cn"][2]
    >>> run = [(0, 0, h) for h in "七八一二"]
    >>> _restarts(run, [_readings(h, frozenset("十")) for *_, h in run], frozenset("十"), write)
    [(0, 2), (2, 4)]
    >>> run = [(0, 0, h) for h in ["八", "九", "", "一", "二"]]
    >>> _restarts(run, [_readings(h, frozenset("十")) for *_, h in run], frozenset("十"), write)
    [(0, 5)]
    """
    one = write(1)
    whole = _best_count(run, readings, lost, write)
    best, cut = whole, None
    for k in range(1, len(run)):
        if run[k][2] == one:
            split = _best_count(run[:k], readings[:k], lost, write) + _best_count(run[k:], readings[k:], lost, write)
            if split > best:
                best, cut = split, k
    if cut is None:
        return [(0, len(run))]
    tail = _restarts(run[cut:], readings[cut:], lost, write)
    return [(0, cut)] + [(lo + cut, hi + cut) for lo, hi in tail]


def _number(run, readings, lost: FrozenSet[str], write, out: Dict[int, Tuple[int, str, Optional[str]]]) -> None:
    """Each enumerator of ``run`` (one count) with the numeral its numbering expects, into ``out``."""
    if len(run) < _ENUM_MIN:
        return
    explained = _explained(run, readings, lost, write)
    total = {c: sum(ex) for c, ex in explained.items()}
    for k, (line_start, num_start, have) in enumerate(run):
        # the numbering that explains most enumerators near this one (a
        # compilation of laws starts over at 第一条); on a tie, the one
        # that explains most of the run (a font that lost 十 makes
        # 第十一条…第十九条 read as 第一条…第九条, and only 第二十条 and
        # on tell them apart); if that ties too, the number stays open
        lo, hi = max(0, k - _ENUM_WINDOW), min(len(run), k + _ENUM_WINDOW + 1)
        near = {c: sum(explained[c][lo:hi]) for c in {v - j for j in range(lo, hi) for v in readings[j]}}
        if not near:
            continue
        keys = {c: (near[c], total[c]) for c in near}
        ranked = sorted(keys, key=keys.get, reverse=True)
        best = ranked[0]
        if not explained[best][k] or near[best] < max(_ENUM_MIN, _ENUM_ALIGNED * (hi - lo)):
            continue
        if len(ranked) > 1 and keys[ranked[1]] == keys[best]:
            # two numberings explain the run equally well: with 0-3 lost,
            # "7." "8." "9." "" "" "" "" "4." may count from 7 or from 17,
            # and with 1 lost "22." "23." from 22 or from 122. A counted
            # enumerator whose number is open (None).
            out[line_start] = (num_start, have, None)
            continue
        out[line_start] = (num_start, have, write(k + best))


def _enumerator_at(
    text: str, off: int, lost: FrozenSet[str], system: str = "cn"
) -> Optional[Tuple[int, str, Optional[str]]]:
    """(numeral start, numeral as written, expected numeral or None) of the
    counted enumerator whose numeral the gap ``off`` touches, else None."""
    hit = _sequences(text, lost, system).get(text.rfind("\n", 0, off) + 1)
    if hit is None or not hit[0] <= off <= hit[0] + len(hit[1]):
        return None
    return hit


def numeral_plausibility(text: str, off: int, ins: str, *, lost: FrozenSet[str] = frozenset()) -> float:
    """log10 plausibility of the enumerator number at gap ``off`` with
    ``ins`` (Chinese numerals) inserted, from the sequence it belongs to.

    Numbered articles, chapters, sections and headings ("第十八条", "三、",
    "（二）" at the start of a line) count up by one (:func:`_sequences`
    finds the numbering that explains the document's enumerators given the
    ``lost`` numerals). The expected number gets ``_ENUM_MATCH``; an insert
    that is part of it (one of two gaps of 第{三}十{七}条) ``_ENUM_PROGRESS``;
    a number the sequence cannot have ``_ENUM_MISS``. 0 for anything that is
    no counted enumerator.

    >>> t = "第十六条 甲\\n第十七条 乙\\n第十条 丙\\n第十九条 丁\\n第二十条 戊"
    >>> lost, off = frozenset("八"), t.index("第十条") + 2
    >>> numeral_plausibility(t, off, "八", lost=lost) > 0 > numeral_plausibility(t, off, "七", lost=lost)
    True
    >>> numeral_plausibility(t, off, "", lost=lost)  # explained by the loss, not yet right
    0.0
    """
    if ins and not all(c in CN_NUMERAL_CHARS for c in ins):
        return 0.0
    hit = _enumerator_at(text, off, lost)
    if hit is None:
        return 0.0
    num_start, have, want = hit
    if want is None:
        return 0.0
    rel = off - num_start
    new = have[:rel] + ins + have[rel:]
    if new == want:
        return _ENUM_MATCH
    if not new:
        return _ENUM_EMPTY
    if _explains(new, want, lost | frozenset(ins)):
        return _ENUM_PROGRESS if ins else 0.0
    return _ENUM_MISS


def enumerator_inserts(text: str, lost: FrozenSet[str]) -> Dict[int, str]:
    """Gaps where counted enumerators lost numerals, with what each gap lost:
    ``{offset: insert}`` (see :func:`_sequences`).

    >>> enumerator_inserts("第十一条 甲\\n第二条 乙\\n第十三条 丙", frozenset("十"))
    {8: '十'}
    >>> enumerator_inserts("第三十六条 甲\\n第十条 乙\\n第三十八条 丙", frozenset("三七"))
    {9: '三', 10: '七'}
    """
    out: Dict[int, str] = {}
    for num_start, have, want in _sequences(text, lost).values():
        for i, c in (_dropped(have, want, lost) or []) if want is not None else []:
            out[num_start + i] = out.get(num_start + i, "") + c
    return out


def sequence_losses(text: str, lost: FrozenSet[str]) -> Dict[str, int]:
    """How many counted enumerators (Chinese numerals and list numbers in
    digits) lost each numeral of ``lost``, by :func:`_sequences`: evidence
    that the font lost it, as strong as a gap the language model is sure of.

    >>> items = "\\n".join(f"{i}.条目" for i in range(1, 13))
    >>> sequence_losses(items.replace("1", ""), frozenset("1"))
    {'1': 4}
    >>> sequence_losses("第一条 甲\\n第二条 乙\\n第三条 丙", frozenset("十"))
    {}
    """
    out: Dict[str, int] = {}
    for system in _SYSTEMS:
        for _, have, want in _sequences(text, lost, system).values():
            for c in {c for _, c in (_dropped(have, want, lost) or [])} if want is not None else ():
                out[c] = out.get(c, 0) + 1
    return out

"""Magnitudes: 万 and 亿 after exact counts and absurd quantities; words between a table's jammed cells."""
from __future__ import annotations

import re
from functools import lru_cache

from ._common import _DIGITS

_MAGNITUDES = frozenset("万亿")
_COUNTED = frozenset("人名所个家户件座位次项台辆套间篇册本张处校园批门")  # things counted one by one
_EXACT_DIGITS = 5  # an integer of this many digits or more is an exact count, not a rounded one
_ABSURD_MAGNITUDE = -4.0  # log10: "3972666万人", four billion pupils
_TRILLIONS_MAX = 200  # N万亿 (N × 10^12): China's GDP is about 130万亿元; 287.65万亿元 is absurd


def magnitude_plausibility(text: str, off: int, ins: str) -> float:
    """log10 plausibility of a magnitude (万, 亿) inserted at ``off``.

    Exact counts are the norm in statistical bulletins and tables
    (在校生3972666人), and a magnitude after one makes an absurd quantity:
    an insert that puts 万 or 亿 after an integer of five or more digits
    (thousands separators allowed) that counts things one by one (人, 所,
    个, ...) gets a strong penalty. Money and measures keep their units
    (12500万元, 10000亿元), and so do rounded counts (5000万人), except in a
    document that writes its counts exactly (two or more such counts
    intact): there 增加4127{万}人 is absurd too. A 万 made
    into 万亿 after a number of 200 or more is absurd too (more than the
    country's product), and so is 亿 put after such a number's 万.

    >>> magnitude_plausibility("在校生3972666人", 10, "万") < 0
    True
    >>> magnitude_plausibility("共3,972,666名学生", 10, "万余") < 0
    True
    >>> magnitude_plausibility("投资12500元", 7, "万"), magnitude_plausibility("约5000人", 5, "万")
    (0.0, 0.0)
    >>> magnitude_plausibility("总投入287.65亿元", 9, "万") < 0 == magnitude_plausibility("GDP 126.06亿元", 10, "万")
    True
    >>> magnitude_plausibility("用水400多万方", 7, "亿") < 0 == magnitude_plausibility("GDP 126万元", 8, "亿")
    True

    A price per barrel, ounce or share, an exchange rate and a head count
    beyond the world's people are absurd with a magnitude too
    (:func:`_rate`, :func:`_beyond_people`): 每桶14.69{亿}美元,
    1637韩元兑1{亿}美元, 探亲5502{亿}人次; and so is money with no number
    (:func:`_no_number`: 购进{亿}美元).
    """
    if not ins or ins[0] not in _MAGNITUDES:
        return 0.0
    j = off
    digits = 0
    while j > 0 and (text[j - 1] in _DIGITS or (text[j - 1] in ",，" and j > 1 and text[j - 2] in _DIGITS
                                                  and digits % 3 == 0 and digits)):
        j -= 1
        digits += text[j] in _DIGITS
    after = (ins[1:] + text[off:off + 2]).lstrip("余多")
    end = off
    if ins[:1] == "亿" and text[off - 1:off] == "万":
        # ... the same 万亿 made the other way round: 用水400多万{亿}方
        end = off - 1
        while end > 0 and text[end - 1] in "余多":
            end -= 1
        ins, after = "万", "亿"
    if ins == "万" and after[:1] == "亿":
        # 万亿: more than the national product once the number reaches a few hundred
        k = end
        while k > 0 and (text[k - 1] in _DIGITS or text[k - 1] in ".．"):
            k -= 1
        try:
            value = float(text[k:end].replace("．", "."))
        except ValueError:
            return 0.0
        return _ABSURD_MAGNITUDE if value >= _TRILLIONS_MAX else 0.0
    if _rate(text, off, ins[0]) or _beyond_people(text, off, ins[0], after) or _no_number(text, off, after):
        return _ABSURD_MAGNITUDE
    if after[:1] not in _COUNTED or (j > 0 and text[j - 1] in ".．"):
        return 0.0
    if digits >= _EXACT_DIGITS:
        return _ABSURD_MAGNITUDE
    if digits >= 2 and text[off - 1] != "0" and _exact_counts(text) >= _EXACT_DOCUMENT:
        # a document that writes its counts exactly (a bulletin) does not
        # round 4127 of them to 万: 比上年增加4127{万}人
        return _ABSURD_MAGNITUDE
    return 0.0


#: units of a price per unit that no magnitude follows (每桶14.69{亿}美元, 每盎司280{万}美元): small
#: measures of a commodity, a share ...; 亿 after any measure (每吨3000{亿}元), 万 after the small ones only
_PER_SMALL = ("桶", "盎司", "股", "克", "斤", "升", "度", "千瓦时", "加仑", "磅")
_PER_ANY = _PER_SMALL + ("吨", "公斤", "千克", "平方米", "立方米", "亩", "人", "户")
_PER_RE = re.compile(r"每(%s)[\u4e00-\u9fff]{0,3}$" % "|".join(sorted(_PER_ANY, key=len, reverse=True)))
#: currencies: "1637韩元兑1美元" and "1美元兑换6000印尼盾" are rates, not amounts
_CURRENCY = "(?:美元|日元|韩元|欧元|港元|港币|澳元|加元|人民币|马克|法郎|卢布|比索|林吉特|新元|里拉|元|盾|铢|镑)"
_RATE_BEFORE = re.compile(r"%s兑换?$" % _CURRENCY)
_RATE_AFTER = re.compile(r"%s兑换?" % _CURRENCY)
_PEOPLE_MAX = {"人": 100, "名": 100, "人次": 1000}  # N亿: more people than the world holds (80亿)


#: what a magnitude of money follows besides digits: a numeral or a word of rough quantity (数亿元, 上万元, 破亿元)
_BEFORE_AMOUNT = frozenset("零〇一二三四五六七八九十百千两几数上近逾超过破多余每/／")  # (每{万}元GDP)
_AMOUNT = re.compile(_CURRENCY)


def _no_number(text: str, off: int, after: str) -> bool:
    """A magnitude of money with no number before it (购进{亿}美元).

    >>> _no_number("纷纷购进美元", 4, "美元"), _no_number("投资3美元", 3, "美元"), _no_number("数元", 1, "元")
    (True, False, False)
    >>> _no_number("千家户", 2, "户"), _no_number("每元GDP能耗", 1, "元G")  # (千家{万}户, 每{万}元)
    (False, False)
    """
    before = text[off - 1:off]
    return bool(_AMOUNT.match(after)) and not before.isdigit() and before not in _BEFORE_AMOUNT


def _number_start(text: str, off: int, points: str = ".．·") -> int:
    """Where the number that ends at ``off`` starts (digits of any width, and ``points``)."""
    while off > 0 and (text[off - 1].isdigit() or text[off - 1] in points):
        off -= 1
    return off


def _rate(text: str, off: int, mag: str) -> bool:
    """Whether the number that ends at ``off`` is a price per unit of a
    commodity (每桶14.69美元, 每盎司只卖280美元) or an exchange rate
    (1637韩元兑1美元, 1美元兑换6000印尼盾), which a magnitude ``mag`` (万, 亿) makes absurd.

    >>> _rate("降至每桶14.69美元", 9, "亿"), _rate("每吨3000元", 6, "万"), _rate("每吨3000元", 6, "亿")
    (True, False, True)
    >>> _rate("1637韩元兑1美元", 8, "亿"), _rate("兑换1美元", 3, "亿"), _rate("每年500元", 5, "亿")
    (True, False, False)
    >>> _rate("比价为1美元兑换6000印尼盾", 4, "万"), _rate("日元兑换1美元", 5, "万"), _rate("投资1美元。", 3, "万")
    (True, True, False)
    """
    j = _number_start(text, off)  # (the whole number: 每桶14.69)
    before = text[max(0, j - 8):j]
    m = _PER_RE.search(before)
    if m:
        return mag == "亿" or m.group(1) in _PER_SMALL
    return bool(_RATE_BEFORE.search(before) or _RATE_AFTER.match(text, off))


def _beyond_people(text: str, off: int, mag: str, after: str) -> bool:
    """Whether ``mag`` after the integer that ends at ``off`` counts more people than the world holds.

    >>> _beyond_people("探亲5502人次", 6, "亿", "人次"), _beyond_people("人口13亿人", 4, "亿", "人")
    (True, False)
    >>> _beyond_people("5502人次", 4, "亿", "人次"), _beyond_people("1.5502人次", 6, "亿", "人次")
    (True, False)
    """
    if mag != "亿":
        return False
    j = _number_start(text, off, "")
    if j == off or (j and text[j - 1] in ".．"):
        return False
    unit = "人次" if after.startswith("人次") else after[:1]
    return unit in _PEOPLE_MAX and int(text[j:off]) >= _PEOPLE_MAX[unit]


_EXACT_COUNT_RE = re.compile(r"(?<![0-9.．,，])[0-9]{1,3}(?:,?[0-9]{3})+(?=[%s])" % "".join(sorted(_COUNTED)))
_EXACT_DOCUMENT = 2  # exact counts of 5+ digits a document writes intact to count as one that counts exactly


@lru_cache(maxsize=8)
def _exact_counts(text: str) -> int:
    """How many counts of five or more digits ``text`` writes with no magnitude after them."""
    return sum(1 for m in _EXACT_COUNT_RE.finditer(text) if len(m.group().replace(",", "")) >= _EXACT_DIGITS)


#: three or more percentages written one after another: a table row whose cells the extractor ran together
_CELL = r"[0-9]+(?:[.．][0-9]+)?[%％]"  # a percentage cell
_JAMMED_CELLS = re.compile(f"(?:{_CELL}){{3,}}")


def cell_plausibility(text: str, off: int, ins: str) -> float:
    """log10 plausibility of ``ins`` between two cells of a table row that
    extraction ran together (内蒙古57.1%21.4%0.0%0.0%): a word there
    (57.1%{到}21.4%) reads the row as a range that the cells are not; a
    digit may have been lost in a cell. A line break inside the row (where
    a long line was cut) is read through.

    >>> cell_plausibility("内蒙古57.1%21.4%0.0%0.0%吉林", 8, "到") < 0
    True
    >>> cell_plausibility("内蒙古57.1%21.4%0.0%0.0%吉林", 8, "1"), cell_plausibility("增长5%到8%", 4, "到")
    (0.0, 0.0)
    >>> cell_plausibility("黑龙江100.0%9\\n6.7%40.0%6.7%", 9, "和") < 0  # a line break inside a cell
    True
    >>> row = "北京100.0%44.4%79.4%100.0%内蒙古50.0%0.0%未纳入统计"
    >>> cell_plausibility(row, row.index("0.0%未"), "到") < 0, cell_plausibility("增长5%8%以上", 4, "到")
    (True, 0.0)
    """
    if not ins or all(c in _DIGITS for c in ins) or off == 0 or text[off - 1] not in "%％":
        return 0.0
    lo, hi = max(0, off - 40), min(len(text), off + 40)
    window = text[lo:hi]  # (read through a line break inside a cell: 100.0%9⏎6.7%)
    at = off - lo - window.count("\n", 0, off - lo)
    window = window.replace("\n", "")
    for m in _JAMMED_CELLS.finditer(window):
        if m.start() < at < m.end():
            return _ABSURD_MAGNITUDE
    # two cells only, beside a cell of words (内蒙古50.0%0.0%未纳入统计100.0%), in a text whose other rows
    # show it is such a table
    if _CELL_PAIR.match(window, at) and _CELL_END.search(window, 0, at) and _jammed_table(text):
        return _ABSURD_MAGNITUDE
    return 0.0


_CELL_PAIR = re.compile(_CELL)  # a percentage cell right after the gap ...
_CELL_END = re.compile(_CELL + "$")  # ... and one right before it


@lru_cache(maxsize=8)
def _jammed_table(text: str) -> bool:
    """Whether ``text`` runs three or more percentage cells together somewhere (a table's row).

    >>> _jammed_table("北京100.0%44.4%79.4%天津"), _jammed_table("增长5%到8%")
    (True, False)
    """
    return _JAMMED_CELLS.search(text) is not None

"""Which province a lost character stands for, told by the cities a document names.

河北 and 湖北 (河南 湖南 云南 海南; 山西 陕西 江西 广西; 山东 广东) differ only in their first
character, 河北 and 河南 (湖北 湖南, 山东 山西, 广东 广西) only in their second, and the character
model alone reads a lost one as whichever it saw more (a notice to 唐山市 read ?北省 as 湖北省 in
27 places). A document that names a province's cities (``lexicons/regions.txt``, written with 市:
唐山市) tells which: :func:`province_bonus` gives the character of that province a log10 bonus,
and those of its namesakes a malus, wherever a lost glyph stands beside the character they share.

>>> b = province_bonus("唐山市人民政府：\\n抄送：?北省人民政府")
>>> b[("河", "北")] > 0 > b[("湖", "北")]
True
>>> province_bonus("抄送：?北省人民政府")
{}
"""
from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from typing import Dict, Tuple

__all__ = ["province_bonus", "GEO_BONUS"]

#: log10 bonus (malus) per occurrence for the first character of the province whose cities the
#: document names (of a namesake whose cities it does not name)
GEO_BONUS = 2.0


@lru_cache(maxsize=1)
def _provinces() -> Dict[str, Tuple[str, ...]]:
    from .resources import data_lines

    out = {}
    for line in data_lines("regions.txt"):
        prov, cities = line.split("\t")
        out[prov] = tuple(cities.split())
    return out


def province_bonus(text: str) -> Dict[Tuple[str, str], float]:
    """``{(first character, second character): log10 bonus}`` for the provinces that share their
    second character (or their first: 河北 and 河南, read where the second is lost): + :data:`GEO_BONUS`
    for the one whose cities ``text`` names (as 城市名市) when it names no city of the others,
    - :data:`GEO_BONUS` for those others.

    >>> b = province_bonus("雄安新区 保定市 ……河?省")
    >>> b[("河", "北")] > 0 > b[("河", "南")]
    True
    """
    provinces = _provinces()
    named = {p for p, cities in provinces.items() if any(c + "市" in text for c in cities)}
    groups = defaultdict(list)  # (provinces that share their second character, or their first: 河北 河南)
    for p in provinces:
        groups[(1, p[1])].append(p)
        groups[(0, p[0])].append(p)
    out: Dict[Tuple[str, str], float] = {}
    for group in groups.values():
        hit = [p for p in group if p in named]
        if len(hit) == 1 and len(group) > 1:
            for p in group:
                out[(p[0], p[1])] = GEO_BONUS if p == hit[0] else -GEO_BONUS
    return out

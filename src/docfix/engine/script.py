"""Glyphs restored as the document writes them: digit and letter width, traditional script.

Scoring folds "１" to "1" and 進 to 进; a restored glyph takes back the
form its document uses. These functions take any site-like records with
``offset``, ``insert`` and ``alternatives`` (decoded sites, trace readings).
"""
from __future__ import annotations

from typing import Dict, List, Optional

from .. import canon
from ..detect import is_han
from .records import Site

__all__ = ["match_width", "match_script", "in_script", "nearest_width"]

FULLWIDTH = {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)}


def match_width(text: str, sites: List[Site]) -> None:
    """Digits and letters are restored in the width the document writes them.

    Scoring folds "１" and "1" to one token; the insert takes the width of
    the nearest digit or letter on its line (:func:`nearest_width`), else
    of the document's digits and letters, else half width.
    """
    if not any(s.insert.isascii() and s.insert.isalnum() for s in sites):
        return
    full = sum(1 for c in text if canon.is_fullwidth_alnum(c))
    half = sum(1 for c in text if c.isascii() and c.isalnum())
    for s in sites:
        if not (s.insert.isascii() and s.insert.isalnum()):
            continue
        width = nearest_width(text, s.offset)
        if width == "full" or (width is None and full > half):
            s.insert = "".join(FULLWIDTH[c] for c in s.insert)
            s.alternatives = [("".join(FULLWIDTH.get(c, c) for c in a), p) for a, p in s.alternatives]


def match_script(text: str, sites: List[Site]) -> None:
    """Han characters are restored in traditional form in a document written
    in traditional characters.

    Scoring folds traditional characters to simplified ones; the insert and
    its alternatives are converted back, with their context
    (:func:`docfix.canon.to_traditional`).
    """
    for s in sites:
        left, right = text[max(0, s.offset - 4):s.offset], text[s.offset:s.offset + 4]
        if any(is_han(c) for c in s.insert):
            s.insert = canon.to_traditional(s.insert, left, right)
        s.alternatives = [
            (canon.to_traditional(a, left, right) if any(is_han(c) for c in a) else a, p) for a, p in s.alternatives
        ]


def in_script(posterior: Dict[str, float], traditional: bool) -> Dict[str, float]:
    """The reported dropped set, keyed by glyphs as the document writes them
    (進, not 进, in a traditional document)."""
    if not traditional:
        return posterior
    out: Dict[str, float] = {}
    for g, p in posterior.items():
        t = canon.to_traditional(g) if is_han(g) else g
        out[t] = max(out.get(t, 0.0), p)
    return out


def nearest_width(text: str, off: int, reach: int = 8) -> Optional[str]:
    """Width ("half"/"full") of the digit, letter, "%" or "." nearest to
    ``off`` on its line, within ``reach`` characters; None if there is none.

    The full-width "％" and "．" say nothing: in the corpus and the clean
    seeds they follow half-width digits 282 and 808 times, full-width ones
    380 and 261 times ("%" and "." follow full-width digits 0 and 1 times).
    Nor do the full-width "，：；（" that Chinese text uses whatever its digits.

    >>> nearest_width("1994年月6日", 5), nearest_width("１９９４年月", 5), nearest_width("第条", 1)
    ('half', 'full', None)
    >>> nearest_width("增长%左右", 2), nearest_width("增长％左右", 2), nearest_width("，（第条）：", 3)
    ('half', None, None)
    >>> nearest_width("达６％，增长％左右", 8)
    'full'
    """
    def kind(c: str) -> Optional[str]:
        if (c.isascii() and c.isalnum()) or c in "%.":
            return "half"
        if canon.is_fullwidth_alnum(c):
            return "full"
        return None

    left = text[max(0, off - reach):off].rsplit("\n", 1)[-1][::-1]
    right = text[off:off + reach].split("\n", 1)[0]
    for d in range(reach):
        for side in (left, right):
            if d < len(side) and kind(side[d]):
                return kind(side[d])
    return None

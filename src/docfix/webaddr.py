"""Letters a broken font lost from web and e-mail addresses.

A font that lost a Latin letter loses it in every address it sets:
``http://www.mee.gov.cn`` reads ``http://www.mee.gov.n`` without ``c``,
``hp://`` without ``t``, ``http://.mee`` without ``w``. The language model has
nothing to say inside an address (:mod:`docfix.protect` keeps the engine's
insertions out of it), but an address's scheme and the labels of its host
are few words (``lexicons/web_tokens.txt``: http, https, www, mail, gov, cn,
com, org, net, edu). A letter is taken as lost when the document's
addresses need it to make such words and write it nowhere (an address is
set in one font); each place is then restored (an insertion inside the
address), with a confidence that grows with the number of places
(:data:`CONFIDENCE`: one place alone is only reported, at 0.5). The site's own name (mee, moe) is never guessed.

>>> from docfix.result import apply_edits
>>> t = "网址：http://www.mee.gov.n/，邮箱：dqhd@mee.gov.n。"
>>> apply_edits(t, restorations(t, 0.6))
'网址：http://www.mee.gov.cn/，邮箱：dqhd@mee.gov.cn。'
>>> restorations("网址：http://www.mee.gov.n/，邮箱：dqc@mee.gov.n。", 0.6)  # c written: not lost
[]
>>> restorations("网址：http:// .mee.gov.cn/，http:// .moe.gov.cn/。", 0.6)  # -raw spaces: traces
[]
>>> restorations("第一章 总则 ........... 1，第二章 附则 ........... 9", 0.6)  # dot leaders
[]
>>> restorations("Write to info@edu.example.gov.cn. Or see mail.moe.gov.cn.", 0.6)  # full stops
[]
>>> [(e.offset, e.insert) for e in restorations("网址：http://\\n.mee.gov.cn/，http://\\n.moe.gov.cn/。", 0.6)]
[(11, 'www'), (32, 'www')]
>>> restorations("网址：http://www.mee.gov.cn/，https://m.weibo.cn/a.htm。", 0.6)
[]
>>> restorations("if (events[n].data.fd == sock) do_use_fd(events[n].data.fd);", 0.6)  # code
[]
"""
from __future__ import annotations

import dataclasses
from collections import defaultdict
from functools import lru_cache
from typing import Any, Dict, FrozenSet, List, Optional, Tuple

import regex

from .result import Edit

__all__ = ["restorations", "for_input", "web_words"]

#: confidence of a restoration when the lost letter is needed (and never
#: written) at this many places of the document's addresses, and more; one
#: place stays below the default threshold (reported, for review)
CONFIDENCE = {1: 0.5, 2: 0.8, 3: 0.9, 4: 0.95}
REASON = "web address: "  # every reason of these restorations starts so (engine.passes.hold_few)

# an address: with a scheme (its letters possibly lost: htp://, ttp://, ://),
# www-like first label, or an e-mail's domain; ASCII up to a space or a
# Chinese character
_ADDRESS = regex.compile(r"(?<![A-Za-z0-9.@-])(?:[A-Za-z]*://)?[A-Za-z0-9-]*(?:\.[A-Za-z0-9-]*)+(?:[/?#][!-~]*)?")
_EMAIL = regex.compile(r"[A-Za-z0-9._%+-]+@([A-Za-z0-9-]*(?:\.[A-Za-z0-9-]*)+)")


@lru_cache(maxsize=1)
def web_words() -> FrozenSet[str]:
    """The address words of ``lexicons/web_tokens.txt``."""
    from .resources import data_lines

    return frozenset(w.strip().lower() for w in data_lines("web_tokens.txt"))


def _words(text: str) -> Tuple[List[Tuple[int, str, bool]], str]:
    """``(offset, word, is_scheme)`` of every scheme and host label of the
    addresses in ``text`` (a word may be empty: ``://.mee`` after ``www`` was
    lost), and the letters the addresses write."""
    out: List[Tuple[int, str, bool]] = []
    letters: List[str] = []
    seen = set()
    for m in _EMAIL.finditer(text):
        s = m.start(1)
        for lab in regex.finditer(r"[A-Za-z0-9-]*", m.group(1)):
            if lab.start() == 0 or (m.group(1)[lab.start() - 1] == "." and lab.group()):
                out.append((s + lab.start(), lab.group(), False))  # (an empty label: the first only)
        seen.add(s)
        letters.append(m.group().lower())
    for m in _ADDRESS.finditer(text):
        s, a = m.start(), m.group()
        if s in seen or ("://" not in a and a.count(".") < 2):
            continue  # (not an address: a number 2.5, a file name a.pdf)
        if a.startswith(".") and s and text[s - 1].isascii() and not text[s - 1].isspace():
            continue  # (a program's events[n].data.fd: no address lost its www there)
        letters.append(a.lower())
        host_at = a.index("://") + 3 if "://" in a else 0
        if host_at:
            out.append((s, a[:host_at - 3], True))
        end = len(a)
        for stop in "/?#":
            k = a.find(stop, host_at)
            if k >= 0:
                end = min(end, k)
        host = a[host_at:end]
        labels = host.split(".")
        if sum(1 for lab in labels if not lab) > 1 or not any(lab.isalpha() for lab in labels):
            continue  # (dot leaders of a contents page, a version number 1.2.3)
        pos = 0
        for li, lab in enumerate(labels):
            if lab or li == 0:  # (an empty label is www lost, never a sentence's full stop after the address)
                out.append((s + host_at + pos, lab, False))
            pos += len(lab) + 1
    return out, "".join(letters)


def _fills(word: str, lost: str, vocab: FrozenSet[str]) -> List[str]:
    """The address words that read ``word`` once ``lost`` is dropped from them."""
    return [w for w in vocab if lost in w and w.replace(lost, "") == word.lower()]


def restorations(text: str, threshold: float) -> List[Edit]:
    """The letters the addresses of ``text`` lost, as insertions (applied at
    ``threshold`` or more), sorted by offset."""
    vocab = web_words()
    words, written = _words(text)
    marks = _dots(text, threshold) + _spaced_dots(text, threshold) + _scheme_marks(text, threshold)
    if not vocab or not words:
        return sorted(marks, key=lambda e: e.offset)
    schemes = frozenset(w for w in vocab if w.startswith("http"))
    intact = set(written)  # a letter the addresses write is no lost one (an address is set in one font)
    need: Dict[str, List[Tuple[int, str, str]]] = defaultdict(list)
    for off, w, is_scheme in words:
        if w.lower() in vocab or not (w.isascii() and (w == "" or w.isalpha())):
            continue
        if off and text[off - 1].isspace() and not (text[off - 1] == "\n" and text.endswith("://", 0, off - 1)):
            continue  # (pdftotext -raw prints a space for a lost glyph: http://   .mee is its trace's to read;
            # pdftotext breaks the line there: http://⏎.mee lost its www)
        for lost in {c for v in vocab for c in v} - intact:
            fills = _fills(w, lost, schemes if is_scheme else vocab - schemes)
            if len(fills) == 1:
                need[lost].append((off, w, fills[0]))
    out: List[Edit] = []
    for lost, places in need.items():
        conf = _confidence(len(places))
        for off, w, full in places:
            upper = w.isupper() and w != ""
            at: Dict[int, str] = defaultdict(str)  # where the word lacks the lost letter: offset -> letters
            j = 0
            for ch in full:
                if j < len(w) and w[j].lower() == ch:
                    j += 1
                else:
                    at[j] += ch.upper() if upper else ch
            for j, ins in at.items():
                out.append(_edit(off + j, ins, conf, threshold, f"{w or '(empty)'} -> {full}; {lost} is needed in "
                                 f"{len(places)} address words and written in none"))
    out += marks
    out.sort(key=lambda e: e.offset)
    return out


def _confidence(n: int) -> float:
    """:data:`CONFIDENCE` of a loss seen at ``n`` places."""
    return CONFIDENCE[min(n, max(CONFIDENCE))]


def _edit(off: int, ins: str, conf: float, threshold: float, why: str) -> Edit:
    """An insertion into an address (applied at ``threshold``), its reason after :data:`REASON`."""
    return Edit(off, ins, conf, conf >= threshold, [("", round(1 - conf, 4))], REASON + why)


#: an address with no dot left: after a scheme or an @, or from www (wwwmeegovcn, dqhdc@meegovcn)
_DOTLESS = regex.compile(r"(?:(?<=://)|(?<=@)|(?<![A-Za-z0-9.@/_-])(?=www))[A-Za-z0-9-]{5,}(?![A-Za-z0-9.@_-])")
_SECOND = ("gov", "edu", "com", "org", "net", "ac")  # ... its labels before a final cn


def _dot_places(word: str) -> List[int]:
    """Where the dots of a host that lost them go (after www, before its
    last labels), or [] where its end is no known suffix.

    >>> _dot_places("wwwmeegovcn"), _dot_places("meegovcn"), _dot_places("wwwmoecom"), _dot_places("report")
    ([3, 6, 9], [3, 6], [3, 6], [])
    """
    w = word.lower()
    end = len(w)
    places = []
    if w.endswith("cn"):
        end -= 2
        places.append(end)
        second = next((x for x in _SECOND if w[:end].endswith(x)), "")
        if second:
            end -= len(second)
            places.append(end)
    elif w.endswith(("com", "net", "org")):
        end -= 3
        places.append(end)
    else:
        return []
    start = 3 if w.startswith("www") else 0
    if start:
        places.append(start)
    name = w[start:end]
    return sorted(places) if len(name) >= 2 and name.replace("-", "").isalnum() else []


def _dots(text: str, threshold: float) -> List[Edit]:
    """The dots of addresses that lost all of theirs (a font that lost "."
    loses it in every address it sets): http://wwwmeegovcn/ -> www.mee.gov.cn,
    with :data:`CONFIDENCE` by how many such addresses the text has."""
    found = [(m.start(), m.group(), places) for m in _DOTLESS.finditer(text) if (places := _dot_places(m.group()))]
    return [_edit(off + p, ".", _confidence(len(found)), threshold,
                  f"{w} has no dot; {len(found)} address(es) of the text lost theirs")
            for off, w, places in found for p in places]


#: an address whose dots pdftotext printed as spaces (a font that lost "."): after a scheme or an @,
#: or from www, labels separated by single spaces (http://www mee gov cn/xxgk, dqhdc@mee gov cn)
_SPACED = regex.compile(r"(?:(?<=://)|(?<=[A-Za-z0-9]@)|(?<![A-Za-z0-9.@/_-])(?=www ))"
                        r"[A-Za-z0-9-]+(?:[ .][A-Za-z0-9-]+){1,5}(?![A-Za-z0-9.@_-])")


def _spaced_dots(text: str, threshold: float) -> List[Edit]:
    """The dots of addresses that ``pdftotext`` printed as spaces, each
    replacing its space, where the labels end in a known suffix
    (:func:`_dot_places` of the labels joined), with :data:`CONFIDENCE` by
    how many such addresses the text has.

    >>> [(e.offset, e.insert, e.replaces) for e in _spaced_dots("网址：http://www mee gov cn/xxgk，邮箱：dq@mee gov cn。", 0.6)]
    [(13, '.', ' '), (17, '.', ' '), (21, '.', ' '), (39, '.', ' '), (43, '.', ' ')]
    >>> _spaced_dots("see http://example and more words here", 0.6), len(_spaced_dots("http://www.mee gov cn/", 0.6))
    ([], 2)
    """
    found = []
    for m in _SPACED.finditer(text):
        if " " not in m.group():
            continue
        labels = regex.split(r"[ .]", m.group())
        joined = "".join(labels)
        cuts, at = [], 0
        for lab in labels[:-1]:
            at += len(lab)
            cuts.append(at)
        if _dot_places(joined) == cuts:  # (the spaces, and the dots left, stand where the host's dots go)
            found.append((m.start(), m.group()))
    if not found:
        return []
    conf = _confidence(len(found))
    out = []
    for off, w in found:
        for k, ch in enumerate(w):
            if ch == " ":
                why = f"{w} has spaces for dots; {len(found)} address(es) of the text"
                out.append(dataclasses.replace(_edit(off + k, ".", conf, threshold, why), replaces=" "))
    return out


#: a scheme that lost its colon (http//www) or its slashes (http:www)
_NO_COLON = regex.compile(r"(?<![A-Za-z])https?(?=//[A-Za-z0-9])", regex.I)
_NO_SLASHES = regex.compile(r"(?<![A-Za-z])https?:(?=[A-Za-z0-9])", regex.I)


def _scheme_marks(text: str, threshold: float) -> List[Edit]:
    """The colon or the two slashes a scheme lost (http//www., http:www.),
    with :data:`CONFIDENCE` by how many such schemes the text has.

    >>> [(e.offset, e.insert) for e in _scheme_marks("见http//www.a.cn和http:www.b.cn", 0.6)]
    [(5, ':'), (21, '//')]
    """
    out = []
    for mark, rx in ((":", _NO_COLON), ("//", _NO_SLASHES)):
        places = [m.end() for m in rx.finditer(text)]
        out += [_edit(off, mark, _confidence(len(places)), threshold,
                      f"a scheme without its {mark} ({len(places)} in the text)") for off in places]
    return sorted(out, key=lambda e: e.offset)


def for_input(known: Any, threshold: float, spaces: Optional[float] = None) -> List[Edit]:
    """:func:`restorations` of the text with its traces read
    (``known.filled``, :func:`docfix.engine.passes.read_known`), with offsets
    into the input; none inside a trace that an edit of ``known`` replaces.
    ``spaces``: the threshold of the dots that replace spaces (a trace of
    pdftotext's, read like the others), where it is not ``threshold`` (the
    bar of restorations without a trace)."""
    out = restorations(known.filled, threshold)
    if spaces is not None and spaces != threshold:
        out = [dataclasses.replace(e, applied=e.confidence >= spaces) if e.replaces == " " else e for e in out]
    return known.carry(out)

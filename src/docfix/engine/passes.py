"""Known sites and repeated passes: traces read before the silent engine runs, and the fixed point.

A glyph lost with a trace (``(cid:123)``, U+FFFD, a control character, a
``pdftotext -raw`` space, a PDF glyph key) has a known position; all the
occurrences of one trace are read as one character
(:func:`docfix.decipher.decipher`) and replace it. The silent engine then
runs on the text with those readings filled in
(:func:`known_site_edits`), so the two kinds of edit share
one pipeline. OCR look-alike corrections (``--ocr``) are readings of
one-character sites too (:func:`read_known`). A repair runs to a fixed point:
:func:`merge_pass` carries a further pass's edits back to the input.
"""
from __future__ import annotations

import bisect
import dataclasses
import math
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, AbstractSet, Dict, List, Optional, Sequence, Tuple

from .. import canon
from ..detect import BigramScreen
from ..lm import LanguageModel
from ..result import Edit, Repair, apply_edits
from ..traces import Trace
from . import tuning as T
from .script import match_script, match_width

if TYPE_CHECKING:  # the trace reader loads when a text has traces: a plain text's repair starts sooner
    from ..decipher import Reading

__all__ = ["KnownSites", "known_site_edits", "read_known", "silent_bar", "ocr_readings", "merge_pass",
           "hold_few"]


@dataclass
class KnownSites:
    """The readings of a document's traces as edits, and the text filled with them.

    Attributes
    ----------
    edits : list of Edit
        One replacement per trace read as a glyph.
    filled : str
        The input with every trace replaced by its best reading, whatever
        its confidence: the text the silent-drop engine then reads.
    dropped : dict of str to float
        Each read glyph with its best confidence (the document lost it).
    """

    edits: List["Edit"]
    filled: str
    dropped: Dict[str, float]
    _after: List[int] = field(default_factory=list)  # filled offset just after each filled glyph
    _shift: List[int] = field(default_factory=list)  # input offset - filled offset from there on

    def to_input(self, off: int) -> int:
        """The input offset of offset ``off`` in :attr:`filled`.

        An offset just after a filled glyph maps to the end of its trace."""
        i = bisect.bisect_right(self._after, off) - 1
        return off if i < 0 else off + self._shift[i]

    def carry(self, insertions: Sequence["Edit"]) -> List["Edit"]:
        """Insertions into :attr:`filled` with offsets into the input; none
        inside a trace that an edit of :attr:`edits` replaces."""
        out = []
        for e in insertions:
            at = self.to_input(e.offset)
            if not any(t.offset < at < t.end for t in self.edits):
                out.append(dataclasses.replace(e, offset=at))
        return out


def known_site_edits(text: str, readings: Sequence[Reading], threshold: float) -> KnownSites:
    """Edits that replace each trace by its reading, and the filled text.

    >>> from docfix.decipher import Reading
    >>> from docfix.traces import Trace
    >>> t = Trace(2, 9, ("cid", 5), "cid")
    >>> ks = known_site_edits("教育(cid:5)好", [Reading(t, "局", 0.9, [("院", 0.1)], 3)], 0.6)
    >>> ks.filled, ks.edits[0].replaces, ks.edits[0].applied, ks.to_input(3), ks.to_input(4)
    ('教育局好', '(cid:5)', True, 9, 10)
    """
    edits: List[Edit] = []
    parts: List[str] = []
    after: List[int] = []
    shifts: List[int] = []
    dropped: Dict[str, float] = {}
    last = 0
    pos = 0  # offset in the filled text
    for r in readings:
        t = r.trace
        if not r.insert or r.insert == text[t.start:t.end]:
            continue  # read as itself: a letter that is text after all
        parts.append(text[last:t.start])
        pos += t.start - last
        pos += len(r.insert)
        parts.append(r.insert)
        last = t.end
        after.append(pos)
        shifts.append(t.end - pos)
        for g in map(canon.fold_char, r.insert):  # (one pdftotext space may stand for two glyphs)
            dropped[g] = max(dropped.get(g, 0.0), round(r.confidence, 4))
        edits.append(
            Edit(
                t.start,
                r.insert,
                round(r.confidence, 4),
                r.confidence >= threshold,
                list(r.alternatives),
                _reason(r),
                replaces=text[t.start:t.end],
            )
        )
    parts.append(text[last:])
    return KnownSites(edits, "".join(parts), dropped, after, shifts)


_KIND_WORDS = {
    "pdf": "a glyph the PDF does not map",
    "cid": "an extractor's (cid:N) for an unmapped glyph",
    "glyph": "docling's GLYPH<…> marker for an unmapped glyph",
    "replacement": "U+FFFD for an unmapped glyph",
    "control": "a control character printed for an unmapped glyph",
    "private": "a private-use character printed for an unmapped glyph",
    "codepoint": "a rare character printed for an unmapped glyph",
    "space": "a space pdftotext -raw printed for an unmapped glyph",
    "break": "a line break where pdftotext dropped an unmapped glyph",
}


def _reason(r: Reading) -> str:
    if r.reason:
        return r.reason
    what = _KIND_WORDS.get(r.trace.kind, "a trace")
    if r.trace.key is None:
        return f"{what}; read from its context and the document's other traces"
    n = r.occurrences
    return f"{what}; read from the {n} occurrence{'s' if n != 1 else ''} of this glyph"


def read_known(
    text: str, found: Sequence[Trace], lm: LanguageModel, screen: BigramScreen, thr: float, ocr: bool = False,
    words=None, shapes=None, chars: Optional[AbstractSet[str]] = None, word_model=None,
) -> Tuple[KnownSites, List[Edit]]:
    """Read every trace in ``text`` (and, with ``ocr``, every OCR
    look-alike): the known sites' edits, ``text`` with the readings that
    clear ``thr`` filled in, and the OCR corrections that do not (reported).
    ``chars``: the characters the model knows well; where the readings give
    a whole font's glyph order, the Han characters it hardly knows that are
    glyph ids printed under that order are read too (:mod:`docfix.shifted`). ``word_model``: the
    word n-gram model the keyless traces' readings mix in (:func:`docfix.decipher.decipher`)."""
    readings: List[Reading] = []
    if found:
        from ..decipher import decipher

        readings = decipher(text, found, lm, screen, words=words, word_model=word_model, shapes=shapes)
        if chars and any(t.kind in _CODED for t in found):
            from ..shifted import traces as shifted

            more = shifted(text, found, readings, lm, chars)
            if more:
                found = sorted([*found, *more], key=lambda t: t.start)
                readings = decipher(text, found, lm, screen, words=words, word_model=word_model, shapes=shapes)
        from ..digitglyphs import traces as digit_glyphs

        more = digit_glyphs(text, found, lm, screen)
        if more:
            found = sorted([*found, *more], key=lambda t: t.start)
            readings = decipher(text, found, lm, screen, words=words, word_model=word_model, shapes=shapes)
    # one C1 control in a whole text, mojibake's stray byte as often as a glyph (移动辀\x89择 in a help page)
    lone = len(found) == 1 and found[0].kind == "control" and "\x80" <= text[found[0].start] <= "\x9f"
    if lone or not (any(t.certain for t in found) or _evident(readings)):
        # only letters that may be text (γ射线, Φ2mm): a rare one is reported, not applied
        for r in readings:
            if r.occurrences < T.CODEPOINT_MIN and (lone or r.trace.kind == "codepoint"):
                r.confidence = min(r.confidence, T.CODEPOINT_CAP)
    # (private-use characters and nothing else: a web source's own, 黑颈\ue862\ue862, as likely as a font's lost glyphs)
    own_private = bool(found) and all(t.kind == "private" for t in found)
    for r in readings:
        if notdef(r.trace.key) or (own_private and r.occurrences < T.CODEPOINT_MIN):  # glyph 0: every character a font lacks
            r.confidence = min(r.confidence, T.CODEPOINT_CAP)
    _doubled_marks(readings)
    match_width(text, readings)
    if readings and canon.is_traditional(text):
        match_script(text, readings)
    ocr_reported: List[Edit] = []
    if ocr:
        # a look-alike is read as it stands unless the correction clears
        # the threshold: only applied corrections change the text the
        # rest of the pass reads; the others are reported
        more = ocr_readings(text, lm, found, words)
        readings = sorted(readings + [r for r in more if r.confidence >= thr], key=lambda r: r.trace.start)
        ocr_reported = [Edit(r.trace.start, r.insert, r.confidence, False, list(r.alternatives), r.reason,
                             replaces=text[r.trace.start:r.trace.end]) for r in more if r.confidence < thr]
    known = known_site_edits(text, readings, thr)  # no traces: no edits, the text as it is
    if ocr:  # a look-alike is not a lost glyph
        known.dropped = {g: p for g, p in known.dropped.items()
                         if any(r.trace.kind != "ocr" and r.insert
                                and "".join(canon.fold_char(c) for c in r.insert) == g for r in readings)}
    return known, ocr_reported


def notdef(key) -> bool:
    """Whether a trace's key is glyph 0, ``.notdef``: the box a font draws for
    every character it lacks (a browser's PDF of 黑颈 and two private-use
    characters prints 黑颈(cid:0)(cid:0)): its occurrences are no one
    character, so a reading of it is only reported (:data:`~docfix.engine.tuning.CODEPOINT_CAP`).

    >>> notdef(("cid", 0)), notdef(("char", "\\x00")), notdef(("pdf", "F1", 0)), notdef(("cid", 12)), notdef(None)
    (True, True, True, False, False)
    """
    return isinstance(key, tuple) and len(key) >= 2 and key[-1] in (0, "\x00")


def _evident(readings: Sequence[Reading]) -> bool:
    """Whether code-point readings show the text is code-point output: at
    least ``CODEPOINT_EVIDENT`` letters seen ``CODEPOINT_MIN`` times or more
    read surely (then a letter seen once is a glyph id too).

    >>> from docfix.decipher import Reading
    >>> from docfix.traces import Trace
    >>> r = lambda k, n, p: Reading(Trace(0, 1, ("char", k), "codepoint"), "要", p, [], n)
    >>> _evident([r("a", 5, 0.99), r("b", 3, 0.95)]), _evident([r("a", 5, 0.99), r("b", 2, 0.95)])
    (True, False)
    """
    sure = {r.trace.key for r in readings
            if r.trace.kind == "codepoint" and r.occurrences >= T.CODEPOINT_MIN and r.confidence >= T.CODEPOINT_SURE}
    return len(sure) >= T.CODEPOINT_EVIDENT


def _doubled_marks(readings: Sequence[Reading]) -> None:
    """A key whose traces stand side by side is one glyph written twice: a
    mark that Chinese does not double (““, 。。) is no reading of it, only
    …… and —— are; such readings are reported, not applied (a review's two
    private-use emoji read “ twice).

    >>> from docfix.decipher import Reading
    >>> from docfix.traces import Trace
    >>> rs = [Reading(Trace(i, i + 1, ("cp", 1), "private"), "“", 0.74) for i in (5, 6)]
    >>> _doubled_marks(rs); [r.confidence for r in rs]
    [0.5, 0.5]
    """
    for a, b in zip(readings, readings[1:]):
        if (a.trace.end == b.trace.start and a.trace.key is not None and a.trace.key == b.trace.key
                and a.insert == b.insert and len(a.insert) == 1 and not a.insert.isalnum() and a.insert not in "…—"):
            for r in (a, b):
                r.confidence = min(r.confidence, T.CODEPOINT_CAP)
                r.reason = _reason(r) + f"; its traces stand side by side, and Chinese does not write {r.insert} twice"


#: the kinds of trace that print a glyph id as a character (code-point output)
_CODED = frozenset(("control", "codepoint", "private", "glyph"))


def checked(text: str, traces: Optional[Sequence[Trace]]) -> Optional[List[Trace]]:
    """A caller's ``traces`` in order, each a span of ``text`` and none over
    another (``None`` stays None: the repair finds them).

    >>> checked("教育", [Trace(1, 2, None, "replacement"), Trace(0, 1, None, "replacement")])[0].start
    0
    >>> checked("教育", [Trace(0, 2, None, "replacement"), Trace(1, 2, None, "replacement")])
    Traceback (most recent call last):
    ValueError: traces must not overlap: (0, 2) and (1, 2)
    """
    if traces is None:
        return None
    out = sorted(traces, key=lambda t: (t.start, t.end))
    for t in out:
        if not 0 <= t.start <= t.end <= len(text):
            raise ValueError(f"trace ({t.start}, {t.end}) is not a span of the text ({len(text)} characters)")
    for a, b in zip(out, out[1:]):
        if b.start < a.end or b.start == a.start:
            raise ValueError(f"traces must not overlap: ({a.start}, {a.end}) and ({b.start}, {b.end})")
    return out


def silent_bar(found: Sequence[Trace], thr: float, silent_min: float) -> float:
    """The confidence a restoration without a trace needs to be applied.

    Where the extractor left traces, a glyph lost without one is the
    exception: only the surest silent restorations are applied, and none
    where the extractor marks its losses (a few spaces, or one or two
    private-use or code-point characters, may be the text's own: they do
    not raise the bar). There the silent engine does not run at all
    (:meth:`docfix.restore.Repairer._pass`): what it proposed in real
    pdfminer, pypdf, PyMuPDF U+FFFD and pdftotext output of damaged PDFs,
    only ever reported, was right 17 times of 3,462 (both halves of
    ``benchmarks/real_extractors.py``; docs/decisions.md)."""
    bar = max(thr, silent_min)
    found = [t for t in found if t.kind != "break"]  # (most are no trace: they follow the spaces)
    n_spaces = sum(1 for t in found if t.kind == "space")
    # (one or two private-use or code-point characters alone are a text's own as often as
    # an extractor's: a rare bird's name in private-use code points, Φ2mm; the others are sure)
    weak = sum(1 for t in found if t.kind in ("private", "codepoint"))
    if len(found) - n_spaces - weak > 0 or weak >= T.TRACES_FEW or n_spaces >= T.SPACES_SURE:
        bar = max(bar, T.TRACED_SILENT_MIN)
        per_key = Counter(t.key for t in found)
        if sum(1 for t in found if t.certain or per_key[t.key] >= T.CODEPOINT_MIN) >= T.TRACED_SURE:
            bar = math.inf
    return bar


def ocr_readings(text: str, lm: LanguageModel, traces: Sequence[Trace], words=None) -> List[Reading]:
    """OCR look-alike corrections (:mod:`docfix.ocr`) as readings of
    one-character sites, outside the extractor's traces."""
    from .. import ocr
    from ..decipher import Reading

    taken = [(t.start, t.end) for t in traces]
    out = []
    for c in ocr.corrections(text, lm, words=words):
        if any(a < c.end and c.offset < b for a, b in taken):
            continue
        out.append(Reading(Trace(c.offset, c.end, None, "ocr"), c.insert, c.confidence, list(c.alternatives),
                           1, (), c.reason))
    return out


def merge_pass(first: Repair, more: Sequence[Edit]) -> Optional[Repair]:
    """``first`` with the edits a further pass applied to ``first.text``
    (offsets into it) carried back to the input; ``None`` when none is new.

    An edit that would fall inside or against one of ``first``'s applied
    edits is left out (the order of two insertions at one offset is not
    defined)."""
    applied = [e for e in first.edits if e.applied]
    starts: List[int] = []  # output span of each applied edit of the first pass
    shift = 0
    for e in applied:
        starts.append(e.offset + shift)
        shift += len(e.insert) - len(e.replaces)
    touched = {e.offset for e in applied} | {e.end for e in applied}
    new: List[Edit] = []
    for m in more:
        i = bisect.bisect_right(starts, m.offset) - 1
        before = sum(len(e.insert) - len(e.replaces) for e in applied[: i + 1])
        if i >= 0 and m.offset < starts[i] + len(applied[i].insert):
            continue  # inside a restored glyph
        off = m.offset - before
        if off in touched or any(off < e.end and e.offset < off + len(m.replaces) for e in applied):
            continue
        new.append(dataclasses.replace(m, offset=off))
    if not new:
        return None
    sites = {(e.offset, e.end) for e in new}
    edits = [e for e in first.edits if (e.offset, e.end) not in sites] + new
    edits.sort(key=lambda e: (e.offset, e.end))
    posterior = dict(first.dropped)
    return Repair(apply_edits(first.input, edits), edits, posterior, first.input)


def hold_few(r: Repair, bar: float, most: int = T.FEW_EDITS) -> Repair:
    """``r`` with its silent insertions under ``bar`` held (reported, not
    applied) where they are its whole restoration: at most ``most`` of them
    and no trace (nor a web address's lost letter) read. A few scattered
    gaps do not show that the document lost glyphs at all (a news item's
    他{们}说, 1.4{亿}吨); a damaged one shows many, or traces.

    >>> from docfix.result import Edit
    >>> r = Repair("他们说", [Edit(1, "们", 0.7, True)], {}, "他说")
    >>> hold_few(r, 0.9).text, hold_few(r, 0.9).edits[0].applied, hold_few(r, 0.6).text
    ('他说', False, '他们说')
    """
    from .. import ocr, webaddr  # (OCR corrections show no lost glyph; a web address's lost letters do)

    applied = [e for e in r.edits if e.applied and e.kind == "restore" and not e.reason.startswith(ocr.REASON)]
    silent = [e for e in applied if not e.replaces]
    read = any(e.replaces or e.reason.startswith(webaddr.REASON) for e in applied)
    if read or not silent or len(silent) > most or all(e.confidence >= bar for e in silent):
        return r
    held = {id(e) for e in silent if e.confidence < bar}
    edits = [dataclasses.replace(e, applied=False) if id(e) in held else e for e in r.edits]
    return Repair(apply_edits(r.input, edits), edits, dict(r.dropped), r.input)

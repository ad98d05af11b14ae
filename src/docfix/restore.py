"""Restoration: put dropped glyphs back, document-wide, with confidence.

:class:`Repairer` loads the resources once and runs the engine
(:mod:`docfix.engine`; docs/architecture.md draws it) over a text:

1. Known sites: extractor traces are read (:mod:`docfix.engine.passes`,
   :mod:`docfix.decipher`) and filled in.
2. Candidates and gaps: the glyphs that may be lost, every (gap, glyph) pair
   screened with the bigram table and scored with the character model
   (:mod:`docfix.engine.lostset`, :mod:`docfix.engine.gaps`).
3. The lost set: a posterior per glyph from the evidence of all its gaps.
4. Options per gap (:mod:`docfix.engine.options`) and a beam search per unit
   (:mod:`docfix.engine.decode`), with the word model and number rules.
5. Calibration (:mod:`docfix.engine.calibrate`) and guards
   (:mod:`docfix.engine.guards`): a confidence per edit, weak evidence held back.

A repair runs to a fixed point (:func:`docfix.engine.passes.merge_pass`).
Every tuned constant is in :mod:`docfix.engine.tuning`.
"""
from __future__ import annotations

import dataclasses
import math
import threading
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import AbstractSet, Dict, FrozenSet, Iterable, List, Optional, Sequence, Tuple, Union

import numpy as np

from . import canon, pairmarks, protect, webaddr
from .charstats import CharStats
from .detect import BigramScreen, GlyphEvidence, is_han
from .engine import guards, lostset, passes
from .engine import options as options_stage
from .engine import tuning as T
from .engine.calibrate import Calibration
from .engine.decode import decode_unit
from .engine.document import Document
from .engine.gaps import Gaps, pair_gains, score_pairs, screen_pairs, suggested
from .engine.records import Analysis, Site
from .engine.script import match_script, match_width
from .gapnet import GapModel
from .lm import LanguageModel
from .result import Edit, Repair, apply_edits
from .traces import Trace, find as find_traces, pdf_traces
from .wordscore import WORDS_SUFFIX, WordModel, WordScorer

__all__ = ["Repairer", "repair", "repair_pages", "repair_pdf", "DEFAULT_THRESHOLD"]

#: What joins the pages of a document in :meth:`Repairer.repair_pages`.
_PAGE_BREAK = "\n"
#: ``shapes=`` of the PDF entry points: None/True (installed reference fonts), False, or font files.
ShapeOption = Union[None, bool, Sequence[str]]

#: Edits whose calibrated confidence reaches this are applied by default.
DEFAULT_THRESHOLD = T.THRESHOLD


class Repairer:
    """Loads the model and lexicons once; repairs many documents.

    Parameters
    ----------
    model : str or Path, optional
        KenLM model (``.klm``) with its ``.npz`` character statistics next to
        it; default: the shipped model.
    lexicon : str, Path or sequence of them, optional
        A lexicon folder or files; default: the shipped lexicons. ``False``
        disables lexicon evidence.
    threshold : float
        Default confidence at or above which edits are applied.

    Instances are safe to share between threads: :meth:`repair` keeps no
    state on the instance.
    """

    def __init__(
        self,
        model: Optional[Union[str, Path]] = None,
        lexicon: Optional[Union[str, Path, Sequence[Union[str, Path]], bool]] = None,
        *,
        threshold: float = DEFAULT_THRESHOLD,
    ):
        from .resources import default_model_path

        path = Path(model) if model is not None else default_model_path()
        if path is None or not Path(path).exists():
            raise FileNotFoundError(f"language model not found: {path}")
        path = Path(path)
        stem = path.with_suffix("")
        self.lm = LanguageModel(path)
        stats_path = stem.with_suffix(".npz")
        if not stats_path.exists():
            raise FileNotFoundError(f"character statistics not found next to the model: {stats_path}")
        self.stats = CharStats.load(stats_path)
        self.screen = BigramScreen(self.stats)
        self.calibration = Calibration.load(stem.with_suffix(".calib.json"))
        gap_path = stem.with_suffix(".gap.npz")
        self.gap: Optional[GapModel] = GapModel(gap_path) if gap_path.exists() else None
        self.lexicon = _load_lexicon(lexicon)
        self.words: Optional[WordScorer] = None
        self.word_model: Optional[WordModel] = None
        if self.lexicon is not None:
            # the lexicon knows its total: summing it would build all its dictionaries
            self.words = WordScorer(self.lexicon.freq, words=self.lexicon, total=float(self.lexicon.total) or 1.0)
            words_path = stem.with_name(stem.name + WORDS_SUFFIX)
            if words_path.exists():
                self.word_model = WordModel(words_path, self.words)
        self._optional = guards.optional_pairs(self.lexicon.freq if self.lexicon is not None else None)
        self.word_weight = T.WORD_WEIGHT
        self.threshold = threshold
        self._known: Optional[FrozenSet[str]] = None

    # ------------------------------------------------------------------ API
    def repair(
        self,
        text: str,
        *,
        threshold: Optional[float] = None,
        dropped: Optional[Iterable[str]] = None,
        traces: Optional[Sequence[Trace]] = None,
        ocr: bool = False,
        shapes=None,
    ) -> Repair:
        """Restore the glyphs ``text`` lost.

        Glyphs lost with a trace (``(cid:123)``, U+FFFD, a control character
        where an extractor could not map a glyph; :mod:`docfix.traces`) are
        read from all occurrences of their trace (:mod:`docfix.decipher`) and
        replace it; glyphs lost without a trace are inserted.

        Parameters
        ----------
        text : str
            Extracted text.
        threshold : float, optional
            Apply edits whose confidence is at least this (default: the
            instance's threshold).
        dropped : iterable of str, optional
            Known dropped glyphs (skips set inference; for experiments).
        traces : sequence of Trace, optional
            The extractor traces in ``text``, spans that do not overlap (a ValueError
            else; default: found by :func:`docfix.traces.find`; ``[]`` reads none).
            :mod:`docfix.pdf` passes the glyph keys it read from the PDF.
        ocr : bool
            Also correct characters an OCR engine read as a look-alike
            (``2O22年``, ``己经``; :mod:`docfix.ocr`): edits that replace one
            character.
        shapes : docfix.shapes.ShapeEvidence, optional
            Glyph-shape evidence for the keyed traces (:meth:`repair_pdf`
            builds it from the PDF's fonts).

        Returns
        -------
        Repair
        """
        if not isinstance(text, str):
            raise TypeError("text must be str")
        thr = self.threshold if threshold is None else float(threshold)
        with self.lm.memo():  # the passes share the character model's gains of unchanged windows
            r, silent_thr, kinds = self._pass(text, thr, dropped, passes.checked(text, traces), thr, ocr, shapes)
            # Repair to a fixed point, so that repairing the output applies nothing new: a
            # restored glyph is new evidence (of the lost set, of a word), and a site the first
            # pass left may now clear the threshold. Later passes keep the first pass's bar for
            # silent restorations and its kinds of trace: the traces it replaced said how this
            # extractor marks its losses (a help page's one stray byte replaced, its spaces had
            # become pdftotext -raw's).
            for _ in range(T.MAX_PASSES - 1):
                if silent_thr == math.inf or not any(e.applied for e in r.edits):
                    break  # (with no silent restoration allowed, a pass over the output adds nothing)
                again, _, _ = self._pass(r.text, thr, dropped, None if traces is None else [], silent_thr, ocr, kinds=kinds)
                merged = passes.merge_pass(r, [e for e in again.edits if e.applied])
                if merged is None:
                    break
                r = merged
        return r if dropped else passes.hold_few(r, max(thr, T.FEW_EDITS_BAR))  # (a few gaps show no damage)

    def _pass(
        self,
        text: str,
        thr: float,
        dropped: Optional[Iterable[str]],
        traces: Optional[Sequence[Trace]],
        silent_min: float,
        ocr: bool = False,
        shapes=None,
        kinds: Optional[AbstractSet[str]] = None,
    ) -> Tuple[Repair, float, FrozenSet[str]]:
        """One repair pass over ``text`` (:meth:`repair` runs it to a fixed point) reading traces of
        ``kinds`` only; returns the repair, the bar its silent restorations had to clear (at least
        ``silent_min``) and the kinds of traces it read."""
        found = self.find_traces(text) if traces is None else sorted(traces, key=lambda t: t.start)
        found = found if kinds is None else [t for t in found if t.kind in kinds]
        kinds = frozenset(t.kind for t in found) if kinds is None else kinds  # (a later pass: the first's)
        known, ocr_reported = passes.read_known(text, found, self.lm, self.screen, thr, ocr, words=self.words, shapes=shapes,
                                                   chars=self._known, word_model=self.word_model)
        silent_thr = passes.silent_bar(found, thr, silent_min)
        an = self.analyse(known.filled, dropped) if silent_thr != math.inf else Analysis([], {}, {}, [], [])  # (silent_bar)
        # no word put after a telephone number (nor inside markup, URLs, identifiers: analyse drops those)
        phones = set(protect.phone_ends(known.filled)) if an.edits else set()
        edits = known.edits + ocr_reported + [
            guards.missing_digit(Edit(known.to_input(e.offset), e.insert, e.confidence, e.confidence >= silent_thr,
                                      e.alternatives, e.reason), thr)
            for e in an.edits
            if not (e.offset in phones and not e.insert.isdigit())
        ]
        edits += webaddr.for_input(known, silent_thr, thr) + pairmarks.for_input(known, self.lm, silent_thr, edits, kinds)
        edits.sort(key=lambda e: (e.offset, e.end))
        posterior = dict(an.posterior)
        for g, p in known.dropped.items():
            posterior[g] = max(posterior.get(g, 0.0), p)
        return Repair(apply_edits(text, edits), edits, posterior, text), silent_thr, kinds

    def repair_pdf(
        self, source: Union[str, Path, bytes], *, threshold: Optional[float] = None, password: Optional[str] = None,
        shapes: ShapeOption = None,
    ) -> Repair:
        """Read a PDF glyph by glyph (:func:`docfix.pdf.extract`) and repair its text.

        Every glyph the PDF's fonts cannot map is a U+FFFD in the extracted
        text with its (font, glyph id) key; all occurrences of one key are
        read as one character (:mod:`docfix.decipher`). ``Repair.input`` is
        the extracted text (pages joined by ``"\\n\\f\\n"``), and the edits'
        offsets refer to it; ``original()`` gives it back.

        Parameters
        ----------
        source : str, Path or bytes
            The PDF file, or its bytes.
        threshold : float, optional
            As for :meth:`repair`.
        password : str, optional
            Of an encrypted PDF.
        shapes : bool or sequence of str, optional
            Compare each unknown glyph's outline with its candidates drawn
            from a reference CJK font (:mod:`docfix.shapes`). None or True:
            with the reference fonts installed, where there are any; False:
            never; a sequence of font files: those.

        Returns
        -------
        Repair

        Raises
        ------
        docfix.errors.DocfixError
            The PDF is encrypted, corrupt or has no text layer.
        """
        from .pdf import extract

        return self.repair_extracted(extract(source, password=password), threshold=threshold, shapes=shapes)

    def repair_extracted(self, doc, *, threshold: Optional[float] = None, shapes: ShapeOption = None) -> Repair:
        """Repair a :class:`docfix.pdf.PdfText` with its glyph traces (``shapes``
        as for :meth:`repair_pdf`)."""
        from .shapes import evidence_for

        traces = pdf_traces(doc)
        return self.repair(doc.text, threshold=threshold, traces=traces, shapes=evidence_for(doc, shapes))

    def find_traces(self, text: str) -> List[Trace]:
        """The extractor traces in ``text`` (:func:`docfix.traces.find`), with
        letters the model knows well taken as text."""
        if self._known is None:
            st = self.stats
            self._known = frozenset(c for c, n in zip(st.chars_list, st.unigram.tolist()) if n >= T.KNOWN_MIN)
        return find_traces(text, known=self._known)

    def repair_pages(
        self,
        pages: Sequence[str],
        *,
        threshold: Optional[float] = None,
        dropped: Optional[Iterable[str]] = None,
    ) -> List[Repair]:
        """Repair the pages of one document together, one :class:`Repair` per page.

        The lost glyph set belongs to the document, so the pages are repaired
        as one text (joined by line breaks) and the edits are handed back to
        the page they fall in, with offsets into that page. A page of a few
        hundred characters holds too little evidence on its own: on synthetic
        damage (measured before the word model), 300-character texts
        repaired one by one get recall 0.17, 2,000-character ones 0.64.

        Parameters
        ----------
        pages : sequence of str
            The pages (or any consecutive pieces) of one document, in order.
        threshold, dropped
            As for :meth:`repair`.

        Returns
        -------
        list of Repair
            One per page, each with the document's ``dropped`` posterior.

        >>> R = Repairer()
        >>> rs = R.repair_pages(["推进教育息化建设，", "教育息化水平明显提升。"], dropped="信")
        >>> [r.text for r in rs]
        ['推进教育信息化建设，', '教育信息化水平明显提升。']
        """
        if isinstance(pages, str) or not all(isinstance(p, str) for p in pages):
            raise TypeError("pages must be a sequence of str")
        whole = self.repair(_PAGE_BREAK.join(pages), threshold=threshold, dropped=dropped)
        out: List[Repair] = []
        start, i, edits = 0, 0, whole.edits
        for page in pages:
            end = start + len(page)
            mine: List[Edit] = []
            while i < len(edits) and edits[i].offset <= end:
                e = edits[i]
                mine.append(dataclasses.replace(e, offset=e.offset - start))
                i += 1
            out.append(Repair(apply_edits(page, mine), mine, dict(whole.dropped), page))
            start = end + len(_PAGE_BREAK)
        return out

    # ------------------------------------------------------------ internals
    def analyse(self, text: str, dropped: Optional[Iterable[str]] = None) -> Analysis:
        """Run the silent engine over ``text`` and keep every intermediate
        record (:class:`docfix.engine.records.Analysis`; calibration fitting
        reads it). ``dropped``: a known lost set (skips set inference)."""
        doc = Document.of(text, self.lm)
        cands = lostset.candidates(doc, self.stats, dropped)
        if not doc.units or not cands:
            return Analysis([], {}, {}, [], [], doc.counts)
        # ---- screen all (gap, glyph) pairs with the bigram table, score the survivors exactly
        scr = self.screen
        gaps = Gaps.of(doc.units, scr)
        if dropped is None:
            cands = cands + suggested(scr, self.stats, gaps, doc.counts, cands, doc.n_tok)
        gidx = scr.index([g for g, _ in cands])
        absent_c = np.array([doc.counts.get(g, 0) == 0 for g, _ in cands], dtype=bool)
        floors = np.where(absent_c, T.SCREEN_ABSENT, T.SCREEN_MIN).astype(np.float32)
        pairs = gaps.open_pairs(screen_pairs(scr, gaps.ga, gaps.gb, gidx, floor=floors))
        evidence = {g: GlyphEvidence(g, e, doc.counts.get(g, 0)) for g, e in cands}
        glyph_of = [g for g, _ in cands]
        single: Dict[int, Dict[str, float]] = defaultdict(dict)  # gap -> glyph -> gain
        once = frozenset() if guards.is_law(text) else self._optional  # 或{者} after 或 again and again: one piece
        score_pairs(self.lm, doc.units, gaps, pairs, glyph_of, single, evidence, once=once)
        two = pair_gains(self.lm, scr, doc.units, gaps, glyph_of, single, evidence)  # 5{个工}作日
        # ---- the lost set
        posterior = lostset.posteriors(evidence, self.calibration.glyph_weights, dropped, single)
        likely = [i for i, (g, _) in enumerate(cands) if posterior.get(g, 0.0) >= T.LIKELY]
        if likely and dropped is None:  # a second look: likely members of the set are screened loosely
            loose = gaps.open_pairs(screen_pairs(scr, gaps.ga, gaps.gb, gidx[likely], floor=T.SCREEN_LOOSE, top=0))
            score_pairs(self.lm, doc.units, gaps, loose, [glyph_of[i] for i in likely], single, skip=single)
        lost = lostset.LostSet.infer(doc, evidence, posterior, self.calibration.glyph_weights, dropped, single)
        if not lost.active:
            return Analysis([], lost.report, lost.posterior, [], list(evidence.values()), doc.counts)
        # ---- options per gap, decoded unit by unit
        by_unit = options_stage.for_gaps(self, doc, gaps, single, lost, two)
        years = doc.years(lost.year_digits)
        sites: List[Site] = [s_ for ui, gap_opts in by_unit.items()
                             for s_ in decode_unit(self, doc.numeric, doc.units[ui], gap_opts, years, lost.numerals)]
        # ---- calibration and guards (markup, URLs, identifiers: never edited inside, nor evidence for the guards)
        regions = protect.spans(text) if sites else []
        sites = [s_ for s_ in sites if not protect.inside(regions, s_.offset)]
        guards.self_consistency(sites)
        self._gap_evidence(sites)
        for s_ in sites:
            s_.fit = doc.fit
            s_.rate = max(self.stats.rate(canon.fold_char(c)) for c in s_.insert)
        sites.sort(key=lambda s: s.offset)
        match_width(text, sites)
        if doc.traditional:
            match_script(text, sites)
        edits = [self.calibration.edit(s, lost.active, doc.counts) for s in sites]
        edits = guards.hold_back(doc, sites, edits, lost, evidence, guards.written_beside(doc, gaps.unit, gaps.k, single),
                                 self.words, guards.one_context(doc, gaps.unit, gaps.k, single))
        return Analysis(edits, lost.report, lost.posterior, sites, list(evidence.values()), doc.counts)

    def _gap_evidence(self, sites: List[Site]) -> None:
        """Read each restored Han glyph's gap from both sides with the gap model (``Site.nn``)."""
        if self.gap is None:
            return
        gm = self.gap
        todo = [(s_, canon.fold_char(s_.insert)) for s_ in sites if len(s_.insert) == 1 and is_han(s_.insert)]
        todo = [(s_, g) for s_, g in todo if gm.knows(g)]
        ratios = gm.log_ratios([s_.sides for s_, _ in todo], [[g] for _, g in todo])
        for (s_, _), (r,) in zip(todo, ratios):
            s_.nn = r




def _load_lexicon(lexicon):
    if lexicon is False:
        return None
    try:
        from .lexicon import Lexicon
    except ImportError:  # pragma: no cover - lexicon module missing
        return None
    from .resources import lexicon_files

    if lexicon is None:
        try:
            return Lexicon.load()
        except (FileNotFoundError, OSError, ValueError):
            return None
    if isinstance(lexicon, (str, Path)):
        p = Path(lexicon)
        paths = lexicon_files(p) if p.is_dir() else [p]
    else:
        paths = [Path(x) for x in lexicon]
    return Lexicon.load(paths)


_default_lock = threading.Lock()


@lru_cache(maxsize=4)
def _cached(model: Optional[str], lexicon: Optional[str]) -> Repairer:
    return Repairer(model, lexicon)


def _shared(model: Optional[Union[str, Path]], lexicon: Optional[Union[str, Path]]) -> Repairer:
    """The cached :class:`Repairer` for these resources (one per combination)."""
    with _default_lock:
        return _cached(None if model is None else str(model), None if lexicon is None else str(lexicon))



def repair(
    text: str,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    model: Optional[Union[str, Path]] = None,
    lexicon: Optional[Union[str, Path]] = None,
    ocr: bool = False,
) -> Repair:
    """Restore dropped glyphs in ``text`` with a cached default :class:`Repairer`.

    Parameters
    ----------
    text : str
        Extracted text.
    threshold : float
        Apply edits whose confidence is at least this.
    model, lexicon : path, optional
        Override the shipped resources.
    ocr : bool
        Also correct OCR look-alikes (``2O22年``, ``己经``; :mod:`docfix.ocr`).

    Returns
    -------
    Repair
        ``.text`` (repaired), ``.edits`` (applied and reported), ``.dropped``.
    """
    return _shared(model, lexicon).repair(text, threshold=threshold, ocr=ocr)


def repair_pdf(
    source: Union[str, Path, bytes],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    password: Optional[str] = None,
    model: Optional[Union[str, Path]] = None,
    lexicon: Optional[Union[str, Path]] = None,
    shapes: ShapeOption = None,
) -> Repair:
    """Repair a PDF's text with the cached default :class:`Repairer`
    (:meth:`Repairer.repair_pdf`).

    Parameters
    ----------
    source : str, Path or bytes
        The PDF file, or its bytes.
    threshold, model, lexicon
        As for :func:`repair`.
    password : str, optional
        Of an encrypted PDF.
    shapes : bool or sequence of str, optional
        As for :meth:`Repairer.repair_pdf`.

    Returns
    -------
    Repair
        ``.input`` is the extracted text, each unmapped glyph a U+FFFD.
    """
    return _shared(model, lexicon).repair_pdf(source, threshold=threshold, password=password, shapes=shapes)


def repair_pages(
    pages: Sequence[str],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    model: Optional[Union[str, Path]] = None,
    lexicon: Optional[Union[str, Path]] = None,
) -> List[Repair]:
    """Repair the pages of one document together (:meth:`Repairer.repair_pages`)
    with the cached default :class:`Repairer`.

    Parameters and returns as for :func:`repair`, with ``pages`` (the pages
    of one document, in order) for ``text`` and one :class:`Repair` per page,
    whose edit offsets refer to that page.
    """
    return _shared(model, lexicon).repair_pages(pages, threshold=threshold)

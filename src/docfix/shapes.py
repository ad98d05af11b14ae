"""Shape evidence: compare an unmapped glyph's outline with candidate characters.

A PDF whose font lost its Unicode map still holds the font program: every
unknown glyph can be drawn. :class:`ShapeEvidence` draws each unknown glyph
from the embedded font, draws the decipherment's candidate characters from a
reference CJK font installed on this machine, and scores how alike they are.

How alike two drawings of one character are depends on the two typefaces (a
Song glyph and a Hei drawing of the same character are alike; a Kai glyph
much less so). So the evidence is calibrated *per document font* on the
glyphs that font does map: their characters are known, so for each
reference font the weight ``beta`` of a softmax over similarities is fitted
to pick each known glyph's own character among the others
(:func:`fit_beta`). The reference font that does best is used for that
font's unknown glyphs, with that weight; a font whose known glyphs the
shapes cannot tell apart gets a weight near 0, and a font with too few
known glyphs gets none (:data:`MIN_SAMPLES`).

Drawings and their similarity: :mod:`docfix.outlines`.

Reference fonts are looked for under the usual font folders by file name
(:data:`REFERENCE_NAMES`), or taken from ``DOCFIX_SHAPE_FONTS`` (paths joined
by ``os.pathsep``). Measured on 2,850 common characters (a glyph drawn in one
font, its character ranked among all 2,850 drawn in another): Song (AR PL
UMing) against Hei (WenQuanYi Micro Hei) right first 87 %, in the top 5
97 %; Hei against Hei 82 % / 95 %; Kai (AR PL UKai) against Hei 8 % / 18 %.
"""
from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Dict, Hashable, List, Mapping, Optional, Sequence, Tuple

import numpy as np

from .outlines import FontProgram, ReferenceFont, ShippedReference, reference_font, similarity

__all__ = ["FontFit", "ShapeEvidence", "default_references", "evidence_for", "find_reference_fonts", "fit_beta",
           "shipped_references", "drawings_source", "ENV"]

#: Known glyphs a font needs before its shapes are trusted; below, no evidence.
MIN_SAMPLES = 8
#: Weight and reliability of a font with fewer than MIN_SAMPLES mapped glyphs
#: (a whole ToUnicode map missing): the lowest weight fitted on 9 pairs of
#: typefaces (32-40: Hei, Song, Kai, Zen Hei) and a middling reliability.
UNSAMPLED_BETA = 32.0
UNSAMPLED_TOP1 = 0.5
#: Known glyphs used to calibrate a font (the most common first).
MAX_SAMPLES = 160
#: Weights tried by :func:`fit_beta` (natural-log units per unit of similarity).
BETAS = tuple(float(b) for b in range(0, 61, 2))
#: Shape matches added to a key's candidates from the whole vocabulary
#: (the language evidence's candidates can miss a rare character).
SUGGEST = 10
#: ... only for a font whose known glyphs the shapes pick out this often
#: (:attr:`FontFit.top1`): a weak match adds look-alikes of nothing.
SUGGEST_MIN_TOP1 = 0.0
#: Environment variable: reference font files, joined by ``os.pathsep``.
ENV = "DOCFIX_SHAPE_FONTS"
#: File names of CJK fonts looked for (Debian packages, then common Windows
#: and macOS ones), in order of preference.
REFERENCE_NAMES = (
    "NotoSerifCJK-Regular.ttc", "NotoSansCJK-Regular.ttc", "uming.ttc", "wqy-zenhei.ttc", "wqy-microhei.ttc",
    "ukai.ttc", "DroidSansFallbackFull.ttf", "simsun.ttc", "simhei.ttf", "simfang.ttf", "simkai.ttf", "msyh.ttc",
    "Songti.ttc", "STHeiti Medium.ttc", "PingFang.ttc",
)
_FONT_DIRS = (
    "/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts",
    "/System/Library/Fonts", "/Library/Fonts", "C:\\Windows\\Fonts",
)


# ------------------------------------------------------------------ references


def drawings_source(path: str) -> Optional[str]:
    """The font file (its lower-case name) a shipped drawings file
    (``shapes-*.npz``) was drawn from; None where this version cannot use it
    (other drawing settings, or a damaged file)."""
    try:
        return _drawings_source(str(path), os.stat(path).st_mtime_ns)
    except OSError:
        return None


@lru_cache(maxsize=64)
def _drawings_source(path: str, mtime_ns: int) -> Optional[str]:
    from .outlines import FEATURES

    try:
        with np.load(path) as z:
            return str(z["source"]).lower() if str(z["features"]) == FEATURES else None
    except Exception:  # a damaged file: not used
        return None


def shipped_references() -> List[str]:
    """The vocabulary drawings shipped with docfix (``models/shapes-*.npz``)
    that this version can use."""
    from .resources import data_dirs

    out: Dict[str, str] = {}
    for d in data_dirs("models"):
        for p in sorted(d.glob("shapes-*.npz")):
            if p.name not in out and drawings_source(str(p)) is not None:
                out[p.name] = str(p)
    return list(out.values())


def default_references(env: Optional[Mapping[str, str]] = None) -> List[str]:
    """The reference fonts installed (:func:`find_reference_fonts`), then the
    shipped drawings (:func:`shipped_references`) of typefaces not installed.
    ``DOCFIX_SHAPE_FONTS``, when set, is the whole list."""
    env = os.environ if env is None else env
    installed = find_reference_fonts(env)
    if ENV in env:
        return installed
    names = {os.path.basename(p).lower() for p in installed}
    return installed + [p for p in shipped_references() if drawings_source(p) not in names]


def find_reference_fonts(env: Optional[Mapping[str, str]] = None) -> List[str]:
    """Paths of the CJK reference fonts on this machine, best first.

    ``DOCFIX_SHAPE_FONTS`` (paths joined by ``os.pathsep``), when set, is the
    whole list (empty: none). Otherwise the usual font folders are searched
    for :data:`REFERENCE_NAMES`, once per process.
    """
    env = os.environ if env is None else env
    if ENV in env:
        return [p for p in env[ENV].split(os.pathsep) if p and os.path.isfile(p)]
    return list(_installed_fonts())


@lru_cache(maxsize=1)
def _installed_fonts() -> Tuple[str, ...]:
    found: Dict[str, str] = {}
    wanted = {n.lower(): n for n in REFERENCE_NAMES}
    for folder in _FONT_DIRS:
        folder = os.path.expanduser(folder)
        if not os.path.isdir(folder):
            continue
        for dirpath, _, files in os.walk(folder):
            for f in files:
                n = wanted.get(f.lower())
                if n is not None and n not in found:
                    found[n] = os.path.join(dirpath, f)
    return tuple(found[n] for n in REFERENCE_NAMES if n in found)


# ------------------------------------------------------------------ evidence


def fit_beta(sim: np.ndarray, truth: Optional[np.ndarray] = None) -> Tuple[float, float]:
    """The softmax weight that best picks each row's own character.

    ``sim[i, j]`` is the similarity of known glyph ``i`` to reference
    character ``j``; glyph ``i``'s own character is column ``truth[i]``
    (default ``i``). Returns ``(beta, mean log-likelihood)`` over
    :data:`BETAS` (natural log).

    >>> fit_beta(np.eye(4))[0] > 0
    True
    >>> fit_beta(np.ones((4, 4)))[0]
    0.0
    """
    diag = np.diag(sim) if truth is None else sim[np.arange(len(sim)), truth]
    sim = sim.astype(np.float64)

    def loglik(b: float) -> float:
        z = b * sim
        m = z.max(axis=1, keepdims=True)
        lse = m[:, 0] + np.log(np.exp(z - m).sum(axis=1))
        return float((b * diag - lse).mean())

    # the log-likelihood is concave in b: a coarse pass, then the steps around its best
    coarse = BETAS[::4]
    scores = {b: loglik(b) for b in coarse}
    top = max(coarse, key=lambda b: (scores[b], -b))
    for b in BETAS:
        if abs(b - top) < 4 * (BETAS[1] - BETAS[0]) and b not in scores:
            scores[b] = loglik(b)
    best = (0.0, -math.inf)
    for b in BETAS:
        if b in scores and scores[b] > best[1] + 1e-9:
            best = (b, scores[b])
    return best


@dataclass
class FontFit:
    """How a document font's glyphs are compared (:meth:`ShapeEvidence.fit`)."""

    reference: Optional[str]  # the reference font's file name; None: no evidence
    beta: float  # softmax weight (natural log per unit of similarity)
    samples: int  # known glyphs it was fitted on
    top1: float  # share of known glyphs whose own character drew closest
    loglik: float = -math.inf  # mean log-likelihood of the known glyphs' characters at ``beta``
    font: Any = field(default=None, repr=False)  # the ReferenceFont or ShippedReference chosen


class ShapeEvidence:
    """Shape scores for the unknown glyphs of one PDF.

    Parameters
    ----------
    programs : mapping
        Font name -> :class:`FontProgram` (fonts with unknown glyphs).
    samples : mapping
        Font name -> {cid: character} of glyphs the font maps.
    references : sequence of str, ReferenceFont or ShippedReference
        Reference fonts, or shipped drawings (``.npz``); default
        :func:`default_references`.
    unknown : mapping, optional
        Font name -> the glyph ids (cids) it cannot map: a font with too
        few mapped glyphs to calibrate on is matched on these.
    """

    def __init__(self, programs: Mapping[str, FontProgram], samples: Mapping[str, Mapping[int, str]],
                 references: Optional[Sequence] = None, unknown: Optional[Mapping[str, Sequence[int]]] = None) -> None:
        refs = default_references() if references is None else references
        self.references = []
        for r in refs:
            try:
                opened = r if isinstance(r, (ReferenceFont, ShippedReference)) else reference_font(str(r))
                self.references.append(opened)
            except Exception:  # a damaged or stale drawings file: not a reference, never an error
                continue
        self.programs = dict(programs)
        self.samples = {f: dict(s) for f, s in samples.items()}
        self.fits: Dict[str, FontFit] = {}
        self.pool: Tuple[str, ...] = ()
        self.unknown: Dict[str, List[int]] = {f: list(c) for f, c in (unknown or {}).items()}

    def set_pool(self, pool: Sequence[str]) -> None:
        """The characters an unknown glyph may be (the decipherment's
        vocabulary): suggestions come from it, and the weights are fitted
        against it."""
        pool = tuple(pool)
        if pool != self.pool:
            self.pool = pool
            self.fits = {}

    def fit(self, font: str) -> FontFit:
        """Choose the reference font and weight for ``font`` from its known glyphs.

        The reference font is the one whose drawings best pick each known
        glyph's character among the font's other known glyphs'; the weight
        and :attr:`FontFit.top1` are then fitted against the whole
        :attr:`pool` (where set), as the unknown glyphs are read: a glyph
        must be told from every look-alike of the vocabulary, not only from
        the document's other characters."""
        if font in self.fits:
            return self.fits[font]
        prog = self.programs.get(font)
        known = [(cid, ch) for cid, ch in self.samples.get(font, {}).items() if len(ch) == 1 and not ch.isspace()]
        fit = FontFit(None, 0.0, 0, 0.0)
        if prog is not None and self.references:
            mine = [(prog.glyph_image(cid), ch) for cid, ch in known[:MAX_SAMPLES + 16]]
            mine = [(v, ch) for v, ch in mine if v is not None][:MAX_SAMPLES]
            for ref in self.references:
                pairs = [(v, ref.image(ch)) for v, ch in mine]
                pairs = [(a, b) for a, b in pairs if b is not None]
                if len(pairs) < MIN_SAMPLES:
                    continue
                A = np.array([a for a, _ in pairs])
                B = np.array([b for _, b in pairs])
                sim = A @ B.T
                beta, ll = fit_beta(sim)
                top1 = float(np.mean(sim.argmax(axis=1) == np.arange(len(pairs))))
                if ll > fit.loglik:
                    fit = FontFit(ref.name, beta, len(pairs), top1, ll, ref)
                    best_mine = mine
            if fit.font is not None and self.pool:
                fit = self._fit_pool(fit, best_mine)
            elif fit.font is None and self.pool:
                fit = self._fit_unknown(prog, self.unknown.get(font, ()))
        self.fits[font] = fit
        return fit

    def _fit_unknown(self, prog: FontProgram, cids: Sequence[int]) -> FontFit:
        """A font with (almost) no mapped glyph, often a font whose whole
        ToUnicode map is missing: the reference whose drawings come closest
        to its unknown glyphs, with the weight :data:`UNSAMPLED_BETA` and the
        reliability :data:`UNSAMPLED_TOP1`."""
        mine = [v for v in (prog.glyph_image(c) for c in list(cids)[:MAX_SAMPLES]) if v is not None]
        fit = FontFit(None, 0.0, 0, 0.0)
        if len(mine) < MIN_SAMPLES:
            return fit
        U = np.array(mine, dtype=np.float32)
        best = -math.inf
        for ref in self.references:
            chars, m = ref.matrix(self.pool)
            if not chars:
                continue
            near = float((U @ m.T).max(axis=1).mean())  # how closely the vocabulary's drawings match
            if near > best:
                best, fit = near, FontFit(ref.name, UNSAMPLED_BETA, 0, UNSAMPLED_TOP1, -math.inf, ref)
        return fit

    def _fit_pool(self, fit: FontFit, mine) -> FontFit:
        chars, m = fit.font.matrix(self.pool)
        col = {c: i for i, c in enumerate(chars)}
        rows = [(v, col[ch]) for v, ch in mine if ch in col]
        if len(rows) < MIN_SAMPLES:
            return fit
        sim = np.array([v for v, _ in rows], dtype=np.float32) @ m.T
        truth = np.array([j for _, j in rows])
        beta, ll = fit_beta(sim, truth)
        top1 = float(np.mean(sim.argmax(axis=1) == truth))
        return FontFit(fit.reference, beta, len(rows), top1, ll, fit.font)

    def _glyph(self, key: Hashable) -> Tuple[Optional[FontFit], Optional[np.ndarray]]:
        if not (isinstance(key, tuple) and len(key) == 3 and key[0] == "pdf") or key[1] not in self.programs:
            return None, None
        fit = self.fit(key[1])
        if fit.font is None or fit.beta <= 0:
            return None, None
        return fit, self.programs[key[1]].glyph_image(int(key[2]))

    def top1(self, key: Hashable) -> float:
        """How reliable the shapes of ``key``'s font are (:attr:`FontFit.top1`; 0: no evidence)."""
        fit, _ = self._glyph(key)
        return fit.top1 if fit is not None else 0.0

    def suggest(self, key: Hashable, n: int = SUGGEST) -> List[str]:
        """The ``n`` characters of :attr:`pool` whose drawings are most like glyph ``key``."""
        fit, glyph = self._glyph(key)
        if glyph is None or fit.top1 < SUGGEST_MIN_TOP1 or not self.pool:
            return []
        chars, m = fit.font.matrix(self.pool)
        if not chars:
            return []
        sims = m @ glyph.astype(np.float32)
        top = np.argsort(-sims)[:n]
        return [chars[i] for i in top]

    def scores(self, key: Hashable, candidates: Sequence[str]) -> Dict[str, float]:
        """log10 evidence of each candidate for the glyph ``key``
        (``("pdf", font, cid)``); empty where there is none."""
        fit, glyph = self._glyph(key)
        if glyph is None:
            return {}
        ref = fit.font
        sims = {}
        for c in candidates:
            v = ref.image(c)
            if v is None:
                # a candidate the reference cannot draw is drawn by another (Droid Sans
                # Fallback has no Latin letters: h, left undrawn, read 卜 in http)
                others = (o.image(c) for o in self.references if o is not ref)
                v = next((w for w in others if w is not None), None)
            if v is not None:
                sims[c] = similarity(glyph, v)
        if not sims:
            return {}
        floor = min(sims.values())  # a candidate no reference can draw: as unlike as the least like
        return {c: fit.beta * sims.get(c, floor) / math.log(10) for c in candidates}


def evidence_for(doc, shapes=None) -> Optional[ShapeEvidence]:
    """The shape evidence for a :class:`docfix.pdf.PdfText`, or None.

    ``shapes``: None or True, with the installed reference fonts and the
    shipped drawings (:func:`default_references`); False, none; a sequence
    of font files (or shipped ``.npz`` drawings), those. None where the PDF has no embedded program for its unknown
    glyphs, no reference font is found, or fontTools is not installed.
    """
    if shapes is False or not getattr(doc, "programs", None):
        return None
    try:
        import fontTools  # noqa: F401
    except ImportError:
        return None
    refs = default_references() if shapes is None or shapes is True else [str(p) for p in shapes]
    if not refs:
        return None
    unknown: Dict[str, List[int]] = {}
    for t in getattr(doc, "traces", ()):
        cids = unknown.setdefault(t.key[1], [])
        if t.key[2] not in cids:
            cids.append(t.key[2])
    return ShapeEvidence(doc.programs, doc.samples, refs, unknown)

"""Draw glyph outlines as comparable images (for :mod:`docfix.shapes`).

An outline (from a font program embedded in a PDF, or from an installed
font) is flattened to polygons (:mod:`docfix.glyphpaths`), filled by the
nonzero winding rule on a :data:`SIZE` x :data:`SIZE` grid over the glyph's
box (kept square and at least :data:`MIN_BOX` of an em, so that a comma
stays small), blurred, and described by histograms of its edge orientations
(:func:`image`); the similarity of two drawings is the dot product of their
images (a cosine). Pure numpy plus
fontTools, which reads TrueType and CFF programs (``FontFile2``,
``FontFile3``) and installed TrueType or OpenType fonts and collections.
"""
from __future__ import annotations

import io
import os
import threading
from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

import numpy as np

from .glyphpaths import _FlatPen
from .glyphpaths import contours as _contours

__all__ = ["FontProgram", "ReferenceFont", "ShippedReference", "font_program", "image", "reference_font", "similarity", "SIZE", "DIM"]

#: Side of the square grid a glyph is filled on.
SIZE = 48
#: Gaussian blur (in grid cells) before the gradients are taken.
BLUR = 0.75
#: The image is CELLS x CELLS cells, each a histogram of ORIENTATIONS
#: gradient orientations (:func:`image`); DIM numbers in all.
CELLS = 8
ORIENTATIONS = 6
DIM = CELLS * CELLS * ORIENTATIONS
#: Cell of each grid point, row by row.
_CELL_OF = ((np.arange(SIZE)[:, None] * CELLS // SIZE) * CELLS + np.arange(SIZE)[None, :] * CELLS // SIZE).ravel()
#: A glyph's box is drawn at least this share of an em (punctuation stays small).
MIN_BOX = 0.5
_BLUR_MATRIX: Optional[np.ndarray] = None
#: What the cached drawings depend on (a change draws them again).
FEATURES = f"hog1|{SIZE}|{BLUR}|{CELLS}|{ORIENTATIONS}|{MIN_BOX}"
def _fill(contours: Sequence[np.ndarray], box: Tuple[float, float, float], n: int) -> np.ndarray:
    """Nonzero-winding fill of ``contours`` on an ``n`` x ``n`` grid over the
    square ``box`` = (left, bottom, side), sampled at cell centres.

    Scanline form: the edges crossing each row's centre line, sorted along
    the row with their direction (+1 up, -1 down); a cell's winding number is
    the sum of the directions left of its centre. Closed contours sum to 0
    over a row, so one running sum over all rows (keyed row, then x) serves
    every row."""
    x0, y0, side = box
    a = np.concatenate(contours)
    b = np.concatenate([np.roll(c, -1, axis=0) for c in contours])
    # in cell units, rows counted from the top
    ax, bx = (a[:, 0] - x0) * n / side, (b[:, 0] - x0) * n / side
    ay, by = (y0 + side - a[:, 1]) * n / side, (y0 + side - b[:, 1]) * n / side
    rows = np.arange(n)[:, None] + 0.5
    up = (by <= rows) & (ay > rows)  # y grows downwards here: "up" in the font is a decreasing row
    down = (ay <= rows) & (by > rows)
    hit = up | down
    r_idx, e_idx = np.nonzero(hit)
    if len(r_idx) == 0:
        return np.zeros((n, n))
    t = (rows[r_idx, 0] - ay[e_idx]) / (by[e_idx] - ay[e_idx])
    x = ax[e_idx] + t * (bx[e_idx] - ax[e_idx])
    d = np.where(up[r_idx, e_idx], 1, -1)
    key = r_idx * (4.0 * n + 8) + np.clip(x, -2 * n - 2, 2 * n + 2) + 2 * n + 4
    order = np.argsort(key, kind="stable")
    key, run = key[order], np.cumsum(d[order])
    cells = (np.arange(n)[:, None] * (4.0 * n + 8) + np.arange(n)[None, :] + 0.5 + 2 * n + 4).ravel()
    at = np.searchsorted(key, cells, side="right") - 1
    wind = np.where(at >= 0, run[np.maximum(at, 0)], 0)
    return (wind != 0).reshape(n, n).astype(float)


def _blur_matrix(n: int, sigma: float) -> np.ndarray:
    x = np.arange(n)
    g = np.exp(-0.5 * ((x[:, None] - x[None, :]) / sigma) ** 2)
    return g / g.sum(axis=1, keepdims=True)


def image(contours: Sequence[np.ndarray], em: float) -> Optional[np.ndarray]:
    """The comparable image of an outline: histograms of edge orientations.

    The outline is filled on a :data:`SIZE` x :data:`SIZE` grid over its box
    and blurred; the gradient's orientation (:data:`ORIENTATIONS` bins over
    180 degrees) is histogrammed in each of :data:`CELLS` x :data:`CELLS`
    cells, weighted by its magnitude; square roots, centred, unit length.
    Strokes keep their direction across typefaces where their weight does
    not (a Song glyph found its own character among 2,000 drawn in Hei first
    98 % of the time this way, 89 % comparing the blurred fills).

    Parameters
    ----------
    contours : sequence of (k, 2) arrays
        Closed polygons in font units (:func:`docfix.glyphpaths.contours`).
    em : float
        The font's units per em.

    Returns
    -------
    numpy.ndarray or None
        A vector of :data:`DIM`; None for a glyph that draws nothing.

    >>> square = [np.array([[0, 0], [500, 0], [500, 500], [0, 500]], float)]
    >>> v = image(square, 1000)
    >>> v.shape == (DIM,), round(float(v @ v), 6)
    (True, 1.0)
    """
    global _BLUR_MATRIX
    if not contours:
        return None
    pts = np.concatenate(contours)
    lo, hi = pts.min(axis=0), pts.max(axis=0)
    side = max(float((hi - lo).max()) * 1.08, MIN_BOX * em)
    if side <= 0:
        return None
    cx, cy = (lo + hi) / 2
    im = _fill(contours, (cx - side / 2, cy - side / 2, side), SIZE)
    if _BLUR_MATRIX is None:
        _BLUR_MATRIX = _blur_matrix(SIZE, BLUR)
    im = _BLUR_MATRIX @ im @ _BLUR_MATRIX.T
    gy, gx = np.gradient(im)
    mag = np.hypot(gx, gy).ravel()
    angle = np.mod(np.arctan2(gy, gx), np.pi).ravel()
    bins = np.minimum((angle * (ORIENTATIONS / np.pi)).astype(np.int64), ORIENTATIONS - 1)
    hist = np.bincount(bins * (CELLS * CELLS) + _CELL_OF, weights=mag, minlength=DIM)
    v = np.sqrt(hist)
    v -= v.mean()
    norm = float(np.linalg.norm(v))
    return v / norm if norm > 0 else None


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Cosine of two :func:`image` vectors (1: the same drawing)."""
    return float(a @ b)


# ------------------------------------------------------------------ fonts


@dataclass
class FontProgram:
    """A font program embedded in a PDF, with its CID -> glyph id map.

    Attributes
    ----------
    data : bytes
        The program: TrueType (``FontFile2``) or bare CFF (``FontFile3``).
    kind : str
        ``"truetype"`` or ``"cff"``.
    cid_to_gid : bytes or None
        The ``CIDToGIDMap`` stream (two bytes per CID); None for Identity.
    """

    data: bytes
    kind: str = "truetype"
    cid_to_gid: Optional[bytes] = None
    _font: object = field(default=None, repr=False)
    _cache: Dict[int, Optional[np.ndarray]] = field(default_factory=dict, repr=False)

    def _load(self):
        if self._font is None:
            if self.kind == "cff":
                from fontTools.cffLib import CFFFontSet

                cff = CFFFontSet()
                cff.decompile(io.BytesIO(self.data), None)
                self._font = cff[cff.fontNames[0]]
            else:
                from fontTools.ttLib import TTFont

                self._font = TTFont(io.BytesIO(self.data), lazy=True)
        return self._font

    def gid(self, cid: int) -> int:
        """Glyph id of ``cid``."""
        m = self.cid_to_gid
        if m is None or 2 * cid + 2 > len(m):
            return cid
        return (m[2 * cid] << 8) | m[2 * cid + 1]

    def glyph_image(self, cid: int) -> Optional[np.ndarray]:
        """The :func:`image` of glyph ``cid``; None where it cannot be drawn."""
        if cid not in self._cache:
            try:
                self._cache[cid] = self._draw(cid)
            except Exception:  # a damaged program: no evidence, never an error
                self._cache[cid] = None
        return self._cache[cid]

    def _draw(self, cid: int) -> Optional[np.ndarray]:
        font = self._load()
        if self.kind == "cff":
            strings = font.CharStrings
            charset = font.charset
            if hasattr(font, "ROS"):  # CID-keyed: glyphs are named cidNNNNN
                name = f"cid{cid:05d}"
            else:
                gid = self.gid(cid)
                name = charset[gid] if gid < len(charset) else None
            if name is None or name not in strings:
                return None
            flat = _FlatPen()
            strings[name].draw(flat.pen)
            return image(flat.pen.contours, 1000.0)
        order = font.getGlyphOrder()
        gid = self.gid(cid)
        if gid >= len(order):
            return None
        return image(_contours(font.getGlyphSet(), order[gid]), float(font["head"].unitsPerEm))


def font_program(spec: Any) -> Optional["FontProgram"]:
    """The embedded program of a PDF's Type0 font (its font dictionary, as
    pdfminer.six parsed it), or None: not a Type0 font, no embedded program,
    or a damaged dictionary."""
    from pdfminer.pdftypes import resolve1

    try:
        spec = resolve1(spec)
        desc = resolve1(resolve1(spec.get("DescendantFonts"))[0])
        fd = resolve1(desc.get("FontDescriptor"))
        m = resolve1(desc.get("CIDToGIDMap"))
        cid_to_gid = m.get_data() if hasattr(m, "get_data") else None
        for name, kind in (("FontFile2", "truetype"), ("FontFile3", "cff")):
            stream = resolve1(fd.get(name))
            if stream is not None and hasattr(stream, "get_data"):
                return FontProgram(bytes(stream.get_data()), kind, cid_to_gid)
    except Exception:  # not a Type0 font, or a damaged one: no program
        return None
    return None


class ReferenceFont:
    """An installed font whose characters are drawn for comparison."""

    def __init__(self, path: str, number: int = 0) -> None:
        self.path = path
        self.number = number
        self.name = os.path.basename(path)
        self._font = None
        self._cmap: Optional[Mapping[int, str]] = None
        self._cache: Dict[str, Optional[np.ndarray]] = {}
        self._matrices: Dict[Tuple[str, ...], Tuple[List[str], np.ndarray]] = {}
        self._lock = threading.RLock()  # one font object, shared by the threads of a process

    def matrix(self, pool: Sequence[str]) -> Tuple[List[str], np.ndarray]:
        """The characters of ``pool`` this font draws and their images (rows).

        Drawing a vocabulary takes seconds, so the result is kept for the
        process and in the user's cache folder (:func:`_cache_file`)."""
        pool = tuple(pool)
        got = self._matrices.get(pool)
        if got is not None:
            return got
        with self._lock:
            return self._matrix(pool)

    def _matrix(self, pool: Tuple[str, ...]) -> Tuple[List[str], np.ndarray]:
        got = self._matrices.get(pool)
        if got is None:
            cache = _cache_file(self, pool)
            got = _load_matrix(cache, pool)
            if got is None:
                drawn = [(c, self.image(c)) for c in pool]
                drawn = [(c, v) for c, v in drawn if v is not None]
                got = ([c for c, _ in drawn],
                       np.array([v for _, v in drawn], dtype=np.float32).reshape(len(drawn), DIM))
                _save_matrix(cache, got)
            self._matrices[pool] = got
        return got

    def _load(self) -> None:
        from fontTools.ttLib import TTFont

        self._font = TTFont(self.path, fontNumber=self.number, lazy=True)
        self._cmap = self._font.getBestCmap() or {}
        self._glyphs = self._font.getGlyphSet()
        self._em = float(self._font["head"].unitsPerEm)

    def image(self, char: str) -> Optional[np.ndarray]:
        """The :func:`image` of ``char`` in this font; None if it has none."""
        got = self._cache.get(char, self)
        if got is not self:
            return got
        with self._lock:
            return self._image(char)

    def _image(self, char: str) -> Optional[np.ndarray]:
        if char not in self._cache:
            try:
                if self._font is None:
                    self._load()
                name = self._cmap.get(ord(char)) if len(char) == 1 else None
                if name is None:
                    self._cache[char] = None
                else:
                    self._cache[char] = image(_contours(self._glyphs, name), self._em)
            except Exception:  # an unreadable font: no evidence
                self._cache[char] = None
        return self._cache[char]


class ShippedReference:
    """Drawings of a vocabulary in one typeface, shipped as data
    (``models/shapes-*.npz``, made by :func:`docfix.train.shapes.build`), so
    that glyphs can be compared by shape on a machine with no CJK font.

    The file holds ``chars`` (one string), ``images`` (int8, one row per
    character, each row scaled to its largest value), ``source`` (the font
    file drawn) and ``features`` (:data:`FEATURES` when drawn: a file drawn
    with other settings is not used)."""

    def __init__(self, path: str) -> None:
        with np.load(path) as z:
            chars = str(z["chars"])
            images = z["images"].astype(np.float32)
            self.source = str(z["source"])
            features = str(z["features"])
        if features != FEATURES or len(chars) != len(images) or images.shape[1:] != (DIM,):
            raise ValueError(f"{path}: drawn with other settings ({features})")
        images /= np.maximum(np.linalg.norm(images, axis=1, keepdims=True), 1e-12)
        self.path = path
        self.name = f"{self.source} (shipped)"
        self._row = {c: i for i, c in enumerate(chars)}
        self._images = images

    def image(self, char: str) -> Optional[np.ndarray]:
        i = self._row.get(char)
        return None if i is None else self._images[i]

    def matrix(self, pool: Sequence[str]) -> Tuple[List[str], np.ndarray]:
        chars = [c for c in pool if c in self._row]
        return chars, self._images[[self._row[c] for c in chars]] if chars else np.zeros((0, DIM), np.float32)


_OPEN: Dict[str, Any] = {}


def _cache_file(font: ReferenceFont, pool: Tuple[str, ...]) -> Optional[str]:
    """Where the drawings of ``pool`` in ``font`` are cached: named by the
    font file (path, face, size, time), then by the pool and the drawing
    settings (:data:`FEATURES`)."""
    import hashlib

    try:
        st = os.stat(font.path)
    except OSError:
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    digest = lambda s: hashlib.sha1(s.encode("utf-8")).hexdigest()[:12]  # noqa: E731
    which = digest(f"{os.path.abspath(font.path)}|{font.number}|{st.st_size}|{st.st_mtime_ns}")
    return os.path.join(base, "docfix", f"shapes-{which}-{digest(FEATURES + '|' + ''.join(pool))}.npz")


def _load_matrix(path: Optional[str], pool: Tuple[str, ...]) -> Optional[Tuple[List[str], np.ndarray]]:
    if path is None or not os.path.isfile(path):
        return None
    try:
        with np.load(path) as z:
            chars = str(z["chars"])
            m = z["images"].astype(np.float32)
        if len(chars) != len(m) or not set(chars) <= set(pool):
            return None
        return list(chars), m
    except Exception:  # a damaged cache file: draw again
        return None


def _save_matrix(path: Optional[str], got: Tuple[List[str], np.ndarray]) -> None:
    if path is None:
        return
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        tmp = f"{path}.{os.getpid()}.tmp"
        with open(tmp, "wb") as fh:
            np.savez(fh, chars=np.array("".join(got[0])), images=got[1].astype(np.float16))
        os.replace(tmp, path)
        font_part = os.path.basename(path).rsplit("-", 1)[0]
        for old in os.listdir(os.path.dirname(path)):  # drawings of older settings of this font
            if old.startswith(font_part + "-") and old.endswith(".npz") and old != os.path.basename(path):
                os.remove(os.path.join(os.path.dirname(path), old))
    except OSError:  # a read-only home: no cache, no error
        pass


def reference_font(path: str) -> Any:
    """The :class:`ReferenceFont` of ``path`` (a :class:`ShippedReference`
    for a ``.npz`` file), shared by every document of this process (its
    drawings are cached)."""
    font = _OPEN.get(path)
    if font is None:
        font = _OPEN[path] = ShippedReference(path) if path.endswith(".npz") else ReferenceFont(path)
    return font

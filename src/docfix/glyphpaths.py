"""The outline of a glyph as closed polygons (for :mod:`docfix.outlines`).

:func:`contours` flattens a glyph of a fontTools glyph set: TrueType (glyf)
glyphs are decoded and flattened with numpy (:func:`_glyf_contours`), every
other glyph (CFF, cubic, damaged) goes through a fontTools pen
(:class:`_FlatPen`), which is also the reference the numpy path is tested
against: quadratic and cubic segments become 4 straight steps each
(t = 0.25, 0.5, 0.75, 1), and contours of 2 points or fewer are dropped.
"""
from __future__ import annotations

import struct
from typing import Any, List, Sequence, Tuple

import numpy as np

__all__ = ["contours"]


class _FlatPen:
    """A fontTools pen that flattens an outline into closed polygons."""

    def __init__(self, glyph_set=None) -> None:
        from fontTools.pens.basePen import BasePen

        class Pen(BasePen):
            def __init__(pen) -> None:
                BasePen.__init__(pen, glyph_set)
                pen.contours: List[np.ndarray] = []
                pen.cur: List[Tuple[float, float]] = []

            def _moveTo(pen, p) -> None:
                pen.cur = [p]

            def _lineTo(pen, p) -> None:
                pen.cur.append(p)

            def _curveToOne(pen, a, b, c) -> None:
                p0 = pen.cur[-1]
                for t in (0.25, 0.5, 0.75, 1.0):
                    u = 1 - t
                    pen.cur.append(tuple(u ** 3 * p0[i] + 3 * u * u * t * a[i] + 3 * u * t * t * b[i] + t ** 3 * c[i]
                                         for i in (0, 1)))

            def _qCurveToOne(pen, a, b) -> None:
                p0 = pen.cur[-1]
                for t in (0.25, 0.5, 0.75, 1.0):
                    u = 1 - t
                    pen.cur.append(tuple(u * u * p0[i] + 2 * u * t * a[i] + t * t * b[i] for i in (0, 1)))

            def _closePath(pen) -> None:
                if len(pen.cur) > 2:
                    pen.contours.append(np.asarray(pen.cur, dtype=float))
                pen.cur = []

            _endPath = _closePath

        self.pen = Pen()


#: Weights of a quadratic's start, control, end at t = 0.25, 0.5, 0.75, 1 (as _FlatPen has them).
_QW = np.array([[(1 - t) * (1 - t), 2 * (1 - t) * t, t * t] for t in (0.25, 0.5, 0.75, 1.0)])


def _flatten_quadratic(z: np.ndarray, on: np.ndarray, ends: Sequence[int]) -> List[np.ndarray]:
    """The polygons :class:`_FlatPen` makes of TrueType contours (points ``z`` as complex numbers, on-curve
    flags ``on``, contours' last points ``ends``) as fontTools' glyf drawing and BasePen go: from the first
    on-curve point round to it (none: from and to the midpoint of the last and first points), a point implied
    between two off-curve ones, quadratics flattened at t = 0.25, 0.5, 0.75, 1, the last straight line left
    implied, polygons of two points or fewer dropped."""
    n, ends = len(z), np.asarray(ends, dtype=np.intp)
    starts = np.concatenate(([0], ends[:-1] + 1))
    length = ends - starts + 1
    if length.min() < 1 or ends[-1] != n - 1:
        raise ValueError("malformed contours")  # the pen decides
    on_at = np.flatnonzero(np.append(on, True))
    first = on_at[np.searchsorted(on_at, starts)]
    none = first > ends
    m = length + 1 + none  # the start, the points round to it (the start again)
    off = np.cumsum(m) - m
    cid = np.repeat(np.arange(len(ends)), m)
    pos = np.arange(len(cid)) - off[cid]
    src = starts[cid] + (np.where(none, -1, first - starts)[cid] + pos) % length[cid]
    if none.any():  # their starts: midpoints of last and first points, appended
        v = np.flatnonzero(none)
        z = np.concatenate((z, 0.5 * (z[ends[v]] + z[starts[v]])))
        on = np.append(on, np.ones(len(v), dtype=bool))
        mid = n - 1 + np.cumsum(none)
        src = np.where(none[cid] & ((pos == 0) | (pos > length[cid])), mid[cid], src)
    p, p_on = z[src], on[src]
    prev, prev_on = np.concatenate((p[:1], p[:-1])), np.concatenate((p_on[:1], p_on[:-1]))
    nxt, nxt_on = np.concatenate((p[1:], p[-1:])), np.concatenate((p_on[1:], p_on[-1:]))
    head = pos == 0
    # off-curve: a quadratic from the point (or midpoint) before to the one after; on: moveTo, lineTo (not last)
    count = np.where(p_on, head | (prev_on & np.append(~head[1:], False)), 4)
    at = np.repeat(np.arange(len(p)), count)
    w = _QW[np.arange(len(at)) - np.repeat(np.cumsum(count) - count, count)]
    a = np.where(prev_on, prev, 0.5 * (prev + p))[at]
    c = np.where(nxt_on, nxt, 0.5 * (p + nxt))[at]
    pts = np.where(p_on[at], p[at], w[:, 0] * a + w[:, 1] * p[at] + w[:, 2] * c).view(float).reshape(-1, 2)
    bounds = np.cumsum(np.add.reduceat(count, off)).tolist()
    return [pts[i:j] for i, j in zip([0] + bounds[:-1], bounds) if j - i > 2]


#: By flags: bytes of a point's x, y in glyf data, sign of a short one; repeating.
_SIZE = np.array([[1 if f & s else 0 if f & r else 2 for f in range(256)] for s, r in ((2, 16), (4, 32))])
_SIGN = np.array([[(1 if f & r else -1) if f & s else 0 for f in range(256)] for s, r in ((2, 16), (4, 32))])
_REPEATS = bytes(int(f & 8 != 0) for f in range(256))


def _simple_glyph(data: bytes) -> Tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """Points (complex), flags, contour ends and xMin of a simple glyph's data, as fontTools decodes them."""
    nc, x_min = struct.unpack_from(">hh", data)
    ends = np.frombuffer(data, ">u2", nc, 10).astype(np.intp)
    at, n, flags = 12 + 2 * nc + struct.unpack_from(">H", data, 10 + 2 * nc)[0], int(ends[-1]) + 1, b""
    while len(flags) < n:
        chunk = data[at:at + n - len(flags)]
        k = chunk.translate(_REPEATS).find(1)
        if k < 0:
            flags, at = flags + chunk, at + len(chunk)
            break
        flags += chunk[:k] + chunk[k:k + 1] * (data[at + k + 1] + 1)
        at += k + 2
    fl = np.frombuffer(flags, np.uint8)
    size = _SIZE[:, fl].ravel()  # all x, then all y
    end = at + np.cumsum(size)
    if len(flags) != n or end[-1] > len(data):
        raise ValueError("bad glyph data")
    i = np.minimum(end - size, len(data))
    buf = np.frombuffer(data + b"\0\0", np.uint8)
    b0 = buf[i].astype(np.int64)
    v = np.where(size == 2, ((b0 << 8 | buf[i + 1]) ^ 0x8000) - 0x8000, b0 * _SIGN[:, fl].ravel())
    z = np.empty(n, complex)
    z.real, z.imag = np.cumsum(v.reshape(2, n), axis=1)
    return z, fl, ends, x_min


def _glyf_points(glyph_set: Any, name: str, transform: Any, depth: int, out: List[Tuple[Any, ...]]) -> None:
    """Gather the points, flags and contour ends of glyph ``name`` of a glyf glyph
    set (and components) as its drawing hands them to a pen (via TransformPen)."""
    from fontTools.misc.transform import Identity, Transform
    lsb = glyph_set.hMetrics[name][1]  # (the pen's glyph objects read the metrics)
    _ = glyph_set.vMetrics[name] if glyph_set.vMetrics is not None else None
    glyf = glyph_set.glyfTable
    data = getattr(glyf.glyphs[name], "data", None)  # None once fontTools expanded it
    if data is not None and len(data) >= 12 and int.from_bytes(data[:2], "big", signed=True) > 0:
        z, flags, ends, x_min = _simple_glyph(data)
    else:
        glyph = glyf[name]
        if glyph.isComposite():
            if depth > 16:
                raise ValueError(name)
            for component in glyph.components:
                base, t = component.getComponentInfo()
                if base not in glyf.glyphs:
                    raise ValueError(base)  # the pen skips it with a warning
                t = t if transform is None else transform.transform(t)
                _glyf_points(glyph_set, base, None if t == Identity else Transform(*t), depth + 1, out)
            return
        coords, ends, flags = glyph.getCoordinates(glyf)
        if not len(ends):
            return
        z = np.array(coords._a, dtype=float).view(complex)
        flags, x_min = np.frombuffer(bytes(flags), np.uint8), getattr(glyph, "xMin", lsb)
    if (flags & 0x80).any():
        raise ValueError(name)  # cubic curves
    if depth == 0 and lsb != x_min:
        z.real += lsb - x_min
    if transform is not None:
        (xx, xy, yx, yy, dx, dy), x, y = transform, z.real, z.imag
        z = xx * x + yx * y + dx + 1j * (xy * x + yy * y + dy)
    out.append((z, (flags & 1) != 0, ends))


def _glyf_contours(glyph_set: Any, name: str) -> List[np.ndarray]:
    """What :class:`_FlatPen` draws of glyph ``name`` of a fontTools glyf glyph set (not a variable
    instance), without it; raises where the pen must decide."""
    if getattr(glyph_set, "location", None):
        raise ValueError(name)
    parts: List[Tuple[Any, ...]] = []
    _glyf_points(glyph_set, name, None, 0, parts)
    if len(parts) <= 1:
        return _flatten_quadratic(*parts[0]) if parts else []
    z, on, ends = zip(*parts)
    base = np.cumsum([0] + [len(q) for q in z[:-1]])
    ends = np.concatenate([np.add(e, b) for e, b in zip(ends, base)])
    return _flatten_quadratic(np.concatenate(z), np.concatenate(on), ends)


def contours(glyph_set: Any, name: str) -> List[np.ndarray]:
    """The polygons of glyph ``name``: numpy for glyf glyphs, else (CFF, cubic, odd glyphs) the pen."""
    if hasattr(glyph_set, "glyfTable"):
        try:
            return _glyf_contours(glyph_set, name)
        except Exception:  # the pen decides (and raises, if it must)
            pass
    flat = _FlatPen(glyph_set)
    glyph_set[name].draw(flat.pen)
    return flat.pen.contours

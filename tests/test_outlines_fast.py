"""The numpy drawing of glyf glyphs (docfix.glyphpaths._glyf_contours) against the pen it stands in for.

The pen (:class:`docfix.glyphpaths._FlatPen` fed by fontTools' glyf drawing) is the reference: the numpy path must
give the same polygons, point by point, and so the same images, for simple and composite glyphs, contours that
start off the curve or have no on-curve point at all, transformed components and shifted glyphs."""
from __future__ import annotations

import io
import os

import numpy as np
import pytest

from docfix import glyphpaths, outlines

FONTS = [
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/arphic/ukai.ttc",
]



def _finish(fb, family: str) -> bytes:
    """The remaining tables of a FontBuilder font, and its bytes."""
    fb.setupHorizontalHeader(ascent=800, descent=-200)
    fb.setupNameTable({"familyName": family, "styleName": "Regular"})
    fb.setupOS2()
    fb.setupPost()
    buf = io.BytesIO()
    fb.save(buf)
    return buf.getvalue()

def pen_contours(glyph_set, name):
    flat = glyphpaths._FlatPen(glyph_set)
    glyph_set[name].draw(flat.pen)
    return flat.pen.contours


def assert_same(ref, got, what=""):
    assert len(ref) == len(got), what
    for a, b in zip(ref, got):
        assert a.shape == b.shape, what
        assert np.allclose(a, b, rtol=0, atol=1e-9), what


def assert_same_image(ref, got, em, what=""):
    a, b = outlines.image(ref, em), outlines.image(got, em)
    assert (a is None) == (b is None), what
    if a is not None:
        assert np.array_equal(a, b), what


# ------------------------------------------------------------------ a hand-made font

def _simple(points, ends):
    """A glyf Glyph of ``points`` [(x, y, on)] with contours ending at ``ends``."""
    from fontTools.ttLib.tables import ttProgram
    from fontTools.ttLib.tables._g_l_y_f import Glyph, GlyphCoordinates

    g = Glyph()
    g.numberOfContours = len(ends)
    g.coordinates = GlyphCoordinates([(x, y) for x, y, _ in points])
    g.flags = bytearray(1 if on else 0 for _, _, on in points)
    g.endPtsOfContours = list(ends)
    g.program = ttProgram.Program()
    g.program.fromBytecode(b"")
    return g


def _composite(parts):
    """A composite Glyph of ``parts`` [(name, dx, dy, 2x2 matrix or None)]."""
    from fontTools.ttLib.tables._g_l_y_f import Glyph, GlyphComponent

    g = Glyph()
    g.numberOfContours = -1
    g.components = []
    for name, dx, dy, matrix in parts:
        c = GlyphComponent()
        c.glyphName, c.x, c.y, c.flags = name, dx, dy, 0
        if matrix is not None:
            c.transform = matrix
        g.components.append(c)
    return g


def _make_font() -> bytes:
    from fontTools.fontBuilder import FontBuilder

    glyphs = {
        ".notdef": _simple([(0, 0, 1), (500, 0, 1), (500, 700, 1), (0, 700, 1)], [3]),
        "space": _simple([], []),
        # all off-curve: a rounded square; then an all-off triangle
        "alloff": _simple([(100, 0, 0), (600, 100, 0), (700, 600, 0), (200, 700, 0),
                           (300, 300, 0), (400, 300, 0), (350, 400, 0)], [3, 6]),
        # starts off the curve, with runs of off-curve points; a second contour starting on it
        "offstart": _simple([(50, 50, 0), (300, 0, 1), (600, 80, 0), (650, 400, 0), (600, 650, 1),
                             (300, 700, 0), (100, 600, 0), (0, 300, 1),
                             (200, 200, 1), (250, 260, 0), (300, 200, 1), (330, 330, 1)], [7, 11]),
        # lines only; a one-point and a two-point contour (dropped); a lone off-curve point (kept)
        "odd": _simple([(0, 0, 1), (400, 0, 1), (400, 400, 1), (0, 400, 1),
                        (500, 500, 1), (600, 600, 1), (700, 600, 1), (800, 800, 0)], [3, 4, 6, 7]),
        "shifted": _simple([(120, 10, 1), (420, 10, 0), (420, 310, 1), (120, 310, 0)], [3]),
        "comp": _composite([("alloff", 100, -50, [[0.5, 0.25], [-0.25, 0.75]]), ("offstart", 30, 40, None),
                            ("odd", 0, 0, None)]),
        "nested": _composite([("comp", 10, 20, [[0, 1], [-1, 0]]), ("shifted", -5, 5, [[-1, 0], [0, 1]])]),
        "flipped": _composite([("offstart", 700, 0, [[-1, 0], [0, 1]])]),
    }
    order = list(glyphs)
    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder(order)
    fb.setupCharacterMap({0x41 + i: name for i, name in enumerate(order[1:])})
    fb.setupGlyf(glyphs)
    lsb = {name: getattr(fb.font["glyf"][name], "xMin", 0) for name in order}
    lsb["shifted"] += 37  # hmtx disagrees with the glyph's box: fontTools draws it shifted
    fb.setupHorizontalMetrics({name: (1000, lsb[name]) for name in order})
    return _finish(fb, "DocfixTest")


@pytest.fixture(scope="module")
def made_font():
    return _make_font()


def _font(data):
    from fontTools.ttLib import TTFont

    return TTFont(io.BytesIO(data), lazy=True)


def test_hand_made_glyphs_match_the_pen(made_font):
    fresh, drawn = _font(made_font), _font(made_font)
    fast, slow = fresh.getGlyphSet(), drawn.getGlyphSet()
    assert fresh["hmtx"]["shifted"][1] != fresh["glyf"]["shifted"].xMin  # the shift survived the round trip
    for name in fresh.getGlyphOrder():
        got = glyphpaths._glyf_contours(fast, name)  # raw glyph data, decoded here
        ref = pen_contours(slow, name)
        assert_same(ref, got, name)
        assert_same_image(ref, got, 1000.0, name)
        assert_same(ref, glyphpaths._glyf_contours(slow, name), name)  # glyphs fontTools has expanded
    # what the pen makes of them, spelled out for two
    alloff = pen_contours(slow, "alloff")
    assert len(alloff) == 2 and len(alloff[0]) == 1 + 4 * 4
    assert np.allclose(alloff[0][0], [(200 + 100) / 2, (700 + 0) / 2])  # starts between last and first
    assert np.allclose(alloff[0][-1], alloff[0][0])
    offstart = pen_contours(slow, "offstart")
    assert np.allclose(offstart[0][0], [300, 0])  # starts at the first on-curve point
    odd = pen_contours(slow, "odd")
    assert [len(c) for c in odd] == [4, 5]  # the one- and two-point contours dropped


def test_font_program_and_fallbacks(made_font, monkeypatch):
    ref_font = _font(made_font)
    glyph_set, order = ref_font.getGlyphSet(), ref_font.getGlyphOrder()
    program = outlines.FontProgram(made_font, "truetype")
    for gid, name in enumerate(order):
        want = outlines.image(pen_contours(glyph_set, name), 1000.0)
        got = program.glyph_image(gid)
        assert (want is None) == (got is None) and (want is None or np.array_equal(want, got)), name

    # the pen is not called for glyf glyphs ...
    def no_pen(*args, **kwargs):
        raise AssertionError("the pen was used")

    monkeypatch.setattr(glyphpaths, "_FlatPen", no_pen)
    assert outlines.FontProgram(made_font, "truetype").glyph_image(order.index("nested")) is not None
    monkeypatch.undo()

    # ... and draws them all where the numpy path fails
    def broken(*args, **kwargs):
        raise ValueError("broken")

    monkeypatch.setattr(glyphpaths, "_glyf_contours", broken)
    again = outlines.FontProgram(made_font, "truetype")
    for gid, name in enumerate(order):
        want = program.glyph_image(gid)
        got = again.glyph_image(gid)
        assert (want is None) == (got is None) and (want is None or np.array_equal(want, got)), name


def _cff_font():
    """An OpenType font with CFF outlines: glyph "A" (gid 1), a cubic curve and two lines."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.t2CharStringPen import T2CharStringPen

    fb = FontBuilder(1000, isTTF=False)
    fb.setupGlyphOrder([".notdef", "A"])
    fb.setupCharacterMap({0x41: "A"})
    pen = T2CharStringPen(600, None)
    pen.moveTo((0, 0))
    pen.curveTo((100, 300), (400, 300), (500, 0))
    pen.lineTo((250, -100))
    pen.closePath()
    empty = T2CharStringPen(600, None)
    fb.setupCFF("Test", {}, {".notdef": empty.getCharString(), "A": pen.getCharString()}, {})
    fb.setupHorizontalMetrics({".notdef": (600, 0), "A": (600, 0)})
    return _font(_finish(fb, "DocfixCFF"))


def test_cubic_glyf_and_cff_go_to_the_pen(made_font):
    # a glyf point flagged cubic: left to the pen
    font = _font(made_font)
    glyf = font["glyf"]
    g = glyf["offstart"]
    g.flags = bytearray(f | 0x80 if i in (5, 6) else f for i, f in enumerate(g.flags))
    with pytest.raises(Exception):
        glyphpaths._glyf_contours(font.getGlyphSet(), "offstart")
    # a CFF font has no glyf table: the pen draws it
    cff = _cff_font()
    glyph_set = cff.getGlyphSet()
    assert_same(pen_contours(glyph_set, "A"), glyphpaths.contours(glyph_set, "A"))


# ------------------------------------------------------------------ installed fonts

def _sample(names, k):
    if len(names) <= k:
        return list(names)
    return [names[int(i)] for i in np.linspace(0, len(names) - 1, k)]


@pytest.mark.parametrize("path", FONTS, ids=os.path.basename)
def test_installed_fonts_match_the_pen(path):
    if not os.path.exists(path):
        pytest.skip(f"{path} is not installed")
    from fontTools.ttLib import TTFont

    fresh = TTFont(path, fontNumber=0, lazy=True)
    drawn = TTFont(path, fontNumber=0, lazy=True)
    fast, slow = fresh.getGlyphSet(), drawn.getGlyphSet()
    em = float(fresh["head"].unitsPerEm)
    cmap = fresh.getBestCmap()
    names = sorted(set(cmap.values()), key=fresh.getGlyphID)
    composite = [n for n in _sample(names, 3000) if drawn["glyf"][n].isComposite()]
    chosen = list(dict.fromkeys(_sample(names, 300) + composite))
    assert len(chosen) >= 300
    for name in chosen:
        got = glyphpaths._glyf_contours(fast, name)
        ref = pen_contours(slow, name)
        assert_same(ref, got, name)
        assert_same_image(ref, got, em, name)
    # and through ReferenceFont, characters spread over the cmap
    ref_font = outlines.ReferenceFont(path)
    chars = [chr(c) for c in _sample(sorted(cmap), 40)]
    for ch in chars:
        want = outlines.image(pen_contours(slow, cmap[ord(ch)]), em)
        got = ref_font.image(ch)
        assert (want is None) == (got is None) and (want is None or np.array_equal(want, got)), ch


def test_embedded_bare_cff_program_is_drawn():
    """A PDF's FontFile3 holds a bare CFF table: FontProgram reads it with
    cffLib and draws glyph id 1 as the pen draws the same glyph."""
    otf = _cff_font()
    bare = otf.reader["CFF "]  # the table's bytes, as a PDF embeds them
    prog = outlines.FontProgram(bytes(bare), "cff")
    want = outlines.image(pen_contours(otf.getGlyphSet(), "A"), 1000.0)
    got = prog.glyph_image(1)
    assert got is not None and np.allclose(got, want)
    assert prog.glyph_image(7) is None  # no such glyph: no drawing, no error

"""Shape evidence (docfix.outlines, docfix.shapes): drawing, fitting, reading PDFs."""
from __future__ import annotations

import os

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import docfix
import pdfmake
from docfix import outlines, shapes
from docfix.pdf import extract
from docfix.shapes import ShapeEvidence, evidence_for, find_reference_fonts, fit_beta

from pdfmake import FONT as _FONT, REASON as _REASON, needs_maker
from test_pdf_repair import TEXT, squash

#: each written once in TEXT but 育: one context is little language evidence
LOST = set("满型均育")


# ------------------------------------------------------------------ drawing


def _winding_reference(contours, box, n):
    """Pure-Python nonzero winding number at each cell centre (the reference
    the vectorised scanline fill is checked against)."""
    x0, y0, side = box
    out = np.zeros((n, n))
    for r in range(n):
        py = y0 + side - (r + 0.5) * side / n
        for c in range(n):
            px = x0 + (c + 0.5) * side / n
            w = 0
            for poly in contours:
                for i in range(len(poly)):
                    (ax, ay), (bx, by) = poly[i], poly[(i + 1) % len(poly)]
                    cross = (bx - ax) * (py - ay) - (px - ax) * (by - ay)
                    if ay <= py < by and cross > 0:
                        w += 1
                    elif by <= py < ay and cross < 0:
                        w -= 1
            out[r, c] = w != 0
    return out


_coord = st.integers(min_value=0, max_value=1000).map(float)
_polygon = st.lists(st.tuples(_coord, _coord), min_size=3, max_size=7).map(lambda p: np.array(p, float))


@settings(max_examples=60, deadline=None)
@given(st.lists(_polygon, min_size=1, max_size=3))
def test_fill_matches_the_pure_python_winding_rule(contours):
    box = (-10.0, -10.0, 1020.0)
    got = outlines._fill(contours, box, 12)
    want = _winding_reference(contours, box, 12)
    # a cell centre exactly on an edge may go either way; nothing else may differ
    assert np.abs(got - want).sum() <= 2


def test_image_is_unit_length_and_empty_glyph_is_none():
    ring = [np.array([[0, 0], [800, 0], [800, 800], [0, 800]], float),
            np.array([[200, 200], [200, 600], [600, 600], [600, 200]], float)]  # a hole, wound the other way
    v = outlines.image(ring, 1000)
    assert v.shape == (outlines.DIM,) and abs(float(v @ v) - 1) < 1e-9
    assert outlines.image([], 1000) is None
    square = outlines.image([ring[0]], 1000)
    assert outlines.similarity(v, square) < 0.9  # the hole shows


def test_fit_beta_prefers_sharp_weights_for_telling_shapes():
    sharp = np.eye(6) * 0.5 + 0.4
    flat = np.full((6, 6), 0.5)
    assert fit_beta(sharp)[0] > fit_beta(flat)[0] == 0.0
    # the own character given by column
    shuffled = sharp[:, ::-1]
    assert fit_beta(shuffled, np.arange(6)[::-1])[0] == fit_beta(sharp)[0]


def test_reference_fonts_from_the_environment(tmp_path):
    font = tmp_path / "ref.ttf"
    font.write_bytes(b"x")
    assert find_reference_fonts({shapes.ENV: str(font)}) == [str(font)]
    assert find_reference_fonts({shapes.ENV: ""}) == []
    assert find_reference_fonts({shapes.ENV: str(tmp_path / "missing.ttf")}) == []


# ------------------------------------------------------------------ PDFs


@pytest.fixture(scope="module")
def made():
    if _REASON:
        pytest.skip(_REASON)
    return pdfmake.make_damaged_pdf([TEXT], lost=LOST, font=_FONT)


@needs_maker
def test_pdf_keeps_the_programs_and_known_glyphs(made):
    doc = extract(made.data)
    (font,) = doc.unmapped
    prog = doc.programs[font]
    assert doc.samples[font] and all(len(ch) == 1 for ch in doc.samples[font].values())
    ref = outlines.ReferenceFont(_FONT)
    for ch, cid in made.removed.items():  # every unknown glyph is drawn, and drawn as its character
        mine = prog.glyph_image(cid)
        assert mine is not None
        assert outlines.similarity(mine, ref.image(ch)) > 0.99


@needs_maker
def test_evidence_picks_each_glyph_among_candidates(made):
    doc = extract(made.data)
    ev = evidence_for(doc, [_FONT])
    (font,) = doc.unmapped
    assert ev.fit(font).top1 > 0.9 and ev.fit(font).beta > 0
    candidates = list("满型均育教进发展质量")
    for ch, cid in made.removed.items():
        sc = ev.scores(("pdf", font, cid), candidates)
        assert max(sc, key=sc.get) == ch
    assert ev.scores(("cid", 5), candidates) == {}  # not a PDF glyph: no evidence


@needs_maker
def test_no_evidence_when_off_or_no_reference(made):
    doc = extract(made.data)
    assert evidence_for(doc, False) is None
    assert evidence_for(doc, []) is None
    # a font with too few known glyphs gets no weight
    ev = ShapeEvidence(doc.programs, {f: dict(list(s.items())[:3]) for f, s in doc.samples.items()}, [_FONT])
    (font,) = doc.unmapped
    assert ev.fit(font).beta == 0.0 and ev.scores(("pdf", font, made.removed["育"]), ["育", "教"]) == {}


@needs_maker
def test_repair_pdf_reads_single_occurrence_glyphs_by_shape(made):
    r = docfix.repair_pdf(made.data, shapes=[_FONT])
    assert squash(r.text) == squash(TEXT)
    assert r.original() == r.input
    applied = [e for e in r.edits if e.applied]
    assert len(applied) == sum(TEXT.count(c) for c in LOST)
    assert all(e.confidence >= 0.9 for e in applied)


@needs_maker
def test_shapes_off_is_the_text_route(made):
    with_shapes = docfix.repair_pdf(made.data, shapes=[_FONT])
    without = docfix.repair_pdf(made.data, shapes=False)
    assert without.input == with_shapes.input
    right = lambda r: sum(e.applied and TEXT.count(e.insert) > 0 for e in r.edits)  # noqa: E731
    assert right(with_shapes) >= right(without)


@needs_maker
def test_vocabulary_drawings_are_cached_on_disk(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    pool = tuple("教育发展质量满型均")
    first = outlines.ReferenceFont(_FONT).matrix(pool)
    files = list((tmp_path / "docfix").glob("shapes-*.npz"))
    assert len(files) == 1
    again = outlines.ReferenceFont(_FONT).matrix(pool)
    assert first[0] == again[0] and np.allclose(first[1], again[1], atol=1e-3)
    files[0].write_bytes(b"damaged")  # a damaged cache is drawn again, never an error
    assert outlines.ReferenceFont(_FONT).matrix(pool)[0] == first[0]
    # drawings of older settings of the same font are replaced, not accumulated
    stale = files[0].with_name(files[0].name.rsplit("-", 1)[0] + "-0123456789ab.npz")
    files[0].rename(stale)
    outlines.ReferenceFont(_FONT).matrix(pool)
    assert [p.name for p in (tmp_path / "docfix").glob("shapes-*.npz")] == [files[0].name]


@needs_maker
@pytest.mark.skipif(not os.path.exists("/usr/share/fonts/truetype/arphic/uming.ttc"), reason="no second CJK font "
                    "(apt-get install fonts-arphic-uming)")
def test_another_typeface_still_helps(made):
    """The document in one typeface, the reference another: the fit sees it
    and still reads the glyphs."""
    doc = extract(made.data)
    ev = evidence_for(doc, ["/usr/share/fonts/truetype/arphic/uming.ttc"])
    (font,) = doc.unmapped
    fit = ev.fit(font)
    assert 0 < fit.beta and 0.3 < fit.top1 < 1.0


@needs_maker
def test_cli_says_once_when_no_reference_font(made, tmp_path):
    from docfix import errors
    from test_cli import run, stderr_lines

    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(made.data)
    p = run([pdf], env={shapes.ENV: ""})
    assert p.returncode == 0 and "Traceback" not in p.stderr
    notes = [ln for ln in stderr_lines(p) if "reference font" in ln]
    assert notes == ["docfix: " + errors.NO_SHAPE_FONTS]
    with_font = run([pdf], env={shapes.ENV: _FONT})
    assert not [ln for ln in stderr_lines(with_font) if "reference font" in ln]
    assert squash(with_font.stdout.decode("utf-8")) == squash(TEXT)
    # --no-shapes: the text alone, no note; the same as repair_pdf(shapes=False)
    off = run(["--format", "json", "--no-shapes", pdf], env={shapes.ENV: ""})
    assert off.returncode == 0 and not [ln for ln in stderr_lines(off) if "reference font" in ln]
    import json

    applied = [e for e in json.loads(off.stdout)["edits"] if e["applied"]]
    assert len(applied) == len(docfix.repair_pdf(made.data, shapes=False).applied)


# ------------------------------------------------------------------ shipped drawings


def test_shipped_drawings_are_found_and_usable():
    found = shapes.shipped_references()
    assert len(found) >= 2 and all(p.endswith(".npz") for p in found)
    ref = outlines.reference_font(found[0])
    v = ref.image("教")
    assert v is not None and abs(float(v @ v) - 1) < 1e-5
    chars, m = ref.matrix(["教", "育", "\ue000"])  # a character it has no drawing of is left out
    assert chars == ["教", "育"] and m.shape == (2, outlines.DIM)


def test_default_references_fall_back_on_the_shipped_drawings(monkeypatch):
    monkeypatch.delenv(shapes.ENV, raising=False)
    monkeypatch.setattr(shapes, "find_reference_fonts", lambda env=None: [])
    assert shapes.default_references() == shapes.shipped_references()
    monkeypatch.setenv(shapes.ENV, "")
    assert shapes.default_references() == []  # the variable is the whole list


def test_shipped_drawings_of_other_settings_are_not_used(tmp_path, monkeypatch):
    from docfix import resources

    stale = tmp_path / "shapes-old.npz"
    np.savez(stale, chars=np.array("教"), images=np.zeros((1, 4), np.int8), source=np.array("x.ttc"),
             features=np.array("fill|32"))
    monkeypatch.setattr(resources, "data_dirs", lambda kind: [tmp_path])
    assert shapes.shipped_references() == []
    with pytest.raises(ValueError):
        outlines.ShippedReference(str(stale))
    broken = tmp_path / "shapes-broken.npz"
    broken.write_bytes(b"not a zip")
    assert ShapeEvidence({}, {}, [str(stale), str(broken)]).references == []  # skipped, never an error


@needs_maker
def test_shipped_drawing_as_the_only_reference_reads_the_glyphs(made):
    """A machine with no CJK font: the shipped Song drawings read a Hei
    document (the drawings of the document's own typeface left out)."""
    own = os.path.basename(_FONT).lower()
    refs = [p for p in shapes.shipped_references() if outlines.ShippedReference(p).source.lower() != own]
    assert refs
    r = docfix.repair_pdf(made.data, shapes=refs)
    assert squash(r.text) == squash(TEXT)
    assert all(e.confidence >= 0.9 for e in r.edits if e.applied)


@needs_maker
def test_a_font_that_lost_its_whole_map_is_read_by_shape_or_left_alone():
    """Every glyph of the font unmapped: the text alone has no context to read
    them from (nothing applied); their shapes read them."""
    made = pdfmake.make_damaged_pdf([TEXT], drop_tounicode=True, font=_FONT)
    doc = extract(made.data)
    assert doc.text.count("\ufffd") >= len(squash(TEXT)) - 2 and not doc.samples.get(next(iter(doc.unmapped)))
    alone = docfix.repair_pdf(made.data, shapes=False)
    assert not alone.applied and alone.original() == alone.input
    by_shape = docfix.repair_pdf(made.data, shapes=[_FONT])
    truth = {cid: ch for ch, cid in made.cids["broken"].items()}
    key = {t.offset: t.key[2] for t in doc.traces}
    right = sum(e.insert == truth[key[e.offset]] for e in by_shape.applied)
    assert right >= 0.95 * len(doc.traces) and right == len(by_shape.applied)


@needs_maker
def test_a_reference_font_is_shared_safely_by_threads():
    from concurrent.futures import ThreadPoolExecutor

    chars = list("教育发展质量满型均一二三四五六七八九十") * 3
    alone = outlines.ReferenceFont(_FONT)
    want = {c: alone.image(c) for c in set(chars)}
    shared = outlines.ReferenceFont(_FONT)
    with ThreadPoolExecutor(4) as pool:
        got = list(pool.map(shared.image, chars))
    assert all(np.array_equal(g, want[c]) for g, c in zip(got, chars))


@needs_maker
def test_a_candidate_the_chosen_reference_cannot_draw_is_drawn_by_another(made):
    """Droid Sans Fallback, often the only CJK font installed, has no Latin
    letters: a lost h left undrawn read 卜 (58 wrong readings on the trace
    bench's test half). Another reference draws what the chosen one cannot."""

    class Partial(outlines.ReferenceFont):
        def __init__(self, path, missing):
            super().__init__(path)
            self.missing = frozenset(missing)

        def image(self, ch):
            return None if ch in self.missing else super().image(ch)

    doc = extract(made.data)
    (font,) = doc.unmapped
    partial = Partial(_FONT, made.removed)  # cannot draw any of the lost glyphs
    ev = shapes.ShapeEvidence(doc.programs, doc.samples, [partial, outlines.ReferenceFont(_FONT)])
    assert ev.fit(font).font is partial
    candidates = list("满型均育教进发展质量")
    for ch, cid in made.removed.items():
        sc = ev.scores(("pdf", font, cid), candidates)
        assert max(sc, key=sc.get) == ch

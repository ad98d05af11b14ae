"""docling-parse's glyph markers: ``GLYPH<c=N,font=/NAME>`` where a glyph
under 32 of a composite font has no Unicode mapping (the font's other
unmapped glyphs print as the character of their code point, as PyMuPDF's do)."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import docfix
from docfix.traces import find
from test_traces import CLEAN  # (a speech's paragraph)

FONT = "/MPDFAA+WenQuanYiMicroHei"


@pytest.fixture(scope="module")
def R():
    return docfix.Repairer()


def marker(n: int, escaped: bool = False) -> str:
    m = f"GLYPH<c={n},font={FONT}>"
    return m.replace("<", "&lt;").replace(">", "&gt;") if escaped else m


def as_docling(text: str, escaped: bool = False) -> str:
    """``text`` (code-point output) with each glyph under 32 printed as docling prints it."""
    return "".join(marker(ord(c), escaped) if "\x00" < c < " " and c not in "\t\n\r\x0b\x0c" else c for c in text)


def test_a_marker_is_a_trace_keyed_by_its_glyph_id():
    text = f"公开。{marker(1)}十一）地方有关职{marker(10)}部门，抄送{marker(10)}源部门。"
    ts = find(text)
    assert [(t.kind, t.key) for t in ts] == [("glyph", ("char", "\x01")), ("glyph", ("char", "\n")),
                                            ("glyph", ("char", "\n"))]
    assert [text[t.start:t.end] for t in ts] == [marker(1), marker(10), marker(10)]


def test_markdown_escaped_lower_case_and_simple_font_markers():
    for m, key in ((marker(7, escaped=True), ("char", "\x07")), (marker(7).lower(), ("char", "\x07")),
                   ("GLYPH<65>", ("char", "A")), ("GLYPH<UNKNOWN>", None)):
        ts = find(f"推进教育{m}息化建设。")
        assert [(t.start, t.end, t.key, t.kind) for t in ts] == [(4, 4 + len(m), key, "glyph")], m


def test_marker_like_text_is_no_trace():
    for text in ("推进教育GLYPH息化建设。", "推进教育<c=1,font=/X>息化。", "推进GLYPH<c=x,font=/X>化。"):
        assert find(text) == []


_PARTS = ["教", "育", "信", "，", "。", "\x01", "\x13", "\x1c", "Ñ", "\x84", "Q", "\n", " ", "2", '"']


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(_PARTS), max_size=40))
def test_docling_markers_are_read_as_the_control_characters_pymupdf_prints(parts):
    """The same glyphs, printed as PyMuPDF prints them and as docling does:
    every marker is a trace, keyed as PyMuPDF's control character (which
    is one only among Chinese: a marker is never the text's own)."""
    pym = "".join(parts)
    dl = as_docling(pym)
    want = [("char", c) for c in pym if "\x00" < c < " " and c not in "\t\n\r\x0b\x0c"]
    got = [t.key for t in find(dl) if t.kind == "glyph"]
    assert got == want
    read = [t.key for t in find(pym) if t.kind == "control" and pym[t.start] < " "]
    it = iter(got)
    assert all(k in it for k in read)  # (a subsequence)


def test_docling_output_is_repaired_as_pymupdfs(R):
    trace_of = {"建": "\x05", "推": "\x13", "育": "Ñ", "信": "\x84"}
    pym = "".join(trace_of.get(c, c) for c in CLEAN * 2)
    for escaped in (False, True):
        dl = as_docling(pym, escaped)
        a, b = R.repair(pym), R.repair(dl)
        assert b.original() == dl
        assert a.text == b.text
        assert [(e.insert, e.applied) for e in a.edits] == [(e.insert, e.applied) for e in b.edits]
        assert sum(e.applied and e.replaces.startswith("GLYPH") for e in b.edits) >= 4
        assert any("docling" in e.reason for e in b.edits if e.replaces.startswith("GLYPH"))


def test_docling_quotation_marks_made_ascii_stay_text(R):
    """docling prints “” as ASCII quotes: a pair is the text's own, a lone one among Chinese a glyph."""
    text = f'部门必须按"一岗双责"要求抓好工作，{marker(5)}进教育信息化。\n' * 3
    assert not [t for t in find(text) if text[t.start] == '"']
    r = R.repair(text)
    assert '"一岗双责"' in r.text
    assert [t.kind for t in find('统筹"进教育信息化，' + marker(5) + "进工作。")] == ["codepoint", "glyph"]

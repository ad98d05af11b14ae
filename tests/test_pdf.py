"""Tests of docfix.pdf: glyph-level extraction of PDFs with unmapped glyphs.

The PDFs are made here (tests/pdfmake.py: fpdf2 writes them with a CJK
TrueType font, pikepdf deletes ToUnicode entries). Texts are compared with
all whitespace removed: where pdfminer breaks lines and boxes is layout, not
content; the paragraph test checks the layout on its own.
"""
from __future__ import annotations

import io
import re
import time
import tracemalloc
from collections import defaultdict

import pytest

import pdfmake
from docfix import errors, pdf
from docfix.errors import DocfixError, ExitCode
from docfix.pdf import PAGE_BREAK, REPLACEMENT, PdfText, extract

_MISSING = pdfmake.missing_tools()
_FONT = None if _MISSING else pdfmake.find_cjk_font()
_REASON = _MISSING or (
    None if _FONT else "no CJK TrueType font found (apt-get install fonts-wqy-microhei)"
)
needs_maker = pytest.mark.skipif(_REASON is not None, reason=_REASON or "")

PAGES = [
    "人工智能研究院发布了新的报告。\n报告指出，人工智能正在改变教育，教育部门应当积极应对新的挑战和机遇。",
    "第二页：教育部门研究人工智能在课堂上的应用。\n各地学校开展了智能教育试点工作，取得了初步成效。\n第三段很短。",
]
LOST = {"智", "育"}

_WS = re.compile(r"\s+")


def squash(text: str) -> str:
    return _WS.sub("", text)


def damaged(text: str, lost) -> str:
    return "".join(REPLACEMENT if c in lost else c for c in text)


def trace_chars(result: PdfText, source: str):
    """(trace, the source character at its place), aligning on non-whitespace."""
    flat = squash(source)
    out = []
    nonspace = 0
    pos = 0
    for trace in result.traces:
        nonspace += len(squash(result.text[pos : trace.offset]))
        pos = trace.offset
        out.append((trace, flat[nonspace]))
    return out


# ------------------------------------------------------------------ the made PDFs


@needs_maker
def test_pdfmake_pdfminer_prints_cid_for_lost_glyphs():
    made = pdfmake.make_damaged_pdf(PAGES, lost=LOST)
    assert set(made.removed) == LOST
    text = pdfmake.extract_pdfminer(made.data)
    for char, cid in made.removed.items():
        assert f"(cid:{cid})" in text
    expected = "".join(f"(cid:{made.removed[c]})" if c in LOST else c for c in "".join(PAGES))
    assert squash(text) == squash(expected)


def test_parse_tounicode_ranges():
    cmap = (
        b"begincmap\n2 beginbfchar\n<0001> <4E2D>\n<0002> <D840DC00>\nendbfchar\n"
        b"1 beginbfrange\n<0003> <0005> <6587>\nendbfrange\n"
        b"1 beginbfrange\n<0010> <0011> [<0041> <00660069>]\nendbfrange\nendcmap\n"
    )
    mapping, width = pdfmake.parse_tounicode(cmap)
    assert width == 2
    assert mapping == {1: "中", 2: "\U00020000", 3: "文", 4: "斈", 5: "斉", 16: "A", 17: "fi"}
    rewritten = pdfmake.write_tounicode(cmap, {k: v for k, v in mapping.items() if v != "文"}, 2)
    again, _ = pdfmake.parse_tounicode(rewritten)
    assert again == {k: v for k, v in mapping.items() if v != "文"}


# ------------------------------------------------------------------ extraction


@needs_maker
def test_lost_glyphs_become_replacement_characters():
    made = pdfmake.make_damaged_pdf(PAGES, lost=LOST)
    result = extract(made.data)
    assert squash(result.text) == squash(damaged("".join(PAGES), LOST))
    assert result.page_count == 2
    for i, page in enumerate(PAGES):
        assert squash(result.page_text(i)) == squash(damaged(page, LOST))
    # pages are joined by PAGE_BREAK, spans exclude it
    (s0, e0), (s1, e1) = result.pages
    assert s0 == 0 and result.text[e0:s1] == PAGE_BREAK and e1 == len(result.text)
    # one trace per U+FFFD, in order, each on a U+FFFD
    assert [t.offset for t in result.traces] == [i for i, c in enumerate(result.text) if c == REPLACEMENT]
    assert result.text.count(REPLACEMENT) == damaged("".join(PAGES), LOST).count(REPLACEMENT)
    # glyph counts: every non-space character was drawn in the one font
    assert list(result.fonts.values()) == [len(squash("".join(PAGES)))]
    assert list(result.unmapped.values()) == [len(result.traces)]


@needs_maker
def test_one_key_per_lost_glyph():
    made = pdfmake.make_damaged_pdf(PAGES, lost=LOST)
    result = extract(made.data)
    chars_of = defaultdict(set)
    keys_of = defaultdict(set)
    for trace, char in trace_chars(result, "".join(PAGES)):
        assert char in LOST
        chars_of[trace.key].add(char)
        keys_of[char].add(trace.key)
    assert all(len(c) == 1 for c in chars_of.values())  # one key: one character
    assert all(len(k) == 1 for k in keys_of.values())  # one character (one font): one key
    assert set(keys_of) == LOST
    for char, (key,) in keys_of.items():
        kind, font, cid = key
        assert kind == "pdf" and font in result.fonts
        assert cid == made.removed[char]  # the glyph whose ToUnicode entry was deleted


@needs_maker
def test_paragraphs_come_out_as_text_boxes():
    long_para = "人工智能研究院发布了新的报告，报告指出，人工智能正在改变教育。" * 4  # wraps over 3 lines
    page = "\n".join([long_para, "第二段：教育部门应当积极应对。", long_para[:50]])
    result = extract(pdfmake.make_pdf([page], lost={"育"}))
    boxes = result.page_text(0).split("\n\n")
    assert [squash(b) for b in boxes] == [squash(damaged(p, {"育"})) for p in page.split("\n")]
    assert boxes[0].count("\n") >= 2  # the wrapped lines of one paragraph: "\n"


@needs_maker
def test_mixed_fonts_intact_part_is_text():
    pages = ["人工智能研究院发布了新的报告。\n智能教育的报告。", "第二页：人工智能与教育。"]
    made = pdfmake.make_damaged_pdf(pages, lost=LOST, broken_from=1)
    result = extract(made.data)
    first = pages[0].split("\n")[0]
    assert squash(result.text).startswith(first)  # the intact paragraph keeps 智 and 育
    rest = "\n".join([pages[0].split("\n")[1], pages[1]])
    assert squash(result.text) == squash(first + damaged(rest, LOST))
    # fpdf2 gives both subsets the same BaseFont: the second object is "#2"
    assert len(result.fonts) == 2
    names = sorted(result.fonts, key=len)
    assert names[1] == names[0] + "#2"
    assert len(result.unmapped) == 1
    assert {t.key[1] for t in result.traces} == set(result.unmapped)


@needs_maker
def test_two_fonts_give_two_keys():
    pages = ["人工智能研究院发布了新的报告。\n智能教育的报告。"]
    made = pdfmake.make_damaged_pdf(pages, lost={"智"}, intact_lost={"智"}, broken_from=1)
    result = extract(made.data)
    assert squash(result.text) == squash(damaged("".join(pages), {"智"}))
    keys = {t.key for t in result.traces}
    assert len(keys) == 2 and len({k[1] for k in keys}) == 2
    assert sorted(k[2] for k in keys) == sorted([made.removed["智"], made.intact_removed["智"]])
    by_key = defaultdict(list)
    for trace in result.traces:
        by_key[trace.key].append(trace.offset)
    assert sorted(len(v) for v in by_key.values()) == [1, 1]


@needs_maker
def test_font_without_tounicode_every_glyph_is_a_trace():
    page = "人工智能研究院，人工智能。"
    result = extract(pdfmake.make_pdf([page], drop_tounicode=True))
    assert squash(result.text) == REPLACEMENT * len(page)
    pairs = trace_chars(result, page)
    assert len({t.key for t, _ in pairs}) == len(set(page))
    assert all(len({c for t, c in pairs if t.key == key}) == 1 for key in {t.key for t, _ in pairs})


@needs_maker
def test_cid_text_fallback(monkeypatch):
    """Where the aggregator cannot mark the characters, "(cid:N)" is parsed."""
    from pdfminer.converter import PDFPageAggregator

    monkeypatch.setattr(pdf, "_GlyphAggregator", lambda m, laparams: PDFPageAggregator(m, laparams=laparams))
    made = pdfmake.make_damaged_pdf(PAGES, lost=LOST)
    result = extract(made.data)
    assert squash(result.text) == squash(damaged("".join(PAGES), LOST))
    assert {t.key[2] for t in result.traces} == set(made.removed.values())


@needs_maker
def test_sources_and_max_pages(tmp_path):
    data = pdfmake.make_pdf(PAGES, lost=LOST)
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    want = extract(data)
    for source in (str(path), path, io.BytesIO(data), bytearray(data)):
        got = extract(source)
        assert (got.text, got.pages, got.traces) == (want.text, want.pages, want.traces)
    one = extract(path, max_pages=1)
    assert one.page_count == 1 and one.text == want.page_text(0)


# ------------------------------------------------------------------ bad input


def _raises(source, code, message, **kwargs) -> DocfixError:
    with pytest.raises(DocfixError) as info:
        extract(source, **kwargs)
    assert info.value.code == code
    assert info.value.message.startswith(message)
    return info.value


@needs_maker
def test_encrypted_pdf_needs_its_password():
    data = pdfmake.make_pdf(PAGES[:1], lost=LOST)
    for r in (6, 4):
        locked = pdfmake.encrypt_pdf(data, "user-pw", "owner-pw", R=r)
        _raises(locked, ExitCode.NO_INPUT, errors.PDF_ENCRYPTED)
        _raises(locked, ExitCode.NO_INPUT, errors.PDF_WRONG_PASSWORD, password="nope")
        for password in ("user-pw", "owner-pw"):
            assert squash(extract(locked, password=password).text) == squash(damaged(PAGES[0], LOST))
    # an empty user password opens without one
    assert extract(pdfmake.encrypt_pdf(data, "", "owner-pw")).traces


@needs_maker
def test_scan_without_text_layer():
    _raises(pdfmake.make_image_pdf(2), ExitCode.NOT_TEXT, errors.PDF_NO_TEXT)


def test_no_pages():
    pikepdf = pytest.importorskip("pikepdf")
    out = io.BytesIO()
    with pikepdf.new() as doc:
        doc.save(out)
    _raises(out.getvalue(), ExitCode.EMPTY, errors.PDF_NO_PAGES)


def test_corrupt_and_not_pdf(tmp_path):
    cannot = errors.PDF_UNREADABLE.split("{")[0]  # "cannot read PDF: "
    _raises(b"hello, this is text" * 50, ExitCode.NOT_TEXT, cannot + "not a PDF")
    _raises(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog", ExitCode.NOT_TEXT, cannot)
    _raises(b"\x00\xff" * 1000, ExitCode.NOT_TEXT, cannot)
    _raises(b"", ExitCode.EMPTY, errors.EMPTY)
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4\ngarbage garbage\n%%EOF\n")
    err = _raises(bad, ExitCode.NOT_TEXT, cannot)
    assert err.path == str(bad) and str(err).startswith(f"{bad}: cannot read PDF: ")
    assert "\n" not in str(err)


@needs_maker
def test_truncated_pdf():
    data = pdfmake.make_pdf(PAGES, lost=LOST)
    _raises(data[: len(data) // 2], ExitCode.NOT_TEXT, errors.PDF_UNREADABLE.split("{")[0])


def test_missing_file_and_directory(tmp_path):
    err = _raises(tmp_path / "none.pdf", ExitCode.NO_INPUT, errors.NOT_FOUND)
    assert err.path == str(tmp_path / "none.pdf")
    _raises(tmp_path, ExitCode.NO_INPUT, errors.IS_DIR.split(" (")[0])


# ------------------------------------------------------------------ long documents


@needs_maker
def test_300_pages_bounded_memory():
    pages = [f"第{i}页：人工智能研究院发布了新的报告，报告指出，人工智能正在改变教育。" * 2 for i in range(300)]
    data = pdfmake.make_pdf(pages, lost=LOST)
    extract(data, max_pages=1)  # imports and first-use tables out of the measure
    started = time.perf_counter()
    tracemalloc.start()
    try:
        result = extract(data)
        current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    elapsed = time.perf_counter() - started
    assert result.page_count == 300
    assert squash(result.page_text(299)) == squash(damaged(pages[299], LOST))
    assert len(result.traces) == 300 * 2 * 3  # 智 twice, 育 once a sentence
    # what is kept is the result; the working memory of a page comes and goes
    assert peak - current < 4 * 2**20, (current, peak)
    assert peak < 16 * 2**20, (current, peak)
    assert elapsed < 60


def test_a_code_a_one_byte_fonts_tounicode_lacks_is_unmapped_unless_the_font_has_an_encoding():
    from types import SimpleNamespace

    from docfix.pdf import _encoded_only

    def font(own_encoding, multibyte=False):
        return SimpleNamespace(unicode_map=SimpleNamespace(cid2unichr={1: "教"}), is_multibyte=lambda: multibyte,
                               _docfix_encoding=own_encoding)

    # LibreOffice's subsets have no /Encoding: a code missing from ToUnicode is no letter of any
    assert _encoded_only(font(False), 80) and not _encoded_only(font(False), 1)
    # a font with its own /Encoding (WinAnsi, Differences) reads such codes through it; a Type0 font
    # with no mapping is pdfminer's undefined glyph already
    assert not _encoded_only(font(True), 80) and not _encoded_only(font(False, multibyte=True), 80)
    assert not _encoded_only(SimpleNamespace(unicode_map=None, is_multibyte=lambda: False), 80)

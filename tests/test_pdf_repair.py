"""Repairing damaged PDFs end to end: docfix.repair_pdf and ``docfix report.pdf``
(a real subprocess), on PDFs this suite makes from its own text (tests/pdfmake.py),
and pdfminer's own output of them repaired as plain text."""
from __future__ import annotations

import json
import re

import pytest

import docfix
import pdfmake
from docfix.errors import ExitCode
from docfix.lab import printers
from test_cli import run, stderr_lines

from pdfmake import FONT as _FONT, REASON as _REASON, needs_maker

TEXT = (
    "2024年，全市教育系统坚持问题导向、目标导向、结果导向，加快推进教育高质量发展。\n"
    "全市新建改扩建中小学校和幼儿园20所，新增学位1万余个，义务教育优质均衡发展水平明显提升。\n"
    "深化教育评价改革，推进教育数字化转型，全市中小学校100%接入互联网，教育信息化水平不断提高。\n"
    "加强教师队伍建设，开展教师培训，全市教育工作取得新进展，人民群众对教育的满意度持续提升。"
)
LOST = set("育进0")
_WS = re.compile(r"\s+")


def squash(s: str) -> str:
    return _WS.sub("", s)


@pytest.fixture(scope="module")
def damaged_pdf(tmp_path_factory):
    if _REASON:
        pytest.skip(_REASON)
    path = tmp_path_factory.mktemp("pdf") / "report.pdf"
    path.write_bytes(pdfmake.make_pdf([TEXT], lost=LOST, font=_FONT))
    return path


@needs_maker
def test_repair_pdf_restores_every_lost_glyph(damaged_pdf):
    r = docfix.repair_pdf(damaged_pdf)
    assert squash(r.text) == squash(TEXT)
    assert r.original() == r.input
    assert r.input.count("\ufffd") == sum(TEXT.count(c) for c in LOST)
    assert all(e.replaces == "\ufffd" for e in r.edits if e.applied)
    assert {"育", "进", "0"} <= {g for g, p in r.dropped.items() if p > 0.5}


@needs_maker
def test_repair_pdf_mixed_fonts_only_the_broken_font_loses(tmp_path):
    data = pdfmake.make_pdf([TEXT], lost={"育"}, font=_FONT, broken_from=2)
    r = docfix.repair_pdf(data)
    assert squash(r.text) == squash(TEXT)


@needs_maker
def test_pdfminer_text_output_repaired_as_text(damaged_pdf):
    """What a user gets from pdf2txt.py, repaired without the PDF."""
    raw = pdfmake.extract_pdfminer(damaged_pdf.read_bytes())
    assert "(cid:" in raw
    r = docfix.repair(raw)
    assert "(cid:" not in r.text
    assert squash(r.text) == squash(TEXT)
    assert r.original() == raw


@needs_maker
@pytest.mark.parametrize("writer", sorted(printers.WRITERS))
def test_a_pdf_another_writer_wrote_is_read_by_the_pdf_route_and_from_pdfminer_output(writer):
    # Chromium: the font's own glyph ids, justified lines, each glyph placed on its own;
    # LibreOffice: simple TrueType subsets, one byte a glyph (pdfminer prints codes under 32 as (cid:N))
    if printers.WRITERS[writer]() is None:
        pytest.skip(f"{writer} is not installed (scripts/test.sh installs it where it may)")
    made = printers.make_printed_pdf(TEXT.split("\n"), writer=writer, lost=LOST)
    if made is None:
        pytest.skip(f"{writer} could not print the page")
    assert set(made.removed) == LOST
    r = docfix.repair_pdf(made.data, shapes=False)
    assert squash(r.text) == squash(TEXT) and r.original() == r.input
    raw = pdfmake.extract_pdfminer(made.data)
    r = docfix.repair(raw)
    assert squash(r.text) == squash(TEXT) and r.original() == raw


@needs_maker
@pytest.mark.skipif(printers.find_office() is None, reason="no LibreOffice (scripts/test.sh installs it where it may)")
def test_the_pdf_route_marks_a_one_byte_fonts_codes_its_tounicode_lacks():
    # 训, 满, 意 come late: LibreOffice codes them 89, 100, 101, which the font's encoding
    # reads Y, d, e; the PDF route marks them as unknown glyphs instead
    lost = set("训满意")
    made = printers.make_printed_pdf(TEXT.split("\n"), writer="libreoffice", lost=lost)
    if made is None:
        pytest.skip("LibreOffice could not write the page")
    assert min(made.removed.values()) >= 32
    r = docfix.repair_pdf(made.data, shapes=False)
    assert r.input.count("\ufffd") == sum(TEXT.count(c) for c in lost)
    assert squash(r.input).replace("\ufffd", "") == squash("".join(c for c in TEXT if c not in lost))
    assert r.original() == r.input


@needs_maker
def test_cli_repairs_a_pdf(damaged_pdf, tmp_path):
    p = run([damaged_pdf, "--quiet"])
    assert p.returncode == 0, p.stderr
    assert squash(p.stdout.decode("utf-8")) == squash(TEXT)
    p = run([damaged_pdf, "--format", "json", "--quiet"])
    rep = json.loads(p.stdout)
    assert rep["edits"] and all(e["replaces"] == "\ufffd" for e in rep["edits"] if e["applied"])
    p = run([damaged_pdf, "--format", "marked", "--quiet"])
    assert "[-\ufffd-]{+育+}" in p.stdout.decode("utf-8")


@needs_maker
def test_cli_pdf_errors_are_one_line_and_write_nothing(tmp_path):
    enc = tmp_path / "secret.pdf"
    enc.write_bytes(pdfmake.encrypt_pdf(pdfmake.make_pdf([TEXT], lost=LOST, font=_FONT), "pw"))
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(pdfmake.make_image_pdf())
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4 not really")
    for path, code in ((enc, ExitCode.NO_INPUT), (scan, ExitCode.NOT_TEXT), (bad, ExitCode.NOT_TEXT)):
        out = tmp_path / (path.stem + ".txt")
        p = run([path, "-o", out, "--quiet"])
        assert p.returncode == int(code), p.stderr
        lines = stderr_lines(p)
        assert len(lines) == 1 and lines[0].startswith("docfix: ") and "Traceback" not in p.stderr
        assert not out.exists()
    p = run([enc, "--password", "pw", "--quiet"])
    assert p.returncode == 0 and squash(p.stdout.decode("utf-8")) == squash(TEXT)


#: a notice whose heading font and body font both lost a glyph: the heading
#: font lost 局, which the body font writes (on lines with the body font's traces)
_HEAD = ["鹤壁市教育局关于召开全市教育工作会议的通知", "各县区教育局，市直各学校：",
         "市教育局定于2024年3月召开全市教育工作会议，请各县区教育局分管负责同志参加。"]
_BODY = ["本次会议由市教育局主持，总结全市教育工作，部署年度教育重点任务。",
         "各县区教育局要高度重视，认真组织，确保教育工作会议精神落到实处。",
         "市教育局将对各地贯彻落实情况进行督导，督导结果纳入年度教育考核。"]


@needs_maker
def test_two_broken_fonts_each_font_is_judged_by_what_it_writes():
    """A glyph one font writes is no sign against another font's key: 局, lost
    from the heading font only, is read for its key (the text written by the
    body font had excluded it: 周, never applied); the body font's 育 too."""
    text = "\n".join(_HEAD + _BODY)
    made = pdfmake.make_damaged_pdf([text], lost={"育"}, intact_lost={"局"}, broken_from=len(_HEAD), font=_FONT)
    assert made.removed and made.intact_removed  # (both fonts lost a glyph)
    r = docfix.repair_pdf(made.data)
    assert squash(r.text) == squash(text)
    assert {e.insert for e in r.edits if e.applied} == {"局", "育"}


@needs_maker
def test_two_broken_fonts_in_pdfminer_text_no_key_reads_what_the_other_font_writes():
    """As pdfminer prints such a PDF (the heading font lost 局 and 工, the body
    font 育 and 会): the body font's keys read 育 and 会 though the heading font
    writes both on lines with its own traces, and the heading font's 工 though
    the body font writes it (育 read 师 at 0.99, the rest held, when every
    glyph written beside a trace was excluded); nothing wrong is applied."""
    text = "\n".join(_HEAD + _BODY)
    made = pdfmake.make_damaged_pdf([text], lost={"育", "会"}, intact_lost={"局", "工"}, broken_from=len(_HEAD),
                                    font=_FONT)
    raw = pdfmake.extract_pdfminer(made.data)
    right = {f"(cid:{n})": c for c, n in list(made.removed.items()) + list(made.intact_removed.items())}
    assert len(right) == 4  # (four keys: no glyph id is a lost glyph of both fonts)
    r = docfix.repair(raw)
    applied = [e for e in r.edits if e.applied]
    assert all(right[e.replaces] == e.insert for e in applied)
    assert {e.insert for e in applied} >= {"育", "会", "工"}
    assert r.original() == raw


@needs_maker
def test_two_fonts_that_lost_the_same_glyph_both_keys_read_it():
    """Both fonts lost 育 (a writer's broken map loses the same characters in
    every font): two keys, never on one line, each sure of 育. One glyph per
    key holds within a font; here the second key had been read as another
    glyph, 育 being taken."""
    text = "\n".join(_HEAD + _BODY)
    made = pdfmake.make_damaged_pdf([text], lost={"育"}, intact_lost={"育"}, broken_from=len(_HEAD), font=_FONT)
    assert made.removed["育"] != made.intact_removed["育"]  # (two keys)
    raw = pdfmake.extract_pdfminer(made.data)
    r = docfix.repair(raw)
    assert squash(r.text) == squash(text)
    assert docfix.repair_pdf(made.data).text.count("育") == text.count("育")

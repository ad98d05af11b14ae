"""Han characters that a whole font's glyph ids print as (docfix.shifted)."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

import docfix
from docfix import shifted
from docfix.traces import Trace

TEXT = ("学院召开2022年度教育工作会议。会议强调，要加快推进教育信息化建设，院长指出，全面提升教育质量，推动义务教育优质均衡发展。"
        "各地学校要落实立德树人根本任务，加强教师队伍建设，深化教育评价改革。会议研究了有关问题，学院领导班子成员参加会议，"
        "院长对下一步工作提出要求，强调要解决突出问题，推进教育现代化。联系人：李堃。") * 2
BASE = 1967  # WenQuanYi Micro Hei's glyph id of U+4E00


def printed(c: str) -> str:
    """What PyMuPDF prints for ``c``'s glyph in a whole font: the character of its glyph id."""
    return chr(ord(c) - 0x4E00 + BASE)


@pytest.fixture(scope="module")
def R():
    return docfix.Repairer()


def test_glyphs_printed_as_other_han_characters_are_read_under_the_fonts_order(R):
    lost = set("推化育院题长")
    assert {c for c in lost if "\u4e00" <= printed(c) <= "\u9fff"} == set("院题长")  # 們, 則, 伮
    dam = "".join(printed(c) if c in lost else c for c in TEXT)
    r = R.repair(dam)
    assert r.text == TEXT  # (李堃 stays: its partner under the order is no character the model knows)
    assert {(e.replaces, e.insert) for e in r.edits if e.applied} >= {("們", "院"), ("則", "题"), ("伮", "长")}


def test_no_order_no_han_traces(R):
    """A subset numbered by first use gives no order: its Han characters are text."""
    dam = TEXT.replace("推", "\x05").replace("育", "\x13").replace("化", "\x07")
    found = R.find_traces(dam)
    readings = [SimpleNamespace(trace=Trace(t.start, t.end, t.key, t.kind), insert=g, confidence=0.99, alternatives=[])
                for t, g in zip(found, "推育化推育化")]
    assert shifted.han_offset(readings) == 0
    assert shifted.traces(dam, found, readings, R.lm, R._known) == []


def test_the_offset_the_readings_share():
    def reading(printed_as: str, glyph: str):
        return SimpleNamespace(trace=Trace(0, 1, ("char", printed_as), "codepoint"), insert=glyph, confidence=0.95,
                               alternatives=[])

    readings = [reading(printed(c), c) for c in "推化育"]
    assert shifted.han_offset(readings) == 0x4E00 - BASE
    assert shifted.han_offset(readings[:2]) == 0  # (three keys at least)

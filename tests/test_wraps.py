"""Spaces where a converter (docling) joined a page's wrapped lines (docfix.wraps)."""
from __future__ import annotations

import docfix
from docfix import canon
from docfix.traces import find
from docfix.wraps import wrap_spaces

PARA = ("全市各级各类学校和教师要认真落实有关规定，加强管理工作，提高教学质量，推进教育信息化建设，发展素质教育，"
        "深化教育评价改革，办好人民满意的教育，促进公平。各地要统筹推进义务教育优质均衡发展，加快补齐短板，"
        "完善体制机制，严格监督考核，不断推动落实各项任务，形成工作合力。")
WIDTH = 30


def page_lines(text: str) -> list:
    return [text[i:i + WIDTH] for i in range(0, len(text), WIDTH)]


def test_the_spaces_that_join_a_pages_lines_are_found():
    joined = "\n".join(" ".join(page_lines(PARA)) for _ in range(4))
    w = wrap_spaces(joined)
    assert w and all(joined[o] == " " for o in w)
    assert len(w) == joined.count(" ")
    assert w <= canon.soft_breaks(joined)


def test_no_wraps_in_page_lines_or_spaced_words():
    raw = "\n".join(line[:7] + " " + line[8:19] + " " + line[20:] for line in page_lines(PARA) * 3)  # -raw's gaps
    assert wrap_spaces(raw) == frozenset()
    assert wrap_spaces("推进 教育 信息化 建设，全面 提升 教育 质量。" * 10) == frozenset()


def test_traces_in_joined_lines_are_those_of_the_broken_lines():
    """docling's paragraph (its lines joined by spaces) holds the traces of
    the same text broken into lines: the same kinds and keys."""
    dam = PARA.replace("推", "\x85").replace("育", "Ñ").replace("信", "GLYPH<c=5,font=/AAAAAB+SimSun>")
    lines = page_lines(dam)
    broken = "\n".join("\n".join(lines) for _ in range(4))
    joined = "\n".join(" ".join(lines) for _ in range(4))
    a, b = find(broken), find(joined)
    assert [(t.kind, t.key) for t in a] == [(t.kind, t.key) for t in b]
    assert all(joined[t.start:t.end].strip() == broken[s.start:s.end].strip() for s, t in zip(a, b))


def test_a_joined_paragraph_is_repaired_as_its_broken_lines():
    dam = PARA.replace("推", "\x85").replace("育", "Ñ").replace("信", "GLYPH<c=5,font=/AAAAAB+SimSun>")
    lines = page_lines(dam)
    broken = "\n".join("\n".join(lines) for _ in range(3))
    joined = "\n".join(" ".join(lines) for _ in range(3))
    R = docfix.Repairer()
    a, b = R.repair(broken), R.repair(joined)
    assert [(e.insert, e.applied) for e in a.edits] == [(e.insert, e.applied) for e in b.edits]
    assert b.original() == joined

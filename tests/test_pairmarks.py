"""Paired marks whose one side a broken font lost (docfix.pairmarks)."""
from __future__ import annotations

from pathlib import Path

import docfix
from hypothesis import given, settings, strategies as st

from docfix import pairmarks
from docfix.pairmarks import unpaired

CLEAN = sorted((Path(__file__).resolve().parent / "data" / "clean").glob("*.txt"))


def test_unpaired_finds_a_side_the_text_never_writes():
    assert unpaired("印发《“十四五规划》，按照“十四五部署") == [("“", "”", True)]
    assert unpaired("电话：010）6655，传真：010）6656") == [("）", "（", False)]
    assert unpaired("“十四五”规划，“双减”政策") == []  # both sides written
    assert unpaired("（一)总则，（二)附则") == []  # an ASCII closer closes a full-width opener
    assert unpaired("只有一个“引号") == []  # one alone shows nothing
    assert unpaired("“甲“，“乙“，“丙“，“丁“") == []  # a text that writes “ on both sides


def test_a_lost_closing_quote_is_restored_after_its_term(repairer):
    t = "要深入贯彻落实“十四五规划纲要，推动“双减政策落地见效，“十四五时期是关键阶段。"
    r = repairer.repair(t)
    assert r.text == "要深入贯彻落实“十四五”规划纲要，推动“双减”政策落地见效，“十四五”时期是关键阶段。"
    assert all(e.reason.startswith(pairmarks.REASON) and e.confidence < 1 for e in r.edits)
    assert r.original() == t


def test_a_document_numbers_year_is_closed_after_its_four_digits(repairer):
    t = "根据环发〔2019158号文件和环办〔202012号文件的要求，认真组织实施。"
    assert repairer.repair(t).text == "根据环发〔2019〕158号文件和环办〔2020〕12号文件的要求，认真组织实施。"
    t = "根据环发2019〕158号文件和环办2020〕12号文件的要求，认真组织实施。"
    assert repairer.repair(t).text == "根据环发〔2019〕158号文件和环办〔2020〕12号文件的要求，认真组织实施。"


def test_places_never_split_a_code_nor_pass_the_next_mark_or_the_line():
    t = "二氧化碳“CO2和甲烷“CH4\n另起一行"
    for i, last in ((4, 11), (11, t.index("\n"))):  # (up to the next “; up to the line's end)
        places = pairmarks._places(t, i, "“", True)
        assert places and not {6, 7, 13, 14} & set(places) and max(places) == last


def test_confidence_grows_with_the_models_share():
    cs = [pairmarks.confidence(p) for p in (0.2, 0.5, 0.9, 0.99, 0.9999)]
    assert cs == sorted(cs) and 0 < cs[0] and cs[-1] < pairmarks.LOST_PRIOR


def test_trace_documents_get_no_paired_mark_restoration(repairer):
    t = "推进教(cid:9)工作，“十四五规划，“双减政策，教(cid:9)局。"
    assert not any(e.reason.startswith(pairmarks.REASON) and e.applied for e in repairer.repair(t).edits)


_PAIRED = st.lists(st.sampled_from(["“十四五”", "《通知》", "（试行）", "〔2019〕", "教育", "，", "。", "工作", "\n"]),
                   min_size=1, max_size=30)


@settings(max_examples=40, deadline=None)
@given(parts=_PAIRED)
def test_text_that_closes_what_it_opens_gets_no_paired_mark(parts):
    text = "".join(parts)
    assert unpaired(text) == []
    assert not any(e.reason.startswith(pairmarks.REASON) for e in docfix.repair(text).edits)


@settings(max_examples=30, deadline=None)
@given(parts=_PAIRED, which=st.sampled_from(["”", "》", "）", "〕", "“", "《", "（", "〔"]))
def test_restorations_only_insert_the_lost_mark_where_it_was_deleted_from(parts, which):
    text = "".join(parts).replace(which, "")
    r = docfix.repair(text)
    assert r.original() == text
    for e in r.edits:
        if e.reason.startswith(pairmarks.REASON):
            assert e.insert == which and e.replaces == "" and 0 <= e.offset <= len(text)


def test_clean_kinds_get_no_paired_mark():
    for p in CLEAN:
        assert unpaired(p.read_text(encoding="utf-8")) == [] or p.name in {"code.txt", "csv.txt"}, p.name


def test_apostrophes_and_english_marks_stay(repairer):
    t = "他是优秀中场球员。在’97赛季，他在’98赛季都有出色表现。"  # (’ is an apostrophe: no pair of its own)
    assert repairer.repair(t).text == t
    t = "He said “yes, and then “no, twice over in the meeting notes.\n" * 2
    assert not any(e.reason.startswith(pairmarks.REASON) for e in repairer.repair(t).edits)


def test_a_lists_closing_marks_need_no_opener(repairer):
    for t in ("还是通过携程订的。\n1》汉庭给了很好的服务\n2》停车场很方便\n3》早餐不错\n",
              "工作要求如下：1）加强管理；2）完善制度；3）落实责任；a）按时上报。"):
        assert unpaired(t) == [] and repairer.repair(t).text == t


def test_a_mark_is_never_put_inside_a_crlf_line_end():
    t = "各单位要落实“安全生产责任制\r\n并健全“隐患排查制度\r\n"
    for i in (t.index("“"), t.rindex("“")):
        assert all(t[j - 1:j] != "\r" for j in pairmarks._places(t, i, "“", True))
    t = "电话：010）6655\r\n传真：010）6656\r\n"
    for i in (t.index("）"), t.rindex("）")):
        assert all(t[j - 1:j] != "\r" for j in pairmarks._places(t, i, "）", False))


def test_an_area_codes_bracket_goes_around_the_code(repairer):
    for t in ("联系人：李江电话：010）66556826，传真：010）66556824。", "联系人：李江电话：（01066556826，传真：（01066556824。"):
        assert repairer.repair(t).text == "联系人：李江电话：（010）66556826，传真：（010）66556824。"
    t = "电话：（03922212345，传真：（03922212346。"  # (a four-digit code: 0392, not 039)
    assert repairer.repair(t).text == "电话：（0392）2212345，传真：（0392）2212346。"

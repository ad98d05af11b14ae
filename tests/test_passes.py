"""Known sites and repeated passes (docfix.engine.passes)."""
from __future__ import annotations

import math
from pathlib import Path

from docfix.engine import tuning
from docfix.engine.passes import hold_few, merge_pass, read_known, silent_bar
from docfix.result import Edit, Repair, apply_edits
from docfix.traces import Trace


def _traces(kind: str, n: int, key=None):
    return [Trace(i * 10, i * 10 + 1, key if key is not None else ("cid", i), kind) for i in range(n)]


def test_silent_bar_without_traces_is_the_threshold():
    assert silent_bar([], 0.6, 0.6) == 0.6
    assert silent_bar([], 0.6, 0.8) == 0.8  # a later pass keeps the first pass's bar


def test_one_or_two_private_use_or_code_point_characters_do_not_raise_the_bar():
    # (a rare name in private-use code points, Φ2mm: as often the text's own as an extractor's)
    for kind in ("private", "codepoint"):
        assert silent_bar(_traces(kind, tuning.TRACES_FEW - 1), 0.6, 0.6) == 0.6
        assert silent_bar(_traces(kind, tuning.TRACES_FEW), 0.6, 0.6) >= tuning.TRACED_SILENT_MIN
    assert silent_bar(_traces("private", 1) + _traces("cid", 1), 0.6, 0.6) >= tuning.TRACED_SILENT_MIN


def test_silent_bar_rises_where_the_extractor_leaves_traces():
    assert silent_bar(_traces("cid", 1), 0.6, 0.6) == tuning.TRACED_SILENT_MIN
    # enough certain traces: the extractor marks its losses, none is silent
    assert silent_bar(_traces("cid", tuning.TRACED_SURE), 0.6, 0.6) == math.inf
    # a few spaces may be the text's own
    assert silent_bar(_traces("space", tuning.SPACES_SURE - 1), 0.6, 0.6) == 0.6
    assert silent_bar(_traces("space", tuning.SPACES_SURE), 0.6, 0.6) >= tuning.TRACED_SILENT_MIN


def test_read_known_fills_every_occurrence_of_a_trace_with_one_reading(repairer):
    text = "推进教育(cid:7)息化建设，教育(cid:7)息化水平明显提升，教育(cid:7)息化应用普及。"
    found = repairer.find_traces(text)
    assert len(found) == 3 and {t.key for t in found} == {("cid", 7)}
    known, reported = read_known(text, found, repairer.lm, repairer.screen, 0.6)
    assert reported == []
    assert {e.replaces for e in known.edits} == {"(cid:7)"}
    assert len({e.insert for e in known.edits}) == 1  # one character per key
    if all(e.applied for e in known.edits):
        assert known.filled == apply_edits(text, known.edits)


def test_merge_pass_carries_a_later_pass_back_to_the_input():
    text = "推进教育息化建设，快推进改革。"
    first_edits = [Edit(4, "信", 0.9, True, [], "r")]
    first = Repair(apply_edits(text, first_edits), first_edits, {"信": 1.0}, text)
    # the second pass reads first.text: "加" at its offset 10 is the input's offset 9
    assert first.text[10] == "快"
    merged = merge_pass(first, [Edit(10, "加", 0.8, True, [], "r2")])
    assert merged is not None
    assert merged.text == "推进教育信息化建设，加快推进改革。"
    assert merged.input == text and [e.offset for e in merged.edits] == [4, 9]
    assert merged.original() == text if hasattr(merged, "original") else True


def test_merge_pass_leaves_out_edits_against_an_earlier_restoration():
    text = "推进教育息化建设。"
    first_edits = [Edit(4, "信", 0.9, True, [], "r")]
    first = Repair(apply_edits(text, first_edits), first_edits, {}, text)
    # an insert right before or after the restored glyph has no defined order
    assert merge_pass(first, [Edit(4, "X", 0.9, True, [], "")]) is None
    assert merge_pass(first, [Edit(5, "X", 0.9, True, [], "")]) is None
    assert merge_pass(first, []) is None


def _lone(*edits: Edit, text: str = "他说要来，我们去。") -> Repair:
    return Repair(apply_edits(text, list(edits)), list(edits), {}, text)


def test_hold_few_holds_a_repair_of_one_or_two_silent_insertions():
    r = hold_few(_lone(Edit(1, "们", 0.75, True), Edit(4, "了", 0.7, True)), 0.9)
    assert r.text == r.input and not any(e.applied for e in r.edits) and len(r.edits) == 2
    assert r.original() == r.input
    sure = hold_few(_lone(Edit(1, "们", 0.95, True), Edit(4, "了", 0.7, True)), 0.9)  # only the unsure one held
    assert [e.applied for e in sure.edits] == [True, False] and sure.text == "他们说要来，我们去。"


def test_hold_few_leaves_a_damaged_repair():
    many = [Edit(i, "们", 0.7, True) for i in (1, 4, 6)]
    assert hold_few(_lone(*many), 0.9).text == apply_edits("他说要来，我们去。", many)  # three: left to the engine
    trace = Edit(6, "们", 0.99, True, replaces="\ufffd")
    t = "他说要来，我\ufffd去。"
    assert hold_few(_lone(Edit(1, "们", 0.7, True), trace, text=t), 0.9).text == "他们说要来，我们去。"
    web = Edit(3, "c", 0.8, True, reason="web address: gov.n -> gov.cn")
    assert hold_few(_lone(Edit(1, "们", 0.7, True), web), 0.9).edits[0].applied  # a lost address letter is damage


def test_hold_few_does_not_count_ocr_corrections_as_traces():
    ocr = Edit(6, "已", 0.99, True, reason="OCR look-alike: 己→已", replaces="们")
    r = hold_few(_lone(Edit(1, "们", 0.7, True), ocr), 0.9)
    assert [e.applied for e in r.edits] == [False, True]


def test_repair_holds_a_lone_restoration_unless_the_lost_set_is_given(repairer):
    t = (Path(__file__).resolve().parent / "data" / "clean" / "river.txt").read_text(encoding="utf-8")
    r = repairer.repair(t)  # 淮{南}水北调 twice, held: no other evidence that the text lost glyphs
    assert r.text == t and [e.insert for e in r.edits if e.insert == "南"] == ["南", "南"]
    given = repairer.repair(t, dropped="南")  # the caller says it was lost: applied
    assert given.text.count("淮南水北调") == 2 and given.original() == t


def test_a_letter_seen_once_is_read_where_the_text_is_evidently_code_point_output(repairer):
    # a whole font's glyph ids printed as rare characters (䠛 for 》, 䍣 for 要,
    # each read surely from several places): a rare character seen once is
    # a glyph too, read at its own confidence; alone it may be the text's own
    text = ("我国现行的《自然保护区条例䠛《风景名胜区条例䠛《森林公园管理办法䠛等法规发挥了重䍣作用，"
            "但这些法规设立较早，已难以适应当前形势和管理䍣求。党的十九大报告提出䍣构建以国家公园为主体的自然保护地体系，"
            "中共中央印发《深化党和国家机构改㔚方案䠛，䍣求将分散在国土、住建、水利、农业等部门的管理职责统一整合。")
    once = [e for e in repairer.repair(text).edits if e.replaces == "㔚"]
    assert [(e.insert, e.applied) for e in once] == [("革", True)]
    alone = text.replace("䠛", "》").replace("䍣", "要")
    once = [e for e in repairer.repair(alone).edits if e.replaces == "㔚"]
    assert once and all(not e.applied and e.confidence <= tuning.CODEPOINT_CAP for e in once)


def test_no_silent_proposal_where_the_extractor_marks_every_loss(repairer):
    # river.txt alone: 淮{南}水北调 proposed twice (held). With 流 printed as
    # (cid:9) five times the text shows how its extractor marks a lost glyph, so
    # a glyph lost without a trace is not credible there: the silent engine does
    # not run (its proposals in real pdfminer, pypdf and pdftotext output were
    # right 17 times of 3,462), and every trace is still read
    t = (Path(__file__).resolve().parent / "data" / "clean" / "river.txt").read_text(encoding="utf-8")
    assert any(e.insert == "南" and not e.replaces for e in repairer.repair(t).edits)
    text = t.replace("流", "(cid:9)")
    r = repairer.repair(text)
    assert silent_bar(repairer.find_traces(text), 0.6, 0.6) == math.inf
    assert [e for e in r.edits if e.replaces != "(cid:9)"] == []
    assert [(e.insert, e.applied) for e in r.edits] == [("流", True)] * 5 and r.original() == text


def test_glyph_zero_is_read_but_never_applied(repairer):
    # .notdef draws every character a font lacks: a browser's PDF of a text with two
    # characters its font does not have prints (cid:0) for both, which are no one glyph
    text = "施工尽量避开黑颈(cid:0)(cid:0)、蓝喉歌鸲等鸟类的繁殖期。" * 3 + "这次会议有关部门参加。"
    r = repairer.repair(text)
    zero = [e for e in r.edits if e.replaces == "(cid:0)"]
    assert zero and not any(e.applied for e in zero)
    assert r.original() == text


def test_a_text_whose_only_traces_are_a_few_private_use_characters_applies_none(repairer):
    # a web source's own private-use characters (黑颈 and a rare character of its font), which
    # LibreOffice prints as one code twice: as likely the text's own as a font's lost glyph
    text = "路段施工尽量避开黑颈\ue862\ue862、蓝喉歌鸲、鸿雁等保护鸟类迁徙期；对阳澄湖等重要湿地实施增殖放流。"
    r = repairer.repair(text)
    assert r.edits and not any(e.applied for e in r.edits) and r.text == text

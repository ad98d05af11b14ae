"""Known sites and repeated passes (docfix.engine.passes)."""
from __future__ import annotations

import math


from docfix.engine import tuning
from docfix.engine.passes import merge_pass, read_known, silent_bar
from docfix.result import Edit, Repair, apply_edits
from docfix.traces import Trace


def _traces(kind: str, n: int, key=None):
    return [Trace(i * 10, i * 10 + 1, key if key is not None else ("cid", i), kind) for i in range(n)]


def test_silent_bar_without_traces_is_the_threshold():
    assert silent_bar([], 0.6, 0.6) == 0.6
    assert silent_bar([], 0.6, 0.8) == 0.8  # a later pass keeps the first pass's bar


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

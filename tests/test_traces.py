"""Extractor traces: finding them (docfix.traces), reading them
(docfix.decipher), and the repair contract for edits that replace a trace."""
from __future__ import annotations

import random
from typing import List, Tuple

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

import docfix
from docfix import addresstraces, decipher, keyscore, tracefit, traces
from docfix.engine.passes import known_site_edits
from docfix.result import Edit, Repair, apply_edits
from docfix.traces import Trace, find
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CLEAN = (
    "2022年全市教育工作会议召开。会议强调，要加快推进教育信息化建设，全面提升教育质量，"
    "推动义务教育优质均衡发展。各地学校要落实立德树人根本任务，加强教师队伍建设，"
    "深化教育评价改革，办好人民满意的教育。全市中小学校100%接入互联网，教育信息化水平明显提升。"
)


@pytest.fixture(scope="module")
def R():
    return docfix.Repairer()


def cid_damage(text: str, lost: dict) -> str:
    return "".join(f"(cid:{lost[c]})" if c in lost else c for c in text)


# ------------------------------------------------------------------ finding
def test_cid_traces_grouped_by_glyph_id():
    ts = traces.find("教育(cid:12)局，(cid:12)长，(cid:7)")
    assert [t.key for t in ts] == [("cid", 12), ("cid", 12), ("cid", 7)]
    assert all(t.certain for t in ts)


def test_control_trace_swallows_the_extractors_line_break():
    text = "推进教育\x13\n化建设。完成\x13。\n下一段"
    ts = traces.find(text)
    assert [(text[t.start:t.end], t.kind) for t in ts] == [("\x13\n", "control"), ("\x13", "control")]


def test_replacement_character_has_no_key():
    (t,) = traces.find("教\ufffd局")
    assert t.key is None and t.kind == "replacement"


def test_rare_letters_are_traces_only_in_chinese_context():
    assert [t.kind for t in traces.find("鹤壁市教㒳体育局")] == ["codepoint"]
    assert traces.find("Müller先生和café") == []
    # symbols that real text writes next to Han characters are text
    assert traces.find("气温25℃，增长×2，要求：①加强管理，价格¥30元") == []


def test_ascii_code_points_only_in_code_point_output():
    assert traces.find("全市A股上市公司第3条") == []
    ts = traces.find("教育N局\x13全市N局，\x13展")
    assert [t.kind for t in ts] == ["codepoint", "control", "codepoint", "control"]
    # one control character alone, with no letter or digit standing alone, is a stray byte (可帶有\x89密碼)
    assert [t.kind for t in traces.find("教育N局\x13全市N局")] == ["control"]


def test_known_letters_are_text():
    assert traces.find("系数γ值", known=frozenset("γ")) == []


CLEAN_KINDS = [
    "2022年全市教育工作会议召开，会议由局长主持。",
    "The Ministry of Education issued a notice on 3 May 2022 (see http://www.moe.gov.cn).",
    "推進教育資訊化建設，提升教學質量。",
    "在校生3972666人，比上年增加896人，增长0.5%。",
    "张三  李四  王五\n赵六  钱七  孙八",
    # brackets around an address are the text's (not glyphs a web address cannot hold)
    "译者为梁昌泰 <beos@turbolinux.com.cn>，还有另一个联系地址。",
    "请访问[www.moe.gov.cn]或发送邮件至<info@example.com>。",
    # an @ with no name before it starts no e-mail address: a template's placeholder
    "有时 @WTMP_FILE_LOC 文件中的记录可能突然跳回过去的时间。",
    # a list of addresses, a URL template, the quote after an enclosed address, Perl's @ (Chinese man pages)
    "本文由 walker (walker@clinet.fi, walker@megabaud.fi) 和 misiek (misiek@pld.org.pl) 翻译。",
    "可以使用 ftp://<user>:<password>@hostname:<port>/path/to/package.rpm 形式的地址。",
    '签名者的身份为 "John Doe <jdoe@foo.com>"的格式。',
    "语句 splice(@a,@a,0,$x,$y) 在数组中插入元素，pack('s@4l', 12, 34) 则打包。",
    # a space after an address, a placeholder with a space (a school network's manual)
    "在源列表中加入 deb http://security.debian.org bookworm-security main 一行。",
    "打印机设置 socket://<workstation ip>:9100 作为连接 URI，用户 root@tjener:~# 运行命令。",
]


@pytest.mark.parametrize("text", CLEAN_KINDS)
def test_clean_text_has_no_traces(text):
    assert traces.find(text) == []


_MARKS = "（）“”‘’《》【】〔〕「」『』〈〉"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_MARKS + "\n教育" + tracefit.PLACEHOLDER, max_size=40), st.data())
def test_pairs_up_matches_the_line_scan(work, data):
    # the indexed fast path against the reference that scans the line
    at = data.draw(st.integers(min_value=0, max_value=max(len(work) - 1, 0)))
    for c in _MARKS + "教":
        assert tracefit.pairs_up(work, at, c) == tracefit._pairs_up_scan(work, at, c)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="wgovcnhtpe.教" + tracefit.PLACEHOLDER * 3, max_size=30), st.data())
def test_completes_token_stops_at_the_longest_token_as_a_full_scan_would(work, data):
    from unittest import mock

    at = data.draw(st.integers(min_value=0, max_value=max(len(work) - 1, 0)))
    mine = frozenset(i for i, ch in enumerate(work) if ch == tracefit.PLACEHOLDER and data.draw(st.booleans()))
    for c in "wgcnh.":
        fast = tracefit.completes_token(work, at, c, mine)
        with mock.patch.object(tracefit, "_longest_token", lambda: 10 ** 9):
            assert fast == tracefit.completes_token(work, at, c, mine)


def test_a_font_that_lost_every_glyph_is_read_but_nothing_applied():
    # every Han character of a page a (cid:N) of its own: thousands of keys
    # side by side; only the most frequent pairs are read jointly
    # (decipher._PAIRS_MAX), but every pair still bounds its keys'
    # confidence (年 after 2022, read 项 beside another unknown, had been
    # applied 15 times once the pairs beyond the cap went unread)
    from _corpus import SEED001

    ids: dict = {}
    text = "".join(f"(cid:{ids.setdefault(c, len(ids) + 3)})" if "\u4e00" <= c <= "\u9fff" else c
                   for c in SEED001.read_text(encoding="utf-8")[:1500])
    assert len(ids) > 10 * decipher._PAIRS_MAX
    r = docfix.repair(text)
    assert r.original() == text
    assert len(r.edits) > 300 and not [e for e in r.edits if e.applied]


def test_a_key_read_at_thousands_of_places_on_one_line_costs_no_scan_each():
    # one 46,000-character line, two keys 2,000 times each: 64 s before the
    # line's marks were indexed once (pairs_up scanned the line per occurrence
    # and candidate mark); the figure lives in the benchmarks, this checks the
    # reading is the same whatever the line's length
    short = "教育(cid:7)作会议在(cid:9)召开，" * 20
    r = docfix.repair(short)
    long_ = short * 100
    r2 = docfix.repair(long_)
    assert {e.insert for e in r.edits} == {e.insert for e in r2.edits}
    assert r2.original() == long_


# ------------------------------------------------------------------ reading
def test_cid_keys_read_from_all_their_occurrences(R):
    lost = {"0": 19, "加": 301, "信": 477}
    dam = cid_damage(CLEAN, lost)
    r = R.repair(dam)
    assert r.text == CLEAN
    assert r.original() == dam
    assert {e.replaces for e in r.edits} == {"(cid:19)", "(cid:301)", "(cid:477)"}
    assert all(e.applied and e.confidence >= 0.9 for e in r.edits)


def test_two_keys_never_read_as_one_glyph(R):
    lost = {"育": 5, "教": 6}
    dam = cid_damage(CLEAN, lost)
    rs = decipher.decipher(dam, traces.find(dam), R.lm, R.screen)
    by_key = {r.trace.key: r.insert for r in rs}
    assert by_key[("cid", 5)] != by_key[("cid", 6)]


def test_glyph_written_on_trace_lines_is_not_the_lost_one(R):
    # 育 is written as text on the same line: the trace cannot be 育
    dam = "教(cid:9)发展，教(cid:9)改革，教(cid:9)公平，体育。"
    rs = decipher.decipher(dam, traces.find(dam), R.lm, R.screen)
    assert all(r.insert != "育" for r in rs)


def test_single_trace_gets_an_honest_confidence(R):
    r = R.repair("今天的天气(cid:88)好。")
    (e,) = [e for e in r.edits if e.replaces]
    assert 0.0 < e.confidence < 0.99
    assert r.original() == "今天的天气(cid:88)好。"


def test_low_confidence_trace_stays_in_the_text(R):
    r = R.repair("(cid:5)", threshold=1.0)
    assert r.text == "(cid:5)"
    assert all(not e.applied for e in r.edits)


def test_traditional_document_gets_traditional_readings(R):
    text = "推進教育資訊化建設，教育資訊化水平明顯提升，各地推進教育改革，教育質量不斷提升。"
    dam = text.replace("育", "(cid:44)")
    r = R.repair(dam)
    assert "育" in r.text and r.original() == dam


def test_no_traces_given_means_none_read(R):
    dam = cid_damage(CLEAN, {"信": 477})
    r = R.repair(dam, traces=[])
    assert all(not e.replaces for e in r.edits)


def test_pymupdf_style_output(R):
    lost = {"育": "\x13", "进": "\x1c"}
    dam = "".join(lost.get(c, c) for c in CLEAN)
    r = R.repair(dam)
    assert r.text == CLEAN and r.original() == dam


def test_replacement_characters_share_the_documents_lost_set(R):
    dam = CLEAN.replace("育", "\ufffd")
    r = R.repair(dam)
    right = sum(1 for e in r.edits if e.replaces and e.insert == "育" and e.applied)
    assert right >= 0.8 * CLEAN.count("育")
    assert r.original() == dam


def test_replacement_characters_side_by_side_are_read_together(R):
    # 社会 lost together (接受��监督): read one at a time, each beside the
    # other's guess, the pair settled on a wrong reading (runread)
    text = CLEAN + "学校要主动接受社会监督，定期公开办学信息，听取家长意见。"
    dam = "".join("\ufffd" if c in "社会质" else c for c in text)
    r = R.repair(dam)
    assert r.text == text and r.original() == dam


def test_run_reading_shares_each_trace_posterior(R):
    from docfix import runread

    toks = list("学校要主动接受") + [tracefit.PLACEHOLDER] * 2 + list("监督，定期公开")
    opts = [list("社人其会与"), list("会与人社其")]
    ranked = runread.read_run(R.lm, toks, 7, opts, lambda c: 0.0, R.lm.order - 1)
    assert [r[0][0] for r in ranked] == ["社", "会"]
    assert all(abs(sum(p for _, p in r) - 1) < 1e-9 for r in ranked)


# ----------------------------------------------------------- contract
def test_replacement_edit_contract():
    e = Edit(2, "局", 0.9, True, replaces="(cid:7)")
    assert e.end == 9
    assert apply_edits("教育(cid:7)长", [e]) == "教育局长"
    r = Repair("教育局长", [e], {}, "教育(cid:7)长")
    assert r.original() == "教育(cid:7)长"


def test_known_site_offsets_map_back(R):
    dam = "一(cid:5)二(cid:6)三"
    ts = traces.find(dam)
    rs = [decipher.Reading(t, "x", 0.9) for t in ts]
    ks = known_site_edits(dam, rs, 0.5)
    assert ks.filled == "一x二x三"
    assert [ks.to_input(i) for i in range(6)] == [0, 1, 8, 9, 16, 17]


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    style=st.sampled_from(["cid", "control", "fffd", "rare"]),
    k=st.integers(1, 6),
    threshold=st.floats(0.0, 1.0),
)
def test_traces_never_corrupt_untouched_text(R, seed, style, k, threshold):
    """Whatever is lost and however it is traced: the output differs from the
    input only at edits, the edits' offsets and replaced spans refer to the
    input, and original() gives the input back."""
    rng = random.Random(seed)
    glyphs = sorted(set(c for c in CLEAN if "\u4e00" <= c <= "\u9fff"))
    lost = rng.sample(glyphs, k)
    mark = {
        "cid": lambda i, c: f"(cid:{100 + i})",
        "control": lambda i, c: chr(1 + i),
        "fffd": lambda i, c: "\ufffd",
        "rare": lambda i, c: chr(0x3400 + 37 * i),
    }[style]
    trace_of = {c: mark(i, c) for i, c in enumerate(lost)}
    dam = "".join(trace_of.get(c, c) for c in CLEAN)
    r = R.repair(dam, threshold=threshold)
    assert r.original() == dam
    for e in r.edits:
        assert dam[e.offset:e.end] == e.replaces
    assert apply_edits(dam, r.edits) == r.text
    # every replacement stands where a trace was
    starts = {t.start for t in traces.find(dam)}
    assert all(e.offset in starts for e in r.edits if e.replaces)
    # a trace's alternatives are never surer than its reading, and with it make at most 1
    for e in r.edits:
        if e.replaces:
            assert all(p <= e.confidence + 1e-4 for _, p in e.alternatives)
            assert e.confidence + sum(p for _, p in e.alternatives) <= 1 + 1e-3


# ---------------------------------------------------------------- pdftotext -raw spaces
_RAW_SOURCE = (ROOT / "seeds" / "003_f29dea3288537dee.txt").read_text(encoding="utf-8")[6000:9000]


def test_pdftotext_raw_spaces_are_read_as_the_lost_glyphs(R):
    lost = set("信育")
    raw = "".join(" " if c in lost else c for c in _RAW_SOURCE)
    traces = find(raw)
    assert traces and all(t.kind == "space" for t in traces)
    r = R.repair(raw)
    assert r.original() == raw
    applied = [e for e in r.edits if e.applied]
    assert len(applied) >= 0.5 * sum(c in lost for c in _RAW_SOURCE)
    assert all(e.replaces == " " and e.insert in lost for e in applied if e.replaces)


def test_pdftotext_layout_spaces_are_read_in_indented_lines_and_a_gap_is_one_trace():
    """``pdftotext -layout`` indents a paragraph's first line and prints a run
    of lost glyphs as a run of spaces: that line's single spaces are traces
    still, and the run is one trace, the whole run (its length does not say
    how many glyphs: a browser's PDF prints one glyph as 8-20 spaces)."""
    lost = set("信育")
    text = CLEAN * 8
    lines = [text[i:i + 40] for i in range(0, 1200, 40)]
    layout = "\n".join(("    " if k % 5 == 0 else "") + "".join(" " if c in lost else c for c in line)
                       for k, line in enumerate(lines))
    at = layout.index("，", 600)
    layout = layout[:at + 1] + " " * 10 + layout[at + 4:]  # three glyphs lost after a comma
    found = traces.space_traces(layout)
    singles = [i for i in range(1, len(layout) - 1) if layout[i] == " " and layout[i - 1] != " "
               and layout[i + 1] != " " and "\u4e00" <= layout[i - 1] <= "\u9fff" and "\u4e00" <= layout[i + 1] <= "\u9fff"]
    assert singles and {t.start for t in found} >= set(singles)
    assert [(t.start, t.end) for t in found if at < t.start <= at + 10] == [(at + 1, at + 11)]


def test_a_run_of_spaces_is_a_trace_in_a_prose_line_but_not_between_columns():
    # pdftotext -layout of a browser's PDF: each lost 信 a run of spaces, wherever it fell in its line
    body = "全面加强管理，提高工作水平，推进改革发展，完善制度体系，接受社会监督，方便人民群众。"
    lines = [body[:k] + "信" + body[k:] for k in (5, 30, 12, 36, 20, 2, 26, 15)]
    broken = "\n".join(line.replace("信", " " * 10) for line in lines)
    found = traces.space_traces(broken)
    assert len(found) >= 6 and all(broken[t.start:t.end] == " " * 10 for t in found)
    # a two-column page: every line's gap over the same columns
    page = "\n".join("第一栏的文字，很长的一行。      第二栏的文字，也很长的一行，" for _ in range(8))
    both = traces.space_traces(page + "\n\n\n" + broken)
    assert len(both) == len(found) and all(t.start > len(page) for t in both)
    assert traces.space_traces(page, force=True) == []
    # a form's blanks to fill in: no page wrapped at one width, no pdftotext output
    form = ("兹证明          同志，身份证号码          ，于          年          月至今在我单位工作。\n特此证明。\n"
            "本人自愿参加          组织的          培训，并遵守相关规定。\n经研究，同意          同学参加          比赛。\n")
    assert traces.space_traces(form) == [] and docfix.repair(form).edits == []


def test_a_glyph_the_text_writes_between_the_same_neighbours_elsewhere(R, monkeypatch):
    # a mixed-font document: the intact paragraphs write 生态环境部办公厅 where
    # the broken font's print 生态环境(cid:13)办公厅 (the model alone reads 部 at 0.27)
    intact = ("抄送：生态环境部华北核与辐射安全监督站、核与辐射安全中心。\n生态环境部办公厅2022年2月25日印发。\n"
              "针对反应堆厂房筏基部分区域拉筋弯钩未按标准要求的问题，营运单位应整改。\n")
    broken = ("抄送：生态环境(cid:13)华北核与辐射安全监督站。\n生态环境(cid:13)办公厅2022年1月6日印发。\n"
              "针对施工设备未全(cid:13)到位、筏基(cid:13)分区域拉筋的问题，营运单位应整改。\n")
    r = R.repair(intact + broken)
    assert r.text.count("(cid:13)") == 0 and r.text.count("部") == intact.count("部") + 4
    assert r.original() == intact + broken
    monkeypatch.setattr(keyscore, "DOC_MATCH", 0.0)
    assert R.repair(intact + broken).text.count("(cid:13)") == 4


def test_a_damaged_documents_spaces_are_read_again_with_less_keep_prior(R, monkeypatch):
    # 15 of 20 spaces read as glyphs that spaces elsewhere read too: damaged
    post = {("one", i): [("信" if i % 4 else "的", 0.9)] for i in range(20)}
    ctx = {g: g[1] for g in post}
    spaces = list(post)
    assert keyscore.space_keep(post, spaces, ctx) == keyscore.SPACE_KEEP_DAMAGED
    # each reading its own (a clean text's phrase spacing), or too few spaces: the shipped prior
    own = {g: [("的和都在是有人中大上不为个要以地出会可也"[i], 0.9)] for i, g in enumerate(spaces)}
    assert keyscore.space_keep(own, spaces, ctx) is None
    assert keyscore.space_keep(post, spaces[:keyscore.DAMAGED_MIN - 1], ctx) is None
    # end to end: more of the lost glyphs restored, none wrong
    lost = set("升域保理扩力")
    raw = "".join(" " if c in lost else c for c in _RAW_SOURCE)

    def right_wrong():
        ed = [e for e in R.repair(raw).edits if e.applied]
        ok = sum(1 for e in ed if e.replaces == " " and _RAW_SOURCE[e.offset] == e.insert)
        return ok, len(ed) - ok

    now = right_wrong()
    monkeypatch.setattr(keyscore, "DAMAGED_SHARE", 2.0)
    before = right_wrong()
    assert now[0] > before[0] and now[1] == before[1] == 0


def _pdftotext_page(text: str, lost: set, width: int) -> Tuple[str, set]:
    """``text`` set in lines of ``width`` characters as pdftotext prints a
    font that lost ``lost``: a space for each lost glyph inside a line,
    nothing at a line's ends; and the offsets of the line breaks after a line
    that lost its last glyph."""
    lines: List[str] = []
    ends = set()
    for para in text.split("\n"):
        for i in range(0, len(para), width):
            seg = para[i:i + width]
            line = "".join(" " if c in lost else c for c in seg).strip(" ")
            if seg[-1] in lost and seg[-2:-1] not in lost and line:
                ends.add(sum(len(x) + 1 for x in lines) + len(line))
            lines.append(line)
    return "\n".join(lines), ends


@pytest.mark.parametrize("lost,width", [("信育", 20), ("信育", 25), ("展规", 22)])
def test_a_glyph_pdftotext_dropped_at_a_line_end_is_inserted_there(R, lost, width):
    page, ends = _pdftotext_page(_RAW_SOURCE, set(lost), width)
    assert ends
    r = R.repair(page)
    assert r.original() == page
    at_ends = [e for e in r.edits if e.applied and page[e.offset:e.offset + 1] == "\n" and not e.replaces]
    # inserted before the line break, which stays; right wherever applied
    assert at_ends and all(e.offset in ends and e.insert in lost for e in at_ends)
    assert all(t.end == t.start for t in find(page) if t.kind == "break")


def test_line_breaks_are_traces_only_in_pdftotext_output():
    from docfix.traces import break_traces

    # a list of short items (a message catalogue) has no break traces, nor a full line
    items = "或是外掛程式是否存在\n以分號分隔的路徑中\n" * 4
    assert break_traces(items) == []
    page, _ = _pdftotext_page(_RAW_SOURCE, set("信育"), 20)
    assert any(t.kind == "break" for t in find(page))
    # text without pdftotext's spaces: its line breaks are the text's own
    assert all(t.kind != "break" for t in find(_RAW_SOURCE))


def test_a_line_that_lost_its_first_glyph_breaks_where_it_was_lost():
    from docfix.traces import break_traces

    # pdftotext prints nothing for a glyph lost at a line's start: the line
    # before is full, this one a glyph short inside its paragraph: a trace at
    # its start and one at its end (the readings tell which lost it)
    full = "全市各级各类学校和教师要认真落实有关规定，加强管理"
    page = (full + "\n") * 3 + full + "\n" + full[1:] + "\n" + full + "\n"
    assert [t.start for t in break_traces(page)] == [len(full) * 4 + 3, len(full) * 5 + 3]
    # a paragraph's last line, a line of ASCII or with spaces at its start, and -layout's indents say nothing
    assert break_traces((full + "\n") * 4 + full[1:-2] + "。\n\n") == []
    assert break_traces((full + "\n") * 4 + "落  " + full[3:] + "\n" + full + "\n") == []
    # one space inside it is one more glyph lost there (-raw prints one for each run): the line is
    # still short of one glyph; two spaces side by side are -layout's, the place of the glyphs lost
    one = (full + "\n") * 4 + full[1] + " " + full[3:] + "\n" + full + "\n"
    assert len(full) * 4 + 3 in [t.start for t in break_traces(one)]
    layout = (full + "\n") * 4 + " " + full[1:] + "\n" + full[1:] + "\n" + full + "\n"
    assert len(full) * 4 + 3 not in [t.start for t in break_traces(layout)]


def test_a_space_that_starts_a_paragraphs_line_in_pdftotext_layout_output():
    from docfix.spacetraces import space_offsets

    # -layout keeps the place of a line's lost first glyph: a space where the
    # line before, full, goes on; after a sentence's end it is an indent
    line = "推进教育 息化建设，加强 息管理，提高教育 息化水平"
    page = (line + "\n") * 4 + " " + line[1:] + "\n" + line + "\n"
    assert len(line) * 4 + 4 in space_offsets(page)
    page = (line + "。\n") * 4 + " " + line[1:] + "\n" + line + "\n"
    assert all(page[o - 1] != "\n" for o in space_offsets(page))


def test_keyless_traces_side_by_side_in_an_address_read_as_one_token(R):
    # U+FFFD marks each lost glyph but not which: www.m??.gov.cn, read one
    # trace at a time, has no letter of the text beside either trace to go on;
    # read as a run, the two letters make a token of the address (mee)
    F = "\ufffd"
    line = ("各省、自治区、直辖市生态环境厅（局）：为贯彻落实有关要求，加强信息公开工作，现将有关事项通知如下。"
            "请于每月底前登录生态环境部网站（http://www.m" + F + F + ".gov.cn/xxgk）报送有关材料。联系人：张三，"
            "电话：010-66556826，邮箱：dqhdc@m" + F + F + ".gov.cn。\n")
    r = R.repair(line * 3)
    assert r.text.count("www.mee.gov.cn/xxgk") == 3 and r.text.count("dqhdc@mee.gov.cn") == 3
    assert r.original() == line * 3


def test_a_count_lost_to_a_keyless_trace_reads_in_the_documents_style(R):
    # a notice that writes its counts in digits (12个, 3家, 8个, 20项) lost one
    # before 个: a digit (which one, the text hardly says), not 五 or 十 (a law's style)
    F = "\ufffd"
    line = ("我部在河北省石家庄市发现的12个突出环境问题，涉及3家企业。请你市在我部公开督办问题后" + F
            + "个工作日内，将督办问题整改方案报送我部。另有2" + F + "家企业存在超标排放问题，共涉及8个县、20项任务。\n")
    r = R.repair(line * 3)
    first = min((e for e in r.edits if e.replaces == F), key=lambda e: e.offset)
    assert first.insert.isdigit() and not any(a in ("五", "十", "三") and p > 0.05 for a, p in first.alternatives)


def test_both_marks_of_titles_lost_to_keyless_traces(R):
    # a font that lost 《 and 》 leaves a trace at both ends of every title:
    # an opener at a trace whose line holds another trace after it (the
    # title between, no clause's mark) pairs with it, as with a written 》
    F = "\ufffd"
    text = (f"我部决定制定{F}检验检测机构资质认定评审准则{F}，现公开征求意见。"
            f"各单位应按照{F}生态环境监测条例{F}的要求开展工作。"
            f"请参照{F}排污许可管理办法{F}执行。"
            f"附件：{F}土壤环境质量标准{F}编制说明。")
    applied = [e.insert for e in R.repair(text).edits if e.applied]
    assert applied.count("《") >= 3 and applied.count("》") == 4
    assert set(applied) <= {"《", "》"}
    assert keyscore.pairs_with_trace("制定" + tracefit.PLACEHOLDER + "评审，准则" + tracefit.PLACEHOLDER, 2, "《") == 0


def test_spaces_of_clean_text_stay(R):
    news = ("记者 蒋文 报道：全市教育工作会议召开。会议要求，各学校 要加强管理。\n" * 3
            + "聚焦培根铸魂 突出德育实效，推进“五育”并举。\n" * 3)
    assert [e for e in R.repair(news).edits if e.applied] == []
    # an extractor that marks its losses does not print spaces for them too
    assert all(t.kind != "space" for t in find("教育(cid:5)局，" + news))
    assert find("推进教育 息化。", spaces=False) == [] and find("推进教育 息化。", spaces=True)


# ------------------------------------------------ what a reading must fit
SEED004 = Path(__file__).resolve().parent.parent / "seeds" / "004_754d46124ffa931b.txt"


_BRACKETS = ("各学校要认真贯彻落实《关于进一步加强中小学生作业管理的通知》（教基厅函〔2021〕13号）精神。\n"
             "（一）加强组织领导。各县（市、区）教育局要成立工作专班。\n"
             "（二）强化督导检查。市教育局将适时开展专项督导（详见附件1）。\n"
             "（三）做好宣传引导。请于5月20日前将总结报送市教育局基础教育科（联系电话：0392-3312345）。\n")


@pytest.mark.parametrize("glyph,applied", [("。", True), ("（", True), ("“", True), ("）", False)])
def test_lost_punctuation_is_read_back(R, glyph, applied):
    # punctuation is in every font subset; the bigram table models it worst,
    # the model's window rarely sees both ends of a bracket, and a sentence
    # end ends a scoring unit
    text = SEED004.read_text(encoding="utf-8")[:3000] + "\n" + _BRACKETS
    assert text.count(glyph) >= 7
    r = R.repair(text.replace(glyph, "(cid:77)"))
    reads = [e for e in r.edits if e.replaces == "(cid:77)"]
    assert len(reads) == text.count(glyph) and all(e.insert == glyph for e in reads)
    if applied:  # (the closing bracket is read right, just under the threshold)
        assert r.text == text


def test_lost_letters_of_a_web_address_are_read_back(R):
    text = ("详情请登录教育局网站（网址：http://www.jyj.gov.cn/），或发送邮件至jyj@mail.gov.cn。"
            "相关文件可在http://www.jyj.gov.cn/xxgk/index.html下载。") * 2
    dam = text.replace("t", "\0").replace("c", "\1").replace("\0", "(cid:5)").replace("\1", "(cid:9)")
    r = R.repair(dam)
    got = {e.replaces: e.insert for e in r.edits}
    assert got.get("(cid:5)") == "t" and got.get("(cid:9)") == "c"


def test_a_letter_standing_alone_among_chinese_is_a_trace():
    # PyMuPDF prints a glyph of a subset font as the character of its glyph
    # id: an ASCII letter, again and again, alone between Han characters
    text = "有v意见请反馈，v于同意委托，相v\n措施，有v部门。GDP增长，A股上涨，A股下跌，A股平稳。"
    found = [(text[t.start], t.kind) for t in find(text)]
    assert found == [("v", "codepoint")] * 4
    assert find("GDP增长，A股上涨，A股下跌，A股平稳，X光检查。") == []


def test_a_capital_standing_alone_is_a_trace_where_lower_case_letters_are():
    # glyph 68 printed as D (接受社会监督 -> 接受D会监督) in a text whose lone
    # lower-case letters already say it is code-point output; A股 after a
    # comma again and again stays text there, and so do capitals where no
    # lower-case letter stands alone
    text = "有v意见请反馈，v于同意委托，相v措施。接受D会监督，此件D会公开，接受D会监督，A股上涨，A股下跌，A股平稳。"
    found = [text[t.start] for t in find(text)]
    assert found == ["v"] * 3 + ["D"] * 3
    assert find("接受D会监督，此件D会公开，接受D会监督，A股上涨，A股下跌，A股平稳。") == []


def test_a_rare_letter_inside_a_number_is_a_trace():
    found = find("办公厅202ȵ\n年6月25日印发，电话：（0ȵ0）6564687。")
    assert [t.kind for t in found] == ["codepoint"] * 2
    assert found[0].end - found[0].start == 2  # the line break after it is the extractor's


def test_katakana_and_rare_unit_signs_among_chinese_are_traces():
    # a whole font's glyph ids land in the CJK compatibility blocks
    found = find("这次会议㋺关部门参加，学㌾工作；总面积20㎡。", known=frozenset())
    assert [t.kind for t in found] == ["codepoint", "codepoint"]
    assert find("总面积20㎡，重量5㎏，长度3㎞。") == []


def test_whole_font_code_points_in_extension_a_and_the_hexagrams():
    # a whole font's glyph ids 13,000-20,000 print as extension-A letters and
    # Yijing hexagrams (U+4DC0-4DFF); extension-A letters mark such output
    # too, so a letter of a web address printed that way is a trace
    text = "主要内容如下䷪\n推进㒳育工作，㒳育局召开会议。网址www.mee.gov.䪇n/xxgk，发展㢴业。"
    found = {text[t.start] for t in find(text, known=frozenset())}
    assert found == {"䷪", "㒳", "䪇", "㢴"}
    # a hexagram is no text's own sign beside Chinese either
    assert [text[t.start] for t in find("主要内容如下䷪", known=frozenset())] == ["䷪"]


def test_whole_font_code_points_as_circled_letters_and_parenthesized_ideographs():
    # glyph ids 9,398-9,449 and 12,832-12,867 print as circled Latin letters and
    # parenthesized ideographs (义务与方ⓨ和途径, 开展㈦查), others as katakana or
    # another script's digits (调度ブ究, 施工༠道); a Kangxi radical before a mark is
    # a glyph as one between two Han characters is (问责等措⾫。)
    text = "推进㒳育工作，㒳育局召开会议，发展㢴业。义务与方ⓨ和途径，开展㈦查，问责等措⾫。调度ブ究，除施工༠道外。"
    found = {text[t.start] for t in find(text, known=frozenset())}
    assert {"ⓨ", "㈦", "⾫", "ブ", "༠"} <= found
    # a lost lower-case letter of a web address prints as a capital (e: H)
    address = text + "网址www.mHH.gov.cn/xxgk，邮箱dqqhdc@mHH.gov.cn。见www.ChinaNews.com，www.Microsoft.com。"
    found = [address[t.start] for t in find(address, known=frozenset())]
    assert found.count("H") == 4 and "N" not in found and "M" not in found
    # a list's mark and a circled number are text
    clean = "㈠加强管理，①推进教育，开展㈦查。"
    assert [clean[t.start] for t in find(clean, known=frozenset())] == []


def test_code_point_output_is_known_by_its_rare_letters_too():
    # no control character (no lost glyph id below 32): rare letters standing
    # in Chinese text mark PyMuPDF/pypdf output; there a letter or an odd
    # ASCII symbol between Han characters is a trace, a digit stays text
    # (核电厂2号机组), a rare letter in a web address or a number is one, and
    # so is a line break the extractor put after the trace
    text = ("推进ӆ育工作，ӆ育局召开会议。生{环境部发布通知，核电厂2号机组，相v\n工作。"
            "网址http://www.mƏƏ.gov.cn，电话6610ԕ146。")
    found = {text[t.start]: (t.kind, t.end - t.start) for t in find(text)}
    assert set(found) == {"ӆ", "{", "v", "Ə", "ԕ"}
    assert found["v"] == ("codepoint", 2)
    # one rare letter, or only Greek letters of a formula, do not make code-point output
    assert find("生{环境部，α粒子与β粒子，核电厂2号机组", known=frozenset("αβ")) == []
    assert find("Müller先生和café") == []


def test_a_lone_carriage_return_between_han_is_a_control_trace():
    text = "应加\r\n对设计变更的管理，加强监督。\n第二段。\n第三段。\n"
    assert [(t.kind, t.end - t.start) for t in find(text)] == [("control", 2)]
    assert find("第一行。\r\n第二行。\r\n第三行。\r\n") == []


def test_a_space_a_code_point_rule_took_is_no_second_trace(R):
    """A space in an address (hxjg_sec@1 6.com: a sign no address holds) in
    text whose spaces are pdftotext's was found twice, as a code point and
    as a space, and the repair failed with a KeyError."""
    text = "材料电子版发送至邮箱hxjg_sec@1 6.com，邮件名称标明培训班。"
    assert [(t.start, t.kind) for t in find(text, spaces=True)] == [(20, "codepoint")]
    page = ("请各单位于会 前将回执发送至邮箱hxjg_sec@1 6.com，邮件名 标明培训班名 。\n"
            "联系人：张 ，电话：（010）6555 123。培训 点在北京市西城区。\n") * 3
    r = R.repair(page)
    assert r.original() == page


def test_a_keyless_trace_among_unknowns_is_not_read(R):
    """Inside a run of U+FFFD (a font that lost every glyph) a trace's
    neighbours are unknowns: its reading was noise, capped at 0.3, and cost
    5 ms a trace; it is not read at all. The run's ends and other traces are."""
    text = "推进" + "\ufffd" * 12 + "建设。\n推进教\ufffd信息化建设，提高教\ufffd质量。\n"
    r = R.repair(text)
    assert r.original() == text
    inside = [e for e in r.edits if 4 <= e.offset < 12]
    assert inside == []
    assert "教育信息化" in r.text


def test_traces_a_caller_passes_must_be_spans_that_do_not_overlap(R):
    with pytest.raises(ValueError, match="overlap"):
        R.repair("教育息化", traces=[Trace(0, 2, None, "replacement"), Trace(1, 2, None, "replacement")])
    with pytest.raises(ValueError, match="not a span"):
        R.repair("教育息化", traces=[Trace(3, 9, None, "replacement")])
    assert R.repair("推进教育\ufffd息化建设", traces=[Trace(4, 5, None, "replacement")]).text == "推进教育信息化建设"


_OVERLAP_PARTS = ["教育", "信", "，", "。", "\x13", "Q", "q", "\ufffd", " ", "(cid:7)", "\n", "2", "发送至邮箱",
                  "hx_s@1", "6.com", "邮件", "www.", "://", "\ue001", "\u3402", ".", "年", "“"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_OVERLAP_PARTS), max_size=60), st.sampled_from([None, True, False]))
@example(["发送至邮箱", "hx_s@1", " ", "6.com", "，", "邮件"], True)
@example([".", "年", "\x1c", "\u3402", "\x13", "“"], None)  # (a dot as the first character of code-point output: TypeError)
def test_traces_are_in_order_and_never_overlap(parts, spaces):
    text = "".join(parts)
    found = find(text, spaces=spaces)
    for a, b in zip(found, found[1:]):
        assert a.start < b.start and a.end <= b.start, (text, found)


_MIX_PARTS = _OVERLAP_PARTS + ["推进", "信息化", "建设", "（", "）", "《", "》", "2022年", "\r\n", "\x1c", "  ", "\t", "1.", "第"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(_MIX_PARTS), min_size=1, max_size=80))
def test_any_mix_of_traces_repairs_without_error_and_gives_the_input_back(R, parts):
    text = "".join(parts)
    r = R.repair(text)
    assert r.original() == text
    assert all(0 <= e.offset <= len(text) for e in r.edits)


_CRLF_PARTS = ["教", "育", "信", "，", "。", "\x13", "\x05", "Q", "q", "\ufffd", " ", "(cid:7)", "\n", "\r", "2"]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(_CRLF_PARTS), max_size=40))
def test_a_crlf_texts_traces_are_its_lf_forms(parts):
    """Line ends written \\r\\n (PDFium, a Windows file) change no trace:
    the same kinds and keys, each span the same text but for its line end."""
    lf = "".join(parts)
    assume("\r\n" not in lf)
    crlf = lf.replace("\n", "\r\n")
    a, b = find(lf), find(crlf)
    assert [(t.kind, t.key) for t in a] == [(t.kind, t.key) for t in b]
    for s, t in zip(a, b):
        assert crlf[t.start:t.end].replace("\r\n", "\n") == lf[s.start:s.end]
        assert crlf[:t.start].replace("\r\n", "\n") == lf[:s.start]


def test_a_crlf_code_point_text_is_repaired_as_its_lf_form(R):
    """PDFium's text ends every line with \\r\\n; glyph 13 prints a lone \\r."""
    trace_of = {"建": "\r", "推": "\x05", "育": "Q"}
    dam = "".join(trace_of.get(c, c) for c in CLEAN * 2)
    lf = "\n".join(dam[i:i + 24] for i in range(0, len(dam), 24))
    crlf = lf.replace("\n", "\r\n")
    a, b = R.repair(lf), R.repair(crlf)
    assert b.original() == crlf
    assert b.text.replace("\r\n", "\n") == a.text
    assert [(e.insert, e.applied) for e in a.edits] == [(e.insert, e.applied) for e in b.edits]
    assert sum(e.applied and e.replaces.startswith("\r") and e.insert == "建" for e in b.edits) >= 4


def test_a_keys_other_occurrences_in_a_window_read_as_the_candidate(R):
    # 〔201?〕5?9号: a key's evidence is scored with the candidate at every one
    # of its occurrences in the window, not beside the other's current reading
    P = decipher.PLACEHOLDER
    work = "天" + P + P + "向上"
    toks, pos = list(work), list(range(len(work)))
    units = [(toks, pos)]
    ss = [decipher._Site(0, 0, 1), decipher._Site(1, 0, 2)]
    where = {1: 0, 2: 1}
    uni = keyscore.unigram(R.screen)
    got = keyscore.loglik(R.lm, units, where, ss, ["天", "好"], None, uni, {}, frozenset(), frozenset(), work)
    m = R.lm.model

    def window_score(seq, first):
        import kenlm
        st, out = kenlm.State(), kenlm.State()
        m.BeginSentenceWrite(st)
        total = 0.0
        for i, t in enumerate(seq + ["</s>"]):
            s = m.BaseScore(st, t, out)
            if i >= first:
                total += s
            st, out = out, st
        return total

    for c in ("天", "好"):
        seq = ["天", c, c, "向", "上"]
        # the two windows are the same (each weighs 1/2); the glyph's own rate is counted once
        want = window_score(seq, 1)
        assert got[c] == pytest.approx(want, abs=1e-4)
    assert got["天"] > got["好"]  # 天天向上


def test_whole_font_code_points_as_arrows_letterlike_and_miscellaneous_symbols():
    # a browser's PDF keeps the font's own glyph ids: WenQuanYi Micro Hei's 核 (glyph 8,679) prints
    # as ⇧, 杨 as ℗, 标 as ↶, 汰 as ☟, 总 as a Khmer symbol, 研 as a CJK stroke
    text = ("推进㒳育工作，㒳育局召开会议，发展㢴业。开展⇧查，对⇧查中发现的问题，联系人：℗秋利，"
            "技术↶准，淘☟落后产能，᧪体要求，科㇃院所。")
    found = {text[t.start] for t in find(text, known=frozenset())}
    assert {"⇧", "℗", "↶", "☟", "᧪", "㇃"} <= found
    # the signs Chinese text writes between Han characters stay text there, and none is a
    # trace in a text that is no code-point output
    text = "推进㒳育工作，㒳育局召开会议，发展㢴业。气温25℃左右，点击文件→保存，评为★级单位，五☆级。"
    assert {text[t.start] for t in find(text, known=frozenset())} == {"㒳", "㢴"}
    assert find("开展⇧查，对⇧查中发现的问题，淘☟落后产能。", known=frozenset()) == []


def test_code_point_output_of_sequential_glyph_ids():
    # fpdf2, LibreOffice and others number a subset's glyphs in order of
    # first use: lost glyphs print as ASCII letters and marks and Latin-1
    # signs (pypdf, PyMuPDF); among Chinese, after a wrapped line's break,
    # next to another trace, a half-width mark where the text writes the
    # full-width one
    text = ("推进\x05定相关法律，强化立法保障，\x05定法规。“十四五±省级规划”，许可证法«¬表人，"
            "已难\nK适应当前形势；要求(见附件)：各单位,认真落实。")
    found = {text[t.start] for t in find(text)}
    assert {"\x05", "±", "«", "¬", "K", ","} <= found
    assert "(" not in found and ")" not in found  # beside a letter-less bracket pair: (见附件) is text
    # the same marks in ordinary text are text
    assert find("价格¥30元，温度30°，阿依·买买提，误差±0.5，要求(见附件)：各单位,认真落实。") == []


def test_capitals_among_chinese_stay_text_without_control_characters():
    # Greek letters make a science text look like code-point output, but
    # Chinese writes a capital alone among Han characters (X射线, 维生素C)
    text = "α粒子、β射线和γ射线都是电离辐射。医院的X射线检查要控制剂量。维生素C很重要，补充维生素C。"
    assert not [t for t in find(text) if text[t.start].isascii()]


def test_a_capital_alone_in_many_contexts_is_a_trace_where_rare_letters_are():
    # code-point output without control characters (the subset's lost glyph
    # ids above 31): rare letters among Chinese say so, and a capital that
    # stands alone between ever other neighbours is a glyph too (过程Q控, 环境Q理);
    # one that keeps its word is text (X射线, 维生素C, A股)
    text = ("将从源头预防、过程Q控和末端治理等方面完善非常规污染物和新ӆ污染物Q控标准。《污染地块土壤环境Q理办法》"
            "和《农用地土壤环境Q理办法》。建设用地土壤污染ԕ况调查，土壤污染ԕ况评估，新ӆ污染物。医院的X射线检查，X射线机。")
    found = {text[t.start] for t in find(text)}
    assert {"Q", "ӆ", "ԕ"} <= found and "X" not in found
    plain = text.replace("ԕ", "状").replace("ӆ", "型")
    assert not [t for t in find(plain) if plain[t.start] == "Q"]


def test_glyph_ten_printed_as_a_line_break_in_code_point_output():
    # a subset numbered by first use prints its 10th glyph as a line break:
    # on a page wrapped at one width, a break that splits a full line in two
    line = "全市各级各类学校和教师要认真落实有关规定，加强管理"
    head = "推进\x13作，推动\x13作。\n"  # (control characters among Chinese: code-point output)
    page = head + (line + "\n") * 3 + "全市各级各类学校和\n师要认真落实有关规定，加强管理\n" + line + "\n"
    found = [t for t in find(page) if t.kind == "control" and page[t.start] == "\n"]
    assert [(t.start, t.key) for t in found] == [(page.index("和\n师") + 1, ("char", "\n"))]
    # without other code-point traces, a short line is a short line
    body = page[len(head):]
    assert not [t for t in find(body) if body[t.start] == "\n"]


def test_runs_and_signs_of_sequential_glyph_ids_in_code_point_output():
    # what real pypdf / PyMuPDF print for a subset numbered by first use:
    # new glyphs in a row print as letters in a row (接受社会监督 -> 接CDE监督),
    # a glyph printed as an ASCII sign stands alone among Chinese (废物管理 ->
    # 废物?理), inside a number (2019 -> 2¢19) or a web address (.cn -> .%n)
    text = ("推进\x05作，接CDE监督，放射性废物?理，并于2¢19年12月，网址www.mee.gov.%n/xxgk，"
            "相关\x05作，接受社会监督，自然保护\n[管理要求，环境现状、[表水。")
    found = {text[t.start] for t in find(text)}
    assert {"C", "D", "E", "?", "¢", "%", "["} <= found
    # every occurrence of a found sign that touches a Han character is a trace
    assert sum(1 for t in find(text) if text[t.start] == "[") == 2


def test_the_texts_own_numbers_and_marks_stay_in_code_point_output():
    # digits that count (8号机组, 第3条, 5个), a hyphen of a range, a half-width
    # bracket pair: the text's own even where control characters show that
    # an extractor printed code points
    text = ("\x05田湾核电站8号机组，田湾核电站8号机组，田湾核电站8号机组运行，第3条，5个单位，"
            "4月-6月，督办的函(开封)开封市，液相色谱-电感耦合。")
    assert [text[t.start] for t in find(text)] == ["\x05"]


def test_code_point_repair_reads_signs_and_runs(R):
    # 工作 lost its 工 (glyph 39, printed as "'"): read back from its
    # occurrences, and the document's own hyphen and digits stay
    text = ("各地要认真做好'作部署，切实加强'作指导，推动'作落实。\x05年4月-6月，"
            "全市8号文件要求各单位认真开展'作检查，确保'作取得实效，\x05后继续推进。")
    r = R.repair(text)
    assert r.original() == text
    applied = {(e.replaces, e.insert) for e in r.edits if e.applied}
    assert ("'", "工") in applied
    assert not any(e.replaces in ("-", "8", "4", "6") for e in r.edits if e.applied)


def test_a_form_feed_or_vertical_tab_inside_a_line_is_a_glyph():
    # glyphs 11 and 12 print as \x0b and \x0c: between Han characters on a
    # line they are traces (and the signature of code-point output); a form
    # feed between pages (pdftotext) is not
    text = "生\x0c环境部，生\x0c环境局，放射性废物?理，放射性废物?理。"
    found = [(text[t.start], t.kind) for t in find(text)]
    assert ("\x0c", "control") in found and ("?", "codepoint") in found
    assert find("第一页。\x0c第二页。") == []


def test_a_tab_in_a_line_of_code_point_output_is_glyph_nine():
    # pypdf prints glyph 9 as a tab: in a line of prose of a text with
    # control-character traces it is one (你们\t出的: 提); a table's tabs
    # are not, nor any tab of a text without such traces
    text = ("致公党中央：你们\t出的关于做好生态文明建设的\t案收悉，我们完全赞同\t案\t出的整合完善建议，"
            "\t升生态环境\x07理水平和\x07理能力。\n")
    found = [(t.start, t.kind) for t in find(text) if text[t.start] == "\t"]
    assert len(found) == text.count("\t") and {k for _, k in found} == {"control"}
    table = "姓名\t性别\t民族\n张三\t男\t汉族\n李四\t女\t回族\n附\x07件。\n"
    assert [t for t in find(table) if table[t.start] == "\t"] == []
    assert find(text.replace("\x07", "管")) == []


def test_a_control_character_away_from_chinese_makes_no_code_point_output():
    # a help text's bell (\a, then spaces) or one that opens a message is the
    # text's own: its <目录> placeholders and tabs stay text
    help_text = "  \\\\    反斜杠\n  \x07    响铃字符\n目录\t将 <目录> 添加到栈顶，默认的 <目录> 是当前目录。\n"
    assert find(help_text) == [] or {t.kind for t in find(help_text)} == {"control"}
    assert [t for t in find(help_text) if help_text[t.start] != "\x07"] == []
    message = "\x07等待输入超时：自动注销\n\t-o <选项>\t设置选项\n"
    assert [t for t in find(message) if message[t.start] != "\x07"] == []


def test_no_code_point_traces_in_pdfminer_output():
    # an extractor that prints (cid:N) prints no code points: a rare letter
    # there is the text's own (Φ2mm, a diameter)
    text = "评定区外存在Φ2mm和L=5mm显示，教育(cid:12)局，(cid:12)长。"
    assert [t.kind for t in find(text)] == ["cid", "cid"]


def test_a_simple_fonts_letters_are_traces_in_pdfminer_output():
    # LibreOffice sets a document in one-byte subsets: pdfminer prints a lost glyph's code under 32
    # as (cid:N) and the others as the encoding's letters (管 coded 80 prints P)
    text = "推进(cid:3)育工作，过程P控和末端治理，污染物P控标准，土壤环境P理办法，(cid:3)育局。"
    assert [text[t.start:t.end] for t in find(text)] == ["(cid:3)", "P", "P", "P", "(cid:3)"]
    # a Type0 font's pdfminer output prints no letters for its glyphs: with no letters alone among
    # Chinese again and again, its small glyph ids say nothing of its letters
    text = "评定区外存在Φ2mm和L=5mm显示，教育(cid:12)局，(cid:13)长。"
    assert [t.kind for t in find(text)] == ["cid", "cid"]


def test_latin1_signs_of_a_one_byte_font_mark_code_point_output():
    # a one-byte subset's codes 128-191 print as Latin-1 and Windows-1252 signs (中 as ¹, 定 as ª,
    # 件 as €): between Han characters they make the text code-point output, and its lone
    # letters and signs are traces too (过程P控)
    text = ("全面加强¹央生态环境保护，制ª相关法律，此€社会公开。¹央部署，过程P控，污染物P控，"
            "环境P理，依法制ª标准。")
    assert {text[t.start] for t in find(text)} == {"¹", "ª", "€", "P"}
    # a translation's guillemets, a brand's ® and a count's × between Han characters are text; so are fractions
    assert find("他说«你好»，她说«再见»，微软®公司，长3×宽4米，另一«例»。") == []
    assert find("全校约½的学生参加，约¼的教师参与，约¾的家长满意，其余½的家长未反馈。研究¹表明。") == []


def test_latin_letters_mark_code_point_output_without_control_characters():
    # glyph ids 192-591 print as Latin-1 / Latin Extended letters: where they
    # stand in Chinese text, ASCII signs and capitals among Han characters are
    # glyphs too (a subset whose lost glyph ids are all above 31)
    text = "推进ë育工作，ë育局，发展ƒ业，ƒ业园区。推荐范围电$、钢铁，知识和领导$，废弃O处理，废弃O利用。"
    found = {text[t.start] for t in find(text)}
    assert {"ë", "ƒ", "$", "O"} <= found
    # Greek letters of a science text do not: X射线 stays
    science = "α粒子、β射线和γ射线都是电离辐射，α衰变。医院的X射线检查要控制剂量，X射线机。"
    assert not [t for t in find(science) if science[t.start].isascii()]


def test_a_stray_control_character_does_not_make_code_point_output():
    # a DOS end-of-file mark or an ANSI colour code is no glyph, and does not
    # turn the text's capitals (X射线, B超, C语言) into code-point traces
    text = ("医院的X射线检查要控制剂量，做B超检查前要空腹。C语言是一门编程语言，学习C语言要多练习。" * 2) + "\x1a"
    assert find(text) == []
    assert find("\x1b[31m警告\x1b[0m：X射线检查要控制剂量，做B超检查前要空腹。") == []


def test_words_and_wrapped_addresses_stay_text_in_code_point_output():
    # a run of letters is glyphs only where its code points follow one
    # another (接CDE监督); a word (Word, WPS) is text; a line break inside a web
    # address is where the page wrapped
    text = "推进\x05作，格式为Word或WPS文档，接CDE监督，网址http://www.mee.gov.\ncn/xxgk，接CDE监督，推动\x05作。"
    found = {text[t.start] for t in find(text)}
    assert {"C", "D", "E"} <= found
    assert not found & {"W", "o", "r", "d", "P", "S", "\n"}


def test_glyph_ids_of_an_address_side_by_side_in_code_point_output():
    # two different glyph ids side by side in an e-mail name are no word of
    # one script (dĮĮԕdc: Latin beside Cyrillic), a line break after one is
    # PyMuPDF's, and a sign printed for every dot wraps with the address
    text = ("推进\x05作，接受\x05会监督。邮箱：dĮĮ\nԕdc@mee.gov.cn，网址http://www{\nmee{\ngov{cn/xxgk，"
            "推动\x05作，Müller先生。")
    found = [text[t.start] for t in find(text)]
    assert found.count("Į") == 2 and found.count("ԕ") == 1 and found.count("{") == 3
    assert not set(found) & set("Müller")
    # a scheme is letters: a sign before :// is a glyph (htt/:// for a lost p), a break after it PyMuPDF's
    text = "推进\x05作，接受\x05会监督。网址ԕtt/://www.mee.gov.cn/xxgk，网址ԕtt/\n://www.mee.gov.cn/xxgk。"
    assert [text[t.start] for t in find(text)][2:] == ["ԕ", "/", "ԕ", "/"]
    assert [text[t.start] for t in find("见file:///etc/hosts和http://www.mee.gov.cn/。")] == []
    # a whole font prints an address's letters in extension A: the token runs through them
    text = "推进㒳育工作，㒳育局召开会议，发展㢴业，㢴业兴旺。网址䶻tt䜊://www.mee.gov.cn/䶻ome/rdzl/d䜛wr䜛䶻dc/），㒳育局。"
    found = [text[t.start] for t in find(text, known=frozenset())]
    assert found.count("䶻") == 3 and found.count("䜛") == 2 and "䜊" in found


def test_spaces_in_a_wrapped_paragraph_line_without_punctuation():
    """pdftotext -raw breaks a paragraph at the page's line ends, so many of
    its lines hold no ，。； at all; a long line of Han characters is still
    prose. A list of issuing organs, spaced, is not."""
    from docfix.traces import space_traces

    wrapped = ("下一步，我部将积极协调财政部及四川省相关部门，指导该区域加快制定地方\n"
               "推动将甘孜州农村生活污水处理纳入国家生 环保项目储 库并统筹安排加大对重点地区的支持力度\n")
    assert [wrapped[t.start - 1:t.end + 1] for t in space_traces(wrapped, force=True)] == ["生 环", "储 库"]
    # ... a line after a sentence's end, or an item of a list, is not a wrapped line
    for first in ("下一步，我部将积极协调财政部及四川省相关部门。\n", ""):
        assert space_traces(first + wrapped.splitlines()[1], force=True) == []
    items = "附件清单\n2.水质 烷基酚类的测定 固相萃取-高效液相色谱法及其他有关标准的说明\n"
    assert space_traces(items, force=True) == []
    organs = "联合印发的单位有\n生态环境部 发展改革委 工业和信息化部 公安部 司法部 财政部 自然资源部\n"
    assert space_traces(organs, force=True) == []
    short = "关于加强生态保护红 管理\n"  # a title: too short to tell
    assert space_traces(short, force=True) == []
    # only the spaces of punctuated lines tell that a text is -raw output:
    # headings of two phrases (seed 000) are not
    headings = "".join(f"坚持{a} 全面加强{b}工作推动教育事业高质量发展\n" for a, b in
                       zip(("创新引领", "铸魂育人", "扩优提质", "融合发展", "强基培优", "安全稳定"),
                           ("党的领导", "立德树人", "基础教育", "职业教育", "教师队伍", "校园安全")))
    # (told it is -raw output, all six: lines as long as the page's are a paragraph's)
    assert space_traces(headings) == [] and len(space_traces(headings, force=True)) == 6


def test_a_space_inside_a_year_is_a_trace():
    from docfix.traces import space_traces

    t = "201 年中央财政农村环境整治资金向中西部倾斜，并于2 19年12月27日下达。"
    assert [t[t_.start - 1:t_.end + 1] for t_ in space_traces(t, force=True)] == ["1 年", "2 1"]
    # a digit lost inside a short number (every such space in real pdftotext output of damaged PDFs)
    t = "按照环办〔2015〕1 8号文件要求，回风量1 0立方米/秒，围堤137 06公里。"
    assert [t[t_.start - 1:t_.end + 1] for t_ in space_traces(t, force=True)] == ["1 8", "1 0", "7 0"]
    # a count before a year, a table's columns, a phone number: not a year, not one number
    for clean in ("共有学校12 2019年新建，", "序号 1 2019年，", "2019 2020 2021年，", "电话：0392 3312345，"):
        assert space_traces(clean, force=True) == []


# ---------------------------------------------------------------- keyless support
def test_a_keyless_reading_other_traces_make_too_is_surer():
    from docfix import tracefit as tf

    def conf(support, space=False):
        return tf.calibrated(tf.features("育", 0.7, 0.2, 1, True, None, space, support))

    assert conf(0) < conf(1) < conf(4)
    assert conf(0, space=True) < conf(3, space=True)
    # an unsupported space keeps the weights fitted without support (no clean space was in the fit)
    old = tf.calibrated(tf.features("育", 0.7, 0.2, 1, True, None, True))
    assert conf(0, space=True) == pytest.approx(old)


def test_support_counts_other_contexts_once_and_not_traces_beside_traces():
    from docfix.tracefit import keyless_support

    post = {i: [("育", 0.9)] for i in range(5)}
    ctx = {0: "a", 1: "a", 2: "a", 3: "b", 4: "c"}
    assert keyless_support(post, ctx) == {0: 2, 1: 2, 2: 2, 3: 2, 4: 2}
    assert keyless_support(post, ctx, beside={4}) == {0: 1, 1: 1, 2: 1, 3: 1, 4: 0}
    weak = {0: [("育", 0.4)], 1: [("育", 0.9)]}
    assert keyless_support(weak, {0: "a", 1: "b"}) == {0: 1, 1: 0}


def test_a_space_beside_a_number_is_a_trace_only_in_raw_output():
    raw = "推进教育 息化建设，加强 息管理，教育 息化水平，提高 息技术，发展 息化产业。\n"
    text = raw + "会议于2020年2月1 日召开，发现的5 突出问题已整改。\n"
    at = {t.start for t in find(text)}
    assert text.index("1 日") + 1 in at and text.index("5 突") + 1 in at
    assert all(t.kind == "space" for t in find(text))
    clean = "会议于2020年2月1 日召开，全市共 5 个学校参加，会议要求各校加强管理。\n" * 3
    assert find(clean) == []


@pytest.mark.parametrize("city, province, second",
                         [("唐山市", "河", "北"), ("武汉市", "湖", "北"), ("郑州市", "河", "南"), ("长沙市", "湖", "南")])
def test_the_cities_a_document_names_tell_a_lost_first_character_of_a_province(R, city, province, second):
    t = (f"{city}人民政府：\n" + f"抄送：(cid:7){second}省人民政府办公厅，(cid:7){second}省生态环境厅。\n" * 3
         + "关于加强环境保护工作的通知，请各单位认真贯彻落实。\n")
    readings = {e.insert for e in R.repair(t).edits if e.replaces}
    assert readings == {province}


def test_regions_data_is_no_word_list():
    from docfix.regions import province_bonus
    from docfix.resources import OTHER_LEXICON_DATA

    assert "regions.txt" in OTHER_LEXICON_DATA
    assert province_bonus("没有城市的文本") == {}
    # both provinces named: no side taken between 河北 and 湖北 (?北), but 河? is 河北 and 湖? is 湖北
    b = province_bonus("唐山市和武汉市")
    assert b[("河", "北")] == b[("湖", "北")] > 0 > b[("河", "南")] == b[("湖", "南")]
    assert province_bonus("唐山市、郑州市、武汉市和长沙市") == {}


# ------------------------------------------------------------------ clean kinds of a software help (twenty-first session)
def test_mojibake_line_makes_no_code_point_output():
    """A help page's UTF-8 bytes read as Latin-1 (C1 controls beside ¾) are
    no glyphs, and do not make every + of its shortcuts a trace."""
    text = "相关主题\n\n冀\x9b建 GIF 活动\x99\x80¾像\n\n命令+向下箭头\n\n选项Ctrl+向右方向键\n\n命令+T 组合键\n"
    assert traces.find(text) == []
    # one stray byte in a help page makes no code-point output either: its [brackets] stay text
    help_tw = "此 [特性] 對話方塊包含以下選項。只有以此格式儲存的文件才可帶有\x89密碼。請選取 [工具] - [選項]。"
    assert [help_tw[t.start] for t in traces.find(help_tw)] == ["\x89"]
    # glyphs lost one after another in PyMuPDF output stay traces (施工\x8e\x82⏎理)
    assert [t.kind for t in traces.find("强化施工\x8e\x82\n理，施工尽量少占地。")] == ["control", "control"]


def test_variation_selector_is_no_rare_letter():
    from docfix.codepoints import _rare_letter

    assert not _rare_letter("\ufe0e", None)
    assert traces.find("推进\x13化。索引  🔎\ufe0e\n\n模块") == [traces.find("推进\x13化")[0]]


def test_sentence_mark_after_an_address_at_a_line_end():
    text = "作者：\nDavid:\ndak@gnu.org,\nhard core developer\n\nWerner:\nwl@kth.se,\nFonts\n"
    assert traces.find(text) == []


def test_spaced_words_and_numbers_are_a_style_not_raw_gaps():
    """In a text that sets words and numbers off by spaces (在 LibreOffice
    7.3 和之后), a space beside a number is its style, even where spaces
    between Han characters make it look like pdftotext -raw output; and it
    takes more such spaces to be -raw output (a help page's 按 命令 Ctrl)."""
    raw = "推进教育 息化建设，加强 息管理，教育 息化水平，提高 息技术，发展 息化产业。\n"
    more = ("全面 实立德树人，深化 革创新，完善 理体系，加强 伍建设，提升 务水平。\n"
            "坚持 量发展，推动 衡发展，促进 平公正，落实 全责任，强化 障措施。\n"
            "扎实 进改革，积极 展试点，认真 结经验，切实 决问题，不断 高质量。\n")
    near = "音符后面的数字确定：1 为全音符，2 为半音符。\n"
    styled = "在 LibreOffice 7.3 和之后可用，使用 Calc 的函数，参见 Writer 的说明。\n"
    assert len(traces.space_traces(raw + near)) == 7  # -raw output: the spaces beside numbers too
    assert traces.space_traces(raw + styled + near) == []  # five such spaces make no -raw output here
    found = traces.space_traces(raw + more + styled + near)
    assert [(t.start, t.end) for t in found] == [(t.start, t.end) for t in traces.space_traces(raw + more)]
    assert len(found) == 20


def test_spaced_text_spaces_its_marks_too():
    """A message catalog that sets words off by spaces does so beside its
    quotation marks as well (由 “exec” 键定义): no -raw gaps."""
    text = "".join(f"启动终端的程序由 “exec{i}” 键定义，此选项已经废弃，请改用新的设置项。仅当端口设置为 {i} 时才有效。\n"
                   for i in range(12))
    assert traces.find(text) == []


def test_a_digit_printed_for_a_glyph_among_numbers():
    """pypdf prints glyph 49 as 1: 食1安全 for 食品安全, while the text's own
    numbers (2021年11月1日, 7、8号机组, 第1条) stay numbers."""
    text = ("加强食1安全监管，推进食1生产许可，\x13落实食1追溯制度。2021年11月21日起，核电站7、8号机组"
            "按第1条执行，食1安全工作会议于2月9\n日召开。")
    found = [(t.start, text[t.start:t.end]) for t in traces.find(text)]
    assert [c for _, c in found] == ["1", "1", "\x13", "1", "1"]
    assert all(text[i - 1] == "食" for i, c in found if c == "1")


def test_keys_side_by_side_are_read_together(R):
    # 接(cid:67)(cid:68)(cid:69)监督: each key was first read beside the
    # others' unknown or wrong readings (会 beside “ read 非); the keys that
    # stand side by side are read as pairs, and then again
    from pathlib import Path

    text = (Path(__file__).parent / "data" / "notice.txt").read_text(encoding="utf-8")
    lost = {"受": 67, "社": 68, "会": 69, "件": 129}
    damaged = "".join(f"(cid:{lost[c]})" if c in lost else c for c in text)
    r = R.repair(damaged)
    assert r.original() == damaged
    applied = {(e.replaces, e.insert) for e in r.edits if e.applied and e.replaces}
    assert {("(cid:68)", "社"), ("(cid:69)", "会")} <= applied
    truth = {f"(cid:{n})": c for c, n in lost.items()}
    assert all(truth[t] == c for t, c in applied)


def test_a_key_read_in_one_context_beside_another_is_no_surer_than_it(R):
    # 黑颈??、蓝喉歌鸲: two private-use characters side by side, once: read as a
    # pair, 癌 beside 症 looked sure (0.76); its one context holds nothing but
    # the other's reading, which is not
    text = ("合理安排施工作业时间，避免在晨昏及夜间施工，漕湖、东沙湖等重要湿地路段施工尽量避开黑颈\ue862\ue861、"
            "蓝喉歌鸲、鸿雁等保护鸟类迁徙期；对阳澄湖等重要湿地实施增殖放流，促进鱼类资源和底栖生物恢复；")
    r = R.repair(text)
    assert [e.replaces for e in r.edits if e.replaces] == ["\ue862", "\ue861"]
    assert not [e for e in r.edits if e.applied and e.replaces]


def test_later_passes_read_only_the_kinds_of_trace_the_first_pass_read(R):
    # code-point output whose help text spaces its keys' names (按 命令Ctrl):
    # once the first pass replaced the control characters, the second had
    # read the spaces as pdftotext -raw's (按{革}命令 three times)
    text = ("全面推进教育信\x89化，加快教育信\x89化建设。\n"
            "要选择多个对象，请在单击时按住 命令Ctrl 键。\n"
            "按 命令Ctrl+Tab 键可以在对象之间切换，按住 Shift 与 命令Ctrl 键的同时拖动可以复制对象。\n"
            "将焦点移到图标，按 命令Ctrl+Enter 键插入对象。\n"
            "连续按 命令Ctrl+Tab 键，控点开始闪动，然后重复按 命令Ctrl+Tab 键选择下一个对象。\n"
            "在文档中，当您按住 命令Ctrl 键并单击时，可以选择对象。\n")
    r = R.repair(text)
    assert [(e.replaces, e.insert) for e in r.edits if e.applied] == [("\x89", "息"), ("\x89", "息")]


def test_pymupdf_sorted_output_prints_low_glyph_ids_as_spaces():
    # get_text(sort=True) prints glyphs 1-31 as spaces and glyphs 128-159 as
    # C1 control characters: with three of those (and no C0 one) the spaces
    # among Chinese are traces too (elsewhere control characters say that the
    # extractor marks its losses, and spaces are the text's own)
    text = "全面推进教育\x89息化，加快教育\x89息化建设。推动 展，促进\x89息化 展，教育\x89息化。" \
           "经济 展，社会 展，文化 展，共同 展。"
    kinds = {text[t.start]: t.kind for t in find(text)}
    assert kinds == {"\x89": "control", " ": "space"}
    # one stray byte twice (a help text's mojibake) or a C0 control makes no such output
    assert [t.kind for t in find(text.replace("\x89", "信", 2))] == ["control", "control"]
    assert {t.kind for t in find(text.replace("\x89", "\x05", 1))} == {"control"}


def test_a_help_text_that_spaces_its_key_names_is_no_pdftotext_raw_output(R):
    # LibreOffice's help sets words off by spaces and writes a key as
    # 命令Ctrl (Command on a Mac): a page with 22 such spaces had read as
    # pdftotext -raw output (按{革}命令 13 times)
    actions = ["复制对象", "选择下一个对象", "插入对象", "移动对象", "打开菜单", "关闭窗口", "切换视图"]
    lines = [f"要{a}，请按 命令Ctrl+Tab 键，然后按住 Shift 键，或者按 Enter 键确认。" for a in actions]
    lines += [f"在文档中，当您按住 命令Ctrl 键并单击时，可以{a}，按 Esc 键取消。" for a in actions]
    lines += [f"将焦点移到图标，按 命令Ctrl+Enter 键可以{a}。" for a in actions]
    r = R.repair("\n".join(lines) + "\n")
    assert not [e for e in r.edits if e.applied]


def test_a_private_use_character_does_not_hide_pdftotext_raw_spaces():
    # a font's own private-use mapping (黑颈\ue862) prints in -raw output too:
    # it is no extractor's mark of its losses, and the spaces still are
    text = "推进教育 息化建设，加强 息管理，教育 息化水平，提高 息技术，发展 息化产业，保护黑颈\ue862。"
    kinds = [t.kind for t in find(text)]
    assert kinds.count("space") == 5 and kinds.count("private") == 1
    assert [t.kind for t in find(text.replace("\ue862", "\ufffd"))] == ["replacement"]


def test_a_kept_space_is_hardly_likelier_a_priori_than_the_commonest_lost_glyph():
    # every -raw space reads as kept (joined) a little better than as 学: the
    # kept share must not feed itself round after round of the shared prior
    from docfix import cipher

    scored = {("one", i): {"": 0.0, "学": -0.5} for i in range(6)}
    post = cipher.keyless_em(scored)
    q = dict(post[("one", 0)])["学"]
    odds = 10 ** -0.5 / 10 ** cipher.KEEP_SLACK  # the prior of keeping at most KEEP_SLACK above 学's
    assert q >= odds / (1 + odds) - 1e-9


def test_spaces_a_text_keeps_nearly_all_of_are_its_own(R):
    # a review that spaces its phrases (的事 而是有利于) passes for pdftotext -raw
    # output; where its spaces read as its own nearly all (decipher.KEPT_SHARE),
    # the few read as glyphs are reported at most, never applied (由 at 0.63)
    text = ("这本书我买了很久才看完 觉得写得很好，所谓迷信其实是  佛所教我们的道理。\n"
            "我们做的事并非害人的事 而是有利于我们身心的事，书中的故事很有教育意义 是很值得推荐的。\n"
            "附录中有提到 曾经有个人假装生病，故事虽然简单但我觉得 不管书中的人怎样，还是应该从善 平和待人。\n"
            "不管怎样 我相信因果报应 更相信该做到的事情一定要做到，在网上可以搜到一本叫 哑铃完全手册 的书。\n"
            "快递很快 包装也很好，第二天就收到了 书的纸张很好 印刷也清楚，价格比书店便宜 推荐大家购买。\n"
            "孩子很喜欢 每天晚上都要读几页，内容通俗易懂 插图也很漂亮，下次还会再来买 谢谢卖家。\n")
    spaces = [e for e in R.repair(text).edits if e.replaces == " "]
    assert spaces and not any(e.applied for e in spaces)
    assert max(e.confidence for e in spaces) <= tracefit.DENSE_CAP


# ------------------------------------------------------------ a whole font's glyph order
def _cid_whole_font(text: str, lost: str, base: int) -> str:
    """pdfminer output of a font embedded whole: its Han glyphs numbered in
    code-point order from ``base`` (as WenQuanYi Micro Hei's are from 1,967)."""
    return "".join(f"(cid:{ord(c) - 0x4E00 + base})" if c in lost else c for c in text)


def test_a_whole_fonts_glyph_order_reads_every_key(R):
    # 700 characters, four common glyphs and four seen once (the text alone reads 15 of 36)
    lost = "楼所新生阶段班唱"
    text = _RAW_SOURCE[700:1400]
    assert all(c in text for c in lost)
    r = R.repair(_cid_whole_font(text, lost, 1967))
    assert r.original() == _cid_whole_font(text, lost, 1967)
    reads = [e for e in r.edits if e.replaces.startswith("(cid:")]
    assert len(reads) == sum(text.count(c) for c in lost)
    # every key read as the glyph its id names, keys seen once or twice too
    assert all(e.applied and e.insert == chr(int(e.replaces[5:-1]) - 1967 + 0x4E00) for e in reads)
    assert r.text == text


def test_a_renumbered_subset_gives_no_glyph_order():
    from docfix import glyphorder

    # glyph ids in order of first use (fpdf2's subsets): the readings agree on no offset
    text = _RAW_SOURCE
    first = {}
    for c in text:
        first.setdefault(c, len(first) + 3)
    lost = "范示培施课评洁探"
    ids = {("cid", first[c]): first[c] for c in lost}
    readings = {("cid", first[c]): [(c, 0.99)] for c in lost}
    assert glyphorder.offsets(readings, ids) == []
    # ... nor do two keys alone, or four readings less sure than MIN_P (five are a page that lost every glyph)
    ids2 = {k: ord(c) - 0x4E00 + 500 for k, c in zip(ids, lost)}
    assert glyphorder.offsets(dict(list(readings.items())[:2]), ids2) == []
    unsure = {k: [(c, 0.4)] for k, ((c, _),) in readings.items()}
    assert glyphorder.offsets(dict(list(unsure.items())[:4]), ids2) == []
    assert len(glyphorder.offsets(dict(list(unsure.items())[:5]), ids2)) == 1
    assert len(glyphorder.offsets(readings, ids2)) == 1
    # an offset that only as many keys give as give another is no order
    other = {("cid", ord(c) - 0x4E00 + 700): [(c, 0.9)] for c in "学校教"}
    ids3 = {**ids2, **{k: k[1] for k in other}}
    assert glyphorder.offsets({**dict(list(readings.items())[:3]), **other}, ids3) == []


def test_a_font_of_one_standards_characters_numbers_them_by_rank(R):
    """AR PL SungtiL GB (Debian's fonts-arphic-gbsn00lp) holds GB 2312's 6,763
    Han characters only, in code-point order from glyph 948: a glyph id is 948
    plus the character's rank among them, and no one offset from code points fits."""
    from docfix import glyphorder

    lost = "楼所新生阶段班唱"
    text = _RAW_SOURCE[700:1400]
    gid = {c: 948 + glyphorder.index(c, "gb2312") for c in lost}
    damaged = "".join(f"(cid:{gid[c]})" if c in lost else c for c in text)
    r = R.repair(damaged)
    assert r.original() == damaged
    reads = [e for e in r.edits if e.replaces.startswith("(cid:")]
    assert len(reads) == sum(text.count(c) for c in lost)
    assert all(e.applied and gid[e.insert] == int(e.replaces[5:-1]) for e in reads)
    assert r.text == text


def test_a_page_whose_font_lost_every_glyph_is_read_by_its_keys_counts(R):
    """Every Han glyph of a font embedded whole is (cid:N): its glyphs' counts
    say where the keys stand in the font's order, though few read surely."""
    from docfix import glyphorder

    text = _RAW_SOURCE[:400]  # (155 keys: their readings alone agree on no offset)
    han = {c for c in text if "\u4e00" <= c <= "\u9fff"}
    for order, base in (("han", 1967 - 0x4E00), ("gb2312", 948)):
        gid = {c: base + glyphorder.index(c, order) for c in han if glyphorder.index(c, order) is not None}
        damaged = "".join(f"(cid:{gid[c]})" if c in gid else c for c in text)
        r = R.repair(damaged)
        assert r.original() == damaged
        reads = [e for e in r.edits if e.replaces.startswith("(cid:")]
        right = [e for e in reads if e.applied and gid.get(e.insert) == int(e.replaces[5:-1])]
        assert len(right) >= 0.95 * sum(text.count(c) for c in gid), order
        assert all(gid.get(e.insert) == int(e.replaces[5:-1]) for e in reads if e.applied)
    # the same keys numbered by first use (a renumbered subset) stand in no order
    first: dict = {}
    for c in text:
        if c in han:
            first.setdefault(c, len(first) + 3)
    counts = {("cid", first[c]): text.count(c) for c in first}
    assert glyphorder.by_counts(counts, {k: k[1] for k in counts}, R.screen.stats.rate) is None


def test_code_points_of_a_page_with_no_han_glyph_left_are_read_by_their_order(R):
    """pypdf and PyMuPDF print a glyph id as its code point: a GB 2312 face's
    Han glyphs (ids 948-7,710) print as letters of a dozen scripts side by
    side, with no Han character left near them (a page whose every Han glyph
    lost its map); the letters' counts give the face's order."""
    from docfix import glyphorder

    text = _RAW_SOURCE[:400]
    gid = {c: 948 + glyphorder.index(c, "gb2312") for c in text if glyphorder.index(c, "gb2312") is not None}
    printed = "".join(chr(gid[c]) if c in gid else c for c in text)
    assert not any("\u4e00" <= c <= "\u9fff" for c in printed)
    r = R.repair(printed)
    assert r.original() == printed
    right = [e for e in r.edits if e.applied and gid.get(e.insert) == ord(e.replaces)]
    assert len(right) >= 0.9 * sum(text.count(c) for c in gid)
    assert all(gid.get(e.insert) == ord(e.replaces) for e in r.edits if e.applied)
    # the world's scripts written as words, beside Chinese, make no such run, and nothing is applied
    from docfix.letters import _soups

    clean = ("各语言的问候：Здравствуйте、Γειά σας、สวัสดีครับ、नमस्ते、مرحبا、שלום、안녕하세요、"
             "Ｔシャツを着る、Ünïcödé、ʻOkina、[ˈθɪŋk]。\n" * 3)
    assert not _soups(clean) and not [e for e in R.repair(clean).edits if e.applied]


def test_a_traditional_texts_keys_take_their_fonts_order(R):
    """The order gives a Traditional text's key its Traditional glyph (規), the
    readings the model's form (规): the two agree (they had capped every such
    key at glyphorder.DOUBT, reported, not applied)."""
    import opencc

    from docfix import glyphorder

    text = opencc.OpenCC("s2t").convert(_RAW_SOURCE[700:1400])
    lost = "學教育動全開質"
    assert all(c in text for c in lost)
    for order, base in (("han", 1967 - 0x4E00), ("big5", 385)):
        gid = {c: base + glyphorder.index(c, order) for c in lost}
        damaged = "".join(f"(cid:{gid[c]})" if c in gid else c for c in text)
        r = R.repair(damaged)
        reads = [e for e in r.edits if e.replaces.startswith("(cid:")]
        assert len(reads) == sum(text.count(c) for c in lost)
        assert all(e.applied and gid.get(e.insert) == int(e.replaces[5:-1]) for e in reads), order
        assert r.text == text


def test_glyph_orders_by_rank_in_a_standard():
    from docfix import glyphorder

    # Big5 (code page 950) by code point, from glyph 385 (AR PL Mingti2L Big5), GB 2312 and GBK by their own code
    for order, base, chars in (("big5", 385, "學校教育資訊體系"), ("gb2312-code", 100, "学校教育信息体系"),
                               ("gbk-code", 2000, "丂学校教育信息体系")):
        ids = {("cid", base + glyphorder.index(c, order)): base + glyphorder.index(c, order) for c in chars}
        readings = {k: [(c, 0.9)] for k, c in zip(ids, chars[:4])}
        assert [(o, n) for _, o, n in glyphorder.offsets(readings, ids)] == [(order, 4)]
        assert "".join(c for c, _ in glyphorder.predict(ids, glyphorder.offsets(readings, ids)).values()) == chars
    # Unicode ids of characters that GB 2312 also holds side by side (一丁七) give the code-point order
    ids = {("cid", ord(c) - 0x4E00 + 1967): ord(c) - 0x4E00 + 1967 for c in "一丁七万丈三"}
    readings = {k: [(chr(k[1] - 1967 + 0x4E00), 0.9)] for k in ids}
    assert [o for _, o, _ in glyphorder.offsets(readings, ids)] == ["han"]


def test_a_whole_fonts_glyph_id_printed_as_a_symbol_is_a_trace():
    # code-point output (rare letters stand for lost glyphs): a Braille pattern or a Kangxi
    # radical between Han characters is a glyph id too; outside such output, text
    text = "推进教ӆ信息化建设，加强教ӆ信息化，提高ԕ理水平，要⡅化管理。发展教ӆ事业，要⡅化服务。"
    found = {text[t.start] for t in find(text)}
    assert {"ӆ", "ԕ", "⡅"} <= found
    assert all(t.kind != "codepoint" for t in find("第一章 总则⡅，要求如下：→ 见图①。"))


def test_a_full_stop_no_number_or_list_writes_is_a_trace_in_code_point_output(R):
    """pypdf prints glyph 46 as a full stop: 〔201.〕 (8), 3月.日; an item's 1. and a decimal stay text."""
    text = ("关于批准福核发〔201.〕59号的通知，推\x05教育\x13息化。\n"
            "1.国家能源局综合司2.国家国防科技工业局综合司\n"
            "该局于2019年3月.日印发，降雨42.5mm，并于201.年7月征求意见，请于2月2.日前反馈，推\x05工作。\n")
    dots = [text[:t.start][-4:] for t in find(text) if text[t.start] == "."]
    assert dots == ["〔201", "9年3月", "于201", "于2月2"]
    r = R.repair(text * 3)
    assert "1.国家能源局" in r.text and "42.5mm" in r.text


def test_a_capital_that_labels_a_kind_stays_text_in_code_point_output():
    text = "关于批准《设备定期试验监督要求（D版）》的通知，推\x05教育\x13息化。\n分为A类、B类管理，过程Q控和进度。\n"
    # (A after a Han character may be a glyph: 各级 that lost 各 prints A级)
    assert [text[t.start] for t in find(text) if text[t.start].isupper()] == ["A", "Q"]


def test_a_quotation_holds_no_clause_so_two_quotation_marks_around_one_are_glyphs():
    """pypdf prints glyph 34 (线 here) as ": two of them around a clause's marks are no quotation."""
    text = '划定落B三条控制"的指导意X》，加强生态保护红"管理，严守\x05安全，推\x13工作。\n'
    assert [t.start for t in find(text) if text[t.start] == '"'] == [8, 23]
    text = '坚持"生态优先、绿色发展"的理念，推进"放\n管服"改革，推\x05工作，\x13安全。\n'
    assert not [t for t in find(text) if text[t.start] == '"']


def test_quotes_that_all_pair_up_are_the_texts_own_beside_full_width_ones(R):
    """A text that writes “三线一单” and also "三同时" with ASCII quotes (pypdf
    output of seed 11's tune half): every " pairs with the next around a term,
    so none is a glyph id (read 涉 at 0.99 for 涉及 before: 保护涉三同时涉及竣工)."""
    text = ('落实“三线一单”要求，严格执行环境保护"三同时"及竣工环境保护验收制度。推\x05教育\x13息化。\n'
            '要加强对"三同时"及自主验收的监督检查，推\x05\x13作。\n')
    assert not [t for t in find(text) if text[t.start] == '"']
    r = R.repair(text)
    assert '"三同时"' in r.text and r.text.count('"') == 4
    # docling prints “ and ” as ": a comma may stand inside (书 at 0.81 for each before)
    docling = ('坚持"在开发中保护，在保护中开发"的原则，落实"三同时"制度，推\x05教育\x13息化。\n'
               '规定"对自然保护区内已设置的商业探矿权、采矿权和取水权，要限期退出；对设立之前已存在的\n'
               '合法探矿权要分类提出差别化的补偿和退出方案"，推\x05\x13作。\n')
    assert not [t for t in find(docling) if docling[t.start] == '"']
    single = "严格落实'三同时'制度和'双随机'抽查，推\x05教育\x13息化。\n"  # (“ at 0.74 for each before)
    assert not [t for t in find(single) if single[t.start] == "'"]
    assert R.repair(single).text.count("'") == 4


def test_a_plus_that_joins_terms_stays_in_code_point_output(R):
    """+ between Chinese terms (预处理+生化处理, “1+X”) is a sign the character
    model hardly knows: kept, it reads as 、 does, so no glyph replaces it (、
    at 0.99 before); and a closing quote read there would orphan the one
    after X (” at 0.73 before)."""
    base = "推进\x13育信息化建设，深化\x13育\x13学改革。加快\x13育现代化，办好人民满意的\x13育。\n"
    for line in ("采用预处理+生化处理+深度处理工艺，实现水+气+固协同治理。", "推行“1+X”证书制度，落实“双减+五项管理”要求。"):
        r = R.repair(base + line)
        assert not [e for e in r.edits if e.replaces == "+" and e.applied], line
        assert r.text.endswith(line)


def test_ansi_colour_codes_around_a_quoted_address_are_no_traces():
    """An extractor that drops ESC leaves [35;1m"www.example.com"[;m: the brackets stand outside the address."""
    text = '    主机名：[35;1m"www.example.com"[;m\n    fqdn => [35;1m"www.example.com"[;m,\n' * 3
    assert find(text) == []


def test_a_signature_line_of_issuing_organs_joined_into_a_paragraph_has_no_space_traces():
    """A notice's signature of many organs, two to a line, joined into one
    punctuated paragraph by the extraction: its spaces follow an organ's
    name (部, 局, 院), and no glyph was lost there (自然资源部{报} 住房城乡建设部)."""
    from docfix.traces import space_traces

    prose = "现印发给你们，请结合实际认真贯彻落实。"
    sig = ("生态环境部 发展改革委工业和信息化部 公安部司法部 财政部自然资源部 住房城乡建设部交通运输部 "
           "水利部农业农村部 商务部审计署市场监管总局能源局 林草局最高人民法院 最高人民检察院2022年10月27日，抄送各省。")
    assert space_traces(prose + sig) == []
    assert all(e.applied is False for e in docfix.repair(prose + sig).edits)
    # ... in a damaged text too
    damaged = "推进教育 息化建设，加强 息管理，教育 息化水平，提高 息技术，发展 息化产业。" + sig
    found = [damaged[t.start - 1:t.end + 1] for t in space_traces(damaged)]
    assert found == ["育 息", "强 息", "育 息", "高 息", "展 息"]
    # a font that lost 门 leaves spaces after 部, fewer than its other gaps
    lost = "有关部 要加强协调，相关部 负责落实，推进教育 息化建设，加强 息管理，教育 息化水平，提高 息技术。"
    assert [lost[t.start - 1:t.end + 1] for t in space_traces(lost)][:2] == ["部 要", "部 负"]


def test_a_glyph_written_twice_is_no_doubled_mark(repairer):
    """A review's two private-use emoji side by side (an input method's, the
    text's own) were read as “ twice (0.74): one key's traces side by side are
    one glyph written twice, and Chinese doubles no quotation mark."""
    text = ("读完这本书，收获很大。书中讲到要珍惜时间，认真生活，这是何等美妙的人生境界。\ue5e5\ue5e5时光匆匆，"
            "我们已经走过了很多路，还要继续努力。这本书值得推荐给每一位朋友。")
    r = repairer.repair(text)
    assert [e for e in r.edits if e.applied] == []
    held = [e for e in r.edits if e.replaces == "\ue5e5"]
    assert all(e.confidence <= 0.5 for e in held)


def test_spaces_after_marks_alone_do_not_make_pdftotext_raw_output():
    """A typist's space after 。 and ， (a Traditional manual page: 索要密碼或口令。 當在TTY上) is
    no -raw trace: only spaces between two Han characters tell such output."""
    from docfix.spacetraces import space_offsets

    text = "".join(f"第{i}步詢問密碼， 並允許活動的程序回答。 當在終端上運行時， 還可以讀取標準輸入。\n" for i in range(4))
    assert space_offsets(text) == []
    damaged = "".join(f"第{i}步詢問密 ，並允許活 的程序回答。當在終 上運行時，還可以 取標準輸入。\n" for i in range(2))
    assert len(space_offsets(damaged)) == 8  # (with the two before a mark: 密 ，)


def test_one_context_spaced_again_and_again_does_not_make_raw_output():
    """A help page's menu path in every paragraph (打开右键菜单 修改/新建) is its style:
    each pair of characters either side counts at most spaces.CONTEXT_MAX times."""
    from docfix.spacetraces import space_offsets

    text = "".join(f"选择格式 - 样式 - 打开右键菜单 修改/新建 - 第{i}页，然后设置页面。\n" for i in range(6))
    assert space_offsets(text) == []


def test_one_control_character_in_a_whole_text_is_read_not_applied(repairer):
    """A help page's one stray C1 byte (移动辀\\x89择) is weak evidence of a lost glyph:
    its reading is reported; a C0 control, or two occurrences of one glyph's trace, are applied as before."""
    text = "根据工作需要，经研究决定，现将有关事项通知如下。请各单位认真贯\x89落实，确保各项工作顺利推进。"
    [e] = [e for e in repairer.repair(text).edits if e.replaces]
    assert e.replaces == "\x89" and e.insert == "彻" and not e.applied  # (0.99 and applied, alone)
    assert [e.applied for e in repairer.repair(text.replace("\x89", "\x13")).edits if e.replaces] == [True]  # (C0)
    twice = "推进教育\x13息化建设，全面提升教育\x13息化水平。"
    assert [e.applied for e in repairer.repair(twice).edits if e.replaces] == [True, True]


@pytest.mark.parametrize("city, province, second",
                         [("唐山市", "河", "北"), ("郑州市", "河", "南"), ("长沙市", "湖", "南"), ("武汉市", "湖", "北"),
                          ("济南市", "山", "东"), ("太原市", "山", "西"), ("桂林市", "广", "西"), ("广州市", "广", "东")])
def test_the_cities_a_document_names_tell_a_lost_second_character_of_a_province(R, city, province, second):
    """河\ufffd省 in a notice to 唐山市 is 河北省 (the model alone read 河南省, 湖北省 for 长沙市)."""
    t = (f"{city}人民政府：\n" + f"抄送：{province}\ufffd省人民政府办公厅，{province}\ufffd省生态环境厅。\n" * 3
         + "关于加强环境保护工作的通知，请各单位认真贯彻落实。\n")
    assert {e.insert for e in R.repair(t).edits if e.replaces} == {second}


def test_a_letter_read_where_it_makes_no_web_token_is_only_reported(R):
    # dq?rq?dc is a pinyin abbreviation: the character model, trained on
    # Chinese, cannot tell which letter was lost there; in gov.?n it can
    from docfix.decipher import LETTER_CAP

    opaque = ("二、督办问题清单将在生态环境部官方网站公开（网址http://www.mee.gov.cn/home/ztbd/rdzl/d(cid:7)wr(cid:7)hdc/）。"
              "请在我部公开督办问题后5个工作日内，将督办问题清单在当地政府网站公开。联系人：生态环境部周游，电话：（010）66103146，"
              "邮箱：d(cid:7)(cid:7)hdc@mee.gov.cn。")
    read = [e for e in R.repair(opaque).edits if e.replaces == "(cid:7)"]
    assert read and all(e.confidence <= LETTER_CAP and not e.applied for e in read)
    token = ("请在我部公开督办问题后5个工作日内，将督办问题清单在当地政府网站公开（网址http://www.mee.gov.(cid:9)n/xxgk/），"
             "接受社会监督。联系邮箱：dqqhd(cid:9)@mee.gov.(cid:9)n。")
    read = [e for e in R.repair(token).edits if e.replaces == "(cid:9)"]
    assert len(read) == 3 and all(e.insert == "c" and e.applied for e in read)


def test_a_keyless_trace_inside_a_web_address_reads_as_ascii_only(R):
    # U+FFFD between htt and :// is one of the address's letters or marks:
    # never a Chinese mark or character, however often the document lost （
    text = ("请在我部公开督办问题后5个工作日内，将督办问题清单在当地政府网站公开（网址htt\ufffd://www.mee.gov.cn/xxgk/），"
            "接受社会监督。具体要求见附件，请各单位认真落实\ufffd")
    edits = {e.offset: e for e in R.repair(text).edits}
    inside = edits[text.index("\ufffd")]
    assert inside.insert.isascii() and all(a.isascii() for a, _ in inside.alternatives)
    assert not edits[len(text) - 1].insert.isascii()  # (at a sentence's end it is Chinese)
    # so is one that starts the scheme after Chinese (网址?tt?://), not one before a whole http://
    text = text.replace("网址htt\ufffd", "网址\ufffdtt\ufffd")
    first = {e.offset: e for e in R.repair(text).edits}[text.index("\ufffd")]
    assert first.insert.isascii() and all(a.isascii() for a, _ in first.alternatives)
    assert not keyscore.in_address("（网址" + tracefit.PLACEHOLDER + "http://www.mee.gov.cn", 3)


def test_keyless_traces_that_alone_make_a_web_token_are_read_as_its_letters(R):
    # the character model reads ittp:// better than http:// (it hardly saw an
    # address); where one letter alone makes the token, the token decides
    text = ("生态环境部将在官方网站公开（网址\ufffdtt\ufffd://www.mee.gov.cn/）。请各地在当地政府网站公开整改情况，"
            "接受社会监督。\n联系人：张三，电话：（010）66103146。\n")
    r = R.repair(text)
    assert "网址http://www" in r.text and r.original() == text
    # where several letters make one (gov.?n: cn, ln, yn), the model's choice stands
    w = "网址" + tracefit.PLACEHOLDER + "tt://a.gov." + tracefit.PLACEHOLDER + "n"
    scores = {"c": -9.0, "l": -12.0, "y": -13.0}
    assert addresstraces.token_letter(scores, w, [len(w) - 2]) == scores


def test_a_keyless_trace_is_no_mark_that_its_neighbours_rule_out(R):
    # a document that lost （ many times: a U+FFFD before 、 at a line's
    # start is no opening bracket (二、督办), nor one after a stop a stop
    from docfix.keyscore import mark_fits

    text = ("\ufffd十一\ufffd针对问题，\ufffd十二\ufffd加强管理。\n\ufffd、督办问题清单将在生态环境部网站公开，"
            "\ufffd十三\ufffd各单位认真落实。\n\ufffd、有关要求\ufffd十四\ufffd及时报送。")
    for e in R.repair(text).edits:
        work = text[:e.offset] + "\ufffc" + text[e.offset + 1:]
        assert mark_fits(work, e.offset, e.insert), (e.offset, e.insert)
        assert all(mark_fits(work, e.offset, a) for a, _ in e.alternatives)


def test_one_pdftotext_space_for_two_lost_glyphs_is_read_as_both(R):
    # pdftotext -raw prints one space for glyphs lost side by side: where the
    # document lost 社 and 会 (each seen alone too), 接受 监督 is 接受社会监督
    import random

    from docfix.lab.traces import damage

    doc = ("各地要坚持以人民为中心，推动社区治理和社会服务创新，加强社会组织建设。"
           "召开专题会议研究部署，会议要求各部门公开办理情况，接受社会监督。"
           "社区工作者要深入群众，及时回应社会关切，定期召开会议，接受社会监督，推进社区建设。"
           "各级政府要加强社会治理，完善社区服务，会同有关部门开展督查，接受社会监督。")
    text, _, _ = damage(doc, ["社", "会"], "raw", random.Random(1), False)
    assert text.count("接受 监督") == 3
    r = R.repair(text)
    assert r.original() == text
    assert r.text.count("接受社会监督") == 3
    assert all(e.insert in ("社", "会", "社会") for e in r.edits if e.applied)


def test_keyless_readings_mix_in_the_word_model(R):
    """The character model backs off to single characters in 吕{梁}市; the word
    model knows the city: U+FFFD there is read 梁 surely with it, not without."""
    from docfix.decipher import decipher

    F = "\ufffd"
    text = (f"项目位于陕西省榆林市和山西省吕{F}市，线路止于山西省吕{F}市康宁镇。"
            f"请吕{F}市、榆林市生态环境局做好项目施工期的环境监管工作。"
            f"项目建设单位应落实各项生态保护措施，{F}少对沿线植被的破坏。")
    found = R.find_traces(text)
    with_words = decipher(text, found, R.lm, R.screen, words=R.words, word_model=R.word_model)
    without = decipher(text, found, R.lm, R.screen, words=R.words)
    assert [r.insert for r in with_words[:3]] == ["梁"] * 3
    assert min(r.confidence for r in with_words[:3]) > 0.7
    assert max(r.confidence for r in without[:3] if r.insert == "梁") < 0.5


def test_spaces_of_a_text_not_evidently_damaged_get_no_word_model(R):
    """The word model reads spaces only where the first readings show a
    damaged document (keyscore.space_keep): a review's or a help page's
    spaces (按 命令Ctrl, where a key's name stood) read as before, since it
    likes 按{照} too well."""
    from docfix.decipher import decipher

    text = ("这本书我买了很久才看完 觉得写得很好，书中的故事很有教育意义 是很值得推荐的。\n"
            "快递很快 包装也很好，第二天就收到了 书的纸张很好 印刷也清楚，价格比书店便宜 推荐大家购买。\n"
            "孩子很喜欢 每天晚上都要读几页，内容通俗易懂 插图也很漂亮，下次还会再来买 谢谢卖家。\n"
            "选中文字后再按 命令Ctrl+B 键，还可以按 命令Ctrl+I 设置斜体，按下 颜色对话框图标选择颜色。\n")
    found = R.find_traces(text)
    assert sum(t.kind == "space" for t in found) >= 8
    read = lambda wm: [(r.insert, r.confidence) for r in decipher(text, found, R.lm, R.screen, words=R.words,  # noqa: E731
                                                                  word_model=wm)]
    assert read(R.word_model) == read(None)

"""Number rules (docfix.numbers) and their use by the options stage (docfix.engine.options)."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from docfix import numbers
from docfix.lab.simulate import simulate
from _corpus import CLEAN


_LAW_BODIES = (
    "县级以上人民政府应当加强对本行政区域内安全生产工作的领导，建立健全工作协调机制。",
    "有关部门应当按照各自职责，做好监督管理工作，依法查处违法行为。",
    "任何单位和个人都有权对违反本条例的行为进行举报，有关部门应当及时处理。",
    "生产经营单位应当建立安全生产责任制度，保障从业人员的合法权益。",
    "违反本条例规定的，由有关主管部门责令改正，给予警告，可以并处罚款。",
    "本条例所称的监督检查，是指有关部门依法对生产经营单位开展的检查活动。",
    "鼓励和支持科学研究，推广先进技术，提高安全生产水平。",
)


def _law(first: int, last: int) -> str:
    return "\n".join(
        f"第{numbers.cn_write(i)}条 {_LAW_BODIES[i % len(_LAW_BODIES)]}" for i in range(first, last + 1)
    )


def _numbered_list(n: int) -> str:
    return "\n".join(f"{i}.{_LAW_BODIES[i % len(_LAW_BODIES)]}" for i in range(1, n + 1))


def test_number_plausibility():
    assert numbers.plausibility("222年", 1, "0") > numbers.plausibility("222年", 2, "0")
    assert numbers.plausibility("达%", 1, "100") > numbers.plausibility("达%", 1, "110")
    assert numbers.plausibility("1月", 1, "3") < numbers.plausibility("1月", 1, "0")
    assert numbers.plausibility("教育", 1, "信") == 0.0
    assert numbers.is_number_context("达%", 1)
    assert not numbers.is_number_context("教育", 1)


def test_years_near_the_voted_year_are_preferred():
    from docfix import numbers

    text = "222年工作。222年计划。22年总结。"
    ys = numbers.year_context(text, "01")
    a = text.index("22年总")
    y2021 = numbers.run_plausibility(text, {a + 1: "0", a + 2: "1"}, anchor=a + 1, years=ys)
    y2020 = numbers.run_plausibility(text, {a + 1: "0", a + 2: "0"}, anchor=a + 1, years=ys)
    y2012 = numbers.run_plausibility(text, {a + 1: "01"}, anchor=a + 1, years=ys)
    assert y2021 > y2020 > y2012


def test_table_of_contents_page_numbers():
    toc = "目录\n一、总体要求1\n二、重点任务\n三、保障措施9\n四、组织实施12\n五、附则15\n正文。"
    slot = toc.index("\n三")  # the entry that lost its page number
    assert numbers.is_number_context(toc, slot)
    assert numbers.plausibility(toc, slot, "") < -3  # every other entry has one
    assert numbers.plausibility(toc, slot, "5") > 0 > numbers.plausibility(toc, slot, "10")
    damaged = toc.replace("组织实施12", "组织实施2")  # "1" lost: 2 cannot follow 9
    off = damaged.index("施2") + 1
    assert numbers.plausibility(damaged, off, "1") > numbers.plausibility(damaged, off, "")
    # short lines without ascending numbers are no contents
    prose = "一、总体要求5\n二、重点任务3\n三、保障措施1\n四、组织实施\n"
    slot = len(prose) - 1  # "四、组织实施" has no number, but this is no contents block
    assert numbers.plausibility(prose, slot, "") == 0.0
    assert not numbers.is_number_context(prose, slot)


def test_non_digit_inserts_get_no_number_credit(repairer):
    # a number that is implausible as it stands ("2.行动") does not make a
    # Han insertion beside it likelier
    text = "推进教育信息化2.行动计划。" * 3
    an = repairer.analyse(text, dropped=["0", "加"])
    assert all(s.option.num == 0.0 for s in an.sites if not s.option.is_number)


def test_lost_page_numbers_of_a_contents_block_are_restored(repairer):
    from docfix.lab.simulate import simulate

    toc = "目录\n一、总体要求1\n二、重点任务4\n三、保障措施9\n四、组织实施12\n五、附则15\n"
    d = simulate(toc + CLEAN[1].read_text(encoding="utf-8")[:4000], seed=1, glyphs="1")
    assert d.damaged.startswith("目录\n一、总体要求\n")  # the first page number is lost whole
    r = repairer.repair(d.damaged, dropped=["1"])
    by_offset = {e.offset: e for e in r.edits}
    first = d.damaged.index("\n二")
    assert by_offset[first].insert == "1" and by_offset[first].applied
    assert "contents" in by_offset[first].reason
    twelve = d.damaged.index("实施2") + 2
    assert by_offset[twelve].insert == "1"  # "2" cannot follow page 9: it is 12


def test_parts_add_up_to_the_stated_total():
    text = "全市共有学校15所，其中小学80所、初中55所。"  # "3" of 135 lost
    off = text.index("15") + 1
    assert numbers.plausibility(text, off, "3") == pytest.approx(1.5)
    assert numbers.plausibility(text, off, "2") == 0.0
    # a part lost whole: the total minus the other parts
    part = "全市共有学校135所，其中小学所、初中55所。"
    slot = part.index("学所") + 1
    assert numbers.plausibility(part, slot, "80") > numbers.plausibility(part, slot, "8") == 0.0
    # numbers that already add up get no credit for changing: trailing zeros
    # lost everywhere keep the sum ("共12所" = 8 + 4), so this proves nothing
    same = "全市共有学校12所，其中小学8所、初中4所。"
    assert numbers.plausibility(same, same.index("12") + 2, "0") == 0.0
    # no "其中", no group; decimals, no group
    assert numbers.plausibility("全市共有学校15所，小学80所、初中55所。", off, "3") == 0.0
    assert numbers._sum_groups("共有15.5万人，其中城镇8.5万人、农村7万人。") == {}


def test_sum_rule_restores_a_damaged_total(repairer):
    text = CLEAN[0].read_text(encoding="utf-8")[:3000] + "\n全市共有学校135所，其中小学80所、初中55所。\n"
    d = simulate(text, seed=3, glyphs="3")
    off = d.damaged.index("学校15所") + 3
    an = repairer.analyse(d.damaged, dropped=["3"])
    site = next(s for s in an.sites if s.offset == off)
    assert site.option.insert == ("3",) and site.option.num > 1.0


def test_a_point_between_words_needs_a_digit_after_it():
    # 0 of 2,767 "word, digits, point" in the corpus are followed by a word
    assert numbers.plausibility("推进教育信息化2.行动计划", 9, "") == pytest.approx(-3.4)
    assert numbers.plausibility("推进教育信息化2.行动计划", 9, "0") == 0.0
    # an inline list marker after punctuation is no decimal point
    assert numbers.plausibility("通知：2.行动计划", 5, "") == -2.0


def test_a_list_run_into_the_text_needs_no_digit_after_its_point():
    # a notice whose line breaks were lost: "附件1.…2.…" (811 of policy_docs' 834
    # points between a word and a number, then a word, are such items)
    text = "附件：运行许可证2.田湾核电站4号机组编制说明3.征求意见单位名单"
    assert numbers.plausibility(text, text.index("2.") + 2, "") == 0.0
    assert numbers.plausibility("附件1.排污许可技术规范", 4, "") == 0.0  # a list starts at 1
    # a lone version number still wants its digit: 信息化2.0行动
    assert numbers.plausibility("推进教育信息化2.行动计划，落实3项任务", 9, "") == pytest.approx(-3.4)


def test_chinese_numerals_parse_and_write():
    assert [numbers.cn_numeral(s) for s in ("十", "十一", "二十", "一百零五", "一百二十")] == [10, 11, 20, 105, 120]
    assert numbers.cn_numeral("一十") is None and numbers.cn_numeral("二二") is None
    assert all(numbers.cn_numeral(numbers.cn_write(v)) == v for v in range(1, 1000))


def test_enumerators_that_lost_numerals_are_found():
    lost = frozenset("十")
    damaged = _law(8, 24).replace("十", "")
    wanted = numbers.enumerator_inserts(damaged, lost)
    # every article from 10 on lost its 十; 第八条 and 第九条 lost nothing
    assert sorted(wanted.values()) == ["十"] * (24 - 10 + 1)
    assert all(damaged[off - 1] == "第" or damaged[off - 1] in "二" for off in wanted)
    assert numbers.enumerator_inserts(_law(8, 24), frozenset()) == {}  # nothing lost, nothing wanted
    # 第十一条 ... read as 第一条 ...: the numbering that explains the whole run wins
    start = damaged.index("第一条")
    assert numbers.numeral_plausibility(damaged, start + 1, "十", lost=lost) == pytest.approx(2.5)
    assert numbers.numeral_plausibility(damaged, start + 1, "", lost=lost) == 0.0
    assert numbers.numeral_plausibility(damaged, start + 1, "二", lost=lost | {"二"}) < 0


def test_enumerator_sequences_need_counting_neighbours():
    # an excerpt of every 40th article is no sequence; neither is prose
    excerpt = "\n".join(f"第{numbers.cn_write(i)}条 {_LAW_BODIES[0]}" for i in range(5, 400, 40))
    assert numbers.enumerator_inserts(excerpt.replace("十", ""), frozenset("十")) == {}
    assert numbers.numeral_plausibility("依照本法第十条的规定", 6, "八", lost=frozenset("八")) == 0.0
    # a compilation starts over at 第一条; items (一)(二) start over in every article
    comp = _law(30, 36) + "\n" + _law(1, 9)
    assert numbers.enumerator_inserts(comp, frozenset("十")) == {}
    items = "第三条 下列行为：\n（一）甲；\n（）乙；\n（三）丙；\n（四）丁。\n第四条 下列行为：\n（一）甲；\n（二）乙；\n（三）丙。"
    assert numbers.enumerator_inserts(items, frozenset("二")) == {items.index("（）") + 1: "二"}


def test_lost_article_numerals_are_restored(repairer):
    text = _law(1, 32)
    d = simulate(text, seed=1, glyphs="十")
    r = repairer.repair(d.damaged)
    gold = dict(d.gold)
    applied = [e for e in r.edits if e.applied]
    assert len(gold) == 23 and r.dropped.get("十", 0) > 0.9
    assert all(gold.get(e.offset) == e.insert for e in applied)  # 第一条 ... 第九条 keep their numbers
    assert len(applied) >= 20
    assert not [e for e in repairer.repair(text).edits if e.applied]


def test_ranges_go_up():
    text = "打造—2个体育旅游精品线路"
    assert numbers.plausibility(text, 2, "1") > numbers.plausibility(text, 2, "3")
    text = "每年培训1—次"
    assert numbers.plausibility(text, 6, "3") > numbers.plausibility(text, 6, "0")
    assert numbers.plausibility("共2个", 1, "1") == numbers.plausibility("共2个", 1, "3")  # no range, no preference


def test_list_numbers_in_digits_are_counted_through_a_lost_digit():
    lost = frozenset("1")
    damaged = _numbered_list(24).replace("1", "")
    # "12." reads "2." between "." and "3.": its neighbours alone would call it 2
    a = damaged.index("\n2.", damaged.index("\n0.")) + 1
    assert numbers.run_plausibility(damaged, {a: "1"}, anchor=a, lost=lost) > numbers.run_plausibility(
        damaged, {}, anchor=a, lost=lost
    )
    assert numbers.run_plausibility(damaged, {a + 1: "1"}, anchor=a, lost=lost) < numbers.run_plausibility(
        damaged, {a: "1"}, anchor=a, lost=lost
    )  # 21 is not what the list says
    # without the lost digits, the old neighbour rule is used
    assert numbers.run_plausibility(damaged, {a: "1"}, anchor=a) < numbers.run_plausibility(damaged, {}, anchor=a)


def test_lost_list_numbers_are_restored(repairer):
    text = _numbered_list(24)
    d = simulate(text, seed=1, glyphs="1")
    r = repairer.repair(d.damaged)
    gold = dict(d.gold)
    applied = [e for e in r.edits if e.applied]
    assert all(gold.get(e.offset) == e.insert for e in applied)
    assert len(applied) >= 0.75 * len(gold)
    assert not [e for e in repairer.repair(text).edits if e.applied]


@settings(max_examples=150, deadline=None)
@given(
    system=st.sampled_from(["cn", "ar"]),
    start=st.integers(min_value=1, max_value=150),
    n=st.integers(min_value=3, max_value=30),
    lost=st.sets(st.sampled_from(list("一二三四五六七八九十百0123456789")), min_size=1, max_size=4),
)
def test_counted_enumerators_never_expect_a_wrong_number(system, start, n, lost):
    # when a font lost numerals everywhere, the true numbering explains every
    # enumerator, so a wrong one can at most tie with it: the numbers docfix
    # expects are right or left open, never wrong
    write = numbers.cn_write if system == "cn" else str
    fmt = "第{}条 甲乙丙" if system == "cn" else "{}.甲乙丙"
    truth = [write(i) for i in range(start, start + n)]
    lost = frozenset(lost)
    damaged_nums = ["".join(c for c in t if c not in lost) for t in truth]
    text = "\n".join(fmt.format(d) for d in damaged_nums)
    seqs = numbers._sequences(text, lost, system)
    for k, line_start in enumerate(sorted(seqs)):
        _, have, want = seqs[line_start]
        assert want is None or want == truth[k]
    if system == "cn":
        inserted = numbers.enumerator_inserts(text, lost)
        restored = "".join(
            text[i] if i not in inserted else inserted[i] + text[i] for i in range(len(text))
        )
        for line, t in zip(restored.split("\n"), truth):
            got = numbers._ENUM_RES[0][1].match(line).group(1)
            assert got in (t, damaged_nums[truth.index(t)])  # restored right, or left as it was


def test_no_digit_is_proposed_inside_dot_leaders(repairer):
    # a contents page's leaders are no decimal points: nothing to report there
    toc = ("目  录\n第一章 总则 ................................ 1\n第二章 学校管理 ............................ 5\n"
           "第三章 教师队伍建设 ........................ 12\n第四章 附则 ................................ 20\n")
    assert numbers.run_plausibility("总则....4....1", {}, anchor=7) < -2
    assert repairer.repair(toc).edits == []


def test_a_repeated_enumerator_is_no_counted_sequence():
    # a notice sent to many cities repeats its "二、" once per copy: no count of 2 to 18 that lost 十
    copy = "我部决定对问题进行督办。\n二、督办问题清单将在官方网站公开。\n"
    text = copy * 17
    absent = frozenset("十百五四六八九零千万")
    assert numbers.sequence_losses(text, absent) == {}
    assert numbers.enumerator_inserts(text, absent) == {}


def test_a_list_that_starts_over_at_one_is_two_counts():
    # an excerpt that begins inside a list (七、 八、), then a second notice
    # (一、 二、): not 十七、 十八、 … 二十、 with 十 lost, which explains three of four
    text = ("七、评审委员会由组委会邀请有关专家组成。\n八、组委会办公室设在市教育局。\n"
            "一、评审范围为全市中小学教师。\n二、评审时间为每年十一月。\n")
    lost = frozenset("十")
    assert numbers.enumerator_inserts(text, lost) == {}
    # ... but a law whose 第十一条 on read as 第一条 on still counts through the lost 十
    damaged = _law(8, 13).replace("十", "")
    assert sorted(numbers.enumerator_inserts(damaged, lost).values()) == ["十"] * 4


def test_a_one_inside_a_line_can_start_a_list_over():
    # an excerpt that begins inside a list, whose next list's （一） was joined
    # onto its heading's line (一、检查依据（一）…): （六）…（九） then （二）
    # is two counts, not 十六…十九, 二十 with 十 lost
    items = "".join(f"（{n}）第{n}项整改要求已落实。\n" for n in "六七八九")
    text = items + "检查日期：2019年9月16日一、检查依据（一）《核安全法》；\n（二）施工准备情况；\n（五）经验反馈。\n"
    lost = frozenset("十")
    assert numbers.enumerator_inserts(text, lost) == {}
    # without that （一） the same lines still count on through a lost 十
    assert sorted(numbers.enumerator_inserts(text.replace("依据（一）", "依据"), lost).values()) == ["十"] * 5
    # ... and one inside a line starts nothing over where counting on explains more (十六…二十一)
    count = "".join(f"（{numbers.cn_write(n)}）第{n}项整改要求已落实。\n" for n in range(16, 22))
    damaged = count.replace("十", "").replace("第19项", "依照（一）项")
    assert sorted(numbers.enumerator_inserts(damaged, lost).values()) == ["十"] * 6


def test_a_five_year_plan_after_every_year_of_the_text_is_an_anachronism():
    # a 1998 news piece on the 1950s and 60s: “二五” is the second plan, not 十二五 with 十 lost
    old = "到了１９６６年底，不仅保证了“二五”时期国家经济建设的需要，而且为“三五”、“四五”准备了资源。"
    assert numbers.years.plan_after_years(old, old.index("二五"), "十") == 2011
    assert numbers.years.plan_after_years(old, old.index("四五"), "十") == 2021
    # a text of 2020 may name the fourteenth plan; one that writes no year says nothing; nor does another glyph
    new = old.replace("１９６６", "２０２０")
    assert numbers.years.plan_after_years(new, new.index("四五"), "十") == 0
    bare = old.replace("到了１９６６年底，", "")
    assert numbers.years.plan_after_years(bare, bare.index("二五"), "十") == 0
    assert numbers.years.plan_after_years(old, old.index("二五"), "一") == 0
    assert numbers.years.latest_year("一九九八年新年讲话，１９９７年，2001年") == 2001


def test_a_word_between_two_cells_of_a_jammed_table_row_reads_no_range():
    # a row of two percentage cells beside a cell of words (内蒙古50.0%0.0%未纳入统计), in a
    # table whose other rows run three or more cells together: no 50.0%{到}0.0%
    table = "省份开工比例完工比例\n北京100.0%44.4%79.4%100.0%\n内蒙古50.0%0.0%未纳入统计100.0%\n"
    off = table.index("0.0%未")
    assert numbers.cell_plausibility(table, off, "到") < 0
    assert numbers.cell_plausibility(table, off, "5") == 0.0  # a digit may still be lost in a cell
    # two percentages in prose are no table
    prose = "比例由50.0%0.0%调整。增长5%到8%。"
    assert numbers.cell_plausibility(prose, prose.index("0.0%调"), "到") == 0.0

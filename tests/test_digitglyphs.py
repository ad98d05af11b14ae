"""Glyphs printed as ASCII digits in code-point output (docfix.digitglyphs)."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from docfix.digitglyphs import _run_ends, low_ids, traces
from docfix.traces import Trace, find

# pypdf's print of a notice whose subset font lost 突 (glyph 19, \x13), 个 (glyph 51, "3") and
# one more glyph (5, \x05): 5个工作日 reads 53工作日, 20个 reads 203
NOTICE = ("\x05、督办问题清单将在生态环境部官方网站公开。请在我部公开督办问题后53工作日内，将督办问题清单在当地政府网站公开；"
          "在203工作日内，公开督办问题整改情况，接受社会监督。我部将适时组织对督办问题整改情况开展核查，对整改不力的和核查中新发现问题比较\x13出的，"
          "视情况采取约谈等措施。2019年11月20日至12月3日，我部在你市发现的环境问题进行督办，共计2家企业，"
          "联系电话：（010）66103146。在203工作日内完成整改。\x13出问题要尽快解决。")


def test_run_ends_are_digits_before_a_han_character_outside_ascii_words():
    assert _run_ends("后53工作日") == [2]
    assert _run_ends("网址x2018年，2018/05，66103146") == []


def test_a_digit_that_a_glyph_replaces_well_is_a_trace_in_code_point_output(repairer):
    found = find(NOTICE)
    assert low_ids(found)
    more = traces(NOTICE, found, repairer.lm, repairer.screen)
    sites = [NOTICE.index("53工") + 1] + [i + 2 for i in range(len(NOTICE)) if NOTICE.startswith("203工", i)]
    assert len(sites) == 3 and {(t.start, t.key) for t in more} == {(i, ("char", "3")) for i in sites}
    r = repairer.repair(NOTICE)
    assert r.original() == NOTICE
    assert "后5个工作日内" in r.text and r.text.count("在20个工作日内") == 2
    # the text's own numbers stay: a date, a count, a telephone number
    assert "2019年11月20日至12月3日" in r.text and "共计2家企业" in r.text and "66103146" in r.text


def test_no_digit_traces_without_low_glyph_ids(repairer):
    # without control characters the digits are the text's own (53工作日 is what it says)
    text = NOTICE.replace("\x13", "突").replace("\x05", "二")
    found = find(text)
    assert not low_ids(found)
    assert traces(text, found, repairer.lm, repairer.screen) == []


_NUMBER = st.tuples(st.integers(0, 99999), st.sampled_from("年月日号个家项条次人元万亿名位件")).map(lambda p: f"{p[0]}{p[1]}")


@settings(max_examples=25, deadline=None)
@given(st.lists(_NUMBER, min_size=1, max_size=6))
def test_a_number_before_its_counted_word_is_never_a_glyph(repairer, numbers):
    # code-point output (two control characters) whose numbers are all the text's own
    text = "推进\x13作，落实\x13作。" + "，".join(f"全市共有{n}参加" for n in numbers) + "。"
    found = find(text)
    got = traces(text, found, repairer.lm, repairer.screen)
    assert got == [] and all(isinstance(t, Trace) for t in got)


def test_a_table_of_counts_in_code_point_output_gets_no_digit_traces(repairer):
    # every count ends before a Han character; 个 fits a share of every
    # digit's places (12345个测试), which no glyph lost as one digit does
    import random

    rng = random.Random(1)
    words = "测试数据指标完成情况比较增长下降"
    text = "推进\x13作，落实\x13作。" + "".join(
        f"第{rng.randint(1, 9)}组{rng.randint(10, 99999)}{rng.choice(words)}{rng.choice(words)}，" for _ in range(300))
    assert traces(text, find(text), repairer.lm, repairer.screen) == []
    assert not [e for e in repairer.repair(text).edits if e.applied and e.replaces[:1].isdigit()]

"""Protected regions: markup, URLs, e-mail addresses, file names and
identifiers are never edited inside, however the page was damaged."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docfix import protect

WEB = (Path(__file__).resolve().parent / "data" / "clean" / "web.txt").read_text(encoding="utf-8")
NEWS = (Path(__file__).resolve().parent / "data" / "clean" / "news.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("token", [
    "https://edu.example.gov.cn/a/b_12.html", "www.example.com/x?y=1", "jyjbgs@example.gov.cn",
    '<img src="data:image/png;base64,iVBORw0KGgo=">', "<p class='x'>", "a3f9c2e1d4b5.pdf",
    "jyj.hebi.gov.cn/xxgk/123.htm", "t20240826_1234567", "SHA256-9f86d081884c7d659a2feaa0c55ad015",
])
def test_tokens_are_protected_whole(token):
    text = f"详情见{token}。"
    assert protect.spans(text) == [(3, 3 + len(token))]
    assert all(protect.inside(protect.spans(text), i) for i in range(4, 3 + len(token)))
    assert not protect.inside(protect.spans(text), 3) and not protect.inside(protect.spans(text), 3 + len(token))


@pytest.mark.parametrize("text", ["教育信息化2.0行动计划", "全市共有学校1265所", "第一中学：张伟、李娜", "A股上市", "GDP增长5.2%"])
def test_prose_is_not_protected(text):
    assert protect.spans(text) == []


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lost=st.sets(st.sampled_from(list("naeitopgs通知学工作开查看附件")), min_size=1, max_size=4))
def test_a_damaged_page_gets_no_edit_inside_markup_or_urls(repairer, lost):
    text = WEB * 2 + NEWS
    damaged = "".join(c for c in text if c not in lost)
    regions = protect.spans(damaged)
    r = repairer.repair(damaged)
    assert [e for e in r.edits if protect.inside(regions, e.offset, e.end)] == []
    assert r.original() == damaged


def test_nothing_is_put_after_a_telephone_number(repairer):
    """A contact line repeated in every section of a notice: 66103146{家}、 was
    applied 14 times (家 read as lost, a count before 、)."""
    text = "各有关单位：请按要求报送材料。联系人：张三，电话：（010）66103146、66103111。\n" * 14
    ends = protect.phone_ends(text)
    assert len(ends) == 28
    r = repairer.repair(text)
    assert [e for e in r.edits if e.applied and e.offset in ends] == []

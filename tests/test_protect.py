"""Protected regions: markup, URLs, e-mail addresses, file names and
identifiers are never edited inside, however the page was damaged (but
for the letters docfix.webaddr restores in web addresses)."""
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
    "dqqhdc@movcn",  # an e-mail address whose domain lost its points
])
def test_tokens_are_protected_whole(token):
    text = f"详情见{token}。"
    assert protect.spans(text) == [(3, 3 + len(token))]
    assert all(protect.inside(protect.spans(text), i) for i in range(4, 3 + len(token)))
    assert not protect.inside(protect.spans(text), 3) and not protect.inside(protect.spans(text), 3 + len(token))


@pytest.mark.parametrize("text", ["教育信息化2.0行动计划", "全市共有学校1265所", "第一中学：张伟、李娜", "A股上市", "GDP增长5.2%",
                                  "关注@教育局官方微博"])
def test_prose_is_not_protected(text):
    assert protect.spans(text) == []


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lost=st.sets(st.sampled_from(list("naeitopgs通知学工作开查看附件")), min_size=1, max_size=4))
def test_a_damaged_page_gets_no_edit_inside_markup_or_urls(repairer, lost):
    text = WEB * 2 + NEWS
    damaged = "".join(c for c in text if c not in lost)
    regions = protect.spans(damaged)
    r = repairer.repair(damaged)
    inside = [e for e in r.edits if protect.inside(regions, e.offset, e.end)]
    # only the letters the addresses lost (docfix.webaddr: gov.c{n}), nothing the model guessed
    assert all(e.reason.startswith("web address") and set(e.insert) <= lost for e in inside)
    assert r.original() == damaged


def test_nothing_is_put_after_a_telephone_number(repairer):
    """A contact line repeated in every section of a notice: 66103146{家}、 was
    applied 14 times (家 read as lost, a count before 、)."""
    text = "各有关单位：请按要求报送材料。联系人：张三，电话：（010）66103146、66103111。\n" * 14
    ends = protect.phone_ends(text)
    assert len(ends) == 28
    r = repairer.repair(text)
    assert [e for e in r.edits if e.applied and e.offset in ends] == []


def test_a_web_address_wrapped_by_the_page_goes_on_after_the_line_break():
    """pdftotext prints a web address the PDF wrapped as two lines; the
    engine had inserted i into rqhd{i}c, the second line's part."""
    text = "督办问题清单将在官方网站公开（网址http://www.mee.gov.cn/home/ztbd/rdzl/dqw\nrqhdc/）。请在我部公开"
    (s, e), = protect.spans(text)
    assert text[s:e] == "http://www.mee.gov.cn/home/ztbd/rdzl/dqw\nrqhdc/"
    # a line of digits or of Chinese after an address is not its rest
    for rest in ("2019年12月", "请在我部公开后", "1.生态环境部"):
        text = "网址http://www.mee.gov.cn/\n" + rest
        assert [text[s:e] for s, e in protect.spans(text)] == ["http://www.mee.gov.cn/"]


def test_wrapped_web_address_is_not_edited(repairer):
    text = ("二、督办问题清单将在生态环境部官方网站公开（网址http://www.mee.gov.cn/home/ztbd/rdzl/dqw\n"
            "rqhdc/）。请在我部公开督办问题后5个工作日内，将督办问题清单在当地政府网站公开。\n") * 12
    r = repairer.repair(text)
    spans = protect.spans(text)
    assert not any(protect.inside(spans, e.offset, e.offset + len(e.replaces)) for e in r.edits)

"""docfix.webaddr: letters a broken font lost from web and e-mail addresses."""
from __future__ import annotations

import string

from hypothesis import given, settings
from hypothesis import strategies as st

import docfix
from docfix.result import apply_edits
from docfix.webaddr import restorations


def test_a_lost_letter_is_restored_in_every_address():
    t = "详见网站http://www.mee.gov.n/xxgk/，邮箱dqhd@mee.gov.n，另见http://www.moe.gov.n。"
    out = restorations(t, 0.6)
    assert [e.insert for e in out] == ["c", "c", "c"] and all(e.applied for e in out)
    assert apply_edits(t, out) == t.replace("gov.n", "gov.cn")
    assert "written in none" in out[0].reason


def test_a_whole_lost_word_and_a_lost_scheme_letter():
    t = "网址：ttp://.mee.gov.cn/，ttp://.moe.gov.cn/。"  # h and w both lost
    assert apply_edits(t, restorations(t, 0.6)) == "网址：http://www.mee.gov.cn/，http://www.moe.gov.cn/。"
    t = "网址：ttp://www.mee.gov.cn/，ttps://www.moe.gov.cn/。"
    assert apply_edits(t, restorations(t, 0.6)) == "网址：http://www.mee.gov.cn/，https://www.moe.gov.cn/。"
    t = "网址：http://.mee.gov.cn/，http://.moe.gov.cn/。"
    assert apply_edits(t, restorations(t, 0.6)) == "网址：http://www.mee.gov.cn/，http://www.moe.gov.cn/。"


def test_one_place_is_only_reported_and_a_written_letter_is_not_lost():
    one = restorations("网址：http://www.mee.gov.n/。", 0.6)  # one place: reported, for review
    assert [(e.insert, e.confidence, e.applied) for e in one] == [("c", 0.5, False)]
    assert restorations("网址：http://www.mee.gov.n/，http://www.moe.gov.n/c。", 0.6) == []  # c written
    # the reported confidence grows with the support, applied from the threshold
    t = "http://a.gov.n，http://b.gov.n，"
    assert [(e.confidence, e.applied) for e in restorations(t, 0.9)] == [(0.8, False), (0.8, False)]


def test_clean_addresses_numbers_and_leaders_stay():
    for t in ("网址：http://www.mee.gov.cn/，https://m.weibo.cn/a.htm，mail.edu.cn。",
              "增长2.5%，PM2.5，版本1.2.3，第一章 总则 ........... 1",
              "http:// .mee.gov.cn/，http:// .moe.gov.cn/"):  # (-raw spaces are traces)
        assert restorations(t, 0.6) == []


def test_repair_restores_address_letters_and_keeps_the_input():
    t = "请登录网站http://www.mee.gov.n/查询，或发邮件至dqhd@mee.gov.n。推进教育信息化建设。"
    r = docfix.repair(t)
    assert "gov.cn/查询" in r.text and "mee.gov.cn。" in r.text and r.original() == t


_NAMES = st.text(alphabet=string.ascii_lowercase, min_size=2, max_size=6)
_ADDRS = st.lists(st.tuples(st.sampled_from(["http://", "https://", ""]), st.sampled_from(["www.", "mail.", ""]),
                            _NAMES, st.sampled_from([".gov.cn", ".com", ".org.cn", ".edu.cn", ".net"]),
                            st.sampled_from(["", "/xxgk/", "/a.html"])), min_size=1, max_size=6)


@settings(max_examples=150, deadline=None)
@given(_ADDRS, st.sampled_from(list("cnogvwhtpsemdu")))
def test_restoring_after_a_lost_letter_only_puts_that_letter_back(addrs, lost):
    clean = "，".join("网址" + "".join(a) + "。" for a in addrs)
    assert restorations(clean, 0.6) == []  # clean text: nothing
    damaged = clean.replace(lost, "")
    fixed = apply_edits(damaged, [e for e in restorations(damaged, 0.6) if e.applied])
    # every insertion is the lost letter, and each one at one of its places
    assert fixed.replace(lost, "") == damaged.replace(lost, "")
    assert len(fixed) <= len(clean)
    assert _is_subsequence(fixed, clean)


def _is_subsequence(a: str, b: str) -> bool:
    it = iter(b)
    return all(c in it for c in a)


def test_addresses_that_lost_every_dot_get_them_back():
    t = "详见生态环境部网站（http://wwwmeegovcn/xxgk/）。联系邮箱：dqhdc@meegovcn。"
    assert apply_edits(t, restorations(t, 0.6)) == "详见生态环境部网站（http://www.mee.gov.cn/xxgk/）。联系邮箱：dqhdc@mee.gov.cn。"
    one = restorations("请登录http://wwwmoeeducn查询。", 0.6)  # one address alone: reported
    assert [e.insert for e in one] == ["."] * 3 and not any(e.applied for e in one)
    for clean in ("参见 report 和 www 的说明，以及 govcn。", "@zhangsan 和 @lisi 都说好", "http://localhost/a"):
        assert restorations(clean, 0.6) == []


def test_addresses_whose_dots_pdftotext_printed_as_spaces_get_them_back():
    # a font that lost "." leaves pdftotext a space for each (http://www mee gov cn): each space
    # is replaced by a dot where the labels end in a known suffix; the rest of the text untouched
    import docfix

    t = ("问题清单将在生态环境部官方网站公开（网址http://www mee gov cn/xxgk2018/）。请各地认真落实。"
         "联系邮箱：dqhdc@mee gov cn。\n") * 2
    r = docfix.repair(t)
    assert r.text.count("http://www.mee.gov.cn/xxgk2018/") == 2 and r.text.count("dqhdc@mee.gov.cn") == 2
    assert all(e.replaces == " " for e in r.edits if e.insert == ".") and r.original() == t
    for clean in ("参见 www 和 gov cn 的说明。", "mail me at home com or net", "http://example and more"):
        assert [e for e in restorations(clean, 0.6) if e.replaces] == []


def test_a_scheme_that_lost_its_colon_or_slashes_gets_them_back():
    t = "网址http//www.mee.gov.cn/，另见http//www.moe.gov.cn/。"
    assert apply_edits(t, restorations(t, 0.6)) == "网址http://www.mee.gov.cn/，另见http://www.moe.gov.cn/。"
    t = "网址http:www.mee.gov.cn/，另见https:www.moe.gov.cn/。"
    assert apply_edits(t, restorations(t, 0.6)) == "网址http://www.mee.gov.cn/，另见https://www.moe.gov.cn/。"
    assert restorations("协议有http和https两种，http:是明文，https:加密。", 0.6) == []

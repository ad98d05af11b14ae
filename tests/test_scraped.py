"""A scraped page with the artefacts of issue 21: every one fixed by
``normalize`` then ``repair(..., ocr=True)`` (what ``docfix -n --ocr``
does), markup, URLs and data URIs never edited."""
from __future__ import annotations

import pytest

from docfix.normalize import normalize

LOSSY = "全面推进教育信息化建设，提高教育质量".encode("utf-8").decode("gbk", errors="replace")
URL = "http://jyj.example.gov.cn/xxgk/t2O240826_1234567.html"
IMG = '<img src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==">'
PAGE = (
    '<div class="article"><h1>关于做好2O24年秋季学期开学工作的通知</h1>\n'
    "<p>各乡镇中心校：为切实做好开学工作，这些变化给群众带 来了实惠，人 们都很满意。</p>\n"
    "<p>場(chǎng)館建設(shè)全面完成，荣获全市'重教区县“奖，全县共有l2所学校。</p>\n"
    f"<p>我们己经完成了全年的工作任务。详情请登录{URL}查看。</p>\n"
    f"{LOSSY}\n"
    f"{IMG}\n"
    "</div>\n"
)


@pytest.fixture(scope="module")
def repaired() -> str:
    from docfix.restore import Repairer

    n = normalize(PAGE)
    r = Repairer().repair(n.text, ocr=True)
    assert r.original() == n.text
    return r.text


@pytest.mark.parametrize("fixed", [
    "关于做好2024年秋季", "给群众带来了实惠，人们都很满意", "場館建設全面完成", "荣获全市“重教区县”奖",
    "全县共有12所学校", "我们已经完成", "全面推进教育信息化建设",
])
def test_each_artefact_is_fixed(repaired, fixed):
    assert fixed in repaired


@pytest.mark.parametrize("kept", ['<div class="article"><h1>', "</h1>", "<p>", "</p>", URL, IMG, "</div>"])
def test_markup_and_urls_are_never_edited(repaired, kept):
    assert kept in repaired

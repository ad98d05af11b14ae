"""OCR look-alike correction (docfix --ocr, repair(text, ocr=True))."""
from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docfix import ocr

ROOT = Path(__file__).resolve().parent.parent
CLEAN = sorted((ROOT / "tests" / "data" / "clean").glob("*.txt"))
TEXT = (ROOT / "seeds" / "003_f29dea3288537dee.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("text, want", [
    ("2O22年", "2022年"), ("共有l2所学校", "共有12所学校"), ("全年招生3,2OO人", "全年招生3,200人"),
    ("2○22年", "2022年"), ("增长1O.5%", "增长10.5%"), ("截至17:OO", "截至17:00"), ("Z0ZZ年", "2022年"),
])
def test_letters_in_numbers_become_digits(text, want):
    cs = ocr.number_corrections(text)
    out = list(text)
    for c in cs:
        assert text[c.offset:c.end] == c.replaces
        out[c.offset] = c.insert
    assert "".join(out) == want


@pytest.mark.parametrize("text", [
    "5G网络", "B2B平台", "O2O模式", "COVID-19疫情", "Windows 10系统", "iOS系统", "第l条", "GB/T 2260", "IO口",
    "http://x.gov.cn/t2O22.html", "编号a3f9c2e1d4b5", "二〇二二年", "A股", "PM2.5浓度", "H7N9", "3D打印",
])
def test_codes_words_and_urls_stay(text):
    assert ocr.number_corrections(text) == []


@pytest.mark.parametrize("text, want", [
    ("我们己经完成了全年的工作任务。", "我们已经完成了全年的工作任务。"),
    ("为了美好的末来而努力奋斗。", "为了美好的未来而努力奋斗。"),
    ("入们生活水平不断提高。", "人们生活水平不断提高。"),
])
def test_han_lookalikes_are_read_right(repairer, text, want):
    r = repairer.repair(text, ocr=True)
    assert r.text == want
    assert r.original() == text
    assert all(e.replaces for e in r.edits if e.applied)


def test_ocr_mode_is_off_by_default(repairer):
    text = "我们己经完成了2O22年的任务。"
    assert repairer.repair(text).text == text
    assert repairer.repair(text, ocr=True).text == "我们已经完成了2022年的任务。"


#: clean fixtures where --ocr is known to correct a character it should not (strict: a fix shows)
OCR_KNOWN_FALSE = {"licences": "水冶 (hydrometallurgy), a term no lexicon has, reads as 水治 (+2.3 log10)"}


@pytest.mark.parametrize("path", [
    pytest.param(p, marks=pytest.mark.xfail(strict=True, reason=OCR_KNOWN_FALSE[p.stem])) if p.stem in OCR_KNOWN_FALSE
    else p for p in CLEAN + sorted((ROOT / "seeds").glob("00[0234]_*.txt"))], ids=lambda p: p.stem[:12])
def test_clean_text_gets_no_ocr_correction(repairer, path):
    text = path.read_text(encoding="utf-8")
    on = repairer.repair(text, ocr=True)
    off = repairer.repair(text)
    assert [e for e in on.edits if e.applied] == [e for e in off.edits if e.applied]
    assert not [e for e in on.edits if e.applied and e.replaces and e.reason.startswith("OCR")]


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=st.integers(0, len(TEXT) - 800), rate=st.floats(0.05, 0.4), seed=st.integers(0, 10**6))
def test_ocr_damage_repair_never_corrupts_untouched_text(repairer, start, rate, seed):
    """Offsets and replaced spans refer to the input, original() gives it
    back, and every applied correction is at a damaged place."""
    table = ocr.confusions()
    rng = random.Random(seed)
    doc = TEXT[start:start + 800]
    out = list(doc)
    damaged_at = set()
    for i, c in enumerate(doc):
        if c in table.han and rng.random() < rate:
            out[i] = rng.choice(table.han[c])
            damaged_at.add(i)
    damaged = "".join(out)
    r = repairer.repair(damaged, ocr=True)
    assert r.original() == damaged
    for e in r.edits:
        assert damaged[e.offset:e.end] == e.replaces
    wrong = [e for e in r.edits if e.applied and e.replaces and e.offset not in damaged_at]
    assert len(wrong) <= 1, [(e.replaces, e.insert, damaged[e.offset - 5:e.offset + 5]) for e in wrong]


def test_cli_ocr_flag(tmp_path):
    f = tmp_path / "scan.txt"
    f.write_text("我们己经完成了2O22年的工作，全市共有l2所学校。\n", encoding="utf-8")
    p = subprocess.run([sys.executable, "-m", "docfix", "--ocr", "-q", str(f)], capture_output=True, timeout=300)
    assert p.returncode == 0, p.stderr
    assert p.stdout.decode("utf-8") == "我们已经完成了2022年的工作，全市共有12所学校。\n"
    p = subprocess.run([sys.executable, "-m", "docfix", "--ocr", "--format", "marked", "-q", str(f)],
                       capture_output=True, timeout=300)
    assert "[-己-]{+已+}" in p.stdout.decode("utf-8")


def test_ocr_mode_with_traces_read_as_themselves(repairer):
    """A trace kept as it is (a space of the text, a letter that is text) has
    an empty reading: OCR mode must take it in its stride."""
    news = ("记者 蒋文 报道：全市教育工作会议召开。会议要求，各学校 要加强管理。\n" * 3
            + "我们己经完成了2O22年的工作。\n")
    r = repairer.repair(news, ocr=True)
    assert "我们已经完成了2022年的工作" in r.text and r.original() == news


def test_a_correction_that_breaks_known_words_is_not_applied(repairer):
    """夜深人静 is no OCR slip for 夜深入静, nor 知己知彼 for 知已知彼: the
    lexicons know the words the character as read makes."""
    text = "各地要坚持知己知彼、精准施策的工作方法，加强夜间安全管理，做好夜深人静时段的巡查工作，确保人民群众生命财产安全。"
    r = repairer.repair(text, ocr=True)
    assert [e for e in r.edits if e.applied] == []
    held = [e for e in r.edits if e.replaces in ("人", "己")]
    assert held and all("breaks the words" in e.reason for e in held)


def test_a_rare_word_broken_by_a_correction_holds_it_too(repairer):
    """岁末 is in the word list only 59 times; 岁末→岁未 (People's Daily, 1998: 10^-0.75
    for the words) is reported, not applied (WORD_BREAK -1.0 -> -0.5)."""
    r = repairer.repair("越南共产党中央委员会发表了１９９７年岁末举行的会议公报。", ocr=True)
    assert [e for e in r.edits if e.applied] == []


def test_an_ocr_slip_inside_a_word_is_still_corrected(repairer):
    r = repairer.repair("为深人贯彻落实会议精神，我们己经完成了应对气侯变化的任务。", ocr=True)
    assert r.text == "为深入贯彻落实会议精神，我们已经完成了应对气候变化的任务。"


def test_a_name_is_no_ocr_slip(repairer):
    """News writes names in lists and with titles: 侯 (a surname) read 候 in
    every one of them (People's Daily 1998: 侯老 ten times, 记者王亚东、侯嘉);
    左连璧 is a name too. A slip beside a name is still corrected."""
    prose = "今年以来，全市各级各类学校认真贯彻落实党的教育方针，深化教育教学改革，全面提高教育质量，办好人民满意的教育。"
    text = (prose + "出席会议的有毛致用、邓鸿勋、左连璧、厉有为、龙志毅等同志。" + prose + "（记者王亚东、侯嘉）这些年侯老往"
            "剧团里添的钱至少有十万元，戏友们都赶来给侯老拜年，侯老向大家表示感谢。" + prose + "作品由吕厚民、侯波、吕相友拍摄。"
            + prose)
    r = repairer.repair(text, ocr=True)
    assert [e for e in r.edits if e.applied] == []
    held = [e for e in r.edits if e.replaces in ("侯", "璧") and e.confidence >= 0.5]
    assert held and all("part of a name" in e.reason for e in held)
    from docfix.resources import OTHER_LEXICON_DATA

    assert "surnames.txt" in OTHER_LEXICON_DATA  # (data of a rule, no word list)
    slip = repairer.repair(text + "我们己经完成了应对气侯变化的任务。", ocr=True)
    assert "我们已经完成了应对气候变化的任务" in slip.text and slip.text.count("侯") == text.count("侯")


def test_spreadsheet_cells_are_no_numbers(repairer):
    """A help text that names cells A1, C3 names B1 so too: no 8 for B."""
    text = "如果单元格 A1 包含一个数字，B1 为空，C1 包含公式，则单元格B1处显示 C1 的值，区域「B3」到「D3」求和。"
    assert [e for e in repairer.repair(text, ocr=True).edits if e.applied] == []

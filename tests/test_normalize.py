"""Tests for docfix.normalize and the rules in docfix.fixes.

* a data-driven corpus (tests/data/normalize_cases.txt): positive cases
  (input -> expected, rule) and a negative set that must not change at all;
* the seeds: 002's broken lines are rejoined, the clean seeds only fire the
  rules they need, a traditional passage comes out simplified;
* hypothesis properties: idempotence, monotone offset maps, kept characters
  map onto themselves, changes are sorted/non-overlapping and rebuild .text.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Dict, List, Tuple

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import docfix
from docfix import fixes
from docfix.normalize import DEFAULTS, RULES, Change, Normalized, normalize

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).resolve().parent / "data" / "normalize_cases.txt"
SEEDS = ROOT / "seeds"


# ----------------------------------------------------------------------------
# corpus


def _unescape(s: str) -> str:
    def rep(m: "re.Match[str]") -> str:
        e = m.group(1)
        if e in ("n", "t", "r"):
            return {"n": "\n", "t": "\t", "r": "\r"}[e]
        if e == "\\":
            return "\\"
        return chr(int(e[1:], 16))

    return re.sub(r"\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[ntr\\])", rep, s)


def _switch_value(v: str) -> Any:
    return {"True": True, "False": False}.get(v, v)


def load_cases() -> Tuple[List[Tuple[str, Dict[str, Any], str, str, int]], List[Tuple[str, int]]]:
    positive: List[Tuple[str, Dict[str, Any], str, str, int]] = []
    negative: List[Tuple[str, int]] = []
    section = None
    rule, switches = None, {}
    for lineno, raw in enumerate(CASES.read_text(encoding="utf-8").split("\n"), 1):
        line = raw.rstrip("\r")
        if not line.strip() or line.startswith("#"):
            continue
        if line in ("[positive]", "[negative]"):
            section = line[1:-1]
            continue
        if section == "positive":
            if line.startswith("@"):
                head, *opts = line[1:].split()
                rule = head
                switches = {k: _switch_value(v) for k, v in (o.split("=", 1) for o in opts)}
                continue
            assert rule is not None, f"line {lineno}: case before any @rule"
            src, sep, exp = line.partition(" => ")
            assert sep, f"line {lineno}: positive case without ' => '"
            positive.append((rule, dict(switches), _unescape(src), _unescape(exp), lineno))
        elif section == "negative":
            negative.append((_unescape(line), lineno))
        else:
            raise AssertionError(f"line {lineno}: outside a section")
    return positive, negative


POSITIVE, NEGATIVE = load_cases()


def test_corpus_covers_every_rule():
    assert {r for r, *_ in POSITIVE} == set(RULES)
    assert len(NEGATIVE) >= 40


@pytest.mark.parametrize(
    "rule,switches,src,expected,lineno",
    POSITIVE,
    ids=[f"L{c[4]}-{c[0]}" for c in POSITIVE],
)
def test_positive_case(rule, switches, src, expected, lineno):
    n = normalize(src, **switches)
    assert n.text == expected
    assert rule in n.rules_fired, n.rules_fired
    _check_invariants(n)


@pytest.mark.parametrize("src,lineno", NEGATIVE, ids=[f"L{c[1]}" for c in NEGATIVE])
def test_negative_case(src, lineno):
    n = normalize(src)
    assert n.text == src
    assert n.changes == []
    assert n.rules_fired == {}
    assert [n.to_input(i) for i in range(len(src) + 1)] == list(range(len(src) + 1))


# ----------------------------------------------------------------------------
# invariants


def _check_invariants(n: Normalized) -> None:
    inp, out = n.input, n.text
    # changes sorted, non-overlapping, rebuild the output, before matches input
    last = 0
    pieces = []
    for c in n.changes:
        assert isinstance(c, Change)
        assert last <= c.start <= c.end <= len(inp)
        assert inp[c.start:c.end] == c.before
        assert c.before != c.after
        assert c.rule and all(r in RULES for r in c.rule.split("+"))
        pieces.append(inp[last:c.start])
        pieces.append(c.after)
        last = c.end
    pieces.append(inp[last:])
    assert "".join(pieces) == out
    for a, b in zip(n.changes, n.changes[1:]):
        assert a.end <= b.start
    # offset maps: total, monotone, end points
    ti = [n.to_input(i) for i in range(len(out) + 1)]
    to = [n.to_output(j) for j in range(len(inp) + 1)]
    assert ti[0] == 0 or (n.changes and n.changes[0].start == 0)
    assert ti[-1] == len(inp) and to[-1] == len(out)
    assert all(x <= y for x, y in zip(ti, ti[1:]))
    assert all(x <= y for x, y in zip(to, to[1:]))
    assert all(0 <= x <= len(inp) for x in ti)
    assert all(0 <= x <= len(out) for x in to)
    # characters outside changes map onto themselves, both ways
    in_change = [False] * len(inp)
    for c in n.changes:
        for k in range(c.start, c.end):
            in_change[k] = True
    out_change = [False] * len(out)
    pos = 0
    last = 0
    for c in n.changes:
        pos += c.start - last
        for k in range(pos, pos + len(c.after)):
            out_change[k] = True
        pos += len(c.after)
        last = c.end
    for i in range(len(out)):
        if not out_change[i]:
            j = ti[i]
            assert out[i] == inp[j]
            assert not in_change[j]
            assert to[j] == i
    for j in range(len(inp)):
        if not in_change[j]:
            assert ti[to[j]] == j


# ----------------------------------------------------------------------------
# API


def test_exports():
    # whether docfix.normalize resolved to the function (lazy export) or to
    # the submodule (after "import docfix.normalize"), it normalises
    n = docfix.normalize("你好,世界", punctuation=True)
    assert isinstance(n, Normalized) and n.text == "你好，世界"
    assert docfix.Normalized is Normalized
    import inspect

    assert "boilerplate" in inspect.signature(docfix.normalize).parameters


def test_export_in_fresh_interpreter():
    import subprocess
    import sys

    code = "import docfix; n = docfix.normalize('你好,世界'); print(n.text, type(n).__name__, docfix.Normalized.__name__)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["你好，世界", "Normalized", "Normalized"]


def test_defaults_match_signature():
    import inspect

    params = inspect.signature(normalize).parameters
    kw = {k: p.default for k, p in params.items() if p.kind is inspect.Parameter.KEYWORD_ONLY}
    assert kw == DEFAULTS
    assert DEFAULTS["boilerplate"] is False


def test_switches_are_keyword_only():
    with pytest.raises(TypeError):
        normalize("文本", "auto")  # type: ignore[misc]


def test_bad_variants_rejected():
    with pytest.raises(ValueError):
        normalize("文本", variants="s2t")


def test_not_str_rejected():
    with pytest.raises(TypeError):
        normalize(b"bytes")  # type: ignore[arg-type]


def test_switch_off_disables_rule():
    src = "他强调,教育 工作\u00a0很好"
    assert normalize(src, punctuation=False).text == "他强调,教育 工作 很好"
    assert normalize(src, whitespace=False).text == "他强调，教育 工作\u00a0很好"
    off = {r: False for r in RULES}
    assert normalize(src, **off).text == src


def test_variants_true_means_auto_and_none_off():
    assert normalize("臺灣大學", variants=True).text == "台湾大学"
    assert normalize("臺灣大學", variants=None).text == "臺灣大學"
    assert normalize("臺灣大學", variants=False).text == "臺灣大學"


def test_change_dict_and_result_dict():
    n = normalize("你好,世界")
    assert n.changes[0].to_dict() == {"start": 2, "end": 3, "before": ",", "after": "，", "rule": "punctuation"}
    d = n.to_dict()
    assert d["text"] == "你好，世界" and d["rules_fired"] == {"punctuation": 1}


def test_offsets_out_of_range():
    n = normalize("你好")
    with pytest.raises(IndexError):
        n.to_input(3)
    with pytest.raises(IndexError):
        n.to_output(-1)


def test_changes_from_several_rules_merge():
    # NBSP turned into a space by whitespace, then taken by the converted comma
    n = normalize("位置:\u00a0正文")
    assert n.text == "位置：正文"
    assert [(c.start, c.end, c.before, c.after, c.rule) for c in n.changes] == [
        (2, 4, ":\u00a0", "：", "whitespace+punctuation")
    ]
    assert n.rules_fired == {"whitespace": 1, "punctuation": 1}


def test_offsets_of_join():
    src = "他强调,教\n\n育援疆工作"
    n = normalize(src)
    assert n.text == "他强调，教育援疆工作"
    i = n.text.index("育")
    assert n.to_input(i) == src.index("育")
    assert n.to_output(src.index("\n")) == i  # the removed break maps to the join point
    _check_invariants(n)


def test_chinese_punctuation_never_made_ascii():
    src = "，。；：！？（）“”《》、"
    for r in RULES:
        assert normalize(src, **{k: (k == r) if k != "variants" else (r == "variants" and "t2s") for k in RULES}).text == src


def test_rules_fired_order_and_counts():
    n = normalize("⾼质量,\u00a0ＡＢ")
    assert list(n.rules_fired) == [r for r in RULES if r in n.rules_fired]
    assert n.rules_fired == {"radicals": 1, "width": 2, "punctuation": 1, "whitespace": 1}
    assert n.text == "高质量，AB"


# ----------------------------------------------------------------------------
# rules one by one


def test_supplement_table_targets_are_unified_ideographs():
    import unicodedata

    for k, v in fixes.SUPPLEMENT_RADICALS.items():
        assert 0x2E80 <= ord(k) <= 0x2EFF
        assert len(v) == 1 and "CJK UNIFIED IDEOGRAPH" in unicodedata.name(v), (k, v)
    for needed in "⻄⻅⻓⻔⻚⻜⻢⻥⻋⻆":
        assert needed in fixes.SUPPLEMENT_RADICALS


def test_every_kangxi_radical_becomes_an_ideograph():
    kangxi = "".join(chr(c) for c in range(0x2F00, 0x2FD6))
    out = fixes.fix_radicals(kangxi)
    assert len(out) == len(kangxi)
    assert all(fixes.is_han(c) and not (0x2F00 <= ord(c) <= 0x2FDF) for c in out)


def test_mojibake_is_lossless_only():
    for good in ("教育工作", "你好世界"):
        for wrong in ("latin-1", "cp1252", "gbk"):
            garbled = good.encode("utf-8").decode(wrong)
            assert garbled != good
            assert fixes.fix_mojibake(garbled) == good, (wrong, garbled)
        assert fixes.fix_mojibake(good.encode("gbk").decode("latin-1")) == good
    good = "教育工作会议在市委召开"
    # lossy (bytes the reader could not read replaced): recovered as far as
    # the bytes allow, each character that lost a byte a U+FFFD (a trace for
    # the repair engine), never a wrong character
    lossy = good.encode("utf-8").decode("gbk", errors="replace")
    assert "\ufffd" in lossy
    for form in (lossy, lossy.replace("\ufffd", "?")):
        got = fixes.fix_mojibake(form)
        assert len(got) == len(good) and "\ufffd" in got
        assert all(a == b or a == "\ufffd" for a, b in zip(got, good)), got
    # genuine text in other scripts: left alone
    for text in ("Ελληνικά κείμενα", "Привет, мир", "¡Hola señor! ¿Qué tal?", "naïve café résumé"):
        assert fixes.fix_mojibake(text) == text


def test_mojibake_inside_clean_text():
    src = "通知：" + "教育工作".encode("utf-8").decode("cp1252") + "。"
    assert normalize(src).text == "通知：教育工作。"


def test_whitespace_never_touches_latin_spaces():
    for s in ("Hello  world", "a b c d e", "x = 1;  y = 2", "  indented code"):
        assert fixes.fix_whitespace(s) == s


def test_join_keeps_headings_lists_toc():
    text = (
        "目录\n1.工作要点 2\n2.工作要点 19\n\n"
        "一、总体要求\n\n（一）指导思想\n\n坚持稳中求进。\n\n"
        "第一章 总则\n第一条 为了规范管理\n① 第一项\n• 第二项\n"
    )
    assert fixes.join_lines(text) == text


def test_boilerplate_off_by_default():
    src = "网站首页 新闻 国内 国际 河南 焦作\n正文。\n版权所有 © 2024"
    assert normalize(src).text == src
    assert normalize(src, boilerplate=True).text == "正文。\n"


def test_variants_auto_threshold():
    assert fixes.is_mostly_traditional("這是繁體中文")
    assert not fixes.is_mostly_traditional("这是简体中文")
    assert not fixes.is_mostly_traditional("Hello world")
    assert not fixes.is_mostly_traditional("")


# ----------------------------------------------------------------------------
# seeds


def _seed(prefix: str) -> str:
    (path,) = SEEDS.glob(prefix + "_*.txt")
    return path.read_text(encoding="utf-8")


CLEAN = ("000", "002", "003", "004")
#: rules each seed really needs (ASCII punctuation everywhere; 002 has broken
#: lines; 004 has NBSP and trailing spaces).
NEEDED = {
    "000": {"punctuation"},
    "001": {"punctuation"},
    "002": {"punctuation", "join_lines"},
    "003": {"punctuation"},
    "004": {"punctuation", "whitespace"},
}


@pytest.fixture(scope="module")
def seed_results() -> Dict[str, Normalized]:
    return {p: normalize(_seed(p)) for p in NEEDED}


@pytest.mark.parametrize("prefix", sorted(NEEDED))
def test_seed_fires_only_needed_rules(seed_results, prefix):
    n = seed_results[prefix]
    assert set(n.rules_fired) == NEEDED[prefix], n.rules_fired
    _check_invariants(n)


@pytest.mark.parametrize("prefix", sorted(NEEDED))
def test_seed_idempotent(seed_results, prefix):
    n = seed_results[prefix]
    assert normalize(n.text).text == n.text


def test_seed_001_dropped_glyphs_untouched(seed_results):
    # normalisation does not try to repair dropped glyphs: only punctuation
    n = seed_results["001"]
    assert all(c.rule == "punctuation" for c in n.changes)
    assert "222年度分管工作安排" in n.text
    assert "教育息化" in n.text


def test_seed_002_broken_lines_rejoined(seed_results):
    src = _seed("002")
    n = seed_results["002"]
    joins = [c for c in n.changes if "join_lines" in c.rule]
    # every broken line in the seed, and nothing else
    ends = [src[c.start - 3:c.start] for c in joins]
    assert ends == ["市通过", "调,教", "基础工", "动计划", "责,细", "布局结", "教师要", "、有反", "的考核"]
    for fragment in (
        "他强调，教育援疆工作是濮阳市委",
        "濮阳市通过优秀骨干教师援疆支教",
        "作为基础工作。",
        "落实各级工作职责，细化工作方案",
        "要持续优化民办教育布局结构，推进民办学校",
        "全市各级各类学校和教师要认真落实",
        "形成有部署、有落实、有反馈的工作闭环",
        "要加强以结果为导向的考核评价工作",
    ):
        assert fragment in n.text, fragment
    # headings stay on their own lines
    lines = n.text.split("\n")
    for heading in ("高度聚焦民办教育规范发展", "实施“1+1+N”学校结对提升专项行动", "强化党建引领", "市教育局召开援疆工作座谈会"):
        assert heading in lines, heading


def test_seed_002_join_spans_are_line_breaks(seed_results):
    for c in seed_results["002"].changes:
        if "join_lines" in c.rule:
            assert c.before.strip() == "" and "\n" in c.before and c.after == ""


def test_traditional_passage_comes_out_simplified():
    simplified = _seed("000").split("\n")[10]
    assert simplified.startswith("2024年")
    from docfix.canon import _opencc

    traditional = _opencc("s2t").convert(simplified)
    assert traditional != simplified
    n = normalize(traditional)
    assert "variants" in n.rules_fired
    assert n.text == normalize(simplified).text
    _check_invariants(n)


def test_clean_seed_lines_needing_no_rule_are_untouched():
    """Every line of the clean seeds without ASCII punctuation or odd spaces
    passes through as it is."""
    count = 0
    for p in ("000", "002", "003"):
        for line in _seed(p).split("\n"):
            if not line or any(c in line for c in ",:;()?!\u00a0\u3000") or line != line.strip():
                continue
            assert normalize(line).text == line
            count += 1
    assert count > 150


# ----------------------------------------------------------------------------
# hypothesis properties

_HAN = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质信声" \
       "發國學會這說們來對時經過還點動關體開現長" + "亻⺅⻄⻅⾼⼤⽔"
_ASCII = "abcXYZ019 "
_PUNCT = ",.:;()?!，。：；（）？！、“”《》—…%+-/@#"
_SPACES = " \u00a0\u3000\u200b\t"
_FULL = "ＡＢｃ０１９％．＋"
_FRAGMENTS = [
    "\n", "\n\n", "\n\n\n", "  ", "1,000", "3.5%", "9:30", "https://a.example/x?y=1,z", "一、", "（一）", "(1)",
    "1.", "第一章", "①", "•", "——", "æ•™è‚²å·¥ä½œ", "鏁欒偛宸ヤ綔", "ÖÐÎÄ", "Hello, world", "f(x)", "首页",
    "版权所有", "目 录", "第 一 章", "他强调,教\n\n育", "的\n", "。\n", "，\n", "臺灣", "\r\n",
]
_atoms = st.one_of(
    st.sampled_from(list(_HAN)),
    st.sampled_from(list(_ASCII)),
    st.sampled_from(list(_PUNCT)),
    st.sampled_from(list(_SPACES)),
    st.sampled_from(list(_FULL)),
    st.sampled_from(_FRAGMENTS),
)
chinese_like = st.lists(_atoms, max_size=80).map("".join)
any_text = st.text(max_size=60)
texts = st.one_of(chinese_like, chinese_like, any_text)

PROP = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROP
@given(texts)
def test_prop_idempotent(text):
    once = normalize(text)
    assert normalize(once.text).text == once.text


@PROP
@given(texts, st.booleans())
def test_prop_invariants(text, boiler):
    _check_invariants(normalize(text, boilerplate=boiler))


@PROP
@given(chinese_like, st.sampled_from(["t2s", "tw2s", "hk2s", False]))
def test_prop_invariants_variants(text, variants):
    n = normalize(text, variants=variants)
    _check_invariants(n)
    assert normalize(n.text, variants=variants).text == n.text


_RULE_FNS = [
    fixes.fix_mojibake,
    fixes.fix_radicals,
    fixes.fix_width,
    fixes.fix_variants,
    fixes.fix_whitespace,
    fixes.remove_boilerplate,
    fixes.join_lines,
    fixes.fix_punctuation,
]


@PROP
@given(chinese_like, st.sampled_from(_RULE_FNS))
def test_prop_each_rule_idempotent_alone(text, fn):
    once = fn(text)
    assert fn(once) == once


_CHANGE_FNS = [
    fixes.mojibake_changes,
    fixes.radical_changes,
    fixes.width_changes,
    fixes.variant_changes,
    fixes.whitespace_changes,
    fixes.boilerplate_changes,
    fixes.join_line_changes,
    fixes.punctuation_changes,
]


@PROP
@given(texts, st.sampled_from(_CHANGE_FNS))
def test_prop_rule_changes_well_formed(text, fn):
    last = 0
    for s, e, rep in fn(text):
        assert last <= s <= e <= len(text)
        assert text[s:e] != rep
        last = e


@PROP
@given(chinese_like)
def test_prop_chinese_punctuation_never_made_ascii(text):
    out = normalize(text).text
    for p in "，。；：！？、":
        assert out.count(p) >= text.count(p), p
    # a bracket may be turned (the quotes rule sets a wrong direction right), never made ASCII
    assert out.count("（") + out.count("）") >= text.count("（") + text.count("）")

"""Tests of the damage simulator (docfix.lab.simulate)."""
from __future__ import annotations

import random
from collections import Counter

import pytest
from hypothesis import given, settings, strategies as st

from docfix.lab.metrics import char_class
from docfix.lab.simulate import Damage, apply_sites, choose_glyphs, drop, gold_sites, simulate

TEXT = (
    "2021年，全市教育系统坚持以习近平新时代中国特色社会主义思想为指导，推进教育信息化建设。\n"
    "2022年是我市教育体育高质量发展的重要阶段，全年新建改扩建中小学10所，新增学位12000个。\n"
    "一是加快推进义务教育优质均衡发展；二是深化教育评价改革，完善督导评估机制，PDF文件100份。\n"
) * 6


def _check_consistent(d: Damage) -> None:
    assert d.restore() == d.original
    offs = [o for o, _ in d.gold]
    assert offs == sorted(set(offs)), "one site per offset, sorted"
    assert all(0 <= o <= len(d.damaged) for o in offs)
    assert all(ins for _, ins in d.gold)
    assert set("".join(ins for _, ins in d.gold)) == set(d.dropped)
    assert d.dropped <= d.glyphs
    assert len(d.original) - len(d.damaged) == sum(len(i) for _, i in d.gold)


def test_deterministic_given_seed():
    a = simulate(TEXT, seed=42)
    b = simulate(TEXT, seed=42)
    assert a == b
    others = {simulate(TEXT, seed=s).glyphs for s in range(10)}
    assert len(others) > 5


def test_does_not_touch_global_random():
    random.seed(5)
    x = random.random()
    random.seed(5)
    simulate(TEXT, seed=1)
    assert random.random() == x


@pytest.mark.parametrize("seed", range(30))
def test_gold_sites_restore_original(seed):
    rate = (0.3, 0.9) if seed % 3 == 0 else 1.0
    d = simulate(TEXT, seed=seed, drop_rate=rate, latin_prob=0.5)
    _check_consistent(d)
    if rate == 1.0:
        assert not (set(d.damaged) & d.glyphs), "every occurrence dropped"


def test_example_2021():
    d = simulate("2021", seed=0, glyphs="01")
    assert d.damaged == "22"
    assert d.gold == [(1, "0"), (2, "1")]


def test_runs_form_one_site():
    damaged, sites = gold_sites("x100%y", [False, True, True, True, False, False])
    assert damaged == "x%y" and sites == [(1, "100")]
    # a run at the very end of the text
    d = simulate("教育信息", seed=0, glyphs="信息")
    assert d.damaged == "教育" and d.gold == [(2, "信息")]
    # a run at the start
    d = simulate("2022年", seed=0, glyphs="20")
    assert d.damaged == "年" and d.gold == [(0, "2022")]


def test_drop_rate_zero_gives_no_sites():
    d = simulate(TEXT, seed=3, drop_rate=0.0)
    assert d.gold == [] and d.damaged == TEXT and d.clean and d.dropped == frozenset()
    d = simulate(TEXT, seed=3, clean_prob=1.0)
    assert d.gold == [] and d.damaged == TEXT and d.glyphs == frozenset()


def test_partial_drop_rate_drops_some_occurrences():
    d = simulate(TEXT, seed=11, glyphs="教", drop_rate=0.5)
    n = TEXT.count("教")
    kept = d.damaged.count("教")
    assert 0 < kept < n
    assert d.drop_rate == 0.5
    d2 = simulate(TEXT, seed=11, drop_rate=(0.2, 0.4))
    assert 0.2 <= d2.drop_rate <= 0.4


def test_glyph_set_looks_like_a_font_subset():
    present = set(TEXT)
    for s in range(40):
        g = simulate(TEXT, seed=s).glyphs
        assert g <= present
        n_cjk = sum(char_class(c) == "cjk" for c in g)
        assert 3 <= n_cjk <= 20
        assert sum(char_class(c) == "digit" for c in g) <= 4
    assert simulate(TEXT, seed=1, n_cjk=5, digits=0.0, latin_prob=0.0).glyphs
    g = simulate(TEXT, seed=1, n_cjk=5, digits=0.0, latin_prob=0.0).glyphs
    assert len(g) == 5 and all(char_class(c) == "cjk" for c in g)


def test_frequent_glyphs_are_lost_more_often():
    digits = Counter()
    cjk = Counter()
    for s in range(300):
        g = choose_glyphs(TEXT, random.Random(s), n_cjk=3, digits=1.0, n_digits=1)
        digits.update(c for c in g if c.isdigit())
        cjk.update(c for c in g if char_class(c) == "cjk")
    # "0" and "2" are far more frequent in TEXT than "5"/"6" (absent) or "9"
    assert digits["0"] > 3 * max(digits["9"], 1)
    assert "5" not in digits and "6" not in digits
    assert cjk["教"] > cjk["督"]


def test_latin_letters_now_and_then():
    with_latin = sum(
        any(char_class(c) == "latin" for c in simulate(TEXT, seed=s).glyphs) for s in range(200)
    )
    assert 10 < with_latin < 70  # latin_prob 0.15 by default
    assert all(
        not any(char_class(c) == "latin" for c in simulate(TEXT, seed=s, latin_prob=0.0).glyphs) for s in range(30)
    )


def test_drop_and_apply_sites():
    damaged, sites, dropped = drop("教育信息化信息", "信", random.Random(0))
    assert damaged == "教育息化息" and sites == [(2, "信"), (4, "信")] and dropped == {"信"}
    assert apply_sites(damaged, sites) == "教育信息化信息"


ALPHABET = "0129教育信息化年，。\nAb"


@settings(max_examples=150, deadline=None)
@given(
    text=st.text(alphabet=ALPHABET, max_size=60),
    glyphs=st.sets(st.sampled_from(ALPHABET), max_size=6),
    seed=st.integers(0, 2**31 - 1),
    rate=st.sampled_from([1.0, 0.0, 0.5, (0.1, 0.9)]),
)
def test_property_restore(text, glyphs, seed, rate):
    d = simulate(text, seed=seed, glyphs=glyphs, drop_rate=rate)
    _check_consistent(d)
    # maximal runs: between two sites there is at least one kept character,
    # i.e. offsets are distinct; a kept character is never a dropped glyph when rate is 1
    if rate == 1.0:
        assert not (set(d.damaged) & set(glyphs))
    if rate == 0.0:
        assert d.gold == []

"""Hand-computed cases for the benchmark's pure metric functions (docfix.lab.metrics)."""
from __future__ import annotations

import pytest

from docfix.lab.metrics import (
    BINS,
    PRF,
    calibration,
    char_class,
    jaccard,
    merge_sites,
    per_10k,
    safe_ratio,
    score_sites,
    site_class,
)


def test_char_and_site_class():
    assert [char_class(c) for c in "09０９"] == ["digit"] * 4
    assert [char_class(c) for c in "教〇㐀"] == ["cjk"] * 3
    assert [char_class(c) for c in "azAZａＺ"] == ["latin"] * 6
    assert [char_class(c) for c in "，。%▁ -"] == ["other"] * 6
    assert site_class("1号") == "digit" and site_class("号1") == "cjk" and site_class("") == "other"


def test_prf_hand_computed():
    m = PRF(tp_pred=3, n_pred=4, tp_gold=3, n_gold=6)
    assert m.precision == 0.75 and m.recall == 0.5
    assert m.f1 == pytest.approx(2 * 0.75 * 0.5 / 1.25)  # 0.6
    assert PRF().precision is None and PRF().recall is None and PRF().f1 is None
    assert PRF(0, 0, 0, 3).f1 == 0.0  # nothing predicted, something missed
    assert PRF(0, 2, 0, 0).f1 == 0.0  # false edits where there was nothing to find
    assert (PRF(1, 2, 1, 3) + PRF(2, 2, 2, 2)).as_tuple() == (3, 4, 3, 5)


def test_score_sites_detection_vs_correction():
    gold = {3: "0", 10: "信", 20: "10", 30: "A"}
    pred = {3: "0", 10: "文", 20: "1", 25: "多"}
    s = score_sites(gold, pred)
    det, cor = s["detection"], s["correction"]
    # detection: offsets 3, 10, 20 right; 25 wrong; 30 missed
    assert det["all"].as_tuple() == (3, 4, 3, 4)
    assert det["all"].f1 == pytest.approx(0.75)
    # correction: only offset 3 exact
    assert cor["all"].as_tuple() == (1, 4, 1, 4)
    assert cor["all"].precision == 0.25 and cor["all"].recall == 0.25
    # per class: predicted digits {3:'0', 20:'1'}, gold digits {3:'0', 20:'10'}
    assert cor["digit"].as_tuple() == (1, 2, 1, 2)
    assert det["digit"].as_tuple() == (2, 2, 2, 2)
    # cjk: predicted {10:'文', 25:'多'}, gold {10:'信'}
    assert cor["cjk"].as_tuple() == (0, 2, 0, 1)
    assert det["cjk"].as_tuple() == (1, 2, 1, 1)
    assert det["cjk"].precision == 0.5 and det["cjk"].recall == 1.0
    # latin: gold {30:'A'} missed, nothing predicted
    assert cor["latin"].as_tuple() == (0, 0, 0, 1) and cor["latin"].f1 == 0.0


def test_per_class_detection_can_cross_classes():
    # right place, wrong class: the prediction counts as a right detection for
    # the predicted class's precision, and the gold site as found for its recall
    s = score_sites({5: "信"}, {5: "1"})
    assert s["detection"]["digit"].as_tuple() == (1, 1, 0, 0)
    assert s["detection"]["cjk"].as_tuple() == (0, 0, 1, 1)
    assert s["correction"]["all"].as_tuple() == (0, 1, 0, 1)


def test_neutral_sites():
    gold = {1: "0", 5: "信", 9: "1"}
    # 9 is neutral: predicting there is neither TP nor FP; missing it is no FN
    s = score_sites(gold, {1: "0", 9: "7"}, neutral=[9])
    assert s["correction"]["all"].as_tuple() == (1, 1, 1, 2)
    s = score_sites(gold, {1: "0", 5: "信"}, neutral=[9])
    assert s["correction"]["all"].as_tuple() == (2, 2, 2, 2)
    assert s["correction"]["all"].f1 == 1.0
    # a prediction at a neutral offset that is not a gold offset at all
    s = score_sites({1: "0"}, {1: "0", 4: "x"}, neutral=[4])
    assert s["correction"]["all"].as_tuple() == (1, 1, 1, 1)


def test_merge_sites():
    assert merge_sites([(2, "0"), (2, "2"), (0, "信"), (5, "")]) == {0: "信", 2: "02"}


def test_jaccard():
    assert jaccard({"0", "1", "信"}, {"0", "信", "文", "多"}) == pytest.approx(2 / 5)
    assert jaccard(set(), set()) == 1.0
    assert jaccard({"0"}, set()) == 0.0


def test_calibration_bins_and_ece():
    items = [
        (0.1, False), (0.3, True),  # [0, .5): 1/2 right, mean conf .2
        (0.5, True),  # edge .5 belongs to [.5, .7)
        (0.9, True), (0.96, False),  # [.9, .97): 1/2, mean .93
        (0.97, True), (1.0, True),  # [.97, 1]: both right, mean .985
    ]
    c = calibration(items)
    bins = c["bins"]
    assert [b["n"] for b in bins] == [2, 1, 0, 2, 2]
    assert [b["precision"] for b in bins] == [0.5, 1.0, None, 0.5, 1.0]
    assert bins[2]["mean_confidence"] is None
    assert bins[3]["mean_confidence"] == pytest.approx(0.93)
    ece = (2 * abs(0.5 - 0.2) + 1 * abs(1 - 0.5) + 2 * abs(0.5 - 0.93) + 2 * abs(1 - 0.985)) / 7
    assert c["ece"] == pytest.approx(ece)
    assert c["n"] == 7
    assert calibration([])["ece"] is None
    assert BINS == (0.0, 0.5, 0.7, 0.9, 0.97, 1.0)


def test_perfect_calibration_has_zero_ece():
    items = [(0.6, True)] * 6 + [(0.6, False)] * 4
    assert calibration(items)["ece"] == pytest.approx(0.0)


def test_rates_and_ratios():
    assert per_10k(5, 25000) == 2.0
    assert per_10k(1, 0) is None
    assert safe_ratio(3.0, 2.0) == 1.5
    assert safe_ratio(3.0, 0) is None and safe_ratio(None, 2.0) is None

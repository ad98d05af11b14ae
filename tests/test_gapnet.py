"""The gap model: fast path against the reference, and the shipped model's sense."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docfix.gapnet import GapModel

ROOT = Path(__file__).resolve().parents[1]
VIN = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由信公0123456789，。、"
VOUT = VIN[:60] + "信"


def _random_model(path: Path, seed: int = 0, width: int = 4, dim: int = 6, hidden: int = 10) -> Path:
    rng = np.random.default_rng(seed)
    np.savez(
        path,
        width=np.int32(width),
        vin=VIN,
        vout=VOUT,
        emb=rng.standard_normal((len(VIN) + 3, dim)).astype(np.float16),
        W1=rng.standard_normal((2 * width * dim, hidden)).astype(np.float16),
        b1=rng.standard_normal(hidden).astype(np.float16),
        W2=rng.standard_normal((hidden, len(VOUT) + 2)).astype(np.float16),
        b2=rng.standard_normal(len(VOUT) + 2).astype(np.float16),
    )
    return path


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> GapModel:
    return GapModel(_random_model(tmp_path_factory.mktemp("gap") / "tiny.gap.npz"))


_tok = st.sampled_from(list(VIN) + ["龘", "x"])  # two tokens the model does not know
_side = st.lists(_tok, max_size=7)


@settings(max_examples=80, deadline=None)
@given(gaps=st.lists(st.tuples(_side, _side, st.lists(st.sampled_from(list(VOUT) + ["龘"]), max_size=4)), max_size=6))
def test_fast_path_matches_reference(tiny, gaps):
    fast = tiny.log_ratios([(l, r) for l, r, _ in gaps], [g for _, _, g in gaps])
    assert len(fast) == len(gaps)
    for (l, r, gs), row in zip(gaps, fast):
        assert len(row) == len(gs)
        for g, x in zip(gs, row):
            ref = tiny.log_ratio(l, r, g)
            if ref is None:
                assert x is None and not tiny.knows(g)
            else:
                assert x == pytest.approx(ref, abs=1e-3)


def test_context_is_padded_and_clipped(tiny):
    w = tiny.width
    long_left = list("的一是在不了有和人这")
    assert tiny._context(long_left, []) == [tiny.in_id[c] for c in long_left[-w:]] + [1] * w
    assert tiny._context([], ["龘"]) == [0] * w + [2] + [1] * (w - 1)


def test_unknown_glyph_has_no_ratio(tiny):
    assert tiny.log_ratio(["的"], ["一"], "龘") is None
    assert tiny.log_ratios([(["的"], ["一"])], [["龘", "的"]])[0][0] is None


def test_repairer_runs_without_a_gap_model(tmp_path):
    """The gap model is optional: a model folder without it repairs as before, with no gap feature."""
    from docfix.restore import Repairer

    for suffix in (".klm", ".npz", ".calib.json"):
        (tmp_path / f"default{suffix}").symlink_to(ROOT / "models" / f"default{suffix}")
    r = Repairer(tmp_path / "default.klm")
    assert r.gap is None
    text = "推进教育息化建设，教育息化水平明显提升，教育息化应用普及，教育息化队伍不断壮大。" * 3
    sites = r.analyse(text, dropped="信").sites
    assert sites and all(s.nn is None for s in sites)


def test_restored_han_glyphs_carry_gap_evidence(tiny):
    from docfix.engine.calibrate import GAP_CAP, SITE_FEATURES, site_features
    from docfix.restore import Repairer

    r = Repairer()
    r.gap = tiny  # a random network: only the plumbing is under test
    text = "222年，推进教育息化建设，教育息化水平明显提升，教育息化应用普及。"
    an = r.analyse(text, dropped="信0")
    han = [s for s in an.sites if s.insert == "信"]
    assert han and all(s.nn == pytest.approx(tiny.log_ratio(*s.sides, "信"), abs=1e-3) for s in han)
    assert all(len(s.sides[0]) <= tiny.width and len(s.sides[1]) <= tiny.width for s in han)
    col = SITE_FEATURES.index("gap_model")
    assert site_features(han[0], {"信": 1.0})[col] == pytest.approx(max(min(han[0].nn, GAP_CAP), -4.0))
    # digits get no gap evidence: the number rules speak for them
    digits = [s for s in an.sites if s.insert.isdigit()]
    assert digits and all(s.nn is None for s in digits)


def test_gap_model_can_lower_a_confidence_but_not_raise_it():
    import dataclasses

    from docfix.engine.calibrate import SITE_FEATURES, Calibration
    from docfix.restore import Repairer

    r = Repairer()
    weights = list(r.calibration.site_weights)
    weights[SITE_FEATURES.index("gap_model")] = 0.4
    cal = Calibration(glyph_weights=r.calibration.glyph_weights, site_weights=weights, meta={})
    text = "推进教育息化建设，教育息化水平明显提升，教育息化应用普及。"
    site = next(s for s in r.analyse(text, dropped="信").sites if s.insert == "信")
    site = dataclasses.replace(site, prob=0.5, siblings=0, agree=0.0, decoded=False)
    conf = {nn: cal.confidence(dataclasses.replace(site, nn=nn), {"信": 0.5}, {}) for nn in (None, 3.0, -2.0)}
    assert conf[3.0] == conf[None]
    assert conf[-2.0] < conf[None]

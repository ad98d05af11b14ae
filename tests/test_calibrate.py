"""Confidence calibration: the shipped weights match the features, and the
document-fit feature lowers confidence where the model knows the text less."""
from __future__ import annotations

import dataclasses
import json

from docfix.engine.calibrate import SITE_FEATURES, Calibration, site_features
from docfix.detect import GLYPH_FEATURES
from docfix.resources import default_model_path
from docfix.engine.records import Option as _Option, Site as _Site


CALIB = default_model_path().with_suffix("").with_suffix(".calib.json")


def _shipped() -> Calibration:
    return Calibration.load(CALIB)


def _site(**kw) -> _Site:
    s = _Site(10, "信", 0.8, 0.1, _Option(("信",), -0.01, 2.0, 0.3), [("", 0.1)], True, "育|息化")
    return dataclasses.replace(s, **kw)


def test_shipped_calibration_has_a_weight_per_feature():
    # a feature added without refitting would silently fall back to the raw posterior
    cal = _shipped()
    assert cal.site_weights is not None and len(cal.site_weights) == len(SITE_FEATURES)
    assert cal.glyph_weights is not None and len(cal.glyph_weights) == len(GLYPH_FEATURES)
    meta = json.loads(CALIB.read_text("utf-8"))["meta"]
    assert meta["site_features"] == SITE_FEATURES
    assert meta["glyph_features"] == GLYPH_FEATURES


def test_features_follow_the_declared_names():
    f = site_features(_site(fit=-1.4), {"信": 0.99}, {"信": 0})
    assert len(f) == len(SITE_FEATURES)
    assert f[SITE_FEATURES.index("document_fit")] == 0.0
    assert f[SITE_FEATURES.index("logit_prob")] > 0


def test_a_document_the_model_knows_less_gets_lower_confidence():
    cal = _shipped()
    post = {"信": 0.99}
    known = cal.confidence(_site(fit=-1.2), post, {"信": 0})
    foreign = cal.confidence(_site(fit=-2.5), post, {"信": 0})
    assert 0.0 < foreign < known < 1.0
    # clipped: nonsense fits do not run away
    assert cal.confidence(_site(fit=-50.0), post, {"信": 0}) == cal.confidence(_site(fit=-3.0), post, {"信": 0})


def test_the_commonest_glyph_gets_lower_confidence():
    # 的 (2.5 % of characters) is the most often optional glyph: the same
    # evidence is worth less for it than for a glyph of ordinary frequency
    cal = _shipped()
    post = {"信": 0.99}
    ordinary = cal.confidence(_site(rate=0.0015), post, {"信": 0})
    common = cal.confidence(_site(rate=0.025), post, {"信": 0})
    assert 0.0 < common < ordinary < 1.0
    f = site_features(_site(rate=1.0), post, {"信": 0})
    assert f[SITE_FEATURES.index("glyph_share")] == 2.0  # capped


def test_engine_records_how_common_each_restored_glyph_is():
    from docfix.restore import Repairer

    R = Repairer()
    an = R.analyse("推进教育息化建设，教育息化水平明显提升，教育息化应用普及。", dropped="信")
    assert an.sites and all(abs(s.rate - R.stats.rate(s.insert)) < 1e-12 for s in an.sites)

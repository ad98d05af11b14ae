"""Stages 1 and 3, the lost set (docfix.engine.lostset): candidates and posteriors."""
from __future__ import annotations

from docfix.engine import tuning
from docfix.detect import GlyphEvidence, candidate_glyphs, glyph_posteriors
from docfix.restore import Repairer
from docfix.lab.simulate import simulate
from _corpus import ROOT, PARAGRAPHS


_CARBON = (
    "我们要积极稳妥推进碳达峰碳中和，实施碳达峰行动方案，完善能源消耗总量和强度调控，逐步转向碳排放总量和强度双控制度。"
    "推动能源清洁低碳高效利用，推进工业、建筑、交通等领域清洁低碳转型。深入推进环境污染防治，持续深入打好蓝天、碧水、净土保卫战。"
    "加快发展方式绿色转型，实施全面节约战略，发展绿色低碳产业，健全资源环境要素市场化配置体系，加快节能降碳先进技术研发和推广应用。"
)


def test_candidate_glyphs_are_absent_and_expected(repairer):
    text = PARAGRAPHS[0] * 3
    counts = {}
    for c in text:
        counts[c] = counts.get(c, 0) + 1
    cands = candidate_glyphs(counts, len(text), repairer.stats)
    assert cands
    for g, e in cands:
        assert e > 0
        assert counts.get(g, 0) < e


def test_glyph_posterior_rises_with_evidence():
    weak = GlyphEvidence("信", expected=5.0, observed=0, gains=[-2.0, -1.0])
    strong = GlyphEvidence("信", expected=5.0, observed=0, gains=[3.0] * 10)
    p = glyph_posteriors([weak])["信"], glyph_posteriors([strong])["信"]
    assert p[1] > p[0]


def test_a_glyph_that_is_probably_not_lost_is_never_applied(monkeypatch):
    # A clean text that names 国商银行 six times: 业 (of 商业银行) gets a small
    # posterior, and its sites are reported at most, whatever the site model
    # says, with a confidence no higher than that posterior.
    from docfix.engine.calibrate import Calibration

    base = (ROOT / "seeds" / "000_25803d9d9faf8a85.txt").read_text(encoding="utf-8")
    tail = "".join(
        f"据报道，国商银行{x}。"
        for x in ["宣布暂停部分业务", "的资本充足率下降", "在全球设有分支机构", "此前已被监管部门接管", "的股东要求说明情况", "表示将配合调查"]
    ) + "该国企宣布裁员。农村就形势稳定。"  # (业 wanted after other tokens too: gains after one token count as one piece)
    text = base + "\n" + tail
    R = Repairer()
    sure = Calibration(R.calibration.glyph_weights, R.calibration.site_weights)
    monkeypatch.setattr(sure, "confidence", lambda site, post, obs=None: 0.95)
    R.calibration = sure
    r = R.repair(text)
    assert 0.02 <= r.dropped.get("业", 0.0) < tuning.UNLIKELY
    capped = [e for e in r.edits if e.insert == "业"]
    assert len(capped) >= 5
    assert all(not e.applied and e.confidence == round(r.dropped["业"], 4) for e in capped)
    assert all("probably not lost" in e.reason for e in capped)
    assert r.text.count("国商业银行") == 0


def test_a_document_with_no_likely_lost_glyph_gets_no_confident_edit(monkeypatch):
    # Clean text: no glyph is even 0.4 likely lost, so every restoration is
    # capped at its glyph's posterior, whatever the site model says (clean 1998
    # news read 或 as 或{者} at confidence 0.61 with p(者) = 0.22 before this).
    from docfix.engine.calibrate import Calibration

    R = Repairer()
    sure = Calibration(R.calibration.glyph_weights, R.calibration.site_weights)
    monkeypatch.setattr(sure, "confidence", lambda site, post, obs=None: 0.95)
    R.calibration = sure
    checked = 0
    for name in ("000_25803d9d9faf8a85.txt", "002_ff24dfb8e7ee0f9f.txt", "004_754d46124ffa931b.txt"):
        text = (ROOT / "seeds" / name).read_text(encoding="utf-8")
        r = R.repair(text)
        assert max(r.dropped.values(), default=0.0) < tuning.SURE
        for e in r.edits:
            assert e.confidence <= min(r.dropped.get(c, 0.0) for c in e.insert) + 1e-4
            assert not e.applied
            checked += 1
        assert r.text == text
    assert checked, "the check needs some proposed site"


def test_a_topical_glyph_rare_in_general_text_is_restored(repairer):
    # 碳 is expected 0.04 times in a text this long, so the unigram expectation
    # alone never makes it a candidate; the gaps (推进_达峰, 低_转型) do
    text = _CARBON * 3
    assert repairer.stats.rate("碳") * len(text) < 0.1
    d = simulate(text, seed=1, glyphs="碳")
    r = repairer.repair(d.damaged)
    gold = dict(d.gold)
    applied = [e for e in r.edits if e.applied]
    assert r.dropped.get("碳", 0) > 0.9
    assert all(gold.get(e.offset) == e.insert for e in applied) and len(applied) >= 0.8 * len(gold)
    assert not [e for e in repairer.repair(text).edits if e.applied]


def test_a_repeated_sentence_is_evidence_about_the_lost_set_once(repairer):
    # a page header or a notice's boilerplate repeated word for word says
    # the same thing about which glyphs were lost each time: its gaps' gains
    # count once (a notice sent to 18 cities made 申/普/五 "lost" from one
    # sentence each); every copy still gets its own gains to be decoded
    from docfix.detect import GlyphEvidence
    from docfix.engine.gaps import Gaps, score_pairs
    from docfix.engine.records import units as score_units

    once = "推进教育息化建设，提高教育息化水平。"
    units = score_units(once * 3, repairer.lm)
    assert len(units) == 3 and units[0].toks == units[2].toks
    gaps = Gaps.of(units, repairer.screen)
    at = [i for i, (u, k) in enumerate(zip(gaps.unit, gaps.k)) if units[u].toks[k - 1:k + 1] == ["育", "息"]]
    assert len(at) == 6
    single = {g: {} for g in range(len(gaps.unit))}
    evidence = {"信": GlyphEvidence("信", 1.0, 0)}
    score_pairs(repairer.lm, units, gaps, [(g, 0) for g in at], ["信"], single, evidence)
    assert len(evidence["信"].gains) == 2  # two distinct gaps of one sentence
    assert all("信" in single[g] for g in at) and single[at[0]]["信"] == single[at[2]]["信"] > 1.0


def test_dates_whose_years_lost_a_digit_are_evidence_for_it(repairer, monkeypatch):
    # a notice that lost 0 everywhere: its dates read 22年11月12日 and its
    # document numbers 〔219〕; the character model alone hardly wants a 0 there
    text = ("关于印发《生态环境执法工作要点》的通知\n环执法〔219〕12号\n各省、自治区、直辖市生态环境厅（局）：\n"
            "现将《生态环境执法工作要点》印发给你们，请结合实际认真贯彻落实。\n"
            "生态环境部办公厅\n22年11月12日\n（此件社会公开）\n抄送：各派出机构。\n生态环境部办公厅22年11月13日印发\n")
    with_years = repairer.analyse(text).raw_posterior.get("0", 0.0)
    monkeypatch.setattr(tuning, "YEAR_EVIDENCE", 0)
    without = repairer.analyse(text).raw_posterior.get("0", 0.0)
    assert with_years > 0.5 > without

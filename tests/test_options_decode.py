"""Stages 4 and 5, options (docfix.engine.options) and decoding (docfix.engine.decode),
over the per-document context (docfix.engine.document)."""
from __future__ import annotations

from collections import defaultdict

import pytest

from docfix.detect import GlyphEvidence
from docfix.engine import tuning
from docfix.engine.decode import decode_unit
from docfix.engine.document import Document
from docfix.engine.gaps import Gaps, score_pairs, screen_pairs
from docfix.engine.lostset import LostSet
from docfix.engine.options import for_gaps, options
from docfix.engine.records import with_inserts

TEXT = "推进教育息化建设，教育息化水平明显提升，教育息化应用普及。2 年全市教育工作会议召开。"


def _stages(repairer, text, active):
    doc = Document.of(text, repairer.lm)
    gaps = Gaps.of(doc.units, repairer.screen)
    glyphs = list(active)
    gidx = repairer.screen.index(glyphs)
    single = defaultdict(dict)
    ev = {g: GlyphEvidence(g, 1.0, doc.counts.get(g, 0)) for g in glyphs}
    score_pairs(repairer.lm, doc.units, gaps, screen_pairs(repairer.screen, gaps.ga, gaps.gb, gidx), glyphs, single, ev)
    lost = LostSet(dict(active), dict(active), frozenset(g for g in active if not doc.counts.get(g)), dict(active))
    return doc, gaps, single, lost


def test_document_counts_units_and_fit(repairer):
    doc = Document.of(TEXT, repairer.lm)
    assert doc.n_tok == sum(len(u.toks) for u in doc.units) == sum(doc.counts.values())
    assert doc.counts["育"] == 4 and not doc.traditional
    assert -6.0 < doc.fit < 0.0
    assert doc.years(("0",)) is doc.years(("0",))  # derived once
    # a text without Chinese has no units: nothing to judge a Chinese glyph by
    assert Document.of("Hello, world. 2022", repairer.lm).units == []


def test_with_inserts_maps_gaps_to_the_new_sequence():
    class O:
        insert = ("信",)

    seq, kmap = with_inserts(list("教育息化"), {2: O()})
    assert "".join(seq) == "教育信息化" and kmap[2] == 3 and kmap[0] == 0 and kmap[4] == 5


def test_the_right_glyph_is_an_option_where_it_was_lost(repairer):
    doc, gaps, single, lost = _stages(repairer, TEXT, {"信": 0.9, "加": 0.5})
    by_unit = for_gaps(repairer, doc, gaps, single, lost)
    at = {doc.units[ui].offset(k): opts for ui, g in by_unit.items() for k, opts in g.items()}
    for off in (i + 2 for i in range(len(TEXT)) if TEXT.startswith("教育息", i)):
        assert at[off][0].insert == ("信",)  # the best option
        assert all(at[off][i].weight >= at[off][i + 1].weight for i in range(len(at[off]) - 1))
    assert all(len(o) <= 12 for o in at.values())


def test_digit_runs_are_options_only_where_a_number_may_be(repairer):
    doc, gaps, single, lost = _stages(repairer, TEXT, {"0": 0.9, "2": 0.9})
    ui = next(i for i, u in enumerate(doc.units) if "年" in u.toks)
    u = doc.units[ui]
    k_year = u.toks.index("年")  # "2 年": the year lost its digits
    years = doc.years(("0", "2"))
    opts = options(repairer, doc, lost, u, k_year, {}, years)
    assert opts and all(o.is_number for o in opts) and max(len(o.insert) for o in opts) <= 3
    k_word = u.toks.index("工")  # inside words: no digit run
    assert options(repairer, doc, lost, u, k_word, {}, years) == []


def test_decoding_picks_the_lost_glyph_and_rates_each_gap(repairer):
    doc, gaps, single, lost = _stages(repairer, TEXT, {"信": 0.9})
    by_unit = for_gaps(repairer, doc, gaps, single, lost)
    sites = []
    for ui, gap_opts in by_unit.items():
        sites += decode_unit(repairer, TEXT, doc.units[ui], gap_opts)
    decoded = [s for s in sites if s.decoded]
    assert sorted(s.offset for s in decoded) == [i + 2 for i in range(len(TEXT)) if TEXT.startswith("教育息", i)]
    for s in sites:
        assert s.insert == "信" or not s.decoded
        assert 0.0 <= s.prob <= 1.0 and 0.0 <= s.p_none <= 1.0
        assert s.prob + sum(p for a, p in s.alternatives if a) <= 1.0 + 1e-9
        assert s.context == TEXT[max(0, s.offset - 2):s.offset] + "|" + TEXT[s.offset:s.offset + 2]
    assert len(sites) >= 3 and all(s.prob >= tuning.REPORT_MIN or s.decoded for s in sites)


@pytest.mark.parametrize("active", [{"信": 0.03}, {"信": 0.9}])
def test_an_options_prior_is_its_glyphs_posterior(repairer, active):
    import math

    doc, gaps, single, lost = _stages(repairer, TEXT, active)
    by_unit = for_gaps(repairer, doc, gaps, single, lost)
    for g in by_unit.values():
        for opts in g.values():
            for o in opts:
                assert o.prior == pytest.approx(sum(math.log10(active[c]) for c in o.insert))


def test_digits_decoded_into_one_number_are_rated_together(repairer):
    # 2020 lost both its 0s: each 0 alone makes 202年 or 220年, no year; the
    # two together make the document's year, and the site says so
    text = "国家核安全局于22年8月25日批准了该项目。"
    r = repairer.repair(text, dropped=["0"], threshold=0.0)
    zeros = [e for e in r.edits if e.insert == "0"]
    assert [e.offset for e in zeros] == [8, 9]
    assert all("number rules favour it" in e.reason for e in zeros)

"""Stage 2, gaps (docfix.engine.gaps): the bigram screen and the exact gains."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from docfix import canon
from docfix.detect import BigramScreen
from _corpus import SEED001, PARAGRAPHS


def test_bigram_screen_prefers_real_words(repairer):
    scr = repairer.screen
    a, b = scr.index(["育"]), scr.index(["息"])
    g_good, g_bad = scr.index(["信"]), scr.index(["水"])
    assert (scr.logp(a, g_good) + scr.logp(g_good, b))[0] > (scr.logp(a, g_bad) + scr.logp(g_bad, b))[0]
    assert isinstance(BigramScreen, type)


@given(
    start=st.integers(0, 8000),
    glyphs=st.lists(st.sampled_from(list("信加公众的是文多材0127")), min_size=1, max_size=8, unique=True),
    absent=st.lists(st.booleans(), min_size=8, max_size=8),
    per_glyph=st.booleans(),
)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_vectorised_screen_matches_pure_python_reference(repairer, start, glyphs, absent, per_glyph):
    # the numpy screen of every (gap, glyph) pair against a scalar loop, with
    # one floor for all glyphs or one per glyph (looser for absent glyphs)
    from docfix.engine.gaps import screen_pairs
    from docfix.engine.tuning import SCREEN_ABSENT as _SCREEN_ABSENT, SCREEN_MIN as _SCREEN_MIN, SCREEN_TOP as _SCREEN_TOP

    scr = repairer.screen
    toks = canon.tokens(SEED001.read_text(encoding="utf-8")[start:start + 60])
    prev = ["<s>"] + toks
    nxt = toks + ["</s>"]
    ga, gb, gidx = scr.index(prev), scr.index(nxt), scr.index(glyphs)
    floors = [_SCREEN_ABSENT if a and per_glyph else _SCREEN_MIN for a in absent[: len(glyphs)]]
    if per_glyph:
        fast = set(screen_pairs(repairer.screen, ga, gb, gidx, floor=np.array(floors, dtype=np.float32)))
    else:
        fast = set(screen_pairs(repairer.screen, ga, gb, gidx))

    def lp(x: int, y: int) -> float:
        return float(scr.logp(np.array([x]), np.array([y]))[0])

    top = min(_SCREEN_TOP, len(glyphs))
    for i in range(len(prev)):
        row = [lp(ga[i], g) + lp(g, gb[i]) - lp(ga[i], gb[i]) for g in gidx]
        kth = sorted(row, reverse=True)[top - 1]
        for j, sc in enumerate(row):
            if sc > floors[j] + 1e-4 or sc > kth + 1e-4:
                assert (i, j) in fast  # above its floor, or strictly among the best
            if (i, j) in fast:
                assert sc > floors[j] - 1e-4 or sc >= kth - 1e-4  # never anything else


def test_absent_glyph_keeps_strong_gaps_the_bigram_screen_doubts(repairer):
    # 教{材}、: P(、|教) is high, so the bigram screen scores 材 there below
    # _SCREEN_MIN, while the 6-gram gain is above 2. A glyph the document
    # never writes is screened more loosely, so that gap counts as evidence.
    from docfix.engine.tuning import SCREEN_MIN as _SCREEN_MIN

    text = SEED001.read_text(encoding="utf-8")
    assert "材" not in text and "课堂、教、教法" in text
    scr = repairer.screen
    a, g, b = scr.index(["教"]), scr.index(["材"]), scr.index(["、"])
    bigram = float((scr.logp(a, g) + scr.logp(g, b) - scr.logp(a, b))[0])
    assert bigram < _SCREEN_MIN
    ev = {e.glyph: e for e in repairer.analyse(text).evidence}
    assert max(ev["材"].gains) > 2.0


def test_lm_insertion_gain_matches_full_rescoring(repairer):
    lm = repairer.lm
    toks = list("教育息化是重要的工作。")
    u = lm.unit(toks)
    for k in range(len(toks) + 1):
        full = lm.score_tokens(toks[:k] + ["信"] + toks[k:]) - lm.score_tokens(toks)
        assert abs(lm.insertion_gain(u, k, ("信",)) - full) < 1e-3


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    k=st.integers(min_value=0, max_value=200),
    ins=st.lists(st.sampled_from(list("信加公0的1")), min_size=1, max_size=3),
    start=st.integers(min_value=0, max_value=400),
)
def test_lm_insertion_gain_is_exact_for_any_insert(repairer, k, ins, start):
    # insertion_gain stops rescoring once the model is back in the unit's own
    # state; the result must equal rescoring the whole unit
    lm = repairer.lm
    toks = canon.tokens(PARAGRAPHS[1] + PARAGRAPHS[0])[start:start + 120]
    k = min(k, len(toks))
    u = lm.unit(toks)
    full = lm.score_tokens(toks[:k] + ins + toks[k:]) - lm.score_tokens(toks)
    assert abs(lm.insertion_gain(u, k, tuple(ins)) - full) < 1e-3


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    start=st.integers(min_value=0, max_value=400),
    size=st.integers(min_value=0, max_value=14),
    ins=st.lists(st.sampled_from(list("信加公0的1")), min_size=1, max_size=3),
)
def test_memoised_gains_are_the_gains_bit_for_bit(repairer, start, size, ins):
    # within LanguageModel.memo a gain is looked up by the tokens either side
    # of its gap: a unit that shares that window (a prefix of the sentence, the
    # sentence again) must read the very float the unit scored alone gets
    lm = repairer.lm
    toks = canon.tokens(PARAGRAPHS[1] + PARAGRAPHS[0])[start:start + size]
    plain = lm.unit(toks)
    want = [[lm.insertion_gain(plain, k, tuple(ins)) for k in range(len(toks) + 1)],
            [lm.insertion_gain(plain, k, (ins[0],)) for k in range(len(toks) + 1)]]
    with lm.memo():
        for other in (toks[:-1], toks[1:], toks + ["。"], toks):  # windows shared in part, then all
            u = lm.unit(other)
            for k in range(len(other) + 1):
                lm.insertion_gain(u, k, tuple(ins))
                lm.gains_at(u, k, [ins[0], "信"])
        u = lm.unit(toks)
        assert u.memo is not None
        got = [[lm.insertion_gain(u, k, tuple(ins)) for k in range(len(toks) + 1)],
               [g for k in range(len(toks) + 1) for g in lm.gains_at(u, k, [ins[0]])]]
    assert got == want
    # several inserts at once, their common beginnings scored once, with and without the memo
    runs = [tuple(ins[:m]) for m in range(1, len(ins) + 1)] + [tuple(ins), (ins[-1],) + tuple(ins)]
    for u in (plain, lm.unit(toks)):
        for k in range(len(toks) + 1):
            assert lm.gains_of(u, k, runs) == [lm.insertion_gain(plain, k, r) for r in runs]
    assert lm.unit(toks).memo is None  # the memo ends with its block


@settings(max_examples=100, deadline=None)
@given(
    rows=st.integers(1, 30),
    cols=st.integers(1, 12),
    top=st.integers(1, 5),
    seed=st.integers(0, 2**31),
    ties=st.booleans(),
)
def test_best_of_rows_picks_what_argpartition_picks(rows, cols, top, seed, ties):
    # the screen's best glyphs per gap: the very columns argpartition picks, ties included
    from docfix.engine.gaps import _best_of_rows

    rng = np.random.default_rng(seed)
    sc = (rng.integers(-2, 2, size=(rows, cols)) if ties else rng.normal(size=(rows, cols))).astype(np.float32)
    top = min(top, cols)
    want = np.zeros(sc.shape, dtype=bool)
    want[np.arange(rows)[:, None], np.argpartition(-sc, top - 1, axis=1)[:, :top]] = True
    before = sc.copy()
    assert (_best_of_rows(sc, top) == want).all()
    assert np.array_equal(sc, before)  # the scores it set aside are back


def test_bigram_grid_is_logp_bit_for_bit(repairer):
    scr = repairer.screen
    rng = np.random.default_rng(3)
    a = np.unique(rng.integers(0, scr.V + 1, 300))  # the unknown token's index among them
    b = rng.permutation(scr.V + 1)[:40]
    assert np.array_equal(scr.logp_grid(a, b), scr.logp(a[:, None], b[None, :]))
    t = scr.logp_grid(b, a, transpose=True)
    assert t.flags.c_contiguous and np.array_equal(t, scr.logp(b[None, :], a[:, None]))
    dup = np.concatenate([b, b[:3]])  # a token twice: read key by key
    assert np.array_equal(scr.logp_grid(a, dup), scr.logp(a[:, None], dup[None, :]))


def test_bigram_screen_suggests_glyphs_the_gaps_ask_for(repairer):
    scr = repairer.screen
    ga, gb = scr.index(list("进低")), scr.index(list("达转"))  # 推进_达峰, 低_转型
    exclude = scr.unrestorable().copy()
    assert scr.stats.index["碳"] in scr.suggest(ga, gb, exclude)
    exclude[scr.stats.index["碳"]] = True  # present in the document, or a candidate already
    assert scr.stats.index["碳"] not in scr.suggest(ga, gb, exclude)
    assert scr.suggest(ga[:1], gb[:1], scr.unrestorable()) == []  # one gap is not enough


def test_suggestions_are_counted_over_every_gap(repairer):
    # 井 is no top successor of 矿 (产山权区企许安业、井) and a strong predecessor only of 下: the
    # neighbour tables propose it at one gap of five that gain from it (矿_水 four times, 矿_下)
    from docfix.engine.document import Document
    from docfix.engine.gaps import Gaps

    scr = repairer.screen
    text = ("新建矿井水处理站和生活污水处理站，矿井水经处理达标后优先回用。跟踪监测矿井水水量和水质，"
            "适时优化矿井水处理工艺。加强煤矿井下作业安全管理。").replace("井", "")
    doc = Document.of(text, repairer.lm)
    gaps = Gaps.of(doc.units, scr)
    ga, gb = gaps.ga[~gaps.closed], gaps.gb[~gaps.closed]
    exclude = scr.unrestorable().copy()
    exclude[scr.index(list(doc.counts))] = True
    well = scr.stats.index["井"]
    assert well not in scr.suggest(ga, gb, exclude)
    assert well in scr.suggest(ga, gb, exclude, pool=100)
    votes = np.zeros(scr.V + 1, dtype=np.int64)
    assert scr._recount(ga, gb, votes, 100, 1.0).sum() == 0  # nothing proposed: nothing recounted


def _all_neighbours(scr):
    """The neighbour tables all at once, as ``BigramScreen`` built them before
    it filled rows on demand: one sort of every bigram per side."""
    from docfix.detect import _NEIGHBOUR_MIN, _NEIGHBOURS

    st = scr.stats
    a, b, n = st.bigram_a.astype(np.int64), st.bigram_b.astype(np.int64), st.bigram_n.astype(np.float64)
    tables = []
    for key, other, score in ((a, b, n), (b, a, np.where(n >= _NEIGHBOUR_MIN, n / np.maximum(scr.ctx[a], 1.0), -1.0))):
        table = np.full((scr.V + 1, _NEIGHBOURS), scr.unk, dtype=np.int64)
        order = np.lexsort((-score, key))
        k_sorted, o_sorted, s_sorted = key[order], other[order], score[order]
        rank = np.arange(len(k_sorted)) - np.searchsorted(k_sorted, k_sorted, side="left")
        keep = (rank < _NEIGHBOURS) & (s_sorted > 0)
        table[k_sorted[keep], rank[keep]] = o_sorted[keep]
        tables.append(table)
    return tables


def test_neighbour_rows_filled_on_demand_are_those_of_the_whole_table(repairer):
    from docfix.detect import BigramScreen

    scr = BigramScreen(repairer.stats)  # a fresh one: no row filled yet
    succ0, pred0 = _all_neighbours(scr)
    rng = np.random.default_rng(3)
    for size in (1, 5, 300):
        ga, gb = rng.integers(0, scr.V + 1, size), rng.integers(0, scr.V + 1, size)
        succ, pred = scr._neighbours(ga, gb)
        assert (succ[ga] == succ0[ga]).all() and (pred[gb] == pred0[gb]).all()
    every = np.arange(scr.V + 1)
    succ, pred = scr._neighbours(every, every)
    assert (succ == succ0).all() and (pred == pred0).all()


def test_gains_after_one_token_again_and_again_are_thinned():
    # 门 wanted after 部 nine times (生态环境部 in a clean notice) counts as
    # ceil(sqrt(9)) = 3 gains; after other tokens each counts; a copy of a
    # sentence counts once
    from types import SimpleNamespace

    from docfix.detect import GlyphEvidence
    from docfix.engine.gaps import score_pairs

    lm = SimpleNamespace(gains_at=lambda sc, k, gs: [sc] * len(gs))  # each unit's gain is its own
    units = [SimpleNamespace(toks=list(f"环境部{c}"), sc=2.0 + g / 10) for g, c in enumerate("一二三四五六七八九")]
    units += [SimpleNamespace(toks=list(c), sc=2.0 + g / 10) for g, c in ((9, "专"), (10, "入"), (11, "入"))]
    gaps = SimpleNamespace(unit=list(range(12)), k=[3] * 9 + [1, 1, 1])
    pairs = [(g, 0) for g in range(12)]
    single = {g: {} for g in range(12)}
    ev = {"门": GlyphEvidence("门", expected=3.0, observed=0)}
    score_pairs(lm, units, gaps, pairs, ["门"], single, ev)
    assert sorted(ev["门"].gains, reverse=True) == pytest.approx([3.0, 2.9, 2.8, 2.7, 2.6])


def test_two_glyphs_lost_one_after_another_are_found_as_a_pair(repairer):
    # 个工作日 with 个 and 工 lost reads 5作日: neither glyph alone mends it
    from docfix.detect import GlyphEvidence
    from docfix.engine.document import Document
    from docfix.engine.gaps import Gaps, pair_gains

    text = "请在督办问题后5作日内报送，并在20作日内公开整改情况。请各单位按时报送。"
    doc = Document.of(text, repairer.lm)
    gaps = Gaps.of(doc.units, repairer.screen)
    glyphs = ["个", "工", "时", "组", "的", "了"]
    ev = {g: GlyphEvidence(g, 1.0, 0) for g in glyphs}
    found = pair_gains(repairer.lm, repairer.screen, doc.units, gaps, glyphs, {}, ev)
    at = {doc.units[gaps.unit[gap]].offset(gaps.k[gap]): pairs for gap, pairs in found.items()}
    assert set(at) == {text.index("作日"), text.index("作日", 10)}
    assert all(("个", "工") in pairs and pairs[("个", "工")] > 3.0 for pairs in at.values())
    # the pairs' gains are evidence for both glyphs, at half weight, and for no other
    assert len(ev["个"].gains) == len(ev["工"].gains) == 2 and not ev["时"].gains
    from docfix.engine import tuning
    want = sorted(p[("个", "工")] * tuning.PAIR_WEIGHT for p in at.values())
    assert sorted(ev["个"].gains) == pytest.approx(want) and sorted(ev["工"].gains) == pytest.approx(want)
    # a text that lost nothing has no such gap
    clean = Document.of("请在督办问题后5个工作日内报送。", repairer.lm)
    g2 = Gaps.of(clean.units, repairer.screen)
    assert pair_gains(repairer.lm, repairer.screen, clean.units, g2, glyphs, {}) == {}


def test_nothing_is_restored_inside_a_latin_word(repairer):
    # the character model knows Chinese, not English spelling: told that d
    # and o were lost, it must not put them inside groff or nroff (gro{d}ff)
    text = "nroff 脚本用 groff 模拟 nroff 命令，其他选项被传给 groff。\n" * 4 + "软件的使用说明请见附件。\n"
    r = repairer.repair(text, dropped=["d", "o"])
    for e in r.edits:
        assert not (text[e.offset - 1:e.offset].isalpha() and text[e.offset:e.offset + 1].isascii()
                    and text[e.offset:e.offset + 1].isalpha()), e
    from docfix.engine.document import Document
    from docfix.engine.gaps import Gaps

    gaps = Gaps.of(Document.of("用ab和c9d", repairer.lm).units, repairer.screen)
    assert gaps.closed.tolist() == [False, False, True, False, False, False, False, False]  # only a_b

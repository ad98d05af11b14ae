"""The repairer as a whole (docfix.restore): contract, properties, pages, seed 001.

Each engine stage has its own test file: test_gaps, test_lostset,
test_numbers, test_script, test_guards, test_passes, test_canon."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import docfix
from docfix.restore import DEFAULT_THRESHOLD
from docfix.result import Edit, Repair, apply_edits
from docfix.lab.simulate import simulate
from _corpus import SEED001, CLEAN, PARAGRAPHS


# ---------------------------------------------------------------- contract
def test_contract_types(repairer):
    # a damaged text, so that the edits the contract is about exist
    text = "推进教育息化建设，教育息化水平明显提升，教育息化应用普及。" * 2
    r = repairer.repair(text, dropped="信")
    assert isinstance(r, Repair) and isinstance(r.text, str) and isinstance(r.dropped, dict)
    assert r.input == text and r.original() == text
    assert r.edits and all(isinstance(e, Edit) for e in r.edits)
    assert r.text == apply_edits(text, [e for e in r.edits if e.applied])
    for e in r.edits:
        assert 0 <= e.offset <= e.end <= len(text) and text[e.offset:e.end] == e.replaces
        assert 0.0 <= e.confidence <= 1.0 and e.applied == (e.confidence >= DEFAULT_THRESHOLD)
        assert isinstance(e.alternatives, list)
        assert all(isinstance(a, str) and 0.0 <= p <= 1.0 for a, p in e.alternatives)
        assert e.kind in ("restore", "missing-digit")
    assert [e.insert for e in r.edits if e.applied] == ["信"] * 6
    assert all(0.0 <= p <= 1.0 for p in r.dropped.values())


def test_module_level_repair_uses_cached_instance():
    a = docfix.repair("教育")
    b = docfix.repair("教育", threshold=0.99)
    assert a.text == "教育" and b.text == "教育"
    from docfix import restore

    assert restore._shared(None, None) is restore._shared(None, None)
    pages = docfix.repair_pages(["教育", "工作"])
    assert [p.text for p in pages] == ["教育", "工作"] and [p.input for p in pages] == ["教育", "工作"]


def test_empty_and_non_text(repairer):
    r = repairer.repair("")
    assert r.text == "" and r.edits == []
    with pytest.raises(TypeError):
        repairer.repair(b"bytes")  # type: ignore[arg-type]


def test_lone_surrogates_are_kept_and_never_edited(repairer):
    # bytes read with errors="surrogateescape" become lone surrogates, which
    # the character model and OpenCC cannot encode: they stay as they are,
    # and the text around them is still repaired (and normalised)
    bad = "\udcb2\udc81"
    text = ("推进教育息化建设，教育息化水平明显提升，" + bad + "教育息化应用普及。") * 2
    r = repairer.repair(text, dropped="信")
    assert r.original() == text
    assert r.text.count(bad) == 2 and [e.insert for e in r.edits if e.applied] == ["信"] * 6
    assert not any(e.offset < text.index(bad) + k + 1 <= e.end for e in r.edits for k in range(2))
    for s in (text, "這是繁體字" + bad + "教學", bad, "(cid:12)" + bad + "\ufffd教育"):
        assert repairer.repair(s).original() == s
        assert repairer.repair(s, ocr=True).original() == s
        n = docfix.normalize(s)
        assert bad[0] in n.text or bad[0] not in s
    assert docfix.normalize("這是繁體字" + bad + "教學").text == "这是繁体字" + bad + "教学"


def test_apply_and_original_roundtrip():
    text = "222年教育息化"
    edits = [Edit(1, "0", 0.99, True), Edit(6, "信", 0.95, True), Edit(7, "x", 0.1, False)]
    r = Repair(apply_edits(text, edits), edits, {}, text)
    assert r.text == "2022年教育信息化"
    assert r.original() == text


# ------------------------------------------------------------ components


def test_known_dropped_set_restores_word(repairer):
    r = repairer.repair("推进教育息化建设,教育息化水平明显提升,教育息化应用普及。", dropped="信", threshold=0.5)
    assert "教育信息化" in r.text


# ------------------------------------------------------------- properties
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=len(PARAGRAPHS) - 1), st.integers(min_value=0, max_value=10_000))
def test_damage_then_repair_never_corrupts_untouched_text(repairer, i, seed):
    text = "\n".join(PARAGRAPHS[i:i + 6])
    d = simulate(text, seed=seed, n_cjk=(2, 6))
    r = repairer.repair(d.damaged)
    # repair only inserts: the input comes back exactly, offsets refer to it
    assert r.original() == d.damaged
    offsets = [e.offset for e in r.edits]
    assert offsets == sorted(offsets)
    assert all(0 <= o <= len(d.damaged) for o in offsets)
    assert all(e.insert for e in r.edits)
    # every applied insert lands where the text is otherwise untouched
    assert apply_edits(d.damaged, r.edits) == r.text


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=len(PARAGRAPHS) - 1), st.integers(min_value=1, max_value=5))
def test_clean_text_is_a_noop(repairer, i, n):
    text = "\n".join(PARAGRAPHS[i:i + n])
    r = repairer.repair(text)
    assert r.text == text
    assert not r.applied


def test_clean_seeds_false_edit_rate(repairer):
    chars = 0
    applied = 0
    for p in CLEAN:
        t = p.read_text(encoding="utf-8")
        chars += len(t)
        applied += len(repairer.repair(t).applied)
    # target: at most 1 applied edit per 10k characters of clean text
    assert applied <= max(1, chars // 10_000)


def test_thread_safety(repairer):
    from concurrent.futures import ThreadPoolExecutor

    texts = PARAGRAPHS[:8]
    serial = [repairer.repair(t).to_dict() for t in texts]
    with ThreadPoolExecutor(4) as ex:
        parallel = list(ex.map(lambda t: repairer.repair(t).to_dict(), texts))
    assert serial == parallel


# ------------------------------------------------------------ end to end
def test_seed001_end_to_end(repairer):
    text = SEED001.read_text(encoding="utf-8")
    r = repairer.repair(text)
    assert r.original() == text
    top = {g for g, p in r.dropped.items() if p >= 0.5}
    # the document lost digits and frequent Han characters: both kinds are found
    assert any(g.isdigit() for g in top)
    assert sum(1 for g in top if not g.isdigit()) >= 4
    assert len(r.applied) >= 100
    assert r.text.count("信息化") > text.count("信息化")
    assert DEFAULT_THRESHOLD > 0.5


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.integers(min_value=0, max_value=len(PARAGRAPHS) - 1),
    st.integers(min_value=0, max_value=10_000),
    st.lists(st.integers(min_value=0, max_value=2_000), max_size=5),
)
def test_pages_are_repaired_as_one_document(repairer, i, seed, cuts):
    text = "\n".join(PARAGRAPHS[i:i + 6])
    damaged = simulate(text, seed=seed, n_cjk=(2, 6)).damaged
    bounds = sorted({min(c, len(damaged)) for c in cuts})
    pages = [damaged[a:b] for a, b in zip([0] + bounds, bounds + [len(damaged)])]
    rs = repairer.repair_pages(pages)
    whole = repairer.repair("\n".join(pages))
    assert len(rs) == len(pages)
    assert "\n".join(r.text for r in rs) == whole.text
    assert sum(len(r.edits) for r in rs) == len(whole.edits)
    for page, r in zip(pages, rs):
        assert r.input == page and r.original() == page
        assert all(0 <= e.offset <= len(page) for e in r.edits)
        assert apply_edits(page, r.edits) == r.text
        assert r.dropped == whole.dropped


def test_short_pages_share_the_documents_evidence(repairer):
    d = simulate(CLEAN[2].read_text(encoding="utf-8")[:6000], seed=11, n_cjk=(4, 4))
    pages = [d.damaged[k:k + 300] for k in range(0, len(d.damaged), 300)]
    gold = set(d.gold)

    def right(repairs):
        hits = 0
        base = 0
        for page, r in zip(pages, repairs):
            hits += sum(1 for e in r.applied if (base + e.offset, e.insert) in gold)
            base += len(page)
        return hits

    alone = right([repairer.repair(p) for p in pages])
    together = right(repairer.repair_pages(pages))
    assert together > alone
    with pytest.raises(TypeError):
        repairer.repair_pages("一页")


# ------------------------------------------------ numbered articles and headings


# ------------------------------------------------ glyphs the gaps ask for




def _wrap(text: str, width: int, sep: str = "\n\n") -> str:
    """A paragraph printed as a PDF extractor prints a page: lines cut at ``width``."""
    return sep.join(text[i:i + width] for i in range(0, len(text), width))


def test_a_page_wrapped_at_one_width_is_read_across_its_line_breaks(repairer):
    # pdfminer and PyMuPDF print a page's lines (wrapped at the page's
    # width, often with blank lines between): a sentence runs on across
    # them, so the scoring units do, and a glyph lost at a line's edge is
    # read from both sides
    from docfix.engine.records import units

    para = PARAGRAPHS[0].replace("\n", "")
    page = _wrap(para, 24)
    assert len(units(page, repairer.lm)) == len(units(para, repairer.lm))
    # the same repair as the unwrapped paragraph, offsets in the wrapped input
    d = simulate(para, seed=3, glyphs="信", drop_rate=1.0)
    flat = {(e.insert, e.applied) for e in repairer.repair(d.damaged).edits}
    wrapped = repairer.repair(_wrap(d.damaged, 24))
    assert {(e.insert, e.applied) for e in wrapped.edits} == flat
    assert wrapped.original() == _wrap(d.damaged, 24)
    # lines of their own lengths (a list, headings) stay units of their own
    listing = "一、总体要求\n坚持稳中求进。\n二、主要任务\n加强组织领导。"
    assert len(units(listing, repairer.lm)) == 4


def test_lines_without_chinese_are_never_read_as_one_unit(repairer):
    # a log or a table of numbers has lines of one length too: no Chinese
    # sentence runs across them (a 5 MB log became one unit)
    from docfix import canon

    log = "".join(f"{i:07d} INFO worker-{i % 7} processed batch {i * 13 % 9973} in {i % 97}.{i % 10} ms\n" for i in range(200))
    assert canon.soft_breaks(log) == frozenset()
    assert canon.soft_breaks(log + "全面推进教育息化，提高教育质量。\n" + log) == frozenset()

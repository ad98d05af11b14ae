"""Each key judged by what its own font writes (docfix.tracefonts)."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from docfix import keyscore
from docfix.tracefit import PLACEHOLDER as P
from docfix.tracefonts import Priors, written_by_font

_VOCAB = list("教育局室部市会议")
_KEYS = [("cid", 1), ("cid", 2), ("one", 0)]
_FONT_KEYS = [("pdf", "A", 1), ("pdf", "A", 2), ("pdf", "B", 1)]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="教育局室部市会议\n" + P * 3, max_size=40), st.data(), st.booleans())
def test_a_keys_prior_vector_is_keyscore_prior_of_each_glyph(work, data, pdf):
    """The vector (a shared base, the key's own glyphs set on a copy) against
    the reference: :func:`docfix.keyscore.prior` of each glyph with the key's sets."""
    keys = _FONT_KEYS if pdf else _KEYS
    keys_at = {i: data.draw(st.sampled_from(keys)) for i, c in enumerate(work) if c == P}
    weak = data.draw(st.sets(st.sampled_from(sorted(keys_at) or [0])))
    pr = Priors(_VOCAB, work, keys_at, weak)
    for key in [None] + sorted(set(keys_at.values())):
        assert pr.vector(key).tolist() == [keyscore.prior(c, *pr.sets(key)) for c in _VOCAB]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="教育局室\n" + P * 3, max_size=40), st.data())
def test_a_key_never_counts_its_own_lines_as_another_fonts(work, data):
    """What a key's lines write is its own (excluded), never "another font's"
    nor "elsewhere"; the three sets do not overlap."""
    keys_at = {i: data.draw(st.sampled_from(_KEYS)) for i, c in enumerate(work) if c == P}
    lines = work.split("\n")
    for key, (mine, elsewhere, other) in written_by_font(work, keys_at).items():
        assert not (mine & elsewhere or mine & other or elsewhere & other)
        starts = [sum(len(x) + 1 for x in lines[:i]) for i in range(len(lines))]
        for at, k in keys_at.items():
            if k == key:
                line = next(lines[i] for i in range(len(lines)) if starts[i] <= at <= starts[i] + len(lines[i]))
                assert {c for c in line if c not in (P, "\n")} <= mine


def test_one_named_font_is_judged_over_the_whole_text():
    w = "教育" + P + "局\n市" + P
    assert written_by_font(w, {2: ("pdf", "A", 1), 6: ("pdf", "A", 2)}) == {}


def _screened(repairer, work, keys_at):
    from docfix import decipher

    vocab = decipher._vocabulary(repairer.screen)
    chars = repairer.screen.stats.chars_list
    pr = Priors([chars[i] for i in vocab], work, keys_at)
    sides = {}
    for at, key in keys_at.items():
        sides.setdefault(key, []).append((work[at - 1], work[at + 1]))
    pr.settle(repairer.screen, vocab, sides)
    return pr


def test_one_font_whose_key_the_table_misreads_is_judged_over_the_whole_text(repairer):
    """One key whose likeliest glyph (育 between 教 and 局) another line with
    traces writes is a misreading, not a second font: the key keeps the
    whole text's judgement (the per-line sets are dropped)."""
    work = "市教" + P + "局召开会议。\n教育" + P + "工作会议。\n教" + P + "局通知。"
    keys_at = dict(zip([i for i, c in enumerate(work) if c == P], [("cid", 1), ("cid", 2), ("cid", 1)]))
    assert _screened(repairer, work, keys_at).by_key == {}


def test_two_fonts_each_reading_what_the_other_writes_are_judged_by_their_lines(repairer):
    """Two keys whose likeliest glyphs only the other's lines write (one font
    lost 育, the other 府): two fonts, each key judged by its own lines."""
    work = "市教" + P + "局和市人民政府。\n教" + P + "局工作会议。\n教育部和人民政" + P + "联合。\n省人民政" + P + "发布通知。"
    keys_at = {i: ("cid", 1 if i < 16 else 2) for i, c in enumerate(work) if c == P}
    pr = _screened(repairer, work, keys_at)
    assert set(pr.by_key) == {("cid", 1), ("cid", 2)}
    assert "育" in pr.sets(("cid", 1))[2] and "府" in pr.sets(("cid", 2))[2]

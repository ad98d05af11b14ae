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
@given(st.text(alphabet="教育局室部市会议\n" + P * 3, max_size=40), st.data(), st.booleans(),
       st.sets(st.sampled_from(_VOCAB)), st.sets(st.sampled_from(_VOCAB)))
def test_a_keys_prior_vector_is_keyscore_prior_of_each_glyph(work, data, pdf, present, elsewhere):
    """The vector (a shared base, the key's own glyphs set on a copy) against
    the reference: :func:`docfix.keyscore.prior` of each glyph with the key's sets."""
    keys = _FONT_KEYS if pdf else _KEYS
    keys_at = {i: data.draw(st.sampled_from(keys)) for i, c in enumerate(work) if c == P}
    pr = Priors(_VOCAB, work, keys_at, frozenset(present), frozenset(elsewhere) - frozenset(present))
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

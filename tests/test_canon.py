"""Character folding (docfix.canon)."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from docfix import canon


def test_canon_folding_is_one_to_one():
    s = "２０22年,教育（试行）"
    assert len(canon.tokens(s)) == len(s)


@given(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x9FFF), max_size=60))
@settings(max_examples=200, deadline=None)
def test_canon_tokens_are_one_per_character_and_idempotent(s):
    toks = canon.tokens(s)
    assert len(toks) == len(s) and all(len(t) == 1 for t in toks)
    assert [canon.fold_char(t) for t in toks] == toks  # folding twice changes nothing


def test_canon_folds_traditional_to_simplified():
    assert "".join(canon.tokens("推進教學質量")) == "推进教学质量"
    assert canon.is_traditional("推進教學質量") and not canon.is_traditional("推进教学质量")
    assert canon.to_traditional("学", "教", "質量") == "學"


def test_canon_folding_follows_chains_to_their_end():
    # OpenCC's t2s maps 薴 to 苧 and 苧 to 苎: one fold must go all the way
    # (a hypothesis run of the idempotence property found it)
    assert canon.fold_char("薴") == canon.fold_char("苧") == "苎"

"""Output form (docfix.engine.script): restored glyphs in the width and script the document writes."""
from __future__ import annotations

from docfix import canon
from _corpus import CLEAN


def _decoded_site(off: int, ins: str, alternatives=()):
    """A decoded site inserting ``ins`` at ``off`` (for the width rules)."""
    from docfix.engine.records import Option, Site

    return Site(off, ins, 0.9, 0.05, Option((ins,), 0.0, 1.0, 0.0), list(alternatives), True, "")


def _traditional(text: str) -> str:
    import opencc

    return opencc.OpenCC("s2t").convert(text)


def test_restored_digits_take_the_width_of_their_neighbours():
    from docfix.engine.script import match_width as _match_width

    text = "１９９４年月６日。产值增长%左右，全年１２个月。"
    sites = [_decoded_site(5, "2", [("9", 0.05)]), _decoded_site(13, "5", [("9", 0.05)])]
    _match_width(text, sites)
    assert [s.insert for s in sites] == ["２", "5"]
    assert sites[0].alternatives == [("９", 0.05)]


def test_full_width_punctuation_does_not_make_digits_full_width():
    from docfix.engine.script import match_width as _match_width

    # many "：；（）" and half-width digits elsewhere: digits stay half width,
    # also next to the full-width "％" that follows either width in practice
    text = "第一条：为了规范管理；（一）本条例自日起施行：在2020年。增长％左右；第二条：以上；"
    sites = [_decoded_site(text.index("日起"), "30"), _decoded_site(text.index("％"), "5")]
    _match_width(text, sites)
    assert [s.insert for s in sites] == ["30", "5"]


def test_traditional_text_is_not_damaged(repairer):
    # scored as simplified: "進" is the glyph 进 written in another script, not a lost one
    text = _traditional(CLEAN[2].read_text(encoding="utf-8")[:12000])
    assert canon.is_traditional(text)
    r = repairer.repair(text)
    assert r.applied == []
    assert r.text == text


def test_traditional_text_is_restored_in_traditional_script(repairer):
    # the same damage in both scripts is repaired about equally well, and in
    # the traditional document the inserts are traditional characters
    from docfix.lab.simulate import simulate

    simp = CLEAN[2].read_text(encoding="utf-8")[:12000]

    def f1(text: str, glyphs: str, forbidden: str) -> float:
        d = simulate(text, seed=3, glyphs=glyphs)
        assert len(d.gold) > 50
        r = repairer.repair(d.damaged)
        assert not any(c in forbidden for e in r.edits for c in e.insert)
        assert not any(c in forbidden for c in r.dropped)  # the set is reported in the document's script
        gold = dict(d.gold)
        tp = sum(1 for e in r.applied if gold.get(e.offset) == e.insert)
        return 2 * tp / (len(r.applied) + len(gold))

    f_simp = f1(simp, "学进的", "學進")
    f_trad = f1(_traditional(simp), "學進的", "学进")
    assert f_simp > 0.6
    assert f_trad >= f_simp - 0.05

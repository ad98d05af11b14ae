"""Word-level evidence: the segmenter, the word model and its training."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docfix.canon import tokens
from docfix.train import TrainError, find_kenlm_bin, train
from docfix.wordscore import WORDS_SUFFIX, WordModel, WordScorer

kenlm = pytest.importorskip("kenlm")

_FREQ = {"教育": 50, "信息化": 30, "信息": 40, "化": 5, "加强": 60, "强": 20, "政治": 40, "学习": 40, "多媒体": 10}


def test_segment_prefers_likely_words() -> None:
    ws = WordScorer(_FREQ)
    assert ws.segment("加强政治学习") == ["加强", "政治", "学习"]
    assert ws.segment("教育信息化") == ["教育", "信息化"]
    assert ws.segment("强政治学习") == ["强", "政治", "学习"]


def test_segment_non_han_runs() -> None:
    ws = WordScorer(_FREQ)
    assert ws.segment("2022年，ok▁教育") == ["2022", "年", "，", "ok", "▁", "教育"]
    assert ws.segment("") == []
    assert ws.segment("龘") == ["龘"]  # unknown Han character: a word of its own


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("教育信息化技术加强政治学习多媒体龘")), max_size=30))
def test_pruned_segmentation_is_the_full_one(s: str) -> None:
    # _dp looks up only strings a word can start with; _dp_all looks up every
    # string up to max_len: the same floats, the same segmentation
    freq = {**_FREQ, "信息化技术": 3, "信息技术": 8, "教育信息化": 4, "学习强": 1, "习多": 2}
    ws = WordScorer(freq, max_len=4)
    assert ws._dp(s) == ws._dp_all(s)
    assert WordScorer(freq)._dp(s) == WordScorer(freq)._dp_all(s)


def test_pruned_segmentation_over_the_shipped_lexicon(repairer) -> None:
    from _corpus import SEED001

    ws = repairer.words
    text = SEED001.read_text(encoding="utf-8")
    for a in range(0, min(len(text), 6000), 7):
        s = text[a:a + 3 + a % 23]
        assert ws._dp(s) == ws._dp_all(s)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("教育信息化加强政治学习多媒体龘 ，。12ab%\n")), max_size=40))
def test_segment_covers_the_input(s: str) -> None:
    words = WordScorer(_FREQ).segment(s)
    assert "".join(words) == s
    assert all(words)


_SENTENCES = [
    "我市持续加强政治学习，推进教育信息化建设。",
    "全区全面加强作风建设，推动多媒体教学设备全覆盖。",
    "各单位加强政治学习，各地推进教育信息化。",
    "市教育局加强作风建设，完善多媒体教学设备。",
]


@pytest.fixture(scope="module")
def word_model(tmp_path_factory: pytest.TempPathFactory) -> dict:
    try:
        find_kenlm_bin()
    except TrainError:
        pytest.skip("KenLM tools missing; run `bash scripts/build_kenlm_tools.sh`")
    d = tmp_path_factory.mktemp("words")
    (d / "corpus.txt").write_text("\n".join(_SENTENCES * 60) + "\n", encoding="utf-8")
    lex = d / "general.txt"
    words = dict(_FREQ, 我市=5, 持续=5, 推进=5, 建设=5, 全区=5, 全面=5, 作风=5, 推动=5, 教学=5, 设备=5, 全覆盖=5)
    lex.write_text("".join(f"{w}\t{f}\n" for w, f in words.items()), encoding="utf-8")
    out = d / "small"
    meta = train([d / "corpus.txt"], out, order=3, prune=None, memory="64M", evaluate=False,
                 words=True, word_order=3, word_prune=None, lexicon=[lex], tmp_dir=d)
    from docfix.lexicon import Lexicon

    lexicon = Lexicon.load([lex])
    return {"meta": meta, "path": Path(str(out) + WORDS_SUFFIX), "scorer": WordScorer(lexicon.freq, words=lexicon)}


def test_train_writes_the_word_model(word_model: dict) -> None:
    meta = word_model["meta"]["words"]
    assert word_model["path"].exists()
    assert meta["model"] == "small" + WORDS_SUFFIX and meta["order"] == 3
    assert meta["train_words"] > 0 and meta["ngrams"]["1"] > 10
    # the record shows the commands with placeholders, not this machine's temp paths
    assert meta["commands"][0].startswith("lmplz -o 3") and "--text WORDS.txt --arpa WORDS.arpa" in meta["commands"][0]
    assert meta["commands"][1].endswith("trie WORDS.arpa small.words.klm") and "/tmp" not in " ".join(meta["commands"])
    assert kenlm.Model(str(word_model["path"])).order == 3


def test_word_model_gain_completes_words(word_model: dict) -> None:
    wm = WordModel(word_model["path"], word_model["scorer"])
    text = "各单位强政治学习，推进教育息化。"
    assert wm.gain(text, 3, "加") > 1.0  # 加强 is a word of the corpus
    assert wm.gain(text, 13, "信") > 1.0  # 信息化
    assert wm.gain(text, 3, "化") < 0.0
    # the window is what it reads: the same gain with a precomputed context,
    # and the same context from the text folded in advance
    ctx = wm.context(text, 3)
    assert wm.gain(text, 3, "加", context=ctx) == pytest.approx(wm.gain(text, 3, "加"))
    for t, off in ((text, 3), ("推進教育,息化。", 4), ("第１條\n教育", 2)):
        assert wm.context(t, off, folded="".join(tokens(t))) == wm.context(t, off)


def test_word_model_window_stops_at_sentence_and_line_ends(word_model: dict) -> None:
    wm = WordModel(word_model["path"], word_model["scorer"], width=10)
    ctx = wm.context("推进教育息化。各单位强政治学习\n全区", 10)
    assert ctx.left == "各单位" and ctx.right == "强政治学习" and ctx.bos and ctx.eos
    ctx = wm.context("教育,息化", 3)  # ASCII punctuation is folded as the model was trained
    assert ctx.left == "教育，" and ctx.bos and ctx.eos
    ctx = WordModel(word_model["path"], word_model["scorer"], width=2).context("我市推进教育息化", 6)
    assert (ctx.left, ctx.right, ctx.bos, ctx.eos) == ("教育", "息化", False, True)


def test_repairer_loads_the_word_model_next_to_the_model(tmp_path: Path) -> None:
    from docfix.resources import default_model_path
    from docfix.restore import Repairer

    p = default_model_path()
    if p is None or not p.with_name("default" + WORDS_SUFFIX).exists():
        pytest.skip("no shipped word model")
    assert Repairer().word_model is not None
    assert Repairer(lexicon=False).word_model is None  # it segments with the lexicons
    for name in ("default.klm", "default.npz", "default.calib.json"):
        os.symlink(p.with_name(name), tmp_path / name)
    R = Repairer(tmp_path / "default.klm")
    assert R.word_model is None
    r = R.repair("各地加强教育信息化建设。")
    assert r.text == "各地加强教育信息化建设。"

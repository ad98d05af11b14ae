"""End-to-end tests of ``docfix.train`` on a small generated corpus.

The training tests run KenLM's ``lmplz``/``build_binary`` for real (order 3);
they are skipped only when the tools have not been built.
"""
from __future__ import annotations

import argparse
import json
import math
import random
import subprocess
import sys
from pathlib import Path
from typing import List

import pytest

from docfix.canon import training_line
from docfix.charstats import CharStats
from docfix.split import split_lines
from docfix.train import TrainError, add_arguments, find_kenlm_bin, perplexity, run, train

kenlm = pytest.importorskip("kenlm")

try:
    find_kenlm_bin()
    _TOOLS = True
except TrainError:
    _TOOLS = False
needs_tools = pytest.mark.skipif(
    not _TOOLS,
    reason="KenLM tools missing (tools/kenlm/bin/lmplz); run `bash scripts/build_kenlm_tools.sh`",
)

_SUBJ = ["我市", "全区", "各级学校", "教育部门", "全县", "各单位", "市教育局", "各地"]
_VERB = ["全面推进", "持续加强", "深入实施", "扎实推进", "统筹推进", "不断完善", "积极推动", "大力发展"]
_OBJ = [
    "教育信息化建设", "教师队伍建设", "义务教育优质均衡发展", "学前教育普及普惠",
    "职业教育产教融合", "校园安全管理", "课后服务工作", "家校社协同育人机制",
    "数字教育资源共享", "乡村学校办学条件",
]
_TAIL = ["，取得明显成效", "，确保各项任务落到实处", "，推动教育高质量发展", "，切实减轻学生负担", ""]
_MARK = "龘"  # occurs only in a held-out line


def _line(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(1, 3)):
        year = rng.choice(["2022", "2023", "２０２４"])
        parts.append(f"{year}年，{rng.choice(_SUBJ)}{rng.choice(_VERB)}{rng.choice(_OBJ)}{rng.choice(_TAIL)}。")
    return "".join(parts)


def _corpus(n: int, seed: int) -> List[str]:
    rng = random.Random(seed)
    return [_line(rng) for _ in range(n)]


def _shuffled(lines: List[str], seed: int = 1) -> List[str]:
    rng = random.Random(seed)
    out = []
    for line in lines:
        cs = list(line)
        rng.shuffle(cs)
        out.append("".join(cs))
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("corpus")
    lines = _corpus(400, seed=0)
    lines[19] = f"{_MARK}{_MARK}教育{_MARK}。"  # line 19 is held out (i % 20 == 19)
    (d / "reports.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (d / "extra.txt").write_text("\n".join(_corpus(100, seed=5)) + "\n", encoding="utf-8")
    return d


@pytest.fixture(scope="module")
def built(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    if not _TOOLS:
        pytest.skip("KenLM tools missing (tools/kenlm/bin/lmplz); run `bash scripts/build_kenlm_tools.sh`")
    out = tmp_path_factory.mktemp("model") / "small"
    messages: List[str] = []
    meta = train(
        [corpus / "reports.txt", corpus / "extra.txt"],
        out,
        order=3,
        prune=(0, 0, 1),
        weights={"extra.txt": 2},
        memory="64M",
        tmp_dir=tmp_path_factory.mktemp("tmp"),
        log=messages.append,
    )
    return {"out": out, "meta": meta, "log": messages}


@needs_tools
def test_model_loads_and_scores(built: dict) -> None:
    out: Path = built["out"]
    model = kenlm.Model(str(out) + ".klm")
    assert model.order == 3
    s = " ".join("全面推进教育信息化建设。")
    score = model.score(s, bos=True, eos=True)
    assert math.isfinite(score) and score < 0


@needs_tools
def test_charstats_written_from_training_lines_only(built: dict) -> None:
    stats = CharStats.load(str(built["out"]) + ".npz")
    assert stats.chars[0] == "<s>" and stats.chars[1] == "</s>"
    assert stats.rate("教") > 0
    assert "２" not in stats.index and "2" in stats.index  # canonical (folded) tokens
    assert _MARK not in stats.index  # held-out line never trained on


@needs_tools
def test_metadata(built: dict, corpus: Path) -> None:
    out: Path = built["out"]
    meta = json.loads(Path(str(out) + ".json").read_text(encoding="utf-8"))
    assert meta == json.loads(json.dumps(built["meta"]))
    assert meta["order"] == 3 and meta["prune"] == [0, 0, 1] and meta["quantize"] == 8
    names = [s["name"] for s in meta["sources"]]
    assert names == ["reports.txt", "extra.txt"]
    rep, extra = meta["sources"]
    train_lines, test_lines = split_lines(corpus / "reports.txt")
    assert rep["train_lines"] == len(train_lines) == 380
    assert rep["heldout_lines"] == len(test_lines) > 0
    assert extra["weight"] == 2 and meta["weights"] == {"extra.txt": 2}
    assert meta["train_tokens"] == rep["train_tokens"] + 2 * extra["train_tokens"]
    assert meta["size_bytes"]["klm"] == Path(str(out) + ".klm").stat().st_size > 0
    assert set(meta["ngrams"]) == {"1", "2", "3"}
    assert any(c.startswith("lmplz -o 3 --prune 0 0 1") for c in meta["commands"])
    ppl = meta["heldout_perplexity"]
    assert math.isfinite(ppl["reports.txt"]) and ppl["reports.txt"] > 1
    assert any("lmplz done" in m for m in built["log"])


@needs_tools
def test_perplexity_in_domain_lower_than_shuffled(built: dict) -> None:
    klm = str(built["out"]) + ".klm"
    held = _corpus(60, seed=99)
    p_in = perplexity(klm, held)
    p_shuf = perplexity(klm, _shuffled(held))
    assert math.isfinite(p_in) and math.isfinite(p_shuf)
    assert 1 < p_in < p_shuf
    # canonical input gives the same number
    sents = [s for line in held for s in training_line(line)]
    assert perplexity(kenlm.Model(klm), sents, canonical=True) == pytest.approx(p_in)
    with pytest.raises(ValueError):
        perplexity(klm, ["", "   "])


def test_missing_corpus_file(tmp_path: Path) -> None:
    with pytest.raises(TrainError, match="corpus file not found: .*nope.txt"):
        train([tmp_path / "nope.txt"], tmp_path / "m", kenlm_bin=tmp_path)


def test_missing_tools_message(tmp_path: Path, corpus: Path) -> None:
    with pytest.raises(TrainError, match="build_kenlm_tools.sh"):
        find_kenlm_bin(tmp_path)
    with pytest.raises(TrainError, match="build_kenlm_tools.sh"):
        train([corpus / "reports.txt"], tmp_path / "m", kenlm_bin=tmp_path)
    assert not (tmp_path / "m.klm").exists()


def test_bad_options(tmp_path: Path, corpus: Path) -> None:
    with pytest.raises(ValueError, match="first --prune"):
        train([corpus / "reports.txt"], tmp_path / "m", order=3, prune=(1, 1, 1))
    with pytest.raises(ValueError, match="not a corpus"):
        train([corpus / "reports.txt"], tmp_path / "m", weights={"other.txt": 2})
    with pytest.raises(ValueError, match="order"):
        train([corpus / "reports.txt"], tmp_path / "m", order=9)


def _args(*argv: str) -> argparse.Namespace:
    return add_arguments(argparse.ArgumentParser()).parse_args(list(argv))


def test_run_errors_are_one_line(tmp_path: Path, corpus: Path, capsys: pytest.CaptureFixture) -> None:
    rc = run(_args(str(tmp_path / "missing.txt"), "-o", str(tmp_path / "m")))
    err = capsys.readouterr().err
    assert rc != 0
    assert err.count("\n") == 1 and "corpus file not found" in err and "Traceback" not in err

    rc = run(_args(str(corpus / "reports.txt"), "-o", str(tmp_path / "m"), "--kenlm-bin", str(tmp_path)))
    err = capsys.readouterr().err
    assert rc != 0 and err.count("\n") == 1 and "build_kenlm_tools.sh" in err

    rc = run(_args(str(corpus / "reports.txt"), "-o", str(tmp_path / "m"), "--weight", "reports.txt=x"))
    err = capsys.readouterr().err
    assert rc != 0 and err.count("\n") == 1 and "positive integer" in err


@needs_tools
def test_run_success(tmp_path: Path, corpus: Path, capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "cli"
    rc = run(_args(str(corpus / "reports.txt"), "-o", str(out), "--order", "2", "--prune", "0",
                   "--memory", "64M", "--quantize", "0"))
    cap = capsys.readouterr()
    assert rc == 0, cap.err
    assert "lmplz" in cap.err  # progress on stderr
    assert "held-out perplexity" in cap.out and "cli.klm" in cap.out
    meta = json.loads((tmp_path / "cli.json").read_text(encoding="utf-8"))
    assert meta["prune"] == [] and meta["quantize"] is None and meta["order"] == 2
    assert kenlm.Model(str(out) + ".klm").order == 2


def test_module_entry_point_help() -> None:
    r = subprocess.run([sys.executable, "-m", "docfix.train", "--help"], capture_output=True, text=True)
    assert r.returncode == 0 and "--weight" in r.stdout and "--prune" in r.stdout


def test_evaluation_only_file_is_not_trained_on(tmp_path: Path) -> None:
    if not _TOOLS:
        pytest.skip("KenLM tools missing (tools/kenlm/bin/lmplz); run `bash scripts/build_kenlm_tools.sh`")
    seed = tmp_path / "001_e6150501fb08fba2.txt"
    seed.write_text("\n".join(_corpus(50, seed=3)), encoding="utf-8")
    with pytest.raises(TrainError, match="no training text"):
        train([seed], tmp_path / "m", order=2, memory="64M")

"""The shipped default model (models/default.{klm,npz,json}) loads and is sane."""
from __future__ import annotations

import json
import math
import random
from pathlib import Path

import pytest

from docfix.charstats import CharStats
from docfix.resources import default_model_path
from docfix.train import perplexity

kenlm = pytest.importorskip("kenlm")

# In-register text written for this test (not taken from the corpus).
IN_REGISTER = [
    "2025年，全市教育系统坚持立德树人根本任务，深入推进教育信息化建设。",
    "加强教师队伍建设，完善中小学教师培训体系，提升课堂教学质量。",
    "扎实推进义务教育优质均衡发展，持续改善乡村学校办学条件。",
    "认真落实“双减”政策，规范校外培训机构管理，切实减轻学生过重课业负担。",
    "健全学校安全管理制度，开展校园安全隐患排查整治工作。",
    "各区县教育部门要高度重视，精心组织，确保各项工作任务落到实处。",
]


@pytest.fixture(scope="module")
def model_path() -> Path:
    p = default_model_path()
    assert p is not None and p.exists(), "models/default.klm is missing; run `bash models/build.sh`"
    return p


def _shuffle(line: str, rng: random.Random) -> str:
    cs = list(line)
    rng.shuffle(cs)
    return "".join(cs)


def test_default_model_loads_and_prefers_real_text(model_path: Path) -> None:
    model = kenlm.Model(str(model_path))
    assert model.order >= 3
    rng = random.Random(0)
    shuffled = [_shuffle(line, rng) for line in IN_REGISTER]
    p_real = perplexity(model, IN_REGISTER)
    p_shuf = perplexity(model, shuffled)
    assert math.isfinite(p_real) and p_real < 100
    assert p_real * 5 < p_shuf
    for real, shuf in zip(IN_REGISTER, shuffled):
        assert perplexity(model, [real]) < perplexity(model, [shuf])


def test_default_model_files_belong_together(model_path: Path) -> None:
    npz = model_path.with_suffix(".npz")
    meta_path = model_path.with_suffix(".json")
    assert npz.exists(), "the engine needs default.npz next to default.klm"
    stats = CharStats.load(npz)
    assert stats.chars[0] == "<s>" and stats.rate("的") > 0.005 and stats.rate("教") > 0
    assert len(stats.bigram_n) > 10_000
    if meta_path.exists():  # the shipped model records how it was built
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        assert meta["size_bytes"]["klm"] == model_path.stat().st_size
        assert meta["size_bytes"]["npz"] == npz.stat().st_size
        assert meta["order"] == kenlm.Model(str(model_path)).order
        assert model_path.stat().st_size < 100_000_000
        assert not any(s["name"].startswith("001_") for s in meta["sources"])

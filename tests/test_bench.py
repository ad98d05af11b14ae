"""Tests of the benchmark (docfix.lab.bench) and the baseline peer (docfix.lab.baseline)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from docfix.lab import bench, peers, report, scoring
from docfix.lab.documents import DEV_GOLD, SEED001, Source, build_documents, load_dev, load_sources
from docfix.lab.peers import pycorrector_edits
from docfix.resources import default_model_path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
HAVE_MODEL = default_model_path() is not None and default_model_path().exists()
needs_model = pytest.mark.skipif(not HAVE_MODEL, reason="no language model")

LINE = "2022年全市教育系统坚持立德树人，推进教育信息化建设，新建学校10所，新增学位1200个。"


def _sources():
    lines = [f"{i}、{LINE}" for i in range(200)]
    return [Source("gwr_national.txt", lines, "report"), Source("laws.txt", [f"第{i}条 {LINE}" for i in range(300)], "law")]


def test_build_documents_deterministic_and_sized():
    kw = dict(n_docs=6, n_clean=2, min_chars=500, max_chars=1500, laws_share=0.25)
    a = build_documents(_sources(), seed=1, **kw)
    b = build_documents(_sources(), seed=1, **kw)
    c = build_documents(_sources(), seed=2, **kw)
    assert [(d.text, d.damaged, d.gold) for d in a] == [(d.text, d.damaged, d.gold) for d in b]
    assert [d.damaged for d in a] != [d.damaged for d in c]
    assert len(a) == 8 and sum(d.clean for d in a) == 2
    assert all(len(d.text) <= 1500 for d in a)
    assert sum(d.source == "laws.txt" for d in a) == 2  # every 4th document
    for d in a:
        if d.clean:
            assert d.damaged == d.text and d.gold == {}
        else:
            from docfix.lab.simulate import apply_sites

            assert apply_sites(d.damaged, d.gold.items()) == d.text
    assert any(d.variant == "mixed" for d in a)


def test_load_sources_without_corpus_uses_seeds(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "000_aaaa.txt").write_text("\n".join(f"第{i}行。" for i in range(10)), encoding="utf-8")
    (seeds / "001_e6150501fb08fba2.txt").write_text("损坏的文档", encoding="utf-8")
    sources, notes = load_sources(tmp_path / "nope", seeds)
    assert [s.name for s in sources] == ["000_aaaa.txt"]
    assert sources[0].lines == [f"第{i}行。" for i in (7, 8, 9)]  # last 30 % held out
    assert any("seeds' held-out parts only" in n for n in notes)


def test_corpus_heldout_lines_only(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "gwr_national.txt").write_text("\n".join(f"L{i}" for i in range(100)), encoding="utf-8")
    sources, _ = load_sources(corpus, tmp_path / "seeds", laws=False)
    from docfix.split import split_lines

    assert sources[0].lines == split_lines(corpus / "gwr_national.txt")[1]
    assert all(int(l[1:]) % 20 == 19 for l in sources[0].lines)


def test_pycorrector_edits_conversion():
    errs = [("息化", "细化", 3), ("息化", "信息化", 10), ("教共编", "教工编", 20), ("22年", "2022年", 30)]
    assert pycorrector_edits(errs, base=100) == [
        (103, "细", "substitute"),
        (110, "信", "insert"),
        (121, "工", "substitute"),
        (131, "02", "insert"),
    ]


def test_substitutions_count_as_false_edits():
    gold = {5: "信", 9: "0"}
    edits = [
        (5, "信", 0.95, True, "insert"),
        (5, "细", 1.0, True, "substitute"),  # at a gold offset, but it replaces text
        (9, "1", 0.4, False, "insert"),  # reported only: calibration, not P/R
    ]
    prf, cal, n_ins, n_sub = scoring._score_doc(gold, edits)
    assert prf["correction"]["all"].as_tuple() == (1, 2, 1, 2)
    assert prf["detection"]["all"].as_tuple() == (1, 2, 1, 2)
    assert (n_ins, n_sub) == (1, 1)
    assert cal == [(0.95, True), (1.0, False), (0.4, False)]


def test_score_doc_limit_and_neutral():
    gold = {2: "0", 50: "信"}
    edits = [(2, "0", 0.9, True, "insert"), (7, "x", 0.9, True, "insert"), (60, "信", 0.9, True, "insert")]
    prf, cal, _, _ = scoring._score_doc(gold, edits, limit=40, neutral=[7])
    assert prf["correction"]["all"].as_tuple() == (1, 1, 1, 1)
    assert cal == [(0.9, True)]


def test_render_table_marks_unavailable_peer():
    results = {"docfix": {"available": False, "reason": "boom"}, "pycorrector": {"available": False, "reason": "not installed"}}
    t = report.render_table(results, ["docfix", "pycorrector"])
    assert "unavailable: not installed" in t and "unavailable: boom" in t


@pytest.mark.skipif(not (SHARED / "dev" / DEV_GOLD).exists(), reason="no dev gold")
def test_dev_gold_matches_seed():
    dev, why = load_dev(SHARED / "dev" / DEV_GOLD, ROOT / "seeds" / SEED001)
    assert why is None
    assert dev["n"] == 4882
    assert dev["text"][: dev["n"]] == open(ROOT / "seeds" / SEED001, encoding="utf-8").read()[:4882]
    assert all(o < 4882 for o in dev["gold"]) and dev["neutral"]


def test_dev_gold_mismatch_is_reported(tmp_path):
    (tmp_path / "g.txt").write_text("教育{信}息化", encoding="utf-8")
    (tmp_path / "s.txt").write_text("教学息化和更多", encoding="utf-8")
    dev, why = load_dev(tmp_path / "g.txt", tmp_path / "s.txt")
    assert dev is None and "differs" in why
    (tmp_path / "s.txt").write_text("教育息化和更多", encoding="utf-8")
    dev, why = load_dev(tmp_path / "g.txt", tmp_path / "s.txt")
    assert why is None and dev["gold"] == {2: "信"} and dev["n"] == 4


@needs_model
def test_baseline_repairs_and_keeps_contract():
    from docfix.lab.baseline import Baseline

    b = Baseline()
    text = "我市加快推进教育息化建设，教育息化水平整体提升。"
    r = b.repair(text)
    assert r.original() == text
    assert [e.offset for e in r.edits] == sorted({e.offset for e in r.edits})
    assert r.text == "我市加快推进教育信息化建设，教育信息化水平整体提升。"
    assert [(e.offset, e.insert) for e in r.applied] == [(8, "信"), (15, "信")]
    assert all(0.0 <= e.confidence <= 1.0 for e in r.edits)
    assert all(e.applied == (e.confidence >= 0.5) for e in r.edits)
    clean = "我市加快推进教育信息化建设，教育信息化水平整体提升。"
    assert not b.repair(clean).applied


@needs_model
def test_bench_quick_end_to_end(tmp_path):
    out = tmp_path / "res"
    cmd = [
        sys.executable, "-m", "docfix.lab.bench", "--quick", "--docs", "2", "--clean-docs", "1",
        "--max-chars", "2000", "--pycorrector-chars", "400", "--out", str(out),
    ]
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    p = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=env, timeout=600)
    assert p.returncode == 0, p.stderr[-2000:]
    assert "| metric | docfix |" in p.stdout
    files = sorted(x.name for x in out.iterdir())
    assert "latest.json" in files and any(f.endswith("-quick.json") for f in files)
    data = json.loads((out / "latest.json").read_text(encoding="utf-8"))
    assert data["mode"] == "quick" and len(data["documents"]) == 3
    assert data["systems"]["docfix"]["available"]
    for name in ("docfix", "baseline"):
        m = data["systems"][name]["metrics"]
        assert m["synthetic"]["correction"]["all"]["n_gold"] > 0
        assert m["clean_chars"] > 0 and m["calibration"]["n"] >= 0
        assert data["systems"][name]["chars_per_s"] > 0 and data["systems"][name]["peak_rss_mb"] > 0
    assert set(data["systems"]) == {"docfix", "baseline", "pycorrector"}
    assert data["table"] in p.stdout


def test_missing_pycorrector_is_reported_not_fatal(monkeypatch):
    import importlib.util

    monkeypatch.delitem(sys.modules, "pycorrector", raising=False)
    monkeypatch.delitem(sys.modules, "pycorrector.corrector", raising=False)
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a, **k: None)
    with pytest.raises(ImportError, match="not installed"):
        peers._import_pycorrector_corrector()
    res = peers._worker("pycorrector", None, None, ["教育"])
    assert "error" in res and "not installed" in res["error"]


def test_simulate_is_the_function_after_the_lab_is_imported():
    import docfix.lab.bench  # noqa: F401  (imports docfix.lab.simulate)
    import docfix.lab.simulate

    assert callable(docfix.simulate)
    assert docfix.simulate is docfix.lab.simulate.simulate
    assert docfix.simulate("2021年", seed=1, glyphs="01").damaged == "22年"


def test_simulate_is_the_function_in_a_fresh_process():
    code = (
        "import docfix.lab.bench, docfix, docfix.lab.simulate as m; "
        "assert callable(docfix.simulate) and docfix.simulate is m.simulate"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert p.returncode == 0, p.stderr[-2000:]


@needs_model
def test_library_never_imports_the_lab():
    code = (
        "import sys, docfix; docfix.repair('2022年会议'); "
        "print([m for m in sys.modules if m.startswith('docfix.lab')])"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300)
    assert p.returncode == 0, p.stderr[-2000:]
    assert p.stdout.strip().splitlines()[-1] == "[]"


def test_results_go_to_an_untracked_folder_by_default(tmp_path):
    rep = {"date": "2000-01-02", "mode": "quick"}
    paths = report.save(rep, None, tmp_path, "quick")
    assert sorted(p.relative_to(tmp_path).as_posix() for p in paths) == [
        "bench-results/2000-01-02-quick.json",
        "bench-results/latest.json",
    ]
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert "bench-results/" in ignored
    assert report.save(rep, str(tmp_path / "x.json"), tmp_path, "quick") == [tmp_path / "x.json"]


def test_missing_corpus_and_seeds_is_one_clear_line(tmp_path, capsys):
    model = tmp_path / "m.klm"
    model.write_bytes(b"")  # only its existence is checked before the evaluation text
    rc = bench.main(["--quick", "--model", str(model), "--corpus", str(tmp_path / "corpus"),
                     "--seeds-dir", str(tmp_path / "seeds"), "--no-save"])
    err = capsys.readouterr().err
    assert rc == 3
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert str(tmp_path / "corpus") in lines[0] and str(tmp_path / "seeds") in lines[0]
    assert "--corpus" in lines[0] and "--seeds-dir" in lines[0]

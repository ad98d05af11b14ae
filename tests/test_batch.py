"""Batches: Dask (a local cluster in CI), resuming, backups that are never
overwritten, SIGTERM/SIGHUP cleanup, progress, and idempotent repair."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, List

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from test_cli import ENV, FAKE, ROOT, SEED001, leftovers, run, stderr_lines

SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def _strip_seconds(x: Any) -> Any:
    """A jsonl record without its timings (they differ from run to run)."""
    if isinstance(x, dict):
        return {k: _strip_seconds(v) for k, v in x.items() if k != "seconds"}
    if isinstance(x, list):
        return [_strip_seconds(v) for v in x]
    return x


def _records(stdout: bytes) -> List[Any]:
    return [_strip_seconds(json.loads(line)) for line in stdout.decode("utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def mixed(tmp_path_factory) -> Path:
    """A folder as users have them: UTF-8, GB18030, an empty file, a binary
    file, and a 5 MB file (mostly English log lines, some damaged Chinese)."""
    d = tmp_path_factory.mktemp("mixed")
    lines = SEED001.read_text(encoding="utf-8").splitlines()
    (d / "a_utf8.txt").write_text("\n".join(lines[0:25]) + "\n", encoding="utf-8")
    (d / "b_gb18030.txt").write_bytes(("\n".join(lines[25:50]) + "\n").encode("gb18030"))
    (d / "c_empty.txt").write_bytes(b"")
    (d / "d_binary.txt").write_bytes(bytes(range(256)) * 64)
    rows = []
    size = 0
    i = 0
    while size < 5_000_000:
        row = (f"{i:07d} INFO worker-{i % 7} processed batch {i * 13 % 9973} in {i % 97}.{i % 10} ms\n"
               if i % 2000 else "全面推进教育息化，提高教育质量。\n")
        rows.append(row)
        size += len(row.encode("utf-8"))
        i += 1
    (d / "e_big.txt").write_text("".join(rows), encoding="utf-8")
    return d


# ---------------------------------------------------------------- Dask
def test_local_dask_cluster_gives_the_local_runs_results(mixed):
    pytest.importorskip("distributed")
    args = ["-r", "--format", "jsonl", "--block-size", "400000", mixed]
    local = run(args, timeout=600)
    dask = run([*args, "--scheduler", "local:2"], timeout=600)
    assert local.returncode == 1, local.stderr  # two bad files: a partial batch
    assert dask.returncode == local.returncode, dask.stderr
    assert _records(dask.stdout) == _records(local.stdout)
    got = _records(local.stdout)
    assert [r.get("file", "").rsplit("/", 1)[-1] for r in got] == [
        "a_utf8.txt", "b_gb18030.txt", "c_empty.txt", "d_binary.txt", "e_big.txt"]
    big = got[-1]
    assert big["summary"]["blocks"] >= 10  # the big file was split, its blocks spread over the workers
    assert any(e["insert"] == "信" for e in big["edits"])
    errors = [ln for ln in stderr_lines(local) if "c_empty" in ln or "d_binary" in ln]
    assert len(errors) == 2
    for ln in errors:
        assert ln in dask.stderr


def test_dask_output_folder_matches_and_bad_scheduler_is_one_line(mixed, tmp_path):
    pytest.importorskip("distributed")
    a, b = tmp_path / "a", tmp_path / "b"
    pa = run(["-r", "-q", "-o", a, mixed, "--include", "a_*", "--include", "b_*"])
    pb = run(["-r", "-q", "-o", b, mixed, "--include", "a_*", "--include", "b_*", "--scheduler", "local:2"])
    assert pa.returncode == pb.returncode == 0, (pa.stderr, pb.stderr)
    for name in ("a_utf8.txt", "b_gb18030.txt"):
        assert (a / name).read_bytes() == (b / name).read_bytes()
    p = run([mixed / "a_utf8.txt", "--scheduler", "local:0"])
    assert p.returncode == 2 and len(stderr_lines(p)) == 1 and "--scheduler" in p.stderr
    p = run([mixed / "a_utf8.txt", "--scheduler", "tcp://127.0.0.1:9"], timeout=120)
    assert p.returncode == 7 and len(stderr_lines(p)) == 1 and "scheduler" in p.stderr, p.stderr
    p = run([mixed / "a_utf8.txt", "--scheduler", "local:2", "--jobs", "2"])
    assert p.returncode == 2 and len(stderr_lines(p)) == 1


def _damaged_docs(tmp_path: Path, n: int) -> List[Path]:
    text = SEED001.read_text(encoding="utf-8")
    paths = []
    for i in range(n):
        p = tmp_path / f"doc{i}.txt"
        p.write_text(text[i * 1500:(i + 1) * 1500 + 1500], encoding="utf-8")
        paths.append(p)
    return paths


def test_a_worker_killed_midrun_the_run_still_completes(tmp_path):
    distributed = pytest.importorskip("distributed")
    from docfix.batch import repair_files

    paths = _damaged_docs(tmp_path, 8)
    expected = [(r.path, r.code, r.repair.text, r.repair.edits) for r in repair_files(paths)]
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None, silence_logs=40)
    client = distributed.Client(cluster)
    try:
        client.wait_for_workers(2, timeout=60)
        pids = list(client.run(os.getpid).values())
        got = []
        for i, r in enumerate(repair_files(paths, client=client)):
            got.append((r.path, r.code, r.repair.text if r.repair else r.message, r.repair.edits if r.repair else []))
            if i == 0:
                os.kill(pids[0], signal.SIGKILL)  # a node lost mid-run: its tasks run again elsewhere
        assert got == expected
    finally:
        client.close()
        cluster.close()


# ---------------------------------------------------------------- originals and litter
ORIGINAL = "推进教育息化建设。\n全面提升教育息化水平。\n"


def test_in_place_backup_twice_keeps_the_original(tmp_path):
    f = tmp_path / "doc.txt"
    f.write_text(ORIGINAL, encoding="utf-8")
    p = run(["--in-place", "--backup", ".orig", f], fake=True)
    assert p.returncode == 0, p.stderr
    first = f.read_text(encoding="utf-8")
    assert first == ORIGINAL.replace("息化", "信息化")
    assert (tmp_path / "doc.txt.orig").read_text(encoding="utf-8") == ORIGINAL
    # the same command again: the file is done, nothing is touched
    p = run(["--in-place", "--backup", ".orig", f], fake=True)
    assert p.returncode == 0 and "nothing to do: 1 file done by an earlier run" in p.stderr, p.stderr
    assert f.read_text(encoding="utf-8") == first
    assert (tmp_path / "doc.txt.orig").read_text(encoding="utf-8") == ORIGINAL
    # forced again: the backup is kept, the new one numbered, the text unchanged (idempotent)
    p = run(["--in-place", "--backup", ".orig", "--no-resume", f], fake=True)
    assert p.returncode == 0, p.stderr
    assert (tmp_path / "doc.txt.orig").read_text(encoding="utf-8") == ORIGINAL
    assert (tmp_path / "doc.txt.orig.~1~").read_text(encoding="utf-8") == first
    assert f.read_text(encoding="utf-8") == first
    assert leftovers(tmp_path) == []


def test_backup_file_never_overwrites(tmp_path):
    from docfix.atomic import backup_file

    f = tmp_path / "a.txt"
    f.write_text("one", encoding="utf-8")
    (tmp_path / "a.txt.bak").write_text("keep me", encoding="utf-8")
    assert backup_file(f, ".bak") == str(f) + ".bak.~1~"
    f.write_text("two", encoding="utf-8")
    assert backup_file(f, ".bak") == str(f) + ".bak.~2~"
    assert [(tmp_path / n).read_text(encoding="utf-8") for n in ("a.txt.bak", "a.txt.bak.~1~", "a.txt.bak.~2~")] \
        == ["keep me", "one", "two"]


def _folder(tmp_path: Path, n: int) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    for i in range(n):
        (d / f"f{i:02d}.txt").write_text(f"第{i}段：" + ORIGINAL, encoding="utf-8")
    return d


def _wait_for(cond, timeout: float = 60) -> None:
    t = time.monotonic()
    while not cond():
        if time.monotonic() - t > timeout:
            raise AssertionError("timed out")
        time.sleep(0.05)


@pytest.mark.parametrize("sig, code", [(signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_sigterm_and_sighup_leave_no_litter_and_the_run_resumes(tmp_path, sig, code):
    src = _folder(tmp_path, 12)
    out = tmp_path / "out"
    args = [sys.executable, str(FAKE), "-r", "-q", "-o", str(out), str(src)]
    env = dict(ENV, FAKE_ENGINE_SLEEP="0.3")
    proc = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _wait_for(lambda: out.is_dir() and len(list(out.glob("f*.txt"))) >= 2)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    lines = [ln for ln in err.decode("utf-8").splitlines() if ln.strip()]
    assert proc.returncode == code, lines
    assert len(lines) == 1 and lines[0].startswith("docfix: stopped by SIG"), lines
    assert leftovers(out) == [] and leftovers(src) == []
    done = sorted(p.name for p in out.glob("f*.txt"))
    assert 2 <= len(done) < 12
    # the same command again does only what is left
    p = run(["-r", "-o", out, src], fake=True)
    assert p.returncode == 0, p.stderr
    assert f"{len(done)} files done by an earlier run, skipped" in p.stderr
    assert sorted(x.name for x in out.glob("f*.txt")) == [f"f{i:02d}.txt" for i in range(12)]
    for i in range(12):
        want = (f"第{i}段：" + ORIGINAL).replace("息化", "信息化")
        assert (out / f"f{i:02d}.txt").read_text(encoding="utf-8") == want


def test_sigterm_in_place_leaves_each_file_whole(tmp_path):
    src = _folder(tmp_path, 10)
    args = [sys.executable, str(FAKE), "-r", "-q", "--in-place", "--backup", ".orig", str(src)]
    proc = subprocess.Popen(args, env=dict(ENV, FAKE_ENGINE_SLEEP="0.3"),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _wait_for(lambda: len(list(src.glob("*.orig"))) >= 2)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 143, err.decode("utf-8", "replace")
    assert leftovers(src) == []
    for i in range(10):
        text = (src / f"f{i:02d}.txt").read_text(encoding="utf-8")
        assert text in (f"第{i}段：" + ORIGINAL, (f"第{i}段：" + ORIGINAL).replace("息化", "信息化"))
        backup = src / f"f{i:02d}.txt.orig"
        if backup.exists():
            assert backup.read_text(encoding="utf-8") == f"第{i}段：" + ORIGINAL


def test_resume_redoes_a_changed_input_and_other_settings(tmp_path):
    src = _folder(tmp_path, 3)
    out = tmp_path / "out"
    assert run(["-r", "-q", "-o", out, src], fake=True).returncode == 0
    (src / "f01.txt").write_text("新的内容，教育息化。\n", encoding="utf-8")
    p = run(["-r", "-o", out, src], fake=True)
    assert "2 files done by an earlier run, skipped" in p.stderr, p.stderr
    assert (out / "f01.txt").read_text(encoding="utf-8") == "新的内容，教育信息化。\n"
    p = run(["-r", "-o", out, "-t", "0.95", src], fake=True)  # other settings: other outputs
    assert "skipped" not in p.stderr
    assert (out / "f01.txt").read_text(encoding="utf-8") == "新的内容，教育息化。\n"


# ---------------------------------------------------------------- progress
def test_progress_counts_blocks_written_not_read_ahead():
    from docfix.cli.console import Progress

    pr = Progress(1, 10_000_000, enabled=False)
    assert "0/1 files, 0.0/10.0 MB" in pr.line()
    pr.partial(2_500_000)
    line = pr.line()
    assert "0/1 files, 2.5/10.0 MB" in line and "1 blocks done" in line and "kB/s" in line
    assert "[######.................." in line  # a quarter of the bar
    pr.file_done(10_000_000)
    assert "1/1 files, 10.0/10.0 MB" in pr.line()
    pr.close()


# ---------------------------------------------------------------- idempotence


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_repairing_the_output_applies_nothing_new_seeds(repairer, seed):
    text = seed.read_text(encoding="utf-8")
    first = repairer.repair(text)
    again = repairer.repair(first.text)
    assert [e for e in again.edits if e.applied] == []
    assert again.text == first.text


_SYNTH = (ROOT / "seeds" / "003_f29dea3288537dee.txt").read_text(encoding="utf-8")


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=st.integers(0, len(_SYNTH) - 3000), size=st.sampled_from([600, 1500, 3000]),
       ranks=st.lists(st.integers(20, 300), min_size=3, max_size=12, unique=True))
def test_repairing_the_output_applies_nothing_new_synthetic(repairer, start, size, ranks):
    """Documents damaged the way broken fonts damage them (glyphs of middle
    frequency, never the top 20, lost everywhere), repaired twice."""
    from collections import Counter

    doc = _SYNTH[start:start + size]
    ranked = [c for c, _ in Counter(c for c in doc if "\u4e00" <= c <= "\u9fff").most_common()]
    lost = {ranked[r] for r in ranks if r < len(ranked)}
    damaged = "".join(c for c in doc if c not in lost)
    first = repairer.repair(damaged)
    again = repairer.repair(first.text)
    assert [e for e in again.edits if e.applied] == []
    assert first.original() == damaged

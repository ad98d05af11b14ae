"""The ``docfix`` command, through real subprocesses.

Every case runs ``python -m docfix ...`` (once the installed ``docfix``
console script) with the real engine on small inputs and on seed 001. The
1 MB single line and the 20 MB file run the same CLI with a fake, fast
engine (tests/_fake_engine.py): they test reading, block cutting, streaming
and memory, not the engine.

Unreadable input: the tests run as root, where ``chmod 000`` does not stop
reads, so an unreadable file is simulated with paths whose reading really
fails for root too: a symbolic-link loop (open fails with ELOOP) and
``/proc/self/mem`` (open succeeds, read fails with EIO). ``chmod 000`` is
tested as well when not running as root.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import pytest

from docfix.result import Edit, apply_edits
from docfix.schema import ERROR_SCHEMA, JSONL_SCHEMA, NORMALIZE_SCHEMA, REPAIR_SCHEMA, validate

ROOT = Path(__file__).resolve().parent.parent
SEED001 = ROOT / "seeds" / "001_e6150501fb08fba2.txt"
FAKE = Path(__file__).resolve().parent / "_fake_engine.py"
ENV = dict(os.environ, PYTHONPATH=str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""))
ENV.pop("DOCFIX_DEBUG", None)
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


# ---------------------------------------------------------------- helpers
def _normalize_available() -> bool:
    try:
        import docfix.normalize  # noqa: F401
    except Exception:  # noqa: BLE001
        return False
    return True


def run(args: Sequence[str], *, stdin: Optional[bytes] = None, cwd: Optional[Path] = None,
        fake: bool = False, env: Optional[Dict[str, str]] = None, timeout: float = 300,
        exe: Optional[Sequence[str]] = None) -> subprocess.CompletedProcess:
    """Run docfix; stdout is bytes, stderr is text."""
    if exe is None:
        exe = [sys.executable, str(FAKE)] if fake else [sys.executable, "-m", "docfix"]
    e = dict(ENV)
    if env:
        e.update(env)
    p = subprocess.run(
        [*exe, *map(str, args)],
        input=stdin if stdin is not None else b"",
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd, env=e, timeout=timeout,
    )
    p.stderr = p.stderr.decode("utf-8", "replace")  # type: ignore[assignment]
    return p


def stderr_lines(p: subprocess.CompletedProcess) -> List[str]:
    return [ln for ln in p.stderr.splitlines() if ln.strip()]


def leftovers(folder: Path) -> List[str]:
    """Temporary files an aborted write could have left."""
    return [p.name for p in folder.rglob("*") if "docfix-tmp" in p.name]


def assert_error(p: subprocess.CompletedProcess, code: int, *, outputs: Sequence[Path] = (),
                 folder: Optional[Path] = None, says: Optional[str] = None) -> str:
    """Exit code, exactly one 'docfix:' line on stderr, no traceback, no output."""
    lines = stderr_lines(p)
    assert p.returncode == code, (p.returncode, p.stderr)
    assert len(lines) == 1, p.stderr
    assert lines[0].startswith("docfix: "), lines
    assert "Traceback" not in p.stderr
    assert p.stdout == b"", p.stdout[:200]
    for o in outputs:
        assert not Path(o).exists(), f"{o} was left behind"
    if folder is not None:
        assert leftovers(folder) == []
    if says:
        assert says in lines[0], lines[0]
    return lines[0]


def check_report(d: dict, source: str) -> None:
    """A repair report is valid and consistent with its input."""
    assert validate(d, REPAIR_SCHEMA) == [], validate(d, REPAIR_SCHEMA)[:5]
    edits = [Edit(e["offset"], e["insert"], e["confidence"], e["applied"],
                  [tuple(a) for a in e["alternatives"]], e["reason"]) for e in d["edits"]]
    assert [e.offset for e in edits] == sorted(e.offset for e in edits)
    assert all(0 <= e.offset <= len(source) for e in edits)
    assert apply_edits(source, edits) == d["text"]
    s = d["summary"]
    assert s["edits"] == len(edits)
    assert s["applied"] == sum(e.applied for e in edits)
    assert s["chars"] == len(source)
    try:  # the third-party validator agrees, where installed
        import jsonschema
    except ImportError:
        return
    jsonschema.validate(d, REPAIR_SCHEMA)


# ---------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    """Small damaged inputs (excerpts of seed 001, CRLF line endings)."""
    d = tmp_path_factory.mktemp("data")
    lines = SEED001.read_text(encoding="utf-8").splitlines()
    small = "\r\n".join(lines[10:25]) + "\r\n"
    (d / "small.txt").write_bytes(small.encode("utf-8"))
    tiny = "\n".join(lines[12:15]) + "\n"
    (d / "tiny.txt").write_bytes(tiny.encode("utf-8"))
    return d


@pytest.fixture(scope="module")
def small_json(data) -> dict:
    """The json report of small.txt (real engine), shared by several tests."""
    p = run(["--format", "json", data / "small.txt"])
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout.decode("utf-8"))


def small_text(data: Path) -> str:
    return (data / "small.txt").read_bytes().decode("utf-8")


# ---------------------------------------------------------------- basics
def test_version_is_fast_and_does_not_load_the_engine():
    p = run(["--version"], exe=[sys.executable, "-X", "importtime", "-m", "docfix"])
    assert p.returncode == 0
    assert p.stdout.decode().strip().startswith("docfix ")
    imported = p.stderr
    for heavy in ("docfix.restore", "kenlm", "numpy", "charset_normalizer"):
        assert f" {heavy}\n" not in imported and f" {heavy}." not in imported, heavy


def test_help_documents_exit_codes_and_subcommands():
    p = run(["--help"])
    assert p.returncode == 0
    out = p.stdout.decode()
    assert "exit codes:" in out and "normalize" in out and "train" in out and "bench" in out
    for code in ("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"):
        assert re.search(rf"^\s+{code}\s", out, re.M), code


def test_text_output_keeps_crlf_and_matches_json(data, small_json):
    p = run([data / "small.txt"])
    assert p.returncode == 0, p.stderr
    src = small_text(data)
    out = p.stdout.decode("utf-8")
    assert out == small_json["text"]
    assert out.count("\r\n") == src.count("\r\n") and out.count("\n") == src.count("\n")
    # summary line on stderr, nothing else
    lines = stderr_lines(p)
    assert len(lines) == 1 and lines[0].startswith("docfix: 1 file, 1 ok, 0 failed;"), lines
    assert re.search(r"\d+ edits? applied, \d+ reported", lines[0])


def test_json_report_is_valid_and_consistent(data, small_json):
    src = small_text(data)
    check_report(small_json, src)
    assert small_json["file"].endswith("small.txt")
    assert small_json["encoding"] == "utf-8"
    assert small_json["summary"]["applied"] >= 1, "the excerpt has confident repairs"
    assert all(0.0 <= p <= 1.0 for p in small_json["dropped"].values())


def test_seed001_json_real_engine(tmp_path):
    out = tmp_path / "001.json"
    p = run(["--format", "json", "-o", out, SEED001])
    assert p.returncode == 0, p.stderr
    assert p.stdout == b""
    d = json.loads(out.read_text(encoding="utf-8"))
    check_report(d, SEED001.read_text(encoding="utf-8"))
    assert d["summary"]["applied"] >= 20
    assert max(d["dropped"].values()) > 0.5
    # the time counts from the input's opening, repair included (it read
    # 0.004 s for a 4-second repair when the clock started at the consumer)
    assert d["summary"]["seconds"] >= 0.1
    assert leftovers(tmp_path) == []


def test_diff_applies_with_patch(data, small_json, tmp_path):
    p = run(["--format", "diff", data / "small.txt"])
    assert p.returncode == 0, p.stderr
    diff = p.stdout.decode("utf-8")
    assert diff.startswith("--- ") and "\n+++ " in diff and "\n@@ -" in diff
    changed = [ln for ln in diff.splitlines() if ln.startswith("+") and not ln.startswith("+++")]
    assert len(changed) >= 1
    if shutil.which("patch"):
        target = tmp_path / "small.txt"
        shutil.copyfile(data / "small.txt", target)
        diff_file = tmp_path / "x.diff"
        diff_file.write_bytes(p.stdout.replace(str(data / "small.txt").encode(), b"small.txt"))
        r = subprocess.run(["patch", "-p0", "--binary", "-s", "-i", "x.diff"], cwd=tmp_path,
                           capture_output=True)
        assert r.returncode == 0, r.stdout + r.stderr
        assert target.read_bytes().decode("utf-8") == small_json["text"]


def test_marked_view(data, small_json):
    p = run(["--format", "marked", data / "small.txt"])
    assert p.returncode == 0, p.stderr
    marked = p.stdout.decode("utf-8")
    n_applied = sum(e["applied"] for e in small_json["edits"])
    n_reported = len(small_json["edits"]) - n_applied
    assert len(re.findall(r"\{\+[^{}]+\+\}", marked)) == n_applied
    assert len(re.findall(r"\{\?[^{}]+\?\}", marked)) == n_reported
    plain = re.sub(r"\{\?[^{}]+\?\}", "", marked)
    plain = re.sub(r"\{\+([^{}]+)\+\}", r"\1", plain)
    assert plain == small_json["text"]


def test_stdin_and_output_file(data, tmp_path, small_json):
    src = (data / "small.txt").read_bytes()
    p = run(["-"], stdin=src)
    assert p.returncode == 0, p.stderr
    assert p.stdout.decode("utf-8") == small_json["text"]
    p2 = run([], stdin=src)  # no argument and piped stdin: read stdin
    assert p2.returncode == 0 and p2.stdout == p.stdout
    out = tmp_path / "fixed.txt"
    p3 = run(["-o", out, "-q", data / "small.txt"])
    assert p3.returncode == 0 and p3.stdout == b"" and p3.stderr == ""
    assert out.read_bytes() == p.stdout
    assert leftovers(tmp_path) == []


def test_in_place_with_backup(data, tmp_path, small_json):
    f = tmp_path / "doc.txt"
    shutil.copyfile(data / "small.txt", f)
    os.chmod(f, 0o640)
    p = run(["--in-place", "--backup", ".orig", f])
    assert p.returncode == 0, p.stderr
    assert p.stdout == b""
    assert f.read_bytes().decode("utf-8") == small_json["text"]
    assert (tmp_path / "doc.txt.orig").read_bytes() == (data / "small.txt").read_bytes()
    assert stat.S_IMODE(f.stat().st_mode) == 0o640
    assert leftovers(tmp_path) == []
    # without a backup: only the file itself
    g = tmp_path / "other.txt"
    shutil.copyfile(data / "tiny.txt", g)
    p = run(["-i", "-q", g])
    assert p.returncode == 0 and sorted(x.name for x in tmp_path.iterdir()) == ["doc.txt", "doc.txt.orig", "other.txt"]


# ---------------------------------------------------------------- batches
@pytest.fixture()
def tree(data, tmp_path) -> Path:
    root = tmp_path / "in"
    (root / "sub" / "deeper").mkdir(parents=True)
    (root / ".hidden").mkdir()
    shutil.copyfile(data / "tiny.txt", root / "a.txt")
    shutil.copyfile(data / "small.txt", root / "sub" / "b.txt")
    shutil.copyfile(data / "tiny.txt", root / "sub" / "deeper" / "c.txt")
    (root / "sub" / "notes.md").write_text("not included by default", encoding="utf-8")
    (root / ".hidden" / "x.txt").write_text("hidden", encoding="utf-8")
    return root


def test_batch_recursive_jobs_jsonl(tree, tmp_path):
    out = tmp_path / "all.jsonl"
    p = run(["-r", "--jobs", "2", "--format", "jsonl", "-o", out, tree])
    assert p.returncode == 0, p.stderr
    recs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    names = [Path(r["file"]).relative_to(tree).as_posix() for r in recs]
    assert names == ["a.txt", "sub/b.txt", "sub/deeper/c.txt"]  # input order, hidden skipped
    for r in recs:
        assert validate(r, JSONL_SCHEMA) == []
        check_report(r, Path(r["file"]).read_bytes().decode("utf-8"))
    lines = stderr_lines(p)
    assert lines[-1].startswith("docfix: 3 files, 3 ok, 0 failed;"), lines


def test_batch_to_output_folder_and_glob(tree, tmp_path):
    out = tmp_path / "out"
    p = run(["-r", "-q", "-o", out, tree])
    assert p.returncode == 0, p.stderr
    got = sorted(x.relative_to(out).as_posix() for x in out.rglob("*") if x.is_file())
    assert got == [".docfix-manifest.jsonl", "a.txt", "sub/b.txt", "sub/deeper/c.txt"]
    # a quoted glob is expanded by docfix; outputs keep paths relative to the glob's folder
    out2 = tmp_path / "out2"
    p = run(["--format", "json", "-o", out2, str(tree / "sub" / "*.txt")])
    assert p.returncode == 0, p.stderr
    assert sorted(x.name for x in out2.iterdir()) == [".docfix-manifest.jsonl", "b.txt.json"]
    check_report(json.loads((out2 / "b.txt.json").read_text(encoding="utf-8")),
                 (tree / "sub" / "b.txt").read_bytes().decode("utf-8"))
    # several inputs and one output stream that cannot hold them: usage error
    p = run([tree / "a.txt", tree / "sub" / "b.txt"])
    assert_error(p, 2, says="use -o DIR")


def test_batch_one_bad_file_does_not_stop_the_others(tree, tmp_path):
    (tree / "sub" / "bad.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (tree / "sub" / "empty.txt").write_bytes(b"")
    out = tmp_path / "out.jsonl"
    p = run(["-r", "--format", "jsonl", "-o", out, tree, tmp_path / "missing.txt"])
    assert p.returncode == 1, p.stderr
    lines = stderr_lines(p)
    assert "Traceback" not in p.stderr
    assert all(ln.startswith("docfix: ") for ln in lines)
    assert any("bad.txt: not a text file (PNG image)" in ln for ln in lines)
    assert any("empty.txt: input is empty" in ln for ln in lines)
    assert any("missing.txt: no such file or directory" in ln for ln in lines)
    assert lines[-1].startswith("docfix: 6 files, 3 ok, 3 failed;"), lines[-1]
    recs = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert len(recs) == 6
    errs = [r for r in recs if "error" in r]
    assert sorted(r["error"]["code"] for r in errs) == [3, 4, 5]
    for r in errs:
        assert validate(r, ERROR_SCHEMA) == []
    assert sum("edits" in r for r in recs) == 3


# ---------------------------------------------------------------- encodings
TRAD = "臺灣的教育資訊化工作，成果豐碩。\r\n各級學校持續推動數位學習。\r\n"


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig", "utf-16", "big5"])
def test_encodings_round_trip_to_utf8(data, small_json, tmp_path, encoding):
    if encoding == "big5":
        text = TRAD
        ref = run(["--format", "json", "-"], stdin=text.encode("utf-8"))
        assert ref.returncode == 0, ref.stderr
        expected = json.loads(ref.stdout)["text"]
    else:
        text, expected = small_text(data), small_json["text"]
    f = tmp_path / f"in.{encoding}.txt"
    f.write_bytes(text.encode(encoding))
    p = run(["--format", "json", f])
    assert p.returncode == 0, p.stderr
    d = json.loads(p.stdout.decode("utf-8"))  # output is UTF-8
    assert d["encoding"] == encoding
    assert d["text"] == expected
    check_report(d, text)
    t = run(["-q", f])
    assert t.stdout == expected.encode("utf-8")  # UTF-8, no BOM, CRLF kept


def test_forced_and_output_encodings(data, tmp_path):
    text = small_text(data)
    f = tmp_path / "gbk.txt"
    f.write_bytes(text.encode("gbk"))
    p = run(["-q", "--encoding", "gbk", "--output-encoding", "input", f])
    assert p.returncode == 0, p.stderr
    repaired = p.stdout.decode("gbk")
    p2 = run(["-q", "--output-encoding", "gb18030", f])
    assert p2.stdout.decode("gb18030") == repaired
    # forcing a wrong encoding: undecodable (4), one line
    p3 = run(["--encoding", "utf-8", f])
    assert_error(p3, 4, says="invalid utf-8 bytes at byte offset")
    # an output encoding that cannot hold the text: 6, no file left
    out = tmp_path / "o.txt"
    p4 = run(["--output-encoding", "ascii", "-o", out, f])
    assert_error(p4, 6, outputs=[out], folder=tmp_path, says="cannot encode")
    assert_error(run(["--encoding", "klingon", f]), 2, says="unknown encoding")


# ---------------------------------------------------------------- bad input
@pytest.fixture()
def bad(tmp_path) -> Path:
    d = tmp_path / "bad"
    d.mkdir()
    (d / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(2000))
    (d / "doc.pdf").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    (d / "nul.txt").write_bytes(b"abc\x00\x01\x02" * 50 + os.urandom(500))
    (d / "invalid.txt").write_bytes("教育信息化工作取得新进展。".encode() * 4 + b"\xff\xfe\xfd" + "结束。".encode())
    (d / "empty.txt").write_bytes(b"")
    (d / "bom.txt").write_bytes(b"\xef\xbb\xbf")
    (d / "folder").mkdir()
    (d / "x.txt").mkdir()  # a directory named like a file
    os.symlink("loop.txt", d / "loop.txt")  # ELOOP, unreadable even for root
    (d / "ok.txt").write_text("教育信息化工作取得新进展。\n", encoding="utf-8")
    return d


@pytest.mark.parametrize("name, code, says", [
    ("image.txt", 4, "not a text file (PNG image)"),
    ("doc.pdf", 4, "cannot read PDF"),
    ("nul.txt", 4, "not a text file"),
    ("invalid.txt", 4, "invalid utf-8 bytes at byte offset 156"),
    ("empty.txt", 5, "input is empty"),
    ("bom.txt", 5, "input is empty"),
    ("folder", 3, "is a directory (use -r"),
    ("x.txt", 3, "is a directory"),
    ("missing.txt", 3, "no such file or directory"),
    ("loop.txt", 3, "cannot read: too many levels of symbolic links"),
])
def test_bad_input(bad, name, code, says):
    out = bad / "out.txt"
    p = run(["-o", out, bad / name])
    line = assert_error(p, code, outputs=[out], folder=bad, says=says)
    assert line.startswith(f"docfix: {bad / name}: ")


def test_unreadable_file_read_error():
    # /proc/self/mem opens but every read fails with EIO, also for root
    p = run(["/proc/self/mem"])
    assert_error(p, 3, says="cannot read: input/output error")


@pytest.mark.skipif(IS_ROOT, reason="root reads files whatever their mode (see the module docstring)")
def test_unreadable_file_chmod(bad):
    f = bad / "ok.txt"
    os.chmod(f, 0)
    try:
        assert_error(run([f]), 3, says="cannot read: permission denied")
    finally:
        os.chmod(f, 0o644)


@pytest.mark.parametrize("where", ["missing-dir", "file-as-dir", "proc", "read-only-dir"])
def test_unwritable_output(bad, where):
    ok = bad / "ok.txt"
    if where == "missing-dir":
        out, says = bad / "no" / "such" / "out.txt", "does not exist"
    elif where == "file-as-dir":
        out, says = ok / "out.txt", "is not a folder"
    elif where == "proc":
        out, says = Path("/proc/docfix-out.txt"), "cannot write /proc/docfix-out.txt"
    else:
        if IS_ROOT:
            pytest.skip("root can write into read-only folders")
        ro = bad / "ro"
        ro.mkdir()
        os.chmod(ro, 0o555)
        out, says = ro / "out.txt", "permission denied"
    p = run(["--format", "json", "-o", out, ok])
    assert_error(p, 6, outputs=[out], folder=bad, says=says)


def test_a_failed_stream_output_leaves_no_spool_folder(bad, tmp_path):
    """jsonl to a file is spooled through a temporary folder: an output that
    cannot be opened is an error before the run starts, and the folder goes too."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    p = run(["--format", "jsonl", "-o", bad / "no" / "such" / "out.jsonl", bad / "ok.txt"], env={"TMPDIR": str(tmp)})
    assert_error(p, 6, says="does not exist")
    assert list(tmp.iterdir()) == []


def test_output_to_existing_folder_writes_inside(bad):
    p = run(["-q", "-o", bad / "folder", bad / "ok.txt"])
    assert p.returncode == 0, p.stderr
    assert (bad / "folder" / "ok.txt").read_text(encoding="utf-8") == "教育信息化工作取得新进展。\n"


def test_in_place_failure_leaves_original(bad):
    f = bad / "invalid.txt"
    before = f.read_bytes()
    p = run(["--in-place", "--backup", ".orig", f])
    assert_error(p, 4, outputs=[bad / "invalid.txt.orig"], folder=bad)
    assert f.read_bytes() == before


@pytest.mark.parametrize("args, code, says", [
    (["--threshold", "1.5", "X"], 2, "--threshold must be a number between 0 and 1"),
    (["--bogus", "X"], 2, "unrecognized arguments: --bogus"),
    (["--backup", ".b", "X"], 2, "--backup only makes sense with --in-place"),
    (["--in-place", "-"], 2, "--in-place cannot rewrite standard input"),
    (["--in-place", "--format", "json", "X"], 2, "cannot be combined with --format json"),
    (["--jobs", "0", "X"], 2, "--jobs must be a positive integer"),
    (["--format", "pdf", "X"], 2, "invalid choice: 'pdf'"),
    (["--rule", "width", "--normalize", "X"], 2, "bad normalisation switch 'width'"),
    (["--rule", "width=on", "X"], 2, "--rule needs --normalize"),
    (["--model", "nope.klm", "X"], 7, "model not found: nope.klm"),
    (["--lexicon", "nope/", "X"], 7, "lexicon not found: nope/"),
])
def test_usage_and_resource_errors(bad, args, code, says):
    args = [str(bad / "ok.txt") if a == "X" else a for a in args]
    assert_error(run(args), code, says=says)


@pytest.mark.skipif(not _normalize_available(), reason="docfix.normalize is not there yet")
@pytest.mark.parametrize("rule, says", [
    ("no_such_rule=on", "unknown rule"),
    ("variants=klingon", "variants must be"),
])
def test_bad_normalisation_rule(bad, rule, says):
    assert_error(run(["--normalize", "--rule", rule, bad / "ok.txt"]), 2, says=says)
    assert_error(run(["normalize", "--rule", rule, bad / "ok.txt"]), 2, says=says)


def test_broken_model_file(bad, tmp_path):
    m = tmp_path / "broken.klm"
    m.write_bytes(b"this is not a KenLM model" * 10)
    out = tmp_path / "out.txt"
    p = run(["--model", m, "-o", out, bad / "ok.txt"])
    assert_error(p, 7, outputs=[out], folder=tmp_path, says="cannot load the model")
    # a batch in worker processes stops at once, with one line
    shutil.copyfile(bad / "ok.txt", tmp_path / "ok2.txt")
    out = tmp_path / "out.jsonl"
    p = run(["--model", m, "--jobs", "2", "--format", "jsonl", "-o", out, bad / "ok.txt", tmp_path / "ok2.txt"])
    assert_error(p, 7, outputs=[out], folder=tmp_path, says="cannot load the model")


def test_engine_crash_is_one_line_with_its_own_code(bad, tmp_path):
    out = tmp_path / "out.txt"
    p = run(["-o", out, bad / "ok.txt"], fake=True, env={"FAKE_ENGINE": "crash"})
    assert_error(p, 9, outputs=[out], folder=tmp_path, says="internal error: RuntimeError: fake engine failure")


def test_broken_optional_module_does_not_break_repair(bad):
    p = run(["bench", "--help"], fake=True, env={"FAKE_ENGINE_HIDE": "lab.bench"})
    assert_error(p, 7, says="docfix bench is not available")
    p = run(["-q", bad / "ok.txt"], fake=True, env={"FAKE_ENGINE_HIDE": "lab.bench"})
    assert p.returncode == 0 and p.stdout.decode() == "教育信息化工作取得新进展。\n"


def test_html_too_large(tmp_path):
    from docfix.formats import HTML_MAX_CHARS

    f = tmp_path / "big.txt"
    line = ("x" * 99 + "\n").encode()
    with open(f, "wb") as fh:
        fh.write(line * (HTML_MAX_CHARS // 100 + 1000))
    out = tmp_path / "r.html"
    p = run(["--format", "html", "-o", out, f], fake=True)
    assert_error(p, 8, outputs=[out], folder=tmp_path, says="input too large for --format html")


# ---------------------------------------------------------------- big inputs
def _sentences(n_chars: int) -> str:
    unit = "今年全市推进教育息化建设，22年度目标全面完成。"
    return unit * (n_chars // len(unit) + 1)


def test_one_megabyte_single_line(tmp_path):
    text = _sentences(360_000)  # ~1 MB of UTF-8, no newline at all
    f = tmp_path / "line.txt"
    f.write_bytes(text.encode("utf-8"))
    assert f.stat().st_size > 1_000_000
    out = tmp_path / "line.json"
    p = run(["--format", "json", "-o", out, f], fake=True)
    assert p.returncode == 0, p.stderr
    d = json.loads(out.read_text(encoding="utf-8"))
    assert d["summary"]["blocks"] >= 2  # cut at sentence ends
    check_report(d, text)
    assert d["text"] == text.replace("教育息化", "教育信息化")
    n = text.count("息化")
    assert d["summary"]["applied"] == n and d["summary"]["reported"] == text.count("22年")
    # the blocks of one input repaired by 2 worker processes: the same report
    out2 = tmp_path / "line2.json"
    p = run(["--format", "json", "--jobs", "2", "-o", out2, f], fake=True)
    assert p.returncode == 0, p.stderr
    d2 = json.loads(out2.read_text(encoding="utf-8"))
    d["summary"].pop("seconds"), d2["summary"].pop("seconds")
    assert d2 == d


def test_single_line_in_blocks_real_engine(tmp_path):
    lines = SEED001.read_text(encoding="utf-8").splitlines()
    text = "".join(lines[12:40])  # ~9k characters, one line
    f = tmp_path / "one.txt"
    f.write_text(text, encoding="utf-8")
    p = run(["--format", "json", "--block-size", "3000", f])
    assert p.returncode == 0, p.stderr
    d = json.loads(p.stdout)
    assert d["summary"]["blocks"] >= 3
    check_report(d, text)


def test_twenty_megabytes_bounded_memory(tmp_path):
    para = ("教育息化工作取得新进展，" * 20 + "全年完成22年度目标。\r\n")
    n = 20_000_000 // len(para.encode("utf-8")) + 1
    f = tmp_path / "big.txt"
    with open(f, "wb") as fh:
        block = (para * 1000).encode("utf-8")
        for _ in range(n // 1000 + 1):
            fh.write(block)
    size = f.stat().st_size
    assert size >= 20_000_000
    out = tmp_path / "big.out"
    rss = tmp_path / "rss"
    t0 = time.perf_counter()
    p = run(["-o", out, f], fake=True, env={"FAKE_ENGINE_RSS": str(rss)})
    elapsed = time.perf_counter() - t0
    assert p.returncode == 0, p.stderr
    peak_mb = int(rss.read_text()) / 1024
    print(f"20 MB: {elapsed:.1f} s, peak RSS {peak_mb:.0f} MB")
    assert peak_mb < 200, f"peak RSS {peak_mb:.0f} MB: memory is not bounded"
    # streamed output is complete and exact
    n_paras = size // len(para.encode("utf-8"))
    assert out.stat().st_size == size + n_paras * 20 * len("信".encode("utf-8"))
    with open(out, "rb") as fh:
        head = fh.read(len(para.encode()) * 2 + 200).decode("utf-8", "ignore")
    assert head.startswith(para.replace("教育息化", "教育信息化") * 2)
    assert leftovers(tmp_path) == []


# ---------------------------------------------------------------- html report
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def chromium() -> str:
    exe = shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)
    if exe is None and IS_ROOT and shutil.which("apt-get"):
        cmd = "apt-get install -y -q chromium fonts-wqy-microhei || (apt-get update -q && apt-get install -y -q chromium fonts-wqy-microhei)"
        subprocess.run(["bash", "-c", cmd], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"), timeout=1200)
        exe = shutil.which("chromium")
    if exe is None:
        pytest.skip("chromium is not installed and cannot be installed here (needs root and apt-get)")
    return exe


def _chromium(exe: str, tmp: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([exe, *CHROMIUM_FLAGS, f"--user-data-dir={tmp / 'profile'}", *args],
                          capture_output=True, timeout=120)


@pytest.fixture(scope="module")
def report(data, tmp_path_factory):
    """An html report and the json report of the same input, made together."""
    d = tmp_path_factory.mktemp("html")
    src = d / "small <&> \"q\".txt"  # a name that needs escaping
    shutil.copyfile(data / "small.txt", src)
    out = d / "report.html"
    p = run(["--format", "html", "-o", out, src])
    assert p.returncode == 0, p.stderr
    j = run(["--format", "json", src])
    assert j.returncode == 0, j.stderr
    return out, json.loads(j.stdout)


def test_html_is_self_contained_and_escaped(report):
    report, rep_json = report
    page = report.read_text(encoding="utf-8")
    assert "<script src" not in page and "<link" not in page and "http://" not in page and "https://" not in page
    assert "small &lt;&amp;&gt; &quot;q&quot;.txt" in page
    assert page.count('<ins id="e') == len(rep_json["edits"])


def test_html_dom_and_filter_in_chromium(chromium, report, tmp_path):
    report, rep_json = report
    edits = rep_json["edits"]
    n_applied = sum(e["applied"] for e in edits)
    n_reported = len(edits) - n_applied
    p = _chromium(chromium, tmp_path, "--dump-dom", report.as_uri())
    assert p.returncode == 0, p.stderr[-500:]
    dom = p.stdout.decode("utf-8")
    ins = re.findall(r"<ins [^>]*>", dom)
    assert len(ins) == len(edits)
    assert all(re.search(r'data-confidence="[01]\.\d+"', t) for t in ins)
    assert len(re.findall(r'<ins [^>]*class="e a"', dom)) == n_applied
    assert re.search(rf'<b id="shown">{len(edits)}</b>', dom)  # script ran: all shown
    assert re.search(r'<table id="glyphs">.*?<td class="g">', dom, re.S)
    for e in edits:
        assert f'data-offset="{e["offset"]}"' in dom
    # the filter: hide reported edits (state from the address, same code as the checkbox)
    p = _chromium(chromium, tmp_path, "--dump-dom", report.as_uri() + "#hide=reported")
    dom = p.stdout.decode("utf-8")
    assert re.search(rf'<b id="shown">{n_applied}</b>', dom)
    assert len(re.findall(r'<ins [^>]*class="e r off"', dom)) == n_reported
    assert len(re.findall(r'<ins [^>]*class="e a"', dom)) == n_applied
    # minimum confidence
    p = _chromium(chromium, tmp_path, "--dump-dom", report.as_uri() + "#min=0.99")
    dom = p.stdout.decode("utf-8")
    n_high = sum(e["confidence"] >= 0.99 for e in edits)
    assert re.search(rf'<b id="shown">{n_high}</b>', dom)


def test_html_screenshot(chromium, report, tmp_path):
    report = report[0]
    png = tmp_path / "report.png"
    p = _chromium(chromium, tmp_path, "--window-size=1200,900", f"--screenshot={png}", report.as_uri())
    assert p.returncode == 0, p.stderr[-500:]
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
    keep = os.environ.get("DOCFIX_KEEP_SCREENSHOT")
    if keep:
        shutil.copyfile(png, keep)


# ---------------------------------------------------------------- sub-commands
def test_subcommands_are_wired():
    for name in ("train", "bench"):
        p = run([name, "--help"])
        assert p.returncode == 0, p.stderr
        assert f"docfix {name}" in p.stdout.decode()
    p = run(["normalize", "--help"])
    assert p.returncode == 0 and "docfix normalize" in p.stdout.decode()


def test_file_named_like_a_subcommand(data, tmp_path):
    f = tmp_path / "train"
    shutil.copyfile(data / "tiny.txt", f)
    p = run(["-q", "./train"], cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    q = run(["-q", "--", "train"], cwd=tmp_path)
    assert q.returncode == 0 and q.stdout == p.stdout


@pytest.mark.skipif(not _normalize_available(), reason="docfix.normalize is not there yet")
def test_normalize_subcommand(tmp_path):
    f = tmp_path / "n.txt"
    src = "教育 信息化工作,取得新进展。\r\n"
    f.write_bytes(src.encode("utf-8"))
    p = run(["normalize", "--format", "json", f])
    assert p.returncode == 0, p.stderr
    d = json.loads(p.stdout)
    assert validate(d, NORMALIZE_SCHEMA) == []
    assert d["text"] != src
    t = run(["normalize", "-q", f])
    assert t.stdout.decode("utf-8") == d["text"]


@pytest.mark.skipif(not _normalize_available(), reason="docfix.normalize is not there yet")
def test_normalize_then_repair_offsets_refer_to_input(data):
    src = small_text(data).replace("，", ",")
    p = run(["--normalize", "--format", "json", "-"], stdin=src.encode("utf-8"))
    assert p.returncode == 0, p.stderr
    d = json.loads(p.stdout)
    assert validate(d, REPAIR_SCHEMA) == []
    assert all(0 <= e["offset"] <= len(src) for e in d["edits"])
    assert "changes" in d and all(0 <= c["start"] <= c["end"] <= len(src) for c in d["changes"])


# ---------------------------------------------------------------- terminal, console script
def test_progress_bar_only_on_a_terminal(data, tmp_path):
    import pty

    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    shutil.copyfile(data / "tiny.txt", a)
    shutil.copyfile(data / "tiny.txt", b)
    master, slave = pty.openpty()
    try:
        p = subprocess.run([sys.executable, "-m", "docfix", "--format", "jsonl", str(a), str(b)],
                           stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=slave, env=ENV, timeout=300)
        os.close(slave)
        chunks = []
        while True:
            try:
                c = os.read(master, 65536)
            except OSError:
                break
            if not c:
                break
            chunks.append(c)
    finally:
        os.close(master)
    tty = b"".join(chunks).decode("utf-8", "replace")
    assert p.returncode == 0
    assert "\rdocfix: [" in tty and "2/2 files" in tty
    assert "docfix: 2 files, 2 ok, 0 failed" in tty
    # not a terminal: no bar, only the summary
    q = run(["--format", "jsonl", a, b])
    assert "\r" not in q.stderr and len(stderr_lines(q)) == 1


def test_console_script(data):
    exe = shutil.which("docfix")
    if exe is None:
        pytest.skip("the docfix console script is not installed (pip install -e .)")
    p = run(["--version"], exe=[exe])
    assert p.returncode == 0 and p.stdout.decode().startswith("docfix ")
    q = run(["-q", data / "tiny.txt"], exe=[exe])
    r = run(["-q", data / "tiny.txt"])
    assert q.returncode == 0 and q.stdout == r.stdout


# ---------------------------------------------------------------- diff writer (in-process)
def test_streaming_diff_matches_patch(tmp_path):
    """The streamed unified diff, fed in blocks, turns input into output with patch."""
    import io
    import random

    from docfix.formats import Block, DiffWriter
    from docfix.blocks import split_blocks

    if not shutil.which("patch"):
        pytest.skip("patch is not installed")
    rnd = random.Random(3)
    for trial in range(25):
        lines = ["".join(rnd.choice("ab年") for _ in range(rnd.randint(0, 5))) + rnd.choice(["\n", "\r\n"])
                 for _ in range(rnd.randint(1, 40))]
        if rnd.random() < 0.3:
            lines[-1] = lines[-1].rstrip("\r\n") or "x"
        a = "".join(lines)
        chg = [rnd.random() < 0.3 for _ in lines]
        b = "".join(("0" + ln) if c else ln for ln, c in zip(lines, chg))
        ins, off = set(), 0
        for ln, c in zip(lines, chg):
            if c:
                ins.add(off)
            off += len(ln)
        out = io.StringIO()
        w = DiffWriter(out, {"from": "f.txt", "to": "f.txt"})
        w.MAX_HUNK_LINES = rnd.choice([3, 2000])
        pos = 0
        for blk in split_blocks([a], block_chars=rnd.randint(3, 30)):
            o = "".join(("0" if pos + i in ins else "") + ch for i, ch in enumerate(blk))
            w.block(Block(0, blk, o))
            pos += len(blk)
        w.end({})
        if a == b:
            assert out.getvalue() == ""
            continue
        (tmp_path / "f.txt").write_bytes(a.encode())
        (tmp_path / "p.diff").write_bytes(out.getvalue().encode())
        r = subprocess.run(["patch", "-p0", "--binary", "-s", "-i", "p.diff"], cwd=tmp_path, capture_output=True)
        assert r.returncode == 0, (a, out.getvalue(), r.stdout)
        assert (tmp_path / "f.txt").read_bytes().decode() == b

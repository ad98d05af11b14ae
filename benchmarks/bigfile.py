"""Time and peak memory of ``docfix`` on a big input (default 100 MB).

Generates a damaged Chinese text of ``--mb`` megabytes (paragraphs of the
clean seeds with some glyphs dropped everywhere, CRLF line endings), runs
the real command in a subprocess and reports wall time and the child's
peak RSS (``ru_maxrss`` of ``RUSAGE_CHILDREN``; with ``--jobs`` it is the
largest single process). Not run by the tests (too slow for CI).

    python benchmarks/bigfile.py                    # 100 MB, real engine, text output
    python benchmarks/bigfile.py --mb 10 --format json
    python benchmarks/bigfile.py --fake             # I/O path only (tests/_fake_engine.py)
    python benchmarks/bigfile.py --jobs 8           # blocks repaired by 8 workers

The real engine runs at about 10-15k characters/s per core, so 100 MB
(~33 M characters) takes about an hour on one core; memory does not grow
with the input (it is bounded by the block size).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ["000_25803d9d9faf8a85.txt", "002_ff24dfb8e7ee0f9f.txt", "003_f29dea3288537dee.txt", "004_754d46124ffa931b.txt"]


def generate(path: Path, mb: float, seed: int = 0) -> int:
    """Write about ``mb`` MB of damaged text to ``path``; returns its size in bytes."""
    rnd = random.Random(seed)
    paras = []
    for name in SEEDS:
        p = ROOT / "seeds" / name
        if p.exists():
            paras += [ln.strip() for ln in p.read_text(encoding="utf-8").splitlines() if len(ln.strip()) > 20]
    if not paras:
        raise SystemExit("no seed text found under seeds/")
    dropped = set("信0加公")  # a font subset lost these glyphs everywhere
    target = int(mb * 1_000_000)
    n = 0
    with open(path, "wb") as out:
        buf = []
        while n < target:
            para = "".join(c for c in rnd.choice(paras) if c not in dropped) + "\r\n"
            b = para.encode("utf-8")
            buf.append(b)
            n += len(b)
            if len(buf) >= 2000:
                out.write(b"".join(buf))
                buf = []
        out.write(b"".join(buf))
    return n


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=100.0, help="input size in MB (default 100)")
    ap.add_argument("--format", default="text", help="docfix --format (default text)")
    ap.add_argument("--jobs", type=int, default=1, help="docfix --jobs (default 1)")
    ap.add_argument("--fake", action="store_true", help="fake fast engine: measure the I/O path only")
    ap.add_argument("--keep", metavar="DIR", help="keep input and output in DIR")
    args = ap.parse_args(argv)

    tmp = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="docfix-bigfile-"))
    tmp.mkdir(parents=True, exist_ok=True)
    src = tmp / "big.txt"
    out = tmp / ("big.out" if args.format == "text" else f"big.{args.format}")
    t0 = time.perf_counter()
    size = generate(src, args.mb)
    gen_s = time.perf_counter() - t0

    exe = [sys.executable, str(ROOT / "tests" / "_fake_engine.py")] if args.fake else [sys.executable, "-m", "docfix"]
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    cmd = [*exe, "--format", args.format, "--jobs", str(args.jobs), "-o", str(out), str(src)]
    t0 = time.perf_counter()
    p = subprocess.run(cmd, env=env, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    result = {
        "input_mb": round(size / 1e6, 1),
        "format": args.format,
        "jobs": args.jobs,
        "engine": "fake" if args.fake else "real",
        "exit_code": p.returncode,
        "seconds": round(wall, 1),
        "mb_per_s": round(size / 1e6 / wall, 3),
        "peak_rss_mb": round(peak_mb, 1),
        "output_mb": round(out.stat().st_size / 1e6, 1) if out.exists() else None,
        "generate_seconds": round(gen_s, 1),
        "stderr": p.stderr.strip().splitlines()[-1:] if p.stderr.strip() else [],
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))
    if not args.keep:
        for f in (src, out):
            try:
                f.unlink()
            except OSError:
                pass
        try:
            tmp.rmdir()
        except OSError:
            pass
    return 0 if p.returncode == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())

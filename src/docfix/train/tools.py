"""The KenLM tools ``lmplz`` and ``build_binary``: where they are, how they run.

They are looked up in ``$DOCFIX_KENLM_BIN``, then ``<repo>/tools/kenlm/bin``
(built by ``bash scripts/build_kenlm_tools.sh``), then ``$PATH``.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path
from typing import Callable, Dict, List, Mapping, Optional, Sequence, Tuple, Union

__all__ = ["TrainError", "find_kenlm_bin", "run_tool", "arpa_counts", "shown_command", "build_kenlm"]

PathLike = Union[str, "os.PathLike[str]"]
Log = Callable[[str], None]

REPO = Path(__file__).resolve().parents[3]  # src/docfix/train/tools.py -> repo root
_TOOLS = ("lmplz", "build_binary")
_BUILD_HINT = "run `bash scripts/build_kenlm_tools.sh` (builds them into tools/kenlm/bin/)"


class TrainError(RuntimeError):
    """A model could not be built (missing input, missing tools, tool failure)."""


# --------------------------------------------------------------------------- tools


def find_kenlm_bin(kenlm_bin: Optional[PathLike] = None) -> Path:
    """Return the folder that holds ``lmplz`` and ``build_binary``.

    Parameters
    ----------
    kenlm_bin
        Explicit folder; when given, it is the only place searched.

    Returns
    -------
    pathlib.Path
        Folder containing both executables.

    Raises
    ------
    TrainError
        When the tools are found nowhere; the message says how to build them.
    """

    def ok(d: Path) -> bool:
        return all(os.access(d / t, os.X_OK) and (d / t).is_file() for t in _TOOLS)

    if kenlm_bin is not None:
        d = Path(kenlm_bin)
        if ok(d):
            return d
        raise TrainError(f"lmplz/build_binary not found in {d}; {_BUILD_HINT}")
    candidates: List[Path] = []
    env = os.environ.get("DOCFIX_KENLM_BIN")
    if env:
        candidates.append(Path(env))
    candidates.append(REPO / "tools" / "kenlm" / "bin")
    for d in candidates:
        if ok(d):
            return d
    found = [shutil.which(t) for t in _TOOLS]
    if all(found):
        d = Path(found[0]).parent  # type: ignore[arg-type]
        if ok(d):
            return d
    where = ", ".join(str(d) for d in candidates) + ", $PATH"
    raise TrainError(f"KenLM tools lmplz/build_binary not found (looked in {where}); {_BUILD_HINT}")



def run_tool(cmd: List[str], log: Log, what: str) -> float:
    """Run a KenLM tool; raise :class:`TrainError` with its stderr tail on failure."""
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    dt = time.perf_counter() - t0
    if proc.returncode != 0:
        tail = " | ".join((proc.stderr or "").strip().splitlines()[-3:])
        raise TrainError(f"{what} failed (exit {proc.returncode}): {tail}")
    log(f"{what} done in {dt:.1f}s")
    return dt


def arpa_counts(arpa: Path) -> Dict[str, int]:
    """n-gram counts from the ``\\data\\`` header of an ARPA file."""
    counts: Dict[str, int] = {}
    with open(arpa, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line.startswith("ngram "):
                k, _, v = line[6:].partition("=")
                counts[k.strip()] = int(v)
            elif line.startswith("\\1-grams"):
                break
    return counts


def shown_command(cmd: List[str], placeholders: Mapping[Path, str]) -> str:
    """A command as recorded in the build record: the tool's name without its
    folder, temporary paths replaced by placeholders (in the given order)."""
    args = cmd[1:]
    for path, name in placeholders.items():
        args = [a.replace(str(path), name) for a in args]
    return " ".join([Path(cmd[0]).name, *args])


def build_kenlm(
    text: Path,
    arpa: Path,
    out: Path,
    tdir: Path,
    bindir: Path,
    say: Log,
    *,
    order: int,
    prune: Sequence[int],
    quantize: Optional[int],
    memory: str,
    what: str = "",
) -> Tuple[List[str], List[str], float, float, Dict[str, int]]:
    """``lmplz`` on ``text`` (one sentence of space-separated tokens per
    line) into ``arpa``, then ``build_binary`` into the trie ``out``; the
    ARPA file is removed. Returns both commands, their times and the n-gram
    counts."""
    lmplz_cmd = [str(bindir / "lmplz"), "-o", str(order)]
    if any(prune):
        lmplz_cmd += ["--prune", *map(str, prune)]
    lmplz_cmd += ["-S", memory, "-T", str(tdir), "--discount_fallback", "--text", str(text), "--arpa", str(arpa)]
    say("running " + " ".join(["lmplz", *lmplz_cmd[1:]]))
    t_lmplz = run_tool(lmplz_cmd, say, "lmplz" + what)
    ngrams = arpa_counts(arpa)
    bb_cmd = [str(bindir / "build_binary"), "-T", str(tdir)]
    if quantize:
        bb_cmd += ["-a", "22", "-q", str(int(quantize)), "-b", str(int(quantize))]
    bb_cmd += ["trie", str(arpa), str(out)]
    say("running " + " ".join(["build_binary", *bb_cmd[1:]]))
    t_bb = run_tool(bb_cmd, say, "build_binary" + what)
    arpa.unlink()
    return lmplz_cmd, bb_cmd, t_lmplz, t_bb, ngrams

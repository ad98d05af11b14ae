"""The inputs of a run: files, folders (``-r``), glob patterns and ``-`` as
:class:`docfix.jobs.Item` records."""
from __future__ import annotations

import glob
import os
from pathlib import Path
from typing import List, Optional, Sequence, Tuple

from .. import errors as E
from ..errors import DocfixError, ExitCode
from ..jobs import Item

__all__ = ["expand_inputs", "DEFAULT_INCLUDE"]

_GLOB_CHARS = set("*?[")
DEFAULT_INCLUDE = ["*.txt", "*.pdf"]


def _has_magic(s: str) -> bool:
    return any(c in _GLOB_CHARS for c in s)


def _walk(root: str, include: Sequence[str]) -> List[str]:
    import fnmatch

    found: List[str] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for fn in sorted(filenames):
            if fn.startswith(".") or not any(fnmatch.fnmatch(fn, pat) for pat in include):
                continue
            found.append(os.path.join(dirpath, fn))
    return found


def expand_inputs(raw: Sequence[str], recursive: bool, include: Sequence[str]) -> Tuple[List[Item], bool]:
    """Items to process and whether this is a batch (several inputs possible)."""
    items: List[Item] = []
    batch = len(raw) > 1
    seen_stdin = False

    def add(name: str, path: Optional[str], rel: str, err: Optional[DocfixError] = None) -> None:
        items.append(Item(len(items), name, path, rel, (int(err.code), err.with_path(name).line) if err else None))

    for arg in raw:
        if arg == "-":
            if seen_stdin:
                raise DocfixError(ExitCode.USAGE, E.STDIN_TWICE)
            seen_stdin = True
            add("<stdin>", None, "stdin")
            continue
        if os.path.isdir(arg):
            if not recursive:
                add(arg, arg, os.path.basename(arg.rstrip("/")),
                    DocfixError(ExitCode.NO_INPUT, E.IS_DIR))
                continue
            batch = True
            files = _walk(arg, include)
            if not files:
                add(arg, arg, arg, DocfixError(ExitCode.NO_INPUT, E.DIR_EMPTY, include=" or ".join(include)))
            for f in files:
                add(f, f, os.path.relpath(f, arg))
            continue
        if os.path.lexists(arg) or not _has_magic(arg):
            add(arg, arg, os.path.basename(arg))  # missing files fail when opened
            continue
        batch = True
        matches = sorted(glob.glob(arg, recursive=True))
        root = _glob_root(arg)
        files = []
        for m in matches:
            if os.path.isdir(m):
                if recursive:
                    files += [(f, os.path.relpath(f, root)) for f in _walk(m, include)]
            else:
                files.append((m, os.path.relpath(m, root)))
        if not files:
            add(arg, None, arg, DocfixError(ExitCode.NO_INPUT, E.NO_MATCH))
        for f, rel in files:
            add(f, f, rel)
    return items, batch


def _glob_root(pattern: str) -> str:
    parts = Path(pattern).parts
    keep = []
    for part in parts[:-1]:
        if _has_magic(part):
            break
        keep.append(part)
    return str(Path(*keep)) if keep else "."

"""One run of ``docfix`` (or ``docfix normalize``): options checked, inputs
expanded, where each output goes decided, the batch executed on its
executor, and the summary line."""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from typing import Any, BinaryIO, Dict, List, Optional, Tuple

from .. import errors as E
from ..atomic import Sink
from ..errors import DocfixError, ExitCode
from ..executors import InlineExecutor, LocalExecutor, connect
from ..formats import FORMATS
from ..jobs import Config, Item, Outcome, Target
from ..manifest import manifest_for
from .args import make_config, normalize_parser, repair_parser
from .console import Progress, isatty, print_error
from .inputs import DEFAULT_INCLUDE, expand_inputs
from .outputs import emit, emit_error, write_outputs

__all__ = ["run_command", "execute"]


def run_command(argv: List[str], command: str) -> int:
    parser = repair_parser() if command == "repair" else normalize_parser()
    ns = parser.parse_args(argv)
    cfg = make_config(ns, command)
    raw = list(ns.inputs)
    if not raw:
        if sys.stdin is None or sys.stdin.isatty():
            raise DocfixError(ExitCode.USAGE, E.NO_INPUTS)
        raw = ["-"]
    if ns.backup and not ns.in_place:
        raise DocfixError(ExitCode.USAGE, E.BACKUP_WITHOUT_INPLACE)
    if ns.in_place:
        if ns.output:
            raise DocfixError(ExitCode.USAGE, E.INPLACE_OUTPUT)
        if cfg.fmt != "text":
            raise DocfixError(ExitCode.USAGE, E.INPLACE_FORMAT, fmt=cfg.fmt)
        if "-" in raw:
            raise DocfixError(ExitCode.USAGE, E.INPLACE_STDIN)
    include = ns.include or DEFAULT_INCLUDE
    items, batch = expand_inputs(raw, ns.recursive, include)
    stream_formats = ("jsonl", "diff")

    # where each output goes
    out_dir: Optional[str] = None
    stream = False
    if ns.in_place:
        pass
    elif ns.output and (os.path.isdir(ns.output) or ns.output.endswith(("/", os.sep))) and cfg.fmt != "jsonl":
        out_dir = ns.output
    elif ns.output and batch and cfg.fmt not in stream_formats:
        if os.path.exists(ns.output):
            raise DocfixError(ExitCode.USAGE, E.OUTPUT_NOT_DIR, n=len(items), target=ns.output)
        out_dir = ns.output
    elif len(items) > 1 and cfg.fmt not in stream_formats:
        raise DocfixError(ExitCode.USAGE, E.MANY_INPUTS, n=len(items))
    else:
        stream = True
    return execute(cfg, ns, items, batch, out_dir, stream)


def execute(cfg: Config, ns: argparse.Namespace, items: List[Item], batch: bool,
            out_dir: Optional[str], stream: bool) -> int:
    """Run the batch; the spool folder of streamed outputs goes whatever ends the run
    (an error in setting up the outputs or the executor included)."""
    spool_dir = tempfile.mkdtemp(prefix="docfix-") if stream else None
    try:
        return _execute(cfg, ns, items, batch, out_dir, spool_dir)
    finally:
        if spool_dir is not None:
            shutil.rmtree(spool_dir, ignore_errors=True)


def _execute(cfg: Config, ns: argparse.Namespace, items: List[Item], batch: bool,
             out_dir: Optional[str], spool_dir: Optional[str]) -> int:
    t0 = time.perf_counter()
    targets: List[Target] = []
    seen_out: Dict[str, str] = {}
    for it in items:
        if ns.in_place:
            targets.append(Target("inplace", os.path.realpath(it.path) if it.path else "", ns.backup))
        elif out_dir is not None:
            ext = FORMATS[cfg.fmt]
            dest = os.path.join(out_dir, it.rel + ext)
            key = os.path.normcase(os.path.abspath(dest))
            if it.error is None and key in seen_out:
                raise DocfixError(ExitCode.USAGE, E.DUPLICATE_OUTPUT, target=dest)
            seen_out[key] = it.name
            targets.append(Target("file", dest, mkdirs=True))
        elif not batch and ns.output and cfg.fmt != "jsonl":
            targets.append(Target("file", ns.output))
        else:
            assert spool_dir is not None
            targets.append(Target("spool", os.path.join(spool_dir, f"{it.index}.out")))

    # resuming: inputs a previous run of this command finished are skipped
    manifest = None
    skipped: List[Outcome] = []
    if not ns.no_resume:
        manifest = manifest_for(cfg, out_dir, [t.path for t, it in zip(targets, items)
                                               if t.kind == "inplace" and it.error is None])
    todo: List[Tuple[Item, Target]] = []
    for it, tg in zip(items, targets):
        if manifest is not None and it.error is None and tg.kind != "spool" and manifest.is_done(it.path, tg.path):
            skipped.append(Outcome(it.index, it.name, skipped=True))
        else:
            todo.append((it, tg))

    # the one output stream (stdout or -o FILE), for batches in jsonl/diff and single inputs
    final: Optional[Sink] = None
    stdout: Optional[BinaryIO] = None
    if any(t.kind == "spool" for t in targets):
        if ns.output:
            enc = "utf-8" if cfg.output_encoding == "input" else cfg.output_encoding
            final = Sink(ns.output, encoding=enc)
        else:
            stdout = sys.stdout.buffer

    sizes = {}
    for it, _ in todo:
        try:
            sizes[it.index] = os.path.getsize(it.path) if it.path and it.error is None else 0
        except OSError:
            sizes[it.index] = 0
    quiet = bool(ns.quiet)
    progress = Progress(len(todo), sum(sizes.values()), enabled=not quiet and isatty(sys.stderr))
    executor = executor_for(cfg, ns, len(todo))
    fatal: Optional[Outcome] = None
    done: List[Outcome] = []
    try:
        for o in write_outputs(cfg, todo, executor, progress, manifest, len(items) > 1):
            done.append(o)
            if not o.ok:
                progress.clear()
                print_error(o.message)
            if o.fatal:
                fatal = o
                break
            if o.spool:
                emit(o, final, stdout)
            elif not o.ok and cfg.fmt == "jsonl" and (final or stdout) and len(items) > 1:
                emit_error(cfg, o, final, stdout)
            progress.file_done(sizes.get(o.index, 0))
        if fatal is None and final is not None:
            final.commit()
            final = None
    except BaseException:
        progress.close()
        executor.close(abort=True)
        executor = None
        raise
    finally:
        progress.close()
        if executor is not None:
            executor.close()
        if final is not None:
            final.abort()

    if fatal is not None:
        return int(fatal.code)
    failed = [o for o in done if not o.ok]
    if not quiet and (len(done) + len(skipped) > 1 or not failed):
        print_summary(cfg, done, failed, len(skipped), time.perf_counter() - t0)
    if not failed:
        return int(ExitCode.OK)
    if len(done) + len(skipped) > 1:
        return int(ExitCode.PARTIAL)
    return int(failed[0].code)


def executor_for(cfg: Config, ns: argparse.Namespace, n_inputs: int) -> Any:
    """Where the blocks are repaired: a Dask cluster (``--scheduler``), local
    worker processes (``--jobs N``), or this process."""
    if ns.scheduler:
        return connect(ns.scheduler)
    if ns.jobs > 1 and n_inputs:
        return LocalExecutor(ns.jobs)
    return InlineExecutor()


def print_summary(cfg: Config, done: List[Outcome], failed: List[Outcome], skipped: int, seconds: float) -> None:
    applied = sum(o.applied for o in done)
    reported = sum(o.reported for o in done)
    changes = sum(o.changes for o in done)
    work = []
    if cfg.command == "repair":
        work.append(E.SUMMARY_REPAIR.format(
            applied=applied, applied_word="edit" if applied == 1 else "edits", reported=reported))
    if cfg.normalize or cfg.command == "normalize":
        work.append(E.SUMMARY_CHANGES.format(changes=changes, changes_word="change" if changes == 1 else "changes"))
    if not done and skipped:
        print_error(E.SUMMARY_NOTHING.format(skipped=skipped, files_word="file" if skipped == 1 else "files"))
        return
    line = E.SUMMARY.format(
        files=len(done), files_word="file" if len(done) == 1 else "files",
        ok=len(done) - len(failed), failed=len(failed), work=", ".join(work), seconds=seconds,
    )
    if skipped:
        line += "; " + E.SUMMARY_SKIPPED.format(skipped=skipped, files_word="file" if skipped == 1 else "files")
    print_error(line)

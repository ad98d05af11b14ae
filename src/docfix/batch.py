"""Batches of files: repaired in order on one process, on local worker
processes, or on a Dask cluster, through one code path.

The process that runs a batch reads every input and writes every output;
the workers only repair text (a block of a file, or a PDF's extracted text),
so they need the package and its model but no shared filesystem. Work is
split by file and by the blocks of a big file (:func:`docfix.blocks.split_blocks`),
a bounded number of blocks is in flight, and results come back in input order.
The parts: :mod:`docfix.pipeline` (reading, in order), :mod:`docfix.executors`
(where blocks are repaired), :mod:`docfix.worker` (what repairs them) and
:mod:`docfix.manifest` (resuming); ``docfix`` itself runs batches through
them too (:mod:`docfix.cli`).

>>> from docfix.batch import repair_files
>>> [(r.path, r.code, r.message) for r in repair_files(["no-such-file.txt"])]
[('no-such-file.txt', 3, 'no-such-file.txt: no such file or directory')]

A good file gives ``r.repair``, a :class:`docfix.Repair` of the whole file.
With a Dask cluster::

    from distributed import Client
    with Client("tcp://host:8786") as client:
        for r in repair_files(paths, client=client):
            ...
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Dict, Iterator, List, Optional, Sequence, Union

from .errors import ExitCode
from .executors import DaskExecutor, InlineExecutor, LocalExecutor, connect
from .jobs import Config, Item
from .manifest import Manifest
from .pipeline import Closed, Opened, Piece, failure, lookahead, read_inputs
from .result import Repair

__all__ = ["FileResult", "repair_files", "connect", "Manifest"]

PathLike = Union[str, "os.PathLike[str]"]


@dataclass
class FileResult:
    """One input of :func:`repair_files`.

    ``repair`` is the whole file's :class:`docfix.Repair` (its blocks joined,
    offsets into the file's text), or ``None`` where the file failed:
    ``code`` (the CLI's exit code for it) and ``message`` say why."""

    path: str
    repair: Any = None
    code: int = 0
    message: str = ""
    encoding: str = ""


def repair_files(
    paths: Sequence[PathLike],
    *,
    client: Any = None,
    jobs: int = 1,
    threshold: Optional[float] = None,
    model: Optional[PathLike] = None,
    lexicon: Optional[PathLike] = None,
    encoding: Optional[str] = None,
    block_chars: int = 200_000,
) -> Iterator[FileResult]:
    """Repair many files, in input order, on this process, ``jobs`` local
    processes or a Dask cluster.

    Parameters
    ----------
    paths : sequence of path
        Text files (any encoding :mod:`docfix.textio` detects) or PDFs.
    client : distributed.Client, optional
        Run the repairs on this Dask cluster (each worker loads the model
        once). The caller keeps the client (it is not closed).
    jobs : int
        Local worker processes when there is no ``client`` (1: this process).
    threshold, model, lexicon
        As for :func:`docfix.repair` (default threshold: the model's).
    encoding : str, optional
        Input encoding (default: detected per file).
    block_chars : int
        Big files are repaired in blocks of about this many characters.

    Yields
    ------
    FileResult
        One per path, in order; a failed file does not stop the others.
    """
    cfg = Config(command="repair", threshold=threshold, model=None if model is None else os.fspath(model),
                 lexicon=None if lexicon is None else [os.fspath(lexicon)], encoding=encoding,
                 block_chars=block_chars)
    items = [Item(i, os.fspath(p), os.fspath(p), os.path.basename(os.fspath(p))) for i, p in enumerate(paths)]
    ex: Any
    if client is not None:
        ex = DaskExecutor(client)
    elif jobs > 1:
        ex = LocalExecutor(jobs)
    else:
        ex = InlineExecutor()
    try:
        cur: Optional[FileResult] = None
        blocks: List[Any] = []
        for ev in lookahead(read_inputs(items, cfg, ex.submit), 2 * ex.workers):
            name = items[ev.index].name
            if isinstance(ev, Opened):
                cur, blocks = FileResult(name, encoding=ev.encoding), []
            elif isinstance(ev, Piece):
                if cur is None or cur.code:
                    continue
                try:
                    blocks.append(ev.future.result()[0])
                except Exception as e:  # noqa: BLE001 - this file fails; the others go on
                    cur.code, cur.message = failure(e, name)
                    if cur.code == ExitCode.RESOURCES:
                        raise
            elif isinstance(ev, Closed):
                assert cur is not None
                if not cur.code:
                    text_in = "".join(b.input for b in blocks)
                    edits = [e for b in blocks for e in b.edits]
                    dropped: Dict[str, float] = {}
                    for b in blocks:
                        for g, p in b.dropped.items():
                            dropped[g] = max(dropped.get(g, 0.0), p)
                    cur.repair = Repair("".join(b.output for b in blocks), edits, dropped, text_in)
                yield cur
                cur = None
            else:  # Failed
                if cur is not None and cur.code:
                    yield cur  # failed while repairing; reading stopped too
                else:
                    yield FileResult(name, code=ev.code, message=ev.message)
                cur = None
    except BaseException:
        ex.close(abort=True)
        raise
    else:
        ex.close()

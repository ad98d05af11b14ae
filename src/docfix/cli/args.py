"""The command line of ``docfix`` and ``docfix normalize``: the parsers
(options, help, exit-code table) and the :class:`docfix.jobs.Config` their
options make."""
from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any, Dict, NoReturn, Sequence

from .. import __version__
from .. import errors as E
from ..blocks import MIN_BLOCK_CHARS
from ..decoding import canonical_encoding
from ..errors import EXIT_CODE_TABLE, DocfixError, ExitCode
from ..jobs import Config
from ..worker import load_normalize

__all__ = ["Parser", "repair_parser", "normalize_parser", "parse_switches", "make_config"]


class Parser(argparse.ArgumentParser):
    """argparse that reports usage errors as one ``docfix: ...`` line."""

    def error(self, message: str) -> NoReturn:
        raise DocfixError(ExitCode.USAGE, E.USAGE, detail=message)


def _exit_code_epilog() -> str:
    rows = "\n".join(f"  {int(c):>3}  {text}" for c, text in EXIT_CODE_TABLE)
    return (
        "sub-commands (given first; a file with such a name is given as ./NAME):\n"
        "  normalize   normalise extracted text only (docfix normalize --help)\n"
        "  train       train a character model (docfix train --help)\n"
        "  bench       run the benchmark (docfix bench --help)\n\n"
        "exit codes:\n" + rows + "\n\n"
        "examples:\n"
        "  docfix report.txt                       repaired text on stdout\n"
        "  docfix --format html -o review.html report.txt\n"
        "  docfix -r --jobs 4 --format jsonl -o out.jsonl corpus/\n"
        "  docfix --in-place --backup .orig *.txt\n"
    )


def _add_io_arguments(p: argparse.ArgumentParser, formats: Sequence[str]) -> None:
    p.add_argument("inputs", nargs="*", metavar="FILE|DIR|-",
                   help="inputs: files, folders (with -r), glob patterns, or - for standard input "
                        "(default: standard input when it is not a terminal)")
    g = p.add_argument_group("output")
    g.add_argument("-f", "--format", choices=list(formats), default="text",
                   help="output format (default: text); see the README for each")
    g.add_argument("-o", "--output", metavar="PATH",
                   help="output file (default: standard output); with several inputs, a folder that "
                        "receives one output per input (same relative paths)")
    g.add_argument("-i", "--in-place", action="store_true", help="replace each input file with its repaired text")
    g.add_argument("--backup", metavar="SUFFIX",
                   help="with --in-place: keep the original as FILE+SUFFIX (e.g. .orig); an existing "
                        "backup is never overwritten: the next is FILE+SUFFIX.~1~, .~2~, ...")
    g.add_argument("--output-encoding", default="utf-8", metavar="ENC",
                   help="encoding of the output (default utf-8; 'input' keeps each input's encoding)")
    g.add_argument("-q", "--quiet", action="store_true", help="no summary line and no progress bar (errors still)")
    g = p.add_argument_group("input")
    g.add_argument("-r", "--recursive", action="store_true", help="process the files inside folders, recursively")
    g.add_argument("--include", action="append", metavar="GLOB",
                   help="with -r: names of the files to take from folders (repeatable; default *.txt)")
    g.add_argument("-e", "--encoding", metavar="ENC",
                   help="input encoding (default: detected: UTF-8/UTF-16 BOM, UTF-8, GB18030, Big5, ...)")
    g.add_argument("-j", "--jobs", type=int, default=1, metavar="N",
                   help="worker processes, each loading the model once: several inputs are shared "
                        "among them, a single big input's blocks too (default 1)")
    g.add_argument("--scheduler", metavar="ADDR",
                   help="repair on a Dask cluster: tcp://HOST:PORT of a running scheduler, a scheduler "
                        "file, or local:N (a local cluster of N worker processes); needs docfix[cluster]")
    g.add_argument("--no-resume", action="store_true",
                   help="with -o DIR or --in-place: process every input, also those an earlier run of "
                        "the same command finished (default: skip them; see .docfix-manifest.jsonl)")
    g.add_argument("--block-size", type=int, default=200_000, metavar="CHARS",
                   help="big inputs are processed in blocks of about this many characters, cut at "
                        "paragraph/line/sentence ends (default 200000)")
    p.add_argument("--rule", action="append", default=[], metavar="NAME=on|off",
                   help="switch a normalisation rule on or off, or set it (variants=t2s); repeatable; "
                        "with --normalize or docfix normalize")
    p.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)


def repair_parser() -> argparse.ArgumentParser:
    p = Parser(
        prog="docfix",
        description="Restore glyphs dropped by broken PDF fonts in Chinese text, with a confidence per edit.",
        epilog=_exit_code_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"docfix {__version__}")
    _add_io_arguments(p, ["text", "diff", "marked", "json", "jsonl", "html"])
    g = p.add_argument_group("repair")
    g.add_argument("-t", "--threshold", metavar="P",
                   help="apply edits whose confidence is at least P (0..1; default: the engine's "
                        "calibrated threshold); the others are reported only")
    g.add_argument("--model", metavar="PATH", help="KenLM model (.klm with its .npz next to it); default: shipped")
    g.add_argument("--lexicon", action="append", metavar="PATH",
                   help="lexicon file or folder (repeatable); default: shipped")
    g.add_argument("-n", "--normalize", action="store_true",
                   help="normalise first, then repair; edits keep offsets into the original input")
    g.add_argument("--password", metavar="PW", help="password of encrypted PDF inputs")
    g.add_argument("--no-shapes", action="store_true",
                   help="PDF inputs: read unmapped glyphs from the text alone, without comparing their shapes "
                   "with reference fonts")
    g.add_argument("--ocr", action="store_true",
                   help="also correct characters OCR read as a look-alike (2O22年 -> 2022年, 己经 -> 已经)")
    return p


def normalize_parser() -> argparse.ArgumentParser:
    p = Parser(
        prog="docfix normalize",
        description="Normalise extracted Chinese text (variants, punctuation, radicals, spaces, broken lines).",
        epilog="Exit codes and I/O conventions are those of docfix (see docfix --help).",
    )
    _add_io_arguments(p, ["text", "diff", "json", "jsonl"])
    return p


_ON = ("on", "true", "yes", "1")
_OFF = ("off", "false", "no", "0")


def parse_switches(specs: Sequence[str]) -> Dict[str, Any]:
    """``NAME=on|off`` (or ``NAME=VALUE``, e.g. ``variants=t2s``) into keyword arguments."""
    out: Dict[str, Any] = {}
    for spec in specs:
        name, sep, val = spec.partition("=")
        name = name.strip().replace("-", "_")
        v = val.strip()
        if not sep or not name.isidentifier() or not v:
            raise DocfixError(ExitCode.USAGE, E.BAD_SWITCH, spec=spec, detail=E.SWITCH_SYNTAX)
        out[name] = True if v.lower() in _ON else False if v.lower() in _OFF else v
    return out


def make_config(ns: argparse.Namespace, command: str) -> Config:
    cfg = Config(command=command, fmt=ns.format, debug=bool(ns.debug or os.environ.get("DOCFIX_DEBUG")))
    if command == "repair":
        if ns.threshold is not None:
            try:
                t = float(ns.threshold)
            except ValueError:
                t = float("nan")
            if not 0.0 <= t <= 1.0:
                raise DocfixError(ExitCode.USAGE, E.BAD_THRESHOLD, value=ns.threshold)
            cfg.threshold = t
        cfg.normalize = bool(ns.normalize)
        cfg.password = ns.password
        cfg.ocr = bool(ns.ocr)
        cfg.shapes = not getattr(ns, "no_shapes", False)
        if ns.model is not None:
            if not Path(ns.model).is_file():
                raise DocfixError(ExitCode.RESOURCES, E.MODEL_NOT_FOUND, model=ns.model)
            cfg.model = ns.model
        if ns.lexicon:
            for lx in ns.lexicon:
                if not Path(lx).exists():
                    raise DocfixError(ExitCode.RESOURCES, E.LEXICON_NOT_FOUND, lexicon=lx)
            cfg.lexicon = list(ns.lexicon)
    cfg.switches = parse_switches(ns.rule)
    if cfg.switches and not (cfg.normalize or command == "normalize"):
        raise DocfixError(ExitCode.USAGE, E.RULE_NEEDS_NORMALIZE)
    if cfg.normalize or command == "normalize":
        load_normalize(cfg.switches)  # missing module (7) or bad switches (2): fail before any input
    if ns.encoding:
        cfg.encoding = canonical_encoding(ns.encoding)
    if ns.output_encoding.lower() == "input":
        cfg.output_encoding = "input"
    else:
        cfg.output_encoding = canonical_encoding(ns.output_encoding)
    if ns.block_size < MIN_BLOCK_CHARS:
        raise DocfixError(ExitCode.USAGE, E.BAD_BLOCK, minimum=MIN_BLOCK_CHARS, value=ns.block_size)
    cfg.block_chars = ns.block_size
    if ns.jobs is None or ns.jobs < 1:
        raise DocfixError(ExitCode.USAGE, E.BAD_JOBS, value=ns.jobs)
    if ns.scheduler and ns.jobs > 1:
        raise DocfixError(ExitCode.USAGE, E.JOBS_AND_SCHEDULER)
    return cfg

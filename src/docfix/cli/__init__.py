"""The ``docfix`` command.

::

    docfix [OPTIONS] FILE|DIR|GLOB|- ...      repair (restore dropped glyphs)
    docfix normalize [OPTIONS] FILE ...       normalise only
    docfix train ...                          train a character model
    docfix bench ...                          run the benchmark

A word given first that names a sub-command is the sub-command; a file of that
name is given as ``./train`` (or after ``--``). Problems are reported as one
line ``docfix: ...`` on stderr with the exit codes of :mod:`docfix.errors`;
outputs are written atomically (temporary file + rename), never half.
"""
from __future__ import annotations

import os
import sys
import threading
import warnings
from typing import Any, List, Optional, Sequence

from .. import errors as E
from ..errors import DocfixError, ExitCode, exception_text, first_line
from .args import Parser
from .console import print_error, quiet_stdout
from .run import run_command

__all__ = ["main"]

SUBCOMMANDS = ("normalize", "train", "bench")
#: The module of each sub-command but ``normalize``, relative to the package
#: ``docfix``; it has ``add_arguments(parser)`` and ``run(namespace)``.
SUBCOMMAND_MODULES = {"train": "train", "bench": "lab.bench"}


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised where the program is, so that it unwinds as
    for Ctrl-C: temporary outputs are removed, workers stopped."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _on_signal(signum: int, frame: Any) -> None:
    raise Terminated(signum)


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run the ``docfix`` command; returns the exit code."""
    import signal

    saved = {}
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
            if sig is not None:
                saved[sig] = signal.signal(sig, _on_signal)
    try:
        return _main(argv)
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


def _main(argv: Optional[Sequence[str]]) -> int:
    import signal

    args = list(sys.argv[1:] if argv is None else argv)
    debug = bool(os.environ.get("DOCFIX_DEBUG"))
    if not debug:
        warnings.simplefilter("ignore")
    try:
        if args and args[0] in SUBCOMMANDS:
            return _subcommand(args[0], args[1:])
        return run_command(args, "repair")
    except DocfixError as e:
        if not getattr(e, "silent", False):
            print_error(e.line)
        return int(e.code)
    except Terminated as e:
        name = signal.Signals(e.signum).name
        print_error(E.TERMINATED.format(signal=name))
        return 128 + int(e.signum)
    except KeyboardInterrupt:
        print_error(E.INTERRUPTED)
        return int(ExitCode.INTERRUPTED)
    except SystemExit as e:  # --help, --version, and sub-commands that exit
        code = e.code
        if code is None:
            return 0
        if isinstance(code, int):
            return code
        print_error(str(code))
        return int(ExitCode.USAGE)
    except BrokenPipeError:
        quiet_stdout()
        return int(ExitCode.CANT_WRITE)
    except Exception as e:  # noqa: BLE001 - never a traceback
        if debug:
            raise
        print_error(E.INTERNAL.format(kind=type(e).__name__, reason=first_line(e)))
        return int(ExitCode.INTERNAL)


def _subcommand(name: str, rest: List[str]) -> int:
    if name == "normalize":
        return run_command(rest, "normalize")
    import importlib

    try:
        mod = importlib.import_module(f"..{SUBCOMMAND_MODULES[name]}", __package__)
        add_arguments = getattr(mod, "add_arguments")
        run = getattr(mod, "run")
    except Exception as e:  # noqa: BLE001 - a broken optional module must not break repair
        raise DocfixError(ExitCode.RESOURCES, E.COMPONENT_MISSING, name=name, reason=exception_text(e)) from None
    doc = (mod.__doc__ or "").strip().splitlines()
    parser = Parser(prog=f"docfix {name}", description=doc[0] if doc else None)
    add_arguments(parser)
    ns = parser.parse_args(rest)
    rc = run(ns)
    return int(rc or 0)

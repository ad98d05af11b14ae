"""Exit codes and user-facing error messages of the ``docfix`` command.

All messages live here, in one place (in the manner of ftfy's ``badness``
tables): the command prints exactly one line per problem on stderr,
``docfix: <message>``, and never a traceback.

>>> ExitCode.NOT_TEXT.value
4
>>> str(DocfixError(ExitCode.EMPTY, EMPTY, path="a.txt"))
'a.txt: input is empty'
"""
from __future__ import annotations

from enum import IntEnum
from typing import Any

__all__ = ["ExitCode", "DocfixError", "EXIT_CODE_TABLE", "first_line", "exception_text", "os_reason"]


class ExitCode(IntEnum):
    """Exit status of ``docfix`` (documented in the README)."""

    OK = 0  #: every input was processed
    PARTIAL = 1  #: several inputs: at least one failed, the others were processed
    USAGE = 2  #: bad options or arguments
    NO_INPUT = 3  #: input missing, unreadable, or a directory without -r
    NOT_TEXT = 4  #: input is binary or not decodable in the detected/forced encoding
    EMPTY = 5  #: input is empty
    CANT_WRITE = 6  #: output cannot be written (or encoded in the output encoding)
    RESOURCES = 7  #: model, lexicon or an optional component missing or broken
    TOO_LARGE = 8  #: input too large for an in-memory format (html)
    INTERNAL = 9  #: unexpected internal error (a bug: please report it)
    HANGUP = 129  #: stopped by SIGHUP (the terminal went away)
    INTERRUPTED = 130  #: interrupted (Ctrl-C)
    TERMINATED = 143  #: stopped by SIGTERM


#: (code, meaning) rows for documentation and ``docfix --help``.
EXIT_CODE_TABLE = [
    (ExitCode.OK, "success: every input was processed"),
    (ExitCode.PARTIAL, "several inputs: some failed (one line each on stderr), the others were processed"),
    (ExitCode.USAGE, "usage error: bad option, option conflict, unknown encoding"),
    (ExitCode.NO_INPUT, "input not found, unreadable, glob matched nothing, a directory without -r, "
                        "or an encrypted PDF without its --password"),
    (ExitCode.NOT_TEXT, "input is binary (image, NUL bytes, a PDF on stdin) or has bytes invalid in its encoding; "
                        "a corrupt PDF, or one with no text layer (a scan: OCR it first)"),
    (ExitCode.EMPTY, "input is empty"),
    (ExitCode.CANT_WRITE, "output cannot be written (missing folder, not a folder, read-only, disk full) or encoded"),
    (ExitCode.RESOURCES, "model, lexicon or an optional component (train, bench, normalize) missing or broken"),
    (ExitCode.TOO_LARGE, "input too large for --format html (use json, jsonl, diff or text: they stream)"),
    (ExitCode.INTERNAL, "internal error (a bug; the message names the exception)"),
    (ExitCode.HANGUP, "stopped by SIGHUP: outputs not finished are not written, no temporary file is left"),
    (ExitCode.INTERRUPTED, "interrupted by Ctrl-C (likewise)"),
    (ExitCode.TERMINATED, "stopped by SIGTERM (likewise); the same command resumes a -o DIR or --in-place batch"),
]

# --------------------------------------------------------------- messages
# Placeholders are filled with str.format(**fields).

# usage
USAGE = "{detail} (see docfix --help)"
NO_INPUTS = "no input given (a FILE, DIR, glob or - for stdin; see docfix --help)"
BAD_THRESHOLD = "--threshold must be a number between 0 and 1, not {value!r}"
BAD_JOBS = "--jobs must be a positive integer, not {value!r}"
BAD_BLOCK = "--block-size must be at least {minimum} characters, not {value!r}"
UNKNOWN_ENCODING = "unknown encoding {name!r}"
INPLACE_STDIN = "--in-place cannot rewrite standard input"
INPLACE_OUTPUT = "--in-place and -o/--output cannot be used together"
INPLACE_FORMAT = "--in-place writes repaired text; it cannot be combined with --format {fmt}"
BACKUP_WITHOUT_INPLACE = "--backup only makes sense with --in-place"
MANY_INPUTS = (
    "{n} inputs but one output: use -o DIR (one output file per input), --in-place, "
    "or --format jsonl/diff (one stream)"
)
OUTPUT_NOT_DIR = "{n} inputs: -o {target} must be a folder (it is a file)"
STDIN_TWICE = "standard input (-) can be given only once"
DUPLICATE_OUTPUT = "two inputs would write the same output file {target}"
BAD_SWITCH = "bad normalisation switch {spec!r}: {detail}"
SWITCH_SYNTAX = "expected NAME=on, NAME=off or NAME=VALUE"
UNKNOWN_RULE = "unknown rule; the rules are: {known}"
RULE_NEEDS_NORMALIZE = "--rule needs --normalize (or docfix normalize)"
FORMAT_UNSUPPORTED = "--format {fmt} is not available for docfix {command}"

# inputs
NOT_FOUND = "no such file or directory"
NO_MATCH = "no file matches this pattern"
IS_DIR = "is a directory (use -r to process the files in it)"
DIR_EMPTY = "no {include} file in this directory"
NOT_REGULAR = "not a regular file"
UNREADABLE = "cannot read: {reason}"
BINARY = "not a text file ({what})"
PDF = "not a text file (a PDF: give it as a file, docfix report.pdf, which reads it glyph by glyph)"
UNDECODABLE = "invalid {encoding} bytes at byte offset {offset} (force another encoding with --encoding)"
UNKNOWN_TEXT_ENCODING = "cannot detect the text encoding (force one with --encoding)"
EMPTY = "input is empty"
TOO_LARGE = (
    "input too large for --format {fmt} ({size} characters, limit {limit}); "
    "use --format json, jsonl, diff or text, which stream"
)

# outputs
CANT_WRITE = "cannot write {target}: {reason}"
CANT_ENCODE = "cannot encode {char!r} (U+{codepoint:04X}) in {encoding} (choose --output-encoding utf-8)"

# resources
MODEL_NOT_FOUND = "model not found: {model}"
MODEL_BROKEN = "cannot load the model/lexicons: {reason}"
LEXICON_NOT_FOUND = "lexicon not found: {lexicon}"
COMPONENT_MISSING = "docfix {name} is not available: {reason}"

# other
INTERNAL = "internal error: {kind}: {reason} (please report this bug)"
INTERRUPTED = "interrupted"
TERMINATED = "stopped by {signal}; outputs not finished were not written (run the same command again to resume)"
SUMMARY_NOTHING = "nothing to do: {skipped} {files_word} done by an earlier run of this command (--no-resume redoes them)"
SUMMARY_SKIPPED = "{skipped} {files_word} done by an earlier run, skipped (--no-resume redoes them)"
BAD_SCHEDULER = "bad --scheduler {value!r}: give tcp://HOST:PORT, a scheduler file, or local:N"
NO_SCHEDULER = "cannot reach the Dask scheduler {value}: {reason}"
JOBS_AND_SCHEDULER = "--jobs and --scheduler exclude each other (a cluster's size is its workers')"
SUMMARY = "{files} {files_word}, {ok} ok, {failed} failed; {work} ({seconds:.1f} s)"
SUMMARY_REPAIR = "{applied} {applied_word} applied, {reported} reported"
SUMMARY_CHANGES = "{changes} normalisation {changes_word}"


class DocfixError(Exception):
    """An expected failure with its exit code and a one-line message.

    ``path`` (optional) prefixes the message: ``"a.txt: input is empty"``.
    """

    def __init__(self, code: ExitCode, template: str, *, path: Any = None, **fields: Any):
        self.code = ExitCode(code)
        self.path = None if path is None else str(path)
        try:
            msg = template.format(**fields)
        except (KeyError, IndexError, ValueError):  # pragma: no cover - defensive
            msg = template
        self.message = " ".join(msg.split())  # always one line
        super().__init__(self.line)

    @property
    def line(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message

    def with_path(self, path: Any) -> "DocfixError":
        if self.path is None:
            self.path = str(path)
            self.args = (self.line,)
        return self

    def __str__(self) -> str:
        return self.line

    def __reduce__(self):  # picklable across worker processes
        return (_restore, (int(self.code), self.message, self.path))


def _restore(code: int, message: str, path: Any) -> DocfixError:
    return DocfixError(ExitCode(code), message.replace("{", "{{").replace("}", "}}"), path=path)

# PDF input (docfix.pdf)
NO_SHAPE_FONTS = (
    "note: no CJK reference font (DOCFIX_SHAPE_FONTS names none), so the glyphs the PDF cannot map are read "
    "from the text alone (name font files or docfix's models/shapes-*.npz in DOCFIX_SHAPE_FONTS, or unset it)"
)
PDF_ENCRYPTED = "PDF is encrypted: give its password with --password"
PDF_WRONG_PASSWORD = "wrong password for this encrypted PDF"
PDF_NO_TEXT = "PDF has no text layer (a scan?): OCR it first"
PDF_NO_PAGES = "PDF has no pages"
PDF_UNREADABLE = "cannot read PDF: {reason}"


# --------------------------------------------------------------- exceptions as one line
def first_line(e: BaseException) -> str:
    """The first line of ``e``'s message (``"no message"`` when it has none)."""
    s = str(e).strip()
    return s.splitlines()[0] if s else "no message"


def exception_text(e: BaseException) -> str:
    """``"TypeName: first line of the message"`` (just the type without a message).

    >>> exception_text(ValueError("bad\\nvalue")), exception_text(KeyError())
    ('ValueError: bad', 'KeyError')
    """
    msg = str(e).strip().splitlines()[0] if str(e).strip() else ""
    return f"{type(e).__name__}: {msg}" if msg else type(e).__name__


def os_reason(e: BaseException) -> str:
    """Why an operating-system call failed, for a message (``"permission denied"``)."""
    if isinstance(e, OSError) and e.strerror:
        return e.strerror.lower() if e.strerror[:1].isupper() and e.strerror[1:2].islower() else e.strerror
    return str(e) or type(e).__name__

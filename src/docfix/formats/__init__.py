"""Output formats of the ``docfix`` command.

A writer receives the document block by block (:class:`Block`: the input
text of the block, the output text, the edits with offsets into the whole
input) and writes to anything with a ``write(str)`` method, so that every
format but ``html`` streams with bounded memory.

* ``text``: the repaired (or normalised) text, line endings as in the input.
* ``diff``: a unified diff of input against output (``patch``-compatible,
  3 lines of context, line endings kept); only applied edits change lines.
* ``marked``: the output text with applied insertions as ``{+X+}`` and
  reported (not applied) ones as ``{?X?}``.
* ``json`` / ``jsonl``: the repair contract (see :mod:`docfix.schema`).
* ``html``: a self-contained review page (in memory, size-limited).

>>> import io
>>> from docfix.result import Edit
>>> b = Block(0, "222年", "2022年", [Edit(1, "0", 0.95, True)])
>>> out = io.StringIO(); w = MarkedWriter(out); w.block(b); w.end({}); out.getvalue()
'2{+0+}22年'
"""
from __future__ import annotations

from typing import Any, Dict

from ..result import Edit
from .base import Block, Out, Writer
from .diff import DiffWriter
from .html_review import HTML_MAX_CHARS, HtmlWriter
from .json_report import JsonWriter, error_record
from .plain import MarkedWriter, TextWriter

__all__ = [
    "Block",
    "FORMATS",
    "TextWriter",
    "DiffWriter",
    "MarkedWriter",
    "JsonWriter",
    "HtmlWriter",
    "edit_dict",
    "error_record",
    "HTML_MAX_CHARS",
]

#: Formats and the file extension an output file gets in ``-o DIR`` mode.
FORMATS: Dict[str, str] = {
    "text": "",
    "diff": ".diff",
    "marked": ".marked.txt",
    "json": ".json",
    "jsonl": ".jsonl",
    "html": ".html",
}

#: The JSON form of an edit: :meth:`docfix.result.Edit.to_dict` (the one
#: function every report uses), under its older name.
edit_dict = Edit.to_dict


def make_writer(fmt: str, out: Out, meta: Dict[str, Any], *, kind: str = "repair") -> Writer:
    """The writer for ``fmt`` (one of :data:`FORMATS`)."""
    if fmt == "text":
        return TextWriter(out, meta)
    if fmt == "diff":
        return DiffWriter(out, meta)
    if fmt == "marked":
        return MarkedWriter(out, meta)
    if fmt in ("json", "jsonl"):
        return JsonWriter(out, meta, lines=fmt == "jsonl", kind=kind)
    if fmt == "html":
        return HtmlWriter(out, meta)
    raise ValueError(f"unknown format {fmt!r}")

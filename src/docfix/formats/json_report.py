"""The ``json`` and ``jsonl`` formats: the repair contract (see
:mod:`docfix.schema`), streamed; and the error line of a failed input in a
``jsonl`` stream."""
from __future__ import annotations

import json
import tempfile
from typing import Any, Dict, Optional

from ..result import json_number
from .base import Block, Out, Writer

__all__ = ["JsonWriter", "error_record"]


def error_record(version: str, file: str, code: int, message: str) -> Dict[str, Any]:
    return {"version": version, "file": file, "error": {"code": int(code), "message": message}}


class JsonWriter(Writer):
    """The repair contract as JSON, streamed.

    ``json``: one pretty object (one edit per line); ``jsonl``: one line.
    The text is written block by block; edits wait in a spooled temporary
    file, so memory stays bounded whatever the input size. ``dropped`` is
    the largest posterior a glyph got in any block.
    """

    def __init__(self, out: Out, meta: Optional[Dict[str, Any]] = None, *, lines: bool = False, kind: str = "repair"):
        super().__init__(out, meta)
        self.lines = lines
        self.kind = kind
        self.nl = "" if lines else "\n"
        self.ind = "" if lines else "  "
        self.sep = ", " if lines else ",\n"
        self._edits = tempfile.SpooledTemporaryFile(max_size=4 << 20, mode="w+", encoding="utf-8")
        self._changes = tempfile.SpooledTemporaryFile(max_size=4 << 20, mode="w+", encoding="utf-8")
        self.n_edits = 0
        self.n_changes = 0
        self.dropped: Dict[str, float] = {}
        self.out.write("{" + self.nl)
        for key in ("version", "file", "encoding"):
            self.out.write(f"{self.ind}{json.dumps(key)}: {json.dumps(self.meta.get(key, ''), ensure_ascii=False)}{self.sep}")
        self.out.write(f'{self.ind}"text": "')

    def block(self, b: Block) -> None:
        self.out.write(json.dumps(b.output, ensure_ascii=False)[1:-1])
        for e in b.edits:
            self._edits.write(json.dumps(e.to_dict(), ensure_ascii=False) + "\n")
            self.n_edits += 1
        for c in b.changes:
            self._changes.write(json.dumps(c, ensure_ascii=False) + "\n")
            self.n_changes += 1
        for g, p in b.dropped.items():
            p = json_number(p)
            if p > self.dropped.get(g, -1.0):
                self.dropped[g] = p

    def _array(self, key: str, spool: Any, n: int) -> None:
        spool.seek(0)
        self.out.write(f"{self.sep}{self.ind}{json.dumps(key)}: [")
        first = True
        for line in spool:
            self.out.write(("" if first else ",") + ("" if self.lines else "\n" + 2 * self.ind) + line.rstrip("\n"))
            first = False
        if n and not self.lines:
            self.out.write("\n" + self.ind)
        self.out.write("]")
        spool.close()

    def end(self, summary: Dict[str, Any]) -> None:
        self.out.write('"')
        if self.kind == "repair":
            self._array("edits", self._edits, self.n_edits)
            dropped = json.dumps(dict(sorted(self.dropped.items(), key=lambda kv: -kv[1])), ensure_ascii=False)
            self.out.write(f"{self.sep}{self.ind}\"dropped\": {dropped}")
        else:
            self._edits.close()
        if self.kind == "normalize" or self.n_changes or self.meta.get("normalized"):
            self._array("changes", self._changes, self.n_changes)
        else:
            self._changes.close()
        self.out.write(f"{self.sep}{self.ind}\"summary\": {json.dumps(summary, ensure_ascii=False)}")
        self.out.write(self.nl + "}\n")


"""The ``diff`` format: a streaming unified diff of input against output."""
from __future__ import annotations

import tempfile
from collections import deque
from typing import Any, Deque, Dict, List, Optional, Sequence

from .base import Block, Out, Writer

__all__ = ["DiffWriter"]


def _lines(text: str) -> List[str]:
    """Split after each "\n" only (form feeds and lone "\r" stay inside lines)."""
    out: List[str] = []
    i = 0
    n = len(text)
    while i < n:
        j = text.find("\n", i)
        if j < 0:
            out.append(text[i:])
            break
        out.append(text[i:j + 1])
        i = j + 1
    return out


def _render(line: str) -> str:
    """A diff line as written: a line without a final newline gets the
    ``\\ No newline at end of file`` marker."""
    return line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"


class DiffWriter(Writer):
    """Streaming unified diff (``diff -u`` layout, ``n`` lines of context).

    Lines are compared block by block; a line cut between two blocks (a very
    long line) is carried over so that hunks always hold whole lines.

    >>> import io
    >>> out = io.StringIO()
    >>> w = DiffWriter(out, {"from": "a.txt", "to": "a.txt"})
    >>> w.block(Block(0, "x\\n222年\\ny\\n", "x\\n2022年\\ny\\n"))
    >>> w.end({}); print(out.getvalue(), end="")
    --- a.txt
    +++ a.txt
    @@ -1,3 +1,3 @@
     x
    -222年
    +2022年
     y
    """

    #: A hunk longer than this many lines is ended at the next change.
    MAX_HUNK_LINES = 2000

    def __init__(self, out: Out, meta: Optional[Dict[str, Any]] = None, n: int = 3):
        super().__init__(out, meta)
        self.n = n
        self.a_pos = 0  # lines of input seen
        self.b_pos = 0
        self.hunk: Optional[List[str]] = None
        self.h_a = self.h_b = 0  # hunk start (0-based)
        self.h_alen = self.h_blen = 0
        self.after: List[str] = []  # equal lines since the last change (hunk open)
        self.lead: Deque[str] = deque(maxlen=n)
        self.carry_a = ""
        self.carry_b = ""
        self.header = False
        self._spool: Any = None
        self.normalized = bool(self.meta.get("normalized"))

    # -- line stream
    def block(self, b: Block) -> None:
        a = self.carry_a + b.input
        o = self.carry_b + b.output
        a_lines = _lines(a)
        b_lines = _lines(o)
        # keep an unfinished last line for the next block
        if a_lines and not a_lines[-1].endswith("\n"):
            self.carry_a = a_lines.pop()
        else:
            self.carry_a = ""
        if b_lines and not b_lines[-1].endswith("\n"):
            self.carry_b = b_lines.pop()
        else:
            self.carry_b = ""
        self._compare(a_lines, b_lines)

    def _compare(self, a_lines: List[str], b_lines: List[str]) -> None:
        if len(a_lines) == len(b_lines) and not self.normalized:
            for x, y in zip(a_lines, b_lines):
                if x == y:
                    self._equal(x)
                else:
                    self._change([x], [y])
            return
        import difflib

        sm = difflib.SequenceMatcher(None, a_lines, b_lines, autojunk=False)
        for tag, i1, i2, j1, j2 in sm.get_opcodes():
            if tag == "equal":
                for x in a_lines[i1:i2]:
                    self._equal(x)
            else:
                self._change(a_lines[i1:i2], b_lines[j1:j2])

    def _equal(self, line: str) -> None:
        if self.hunk is not None:
            self.after.append(line)
            if len(self.after) > 2 * self.n:
                self._close_hunk()
        else:
            self.lead.append(line)
        self.a_pos += 1
        self.b_pos += 1

    def _change(self, old: Sequence[str], new: Sequence[str]) -> None:
        if self.hunk is None:
            self.hunk = [" " + x for x in self.lead]
            self.h_a = self.a_pos - len(self.lead)
            self.h_b = self.b_pos - len(self.lead)
            self.h_alen = self.h_blen = len(self.lead)
            self.lead.clear()
        else:
            self.hunk += [" " + x for x in self.after]
            self.h_alen += len(self.after)
            self.h_blen += len(self.after)
            self.after = []
        self.hunk += ["-" + x for x in old]
        self.hunk += ["+" + x for x in new]
        if len(self.hunk) > self.MAX_HUNK_LINES:
            self._spill()
        self.h_alen += len(old)
        self.h_blen += len(new)
        self.a_pos += len(old)
        self.b_pos += len(new)

    def _spill(self) -> None:
        """Bound memory: move a long hunk's lines to a spooled temporary file."""
        assert self.hunk is not None
        if self._spool is None:
            self._spool = tempfile.SpooledTemporaryFile(max_size=8 << 20, mode="w+", encoding="utf-8", newline="")
        self._spool.write("".join(_render(x) for x in self.hunk))
        self.hunk = []

    def _close_hunk(self) -> None:
        assert self.hunk is not None
        ctx = self.after[: self.n]
        rest = self.after[self.n:]
        self.hunk += [" " + x for x in ctx]
        self.h_alen += len(ctx)
        self.h_blen += len(ctx)
        if not self.header:
            self.out.write(f"--- {self.meta.get('from', 'input')}\n+++ {self.meta.get('to', 'output')}\n")
            self.header = True

        def rng(start: int, length: int) -> str:
            if length == 1:
                return str(start + 1)
            return f"{start + 1 if length else start},{length}"

        self.out.write(f"@@ -{rng(self.h_a, self.h_alen)} +{rng(self.h_b, self.h_blen)} @@\n")
        if self._spool is not None:
            self._spill()
            self._spool.seek(0)
            while True:
                chunk = self._spool.read(1 << 16)
                if not chunk:
                    break
                self.out.write(chunk)
        else:
            self.out.write("".join(_render(x) for x in self.hunk))
        if self._spool is not None:
            self._spool.close()
            self._spool = None
        self.hunk = None
        self.after = []
        self.lead.clear()
        self.lead.extend(rest[-self.n:] if self.n else [])

    def end(self, summary: Dict[str, Any]) -> None:
        if self.carry_a or self.carry_b:
            a = [self.carry_a] if self.carry_a else []
            b = [self.carry_b] if self.carry_b else []
            self.carry_a = self.carry_b = ""
            self._compare(a, b)
        if self.hunk is not None:
            self._close_hunk()


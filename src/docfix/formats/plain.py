"""The text formats: ``text`` (the output text) and ``marked`` (the output
with each edit marked in place)."""
from __future__ import annotations

from typing import List

from .base import Block, Writer

__all__ = ["TextWriter", "MarkedWriter"]


class TextWriter(Writer):
    def block(self, b: Block) -> None:
        self.out.write(b.output)


class MarkedWriter(Writer):
    """``{+X+}`` around applied insertions, ``{?X?}`` where a reported one would go;
    a replaced trace shows as ``[-(cid:5)-]{+X+}`` (applied) or ``{?(cid:5)→X?}``
    (reported: the trace stays in the text).

    >>> import io
    >>> from docfix.result import Edit
    >>> out = io.StringIO()
    >>> MarkedWriter(out).block(Block(0, "2(cid:5)2年月", "2022年月", [Edit(1, "0", 0.9, True, replaces="(cid:5)"), Edit(11, "1", 0.3, False)]))
    >>> out.getvalue()
    '2[-(cid:5)-]{+0+}22年{?1?}月'
    """

    def block(self, b: Block) -> None:
        parts: List[str] = []
        last = 0
        text = b.output
        for e, pos in zip(b.edits, b.marks or []):
            parts.append(text[last:pos])
            if e.applied:
                parts.append(("[-" + e.replaces + "-]" if e.replaces else "") + "{+" + e.insert + "+}")
                last = pos + len(e.insert)
            elif e.replaces:
                parts.append("{?" + e.replaces + "→" + e.insert + "?}")
                last = pos + len(e.replaces)
            elif getattr(e, "kind", "") == "missing-digit":
                parts.append("{?#?}")  # a digit is missing here; the text does not say which
                last = pos
            else:
                parts.append("{?" + e.insert + "?}")
                last = pos
        parts.append(text[last:])
        self.out.write("".join(parts))


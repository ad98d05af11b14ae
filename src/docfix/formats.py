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

>>> from docfix.result import Edit
>>> b = Block(0, "222年", "2022年", [Edit(1, "0", 0.95, True)])
>>> out = io.StringIO(); w = MarkedWriter(out); w.block(b); w.end({}); out.getvalue()
'2{+0+}22年'
"""
from __future__ import annotations

import html
import io
import json
import math
import tempfile
from collections import Counter, deque
from dataclasses import dataclass, field
from typing import Any, Deque, Dict, List, Optional, Protocol, Sequence

from .result import Edit

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

#: The html report keeps the document in memory: inputs longer than this
#: (characters) are refused with exit code 8.
HTML_MAX_CHARS = 5_000_000


class Out(Protocol):
    def write(self, text: str) -> Any:
        ...


@dataclass
class Block:
    """One block of a document.

    ``start``: input offset of the block; ``input``/``output``: its text
    before/after; ``edits``: edits with offsets into the WHOLE input;
    ``marks``: for each edit, where it sits in ``output`` (applied: the
    inserted text starts there; reported: it would go there), computed
    from ``edits`` when not given; ``changes``: normalisation changes
    (dicts with input offsets); ``dropped``: glyph posteriors of the block.
    """

    start: int
    input: str
    output: str
    edits: List[Edit] = field(default_factory=list)
    marks: Optional[List[int]] = None
    changes: List[Dict[str, Any]] = field(default_factory=list)
    dropped: Dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.marks is None:
            marks: List[int] = []
            shift = 0
            for e in self.edits:
                marks.append(e.offset - self.start + shift)
                if e.applied:
                    shift += len(e.insert) - len(e.replaces)
            self.marks = marks


def edit_dict(e: Edit) -> Dict[str, Any]:
    """The JSON form of an edit (plain Python types).

    >>> edit_dict(Edit(1, "0", 0.5, False, [("1", 0.25)], "lm"))
    {'offset': 1, 'insert': '0', 'confidence': 0.5, 'applied': False, 'alternatives': [['1', 0.25]], 'reason': 'lm', 'replaces': '', 'kind': 'restore'}
    """
    return {
        "offset": int(e.offset),
        "insert": str(e.insert),
        "confidence": _num(e.confidence),
        "applied": bool(e.applied),
        "alternatives": [[str(a), _num(p)] for a, p in (e.alternatives or [])],
        "reason": str(e.reason or ""),
        "replaces": str(e.replaces or ""),
        "kind": str(getattr(e, "kind", "restore") or "restore"),
    }


def _num(x: Any) -> float:
    v = float(x)
    return 0.0 if math.isnan(v) else v


def error_record(version: str, file: str, code: int, message: str) -> Dict[str, Any]:
    return {"version": version, "file": file, "error": {"code": int(code), "message": message}}


class Writer:
    """Base class: ``block()`` for each block in order, then ``end(summary)``."""

    def __init__(self, out: Out, meta: Optional[Dict[str, Any]] = None):
        self.out = out
        self.meta = meta or {}

    def block(self, b: Block) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def end(self, summary: Dict[str, Any]) -> None:
        pass


class TextWriter(Writer):
    def block(self, b: Block) -> None:
        self.out.write(b.output)


class MarkedWriter(Writer):
    """``{+X+}`` around applied insertions, ``{?X?}`` where a reported one would go;
    a replaced trace shows as ``[-(cid:5)-]{+X+}`` (applied) or ``{?(cid:5)→X?}``
    (reported: the trace stays in the text).

    >>> import io
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


# ------------------------------------------------------------------ diff
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


# ------------------------------------------------------------------ json
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
            self._edits.write(json.dumps(edit_dict(e), ensure_ascii=False) + "\n")
            self.n_edits += 1
        for c in b.changes:
            self._changes.write(json.dumps(c, ensure_ascii=False) + "\n")
            self.n_changes += 1
        for g, p in b.dropped.items():
            p = _num(p)
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


# ------------------------------------------------------------------ html
_CSS = """
:root { --fg:#1d232b; --muted:#5b6673; --bg:#fbfaf7; --line:#d9d4ca; }
* { box-sizing: border-box; }
body { margin:0; font:15px/1.6 system-ui, "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", sans-serif;
       color:var(--fg); background:var(--bg); }
header { position:sticky; top:0; z-index:2; background:#fff; border-bottom:1px solid var(--line);
         padding:.6rem 1.2rem; }
h1 { font-size:1.15rem; margin:0 0 .2rem; }
h1 .file { font-family:ui-monospace, monospace; font-weight:600; }
.meta { color:var(--muted); margin:0 0 .4rem; font-size:.9rem; }
#filter { display:flex; flex-wrap:wrap; gap:.4rem 1.2rem; align-items:center; font-size:.92rem; }
#filter label { cursor:pointer; }
.scale { display:inline-flex; align-items:center; gap:.3rem; color:var(--muted); }
.scale i { display:inline-block; width:5.5rem; height:.8rem; border-radius:3px;
           background:linear-gradient(90deg, hsl(0 85% 78%), hsl(45 90% 72%), hsl(120 60% 72%)); }
main { display:grid; grid-template-columns:minmax(0, 1fr) 19rem; gap:1.2rem; padding:1rem 1.2rem; }
@media (max-width: 900px) { main { grid-template-columns:1fr; } }
#doc { font-family:inherit; white-space:pre-wrap; overflow-wrap:anywhere; background:#fff; border:1px solid var(--line);
       border-radius:6px; padding:1rem 1.2rem; font-size:16px; line-height:1.9; margin:0; }
ins.e { position:relative; text-decoration:none; border-radius:3px; padding:0 1px; cursor:help; outline:none;
        background:hsl(calc(var(--c) * 120) 75% 76%); box-shadow:0 0 0 1px hsl(calc(var(--c) * 120) 55% 45%); }
ins.e.r { background:transparent; color:hsl(calc(var(--c) * 120) 60% 32%);
          box-shadow:0 0 0 1px hsl(calc(var(--c) * 120) 55% 45%) inset; border:1px dashed hsl(calc(var(--c) * 120) 55% 40%);
          font-size:.85em; vertical-align:super; padding:0 2px; }
ins.e.off { background:none; box-shadow:none; border-color:transparent; }
ins.e.r.off { display:none; }
del.t { color:#8a8a8a; font-size:.7em; vertical-align:sub; text-decoration:line-through; }
ins.e[data-tip]:hover::after, ins.e[data-tip]:focus::after {
  content:attr(data-tip); position:absolute; left:0; top:1.9em; z-index:5; min-width:14rem; max-width:28rem;
  white-space:pre-line; background:#1d232b; color:#fff; padding:.45rem .6rem; border-radius:5px;
  font-size:.8rem; line-height:1.45; vertical-align:baseline; box-shadow:0 3px 10px rgba(0,0,0,.25); }
aside h2 { font-size:1rem; margin:.2rem 0 .4rem; }
table { border-collapse:collapse; width:100%; font-size:.88rem; background:#fff; }
th, td { border:1px solid var(--line); padding:.2rem .45rem; text-align:left; }
td.n, th.n { text-align:right; font-variant-numeric:tabular-nums; }
td.g { font-size:1.1rem; text-align:center; }
.empty { color:var(--muted); }
footer { color:var(--muted); font-size:.8rem; padding:0 1.2rem 1rem; }
"""

_JS = """
(function () {
  var doc = document.getElementById('doc');
  var edits = doc.querySelectorAll('ins.e');
  var showA = document.getElementById('show-applied');
  var showR = document.getElementById('show-reported');
  var minC = document.getElementById('min-conf');
  var minOut = document.getElementById('min-conf-value');
  var shown = document.getElementById('shown');
  function apply() {
    var m = parseFloat(minC.value) || 0, n = 0;
    minOut.textContent = m.toFixed(2);
    for (var i = 0; i < edits.length; i++) {
      var el = edits[i];
      var applied = el.getAttribute('data-applied') === 'true';
      var vis = (applied ? showA.checked : showR.checked) &&
                parseFloat(el.getAttribute('data-confidence')) >= m;
      el.classList.toggle('off', !vis);
      if (vis) n++;
    }
    shown.textContent = String(n);
    document.body.setAttribute('data-shown', String(n));
  }
  // initial state from the address: #hide=reported, #hide=applied, #min=0.5
  var focusOn = null;
  var h = (location.hash || '').replace(/^#/, '').split('&');
  for (var k = 0; k < h.length; k++) {
    var kv = h[k].split('=');
    if (kv[0] === 'hide' && kv[1] === 'reported') showR.checked = false;
    if (kv[0] === 'hide' && kv[1] === 'applied') showA.checked = false;
    if (kv[0] === 'min' && !isNaN(parseFloat(kv[1]))) minC.value = kv[1];
    if (kv[0] === 'edit') focusOn = document.getElementById('e' + kv[1]);
  }
  showA.addEventListener('change', apply);
  showR.addEventListener('change', apply);
  minC.addEventListener('input', apply);
  apply();
  if (focusOn) { focusOn.focus(); focusOn.scrollIntoView({block: 'center'}); }
})();
"""


def _esc(s: Any) -> str:
    return html.escape(str(s), quote=True)


def _fmt_alt(a: str) -> str:
    return "(nothing)" if a == "" else a


class HtmlWriter(Writer):
    """A self-contained review page (no external resources).

    Each edit is an ``<ins class="e a|r">`` element (``a``: applied, shown as
    inserted text; ``r``: reported only, shown as a small dashed mark where it
    would go) with ``data-offset``, ``data-insert``, ``data-confidence``,
    ``data-applied``, a colour from red (low confidence) to green (high), and
    its alternatives and reason in ``title`` and in a CSS tooltip. A filter
    (applied / reported / minimum confidence; also settable from the address
    as ``#hide=reported&min=0.5``; ``#edit=N`` focuses edit N and shows its
    tooltip) turns highlights on and off; a table counts edits per glyph.
    """

    def __init__(self, out: Out, meta: Optional[Dict[str, Any]] = None):
        super().__init__(out, meta)
        self.parts: List[str] = []
        self.edits: List[Edit] = []
        self.dropped: Dict[str, float] = {}
        self.chars = 0
        self.line = 1

    def block(self, b: Block) -> None:
        text = b.output
        last = 0
        for e, pos in zip(b.edits, b.marks or []):
            self.parts.append(_esc(text[last:pos]))
            k = len(self.edits)
            self.edits.append(e)
            if e.replaces and e.applied:
                self.parts.append(f'<del class="t" title="the extractor\'s trace">{_esc(e.replaces)}</del>')
            self.parts.append(self._ins(k, e))
            last = pos + len(e.insert) if e.applied else pos
        self.parts.append(_esc(text[last:]))
        for g, p in b.dropped.items():
            self.dropped[g] = max(self.dropped.get(g, 0.0), _num(p))
        self.chars += len(b.input)

    def _ins(self, k: int, e: Edit) -> str:
        c = min(max(_num(e.confidence), 0.0), 1.0)
        status = "applied" if e.applied else "reported, not applied"
        alts = ", ".join(f"{_fmt_alt(a)} {_num(p):.2f}" for a, p in (e.alternatives or [])) or "none"
        what = f"replace “{e.replaces}” by" if e.replaces else "insert"
        if getattr(e, "kind", "") == "missing-digit":
            what = "a digit is missing here (which one, the text does not say); likeliest"
        tip = (
            f"{what} “{e.insert}” at offset {e.offset}\n"
            f"confidence {c:.2f} ({status})\n"
            f"alternatives: {alts}\n"
            f"reason: {e.reason or '—'}"
        )
        cls = "e a" if e.applied else "e r"
        kind = getattr(e, "kind", "restore") or "restore"
        shown = "#" if kind == "missing-digit" else e.insert
        return (
            f'<ins id="e{k}" class="{cls}" tabindex="0" style="--c:{c:.3f}" data-offset="{int(e.offset)}"'
            f' data-insert="{_esc(e.insert)}" data-confidence="{c:.4f}" data-applied="{"true" if e.applied else "false"}"'
            f' data-kind="{kind}" title="{_esc(tip)}" data-tip="{_esc(tip)}">{_esc(shown)}</ins>'
        )

    def end(self, summary: Dict[str, Any]) -> None:
        m = self.meta
        applied = sum(1 for e in self.edits if e.applied)
        reported = len(self.edits) - applied
        per: Dict[str, Counter] = {}
        for e in self.edits:
            per.setdefault(e.insert, Counter())["a" if e.applied else "r"] += 1
        for g in self.dropped:
            per.setdefault(g, Counter())
        rows = sorted(per.items(), key=lambda kv: (-kv[1]["a"], -kv[1]["r"], -self.dropped.get(kv[0], 0.0), kv[0]))
        trs = []
        for g, cnt in rows:
            if not cnt["a"] and not cnt["r"] and self.dropped.get(g, 0.0) < 0.05:
                continue
            post = self.dropped.get(g)
            trs.append(
                f'<tr data-glyph="{_esc(g)}"><td class="g">{_esc(g)}</td><td class="n">{cnt["a"]}</td>'
                f'<td class="n">{cnt["r"]}</td><td class="n">{"" if post is None else f"{post:.2f}"}</td></tr>'
            )
        table = (
            '<table id="glyphs"><thead><tr><th>glyph</th><th class="n">applied</th><th class="n">reported</th>'
            '<th class="n" title="posterior that the glyph belongs to the dropped set">dropped</th></tr></thead><tbody>'
            + ("".join(trs) or '<tr><td colspan="4" class="empty">no edits</td></tr>')
            + "</tbody></table>"
        )
        thr = summary.get("threshold")
        meta_bits = [
            f"encoding {_esc(m.get('encoding', '?'))}",
            f"{self.chars:,} characters",
            f"threshold {thr:.2f}" if isinstance(thr, (int, float)) else "",
            "normalised first" if summary.get("normalized") else "",
            f"docfix {_esc(m.get('version', ''))}",
        ]
        name = _esc(m.get("file", ""))
        page = f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="docfix {_esc(m.get('version', ''))}">
<title>docfix review: {name}</title>
<style>{_CSS}</style>
</head>
<body data-applied="{applied}" data-reported="{reported}">
<header>
<h1>docfix review: <span class="file">{name}</span></h1>
<p class="meta">{" · ".join(b for b in meta_bits if b)}</p>
<form id="filter" onsubmit="return false">
<label><input type="checkbox" id="show-applied" checked> applied (<span id="n-applied">{applied}</span>)</label>
<label><input type="checkbox" id="show-reported" checked> reported only (<span id="n-reported">{reported}</span>)</label>
<label>min. confidence <input type="range" id="min-conf" min="0" max="1" step="0.05" value="0">
<output id="min-conf-value">0.00</output></label>
<span>highlighted: <b id="shown">{applied + reported}</b> of {applied + reported}</span>
<span class="scale">low <i></i> high confidence</span>
</form>
</header>
<main>
<pre id="doc">{"".join(self.parts)}</pre>
<aside>
<h2>Edits per glyph</h2>
{table}
<p class="meta">Applied insertions are part of the text (filled). Reported ones were not applied
(below the threshold) and show as small dashed marks where they would go. Hover or focus an insertion
for its confidence, alternatives and reason.</p>
</aside>
</main>
<footer>Generated by docfix {_esc(m.get('version', ''))}. Offsets are code-point indexes into the input.</footer>
<script>{_JS}</script>
</body>
</html>
"""
        self.out.write(page)


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

"""The ``html`` format: a self-contained review page, held in memory."""
from __future__ import annotations

import html
from collections import Counter
from typing import Any, Dict, List, Optional

from ..result import Edit, json_number
from .base import Block, Out, Writer

__all__ = ["HtmlWriter", "HTML_MAX_CHARS"]

#: The html report keeps the document in memory: inputs longer than this
#: (characters) are refused with exit code 8.
HTML_MAX_CHARS = 5_000_000

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
            self.dropped[g] = max(self.dropped.get(g, 0.0), json_number(p))
        self.chars += len(b.input)

    def _ins(self, k: int, e: Edit) -> str:
        c = min(max(json_number(e.confidence), 0.0), 1.0)
        status = "applied" if e.applied else "reported, not applied"
        alts = ", ".join(f"{_fmt_alt(a)} {json_number(p):.2f}" for a, p in (e.alternatives or [])) or "none"
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

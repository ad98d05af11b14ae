"""The benchmark's report: the Markdown table, its footer and the saved JSON."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

from .documents import DEV_CHARS
from .metrics import BINS, CLASSES, safe_ratio

__all__ = ["DEFAULT_OUT", "render_table", "footer", "save", "version"]

#: Where the JSON goes without ``--out``: an untracked folder (in .gitignore)
#: under the checkout's root, or under the current folder outside a checkout.
DEFAULT_OUT = "bench-results"

LABELS = {"docfix": "docfix", "baseline": "char n-gram baseline", "pycorrector": "pycorrector (KenLM)"}


def _f(x: Optional[float], nd: int = 2) -> str:
    return "—" if x is None else f"{x:.{nd}f}"


def _prf_cell(d: Dict[str, Any]) -> str:
    if d["n_gold"] == 0 and d["n_pred"] == 0:
        return "—"
    return f"{_f(d['precision'])} / {_f(d['recall'])} / {_f(d['f1'])}"


def _ratio(v: Optional[float], ref: Optional[float]) -> str:
    r = safe_ratio(v, ref)
    return "" if r is None else f" (×{r:.2f})"


def _rows(results: Dict[str, Dict[str, Any]]) -> List[Tuple[str, Dict[str, Tuple[str, Optional[float]]]]]:
    """Table rows: label -> {system: (cell text, value for the ratio)}."""
    rows: List[Tuple[str, Dict[str, Tuple[str, Optional[float]]]]] = []
    avail = {s: r for s, r in results.items() if "metrics" in r}

    def add(label: str, get, ratio=True):
        cells: Dict[str, Tuple[str, Optional[float]]] = {}
        for s, r in avail.items():
            try:
                cell, val = get(r["metrics"], r)
            except (KeyError, TypeError):
                cell, val = "—", None
            cells[s] = (cell, val if ratio else None)
        rows.append((label, cells))

    any_m = next(iter(avail.values()))["metrics"] if avail else None
    for kind in ("correction", "detection"):
        for c in ("all",) + CLASSES:
            n = any_m["synthetic"][kind][c]["n_gold"] if any_m else 0
            label = f"synthetic {kind} P / R / F1 — {c if c != 'cjk' else 'CJK'} ({n} sites)"
            add(label, lambda m, r, k=kind, c=c: (_prf_cell(m["synthetic"][k][c]), m["synthetic"][k][c]["f1"]))
    add(
        "synthetic correction P / R / F1 — mixed-font docs (drop rate < 1)",
        lambda m, r: (_prf_cell(m["mixed_font"]["correction"]["all"]), m["mixed_font"]["correction"]["all"]["f1"]),
    )
    if any(("dev" in r["metrics"]) for r in avail.values()):
        for kind in ("correction", "detection"):
            add(
                f"dev gold seed 001 (offsets < {DEV_CHARS}) {kind} P / R / F1",
                lambda m, r, k=kind: (_prf_cell(m["dev"]["prf"][k]["all"]), m["dev"]["prf"][k]["all"]["f1"]),
            )
    add(
        "false applied edits per 10k chars of clean text",
        lambda m, r: (_f(m["false_edits_per_10k"], 1), m["false_edits_per_10k"]),
    )
    add(
        "substitutions (not insertions) per 10k chars",
        lambda m, r: (_f(m["substitutions_per_10k"], 1), m["substitutions_per_10k"]),
    )
    add("Jaccard, inferred (p ≥ 0.5) vs true dropped set", lambda m, r: (_f(m["jaccard"]), m["jaccard"]))
    for i in range(len(BINS) - 1):
        lo, hi = BINS[i], BINS[i + 1]
        br = "]" if i == len(BINS) - 2 else ")"
        add(
            f"precision of edits with confidence in [{lo:g}, {hi:g}{br} (n)",
            lambda m, r, i=i: (
                f"{_f(m['calibration']['bins'][i]['precision'])} ({m['calibration']['bins'][i]['n']})",
                m["calibration"]["bins"][i]["precision"],
            ),
        )
    add(
        "precision of edits with confidence ≥ 0.9",
        lambda m, r: (_f(m["precision_conf_ge_0.9"]), m["precision_conf_ge_0.9"]),
    )
    add("expected calibration error (all edits)", lambda m, r: (_f(m["calibration"]["ece"], 3), m["calibration"]["ece"]))
    add(
        "repair throughput, chars/s (load excluded)",
        lambda m, r: (f"{r['chars_per_s']:,.0f}", r["chars_per_s"]),
    )
    add("model load, s", lambda m, r: (_f(r["load_s"]), r["load_s"]))
    add("peak RSS, MB", lambda m, r: (f"{r['peak_rss_mb']:.0f}", r["peak_rss_mb"]))
    return rows


def render_table(results: Dict[str, Dict[str, Any]], systems: Sequence[str]) -> str:
    """The Markdown table: one row per metric, one column per system; peers
    also as a ratio to docfix (peer / docfix) in the same run."""
    rows = _rows(results)
    head = ["metric"] + [LABELS.get(s, s) for s in systems]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    unavailable = {s: results[s].get("reason", "not run") for s in systems if "metrics" not in results.get(s, {})}
    for j, (label, cells) in enumerate(rows):
        out = [label]
        ref = cells.get("docfix", ("", None))[1]
        for s in systems:
            if s in unavailable:
                out.append(f"unavailable: {unavailable[s]}" if j == 0 else "—")
                continue
            cell, val = cells.get(s, ("—", None))
            if s != "docfix" and "docfix" in cells:
                cell += _ratio(val, ref)
            out.append(cell)
        lines.append("| " + " | ".join(out) + " |")
    if not rows:
        for s in systems:
            lines.append(f"| {s} | unavailable: {unavailable.get(s, '')} |")
    return "\n".join(lines)


def footer(results, st, docs) -> str:
    n_dam = sum(not d.clean for d in docs)
    n_clean = sum(d.clean for d in docs)
    lines = [
        f"Settings: {st['mode']}, seed {st['seed']}; {n_dam} damaged + {n_clean} clean held-out documents "
        f"({st['min_chars']}-{st['max_chars']} chars); P / R / F1 count applied edits only; "
        "peers show (×ratio = peer / docfix; for false edits, ECE, load time and RSS lower is better).",
    ]
    pc = results.get("pycorrector", {})
    if pc.get("available"):
        m = pc["metrics"]
        n_all = m["calibration"]["n"]
        lines.append(
            f"pycorrector cannot insert: {m['substitutions']} of its {n_all} edits replace characters that were right "
            f"(e.g. 息化→细化 where 信 was lost), so it restores nothing (recall 0) and damages text further; "
            f"it ran on the first {pc['input_chars_per_doc']} chars of each document"
            + (f" and the first {m['dev']['scored_chars']} of the dev chunk" if "dev" in m else "")
            + f" (it repairs ~{pc['chars_per_s']:.0f} chars/s)."
        )
    elif "pycorrector" in results:
        lines.append(f"pycorrector unavailable: {pc.get('reason')}")
    return "\n".join(lines)


def version() -> str:
    try:
        from .. import __version__

        return __version__
    except Exception:  # pragma: no cover
        return "?"


def save(report: Dict[str, Any], out: Optional[str], root: Path, mode: str) -> List[Path]:
    """Write ``report`` to ``out`` (a .json file, or a folder for <date>-<mode>.json
    and latest.json; default ``root/bench-results``); return the paths written."""
    data = json.dumps(report, ensure_ascii=False, indent=1, default=str)
    if out and out.endswith(".json"):
        paths = [Path(out)]
    else:
        d = Path(out) if out else root / DEFAULT_OUT
        paths = [d / f"{report['date']}-{mode}.json", d / "latest.json"]
    for p in paths:
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(data + "\n", encoding="utf-8")
    return paths

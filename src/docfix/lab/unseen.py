"""The bench's *unseen source* section: text and damage docfix never trained on.

Two parts, both run by ``docfix bench`` after its main table:

* **Unseen source, realistic damage** (:func:`docfix.lab.traces.run_traces`):
  documents of ``policy_docs.txt`` (State Council and ministry notices; no
  model or calibration was fitted on any of it, so this is the
  leave-one-source-out row), 300-8,000 characters (a third under 1,000: the
  short-document column), lost sets drawn like seed 001's (ranks 20 and
  below of the document's glyphs), and the damage written as each extractor
  writes it, side by side with the silent drop. Where fpdf2, pikepdf and a
  CJK font are installed, real PDFs too (text alone, and glyph shapes).
* **Clean kinds**: every file of the checkout's ``tests/data/clean`` (a
  statistical bulletin, English, Traditional, names, a table, poems,
  Japanese, Korean...) repaired with and without ``ocr``: applied edits must
  be 0.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Dict, List, Optional

from .traces import STYLES, render, run_traces

__all__ = ["unseen_section", "clean_kinds", "render_unseen", "QUICK_STYLES"]

#: Styles of ``--quick`` (the full bench runs all of :data:`docfix.lab.traces.STYLES`).
QUICK_STYLES = ("silent", "pdfminer", "fffd", "pdf", "pdfshape")
#: Seed of the section's documents and damage: the figures of the README and
#: of ``benchmarks/traces.py`` (40 documents, test half) are the full bench's.
SEED = 7


def unseen_section(corpus: Path, *, quick: bool, n_docs: Optional[int] = None,
                   log: Callable[[str], None] = print, repairer: Any = None) -> Optional[Dict[str, Any]]:
    """Figures of the unseen source (None where ``corpus`` has no ``policy_docs.txt``)."""
    source = Path(corpus) / "policy_docs.txt"
    if not source.is_file():
        return None
    n = n_docs if n_docs is not None else (4 if quick else 40)
    if n <= 0:
        return None
    result = run_traces(source, n_docs=n, seed=SEED, part="test", styles=QUICK_STYLES if quick else STYLES,
                        log=log, repairer=repairer)
    result.pop("fit_rows", None)
    result.pop("shape_rows", None)
    return result


def clean_kinds(folder: Path, repairer: Any = None) -> Optional[Dict[str, Dict[str, int]]]:
    """Applied edits on each clean document of ``folder`` (``*.txt``), with
    and without OCR corrections; None where there is no such folder."""
    files = sorted(Path(folder).glob("*.txt")) if Path(folder).is_dir() else []
    if not files:
        return None
    if repairer is None:
        from ..restore import Repairer

        repairer = Repairer()
    out: Dict[str, Dict[str, int]] = {}
    for f in files:
        text = f.read_text(encoding="utf-8")
        out[f.stem] = {
            "chars": len(text),
            "applied": len(repairer.repair(text).applied),
            "applied_ocr": len(repairer.repair(text, ocr=True).applied),
        }
    return out


def render_unseen(result: Optional[Dict[str, Any]], clean: Optional[Dict[str, Dict[str, int]]]) -> str:
    """The section as Markdown."""
    out: List[str] = []
    if result is not None:
        out += ["## Unseen source (leave-one-source-out), lost sets drawn like seed 001's", "", render(result)]
    if clean is not None:
        total = sum(v["chars"] for v in clean.values())
        bad = {k: v for k, v in clean.items() if v["applied"] or v["applied_ocr"]}
        out += ["", "## Clean kinds (applied edits must be 0)", "",
                f"{len(clean)} kinds, {total:,} characters: "
                + ("0 applied edits, with and without OCR" if not bad else
                   "; ".join(f"{k}: {v['applied']} applied ({v['applied_ocr']} with OCR)" for k, v in bad.items()))]
    return "\n".join(out).strip()

"""Trace benchmark: text that real extractors print for PDFs whose font lost glyphs.

Documents come from a source the shipped model never trained on
(``policy_docs.txt``: State Council and ministry notices; the model's
training sources are listed in ``models/default.json``), in sizes 300-8,000
characters. Each loses a glyph set drawn the way broken font subsets lose
them (:func:`realistic_glyphs`: ranks 20th and below of the document's own
glyphs, log-uniform, so the median lost glyph is about the 150th-200th most
common, as in seed 001, where 14 glyphs of ranks 23-907 were lost; digits and
punctuation included). A quarter of the documents are mixed-font: only some
paragraphs use the broken font. The damage is then written as each
extractor writes it:

=============  =========================================================
style          an unmapped glyph becomes
=============  =========================================================
silent         nothing (the glyph vanishes; docfix's original problem)
pdfminer       ``(cid:N)``, N a glyph id of a subset font (1-1500)
pymupdf        ``chr(glyph id)`` of a subset font: control characters,
               ASCII, Latin-1/Latin-extended letters; a line break after
               it in 30 % of places
fullfont       ``chr(glyph id)`` of a whole font (ids 13,000-20,000: CJK
               Ext-A and rare blocks, 育 printed as 㒳)
cidorder       ``(cid:N)`` of a whole font (not a renumbered subset),
               whose glyphs follow Unicode's order as installed CJK fonts'
               do: a Han character's id is its code point less U+4E00
               plus a base (500-8,000); marks and letters elsewhere
fullorder      ``chr(glyph id)`` of such a font (ids of 19,968 and more
               print as common Han characters: no trace is seen)
cidwhole       ``(cid:N)`` of such a font that lost its whole ToUnicode
               map: every Han character a trace (the text alone)
fffd           U+FFFD
raw            a space (``pdftotext -raw``), as real ``pdftotext -raw``
               prints it: one space for glyphs lost side by side (有关
               -> one space), nothing at a line's start or end
pdf            a real PDF (tests/pdfmake.py: fpdf2 subset font, the lost
               glyphs' ToUnicode entries removed with pikepdf; mixed-font
               documents set their first paragraphs in an intact font),
               repaired by ``Repairer.repair_pdf`` from the text alone
               (``shapes=False``); a site is an unmapped glyph occurrence,
               right when read as its character
pdfshape       the same PDF, with shape evidence (docfix.shapes) from the
               installed reference fonts *other than* the document's font
               (another typeface: the usual case)
pdfshipped     the same, with only the drawings docfix ships
               (``models/shapes-*.npz``) of typefaces other than the
               document's: what a machine without CJK fonts gets
pdfsame        the same, the document's own font file as the reference
nomap          a real PDF whose broken font lost its *whole* ToUnicode
               map (every glyph of it unmapped), the text alone
nomapshape     the same, with shape evidence as ``pdfshape``
               (the best case: the reader has the document's typeface)
=============  =========================================================

The PDF styles' document font is ``--pdf-font`` (default: the first CJK
TrueType font tests/pdfmake.py finds).

=============  =========================================================
=============  =========================================================

Site scores: an applied edit is right when it restores the lost glyph at
its site (for a trace: the edit replaces the whole trace). Every other
applied edit is wrong. Also printed: the share of trace edits at each
confidence that are right (calibration), and the throughput.

    python benchmarks/traces.py                 # 40 documents, ~2 min
    python benchmarks/traces.py --docs 10 --styles pdfminer fffd
    python benchmarks/traces.py --part tune     # the other half of the documents (for tuning)

``docfix bench`` runs it as its *unseen source* section (:func:`run_traces`).
"""
from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

from .simulate import realistic_glyphs

STYLES = ("silent", "pdfminer", "pymupdf", "fullfont", "cidorder", "fullorder", "cidwhole", "fffd", "raw", "pdf",
          "pdfshape", "pdfshipped", "pdfsame", "nomap", "nomapshape")
PDF_STYLES = ("pdf", "pdfshape", "pdfshipped", "pdfsame", "nomap", "nomapshape")


def documents(path: Path, n: int, rng: random.Random, *, part: str = "test") -> List[str]:
    """``n`` documents of consecutive lines, 300-8,000 characters (a third under 1,000).

    Documents alternate between the ``tune`` and ``test`` parts, so that
    constants tuned on one are measured on the other."""
    lines = [l for l in path.read_text(encoding="utf-8").splitlines() if l.strip()]
    out: List[str] = []
    i = 0
    k = 0
    while len(out) < n and i < len(lines):
        size = rng.choice([rng.randint(300, 1000), rng.randint(1000, 3000), rng.randint(3000, 8000)])
        doc: List[str] = []
        total = 0
        while i < len(lines) and total < size:
            doc.append(lines[i])
            total += len(lines[i]) + 1
            i += 1
        i += rng.randint(50, 400)  # spread the documents over the file
        if (k % 2 == 0) == (part == "test"):
            out.append("\n".join(doc))
        k += 1
    return out


def _font_order_ids(lost: Sequence[str], rng: random.Random) -> List[int]:
    """Glyph ids of ``lost`` in a whole CJK font: Han characters in
    Unicode's order from a base (WenQuanYi Micro Hei's is 1,967, Droid Sans
    Fallback's 7,064), ASCII at its code point less 29 (the usual Latin
    glyph order), other marks anywhere under 500."""
    base = rng.randint(500, 8000)
    out = []
    for c in lost:
        if 0x4E00 <= ord(c) <= 0x9FFF:
            out.append(ord(c) - 0x4E00 + base)
        elif " " < c <= "~":
            out.append(ord(c) - 29)
        else:
            out.append(rng.randint(100, 499))
    return out


def _trace(style: str, gid: int) -> str:
    if style in ("pdfminer", "cidorder", "cidwhole"):
        return f"(cid:{gid})"
    if style == "raw":
        return " "
    if style == "fffd":
        return "\ufffd"
    return chr(gid)


def _raw_silent(para: str, j: int, gid) -> bool:
    """Whether ``pdftotext -raw`` prints nothing for the lost glyph at
    ``para[j]``: one of a run of lost glyphs that starts or ends the line
    (a line's leading and trailing blanks are not printed).

    >>> g = {"关": 1, "有": 2}
    >>> [_raw_silent("有关部门", j, g) for j in (0, 1)], _raw_silent("相关部门", 1, g), _raw_silent("部门有关", 3, g)
    ([True, True], False, True)
    """
    a = j
    while a and para[a - 1] in gid:
        a -= 1
    b = j
    while b + 1 < len(para) and para[b + 1] in gid:
        b += 1
    return a == 0 or b == len(para) - 1


def damage(text: str, lost: Sequence[str], style: str, rng: random.Random, mixed: bool):
    """(damaged text, gold [(offset, end, glyph)], lost glyphs actually lost)."""
    if style == "fullfont":
        ids = rng.sample(range(13000, 20000), len(lost))
    elif style in ("cidorder", "fullorder", "cidwhole"):
        if style == "cidwhole":
            lost = list(lost) + sorted({c for c in text if 0x4E00 <= ord(c) <= 0x9FFF} - set(lost))
        ids = _font_order_ids(lost, rng)
    else:
        ids = rng.sample(range(1, 1500), len(lost))
    gid = dict(zip(lost, ids))
    paras = text.split("\n")
    broken = [True] * len(paras)
    if mixed:
        share = rng.uniform(0.3, 0.9)
        broken = [rng.random() < share for _ in paras]
    out: List[str] = []
    gold: List[Tuple[int, int, str]] = []
    pos = 0
    for pi, para in enumerate(paras):
        if pi:
            out.append("\n")
            pos += 1
        for j, c in enumerate(para):
            if broken[pi] and c in gid:
                if style == "silent" or (style == "raw" and _raw_silent(para, j, gid)):
                    gold.append((pos, pos, c))
                    continue
                if style == "raw" and j and para[j - 1] in gid:  # (one space for the run)
                    gold.append((pos - 1, pos, c))
                    continue
                t = _trace(style, gid[c])
                if style == "pymupdf" and rng.random() < 0.3 and j + 1 < len(para):
                    t += "\n"
                gold.append((pos, pos + len(t), c))
                out.append(t)
                pos += len(t)
            else:
                out.append(c)
                pos += 1
    return "".join(out), gold, sorted({g for _, _, g in gold})


def _make_pdf(doc: str, lost, mixed: bool, rng: random.Random, font: Optional[str] = None, whole: bool = False,
              second_lost=frozenset()):
    """A damaged PDF of ``doc`` (None where fpdf2/pikepdf or a CJK font are
    missing); ``whole``: the broken font's whole ToUnicode map deleted;
    ``second_lost``: what the other font of a mixed document lost."""
    from . import pdfmake

    if pdfmake.missing_tools() or not pdfmake.find_cjk_font():
        return None
    paras = [p for p in doc.split("\n") if p.strip()]
    broken_from = rng.randint(1, max(1, len(paras) - 1)) if mixed and len(paras) > 1 else 0
    return pdfmake.make_damaged_pdf(["\n".join(paras)], lost=set(lost), broken_from=broken_from, font=font,
                                    drop_tounicode=whole, intact_lost=set(second_lost) if broken_from else frozenset())


def _pdf_gold(extracted, made) -> List[Tuple[int, int, str]]:
    """Each unmapped glyph of the extracted text with the character it was."""
    by_cid = {cid: c for c, cid in (made.removed or made.cids.get("broken", {})).items()}
    return [(t.offset, t.offset + 1, by_cid.get(t.key[2], "?")) for t in extracted.traces]


def score(edits, gold, fold, text: str = "") -> Dict[str, int]:
    """Right: the lost glyph at its site, replacing its whole trace (the line
    break an extractor put after it may stay: that is layout); an insertion
    of several glyphs is right, one site per glyph, where exactly those were
    lost there one after another (more than one site at one offset).

    >>> from docfix.result import Edit
    >>> gold = [(3, 3, "更"), (3, 3, "多"), (9, 9, "信")]
    >>> score([Edit(3, "更多", 0.9, True), Edit(9, "言", 0.9, True)], gold, str)["right"]
    2
    >>> raw = [(4, 5, "有"), (4, 5, "关")]  # (one space for both: pdftotext -raw)
    >>> [score([Edit(4, ins, 0.9, True, replaces=" ")], raw, str)["right"] for ins in ("有关", "有", "关有")]
    [2, 1, 0]
    """
    want = {(s, fold(g)): e for s, e, g in gold}
    runs: Dict[int, str] = {}  # glyphs lost one after another without a trace: one site each, one insertion
    spans: Dict[int, str] = {}  # ... and at one trace (pdftotext -raw's one space for 有关)
    for s, e, g in gold:
        if s == e:
            runs[s] = runs.get(s, "") + fold(g)
        else:
            spans[s] = spans.get(s, "") + fold(g)
    right = wrong = 0
    conf: List[Tuple[float, bool]] = []
    for ed in edits:
        if len(ed.insert) > 1:
            ok, n = (spans if ed.replaces else runs).get(ed.offset) == fold(ed.insert), len(ed.insert)  # (更多, 2021, www)
        else:
            end = want.get((ed.offset, fold(ed.insert)))
            ok, n = end is not None and (end == ed.end or (end - 1 == ed.end and text[ed.end:end] == "\n")), 1
        if ed.replaces:
            conf.append((ed.confidence, ok))
        if not ed.applied:
            continue
        right += n if ok else 0
        wrong += not ok
    return {"right": right, "wrong": wrong, "sites": len(gold), "conf": conf}


def prf(d: Dict[str, int]) -> Tuple[float, float, float]:
    a = d["right"] + d["wrong"]
    p = d["right"] / a if a else 1.0
    r = d["right"] / d["sites"] if d["sites"] else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _source(path: str) -> str:
    """The font file a reference draws from (a shipped ``.npz`` names it)."""
    from ..shapes import drawings_source

    return (drawings_source(path) or "") if path.endswith(".npz") else Path(path).name.lower()


def _refs_for(doc_font: Optional[str]) -> Dict[str, object]:
    """The ``shapes=`` of each PDF style for a document set in ``doc_font``:
    never a reference drawn from the document's own font file, but for
    ``pdfsame``."""
    from ..shapes import default_references, shipped_references

    own = Path(doc_font).name.lower() if doc_font else None
    refs = {"pdf": False, "pdfshape": [p for p in default_references() if _source(p) != own],
            "pdfshipped": [p for p in shipped_references() if _source(p) != own],
            "pdfsame": [doc_font] if doc_font else False, "nomap": False}
    refs["nomapshape"] = refs["pdfshape"]
    return refs


def run_traces(
    source: Path,
    *,
    n_docs: int = 40,
    seed: int = 7,
    part: str = "test",
    styles: Sequence[str] = STYLES,
    pdf_fonts: Optional[Sequence[str]] = None,
    fit: bool = False,
    repairer=None,
    log=print,
) -> Dict[str, object]:
    """Damage ``n_docs`` documents of ``source`` in each style, repair, score.

    Returns ``{"documents", "chars", "short", "styles": {style: figures},
    "pdf_fonts", "skipped", "fit_rows", "shape_rows"}``; a PDF style is
    skipped (named in ``skipped``) where fpdf2, pikepdf or a CJK font is
    missing."""
    from .. import canon, decipher, tracefit
    from ..pdf import extract
    from ..restore import Repairer
    from ..shapes import evidence_for
    from ..traces import pdf_traces
    from . import pdfmake

    fit_rows: List[Tuple[Tuple[float, ...], bool]] = []
    shape_rows: List[Tuple[Tuple[float, ...], bool]] = []
    pdf_ok = not pdfmake.missing_tools() and pdfmake.find_cjk_font() is not None
    skipped = [s for s in styles if s in PDF_STYLES and not pdf_ok]
    styles = [s for s in styles if s not in skipped]
    doc_fonts = list(pdf_fonts or [pdfmake.find_cjk_font() if pdf_ok else None])
    if any(s in PDF_STYLES for s in styles):
        for f in doc_fonts:
            log(f"PDF document font: {f}; pdfshape references: "
                f"{', '.join(Path(p).name for p in _refs_for(f)['pdfshape']) or 'none'}")
    rng = random.Random(seed)
    docs = documents(Path(source), n_docs, rng, part=part)
    R = repairer or Repairer()
    fold = lambda s: "".join(canon.fold_char(c) for c in s)  # noqa: E731
    totals = {s: {"right": 0, "wrong": 0, "sites": 0, "conf": [], "chars": 0, "seconds": 0.0} for s in styles}
    short = {s: {"right": 0, "wrong": 0, "sites": 0} for s in styles}
    for di, doc in enumerate(docs):
        drng = random.Random(seed * 1000 + di)
        lost = realistic_glyphs(doc, drng)
        mixed = drng.random() < 0.25
        doc_font = doc_fonts[di % len(doc_fonts)]
        shape_refs = _refs_for(doc_font)
        for style in styles:
            srng = random.Random(seed * 1000 + di)
            if style in PDF_STYLES:
                made = _make_pdf(doc, lost, mixed, srng, doc_font, whole=style.startswith("nomap"))
                if made is None:
                    continue
                t0 = time.process_time()
                extracted = extract(made.data)
                r = R.repair_extracted(extracted, shapes=shape_refs[style])
                dt = time.process_time() - t0
                dam = r.input
                gold = _pdf_gold(extracted, made)
            else:
                dam, gold, _ = damage(doc, lost, style, srng, mixed)
                t0 = time.process_time()
                r = R.repair(dam)
                dt = time.process_time() - t0
            assert r.original() == dam, "original() must give back the input"
            sc = score(r.edits, gold, fold, dam)
            if fit and style in PDF_STYLES:
                if shape_refs[style]:  # the readings with shape evidence get their own weights
                    want = {(s, fold(g)) for s, _, g in gold}
                    trs = pdf_traces(extracted)
                    ev = evidence_for(extracted, shape_refs[style])
                    for rd in decipher.decipher(dam, trs, R.lm, R.screen, words=R.words, shapes=ev):
                        if rd.insert and len(rd.features) > len(tracefit.FEATURES):
                            shape_rows.append((rd.features, (rd.trace.start, fold(rd.insert)) in want))
            elif fit:
                want = {(s, fold(g)) for s, _, g in gold}
                trs = R.find_traces(dam)
                for rd in decipher.decipher(dam, trs, R.lm, R.screen, words=R.words, word_model=R.word_model):
                    if rd.insert:
                        fit_rows.append((rd.features, (rd.trace.start, fold(rd.insert)) in want))
            tot = totals[style]
            for k in ("right", "wrong", "sites"):
                tot[k] += sc[k]
                if len(doc) < 1000:
                    short[style][k] += sc[k]
            tot["conf"] += sc["conf"]
            tot["chars"] += len(dam)
            tot["seconds"] += dt
    report: Dict[str, Dict[str, object]] = {}
    for style, tot in totals.items():
        p, r_, f = prf(tot)
        bins = []
        for lo, hi in ((0, 0.3), (0.3, 0.6), (0.6, 0.9), (0.9, 0.99), (0.99, 1.01)):
            sel = [ok for c, ok in tot["conf"] if lo <= c < hi]
            bins.append({"bin": [lo, hi], "n": len(sel), "right": sum(sel)})
        report[style] = {"sites": tot["sites"], "right": tot["right"], "wrong": tot["wrong"], "P": p, "R": r_, "F1": f,
                         "F1_short": prf(short[style])[2],
                         "chars_per_cpu_s": tot["chars"] / tot["seconds"] if tot["seconds"] else 0.0,
                         "trace_confidence_bins": bins}
    return {"documents": len(docs), "chars": sum(len(d) for d in docs), "short": sum(len(d) < 1000 for d in docs),
            "part": part, "source": Path(source).name, "styles": report, "pdf_fonts": doc_fonts, "skipped": skipped,
            "fit_rows": fit_rows, "shape_rows": shape_rows}


def render(result: Dict[str, object]) -> str:
    """The figures of :func:`run_traces` as a Markdown table, with the calibration bins."""
    out = [f"{result['documents']} documents ({result['part']} part of {result['source']}), "
           f"{result['chars']:,} characters, {result['short']} under 1,000", "",
           "| style | sites | right | wrong | P | R | F1 | F1 under 1k chars | chars/CPU-s |",
           "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for style, f in result["styles"].items():
        out.append(f"| {style} | {f['sites']} | {f['right']} | {f['wrong']} | {f['P']:.3f} | {f['R']:.3f} | "
                   f"{f['F1']:.3f} | {f['F1_short']:.3f} | {f['chars_per_cpu_s']:,.0f} |")
    if result["skipped"]:
        out.append(f"(skipped: {', '.join(result['skipped'])}: fpdf2, pikepdf or a CJK TrueType font is missing)")
    out += ["", "trace edits by confidence (right / all):"]
    for style, f in result["styles"].items():
        if style != "silent":
            cells = ", ".join(f"[{b['bin'][0]:.2f},{min(b['bin'][1], 1):.2f}) {b['right']}/{b['n']}"
                              for b in f["trace_confidence_bins"])
            out.append(f"  {style}: {cells}")
    return "\n".join(out)


def main(argv: Optional[Sequence[str]] = None, *, corpus: Optional[Path] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=40)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--part", choices=("test", "tune"), default="test")
    ap.add_argument("--styles", nargs="+", default=list(STYLES), choices=STYLES)
    ap.add_argument("--source", default=str((corpus or Path("corpus")) / "policy_docs.txt"))
    ap.add_argument("--json", help="write the figures here")
    ap.add_argument("--pdf-font", nargs="+", help="document font(s) of the PDF styles (TrueType CJK font files; "
                    "several: the documents take them in turn)")
    ap.add_argument("--fit", action="store_true", help="fit the trace calibration on these documents and print it")
    ap.add_argument("--model", help="another model (a .klm with its .npz, words and calibration beside it): one "
                    "trained without --source's file measures a source it never saw")
    args = ap.parse_args(argv)
    from .. import tracefit

    if args.fit:
        tracefit.CALIBRATION = tracefit.CALIBRATION_SHAPE = tracefit.CALIBRATION_KEYLESS = None
    from ..restore import Repairer

    result = run_traces(Path(args.source), n_docs=args.docs, seed=args.seed, part=args.part, styles=args.styles,
                        pdf_fonts=args.pdf_font, fit=args.fit, repairer=Repairer(args.model) if args.model else None)
    print(render(result))
    if args.json:
        Path(args.json).write_text(json.dumps(result["styles"], indent=1), encoding="utf-8")
    if args.fit:
        n_keyless = len(tracefit.KEYLESS_FEATURES)
        keyed = [r for r in result["fit_rows"] if len(r[0]) != n_keyless]
        keyless = [r for r in result["fit_rows"] if len(r[0]) == n_keyless]
        for name, rows in (("CALIBRATION", keyed), ("CALIBRATION_KEYLESS", keyless),
                           ("CALIBRATION_SHAPE", result["shape_rows"])):
            if rows:
                w = fit_logistic([f for f, _ in rows], [y for _, y in rows])
                print(f"fitted on {len(rows)} readings: {name} = ({', '.join(f'{x:.3f}' for x in w)})")
    return 0


def fit_logistic(X, y, *, l2: float = 1e-2, steps: int = 3000) -> List[float]:
    """Logistic regression by gradient descent (numpy), mild L2 on all but the bias."""
    import numpy as np

    A = np.array(X, dtype=float)
    t = np.array(y, dtype=float)
    w = np.zeros(A.shape[1])
    reg = np.full(A.shape[1], l2)
    reg[0] = 0.0
    lr = 0.5
    for _ in range(steps):
        z = np.clip(A @ w, -40, 40)
        p = 1 / (1 + np.exp(-z))
        g = A.T @ (p - t) / len(t) + reg * w
        w -= lr * g
    return w.tolist()

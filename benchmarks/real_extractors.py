"""docfix on what REAL extractors print for PDFs whose font lost glyphs.

The trace benchmark (:mod:`docfix.lab.traces`, ``benchmarks/traces.py``)
*simulates* what PyMuPDF, pypdf, pdfminer... print for a glyph with no
ToUnicode entry. This script makes the damaged PDFs instead and runs the
real extractors on them, then repairs their output with docfix:

* documents: ``documents()`` of ``../shared/corpus/policy_docs.txt`` (seed 7,
  ``test`` part by default), lost glyphs ``realistic_glyphs()``, a quarter of
  the documents mixed (first paragraphs in an intact copy of the font), the
  PDF made by ``docfix.lab.traces._make_pdf`` (fpdf2 + pikepdf, the seeds of
  ``run_traces``, so the same PDFs as its ``pdf`` style); ``--two-broken``:
  every document mixed, and its first font lost glyphs of its own too (a
  second ``realistic_glyphs()`` draw), as where a heading font's and a body
  font's ToUnicode maps both broke (fpdf2 numbers each subset's glyphs from 1,
  so one glyph id is now and then a lost glyph of each font); ``--two-broken
  same``: both fonts lost the same glyphs (two keys for each); ``--producer
  chromium``: the PDFs printed by headless Chromium instead of fpdf2
  (:func:`docfix.lab.printers.make_printed_pdf`), ``--producer libreoffice``: by LibreOffice
  Writer;
* extractors: pdfminer.six ``extract_text``; pypdf ``extract_text`` per page;
  poppler ``pdftotext`` (default, ``-raw`` and ``-layout``); PyMuPDF ``page.get_text()``
  with its default flags (which hold ``TEXT_CID_FOR_UNKNOWN_UNICODE``), with
  that flag cleared (unknown glyphs as U+FFFD), with
  ``TEXT_USE_GID_FOR_UNKNOWN_UNICODE`` and with ``sort=True``; pypdfium2
  ``get_text_range()`` per page; pdfplumber ``extract_text()`` per page;
  docling-parse's text lines (``textline_cells``, what docling builds its
  document from) with ``keep_glyphs`` on (``GLYPH<c=N,font=...>`` for a
  glyph under 32) and off (its default: U+FFFD); PyMuPDF4LLM ``to_markdown()``
  (Markdown for RAG pipelines: U+FFFD, a paragraph's lines joined by spaces;
  ``pip install --target /tmp/pm pymupdf4llm``).
  PyMuPDF is AGPL and never a docfix dependency: it is imported only from a
  private folder (``pip install --target /tmp/pm pymupdf``; ``--pymupdf
  DIR``); so are pypdfium2 (``--pdfium DIR``) and pdfplumber (``--pdfplumber
  DIR``, installed ``--no-deps``) and docling-parse (``--docling DIR``),
  which docfix does not need either. A row
  is skipped where its extractor is not there;
* docfix: ``Repairer().repair(text)`` of each extracted text
  (``r.original()`` is checked to give back the input).

Scoring, per extractor, summed over the documents. O is the original
document, E the extracted text, P the repaired text, each with all whitespace
removed (extractors break lines and add spaces as they please; but U+001C-1F
and U+0085, which Python calls whitespace, are kept: they are glyph traces):

* ``D`` = Levenshtein(O, E): the damage; ``Rd`` = Levenshtein(O, P): what
  is left after the repair; ``repaired`` = 1 - Rd/D. (Extraction noise that
  is not a lost glyph -- reordering, duplicated text -- counts in D too.)
* ``introduced``: rapidfuzz ``editops`` of (O, P) and of (O, E), each op keyed
  by its position in O (a replaced or deleted character of O, or the gap
  before an O position for an insertion); introduced = ops of (O, P) at a key
  where (O, E) has none: places the extracted text was right and the repair
  made wrong. ``fixed`` = keys of (O, E) no longer in (O, P). (Ties in the
  alignment make these approximate.)
* ``closer / farther``: each applied edit is placed by the alignment of O and
  E (``opcodes``): the E span it rewrites widened to the nearest matched
  characters on both sides (anchors), and the O text between the same
  anchors. Edits whose regions overlap form a group; the group's local
  distance Levenshtein(O region, E region) before and after applying its
  edits says whether each of its edits made the text closer, farther, or
  neither (``same``); ``exact``: edits of groups whose O region the edits
  restore exactly (local distance 0 after), the right edits. NB: a WRONG
  glyph put in place of a one-character trace (U+FFFD, a control character)
  is ``same`` (a substitution either way), and in place of ``(cid:N)`` it is
  ``closer``: closer/farther is no precision; exact/applied is.
* ``trace edits right / wrong``: for pdfminer, pypdf and PyMuPDF's default
  (whose traces name the glyph), each applied edit that replaces a trace
  checked against the glyph the PDF maker's map says it stands for
  (:func:`keyed_score`); P = right / (right + wrong), R = right / lost. The
  exact figure, free of alignment ties.
* ``lost`` = occurrences of lost glyphs in the paragraphs of the broken font
  (what a perfect extractor+repair would restore; of both fonts with ``--two-broken``,
  where a trace edit is right if it reads the glyph of either font with that glyph id).
* ``traces``: ``Counter(t.kind for t in docfix.traces.find(E))``, E the raw
  extracted text.
* examples: the first lost-glyph occurrence of the first documents, located
  in E through the (O, E) alignment, printed with repr() and 3 characters of
  context on each side.

Run from the checkout (2 cores: ~4 min for 20 documents)::

    python benchmarks/real_extractors.py                  # 20 documents, seed 7, test part
    python benchmarks/real_extractors.py --docs 16 --examples 3
    python benchmarks/real_extractors.py --extractors pdfminer pypdf
    python benchmarks/real_extractors.py --two-broken     # two fonts, each lost glyphs
    python benchmarks/real_extractors.py --two-broken same  # two fonts, the same glyphs lost
    python benchmarks/real_extractors.py --producer chromium  # PDFs a browser writes
    python benchmarks/real_extractors.py --producer libreoffice  # ... and LibreOffice Writer
"""
from __future__ import annotations

import argparse
import contextlib
import importlib
import importlib.metadata
import io
import random
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Callable, Dict, List, Optional, Tuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from rapidfuzz.distance import Levenshtein  # noqa: E402

from docfix.lab.traces import _make_pdf, documents, realistic_glyphs  # noqa: E402

EXTRACTORS = ("pdfminer", "pypdf", "pdftotext", "pdftotext-raw", "pymupdf", "pymupdf-fffd", "pymupdf-gid", "pymupdf-sort", "pypdfium2",
              "pdfplumber", "pdftotext-layout", "docling", "docling-fffd", "pymupdf4llm", "pdfbox", "docfix-pdf")


# ------------------------------------------------------------------ extractors


def _pdfminer(data: bytes) -> str:
    from pdfminer.high_level import extract_text

    return extract_text(io.BytesIO(data))


def _pypdf(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages)


def _pdftotext(*flags: str) -> Callable[[bytes], str]:
    exe = shutil.which("pdftotext") or "/usr/bin/pdftotext"

    def run(data: bytes) -> str:
        done = subprocess.run([exe, *flags, "-enc", "UTF-8", "-", "-"], input=data, capture_output=True,
                              timeout=60, check=True)
        return done.stdout.decode("utf-8", errors="replace")

    return run


#: Debian's libpdfbox2-java: Apache PDFBox 2, the extractor of Apache Tika (and of the search engines' attachment plugins)
PDFBOX_JARS = ("pdfbox2.jar", "fontbox2.jar", "commons-logging.jar", "pdfbox2-tools.jar")


def _pdfbox(folder: str = "/usr/share/java") -> Optional[Callable[[bytes], str]]:
    """PDFBox's ``ExtractText`` (None where Java or the jars are missing): a
    Type0 font's unmapped glyph prints as nothing and its width as a space, a
    simple font's as the character of its code."""
    java = shutil.which("java")
    jars = [Path(folder) / j for j in PDFBOX_JARS]
    if java is None or not all(j.exists() for j in jars):
        return None
    cp = ":".join(map(str, jars))

    def run(data: bytes) -> str:
        import tempfile

        with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
            f.write(data)
            f.flush()
            done = subprocess.run([java, "-cp", cp, "org.apache.pdfbox.tools.ExtractText", "-encoding", "UTF-8",
                                   "-console", f.name], capture_output=True, timeout=120, check=True)
        return done.stdout.decode("utf-8", errors="replace")

    return run


def _pymupdf(fitz, mode: str) -> Callable[[bytes], str]:
    base = fitz.TEXTFLAGS_TEXT
    cid = getattr(fitz, "TEXT_CID_FOR_UNKNOWN_UNICODE", getattr(fitz, "TEXT_USE_CID_FOR_UNKNOWN_UNICODE", 0))
    gid = getattr(fitz, "TEXT_USE_GID_FOR_UNKNOWN_UNICODE", 0)
    flags = {"default": None, "sort": None, "fffd": base & ~cid, "gid": (base & ~cid) | gid}[mode]

    def run(data: bytes) -> str:
        with fitz.open(stream=data, filetype="pdf") as doc:
            if mode == "sort":  # (reading order by position: control characters print as spaces)
                return "".join(p.get_text(sort=True) for p in doc)
            if flags is None:
                return "".join(p.get_text() for p in doc)
            return "".join(p.get_text(flags=flags) for p in doc)

    return run


def _pymupdf4llm(fitz, p4l) -> Callable[[bytes], str]:
    """PyMuPDF4LLM's Markdown (the RAG pipelines' extractor): an unmapped glyph is
    U+FFFD, a paragraph's wrapped lines are joined by spaces, headings and
    tables are Markdown."""
    def run(data: bytes) -> str:
        with fitz.open(stream=data, filetype="pdf") as doc, contextlib.redirect_stdout(io.StringIO()):
            return p4l.to_markdown(doc)

    return run


def _pdfplumber(plumber) -> Callable[[bytes], str]:
    def run(data: bytes) -> str:
        with plumber.open(io.BytesIO(data)) as pdf:
            return "\n".join(p.extract_text() or "" for p in pdf.pages)

    return run


def _pdfium(pdfium) -> Callable[[bytes], str]:
    def run(data: bytes) -> str:
        doc = pdfium.PdfDocument(data)
        try:
            return "\n".join(page.get_textpage().get_text_range() for page in doc)
        finally:
            doc.close()

    return run


def _docling(parser_module, keep_glyphs: bool) -> Callable[[bytes], str]:
    """docling-parse's text lines, one per line: the text docling builds its
    document from. ``keep_glyphs``: an unmapped glyph under 32 prints as
    ``GLYPH<c=N,font=/NAME>`` (docling-parse before 2026's ``keep_glyphs``
    option, and with it on); else as U+FFFD (its default now)."""
    def run(data: bytes) -> str:
        doc = parser_module.DoclingPdfParser(loglevel="fatal").load(
            io.BytesIO(data), decode_config=parser_module.DecodeConfig(keep_glyphs=keep_glyphs))
        try:
            return "\n".join(c.text for i in range(1, doc.number_of_pages() + 1)
                             for c in doc.get_page(i).textline_cells)
        finally:
            doc.unload()

    return run


def _version(dist: str, folder: str) -> str:
    found = list(importlib.metadata.distributions(name=dist, path=[folder])) or list(
        importlib.metadata.distributions(name=dist))
    return found[0].version if found else "?"


def _private_import(name: str, folder: str):
    """Module ``name`` imported from a private pip folder (or the path); None where it is not there."""
    sys.path.insert(0, folder)
    try:
        return importlib.import_module(name)
    except ImportError:
        return None
    finally:
        sys.path.remove(folder)


def load_extractors(
    names, pymupdf_dir: str, pdfium_dir: str = "/tmp/pdfium", plumber_dir: str = "/tmp/plumb",
    docling_dir: str = "/tmp/dp",
) -> Tuple[Dict[str, Callable[[bytes], str]], List[str]]:
    out: Dict[str, Callable[[bytes], str]] = {}
    notes: List[str] = []
    fitz = pdfium = plumber = docling = None
    if any(n.startswith("docling") for n in names):
        docling = _private_import("docling_parse.pdf_parser", docling_dir)
        notes.append(f"docling-parse {_version('docling_parse', docling_dir)} from {docling_dir}" if docling else
                     f"docling-parse not found in {docling_dir} or on the path: its rows are skipped")
    if "pdfplumber" in names:
        plumber = _private_import("pdfplumber", plumber_dir)
        notes.append(f"pdfplumber {plumber.__version__}" if plumber else
                     f"pdfplumber not found in {plumber_dir} or on the path: its row is skipped")
    if "pypdfium2" in names:
        pdfium = _private_import("pypdfium2", pdfium_dir)
        notes.append(f"pypdfium2 {pdfium.version.PYPDFIUM_INFO} (PDFium {pdfium.version.PDFIUM_INFO}) from {pdfium_dir}"
                     if pdfium else f"pypdfium2 not found in {pdfium_dir} or on the path: its row is skipped")
    p4l = None
    if "pymupdf4llm" in names:
        p4l = _private_import("pymupdf4llm", pymupdf_dir)
        notes.append(f"pymupdf4llm {_version('pymupdf4llm', pymupdf_dir)} from {pymupdf_dir}" if p4l else
                     f"pymupdf4llm not found in {pymupdf_dir}: its row is skipped")
    if any(n.startswith("pymupdf") for n in names):
        fitz = _private_import("pymupdf", pymupdf_dir)
        notes.append(f"PyMuPDF {fitz.VersionBind} (MuPDF {fitz.VersionFitz}) from {pymupdf_dir}; "
                     f"TEXTFLAGS_TEXT={fitz.TEXTFLAGS_TEXT}" if fitz else
                     f"PyMuPDF not found in {pymupdf_dir}: its rows are skipped")
    for n in names:
        if n == "pdfminer":
            out[n] = _pdfminer
        elif n == "docfix-pdf":  # (the PDF route: docfix.pdf's text and keyed traces, a PdfText, not a str)
            out[n] = _pdf_text
        elif n == "pypdf":
            out[n] = _pypdf
        elif n == "pdftotext":
            out[n] = _pdftotext()
        elif n == "pdftotext-raw":
            out[n] = _pdftotext("-raw")
        elif n == "pdftotext-layout":
            out[n] = _pdftotext("-layout")
        elif n == "pdfbox":
            box = _pdfbox()
            if box is None:
                notes.append("PDFBox not found (java and Debian's libpdfbox2-java): its row is skipped")
            else:
                out[n] = box
                notes.append("PDFBox 2 (Debian's libpdfbox2-java) ExtractText")
        elif n == "pdfplumber" and plumber is not None:
            out[n] = _pdfplumber(plumber)
        elif n == "pypdfium2" and pdfium is not None:
            out[n] = _pdfium(pdfium)
        elif n.startswith("docling") and docling is not None:
            out[n] = _docling(docling, keep_glyphs=n == "docling")
        elif n == "pymupdf4llm":
            if fitz is not None and p4l is not None:
                out[n] = _pymupdf4llm(fitz, p4l)
        elif n.startswith("pymupdf") and fitz is not None:
            out[n] = _pymupdf(fitz, {"pymupdf": "default", "pymupdf-fffd": "fffd", "pymupdf-gid": "gid",
                                      "pymupdf-sort": "sort"}[n])
    return out, notes


# ------------------------------------------------------------------ scoring


#: str.isspace() but not extractor spacing: pypdf/PyMuPDF print glyphs 28-31 and 133 as these
_NOT_SPACE = frozenset("\x1c\x1d\x1e\x1f\x85")


def strip(text: str) -> Tuple[str, List[int]]:
    """``text`` without whitespace, and for each kept character its index in ``text``."""
    keep = [i for i, c in enumerate(text) if not c.isspace() or c in _NOT_SPACE]
    return "".join(text[i] for i in keep), keep


def _keys(ops) -> set:
    return {(op.src_pos, "gap" if op.tag == "insert" else "char") for op in ops}


def _anchors(o_s: str, e_s: str):
    """For each E position its O position where matched (an ``equal`` block), else -1."""
    match = [-1] * len(e_s)
    for op in Levenshtein.opcodes(o_s, e_s):
        if op.tag == "equal":
            for k in range(op.dest_end - op.dest_start):
                match[op.dest_start + k] = op.src_start + k
    return match


def _region(match: List[int], a: int, b: int, n_o: int) -> Tuple[int, int, int, int]:
    """E span [a, b) widened to the matched characters around it: (e_lo, e_hi, o_lo, o_hi)."""
    lo = a - 1
    while lo >= 0 and match[lo] < 0:
        lo -= 1
    hi = b
    while hi < len(match) and match[hi] < 0:
        hi += 1
    return lo + 1, hi, (match[lo] + 1 if lo >= 0 else 0), (match[hi] if hi < len(match) else n_o)


def edit_effects(o_s: str, extracted: str, edits) -> Counter:
    """closer / farther / same for each applied edit (see the module docstring)."""
    e_s, idx = strip(extracted)
    match = _anchors(o_s, e_s)
    # raw offset -> stripped offset (characters kept before it)
    before = [0] * (len(extracted) + 1)
    for i, c in enumerate(extracted):
        before[i + 1] = before[i] + (not c.isspace() or c in _NOT_SPACE)
    spans = []
    for ed in edits:
        a, b = before[ed.offset], before[ed.end]
        spans.append((_region(match, a, b, len(o_s)), a, b, "".join(ed.insert.split())))
    spans.sort(key=lambda s: s[0])
    groups: List[list] = []
    for sp in spans:
        if groups and (sp[0][0] < groups[-1][0][1] or sp[0] == groups[-1][1][0]):  # overlapping, or same anchors
            g = groups[-1]
            g[0] = (g[0][0], max(g[0][1], sp[0][1]), g[0][2], max(g[0][3], sp[0][3]))
            g.append(sp)
        else:
            groups.append([sp[0], sp])
    out: Counter = Counter()
    for g in groups:
        (e_lo, e_hi, o_lo, o_hi), members = g[0], g[1:]
        e_lo = min([e_lo] + [m[1] for m in members])
        e_hi = max([e_hi] + [m[2] for m in members])
        old = e_s[e_lo:e_hi]
        new, pos = [], e_lo
        for _, a, b, ins in sorted(members, key=lambda m: (m[1], m[2])):
            new.append(e_s[pos:a])
            new.append(ins)
            pos = max(pos, b)
        new.append(e_s[pos:e_hi])
        target = o_s[o_lo:o_hi]
        d0, d1 = Levenshtein.distance(target, old), Levenshtein.distance(target, "".join(new))
        out["closer" if d1 < d0 else "farther" if d1 > d0 else "same"] += len(members)
        out["exact"] += len(members) * (d1 == 0)
    return out


def example(doc_text: str, extracted: str, lost_chars, broken_paras: List[str], ctx: int = 3) -> Optional[str]:
    """repr() of the original and of what the extractor printed around the first lost glyph."""
    o_s, _ = strip(doc_text)
    e_s, idx = strip(extracted)
    # the first lost character that sits in a broken paragraph
    target = None
    start = 0
    for para in broken_paras:
        for j, c in enumerate(para):
            if c in lost_chars:
                p_s = len("".join(doc_text[: doc_text.find(para, start) + j].split()))
                target = p_s
                break
        if target is not None:
            break
        start = doc_text.find(para, start) + len(para)
    if target is None:
        return None
    for op in Levenshtein.opcodes(o_s, e_s):
        if op.src_start <= target < op.src_end or (op.src_start == target == op.src_end):
            if op.tag == "equal":
                j = op.dest_start + target - op.src_start
                lo_e, hi_e = j, j + 1
            else:
                lo_e, hi_e = op.dest_start, op.dest_end
            break
    else:
        return None
    lo_raw = idx[max(0, lo_e - ctx)] if idx else 0
    hi_raw = idx[min(len(idx) - 1, hi_e + ctx - 1)] + 1 if idx else 0
    orig = o_s[max(0, target - ctx): target + ctx + 1]
    return f"{orig!r} ({o_s[target]!r} lost) -> {extracted[lo_raw:hi_raw]!r}"


# ------------------------------------------------------------------ run


#: extractors whose trace names the glyph: (cid:N), or chr(N) with N the glyph's code
KEYED = ("pdfminer", "pypdf", "pymupdf", "pypdfium2", "pdfplumber", "docling", "docling-fffd")


_GLYPH = re.compile(r"GLYPH(?:<|&lt;)c=(\d+),")


def keyed_score(name: str, made, applied) -> Tuple[int, int]:
    """(right, wrong) applied edits that replace a trace, each against the
    glyph the PDF maker's glyph map says it stands for (``(cid:N)`` for
    pdfminer, the character of code N for pypdf and PyMuPDF's default,
    docling's ``GLYPH<c=N,font=...>`` or character of code N); an edit that
    replaces a character which is no lost glyph's trace (the text's own) is
    wrong; the U+FFFD that docling prints for a glyph under 32 by default is
    not counted (it does not say which glyph: see exact / applied). (0, 0) for extractors whose traces name no glyph."""
    if name not in KEYED:
        return 0, 0
    from docfix import canon

    cids = made.removed or made.cids.get("broken", {})
    cid = name in ("pdfminer", "pdfplumber")
    glyph: Dict[str, set] = {}  # (two fonts that lost glyphs: one glyph id may be a glyph of each)
    for c, n in list(cids.items()) + list(made.intact_removed.items()):
        glyph.setdefault(f"(cid:{n})" if cid else chr(n), set()).add(canon.fold_char(c))
    right = wrong = 0
    for e in applied:
        if not e.replaces or (name.startswith("docling") and e.replaces[0] in " \ufffd"):
            continue
        m = _GLYPH.match(e.replaces)
        trace = e.replaces if cid else chr(int(m.group(1))) if m else e.replaces[0]
        ok = canon.fold_char(e.insert) in glyph.get(trace, ())
        right += ok
        wrong += not ok
    return right, wrong


def _pdf_text(data: bytes):
    from docfix.pdf import extract

    return extract(data)


def pdf_score(pdf, made, applied) -> Tuple[int, int]:
    """(right, wrong) applied edits of the PDF route, each against the
    character its (font, glyph id) key lost (``made.lost_by_font``; the one
    lost set ``made.removed`` where the writer made one broken font)."""
    from docfix import canon

    key_at = {t.offset: t.key for t in pdf.traces}
    by_cid = {cid: c for c, cid in made.removed.items()}
    right = wrong = 0
    for e in applied:
        key = key_at.get(e.offset)
        if key is None:
            continue
        font = key[1].split("#")[0]
        truth = made.lost_by_font[font].get(key[2]) if font in made.lost_by_font else by_cid.get(key[2])
        ok = truth is not None and canon.fold_char(e.insert) == canon.fold_char(truth)
        right += ok
        wrong += not ok
    return right, wrong


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=20)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--part", choices=("test", "tune"), default="test")
    ap.add_argument("--source", default=str(ROOT.parent / "shared" / "corpus" / "policy_docs.txt"))
    ap.add_argument("--extractors", nargs="+", default=list(EXTRACTORS), choices=EXTRACTORS)
    ap.add_argument("--pymupdf", default="/tmp/pm", help="folder PyMuPDF was pip-installed into with --target")
    ap.add_argument("--pdfium", default="/tmp/pdfium", help="folder pypdfium2 was pip-installed into with --target "
                    "(also found on the path)")
    ap.add_argument("--pdfplumber", default="/tmp/plumb", help="folder pdfplumber was pip-installed into with "
                    "--target --no-deps (it needs pdfminer.six, which docfix has)")
    ap.add_argument("--docling", default="/tmp/dp", help="folder docling-parse was pip-installed into with --target")
    ap.add_argument("--examples", type=int, default=3)
    ap.add_argument("--producer", choices=("fpdf2", "chromium", "libreoffice"), default="fpdf2",
                    help="the PDF writer: fpdf2 (glyph ids 1, 2, 3... in order of use, left-aligned lines), "
                    "Chromium's print to PDF (the font's own glyph ids, justified lines, each glyph placed on its own) "
                    "or LibreOffice Writer (simple TrueType subsets of 255 glyphs, one byte a glyph); the intact "
                    "paragraphs of a mixed document in the collection's other face")
    ap.add_argument("--family", default="WenQuanYi Micro Hei",
                    help="the broken font's family (Chromium and LibreOffice): a face fontconfig knows, e.g. "
                    "'AR PL SungtiL GB' (fonts-arphic-gbsn00lp: GB 2312's Han characters only, glyph ids in "
                    "code-point order)")
    ap.add_argument("--every-han", action="store_true",
                    help="every Han character of a document lost (its font's whole ToUnicode map, but for marks, "
                    "digits and letters), not a realistic lost set")
    ap.add_argument("--traditional", action="store_true",
                    help="the documents in Traditional characters (OpenCC s2t) before they are printed")
    ap.add_argument("--two-broken", nargs="?", const="own", choices=("own", "same"),
                    help="every document set in two fonts that both lost glyphs (a heading font and a body font "
                    "whose ToUnicode maps both broke): each its own set (own), or the same set (same)")
    args = ap.parse_args(argv)

    from docfix.restore import Repairer
    from docfix.traces import find

    t_start = time.time()
    extractors, notes = load_extractors(args.extractors, args.pymupdf, args.pdfium, args.pdfplumber, args.docling)
    rng = random.Random(args.seed)
    docs = documents(Path(args.source), args.docs, rng, part=args.part)
    if args.traditional:
        import opencc

        docs = [opencc.OpenCC("s2t").convert(d) for d in docs]
    R = Repairer()
    t_model = time.time() - t_start
    rows = {n: Counter() for n in extractors}
    kinds = {n: Counter() for n in extractors}
    examples: Dict[str, List[str]] = {n: [] for n in extractors}
    errors: Dict[str, List[str]] = {n: [] for n in extractors}
    seconds = {n: [0.0, 0.0] for n in extractors}  # extraction, repair
    lost_total = chars = 0
    for di, doc in enumerate(docs):
        drng = random.Random(args.seed * 1000 + di)
        lost = realistic_glyphs(doc, drng)
        if args.every_han:
            lost = sorted({c for c in doc if "\u4e00" <= c <= "\u9fff"})
        mixed = drng.random() < 0.25 or args.two_broken
        second = (lost if args.two_broken == "same" else realistic_glyphs(doc, random.Random(args.seed * 77 + di))
                  if args.two_broken else ())
        if args.producer != "fpdf2":
            made = _printed_pdf(args.producer, doc, lost, mixed, random.Random(args.seed * 1000 + di), args.family)
        else:
            made = _make_pdf(doc, lost, mixed, random.Random(args.seed * 1000 + di), second_lost=second)
        if made is None:
            print(f"no PDF can be made with {args.producer} (fpdf2, pikepdf, a CJK TrueType font, Chromium or LibreOffice)",
                  file=sys.stderr)
            return 1
        broken = [p for _, p, fam in made.paragraphs if fam == "broken"]
        n_lost = sum(p.count(c) for p in broken for c in made.removed)
        n_lost += sum(p.count(c) for _, p, fam in made.paragraphs if fam == "intact" for c in made.intact_removed)
        lost_total += n_lost
        chars += len(doc)
        o_s, _ = strip(doc)
        for name, fn in extractors.items():
            t0 = time.time()
            try:
                got = fn(made.data)
                pdf = None if isinstance(got, str) else got
                text = got if pdf is None else pdf.text
            except Exception as exc:  # an extractor that fails is reported, not fatal
                errors[name].append(f"doc {di}: {type(exc).__name__}: {exc}")
                continue
            t1 = time.time()
            r = R.repair(text) if pdf is None else R.repair_extracted(pdf, shapes=False)
            seconds[name][0] += t1 - t0
            seconds[name][1] += time.time() - t1
            assert r.original() == text, f"{name} doc {di}: original() does not give back the input"
            e_s, _ = strip(text)
            p_s, _ = strip(r.text)
            ops_e, ops_p = _keys(Levenshtein.editops(o_s, e_s)), _keys(Levenshtein.editops(o_s, p_s))
            row = rows[name]
            row["docs"] += 1
            row["lost"] += n_lost
            row["D"] += Levenshtein.distance(o_s, e_s)
            row["Rd"] += Levenshtein.distance(o_s, p_s)
            row["introduced"] += len(ops_p - ops_e)
            row["fixed"] += len(ops_e - ops_p)
            applied = [e for e in r.edits if e.applied]
            row["edits"] += len(r.edits)
            row["applied"] += len(applied)
            row.update(edit_effects(o_s, text, applied))
            # (LibreOffice's subsets number their glyphs alike: a code names no one glyph, but in the PDF route)
            right, wrong = pdf_score(pdf, made, applied) if pdf is not None else \
                keyed_score(name, made, applied) if args.producer != "libreoffice" else (0, 0)
            row["key_right"] += right
            row["key_wrong"] += wrong
            kinds[name].update(t.kind for t in find(text))
            if len(examples[name]) < args.examples and n_lost:
                ex = example(doc, text, set(made.removed), broken)
                if ex:
                    examples[name].append(f"doc {di}: {ex}")
        print(f"doc {di + 1}/{len(docs)} ({len(doc)} chars, {n_lost} lost, mixed={mixed}) "
              f"{time.time() - t_start:.0f}s", file=sys.stderr)
    total = time.time() - t_start

    print(f"{len(docs)} documents ({args.part} part of {Path(args.source).name}, seed {args.seed}), "
          f"{chars:,} characters, {lost_total} lost-glyph occurrences; "
          f"run {total:.0f} s wall (model load {t_model:.0f} s)")
    for n in notes:
        print(n)
    print()
    print("| extractor | docs | lost | D | Rd | repaired 1-Rd/D | introduced | fixed | edits (applied) "
          "| exact | closer / farther / same | trace edits right / wrong (P, R) | traces found (kind: n) "
          "| extract s | repair s |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|---:|---:|")
    for name, row in rows.items():
        D, Rd = row["D"], row["Rd"]
        share = f"{1 - Rd / D:.3f}" if D else "-"
        tr = ", ".join(f"{k}: {v}" for k, v in kinds[name].most_common()) or "none"
        print(f"| {name} | {row['docs']} | {row['lost']} | {D} | {Rd} | {share} | {row['introduced']} | "
              f"{row['fixed']} | {row['edits']} ({row['applied']}) | {row['exact']} | {row['closer']} / {row['farther']} / "
              f"{row['same']} | {_keyed_cell(row)} | {tr} | {seconds[name][0]:.1f} | {seconds[name][1]:.1f} |")
    for name, errs in errors.items():
        for e in errs[:3]:
            print(f"{name} failed: {e}")
    print()
    print("What a lost glyph became (original context -> extracted text):")
    for name, exs in examples.items():
        print(f"- {name}:")
        for e in exs:
            print(f"    {e}")
    return 0


def _printed_pdf(producer: str, doc: str, lost, mixed: bool, rng: random.Random, family: str = "WenQuanYi Micro Hei"):
    """The document printed to PDF by Chromium or LibreOffice (:mod:`docfix.lab.printers`), its
    paragraphs split as :func:`docfix.lab.traces._make_pdf` splits them, at 12, 14 or 16 points."""
    from docfix.lab import printers

    paras = [p for p in doc.split("\n") if p.strip()]
    broken_from = rng.randint(1, max(1, len(paras) - 1)) if mixed and len(paras) > 1 else 0
    return printers.make_printed_pdf(paras, writer=producer, lost=set(lost), broken_from=broken_from,
                                     font_size=rng.choice((12, 14, 16)), broken_family=family)


def _keyed_cell(row) -> str:
    r, w = row["key_right"], row["key_wrong"]
    if not r + w:
        return "-"
    return f"{r} / {w} ({r / (r + w):.3f}, {r / max(row['lost'], 1):.3f})"


if __name__ == "__main__":
    raise SystemExit(main())

"""PDFs of the same damage from other writers than fpdf2 (:mod:`docfix.lab.pdfmake`).

* ``writer="chromium"``: Chromium's print to PDF, as a web page saved as
  PDF is; Skia keeps the font's own glyph ids as CIDs (a Type0 font,
  Identity-H) and places each glyph of a justified line on its own.
* ``writer="libreoffice"``: LibreOffice Writer's PDF export; simple TrueType
  fonts of at most 255 glyphs, one byte a glyph, several subsets of one font
  for a document of many characters, each numbering its glyphs from 1.

Both print the paragraphs as a justified HTML page (first lines indented by
two characters), the paragraphs before ``broken_from`` in the intact face of
the font collection, the rest in the broken one, whose ToUnicode entries of
the ``lost`` characters are then deleted (:func:`docfix.lab.pdfmake._damage`).
:func:`make_printed_pdf` returns None where the program is missing or fails.
"""
from __future__ import annotations

import shutil
import subprocess
from functools import lru_cache
from pathlib import Path
from typing import Iterable, List, Optional

from .pdfmake import MadePdf, _damage

__all__ = ["make_printed_pdf", "find_browser", "find_office", "WRITERS", "BROWSERS"]


#: The browsers whose "print to PDF" :func:`make_printed_pdf` uses (Chromium's Skia writer).
BROWSERS = ("chromium", "chromium-browser", "google-chrome")


def find_browser() -> Optional[str]:
    """A headless-capable Chromium on the path, or None."""
    return next((shutil.which(b) for b in BROWSERS if shutil.which(b)), None)


def find_office() -> Optional[str]:
    """LibreOffice's ``soffice`` on the path, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


#: The writers :func:`make_printed_pdf` knows, and where each finds its program.
WRITERS = {"chromium": find_browser, "libreoffice": find_office}


def make_printed_pdf(
    paragraphs: List[str],
    *,
    writer: str = "chromium",
    lost: Iterable[str] = frozenset(),
    broken_from: int = 0,
    font_size: float = 14,
    broken_family: str = "WenQuanYi Micro Hei",
    intact_family: str = "WenQuanYi Micro Hei Mono",
    timeout: float = 180,
) -> Optional[MadePdf]:
    """Print ``paragraphs`` to PDF with ``writer``, then make ``lost`` unreadable.

    ``"chromium"``: Chromium's print to PDF, as a web page saved as PDF is
    (Skia keeps the font's own glyph ids as CIDs and draws each glyph of a
    justified line at its own position); ``"libreoffice"``: LibreOffice
    Writer's PDF export (``soffice --convert-to pdf``: simple TrueType fonts
    of at most 255 glyphs, one byte a glyph, several subsets of one font that
    number their glyphs alike). Paragraphs before ``broken_from`` are set in
    ``intact_family``, the rest in ``broken_family`` (two faces, two font
    resources), whose ToUnicode entries of ``lost`` are deleted as in
    :func:`docfix.lab.pdfmake.make_damaged_pdf`. None where the writer's
    program is missing or fails.
    """
    program = WRITERS[writer]()
    if program is None:
        return None
    if writer == "chromium":
        command = lambda src, out: [program, "--headless", "--no-sandbox", "--disable-gpu",  # noqa: E731
                                    "--no-pdf-header-footer", f"--print-to-pdf={out}", src.as_uri()]
    else:
        command = lambda src, out: [program, "--headless", "--infilter=HTML (StarWriter)",  # noqa: E731
                                    "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(out.parent), str(src)]
    return _print(paragraphs, command, lost, broken_from, font_size, broken_family, intact_family, timeout)


@lru_cache(maxsize=None)
def _postscript_name(family: str) -> str:
    """The PostScript name fontconfig gives ``family``'s face (what a PDF
    names it: AR PL SungtiL GB is BousungEG-Light-GB); "" without fc-match."""
    try:
        done = subprocess.run(["fc-match", "-f", "%{postscriptname}", family], capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.decode("utf-8", "replace").strip()


def _print(paragraphs, command, lost, broken_from, font_size, broken_family, intact_family, timeout) -> Optional[MadePdf]:
    """The paragraphs as a justified HTML page, made a PDF by ``command(html
    path, pdf path)``, and damaged (:func:`_damage`)."""
    import html
    import tempfile

    style = "text-indent:2em;margin:0;line-height:1.6;font-size:%gpt;font-family:'%s'"
    body = "".join(f'<p align="justify" style="{style % (font_size, intact_family if k < broken_from else broken_family)}">'
                   f"{html.escape(p)}</p>" for k, p in enumerate(paragraphs))
    page = (f'<html><head><meta charset="utf-8"><style>@page{{size:A4;margin:25mm 26mm}}</style></head>'
            f"<body>{body}</body></html>")
    made = MadePdf(b"", paragraphs=[(0, p, "intact" if k < broken_from else "broken") for k, p in enumerate(paragraphs)])
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "doc.html", Path(tmp) / "doc.pdf"
        src.write_text(page, encoding="utf-8")
        try:
            subprocess.run(command(src, out), capture_output=True, timeout=timeout, check=True)
            raw = out.read_bytes()
        except (OSError, subprocess.SubprocessError):
            return None
    names = {broken_family.replace(" ", ""), _postscript_name(broken_family)} - {""}
    family = lambda name, fobj: ("broken" if str(fobj.get("/BaseFont", "")).split("+")[-1] in names  # noqa: E731
                                 else "intact")
    made.data = _damage(raw, family, made, lost=frozenset(lost))
    return made

"""PDFs of the same damage from other writers than fpdf2 (:mod:`docfix.lab.pdfmake`).

* :func:`make_browser_pdf`: Chromium's print to PDF, as a web page saved as
  PDF is; Skia keeps the font's own glyph ids as CIDs (a Type0 font,
  Identity-H) and places each glyph of a justified line on its own.
* :func:`make_office_pdf`: LibreOffice Writer's PDF export; simple TrueType
  fonts of at most 255 glyphs, one byte a glyph, several subsets of one font
  for a document of many characters, each numbering its glyphs from 1.

Both print the paragraphs as a justified HTML page (first lines indented by
two characters), the paragraphs before ``broken_from`` in the intact face of
the font collection, the rest in the broken one, whose ToUnicode entries of
the ``lost`` characters are then deleted (:func:`docfix.lab.pdfmake._damage`).
Each returns None where its program is missing or fails.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Iterable, List, Optional

from .pdfmake import MadePdf, _damage

__all__ = ["make_browser_pdf", "make_office_pdf", "find_browser", "find_office", "BROWSERS"]


#: The browser whose "print to PDF" :func:`make_browser_pdf` uses (Chromium's Skia writer).
BROWSERS = ("chromium", "chromium-browser", "google-chrome")


def find_browser() -> Optional[str]:
    """A headless-capable Chromium on the path, or None."""
    return next((shutil.which(b) for b in BROWSERS if shutil.which(b)), None)


def make_browser_pdf(
    paragraphs: List[str],
    *,
    lost: Iterable[str] = frozenset(),
    broken_from: int = 0,
    font_size: float = 14,
    broken_family: str = "WenQuanYi Micro Hei",
    intact_family: str = "WenQuanYi Micro Hei Mono",
    browser: Optional[str] = None,
    timeout: float = 120,
) -> Optional[MadePdf]:
    """Print ``paragraphs`` to PDF with a browser, then make ``lost`` unreadable.

    Another PDF writer than fpdf2, as a web page saved as PDF is: Chromium
    (Skia) keeps the font's own glyph ids as CIDs, draws each glyph at its own
    position (``Td``) of a justified line, indents first lines by two
    characters. Paragraphs before ``broken_from`` are set in
    ``intact_family``, the rest in ``broken_family`` (two faces, two font
    resources), whose ToUnicode entries of ``lost`` are deleted as in
    :func:`make_damaged_pdf`. None where no browser is found or it fails.
    """
    browser = browser or find_browser()
    if browser is None:
        return None
    return _print(paragraphs, lambda src, out: [browser, "--headless", "--no-sandbox", "--disable-gpu",
                                                "--no-pdf-header-footer", f"--print-to-pdf={out}", src.as_uri()],
                  lost, broken_from, font_size, broken_family, intact_family, timeout)


def find_office() -> Optional[str]:
    """LibreOffice's ``soffice`` on the path, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def make_office_pdf(
    paragraphs: List[str],
    *,
    lost: Iterable[str] = frozenset(),
    broken_from: int = 0,
    font_size: float = 14,
    broken_family: str = "WenQuanYi Micro Hei",
    intact_family: str = "WenQuanYi Micro Hei Mono",
    timeout: float = 180,
) -> Optional[MadePdf]:
    """:func:`make_browser_pdf` with LibreOffice Writer's PDF export instead
    (``soffice --convert-to pdf``): simple TrueType fonts of at most 255
    glyphs each, one byte a glyph, so that a document of many characters is
    set in several subsets of one font, which number their glyphs alike."""
    office = find_office()
    if office is None:
        return None
    return _print(paragraphs, lambda src, out: [office, "--headless", "--infilter=HTML (StarWriter)",
                                                "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(out.parent),
                                                str(src)],
                  lost, broken_from, font_size, broken_family, intact_family, timeout)


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
    squashed = broken_family.replace(" ", "")
    family = lambda name, fobj: ("broken" if str(fobj.get("/BaseFont", "")).endswith(squashed)  # noqa: E731
                                 else "intact")
    made.data = _damage(raw, family, made, lost=frozenset(lost))
    return made

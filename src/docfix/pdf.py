"""Read a PDF's text glyph by glyph, keeping the glyphs it cannot map.

A PDF draws glyphs, not characters: each glyph is a code (a "CID") in a
font, and the font's ``ToUnicode`` CMap says which character it is. When
entries are missing, extractors lose those glyphs (pdfminer.six prints
``(cid:N)``, pdftotext drops them, pypdf prints ``chr(N)``). :func:`extract`
reads the PDF with pdfminer.six (its layout analysis gives the reading
order) and writes U+FFFD for every unmapped glyph, with a :class:`PdfTrace`
saying where it stands and which glyph it is: all occurrences of one glyph
share one key ``("pdf", font, cid)``, so that the restoration engine can
decide each unknown glyph once, from all its contexts (a one-byte font's code its ToUnicode lacks is one too).

Text layout of :attr:`PdfText.text`:

* a text line is its characters (with the spaces pdfminer puts between words
  that are apart);
* the lines of one text box (pdfminer's paragraph guess) are joined by
  ``"\\n"``, the boxes of one page by ``"\\n\\n"`` (a blank line), as in
  ``pdfminer.high_level.extract_text``;
* pages are joined by :data:`PAGE_BREAK` (``"\\n\\f\\n"``: a line holding a
  form feed, the page break of pdftotext); :attr:`PdfText.pages` has each
  page's ``(start, end)``, separators excluded; a page with no text is an
  empty span.

Fonts are named by their ``BaseFont`` (``ABCDEF+SimSun``). Two *different*
font objects with one name (PDF writers reuse subset tags, and fpdf2 names
every subset of a font ``MPDFAA+...``) number their glyphs independently, so
the second is named ``name#2``, the third ``name#3``, in the order they are
met.

Errors are :class:`~docfix.errors.DocfixError`:

=================================================  =====================
case                                               exit code
=================================================  =====================
file missing / a directory / unreadable            ``NO_INPUT`` (3)
an empty file; a PDF with no page                  ``EMPTY`` (5)
encrypted, no or a wrong password                  ``NO_INPUT`` (3): the
                                                   input cannot be read
                                                   as given
not a PDF, corrupt, unsupported encryption         ``NOT_TEXT`` (4)
pages but no character at all (a scan)             ``NOT_TEXT`` (4)
=================================================  =====================

Memory stays bounded on long documents: pages are read one at a time (the
layout of one page is dropped before the next is read) and the parsed objects
of the file are not cached, only its fonts.

This module needs pdfminer.six (MIT); PyMuPDF, being AGPL, is not used.
"""
from __future__ import annotations

import io
import logging
import os
import re
from dataclasses import dataclass, field
from typing import IO, Any, Dict, Iterator, List, Optional, Tuple, Union

from . import errors
from .errors import DocfixError, ExitCode

__all__ = ["PdfTrace", "PdfText", "extract", "PAGE_BREAK", "BOX_BREAK", "LINE_BREAK", "REPLACEMENT"]

#: What stands in the text for a glyph with no Unicode mapping.
REPLACEMENT = "\ufffd"
#: Between two pages.
PAGE_BREAK = "\n\f\n"
#: Between two text boxes of one page.
BOX_BREAK = "\n\n"
#: Between two lines of one text box.
LINE_BREAK = "\n"

_CID_TEXT = re.compile(r"\(cid:(\d+)\)")
#: Known (mapped) glyphs kept per font for :attr:`PdfText.samples`.
SAMPLES_PER_FONT = 400

# pdfminer logs its complaints about damaged files as warnings; with no
# handler anywhere, Python would print them on stderr, where docfix writes one
# line per problem. An application that configures logging still gets them.
logging.getLogger("pdfminer").addHandler(logging.NullHandler())


@dataclass(frozen=True)
class PdfTrace:
    """One glyph with no Unicode mapping.

    Attributes
    ----------
    offset : int
        Code-point offset in :attr:`PdfText.text` of the U+FFFD standing for it.
    key : tuple
        ``("pdf", font_name, cid)``: every occurrence of one key is the same
        (unknown) character; different keys may still be one character (the
        same character in two fonts).
    """

    offset: int
    key: Tuple[str, str, int]


@dataclass
class PdfText:
    """The text of a PDF and the traces of its unmapped glyphs.

    Attributes
    ----------
    text : str
        The text in reading order, U+FFFD for each unmapped glyph (layout in
        the module docstring).
    pages : list of (int, int)
        ``(start, end)`` of each page read in ``text``.
    traces : list of PdfTrace
        The unmapped glyphs, in text order.
    fonts : dict
        Font name -> number of glyphs drawn in it (in the pages read).
    unmapped : dict
        Font name -> number of its glyphs with no Unicode mapping (only fonts
        that have some).
    samples : dict
        Font name -> {cid: character} of glyphs it maps, the most drawn first
        (at most :data:`SAMPLES_PER_FONT`): known glyphs that calibrate the
        shape evidence (:mod:`docfix.shapes`).
    programs : dict
        Font name -> :class:`docfix.outlines.FontProgram`, the embedded font
        program of each font with unmapped glyphs (Type0 fonts whose program
        is embedded; others have none).
    """

    text: str
    pages: List[Tuple[int, int]]
    traces: List[PdfTrace]
    fonts: Dict[str, int] = field(default_factory=dict)
    unmapped: Dict[str, int] = field(default_factory=dict)
    samples: Dict[str, Dict[int, str]] = field(default_factory=dict, repr=False)
    programs: Dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def page_count(self) -> int:
        """Number of pages read."""
        return len(self.pages)

    def page_text(self, index: int) -> str:
        """The text of page ``index`` (from 0)."""
        start, end = self.pages[index]
        return self.text[start:end]


Source = Union[str, "os.PathLike[str]", bytes, bytearray, IO[bytes]]


def extract(
    source: Source,
    *,
    password: Optional[str] = None,
    max_pages: Optional[int] = None,
    laparams: Any = None,
) -> PdfText:
    """Extract the text of a PDF, with a trace for each unmapped glyph.

    Parameters
    ----------
    source : str, path-like, bytes or binary file
        The PDF: a file path, its bytes, or a binary file object (read from
        its current position; one that cannot seek is read into memory).
    password : str, optional
        Password of an encrypted PDF (the user or the owner password).
    max_pages : int, optional
        Read at most this many pages (from the first).
    laparams : pdfminer.layout.LAParams, optional
        Layout analysis parameters; default :func:`default_laparams`.

    Returns
    -------
    PdfText

    Raises
    ------
    DocfixError
        Unreadable, encrypted, corrupt, empty or text-less PDF (see the
        module docstring for the exit codes).
    """
    try:
        import pdfminer  # noqa: F401
    except ImportError:
        raise DocfixError(
            ExitCode.RESOURCES, errors.COMPONENT_MISSING, name="pdf", reason="pdfminer.six is not installed"
        ) from None
    path = None if isinstance(source, (bytes, bytearray)) or hasattr(source, "read") else str(source)
    try:
        if isinstance(source, (bytes, bytearray)):
            return _extract(io.BytesIO(bytes(source)), password, max_pages, laparams)
        if hasattr(source, "read"):
            fp = source
            if not _seekable(fp):
                fp = io.BytesIO(fp.read())
            return _extract(fp, password, max_pages, laparams)
        try:
            fp = open(os.fspath(source), "rb")
        except FileNotFoundError:
            raise DocfixError(ExitCode.NO_INPUT, errors.NOT_FOUND) from None
        except IsADirectoryError:
            raise DocfixError(ExitCode.NO_INPUT, errors.IS_DIR) from None
        except OSError as exc:
            raise DocfixError(ExitCode.NO_INPUT, errors.UNREADABLE, reason=exc.strerror or exc) from None
        with fp:
            return _extract(fp, password, max_pages, laparams)
    except DocfixError as exc:
        raise exc.with_path(path) if path else exc


def default_laparams() -> Any:
    """pdfminer's layout parameters for Chinese documents.

    pdfminer's defaults but ``line_margin=1.0`` (default 0.5): two lines are
    one text box when the gap between them is under the font size, so that
    paragraphs set at 1.5 or fixed 28 pt leading (16 pt type, the usual
    Chinese official document) stay one box instead of a box per line; and
    ``all_texts=True``: text inside form XObjects is read too.
    """
    from pdfminer.layout import LAParams

    return LAParams(line_margin=1.0, all_texts=True)


def _seekable(fp: Any) -> bool:
    try:
        return bool(fp.seekable())
    except (AttributeError, OSError, ValueError):
        return False


def _extract(fp: IO[bytes], password: Optional[str], max_pages: Optional[int], laparams: Any) -> PdfText:
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfinterp import PDFPageInterpreter
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    start = fp.tell()
    head = fp.read(1024)
    fp.seek(start)
    if not head:
        raise DocfixError(ExitCode.EMPTY, errors.EMPTY)
    if b"%PDF-" not in head:
        raise DocfixError(ExitCode.NOT_TEXT, errors.PDF_UNREADABLE, reason="not a PDF (no %PDF- header)")

    try:
        doc = PDFDocument(PDFParser(fp), password=password or "", caching=False)
    except PDFPasswordIncorrect:
        if password:
            raise DocfixError(ExitCode.NO_INPUT, errors.PDF_WRONG_PASSWORD) from None
        raise DocfixError(ExitCode.NO_INPUT, errors.PDF_ENCRYPTED) from None
    except PDFEncryptionError as exc:
        raise DocfixError(ExitCode.NOT_TEXT, errors.PDF_UNREADABLE, reason=_reason(exc)) from None
    except MemoryError:
        raise
    except Exception as exc:  # pdfminer raises many kinds on broken files (RecursionError too)
        raise DocfixError(ExitCode.NOT_TEXT, errors.PDF_UNREADABLE, reason=_reason(exc)) from None

    manager = _ResourceManager()
    device = _GlyphAggregator(manager, laparams=laparams if laparams is not None else default_laparams())
    interpreter = PDFPageInterpreter(manager, device)
    builder = _TextBuilder()
    pages = PDFPage.create_pages(doc)
    seen_chars = 0
    try:
        for number, page in enumerate(pages):
            if max_pages is not None and number >= max_pages:
                break
            interpreter.process_page(page)
            layout = device.get_result()
            device.result = None  # drop the page's layout before the next one
            seen_chars += builder.add_page(layout)
            del layout
    except (MemoryError, DocfixError):
        raise
    except Exception as exc:
        raise DocfixError(ExitCode.NOT_TEXT, errors.PDF_UNREADABLE, reason=_reason(exc)) from None
    if not builder.pages:
        raise DocfixError(ExitCode.EMPTY, errors.PDF_NO_PAGES)
    if seen_chars == 0:
        raise DocfixError(ExitCode.NOT_TEXT, errors.PDF_NO_TEXT)
    from .outlines import font_program

    out = builder.result()
    out.samples = device.samples() if hasattr(device, "samples") else {}
    for label in out.unmapped:
        prog = font_program(manager.specs.get(label))
        if prog is not None:
            out.programs[label] = prog
    return out


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    if len(text) > 200:
        text = text[:197] + "..."
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


# ------------------------------------------------------------------ pdfminer glue


def _make_classes() -> tuple:
    # pdfminer is imported here, late: docfix works without it until a PDF is read
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.pdfinterp import PDFResourceManager

    class ResourceManager(PDFResourceManager):
        """Names each font object (``_docfix_label``): its BaseFont, then
        ``#2``, ``#3``... for other objects with the same name."""

        def __init__(self) -> None:
            super().__init__(caching=True)
            self.specs: Dict[str, Any] = {}  # font label -> its font dictionary
            self._by_object: Dict[Tuple[str, Any], str] = {}
            self._per_name: Dict[str, int] = {}
            self._depth = 0

        def get_font(self, objid: Any, spec: Any) -> Any:
            # pdfminer calls get_font(None, descendant) from inside a Type0
            # font's get_font: only the outermost call knows the object.
            self._depth += 1
            try:
                font = super().get_font(objid, spec)
            finally:
                self._depth -= 1
            if self._depth == 0 and getattr(font, "_docfix_label", None) is None:
                name = _font_name(font)
                ident = (name, objid)  # objid None (an inline font): one font a name
                label = self._by_object.get(ident)
                if label is None:
                    n = self._per_name.get(name, 0) + 1
                    self._per_name[name] = n
                    label = name if n == 1 else f"{name}#{n}"
                    self._by_object[ident] = label
                    self.specs[label] = spec
                font._docfix_label = label
                font._docfix_encoding = isinstance(spec, dict) and "Encoding" in spec  # (for _encoded_only)
            return font

    class GlyphAggregator(PDFPageAggregator):
        """Marks each ``LTChar`` with ``(font label, cid or None)``; the cid
        only where the glyph has no Unicode mapping."""

        def __init__(self, rsrcmgr: Any, laparams: Any) -> None:
            super().__init__(rsrcmgr, laparams=laparams)
            self._undefined: Optional[int] = None
            self._seen: Dict[str, Dict[int, List[Any]]] = {}  # font -> cid -> [count, text] of mapped glyphs

        def handle_undefined_char(self, font: Any, cid: int) -> str:
            self._undefined = cid
            return f"(cid:{cid})"

        def render_char(self, *args: Any, **kwargs: Any) -> float:
            self._undefined = None
            adv = super().render_char(*args, **kwargs)
            font = kwargs["font"] if "font" in kwargs else args[1]
            objs = getattr(self.cur_item, "_objs", None)
            if objs:
                label = getattr(font, "_docfix_label", None) or _font_name(font)
                cid = kwargs["cid"] if "cid" in kwargs else args[5]
                if self._undefined is None and _encoded_only(font, cid):
                    self._undefined = cid  # (a simple font's code its ToUnicode lacks: the encoding's letter is no reading)
                objs[-1]._docfix_glyph = (label, self._undefined)
                if self._undefined is None:
                    seen = self._seen.setdefault(label, {})
                    entry = seen.get(cid)
                    if entry is not None:
                        entry[0] += 1
                    elif len(seen) < 4 * SAMPLES_PER_FONT:
                        seen[cid] = [1, objs[-1].get_text()]
            return adv

        def samples(self) -> Dict[str, Dict[int, str]]:
            """Font -> {cid: text} of its most drawn mapped glyphs."""
            out = {}
            for label, seen in self._seen.items():
                top = sorted(seen.items(), key=lambda kv: -kv[1][0])[:SAMPLES_PER_FONT]
                out[label] = {cid: text for cid, (_, text) in top}
            return out

    return ResourceManager, GlyphAggregator


def _encoded_only(font: Any, cid: int) -> bool:
    """Whether a one-byte font with no /Encoding of its own lacks ``cid`` in its ToUnicode (管 coded 80 read P)."""
    umap = getattr(font, "unicode_map", None)
    return umap is not None and not font.is_multibyte() and not getattr(font, "_docfix_encoding", True) \
        and cid not in getattr(umap, "cid2unichr", {cid: ""})


def _font_name(font: Any) -> str:
    return str(getattr(font, "fontname", None) or "unknown")


_CLASSES: Optional[tuple] = None


def _classes() -> tuple:
    global _CLASSES
    if _CLASSES is None:
        _CLASSES = _make_classes()
    return _CLASSES


def _ResourceManager() -> Any:
    return _classes()[0]()


def _GlyphAggregator(manager: Any, laparams: Any) -> Any:
    return _classes()[1](manager, laparams)


class _TextBuilder:
    """Assembles the text, the page spans and the traces, page by page."""

    def __init__(self) -> None:
        self.parts: List[str] = []
        self.pos = 0
        self.pages: List[Tuple[int, int]] = []
        self.traces: List[PdfTrace] = []
        self.fonts: Dict[str, int] = {}
        self.unmapped: Dict[str, int] = {}
        self._chars = 0

    def _write(self, s: str) -> None:
        if s:
            self.parts.append(s)
            self.pos += len(s)

    def add_page(self, layout: Any) -> int:
        """Append one page (an ``LTPage``); returns its number of glyphs."""
        if self.pages:
            self._write(PAGE_BREAK)
        start = self.pos
        before = self._chars
        first = True
        for box in self._boxes(layout):
            if not first:
                self._write(BOX_BREAK)
            first = False
            self._box(box)
        self.pages.append((start, self.pos))
        return self._chars - before

    def _boxes(self, container: Any) -> Iterator[Any]:
        """Text boxes in reading order, those inside figures included; loose
        characters (a figure not analysed) as boxes of their own line."""
        from pdfminer.layout import LTChar, LTFigure, LTTextBox, LTTextLine

        loose: List[Any] = []
        for obj in container:
            if isinstance(obj, LTTextBox):
                yield obj
            elif isinstance(obj, LTTextLine):
                yield [obj]
            elif isinstance(obj, LTFigure):
                yield from self._boxes(obj)
            elif isinstance(obj, LTChar):
                loose.append(obj)
        if loose:
            yield [loose]

    def _box(self, box: Any) -> None:
        from pdfminer.layout import LTChar, LTText

        first = True
        for line in box:
            if not first:
                self._write(LINE_BREAK)
            first = False
            for item in line:
                if isinstance(item, LTChar):
                    self._char(item)
                elif isinstance(item, LTText):  # LTAnno: a space between words, "\n" at the end
                    t = item.get_text()
                    if t != "\n":
                        self._write(t)

    def _char(self, ch: Any) -> None:
        self._chars += 1
        text = ch.get_text()
        glyph = getattr(ch, "_docfix_glyph", None)
        if glyph is not None:
            font, cid = glyph
        else:  # not marked (another pdfminer version): fall back on the text
            font = str(ch.fontname or "unknown")
            m = _CID_TEXT.fullmatch(text)
            cid = int(m.group(1)) if m else None
        self.fonts[font] = self.fonts.get(font, 0) + 1
        if cid is None:
            self._write(text)
            return
        self.unmapped[font] = self.unmapped.get(font, 0) + 1
        self.traces.append(PdfTrace(self.pos, ("pdf", font, cid)))
        self._write(REPLACEMENT)

    def result(self) -> PdfText:
        return PdfText("".join(self.parts), self.pages, self.traces, self.fonts, self.unmapped)

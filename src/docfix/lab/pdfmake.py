"""Make PDFs whose fonts lost ToUnicode entries, for the tests of :mod:`docfix.pdf`.

:func:`make_pdf` writes Chinese pages with fpdf2, which embeds a TrueType font
the way most PDF writers do (a ``Type0`` font, ``Identity-H`` encoding, a
``CIDFontType2`` subset whose glyph ids ("CIDs") are numbered 1, 2, 3... in
the order the characters are first drawn, and a ``ToUnicode`` CMap). Then,
with pikepdf, it deletes from that CMap the entries that map to the ``lost``
characters, and removes the ``cmap`` table of the embedded subset font, so
nothing in the file says which character those glyphs are: the PDF still
*shows* every character, but an extractor cannot *read* the lost ones. That
is the damage docfix repairs.

What extractors print for a lost glyph (checked on these files; fpdf2 2.8.9,
pikepdf 10.18, pdfminer.six 20260107, pdftotext 22.12 of poppler-utils,
pypdf 7.1):

==================  ======================================================
extractor           a lost glyph with CID N becomes
==================  ======================================================
pdfminer.six        ``(cid:N)`` (``extract_text``; the ``LTChar``'s text)
pdftotext           nothing: the glyph is dropped, and the text is cut
                    into two blocks there (``人工\\n\\n能`` for 人工智能);
                    with ``-raw`` a space, with ``-layout`` spaces
pypdf               the character ``chr(N)``: U+0003 for CID 3 (C0
                    controls for the first 31 glyphs of a subset, then
                    ASCII, Latin-1...: whatever code point N is)
docfix.pdf          U+FFFD, with the key ``("pdf", font, N)``
==================  ======================================================

With the whole ToUnicode gone (``drop_tounicode``) pdfminer still prints
``(cid:N)`` for every glyph; pdftotext and pypdf then print ``chr(N)`` for
every glyph (the identity mapping of the ``Adobe-UCS`` ordering).

pdfminer reads the font program's own ``cmap`` only when a CID font has no
``ToUnicode`` at all (and its ordering is ``Adobe-Identity`` or ``Adobe-UCS``,
as fpdf2 writes); an entry missing from an existing ``ToUnicode`` is
``(cid:N)`` whatever the font holds. That fallback takes CIDs for glyph ids,
which they are not in a subset with a ``CIDToGIDMap``: for 人工智能研究院 with
no ToUnicode and the ``cmap`` kept, pdfminer prints ``\\x00(cid:2) 人工智研``,
wrong characters and no trace of them. ``strip_cmap`` (the default) removes
the ``cmap`` so that no extractor can read anything from it.

A mixed-font document (``broken_from``) writes its first paragraphs in an
intact font and the rest in the broken one. Without ``second_font`` it is the
same font file registered twice: fpdf2 then embeds two subsets with the same
``BaseFont`` (``MPDFAA+WenQuanYiMicroHei``) but their own CID numbering, so a
key made from the font *name* alone would mix them up.

:mod:`docfix.lab.printers` writes the same damage with other writers (Chromium,
LibreOffice).

This module imports fpdf2 and pikepdf only when a PDF is made; the tests skip
with :func:`missing_tools` / :func:`find_cjk_font` as the reason.
"""
from __future__ import annotations

import io
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, FrozenSet, Iterable, List, Optional, Tuple

__all__ = [
    "MadePdf",
    "find_cjk_font",
    "missing_tools",
    "make_pdf",
    "make_damaged_pdf",
    "make_image_pdf",
    "encrypt_pdf",
    "extract_pdfminer",
    "extract_pdftotext",
    "extract_pypdf",
]

#: TrueType (glyf) CJK fonts of Debian packages, tried in this order:
#: fonts-wqy-microhei, fonts-wqy-zenhei, fonts-arphic-uming, fonts-arphic-ukai,
#: fonts-droid-fallback. (Noto CJK is CFF-flavoured OpenType: fpdf2 would
#: embed it, but not as the CIDFontType2 font this module edits.)
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/arphic/ukai.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
)


def missing_tools() -> Optional[str]:
    """Why PDFs cannot be made here (a missing package), or None."""
    for module, package in (("fpdf", "fpdf2"), ("pikepdf", "pikepdf"), ("fontTools", "fonttools")):
        try:
            __import__(module)
        except ImportError:
            return f"{package} is not installed (pip install '.[test]')"
    return None


def _usable_font(path: str) -> bool:
    """A TrueType-outline font (or collection) whose first face draws Han."""
    try:
        from fontTools.ttLib import TTFont

        tt = TTFont(path, fontNumber=0, lazy=True)
        try:
            return "glyf" in tt and ord("中") in (tt.getBestCmap() or {})
        finally:
            tt.close()
    except Exception:
        return False


def find_cjk_font() -> Optional[str]:
    """Path of a TrueType font with Chinese glyphs, or None.

    Tries :data:`FONT_CANDIDATES`, then whatever ``fc-list :lang=zh`` lists.
    A ``.ttc`` collection is used through its first face.
    """
    candidates: List[str] = [p for p in FONT_CANDIDATES if Path(p).is_file()]
    if shutil.which("fc-list"):
        try:
            out = subprocess.run(
                ["fc-list", ":lang=zh", "file"], capture_output=True, text=True, timeout=30
            ).stdout
        except (OSError, subprocess.SubprocessError):
            out = ""
        for line in sorted(out.splitlines()):
            path = line.split(":")[0].strip()
            if path.lower().endswith((".ttf", ".ttc")) and path not in candidates:
                candidates.append(path)
    for path in candidates:
        if _usable_font(path):
            return path
    return None


# ------------------------------------------------------------------ CMaps

_HEX = re.compile(rb"<([0-9A-Fa-f\s]*)>")
_BLOCK = re.compile(rb"\d+\s+begin(bfchar|bfrange)(.*?)end\1", re.S)


def _hex(token: bytes) -> bytes:
    return bytes.fromhex(re.sub(rb"\s", b"", token).decode("ascii"))


def _utf16(raw: bytes) -> str:
    return raw.decode("utf-16-be", errors="surrogatepass")


def parse_tounicode(data: bytes) -> Tuple[Dict[int, str], int]:
    """The mappings of a ToUnicode CMap: ``{code: text}``, and the code width in bytes."""
    mapping: Dict[int, str] = {}
    width = 2
    for kind, body in _BLOCK.findall(data):
        if kind == b"bfchar":
            tokens = [_hex(t) for t in _HEX.findall(body)]
            for src, dst in zip(tokens[0::2], tokens[1::2]):
                mapping[int.from_bytes(src, "big")] = _utf16(dst)
                width = len(src)
            continue
        # bfrange: <lo> <hi> <dst>  or  <lo> <hi> [<d0> <d1> ...]
        for m in re.finditer(rb"<([^>]*)>\s*<([^>]*)>\s*(<[^>]*>|\[[^\]]*\])", body):
            lo, hi = _hex(m.group(1)), _hex(m.group(2))
            width = len(lo)
            a, b = int.from_bytes(lo, "big"), int.from_bytes(hi, "big")
            dst = m.group(3)
            if dst.startswith(b"["):
                for code, tok in zip(range(a, b + 1), _HEX.findall(dst)):
                    mapping[code] = _utf16(_hex(tok))
            else:
                base = _hex(dst[1:-1])
                for k, code in enumerate(range(a, b + 1)):
                    last = base[-1] + k  # the last byte increments
                    mapping[code] = _utf16(base[:-1] + bytes([last & 0xFF]))
    return mapping, width


def write_tounicode(data: bytes, mapping: Dict[int, str], width: int) -> bytes:
    """``data`` (a ToUnicode CMap) with its bfchar/bfrange blocks replaced by ``mapping``."""
    lines: List[bytes] = []
    items = sorted(mapping.items())
    for i in range(0, len(items), 100):  # at most 100 entries a block (PDF spec)
        chunk = items[i : i + 100]
        lines.append(b"%d beginbfchar" % len(chunk))
        for code, text in chunk:
            src = code.to_bytes(width, "big").hex().upper().encode()
            dst = text.encode("utf-16-be", errors="surrogatepass").hex().upper().encode()
            lines.append(b"<" + src + b"> <" + dst + b">")
        lines.append(b"endbfchar")
    body = _BLOCK.sub(b"", data)
    at = body.index(b"endcmap")
    return body[:at].rstrip() + b"\n" + b"\n".join(lines) + b"\n" + body[at:]


# ------------------------------------------------------------------ making


@dataclass
class MadePdf:
    """A PDF made by :func:`make_damaged_pdf` and what was done to it.

    Attributes
    ----------
    data : bytes
        The PDF file.
    paragraphs : list of (page index, paragraph text, font family)
        What was written, in order; family ``"broken"`` or ``"intact"``.
    removed : dict
        Lost character -> its CID in the broken font: the ToUnicode entries
        deleted (a lost character never drawn in the broken font is absent).
    intact_removed : dict
        The same for the intact font (``intact_lost``).
    cids : dict
        Font family -> {character: CID} of that font before the damage.
    lost_by_font : dict
        BaseFont (subset tag included) -> {CID: character} of the entries
        deleted from that font (one-byte subsets number their glyphs alike).
    """

    data: bytes
    paragraphs: List[Tuple[int, str, str]] = field(default_factory=list)
    removed: Dict[str, int] = field(default_factory=dict)
    intact_removed: Dict[str, int] = field(default_factory=dict)
    cids: Dict[str, Dict[str, int]] = field(default_factory=dict)
    lost_by_font: Dict[str, Dict[int, str]] = field(default_factory=dict)


def make_damaged_pdf(
    pages: List[str],
    *,
    lost: Iterable[str] = frozenset(),
    font: Optional[str] = None,
    second_font: Optional[str] = None,
    broken_from: int = 0,
    font_size: float = 12,
    line_height: Optional[float] = None,
    paragraph_gap: Optional[float] = None,
    strip_cmap: bool = True,
    drop_tounicode: bool = False,
    intact_lost: Iterable[str] = frozenset(),
) -> MadePdf:
    """Write ``pages`` with fpdf2, then make the ``lost`` characters unreadable.

    Parameters
    ----------
    pages : list of str
        One string a page; its paragraphs are separated by ``"\\n"``. A page
        that overflows goes on on the next one (fpdf2's automatic page break).
    lost : set of str
        Characters whose ToUnicode entries are deleted from the broken font.
    font : str, optional
        TrueType font file (default :func:`find_cjk_font`).
    second_font : str, optional
        Font file of the intact font (default: ``font`` registered again).
    broken_from : int
        Paragraphs (counted over the whole document, from 0) before this
        index are written in the intact font, the others in the broken one.
        0: one font, broken.
    font_size : float
        In points.
    line_height, paragraph_gap : float, optional
        In mm; default 1.5 x the font size and one line height (so that
        pdfminer sees each paragraph as one text box).
    strip_cmap : bool
        Remove the ``cmap`` table of the broken font's embedded subset.
    drop_tounicode : bool
        Delete the broken font's whole ToUnicode CMap (every glyph lost)
        instead of some entries.
    intact_lost : set of str
        Characters lost from the intact font too (default none: the intact
        font is intact), to have one character lost in two fonts.
    """
    from fpdf import FPDF

    font = font or find_cjk_font()
    if font is None:
        raise RuntimeError("no CJK TrueType font found (apt-get install fonts-wqy-microhei)")
    lost = frozenset(lost)
    intact_lost = frozenset(intact_lost)
    pt = 25.4 / 72  # mm per point
    line_height = line_height if line_height is not None else 1.5 * font_size * pt
    paragraph_gap = paragraph_gap if paragraph_gap is not None else line_height

    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_font("broken", fname=font)
    if broken_from > 0:
        pdf.add_font("intact", fname=second_font or font)
    made = MadePdf(b"")
    index = 0
    for page_no, page in enumerate(pages):
        pdf.add_page()
        for para in page.split("\n"):
            family = "intact" if index < broken_from else "broken"
            pdf.set_font(family, size=font_size)
            pdf.multi_cell(0, line_height, para, new_x="LMARGIN", new_y="NEXT", align="L")
            pdf.ln(paragraph_gap)
            made.paragraphs.append((page_no, para, family))
            index += 1
    resources = {f"/F{pdf.fonts[fam].i}": fam for fam in ("broken", "intact") if fam in pdf.fonts}
    made.data = _damage(bytes(pdf.output()), lambda name, fobj: resources.get(name), made, lost=lost,
                        intact_lost=intact_lost, strip_cmap=strip_cmap, drop_tounicode=drop_tounicode)
    return made


def _damage(raw: bytes, family_of, made: MadePdf, *, lost: FrozenSet[str], intact_lost: FrozenSet[str] = frozenset(),
            strip_cmap: bool = True, drop_tounicode: bool = False) -> bytes:
    """``raw`` with the ToUnicode entries of ``lost`` deleted from the font
    that ``family_of(resource name, font)`` calls ``"broken"`` (and of
    ``intact_lost`` from the ``"intact"`` one); records the maps in ``made``."""
    import pikepdf

    with pikepdf.open(io.BytesIO(raw)) as doc:
        done = set()
        for page in doc.pages:
            fonts = page.obj.get("/Resources", {}).get("/Font", {})
            for name, fobj in fonts.items():
                family = family_of(name, fobj)
                if family is None or fobj.objgen in done or "/ToUnicode" not in fobj:
                    continue
                done.add(fobj.objgen)
                cmap_data = fobj.ToUnicode.read_bytes()
                mapping, width = parse_tounicode(cmap_data)
                made.cids.setdefault(family, {}).update({t: c for c, t in mapping.items() if len(t) == 1 and c})
                if family != "broken":
                    if intact_lost:
                        keep = {c: t for c, t in mapping.items() if not (set(t) & intact_lost)}
                        made.intact_removed.update({t: c for c, t in mapping.items() if set(t) & intact_lost})
                        fobj.ToUnicode.write(write_tounicode(cmap_data, keep, width))
                        if strip_cmap:
                            _strip_cmap(fobj)
                    continue
                if drop_tounicode:
                    made.removed.update({t: c for c, t in mapping.items() if len(t) == 1 and c})
                    del fobj["/ToUnicode"]
                else:
                    gone = {c: t for c, t in mapping.items() if set(t) & lost}
                    made.removed.update({t: c for c, t in gone.items()})  # (of every subset)
                    made.lost_by_font[str(fobj.get("/BaseFont", ""))[1:]] = gone
                    fobj.ToUnicode.write(write_tounicode(cmap_data, {c: t for c, t in mapping.items() if c not in gone}, width))
                if strip_cmap:
                    _strip_cmap(fobj)
        out = io.BytesIO()
        doc.save(out)
    return out.getvalue()


def _strip_cmap(type0) -> None:
    """Remove the ``cmap`` table of a Type0 font's embedded TrueType program
    (a simple TrueType font keeps it: it maps the font's one-byte codes to glyphs)."""
    from fontTools.ttLib import TTFont

    if "/DescendantFonts" not in type0:
        return
    descriptor = type0.DescendantFonts[0].FontDescriptor
    stream = descriptor.FontFile2
    tt = TTFont(io.BytesIO(stream.read_bytes()))
    if "cmap" in tt:
        del tt["cmap"]
    buf = io.BytesIO()
    tt.save(buf)
    data = buf.getvalue()
    stream.write(data)  # stored uncompressed here; pikepdf compresses it on save
    stream.Length1 = len(data)


def make_pdf(
    pages: List[str],
    *,
    lost: Iterable[str] = frozenset(),
    font: Optional[str] = None,
    second_font: Optional[str] = None,
    broken_from: int = 0,
    **options,
) -> bytes:
    """The bytes of :func:`make_damaged_pdf` (same arguments)."""
    return make_damaged_pdf(
        pages, lost=lost, font=font, second_font=second_font, broken_from=broken_from, **options
    ).data


def make_image_pdf(pages: int = 1) -> bytes:
    """A PDF of ``pages`` pages holding one picture each and no text (a "scan")."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw

    img = Image.new("L", (200, 100), 255)
    draw = ImageDraw.Draw(img)
    for y in range(10, 90, 12):
        draw.line((10, y, 190, y), fill=0, width=3)  # "lines of text"
    pdf = FPDF()
    for _ in range(pages):
        pdf.add_page()
        pdf.image(img, x=10, y=10, w=150)
    return bytes(pdf.output())


def encrypt_pdf(data: bytes, user: str, owner: str = "owner-secret", *, R: int = 6) -> bytes:
    """``data`` encrypted with pikepdf (R=6: AES-256; R=4: AES-128; R=3: RC4)."""
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as doc:
        out = io.BytesIO()
        legacy = {} if R >= 4 else {"aes": False, "metadata": False}
        doc.save(out, encryption=pikepdf.Encryption(user=user, owner=owner, R=R, **legacy))
    return out.getvalue()


# ------------------------------------------------------------------ extractors


def extract_pdfminer(data: bytes) -> str:
    """``pdfminer.high_level.extract_text`` of ``data``."""
    from pdfminer.high_level import extract_text

    return extract_text(io.BytesIO(data))


def extract_pdftotext(data: bytes) -> Optional[str]:
    """poppler's ``pdftotext`` output (UTF-8), or None where it is not installed."""
    exe = shutil.which("pdftotext")
    if exe is None:
        return None
    done = subprocess.run([exe, "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, timeout=60)
    return done.stdout.decode("utf-8", errors="replace")


def extract_pypdf(data: bytes) -> Optional[str]:
    """pypdf's ``extract_text`` of every page joined by newlines, or None without pypdf."""
    try:
        from pypdf import PdfReader
    except ImportError:
        return None
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)

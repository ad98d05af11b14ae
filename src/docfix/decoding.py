"""Which encoding a user's bytes are in, and whether they are text at all.

* **Encoding detection** (:func:`detect_encoding`): a byte-order mark
  (UTF-8, UTF-16, UTF-32) decides; otherwise strict UTF-8 wins when it
  decodes, then GB18030 (a superset of GBK and GB2312), then Big5 (CP950,
  Big5-HKSCS). Big5 bytes nearly always also decode as GB18030, so when both
  decode the text that looks more like Chinese wins (ties go to GB18030), with
  ``charset_normalizer`` as the tie-breaker and as the fallback for anything
  else (Latin-1, Shift-JIS...).
* **Binary detection** (:func:`sniff_binary`): known file signatures (PDF,
  ZIP/Office, images, archives, executables), NUL bytes, or many control
  characters.

>>> detect_encoding("二〇二二年".encode("gb18030"), complete=True)
'gb18030'
>>> detect_encoding("二〇二二年".encode("utf-8"), complete=True)
'utf-8'
>>> detect_encoding(b"\\xef\\xbb\\xbf" + "年".encode(), complete=True)
'utf-8-sig'
"""
from __future__ import annotations

import codecs
from typing import List, Optional, Tuple

from . import errors as E
from .errors import DocfixError, ExitCode

__all__ = ["detect_encoding", "sniff_binary", "canonical_encoding", "check_controls", "SAMPLE_BYTES"]

#: Bytes looked at to detect the encoding and binary files.
SAMPLE_BYTES = 1 << 20

_BOMS: List[Tuple[bytes, str]] = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]

# File signatures of common binary formats: (magic, description).
_MAGIC: List[Tuple[bytes, str]] = [
    (b"%PDF-", "PDF"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Office document"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"\x1f\x8b", "gzip archive"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x7fELF", "executable"),
    (b"\x28\xb5\x2f\xfd", "zstd archive"),
]

_CJK_CANDIDATES = ("gb18030", "big5", "cp950", "big5hkscs")
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v\x1c\x1d\x1e\x1f")


def canonical_encoding(name: str) -> str:
    """Python's canonical name of an encoding; :class:`DocfixError` (usage) if unknown.

    >>> canonical_encoding("GBK"), canonical_encoding("UTF8")
    ('gbk', 'utf-8')
    """
    try:
        return codecs.lookup(name).name
    except (LookupError, TypeError, ValueError):
        raise DocfixError(ExitCode.USAGE, E.UNKNOWN_ENCODING, name=name) from None


def _bom_encoding(sample: bytes) -> Optional[str]:
    for bom, enc in _BOMS:
        if sample.startswith(bom):
            return enc
    return None


def sniff_binary(sample: bytes) -> Optional[str]:
    """Describe ``sample`` if it is the start of a binary file, else ``None``.

    >>> sniff_binary(b"%PDF-1.7 ..."), sniff_binary(b"ab\\x00cd"), sniff_binary("文本".encode())
    ('PDF', 'NUL bytes', None)
    """
    for magic, what in _MAGIC:
        if sample.startswith(magic):
            return what
    if _bom_encoding(sample) in ("utf-16", "utf-32"):
        return None
    if b"\x00" in sample and _utf16_without_bom(sample) is None:
        return "NUL bytes"
    return None


def _utf16_without_bom(sample: bytes) -> Optional[str]:
    """``utf-16-le``/``-be`` when ``sample`` is plausibly BOM-less UTF-16 text."""
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    if even + odd < 2:
        return None
    # ASCII in UTF-16-LE puts its NUL at odd offsets (and some CJK, like
    # U+4E00, one at even offsets): one parity must clearly dominate.
    enc = "utf-16-le" if odd > 3 * even else "utf-16-be" if even > 3 * odd else None
    if enc is None:
        return None
    n = len(sample) - (len(sample) % 2)
    try:
        text = codecs.getincrementaldecoder(enc)().decode(sample[:n])
    except UnicodeDecodeError:
        return None
    if not text or "\x00" in text:
        return None
    ok = sum(1 for c in text if " " <= c <= "~" or c in "\t\r\n\f")
    cjk = len(text) - ok
    if (ok + _chinese_likeness(text) * cjk) / len(text) < 0.9:
        return None
    return enc


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(1 for c in text if (c < " " or "\x7f" <= c <= "\x9f") and c not in _ALLOWED_CONTROLS)
    return bad / len(text) if bad >= 2 else 0.0


def _chinese_likeness(text: str) -> float:
    """Share of non-ASCII characters that are usual in Chinese text."""
    n = good = 0
    for c in text:
        o = ord(c)
        if o < 0x80:
            continue
        n += 1
        if (
            0x4E00 <= o <= 0x9FFF  # CJK unified ideographs
            or 0x3000 <= o <= 0x303F  # CJK punctuation
            or 0xFF01 <= o <= 0xFF5E  # full-width forms
            or 0x2010 <= o <= 0x2027  # dashes, quotes, ellipsis
            or o in (0x00B7, 0x00D7, 0x2030, 0x2103, 0x2160, 0x2161, 0x2162, 0x2460)
        ):
            good += 1
    return good / n if n else 1.0


def _try_decode(sample: bytes, enc: str, complete: bool) -> Optional[str]:
    try:
        return codecs.getincrementaldecoder(enc)("strict").decode(sample, final=complete)
    except (UnicodeDecodeError, LookupError):
        return None


def _looks_like_broken_utf8(sample: bytes) -> Optional[int]:
    """Byte offset of the first bad byte when ``sample`` is UTF-8 with a few
    invalid bytes (rather than another encoding), else ``None``."""
    text = sample.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    good = sum(1 for c in text if c >= "\x80" and c != "\ufffd")
    if good >= 8 and bad * 10 <= good:
        try:
            sample.decode("utf-8")
        except UnicodeDecodeError as e:
            return e.start
    return None


def detect_encoding(sample: bytes, *, complete: bool) -> str:
    """Detect the encoding of a text whose first bytes are ``sample``.

    ``complete`` says ``sample`` is the whole input (otherwise a multi-byte
    character may be cut at its end). Raises :class:`DocfixError`
    (``NOT_TEXT``) for binary or undecodable input.

    >>> big5 = "臺灣的教育資訊化工作，成果豐碩。".encode("big5")
    >>> detect_encoding(big5, complete=True)
    'big5'
    >>> detect_encoding(b"\\xff\\xfe" + "年".encode("utf-16-le"), complete=True)
    'utf-16'
    """
    bom = _bom_encoding(sample)
    if bom:
        return bom
    what = sniff_binary(sample)
    if what:
        raise DocfixError(ExitCode.NOT_TEXT, E.PDF if what == "PDF" else E.BINARY, what=what)
    u16 = _utf16_without_bom(sample) if b"\x00" in sample else None
    if u16:
        return u16
    text = _try_decode(sample, "utf-8", complete)
    if text is not None:
        check_controls(text)
        return "utf-8"
    bad = _looks_like_broken_utf8(sample)
    if bad is not None:
        raise DocfixError(ExitCode.NOT_TEXT, E.UNDECODABLE, encoding="utf-8", offset=bad)
    decoded = [(enc, t) for enc in _CJK_CANDIDATES for t in [_try_decode(sample, enc, complete)] if t is not None]
    if decoded:
        best_enc, best_text = decoded[0]
        if len(decoded) > 1:
            scores = {enc: _chinese_likeness(t) for enc, t in decoded}
            gb = scores.get("gb18030", -1.0)
            other_enc, other = max(((e, s) for e, s in scores.items() if e != "gb18030"), key=lambda x: x[1])
            if best_enc != "gb18030" or other > gb + 0.05:
                best_enc = other_enc
            elif abs(other - gb) <= 0.05:
                best_enc = _charset_normalizer_pick(sample, [e for e, _ in decoded]) or "gb18030"
            best_text = dict(decoded)[best_enc]
        check_controls(best_text)
        return best_enc
    enc = _charset_normalizer_pick(sample, None)
    if enc is None:
        raise DocfixError(ExitCode.NOT_TEXT, E.UNKNOWN_TEXT_ENCODING)
    text = _try_decode(sample, enc, complete)
    if text is None:
        raise DocfixError(ExitCode.NOT_TEXT, E.UNKNOWN_TEXT_ENCODING)
    check_controls(text)
    return enc


def check_controls(text: str) -> None:
    """:class:`DocfixError` (not text) when ``text`` has many control characters."""
    if _control_ratio(text) > 0.05:
        raise DocfixError(ExitCode.NOT_TEXT, E.BINARY, what="control characters")


def _charset_normalizer_pick(sample: bytes, candidates: Optional[List[str]]) -> Optional[str]:
    try:
        import charset_normalizer
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    try:
        kwargs = {"cp_isolation": candidates} if candidates else {}
        best = charset_normalizer.from_bytes(sample, **kwargs).best()
    except Exception:  # pragma: no cover - defensive: detection must not crash
        return None
    if best is None or best.encoding is None:
        return None
    if candidates is None and best.chaos > 0.3:
        return None
    try:
        return codecs.lookup(best.encoding).name
    except LookupError:  # pragma: no cover
        return None


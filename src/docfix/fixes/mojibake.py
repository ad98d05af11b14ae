"""The ``mojibake`` rule: text decoded with the wrong codec (UTF-8 read as
GBK, Big5, Latin-1 or cp1252; GBK read as Latin-1 or cp1252), reversed where
the byte round trip is lossless and the result is clearly more Chinese."""
from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Dict, List, Optional, Sequence, Tuple

import regex

from ..canon import is_han_script
from .base import RuleEdit, _is_cjk_punct, _trimmed, apply_changes


def _build_cp1252_rev() -> Dict[str, int]:
    rev: Dict[str, int] = {}
    for b in range(0x80, 0xA0):
        try:
            rev[bytes([b]).decode("cp1252")] = b
        except UnicodeDecodeError:
            pass
    return rev


_CP1252_REV = _build_cp1252_rev()


def _sloppy_latin_bytes(s: str) -> Optional[bytes]:
    """Bytes that a Latin-1/cp1252 decoder turned into ``s`` (None if none)."""
    out = bytearray()
    for ch in s:
        o = ord(ch)
        if o < 0x80:
            out.append(o)
        elif ch in _CP1252_REV:
            out.append(_CP1252_REV[ch])
        elif o < 0x100:
            out.append(o)
        else:
            return None
    return bytes(out)


@lru_cache(maxsize=65536)
def _gb_level(c: str) -> int:
    """1: GB2312 level-1 hanzi (the 3755 common ones), 2: level-2, 0: other."""
    try:
        b = c.encode("gb2312")
    except UnicodeEncodeError:
        return 0
    if len(b) != 2:
        return 0
    if 0xB0 <= b[0] <= 0xD7:
        return 1
    if 0xD8 <= b[0] <= 0xF7:
        return 2
    return 0


def _common_share(s: str) -> float:
    """Share of the Han characters of ``s`` that are common (GB2312 level 1)."""
    han = [c for c in s if is_han_script(c)]
    if not han:
        return 0.0
    return sum(1 for c in han if _gb_level(c) == 1) / len(han)


def _clearly_more_chinese(before: str, after: str) -> bool:
    if after == before:
        return False
    for c in after:
        cat = unicodedata.category(c)
        if c == "\ufffd" or cat in ("Co", "Cn", "Cs") or (cat == "Cc" and c not in "\t\n\r"):
            return False
    nonascii = [c for c in after if ord(c) >= 0x80]
    han = [c for c in nonascii if is_han_script(c)]
    if len(han) < 2:
        return False
    chinese = sum(1 for c in nonascii if is_han_script(c) or _is_cjk_punct(c) or c in "“”‘’—…·")
    if chinese < 0.9 * len(nonascii):
        return False
    share = _common_share(after)
    return share >= 0.7 and share >= _common_share(before) + 0.3


def _try_latin_run(run: str) -> Optional[str]:
    if sum(1 for c in run if ord(c) >= 0x80) < 2:
        return None
    raw = _sloppy_latin_bytes(run)
    if raw is None:
        return None
    for codec in ("utf-8", "gbk"):
        try:
            cand = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        if cand.encode(codec) != raw:
            continue
        if _clearly_more_chinese(run, cand):
            return cand
        if codec == "utf-8":
            # Valid UTF-8 that is not Chinese (é, ü): real Latin text or
            # mojibake of something else; do not try GBK on it.
            return None
    return None


_LOST = "\ufffd?？"  # what a decoder printed for a byte it could not read (U+FFFD; '?' once more re-encoded)


def _lossy_bytes(run: str, codec: str = "gbk") -> Optional[List[Optional[int]]]:
    """The ``codec`` bytes of ``run``, ``None`` for each byte a decoder lost."""
    out: List[Optional[int]] = []
    for ch in run:
        if ch in _LOST:
            out.append(None)
            continue
        try:
            out.extend(ch.encode(codec))
        except UnicodeEncodeError:
            return None
    return out


def _utf8_with_losses(bs: Sequence[Optional[int]], marks: str) -> Optional[Tuple[str, int]]:
    """UTF-8 text of ``bs`` where lost bytes (``None``) are continuation
    bytes: a character missing one becomes U+FFFD. ``(text, characters
    lost)``, or ``None`` where the bytes are not UTF-8 with such gaps.
    ``marks[i]`` is what stood for the ``i``-th lost byte: an ASCII '?' at
    the start of a character is a question mark of the text."""
    out: List[str] = []
    lost = 0
    i = 0
    k = 0  # index of the next lost byte's mark
    while i < len(bs):
        x = bs[i]
        if x is None:
            if marks[k] != "?":
                return None
            out.append("?")
            k += 1
            i += 1
            continue
        if x < 0x80:
            out.append(chr(x))
            i += 1
            continue
        n = 3 if 0xE0 <= x <= 0xEF else 2 if 0xC2 <= x <= 0xDF else 4 if 0xF0 <= x <= 0xF4 else 0
        seq = list(bs[i:i + n])
        if not n or len(seq) < n:
            return None
        gaps = sum(b is None for b in seq[1:])
        if gaps:
            if any(b is not None and not 0x80 <= b <= 0xBF for b in seq[1:]):
                return None
            out.append("\ufffd")
            lost += 1
            k += gaps
        else:
            try:
                out.append(bytes(seq).decode("utf-8"))  # type: ignore[arg-type]
            except UnicodeDecodeError:
                return None
        i += n
    return "".join(out), lost


def _try_lossy(run: str, codec: str = "gbk") -> Optional[str]:
    """UTF-8 read as GBK (or Big5) where the reader lost bytes (``涓�椤逛妇``):
    what the bytes allow, a U+FFFD for each character a lost byte took with
    it (a trace the repair engine reads; :mod:`docfix.traces`)."""
    bs = _lossy_bytes(run, codec)
    if bs is None:
        return None
    got = _utf8_with_losses(bs, "".join(c for c in run if c in _LOST))
    if got is None:
        return None
    cand, lost = got
    kept = cand.replace("\ufffd", "")
    if sum(1 for c in kept if is_han_script(c)) < 2 or lost > max(1, len(cand) // 2):
        return None
    return cand if _clearly_more_chinese(run, kept) else None


def _try_gbk_run(run: str) -> Optional[str]:
    """UTF-8 read as GBK, else as Big5 (lossless, else lossy)."""
    for codec in ("gbk", "big5"):
        got = _try_cjk_codec_run(run, codec)
        if got is not None:
            return got
    return None


def _try_cjk_codec_run(run: str, codec: str) -> Optional[str]:
    if any(c in _LOST for c in run):
        return _try_lossy(run, codec)
    try:
        cand = run.encode(codec).decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None
    if sum(1 for c in run if is_han_script(c)) < 2:
        return None
    if _clearly_more_chinese(run, cand):
        return cand
    return None


_LINE_RE = regex.compile(r"[^\n\r]+")
_PIECE_RE = regex.compile(r"\S+")
_LATIN_RUN_RE = regex.compile(
    "[\x00-\x09\x0b\x0c\x0e-\xff" + "".join(regex.escape(c) for c in _CP1252_REV) + "]+"
)
_TWO_HIGH_RE = regex.compile(r"[^\x00-\x7f][^\n]*[^\x00-\x7f]")
#: Pieces up to this long are also tried without a few glued-on characters.
_GLUE_MAX = 40
_SPACE_RE = regex.compile(r"\s")


def mojibake_changes(text: str) -> List[RuleEdit]:
    """Spans decoded with the wrong codec, reversed where that is lossless.

    Tries UTF-8 bytes read as Latin-1/cp1252 ("ä¸­æ–‡"), UTF-8 read as GBK
    ("涓枃") and GBK read as Latin-1/cp1252 ("ÖÐÎÄ"). A span is changed only
    when re-encoding it gives back bytes that decode strictly, and the result
    is mostly common Chinese characters where the span was not.

    >>> mojibake_changes("标题：ä¸\\xadæ–‡æµ‹è¯•")
    [(3, 15, '中文测试')]

    UTF-8 read as GBK by a reader that lost the bytes it could not read
    (U+FFFD, or '?' after one more round) is recovered as far as the bytes
    allow; a character that lost a byte becomes U+FFFD, for the repair
    engine to read (``docfix --normalize``):

    >>> fix_mojibake("骞冲噳甯傚彂灞曟敼闈╁\ufffd\ufffd")
    '平凉市发展改革\ufffd'
    """
    out: List[RuleEdit] = []
    for m in _LINE_RE.finditer(text):
        line, base = m.group(), m.start()
        # Latin-1 / cp1252 style: maximal runs of Latin-1-encodable chars.
        line_edits: List[RuleEdit] = []
        for rm in _LATIN_RUN_RE.finditer(line):
            run = rm.group()
            stripped = run.strip()
            if not _TWO_HIGH_RE.search(stripped):
                continue
            off = rm.start() + run.index(stripped)
            cand = _try_latin_run(stripped)
            if cand is not None:
                line_edits.append(_trimmed(base + off, stripped, cand))
            elif _SPACE_RE.search(stripped):
                # try the whitespace-separated pieces
                for pm in _PIECE_RE.finditer(stripped):
                    c2 = _try_latin_run(pm.group())
                    if c2 is not None:
                        line_edits.append(_trimmed(base + off + pm.start(), pm.group(), c2))
        if line_edits:
            out.extend(line_edits)
            continue
        # UTF-8 read as GBK: the whole line, else its whitespace-separated pieces.
        stripped = line.strip()
        if not stripped:
            continue
        off = len(line) - len(line.lstrip())
        cand = _try_gbk_run(stripped)
        if cand is not None:
            out.append(_trimmed(base + off, stripped, cand))
            continue
        for pm in _PIECE_RE.finditer(line):
            piece = pm.group()
            # the piece, else its core without up to 3 characters glued on
            # either side ("涓枃x")
            for total in range(0, 7 if len(piece) <= _GLUE_MAX else 1):
                found = None
                for lt in range(0, min(total, 3) + 1):
                    rt = total - lt
                    if rt > 3 or len(piece) - total < 2:
                        continue
                    core = piece[lt:len(piece) - rt]
                    c2 = _try_gbk_run(core)
                    if c2 is not None:
                        found = (pm.start() + lt, core, c2)
                        break
                if found:
                    out.append(_trimmed(base + found[0], found[1], found[2]))
                    break
    return [e for e in out if e[0] != e[1] or e[2]]


def fix_mojibake(text: str) -> str:
    """Reverse wrong-codec decoding where that is lossless.

    >>> fix_mojibake("æ•™è‚²å·¥ä½œ")
    '教育工作'
    >>> fix_mojibake("鏁欒偛宸ヤ綔 浣犲ソ涓栫晫")
    '教育工作 你好世界'
    >>> fix_mojibake("ÖÐÎÄ±àÂë²âÊÔ")
    '中文编码测试'
    >>> fix_mojibake("café, naïve, Müller")
    'café, naïve, Müller'
    """
    return apply_changes(text, mojibake_changes(text))

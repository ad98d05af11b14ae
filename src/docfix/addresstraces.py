"""Code-point traces inside web and e-mail addresses.

A font that lost a Latin letter prints it, in code-point output (PyMuPDF,
pypdf), as another character wherever an address sets it: ``www.mee.gov.%n``
for a lost ``c``, ``www.mHH.gov.cn`` for a lost ``e``. An address holds few
kinds of characters, so one it cannot hold is a trace
(:func:`_bad_in_address`), and so is a capital in a lower-case host name
(:func:`_capital_in_host`). :func:`docfix.traces.find` applies them.

>>> _bad_in_address("www.mee.gov.%n", 12), _capital_in_host("网址www.mHH.gov.cn/xxgk", 7)
(True, True)

U+FFFD says where each lost glyph stood, not which: ``www.m??.gov.cn`` has
no letter of the text beside either trace. Read as a run (:mod:`docfix.runread`),
the letters that make a token of the address together are the evidence
(:func:`run_token`, :func:`run_bonus`); :func:`past_marks` finds the letters
a keyless trace stands among, past other traces and an address's marks.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Dict, List, Optional, Sequence, Tuple

import regex

from .detect import is_han
from .tracefit import LATIN_BONUS, PLACEHOLDER, _latin_tokens, completes_token

#: the last labels of the hosts Chinese documents cite
_TLDS = "cn|com|org|net|gov|edu"

#: what marks a web address: a scheme, www, a host's last label ...
_WEB_MARKS = regex.compile(rf"://|www|\.(?:{_TLDS})\b", regex.I)
#: ... or an e-mail's @ after a name, whose letters may be printed as other ones (dББhdФ@mee;
#: not a template's @WTMP_FILE_LOC, nor Perl's splice(@a,@a))
_WEB = regex.compile(_WEB_MARKS.pattern + r"|(?:[A-Za-z0-9._%+-]|[^\x00-\x7f\s])@", regex.I)


_ADDRESS_MAX = 120  # characters of a web address looked at on either side of a character


def _bad_in_address(text: str, i: int) -> bool:
    """A character that a web address cannot hold, inside one: in its host
    name anything but letters, digits, dots and hyphens; elsewhere ``%``
    not followed by two hex digits, brackets, quotes, Latin-1 signs.

    >>> _bad_in_address("www.mee.gov.%n/xxgk", 12), _bad_in_address("a.gov.cn/%E4%B8", 9)
    (True, False)
    >>> _bad_in_address("www.m!!.gov.cn", 5), _bad_in_address("http://a.gov.cn/x!y", 17)
    (True, False)
    >>> _bad_in_address("在 @WTMP_FILE_LOC 文件中", 7), _bad_in_address("x@mee!gov.cn", 5)
    (False, True)
    >>> _bad_in_address("(walker@clinet.fi, walker@mb.fi)", 17), _bad_in_address("ftp://<user>:<pw>@h.cn/", 11)
    (False, False)
    >>> _bad_in_address("splice(@a,@a,0)", 9), _bad_in_address('"Doe <jdoe@foo.com>"的', 19)
    (False, False)
    >>> _bad_in_address("deb http://security.debian.org bookworm-security main", 30)
    False
    >>> _bad_in_address("网址http://www mee gov cn/xxgk", 12), _bad_in_address("见 https://www.intern:631. This", 25)
    (True, False)
    >>> _bad_in_address("设置 socket://<workstation ip>:9100 作为", 12)
    False
    >>> _bad_in_address("网址htt/://www.mee.gov.cn", 5), _bad_in_address("见file:///etc/hosts", 9)
    (True, False)
    >>> _bad_in_address("见http://a.org/pool/%s/%s_%s/changelog", 19), _bad_in_address("http://a.org/%s更新", 13)
    (False, True)
    >>> _bad_in_address("除了``user@host''的部分", 3), _bad_in_address("除了``user@host''的部分", 14)
    (False, False)

    Brackets and quotes that enclose an address are the text's own:

    >>> _bad_in_address("梁昌泰 <beos@tl.com.cn>，还有", 4), _bad_in_address("梁昌泰 <beos@tl.com.cn>，还有", 22)
    (False, False)

    So do a sentence's mark after a complete host, code's escapes and an old
    file address's drive letter:

    >>> _bad_in_address("dak@gnu.org,\\nhard", 11), _bad_in_address("x@kth.se,\\nhttps://", 8)
    (False, False)
    >>> _bad_in_address(r"a1@gmail\\.com|b@x.org", 8), _bad_in_address('"file:///d|/Private"', 9)
    (False, False)
    >>> _bad_in_address("www.mee.gov.cn,\\n/xxgk", 14), _bad_in_address(r"x@mee\\gov.cn", 5)
    (True, True)
    >>> _bad_in_address('fqdn => "www.example.com"[;m,', 25)
    False
    """
    c = text[i]
    if c in "./-" and (text.startswith("://", i + 1) or text.startswith("\n://", i + 1)) \
            and i and text[i - 1].isascii() and text[i - 1].isalpha():
        return True  # a scheme is letters: htt/:// (a lost p printed as /)
    if (c.isspace() and c != " ") or (c.isascii() and (c.isalnum() or c in ".-:/")):
        return False  # (a line break in a web address is the page's: it wraps there)
    a = i
    while a > 0 and i - a < _ADDRESS_MAX and text[a - 1].isascii() and (not text[a - 1].isspace() or _glyph_break(text, a - 1, c)):
        a -= 1
    b = i + 1
    while b < len(text) and b - i < _ADDRESS_MAX and (text[b].isascii() or "\xa0" < text[b] < "\u0100") \
            and not text[b].isspace():
        b += 1
    # (an @ counts as the text has it: the character left out may not make one, splice(@a,@a))
    if not (_WEB.search(text[a:b]) or _WEB_MARKS.search(text[a:i] + text[i + 1:b])):
        return False
    rest = text[i + 1:b]
    q0 = text.find('"', a, b)
    q1 = text.find('"', q0 + 1, b) if q0 >= 0 else -1
    if q1 >= 0 and not q0 < i < q1 and _WEB.search(text, q0, q1):
        return False  # outside an address's quotation marks ([35;1m"www.example.com"[;m: ANSI colour codes)
    if not rest and _HOST_DONE.search(text, a, i) and not regex.match(r"\s*[./]", text[b:b + 3]):
        return False  # a mark after a complete host that ends its token: the sentence's (dak@gnu.org,⏎hard core)
    if c == "\\" and regex.search(r"\\[^\w\s]", text[a:b]):
        return False  # escapes in code (a regular expression's me@gmail\\.com, \\<, \\n)
    if c == "|" and regex.search(r"file:/{2,3}[A-Za-z]$", text[a:i]):
        return False  # a drive letter in an old file address (file:///c|/Temp)
    if text[b:b + 1] == "\n":  # (PyMuPDF's line break after a glyph: www{mee{gov{⏎cn, www.m££⏎.gov.cn)
        rest += _ASCII_RUN.match(text, b + 1).group()
    if not regex.search(r"[A-Za-z0-9]", rest):
        return False  # after the address: "John Doe <jdoe@foo.com>"的
    if (c in _ENCLOSERS and _ENCLOSERS[c] in text[i + 1:i + _PLACEHOLDER]) \
            or (c in _ENCLOSED and _ENCLOSED[c] in text[a:i]):
        return False  # <beos@turbolinux.com.cn>, "www.gov.cn", socket://<workstation ip>: the text's own enclosures
    if c == " " and rest[:1] != "/" \
            and (_TLD_END.search(text, a, i) or not (text[i - 1] == "." or _TLD_AHEAD.match(text, i + 1, i + 40))):
        return False  # a space ends the address (deb http://security.debian.org bookworm), unless it goes on
    if _in_host(text, a, i) and not (c.isascii() and (c.isalnum() or c in ".-:/@")):  # (ftp://user:pw@host)
        return True  # a host name is letters, digits, dots and hyphens (www.m!!.gov.cn, not (www.moe.gov.cn).)
    if c == "%":  # (a template's printf conversions, pool/%s/%s/%s_%s, two or more: the text's own)
        return not regex.match(r"[0-9A-Fa-f]{2}", text[i + 1:i + 3]) and len(_PRINTF.findall(text, a, b)) < 2
    return c in _NOT_IN_ADDRESS or "\xa0" < c < "\u0100"


def _glyph_break(text: str, k: int, c: str) -> bool:
    """PyMuPDF's line break after a glyph it could not map, inside an
    address: after the sign ``c`` whose place is being judged, before an
    ASCII letter or digit (www{⏎mee{⏎gov{cn: read as one address).

    >>> _glyph_break("www{\\nmee{", 4, "{"), _glyph_break('"\\nfilenames=r"C:\\\\my', 1, "\\\\")
    (True, False)
    """
    return (text[k] == "\n" and 0 < k < len(text) - 1 and text[k - 1] == c
            and text[k + 1].isascii() and text[k + 1].isalnum())


_PRINTF = regex.compile(r"%[-#0-9.]*[sdiuxXfc](?![A-Za-z0-9])")

#: marks that open an address's enclosure -> their partners, and back
_ENCLOSERS = {"<": ">", "[": "]", '"': '"', "`": "'"}  # (and TeX's ``user@host'')
_ENCLOSED = {v: k for k, v in _ENCLOSERS.items()}

_ASCII_RUN = regex.compile(r"[!-~\xa1-\xff]*")  # (as the address is read: Latin-1 signs are traces)

_PLACEHOLDER = 40  # characters an address's <placeholder> may hold (socket://<LTSP client ip>:9100)
# a host that ends so is complete; one that does not goes on after a space where such a label
# follows (pdftotext -raw's space for lost glyphs: http://www mee gov cn/, www.m .gov.cn, gov. n/)
_TLD_END = regex.compile(rf"\.(?:{_TLDS})$", regex.I)
_HOST_DONE = regex.compile(r"[A-Za-z0-9]\.[A-Za-z]{2,6}$")  # a host that ends with a last label (kth.se)
_TLD_AHEAD = regex.compile(rf"[A-Za-z0-9./ -]*?(?<![A-Za-z0-9-])(?:{_TLDS})(?![A-Za-z0-9])", regex.I)

#: what ends a host name: its path or port, or a list's separator (walker@clinet.fi, walker@…)
_HOST_END = frozenset("/,;()\"' :")  # (and its port: www.intern:631)


def _in_host(text: str, a: int, i: int) -> bool:
    """Whether ``i`` is in the host name of the web address or e-mail
    address that starts at ``a``: after ``://``, ``@`` or a leading
    ``www``, before what ends a host (:data:`_HOST_END`: its path, its port,
    a list's separator)."""
    head = text[a:i]
    # (an @ that starts the token opens a host where a name stands before it across a space, a
    # lost glyph's: dqqhd @mee.gov. n; not a template's 在 @WTMP_FILE_LOC)
    named = head.startswith("@") and a >= 2 and text[a - 1] == " " and text[a - 2].isascii() \
        and text[a - 2].isalnum() and "." in head
    for mark in ("://", "@"):
        if mark in head[1:] or (mark == "@" and named):
            head = head[head.rindex(mark) + len(mark):]
            return not any(ch in _HOST_END for ch in head)
    return head.lower().startswith("www") and "/" not in head


#: signs that a web address never holds
_NOT_IN_ADDRESS = frozenset("[]{}|^`\\\"<>")


_HOST_CHARS = regex.compile(r"[A-Za-z0-9.@:/-]*")  # an address's start, up to its first other character


def _capital_in_host(text: str, i: int) -> bool:
    """Whether the capital at ``i`` stands in the host name of a web or
    e-mail address whose other letters are lower case (code-point output
    prints a lost ``e`` as ``H``: www.mHH.gov.cn); a name's capitals, before a
    lower-case letter, are the text's own, and so is a host in capitals.

    >>> _capital_in_host("网址www.mHH.gov.cn/xxgk", 7), _capital_in_host("见www.ChinaNews.com", 5)
    (True, False)
    >>> _capital_in_host("见www.Microsoft.com", 5), _capital_in_host("见www.MEE.gov.cn", 5)
    (False, False)
    """
    a = i  # (the address as _bad_in_address reads it: ASCII without spaces, _ADDRESS_MAX either side)
    while a > 0 and i - a < _ADDRESS_MAX and text[a - 1].isascii() and not text[a - 1].isspace():
        a -= 1
    b = i + 1
    while b < len(text) and b - i < _ADDRESS_MAX and text[b].isascii() and not text[b].isspace():
        b += 1
    token = text[a:b]
    if not _WEB.search(token) or not _in_host(text, a, i):
        return False
    host = _HOST_CHARS.match(token).group()
    upper = [k for k, ch in enumerate(host) if "A" <= ch <= "Z"]
    # no capital of the host is a name's: one that starts a word (www.Microsoft.com) or a word's part
    # (ChinaNews) before a lower-case letter
    named = any(k + 1 < len(host) and host[k + 1].islower() for k in upper)
    return sum(ch.islower() for ch in host) >= 4 * len(upper) and not named


@lru_cache(maxsize=4)
def _web_tokens(text: str) -> Tuple[List[int], List[int]]:
    """Starts and ends of the tokens of ``text`` (runs of :func:`_in_token`
    characters) that hold a web address's mark, found in one pass (a long
    token of stray letters was scanned again for each of them).

    The token's other glyph ids count as its letters: a whole font prints
    them in extension A (网址䶻tt䜊://www.mee.gov.cn/䶻ome/ztbd/rdzl/d䜛wr䜛䶻dc/).

    >>> _web_tokens("见dĮĮ@mee.gov.cn和abc。")
    ([1], [15])
    """
    starts: List[int] = []
    ends: List[int] = []
    i, n = 0, len(text)
    while i < n:
        if not _in_token(text, i):
            i += 1
            continue
        j = i + 1
        while j < n and _in_token(text, j):
            j += 1
        if _WEB.search(text[i:j]):
            starts.append(i)
            ends.append(j)
        i = j
    return starts, ends


def _in_token(text: str, k: int) -> bool:
    """Whether ``text[k]`` may be part of a Latin token read by :func:`_stray_letter`."""
    c = text[k]
    if c.isspace():
        return _token_break(text, k)
    return not "\u4e00" <= c <= "\u9fff"  # (extension A is a whole font's glyph ids: the token's letters)


def _script(c: str) -> str:
    """A letter's script (Latin, Cyrillic, Greek; else the first word of its name).

    >>> _script("Į"), _script("ԕ"), _script("ü"), _script("ˣ") == _script("ⁱ")
    ('Latin', 'Cyrillic', 'Latin', True)
    """
    for name, pattern in _SCRIPTS:
        if pattern.match(c):
            return name
    return unicodedata.name(c, "").split(" ", 1)[0]


_SCRIPTS = [(s, regex.compile(rf"\p{{Script={s}}}")) for s in
            ("Latin", "Cyrillic", "Greek", "Armenian", "Georgian", "Hebrew", "Arabic", "Mongolian", "Tibetan", "Han")]


def _token_break(text: str, k: int) -> bool:
    """A line break inside a token, after a non-ASCII letter (PyMuPDF breaks
    the line after a glyph it could not map: 邮箱：dĮĮ⏎ԕdc@mee.gov.cn).

    >>> _token_break("dĮĮ\\nԕdc@mee", 3), _token_break("abc\\ndef", 3)
    (True, False)
    """
    if text[k] != "\n":
        return False
    if text.startswith("://", k + 1):
        return True  # (ԕtt/⏎://www: a lost p printed as / before the break)
    return (0 < k < len(text) - 1 and not text[k - 1].isascii() and text[k - 1].isalpha()
            and not is_han(text[k - 1]) and not text[k + 1].isspace() and not is_han(text[k + 1]))


# ---------------------------------------------------------------- keyless traces side by side


def run_token(work: str, ats: Sequence[int], seq: Sequence[str]) -> bool:
    """Whether letters ``seq`` read at the placeholders ``ats`` (a run, side by
    side) make, with the letters around them, a web token of an address
    (beside ``:/.@``): ``://???.mee`` read ``www``. (:func:`docfix.tracefit.completes_token`
    reads one placeholder at a time, and a run of them alone says nothing there.)

    A shorter ``seq`` is the run's first letters: whether some token still fits.

    >>> P = PLACEHOLDER
    >>> w = "网址：http://" + P * 3 + ".mee.gov.cn"
    >>> run_token(w, [10, 11, 12], "www"), run_token(w, [10, 11, 12], "333"), run_token("此" + P * 3 + "公开", [1, 2, 3], "www")
    (True, False, False)
    >>> run_token(w, [10, 11, 12], "w"), run_token(w, [10, 11, 12], "q")
    (True, False)
    """
    n = len(ats)
    if not seq or len(seq) > n or not all(c.isascii() and c.islower() for c in seq) \
            or list(ats) != list(range(ats[0], ats[0] + n)):
        return False
    a, b = ats[0], ats[-1] + 1
    i, j = a, b
    while i > 0 and work[i - 1].isascii() and work[i - 1].isalpha():
        i -= 1
    while j < len(work) and work[j].isascii() and work[j].isalpha():
        j += 1
    if (work[i - 1] if i else "") not in ADDRESS_SIDES and (work[j] if j < len(work) else "") not in ADDRESS_SIDES:
        return False
    pattern = list(work[i:a]) + list(seq) + [None] * (n - len(seq)) + list(work[b:j])
    return any(all(x is None or x == y for x, y in zip(pattern, t)) for t in _latin_tokens().get(len(pattern), ()))


ADDRESS_SIDES = frozenset(":/.@")


def in_run_token(work: str, at: int, where: Dict[int, int], assign: Dict[int, str]) -> bool:
    """Whether the placeholder at ``work[at]`` is in a run of them whose
    current readings make a web token (:func:`run_token`).

    >>> w = "http://" + PLACEHOLDER * 3 + ".mee"
    >>> in_run_token(w, 8, {7: 0, 8: 1, 9: 2}, {0: "w", 1: "w", 2: "w"}), in_run_token(w, 8, {7: 0, 8: 1, 9: 2}, {0: "3", 1: "w", 2: "w"})
    (True, False)
    """
    a, b = at, at + 1
    while a > 0 and work[a - 1] == PLACEHOLDER and at - a < _RUN_REACH:
        a -= 1
    while b < len(work) and work[b] == PLACEHOLDER and b - at < _RUN_REACH:
        b += 1
    if b - a >= _RUN_REACH:
        return False  # (a run longer than any token: a line of lost glyphs)
    seq = [assign.get(where.get(i, -1), "") or "" for i in range(a, b)]
    return b - a >= 2 and all(seq) and run_token(work, list(range(a, b)), seq)


_RUN_REACH = 32  # placeholders a run of an address token spans at most (its scans stop there)


def run_bonus(work: str, ats: Sequence[int], seq: Sequence[str]) -> Optional[float]:
    """:data:`~docfix.tracefit.LATIN_BONUS` per letter where a run of keyless
    traces read ``seq`` makes a web token (:func:`run_token`),
    else 0; None where the run stands in no address (no letter or address
    mark beside it: its letters are not tried)."""
    a, b = ats[0], ats[-1] + 1
    sides = (work[a - 1] if a else "") + (work[b] if b < len(work) else "")
    if not any((ch.isascii() and ch.isalpha()) or ch in ADDRESS_SIDES for ch in sides):
        return None
    return LATIN_BONUS * len(seq) if run_token(work, ats, seq) else 0.0


def past_marks(toks: Sequence[str], k: int) -> List[str]:
    """The tokens either side of ``toks[k]`` past other placeholders and an
    address's marks (``:/.@-_``).

    >>> past_marks(list("p://") + [PLACEHOLDER] * 3 + list(".mee"), 5)
    ['p', 'm']
    """
    out = []
    for step in (-1, 1):
        j = k + step
        while 0 <= j < len(toks) and (toks[j] == PLACEHOLDER or toks[j] in ADDRESS_MARKS) and abs(j - k) < _RUN_REACH:
            j += step
        if 0 <= j < len(toks):
            out.append(toks[j])
    return out


ADDRESS_MARKS = frozenset(":：/.@-_")  # (a colon folds to ：)


def token_letter(scores: Dict[str, float], work: str, ats: Sequence[int]) -> Dict[str, float]:
    """A keyless trace's ``scores`` where one letter alone makes its run of
    letters a web token (``?tt?://``: h, then p): every letter as likely as
    the likeliest, that one :data:`~docfix.tracefit.LATIN_BONUS` above. The
    character model knows no letters inside an address (it reads ``ittp://``
    better than ``http://``); where several letters make a token
    (``gov.?n``: cn, ln, yn) it knows the common one, and the scores stay.

    >>> P = PLACEHOLDER
    >>> w = "网址" + P + "tt" + P + "://www.a.gov." + P + "n"
    >>> token_letter({"i": -20.0, "h": -20.3, "（": -25.0}, w, [2])
    {'i': -20.0, 'h': -16.0, '（': -25.0}
    >>> token_letter({"c": -9.0, "l": -12.0}, w, [len(w) - 2])
    {'c': -9.0, 'l': -12.0}
    """
    made = [c for c in scores if c.isascii() and c.isalpha() and completes_token(work, ats[0], c, frozenset(ats))]
    if len(made) != 1:
        return scores
    top = max(v for c, v in scores.items() if c.isascii() and c.isalpha())
    return {c: (top + LATIN_BONUS * (c == made[0]) if c.isascii() and c.isalpha() else v) for c, v in scores.items()}

"""White-space rules: ``whitespace`` (exotic, zero-width, justification and
trailing spaces) and ``split_words`` (a space that splits a Chinese word)."""
from __future__ import annotations

from functools import lru_cache
from typing import Dict, List, Optional, Tuple

import regex

from ..canon import is_han_script
from .base import (
    _EXOTIC_SPACES,
    _HSPACE,
    _ZERO_WIDTH,
    _ZW_JOINERS,
    DEL_AFTER,
    DEL_BEFORE,
    RuleEdit,
    _is_cjk_punct,
    _is_hspace,
    _line_spans,
    _trimmed,
    apply_changes,
)


# --------------------------------------------------------------------------
# whitespace

_HSPACE_RE = regex.compile("[" + regex.escape(_HSPACE) + "]+")


def _run_output(run: str, prev: str, nxt: str) -> str:
    """A kept whitespace run: exotic spaces to ' ', zero-width chars out."""
    out = []
    for k, c in enumerate(run):
        if c in _ZERO_WIDTH:
            continue
        if c in _ZW_JOINERS:
            # keep joiners that sit between two non-space, non-CJK characters
            # (emoji and Indic sequences)
            left = run[k - 1] if k > 0 else prev
            right = run[k + 1] if k + 1 < len(run) else nxt
            if left and right and not _is_hspace(left) and not _is_hspace(right) \
                    and not is_han_script(left) and not is_han_script(right) \
                    and not _is_cjk_punct(left) and not _is_cjk_punct(right):
                out.append(c)
            continue
        out.append(" " if c in _EXOTIC_SPACES else c)
    return "".join(out)


def _has_space(run: str) -> bool:
    return any(c == " " or c in _EXOTIC_SPACES for c in run)


def whitespace_changes(text: str) -> List[RuleEdit]:
    """NBSP & co., ideographic and zero-width spaces, justification, trailing.

    Per line, each run of horizontal white space (spaces, tabs, NBSP, U+3000,
    zero-width characters) is:

    * deleted at the end of a line (trailing);
    * kept at the start of a line (indentation), exotic spaces become ' ';
    * deleted after ，。、；：！？（《 and before ，。、；：！？）》;
    * deleted between single Han characters spread out by justification
      ("第 一 章 总 则", or a line that is just "目 录");
    * otherwise kept, with NBSP/U+3000 and the like turned into ' ' and
      zero-width characters removed (spaces between Latin words untouched).

    >>> whitespace_changes("目\\u3000录  ")
    [(1, 2, ''), (3, 5, '')]
    """
    out: List[RuleEdit] = []
    for ls, le in _line_spans(text):
        line = text[ls:le]
        if not line:
            continue
        # runs of horizontal white space
        n = len(line)
        runs = [m.span() for m in _HSPACE_RE.finditer(line)]
        if not runs:
            continue
        # tokens separated by runs that contain a real space (zero-width-only
        # runs are invisible)
        seps = [(a, b) for a, b in runs if _has_space(line[a:b]) and "\t" not in line[a:b]]
        letter_spaced = set()
        inner = [(a, b) for a, b in seps if a > 0 and b < n]
        # token boundaries: between consecutive separators
        bounds = [0]
        for a, b in inner:
            bounds.extend([a, b])
        bounds.append(n)
        tokens = [(bounds[k], bounds[k + 1]) for k in range(0, len(bounds), 2)]

        def single_han(t: Tuple[int, int]) -> bool:
            s = _run_output(line[t[0]:t[1]], "", "")
            s = "".join(c for c in s if not _is_hspace(c))
            return len(s) == 1 and is_han_script(s)

        flags = [single_han(t) for t in tokens]
        visible = [k for k, t in enumerate(tokens) if line[t[0]:t[1]].strip(_HSPACE)]
        k = 0
        while k < len(tokens):
            if flags[k]:
                m = k
                while m + 1 < len(tokens) and flags[m + 1]:
                    m += 1
                count = m - k + 1
                whole_line = count == 2 and visible == [k, m]
                if count >= 3 or whole_line:
                    for q in range(k, m):
                        letter_spaced.add(inner[q])
                k = m + 1
            else:
                k += 1
        for a, b in runs:
            run = line[a:b]
            prev = line[a - 1] if a > 0 else ""
            nxt = line[b] if b < n else ""
            if b == n:
                rep = ""  # trailing
            elif a == 0:
                rep = _run_output(run, prev, nxt)  # indentation
            elif (a, b) in letter_spaced:
                rep = ""
            elif "\t" not in run and (prev in DEL_AFTER or nxt in DEL_BEFORE):
                rep = ""
            else:
                rep = _run_output(run, prev, nxt)
            if rep != run:
                out.append(_trimmed(ls + a, run, rep))
    return out


def fix_whitespace(text: str) -> str:
    """Normalise white space in Chinese text.

    >>> fix_whitespace("教育\\u00a0工作　会议，  很好。 \\n第 一 章　总 则\\n  Hello  world  ")
    '教育 工作 会议，很好。\\n第一章总则\\n  Hello  world'
    >>> fix_whitespace("零\\u200b宽")
    '零宽'
    """
    return apply_changes(text, whitespace_changes(text))


# --------------------------------------------------------------------------
# words split by a space

_SPLIT_RE = regex.compile(r"(?<=(\p{Han}{1,3}))[ \u3000](?=(\p{Han}{1,3}))")
_SPLIT_WORD_MIN = 2000  # lexicon frequency (jieba counts) of a word a space may not split


@lru_cache(maxsize=1)
def _general_words() -> Dict[str, int]:
    from ..lexicon import read_lexicon_file
    from ..resources import lexicon_paths

    for p in lexicon_paths():
        if p.name == "general.txt":
            return read_lexicon_file(p)
    return {}


def split_word_changes(text: str, words: Optional[Dict[str, int]] = None) -> List[RuleEdit]:
    """Spaces that split a Chinese word where a PDF line broke (带 来, 人 们).

    A single space between Han characters is removed when characters on its
    two sides make a common word across it (lexicon frequency at least
    :data:`_SPLIT_WORD_MIN`: 带来, 人们; not 教育 工作, where no word crosses
    the space); only in prose lines (with ，。；), never in lines that look
    like tables or lists of names (runs of spaces, tabs, or more than two
    spaced characters).

    >>> fix_split_words("这些变化给群众带 来了实惠，人 们都很满意。")
    '这些变化给群众带来了实惠，人们都很满意。'
    >>> fix_split_words("教育 工作会议召开，张 伟 李 娜 王 芳。")
    '教育 工作会议召开，张 伟 李 娜 王 芳。'
    """
    if not _SPLIT_RE.search(text):
        return []
    words = _general_words() if words is None else words
    if not words:
        return []
    out: List[RuleEdit] = []
    for ls, le in _line_spans(text):
        line = text[ls:le]
        if not any(c in line for c in "，。；") or "\t" in line or "  " in line:
            continue
        found = list(_SPLIT_RE.finditer(line))
        if len(found) > 2:
            continue  # many spaced characters: a list or letter spacing, not a broken word
        for m in found:
            left, right = m.group(1), m.group(2)
            best = 0
            for i in range(1, len(left) + 1):
                for j in range(1, len(right) + 1):
                    if i + j >= 2:
                        best = max(best, words.get(left[-i:] + right[:j], 0))
            if best < _SPLIT_WORD_MIN:
                continue
            out.append((ls + m.start(), ls + m.end(), ""))
    return out


def fix_split_words(text: str) -> str:
    """Join words a space split (see :func:`split_word_changes`)."""
    return apply_changes(text, split_word_changes(text))

"""OCR look-alikes: characters an OCR engine read as a similar-looking one.

Two kinds, both from the confusion table ``lexicons/ocr_confusions.txt``
(data, not code):

* **Letters in numbers** (``2O22年``, ``共l2所``, ``3,2OO人``): inside a run
  of digits, a letter that looks like a digit is that digit. Only in a
  number: the run has at least as many real digits as letters, and no other
  Latin letter touches it, so codes and words (``B2B``, ``O2O``, ``5G``,
  ``COVID-19``) stay; nor inside URLs or identifiers (:mod:`docfix.protect`).
* **Han look-alikes** (``己经`` for 已经, ``末来`` for 未来): every
  occurrence of a character of the table is scored with each of its
  look-alikes by the character model, in its sentence; a look-alike that
  makes the sentence far more likely replaces it. An OCR engine repeats its
  confusions, so a confusion the document shows at several places counts a
  little more at each (:data:`REPEAT_BONUS`). In a register the model
  knows too little (classical poetry's 曰 and 侍女), none is applied unless
  it is overwhelming (:data:`FAR_GAIN_MAX`).

Each correction replaces one character: :func:`corrections` returns
proposals as :class:`docfix.result.Edit` (``replaces`` set, not yet
applied) that :meth:`docfix.restore.Repairer.repair` (``ocr=True``) applies
from its threshold on, like the readings of :mod:`docfix.traces`.

>>> [(c.offset, c.insert, c.replaces) for c in number_corrections("2O22年共有l2所学校，B2B平台，O2O模式")]
[(1, '0', 'O'), (7, '1', 'l')]
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import regex

from . import canon, protect
from .result import Edit
from .resources import data_dirs, data_lines

REASON = "OCR"  # every reason of a correction starts so (engine.passes.hold_few)
__all__ = ["corrections", "number_corrections", "lookalike_corrections", "confusions"]

CONFUSION_FILE = "ocr_confusions.txt"
#: log10 gain of the sentence at which a look-alike is even with the
#: character as read (the logistic's centre) and its slope. The slope is
#: the maximum-likelihood fit on OCR damage of the tune half
#: (benchmarks/ocr.py --part tune --fit: centre 0.8, slope 2.2); the centre
#: is set higher, for precision: at 2.0 Han corrections on the tune half
#: were P 0.98 / R 0.96.
GAIN_CENTRE = 2.0
GAIN_SLOPE = 2.2
#: each other place where the document shows the same confusion with a gain
#: above GAIN_CENTRE adds this (log10), at most REPEAT_MAX times
REPEAT_BONUS = 0.5
REPEAT_MAX = 3
#: a look-alike the document writes after the same character this often, and
#: the correction never, is its own usage: reported at most at OWN_USAGE_CAP
#: (classical text: 子曰 three times read as 子日; OCR bench: see docs/benchmark.md)
OWN_USAGE = 3
OWN_USAGE_CAP = 0.5
_QUOTE_OPENERS = frozenset("“「『\"‘")
#: log10: a look-alike correction that makes the best word segmentation of
#: its window this much less likely breaks a word (no right correction of the
#: OCR bench's tune half did; People's Daily 1998's 夜深人静 -6.8, 知己 -7.2; its 岁末, a rare
#: word of the list, -0.75 read 岁未: -1.0 -> -0.5, both halves of the OCR bench unchanged)
WORD_BREAK = -0.5
#: log10 gain above which a look-alike correction is applied even in a register the model
#: knows too little (a scraped page's markup lowers its mean: 己经 -> 已经 is 10^8.0; classical
#: poetry's 曰 -> 日 reached 10^6.0)
FAR_GAIN_MAX = 7.0
REPORT_MIN = 0.1  # look-alike corrections less likely than this are not even reported
NUMBER_CONFIDENCE = 0.97  # a letter in a number with at least twice as many digits ...
NUMBER_CONFIDENCE_LOW = 0.9  # ... and with fewer


@dataclass(frozen=True)
class Confusions:
    """The confusion table: Han look-alike groups and digit look-alikes."""

    han: Dict[str, Tuple[str, ...]]  # character -> its look-alikes
    digit: Dict[str, str]  # letter or mark -> the digit it is read for


def _parse(lines: Sequence[str]) -> Confusions:
    """
    >>> c = _parse(["[han]", "己 已 巳", "[digit]", "0 O o"])
    >>> c.han["己"], c.digit["O"]
    (('已', '巳'), '0')
    """
    han: Dict[str, Tuple[str, ...]] = {}
    digit: Dict[str, str] = {}
    section = ""
    for raw in lines:
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
            continue
        group = line.split()
        if section == "digit":
            for c in group[1:]:
                digit[c] = group[0]
        elif section == "han":
            for c in group:
                han[c] = tuple(x for x in group if x != c)
    return Confusions(han, digit)


@lru_cache(maxsize=4)
def confusions(path: Optional[str] = None) -> Confusions:
    """The shipped confusion table (or the one at ``path``)."""
    if path is None:
        for d in data_dirs("lexicons"):
            if (d / CONFUSION_FILE).exists():
                path = str(d / CONFUSION_FILE)
                break
    if path is None:
        return Confusions({}, {})
    return _parse(Path(path).read_text(encoding="utf-8").splitlines())


# ------------------------------------------------------------------ numbers
_ASCII_LETTER = regex.compile(r"[A-Za-z]")
_NUM_AFTER = frozenset("年月日号时%％个人名所项次元万亿千百岁届期条章节家户件座篇份位倍毫厘米克吨升瓦〕")
_NUM_BEFORE = frozenset("第共约近超达占为至到计有〔")  # (〔2018〕: a document number's year)
_CELL_START = regex.compile(r"(?<![0-9.．])[A-Z][0-9]")  # a cell's name in a run: B2 in 9,B2:B6
_HEX_COLOUR = regex.compile(r"(?=.*[A-F])[0-9A-F]{6}")
_CELL_REF = regex.compile(r"(?<![A-Za-z0-9])([A-Z]{1,2})[0-9]{1,5}(?![0-9A-Za-z])")  # A1, C3, AB12
_FORMAT = regex.compile(r"%[0-9#$+.-]*$")  # a printf conversion's start, right before a run


def number_corrections(text: str, table: Optional[Confusions] = None) -> List[Edit]:
    """Letters read for digits inside numbers.

    >>> [(c.insert, c.replaces) for c in number_corrections("全年招生3,2OO人，2○22年，Z0ZZ年")]
    [('0', 'O'), ('0', 'O'), ('0', '○'), ('2', 'Z'), ('2', 'Z'), ('2', 'Z')]
    >>> number_corrections("5G网络、B2B、COVID-19、Windows 10、IOS系统、第l条")
    []
    >>> number_corrections("制作 ISO9660 镜像，统计 V:644, I:990 次，模式 %04lo，%.3o")
    []
    >>> number_corrections("混合 255R+255G+255B 得到白色，(B:50%)，/etc/rc[0123456S].d 目录")
    []
    >>> number_corrections('单元格 "B5"，八进制 &o13，乐器名 = "S1"')
    []
    >>> [(c.insert, c.replaces) for c in number_corrections("9.清华大学1o.机械院")]
    [('0', 'o')]
    >>> number_corrections("单元格 A1、A2、B1 和 B2 全部为空，单元格B1处显示 C1 的值，SUBTOTAL(9,B2:B6)")
    []
    >>> number_corrections("靛蓝色的代码是 4B0082。")
    []
    >>> number_corrections("和我原来的S6130差不多重，hp 6535B（VA051PA）")
    []
    >>> number_corrections("运行 nmblookup 'IRIX#1B' 查询域主浏览器(名字类型为1B)。")  # (a code the text writes)
    []
    >>> [(c.insert, c.replaces) for c in number_corrections("增长O.5%，苏核发〔ZO18〕25号")]
    [('0', 'O'), ('2', 'Z'), ('0', 'O')]
    """
    table = table or confusions()
    if not table.digit:
        return []
    like = "".join(sorted(table.digit))
    run_re = regex.compile(r"[0-9%s](?:[0-9%s]|[,.，．:：](?=[0-9%s]))*" % ((regex.escape(like),) * 3))
    regions = protect.spans(text, identifiers=False)
    # a text that names cells or items by a capital and a number (A1, C3, D4) names B1 and O2 so too
    cells = sum(1 for m in _CELL_REF.finditer(text) if not any(ch in table.digit for ch in m.group(1))) >= 2
    out: List[Tuple[Edit, str]] = []  # (each correction, the run it is in)
    tokens = set()  # runs the text writes as a code or word somewhere: the same run elsewhere is one too
    for m in run_re.finditer(text):
        s, e = m.span()
        run = m.group()
        digits = sum(c.isdigit() and c.isascii() for c in run)
        letters = [(s + i, c) for i, c in enumerate(run) if c in table.digit]
        if not letters or digits == 0:
            continue
        before = text[s - 1] if s else ""
        after = text[e] if e < len(text) else ""
        framed = after in _NUM_AFTER or before in _NUM_BEFORE
        if digits < len(letters) and not framed:
            continue  # more letters than digits: a number only where the words around say so
        if run[0] in table.digit and (run[1:2] in ("", ":", "：") or run[1] in table.digit) \
                and not (before in _NUM_BEFORE if run[1:2] in (":", "：") else framed):
            continue  # ... as a word or a label before a number must: ISO9660, V:1, B:50% (not lO月, l2所, O.5%)
        if ((run[-1] in table.digit and after.isascii() and after not in "%"
             and not (after == "." and canon.is_han(text[e + 1:e + 2] or "a")))  # (an item's number: 1o.机械院)
                or (run[0] in table.digit and before.isascii())) and not framed:
            tokens.add(run)
            continue  # ... and one where ASCII goes on: 255R+255G+255B, rc[0123456S].d, "B5", &o13
        if not framed and after not in ".．、" and all(off in (s, e - 1) and c in "SBZ" for off, c in letters):
            continue  # a capital at a number's edge, no number word beside it: a model's name (S6130, 6535B, Z38)
        if cells and _CELL_START.search(run) and not framed:
            continue  # a spreadsheet's cells: 单元格 B1、B2 和 C1, SUBTOTAL(9,B2:B6)
        if _HEX_COLOUR.fullmatch(run) and not framed:
            continue  # a colour's hex code: 4B0082
        if _FORMAT.search(text, max(0, s - 6), s):
            continue  # a printf conversion: %04lo, %.3o, %6$3o
        if any(x and (_ASCII_LETTER.match(x) or x in "-_/\\@#") for x in (before, after)) or protect.inside(regions, s, e):
            tokens.add(run)
            continue  # a code or a word, not a number
        conf = NUMBER_CONFIDENCE if digits >= 2 * len(letters) else NUMBER_CONFIDENCE_LOW
        for off, c in letters:
            out.append((Edit(off, table.digit[c], conf, False, [(c, round(1 - conf, 4))],
                             REASON + f": {c!r} read for the digit {table.digit[c]} inside the number {run}", replaces=c), run))
    return [x for x, run in out if run not in tokens]


# ------------------------------------------------------------------ Han look-alikes
def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def lookalike_corrections(text: str, lm, table: Optional[Confusions] = None, words=None) -> List[Edit]:
    """Han characters read as a look-alike, chosen by the character model.

    ``lm`` is a :class:`docfix.lm.LanguageModel`. Each occurrence of a
    character of the table is scored with each look-alike in its sentence
    (the substituted token and the next ``order - 1``); the confidence is a
    logistic of the best log10 gain, plus :data:`REPEAT_BONUS` for each
    other place the document shows the same confusion clearly. With
    ``words`` (a :class:`docfix.wordscore.WordScorer`), a correction that
    breaks words the lexicons know (夜深人静 → 夜深入静, 知己知彼, 岁末) is
    reported, not applied (:data:`WORD_BREAK`).
    """
    table = table or confusions()
    if not table.han or not any(c in table.han for c in text):
        return []
    regions = protect.spans(text)
    far: object = _UNREAD  # the document's fit when below FAR_FIT, read once where a correction needs it
    found: List[Tuple[int, str, str, float, List[Tuple[str, float]]]] = []
    for s, e in canon.sentences(text):
        if not any(text[i] in table.han for i in range(s, e)):
            continue
        toks, pos = canon.unit_tokens(text, s, e)
        if not toks:
            continue
        u = lm.unit(toks)
        for k, p in enumerate(pos):
            c = text[p]
            alts = table.han.get(c)
            if not alts or protect.inside(regions, p, p + 1):
                continue
            gains = sorted(((_substitution_gain(lm, u, k, canon.fold_char(a)), a) for a in alts), reverse=True)
            best_gain, best = gains[0]
            if best_gain <= 0:
                continue
            found.append((p, best, c, best_gain, [(a, g) for g, a in gains[1:]]))
    # the document as evidence: an OCR engine repeats its confusions
    clear: Dict[Tuple[str, str], int] = defaultdict(int)
    for _, a, c, g, _ in found:
        if g >= GAIN_CENTRE:
            clear[(c, a)] += 1
    out: List[Edit] = []
    for p, a, c, g, rest in found:
        others = clear[(c, a)] - (1 if g >= GAIN_CENTRE else 0)
        score = g + REPEAT_BONUS * min(others, REPEAT_MAX)
        conf = round(_sigmoid(GAIN_SLOPE * (score - GAIN_CENTRE)), 4)
        if conf < REPORT_MIN:
            continue
        why = REASON + f" look-alike: {c}→{a} makes the sentence 10^{g:.1f} times likelier"
        if others:
            why += f"; the same confusion clearly at {others} other place{'s' if others != 1 else ''}"
        if text[p + 1:p + 2] in ("：", ":") and text[p + 2:p + 3] in _QUOTE_OPENERS and conf > OWN_USAGE_CAP:
            # before a colon and a quotation: a speech verb's place (孔子曰：“), the text's own word
            conf = OWN_USAGE_CAP
            why += f"; {c} introduces a quotation here"
        left = text[p - 1] if p else ""
        own = text.count(left + c) if left and conf > OWN_USAGE_CAP else 0  # (counted only where it can matter)
        if own >= OWN_USAGE and (left + a) not in text:
            # an OCR engine misreads now and then, not every time after the
            # same character: 子曰 written three times is the text's own word
            conf = OWN_USAGE_CAP
            why += f"; the document writes {left}{c} {own} times and never {left}{a}"
        if conf > OWN_USAGE_CAP and g < FAR_GAIN_MAX:
            if far is _UNREAD:
                far = _far_register(text, lm)
            if far is not None:
                # classical poetry's 曰, 侍女, 封侯: the model knows text of this kind too little to judge it
                conf = OWN_USAGE_CAP
                why += f"; the model knows text of this kind too little (log10 P {far:.2f} per character)"
        if conf > OWN_USAGE_CAP and _name_at(text, p, a, words):
            conf = OWN_USAGE_CAP  # (侯波 and 左连璧 in a list of names, 记者王亚东、侯嘉, 侯老: no 候)
            why += f"; {c} is part of a name here"
        if words is not None and conf > OWN_USAGE_CAP:
            broken = _word_gain(text, p, c, a, words)
            if broken < WORD_BREAK:
                conf = OWN_USAGE_CAP
                why += f"; it breaks the words around it (word model 10^{broken:.1f})"
        alts = [(c, round(1 - conf, 4))]
        out.append(Edit(p, a, conf, False, alts, why, replaces=c))
    return out


SURNAME_FILE = "surnames.txt"
_NAME_BEFORE = frozenset("、，,（(：:；;\n")  # what a name in a list follows ...
_NAME_AFTER = frozenset("、，,）)：:；;。\n")  # ... and what ends it
_OWN_WORDS = frozenset(("时候", "等候", "问候", "气候", "伺候", "守候", "征候", "症候", "火候", "迎候"))  # (without words)
_TITLES = ("老", "总", "先生", "女士", "同志", "书记", "主任", "局长", "部长", "教授", "老师", "校长", "院士", "师傅")


@lru_cache(maxsize=1)
def surnames() -> frozenset:
    """The common single-character surnames (``lexicons/surnames.txt``; empty without it)."""
    return frozenset(w for line in data_lines(SURNAME_FILE) for w in line.split())


def _name_at(text: str, p: int, a: str, words=None) -> bool:
    """Whether the character at ``p``, which a look-alike correction would
    make ``a``, is part of a name: an item of two or three Han characters
    that begins with a surname in a list (吕厚民、侯波、吕相友; 左连璧; 记者王亚东、侯嘉),
    or a surname before a title (侯老, 于总) or after 老 or 小 (老侯) where
    neither it nor ``a`` makes a word with the character before it (时侯老是:
    时候; with ``words``, a :class:`docfix.wordscore.WordScorer`, any word it
    knows). A surname whose look-alike is a surname too tells nothing.

    >>> _name_at("作品是吕厚民、侯波、吕相友", 7, "候"), _name_at("（记者王亚东、侯嘉）埃及", 7, "候")
    (True, True)
    >>> _name_at("毛致用、邓鸿勋、左连璧、厉有为", 10, "壁"), _name_at("给侯老拜年", 1, "候")
    (True, True)
    >>> _name_at("时侯老是不来", 1, "候"), _name_at("、侯车室外排队", 1, "候"), _name_at("人力、物力、财力", 6, "刀")
    (False, False, False)
    """
    names = surnames()
    c = text[p]
    if c in names and a in names:
        return False
    s_, q = p, p + 1
    while s_ > 0 and canon.is_han(text[s_ - 1]):
        s_ -= 1
    while q < len(text) and canon.is_han(text[q]):
        q += 1
    if (2 <= q - s_ <= 3 and text[s_] in names and (q == len(text) or text[q] in _NAME_AFTER)
            and (s_ == 0 or text[s_ - 1] in _NAME_BEFORE or text.endswith("记者", 0, s_))):
        return True
    if c not in names:
        return False
    titled = text.startswith(_TITLES, p + 1)
    if p == 0 or not canon.is_han(text[p - 1]):
        return titled
    before = text[p - 1]
    word = (lambda w: len(words.segment(w)) == 1) if words is not None else _OWN_WORDS.__contains__
    if titled:
        return not word(before + a)
    return before in "老小" and words is not None and not word(before + c) and not word(before + a)


def _word_gain(text: str, p: int, c: str, a: str, words) -> float:
    """log10 gain of the best word segmentation around ``p`` with ``a`` in
    place of ``c``."""
    from .wordscore import window

    left = "".join(canon.tokens(window(text, p)[0]))
    right = "".join(canon.tokens(window(text, p + 1)[1]))
    return words.best(left + canon.fold_char(a) + right) - words.best(left + canon.fold_char(c) + right)


_UNREAD = object()


def _far_register(text: str, lm) -> Optional[float]:
    """The document's mean log10 P per token where it is below
    :data:`docfix.engine.tuning.FAR_FIT` (a register the model knows too
    little to tell a look-alike from the text's own word), else None."""
    from .engine import tuning
    from .engine.document import Document

    fit = Document.of(text, lm).fit
    return fit if fit < tuning.FAR_FIT else None


def _substitution_gain(lm, u, k: int, new: str) -> float:
    """log10 P(unit with token ``k`` replaced by ``new``) - log10 P(unit)."""
    import kenlm

    m = lm.model
    out, spare = kenlm.State(), kenlm.State()
    gain = m.BaseScore(u.states[k], new, out) - u.logp[k]
    st, out, spare = out, spare, out
    n = len(u.toks)
    stop = min(n, k + 1 + lm.order - 1)
    for j in range(k + 1, stop):
        gain += m.BaseScore(st, u.toks[j], out) - u.logp[j]
        if out == u.states[j + 1]:
            return gain
        st, out, spare = out, spare, out
    if stop == n:
        gain += m.BaseScore(st, "</s>", out) - u.eos
    return gain


def corrections(text: str, lm, table: Optional[Confusions] = None, words=None) -> List[Edit]:
    """Every OCR look-alike correction proposed for ``text``, by offset
    (applied or not is the caller's threshold)."""
    table = table or confusions()
    out = number_corrections(text, table) + lookalike_corrections(text, lm, table, words)
    out.sort(key=lambda c: c.offset)
    return out

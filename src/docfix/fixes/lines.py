"""Line rules: ``boilerplate`` (navigation and footer lines of web pages)
and ``join_lines`` (a line broken in the middle of a sentence)."""
from __future__ import annotations

from typing import List

import regex

from ..canon import is_han_script
from .base import DEL_AFTER, DEL_BEFORE, _HSPACE, RuleEdit, _is_ascii_alnum, _is_hspace, _line_spans, apply_changes, csv_lines


# --------------------------------------------------------------------------
# boilerplate

_BOILER_KEYWORDS = (
    "版权所有", "版权声明", "Copyright", "copyright", "COPYRIGHT", "©", "ICP备", "ICP证",
    "公网安备", "网安备", "联系我们", "关于我们", "网站地图", "打印本页", "打印此页", "打印文章",
    "关闭窗口", "关闭本页", "【打印】", "【关闭】", "[打印]", "[关闭]", "当前位置", "现在的位置",
    "您的位置", "所在位置", "上一篇", "下一篇", "上一条", "下一条", "责任编辑", "分享到",
    "扫一扫", "二维码", "免责声明", "不得转载", "请勿转载", "举报电话", "举报中心", "举报网",
    "违法和不良信息", "许可证", "主办单位", "承办单位", "技术支持", "网站首页", "返回首页",
    "返回顶部", "设为首页", "加入收藏", "热线:", "热线：", "【字体", "字号：", "字号:", "浏览次数",
    "阅读次数", "点击数", "访问量",
)
#: Weaker signs, for short lines without sentence punctuation only.
_BOILER_WEAK = ("客户端", "新媒体", "订报", "投稿", "公众号", "辟谣", "微博", "微信", "APP", "下载", "手机版", "English")
_BOILER_EXACT = {"首页", "Top", "TOP", "top", "顶部", "返回", "打印", "关闭", "分享", "更多", "更多>>", ">>"}
_BOILER_MAX = 80
_CLAUSE = "，,。；;！？!?"


def _is_boilerplate(line: str) -> bool:
    s = line.strip(_HSPACE)
    if not s:
        return False
    compact = "".join(c for c in s if not _is_hspace(c))
    if len(compact) > _BOILER_MAX:
        return False
    if s in _BOILER_EXACT:
        return True
    if any(k in s for k in _BOILER_KEYWORDS):
        return True
    if "首页" in compact and len(compact) <= 10:
        return True
    if len(compact) <= 30 and not any(c in _CLAUSE for c in s) and any(k in s for k in _BOILER_WEAK):
        return True
    # navigation: many short items separated by spaces or bars
    items = [t for t in regex.split(r"[\s|｜·•]+", s) if t]
    if not any(c in _CLAUSE for c in s):
        if len(items) >= 5 and all(len(t) <= 6 for t in items):
            return True
        if s.count("|") + s.count("｜") >= 2 and all(len(t) <= 10 for t in items):
            return True
    return False


def boilerplate_changes(text: str) -> List[RuleEdit]:
    """Web navigation and footer lines, each deleted with its line break.

    >>> boilerplate_changes("首页\\n正文第一段。\\n版权所有 © 2024\\n")
    [(0, 3, ''), (10, 22, '')]
    """
    out: List[RuleEdit] = []
    spans = _line_spans(text)
    for k, (ls, le) in enumerate(spans):
        if _is_boilerplate(text[ls:le]):
            end = spans[k + 1][0] if k + 1 < len(spans) else le
            out.append((ls, end, ""))
    return out


def remove_boilerplate(text: str) -> str:
    """Drop navigation and footer lines of web pages.

    >>> remove_boilerplate("网站首页 新闻 国内 国际 河南 焦作\\n您现在的位置：焦作网 > 正文\\n市教育局召开会议。\\n打印本页 关闭窗口")
    '市教育局召开会议。\\n'
    """
    return apply_changes(text, boilerplate_changes(text))


# --------------------------------------------------------------------------
# line joining

#: A line ending in one of these is a real end (paragraph, heading, label).
_TERMINAL = set("。！？!?；;：:…”’」』）)】》〉〕.．\"'")
#: A line ending in one of these is certainly cut mid-sentence.
_SOFT_END = set("，,、（(“‘《「『【〔—")
#: Characters a heading hardly ever ends in, but a cut sentence often does ...
_FUNCTION_END = set("的和与及或并而且在对把将被从向以于为是要让使给")
#: ... unless they end one of these words.
_WORD_END = set(
    "目的 有的 似的 参与 赋与 普及 涉及 波及 危及 顾及 合并 兼并 然而 从而 因而 进而 继而 "
    "存在 现在 正在 所在 实在 自在 内在 好在 面对 应对 针对 相对 绝对 核对 比对 反对 配对 "
    "校对 重要 主要 需要 纲要 简要 必要 概要 摘要 提要 只要 想要 不要 但是 就是 总是 还是 "
    "于是 凡是 正是 可是 若是 求是 即将 必将 终将 大将 转让 谦让 出让 礼让 大使 特使 天使 "
    "致使 迫使 驱使 供给 补给 配给 自给 方向 导向 走向 去向 趋向 动向 意向 定向 倾向 指向 "
    "流向 所以 可以 难以 予以 加以 足以 得以 用以 关于 基于 对于 处于 属于 在于 善于 勇于 "
    "至于 由于 等于 终于 急于 便于 易于 敢于 乐于 忠于 成为 作为 认为 行为 称为 视为 因为 "
    "以为 无为 有为 大为 广为 更为 较为 极为 最为 尤为 而且 并且 况且 暂且 尚且 姑且 "
    "和 与 及 或".split()
)
#: A line with this many non-space characters and no final punctuation is prose.
LONG_LINE = 32
#: ... or this many when it has clause punctuation inside.
LONG_CLAUSE_LINE = 16

_MARKER_RE = regex.compile(
    r"""^(?:
        第[一二三四五六七八九十百千零〇两\d]+[章节条款部分篇编卷回讲]
      | [一二三四五六七八九十百]+[、.．]
      | \d{1,3}(?:[.．](?!\d)|[、)）])
      | [(（][一二三四五六七八九十百\d]{1,3}[)）]
      | [①-⑳⑴-⒇⒈-⒛❶-❿]
      | [•·●○■□◆◇▪►▶※★☆\-–*]
      | ——
      | [A-Za-z][.)](?=\s|\p{Han})
    )""",
    regex.VERBOSE,
)
_SHORT_CLAUSE_RE = regex.compile(r"^\p{Han}[，,；;。！？!?]")
#: "他强调，教": a clause of one or two characters after a comma ends the line.
_CUT_CLAUSE_RE = regex.compile(r"\p{Han}{2}[，,；;]\p{Han}{1,2}$")
_LEADERS_RE = regex.compile(r"……|\.{3,}|·{3,}|．{3,}|…{2,}|-{3,}|_{3,}")


def _compact_len(s: str) -> int:
    return sum(1 for c in s if not _is_hspace(c))


_INNER_SENTENCE_RE = regex.compile(r"[。！？!?]\s*\S")


def _is_prose(a: str) -> bool:
    n = _compact_len(a)
    if n >= LONG_LINE:
        return True
    body = a[:-1]
    if n >= 8 and _INNER_SENTENCE_RE.search(body):
        return True  # a full sentence inside: not a heading
    return n >= LONG_CLAUSE_LINE and any(c in "，,；;" for c in body)


#: Space runs that separate items: not next to a mark whose neighbouring
#: spaces the whitespace or punctuation rule may remove (so the decision is
#: the same before and after those rules).
_MARKS = regex.escape(",:;?!()" + DEL_BEFORE + DEL_AFTER)
_ITEM_SPACE_RE = regex.compile(rf"(?<![{_MARKS}\s])[ \u00a0\u3000\u2000-\u200a\u202f\u205f]+(?![{_MARKS}\s])")


def _compact(s: str) -> str:
    return "".join(c for c in s if not _is_hspace(c))


def _looks_tabular(a: str) -> bool:
    s = a.strip(_HSPACE)
    if "\t" in s:
        return True
    seps = [m.group() for m in _ITEM_SPACE_RE.finditer(s)]
    if any(len(x) >= 2 for x in seps):
        return True  # columns
    if _LEADERS_RE.search(s):
        return True  # table of contents
    return len(seps) >= 2 and not any(c in _CLAUSE for c in s)  # navigation


def _should_join(a: str, b: str) -> bool:
    """``a``: the logical line so far (stripped); ``b``: the next line."""
    if not a or not b or _is_hspace(b[0]):
        return False
    if _MARKER_RE.match(b):
        return False
    if _looks_tabular(a):
        return False
    last = a[-1]
    if last in _TERMINAL:
        return False
    heading = bool(_MARKER_RE.match(a)) and _compact_len(a) < 40
    if last in _SOFT_END:
        return True
    if is_han_script(last):
        if heading:
            return False
        ca = _compact(a)
        function_end = last in _FUNCTION_END and ca[-2:] not in _WORD_END and len(ca) > 1
        if _is_prose(a) or function_end or _CUT_CLAUSE_RE.search(ca):
            return True
        return bool(_SHORT_CLAUSE_RE.match(_compact(b)))
    if _is_ascii_alnum(last) or last in "%％":
        # "截至2024" / "使用Python" cut before a Chinese continuation
        # (a line without Chinese is no cut Chinese sentence: 00:00:01,000 --> 00:00:03,500)
        return not heading and _is_prose(a) and is_han_script(b[0]) and any(is_han_script(ch) for ch in a)
    return False


def join_line_changes(text: str) -> List[RuleEdit]:
    """Line breaks inside sentences, with blank lines between the halves.

    A line (the logical line, after earlier joins) is joined to the next
    non-blank line (at most three blank lines apart) when it does not end in
    sentence or closing punctuation and it is clearly cut: it ends in ，、（“
    etc., or it is prose (long, or with clause punctuation inside), or it ends
    in a function character (的 和 在 要 ...) or in a one- or two-character
    clause after a comma ("他强调，教"), or the next line starts with a
    one-character clause ("构，推进..."). Headings and list items (一、 1.
    （一） 第一章 ①), table-of-contents and tabular lines, indented next lines
    and lines ending in 。！？：；”）》 stay.

    >>> join_line_changes("他强调，教\\n\\n育援疆工作很重要。")
    [(5, 7, '')]
    >>> join_line_changes("一、总体要求\\n\\n坚持稳中求进。")
    []
    >>> join_line_changes("1\\n00:00:01,000 --> 00:00:03,500\\n同学们好，欢迎来到课堂。")
    []
    """
    out: List[RuleEdit] = []
    spans = _line_spans(text)
    records = set(csv_lines(text)) if "," in text else set()  # rows of a comma-separated table stay rows
    logical = ""
    k = 0
    while k < len(spans):
        ls, le = spans[k]
        content = text[ls:le]
        if not content.strip(_HSPACE):
            logical = ""
            k += 1
            continue
        logical = (logical + content.strip(_HSPACE)) if logical else content.strip(_HSPACE)
        # next non-blank line within three blank lines
        m = k + 1
        blanks = 0
        while m < len(spans) and not text[spans[m][0]:spans[m][1]].strip(_HSPACE):
            blanks += 1
            m += 1
        if m >= len(spans) or blanks > 3:
            logical = ""
            k = m
            continue
        bs, be = spans[m]
        b = text[bs:be]
        if (ls, le) not in records and (bs, be) not in records and _should_join(logical, b):
            # from after the last visible char of this line to B's first char
            end_a = le
            while end_a > ls and _is_hspace(text[end_a - 1]):
                end_a -= 1
            out.append((end_a, bs, ""))
        else:
            logical = ""
        k = m
    return out


def join_lines(text: str) -> str:
    """Rejoin lines broken in the middle of a sentence.

    >>> join_lines("他表示,近年来,通过两地共同努力,伊吾县各项教育事业取得了显著的成效,濮阳市通过\\n\\n优秀骨干教师援疆支教等举措,切实传播了理念。")
    '他表示,近年来,通过两地共同努力,伊吾县各项教育事业取得了显著的成效,濮阳市通过优秀骨干教师援疆支教等举措,切实传播了理念。'
    >>> join_lines("一、总体要求\\n坚持稳中求进。\\n1.加强领导\\n2.完善机制")
    '一、总体要求\\n坚持稳中求进。\\n1.加强领导\\n2.完善机制'
    >>> join_lines("全市各级各类学校和教师要\\n\\n认真落实有关规定。")
    '全市各级各类学校和教师要认真落实有关规定。'
    """
    return apply_changes(text, join_line_changes(text))

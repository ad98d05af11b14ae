"""Law-register completions: character pairs the laws write far more often
than the reports do after the same character (应 -> 应当, 部 -> 部门).

Laws are three quarters of the model's training stream, so the model expects
the second character after the first where reports and notices usually write
the first alone (应加强, 生态环境部官网). The repair engine reports, and does
not apply, a silent restoration that would make such a pair in a document
that is not a law text (lexicons/register_pairs.txt; see
docfix.engine.guards.register_pairs). A pair qualifies when the laws write it at
least 2,000 times and after its first character at least 30 % of the time,
and the national and provincial work reports after that character (seen at
least 300 times) less than 20 % of the time and a third as often as the
laws at most -- or when the laws write it after its first character at
least 50 % of the time and the reports less than 40 % and half as often
at most (或 -> 或者: 95 % in laws, 37 % in reports; added in the fifteenth
session, when 或{者} was 16 of 30 false edits on clean documents of the
unseen source). Training lines only.

With ``--prefix`` the same for the first character of a pair given the
second (申 -> 申请: laws write 请 after 申 71 % of the time, the reports
2.5 %, where they and other registers write 请 alone, 请将, 请按), with the
second character seen at least 100 times in the reports
(lexicons/register_prefixes.txt).

    python scripts/register_pairs.py [--corpus ../shared/corpus] > lexicons/register_pairs.txt
    python scripts/register_pairs.py --prefix > lexicons/register_prefixes.txt
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from docfix import split  # noqa: E402
from docfix.detect import is_han  # noqa: E402


NUMERALS = frozenset("〇零一二三四五六七八九十百千万")


def counts(paths):
    uni: Counter = Counter()
    bi: Counter = Counter()
    for p in paths:
        for line in split.iter_train_lines(p):
            uni.update(line)
            bi.update(zip(line, line[1:]))
    return uni, bi


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--prefix", action="store_true", help="the first character given the second")
    args = ap.parse_args()
    c = Path(args.corpus)
    lu, lb = counts([c / "laws.txt"])
    ru, rb = counts([c / "gwr_national.txt", c / "gwr_prov2026.txt"])
    rows = []
    for (a, g), n in lb.items():
        given = g if args.prefix else a  # the character written, the other one its completion
        if n < 2000 or not (is_han(a) and is_han(g)) or ru[given] < (100 if args.prefix else 300) \
                or a in NUMERALS or g in NUMERALS:
            continue  # (numerals: 第三十条 is the laws' numbering, not their register)
        p_law = n / lu[given]
        p_rep = rb[(a, g)] / ru[given]
        if (p_law >= 0.3 and p_rep < 0.2 and p_law >= 3 * p_rep) or (p_law >= 0.5 and p_rep < 0.4 and p_law >= 2 * p_rep):
            rows.append((n, a, g, p_law, p_rep))
    rows.sort(reverse=True)
    what = "P(first | second)" if args.prefix else "P(second | first)"
    print(f"# Law-register completions: FIRST<TAB>SECOND<TAB>{what} in laws<TAB>in reports")
    print("# Made by scripts/register_pairs.py from the training lines of laws.txt and the two work-report")
    print("# files of ../shared/corpus (see its docstring for the criteria). Used by docfix.restore.")
    for n, a, g, pl, pr in rows:
        print(f"{a}\t{g}\t{pl:.3f}\t{pr:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

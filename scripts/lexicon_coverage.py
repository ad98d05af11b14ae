#!/usr/bin/env python3
"""Coverage of hand-picked domain terms by the shipped lexicons.

Reads ``tests/data/domain_terms.txt`` (government / education terms picked by
reading the clean seeds 000, 002, 003, 004) and prints the fraction found in
``general.txt``, in ``domain.txt`` and in either, plus the terms found in none.

Usage::

    python scripts/lexicon_coverage.py [--terms FILE] [--lexicon-dir DIR] [--json]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Dict, List, Optional, Sequence

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from docfix.lexicon import Lexicon  # noqa: E402


def read_terms(path: Path) -> List[str]:
    """Terms of ``path``: one per line, ``#`` lines and blanks skipped, de-duplicated."""
    out: List[str] = []
    seen = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        t = line.strip()
        if t and not t.startswith("#") and t not in seen:
            seen.add(t)
            out.append(t)
    return out


def composed(term: str, lex: Lexicon, min_len: int = 2) -> bool:
    """Whether ``term`` splits into lexicon words of at least ``min_len`` characters.

    >>> lex = Lexicon.from_words(["教育", "现代化"])
    >>> composed("教育现代化", lex), composed("教育化", lex)
    (True, False)
    """
    ok = [True] + [False] * len(term)
    for j in range(1, len(term) + 1):
        ok[j] = any(ok[i] and term[i:j] in lex for i in range(max(0, j - lex.max_len), j - min_len + 1))
    return ok[-1]


def coverage(terms: Sequence[str], lex: Lexicon) -> Dict[str, object]:
    """Fractions of ``terms`` in each source of ``lex``, in any of them, and in
    any of them or composed of lexicon words of >= 2 characters."""
    n = max(len(terms), 1)
    res: Dict[str, object] = {"n_terms": len(terms)}
    for name in lex.sources_order:
        res[name] = sum(name in lex.sources(t) for t in terms) / n
    res["either"] = sum(t in lex for t in terms) / n
    res["either_or_composed"] = sum(t in lex or composed(t, lex) for t in terms) / n
    res["missing"] = [t for t in terms if t not in lex]
    return res


def main(argv: Optional[Sequence[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--terms", type=Path, default=ROOT / "tests" / "data" / "domain_terms.txt")
    ap.add_argument("--lexicon-dir", type=Path, default=ROOT / "lexicons")
    ap.add_argument("--json", action="store_true", help="print the result as JSON")
    args = ap.parse_args(argv)
    paths = [args.lexicon_dir / n for n in ("general.txt", "domain.txt") if (args.lexicon_dir / n).exists()]
    lex = Lexicon.load(paths)
    terms = read_terms(args.terms)
    res = coverage(terms, lex)
    if args.json:
        print(json.dumps(res, ensure_ascii=False, indent=1))
        return 0
    shown = args.terms.relative_to(ROOT) if args.terms.is_relative_to(ROOT) else args.terms
    print(f"{len(terms)} terms from {shown}")
    for name in lex.sources_order:
        print(f"  in {name + '.txt':<12} {res[name]:6.1%}")
    print(f"  in either      {res['either']:6.1%}")
    print(f"  in either, or composed of >= 2-char lexicon words {res['either_or_composed']:6.1%}")
    print(f"  missing ({len(res['missing'])}): {' '.join(res['missing'])}")  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Tests of docfix.lexicon, the shipped lexicons and the miner's counting core."""
from __future__ import annotations

import importlib.util
import math
import random
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from docfix.lexicon import Lexicon, LexiconFormatError, default_lexicon, read_lexicon_file

ROOT = Path(__file__).resolve().parent.parent
LEX_DIR = ROOT / "lexicons"
GENERAL = LEX_DIR / "general.txt"
DOMAIN = LEX_DIR / "domain.txt"
TERMS = ROOT / "tests" / "data" / "domain_terms.txt"

#: Coverage of tests/data/domain_terms.txt by general.txt ∪ domain.txt measured
#: with scripts/lexicon_coverage.py when the lexicons were built (73/138 = 52.9 %).
MEASURED_EITHER = 0.529
MARGIN = 0.03


def _load_script(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(mod)
    return mod


# --------------------------------------------------------------------------- synthetic


@pytest.fixture
def small() -> Lexicon:
    return Lexicon(
        {
            "general": {"教育": 50, "信息": 40, "信息化": 20, "化": 9, "建设": 30, "教学": 5},
            "domain": {"教育信息化": 3, "立德树人": 7, "教育": 4, "集团化办学": 2},
        }
    )


def test_membership_freq_source(small: Lexicon) -> None:
    assert "信息化" in small and "教育信息化" in small and "息化" not in small
    assert len(small) == 9
    assert small.max_len == 5
    assert small.freq("教育") == 54  # summed over sources
    assert small.freq("教育", "general") == 50 and small.freq("教育", "domain") == 4
    assert small.freq("不在") == 0 and small.freq("教学", "domain") == 0
    assert small.source("教育") == "domain"  # most specific source listing it
    assert small.source("信息化") == "general"
    assert small.source("立德树人") == "domain"
    assert small.source("不在") is None
    assert small.sources("教育") == ("general", "domain")
    assert small.sources_order == ("general", "domain")
    assert sorted(small.words("domain")) == sorted(["教育信息化", "立德树人", "教育", "集团化办学"])


def test_prefix_suffix(small: Lexicon) -> None:
    assert small.has_prefix("教")
    assert small.has_prefix("教育信")
    assert small.has_prefix("教育信息化")
    assert not small.has_prefix("育信")
    assert not small.has_prefix("教育信息化建")
    # most frequent first, then by word
    assert small.words_with_prefix("教") == ["教育", "教学", "教育信息化"]
    assert small.words_with_prefix("教", limit=2) == ["教育", "教学"]
    assert small.words_with_prefix("信息化") == ["信息化"]
    assert small.words_with_prefix("无") == []
    assert small.words_with_suffix("化") == ["信息化", "化", "教育信息化"]
    assert small.words_with_suffix("信息化", limit=1) == ["信息化"]
    assert small.words_with_suffix("学") == ["教学", "集团化办学"]
    assert small.words_with_suffix("无") == []


def test_words_covering(small: Lexicon) -> None:
    text = "推进教育信息化建设"
    # position 4 is 信
    assert small.words_covering(text, 4) == [(2, 7, "教育信息化"), (4, 6, "信息"), (4, 7, "信息化")]
    assert small.words_covering(text, 6) == [(2, 7, "教育信息化"), (4, 7, "信息化"), (6, 7, "化")]
    assert small.words_covering(text, 6, min_len=2) == [(2, 7, "教育信息化"), (4, 7, "信息化")]
    assert small.words_covering(text, 6, max_len=3) == [(4, 7, "信息化"), (6, 7, "化")]
    assert small.words_covering(text, 0) == []
    assert small.words_covering(text, -1) == [] and small.words_covering(text, 99) == []
    assert small.words_covering("", 0) == []


def test_words_covering_matches_brute_force() -> None:
    rng = random.Random(7)
    alphabet = "教育信息化建设立德树人学"
    words = {"".join(rng.choice(alphabet) for _ in range(rng.randint(1, 6))): rng.randint(1, 9)
             for _ in range(300)}
    lex = Lexicon.from_words(words)
    for _ in range(40):
        text = "".join(rng.choice(alphabet + "，") for _ in range(rng.randint(1, 30)))
        for pos in range(len(text)):
            for max_len in (1, 3, 8):
                for min_len in (1, 2):
                    expect = [
                        (a, b, text[a:b])
                        for a in range(len(text))
                        for b in range(a + 1, len(text) + 1)
                        if a <= pos < b and min_len <= b - a <= max_len and text[a:b] in words
                    ]
                    assert lex.words_covering(text, pos, max_len=max_len, min_len=min_len) == expect


def test_from_words_iterable_and_empty() -> None:
    lex = Lexicon.from_words(["双减", "课后服务"], source="domain")
    assert lex.freq("双减") == 1 and lex.source("课后服务") == "domain"
    empty = Lexicon.from_words({})
    assert len(empty) == 0 and empty.max_len == 0
    assert empty.words_covering("教育", 0) == [] and not empty.has_prefix("教")
    assert empty.words_with_prefix("") == []


def test_fuzzy(small: Lexicon) -> None:
    pytest.importorskip("rapidfuzz")
    hits = small.fuzzy("教育息化", limit=3)
    assert hits and hits[0][0] == "教育信息化"
    assert all(0 <= s <= 100 for _, s in hits)
    general_only = small.fuzzy("教育息化", limit=3, source="general", score_cutoff=0)
    assert general_only and all(w != "教育信息化" for w, _ in general_only)


# --------------------------------------------------------------------------- file format


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8", newline="")
    return path


def test_header_and_blank_lines_ignored(tmp_path: Path) -> None:
    p = _write(tmp_path / "general.txt", "# licence line\n# another\n教育\t5\n\n信息化\t2\n")
    assert read_lexicon_file(p) == {"教育": 5, "信息化": 2}
    p2 = _write(tmp_path / "crlf.txt", "# h\r\n教育\t5\r\n信息化\t2\r\n")
    assert read_lexicon_file(p2) == {"教育": 5, "信息化": 2}
    p3 = _write(tmp_path / "dup.txt", "# h\n教育\t5\n教育\t2\n")
    assert read_lexicon_file(p3) == {"教育": 7}
    assert read_lexicon_file(_write(tmp_path / "empty.txt", "# only a header\n")) == {}


@pytest.mark.parametrize(
    "line",
    ["教育 5", "教育\tfive", "教育\t-3", "\t5", "教育\t5\t6", "教育", " 教育\t5"],
)
def test_malformed_lines_reported(tmp_path: Path, line: str) -> None:
    p = _write(tmp_path / "bad.txt", f"# header\n信息化\t2\n{line}\n")
    with pytest.raises(LexiconFormatError) as e:
        read_lexicon_file(p)
    msg = str(e.value)
    assert "bad.txt:3" in msg and "WORD<TAB>FREQ" in msg


def test_load_paths_and_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    g = _write(tmp_path / "general.txt", "# g\n教育\t5\n信息化\t2\n")
    d = _write(tmp_path / "domain.txt", "# d\n教育信息化\t3\n教育\t1\n")
    lex = Lexicon.load([g, d])
    assert lex.sources_order == ("general", "domain")
    assert lex.freq("教育") == 6 and lex.source("教育信息化") == "domain"
    monkeypatch.setenv("DOCFIX_LEXICON_DIR", str(tmp_path))
    lex2 = Lexicon.load()
    assert len(lex2) == 3 and lex2.freq("教育") == 6
    monkeypatch.setenv("DOCFIX_LEXICON_DIR", str(tmp_path / "none"))
    with pytest.raises(FileNotFoundError):
        Lexicon.load()


# --------------------------------------------------------------------------- shipped lexicons


def _data_lines(path: Path):
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            yield line


@pytest.mark.parametrize("path,minimum", [(GENERAL, 300_000), (DOMAIN, 20_000)])
def test_shipped_files_format(path: Path, minimum: int) -> None:
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    header = [x for x in lines if x.startswith("#")]
    assert header and all(x.startswith("# ") for x in header)
    assert lines[: len(header)] == header  # header first
    assert any("licen" in x.lower() for x in header)
    words = read_lexicon_file(path)
    assert len(words) >= minimum
    assert len(words) == len(lines) - len(header)  # one entry per line, no repeats
    han = set(chr(c) for c in range(0x3400, 0x4DC0)) | set(chr(c) for c in range(0x4E00, 0xA000))
    assert all(set(w) <= han for w in words)
    assert all(f > 0 for f in words.values())


def test_domain_header_describes_method() -> None:
    header = "\n".join(x for x in DOMAIN.read_text(encoding="utf-8").splitlines() if x.startswith("#"))
    for needle in ("gwr_national.txt", "laws.txt", "TRAIN", "PMI", "entropy", "Article 5"):
        assert needle in header


def test_real_lexicon() -> None:
    lex = Lexicon.load([GENERAL, DOMAIN])
    assert len(lex) > 300_000 and lex.max_len >= 8
    for w in ("立德树人", "信息化", "产教融合", "高质量发展", "乡村振兴", "双减", "新质生产力"):
        assert w in lex, w
        assert lex.freq(w) > 0
    assert lex.source("立德树人") == "domain"
    assert "general" in lex.sources("信息化")
    assert lex.has_prefix("立德树")
    assert "立德树人" in lex.words_with_prefix("立德")
    assert "信息化" in lex.words_with_suffix("息化")
    text = "推进教育信息化建设"
    cover = lex.words_covering(text, text.index("信"))
    assert (4, 7, "信息化") in cover and (4, 6, "信息") in cover
    assert all(a <= 4 < b and text[a:b] == w for a, b, w in cover)


def test_default_lexicon_cached() -> None:
    assert default_lexicon() is default_lexicon()
    assert "立德树人" in default_lexicon()


def test_domain_terms_file() -> None:
    cov = _load_script("lexicon_coverage")
    terms = cov.read_terms(TERMS)
    assert len(terms) >= 100
    seeds = [p for p in sorted((ROOT / "seeds").glob("*.txt")) if not p.name.startswith("001_")]
    text = "\n".join(p.read_text(encoding="utf-8") for p in seeds)
    assert all(t in text for t in terms)  # every term was read from a clean seed


def test_coverage_of_domain_terms() -> None:
    cov = _load_script("lexicon_coverage")
    lex = Lexicon.load([GENERAL, DOMAIN])
    res = cov.coverage(cov.read_terms(TERMS), lex)
    assert res["either"] >= MEASURED_EITHER - MARGIN
    assert res["either"] >= max(res["general"], res["domain"])  # type: ignore[type-var]
    assert res["domain"] > res["general"]  # type: ignore[operator]


# --------------------------------------------------------------------------- miner core


def test_ngram_counting_matches_brute_force() -> None:
    np = pytest.importorskip("numpy")
    build = _load_script("build_lexicons")
    rng = random.Random(3)
    alphabet = "教育信息化建设立德"
    text = "".join(rng.choice(alphabet + "，2") for _ in range(3000))
    ids, kept = build.encode(text, 1)
    assert len(ids) == len(text)
    weight = np.ones(len(text))
    numeric = np.zeros(0x10000, dtype=bool)
    numeric[build.DIGIT] = True
    out = build.ngram_stats(ids, weight, numeric, 1, 1.0)
    # brute force: n-grams inside Han runs, right neighbours (boundary = distinct, digit = one symbol)
    counts: Counter = Counter()
    right: dict = defaultdict(Counter)
    for i in range(len(text)):
        for n in range(1, build.N_MAX + 1):
            g = text[i:i + n]
            if len(g) < n or any(c not in alphabet for c in g):
                break
            counts[g] += 1
            nxt = text[i + n] if i + n < len(text) else None
            key = nxt if nxt is not None and (nxt in alphabet or nxt == "2") else ("B", i)
            right[g][key] += 1
    seen = 0
    for spos, n, raw, wc, ent, num in out:
        for p, r, e, m in zip(spos.tolist(), raw.tolist(), ent.tolist(), num.tolist()):
            g = text[p:p + n]
            assert counts[g] == r, g
            tot = sum(right[g].values())
            h = -sum(c / tot * math.log(c / tot) for c in right[g].values())
            assert abs(h - e) < 1e-9, g
            assert abs(m - right[g].get("2", 0) / tot) < 1e-9
            seen += 1
    assert seen == len(counts)


def test_a_lexicon_folder_loads_its_word_lists_only():
    # the shipped folder also holds the rules' data (OCR confusions, register
    # pairs), which are not word lists: a folder loads like the default
    from docfix.resources import OTHER_LEXICON_DATA, lexicon_files, lexicon_paths

    root = Path(__file__).resolve().parent.parent / "lexicons"
    files = lexicon_files(root)
    assert files[:2] == [root / "general.txt", root / "domain.txt"]
    assert not any(p.name in OTHER_LEXICON_DATA for p in files)
    assert [p.resolve() for p in files] == [p.resolve() for p in lexicon_paths()]

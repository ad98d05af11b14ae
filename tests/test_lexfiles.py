"""The lexicons' binary cache (docfix.lexfiles) and the lexicon built from it on demand."""
from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import List

import pytest

from docfix import lexfiles
from docfix.lexfiles import read_sources
from docfix.lexicon import Lexicon
from docfix.resources import lexicon_paths

GENERAL = "# general\n教育\t50\n信息\t40\n信息化\t20\n化\t9\n建设\t30\n教学\t5\n双\t1\n"
DOMAIN = "# domain\n教育信息化\t3\n立德树人\t7\n教育\t4\n集团化办学\t2\n双减\t8\n减负\t0\n"
PROBES = ["教育", "信息", "信息化", "化", "建设", "教学", "双", "教育信息化", "立德树人", "集团化办学", "双减",
          "减负", "息化", "不在", "教育局", "", "x"]


@pytest.fixture
def files(tmp_path: Path, monkeypatch) -> List[Path]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    (tmp_path / "general.txt").write_text(GENERAL, encoding="utf-8")
    (tmp_path / "domain.txt").write_text(DOMAIN, encoding="utf-8")
    return [tmp_path / "general.txt", tmp_path / "domain.txt"]


def _same(a: Lexicon, b: Lexicon, probes: List[str]) -> None:
    """Every lookup of ``a`` answers as ``b``'s."""
    for w in probes:
        assert (w in a) == (w in b), w
        assert a.freq(w) == b.freq(w), w
        assert a.source(w) == b.source(w) and a.sources(w) == b.sources(w), w
        assert [a.freq(w, s) for s in a.sources_order] == [b.freq(w, s) for s in b.sources_order], w
    assert (len(a), a.max_len, a.total, a.sources_order, repr(a)) == (len(b), b.max_len, b.total, b.sources_order, repr(b))


def _whole(a: Lexicon, b: Lexicon) -> None:
    """The lookups that need every word, and the word order."""
    assert list(a) == list(b) and a.words("domain") == b.words("domain")
    assert a.words_with_prefix("教") == b.words_with_prefix("教")
    assert a.words_with_suffix("化") == b.words_with_suffix("化")
    assert a.words_covering("推进教育信息化建设", 4) == b.words_covering("推进教育信息化建设", 4)


def test_a_cache_hit_gives_the_lexicon_a_parse_gives(files):
    parsed = Lexicon(read_sources(files))
    first = Lexicon.load(files)  # parses, writes the cache
    assert lexfiles.cache_file(files).is_file()
    cached = Lexicon.load(files)
    assert cached._packed is not None and first._packed is None
    assert "立" in cached._pending  # nothing asked for the words of 立 yet ...
    assert cached.freq("立德树人") == 7 and "立" not in cached._pending and "集" in cached._pending  # ... then
    _same(cached, parsed, PROBES)
    _whole(cached, parsed)
    _whole(Lexicon.load(files), first)  # the whole word list first, lookups after
    _same(Lexicon.load(files), parsed, PROBES)


def test_a_cache_hit_answers_every_lookup_on_the_shipped_lexicons(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    paths = lexicon_paths()
    parsed = Lexicon.load(paths)
    cached = Lexicon.load(paths)
    assert cached._packed is not None
    words = list(parsed)
    probes = words[::97] + [w + "的" for w in words[::991]] + ["不在词典里", "A", "的"]
    _same(cached, parsed, probes)
    assert list(cached) == words


def test_a_cached_lexicon_builds_every_word_once_enough_first_characters_were_asked_for(files, monkeypatch):
    import docfix.lexicon as L

    monkeypatch.setattr(L, "_COMPLETE_AFTER", 3)
    parsed = Lexicon(read_sources(files))
    Lexicon.load(files)
    lex = Lexicon.load(files)
    assert lex.freq("教育") == 54 and lex.freq("信息化") == 20 and len(lex._pending) > 0
    assert "双减" in lex and lex._pending == {} and len(lex._freq) == len(parsed)  # the third: all of them
    _same(lex, parsed, PROBES)
    _whole(lex, parsed)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "one byte", "empty", "other format"])
def test_a_damaged_cache_falls_back_to_parsing(files, damage):
    parsed = Lexicon(read_sources(files))
    Lexicon.load(files)
    cache = lexfiles.cache_file(files)
    data = cache.read_bytes()
    bad = {"garbage": os.urandom(len(data)), "truncated": data[: len(data) // 2],
           "one byte": data[:-20] + bytes([data[-20] ^ 1]) + data[-19:], "empty": b"",
           "other format": data.replace(lexfiles.MAGIC, b"docfix-lexicon-cache 0\n", 1)}[damage]
    cache.write_bytes(bad)
    lex = Lexicon.load(files)
    assert lex._packed is None  # parsed
    _same(lex, parsed, PROBES)
    assert cache.read_bytes() == data  # and the cache written again
    assert Lexicon.load(files)._packed is not None


def test_a_changed_file_is_parsed_again(files):
    Lexicon.load(files)
    files[1].write_text(DOMAIN + "新词\t5\n", encoding="utf-8")
    lex = Lexicon.load(files)
    assert lex._packed is None and lex.freq("新词") == 5
    assert Lexicon.load(files).freq("新词") == 5


def test_an_unwritable_cache_folder_still_loads(files, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # docfix/ cannot be made under a file
    parsed = Lexicon(read_sources(files))
    for _ in range(2):
        lex = Lexicon.load(files)
        assert lex._packed is None
        _same(lex, parsed, PROBES)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_frequencies_beyond_64_bits_are_not_cached(files):
    files[0].write_text(GENERAL + f"巨\t{1 << 70}\n", encoding="utf-8")
    assert lexfiles.pack(read_sources(files)) is None
    assert Lexicon.load(files).freq("巨") == 1 << 70
    assert not lexfiles.cache_file(files).exists()
    assert Lexicon.load(files).freq("巨") == 1 << 70


def test_threads_filling_a_cached_lexicon_agree(files):
    parsed = Lexicon(read_sources(files))
    Lexicon.load(files)
    for _ in range(20):
        lex = Lexicon.load(files)
        got: List[List[int]] = []

        def look() -> None:
            got.append([lex.freq(w) for w in PROBES * 5])

        threads = [threading.Thread(target=look) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert got == [[parsed.freq(w) for w in PROBES * 5]] * 4

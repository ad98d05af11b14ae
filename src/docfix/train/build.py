"""Train a character n-gram model and its character statistics (:func:`train`)."""
from __future__ import annotations

import datetime as _dt
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Sequence

from ..split import NEVER_TRAIN, split_lines
from ..wordscore import WORDS_SUFFIX
from .stream import canonical_sentences, noop, perplexity, prune_for, rel_path, sha256, weight_of
from .tools import Log, PathLike, TrainError, build_kenlm, find_kenlm_bin, shown_command

__all__ = ["train"]


def _train_words(
    text_path: Path,
    words_klm: Path,
    tdir: Path,
    bindir: Path,
    say: Log,
    *,
    order: int,
    prune: Sequence[int],
    quantize: Optional[int],
    memory: str,
    lexicon: Optional[Sequence[PathLike]],
) -> Dict[str, Any]:
    """Segment the canonical training stream into words and train a word
    n-gram model on it (``words_klm``); returns its build record."""
    from ..lexicon import Lexicon
    from ..wordscore import WordScorer

    t0 = time.perf_counter()
    lex = Lexicon.load(lexicon)
    scorer = WordScorer(lex.freq, words=lex)
    words_path = tdir / "words.txt"
    n_words = 0
    with open(text_path, encoding="utf-8") as fin, open(words_path, "w", encoding="utf-8") as fout:
        for line in fin:
            ws = scorer.segment(line.rstrip("\n").replace(" ", ""))
            n_words += len(ws)
            fout.write(" ".join(ws) + "\n")
    t_seg = time.perf_counter() - t0
    say(f"word stream: {n_words:,} words ({t_seg:.0f}s)")
    arpa = tdir / "words.arpa"
    tmp = words_klm.with_name(words_klm.name + ".tmp")
    lmplz_cmd, bb_cmd, t_lmplz, t_bb, ngrams = build_kenlm(
        words_path, arpa, tmp, tdir, bindir, say, order=order, prune=prune, quantize=quantize, memory=memory,
        what=" (words)",
    )
    os.replace(tmp, words_klm)

    return {
        "model": words_klm.name,
        "segmentation": "docfix.wordscore.WordScorer.segment over the lexicons: " + ", ".join(lex.sources_order),
        "lexicon_words": len(lex),
        "order": order,
        "prune": list(prune),
        "train_words": n_words,
        "ngrams": ngrams,
        "commands": [
            shown_command(c, {words_path: "WORDS.txt", arpa: "WORDS.arpa", tmp: words_klm.name, tdir: "TMP"})
            for c in (lmplz_cmd, bb_cmd)
        ],
        "size_bytes": words_klm.stat().st_size,
        "build_seconds": {"segment": round(t_seg, 1), "lmplz": round(t_lmplz, 1), "build_binary": round(t_bb, 1)},
    }


def train(
    corpus_paths: Sequence[PathLike],
    output: PathLike,
    *,
    order: int = 6,
    prune: Optional[Sequence[int]] = (0, 0, 1, 1, 1, 1),
    weights: Optional[Mapping[Any, int]] = None,
    quantize: Optional[int] = 8,
    tmp_dir: Optional[PathLike] = None,
    kenlm_bin: Optional[PathLike] = None,
    log: Optional[Log] = None,
    memory: str = "20%",
    evaluate: bool = True,
    min_bigram: int = 2,
    words: bool = False,
    word_order: int = 4,
    word_prune: Optional[Sequence[int]] = (0, 0, 1, 1),
    lexicon: Optional[Sequence[PathLike]] = None,
) -> Dict[str, Any]:
    """Train a character n-gram model and its character statistics.

    Parameters
    ----------
    corpus_paths
        UTF-8 text files, one paragraph per line. Only their training lines
        (:func:`docfix.split.split_lines`) are used.
    output
        Path stem, e.g. ``models/default``; writes ``output.klm``,
        ``output.npz`` and ``output.json`` (a trailing ``.klm`` is stripped).
    order
        n-gram order (KenLM's tools here are built for at most 6).
    prune
        Count thresholds per order for ``lmplz --prune`` (first must be 0);
        truncated to ``order``; ``None`` or empty for no pruning.
    weights
        Repeat count per source (key: path as given, its name or its stem),
        to up-weight a source; default 1.
    quantize
        Bits for probabilities and backoffs in the trie (``build_binary -q -b``);
        ``None`` or 0 for an unquantised trie.
    tmp_dir
        Folder for the temporary sentence and ARPA files (default: system temp).
    kenlm_bin
        Folder of ``lmplz`` / ``build_binary`` (default: see :func:`find_kenlm_bin`).
    log
        Called with progress messages.
    memory
        ``lmplz -S`` memory budget.
    evaluate
        Compute held-out perplexity on each source's held-out lines.
    min_bigram
        Minimum count for a bigram to be kept in ``output.npz``.
    words
        Also train the word model ``output.words.klm``: the same sentences,
        segmented into words over the lexicons
        (:meth:`docfix.wordscore.WordScorer.segment`).
    word_order, word_prune
        Order and ``lmplz --prune`` thresholds of the word model.
    lexicon
        Lexicon files of the segmentation (default: the shipped ones). The
        engine segments with the lexicons it loads, so they must be the same.

    Returns
    -------
    dict
        The metadata also written to ``output.json``.

    Raises
    ------
    TrainError
        Missing corpus file, no training text, missing KenLM tools or a tool failure.
    ValueError
        Invalid ``order``, ``prune``, ``weights`` or ``quantize``.
    """
    from ..charstats import count_chars

    say: Log = log or noop
    t_start = time.perf_counter()
    if not 1 <= int(order) <= 6:
        raise ValueError(f"order must be between 1 and 6, got {order}")
    order = int(order)
    prune_t = prune_for(order, prune)
    if not any(prune_t):
        prune_t = ()
    if quantize and not 2 <= int(quantize) <= 25:
        raise ValueError(f"quantize must be 2..25 bits (or 0 for none), got {quantize}")
    if weights:
        for k, v in weights.items():
            if int(v) < 1:
                raise ValueError(f"weight of {k} must be a positive integer, got {v}")
    paths = [Path(p) for p in corpus_paths]
    if not paths:
        raise TrainError("no corpus files given")
    for p in paths:
        if not p.is_file():
            raise TrainError(f"corpus file not found: {p}")
    if weights:
        known = set()
        for p in paths:
            known |= {str(p), str(p.resolve()), p.name, p.stem}
        unknown = [k for k in weights if str(k) not in known and str(Path(str(k)).resolve()) not in known]
        if unknown:
            raise ValueError(f"weight given for a file that is not a corpus: {', '.join(map(str, unknown))}")
    bindir = find_kenlm_bin(kenlm_bin)

    out = Path(output)
    if out.suffix == ".klm":
        out = out.with_suffix("")
    out.parent.mkdir(parents=True, exist_ok=True)
    klm, npz, meta_path = (out.with_name(out.name + ext) for ext in (".klm", ".npz", ".json"))
    words_klm = out.with_name(out.name + WORDS_SUFFIX)
    word_prune_t = prune_for(int(word_order), word_prune) if words else ()

    sources: List[Dict[str, Any]] = []
    heldout: Dict[str, List[str]] = {}
    with tempfile.TemporaryDirectory(prefix="docfix-train-", dir=tmp_dir) as td:
        tdir = Path(td)
        text_path = tdir / "train.txt"
        n_sent_total = 0
        n_tok_total = 0
        with open(text_path, "w", encoding="utf-8") as fout:
            for p in paths:
                train_lines, held_lines = split_lines(p)
                w = weight_of(p, weights)
                sents = list(canonical_sentences(train_lines))
                n_tok = sum(s.count(" ") + 1 for s in sents)
                if p.stem in NEVER_TRAIN:
                    say(f"{p.name}: evaluation-only file, not trained on")
                elif not sents:
                    say(f"{p.name}: no training lines")
                block = "".join(s + "\n" for s in sents)
                for _ in range(w):
                    fout.write(block)
                n_sent_total += len(sents) * w
                n_tok_total += n_tok * w
                if held_lines and p.stem not in NEVER_TRAIN:
                    heldout[p.name] = held_lines
                sources.append(
                    {
                        "name": p.name,
                        "path": rel_path(p),
                        "sha256": sha256(p),
                        "train_lines": len(train_lines),
                        "heldout_lines": len(held_lines),
                        "train_sentences": len(sents),
                        "train_tokens": n_tok,
                        "train_han": sum(
                            1 for line in train_lines for c in line if "\u4e00" <= c <= "\u9fff"
                        ),
                        "weight": w,
                    }
                )
                say(f"{p.name}: {len(train_lines):,} train lines, {n_tok:,} tokens" + (f" x{w}" if w > 1 else ""))
        if n_sent_total == 0:
            raise TrainError("no training text: every corpus file is empty or evaluation-only")
        say(f"training stream: {n_sent_total:,} sentences, {n_tok_total:,} tokens")

        arpa = tdir / "model.arpa"
        tmp_klm = klm.with_name(klm.name + ".tmp")
        lmplz_cmd, bb_cmd, t_lmplz, t_bb, ngrams = build_kenlm(
            text_path, arpa, tmp_klm, tdir, bindir, say, order=order, prune=prune_t, quantize=quantize, memory=memory
        )

        say("counting characters for the bigram table")
        t0 = time.perf_counter()
        with open(text_path, encoding="utf-8") as fin:
            stats = count_chars((line.rstrip("\n") for line in fin), min_bigram=min_bigram)
        tmp_npz = npz.with_name(npz.name + ".tmp.npz")
        stats.save(tmp_npz)
        t_stats = time.perf_counter() - t0
        words_meta: Optional[Dict[str, Any]] = None
        if words:
            words_meta = _train_words(
                text_path, words_klm, tdir, bindir, say,
                order=int(word_order), prune=word_prune_t, quantize=quantize, memory=memory, lexicon=lexicon,
            )
        os.replace(tmp_klm, klm)
        os.replace(tmp_npz, npz)

    import kenlm

    t0 = time.perf_counter()
    model = kenlm.Model(str(klm))
    load_s = time.perf_counter() - t0
    ppl: Dict[str, float] = {}
    if evaluate and heldout:
        say("held-out perplexity")
        for name, held in heldout.items():
            try:
                ppl[name] = round(perplexity(model, held), 3)
            except ValueError:
                continue
            say(f"  {name}: {ppl[name]:.2f}")
        try:
            ppl["all"] = round(perplexity(model, (l for h in heldout.values() for l in h)), 3)
        except ValueError:
            pass

    meta: Dict[str, Any] = {
        "model": klm.name,
        "charstats": npz.name,
        "created": _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat(),
        "canonical_form": "docfix.canon.training_line (one token per character)",
        "split": "docfix.split: training lines only",
        "sources": sources,
        "weights": {s["name"]: s["weight"] for s in sources if s["weight"] != 1},
        "order": order,
        "prune": list(prune_t),
        "quantize": int(quantize) if quantize else None,
        "ngrams": ngrams,
        "train_sentences": n_sent_total,
        "train_tokens": n_tok_total,
        "vocab_size": int(len(stats.chars)),
        "npz_bigrams": int(len(stats.bigram_n)),
        "commands": [
            shown_command(c, {text_path: "TRAIN.txt", arpa: "MODEL.arpa", tmp_klm: klm.name, tdir: "TMP"})
            for c in (lmplz_cmd, bb_cmd)
        ],
        "size_bytes": {"klm": klm.stat().st_size, "npz": npz.stat().st_size},
        "load_seconds": round(load_s, 3),
        "build_seconds": {
            "lmplz": round(t_lmplz, 1),
            "build_binary": round(t_bb, 1),
            "charstats": round(t_stats, 1),
            "total": round(time.perf_counter() - t_start, 1),
        },
        "heldout_perplexity": ppl,
    }
    if words_meta is not None:
        meta["words"] = words_meta
    tmp_meta = meta_path.with_name(meta_path.name + ".tmp")
    tmp_meta.write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp_meta, meta_path)
    return meta

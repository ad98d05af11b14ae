"""Build docfix's character language model (``docfix train``).

A model is three files with one stem, all built from one token stream:

* ``NAME.klm``  — KenLM binary (trie, optionally quantised) of an n-gram model
  over canonical character tokens (:func:`docfix.canon.training_line`);
* ``NAME.npz``  — unigram/bigram counts of the same stream
  (:class:`docfix.charstats.CharStats`);
* ``NAME.json`` — how it was built: sources with line and token counts and
  checksums, order, pruning, weights, quantisation, the exact ``lmplz`` and
  ``build_binary`` commands, sizes and held-out perplexity.

Only the *training* lines of each source are used (:func:`docfix.split.split_lines`);
held-out lines are used for evaluation only, and evaluation-only files (seed 001)
contribute nothing. A source can be up-weighted by repeating its sentences
``weights[path]`` times in the stream.

KenLM's ``lmplz`` and ``build_binary`` are looked up in ``$DOCFIX_KENLM_BIN``,
then ``<repo>/tools/kenlm/bin`` (built by ``bash scripts/build_kenlm_tools.sh``),
then ``$PATH``.

>>> _parse_weight("gwr_national.txt=3")
('gwr_national.txt', 3)
>>> _prune_for(4, (0, 0, 1, 1, 1, 1))
(0, 0, 1, 1)
"""
from __future__ import annotations

import argparse
import datetime as _dt
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import (
    Any,
    Callable,
    Dict,
    Iterable,
    Iterator,
    List,
    Mapping,
    Optional,
    Sequence,
    Tuple,
    Union,
)

from .canon import training_line
from .split import NEVER_TRAIN, split_lines
from .wordscore import WORDS_SUFFIX

__all__ = [
    "TrainError",
    "train",
    "perplexity",
    "find_kenlm_bin",
    "add_arguments",
    "run",
    "main",
]

PathLike = Union[str, "os.PathLike[str]"]
Log = Callable[[str], None]

_REPO = Path(__file__).resolve().parent.parent.parent  # src/docfix -> repo root
_TOOLS = ("lmplz", "build_binary")
_BUILD_HINT = "run `bash scripts/build_kenlm_tools.sh` (builds them into tools/kenlm/bin/)"


class TrainError(RuntimeError):
    """A model could not be built (missing input, missing tools, tool failure)."""


# --------------------------------------------------------------------------- tools


def find_kenlm_bin(kenlm_bin: Optional[PathLike] = None) -> Path:
    """Return the folder that holds ``lmplz`` and ``build_binary``.

    Parameters
    ----------
    kenlm_bin
        Explicit folder; when given, it is the only place searched.

    Returns
    -------
    pathlib.Path
        Folder containing both executables.

    Raises
    ------
    TrainError
        When the tools are found nowhere; the message says how to build them.
    """

    def ok(d: Path) -> bool:
        return all(os.access(d / t, os.X_OK) and (d / t).is_file() for t in _TOOLS)

    if kenlm_bin is not None:
        d = Path(kenlm_bin)
        if ok(d):
            return d
        raise TrainError(f"lmplz/build_binary not found in {d}; {_BUILD_HINT}")
    candidates: List[Path] = []
    env = os.environ.get("DOCFIX_KENLM_BIN")
    if env:
        candidates.append(Path(env))
    candidates.append(_REPO / "tools" / "kenlm" / "bin")
    for d in candidates:
        if ok(d):
            return d
    found = [shutil.which(t) for t in _TOOLS]
    if all(found):
        d = Path(found[0]).parent  # type: ignore[arg-type]
        if ok(d):
            return d
    where = ", ".join(str(d) for d in candidates) + ", $PATH"
    raise TrainError(f"KenLM tools lmplz/build_binary not found (looked in {where}); {_BUILD_HINT}")


# --------------------------------------------------------------------------- helpers


def _noop(_msg: str) -> None:
    pass


def _parse_weight(spec: str) -> Tuple[str, int]:
    """Parse ``FILE=K`` (K a positive integer repeat count)."""
    name, sep, k = spec.rpartition("=")
    if not sep or not name:
        raise ValueError(f"weight {spec!r} is not FILE=K")
    try:
        n = int(k)
    except ValueError:
        raise ValueError(f"weight {spec!r}: K must be a positive integer") from None
    if n < 1:
        raise ValueError(f"weight {spec!r}: K must be a positive integer")
    return name, n


def _prune_for(order: int, prune: Optional[Sequence[int]]) -> Tuple[int, ...]:
    """Pruning thresholds for ``order``: truncated to ``order`` entries."""
    if not prune:
        return ()
    p = tuple(int(x) for x in prune)[:order]
    if p[0] != 0:
        raise ValueError("unigram pruning is not supported: the first --prune value must be 0")
    if any(b < a for a, b in zip(p, p[1:])):
        raise ValueError(f"--prune thresholds must be non-decreasing, got {list(p)}")
    return p


def _weight_of(path: Path, weights: Optional[Mapping[Any, int]]) -> int:
    """Repeat count for ``path``: matched by the path as given, resolved path, name or stem."""
    if not weights:
        return 1
    keys = {str(path), str(path.resolve()), path.name, path.stem}
    for k, v in weights.items():
        ks = str(k)
        if ks in keys or str(Path(ks).resolve()) == str(path.resolve()):
            return int(v)
    return 1


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _canonical(lines: Iterable[str]) -> Iterator[str]:
    for line in lines:
        yield from training_line(line)


def _run(cmd: List[str], log: Log, what: str) -> float:
    """Run a KenLM tool; raise :class:`TrainError` with its stderr tail on failure."""
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    dt = time.perf_counter() - t0
    if proc.returncode != 0:
        tail = " | ".join((proc.stderr or "").strip().splitlines()[-3:])
        raise TrainError(f"{what} failed (exit {proc.returncode}): {tail}")
    log(f"{what} done in {dt:.1f}s")
    return dt


def _arpa_counts(arpa: Path) -> Dict[str, int]:
    """n-gram counts from the ``\\data\\`` header of an ARPA file."""
    counts: Dict[str, int] = {}
    with open(arpa, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line.startswith("ngram "):
                k, _, v = line[6:].partition("=")
                counts[k.strip()] = int(v)
            elif line.startswith("\\1-grams"):
                break
    return counts


def _rel(path: Path) -> str:
    """``path`` relative to the repository root (portable metadata)."""
    try:
        return os.path.relpath(path.resolve(), _REPO)
    except ValueError:  # another drive (Windows)
        return str(path)


# --------------------------------------------------------------------------- scoring


def perplexity(
    model_path: Union[PathLike, Any],
    lines: Iterable[str],
    *,
    canonical: bool = False,
) -> float:
    """Per-token perplexity of a model on text, counting ``</s>`` as a token.

    Parameters
    ----------
    model_path
        Path of a KenLM model (``.klm`` or ARPA), or an already loaded
        ``kenlm.Model``.
    lines
        Raw text lines, folded with :func:`docfix.canon.training_line`; or,
        with ``canonical=True``, space-separated token sentences as written
        for ``lmplz``.
    canonical
        Whether ``lines`` are already canonical sentences.

    Returns
    -------
    float
        ``10 ** (-sum(log10 p) / n_tokens)`` over all sentences.

    Raises
    ------
    ValueError
        When ``lines`` hold no tokens.
    """
    import kenlm

    model = model_path if hasattr(model_path, "score") else kenlm.Model(str(model_path))
    sents = lines if canonical else _canonical(lines)
    total = 0.0
    n = 0
    for s in sents:
        s = s.strip()
        if not s:
            continue
        total += model.score(s, bos=True, eos=True)
        n += s.count(" ") + 2  # tokens + </s>
    if n == 0:
        raise ValueError("no text to compute perplexity on")
    return float(10.0 ** (-total / n))


# --------------------------------------------------------------------------- training


def _shown(cmd: List[str], placeholders: Mapping[Path, str]) -> str:
    """A command as recorded in the build record: the tool's name without its
    folder, temporary paths replaced by placeholders (in the given order)."""
    args = cmd[1:]
    for path, name in placeholders.items():
        args = [a.replace(str(path), name) for a in args]
    return " ".join([Path(cmd[0]).name, *args])


def _build_kenlm(
    text: Path,
    arpa: Path,
    out: Path,
    tdir: Path,
    bindir: Path,
    say: Log,
    *,
    order: int,
    prune: Sequence[int],
    quantize: Optional[int],
    memory: str,
    what: str = "",
) -> Tuple[List[str], List[str], float, float, Dict[str, int]]:
    """``lmplz`` on ``text`` (one sentence of space-separated tokens per
    line) into ``arpa``, then ``build_binary`` into the trie ``out``; the
    ARPA file is removed. Returns both commands, their times and the n-gram
    counts."""
    lmplz_cmd = [str(bindir / "lmplz"), "-o", str(order)]
    if any(prune):
        lmplz_cmd += ["--prune", *map(str, prune)]
    lmplz_cmd += ["-S", memory, "-T", str(tdir), "--discount_fallback", "--text", str(text), "--arpa", str(arpa)]
    say("running " + " ".join(["lmplz", *lmplz_cmd[1:]]))
    t_lmplz = _run(lmplz_cmd, say, "lmplz" + what)
    ngrams = _arpa_counts(arpa)
    bb_cmd = [str(bindir / "build_binary"), "-T", str(tdir)]
    if quantize:
        bb_cmd += ["-a", "22", "-q", str(int(quantize)), "-b", str(int(quantize))]
    bb_cmd += ["trie", str(arpa), str(out)]
    say("running " + " ".join(["build_binary", *bb_cmd[1:]]))
    t_bb = _run(bb_cmd, say, "build_binary" + what)
    arpa.unlink()
    return lmplz_cmd, bb_cmd, t_lmplz, t_bb, ngrams


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
    from .lexicon import Lexicon
    from .wordscore import WordScorer

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
    lmplz_cmd, bb_cmd, t_lmplz, t_bb, ngrams = _build_kenlm(
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
            _shown(c, {words_path: "WORDS.txt", arpa: "WORDS.arpa", tmp: words_klm.name, tdir: "TMP"})
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
    from .charstats import count_chars

    say: Log = log or _noop
    t_start = time.perf_counter()
    if not 1 <= int(order) <= 6:
        raise ValueError(f"order must be between 1 and 6, got {order}")
    order = int(order)
    prune_t = _prune_for(order, prune)
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
    word_prune_t = _prune_for(int(word_order), word_prune) if words else ()

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
                w = _weight_of(p, weights)
                sents = list(_canonical(train_lines))
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
                        "path": _rel(p),
                        "sha256": _sha256(p),
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
        lmplz_cmd, bb_cmd, t_lmplz, t_bb, ngrams = _build_kenlm(
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
            _shown(c, {text_path: "TRAIN.txt", arpa: "MODEL.arpa", tmp_klm: klm.name, tdir: "TMP"})
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


# --------------------------------------------------------------------------- CLI


def add_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Add the ``docfix train`` options to ``parser``.

    Parameters
    ----------
    parser
        A parser (or sub-parser) to extend.

    Returns
    -------
    argparse.ArgumentParser
        The same parser.
    """
    parser.add_argument("corpus", nargs="+", metavar="CORPUS",
                        help="UTF-8 text files, one paragraph per line (training lines only are used)")
    parser.add_argument("-o", "--output", required=True, metavar="STEM",
                        help="output stem, e.g. models/NAME: writes NAME.klm, NAME.npz, NAME.json")
    parser.add_argument("--order", type=int, default=6, help="n-gram order, 1..6 (default 6)")
    parser.add_argument("--prune", type=int, nargs="+", default=[0, 0, 1, 1, 1, 1], metavar="N",
                        help="lmplz --prune thresholds per order (default 0 0 1 1 1 1); 0 alone for none")
    parser.add_argument("--weight", action="append", default=[], metavar="FILE=K",
                        help="repeat FILE's training sentences K times (repeatable)")
    parser.add_argument("--quantize", type=int, default=8, metavar="BITS",
                        help="trie quantisation bits (default 8; 0 for none)")
    parser.add_argument("--memory", default="20%", help="lmplz -S memory budget (default 20%%)")
    parser.add_argument("--tmp-dir", default=None, help="folder for temporary files")
    parser.add_argument("--kenlm-bin", default=None, help="folder of lmplz and build_binary")
    parser.add_argument("--no-eval", action="store_true", help="skip held-out perplexity")
    parser.add_argument("--words", action="store_true",
                        help="also train the word model NAME.words.klm (segmented over the lexicons)")
    parser.add_argument("--word-order", type=int, default=4, help="word model order (default 4)")
    parser.add_argument("--word-prune", type=int, nargs="+", default=[0, 0, 1, 1], metavar="N",
                        help="word model lmplz --prune thresholds (default 0 0 1 1)")
    return parser


def run(args: argparse.Namespace) -> int:
    """Run ``docfix train`` with parsed ``args``.

    Progress goes to stderr, a summary to stdout.

    Returns
    -------
    int
        0 on success; 1 on a training error, 2 on invalid options
        (a one-line message on stderr, no traceback).
    """

    def log(msg: str) -> None:
        print(f"docfix train: {msg}", file=sys.stderr, flush=True)

    try:
        weights = dict(_parse_weight(w) for w in (args.weight or []))
        meta = train(
            args.corpus,
            args.output,
            order=args.order,
            prune=args.prune,
            weights=weights or None,
            quantize=args.quantize or None,
            tmp_dir=args.tmp_dir,
            kenlm_bin=args.kenlm_bin,
            log=log,
            memory=args.memory,
            evaluate=not args.no_eval,
            words=args.words,
            word_order=args.word_order,
            word_prune=args.word_prune,
        )
    except ValueError as e:
        print(f"docfix train: error: {e}", file=sys.stderr)
        return 2
    except (TrainError, OSError) as e:
        print(f"docfix train: error: {e}", file=sys.stderr)
        return 1
    out = Path(args.output)
    if out.suffix == ".klm":
        out = out.with_suffix("")
    sz = meta["size_bytes"]
    print(f"model:   {out}.klm ({sz['klm'] / 1e6:.1f} MB), {out}.npz ({sz['npz'] / 1e6:.1f} MB), {out}.json")
    print(f"order {meta['order']}, prune {meta['prune'] or 'none'}, quantize {meta['quantize'] or 'none'}; "
          f"{meta['train_tokens']:,} training tokens; "
          + ", ".join(f"{k}-grams {v:,}" for k, v in meta["ngrams"].items()))
    ppl = meta["heldout_perplexity"]
    if ppl:
        print("held-out perplexity: " + ", ".join(f"{k} {v:.2f}" for k, v in ppl.items()))
    if "words" in meta:
        wm = meta["words"]
        print(f"word model: {out}{WORDS_SUFFIX} ({wm['size_bytes'] / 1e6:.1f} MB), order {wm['order']}, "
              f"{wm['train_words']:,} training words")
    print(f"load {meta['load_seconds']:.2f}s; built in {meta['build_seconds']['total']:.0f}s")
    return 0


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Entry point of ``python -m docfix.train``."""
    parser = argparse.ArgumentParser(
        prog="python -m docfix.train",
        description="Train docfix's character KenLM model and its character statistics.",
    )
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())

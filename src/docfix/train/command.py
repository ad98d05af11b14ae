"""``docfix train`` and ``python -m docfix.train``: options, run, summary."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Optional, Sequence

from ..wordscore import WORDS_SUFFIX
from .build import train
from .stream import parse_weight
from .tools import TrainError

__all__ = ["add_arguments", "run", "main"]


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
        weights = dict(parse_weight(w) for w in (args.weight or []))
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

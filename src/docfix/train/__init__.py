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

The package: :mod:`~docfix.train.tools` (the KenLM tools), :mod:`~docfix.train.stream`
(the training stream, options, perplexity), :mod:`~docfix.train.build`
(:func:`train`) and :mod:`~docfix.train.command` (``docfix train``,
``python -m docfix.train``).
"""
from __future__ import annotations

from .build import train
from .command import add_arguments, main, run
from .stream import perplexity
from .tools import TrainError, find_kenlm_bin

__all__ = [
    "TrainError",
    "train",
    "perplexity",
    "find_kenlm_bin",
    "add_arguments",
    "run",
    "main",
]

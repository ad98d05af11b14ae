"""Draw the model's vocabulary in one typeface, to ship (``models/shapes-*.npz``).

With these drawings docfix compares an unmapped PDF glyph with its candidate
characters by shape (:mod:`docfix.shapes`) on a machine with no CJK font
installed. Each row is the :func:`docfix.outlines.image` of one character,
scaled to its largest value and stored as int8 (about 1.6 MB a typeface).

    python -m docfix.train.shapes /usr/share/fonts/truetype/arphic/uming.ttc models/shapes-song.npz
"""
from __future__ import annotations

import argparse
import os
import sys
from typing import List, Optional, Sequence

import numpy as np

__all__ = ["build", "vocabulary", "main"]


def vocabulary(model: Optional[str] = None) -> List[str]:
    """The characters an unmapped glyph may be read as (the decipherment's vocabulary of the model)."""
    from ..decipher import _vocabulary
    from ..restore import Repairer

    screen = Repairer(model=model).screen
    chars = screen.stats.chars_list
    return [chars[int(i)] for i in _vocabulary(screen)]


def build(font: str, out: str, chars: Sequence[str]) -> int:
    """Draw ``chars`` in ``font`` and write them to ``out``; returns how many were drawn."""
    from ..outlines import DIM, FEATURES, ReferenceFont

    ref = ReferenceFont(font)
    drawn = [(c, ref.image(c)) for c in chars]
    drawn = [(c, v) for c, v in drawn if v is not None]
    images = np.array([v for _, v in drawn], dtype=np.float32).reshape(len(drawn), DIM)
    scale = np.maximum(np.abs(images).max(axis=1, keepdims=True), 1e-12)
    q = np.round(images / scale * 127).astype(np.int8)
    tmp = out + ".tmp"
    with open(tmp, "wb") as fh:
        np.savez_compressed(fh, chars=np.array("".join(c for c, _ in drawn)), images=q,
                            source=np.array(os.path.basename(font)), features=np.array(FEATURES))
    os.replace(tmp, out)
    return len(drawn)


def main(argv: Optional[Sequence[str]] = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m docfix.train.shapes", description=__doc__.split("\n")[0])
    ap.add_argument("font", help="a TrueType or OpenType CJK font (collections: the first face)")
    ap.add_argument("out", help="the .npz to write")
    ap.add_argument("--model", help="KenLM model whose vocabulary is drawn (default: the shipped model)")
    args = ap.parse_args(argv)
    chars = vocabulary(args.model)
    n = build(args.font, args.out, chars)
    print(f"{n} of {len(chars)} characters drawn from {args.font} into {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

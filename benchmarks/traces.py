"""Trace benchmark: text that real extractors print for PDFs whose font lost glyphs.

The benchmark lives in :mod:`docfix.lab.traces` (``docfix bench`` runs it as its
*unseen source* section); this script runs it alone, on the corpus folder next
to the checkout (``../shared/corpus``):

    python benchmarks/traces.py                 # 40 documents, ~2 min
    python benchmarks/traces.py --docs 10 --styles pdfminer fffd
    python benchmarks/traces.py --part tune     # the other half of the documents (for tuning)
    python benchmarks/traces.py --styles pdf pdfshape pdfsame --pdf-font /usr/share/fonts/truetype/arphic/uming.ttc
"""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from docfix.lab.traces import main  # noqa: E402

if __name__ == "__main__":
    raise SystemExit(main(corpus=ROOT.parent / "shared" / "corpus"))

#!/usr/bin/env bash
# A leave-one-source-out model: the shipped recipe (models/build.sh) without one corpus file, its
# word model and its calibration too, so that the benchmarks can measure that source as text docfix
# never saw (the shipped model leaves out policy_docs.txt already: docfix.split.NEVER_TRAIN).
#   bash scripts/build_loso.sh gwr_prov2026.txt            # -> models/loso-gwr_prov2026/default.*
#   python benchmarks/traces.py --source ../shared/corpus/gwr_prov2026.txt \
#       --model models/loso-gwr_prov2026/default.klm --styles silent fffd
# About 5 minutes on 2 cores; not committed (models/loso-*/ is ignored).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CORPUS="${DOCFIX_CORPUS:-$ROOT/../shared/corpus}"
LEAVE="${1:?usage: build_loso.sh CORPUS_FILE (e.g. gwr_prov2026.txt)}"
LEAVE="$(basename "$LEAVE")"
OUT="$ROOT/models/loso-${LEAVE%.txt}"
cd "$ROOT"
bash scripts/build_kenlm_tools.sh
[ -f "$CORPUS/$LEAVE" ] || { echo "no $LEAVE in $CORPUS" >&2; exit 1; }
KEEP="$(mktemp -d)"
trap 'rm -rf "$KEEP"' EXIT
for f in "$CORPUS"/*.txt; do  # the other sources, for training and for the calibration's documents
  [ "$(basename "$f")" = "$LEAVE" ] || ln -s "$f" "$KEEP/"
done
weights=()
for f in gwr_national.txt gwr_prov2026.txt; do  # the shipped recipe's weights, for the files kept
  [ "$f" = "$LEAVE" ] || weights+=(--weight "$f=2")
done
mkdir -p "$OUT"
PYTHONPATH="$ROOT/src${PYTHONPATH:+:$PYTHONPATH}" python -m docfix.train "$KEEP"/*.txt \
  seeds/000_*.txt seeds/002_*.txt seeds/003_*.txt seeds/004_*.txt \
  -o "$OUT/default" --order 6 --prune 0 0 0 1 2 2 "${weights[@]}" --quantize 8 --words
PYTHONPATH="$ROOT/src${PYTHONPATH:+:$PYTHONPATH}" python scripts/fit_calibration.py \
  --model "$OUT/default.klm" --corpus "$KEEP" --docs 60
echo "built $OUT/default.klm (without $LEAVE)"

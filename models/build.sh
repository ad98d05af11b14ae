#!/usr/bin/env bash
# Recipe of the shipped default model: models/default.{klm,npz,words.klm,json,calib.json}.
#   bash models/build.sh
# Corpus folder: $DOCFIX_CORPUS (default ../shared/corpus relative to the repository root).
# Uses only the training lines of every file (docfix.split); seed 001 is never trained on.
# About 4.5 min (with the word model and the calibration) and ~5 GB of memory (lmplz -S 20%) on 2 cores.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CORPUS="${DOCFIX_CORPUS:-$ROOT/../shared/corpus}"
cd "$ROOT"
bash scripts/build_kenlm_tools.sh
shopt -s nullglob
corpus=("$CORPUS"/*.txt)
if [ ${#corpus[@]} -eq 0 ]; then
  echo "no corpus files in $CORPUS (set DOCFIX_CORPUS)" >&2; exit 1
fi
PYTHONPATH="$ROOT/src${PYTHONPATH:+:$PYTHONPATH}" python -m docfix.train \
  "${corpus[@]}" \
  seeds/000_*.txt seeds/002_*.txt seeds/003_*.txt seeds/004_*.txt \
  -o models/default \
  --order 6 --prune 0 0 0 1 2 2 \
  --weight gwr_national.txt=2 --weight gwr_prov2026.txt=2 \
  --quantize 8 --words
# The engine's confidence calibration belongs to the model: refit it on
# synthetic damage of the held-out calibration lines (models/default.calib.json).
PYTHONPATH="$ROOT/src${PYTHONPATH:+:$PYTHONPATH}" python scripts/fit_calibration.py \
  --model models/default.klm --corpus "$CORPUS" --docs 60
# The vocabulary drawn in two typefaces, so that PDF glyphs can be compared by
# shape on machines without CJK fonts (docfix.shapes; ~1.3 MB each; needs the
# fonts: apt-get install fonts-arphic-uming fonts-wqy-microhei).
for pair in "song:/usr/share/fonts/truetype/arphic/uming.ttc" "hei:/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"; do
  if [ -f "${pair#*:}" ]; then
    PYTHONPATH="$ROOT/src${PYTHONPATH:+:$PYTHONPATH}" python -m docfix.train.shapes "${pair#*:}" "models/shapes-${pair%%:*}.npz"
  else
    echo "skipping models/shapes-${pair%%:*}.npz: ${pair#*:} not installed" >&2
  fi
done

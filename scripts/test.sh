#!/usr/bin/env bash
# The project's one test command: installs what the tests need, then runs them.
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip install -q -e ".[test]"
# Headless Chromium (and a CJK font) for the HTML review-report tests; they skip
# with a reason where it cannot be installed (not root, no apt-get).
if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  { apt-get install -y -q chromium fonts-wqy-microhei >/dev/null 2>&1 \
    || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q chromium fonts-wqy-microhei >/dev/null 2>&1; }; } \
    || echo "test.sh: chromium could not be installed; the HTML report tests will be skipped" >&2
fi
# A CJK TrueType font for the damaged-PDF tests (tests/pdfmake.py writes PDFs
# with it); they skip with a reason where it cannot be installed.
if ! fc-list 2>/dev/null | grep -qi "wqy\|noto.*cjk\|uming" && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "test.sh: installing fonts-wqy-microhei (a CJK font for the PDF tests)" >&2
  export DEBIAN_FRONTEND=noninteractive
  { apt-get install -y -q fonts-wqy-microhei >/dev/null 2>&1 \
    || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q fonts-wqy-microhei >/dev/null 2>&1; }; } \
    || echo "test.sh: fonts-wqy-microhei could not be installed; the PDF tests will be skipped" >&2
fi
bash scripts/build_kenlm_tools.sh
python -m pytest "$@"

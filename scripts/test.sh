#!/usr/bin/env bash
# The project's one test command: installs what the tests need, then runs them.
# It says what it installs and why as it goes, and skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { echo "test.sh: $*" >&2; }
apt_install() {  # apt_install WHY PACKAGE...: install with apt-get where we may (root), else say so
  local why="$1"; shift
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    say "cannot install $* (not root or no apt-get): $why will be skipped"; return 1
  fi
  say "installing $* with apt-get ($why; about a minute)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q "$@" >/dev/null 2>&1 \
    || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q "$@" >/dev/null 2>&1; } \
    || { say "could not install $*: $why will be skipped"; return 1; }
}
say "installing docfix and its test needs with pip (pip install -e '.[test]')"
python -m pip install -q -e ".[test]" 2>&1 | grep -v "Running pip as the 'root' user" >&2 || true
python -c "import docfix, pytest, hypothesis" || { say "pip install failed"; exit 1; }
# Headless Chromium for the HTML review-report tests (they skip with a reason without it).
if command -v chromium >/dev/null 2>&1; then
  say "chromium present (HTML report tests)"
else
  apt_install "the HTML review-report tests in a real browser" chromium fonts-wqy-microhei || true
fi
# A CJK TrueType font: docfix.lab.pdfmake (the tests' damaged-PDF maker) writes damaged PDFs with it.
if fc-list 2>/dev/null | grep -qi "wqy\|noto.*cjk\|uming"; then
  say "CJK font present (damaged-PDF tests)"
else
  apt_install "the damaged-PDF tests, which need a CJK font" fonts-wqy-microhei || true
fi
# LibreOffice Writer for the test of a PDF it writes (one-byte font subsets; skipped without it).
if command -v soffice >/dev/null 2>&1; then
  say "LibreOffice present (the LibreOffice-written PDF test)"
else
  apt_install "the test of a PDF LibreOffice writes" libreoffice-writer-nogui || true
fi
# KenLM's lmplz/build_binary for the training tests (no wheel ships them; built once from the sdist).
bash scripts/build_kenlm_tools.sh
say "running the tests: python -m pytest $*"
python -m pytest "$@"

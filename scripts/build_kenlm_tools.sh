#!/usr/bin/env bash
# Build KenLM's training tools (lmplz, build_binary, query) from the kenlm
# sdist on PyPI. No wheel ships them. Result: tools/kenlm/bin/{lmplz,build_binary,query}
# Needs: cmake, a C++ compiler, Boost (program_options, system, thread, test), zlib/bz2/lzma.
# Idempotent: does nothing when the tools are already built.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEST="${DOCFIX_KENLM_BIN:-$ROOT/tools/kenlm/bin}"
VERSION="0.3.0"
if [ -x "$DEST/lmplz" ] && [ -x "$DEST/build_binary" ]; then
  echo "test.sh: kenlm tools present in $DEST (training tests)" >&2; exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  need=""
  for p in cmake g++ libboost-program-options-dev libboost-system-dev libboost-thread-dev \
           libboost-test-dev zlib1g-dev libbz2-dev liblzma-dev; do
    dpkg -s "$p" >/dev/null 2>&1 || need="$need $p"
  done
  if [ -n "$need" ]; then
    echo "test.sh: installing$need with apt-get (to build KenLM's training tools; a few minutes)" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need >/dev/null
  fi
fi
echo "test.sh: building KenLM's lmplz and build_binary from the kenlm sdist (the training tests need them; about 2 minutes, once)" >&2
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
# pip fetches the sdist (it prepares its metadata in an isolated build env; we only need the file).
python -m pip download --no-deps --no-binary kenlm "kenlm==$VERSION" -d . >/dev/null 2>&1 || true
test -f "kenlm-$VERSION.tar.gz" || { echo "could not download kenlm-$VERSION.tar.gz" >&2; exit 1; }
tar xzf "kenlm-$VERSION.tar.gz"
mkdir -p "kenlm-$VERSION/build" && cd "kenlm-$VERSION/build"
cmake .. -DCMAKE_BUILD_TYPE=Release -DKENLM_MAX_ORDER=6 >build.log 2>&1 || { tail -30 build.log >&2; exit 1; }
make -j"$(nproc)" lmplz build_binary query >>build.log 2>&1 || { tail -30 build.log >&2; exit 1; }
mkdir -p "$DEST"
cp bin/lmplz bin/build_binary bin/query "$DEST/"
echo "test.sh: built kenlm tools into $DEST" >&2

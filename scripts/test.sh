#!/usr/bin/env bash
# The project's one test command: installs what the tests need, then runs them.
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip install -q -e ".[test]"
bash scripts/build_kenlm_tools.sh
python -m pytest "$@"

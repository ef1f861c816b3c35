#!/usr/bin/env bash
# The test command: installs if needed, then runs the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c "import pipelines, pytest" 2>/dev/null; then
  PYTHON="${PYTHON:-python3}"
  [ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
  .venv/bin/python -m pip install --quiet -e ".[test]"
fi
exec .venv/bin/python -m pytest "$@"

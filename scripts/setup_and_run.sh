#!/usr/bin/env bash
# Fresh clone → installed virtualenv → main job run on the sample reports in raw/.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet -e ".[test]"
export DAGSTER_HOME="${DAGSTER_HOME:-$PWD/.dagster_home}"
.venv/bin/python -m pipelines run

#!/usr/bin/env bash
# The main job, until the command line exists: install what is missing, then solve and verify an assignment.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cd examples  # run from outside the source tree: the installed package is what is imported
../.venv/bin/python quickstart.py

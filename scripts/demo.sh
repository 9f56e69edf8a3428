#!/usr/bin/env bash
# The main job: install what is missing, then run `talentmatch demo` (the embedded Fuyun scenario matched, its plan
# as a table). Extra arguments go to the command: scripts/demo.sh --format html -o report.html
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
exec .venv/bin/talentmatch demo "$@"

#!/usr/bin/env bash
# Installs what talentmatch needs on a Debian 12 machine, and nothing that is already there. Idempotent.
#   scripts/install-deps.sh          system packages + the project's Python environment (.venv) with talentmatch
set -euo pipefail
cd "$(dirname "$0")/.."

debs=(cmake ninja-build g++ libeigen3-dev nlohmann-json3-dev libgtest-dev libbenchmark-dev clang libclang-rt-dev clang-format python3-venv chromium)
missing=()
for p in "${debs[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing Debian packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# The Python side lives in .venv, so a fresh machine and a used one end up the same.
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
# The package itself (scikit-build-core builds talentmatch._core), with the test and benchmark extras.
.venv/bin/python -m pip install -q ".[test,bench]" ruff
# lap and lapx both install the package directory `lap`, and the one installed last owns its files. The bench extra
# asks for lapx alone (it provides lap's lapjv and more); an environment made when the extra listed both may still
# hold lap, over lapx's files: remove it and put lapx's files back.
if .venv/bin/python -m pip show -q lap >/dev/null 2>&1; then
  lapx_version=$(.venv/bin/python -c "import importlib.metadata as m; print(m.version('lapx'))")
  echo "removing lap (it shadows lapx's lap module); reinstalling lapx $lapx_version"
  .venv/bin/python -m pip uninstall -y -q lap
  .venv/bin/python -m pip install -q --force-reinstall --no-deps "lapx==$lapx_version"
fi
.venv/bin/python -c "import lap, sys; sys.exit(0 if hasattr(lap, 'lapjvx') else 'the lap module is not lapx\'s')"

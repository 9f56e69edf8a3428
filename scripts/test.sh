#!/usr/bin/env bash
# Every test: install what is missing, then the C++ tests (ctest, dev and sanitizer builds, the find_package and
# add_subdirectory consumers), the Python tests (pytest), a benchmark smoke run against the anchors, and the linters.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh

echo "== C++: dev preset (configure, build, ctest)"
cmake --workflow --preset dev

echo "== C++: address + undefined-behaviour sanitizers"
cmake --workflow --preset asan

echo "== Fuzzing the problem-document reader (libFuzzer, bounded)"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz
corpus=$(mktemp -d)
cp tests/data/*.json "$corpus"/
[ -d tests/data/invalid ] && cp tests/data/invalid/*.json "$corpus"/
build/fuzz/tests/fuzz/fuzz_json "$corpus" -max_total_time="${TALENTMATCH_FUZZ_SECONDS:-60}" -timeout=5 \
  -rss_limit_mb=2048 -print_final_stats=1 2>&1 | tail -n 4
rm -rf "$corpus"

echo "== Fuzzing the solvers: resolve_dense, solve_flow's bounds, the CSR reader (libFuzzer, bounded)"
# A small seed corpus made here: one input per driver (the first byte picks it), the rest spread over the ranges.
corpus=$(mktemp -d)
for k in $(seq 0 11); do
  { printf "\\$(printf %03o "$k")"; head -c 96 /dev/zero | tr '\0' "$((k % 10))"; } >"$corpus/seed$k"
done
build/fuzz/tests/fuzz/fuzz_solvers "$corpus" -max_total_time="${TALENTMATCH_FUZZ_SOLVER_SECONDS:-30}" -timeout=5 \
  -rss_limit_mb=2048 -print_final_stats=1 2>&1 | tail -n 4
rm -rf "$corpus"

echo "== Python: pytest"
(cd tests/python && ../../.venv/bin/python -m pytest -q -p no:cacheprovider .)

echo "== Benchmark smoke run (objectives checked against scipy)"
.venv/bin/python -m talentmatch.bench --quick
.venv/bin/python bench/compare_flow.py --quick
.venv/bin/python bench/compare_flow.py --sparse --quick
.venv/bin/python bench/compare_scoring.py --quick
.venv/bin/python bench/bench_match.py --quick

echo "== Style"
.venv/bin/ruff check python tests bench
.venv/bin/ruff format --check python tests bench
find include python/src tests bench $( [ -d src ] && echo src ) -name '*.hpp' -o -name '*.cpp' | xargs clang-format --dry-run -Werror

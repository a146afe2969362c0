#!/usr/bin/env bash
# The whole test suite (what .ci/run and the README's second command run):
#   1. an ASan+UBSan build runs the unit, fixture and CLI tests,
#   2. libFuzzer targets run for a fixed time each (IAMLINT_FUZZ_SECONDS, default 30),
#   3. the release build runs every test (unit, fixtures, CLI, SARIF, corpus, peer suites,
#      pre-commit) and ctest's summary line closes the output.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh --test
jobs=$(nproc)

echo "== sanitizers (ASan + UBSan)"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DIAMLINT_SANITIZE=ON -DIAMLINT_WERROR=ON -DIAMLINT_TESTS=ON >/dev/null
cmake --build build-asan -j "$jobs" -- --quiet
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan -L fast --output-on-failure -j "$jobs"
# The whole real-world corpus under the sanitizers too (skipped without ../shared, failed under CI).
rc=0
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  python3 tests/cli/test_corpus.py build-asan/iamlint ../shared > build-asan/corpus.log 2>&1 || rc=$?
if [ "$rc" = 0 ] || [ "$rc" = 77 ]; then head -1 build-asan/corpus.log; else cat build-asan/corpus.log; exit "$rc"; fi

if [ -f tools/fuzz.sh ]; then
  echo "== fuzzing (${IAMLINT_FUZZ_SECONDS:=30} s per target)"
  IAMLINT_FUZZ_SECONDS=$IAMLINT_FUZZ_SECONDS bash tools/fuzz.sh
fi

echo "== release build, all tests"
# IAMLINT_TESTS=ON: the README's set-up command configures this directory without the tests.
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DIAMLINT_WERROR=ON -DIAMLINT_TESTS=ON >/dev/null
cmake --build build -j "$jobs" -- --quiet
ctest --test-dir build --output-on-failure -j "$jobs"

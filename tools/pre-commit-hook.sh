#!/usr/bin/env bash
# pre-commit `language: script` entry: builds iamlint into this hook checkout on first use (under a
# lock, since pre-commit runs batches of files in parallel), then runs it on the files given.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bin="$here/.pre-commit-build/iamlint"
if [ ! -x "$bin" ]; then
  exec 9>"$here/.pre-commit-build.lock"
  flock 9
  if [ ! -x "$bin" ]; then
    echo "iamlint: building (first use of this hook)..." >&2
    cmake -S "$here" -B "$here/.pre-commit-build" -DCMAKE_BUILD_TYPE=Release -DIAMLINT_TESTS=OFF >/dev/null
    cmake --build "$here/.pre-commit-build" --target iamlint -j "$(nproc)" >/dev/null
  fi
  flock -u 9
fi
exec "$bin" "$@"

#!/usr/bin/env bash
# pre-commit `language: script` entry: builds iamlint into this hook checkout on first use (under a
# lock, since pre-commit runs batches of files in parallel), then runs it on the files given.
# The build's output goes to .pre-commit-build/build.log and is shown only when the build fails.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bin="$here/.pre-commit-build/iamlint"
if [ ! -x "$bin" ]; then
  exec 9>"$here/.pre-commit-build.lock"
  flock 9
  if [ ! -x "$bin" ]; then
    echo "iamlint: building (first use of this hook)..." >&2
    mkdir -p "$here/.pre-commit-build"
    log="$here/.pre-commit-build/build.log"
    if ! { cmake -S "$here" -B "$here/.pre-commit-build" -DCMAKE_BUILD_TYPE=Release -DIAMLINT_TESTS=OFF &&
           cmake --build "$here/.pre-commit-build" --target iamlint -j "$(nproc)"; } >"$log" 2>&1; then
      echo "iamlint: the build failed (needs cmake g++ pkg-config libyaml-cpp-dev rapidjson-dev libre2-dev):" >&2
      tail -n 40 "$log" >&2
      exit 2
    fi
  fi
  flock -u 9
fi
exec "$bin" "$@"

#!/usr/bin/env bash
# pre-commit `language: script` entry: builds iamlint into this hook checkout on first use (under a
# lock, since pre-commit runs batches of files in parallel), then runs it on the files given.
# The build's output goes to .pre-commit-build/build.log and is shown only when the build fails.
# Portable to macOS (bash 3.2, no flock, no nproc): the lock falls back to mkdir, which is atomic
# everywhere, and the core count to getconf / sysctl.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bin="$here/.pre-commit-build/iamlint"

cores() {
  nproc 2>/dev/null || getconf _NPROCESSORS_ONLN 2>/dev/null || sysctl -n hw.ncpu 2>/dev/null || echo 2
}

lockdir="$here/.pre-commit-build.lockdir"
lock() {
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$here/.pre-commit-build.lock"
    flock 9
    return
  fi
  # mkdir succeeds for exactly one process. A lock whose owner died (killed build) is taken over.
  while ! mkdir "$lockdir" 2>/dev/null; do
    owner=$(cat "$lockdir/pid" 2>/dev/null || true)
    if [ -n "$owner" ] && ! kill -0 "$owner" 2>/dev/null; then
      rm -rf "$lockdir"
      continue
    fi
    sleep 1
  done
  echo $$ >"$lockdir/pid"
  trap 'rm -rf "$lockdir"' EXIT
}
unlock() {
  if [ -d "$lockdir" ] && [ "$(cat "$lockdir/pid" 2>/dev/null || true)" = "$$" ]; then
    rm -rf "$lockdir"
    trap - EXIT
  fi
  exec 9>&-
}

if [ ! -x "$bin" ]; then
  lock
  if [ ! -x "$bin" ]; then
    msg="building iamlint (first run, about a minute)…"
    echo "$msg" >&2
    # pre-commit shows a hook's output only after it ends: say it on the terminal now, if any.
    if [ ! -t 2 ]; then { echo "$msg" >/dev/tty; } 2>/dev/null || true; fi
    mkdir -p "$here/.pre-commit-build"
    log="$here/.pre-commit-build/build.log"
    if ! { cmake -S "$here" -B "$here/.pre-commit-build" -DCMAKE_BUILD_TYPE=Release -DIAMLINT_TESTS=OFF &&
           cmake --build "$here/.pre-commit-build" --target iamlint -j "$(cores)"; } >"$log" 2>&1; then
      echo "iamlint: the build failed (needs cmake g++ pkg-config libyaml-cpp-dev rapidjson-dev libre2-dev):" >&2
      tail -n 40 "$log" >&2
      exit 2
    fi
    echo "iamlint: built $bin" >&2
  fi
  unlock
fi
exec "$bin" "$@"

#!/usr/bin/env bash
# Installs the Debian 12 packages iamlint needs, when they are missing:
#   bash tools/install-deps.sh          what building iamlint needs (cmake, g++, yaml-cpp, ...)
#   bash tools/install-deps.sh --test   that, plus what the test suite needs (doctest, clang for
#                                       fuzzing, pre-commit, Vim for the editor tests, ...)
# Idempotent: a second run only checks (a few milliseconds). Run as root (or with sudo).
set -euo pipefail
build=(cmake g++ make pkg-config libyaml-cpp-dev rapidjson-dev libre2-dev)
test=(python3 python3-yaml doctest-dev pre-commit python3-jsonschema clang libclang-rt-14-dev git vim)
pkgs=("${build[@]}")
for arg in "$@"; do
  case "$arg" in
    --test) pkgs+=("${test[@]}") ;;
    -h|--help) sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install-deps: unknown option '$arg' (--test)" >&2; exit 2 ;;
  esac
done
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}" >&2
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

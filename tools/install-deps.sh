#!/usr/bin/env bash
# Installs the Debian 12 packages iamlint needs to build and test, when they are missing.
# Idempotent: a second run only checks (a few milliseconds). Run as root (or with sudo).
set -euo pipefail
pkgs=(cmake g++ make pkg-config python3 libyaml-cpp-dev rapidjson-dev libre2-dev doctest-dev
      pre-commit python3-jsonschema clang libclang-rt-14-dev git vim)
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

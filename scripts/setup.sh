#!/usr/bin/env bash
# Installs what Stoop needs from Debian's packages (only what is missing) and
# builds it. Sourced by serve.sh and test.sh; not meant to be run alone.
#   stoop_setup runtime   packages to build and run the server
#   stoop_setup test      also the test tools: Chromium, Node.js, clang (fuzzing)
set -euo pipefail

STOOP_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STOOP_BUILD="${STOOP_BUILD:-$STOOP_ROOT/build}"

stoop_runtime_packages=(g++ cmake ninja-build make pkg-config ca-certificates libboost-dev libssl-dev
  nlohmann-json3-dev libsqlite3-dev libsqlitecpp-dev libgtest-dev libgmock-dev libbenchmark-dev sqlite3
  libgoogle-perftools-dev)
stoop_test_packages=(chromium clang libclang-rt-14-dev wrk python3)

stoop_as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

stoop_install_missing() {
  local missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  if ! command -v node >/dev/null 2>&1 && [ "${STOOP_WANT_NODE:-0}" = 1 ]; then missing+=(nodejs npm); fi
  if [ ${#missing[@]} -gt 0 ]; then
    echo "stoop: installing ${missing[*]}"
    stoop_as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive stoop_as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# stoop_build [cmake options...]
stoop_build() {
  cmake -S "$STOOP_ROOT" -B "$STOOP_BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
  cmake --build "$STOOP_BUILD" -j "$(nproc)"
}

stoop_setup() {
  case "${1:-runtime}" in
    runtime) stoop_install_missing "${stoop_runtime_packages[@]}" ;;
    test)
      STOOP_WANT_NODE=1 stoop_install_missing "${stoop_runtime_packages[@]}" "${stoop_test_packages[@]}"
      if [ -f "$STOOP_ROOT/tests/browser/package-lock.json" ]; then
        (cd "$STOOP_ROOT/tests/browser" && npm ci --no-audit --no-fund --loglevel=error)
      fi
      ;;
    *) echo "stoop_setup: unknown kind $1" >&2; return 2 ;;
  esac
}

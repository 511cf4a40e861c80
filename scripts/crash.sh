#!/usr/bin/env bash
# The kill -9 test for longer: scripts/crash.sh [ROUNDS] (default 30) [BUILD_DIR].
# Each round kills the real server under load at a random moment and restarts it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
rounds=${1:-30}
build=${2:-$root/build}
cmake --build "$build" -j2 --target stoop crash_tests
cd "$root"
STOOP_CRASH_ROUNDS=$rounds "$build/tests/integration/crash_tests" --gtest_color=no

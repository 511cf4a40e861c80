#!/usr/bin/env bash
# Builds and runs the tests under a sanitizer, in its own build folder.
#
#   scripts/sanitize.sh asan   # every test under AddressSanitizer + UndefinedBehaviorSanitizer
#   scripts/sanitize.sh tsan   # the concurrent tests (server, store thread, dispatcher,
#                              # integration) under ThreadSanitizer
#
# Options after the mode: --build DIR (default build-asan / build-tsan), --jobs N (default: the processors).
set -euo pipefail

mode=${1:-}
shift || true
[[ $mode == asan || $mode == tsan ]] || { echo "usage: scripts/sanitize.sh asan|tsan [--build DIR] [--jobs N]" >&2; exit 2; }
root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build-$mode
jobs=$(nproc)
while [[ $# -gt 0 ]]; do
  case "$1" in
    --build) build=$2; shift ;;
    --jobs) jobs=$2; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

flag=-DSTOOP_ASAN=ON
[[ $mode == tsan ]] && flag=-DSTOOP_TSAN=ON
cmake -S "$root" -B "$build" -G Ninja "$flag" -DSTOOP_WERROR=ON -DSTOOP_BENCH=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$root/scripts/tsan.supp"

started=$(date +%s)
if [[ $mode == asan ]]; then
  cmake --build "$build" -j"$jobs"
  echo "build: $(( $(date +%s) - started )) s"
  ctest --test-dir "$build" -j"$jobs" --output-on-failure --timeout 300
else
  # ThreadSanitizer only where threads meet: the server, the store thread, the
  # dispatcher and the real binary, which the integration suites drive.
  cmake --build "$build" -j"$jobs" --target stoop integration_tests hostile_tests crash_tests store_thread_tests
  echo "build: $(( $(date +%s) - started )) s"
  ctest --test-dir "$build" -j"$jobs" --output-on-failure --timeout 300 -L 'integration|concurrency'
fi
echo "total: $(( $(date +%s) - started )) s"

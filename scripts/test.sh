#!/usr/bin/env bash
# Install what is missing, then run every test as CI does (.ci/run), in three
# builds of their own:
#   build-asan/  the whole suite (unit; integration: the real server against
#                fake providers on loopback; hostile clients; the crash test;
#                the browser test), warnings as errors, under ASan+UBSan
#   build-tsan/  the concurrent suites (server, store thread, dispatcher,
#                integration, crash) under TSan
#   build-fuzz/  every libFuzzer target for FUZZ_SECONDS each (default 10)
# scripts/sanitize.sh asan|tsan and scripts/fuzz.sh run one part alone.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
export STOOP_REQUIRE_BROWSER=1 # here the browser tests must run, never skip
stoop_setup test
started=$(date +%s)
"$STOOP_ROOT/scripts/sanitize.sh" asan --jobs "$(nproc)"
"$STOOP_ROOT/scripts/sanitize.sh" tsan --jobs "$(nproc)"
"$STOOP_ROOT/scripts/fuzz.sh" --seconds "${FUZZ_SECONDS:-10}" --jobs "$(nproc)"
echo "stoop: every test passed ($(( $(date +%s) - started )) s after set-up)"

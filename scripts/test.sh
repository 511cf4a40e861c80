#!/usr/bin/env bash
# Install what is missing, build with warnings as errors, and run every test:
# unit, integration (real server and fake providers on loopback), browser.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
export STOOP_REQUIRE_BROWSER=1 # here the browser tests must run, never skip
stoop_setup test
stoop_build -DSTOOP_WERROR=ON
cd "$STOOP_BUILD"
ctest -j "$(nproc)" --output-on-failure --timeout 300

#!/usr/bin/env bash
# Quick start: install what is missing, build, and run the server on the
# example config (embedded SQLite, web chat; no provider account needed).
# Then open http://127.0.0.1:8080/chat, or run: build/bot/stoop chat --config config/stoop.example.json
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
stoop_setup runtime
stoop_build
cd "$STOOP_ROOT"
exec "$STOOP_BUILD/bot/stoop" serve --config "${STOOP_CONFIG:-config/stoop.example.json}"

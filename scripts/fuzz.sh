#!/usr/bin/env bash
# Runs Stoop's libFuzzer targets (fuzz/), each for --seconds, from corpora seeded
# with the adapters' test payloads, the flows and the example configs.
#
#   scripts/fuzz.sh [--build DIR] [--seconds N] [--jobs N] [--no-build] [TARGET...]
#
# Configures DIR (default build-fuzz, clang, -DSTOOP_FUZZ=ON) when needed and
# builds the targets (--jobs compilers, default the processors; --no-build when the caller
# already did, as `ctest -L fuzz` does). Corpora grow in
# DIR/fuzz-corpus/TARGET; a crash leaves DIR/fuzz-artifacts/TARGET-crash-*
# and the script exits 1. Reproduce one with: DIR/fuzz/TARGET FILE
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build-fuzz
seconds=60
jobs=$(nproc)
build_targets=1
targets=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --build) build=$2; shift ;;
    --seconds) seconds=$2; shift ;;
    --jobs) jobs=$2; shift ;;
    --no-build) build_targets=0 ;;
    fuzz_*) targets+=("$1") ;;
    *) echo "usage: scripts/fuzz.sh [--build DIR] [--seconds N] [--jobs N] [--no-build] [fuzz_TARGET...]" >&2; exit 2 ;;
  esac
  shift
done
all=(fuzz_twilio fuzz_telegram fuzz_whatsapp fuzz_messenger fuzz_webchat fuzz_form fuzz_flows fuzz_session fuzz_config)
[[ ${#targets[@]} -eq 0 ]] && targets=("${all[@]}")

if [[ ! -f $build/CMakeCache.txt ]]; then
  CXX=clang++ cmake -S "$root" -B "$build" -G Ninja -DSTOOP_FUZZ=ON -DSTOOP_TESTS=OFF -DSTOOP_BENCH=OFF \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
# An up-to-date target costs nothing to build, and a new or changed one is rebuilt.
if [[ $build_targets == 1 ]]; then
  cmake --build "$build" -j"$jobs" --target "${targets[@]}"
fi

# Seeds: each adapter's payloads (with the variant byte adapter_fuzz.cpp reads first),
# form bodies, flow files and configs.
seed() {
  python3 - "$root" "$1" "$2" <<'PY'
import glob, json, os, sys
root, target, out = sys.argv[1:]
os.makedirs(out, exist_ok=True)
def put(name, data):
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)
def bodies(provider):
    folder = f"{root}/tests/adapters/{provider}/testdata"
    for path in glob.glob(f"{folder}/*.json"):
        if os.path.basename(path) in ("channel.json", "incoming.json", "outgoing.json"):
            continue
        yield os.path.basename(path), open(path, "rb").read()
    for path in glob.glob(f"{folder}/incoming.json"):
        for i, case in enumerate(json.load(open(path))):
            if "body" in case:
                yield f"case{i}", case["body"].encode()
kind = target[len("fuzz_"):]
if kind in ("twilio", "telegram", "whatsapp", "messenger", "webchat"):
    content = 0 if kind == "twilio" else 1
    found = list(bodies(kind))
    if kind == "webchat":
        found = [("hi", b'{"visitor":"abcdefghijklmnop1234","id":"1","text":"hi"}'),
                 ("tap", b'{"visitor":"abcdefghijklmnop1234","id":"2","text":"Yes","payload":"yes","name":"Ana"}')]
    for name, data in found:
        put(name + ".signed", bytes([8 | content]) + data)
        put(name + ".status", bytes([8 | 4 | content]) + data)
elif kind == "form":
    for name, data in bodies("twilio"):
        put(name, data)
elif kind == "flows":
    for path in glob.glob(f"{root}/config/flows/*.json") + glob.glob(f"{root}/tests/flows/testdata/*.json"):
        put(os.path.basename(path), open(path, "rb").read())
elif kind == "session":
    put("welcome", b'{"deadline_ms":90000,"input":"hi","results":{},"retries":0,'
                   b'"stack":[{"flow":"welcome","node":"choose_language"}],"version":1,"waiting_since_ms":1000}')
    put("answered", b'{"input":"3","results":{"menu":{"categories":["help"],"flow":"catch_all","raw":"I need\\n\\"help\\"",'
                    b'"value":"help"},"need":{"categories":[],"flow":"request","raw":"3","value":"3"}},"retries":1,'
                    b'"stack":[{"flow":"request","node":"topic"},{"flow":"language","node":"language"}],'
                    b'"version":1,"waiting_since_ms":5}')
elif kind == "config":
    for path in glob.glob(f"{root}/config/*.json"):
        put(os.path.basename(path), open(path, "rb").read())
PY
}

failed=0
mkdir -p "$build/fuzz-artifacts"
for target in "${targets[@]}"; do
  seeds=$build/fuzz-seeds/$target
  corpus=$build/fuzz-corpus/$target
  rm -rf "$seeds"
  seed "$target" "$seeds"
  mkdir -p "$corpus"
  echo "== $target for ${seconds}s ($(ls "$seeds" | wc -l) seeds, $(ls "$corpus" | wc -l) in corpus)"
  if ! "$build/fuzz/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
      -print_final_stats=1 -artifact_prefix="$build/fuzz-artifacts/$target-" "$corpus" "$seeds" \
      > "$build/fuzz-artifacts/$target.log" 2>&1; then
    echo "$target FAILED; see $build/fuzz-artifacts/$target.log"
    grep -m5 -E "ERROR|SUMMARY|Test unit written" "$build/fuzz-artifacts/$target.log" || true
    failed=1
  else
    grep -E "stat::number_of_executed_units|cov:" "$build/fuzz-artifacts/$target.log" | tail -2 | tr '\n' ' '
    echo
  fi
done
exit $failed

#!/usr/bin/env bash
# Stoop's benchmarks, end to end against the real `stoop serve`. See bench/README.md.
#
#   bench/run.sh [inbound|bare|drain|memory|startup|all|pages|statements|sustained] [--minutes M] [--seconds S] [--build DIR] [--stoop BINARY]
#                [--work-us W] [--io-work-us W] [--senders random|turn] [--cache-kib K]
#
# inbound  signed Twilio webhooks from 10,000 numbers, 64 connections, synchronous=FULL; the
#          senders come in a new random order each round (--senders turn: in number order,
#          the order of the figures before the eleventh round, which flatters them)
# bare     the same load against stoop-bare, a bare Beast server that only commits each body to
#          SQLite with group commit (synchronous=FULL): the bound the inbound figure is compared with;
#          --work-us W keeps its writer W microseconds more per request busy, --io-work-us W
#          the I/O thread that read the request
# drain    100,000 queued replies sent to a fast fake Twilio on loopback
# memory   100,000 contacts and 1,000,000 messages, then steady load for --minutes (default 2;
#          the issue's figure is 10) while RSS is sampled every 10 s
# startup  time from exec to /readyz 200 on that database
# sustained (not in all) the inbound load for --minutes (default 2), a line every 10 s with that
#          window's throughput, p99 and server CPU, then the slowest and the worst window
# pages    (not in all) which tables and indexes the writer's commits write, per webhook: the
#          inbound load for --seconds with no checkpoint, its log read by bench/log_pages.py
# statements (not in all) the SQL statements the server steps per webhook under the inbound load
#          for --seconds, counted by libstoop-stepcount.so (bench/tools/step_count.cpp)
# --cache-kib K sets storage.writer_cache_kib in the server's config (default: Stoop's own)
set -euo pipefail

what=all
minutes=2
seconds=20
build=build
stoop=
work_us=0
io_work_us=0
senders=random
cache_kib=
while [[ $# -gt 0 ]]; do
  case "$1" in
    inbound|bare|drain|memory|startup|all|pages|statements|sustained) what=$1 ;;
    --minutes) minutes=$2; shift ;;
    --seconds) seconds=$2; shift ;;
    --build) build=$2; shift ;;
    --stoop) stoop=$2; shift ;;
    --work-us) work_us=$2; shift ;;
    --io-work-us) io_work_us=$2; shift ;;
    --senders) senders=$2; shift ;;
    --cache-kib) cache_kib=$2; shift ;;
    *) echo "usage: bench/run.sh [inbound|bare|drain|memory|startup|all|pages|statements|sustained] [--minutes M] [--seconds S] [--build DIR] [--stoop BINARY] [--work-us W] [--io-work-us W] [--senders random|turn] [--cache-kib K]" >&2; exit 2 ;;
  esac
  shift
done

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
stoop=${stoop:-$build/bot/stoop}
tool=$build/bench/stoop-bench
bare_server=$build/bench/stoop-bare
[[ -x $stoop && -x $tool && -x $bare_server ]] || {
  echo "build first: cmake --build $build --target stoop stoop-bench stoop-bare" >&2
  exit 2
}
work=$(mktemp -d /tmp/stoop-bench.XXXXXX)
server_pid=
provider_pid=
cleanup() {
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  [[ -n $provider_pid ]] && kill "$provider_pid" 2>/dev/null && wait "$provider_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# write_config FILE DB PORT PROVIDER_PORT RATE_PER_SECOND [CHECKPOINT_PAGES]
write_config() {
  local checkpoint= cache=
  [[ -n ${6:-} ]] && checkpoint=", \"checkpoint_pages\": $6"
  [[ -n $cache_kib ]] && cache=", \"writer_cache_kib\": $cache_kib"
  cat > "$1" <<EOF
{
  "server": { "listen": "127.0.0.1:$3", "public_url": "https://bot.example.org", "threads": 2,
              "dashboard_dir": "$root/dashboard" },
  "storage": { "sqlite": "$2", "synchronous": "full"$checkpoint$cache },
  "flows_dir": "$root/config/flows",
  "messages_file": "$root/config/messages.json",
  "log_level": "warn",
  "outbox": { "concurrency": ${CONCURRENCY:-64} },
  "rate_limits": { "inbound_per_contact_per_minute": 1000000 },
  "channels": [
    { "id": "web", "type": "webchat" },
    { "id": "sms", "type": "twilio", "account_sid": "ACbench0123456789",
      "auth_token": "bench-auth-token-0123456789", "number": "+16175550100",
      "api_base": "http://127.0.0.1:$4", "rate_per_second": $5, "burst": $5 }
  ]
}
EOF
}

start_server() { # CONFIG LOG PORT
  "$stoop" serve --config "$1" >>"$2" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 500); do
    curl -sf "http://127.0.0.1:$3/readyz" >/dev/null 2>&1 && return 0
    sleep 0.02
  done
  echo "the server did not become ready; its log:" >&2
  cat "$2" >&2
  exit 1
}
stop_server() { kill "$server_pid"; wait "$server_pid" || true; server_pid=; }

start_provider() { # PORT
  "$tool" provider --port "$1" > "$work/provider.log" 2>&1 &
  provider_pid=$!
  sleep 0.2
}
stop_provider() { kill "$provider_pid"; wait "$provider_pid" || true; provider_pid=; cat "$work/provider.log"; }

machine() {
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
}

# inbound_load NAME WEBHOOKS_ARGS...: the inbound load against a fresh server on
# $work/NAME.db; the generator's arguments beyond port, connections, numbers,
# senders and server pid come from the caller. Leaves the database's path in db.
inbound_load() {
  local name=$1 port provider
  shift
  port=$(free_port); provider=$(free_port); db=$work/$name.db
  # Replies go to a fake Twilio at a long code's real pace (1/s): the figure is the inbound path.
  write_config "$work/$name.json" "$db" "$port" "$provider" 1
  start_provider "$provider"
  start_server "$work/$name.json" "$work/$name.log" "$port"
  "$tool" webhooks --port "$port" --connections 64 --numbers 10000 --senders "$senders" --server-pid "$server_pid" "$@" ||
    echo "(some requests were not answered 200)"
  stop_server
  stop_provider >/dev/null
}

inbound() {
  echo "== inbound: signed Twilio webhooks, 64 connections, synchronous=FULL, senders $senders, ${seconds} s =="
  machine
  local db
  inbound_load inbound --requests 2000000 --pool 600000 --duration "$seconds" --warmup 3
  echo "stored: $(sqlite3 "$db" "SELECT COUNT(*) FROM messages WHERE direction = 'in'") inbound messages," \
       "$(sqlite3 "$db" "SELECT COUNT(*) FROM outbox") outbox rows," \
       "$(sqlite3 "$db" "SELECT COUNT(*) FROM contacts") contacts;" \
       "WAL $(stat -c %s "$db-wal" 2>/dev/null || echo 0) bytes after shutdown"
}

sustained() {
  echo "== sustained: the inbound load for $minutes min, 64 connections, synchronous=FULL, senders $senders, windows of 10 s =="
  machine
  local db
  # Past the pool of 600,000 the generator signs each webhook as it sends it,
  # on the same two cores: its CPU is printed with the rest.
  inbound_load sustained --requests 100000000 --pool 600000 --duration $((minutes * 60)) --warmup 3 --report-every 10
  echo "stored: $(sqlite3 "$db" "SELECT COUNT(*) FROM messages WHERE direction = 'in'") inbound messages;" \
       "database $(( $(stat -c %s "$db") / 1048576 )) MB"
}

bare() {
  echo "== bare: the same webhooks against stoop-bare (Beast + SQLite group commit only), ${seconds} s," \
       "writer busy ${work_us} µs and I/O thread ${io_work_us} µs more per request =="
  machine
  local port db
  port=$(free_port); db=$work/bare.db
  "$bare_server" --port "$port" --db "$db" --threads 2 --work-us "$work_us" --io-work-us "$io_work_us" > "$work/bare.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 250); do
    grep -q '^ready' "$work/bare.log" 2>/dev/null && break
    sleep 0.02
  done
  if ! grep -q '^ready' "$work/bare.log"; then
    echo "stoop-bare did not start; its log:" >&2
    cat "$work/bare.log" >&2
    exit 1
  fi
  "$tool" webhooks --port "$port" --connections 64 --requests 4000000 --pool 600000 --duration "$seconds" \
    --warmup 3 --numbers 10000 --senders "$senders" --server-pid "$server_pid" || echo "(some requests were not answered 200)"
  stop_server
  echo "stored: $(sqlite3 "$db" "SELECT COUNT(*) FROM webhooks") bodies"
}

drain() {
  echo "== drain: 100,000 queued replies to a fake Twilio on loopback =="
  machine
  local port provider db
  port=$(free_port); provider=$(free_port); db=$work/drain.db
  "$tool" fill --db "$db" --contacts 100000 --messages 0 --pending 100000
  write_config "$work/drain.json" "$db" "$port" "$provider" 10000
  "$tool" drain --binary "$stoop" --config "$work/drain.json" --port "$port" --provider-port "$provider" \
    --pending 100000 --log "$work/drain.log"
  echo "outbox: $(sqlite3 "$db" "SELECT state || ' ' || COUNT(*) FROM outbox GROUP BY state" | tr '\n' ' ')"
}

big_db() {
  [[ -f $work/big.db ]] && return 0
  "$tool" fill --db "$work/big.db" --contacts 100000 --messages 1000000
}

memory() {
  echo "== memory: 100,000 contacts, 1,000,000 messages, steady load for $minutes min =="
  machine
  big_db
  local port provider
  port=$(free_port); provider=$(free_port)
  write_config "$work/memory.json" "$work/big.db" "$port" "$provider" 1
  start_provider "$provider"
  start_server "$work/memory.json" "$work/memory.log" "$port"
  echo "rss at ready: $(grep VmRSS /proc/$server_pid/status)"
  # A steady 2,000 webhooks/s from all 100,000 known numbers, RSS every 10 s.
  local duration=$((minutes * 60))
  "$tool" webhooks --port "$port" --connections 64 --requests 100000000 --pool 200000 --duration "$duration" \
    --warmup 1 --numbers 100000 --senders "$senders" --rate 2000 --report-every 10 --server-pid "$server_pid" || true
  stop_server
  stop_provider >/dev/null
}

startup() {
  echo "== startup: exec to /readyz 200 with 100,000 contacts and 1,000,000 messages =="
  machine
  big_db
  local port provider
  port=$(free_port); provider=$(free_port)
  write_config "$work/startup.json" "$work/big.db" "$port" "$provider" 1
  "$tool" startup --binary "$stoop" --config "$work/startup.json" --port "$port" --runs 5 --log "$work/startup.log"
}

# warm_up CONFIG LOG PORT: every sender becomes a contact and gets into a flow,
# so that what is measured next is ordinary answers; a clean stop leaves the
# database whole.
warm_up() {
  start_server "$1" "$2" "$3"
  "$tool" webhooks --port "$3" --connections 64 --requests 2000000 --pool 600000 --duration 4 \
    --warmup 1 --numbers 10000 --senders "$senders" > /dev/null 2>&1 || true
  stop_server
}

pages() {
  echo "== pages: what the writer's commits write, by table and index, senders $senders, ${seconds} s =="
  machine
  local port provider db
  port=$(free_port); provider=$(free_port); db=$work/pages.db
  start_provider "$provider"
  write_config "$work/pages.json" "$db" "$port" "$provider" 1
  warm_up "$work/pages.json" "$work/pages.log" "$port"
  cp "$db" "$work/base.db"
  # Then the measured load with a log that is never checkpointed.
  write_config "$work/pages.json" "$db" "$port" "$provider" 1 1000000
  start_server "$work/pages.json" "$work/pages.log" "$port"
  "$tool" webhooks --port "$port" --connections 64 --requests 2000000 --pool 600000 --duration "$seconds" \
    --warmup 1 --numbers 10000 --senders "$senders" | grep -E '^(throughput|latency)' || true
  cp "$db-wal" "$work/log.copy" # a copy while the server runs: its frames are all there
  stop_server
  stop_provider >/dev/null
  local before after
  before=$(sqlite3 "$work/base.db" "SELECT COUNT(*) FROM messages WHERE direction = 'in'")
  after=$(sqlite3 "$db" "SELECT COUNT(*) FROM messages WHERE direction = 'in'")
  python3 "$root/bench/log_pages.py" "$work/base.db" "$work/log.copy" $((after - before))
}

statements() {
  echo "== statements: what the server steps per webhook, senders $senders, ${seconds} s =="
  local library=$build/bench/libstoop-stepcount.so
  [[ -f $library ]] || { echo "build first: cmake --build $build --target stoop-stepcount" >&2; exit 2; }
  machine
  local port provider db
  port=$(free_port); provider=$(free_port); db=$work/statements.db
  start_provider "$provider"
  write_config "$work/statements.json" "$db" "$port" "$provider" 1
  warm_up "$work/statements.json" "$work/statements.log" "$port" # uncounted
  local before after
  before=$(sqlite3 "$db" "SELECT COUNT(*) FROM messages WHERE direction = 'in'")
  LD_PRELOAD=$root/$library STOOP_STEP_COUNT_OUT=$work/steps.txt \
    start_server "$work/statements.json" "$work/statements.log" "$port"
  "$tool" webhooks --port "$port" --connections 64 --requests 2000000 --pool 600000 --duration "$seconds" \
    --warmup 1 --numbers 10000 --senders "$senders" | grep -E '^(throughput|latency)' || true
  stop_server
  stop_provider >/dev/null
  after=$(sqlite3 "$db" "SELECT COUNT(*) FROM messages WHERE direction = 'in'")
  echo "per webhook, over $((after - before)) webhooks (one step per row read, one more past the last):"
  sort -rn "$work/steps.txt" | awk -F'\t' -v n=$((after - before)) \
    '{ total += $1 / n; if ($1 / n >= 0.01) printf "%6.2f  %.110s\n", $1 / n, $2 } END { printf "%6.2f  in all\n", total }'
}

date -u +"date: %Y-%m-%d %H:%M UTC, commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
case $what in
  inbound) inbound ;;
  bare) bare ;;
  drain) drain ;;
  memory) memory ;;
  startup) startup ;;
  all) inbound; bare; drain; memory; startup ;;
  pages) pages ;;
  statements) statements ;;
  sustained) sustained ;;
esac

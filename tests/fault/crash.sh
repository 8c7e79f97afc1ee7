#!/usr/bin/env bash
# Fault test: nothing acknowledged is ever lost or stored twice.
#  1. kill -9 of the server under load, restarted, ROUNDS times (default 10);
#  2. PostgreSQL stopped with `pg_ctl stop -m immediate` under load and restarted, twice; while it
#     is down /healthz must answer 503 and viewers get try_again, never an ack.
# The load generator reconnects and resends unacked questions with their original ids. Exits
# non-zero if any acked question is missing or any question is stored twice. Loopback only.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../load/bench-lib.sh"
rounds="${ROUNDS:-10}"
work="$(mktemp -d /tmp/sporazum-crash.XXXXXX)"
chmod 755 "$work"  # the postgres user must reach its data folder inside
pgdir="$work/pg"
# A random port below Linux's ephemeral range (32768-60999), where the tests' own loopback
# connections cannot be holding it; tried again on another port if it is taken all the same.
base=""
for _ in 1 2 3 4 5; do
  pg_port="${SPORAZUM_FAULT_PG_PORT:-$((20000 + RANDOM % 10000))}"
  if base="$(start_bench_cluster "$pgdir" "$pg_port")"; then break; fi
  base=""
  rm -rf "$pgdir"
done
[[ -n "$base" ]] || { echo "crash.sh: could not start PostgreSQL" >&2; exit 1; }
server_pid=""
loadgen_pid=""
cleanup() {
  [[ -n "$server_pid" ]] && kill -9 "$server_pid" 2>/dev/null || true
  [[ -n "$loadgen_pid" ]] && kill "$loadgen_pid" 2>/dev/null || true
  SPORAZUM_PG_PORT="$pg_port" "$root/ops/pg-cluster.sh" stop "$pgdir" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

start_server() {  # start_server URI PORT
  rm -f "$work/port"
  "$server_bin" serve --database "$1" --port "$2" --port-file "$work/port" --log-level warn \
    --rate-per-connection 100000/6000000 --rate-per-address 1000000/60000000 \
    2>>"$work/server.log" &
  server_pid=$!
  wait_port_file "$work/port" >/dev/null
}

# Part 1: kill -9 of the server.
uri="$(fresh_database "$base" crash_server)"
"$server_bin" migrate --database "$uri" >/dev/null
open_questions "$uri"
start_server "$uri" 0
port="$(cat "$work/port")"
duration=$((rounds * 3 + 2))
"$loadgen_bin" --url "ws://127.0.0.1:$port/ws/viewer" --connections 200 --sources 4 --rate 2000 \
  --duration "$duration" --reconnect --acked-file "$work/acked-server" --seed 7 >"$work/loadgen-server.json" &
loadgen_pid=$!
for round in $(seq "$rounds"); do
  sleep "$(awk -v r="$RANDOM" 'BEGIN { printf "%.2f", 1.5 + (r % 150) / 100 }')"
  kill -9 "$server_pid"
  wait "$server_pid" 2>/dev/null || true
  echo "crash: round $round: server killed with SIGKILL" >&2
  sleep 0.3
  start_server "$uri" "$port"
done
wait "$loadgen_pid"
loadgen_pid=""
echo "kill -9 x$rounds: loadgen $(cat "$work/loadgen-server.json")"
server_check="$(verify_acked "$uri" "$work/acked-server")" || { echo "FAILED: $server_check"; exit 1; }
echo "kill -9 x$rounds: database $server_check"
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
server_pid=""

# Part 2: PostgreSQL stopped immediately, twice, under load.
uri="$(fresh_database "$base" crash_postgres)"
"$server_bin" migrate --database "$uri" >/dev/null
open_questions "$uri"
start_server "$uri" 0
port="$(cat "$work/port")"
"$loadgen_bin" --url "ws://127.0.0.1:$port/ws/viewer" --connections 200 --sources 4 --rate 2000 \
  --duration 20 --reconnect --acked-file "$work/acked-postgres" --seed 8 >"$work/loadgen-postgres.json" &
loadgen_pid=$!
health_during_outage=""
for outage in 1 2; do
  sleep 3
  SPORAZUM_PG_PORT="$pg_port" "$root/ops/pg-cluster.sh" stop-immediate "$pgdir"
  echo "crash: PostgreSQL stopped with -m immediate (outage $outage)" >&2
  sleep 4.5  # longer than the store's 3 s deadline, so viewers must see try_again
  health_during_outage="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/healthz")"
  [[ "$health_during_outage" == 503 ]] || { echo "FAILED: /healthz said $health_during_outage while PostgreSQL was down"; exit 1; }
  SPORAZUM_PG_PORT="$pg_port" "$root/ops/pg-cluster.sh" start "$pgdir" >/dev/null
done
wait "$loadgen_pid"
loadgen_pid=""
health_after="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/healthz")"
echo "pg stop -m immediate x2: loadgen $(cat "$work/loadgen-postgres.json")"
echo "pg stop -m immediate x2: /healthz during outage $health_during_outage, after $health_after"
pg_check="$(verify_acked "$uri" "$work/acked-postgres")" || { echo "FAILED: $pg_check"; exit 1; }
echo "pg stop -m immediate x2: database $pg_check"
[[ "$health_after" == 200 ]] || { echo "FAILED: /healthz $health_after after PostgreSQL came back"; exit 1; }
grep -q '"try_again"' "$work/loadgen-postgres.json" || { echo "FAILED: no try_again seen during the outage"; exit 1; }
echo "crash: 1 passed, 0 failed"

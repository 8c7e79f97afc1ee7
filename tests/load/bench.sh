#!/usr/bin/env bash
# Benchmarks of the questions server on this machine (loopback only), server pinned to core 0 and
# the load generator to core 1, each run on a fresh database in a private cluster (var/bench-pg).
#   tests/load/bench.sh ingest       20,000 submissions/s for 60 s from 1,000 connections
#   tests/load/bench.sh connections  10,000 connections held for 5 minutes
#   tests/load/bench.sh desk         1,000 submissions/s for 60 s watched by 10 moderator connections
#   tests/load/bench.sh custom LOADGEN-ARGS...
# Environment: RUNS (default 1). Each run prints the generator's JSON line and the database check.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"
scenario="${1:-ingest}"
shift || true
case "$scenario" in
  ingest) args=(--connections 1000 --sources 10 --rate 20000 --duration 60) ;;
  connections) args=(--connections 10000 --sources 40 --connect-rate 2000 --rate 50 --duration 10 --hold 300) ;;
  desk) args=(--connections 200 --sources 10 --rate 1000 --duration 60 --moderators 10 --staff-user bench-moderator) ;;
  custom) args=("$@") ;;
  *) echo "usage: $0 ingest|connections|desk|custom ARGS" >&2; exit 2 ;;
esac

"$root/ops/build.sh" release >&2
work="$root/var/bench"
mkdir -p "$work"
base="$(start_bench_cluster "$root/var/bench-pg" 54339)"

for run in $(seq "${RUNS:-1}"); do
  uri="$(fresh_database "$base" bench_run)"
  "$server_bin" migrate --database "$uri" >/dev/null
  open_questions "$uri"
  # A moderator account for the desk scenario (a throw-away password for a throw-away database).
  export SPORAZUM_LOADGEN_STAFF_PASSWORD="bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  printf '%s\n' "$SPORAZUM_LOADGEN_STAFF_PASSWORD" |
    "$server_bin" staff add bench-moderator --role moderator --database "$uri" >/dev/null
  rm -f "$work/port" "$work/acked"
  # Limits raised for the benchmark only: one generator address stands for many viewers.
  taskset -c 0 "$server_bin" serve --database "$uri" --port 0 --port-file "$work/port" \
    --log-level warn ${SERVER_ARGS:-} --max-connections 20000 \
    --rate-per-connection 100000/6000000 --rate-per-address 1000000/60000000 \
    2>"$work/server.log" &
  server_pid=$!
  trap 'kill $server_pid 2>/dev/null || true' EXIT
  port="$(wait_port_file "$work/port")"
  result="$(taskset -c 1 "$loadgen_bin" --url "ws://127.0.0.1:$port/ws/viewer" \
    --server-pid "$server_pid" --acked-file "$work/acked" "${args[@]}")"
  metrics="$(curl -s "http://127.0.0.1:$port/metrics" | grep -E "^sporazum_(commit_batch_size|ack_latency_ms)_(sum|count)|^sporazum_ack_latency_ms_bucket" | tr '\n' ' ')"
  kill "$server_pid"; wait "$server_pid" || true
  trap - EXIT
  echo "run $run: $result"
  echo "run $run: batches: $metrics"
  echo "run $run: database: $(verify_acked "$uri" "$work/acked" || echo FAILED)"
done

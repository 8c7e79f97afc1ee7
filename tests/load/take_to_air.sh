#!/usr/bin/env bash
# Issue 5's take-to-air benchmark across the real processes on loopback: a fresh database in a
# private cluster (var/bench-take-pg), a live episode, the questions server, the overlay engine
# (1080p50, recording the episode with x264 as on show day) and take_to_air_bench (the real
# console, offscreen), which takes TAKES questions to air with the keys and measures each from the
# key press to the engine's first programme frame with the graphic. Target: p99 <= 60 ms.
#   tests/load/take_to_air.sh                       # TAKES=200; builds the release preset
#   SPORAZUM_BUILD_DIR=build/h-bench tests/load/take_to_air.sh   # another build, not rebuilt
# Prints one JSON object: the bench's figures, the engine's frame statistics (dropped frames) and
# the load average before and after. The run's files stay in var/bench-take (logs, recording).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"
takes="${TAKES:-200}"
if [[ -z "${SPORAZUM_BUILD_DIR:-}" ]]; then
  "$root/ops/build.sh" release >&2
fi
build_dir="$(realpath "$build_dir")"
server_bin="$build_dir/questions_server/app/sporazum-questions-server"
overlay_bin="$build_dir/overlay/app/sporazum-overlay"
bench_bin="$build_dir/studio/bench/take_to_air_bench"
for bin in "$server_bin" "$overlay_bin" "$bench_bin"; do
  [[ -x "$bin" ]] || { echo "take_to_air: $bin is missing (build it first)" >&2; exit 1; }
done

work="$root/var/bench-take"
pgdir="$root/var/bench-take-pg"
pg_port=54341
server_pid=""
engine_pid=""
cleanup() {
  # The engine first (it closes its recording and reports it), then the server, then PostgreSQL.
  if [[ -n "$engine_pid" ]]; then
    kill -TERM "$engine_pid" 2>/dev/null || true
    wait "$engine_pid" 2>/dev/null || true
  fi
  if [[ -n "$server_pid" ]]; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  SPORAZUM_PG_PORT="$pg_port" "$root/ops/pg-cluster.sh" stop "$pgdir" >/dev/null 2>&1 || true
}
trap cleanup EXIT

rm -rf "$work"
mkdir -p "$work/recordings"
chmod 700 "$work"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "take_to_air: $takes takes; load before: $load_before" >&2

base="$(start_bench_cluster "$pgdir" "$pg_port")"
uri="$(fresh_database "$base" take_to_air)"
server() { "$server_bin" "$@" --database "$uri" --log-level warn; }
server migrate >/dev/null

# Accounts with throw-away passwords for a throw-away database; the engine's token in a 0600 file.
new_password() { head -c 18 /dev/urandom | base64 | tr '+/' '-_'; }
export SPORAZUM_BENCH_PRODUCER_PASSWORD SPORAZUM_BENCH_MODERATOR_PASSWORD
SPORAZUM_BENCH_PRODUCER_PASSWORD="$(new_password)"
SPORAZUM_BENCH_MODERATOR_PASSWORD="$(new_password)"
printf '%s\n' "$SPORAZUM_BENCH_PRODUCER_PASSWORD" |
  server staff add producer1 --name "Producer 1" --role producer >/dev/null
printf '%s\n' "$SPORAZUM_BENCH_MODERATOR_PASSWORD" |
  server staff add moderator1 --name "Moderator 1" --role moderator >/dev/null
new_password | server staff add engine-main --name "Main engine" --role engine >/dev/null
(umask 077 && server staff engine-token engine-main | head -n 1 >"$work/engine-main.token")

server episode new "Take to air" --number 1 >/dev/null
server episode start 1 >/dev/null

# Limits raised for the benchmark only: one viewer asks all the questions.
"$server_bin" serve --database "$uri" --port 0 --port-file "$work/port" --log-level warn \
  --rate-per-connection 1000/60000 --rate-per-address 5000/60000 2>"$work/server.log" &
server_pid=$!
port="$(wait_port_file "$work/port")"

"$overlay_bin" --server "ws://127.0.0.1:$port/ws/staff" --name main \
  --token-file "$work/engine-main.token" --format 1080p50 --record-dir "$work/recordings" \
  --stats-file "$work/engine-stats.json" 2>"$work/engine.log" &
engine_pid=$!
# Linked (its session is ready) and recording the live episode; then a few seconds for the
# encoders to settle. The bench also waits for the engine's health to reach the console.
linked=false
for _ in $(seq 300); do
  if grep -q 'engine_link.ready' "$work/engine.log" && grep -q 'recorder.opened' "$work/engine.log"
  then
    linked=true
    break
  fi
  kill -0 "$engine_pid" 2>/dev/null || break
  sleep 0.1
done
if ! $linked; then
  tail -n 20 "$work/engine.log" >&2
  echo "take_to_air: the engine did not link to the server and start recording" >&2
  exit 1
fi
sleep 3

bench_status=0
"$bench_bin" --server "ws://127.0.0.1:$port" --producer producer1 --moderator moderator1 \
  --takes "$takes" --samples-file "$work/samples.txt" >"$work/bench.json" 2>"$work/bench.log" ||
  bench_status=$?
if ((bench_status != 0)); then
  tail -n 20 "$work/bench.log" >&2
  echo "take_to_air: the bench failed (exit $bench_status); logs in $work" >&2
  exit 1
fi

kill -TERM "$engine_pid"
wait "$engine_pid" || true
engine_pid=""
kill -TERM "$server_pid"
wait "$server_pid" || true
server_pid=""
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "take_to_air: load after: $load_after" >&2
engine_stats="$(cat "$work/engine-stats.json" 2>/dev/null || echo null)"
recording_bytes="$(cat "$work/recordings"/*.ts 2>/dev/null | wc -c)"
printf '{"bench":%s,"engine":%s,"recordingBytes":%s,"loadBefore":"%s","loadAfter":"%s"}\n' \
  "$(cat "$work/bench.json")" "$engine_stats" "$recording_bytes" "$load_before" "$load_after"

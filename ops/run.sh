#!/usr/bin/env bash
# The main job: the whole show on this machine. Installs what is missing, builds, starts the
# private database (or uses the one given), applies migrations, makes the accounts the show needs
# once, starts a live episode if none is, then runs together until Ctrl-C:
#   - the questions server (viewer page, moderation desk, the studio's and engines' socket),
#   - an overlay engine (test source, recording each live episode to var/recordings, an HLS
#     preview in var/show/hls, a window when there is a display),
#   - the studio console (when there is a display), logged in as the producer,
#   - optionally simulated viewers sending questions in the show's four languages.
#   ops/run.sh [--simulate-viewers N] [--server-only] [--database URI] [server options…]
# Runbook for show day: ops/RUNBOOK.md.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

viewers=0
serverOnly=false
uri="${SPORAZUM_DATABASE_URL:-}"
serverArgs=()
while (($#)); do
  case "$1" in
    --simulate-viewers) viewers="$2"; shift 2 ;;
    --simulate-viewers=*) viewers="${1#*=}"; shift ;;
    --server-only) serverOnly=true; shift ;;
    --database) uri="$2"; serverArgs+=("$1" "$2"); shift 2 ;;
    --database=*) uri="${1#--database=}"; serverArgs+=("$1"); shift ;;
    *) serverArgs+=("$1"); shift ;;
  esac
done
if ! [[ "$viewers" =~ ^[0-9]+$ ]]; then
  echo "run: --simulate-viewers needs a number" >&2
  exit 2
fi

"$here/ops/install-deps.sh"
"$here/ops/build.sh" release >&2
build="$here/build/release"
server="$build/questions_server/app/sporazum-questions-server"

if [[ -z "$uri" ]]; then
  uri="$("$here/ops/pg-cluster.sh" start)"
  echo "run: private PostgreSQL cluster in var/pg is running" >&2
fi
# Passed through the environment, so the password stays out of the process list.
export SPORAZUM_DATABASE_URL="$uri"
"$server" migrate >&2

# Secrets of this machine's show, made once, readable by this user only (var/ is git-ignored).
show="$here/var/show"
mkdir -p "$show" && chmod 700 "$show"
accounts="$("$server" staff list)"
if ! grep -q '^admin\b' <<<"$accounts"; then
  # The first desk account: its password is shown here only, never stored.
  password="$(head -c 15 /dev/urandom | base64 | tr '+/' '-_')"
  printf '%s\n' "$password" | "$server" staff add admin --name "Admin" --role admin >&2
  echo "run: first desk account: admin / $password  (change it: $server staff reset-password admin)" >&2
fi
if ! grep -q '^producer\b' <<<"$accounts"; then
  (umask 077 && head -c 15 /dev/urandom | base64 | tr '+/' '-_' >"$show/producer.password")
  "$server" staff add producer --name "Producer" --role producer <"$show/producer.password" >&2
fi
if ! grep -q '^engine-main\b' <<<"$accounts" || [[ ! -s "$show/engine-main.token" ]]; then
  grep -q '^engine-main\b' <<<"$accounts" ||
    head -c 24 /dev/urandom | base64 | "$server" staff add engine-main --name "Main engine" --role engine >&2
  (umask 077 && "$server" staff engine-token engine-main | head -n 1 >"$show/engine-main.token")
fi

# A show needs a live episode: the newest one is started if none is live (the console starts and
# ends them from then on).
# `episode list`: number, id, state, air date, title.
if ! "$server" episode list | awk -F'\t' '$3 == "live" {found = 1} END {exit !found}'; then
  if ! "$server" episode list | awk -F'\t' '$3 == "planned" {found = 1} END {exit !found}'; then
    "$server" episode new "Sporazum" --air-date "$(date -u +%F)" >&2
  fi
  number="$("$server" episode list | awk -F'\t' '$3 == "planned" {print $1; exit}')"
  "$server" episode start "$number" >&2
fi
"$server" episode status >&2

port="${SPORAZUM_PORT:-8080}"
pids=()
serverPid=""
enginePid=""
stop_all() {
  trap - INT TERM EXIT
  # Viewers and console first; then the engine, which closes its recording and reports it while
  # the server is still there to store the report; the server last.
  for pid in "${pids[@]}"; do
    [[ "$pid" == "$serverPid" || "$pid" == "$enginePid" ]] || kill -TERM "$pid" 2>/dev/null || true
  done
  if [[ -n "$enginePid" ]]; then
    kill -TERM "$enginePid" 2>/dev/null || true
    wait "$enginePid" 2>/dev/null || true
  fi
  [[ -n "$serverPid" ]] && kill -TERM "$serverPid" 2>/dev/null
  wait || true
}
trap stop_all INT TERM EXIT

# Each part runs in a session of its own, so Ctrl-C reaches only this script, which stops the parts
# in order (a server that saw Ctrl-C itself would quit before the engine reports its recording).
# The archive's files are served from where sporazum-archive puts them by default (var/archive
# here); a later --archive-dir among the arguments wins.
setsid "$server" serve --port "$port" --archive-dir "$here/var/archive" "${serverArgs[@]}" &
serverPid=$!
pids+=("$serverPid")
for _ in $(seq 100); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
echo "run: viewer page at http://127.0.0.1:${port}/  moderation desk at http://127.0.0.1:${port}/moderate" >&2

if ! $serverOnly; then
  engineOutputs=(--output "hls:$show/hls")
  [[ -n "${DISPLAY:-}" ]] && engineOutputs+=(--output window)
  setsid "$build/overlay/app/sporazum-overlay" --server "ws://127.0.0.1:$port/ws/staff" --name main \
    --token-file "$show/engine-main.token" --record-dir "$here/var/recordings" \
    "${engineOutputs[@]}" &
  enginePid=$!
  pids+=("$enginePid")
  echo "run: engine 'main' records live episodes to var/recordings; HLS preview in var/show/hls" >&2
  if [[ -n "${DISPLAY:-}" ]]; then
    setsid "$build/studio/sporazum-studio" --server "ws://127.0.0.1:$port/ws/staff" --user producer \
      --password-file "$show/producer.password" &
    pids+=($!)
    echo "run: studio console on $DISPLAY, logged in as 'producer'" >&2
  else
    echo "run: no display: the studio console is not started (producer password: var/show/producer.password)" >&2
  fi
fi

if ((viewers > 0)); then
  # One question every few seconds from N phones, spread over loopback addresses.
  setsid "$build/tests/load/sporazum-loadgen" --url "ws://127.0.0.1:$port/ws/viewer" \
    --connections "$viewers" --sources "$(((viewers < 50) ? viewers : 50))" \
    --rate 0.3 --duration 86400 --reconnect --texts "$here/assets/demo/viewer-questions.tsv" \
    >"$show/viewers.json" &
  pids+=($!)
  echo "run: $viewers simulated viewers send a question every ~3 s" >&2
fi
echo "run: Ctrl-C stops everything" >&2
wait -n

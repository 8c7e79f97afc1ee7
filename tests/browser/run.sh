#!/usr/bin/env bash
# Runs the browser tests (viewer page, moderation desk, public archive) against a real
# questions_server and Debian's Chromium.
#
#   tests/browser/run.sh SERVER_BINARY [--database URI] [--archive-binary PATH] [TEST_FILE...]
#
# With no TEST_FILE every *.test.mjs here runs; e.g. tests/browser/moderate.test.mjs runs only the desk.
# The archive test ingests a clip with sporazum-archive: --archive-binary, else the one built beside
# the server (BUILD/archive/sporazum-archive for BUILD/questions_server/app/SERVER).
# Without --database the PostgreSQL named by the PG* environment is used, e.g. under
#   pg_virtualenv -o 'lc_messages=C' tests/browser/run.sh build/dev/questions_server/app/questions_server
# The server applies its migrations at start. Exits with node's exit code.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)

die() { echo "run.sh: $*" >&2; exit 2; }
usage() { die "usage: $0 SERVER_BINARY [--database URI] [--archive-binary PATH] [TEST_FILE...]"; }

[[ $# -ge 1 ]] || usage
server=$1
shift
[[ -x $server ]] || die "not an executable: $server"
server=$(cd "$(dirname "$server")" && pwd)/$(basename "$server")

uri=""
archive=""
tests=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --database) [[ $# -ge 2 ]] || usage; uri=$2; shift 2 ;;
    --database=*) uri=${1#--database=}; shift ;;
    --archive-binary) [[ $# -ge 2 ]] || usage; archive=$2; shift 2 ;;
    --archive-binary=*) archive=${1#--archive-binary=}; shift ;;
    -*) usage ;;
    *) [[ -f $1 ]] || die "no such test file: $1"; tests+=("$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"); shift ;;
  esac
done
[[ ${#tests[@]} -gt 0 ]] || tests=(tests/browser/)
[[ -n $archive ]] || archive=$(dirname "$server")/../../archive/sporazum-archive
if [[ -x $archive ]]; then
  archive=$(cd "$(dirname "$archive")" && pwd)/$(basename "$archive")
else
  archive=""   # archive.test.mjs then fails and says what is missing; the other tests still run
fi

if [[ -z $uri ]]; then
  [[ -n ${PGHOST:-}${PGPORT:-}${PGDATABASE:-}${PGSERVICE:-} ]] \
    || die "no --database URI and no PG* environment (run under pg_virtualenv, or pass --database)"
  # A URI spelled out from the PG* variables, so the server and its CLI get the same explicit target.
  uri=$(node -e '
    const e = process.env, enc = encodeURIComponent;
    const auth = e.PGUSER ? enc(e.PGUSER) + (e.PGPASSWORD ? ":" + enc(e.PGPASSWORD) : "") + "@" : "";
    const host = e.PGHOST ? enc(e.PGHOST) : "";
    const port = e.PGPORT ? ":" + e.PGPORT : "";
    process.stdout.write(`postgresql://${auth}${host}${port}/${enc(e.PGDATABASE || e.PGUSER || "postgres")}`);
  ')
fi

command -v node >/dev/null || die "node is not installed"
[[ -x ${CHROMIUM:-/usr/bin/chromium} ]] || die "Chromium not found at ${CHROMIUM:-/usr/bin/chromium} (apt-get install chromium)"

workdir=$(mktemp -d)
port_file=$workdir/port
log=$workdir/server.log
server_pid=""

cleanup() {
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$server_pid" 2>/dev/null && kill -9 "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$workdir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

show_log() { echo "---- server log (last 50 lines) ----" >&2; tail -n 50 "$log" >&2 || true; }

"$server" serve --listen 127.0.0.1 --port 0 --port-file "$port_file" --database "$uri" >"$log" 2>&1 &
server_pid=$!

port=""
for _ in $(seq 300); do                       # up to 30 s: migrations on a fresh cluster
  if [[ -s $port_file ]]; then
    port=$(tr -d '[:space:]' <"$port_file")
    [[ $port =~ ^[0-9]+$ ]] && break
    port=""
  fi
  kill -0 "$server_pid" 2>/dev/null || { show_log; die "the server exited before it was listening"; }
  sleep 0.1
done
[[ -n $port ]] || { show_log; die "no port in $port_file after 30 s"; }

"$server" episode new "Test" --database "$uri" || { show_log; die "episode new failed"; }
"$server" questions open --database "$uri" || { show_log; die "questions open failed"; }

if [[ ! -d $here/node_modules/playwright-core ]]; then
  (cd "$here" && npm ci --prefer-offline --no-audit --no-fund)
fi

rc=0
(cd "$repo" && SPORAZUM_URL="http://127.0.0.1:$port/" \
  SPORAZUM_SERVER_BINARY="$server" SPORAZUM_DATABASE="$uri" SPORAZUM_ARCHIVE_BINARY="$archive" \
  node --test "${tests[@]}") || rc=$?
[[ $rc -eq 0 ]] || show_log
exit "$rc"

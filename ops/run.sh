#!/usr/bin/env bash
# The main job: installs what is missing, builds, starts the private database (or uses the one
# given), applies migrations, opens questions on an episode if there is none, and runs the
# questions server in the foreground. Ctrl-C stops it.
#   ops/run.sh [--database URI] [any sporazum-questions-server option]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$here/ops/install-deps.sh"
"$here/ops/build.sh" release >&2
server="$here/build/release/questions_server/app/sporazum-questions-server"

args=("$@")
uri="${SPORAZUM_DATABASE_URL:-}"
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[$i]}" in
    --database) uri="${args[$((i + 1))]}" ;;
    --database=*) uri="${args[$i]#--database=}" ;;
  esac
done
if [[ -z "$uri" ]]; then
  uri="$("$here/ops/pg-cluster.sh" start)"
  echo "run: private PostgreSQL cluster in var/pg is running" >&2
fi
# Passed through the environment, so the password stays out of the process list.
export SPORAZUM_DATABASE_URL="$uri"

"$server" migrate >&2
if "$server" episode status | grep -q '^no episode'; then
  "$server" episode new "Sporazum" >&2
  "$server" questions open >&2
fi
"$server" episode status >&2
# A first admin for the moderation desk, once: its password is shown here only, never stored.
if [[ -z "$("$server" staff list)" ]]; then
  password="$(head -c 15 /dev/urandom | base64 | tr '+/' '-_')"
  printf '%s\n' "$password" | "$server" staff add admin --name "Admin" --role admin >&2
  echo "run: first desk account: admin / $password  (change it: $server staff reset-password admin)" >&2
fi
port="${SPORAZUM_PORT:-8080}"
echo "run: viewer page at http://127.0.0.1:${port}/  (close questions: $server questions close)" >&2
echo "run: moderation desk at http://127.0.0.1:${port}/moderate  (accounts: $server staff add NAME --role moderator)" >&2
exec "$server" serve "$@"

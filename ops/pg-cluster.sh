#!/usr/bin/env bash
# The private PostgreSQL 15 cluster of a checkout: created on first use in var/pg (git-ignored),
# UTF-8 with the C.UTF-8 locale, listening on loopback only; started if it is not running.
# Prints the connection URI on stdout.
#   ops/pg-cluster.sh start|stop|stop-immediate|status|uri   [data dir, default var/pg]
# Environment: SPORAZUM_PG_PORT (default 54329).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
action="${1:-start}"
dir="$(realpath -m "${2:-$here/var/pg}")"
port="${SPORAZUM_PG_PORT:-54329}"
bin=/usr/lib/postgresql/15/bin
data="$dir/data"

# initdb refuses to run as root: run the server tools as the postgres user then.
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

uri() {
  printf 'postgresql://sporazum:%s@127.0.0.1:%s/sporazum\n' "$(cat "$dir/password")" "$(cat "$dir/port")"
}

create() {
  mkdir -p "$dir"
  if [[ $(id -u) -eq 0 ]]; then chown postgres:postgres "$dir"; fi
  chmod 700 "$dir"
  local password
  password="$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32)"
  umask 077
  printf '%s\n' "$password" > "$dir/password.tmp"
  if [[ $(id -u) -eq 0 ]]; then chown postgres "$dir/password.tmp"; fi
  as_owner "$bin/initdb" -D "$data" -U sporazum --pwfile="$dir/password.tmp" \
    --auth-host=scram-sha-256 --auth-local=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  mv "$dir/password.tmp" "$dir/password"
  printf '%s\n' "$port" > "$dir/port"
  # Loopback only; durability settings stated, not assumed.
  as_owner sh -c "cat >> '$data/postgresql.conf'" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
fsync = on
synchronous_commit = on
full_page_writes = on
max_connections = 100
# Sized for a dedicated show database on this kind of machine: fewer checkpoints and smaller
# full-page images keep commit stalls down under a burst of questions.
shared_buffers = 1GB
wal_buffers = 64MB
wal_compression = lz4
min_wal_size = 1GB
max_wal_size = 8GB
checkpoint_timeout = 15min
CONF
}

running() { as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; }

start() {
  [[ -f "$data/PG_VERSION" ]] || create
  if ! running; then
    as_owner "$bin/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 start >/dev/null
    # The database named in the URI, made once.
    if ! PGPASSWORD="$(cat "$dir/password")" psql -h 127.0.0.1 -p "$(cat "$dir/port")" -U sporazum \
        -d postgres -Atc "select 1 from pg_database where datname='sporazum'" | grep -q 1; then
      PGPASSWORD="$(cat "$dir/password")" createdb -h 127.0.0.1 -p "$(cat "$dir/port")" -U sporazum \
        -E UTF8 --locale=C.UTF-8 -T template0 sporazum
    fi
  fi
}

case "$action" in
  start) start >&2; uri ;;
  uri) uri ;;
  stop) if running; then as_owner "$bin/pg_ctl" -D "$data" -w stop -m fast >/dev/null; fi ;;
  stop-immediate) as_owner "$bin/pg_ctl" -D "$data" stop -m immediate >/dev/null ;;
  status) if running; then echo running; else echo stopped; exit 3; fi ;;
  *) echo "usage: $0 start|stop|stop-immediate|status|uri [dir]" >&2; exit 2 ;;
esac

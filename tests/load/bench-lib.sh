# Shared by the benchmark and fault scripts (sourced): a private PostgreSQL cluster for benchmarks,
# a fresh database per run, the server binary, and the check that every acked question is stored
# exactly once.

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build_dir="${SPORAZUM_BUILD_DIR:-$root/build/release}"
server_bin="$build_dir/questions_server/app/sporazum-questions-server"
loadgen_bin="$build_dir/tests/load/sporazum-loadgen"

# start_bench_cluster DIR PORT: prints the cluster URI (base database "sporazum").
start_bench_cluster() {
  SPORAZUM_PG_PORT="$2" "$root/ops/pg-cluster.sh" start "$1"
}

# fresh_database BASE_URI NAME: drops and creates NAME; prints its URI.
fresh_database() {
  local base="$1" name="$2"
  psql -X -q "$base" -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null
  psql -X -q "$base" -c "CREATE DATABASE $name TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'" >/dev/null
  printf '%s\n' "${base%/*}/$name"
}

# open_questions URI: migrates, creates an episode and opens questions.
open_questions() {
  "$server_bin" episode new "Benchmark" --database "$1" >/dev/null
  "$server_bin" questions open --database "$1" >/dev/null
}

# wait_port_file FILE: waits up to 60 s for the server's port file; prints the port.
wait_port_file() {
  for _ in $(seq 600); do
    if [[ -s "$1" ]]; then cat "$1"; return 0; fi
    sleep 0.1
  done
  echo "server did not start" >&2
  return 1
}

# verify_acked URI ACKED_FILE: prints a JSON object; exits non-zero when an acked question is
# missing or any question is stored twice.
verify_acked() {
  local uri="$1" acked="$2"
  local result
  result="$(psql -X -q -At "$uri" -v ON_ERROR_STOP=1 <<SQL
CREATE TEMP TABLE acked(client_id uuid);
\copy acked FROM '$acked'
SELECT json_build_object(
  'acked_ids', (SELECT count(*) FROM acked),
  'acked_distinct', (SELECT count(DISTINCT client_id) FROM acked),
  'rows', (SELECT count(*) FROM questions),
  'distinct_ids', (SELECT count(DISTINCT client_id) FROM questions),
  'acked_missing', (SELECT count(*) FROM acked a WHERE NOT EXISTS (SELECT 1 FROM questions q WHERE q.client_id = a.client_id)),
  'stored_not_acked', (SELECT count(*) FROM questions q WHERE NOT EXISTS (SELECT 1 FROM acked a WHERE a.client_id = q.client_id))
);
SQL
)"
  result="$(tail -n 1 <<<"$result")"
  printf '%s\n' "$result"
  acked_all_stored_once "$result"
}

# Fails unless acked_missing is 0 and rows == distinct_ids (no duplicates).
acked_all_stored_once() {
  local missing rows distinct
  missing="$(sed -E 's/.*"acked_missing" : ([0-9]+).*/\1/' <<<"$1")"
  rows="$(sed -E 's/.*"rows" : ([0-9]+).*/\1/' <<<"$1")"
  distinct="$(sed -E 's/.*"distinct_ids" : ([0-9]+).*/\1/' <<<"$1")"
  [[ "$missing" == 0 && "$rows" == "$distinct" ]]
}

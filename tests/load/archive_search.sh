#!/usr/bin/env bash
# Issue 6's archive search benchmark: archive_search_bench on a private cluster
# (var/bench-archive-pg). The archive (500 episodes, 500,000 aired questions) is generated into a
# fresh database first (then ANALYZE and a CHECKPOINT); each of RUNS runs then times SEARCHES
# searches of a realistic mix through ArchiveStore::search (client side, round trip included).
# Target: p95 <= 10 ms.
#   tests/load/archive_search.sh                                  # RUNS=3; builds the release preset
#   SPORAZUM_BUILD_DIR=build/h-archive tests/load/archive_search.sh   # another build, not rebuilt
#   KEEP=1 ...   searches the archive the last invocation generated instead of a fresh one
# Prints one JSON object: each run's figures, the median of p50/p95/p99 across runs, and the load
# average before and after. Exits non-zero when the median p95 misses the target.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"
runs="${RUNS:-3}"
searches="${SEARCHES:-1200}"
if [[ -z "${SPORAZUM_BUILD_DIR:-}" ]]; then
  "$root/ops/build.sh" release >&2
fi
build_dir="$(realpath "$build_dir")"
bench_bin="$build_dir/questions_server/pg_store/archive_search_bench"
[[ -x "$bench_bin" ]] || { echo "archive_search: $bench_bin is missing (build it first)" >&2; exit 1; }

pgdir="$root/var/bench-archive-pg"
pg_port=54343
cleanup() {
  SPORAZUM_PG_PORT="$pg_port" "$root/ops/pg-cluster.sh" stop "$pgdir" >/dev/null 2>&1 || true
}
trap cleanup EXIT

base="$(start_bench_cluster "$pgdir" "$pg_port")"
if [[ "${KEEP:-0}" == 1 ]]; then
  uri="${base%/*}/archive_search"
else
  uri="$(fresh_database "$base" archive_search)"
fi
generated="$("$bench_bin" --database "$uri" --searches 0)"
echo "archive_search: archive: $generated" >&2
# The generator wrote ~1 GB of WAL: its checkpoint runs now, not in the middle of a measurement.
psql -X -q "$uri" -c CHECKPOINT
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "archive_search: $runs runs of $searches searches; load before: $load_before" >&2

results=()
for run in $(seq "$runs"); do
  result="$("$bench_bin" --database "$uri" --searches "$searches" || true)"
  [[ -n "$result" ]] || { echo "archive_search: run $run failed" >&2; exit 1; }
  echo "archive_search: run $run: $(jq -c '{p50_ms, p95_ms, p99_ms, max_ms}' <<<"$result")" >&2
  results+=("$result")
done

summary="$(printf '%s\n' "${results[@]}" | jq -s --arg before "$load_before" --arg generated "$generated" \
  --arg after "$(cut -d' ' -f1-3 /proc/loadavg)" '
  def median: sort | .[(length / 2 | floor)];
  {runs: [.[] | {p50_ms, p95_ms, p99_ms, max_ms, mean_ms, searches, zero_hit_searches,
                 mean_hits, errors, zero_hit_examples, by_kind, slowest, loadavg_before,
                 loadavg_after}],
   episodes: .[0].episodes, aired_questions: .[0].aired_questions,
   generate_seconds: ($generated | fromjson | .generate_seconds),
   median_p50_ms: ([.[].p50_ms] | median), median_p95_ms: ([.[].p95_ms] | median),
   median_p99_ms: ([.[].p99_ms] | median), median_max_ms: ([.[].max_ms] | median),
   target_p95_ms: 10, load_before: $before, load_after: $after}')"
printf '%s\n' "$summary"
jq -e '.median_p95_ms <= 10' <<<"$summary" >/dev/null

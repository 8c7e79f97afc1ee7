#!/usr/bin/env bash
# Runs every test: installs what is missing, builds the ci preset, checks format and layering,
# then runs ctest (all labels) inside a throw-away PostgreSQL 15 cluster (pg_virtualenv) with
# fsync on. Extra arguments go to ctest, e.g. ops/test.sh -L unit.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
"$here/ops/install-deps.sh"
"$here/ops/lint/check-format.sh"
"$here/ops/lint/check-layering.sh"
"$here/ops/build.sh" ci
pg_virtualenv -v 15 -o fsync=on -o synchronous_commit=on \
  ctest --preset ci --timeout 900 "$@"

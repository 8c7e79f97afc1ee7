#!/usr/bin/env bash
# Configures and builds one CMake preset (default: release). Used by run.sh and test.sh.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
preset="${1:-release}"
cd "$here"
if [[ ! -f "build/$preset/build.ninja" ]]; then cmake --preset "$preset" >/dev/null; fi
cmake --build --preset "$preset" -j"$(nproc)"

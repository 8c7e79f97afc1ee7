#!/usr/bin/env bash
# Every C++ file of ours must match .clang-format (clang-format 14, pinned).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$here"
mapfile -t files < <(git ls-files --cached --others --exclude-standard '*.cpp' '*.hpp')
((${#files[@]})) || exit 0
if ! clang-format-14 --dry-run -Werror "${files[@]}" 2>/tmp/sporazum-format.log; then
  grep -E '^[^ ].*error' /tmp/sporazum-format.log | cut -d: -f1 | sort -u | sed 's/^/not formatted: /'
  echo "check-format: run clang-format-14 -i on the files above" >&2
  exit 1
fi
echo "check-format: ${#files[@]} files ok"

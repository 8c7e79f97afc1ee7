#!/usr/bin/env bash
# Each third-party I/O library is included only by its one adapter (STYLE.md, "The shape of the
# house"). A blunt grep, on purpose: it cannot be fooled by build settings.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$here"
status=0
# pattern | folders allowed to include it
rules=(
  '<websocketpp/|<asio|questions_server/ws_transport/'
  '<pqxx/|<libpq|questions_server/pg_store/'
  '<gst/|overlay/engine/'
  '<pango|<cairo|<qrencode|<fontconfig|<hb\.h|overlay/renderer/'
  '<libav|media/'
  '<Q[A-Za-z]|<qt|studio/'
)
mapfile -t files < <(git ls-files --cached --others --exclude-standard '*.cpp' '*.hpp' '*.h')
for rule in "${rules[@]}"; do
  allowed="${rule##*|}"
  pattern="${rule%|*}"
  for file in "${files[@]}"; do
    case "$file" in "$allowed"*) continue ;; esac
    if grep -nE "^\s*#\s*include\s*($pattern)" "$file" >/dev/null; then
      grep -nE "^\s*#\s*include\s*($pattern)" "$file" | sed "s|^|$file:|"
      echo "check-layering: $file includes a library that only $allowed may use" >&2
      status=1
    fi
  done
done
# Pure code (core/, hub/) includes no third-party I/O library at all: covered by the rules above.
[[ $status -eq 0 ]] && echo "check-layering: ok"
exit $status

#!/usr/bin/env bash
# Refreshes the console's pictures in studio/docs: the console on Xvfb (1920×1080, platform xcb)
# against the test server filled with a realistic show (tests/realistic_show.cpp), in English
# and Serbian. Usage: studio/docs/make-screenshots.sh [BUILD_DIR]   (default: build/dev)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="${1:-$root/build/dev}"
command -v xvfb-run >/dev/null || { echo "make-screenshots: needs xvfb-run (apt install xvfb)" >&2; exit 1; }
cmake --build "$build" --target studio_screenshot_test
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
SPORAZUM_SCREENSHOT_DIR="$out" QT_QPA_PLATFORM=xcb \
  xvfb-run -a -s "-screen 0 1920x1080x24" "$build/studio/studio_screenshot_test"
for name in console console-sr console-episodes console-episodes-sr; do
  cp "$out/$name.png" "$here/$name.png"
  echo "make-screenshots: $here/$name.png"
done

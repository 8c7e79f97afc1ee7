#!/usr/bin/env bash
# The engine's no-drop run: 1080p50 test source, graphics (lower third, logo, ticker) taken and
# cleared every 2 seconds, x264 to an MPEG-TS recording, for 10 minutes (DURATION seconds).
# Prints the engine's counters and the frames counted in the recording.
#   tests/load/overlay_run.sh            # DURATION=600 PRESET=superfast FORMAT=1080p50 OVERLAY_BIN=…
# EXTRA_OUTPUTS adds outputs (space-separated), e.g. "graphics:record:/tmp/key.ts"; RESULT_DIR keeps
# the run's files somewhere else than var/overlay-run.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
duration="${DURATION:-600}"
preset="${PRESET:-superfast}"
format="${FORMAT:-1080p50}"
# OVERLAY_BIN runs another build of the same code (e.g. the ci preset) instead of building release.
bin="${OVERLAY_BIN:-$root/build/release/overlay/app/sporazum-overlay}"
[[ -n "${OVERLAY_BIN:-}" ]] || "$root/ops/build.sh" release >&2
work="${RESULT_DIR:-$root/var/overlay-run}"
extra=()
for output in ${EXTRA_OUTPUTS:-}; do extra+=(--output "$output"); done
rm -rf "$work" && mkdir -p "$work"
echo "overlay_run: $format, x264 $preset, ${duration} s; load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
"$bin" --format "$format" --preset "$preset" \
  --output "record:$work/programme.ts" "${extra[@]}" --demo-cycle 2 --duration-seconds "$duration" \
  --stats-file "$work/stats.json" 2>"$work/engine.log"
# An independent count: the video access units in the recording.
recorded=$(gst-launch-1.0 -v filesrc location="$work/programme.ts" ! tsdemux ! h264parse ! \
  video/x-h264,alignment=au ! fakesink silent=false 2>/dev/null | grep -c 'chain   \*\*\*' || true)
echo "overlay_run: load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
printf '{"format":"%s","preset":"%s","engine":%s,"recordedVideoFrames":%s,"recordingBytes":%s}\n' \
  "$format" "$preset" "$(cat "$work/stats.json")" "$recorded" "$(stat -c %s "$work/programme.ts")"

#!/usr/bin/env bash
# Issue 6's archive ingest benchmark: our one pass (media/bench/ingest_bench: probe, EBU R 128
# loudness, thumbnails, web proxy and SHA-256 together) against the equivalent ffmpeg/ffprobe
# command-line passes one after another, in the same run, on the same file. Target: ours <= 0.5 x
# the command line's total.
#   tests/load/archive_ingest.sh                      # builds ingest_bench in the release preset
#   SPORAZUM_BUILD_DIR=build/h-bench tests/load/archive_ingest.sh   # another build, not rebuilt
# The programme (10 min, 1080p25, H.264 8 Mbit/s superfast zerolatency with 1 s GOPs + AAC stereo
# 48 kHz in MPEG-TS, as the overlay engine records) is generated once and cached in
# var/archive-bench/. Prints one JSON object; the run's outputs stay in var/archive-bench/run.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
if [[ -z "${SPORAZUM_BUILD_DIR:-}" ]]; then
  [[ -f "$root/build/release/build.ninja" ]] || cmake --preset release -S "$root" >/dev/null
  cmake --build "$root/build/release" --target ingest_bench >&2
  build_dir="$root/build/release"
else
  build_dir="$(realpath "$SPORAZUM_BUILD_DIR")"
fi
bench_bin="$build_dir/media/ingest_bench"
[[ -x "$bench_bin" ]] || { echo "archive_ingest: $bench_bin is missing (build it first)" >&2; exit 1; }

cache="$root/var/archive-bench"
programme="$cache/programme-1080p25-10min.ts"
mkdir -p "$cache"
if [[ ! -s "$programme" ]]; then
  echo "archive_ingest: generating $programme (once; about 5 minutes)" >&2
  ffmpeg -hide_banner -nostdin -v error -y \
    -f lavfi -i "testsrc2=size=1920x1080:rate=25" \
    -f lavfi -i "sine=frequency=440:sample_rate=48000:beep_factor=4" -t 600 \
    -map 0:v -map 1:a -c:v libx264 -preset superfast -tune zerolatency \
    -b:v 8M -maxrate 8M -bufsize 4M -g 25 -pix_fmt yuv420p \
    -c:a aac -b:a 192k -ac 2 -f mpegts "$programme.part"
  mv "$programme.part" "$programme"
fi

# The same settings on both sides (media/src: ProxySettings, kProxyScaleFlags, Thumbnailer).
interval=60
proxy_height=360
proxy_preset=veryfast
proxy_crf=23
audio_kbps=128
deinterlace="bwdif=mode=send_frame:parity=auto:deint=interlaced"
chapters=("30:90:Pitanje 1: Ђаковица / Đakovica" "120:200:Pyetja 2: çka po ndodh në Mitrovicë?")

work="$cache/run"
rm -rf "$work"
mkdir -p "$work/cli" "$work/ours"

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

probe_json="$(ffprobe -v error -show_format -show_streams -of json "$programme")"
start="$(jq -r '.format.start_time' <<<"$probe_json")"
duration="$(jq -r '.format.duration' <<<"$probe_json")"
width="$(jq -r '[.streams[] | select(.codec_type == "video")][0].width' <<<"$probe_json")"
height="$(jq -r '[.streams[] | select(.codec_type == "video")][0].height' <<<"$probe_json")"
proxy_width=$(( (proxy_height * width / height + 1) / 2 * 2 ))
poster_at="$(awk -v s="$start" -v d="$duration" 'BEGIN { printf "%.6f", s + d * 0.1 }')"

# The chapter marks as ours writes them: MP4 chapters divide the timeline, gaps are untitled.
{
  echo ";FFMETADATA1"
  covered=0
  for chapter in "${chapters[@]}"; do
    IFS=: read -r from to title <<<"$chapter"
    if (( from > covered )); then
      printf '[CHAPTER]\nTIMEBASE=1/1000\nSTART=%d\nEND=%d\ntitle=\n' $((covered * 1000)) $((from * 1000))
    fi
    printf '[CHAPTER]\nTIMEBASE=1/1000\nSTART=%d\nEND=%d\ntitle=%s\n' $((from * 1000)) $((to * 1000)) "$title"
    covered=$to
  done
  end_ms="$(awk -v d="$duration" 'BEGIN { printf "%d", d * 1000 }')"
  printf '[CHAPTER]\nTIMEBASE=1/1000\nSTART=%d\nEND=%d\ntitle=\n' $((covered * 1000)) "$end_ms"
} >"$work/chapters.ffmeta"

cat "$programme" >/dev/null  # both sides read it from the page cache
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "archive_ingest: load before: $load_before" >&2

ff() { ffmpeg -hide_banner -nostdin -nostats "$@"; }

t0="$(now)"
ffprobe -v error -show_format -show_streams -of json "$programme" >"$work/cli/probe.json"
t1="$(now)"
ff -v info -i "$programme" -map 0:a:0 -af ebur128=peak=true -f null - 2>"$work/cli/ebur128.log"
t2="$(now)"
# Thumbnails: the first frame and one every 60 s, plus the poster at 10 %, deinterlaced, square
# pixels, 360 lines, full-range JPEG at q 3; selected before scaling, as ours scales only those.
thumb_scale="scale=${proxy_width}:${proxy_height}:flags=bicubic+accurate_rnd:out_range=full:out_color_matrix=bt601,format=yuvj420p"
ff -v error -i "$programme" -filter_complex \
  "[0:v:0]${deinterlace},split=2[a][b];[a]select='isnan(prev_selected_t)+gte(t-prev_selected_t\\,${interval})',${thumb_scale}[thumbs];[b]select='isnan(prev_selected_t)*gte(t\\,${poster_at})',${thumb_scale}[poster]" \
  -map "[thumbs]" -fps_mode vfr -q:v 3 "$work/cli/thumb_%03d.jpg" \
  -map "[poster]" -frames:v 1 -q:v 3 "$work/cli/poster.jpg"
t3="$(now)"
ff -v error -i "$programme" -i "$work/chapters.ffmeta" -map 0:v:0 -map 0:a:0 -map_chapters 1 \
  -vf "${deinterlace},scale=${proxy_width}:${proxy_height}:flags=bilinear" \
  -c:v libx264 -preset "$proxy_preset" -crf "$proxy_crf" -pix_fmt yuv420p \
  -c:a aac -b:a "${audio_kbps}k" -ac 2 -ar 48000 -movflags +faststart -y "$work/cli/proxy.mp4"
t4="$(now)"
cli_sha="$(sha256sum "$programme" | cut -d' ' -f1)"
t5="$(now)"

chapter_args=()
for chapter in "${chapters[@]}"; do chapter_args+=(--chapter "$chapter"); done
t6="$(now)"
"$bench_bin" "$programme" "$work/ours" --proxy-height "$proxy_height" --interval "$interval" \
  "${chapter_args[@]}" >"$work/ours.json"
t7="$(now)"
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

cli_integrated="$(grep -A1 'Integrated loudness' "$work/cli/ebur128.log" | sed -n 's/.*I: *\(-\?[0-9.]*\) LUFS.*/\1/p' | tail -1)"
jq -n \
  --arg probe "$(elapsed "$t0" "$t1")" --arg ebur "$(elapsed "$t1" "$t2")" \
  --arg thumbs "$(elapsed "$t2" "$t3")" --arg proxy "$(elapsed "$t3" "$t4")" \
  --arg sha "$(elapsed "$t4" "$t5")" --arg total "$(elapsed "$t0" "$t5")" \
  --arg ours "$(elapsed "$t6" "$t7")" --arg before "$load_before" --arg after "$load_after" \
  --arg cliSha "$cli_sha" --arg cliI "${cli_integrated:-}" \
  --arg cliProxyBytes "$(stat -c %s "$work/cli/proxy.mp4")" \
  --arg cliThumbs "$(find "$work/cli" -name '*.jpg' | wc -l)" \
  --slurpfile result "$work/ours.json" '
  ($result[0]) as $o |
  {cliSeconds: {ffprobe: ($probe|tonumber), ebur128: ($ebur|tonumber),
                thumbnails: ($thumbs|tonumber), proxy: ($proxy|tonumber),
                sha256sum: ($sha|tonumber), total: ($total|tonumber)},
   oursSeconds: ($ours|tonumber),
   ratio: ((($ours|tonumber) / ($total|tonumber)) * 1000 | round / 1000),
   target: 0.5, loadBefore: $before, loadAfter: $after,
   check: {sha256Equal: ($o.master.sha256 == $cliSha),
           integratedLufs: {ours: $o.loudness.integratedLufs,
                            cli: (if $cliI == "" then null else ($cliI|tonumber) end)},
           proxyBytes: {ours: $o.proxy.bytes, cli: ($cliProxyBytes|tonumber)},
           thumbnails: {ours: ($o.thumbnails|length), cli: ($cliThumbs|tonumber)}}}'

#!/usr/bin/env bash
# Installs everything the project needs on Debian 12, once: Debian packages via apt, the browser
# test's npm packages from its lockfile. Safe to run again: it only installs what is missing.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

packages=(
  # build
  build-essential cmake ninja-build ccache pkg-config clang-format-14
  # libraries (one adapter each: see the folder READMEs)
  libwebsocketpp-dev libasio-dev libpqxx-dev libpq-dev nlohmann-json3-dev libicu-dev libsodium-dev
  # overlay: renderer (Pango/HarfBuzz/Cairo, QR codes, the on-air font) and engine (GStreamer)
  libpango1.0-dev libcairo2-dev libqrencode-dev fonts-open-sans
  libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev gstreamer1.0-tools gstreamer1.0-plugins-base
  gstreamer1.0-plugins-good gstreamer1.0-plugins-bad gstreamer1.0-plugins-ugly gstreamer1.0-libav gstreamer1.0-x
  # studio: Qt 6 Quick console (QWebSocket client, QML, translations) and its offscreen/Xvfb tests
  qt6-base-dev qt6-declarative-dev qt6-declarative-dev-tools qt6-websockets-dev qt6-tools-dev
  qt6-multimedia-dev libqt6multimedia6 qml6-module-qtmultimedia
  qt6-tools-dev-tools qt6-l10n-tools qml6-module-qtquick qml6-module-qtquick-controls
  qml6-module-qtquick-layouts qml6-module-qtquick-window qml6-module-qtquick-templates
  qml6-module-qtqml-workerscript qml6-module-qtqml qml6-module-qtqml-models qml6-module-qttest
  libgl-dev xvfb xauth
  # media: the archive's probe, loudness, thumbnails, proxies and checksums (FFmpeg libav*); the
  # ffmpeg/ffprobe commands make test media and the ingest benchmark's reference passes
  libavformat-dev libavcodec-dev libavfilter-dev libavutil-dev libswscale-dev libswresample-dev ffmpeg
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev postgresql-15 postgresql-common postgresql-contrib util-linux procps
  psmisc curl jq
  # browser tests
  chromium fonts-dejavu-core nodejs npm
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
# Node may come from outside Debian on some machines; only ask apt for it when there is none.
if command -v node >/dev/null && command -v npm >/dev/null; then
  missing=("${missing[@]/nodejs/}")
  missing=("${missing[@]/npm/}")
fi
missing=($(printf '%s\n' "${missing[@]}" | grep -v '^$' || true))

if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi

# npm packages for the browser test, exactly as locked.
browser="$here/tests/browser"
if [[ -f "$browser/package-lock.json" ]]; then
  stamp="$browser/node_modules/.installed-lock"
  if [[ ! -f "$stamp" ]] || ! cmp -s "$browser/package-lock.json" "$stamp"; then
    echo "install-deps: npm ci in tests/browser"
    (cd "$browser" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$browser/package-lock.json" "$stamp"
  fi
fi

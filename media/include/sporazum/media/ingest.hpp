#pragma once
// Ingest of a programme recording: one demux and decode pass that measures loudness, makes
// thumbnails and a web proxy, and hashes the file.

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "sporazum/core/archive.hpp"
#include "sporazum/core/result.hpp"

namespace sporazum::media {

/// What processRecording makes and how.
struct ProcessOptions {
  std::string outputDir;  ///< must exist; gets proxy.mp4, poster.jpg, thumb_SSSSSS.jpg
  int proxyHeight = 360;  ///< 360 or 540 (never above the source's height)
  bool makeProxy = true;
  std::string proxyPreset = "veryfast";  ///< libx264 preset
  int proxyCrf = 23;
  int proxyAudioBitRate = 128'000;
  int thumbnailHeight = 360;
  double thumbnailIntervalSeconds = 60;  ///< one every N s from the programme start
  std::optional<double> posterSeconds;   ///< from the programme start; default 10 % of it
  std::vector<core::Chapter> chapters;   ///< written into the proxy; times from programme start
  /// Called on the calling thread with the fraction done (0..1), at most ~200 times.
  std::function<void(double)> onProgress;
  /// Checked once per packet; when it becomes true the ingest stops with `cancelled`.
  const std::atomic<bool>* cancel = nullptr;
};

/// Reads the recording at `path` once: probe, EBU R 128 loudness of the first audio stream,
/// SHA-256 of the file, thumbnails and the proxy (written under temporary names and renamed
/// at the end). On any error or cancel, every output made so far is removed.
/// Errors: not_found, unreadable, no_streams, no_video, no_audio, truncated, corrupt, cancelled,
/// bad_options, output_failed, internal. Blocks; uses two worker threads plus libav's.
core::Result<core::IngestResult> processRecording(const std::string& path,
                                                  const ProcessOptions& options);

}  // namespace sporazum::media

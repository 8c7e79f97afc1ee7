#pragma once
// The archive's vocabulary, shared by the media code (which measures a recording), the store
// (which records it in one transaction) and the archive CLI. Pure data; names follow EBUCore
// (EBU Tech 3293) where it has one: format, duration, start, videoFormat, audioFormat, loudness.

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

namespace sporazum::core {

struct Rational {
  std::int64_t num = 0;
  std::int64_t den = 1;
  friend bool operator==(const Rational&, const Rational&) = default;
};

/// One stream of a media file as probed.
struct MediaStream {
  int index = 0;
  std::string kind;  ///< video | audio | subtitle | data | attachment | unknown
  std::string codec;
  std::string profile;
  std::int64_t bitRate = 0;  ///< bits per second; 0 unknown
  // video
  int width = 0;
  int height = 0;
  std::string pixelFormat;
  Rational frameRate;           ///< the stream's average rate (frames per second)
  Rational sampleAspectRatio;   ///< 0/1 unknown
  Rational displayAspectRatio;  ///< 0/1 unknown
  /// progressive | tt (top field first) | bb | tb | bt | unknown — as the decoder reports it.
  std::string fieldOrder;
  // audio
  int sampleRate = 0;
  int channels = 0;
  std::string channelLayout;  ///< e.g. "stereo", "5.1"
  std::string language;       ///< from the stream's tags; empty when none
  friend bool operator==(const MediaStream&, const MediaStream&) = default;
};

/// What probing a file found: its container and streams.
struct MediaProbe {
  std::string container;          ///< short format name, e.g. "mpegts", "matroska,webm"
  std::string containerLongName;  ///< e.g. "MPEG-TS (MPEG-2 Transport Stream)"
  double durationSeconds = 0;
  double startTimeSeconds = 0;  ///< the first timestamp (non-zero in MPEG-TS recordings)
  std::int64_t bitRate = 0;
  std::int64_t sizeBytes = 0;
  std::vector<MediaStream> streams;
  friend bool operator==(const MediaProbe&, const MediaProbe&) = default;
};

/// EBU R 128 measurement of a programme.
struct Loudness {
  double integratedLufs = 0;
  double rangeLu = 0;
  double truePeakDbtp = 0;
  friend bool operator==(const Loudness&, const Loudness&) = default;
};

enum class MediaRole { ProgrammeMaster = 1, Proxy, Thumbnail };
std::string_view toString(MediaRole role);
std::optional<MediaRole> parseMediaRole(std::string_view text);

/// A file the archive keeps: the recording, its proxy, a thumbnail.
struct MediaAsset {
  MediaRole role = MediaRole::ProgrammeMaster;
  std::string location;  ///< absolute path
  std::int64_t bytes = 0;
  std::string sha256;  ///< lower-case hex
  std::optional<MediaProbe> probe;
  int width = 0;  ///< proxies and thumbnails: their picture size
  int height = 0;
  std::optional<double> atSeconds;  ///< thumbnails: where in the programme (from its start)
  bool isPoster = false;            ///< the episode's poster frame
};

/// A mark in the proxy: an aired question, from its in to its out time, relative to the
/// programme's start.
struct Chapter {
  double startSeconds = 0;
  double endSeconds = 0;
  std::string title;
  std::int64_t questionId = 0;  ///< 0 when it is not a question
};

/// Everything one ingest measured and made, written to the database in one transaction.
struct IngestResult {
  MediaAsset master;  ///< with its probe and SHA-256
  Loudness loudness;
  std::optional<MediaAsset> proxy;
  std::vector<MediaAsset> thumbnails;
  std::vector<Chapter> chapters;
  double processingSeconds = 0;
};

void to_json(nlohmann::json& out, const Rational& value);
void to_json(nlohmann::json& out, const MediaStream& value);
void to_json(nlohmann::json& out, const MediaProbe& value);
void to_json(nlohmann::json& out, const Loudness& value);
void from_json(const nlohmann::json& in, Rational& value);
void from_json(const nlohmann::json& in, MediaStream& value);
void from_json(const nlohmann::json& in, MediaProbe& value);
void from_json(const nlohmann::json& in, Loudness& value);

}  // namespace sporazum::core

#pragma once
// Test media made at test time with the ffmpeg command line, once per test run, in a temporary
// directory; and small helpers around ffprobe and sha256sum to check our results against.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace sporazum::media::testing {

/// Runs a shell command; returns its exit status and stdout.
struct CommandResult {
  int status = -1;
  std::string output;
};
CommandResult run(const std::string& command);

/// Quotes an argument for /bin/sh.
std::string shellQuoted(const std::string& text);

/// ffprobe -show_format -show_streams -show_chapters as JSON.
nlohmann::json ffprobe(const std::string& path);
/// sha256sum's digest of the file.
std::string sha256sum(const std::string& path);

/// A fresh empty directory, removed (with its contents) when the object goes.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }
  /// The names of the files in it, sorted.
  std::vector<std::string> files() const;

 private:
  std::string path_;
};

/// The clips, generated on first use (a few seconds each, small pictures).
struct Clips {
  std::string ts;            ///< H.264 High + AAC stereo in MPEG-TS, 640x360 25p, 4 s
  std::string mkv;           ///< H.264 + AAC in Matroska, 720x576 SAR 16:15, language srp
  std::string tone;          ///< 1 kHz stereo at -23 dBFS per channel (PCM in Matroska), 10 s
  std::string noVideo;       ///< audio only
  std::string noAudio;       ///< video only
  std::string oddSize;       ///< 719x577
  std::string offset;        ///< MPEG-TS starting at 10 s (-output_ts_offset 10)
  std::string interlaced;    ///< 25i, top field first, coded interlaced
  std::string moovAtEnd;     ///< a > 8 MiB MP4 with its index at the end (the demuxer seeks)
  std::string random;        ///< random bytes named .ts
  std::string truncatedTs;   ///< ts cut at 40 %
  std::string truncatedMkv;  ///< mkv cut at 40 %
  std::string damaged;       ///< ts with garbage written over its middle
};
const Clips& clips();

/// The luma plane of a still picture (JPEG, PNG) decoded with libav: width, height, bytes.
struct Luma {
  int width = 0;
  int height = 0;
  std::vector<unsigned char> pixels;
};
Luma decodeLuma(const std::string& path);

/// Mean |Y(x,y) - (Y(x,y-1) + Y(x,y+1)) / 2|: large when alternate lines disagree (combing).
double combing(const Luma& luma);

/// The MP4's top-level boxes, in file order ("ftyp", "moov", "mdat", ...).
std::vector<std::string> topLevelBoxes(const std::string& path);

}  // namespace sporazum::media::testing

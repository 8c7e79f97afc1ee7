#pragma once
// An archive to test against, made the way a show makes one: episodes planned, started and ended
// with the server's command line, questions taken to air and cleared with its graphics command,
// the engine's recording and as-run record as the desk stores them, and a programme made with
// the ffmpeg command line ingested by the real sporazum-archive.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace sporazum::testing {

struct SeededQuestion {
  std::string text;
  bool hasNameConsent = false;
  double inSeconds = 0;  ///< on air this long after the recording started
  double outSeconds = 0;
  std::int64_t id = 0;  ///< filled in by seedAiredEpisode
};

struct SeededEpisode {
  std::int64_t number = 0;
  std::string title;
  std::string airDate;                                      ///< YYYY-MM-DD
  std::vector<std::pair<std::string, std::string>> guests;  ///< name, role
  std::vector<std::string> topics;
  std::vector<SeededQuestion> questions;  ///< in on-air order
};

/// Plans the episode (planned only, when `isAired` is false) or runs it through to aired, with
/// its questions aired in order; fills in the questions' ids. Throws std::runtime_error on a
/// failing command.
void seedEpisode(const std::string& databaseName, SeededEpisode& episode, bool isAired = true);

/// A programme of `seconds` made with ffmpeg (H.264 + AAC in MPEG-TS, a 1 kHz tone), at `file`.
void makeProgramme(const std::string& ffmpeg, const std::filesystem::path& file, int seconds);

/// `sporazum-archive ingest FILE --episode N --archive-dir DIR --thumbnail-every 2`; returns
/// the CLI's JSON output. Throws when it fails.
std::string ingestProgramme(const std::string& archiveBinary, const std::string& databaseName,
                            const std::filesystem::path& file, std::int64_t number,
                            const std::filesystem::path& archiveDir);

}  // namespace sporazum::testing

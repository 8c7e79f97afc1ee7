#pragma once
// sporazum-archive's commands, kept out of main() so the exit codes and messages are one place.

#include <atomic>
#include <string>
#include <vector>

namespace sporazum::archive {

/// Exit codes: what a script can tell apart.
inline constexpr int kExitOk = 0;
inline constexpr int kExitProblemsFound = 1;  ///< verify found a mismatch, a missing file…
inline constexpr int kExitUsage = 2;          ///< bad options
inline constexpr int kExitRefused = 3;        ///< bad media, unknown episode, already ingested, …
inline constexpr int kExitDatabase = 4;       ///< the database could not be reached or failed
inline constexpr int kExitCancelled = 130;

/// Runs one command (arguments without the program name); stdout gets results, stderr
/// messages and progress. `cancel` (Ctrl-C) stops a long ingest or verify cleanly.
int runArchiveCli(const std::vector<std::string>& arguments, const std::atomic<bool>& cancel);

std::string archiveUsage();

}  // namespace sporazum::archive

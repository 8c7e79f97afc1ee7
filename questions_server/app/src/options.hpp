#pragma once
// Command line and environment of the questions server. Pure: parsing only, no I/O.

#include <cstdint>
#include <string>
#include <vector>

#include "sporazum/core/rate_limiter.hpp"
#include "sporazum/core/result.hpp"

namespace sporazum::app {

enum class Command {
  Serve,
  Migrate,
  EpisodeNew,
  EpisodeStatus,
  QuestionsOpen,
  QuestionsClose,
  PrivacyEraseDevice,
  PrivacyPurge,
  Help,
};

struct Options {
  Command command = Command::Serve;
  std::vector<std::string> arguments;  ///< positional arguments of the command
  std::string databaseUri;             ///< empty: the PG* environment / libpq defaults
  std::string listenAddress = "127.0.0.1";
  std::uint16_t port = 8080;
  std::string portFile;
  std::string webRoot;
  std::string assetsDir;
  std::string migrationsDir;
  std::string logLevel = "info";
  int dbWriters = 2;
  std::size_t maxBatch = 512;
  std::size_t maxQueue = 50000;
  std::size_t maxConnections = 20000;
  std::size_t maxConnectionsPerAddress = 1000;
  int startupDatabaseWaitSeconds = 30;
  int olderThanDays = 90;
  core::RateLimit perConnection{.burst = 5, .perMinute = 6};
  core::RateLimit perAddress{.burst = 300, .perMinute = 600};
};

/// Reads `environment` first (SPORAZUM_* names), then the arguments, which win. `defaultRoot` is
/// the source tree, for the default web, assets and migrations folders.
core::Result<Options> parseOptions(
    const std::vector<std::string>& arguments,
    const std::vector<std::pair<std::string, std::string>>& environment,
    const std::string& defaultRoot);

/// The --help text.
std::string usage();

}  // namespace sporazum::app

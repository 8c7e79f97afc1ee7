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
  EpisodeStart,
  EpisodeEnd,
  EpisodeList,
  QuestionsOpen,
  QuestionsClose,
  PrivacyEraseDevice,
  PrivacyPurge,
  StaffAdd,
  StaffDisable,
  StaffEnable,
  StaffResetPassword,
  StaffList,
  StaffEngineToken,
  AuditExport,
  GraphicsCue,
  GraphicsTake,
  GraphicsUpdate,
  GraphicsClear,
  GraphicsClearAll,
  GraphicsState,
  GraphicsAsRun,
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
  /// Where sporazum-archive put the proxies and thumbnails: the only folder media is served from.
  std::string archiveDir;
  std::string migrationsDir;
  std::string logLevel = "info";
  int dbWriters = 2;
  std::size_t maxBatch = 512;
  std::size_t maxQueue = 50000;
  std::size_t maxConnections = 20000;
  std::size_t maxConnectionsPerAddress = 1000;
  int startupDatabaseWaitSeconds = 30;
  int olderThanDays = 90;
  std::string lexiconFile;  ///< the shipped auto-filter lexicon (until an admin saves one)
  std::int64_t staffSessionSeconds = 12 * 3600;
  /// Origins (scheme://host[:port]) besides the server's own that may open /ws/staff.
  std::vector<std::string> staffOrigins;
  std::string staffName;  ///< --name: staff add's display name (default: the username); a super's
  std::string staffRole = "moderator";  ///< --role for staff add (checked for that command)
  std::string graphicRole;              ///< --role for graphics: a super's role (free text)
  std::int64_t engineTokenDays = 365;   ///< staff engine-token: how long the token lasts
  /// The viewers' page as the audience reaches it (behind the proxy): the QR code's address.
  /// Empty: the server's own address.
  std::string publicUrl;
  std::int64_t graphicQuestion = 0;  ///< graphics: --question, a lower third's question
  std::string graphicText;           ///< graphics: --text (ticker)
  std::string graphicUrl;            ///< graphics: --url (qr; default: the public URL)
  std::string graphicCaption;        ///< graphics: --caption (qr)
  std::string exportFormat = "csv";  ///< audit export, graphics as-run: csv or json
  std::int64_t exportEpisode = 0;    ///< audit export, graphics as-run: one episode, 0 for all
  std::int64_t episodeNumber = 0;    ///< episode new: --number (0: the next free one)
  std::string airDate;               ///< episode new: --air-date YYYY-MM-DD (empty: today, UTC)
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

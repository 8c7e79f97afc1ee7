#include "options.hpp"

#include <charconv>
#include <functional>
#include <map>

#include "sporazum/core/moderation.hpp"
#include "sporazum/core/studio.hpp"

namespace sporazum::app {
namespace {

using core::makeError;

template <typename Number>
bool parseNumber(const std::string& text, Number& out) {
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc() && end == text.data() + text.size();
}

// "BURST/PER_MINUTE", e.g. "5/6".
bool parseRate(const std::string& text, core::RateLimit& out) {
  auto slash = text.find('/');
  if (slash == std::string::npos) return false;
  std::uint32_t burst = 0;
  std::uint32_t perMinute = 0;
  if (!parseNumber(text.substr(0, slash), burst) ||
      !parseNumber(text.substr(slash + 1), perMinute) || burst == 0 || perMinute == 0) {
    return false;
  }
  out = {.burst = static_cast<double>(burst), .perMinute = static_cast<double>(perMinute)};
  return true;
}

using Setter = std::function<bool(Options&, const std::string&)>;

template <typename Number>
Setter number(Number Options::*field, Number min, Number max) {
  return [=](Options& o, const std::string& v) {
    Number parsed{};
    if (!parseNumber(v, parsed) || parsed < min || parsed > max) return false;
    o.*field = parsed;
    return true;
  };
}

Setter text(std::string Options::*field) {
  return [=](Options& o, const std::string& v) {
    o.*field = v;
    return true;
  };
}

Setter rate(core::RateLimit Options::*field) {
  return [=](Options& o, const std::string& v) { return parseRate(v, o.*field); };
}

struct OptionSpec {
  const char* flag;
  const char* environment;  ///< nullptr when there is none
  Setter set;
};

const std::vector<OptionSpec>& optionSpecs() {
  static const std::vector<OptionSpec> specs{
      {"--database", "SPORAZUM_DATABASE_URL", text(&Options::databaseUri)},
      {"--listen", "SPORAZUM_LISTEN", text(&Options::listenAddress)},
      {"--port", "SPORAZUM_PORT", number<std::uint16_t>(&Options::port, 0, 65535)},
      {"--port-file", nullptr, text(&Options::portFile)},
      {"--web-root", "SPORAZUM_WEB_ROOT", text(&Options::webRoot)},
      {"--assets", "SPORAZUM_ASSETS", text(&Options::assetsDir)},
      {"--archive-dir", "SPORAZUM_ARCHIVE_DIR", text(&Options::archiveDir)},
      {"--migrations", "SPORAZUM_MIGRATIONS", text(&Options::migrationsDir)},
      {"--log-level", "SPORAZUM_LOG_LEVEL", text(&Options::logLevel)},
      {"--db-writers", "SPORAZUM_DB_WRITERS", number(&Options::dbWriters, 1, 16)},
      {"--max-batch", "SPORAZUM_MAX_BATCH", number<std::size_t>(&Options::maxBatch, 1, 10000)},
      {"--max-queue", "SPORAZUM_MAX_QUEUE", number<std::size_t>(&Options::maxQueue, 1, 10000000)},
      {"--max-connections", "SPORAZUM_MAX_CONNECTIONS",
       number<std::size_t>(&Options::maxConnections, 1, 1000000)},
      {"--max-connections-per-address", "SPORAZUM_MAX_CONNECTIONS_PER_ADDRESS",
       number<std::size_t>(&Options::maxConnectionsPerAddress, 1, 1000000)},
      {"--startup-db-wait", "SPORAZUM_STARTUP_DB_WAIT",
       number(&Options::startupDatabaseWaitSeconds, 0, 3600)},
      {"--older-than-days", nullptr, number(&Options::olderThanDays, 0, 36500)},
      {"--rate-per-connection", "SPORAZUM_RATE_PER_CONNECTION", rate(&Options::perConnection)},
      {"--rate-per-address", "SPORAZUM_RATE_PER_ADDRESS", rate(&Options::perAddress)},
      {"--lexicon", "SPORAZUM_LEXICON", text(&Options::lexiconFile)},
      {"--staff-session-seconds", "SPORAZUM_STAFF_SESSION_SECONDS",
       number<std::int64_t>(&Options::staffSessionSeconds, 10, 30 * 24 * 3600)},
      {"--staff-origin", "SPORAZUM_STAFF_ORIGIN",
       [](Options& o, const std::string& v) {
         std::size_t start = 0;
         while (start <= v.size()) {
           const auto comma = std::min(v.find(',', start), v.size());
           std::string origin = v.substr(start, comma - start);
           if (!origin.empty()) {
             if (!origin.starts_with("http://") && !origin.starts_with("https://")) return false;
             o.staffOrigins.push_back(std::move(origin));
           }
           start = comma + 1;
         }
         return true;
       }},
      {"--name", nullptr, text(&Options::staffName)},
      {"--role", nullptr,
       [](Options& o, const std::string& v) {
         o.staffRole = v;
         o.graphicRole = v;
         return true;
       }},
      {"--days", nullptr, number<std::int64_t>(&Options::engineTokenDays, 1, 3650)},
      {"--public-url", "SPORAZUM_PUBLIC_URL",
       [](Options& o, const std::string& v) {
         o.publicUrl = v;
         return v.empty() || v.starts_with("http://") || v.starts_with("https://");
       }},
      {"--question", nullptr, number<std::int64_t>(&Options::graphicQuestion, 1, INT64_MAX)},
      {"--text", nullptr, text(&Options::graphicText)},
      {"--url", nullptr,
       [](Options& o, const std::string& v) {
         o.graphicUrl = v;
         return v.starts_with("http://") || v.starts_with("https://");
       }},
      {"--caption", nullptr, text(&Options::graphicCaption)},
      {"--format", nullptr,
       [](Options& o, const std::string& v) {
         o.exportFormat = v;
         return v == "csv" || v == "json";
       }},
      {"--episode", nullptr, number<std::int64_t>(&Options::exportEpisode, 0, INT64_MAX)},
      {"--number", nullptr,
       number<std::int64_t>(&Options::episodeNumber, 1, core::kMaxEpisodeNumber)},
      {"--air-date", nullptr,
       [](Options& o, const std::string& v) {
         o.airDate = v;
         return core::isCalendarDate(v);
       }},
  };
  return specs;
}

const std::map<std::string, std::pair<Command, std::size_t>, std::less<>>& commandTable() {
  // command words -> command and number of positional arguments it takes
  static const std::map<std::string, std::pair<Command, std::size_t>, std::less<>> table{
      {"serve", {Command::Serve, 0}},
      {"migrate", {Command::Migrate, 0}},
      {"episode new", {Command::EpisodeNew, 1}},
      {"episode status", {Command::EpisodeStatus, 0}},
      {"episode start", {Command::EpisodeStart, 1}},
      {"episode end", {Command::EpisodeEnd, 1}},
      {"episode list", {Command::EpisodeList, 0}},
      {"questions open", {Command::QuestionsOpen, 0}},
      {"questions close", {Command::QuestionsClose, 0}},
      {"privacy erase-device", {Command::PrivacyEraseDevice, 1}},
      {"privacy purge", {Command::PrivacyPurge, 0}},
      {"staff add", {Command::StaffAdd, 1}},
      {"staff disable", {Command::StaffDisable, 1}},
      {"staff enable", {Command::StaffEnable, 1}},
      {"staff reset-password", {Command::StaffResetPassword, 1}},
      {"staff list", {Command::StaffList, 0}},
      {"staff engine-token", {Command::StaffEngineToken, 1}},
      {"audit export", {Command::AuditExport, 0}},
      {"graphics cue", {Command::GraphicsCue, 1}},
      {"graphics take", {Command::GraphicsTake, 1}},
      {"graphics update", {Command::GraphicsUpdate, 1}},
      {"graphics clear", {Command::GraphicsClear, 1}},
      {"graphics clear-all", {Command::GraphicsClearAll, 0}},
      {"graphics state", {Command::GraphicsState, 0}},
      {"graphics as-run", {Command::GraphicsAsRun, 0}},
  };
  return table;
}

}  // namespace

core::Result<Options> parseOptions(
    const std::vector<std::string>& arguments,
    const std::vector<std::pair<std::string, std::string>>& environment,
    const std::string& defaultRoot) {
  Options options;
  options.webRoot = defaultRoot + "/questions_server/web";
  options.assetsDir = defaultRoot + "/assets";
  options.archiveDir = "var/archive";  // as sporazum-archive's default, from the same folder
  options.migrationsDir = defaultRoot + "/schema/migrations";
  options.lexiconFile = defaultRoot + "/assets/filter/lexicon.tsv";

  for (const auto& spec : optionSpecs()) {
    if (spec.environment == nullptr) continue;
    for (const auto& [name, value] : environment) {
      if (name == spec.environment && !spec.set(options, value)) {
        return makeError("bad_option", std::string("invalid value in ") + spec.environment);
      }
    }
  }

  std::vector<std::string> words;
  for (std::size_t i = 0; i < arguments.size(); ++i) {
    const std::string& argument = arguments[i];
    if (argument == "--help" || argument == "-h") {
      options.command = Command::Help;
      return options;
    }
    if (!argument.starts_with("--")) {
      words.push_back(argument);
      continue;
    }
    std::string flag = argument;
    std::string value;
    bool hasValue = false;
    if (auto equals = argument.find('='); equals != std::string::npos) {
      flag = argument.substr(0, equals);
      value = argument.substr(equals + 1);
      hasValue = true;
    }
    const OptionSpec* spec = nullptr;
    for (const auto& candidate : optionSpecs()) {
      if (flag == candidate.flag) spec = &candidate;
    }
    if (spec == nullptr) return makeError("bad_option", "unknown option " + flag);
    if (!hasValue) {
      if (i + 1 >= arguments.size()) return makeError("bad_option", flag + " needs a value");
      value = arguments[++i];
    }
    if (!spec->set(options, value)) {
      return makeError("bad_option", "invalid value for " + flag + ": " + value);
    }
  }

  if (words.empty()) return options;  // serve
  // Longest command first: "episode new" before "episode".
  for (std::size_t length = std::min<std::size_t>(2, words.size()); length > 0; --length) {
    std::string key = words[0];
    for (std::size_t w = 1; w < length; ++w)
      key += " " + words[w];
    auto it = commandTable().find(key);
    if (it == commandTable().end()) continue;
    options.command = it->second.first;
    options.arguments.assign(words.begin() + static_cast<std::ptrdiff_t>(length), words.end());
    if (options.arguments.size() != it->second.second) {
      return makeError("bad_option",
                       "'" + key + "' takes " + std::to_string(it->second.second) + " argument(s)");
    }
    if (options.command == Command::EpisodeStart || options.command == Command::EpisodeEnd) {
      std::int64_t episode = 0;
      if (!parseNumber(options.arguments[0], episode) || episode < 1 ||
          episode > core::kMaxEpisodeNumber) {
        return makeError("bad_option", "'" + key + "' takes the episode's number (1-9999), not '" +
                                           options.arguments[0] + "'");
      }
      options.episodeNumber = episode;
    }
    if (options.command == Command::StaffAdd && !core::parseStaffRole(options.staffRole)) {
      return makeError("bad_option", "invalid value for --role: " + options.staffRole +
                                         " (moderator, producer, admin or engine)");
    }
    return options;
  }
  return makeError("bad_option", "unknown command '" + words[0] + "'");
}

std::string usage() {
  return R"(sporazum-questions-server: viewers' questions over WebSocket, stored in PostgreSQL

Usage: sporazum-questions-server [COMMAND] [OPTIONS]

Commands:
  serve                      run the server (default): applies migrations, then listens
  migrate                    apply schema/migrations and exit
  episode new TITLE          plan an episode (--number N, default the next; --air-date
                             YYYY-MM-DD, default today); questions closed. It is the current
                             episode unless one is live
  episode start N            episode number N goes live: questions open, engines record
  episode end N              the live episode N ends: every graphic off air, questions closed,
                             unused approved questions not selected, engines stop recording
  episode list               the 100 newest episodes
  episode status             show the current episode (the live one, else the newest)
  questions open|close       open or close questions on the current episode
  privacy erase-device TOKEN erase a viewer's personal data (the device code their page shows)
  privacy purge              retention: drop personal data of episodes closed long ago
  staff add USERNAME         create a staff account (--name, --role); password from stdin
  staff disable|enable USERNAME  lock or unlock an account (disabling ends its sessions)
  staff reset-password USERNAME  set a new password from stdin (ends its sessions)
  staff list                 list staff accounts
  staff engine-token USERNAME  a long-lived login for an engine account (--days, 365); printed once
  audit export               print the audit log (--format csv|json, --episode N)
  graphics cue|take|update|clear LAYER  on-air graphics through every running server's engines;
                             LAYER: lower_third (--question ID), super (--name, --role),
                             ticker (--text), qr (--url, --caption), logo, clock.
                             take without content takes what is cued
  graphics clear-all         everything off air at once
  graphics state             print what is cued and on air (JSON)
  graphics as-run            print the as-run record (--format csv|json, --episode N)

Options (environment variable in brackets; flags win):
  --database URI             PostgreSQL URI [SPORAZUM_DATABASE_URL]; default: PG* variables
  --listen ADDRESS           address to listen on [SPORAZUM_LISTEN] (127.0.0.1)
  --port N                   port, 0 picks a free one [SPORAZUM_PORT] (8080)
  --port-file FILE           write the bound port here once listening
  --web-root DIR             viewer page files [SPORAZUM_WEB_ROOT]
  --assets DIR               assets folder [SPORAZUM_ASSETS]
  --archive-dir DIR          archive files served (proxies, thumbnails) [SPORAZUM_ARCHIVE_DIR]
                             (default var/archive, as sporazum-archive's)
  --migrations DIR           migrations folder [SPORAZUM_MIGRATIONS]
  --log-level LEVEL          debug|info|warn|error [SPORAZUM_LOG_LEVEL] (info)
  --db-writers N             database writer threads [SPORAZUM_DB_WRITERS] (2)
  --max-batch N              questions per commit at most [SPORAZUM_MAX_BATCH] (512)
  --max-queue N              questions waiting for a commit at most [SPORAZUM_MAX_QUEUE] (50000)
  --max-connections N        WebSocket connections at most [SPORAZUM_MAX_CONNECTIONS] (20000)
  --max-connections-per-address N  from one address at most [SPORAZUM_MAX_CONNECTIONS_PER_ADDRESS] (1000)
  --startup-db-wait SECONDS  how long start-up waits for the database [SPORAZUM_STARTUP_DB_WAIT] (30)
  --rate-per-connection B/M  burst/per-minute questions per connection [SPORAZUM_RATE_PER_CONNECTION] (5/6)
  --rate-per-address B/M     burst/per-minute questions per address [SPORAZUM_RATE_PER_ADDRESS] (300/600)
  --older-than-days N        for 'privacy purge' (90)
  --lexicon FILE             shipped auto-filter lexicon [SPORAZUM_LEXICON] (assets/filter/lexicon.tsv)
  --staff-session-seconds N  staff session lifetime [SPORAZUM_STAFF_SESSION_SECONDS] (43200)
  --staff-origin LIST        other origins allowed on /ws/staff, comma-separated [SPORAZUM_STAFF_ORIGIN]
  --public-url URL           the viewers' page as the audience reaches it, for QR codes [SPORAZUM_PUBLIC_URL]
  --name NAME                for 'staff add': display name (default: the username); for a super
  --role ROLE                for 'staff add': moderator|producer|admin|engine (moderator); for a super
  --days N                   for 'staff engine-token' (365)
  --question ID              for a lower third: the question (approved, of the current episode)
  --text TEXT                for a ticker
  --url URL, --caption TEXT  for a QR code (default URL: --public-url)
  --format csv|json          for 'audit export' and 'graphics as-run' (csv)
  --episode N                for 'audit export' and 'graphics as-run': one episode only (its id)
  --number N, --air-date D   for 'episode new': the episode's number and planned day
  --help                     this text
)";
}

}  // namespace sporazum::app

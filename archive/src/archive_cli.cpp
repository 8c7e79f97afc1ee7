#include "sporazum/archive/archive_cli.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>

#include "sporazum/archive/export_formats.hpp"
#include "sporazum/archive/progress.hpp"
#include "sporazum/media/errors.hpp"
#include "sporazum/media/fixity.hpp"
#include "sporazum/media/ingest.hpp"
#include "sporazum/media/probe.hpp"
#include "sporazum/pg/archive_store.hpp"

namespace sporazum::archive {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

/// Options after the command word: --name value pairs, flags, and positional words.
struct Parsed {
  std::vector<std::string> words;
  std::map<std::string, std::string> values;
  bool isJson = false;
};

const std::vector<std::string> kValueOptions = {"--episode", "--database",       "--archive-dir",
                                                "--format",  "--output",         "--limit",
                                                "--proxy",   "--thumbnail-every"};

std::optional<Parsed> parse(const std::vector<std::string>& arguments, std::string& error) {
  Parsed parsed;
  for (std::size_t i = 1; i < arguments.size(); ++i) {
    const std::string& word = arguments[i];
    if (word == "--json") {
      parsed.isJson = true;
    } else if (std::find(kValueOptions.begin(), kValueOptions.end(), word) != kValueOptions.end()) {
      if (i + 1 >= arguments.size()) {
        error = word + " needs a value";
        return std::nullopt;
      }
      parsed.values[word] = arguments[++i];
    } else if (word.size() > 1 && word[0] == '-' && word[1] == '-') {
      error = "unknown option " + word;
      return std::nullopt;
    } else {
      parsed.words.push_back(word);
    }
  }
  return parsed;
}

std::optional<std::int64_t> positiveNumber(const std::string& text) {
  if (text.empty() || text.size() > 9) return std::nullopt;
  std::int64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value > 0 ? std::optional(value) : std::nullopt;
}

std::string databaseUri(const Parsed& parsed) {
  if (auto found = parsed.values.find("--database"); found != parsed.values.end()) {
    return found->second;
  }
  const char* fromEnvironment = std::getenv("SPORAZUM_DATABASE_URL");
  return fromEnvironment != nullptr ? fromEnvironment : "";
}

bool isTerminal() {
  return isatty(fileno(stderr)) == 1;
}

/// Who the audit log names: the operating-system user running the command.
core::StaffIdentity cliIdentity() {
  const char* user = std::getenv("USER");
  core::StaffIdentity who;
  who.username = std::string("cli:") + (user != nullptr && *user != '\0' ? user : "unknown");
  who.displayName = "sporazum-archive";
  who.role = core::StaffRole::Admin;
  return who;
}

/// Prints an error (text, or a JSON object with --json) and returns its exit code.
int fail(const Parsed& parsed, int exitCode, const std::string& code, const std::string& message) {
  if (parsed.isJson) {
    std::printf("%s\n", Json{{"ok", false}, {"code", code}, {"message", message}}.dump().c_str());
  }
  std::fprintf(stderr, "sporazum-archive: %s (%s)\n", message.c_str(), code.c_str());
  return exitCode;
}

int storeFailure(const Parsed& parsed, const core::Error& error) {
  const bool isDatabase = error.code == "unavailable" || error.code == "database_error";
  return fail(parsed, isDatabase ? kExitDatabase : kExitRefused, error.code, error.message);
}

std::string utcStamp() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &utc);
  return text;
}

Json assetJson(const core::MediaAsset& asset) {
  Json json{{"role", core::toString(asset.role)},
            {"location", asset.location},
            {"bytes", asset.bytes},
            {"sha256", asset.sha256}};
  if (asset.atSeconds) json["atSeconds"] = *asset.atSeconds;
  if (asset.width > 0) json["width"] = asset.width;
  if (asset.height > 0) json["height"] = asset.height;
  return json;
}

int ingest(const Parsed& parsed, const std::atomic<bool>& cancel) {
  if (parsed.words.size() != 1) return fail(parsed, kExitUsage, "usage", "ingest takes one FILE");
  const auto found = parsed.values.find("--episode");
  const auto number = found == parsed.values.end() ? std::nullopt : positiveNumber(found->second);
  if (!number) return fail(parsed, kExitUsage, "usage", "ingest needs --episode N (1 or more)");
  media::ProcessOptions options;
  if (auto proxy = parsed.values.find("--proxy"); proxy != parsed.values.end()) {
    if (proxy->second != "360" && proxy->second != "540") {
      return fail(parsed, kExitUsage, "usage", "--proxy is 360 or 540");
    }
    options.proxyHeight = std::stoi(proxy->second);
  }
  if (auto every = parsed.values.find("--thumbnail-every"); every != parsed.values.end()) {
    const auto seconds = positiveNumber(every->second);
    if (!seconds || *seconds > 3600) {
      return fail(parsed, kExitUsage, "usage", "--thumbnail-every takes 1 to 3600 seconds");
    }
    options.thumbnailIntervalSeconds = static_cast<double>(*seconds);
  }
  const std::string file = fs::absolute(parsed.words[0]).lexically_normal().string();

  // The episode first: no decoding for an episode that cannot take it.
  pg::ArchiveStore store(databaseUri(parsed));
  auto episode = store.findEpisode(*number);
  if (!episode) return storeFailure(parsed, episode.error());
  if (episode->hasMaster) {
    return fail(parsed, kExitRefused, "already_ingested",
                "episode " + std::to_string(*number) + " already has its recording in the archive");
  }
  if (episode->state != pg::ArchiveEpisodeState::Aired) {
    return fail(parsed, kExitRefused, "not_aired",
                "episode " + std::to_string(*number) + " is " +
                    std::string(pg::toString(episode->state)) + ", not aired yet");
  }
  auto chapters = store.airedQuestionChapters(*number);
  if (!chapters) return storeFailure(parsed, chapters.error());
  options.chapters = chapters->chapters;

  // Every ingest in a folder of its own: a failure removes it whole.
  const auto found_dir = parsed.values.find("--archive-dir");
  const fs::path archiveDir =
      found_dir != parsed.values.end() ? fs::path(found_dir->second) : fs::path("var/archive");
  const fs::path outputDir =
      fs::absolute(archiveDir / ("episode-" + std::to_string(*number) + "-" + utcStamp()))
          .lexically_normal();
  std::error_code ignored;
  fs::create_directories(outputDir, ignored);
  if (!fs::is_directory(outputDir)) {
    return fail(parsed, kExitRefused, "output_failed", "cannot create " + outputDir.string());
  }
  options.outputDir = outputDir.string();
  options.cancel = &cancel;
  TerminalProgress progress(stderr, "ingest", isTerminal() && !parsed.isJson);
  options.onProgress = [&](double fraction) { progress.update(fraction); };

  media::setLibavLog(media::LibavLog::Errors);
  auto processed = media::processRecording(file, options);
  progress.finish(processed.ok());
  if (!processed) {
    fs::remove_all(outputDir, ignored);
    const auto& error = processed.error();
    const int exitCode = error.code == media::errors::kCancelled ? kExitCancelled : kExitRefused;
    return fail(parsed, exitCode, error.code, file + ": " + error.message);
  }
  auto recorded = store.recordIngest(*number, *processed, cliIdentity());
  if (!recorded) {
    fs::remove_all(outputDir, ignored);
    return storeFailure(parsed, recorded.error());
  }
  const auto& result = *processed;
  if (parsed.isJson) {
    Json thumbnails = Json::array();
    for (const auto& thumbnail : result.thumbnails)
      thumbnails.push_back(assetJson(thumbnail));
    Json out{{"ok", true},
             {"episode", *number},
             {"master", assetJson(result.master)},
             {"probe", result.master.probe ? Json(*result.master.probe) : Json(nullptr)},
             {"loudness", result.loudness},
             {"proxy", result.proxy ? assetJson(*result.proxy) : Json(nullptr)},
             {"thumbnails", thumbnails},
             {"chapters", result.chapters.size()},
             {"processingSeconds", result.processingSeconds}};
    std::printf("%s\n", out.dump().c_str());
  } else {
    std::printf("episode %lld archived: %s\n", static_cast<long long>(*number), file.c_str());
    std::printf("  loudness %.1f LUFS, range %.1f LU, true peak %.1f dBTP\n",
                result.loudness.integratedLufs, result.loudness.rangeLu,
                result.loudness.truePeakDbtp);
    std::printf("  sha256 %s\n  proxy %s\n  %zu thumbnails, %zu chapters, in %.1f s\n",
                result.master.sha256.c_str(),
                result.proxy ? result.proxy->location.c_str() : "(none)", result.thumbnails.size(),
                result.chapters.size(), result.processingSeconds);
  }
  return kExitOk;
}

int verify(const Parsed& parsed, const std::atomic<bool>& cancel) {
  if (!parsed.words.empty()) return fail(parsed, kExitUsage, "usage", "verify takes no FILE");
  pg::ArchiveStore store(databaseUri(parsed));
  auto targets = store.fixityTargets();
  if (!targets) return storeFailure(parsed, targets.error());
  Json checked = Json::array();
  int problems = 0;
  for (const auto& target : *targets) {
    if (cancel.load()) return fail(parsed, kExitCancelled, "cancelled", "verify stopped");
    pg::FixityOutcome outcome = pg::FixityOutcome::Ok;
    std::string actual;
    std::string detail;
    if (!fs::exists(target.location)) {
      outcome = pg::FixityOutcome::Missing;
      detail = "the file is not there";
    } else {
      TerminalProgress progress(stderr, "verify " + fs::path(target.location).filename().string(),
                                isTerminal() && !parsed.isJson);
      auto hashed =
          media::sha256File(target.location, [&](double fraction) { progress.update(fraction); });
      progress.finish(hashed.ok());
      if (!hashed) {
        outcome = hashed.error().code == media::errors::kNotFound ? pg::FixityOutcome::Missing
                                                                  : pg::FixityOutcome::Unreadable;
        detail = hashed.error().message;
      } else {
        actual = *hashed;
        if (actual != target.sha256) {
          outcome = pg::FixityOutcome::Mismatch;
          detail = "the file changed since it was archived";
        }
      }
    }
    auto recorded = store.recordFixity(target.assetId, outcome, actual, detail);
    if (!recorded) return storeFailure(parsed, recorded.error());
    if (outcome != pg::FixityOutcome::Ok) {
      ++problems;
      std::fprintf(stderr, "sporazum-archive: %s: %s (%s)\n", target.location.c_str(),
                   std::string(pg::toString(outcome)).c_str(), detail.c_str());
    }
    checked.push_back({{"asset", target.assetId},
                       {"episode", target.episodeNumber},
                       {"role", core::toString(target.role)},
                       {"location", target.location},
                       {"outcome", pg::toString(outcome)}});
  }
  if (parsed.isJson) {
    std::printf(
        "%s\n",
        Json{{"ok", problems == 0}, {"checked", checked}, {"problems", problems}}.dump().c_str());
  } else {
    std::printf("%zu files checked, %d problem(s)\n", targets->size(), problems);
  }
  return problems == 0 ? kExitOk : kExitProblemsFound;
}

int exportEpisode(const Parsed& parsed) {
  const auto found = parsed.values.find("--episode");
  const auto number = found == parsed.values.end() ? std::nullopt : positiveNumber(found->second);
  if (!number || !parsed.words.empty()) {
    return fail(parsed, kExitUsage, "usage", "export needs --episode N and no other words");
  }
  const auto format = parsed.values.count("--format") ? parsed.values.at("--format") : "json";
  if (format != "ebucore" && format != "json" && format != "csv") {
    return fail(parsed, kExitUsage, "usage", "--format is ebucore, json or csv");
  }
  pg::ArchiveStore store(databaseUri(parsed));
  auto exported = store.exportEpisode(*number);
  if (!exported) return storeFailure(parsed, exported.error());
  const std::string text = format == "ebucore" ? toEbuCoreXml(*exported)
                           : format == "csv"   ? toQuestionsCsv(*exported)
                                               : toExportJson(*exported);
  if (auto output = parsed.values.find("--output"); output != parsed.values.end()) {
    // Written beside the target and renamed: never half a file under the final name.
    const fs::path target = output->second;
    const fs::path temporary = target.string() + ".part";
    {
      std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
      out << text;
      if (!out.flush()) {
        std::error_code ignored;
        fs::remove(temporary, ignored);
        return fail(parsed, kExitRefused, "output_failed", "cannot write " + target.string());
      }
    }
    std::error_code renamed;
    fs::rename(temporary, target, renamed);
    if (renamed) {
      return fail(parsed, kExitRefused, "output_failed", "cannot write " + target.string());
    }
    return kExitOk;
  }
  std::fwrite(text.data(), 1, text.size(), stdout);
  return kExitOk;
}

int search(const Parsed& parsed) {
  if (parsed.words.size() != 1) {
    return fail(parsed, kExitUsage, "usage", "search takes one quoted query");
  }
  std::size_t limit = 20;
  if (auto found = parsed.values.find("--limit"); found != parsed.values.end()) {
    const auto value = positiveNumber(found->second);
    if (!value || *value > static_cast<std::int64_t>(pg::kMaxSearchHits)) {
      return fail(parsed, kExitUsage, "usage",
                  "--limit is 1 to " + std::to_string(pg::kMaxSearchHits));
    }
    limit = static_cast<std::size_t>(*value);
  }
  pg::ArchiveStore store(databaseUri(parsed));
  auto hits = store.search(parsed.words[0], limit);
  if (!hits) return storeFailure(parsed, hits.error());
  if (parsed.isJson) {
    Json out = Json::array();
    for (const auto& hit : *hits) {
      out.push_back({{"episode", hit.number},
                     {"airDate", hit.airDate},
                     {"title", hit.title},
                     {"titleLang", hit.titleLang},
                     {"matchedIn", pg::toString(hit.matchedIn)},
                     {"snippet", hit.snippet},
                     {"questionId", hit.questionId},
                     {"score", hit.score}});
    }
    std::printf("%s\n", out.dump().c_str());
  } else {
    for (const auto& hit : *hits) {
      std::printf("%4lld  %s  %s  [%s] %s\n", static_cast<long long>(hit.number),
                  hit.airDate.c_str(), hit.title.c_str(),
                  std::string(pg::toString(hit.matchedIn)).c_str(), hit.snippet.c_str());
    }
    if (hits->empty()) std::printf("nothing found\n");
  }
  return kExitOk;
}

int probe(const Parsed& parsed) {
  if (parsed.words.size() != 1) return fail(parsed, kExitUsage, "usage", "probe takes one FILE");
  media::setLibavLog(media::LibavLog::Errors);
  auto probed = media::probeFile(parsed.words[0]);
  if (!probed) return fail(parsed, kExitRefused, probed.error().code, probed.error().message);
  std::printf("%s\n", Json(*probed).dump(parsed.isJson ? -1 : 2).c_str());
  return kExitOk;
}

}  // namespace

std::string archiveUsage() {
  return "sporazum-archive: the episode archive (recordings measured with FFmpeg's libav*, "
         "metadata in PostgreSQL)\n\n"
         "Usage: sporazum-archive COMMAND [OPTIONS]\n\n"
         "Commands:\n"
         "  ingest FILE --episode N   probe, then one pass: loudness (EBU R 128), thumbnails, a "
         "web\n"
         "                            proxy with the aired questions as chapters, SHA-256; "
         "recorded\n"
         "                            in one transaction (--proxy 360|540, --thumbnail-every S,\n"
         "                            --archive-dir DIR for the proxy and thumbnails: "
         "var/archive)\n"
         "  verify                    re-hash every stored file, record a fixity event for each\n"
         "  export --episode N        --format ebucore|json|csv (json), --output FILE (stdout)\n"
         "  search \"QUERY\"            titles, descriptions, guests, topics and aired questions;\n"
         "                            either script, with or without diacritics (--limit N)\n"
         "  probe FILE                container and streams, as the archive stores them\n\n"
         "Options: --database URI (SPORAZUM_DATABASE_URL; default the PG* variables), --json\n"
         "Exit codes: 0 done, 1 verify found problems, 2 usage, 3 refused (bad media, unknown\n"
         "episode, already ingested, …), 4 database unavailable, 130 cancelled\n";
}

int runArchiveCli(const std::vector<std::string>& arguments, const std::atomic<bool>& cancel) {
  if (arguments.empty() || arguments[0] == "--help" || arguments[0] == "help") {
    std::fputs(archiveUsage().c_str(), arguments.empty() ? stderr : stdout);
    return arguments.empty() ? kExitUsage : kExitOk;
  }
  std::string error;
  auto parsed = parse(arguments, error);
  if (!parsed) {
    std::fprintf(stderr, "sporazum-archive: %s\n%s", error.c_str(), archiveUsage().c_str());
    return kExitUsage;
  }
  const std::string& command = arguments[0];
  if (command == "ingest") return ingest(*parsed, cancel);
  if (command == "verify") return verify(*parsed, cancel);
  if (command == "export") return exportEpisode(*parsed);
  if (command == "search") return search(*parsed);
  if (command == "probe") return probe(*parsed);
  std::fprintf(stderr, "sporazum-archive: unknown command %s\n%s", command.c_str(),
               archiveUsage().c_str());
  return kExitUsage;
}

}  // namespace sporazum::archive

// One-shot commands for the show's staff and for operations.

#include <functional>
#include <iostream>

#include "audit_export.hpp"
#include "graphics_cli.hpp"
#include "password_prompt.hpp"
#include "serve.hpp"
#include "sporazum/core/hashing.hpp"
#include "sporazum/core/password.hpp"
#include "sporazum/core/viewer_rules.hpp"
#include "sporazum/pg/admin.hpp"

namespace sporazum::app {
namespace {

/// One line per episode: number, id, state, air date, questions, title.
void printEpisodeLine(const core::Episode& e) {
  std::cout << e.number << "\t" << e.id << "\t" << core::toString(e.state) << "\t" << e.airDate
            << "\t" << (e.questionsOpen ? "open" : "closed") << "\t" << e.title << "\n";
}

/// Prints a studio change's outcome; 0 when it was made.
int reportEpisode(const core::Result<core::Episode>& result, const std::string& done) {
  if (!result) {
    std::cerr << "error: " << result.error().message << "\n";
    return 2;
  }
  std::cout << "episode " << result->id << " (number " << result->number << ", " << result->airDate
            << ") " << done << "\n";
  return 0;
}

void printEpisode(const core::EpisodeStatus& episode) {
  if (episode.episodeId == 0) {
    std::cout << "no episode yet: create one with 'episode new TITLE'\n";
    return;
  }
  std::cout << "episode " << episode.episodeId << " \"" << episode.title << "\": questions "
            << (episode.questionsOpen ? "open" : "closed") << "\n";
}

/// Prints the outcome of a staff account change; 0 when it was made.
int reportStaffChange(const core::Result<std::int64_t>& result, const std::string& successMessage) {
  if (!result) {
    std::cerr << "error: " << result.error().message << "\n";
    return 2;
  }
  std::cout << successMessage << "\n";
  return 0;
}

/// Reads a password from stdin and stores its Argon2id hash with `store`; prints its error.
int withNewPassword(const std::function<core::Result<std::int64_t>(const std::string& hash)>& store,
                    const std::string& successMessage) {
  auto password = readNewPassword();
  if (!password) return 2;
  const std::string hash = core::hashPassword(*password);
  core::wipeSecret(*password);
  return reportStaffChange(store(hash), successMessage);
}

/// Applies one graphics command through the store, as the command line.
int runGraphics(const Options& options) {
  auto command = graphicsCommandFrom(options);
  if (!command) {
    std::cerr << "error: " << command.error().message << "\n";
    return 2;
  }
  pg::migrate(options.databaseUri, options.migrationsDir);
  auto applied = pg::applyGraphicsCommand(options.databaseUri, *command);
  if (!applied) {
    std::cerr << "error: " << applied.error().message << "\n";
    return 2;
  }
  std::cout << "seq " << applied->seq << ": " << core::encodeEngineCommand(*applied) << "\n";
  return 0;
}

}  // namespace

int runCommand(const Options& options) {
  const std::string& uri = options.databaseUri;
  switch (options.command) {
    case Command::Migrate: {
      auto report = pg::migrate(uri, options.migrationsDir);
      for (const auto& name : report.applied)
        std::cout << "applied " << name << "\n";
      std::cout << report.applied.size() << " applied, " << report.alreadyThere.size()
                << " already there\n";
      return 0;
    }
    case Command::EpisodeNew: {
      pg::migrate(uri, options.migrationsDir);
      core::EpisodeDraft draft;
      draft.title = options.arguments.at(0);
      draft.number = options.episodeNumber;
      draft.airDate = options.airDate;
      return reportEpisode(pg::saveEpisode(uri, std::move(draft)),
                           "created; questions are closed until 'episode start' or "
                           "'questions open'");
    }
    case Command::EpisodeStart:
      pg::migrate(uri, options.migrationsDir);
      return reportEpisode(pg::startEpisode(uri, options.episodeNumber),
                           "is live; questions are open");
    case Command::EpisodeEnd:
      pg::migrate(uri, options.migrationsDir);
      return reportEpisode(pg::endEpisode(uri, options.episodeNumber),
                           "has aired; questions are closed");
    case Command::EpisodeList:
      pg::migrate(uri, options.migrationsDir);
      for (const auto& episode : pg::listEpisodes(uri))
        printEpisodeLine(episode);
      return 0;
    case Command::EpisodeStatus:
      printEpisode(pg::currentEpisode(uri));
      return 0;
    case Command::QuestionsOpen:
    case Command::QuestionsClose:
      printEpisode(pg::setQuestionsOpen(uri, options.command == Command::QuestionsOpen));
      return 0;
    case Command::PrivacyEraseDevice: {
      const std::string& token = options.arguments.at(0);
      if (!core::isValidDeviceToken(token)) {
        std::cerr << "error: that is not a device code (16-128 characters A-Z a-z 0-9 - _)\n";
        return 2;
      }
      const auto key = pg::loadOrCreateHashKey(uri);
      const auto touched = pg::eraseDevice(uri, core::keyedDigest(key, "device", token));
      std::cout << touched << " question(s) erased or anonymised\n";
      return 0;
    }
    case Command::PrivacyPurge: {
      const auto touched = pg::purgePersonalDataOlderThan(uri, options.olderThanDays);
      std::cout << touched << " question(s) stripped of personal data\n";
      return 0;
    }
    case Command::StaffAdd: {
      pg::migrate(uri, options.migrationsDir);
      const std::string& username = options.arguments.at(0);
      const std::string name = options.staffName.empty() ? username : options.staffName;
      return withNewPassword(
          [&](const std::string& hash) {
            return pg::createStaff(uri, username, name, *core::parseStaffRole(options.staffRole),
                                   hash);
          },
          options.staffRole + " account '" + username + "' created");
    }
    case Command::StaffDisable:
    case Command::StaffEnable: {
      const bool isDisabled = options.command == Command::StaffDisable;
      return reportStaffChange(pg::setStaffDisabled(uri, options.arguments.at(0), isDisabled),
                               "account '" + options.arguments.at(0) + "' " +
                                   (isDisabled ? "disabled; its sessions are ended" : "enabled"));
    }
    case Command::StaffResetPassword:
      return withNewPassword(
          [&](const std::string& hash) {
            return pg::setStaffPassword(uri, options.arguments.at(0), hash);
          },
          "password of '" + options.arguments.at(0) + "' changed; its sessions are ended");
    case Command::StaffList:
      for (const auto& account : pg::listStaff(uri)) {
        std::cout << account.identity.username << "\t" << core::toString(account.identity.role)
                  << "\t" << (account.isDisabled ? "disabled" : "enabled") << "\t"
                  << account.identity.displayName << "\n";
      }
      return 0;
    case Command::StaffEngineToken: {
      pg::migrate(uri, options.migrationsDir);
      const std::string& username = options.arguments.at(0);
      std::string token = core::newSessionToken();
      auto expires = pg::createEngineSession(uri, username, core::sessionTokenDigest(token),
                                             options.engineTokenDays * 24 * 3600);
      if (!expires) {
        core::wipeSecret(token);
        std::cerr << "error: " << expires.error().message << "\n";
        return 2;
      }
      // The token alone on stdout, so a script can take it; it is not stored and not shown again.
      std::cout << token << "\n";
      core::wipeSecret(token);
      std::cerr << "engine token for '" << username << "', valid until " << *expires
                << ": the engine logs in with it (resume); it is shown only this once, and "
                   "'staff disable "
                << username << "' revokes it\n";
      return 0;
    }
    case Command::GraphicsCue:
    case Command::GraphicsTake:
    case Command::GraphicsUpdate:
    case Command::GraphicsClear:
    case Command::GraphicsClearAll:
      return runGraphics(options);
    case Command::GraphicsState:
      pg::migrate(uri, options.migrationsDir);
      std::cout << programmeToJson(pg::readProgramme(uri));
      return 0;
    case Command::GraphicsAsRun: {
      pg::migrate(uri, options.migrationsDir);
      const auto records = pg::listAsRun(uri, options.exportEpisode);
      std::cout << (options.exportFormat == "json" ? asRunToJson(records) : asRunToCsv(records));
      return 0;
    }
    case Command::AuditExport: {
      const auto entries = pg::readAuditAll(uri, options.exportEpisode);
      std::cout << (options.exportFormat == "json" ? auditToJson(entries) : auditToCsv(entries));
      return 0;
    }
    case Command::Serve:
    case Command::Help:
      break;
  }
  return 2;
}

}  // namespace sporazum::app

// One-shot commands for the show's staff and for operations.

#include <iostream>

#include "serve.hpp"
#include "sporazum/core/hashing.hpp"
#include "sporazum/core/viewer_rules.hpp"
#include "sporazum/pg/admin.hpp"

namespace sporazum::app {
namespace {

void printEpisode(const core::EpisodeStatus& episode) {
  if (episode.episodeId == 0) {
    std::cout << "no episode yet: create one with 'episode new TITLE'\n";
    return;
  }
  std::cout << "episode " << episode.episodeId << " \"" << episode.title << "\": questions "
            << (episode.questionsOpen ? "open" : "closed") << "\n";
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
      const auto id = pg::createEpisode(uri, options.arguments.at(0));
      std::cout << "episode " << id << " created; questions are closed until 'questions open'\n";
      return 0;
    }
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
    case Command::Serve:
    case Command::Help:
      break;
  }
  return 2;
}

}  // namespace sporazum::app

#pragma once
// One-shot database commands: migrations, episodes, privacy. Blocking; for start-up and the CLI.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "sporazum/pg/question_store.hpp"

namespace sporazum::pg {

struct MigrationReport {
  std::vector<std::string> applied;       ///< file names applied by this call
  std::vector<std::string> alreadyThere;  ///< file names found applied before
};

/// Applies schema/migrations/*.sql in file-name order under an advisory lock, each in its own
/// transaction, recording name and SHA-256 in schema_migrations. Throws std::runtime_error naming
/// the file if an applied migration's content changed, or if the database is unreachable.
MigrationReport migrate(const std::string& connectionUri,
                        const std::filesystem::path& migrationsDir);

/// The secret key for hashing device tokens and addresses: created once (random, 32 bytes) and
/// shared by every server on this database.
Digest loadOrCreateHashKey(const std::string& connectionUri);

/// Creates a new episode (questions closed) and returns its id.
std::int64_t createEpisode(const std::string& connectionUri, const std::string& title);
/// Opens or closes questions on the latest episode. Throws if there is no episode.
EpisodeStatus setQuestionsOpen(const std::string& connectionUri, bool open);
EpisodeStatus currentEpisode(const std::string& connectionUri);

/// Erases a viewer's personal data: all questions from the device are deleted, except those that
/// went on air, which keep their text but lose name, municipality and hashes. Returns rows touched.
std::int64_t eraseDevice(const std::string& connectionUri, const Digest& deviceHash);
/// Retention: removes personal data (name, municipality, hashes) from questions of episodes whose
/// questions closed more than `days` ago. Returns rows touched.
std::int64_t purgePersonalDataOlderThan(const std::string& connectionUri, int days);

}  // namespace sporazum::pg

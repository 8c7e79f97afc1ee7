#pragma once
// One-shot database commands: migrations, episodes, privacy. Blocking; for start-up and the CLI.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "sporazum/core/graphics.hpp"
#include "sporazum/core/moderation.hpp"
#include "sporazum/core/programme.hpp"
#include "sporazum/core/result.hpp"
#include "sporazum/core/studio.hpp"
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

/// Creates a new planned episode (questions closed) with the next free number and today's date
/// (UTC), and returns its id. It is the current episode unless one is live; earlier episodes that
/// are not live stop taking questions.
std::int64_t createEpisode(const std::string& connectionUri, const std::string& title);
/// Opens or closes questions on the current episode (the live one, else the newest). Throws if
/// there is no episode.
EpisodeStatus setQuestionsOpen(const std::string& connectionUri, bool open);
EpisodeStatus currentEpisode(const std::string& connectionUri);

// Episodes as the studio runs them, from the command line (audited with actor "cli"). Refusals
// come back as an Error (the draft's field errors, episode_number_taken, no_such_episode,
// not_allowed); an unreachable database throws std::runtime_error.

/// Creates (draft.id 0) or edits an episode's planned details; number 0 takes the next free one.
core::Result<core::Episode> saveEpisode(const std::string& connectionUri, core::EpisodeDraft draft);
/// The planned episode with this number goes live (questions open; engines start recording).
core::Result<core::Episode> startEpisode(const std::string& connectionUri, std::int64_t number);
/// The live episode with this number ends: every layer cleared, unused approved and queued
/// questions not_selected, questions closed, engines stop recording; one transaction.
core::Result<core::Episode> endEpisode(const std::string& connectionUri, std::int64_t number);
/// The 100 newest episodes, newest first.
std::vector<core::Episode> listEpisodes(const std::string& connectionUri);

/// Erases a viewer's personal data: all questions from the device are deleted, except those that
/// went on air, which keep their text but lose name, municipality and hashes; their lower thirds
/// in the graphics log and programme lose name and municipality too. Returns questions touched.
std::int64_t eraseDevice(const std::string& connectionUri, const Digest& deviceHash);
/// Retention: removes personal data (name, municipality, hashes) from questions of episodes whose
/// questions closed more than `days` ago, and name and municipality from their lower thirds in
/// the graphics log. Returns questions touched.
std::int64_t purgePersonalDataOlderThan(const std::string& connectionUri, int days);

/// A staff account as the command line lists it (no password hash).
struct StaffRecord {
  core::StaffIdentity identity;
  bool isDisabled = false;
  std::string createdAt;  ///< ISO 8601 UTC with milliseconds
};

// Staff accounts. The username is lower-cased (ASCII) first. Each change is audited with actor
// "cli". Refusals come back as an Error (username_taken, bad_username, bad_display_name,
// bad_password_hash, no_such_staff); an unreachable database throws std::runtime_error.

/// Creates an account; passwordHash is libsodium's Argon2id string. Returns its id.
core::Result<std::int64_t> createStaff(const std::string& connectionUri,
                                       const std::string& username, const std::string& displayName,
                                       core::StaffRole role, const std::string& passwordHash);
/// Disables (revoking every session) or enables an account; returns the sessions revoked.
core::Result<std::int64_t> setStaffDisabled(const std::string& connectionUri,
                                            const std::string& username, bool disabled);
/// Sets a new password hash and revokes every session; returns the sessions revoked.
core::Result<std::int64_t> setStaffPassword(const std::string& connectionUri,
                                            const std::string& username,
                                            const std::string& passwordHash);
/// A long-lived session for an engine's account (role engine, enabled) that expires after
/// ttlSeconds; only the token's digest is stored, and `staff disable` revokes it like any other.
/// Audited as "engine_token". Errors: no_such_staff, not_an_engine, account_disabled. Returns
/// when it expires (ISO 8601 UTC).
core::Result<std::string> createEngineSession(const std::string& connectionUri,
                                              const std::string& username,
                                              const Digest& tokenDigest, std::int64_t ttlSeconds);
/// Every account, by username.
std::vector<StaffRecord> listStaff(const std::string& connectionUri);
/// The whole audit log, oldest first; episodeId 0 for every episode (and entries of none).
std::vector<core::AuditEntry> readAuditAll(const std::string& connectionUri,
                                           std::int64_t episodeId);

// On-air graphics from the command line. A command goes through the same function as the desk's
// (one transaction, logged with actor "cli", forwarded by every running server); refusals come
// back as an Error (invalid_graphic, question_not_available, nothing_cued); an unreachable
// database throws std::runtime_error.

/// Applies a graphics command; returns it as logged (seq, resolved content).
core::Result<core::GraphicsCommand> applyGraphicsCommand(const std::string& connectionUri,
                                                         const core::GraphicsCommand& command);
/// The programme as recorded.
core::ProgrammeState readProgramme(const std::string& connectionUri);

/// The as-run record of one episode (0: every episode), in the order the frames left the engines.
std::vector<core::AsRunRecord> listAsRun(const std::string& connectionUri, std::int64_t episodeId);

}  // namespace sporazum::pg

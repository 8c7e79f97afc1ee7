#pragma once
// What the moderation desk needs from the outside world. The executable implements these over the
// PostgreSQL store and a hashing thread; tests implement them with fakes. Callbacks may run on any
// thread: the desk posts them to its own thread itself.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "sporazum/core/archive_catalog.hpp"
#include "sporazum/core/graphics.hpp"
#include "sporazum/core/moderation.hpp"
#include "sporazum/core/result.hpp"
#include "sporazum/core/studio.hpp"

namespace sporazum::desk {

/// Durable moderation data. Every call answers exactly once; a database that cannot answer in
/// time answers with nullopt / Unavailable / an Error with code try_again.
class DeskRepository {
 public:
  template <typename T>
  using Done = std::function<void(T)>;
  virtual ~DeskRepository() = default;

  /// nullopt when there is no such account; Error try_again when the database cannot answer.
  virtual void findAccount(std::string username,
                           Done<core::Result<std::optional<core::StaffAccount>>> done) = 0;
  /// Stores a new session (only the token's digest) that expires after ttlSeconds.
  virtual void createSession(core::StaffIdentity who, core::Digest tokenDigest,
                             std::int64_t ttlSeconds,
                             Done<core::Result<core::StaffSession>> done) = 0;
  /// The session's identity when it exists, is not revoked or expired and its account is enabled.
  /// Error code session_invalid when not; try_again when the database cannot answer.
  virtual void resolveSession(core::Digest tokenDigest,
                              Done<core::Result<core::StaffSession>> done) = 0;
  virtual void revokeSession(core::Digest tokenDigest, Done<bool> done) = 0;
  /// Of the given digests, those whose sessions are still valid (nullopt: cannot tell now).
  virtual void stillValidSessions(std::vector<core::Digest> tokenDigests,
                                  Done<std::optional<std::vector<core::Digest>>> done) = 0;

  /// Every question of an episode, oldest first (nullopt: cannot tell now).
  virtual void loadEpisodeQuestions(std::int64_t episodeId,
                                    Done<std::optional<std::vector<core::ModQuestion>>> done) = 0;
  /// Applies one change if baseVersion is still current, with its audit entry, in one transaction.
  virtual void applyChange(core::ModChange change, Done<core::ChangeOutcome> done) = 0;
  /// Undoes `who`'s latest not yet undone change in the episode, if nobody changed the question
  /// since (else Conflict).
  virtual void undoLastChange(core::StaffIdentity who, std::int64_t episodeId,
                              Done<core::ChangeOutcome> done) = 0;

  /// Whether the desk wants the live feed of questions (someone is on the desk). When it turns on,
  /// the store answers with a feed reset, after which the desk loads the episode.
  virtual void setFeedWanted(bool isWanted) = 0;

  virtual void readAudit(core::AuditQuery query,
                         Done<std::optional<std::vector<core::AuditEntry>>> done) = 0;
  /// The newest admin-edited lexicon; version 0 with an empty body when there is none.
  virtual void readLexicon(Done<std::optional<core::LexiconText>> done) = 0;
  /// Stores a new lexicon version if baseVersion is the newest (else Error conflict), audited.
  virtual void saveLexicon(std::string body, std::int64_t baseVersion, core::StaffIdentity who,
                           Done<core::Result<core::LexiconText>> done) = 0;

  /// Applies a graphics command in one transaction and logs it (the log, not this answer, drives
  /// forwarding: the desk gets it back through onGraphicsCommands). The answer is the command as
  /// logged (seq, resolved lower third). Errors: invalid_graphic, question_not_available,
  /// nothing_cued, try_again.
  virtual void applyGraphics(core::GraphicsCommand command, core::StaffIdentity by,
                             Done<core::Result<core::GraphicsCommand>> done) = 0;
  /// Stores an engine's as-run report once; false when it was there already or not stored.
  virtual void recordAsRun(std::string engine, core::AsRunReport report, Done<bool> done) = 0;
  /// Stores an engine's error report; false when not stored.
  virtual void recordEngineError(std::string engine, core::EngineCommandError error,
                                 Done<bool> done) = 0;

  // The studio. Episode and queue changes reach every server through the store's feed (onShow,
  // onQuestions), not through these answers.

  /// The 100 newest episodes, newest first (nullopt: cannot tell now).
  virtual void listEpisodes(Done<std::optional<std::vector<core::Episode>>> done) = 0;
  /// Creates (draft.id 0) or edits an episode's planned details, audited. Errors:
  /// episode_number_taken, not_found, the draft's field errors, try_again.
  virtual void saveEpisode(core::EpisodeDraft draft, core::StaffIdentity by,
                           Done<core::Result<core::Episode>> done) = 0;
  /// A planned episode goes live. Errors: not_found, not_allowed, try_again.
  virtual void startEpisode(std::int64_t episodeId, core::StaffIdentity by,
                            Done<core::Result<core::Episode>> done) = 0;
  /// The live episode ends (layers cleared, unused questions not_selected) in one transaction.
  /// Errors: not_found, not_allowed, try_again.
  virtual void endEpisode(std::int64_t episodeId, core::StaffIdentity by,
                          Done<core::Result<core::Episode>> done) = 0;
  /// The producers' queue of an episode: its questions from approval on, without private data.
  virtual void loadQueue(std::int64_t episodeId,
                         Done<std::optional<std::vector<core::AirQuestion>>> done) = 0;
  /// Moves a question into, within or out of the queue if baseVersion is still current (else
  /// Conflict with the current row), audited; questions: the moved one first, then the shifted.
  virtual void changeQueue(core::QueueChange change, Done<core::ChangeOutcome> done) = 0;
  /// Stores an engine's report of a recording file; false when not stored.
  virtual void recordRecording(core::StaffIdentity engine, core::RecordingReport report,
                               Done<bool> done) = 0;
};

/// Checks a password against its stored Argon2id hash off the I/O thread (it takes ~0.1 s and
/// 64 MiB on purpose). Returns false without calling done when its queue is full.
class PasswordChecker {
 public:
  virtual ~PasswordChecker() = default;
  /// An empty storedHash checks against a dummy hash, so a wrong username costs the same time.
  virtual bool check(std::string storedHash, std::string password,
                     std::function<void(bool)> done) = 0;
};

/// The episode archive, answered away from the I/O thread (its queries can take longer than a
/// show can wait). Every call answers exactly once, with the archive store's errors
/// (unknown_episode, version_conflict, field errors, empty_query, query_too_long, unavailable).
class ArchiveRepository {
 public:
  template <typename T>
  using Done = std::function<void(T)>;
  virtual ~ArchiveRepository() = default;

  /// Every episode, newest air date first.
  virtual void listEpisodes(std::size_t offset, std::size_t limit,
                            Done<core::Result<std::vector<core::ArchiveEpisodeSummary>>> done) = 0;
  virtual void search(std::string query, std::size_t limit,
                      Done<core::Result<std::vector<core::SearchHit>>> done) = 0;
  virtual void episode(std::int64_t number,
                       Done<core::Result<core::ArchiveEpisodeDetail>> done) = 0;
  /// Applies an audited edit if patch.baseVersion is still the episode's.
  virtual void edit(std::int64_t number, core::ArchiveMetadataPatch patch, core::StaffIdentity by,
                    Done<core::Result<core::ArchiveEpisodeDetail>> done) = 0;
};

}  // namespace sporazum::desk

#pragma once
// The moderation desk's storage: staff sessions, moderation changes with their audit entries, the
// filter lexicon, and a live feed of new and changed questions. Mirrors desk::DeskRepository
// (pg_store does not depend on the desk; the executable adapts one to the other).

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sporazum/core/graphics.hpp"
#include "sporazum/core/moderation.hpp"
#include "sporazum/core/question.hpp"
#include "sporazum/core/result.hpp"
#include "sporazum/core/studio.hpp"

namespace sporazum::pg {

struct DeskStoreOptions {
  std::string connectionUri;  ///< libpq URI or key=value string; empty uses the PG* environment
  /// A request the database has not answered by then gets the "unavailable" answer and is dropped.
  std::chrono::milliseconds unavailableAfter{3000};
  std::size_t maxQueue = 10000;  ///< requests beyond this are answered "unavailable" at once
  std::chrono::milliseconds pollInterval{1000};  ///< the feed's safety-net poll
  /// How long the feed keeps looking for a question id it skipped (a transaction that took the id
  /// and had not committed yet) before taking it as rolled back.
  std::chrono::milliseconds gapRetention{30000};
};

/// Statistics for /metrics and tests (read from any thread).
struct DeskCounters {
  std::atomic<std::uint64_t> requests{0};
  /// Requests answered "unavailable" (nullopt, Unavailable, try_again).
  std::atomic<std::uint64_t> unavailable{0};
  /// COMMITs whose outcome was lost and had to be looked up.
  std::atomic<std::uint64_t> inDoubtCommits{0};
  /// Connections opened again after one was lost (worker and feed).
  std::atomic<std::uint64_t> reconnects{0};
  std::atomic<std::uint64_t> feedRows{0};     ///< rows delivered to onQuestions
  std::atomic<std::uint64_t> feedQueries{0};  ///< feed rounds that read the database
  std::atomic<std::uint64_t> feedResets{0};   ///< onFeedReset calls
  /// Question ids the feed skipped and still waits for (a gauge).
  std::atomic<std::uint64_t> feedGapIds{0};
  /// Skipped ids given up as rolled back after gapRetention.
  std::atomic<std::uint64_t> feedGapsExpired{0};
};

/// Thread-safe and asynchronous. Requests run in order on one worker thread with its own
/// connection; every callback runs exactly once, on a store thread (the worker, or the timer that
/// answers "unavailable" after unavailableAfter), except that requests still pending when the
/// store is destroyed are answered "unavailable" on the destroying thread. A request answered
/// "unavailable" is never applied later; a change whose COMMIT reply was lost is looked up, and is
/// reported Unavailable only when that could not be done in time either.
class DeskStore {
 public:
  template <typename T>
  using Done = std::function<void(T)>;

  explicit DeskStore(DeskStoreOptions options);
  ~DeskStore();
  DeskStore(const DeskStore&) = delete;
  DeskStore& operator=(const DeskStore&) = delete;

  /// By lower-cased username; nullopt when there is no such account; Error try_again when the
  /// database cannot answer (so a login is not counted as failed because the database is away).
  void findAccount(std::string username,
                   Done<core::Result<std::optional<core::StaffAccount>>> done);
  /// Stores a session (only the token's digest) for an enabled account, expiring after ttlSeconds.
  /// Error session_invalid when the account is disabled or gone; try_again when unavailable.
  void createSession(core::StaffIdentity who, core::Digest tokenDigest, std::int64_t ttlSeconds,
                     Done<core::Result<core::StaffSession>> done);
  /// The session's identity (as stored now) when it exists, is not revoked or expired and its
  /// account is enabled; else Error session_invalid; try_again when unavailable.
  void resolveSession(core::Digest tokenDigest, Done<core::Result<core::StaffSession>> done);
  /// true once the session is revoked (or was not there); false when the database cannot answer.
  void revokeSession(core::Digest tokenDigest, Done<bool> done);
  /// Of the given digests, those whose sessions are still valid, in the given order.
  void stillValidSessions(std::vector<core::Digest> tokenDigests,
                          Done<std::optional<std::vector<core::Digest>>> done);

  /// Every question of an episode, oldest first.
  void loadEpisodeQuestions(std::int64_t episodeId,
                            Done<std::optional<std::vector<core::ModQuestion>>> done);
  /// Applies one change to a question of the latest episode if baseVersion is still current, with
  /// its audit entry, in one transaction. questions: every changed row, the acted-on one first.
  void applyChange(core::ModChange change, Done<core::ChangeOutcome> done);
  /// Undoes `who`'s newest moderation change in the episode that is not undone yet.
  void undoLastChange(core::StaffIdentity who, std::int64_t episodeId,
                      Done<core::ChangeOutcome> done);

  /// Newest first; limit capped at 1000.
  void readAudit(core::AuditQuery query, Done<std::optional<std::vector<core::AuditEntry>>> done);
  /// The newest admin-edited lexicon; version 0 with an empty body when there is none.
  void readLexicon(Done<std::optional<core::LexiconText>> done);
  /// Stores a new version if baseVersion is the newest (0 when none), audited. Errors: conflict
  /// (somebody saved first), bad_lexicon (not UTF-8, a NUL byte, over 1 MiB), try_again.
  void saveLexicon(std::string body, std::int64_t baseVersion, core::StaffIdentity who,
                   Done<core::Result<core::LexiconText>> done);

  /// Applies a graphics command for `by` in one transaction: the programme locked, a lower third
  /// resolved from its question (only the graphic's questionId counts), the programme rules
  /// applied, the command logged (NOTIFY graphics_command) and committed. The answer is the
  /// command as logged: seq assigned, content resolved. Errors: invalid_graphic,
  /// question_not_available (not an approved question of the latest episode), nothing_cued,
  /// try_again. Engines get the command from the feed (onGraphicsCommands), not from here.
  void applyGraphics(core::GraphicsCommand command, core::StaffIdentity by,
                     Done<core::Result<core::GraphicsCommand>> done);
  /// Stores an engine's as-run report once: true when new, false when it was there already or
  /// could not be stored.
  void recordAsRun(std::string engine, core::AsRunReport report, Done<bool> done);
  /// Stores an engine's error report; false when it could not be stored.
  void recordEngineError(std::string engine, core::EngineCommandError error, Done<bool> done);

  // ---- the studio (0004_studio.sql) ----

  /// The 100 newest episodes (by air date), newest first.
  void listEpisodes(Done<std::optional<std::vector<core::Episode>>> done);
  /// Creates (draft.id 0) or edits an episode's planned details, audited. Errors: the draft's
  /// field errors (core::cleanEpisodeDraft), episode_number_taken, not_found, try_again.
  void saveEpisode(core::EpisodeDraft draft, core::StaffIdentity by,
                   Done<core::Result<core::Episode>> done);
  /// A planned episode goes live (current, questions open), audited. Errors: not_found,
  /// not_allowed (not planned, or another one is live), try_again.
  void startEpisode(std::int64_t episodeId, core::StaffIdentity by,
                    Done<core::Result<core::Episode>> done);
  /// The live episode ends in one transaction: clear_all logged, approved and queued questions
  /// not_selected, questions closed, state aired; audited. Errors: not_found, not_allowed,
  /// try_again.
  void endEpisode(std::int64_t episodeId, core::StaffIdentity by,
                  Done<core::Result<core::Episode>> done);
  /// The producers' queue of an episode (approved, queued, on_air, aired, not_selected), oldest
  /// first, without private data.
  void loadQueue(std::int64_t episodeId, Done<std::optional<std::vector<core::AirQuestion>>> done);
  /// Moves a question of the current episode into or within the queue, or out of it, if
  /// baseVersion is still current (else Conflict), audited. questions: the moved one first, then
  /// those that shifted.
  void changeQueue(core::QueueChange change, Done<core::ChangeOutcome> done);
  /// Stores an engine's report of a recording file (per engine and file), audited under the
  /// engine's account; false when nothing changed or it could not be stored.
  void recordRecording(core::StaffIdentity engine, core::RecordingReport report, Done<bool> done);
  /// Called on the feed thread with the current episode as the studio sees it (nullopt: there is
  /// none) when first read and whenever it changes (its details, state, questions open, guests,
  /// topics, newest recording), from any server or the command line.
  void onShow(std::function<void(std::optional<core::Episode>)> fn);

  /// Called on the feed thread once, when the feed first reads the programme; from then on
  /// onGraphicsCommands delivers every logged command after its seq.
  void onProgramme(std::function<void(core::ProgrammeState)> fn);
  /// Called on the feed thread with logged graphics commands (from any server or the command
  /// line), in seq order without gaps or repeats, starting after onProgramme's seq; a lost
  /// connection only delays them.
  void onGraphicsCommands(std::function<void(std::vector<core::GraphicsCommand>)> fn);

  /// Called on the feed thread with every newly committed question (all episodes: filter by
  /// episodeId) and every question whose version changed, whole, in batches. A question may come
  /// twice with the same version; keep the higher version.
  void onQuestions(std::function<void(std::vector<core::ModQuestion>)> fn);
  /// Called on the feed thread with the newest lexicon whenever an admin saved one (also after a
  /// reconnect if it changed meanwhile).
  void onLexiconChange(std::function<void(core::LexiconText)> fn);
  /// Called on the feed thread when the feed starts following (see setFeedWanted) and after every
  /// reconnect while it follows. (Re)load the episode from then on: changes made while the feed
  /// was away are not replayed, and nothing committed after this call is missed.
  void onFeedReset(std::function<void()> fn);
  /// Thread-safe. Whether anyone reads the feed (default: no). While not wanted, no question rows
  /// are read (lexicon changes still are). Every call with true brings an onFeedReset within
  /// about pollInterval, even when the feed was already following.
  void setFeedWanted(bool isWanted);

  /// Starts the worker, feed and timer threads. Call after the on* setters. Requests made before
  /// start() wait in the queue (their deadline runs).
  void start();

  const DeskCounters& counters() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sporazum::pg

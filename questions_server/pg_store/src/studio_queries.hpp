#pragma once
// Internal to pg_store: the SQL of the studio (schema/migrations/0004_studio.sql) — episodes, the
// producers' queue, questions on air, the engines' recordings — one function per request. Each
// runs on the caller's connection and thread; the desk store runs them on its worker, the command
// line through admin.hpp.

#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "desk_queries.hpp"
#include "sporazum/core/graphics.hpp"
#include "sporazum/core/moderation.hpp"
#include "sporazum/core/result.hpp"
#include "sporazum/core/studio.hpp"

namespace sporazum::pg::detail {

/// The newest episodes first (by air date), at most limit.
std::vector<core::Episode> listEpisodes(pqxx::transaction_base& txn, std::size_t limit);
std::optional<core::Episode> readEpisode(pqxx::transaction_base& txn, std::int64_t episodeId);
/// The current episode (the live one, else the newest); nullopt when there is none.
std::optional<core::Episode> readCurrentEpisode(pqxx::transaction_base& txn);
/// The id of the episode with this number, 0 when there is none.
std::int64_t episodeIdByNumber(pqxx::transaction_base& txn, std::int64_t number);

/// Creates (draft.id 0) or edits an episode's planned details, audited as episode_save. A new
/// episode closes questions of earlier ones that are not live (it becomes the current one unless
/// a show is live). Errors: the draft's field errors, episode_number_taken, not_found.
core::Result<core::Episode> saveEpisode(pqxx::connection& conn, const core::EpisodeDraft& draft,
                                        const core::StaffIdentity& by,
                                        CommitGate<core::Result<core::Episode>>& gate);
/// A planned episode goes live: current, questions open, every other episode's closed. Errors:
/// not_found, not_allowed (not planned, or another episode is live).
core::Result<core::Episode> startEpisode(pqxx::connection& conn, std::int64_t episodeId,
                                         const core::StaffIdentity& by,
                                         CommitGate<core::Result<core::Episode>>& gate);
/// The live episode ends, in one transaction: every layer cleared (a clear_all in the graphics
/// log, which moves the question on air to aired), approved and queued questions become
/// not_selected, questions close, state aired. Errors: not_found, not_allowed (not live).
core::Result<core::Episode> endEpisode(pqxx::connection& conn, std::int64_t episodeId,
                                       const core::StaffIdentity& by,
                                       CommitGate<core::Result<core::Episode>>& gate);

/// The producers' queue of an episode: its questions from approval on, oldest first, in the
/// studio's form (nothing private is read).
std::vector<core::AirQuestion> loadQueue(pqxx::connection& conn, std::int64_t episodeId);
/// Moves a question into or within the queue, or takes it out, if baseVersion is still current;
/// the others shift so that positions stay 1…n. Audited (queue_move, queue_remove). questions:
/// the moved one first, then the ones that shifted.
core::ChangeOutcome changeQueue(pqxx::connection& conn, const core::QueueChange& change,
                                CommitGate<core::ChangeOutcome>& gate);

/// The questions-on-air rule, inside a graphics command's transaction (the programme is locked):
/// the question that left the lower third becomes aired, the one now on it on_air (from approved,
/// queued or aired; leaving the queue closes its gap). Each move is audited with the command's
/// seq. 0 for none.
void moveQuestionsOnAir(pqxx::work& txn, std::int64_t episodeId, std::int64_t leftAir,
                        std::int64_t nowOnAir, std::int64_t seq, const core::StaffIdentity& by);

/// Stores an engine's report of a recording file (one row per engine and file: a done file stays
/// done), audited under the engine's account. false when nothing changed.
bool recordRecording(pqxx::connection& conn, const core::StaffIdentity& engine,
                     const core::RecordingReport& report, CommitGate<bool>& gate);

}  // namespace sporazum::pg::detail

#pragma once
// Internal to pg_store: the SQL of on-air graphics (schema/migrations/0003_graphics.sql), one
// function per request. Each runs on the caller's connection and thread; the desk store runs them
// on its worker, the command line through admin.hpp, the feed reads the log with them.

#include <cstdint>
#include <pqxx/pqxx>
#include <stdexcept>
#include <string>
#include <vector>

#include "desk_queries.hpp"
#include "sporazum/core/graphics.hpp"
#include "sporazum/core/moderation.hpp"
#include "sporazum/core/result.hpp"
#include "sporazum/pg/admin.hpp"

namespace sporazum::pg::detail {

/// The stored programme or a logged command does not decode (edited by hand?): a fault of the
/// data, not of the connection, so the feed does not reconnect over it.
class StoredGraphicsUnreadable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Applies one command in one transaction: locks the programme, resolves a lower third from its
/// question (only `questionId` of the given graphic counts), applies the programme rules, appends
/// the command to the log (whose trigger NOTIFYs graphics_command) and commits through `gate`.
/// Returns the command as logged and forwarded (seq assigned, content resolved). Errors:
/// invalid_graphic, question_not_available, nothing_cued.
core::Result<core::GraphicsCommand> applyGraphicsCommand(
    pqxx::connection& conn, core::GraphicsCommand command, const core::StaffIdentity& by,
    CommitGate<core::Result<core::GraphicsCommand>>& gate);

/// The same inside a transaction the caller commits (the end of an episode clears every layer in
/// its own transaction). Locks the programme first, then moves questions on and off air
/// (studio_queries.hpp, moveQuestionsOnAir).
core::Result<core::GraphicsCommand> applyGraphicsInTransaction(pqxx::work& txn,
                                                               core::GraphicsCommand command,
                                                               const core::StaffIdentity& by);

/// The programme as recorded (every layer, seq of the last command, the live episode to record).
core::ProgrammeState readProgramme(pqxx::transaction_base& txn);

/// Logged commands with seq > afterSeq, in seq order, at most limit.
std::vector<core::GraphicsCommand> readCommandsAfter(pqxx::transaction_base& txn,
                                                     std::int64_t afterSeq, std::size_t limit);

/// Stores an engine's as-run report unless the same (engine, seq, layer, event) is there already;
/// true when it was new. The episode is the command's; a question that is gone is recorded as
/// none. The first lower-third report of a question sets its on_air_at / off_air_at.
bool recordAsRun(pqxx::connection& conn, const std::string& engine, const core::AsRunReport& report,
                 CommitGate<bool>& gate);

/// Stores an engine's error report; the episode is the command's (else the latest).
bool recordEngineError(pqxx::connection& conn, const std::string& engine,
                       const core::EngineCommandError& error, CommitGate<bool>& gate);

/// The as-run record of one episode (0: all), in the order the frames left the engines.
std::vector<core::AsRunRecord> listAsRun(pqxx::transaction_base& txn, std::int64_t episodeId);

}  // namespace sporazum::pg::detail

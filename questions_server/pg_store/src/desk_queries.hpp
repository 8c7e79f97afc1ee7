#pragma once
// Internal to pg_store: the moderation desk's SQL, one function per request. Each runs on the
// caller's connection and thread; threads, deadlines and retries are desk_store.cpp's business.

#include <cstdint>
#include <functional>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <utility>
#include <vector>

#include "sporazum/core/moderation.hpp"
#include "sporazum/core/question.hpp"
#include "sporazum/core/result.hpp"

namespace sporazum::pg::detail {

/// Tells, on a fresh connection, whether a COMMIT whose reply was lost is in the database.
using LandedCheck = std::function<bool(pqxx::connection&)>;

/// Thrown by CommitGate::commit when the request was answered "unavailable" meanwhile: the
/// transaction must not commit (its destructor rolls it back).
struct RequestGivenUp {};

/// Lets a write commit only while its request is still wanted. Before COMMIT the answer is handed
/// over, so that a COMMIT whose reply is lost can still be answered once it is found to have
/// landed.
template <typename T>
class CommitGate {
 public:
  virtual ~CommitGate() = default;
  /// Commits txn; throws RequestGivenUp instead when the request was given up.
  virtual void commit(pqxx::work& txn, const T& answer, LandedCheck landed) = 0;
};

/// The current episode's id (the live one, else the newest; current_episode_id() in SQL), 0 when
/// there is none.
std::int64_t currentEpisodeId(pqxx::transaction_base& txn);

/// Locks a question's row and reads it whole as it is committed now; nullopt when there is none.
std::optional<core::ModQuestion> lockQuestion(pqxx::work& txn, std::int64_t id);
/// Rows as they are now inside the transaction, in the order of ids.
std::vector<core::ModQuestion> readQuestionsInOrder(pqxx::work& txn,
                                                    const std::vector<std::int64_t>& ids);
/// The current row, and who changed it last and how (that person's newest audit entry that
/// touched it: the acted-on question, a merge's target, or one of a ban's other questions).
core::ChangeOutcome conflict(pqxx::work& txn, core::ModQuestion current);
/// Tells whether the audit entry a lost COMMIT wrote is there.
LandedCheck auditLanded(std::int64_t auditId);

std::optional<core::StaffAccount> findAccount(pqxx::connection& conn, const std::string& username);
core::Result<core::StaffSession> createSession(pqxx::connection& conn,
                                               const core::StaffIdentity& who,
                                               const core::Digest& tokenDigest,
                                               std::int64_t ttlSeconds,
                                               CommitGate<core::Result<core::StaffSession>>& gate);
core::Result<core::StaffSession> resolveSession(pqxx::connection& conn,
                                                const core::Digest& tokenDigest);
bool revokeSession(pqxx::connection& conn, const core::Digest& tokenDigest, CommitGate<bool>& gate);
std::vector<core::Digest> stillValidSessions(pqxx::connection& conn,
                                             const std::vector<core::Digest>& tokenDigests);

std::vector<core::ModQuestion> loadEpisodeQuestions(pqxx::connection& conn, std::int64_t episodeId);
core::ChangeOutcome applyChange(pqxx::connection& conn, const core::ModChange& change,
                                CommitGate<core::ChangeOutcome>& gate);
core::ChangeOutcome undoLastChange(pqxx::connection& conn, const core::StaffIdentity& who,
                                   std::int64_t episodeId, CommitGate<core::ChangeOutcome>& gate);

/// Newest first (oldestFirst: oldest first, no limit: the CLI export).
std::vector<core::AuditEntry> readAudit(pqxx::transaction_base& txn, const core::AuditQuery& query,
                                        bool oldestFirst = false);
core::LexiconText readLexicon(pqxx::connection& conn);
core::Result<core::LexiconText> saveLexicon(pqxx::connection& conn, const std::string& body,
                                            std::int64_t baseVersion,
                                            const core::StaffIdentity& who,
                                            CommitGate<core::Result<core::LexiconText>>& gate);

/// Appends an audit entry; staffId 0 stores NULL (the command line). Returns its id.
std::int64_t insertAudit(pqxx::transaction_base& txn, std::int64_t staffId,
                         const std::string& actor, const std::string& action,
                         std::int64_t episodeId, std::int64_t questionId,
                         const std::string& beforeJson, const std::string& afterJson,
                         std::int64_t undoes = 0);

// ---- the feed (prepared on the feed's connection by prepareFeed) ----------------------------

void prepareFeed(pqxx::connection& conn);
/// Questions with id > afterId, by id, at most limit.
std::vector<core::ModQuestion> feedQuestionsAfter(pqxx::transaction_base& txn, std::int64_t afterId,
                                                  std::size_t limit);
/// Questions whose id lies in one of the inclusive ranges.
std::vector<core::ModQuestion> feedQuestionsInRanges(
    pqxx::transaction_base& txn, const std::vector<std::pair<std::int64_t, std::int64_t>>& ranges);
std::vector<core::ModQuestion> feedQuestionsById(pqxx::transaction_base& txn,
                                                 const std::vector<std::int64_t>& ids);
/// Highest question id now, and the ids present in (highest - window, highest].
std::pair<std::int64_t, std::vector<std::int64_t>> feedRecentIds(pqxx::transaction_base& txn,
                                                                 std::int64_t window);

}  // namespace sporazum::pg::detail

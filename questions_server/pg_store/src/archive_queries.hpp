#pragma once
// Internal to pg_store: the archive's SQL, one function per request, each on the caller's
// transaction. Connections, retries and the translation of database errors are
// archive_store.cpp's business.

#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <string_view>
#include <vector>

#include "sporazum/core/result.hpp"
#include "sporazum/pg/archive_store.hpp"

namespace sporazum::pg::detail {

/// The name search is prepared under on the store's connection.
inline constexpr const char* kArchiveSearchStatement = "archive_search";

/// The SQL of the search ($1 the cleaned query, $2 the limit).
const char* archiveSearchSql();

/// Trims and checks a query: valid UTF-8, control characters as spaces, 1–kMaxSearchQueryChars
/// code points. Errors: invalid_utf8, empty_query, query_too_long.
/// A query as searched: its text, and the words it excludes (-word), space-separated, which rule
/// out an episode wherever in it they occur.
struct CleanQuery {
  std::string text;
  std::string excluded;
};
core::Result<CleanQuery> cleanSearchQuery(std::string_view query);

std::vector<SearchHit> runSearch(pqxx::transaction_base& txn, const CleanQuery& query,
                                 std::size_t limit, bool isAiredOnly);

// ---- reads (archive_reads.cpp)

/// The episode's id, 0 when there is no episode with that number.
std::int64_t archiveEpisodeId(pqxx::transaction_base& txn, std::int64_t number);
std::optional<ArchiveEpisodeSummary> readSummary(pqxx::transaction_base& txn,
                                                 std::int64_t episodeId);
std::vector<ArchiveEpisodeSummary> readSummaries(pqxx::transaction_base& txn, std::size_t limit,
                                                 std::size_t offset, bool isAiredOnly);
std::optional<ArchiveEpisodeDetail> readDetail(pqxx::transaction_base& txn, std::int64_t episodeId);
/// One stored file with its loudness and newest fixity check; nullopt when there is none.
std::optional<ArchivedAsset> readAsset(pqxx::transaction_base& txn, std::int64_t assetId);
ProgrammeStart readProgrammeStart(pqxx::transaction_base& txn, std::int64_t episodeId);
std::vector<AiredQuestion> readAiredQuestions(pqxx::transaction_base& txn, std::int64_t episodeId);
/// Chapters of the aired questions (see ArchiveStore::airedQuestionChapters).
std::vector<core::Chapter> chaptersFrom(const std::vector<AiredQuestion>& questions,
                                        std::optional<double> durationSeconds);
/// A question's text as a chapter title: at most kMaxChapterTitleChars code points, cut at a
/// word boundary with an ellipsis.
std::string chapterTitle(std::string_view text);
std::vector<FixityTarget> readFixityTargets(pqxx::transaction_base& txn);
ArchiveExport readExport(pqxx::transaction_base& txn, ArchiveEpisodeDetail detail);

// ---- writes (archive_writes.cpp)

core::Result<IngestRecord> writeIngest(pqxx::work& txn, std::int64_t number,
                                       const core::IngestResult& ingest,
                                       const core::StaffIdentity& by);
/// Checks and cleans an edit before any SQL runs.
core::Result<ArchiveMetadataPatch> cleanMetadataPatch(ArchiveMetadataPatch patch);
core::Result<ArchiveEpisodeDetail> writeMetadata(pqxx::work& txn, std::int64_t number,
                                                 const ArchiveMetadataPatch& cleaned,
                                                 const core::StaffIdentity& by);
core::Result<FixityEvent> writeFixity(pqxx::work& txn, std::int64_t assetId, FixityOutcome outcome,
                                      const std::string& actualSha256, const std::string& detail);

/// Whether text is 64 lower-case hex digits.
bool isSha256Hex(std::string_view text);

}  // namespace sporazum::pg::detail

#pragma once
// The episode archive's storage (schema/migrations/0005_archive.sql): episodes with titles and
// descriptions in four languages, the people who appeared, the questions that aired with their
// timecodes, the media files an ingest made (probe, SHA-256, loudness, chapters), fixity checks,
// the export's data and search. Domain types only; the SQL lives in src/archive_*.cpp.

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sporazum/core/archive.hpp"
#include "sporazum/core/archive_catalog.hpp"
#include "sporazum/core/moderation.hpp"
#include "sporazum/core/result.hpp"

namespace sporazum::pg {
// The catalogue's types are core's (core/archive_catalog.hpp); named here as before.
using core::AiredQuestion;
using core::AiredQuestionChapters;
using core::AppearancePatch;
using core::ArchivedAsset;
using core::ArchiveEpisodeDetail;
using core::ArchiveEpisodeState;
using core::ArchiveEpisodeSummary;
using core::ArchiveExport;
using core::ArchiveGuest;
using core::ArchiveMetadataPatch;
using core::FixityEvent;
using core::FixityOutcome;
using core::FixityTarget;
using core::IngestRecord;
using core::kArchiveLanguages;
using core::kMaxAppearanceTextChars;
using core::kMaxArchiveDescriptionChars;
using core::kMaxArchiveTitleChars;
using core::kMaxChapterTitleChars;
using core::kMaxSearchHits;
using core::kMaxSearchQueryChars;
using core::LocalizedText;
using core::parseArchiveEpisodeState;
using core::parseFixityOutcome;
using core::ProgrammeStart;
using core::SearchField;
using core::SearchHit;
using core::toString;

/// Which episodes a list or search covers: all, or only those that aired (aired, archived) —
/// what the public archive shows.
enum class ArchiveScope { All, Aired };

/// The archive's storage on one connection of its own, opened at the first call and again after
/// it was lost. Calls are synchronous and NOT thread-safe: one ArchiveStore per thread (the
/// archive CLI, or the server's request worker). Expected refusals come back as an Error:
/// unknown_episode, not_aired, already_ingested, duplicate_location, unknown_asset,
/// version_conflict, bad_field / field_too_long / control_characters / invalid_utf8 (with the
/// field named), empty_query, query_too_long, bad_limit; unavailable when the database cannot be
/// reached (or the connection was lost while committing: look before repeating a write), and
/// database_error for anything the database refused unexpectedly (logged with SQLSTATE and
/// constraint, never row data).
class ArchiveStore {
 public:
  /// libpq URI or key=value string; empty uses the PG* environment. Does not connect yet.
  explicit ArchiveStore(std::string connectionUri);
  ~ArchiveStore();
  ArchiveStore(const ArchiveStore&) = delete;
  ArchiveStore& operator=(const ArchiveStore&) = delete;

  core::Result<ArchiveEpisodeSummary> findEpisode(std::int64_t number);
  /// Newest air date first; limit 1–1000.
  core::Result<std::vector<ArchiveEpisodeSummary>> listEpisodes(
      std::size_t limit, std::size_t offset, ArchiveScope scope = ArchiveScope::All);
  core::Result<ArchiveEpisodeDetail> episodeDetail(std::int64_t number);
  /// One stored file by its id (unknown_asset when there is none).
  core::Result<ArchivedAsset> findAsset(std::int64_t assetId);
  /// One chapter per time a question was on air, from the as-run record, relative to the
  /// programme's start (negative starts clamped to 0); an open end runs to the next chapter (or
  /// the episode's duration). Titles are the question's text for air, shortened to
  /// kMaxChapterTitleChars at a word boundary.
  core::Result<AiredQuestionChapters> airedQuestionChapters(std::int64_t number);
  /// Writes an ingest in one transaction: the master (refused as already_ingested when a master
  /// with the same SHA-256 or location is stored, or the episode has one), its loudness, proxy,
  /// thumbnails and chapters, the episode's guests as people and appearances (once), duration
  /// from the probe unless set, state archived, and an audit entry. The episode must be aired
  /// (unknown_episode, not_aired otherwise). All or nothing.
  core::Result<IngestRecord> recordIngest(std::int64_t number, const core::IngestResult& ingest,
                                          const core::StaffIdentity& by);
  /// Applies an edit (texts cleaned like the studio's, limits checked) with an audit entry of the
  /// fields changed, before and after, and a new version; a no-op edit writes nothing. Returns
  /// the episode as it is now.
  core::Result<ArchiveEpisodeDetail> updateEpisodeMetadata(std::int64_t number,
                                                           const ArchiveMetadataPatch& patch,
                                                           const core::StaffIdentity& by);
  /// Every stored file, by id.
  core::Result<std::vector<FixityTarget>> fixityTargets();
  /// Appends a fixity event; actualSha256 must equal the stored hash for ok, differ for
  /// mismatch, and be empty for missing and unreadable (bad_field otherwise).
  core::Result<FixityEvent> recordFixity(std::int64_t assetId, FixityOutcome outcome,
                                         const std::string& actualSha256,
                                         const std::string& detail);
  core::Result<ArchiveExport> exportEpisode(std::int64_t number);
  /// Full text over titles, guests (every spelling), topics, descriptions and aired questions,
  /// in Serbian (Cyrillic and Latin find each other, diacritics optional), Albanian (diacritics
  /// optional) and English. Web-search syntax: words, "a phrase", or, -word. A query without
  /// phrase or -word also finds names by trigram similarity (typos, Albanian spellings), and
  /// titles so when nothing else matched. limit 1–kMaxSearchHits.
  core::Result<std::vector<SearchHit>> search(std::string_view query, std::size_t limit,
                                              ArchiveScope scope = ArchiveScope::All);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sporazum::pg

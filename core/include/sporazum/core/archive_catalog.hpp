#pragma once
// The episode archive's catalogue as the rest of the system sees it: episodes with titles and
// descriptions in four languages, the people who appeared, the questions that aired with their
// timecodes, the files an ingest made, fixity checks, edits and search hits. Plain data; the
// PostgreSQL store (pg::ArchiveStore) reads and writes it, the desk and the web API send it.

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sporazum/core/archive.hpp"

namespace sporazum::core {

/// The languages of an episode's titles and descriptions (BCP 47), in the archive's order.
inline constexpr std::array<std::string_view, 4> kArchiveLanguages{"sr-Latn", "sr-Cyrl", "sq",
                                                                   "en"};
inline constexpr std::size_t kMaxArchiveTitleChars = 200;
inline constexpr std::size_t kMaxArchiveDescriptionChars = 4000;
inline constexpr std::size_t kMaxAppearanceTextChars = 200;  ///< role, party
inline constexpr std::size_t kMaxSearchQueryChars = 500;
inline constexpr std::size_t kMaxSearchHits = 100;
inline constexpr std::size_t kMaxChapterTitleChars = 80;

/// A text in one of kArchiveLanguages.
struct LocalizedText {
  std::string lang;
  std::string text;
  friend bool operator==(const LocalizedText&, const LocalizedText&) = default;
};

/// planned, live and aired as the studio runs an episode; archived once its master is ingested.
enum class ArchiveEpisodeState { Planned = 1, Live, Aired, Archived };
std::string_view toString(ArchiveEpisodeState state);
std::optional<ArchiveEpisodeState> parseArchiveEpisodeState(std::string_view text);

/// An episode in a list (EBUCore: identifier, title, publicationEvent, format/duration).
struct ArchiveEpisodeSummary {
  std::int64_t episodeId = 0;
  std::int64_t number = 0;            ///< isEpisodeOf/@runningOrderNumber
  std::string workingTitle;           ///< the studio's title
  std::vector<LocalizedText> titles;  ///< in kArchiveLanguages order; missing languages absent
  std::string airDate;                ///< YYYY-MM-DD
  std::string airTime;                ///< HH:MM:SS, broadcaster's local time; empty: not set
  ArchiveEpisodeState state = ArchiveEpisodeState::Planned;
  std::optional<double> durationSeconds;
  bool hasMaster = false;
  std::optional<Loudness> loudness;  ///< the master's
  std::string posterLocation;        ///< the poster thumbnail (else the first); may be empty
  std::int64_t posterAssetId = 0;    ///< its media asset; 0 when there is none
  std::int32_t version = 1;          ///< for updateEpisodeMetadata's baseVersion
};

/// A person in one episode, with what they were then (EBUCore contributor: contactDetails with
/// guest=true, occupation = role, affiliation = party).
struct ArchiveGuest {
  std::int64_t personId = 0;  ///< 0: the studio's planned guest, not yet a person (not archived)
  std::int32_t position = 0;  ///< 1… in the studio's order
  std::string name;
  std::vector<std::string> aliases;  ///< every spelling the archive knows, name included
  std::string role;
  std::string party;
  friend bool operator==(const ArchiveGuest&, const ArchiveGuest&) = default;
};

/// A question that aired (EBUCore part typeLabel="viewerQuestion"). Nothing private: the viewer's
/// name only with their consent, never contact or device data.
struct AiredQuestion {
  std::int64_t questionId = 0;
  std::int64_t seq = 0;    ///< the take that put it on air; 0 without an as-run record
  std::string text;        ///< as it went on air (the moderators' edit, else the viewer's)
  std::string viewerName;  ///< empty without consent
  std::string municipality;
  std::string language;              ///< sr, sq, en, other, or empty
  std::optional<double> inSeconds;   ///< from the programme's start; none without as-run
  std::optional<double> outSeconds;  ///< none when no engine reported it leaving air
  std::string onAirAt;               ///< ISO 8601 UTC with milliseconds; empty when unknown
  std::string offAirAt;
};

enum class FixityOutcome { Ok = 1, Mismatch, Missing, Unreadable };
std::string_view toString(FixityOutcome outcome);
std::optional<FixityOutcome> parseFixityOutcome(std::string_view text);

/// One check of a file against its recorded SHA-256.
struct FixityEvent {
  std::int64_t id = 0;
  std::int64_t assetId = 0;
  std::string at;  ///< ISO 8601 UTC with milliseconds
  FixityOutcome outcome = FixityOutcome::Ok;
  std::string expectedSha256;
  std::string actualSha256;  ///< empty for missing and unreadable
  std::string detail;
};

/// A file the archive keeps, as stored (EBUCore format with fileInfo, hash, loudnessMetadata).
struct ArchivedAsset {
  std::int64_t id = 0;
  MediaAsset asset;
  std::optional<Loudness> loudness;  ///< the master's
  std::string createdAt;
  std::optional<FixityEvent> latestFixity;
};

/// What timecodes count from: the engine recording's start (see 0005_archive.sql for which
/// recording), else when the episode went live.
struct ProgrammeStart {
  std::string at;      ///< ISO 8601 UTC with milliseconds; empty when the episode never started
  std::string source;  ///< "recording", "episode", or empty
  friend bool operator==(const ProgrammeStart&, const ProgrammeStart&) = default;
};

/// Everything the archive knows of an episode.
struct ArchiveEpisodeDetail {
  ArchiveEpisodeSummary summary;
  std::vector<LocalizedText> descriptions;  ///< in kArchiveLanguages order
  /// People and appearances once archived; before that, the studio's planned guests.
  std::vector<ArchiveGuest> guests;
  std::vector<std::string> topics;
  std::vector<AiredQuestion> questions;  ///< in on-air order; as-run-less ones last
  std::vector<ArchivedAsset> assets;     ///< master, proxy, thumbnails (by time), in that order
  std::vector<Chapter> chapters;         ///< as the ingest stored them
  ProgrammeStart programmeStart;
  std::string createdAt;  ///< ISO 8601 UTC with milliseconds; the others empty until they happen
  std::string startedAt;
  std::string endedAt;
  std::string archivedAt;
};

/// The chapter marks of an episode's aired questions, and the start they count from.
struct AiredQuestionChapters {
  std::vector<Chapter> chapters;
  ProgrammeStart programmeStart;
};

/// What recordIngest wrote.
struct IngestRecord {
  std::int64_t episodeId = 0;
  std::int64_t masterAssetId = 0;
  std::int64_t proxyAssetId = 0;  ///< 0 without a proxy
  std::vector<std::int64_t> thumbnailAssetIds;
  std::int32_t appearancesMade = 0;  ///< guests made people and appearances by this ingest
  std::int64_t auditId = 0;
};

/// A change to one appearance, by its position; unset fields stay.
struct AppearancePatch {
  std::int32_t position = 0;
  std::optional<std::string> role;
  std::optional<std::string> party;
};

/// An edit of an episode's archive metadata; unset fields stay as they are.
struct ArchiveMetadataPatch {
  std::int32_t baseVersion = 0;               ///< the summary's version the editor saw; 0: no check
  std::map<std::string, std::string> titles;  ///< language → title; "" removes it
  std::map<std::string, std::string> descriptions;  ///< language → description; "" removes it
  std::optional<std::string> airDate;               ///< YYYY-MM-DD
  std::optional<std::string> airTime;               ///< HH:MM or HH:MM:SS; "" clears it
  std::optional<std::vector<std::string>> topics;   ///< replaces the list
  std::vector<AppearancePatch> appearances;
};

/// A file to re-hash.
struct FixityTarget {
  std::int64_t assetId = 0;
  std::int64_t episodeNumber = 0;
  MediaRole role = MediaRole::ProgrammeMaster;
  std::string location;
  std::string sha256;
};

/// An episode as the export formats it (EBUCore XML, JSON, CSV): the detail, and the dates of
/// EBUCore's date element.
struct ArchiveExport {
  ArchiveEpisodeDetail episode;
  std::string ingestedAt;  ///< date/ingested: the master's; empty when not archived
  std::string modifiedAt;  ///< date/modified: the newest audited change of the episode, if any
  std::string exportedAt;
};

enum class SearchField { Title = 1, Guest, Topic, Description, Question };
std::string_view toString(SearchField field);

/// One episode found, best first.
struct SearchHit {
  std::int64_t number = 0;
  std::string airDate;    ///< YYYY-MM-DD
  std::string title;      ///< the title that matched, else the first in kArchiveLanguages order
  std::string titleLang;  ///< its language; empty for the studio's working title
  SearchField matchedIn = SearchField::Title;
  /// Plain text around the match, matched words «marked»; Serbian in Latin script.
  std::string snippet;
  std::int64_t questionId = 0;  ///< the question that matched, for SearchField::Question
  double score = 0;
};

}  // namespace sporazum::core

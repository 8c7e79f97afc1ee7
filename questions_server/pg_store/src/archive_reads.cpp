// The archive's reads: summaries, the whole episode, aired questions with timecodes, chapters,
// fixity targets and the export.

#include <algorithm>
#include <nlohmann/json.hpp>

#include "archive_queries.hpp"
#include "sporazum/core/utf8.hpp"

namespace sporazum::pg::detail {
namespace {

using nlohmann::json;

// Every summary is read with these columns, in this order (see summaryFrom).
constexpr const char* kSummarySelect = R"SQL(
SELECT e.id, e.number, e.title, to_char(e.air_date, 'YYYY-MM-DD'),
       COALESCE(to_char(e.air_time, 'HH24:MI:SS'), ''), e.state, e.duration_seconds::float8,
       e.archive_version,
       COALESCE((SELECT json_agg(json_build_array(t.lang, t.text)
                                 ORDER BY array_position(ARRAY['sr-Latn', 'sr-Cyrl', 'sq', 'en'],
                                                         t.lang))
                   FROM episode_texts t WHERE t.episode_id = e.id AND t.kind = 'title'),
                '[]')::text,
       m.id IS NOT NULL, l.integrated_lufs, l.range_lu, l.true_peak_dbtp, COALESCE(p.location, ''),
       COALESCE(p.id, 0)
  FROM episodes e
  LEFT JOIN media_assets m ON m.episode_id = e.id AND m.role = 'programme_master'
  LEFT JOIN media_loudness l ON l.asset_id = m.id
  LEFT JOIN LATERAL (SELECT t.id, t.location FROM media_assets t
                      WHERE t.episode_id = e.id AND t.role = 'thumbnail'
                      ORDER BY t.is_poster DESC, t.at_seconds NULLS LAST, t.id LIMIT 1) p ON true
)SQL";

// The aired questions of $1: one row per time on air (from the as-run record), and the questions
// on air or aired by their state that no engine reported, last. The viewer's name is read only
// with their consent.
constexpr const char* kAiredQuestions = R"SQL(
WITH ps AS (SELECT started_at FROM archive_programme_start($1)),
     seg AS (SELECT s.question_id, s.seq, s.on_air_at, s.off_air_at
               FROM archive_aired_segments s WHERE s.episode_id = $1)
SELECT q.id, COALESCE(seg.seq, 0), COALESCE(q.air_text, q.body),
       CASE WHEN q.consent_name_on_air THEN COALESCE(q.display_name, '') ELSE '' END,
       COALESCE(q.municipality, ''), COALESCE(q.language, ''),
       extract(epoch FROM seg.on_air_at - ps.started_at)::float8,
       extract(epoch FROM seg.off_air_at - ps.started_at)::float8,
       COALESCE(to_char((seg.on_air_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), ''),
       COALESCE(to_char((seg.off_air_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), '')
  FROM questions q
  LEFT JOIN seg ON seg.question_id = q.id
  LEFT JOIN ps ON true
 WHERE q.episode_id = $1 AND (seg.question_id IS NOT NULL OR q.state IN ('on_air', 'aired'))
 ORDER BY seg.on_air_at NULLS LAST, q.id, seg.seq
)SQL";

constexpr const char* kGuests = R"SQL(
SELECT ap.person_id, ap.position, p.name,
       (SELECT json_agg(a.alias ORDER BY a.alias <> p.name, a.alias)
          FROM person_aliases a WHERE a.person_id = p.id)::text,
       ap.role, ap.party
  FROM appearances ap JOIN people p ON p.id = ap.person_id
 WHERE ap.episode_id = $1
UNION ALL
SELECT 0, g.position, g.name, json_build_array(g.name)::text, g.role, ''
  FROM episode_guests g
 WHERE g.episode_id = $1 AND NOT EXISTS (SELECT 1 FROM appearances WHERE episode_id = $1)
 ORDER BY 2
)SQL";

constexpr const char* kAssetSelect = R"SQL(
SELECT m.id, m.role, m.location, m.bytes, m.sha256, COALESCE(m.probe::text, ''),
       COALESCE(m.width, 0), COALESCE(m.height, 0), m.at_seconds::float8, m.is_poster,
       to_char((m.created_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
       l.integrated_lufs, l.range_lu, l.true_peak_dbtp,
       f.id, to_char((f.at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), f.outcome, f.expected_sha256,
       COALESCE(f.actual_sha256, ''), f.detail
  FROM media_assets m
  LEFT JOIN media_loudness l ON l.asset_id = m.id
  LEFT JOIN LATERAL (SELECT x.id, x.at, x.outcome, x.expected_sha256, x.actual_sha256, x.detail
                       FROM fixity_events x WHERE x.asset_id = m.id
                      ORDER BY x.id DESC LIMIT 1) f ON true
)SQL";

constexpr const char* kProgrammeStart = R"SQL(
SELECT COALESCE(to_char((started_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), ''), COALESCE(source, '')
  FROM archive_programme_start($1)
)SQL";

constexpr const char* kEpisodeTimes = R"SQL(
SELECT to_char((e.created_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), to_char((e.started_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), to_char((e.ended_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), to_char((e.archived_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
       COALESCE((SELECT json_agg(json_build_array(t.lang, t.text)
                                 ORDER BY array_position(ARRAY['sr-Latn', 'sr-Cyrl', 'sq', 'en'],
                                                         t.lang))
                   FROM episode_texts t WHERE t.episode_id = e.id AND t.kind = 'description'),
                '[]')::text,
       COALESCE((SELECT json_agg(t.topic ORDER BY t.position)
                   FROM episode_topics t WHERE t.episode_id = e.id), '[]')::text
  FROM episodes e WHERE e.id = $1
)SQL";

// EBUCore's date/ingested (the master's) and date/modified (the newest audited change).
constexpr const char* kExportDates = R"SQL(
SELECT COALESCE((SELECT to_char((m.created_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') FROM media_assets m
                  WHERE m.episode_id = $1 AND m.role = 'programme_master'), ''),
       COALESCE((SELECT to_char((max(a.at)) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') FROM audit_log a
                  WHERE a.episode_id = $1
                    AND a.action IN ('archive_edit', 'archive_ingest', 'episode_save')), ''),
       to_char((now()) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
)SQL";

std::vector<LocalizedText> localizedFrom(const std::string& text) {
  std::vector<LocalizedText> out;
  const json items = json::parse(text, nullptr, false);
  if (!items.is_array()) return out;
  for (const auto& item : items) {
    if (item.is_array() && item.size() == 2 && item[0].is_string() && item[1].is_string()) {
      out.push_back({item[0].get<std::string>(), item[1].get<std::string>()});
    }
  }
  return out;
}

std::vector<std::string> stringsFrom(const std::string& text) {
  std::vector<std::string> out;
  const json items = json::parse(text, nullptr, false);
  if (!items.is_array()) return out;
  for (const auto& item : items) {
    if (item.is_string()) out.push_back(item.get<std::string>());
  }
  return out;
}

std::optional<double> optionalDouble(const pqxx::field& field) {
  if (field.is_null()) return std::nullopt;
  return field.as<double>();
}

std::optional<core::Loudness> loudnessFrom(const pqxx::row& r, int first) {
  if (r[first].is_null()) return std::nullopt;
  return core::Loudness{r[first].as<double>(), r[first + 1].as<double>(),
                        r[first + 2].as<double>()};
}

ArchiveEpisodeSummary summaryFrom(const pqxx::row& r) {
  ArchiveEpisodeSummary s;
  s.episodeId = r[0].as<std::int64_t>();
  s.number = r[1].as<std::int64_t>();
  s.workingTitle = r[2].as<std::string>();
  s.airDate = r[3].as<std::string>();
  s.airTime = r[4].as<std::string>();
  s.state = parseArchiveEpisodeState(r[5].as<std::string>()).value_or(ArchiveEpisodeState::Planned);
  s.durationSeconds = optionalDouble(r[6]);
  s.version = r[7].as<std::int32_t>();
  s.titles = localizedFrom(r[8].as<std::string>());
  s.hasMaster = r[9].as<bool>();
  s.loudness = loudnessFrom(r, 10);
  s.posterLocation = r[13].as<std::string>();
  s.posterAssetId = r[14].as<std::int64_t>();
  return s;
}

ArchivedAsset assetFrom(const pqxx::row& r) {
  ArchivedAsset a;
  a.id = r[0].as<std::int64_t>();
  a.asset.role =
      core::parseMediaRole(r[1].as<std::string>()).value_or(core::MediaRole::ProgrammeMaster);
  a.asset.location = r[2].as<std::string>();
  a.asset.bytes = r[3].as<std::int64_t>();
  a.asset.sha256 = r[4].as<std::string>();
  const std::string probe = r[5].as<std::string>();
  if (!probe.empty()) {
    const json parsed = json::parse(probe, nullptr, false);
    if (parsed.is_object()) {
      try {
        a.asset.probe = parsed.get<core::MediaProbe>();
      } catch (const json::exception&) {
        // A probe written by an older tool: the asset is shown without it.
      }
    }
  }
  a.asset.width = r[6].as<int>();
  a.asset.height = r[7].as<int>();
  a.asset.atSeconds = optionalDouble(r[8]);
  a.asset.isPoster = r[9].as<bool>();
  a.createdAt = r[10].as<std::string>();
  a.loudness = loudnessFrom(r, 11);
  if (!r[14].is_null()) {
    FixityEvent f;
    f.id = r[14].as<std::int64_t>();
    f.assetId = a.id;
    f.at = r[15].as<std::string>();
    f.outcome = parseFixityOutcome(r[16].as<std::string>()).value_or(FixityOutcome::Ok);
    f.expectedSha256 = r[17].as<std::string>();
    f.actualSha256 = r[18].as<std::string>();
    f.detail = r[19].as<std::string>();
    a.latestFixity = std::move(f);
  }
  return a;
}

std::string isoOrEmpty(const pqxx::field& field) {
  return field.is_null() ? std::string() : field.as<std::string>();
}

}  // namespace

std::int64_t archiveEpisodeId(pqxx::transaction_base& txn, std::int64_t number) {
  const auto rows = txn.exec_params("SELECT id FROM episodes WHERE number = $1", number);
  return rows.empty() ? 0 : rows[0][0].as<std::int64_t>();
}

std::optional<ArchiveEpisodeSummary> readSummary(pqxx::transaction_base& txn,
                                                 std::int64_t episodeId) {
  const auto rows = txn.exec_params(std::string(kSummarySelect) + " WHERE e.id = $1", episodeId);
  if (rows.empty()) return std::nullopt;
  return summaryFrom(rows[0]);
}

std::vector<ArchiveEpisodeSummary> readSummaries(pqxx::transaction_base& txn, std::size_t limit,
                                                 std::size_t offset, bool isAiredOnly) {
  std::vector<ArchiveEpisodeSummary> out;
  for (const auto& r : txn.exec_params(
           std::string(kSummarySelect) +
               " WHERE NOT $3 OR e.state IN ('aired', 'archived')"
               " ORDER BY e.air_date DESC, e.number DESC LIMIT $1 OFFSET $2",
           static_cast<std::int64_t>(limit), static_cast<std::int64_t>(offset), isAiredOnly)) {
    out.push_back(summaryFrom(r));
  }
  return out;
}

std::optional<ArchivedAsset> readAsset(pqxx::transaction_base& txn, std::int64_t assetId) {
  const auto rows = txn.exec_params(std::string(kAssetSelect) + " WHERE m.id = $1", assetId);
  if (rows.empty()) return std::nullopt;
  return assetFrom(rows[0]);
}

ProgrammeStart readProgrammeStart(pqxx::transaction_base& txn, std::int64_t episodeId) {
  const auto row = txn.exec_params1(kProgrammeStart, episodeId);
  return ProgrammeStart{row[0].as<std::string>(), row[1].as<std::string>()};
}

std::vector<AiredQuestion> readAiredQuestions(pqxx::transaction_base& txn, std::int64_t episodeId) {
  std::vector<AiredQuestion> out;
  for (const auto& r : txn.exec_params(kAiredQuestions, episodeId)) {
    AiredQuestion q;
    q.questionId = r[0].as<std::int64_t>();
    q.seq = r[1].as<std::int64_t>();
    q.text = r[2].as<std::string>();
    q.viewerName = r[3].as<std::string>();
    q.municipality = r[4].as<std::string>();
    q.language = r[5].as<std::string>();
    q.inSeconds = optionalDouble(r[6]);
    q.outSeconds = optionalDouble(r[7]);
    q.onAirAt = r[8].as<std::string>();
    q.offAirAt = r[9].as<std::string>();
    out.push_back(std::move(q));
  }
  return out;
}

std::string chapterTitle(std::string_view text) {
  std::vector<std::size_t> starts;  // byte offset of each code point
  for (std::size_t pos = 0; pos < text.size();) {
    starts.push_back(pos);
    core::decodeUtf8(text, pos);
  }
  if (starts.size() <= kMaxChapterTitleChars) return std::string(text);
  // Room for the ellipsis; cut at the last space in the second half, else mid-word.
  std::size_t cut = starts[kMaxChapterTitleChars - 1];
  const std::size_t half = starts[kMaxChapterTitleChars / 2];
  const std::size_t space = text.substr(0, cut + 1).find_last_of(' ');
  if (space != std::string_view::npos && space >= half) cut = space;
  std::string title(text.substr(0, cut));
  while (!title.empty() && (title.back() == ' ' || title.back() == ',' || title.back() == ';' ||
                            title.back() == ':' || title.back() == '-')) {
    title.pop_back();
  }
  return title + "…";
}

std::vector<core::Chapter> chaptersFrom(const std::vector<AiredQuestion>& questions,
                                        std::optional<double> durationSeconds) {
  std::vector<const AiredQuestion*> timed;
  for (const auto& q : questions) {
    if (q.inSeconds) timed.push_back(&q);
  }
  std::stable_sort(timed.begin(), timed.end(),
                   [](const auto* a, const auto* b) { return *a->inSeconds < *b->inSeconds; });
  std::vector<core::Chapter> chapters;
  for (std::size_t i = 0; i < timed.size(); ++i) {
    const AiredQuestion& q = *timed[i];
    core::Chapter c;
    c.startSeconds = std::max(0.0, *q.inSeconds);
    if (q.outSeconds) {
      c.endSeconds = *q.outSeconds;
    } else if (i + 1 < timed.size()) {
      c.endSeconds = *timed[i + 1]->inSeconds;
    } else if (durationSeconds) {
      c.endSeconds = *durationSeconds;
    } else {
      c.endSeconds = c.startSeconds;
    }
    c.endSeconds = std::max(c.startSeconds, c.endSeconds);
    c.title = chapterTitle(q.text);
    c.questionId = q.questionId;
    chapters.push_back(std::move(c));
  }
  return chapters;
}

std::optional<ArchiveEpisodeDetail> readDetail(pqxx::transaction_base& txn,
                                               std::int64_t episodeId) {
  auto summary = readSummary(txn, episodeId);
  if (!summary) return std::nullopt;
  ArchiveEpisodeDetail d;
  d.summary = std::move(*summary);

  const auto times = txn.exec_params1(kEpisodeTimes, episodeId);
  d.createdAt = isoOrEmpty(times[0]);
  d.startedAt = isoOrEmpty(times[1]);
  d.endedAt = isoOrEmpty(times[2]);
  d.archivedAt = isoOrEmpty(times[3]);
  d.descriptions = localizedFrom(times[4].as<std::string>());
  d.topics = stringsFrom(times[5].as<std::string>());

  for (const auto& r : txn.exec_params(kGuests, episodeId)) {
    ArchiveGuest g;
    g.personId = r[0].as<std::int64_t>();
    g.position = r[1].as<std::int32_t>();
    g.name = r[2].as<std::string>();
    g.aliases = stringsFrom(r[3].is_null() ? "[]" : r[3].as<std::string>());
    g.role = r[4].as<std::string>();
    g.party = r[5].as<std::string>();
    d.guests.push_back(std::move(g));
  }

  d.questions = readAiredQuestions(txn, episodeId);
  d.programmeStart = readProgrammeStart(txn, episodeId);

  for (const auto& r : txn.exec_params(
           std::string(kAssetSelect) +
               " WHERE m.episode_id = $1"
               " ORDER BY array_position(ARRAY['programme_master', 'proxy', 'thumbnail'], m.role),"
               " m.at_seconds NULLS LAST, m.id",
           episodeId)) {
    d.assets.push_back(assetFrom(r));
  }

  for (const auto& r :
       txn.exec_params("SELECT c.start_seconds::float8, c.end_seconds::float8, c.title, "
                       "COALESCE(c.question_id, 0) FROM media_chapters c "
                       "JOIN media_assets m ON m.id = c.asset_id WHERE m.episode_id = $1 "
                       "ORDER BY c.asset_id, c.position",
                       episodeId)) {
    d.chapters.push_back(core::Chapter{r[0].as<double>(), r[1].as<double>(), r[2].as<std::string>(),
                                       r[3].as<std::int64_t>()});
  }
  return d;
}

std::vector<FixityTarget> readFixityTargets(pqxx::transaction_base& txn) {
  std::vector<FixityTarget> out;
  for (const auto& r : txn.exec("SELECT m.id, e.number, m.role, m.location, m.sha256 "
                                "FROM media_assets m JOIN episodes e ON e.id = m.episode_id "
                                "ORDER BY m.id")) {
    FixityTarget t;
    t.assetId = r[0].as<std::int64_t>();
    t.episodeNumber = r[1].as<std::int64_t>();
    t.role =
        core::parseMediaRole(r[2].as<std::string>()).value_or(core::MediaRole::ProgrammeMaster);
    t.location = r[3].as<std::string>();
    t.sha256 = r[4].as<std::string>();
    out.push_back(std::move(t));
  }
  return out;
}

ArchiveExport readExport(pqxx::transaction_base& txn, ArchiveEpisodeDetail detail) {
  const auto row = txn.exec_params1(kExportDates, detail.summary.episodeId);
  ArchiveExport out;
  out.episode = std::move(detail);
  out.ingestedAt = row[0].as<std::string>();
  out.modifiedAt = row[1].as<std::string>();
  out.exportedAt = row[2].as<std::string>();
  return out;
}

}  // namespace sporazum::pg::detail

// The archive's writes: an ingest in one transaction, metadata edits with their audit entry, and
// fixity events.

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <set>

#include "archive_queries.hpp"
#include "desk_queries.hpp"
#include "sporazum/core/studio.hpp"
#include "sporazum/core/text.hpp"
#include "sporazum/core/utf8.hpp"

namespace sporazum::pg::detail {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxFixityDetailChars = 1000;
constexpr std::size_t kMaxStoredChapterTitleChars = 500;

constexpr const char* kInsertAsset = R"SQL(
INSERT INTO media_assets (episode_id, role, location, bytes, sha256, probe, width, height,
                          at_seconds, is_poster)
VALUES ($1, $2, $3, $4, $5, NULLIF($6, '')::jsonb, NULLIF($7, 0), NULLIF($8, 0),
        NULLIF($9, '')::numeric, $10)
RETURNING id
)SQL";

core::Error badField(std::string field, std::string message) {
  return core::makeError("bad_field", std::move(message), std::move(field));
}

std::optional<core::Error> checkAsset(const core::MediaAsset& asset, core::MediaRole role,
                                      const std::string& field) {
  if (asset.role != role) {
    return badField(field + ".role", "this file must be a " + std::string(core::toString(role)));
  }
  if (asset.location.size() < 2 || asset.location.front() != '/' || asset.location.size() > 4096 ||
      !core::isValidUtf8(asset.location) || asset.location.find('\0') != std::string::npos) {
    return badField(field + ".location",
                    "a location is an absolute path (UTF-8, 4096 bytes at most)");
  }
  if (!isSha256Hex(asset.sha256)) {
    return badField(field + ".sha256", "a SHA-256 is 64 lower-case hex digits");
  }
  if (asset.bytes < 0) return badField(field + ".bytes", "a size cannot be negative");
  if (asset.width < 0 || asset.height < 0) {
    return badField(field + ".width", "a picture size cannot be negative");
  }
  if (role == core::MediaRole::Thumbnail && asset.atSeconds &&
      !(std::isfinite(*asset.atSeconds) && *asset.atSeconds >= 0)) {
    return badField(field + ".atSeconds", "a thumbnail's time is a second count from 0");
  }
  return std::nullopt;
}

std::optional<core::Error> checkIngest(const core::IngestResult& ingest) {
  if (auto bad = checkAsset(ingest.master, core::MediaRole::ProgrammeMaster, "master")) return bad;
  if (ingest.proxy) {
    if (auto bad = checkAsset(*ingest.proxy, core::MediaRole::Proxy, "proxy")) return bad;
  }
  int posters = 0;
  for (std::size_t i = 0; i < ingest.thumbnails.size(); ++i) {
    const std::string field = "thumbnails[" + std::to_string(i) + "]";
    if (auto bad = checkAsset(ingest.thumbnails[i], core::MediaRole::Thumbnail, field)) return bad;
    if (ingest.thumbnails[i].isPoster) ++posters;
  }
  if (posters > 1) return badField("thumbnails", "only one thumbnail can be the poster");
  const core::Loudness& l = ingest.loudness;
  if (!std::isfinite(l.integratedLufs) || !std::isfinite(l.rangeLu) ||
      !std::isfinite(l.truePeakDbtp)) {
    return badField("loudness", "loudness figures must be finite numbers");
  }
  for (std::size_t i = 0; i < ingest.chapters.size(); ++i) {
    const core::Chapter& c = ingest.chapters[i];
    const std::string field = "chapters[" + std::to_string(i) + "]";
    if (!std::isfinite(c.startSeconds) || !std::isfinite(c.endSeconds) || c.startSeconds < 0 ||
        c.endSeconds < c.startSeconds) {
      return badField(field, "a chapter runs from 0 or later to its start or later");
    }
    if (c.title.empty() || !core::isValidUtf8(c.title) ||
        core::countCodePoints(c.title) > kMaxStoredChapterTitleChars) {
      return badField(field + ".title", "a chapter title is 1 to 500 characters of UTF-8");
    }
  }
  return std::nullopt;
}

/// Seconds as SQL numeric text with millisecond precision ("" for none).
std::string secondsText(std::optional<double> seconds) {
  if (!seconds) return {};
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3f", *seconds);
  return buffer;
}

std::int64_t insertAsset(pqxx::work& txn, std::int64_t episodeId, const core::MediaAsset& a) {
  const bool isThumbnail = a.role == core::MediaRole::Thumbnail;
  return txn
      .exec_params1(kInsertAsset, episodeId, std::string(core::toString(a.role)), a.location,
                    a.bytes, a.sha256, a.probe ? json(*a.probe).dump() : std::string(), a.width,
                    a.height, isThumbnail ? secondsText(a.atSeconds) : std::string(),
                    isThumbnail && a.isPoster)[0]
      .as<std::int64_t>();
}

json assetFields(const core::MediaAsset& a) {
  return json{{"location", a.location}, {"sha256", a.sha256}, {"bytes", a.bytes}};
}

/// Replaces every C0 control character but line feed, and DEL, by a space; cuts at `max` code
/// points. For text that tools (not people) send: error details.
std::string plainText(std::string_view text, std::size_t max) {
  if (!core::isValidUtf8(text)) return "(not UTF-8)";
  std::string out;
  std::size_t count = 0;
  for (std::size_t pos = 0; pos < text.size() && count < max; ++count) {
    const std::size_t start = pos;
    const char32_t cp = core::decodeUtf8(text, pos);
    if ((cp < 0x20 && cp != '\n') || cp == 0x7F) {
      out.push_back(' ');
    } else {
      out.append(text.substr(start, pos - start));
    }
  }
  return out;
}

core::Result<std::string> cleanText(const std::string& text, const std::string& field,
                                    std::size_t max, bool lineBreaks) {
  core::TextRules rules;
  rules.field = field;
  rules.maxCodePoints = max;
  rules.allowLineBreaks = lineBreaks;
  rules.allowEmpty = true;
  return core::sanitizeViewerText(text, rules);
}

bool isLanguage(const std::string& lang) {
  return std::find(kArchiveLanguages.begin(), kArchiveLanguages.end(), lang) !=
         kArchiveLanguages.end();
}

/// HH:MM or HH:MM:SS → HH:MM:SS; empty when it is neither.
std::string normalizedTime(const std::string& text) {
  const auto digits = [&](std::size_t at, int max) {
    if (at + 2 > text.size() || !std::isdigit(static_cast<unsigned char>(text[at])) ||
        !std::isdigit(static_cast<unsigned char>(text[at + 1]))) {
      return false;
    }
    return (text[at] - '0') * 10 + (text[at + 1] - '0') <= max;
  };
  if ((text.size() != 5 && text.size() != 8) || !digits(0, 23) || text[2] != ':' ||
      !digits(3, 59)) {
    return {};
  }
  if (text.size() == 5) return text + ":00";
  if (text[5] != ':' || !digits(6, 59)) return {};
  return text;
}

core::Result<std::map<std::string, std::string>> cleanTexts(
    const std::map<std::string, std::string>& texts, const std::string& name, std::size_t max,
    bool lineBreaks) {
  std::map<std::string, std::string> out;
  for (const auto& [lang, text] : texts) {
    const std::string field = name + "." + lang;  // as the wire names it: titles.en
    if (!isLanguage(lang)) {
      return badField(field, "a language is one of sr-Latn, sr-Cyrl, sq, en");
    }
    auto cleaned = cleanText(text, field, max, lineBreaks);
    if (!cleaned) return cleaned.error();
    out.emplace(lang, std::move(*cleaned));
  }
  return out;
}

std::optional<std::string> currentText(pqxx::work& txn, std::int64_t episodeId,
                                       const std::string& kind, const std::string& lang) {
  const auto rows = txn.exec_params(
      "SELECT text FROM episode_texts WHERE episode_id = $1 AND kind = $2 AND lang = $3 "
      "FOR UPDATE",
      episodeId, kind, lang);
  if (rows.empty()) return std::nullopt;
  return rows[0][0].as<std::string>();
}

/// Writes the texts of one kind that differ; records them in before/after under `name`.
void writeTexts(pqxx::work& txn, std::int64_t episodeId, const std::string& kind,
                const std::string& name, const std::map<std::string, std::string>& texts,
                json& before, json& after) {
  for (const auto& [lang, text] : texts) {
    const auto current = currentText(txn, episodeId, kind, lang);
    if (text.empty()) {
      if (!current) continue;
      txn.exec_params("DELETE FROM episode_texts WHERE episode_id = $1 AND kind = $2 AND lang = $3",
                      episodeId, kind, lang);
    } else {
      if (current && *current == text) continue;
      txn.exec_params(
          "INSERT INTO episode_texts (episode_id, lang, kind, text) VALUES ($1, $2, $3, $4) "
          "ON CONFLICT ON CONSTRAINT episode_texts_pkey DO UPDATE SET text = EXCLUDED.text",
          episodeId, lang, kind, text);
    }
    before[name][lang] = current ? json(*current) : json(nullptr);
    after[name][lang] = text.empty() ? json(nullptr) : json(text);
  }
}

}  // namespace

bool isSha256Hex(std::string_view text) {
  return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

core::Result<IngestRecord> writeIngest(pqxx::work& txn, std::int64_t number,
                                       const core::IngestResult& ingest,
                                       const core::StaffIdentity& by) {
  if (auto bad = checkIngest(ingest)) return *bad;
  const auto episode = txn.exec_params(
      "SELECT id, state, duration_seconds::float8 FROM episodes WHERE number = $1 FOR UPDATE",
      number);
  if (episode.empty()) {
    return core::makeError("unknown_episode", "there is no episode " + std::to_string(number),
                           "number");
  }
  IngestRecord record;
  record.episodeId = episode[0][0].as<std::int64_t>();
  const std::string state = episode[0][1].as<std::string>();
  if (state == "planned" || state == "live") {
    return core::makeError("not_aired", "episode " + std::to_string(number) + " is " + state +
                                            ": only an episode that has aired is archived");
  }
  const auto existing = txn.exec_params(
      "SELECT e.number, m.sha256 = $3, m.location = $2 FROM media_assets m "
      "JOIN episodes e ON e.id = m.episode_id "
      "WHERE m.role = 'programme_master' AND (m.sha256 = $3 OR m.location = $2 OR "
      "m.episode_id = $1) ORDER BY m.id LIMIT 1",
      record.episodeId, ingest.master.location, ingest.master.sha256);
  if (!existing.empty()) {
    const std::string owner = "episode " + existing[0][0].as<std::string>();
    if (existing[0][1].as<bool>()) {
      return core::makeError("already_ingested",
                             "this master (same SHA-256) is in the archive as " + owner + "'s",
                             "master.sha256");
    }
    if (existing[0][2].as<bool>()) {
      return core::makeError("already_ingested",
                             "a master with this location is in the archive as " + owner + "'s",
                             "master.location");
    }
    return core::makeError("already_ingested", owner + " has a master already", "master");
  }

  record.masterAssetId = insertAsset(txn, record.episodeId, ingest.master);
  txn.exec_params(
      "INSERT INTO media_loudness (asset_id, integrated_lufs, range_lu, true_peak_dbtp) "
      "VALUES ($1, $2, $3, $4)",
      record.masterAssetId, ingest.loudness.integratedLufs, ingest.loudness.rangeLu,
      ingest.loudness.truePeakDbtp);
  if (ingest.proxy) record.proxyAssetId = insertAsset(txn, record.episodeId, *ingest.proxy);
  for (const auto& thumbnail : ingest.thumbnails) {
    record.thumbnailAssetIds.push_back(insertAsset(txn, record.episodeId, thumbnail));
  }
  if (!ingest.chapters.empty()) {
    json chapters = json::array();
    for (const auto& c : ingest.chapters) {
      chapters.push_back(json{{"start", secondsText(c.startSeconds)},
                              {"end", secondsText(c.endSeconds)},
                              {"title", c.title},
                              {"question", c.questionId}});
    }
    txn.exec_params(
        "INSERT INTO media_chapters (asset_id, position, start_seconds, end_seconds, title, "
        "question_id) "
        "SELECT $1, x.position, (x.c ->> 'start')::numeric, (x.c ->> 'end')::numeric, "
        "x.c ->> 'title', NULLIF((x.c ->> 'question')::bigint, 0) "
        "FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS x(c, position)",
        record.proxyAssetId != 0 ? record.proxyAssetId : record.masterAssetId, chapters.dump());
  }
  record.appearancesMade =
      txn.exec_params1("SELECT archive_episode_people($1)", record.episodeId)[0].as<std::int32_t>();

  std::optional<double> duration;
  if (ingest.master.probe && ingest.master.probe->durationSeconds > 0 &&
      ingest.master.probe->durationSeconds < 86400) {
    duration = ingest.master.probe->durationSeconds;
  }
  const auto updated = txn.exec_params1(
      "UPDATE episodes SET state = 'archived', archived_at = now(), "
      "duration_seconds = COALESCE(duration_seconds, NULLIF($2, '')::numeric) "
      "WHERE id = $1 RETURNING duration_seconds::float8",
      record.episodeId, secondsText(duration));

  json before{{"state", state}};
  json after{{"state", "archived"},
             {"master", assetFields(ingest.master)},
             {"loudness", ingest.loudness},
             {"proxy", ingest.proxy ? assetFields(*ingest.proxy) : json(nullptr)},
             {"thumbnails", ingest.thumbnails.size()},
             {"chapters", ingest.chapters.size()},
             {"appearancesMade", record.appearancesMade},
             {"processingSeconds", ingest.processingSeconds}};
  if (!episode[0][2].is_null()) before["durationSeconds"] = episode[0][2].as<double>();
  if (!updated[0].is_null()) after["durationSeconds"] = updated[0].as<double>();
  record.auditId = insertAudit(txn, by.staffId, by.username, "archive_ingest", record.episodeId, 0,
                               before.dump(), after.dump());
  return record;
}

core::Result<ArchiveMetadataPatch> cleanMetadataPatch(ArchiveMetadataPatch patch) {
  auto titles = cleanTexts(patch.titles, "titles", kMaxArchiveTitleChars, false);
  if (!titles) return titles.error();
  patch.titles = std::move(*titles);
  auto descriptions =
      cleanTexts(patch.descriptions, "descriptions", kMaxArchiveDescriptionChars, true);
  if (!descriptions) return descriptions.error();
  patch.descriptions = std::move(*descriptions);
  if (patch.airDate && !core::isCalendarDate(*patch.airDate)) {
    return badField("airDate", "an air date is a calendar date written YYYY-MM-DD");
  }
  if (patch.airTime && !patch.airTime->empty()) {
    const std::string normalized = normalizedTime(*patch.airTime);
    if (normalized.empty()) return badField("airTime", "an air time is written HH:MM or HH:MM:SS");
    patch.airTime = normalized;
  }
  if (patch.topics) {
    if (patch.topics->size() > core::kMaxEpisodeTopics) {
      return badField("topics", "an episode has at most 20 topics");
    }
    for (std::size_t i = 0; i < patch.topics->size(); ++i) {
      const std::string field = "topics[" + std::to_string(i) + "]";
      auto cleaned = cleanText((*patch.topics)[i], field, core::kMaxEpisodeTopicChars, false);
      if (!cleaned) return cleaned.error();
      if (cleaned->empty()) return badField(field, "a topic cannot be empty");
      (*patch.topics)[i] = std::move(*cleaned);
    }
  }
  std::set<std::int32_t> positions;
  for (std::size_t i = 0; i < patch.appearances.size(); ++i) {
    auto& a = patch.appearances[i];
    const std::string field = "appearances[" + std::to_string(i) + "]";
    if (a.position < 1 || a.position > 50 || !positions.insert(a.position).second) {
      return badField(field + ".position", "a guest's position is 1 to 50, each once");
    }
    const std::array<std::pair<std::optional<std::string>*, const char*>, 2> texts{
        {{&a.role, ".role"}, {&a.party, ".party"}}};
    for (const auto& [text, name] : texts) {
      if (!*text) continue;
      auto cleaned = cleanText(**text, field + name, kMaxAppearanceTextChars, false);
      if (!cleaned) return cleaned.error();
      *text = std::move(*cleaned);
    }
  }
  return patch;
}

core::Result<ArchiveEpisodeDetail> writeMetadata(pqxx::work& txn, std::int64_t number,
                                                 const ArchiveMetadataPatch& patch,
                                                 const core::StaffIdentity& by) {
  const auto episode = txn.exec_params(
      "SELECT id, archive_version, to_char(air_date, 'YYYY-MM-DD'), "
      "COALESCE(to_char(air_time, 'HH24:MI:SS'), '') FROM episodes WHERE number = $1 FOR UPDATE",
      number);
  if (episode.empty()) {
    return core::makeError("unknown_episode", "there is no episode " + std::to_string(number),
                           "number");
  }
  const auto id = episode[0][0].as<std::int64_t>();
  const auto version = episode[0][1].as<std::int32_t>();
  if (patch.baseVersion != 0 && patch.baseVersion != version) {
    return core::makeError(
        "version_conflict",
        "the episode was edited meanwhile (now version " + std::to_string(version) + ")",
        "baseVersion");
  }
  json before = json::object();
  json after = json::object();
  writeTexts(txn, id, "title", "titles", patch.titles, before, after);
  writeTexts(txn, id, "description", "descriptions", patch.descriptions, before, after);
  if (patch.airDate && *patch.airDate != episode[0][2].as<std::string>()) {
    txn.exec_params("UPDATE episodes SET air_date = $2::date WHERE id = $1", id, *patch.airDate);
    before["airDate"] = episode[0][2].as<std::string>();
    after["airDate"] = *patch.airDate;
  }
  if (patch.airTime && *patch.airTime != episode[0][3].as<std::string>()) {
    txn.exec_params("UPDATE episodes SET air_time = NULLIF($2, '')::time WHERE id = $1", id,
                    *patch.airTime);
    const std::string was = episode[0][3].as<std::string>();
    before["airTime"] = was.empty() ? json(nullptr) : json(was);
    after["airTime"] = patch.airTime->empty() ? json(nullptr) : json(*patch.airTime);
  }
  if (patch.topics) {
    std::vector<std::string> current;
    for (const auto& r : txn.exec_params(
             "SELECT topic FROM episode_topics WHERE episode_id = $1 ORDER BY position", id)) {
      current.push_back(r[0].as<std::string>());
    }
    if (current != *patch.topics) {
      txn.exec_params("DELETE FROM episode_topics WHERE episode_id = $1", id);
      if (!patch.topics->empty()) {
        txn.exec_params(
            "INSERT INTO episode_topics (episode_id, position, topic) "
            "SELECT $1, x.position, x.topic "
            "FROM jsonb_array_elements_text($2::jsonb) WITH ORDINALITY AS x(topic, position)",
            id, json(*patch.topics).dump());
      }
      before["topics"] = current;
      after["topics"] = *patch.topics;
    }
  }
  if (!patch.appearances.empty()) {
    // The studio's guests become people first, so that there is something to edit.
    txn.exec_params("SELECT archive_episode_people($1)", id);
    for (std::size_t i = 0; i < patch.appearances.size(); ++i) {
      const AppearancePatch& a = patch.appearances[i];
      const auto rows = txn.exec_params(
          "SELECT role, party FROM appearances WHERE episode_id = $1 AND position = $2 "
          "FOR UPDATE",
          id, a.position);
      if (rows.empty()) {
        return badField("appearances[" + std::to_string(i) + "].position",
                        "the episode has no guest at position " + std::to_string(a.position));
      }
      const std::string role = rows[0][0].as<std::string>();
      const std::string party = rows[0][1].as<std::string>();
      const std::string newRole = a.role.value_or(role);
      const std::string newParty = a.party.value_or(party);
      if (newRole == role && newParty == party) continue;
      txn.exec_params(
          "UPDATE appearances SET role = $3, party = $4 WHERE episode_id = $1 AND position = $2",
          id, a.position, newRole, newParty);
      const std::string key = std::to_string(a.position);
      before["appearances"][key] = json{{"role", role}, {"party", party}};
      after["appearances"][key] = json{{"role", newRole}, {"party", newParty}};
    }
  }
  if (!after.empty()) {
    txn.exec_params("UPDATE episodes SET archive_version = archive_version + 1 WHERE id = $1", id);
    before["version"] = version;
    after["version"] = version + 1;
    insertAudit(txn, by.staffId, by.username, "archive_edit", id, 0, before.dump(), after.dump());
  }
  auto detail = readDetail(txn, id);
  if (!detail) {
    return core::makeError("unknown_episode", "there is no episode " + std::to_string(number),
                           "number");
  }
  return std::move(*detail);
}

core::Result<FixityEvent> writeFixity(pqxx::work& txn, std::int64_t assetId, FixityOutcome outcome,
                                      const std::string& actualSha256,
                                      const std::string& detailText) {
  const bool hashed = outcome == FixityOutcome::Ok || outcome == FixityOutcome::Mismatch;
  if (hashed && !isSha256Hex(actualSha256)) {
    return badField("actualSha256", "an ok or mismatch outcome comes with the SHA-256 found");
  }
  if (!hashed && !actualSha256.empty()) {
    return badField("actualSha256", "a missing or unreadable file has no SHA-256");
  }
  const auto asset = txn.exec_params("SELECT sha256 FROM media_assets WHERE id = $1", assetId);
  if (asset.empty()) {
    return core::makeError("unknown_asset", "there is no file " + std::to_string(assetId),
                           "assetId");
  }
  FixityEvent event;
  event.assetId = assetId;
  event.outcome = outcome;
  event.expectedSha256 = asset[0][0].as<std::string>();
  event.actualSha256 = actualSha256;
  event.detail = plainText(detailText, kMaxFixityDetailChars);
  if (outcome == FixityOutcome::Ok && actualSha256 != event.expectedSha256) {
    return badField("actualSha256", "the SHA-256 differs from the stored one: a mismatch");
  }
  if (outcome == FixityOutcome::Mismatch && actualSha256 == event.expectedSha256) {
    return badField("actualSha256", "the SHA-256 is the stored one: not a mismatch");
  }
  const auto row = txn.exec_params1(
      "INSERT INTO fixity_events (asset_id, outcome, expected_sha256, actual_sha256, detail) "
      "VALUES ($1, $2, $3, NULLIF($4, ''), $5) "
      "RETURNING id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')",
      assetId, std::string(toString(outcome)), event.expectedSha256, actualSha256, event.detail);
  event.id = row[0].as<std::int64_t>();
  event.at = row[1].as<std::string>();
  return event;
}

}  // namespace sporazum::pg::detail

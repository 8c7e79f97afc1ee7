#include "sporazum/desk/archive_protocol.hpp"

#include <algorithm>
#include "wire_json.hpp"

namespace sporazum::desk::wire {
namespace {

using core::makeError;
using core::json::Json;
using core::json::readInteger;
using core::json::readString;
using detail::dump;

constexpr std::int64_t kMaxNumber = INT32_MAX;
constexpr std::int64_t kMaxOffset = 1000000;
/// Bytes before clean-up; the store checks the limits in characters after.
constexpr std::size_t kMaxQueryBytes = 4 * core::kMaxSearchQueryChars;
constexpr std::size_t kMaxTitleBytes = 4 * core::kMaxArchiveTitleChars + 64;
constexpr std::size_t kMaxDescriptionBytes = 4 * core::kMaxArchiveDescriptionChars + 64;
constexpr std::size_t kMaxShortTextBytes = 4 * core::kMaxAppearanceTextChars + 64;
constexpr std::size_t kMaxTopics = 64;  ///< the store allows 20; a list beyond this is not read
constexpr std::size_t kMaxAppearances = 64;

bool isArchiveLanguage(std::string_view lang) {
  return std::find(core::kArchiveLanguages.begin(), core::kArchiveLanguages.end(), lang) !=
         core::kArchiveLanguages.end();
}

/// A {language: text} object (absent: nothing changes).
std::optional<core::Error> readLocalized(const Json& object, const char* key, std::size_t maxBytes,
                                         std::map<std::string, std::string>& out) {
  if (!object.contains(key) || object[key].is_null()) return std::nullopt;
  const Json& texts = object[key];
  if (!texts.is_object()) return makeError("bad_field", std::string(key) + " is an object", key);
  for (const auto& [lang, text] : texts.items()) {
    const std::string field = std::string(key) + "." + lang;
    if (!isArchiveLanguage(lang)) {
      return makeError("bad_field", "languages are sr-Latn, sr-Cyrl, sq and en", field);
    }
    if (!text.is_string()) return makeError("bad_field", field + " is a string", field);
    const auto& value = text.get_ref<const std::string&>();
    if (value.size() > maxBytes) return makeError("field_too_long", field + " is too long", field);
    out[lang] = value;
  }
  return std::nullopt;
}

core::Result<ArchiveRequest> decodeEdit(const Json& object, const std::string& id) {
  ArchiveEditRequest edit;
  edit.id = id;
  std::int64_t version = 0;
  if (auto e = readInteger(object, "number", 1, kMaxNumber, true, edit.number)) return *e;
  if (auto e = readInteger(object, "version", 1, INT32_MAX, true, version)) return *e;
  edit.patch.baseVersion = static_cast<std::int32_t>(version);
  if (auto e = readLocalized(object, "titles", kMaxTitleBytes, edit.patch.titles)) return *e;
  if (auto e =
          readLocalized(object, "descriptions", kMaxDescriptionBytes, edit.patch.descriptions)) {
    return *e;
  }
  for (const char* key : {"airDate", "airTime"}) {
    if (!object.contains(key) || object[key].is_null()) continue;
    std::string value;
    if (auto e = readString(object, key, 16, true, value)) return *e;
    (std::string_view(key) == "airDate" ? edit.patch.airDate : edit.patch.airTime) = value;
  }
  if (object.contains("topics") && !object["topics"].is_null()) {
    const Json& topics = object["topics"];
    if (!topics.is_array()) return makeError("bad_field", "topics is a list", "topics");
    if (topics.size() > kMaxTopics) return makeError("bad_field", "too many topics", "topics");
    std::vector<std::string> list;
    for (std::size_t i = 0; i < topics.size(); ++i) {
      const std::string field = "topics[" + std::to_string(i) + "]";
      if (!topics[i].is_string()) return makeError("bad_field", field + " is a string", field);
      if (topics[i].get_ref<const std::string&>().size() > kMaxShortTextBytes) {
        return makeError("field_too_long", field + " is too long", field);
      }
      list.push_back(topics[i].get<std::string>());
    }
    edit.patch.topics = std::move(list);
  }
  if (object.contains("appearances") && !object["appearances"].is_null()) {
    const Json& appearances = object["appearances"];
    if (!appearances.is_array() || appearances.size() > kMaxAppearances) {
      return makeError("bad_field", "appearances is a list of at most 64", "appearances");
    }
    for (std::size_t i = 0; i < appearances.size(); ++i) {
      const std::string place = "appearances[" + std::to_string(i) + "]";
      const Json& item = appearances[i];
      if (!item.is_object()) return makeError("bad_field", place + " is an object", place);
      core::AppearancePatch patch;
      std::int64_t position = 0;
      if (auto e = readInteger(item, "position", 1, 50, true, position)) {
        e->field = place + "." + e->field;
        return *e;
      }
      patch.position = static_cast<std::int32_t>(position);
      for (const char* key : {"role", "party"}) {
        if (!item.contains(key) || item[key].is_null()) continue;
        std::string value;
        if (auto e = readString(item, key, kMaxShortTextBytes, true, value)) {
          e->field = place + "." + e->field;
          return *e;
        }
        (std::string_view(key) == "role" ? patch.role : patch.party) = value;
      }
      edit.patch.appearances.push_back(std::move(patch));
    }
  }
  return ArchiveRequest(std::move(edit));
}

}  // namespace

std::optional<core::Result<ArchiveRequest>> decodeArchiveRequest(std::string_view type,
                                                                 const Json& object,
                                                                 const std::string& id) {
  if (type == "archive_episodes") {
    std::int64_t offset = 0;
    auto limit = static_cast<std::int64_t>(kDefaultArchiveListLimit);
    if (auto e = readInteger(object, "offset", 0, kMaxOffset, false, offset)) {
      return core::Result<ArchiveRequest>(*e);
    }
    if (auto e = readInteger(object, "limit", 1, kMaxArchiveListLimit, false, limit)) {
      return core::Result<ArchiveRequest>(*e);
    }
    return core::Result<ArchiveRequest>(ArchiveEpisodesRequest{id, static_cast<std::size_t>(offset),
                                                               static_cast<std::size_t>(limit)});
  }
  if (type == "archive_search") {
    ArchiveSearchRequest search{id, {}, kDefaultArchiveSearchLimit};
    auto limit = static_cast<std::int64_t>(kDefaultArchiveSearchLimit);
    if (auto e = readString(object, "query", kMaxQueryBytes, true, search.query)) {
      if (e->code == "field_too_long") e->code = "query_too_long";
      return core::Result<ArchiveRequest>(*e);
    }
    if (auto e = readInteger(object, "limit", 1, core::kMaxSearchHits, false, limit)) {
      return core::Result<ArchiveRequest>(*e);
    }
    search.limit = static_cast<std::size_t>(limit);
    return core::Result<ArchiveRequest>(std::move(search));
  }
  if (type == "archive_get") {
    ArchiveGetRequest get{id, 0};
    if (auto e = readInteger(object, "number", 1, kMaxNumber, true, get.number)) {
      return core::Result<ArchiveRequest>(*e);
    }
    return core::Result<ArchiveRequest>(get);
  }
  if (type == "archive_edit") return decodeEdit(object, id);
  return std::nullopt;
}

std::string encodeArchiveEpisodeList(std::string_view id,
                                     const std::vector<core::ArchiveEpisodeSummary>& episodes,
                                     const core::ArchiveMediaLinks& links) {
  Json list = Json::array();
  for (const auto& e : episodes)
    list.push_back(core::archiveEpisodeJson(e, core::ArchiveAudience::Staff, links));
  return dump(Json{{"type", "archive_episode_list"}, {"id", id}, {"episodes", std::move(list)}});
}

std::string encodeArchiveHits(std::string_view id, const std::vector<core::SearchHit>& hits) {
  Json list = Json::array();
  for (const auto& hit : hits)
    list.push_back(core::searchHitJson(hit));
  return dump(Json{{"type", "archive_hits"}, {"id", id}, {"hits", std::move(list)}});
}

std::string encodeArchiveDetail(std::string_view id, const core::ArchiveEpisodeDetail& episode,
                                const core::ArchiveMediaLinks& links) {
  return dump(
      Json{{"type", "archive_detail"},
           {"id", id},
           {"episode", core::archiveDetailJson(episode, core::ArchiveAudience::Staff, links)}});
}

std::string encodeArchiveConflict(std::string_view id, const core::ArchiveEpisodeDetail& current,
                                  const core::ArchiveMediaLinks& links) {
  return dump(
      Json{{"type", "error"},
           {"code", "conflict"},
           {"message", "somebody saved this episode after you opened it"},
           {"id", id},
           {"episode", core::archiveDetailJson(current, core::ArchiveAudience::Staff, links)}});
}

}  // namespace sporazum::desk::wire

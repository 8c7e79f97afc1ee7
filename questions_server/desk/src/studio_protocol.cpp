#include "sporazum/desk/studio_protocol.hpp"
#include "wire_json.hpp"

namespace sporazum::desk::wire {
namespace {

using core::makeError;
using core::json::Json;
using core::json::readInteger;
using core::json::readString;
using detail::dump;
using detail::nullable;

constexpr std::int64_t kMaxId = INT64_MAX;
constexpr std::int64_t kMaxVersion = INT32_MAX;
/// Bytes a text may have before clean-up (its limit in code points is checked after).
constexpr std::size_t kMaxTextBytes = 4096;
constexpr std::size_t kMaxDateBytes = 16;

/// An error of a field inside a list item, named by its place (e.g. guests[2].name).
core::Error within(core::Error error, const std::string& place) {
  error.field = error.field.empty() ? place : place + "." + error.field;
  error.message = place + ": " + error.message;
  return error;
}

std::optional<core::Error> decodeGuests(const Json& episode, std::vector<core::Guest>& guests) {
  const auto list = episode.find("guests");
  if (list == episode.end() || list->is_null()) return std::nullopt;
  if (!list->is_array()) return makeError("bad_field", "guests must be a list", "guests");
  if (list->size() > core::kMaxGuests) return makeError("bad_field", "at most 12 guests", "guests");
  for (std::size_t i = 0; i < list->size(); ++i) {
    const std::string place = "guests[" + std::to_string(i) + "]";
    const Json& item = (*list)[i];
    if (!item.is_object()) return makeError("bad_field", place + " must be an object", place);
    core::Guest guest;
    if (auto e = readString(item, "name", kMaxTextBytes, true, guest.name))
      return within(*e, place);
    if (auto e = readString(item, "role", kMaxTextBytes, false, guest.role))
      return within(*e, place);
    guests.push_back(std::move(guest));
  }
  return std::nullopt;
}

std::optional<core::Error> decodeTopics(const Json& episode, std::vector<std::string>& topics) {
  const auto list = episode.find("topics");
  if (list == episode.end() || list->is_null()) return std::nullopt;
  if (!list->is_array()) return makeError("bad_field", "topics must be a list", "topics");
  if (list->size() > core::kMaxEpisodeTopics) {
    return makeError("bad_field", "at most 20 topics", "topics");
  }
  for (std::size_t i = 0; i < list->size(); ++i) {
    const std::string place = "topics[" + std::to_string(i) + "]";
    const Json& item = (*list)[i];
    if (!item.is_string()) return makeError("bad_field", place + " must be a string", place);
    if (item.get_ref<const std::string&>().size() > kMaxTextBytes) {
      return makeError("field_too_long", place + " is too long", place);
    }
    topics.push_back(item.get<std::string>());
  }
  return std::nullopt;
}

core::Result<StudioRequest> decodeEpisodeSave(const Json& object, const std::string& id) {
  const auto found = object.find("episode");
  if (found == object.end() || found->is_null()) {
    return makeError("missing_field", "episode is required", "episode");
  }
  if (!found->is_object()) return makeError("bad_field", "episode must be an object", "episode");
  const Json& episode = *found;
  core::EpisodeDraft draft;
  if (auto e = readInteger(episode, "id", 1, kMaxId, false, draft.id)) return *e;
  if (auto e = readInteger(episode, "number", 1, core::kMaxEpisodeNumber, true, draft.number)) {
    return *e;
  }
  if (auto e = readString(episode, "title", kMaxTextBytes, true, draft.title)) return *e;
  if (auto e = readString(episode, "airDate", kMaxDateBytes, true, draft.airDate)) return *e;
  if (auto e = decodeGuests(episode, draft.guests)) return *e;
  if (auto e = decodeTopics(episode, draft.topics)) return *e;
  auto cleaned = core::cleanEpisodeDraft(std::move(draft));
  if (!cleaned) return cleaned.error();
  return StudioRequest(EpisodeSave{id, std::move(*cleaned)});
}

core::Result<StudioRequest> decodeQueueEdit(const Json& object, const std::string& id,
                                            core::QueueAction action) {
  QueueEdit edit{id, {}};
  edit.change.action = action;
  std::int64_t version = 0;
  if (auto e = readInteger(object, "question", 1, kMaxId, true, edit.change.questionId)) return *e;
  if (auto e = readInteger(object, "version", 1, kMaxVersion, true, version)) return *e;
  edit.change.baseVersion = static_cast<std::int32_t>(version);
  if (action == core::QueueAction::Move) {
    if (auto e = readInteger(object, "position", 1, kMaxId, true, edit.change.position)) return *e;
  }
  return StudioRequest(std::move(edit));
}

Json episodeJson(const core::Episode& e) {
  Json guests = Json::array();
  for (const auto& g : e.guests)
    guests.push_back(Json{{"name", g.name}, {"role", g.role}});
  Json recording(nullptr);
  if (e.recording) {
    recording = Json{{"engine", e.recording->engine},
                     {"file", e.recording->file},
                     {"bytes", e.recording->bytes},
                     {"state", e.recording->state}};
    if (!e.recording->error.empty()) recording["error"] = e.recording->error;
  }
  return Json{{"id", e.id},
              {"number", e.number},
              {"title", e.title},
              {"airDate", e.airDate},
              {"state", core::toString(e.state)},
              {"questionsOpen", e.questionsOpen},
              {"guests", std::move(guests)},
              {"topics", e.topics},
              {"startedAt", nullable(e.startedAt)},
              {"endedAt", nullable(e.endedAt)},
              {"recording", std::move(recording)}};
}

Json airQuestionJson(const core::AirQuestion& q) {
  return Json{{"id", q.id},
              {"version", q.version},
              {"state", q.state},
              {"text", q.text},
              {"viewerText", q.viewerText},
              {"edited", q.isEdited},
              {"viewerName", nullable(q.viewerName)},
              {"municipality", nullable(q.municipality)},
              {"language", nullable(q.language)},
              {"topic", nullable(q.topic)},
              {"askCount", q.askCount},
              {"position", q.position == 0 ? Json(nullptr) : Json(q.position)},
              {"receivedAt", q.receivedAt},
              {"onAirAt", nullable(q.onAirAt)},
              {"offAirAt", nullable(q.offAirAt)}};
}

}  // namespace

std::optional<core::Result<StudioRequest>> decodeStudioRequest(std::string_view type,
                                                               const Json& object,
                                                               const std::string& id) {
  if (type == "episodes") return core::Result<StudioRequest>(EpisodesRequest{id});
  if (type == "episode_save") return decodeEpisodeSave(object, id);
  if (type == "episode_start" || type == "episode_end") {
    std::int64_t episodeId = 0;
    if (auto e = readInteger(object, "episode", 1, kMaxId, true, episodeId)) {
      return core::Result<StudioRequest>(*e);
    }
    if (type == "episode_start") return core::Result<StudioRequest>(EpisodeStart{id, episodeId});
    return core::Result<StudioRequest>(EpisodeEnd{id, episodeId});
  }
  if (type == "queue_move") return decodeQueueEdit(object, id, core::QueueAction::Move);
  if (type == "queue_remove") return decodeQueueEdit(object, id, core::QueueAction::Remove);
  return std::nullopt;
}

std::string encodeShow(const std::optional<core::Episode>& episode) {
  return dump(Json{{"type", "show"}, {"episode", episode ? episodeJson(*episode) : Json(nullptr)}});
}

std::string encodeEpisodeList(std::string_view id, const std::vector<core::Episode>& episodes) {
  Json list = Json::array();
  for (const auto& e : episodes)
    list.push_back(episodeJson(e));
  return dump(Json{{"type", "episode_list"}, {"id", id}, {"episodes", std::move(list)}});
}

std::string encodeEpisodeSaved(std::string_view id, const core::Episode& episode) {
  return dump(Json{{"type", "episode_saved"}, {"id", id}, {"episode", episodeJson(episode)}});
}

std::string encodeQueue(std::int64_t episodeId,
                        const std::vector<const core::AirQuestion*>& questions, bool isComplete) {
  Json list = Json::array();
  for (const core::AirQuestion* q : questions)
    list.push_back(airQuestionJson(*q));
  return dump(Json{{"type", "queue"},
                   {"episode", episodeId == 0 ? Json(nullptr) : Json(episodeId)},
                   {"questions", std::move(list)},
                   {"complete", isComplete}});
}

std::string encodeQueueChanges(std::int64_t episodeId,
                               const std::vector<core::AirQuestion>& questions) {
  Json list = Json::array();
  for (const auto& q : questions)
    list.push_back(airQuestionJson(q));
  return dump(
      Json{{"type", "queue_changes"}, {"episode", episodeId}, {"questions", std::move(list)}});
}

std::string encodeQueueConflict(std::string_view id, const core::AirQuestion& current,
                                std::string_view changedBy, std::string_view action) {
  std::string message = (changedBy.empty() ? std::string("someone") : std::string(changedBy)) +
                        " changed this question";
  if (!action.empty()) message += " (" + std::string(action) + ")";
  message += " after you saw it";
  return dump(Json{{"type", "conflict"},
                   {"id", id},
                   {"question", airQuestionJson(current)},
                   {"changedBy", nullable(std::string(changedBy))},
                   {"action", nullable(std::string(action))},
                   {"message", message}});
}

std::string encodePreview(std::string_view engine, std::string_view jpegBase64,
                          std::string_view at) {
  return dump(Json{{"type", "preview"}, {"engine", engine}, {"jpeg", jpegBase64}, {"at", at}});
}

}  // namespace sporazum::desk::wire

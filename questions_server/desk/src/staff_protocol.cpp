#include "sporazum/desk/staff_protocol.hpp"

#include <algorithm>
#include <cctype>
#include <ctime>

#include "sporazum/core/json_fields.hpp"
#include "sporazum/core/text.hpp"
#include "wire_json.hpp"

namespace sporazum::desk::wire {
namespace {

using core::makeError;
using core::json::Json;
using core::json::readBool;
using core::json::readInteger;
using core::json::readString;
using detail::dump;
using detail::nullable;

constexpr std::size_t kMaxUsernameBytes = 64;
constexpr std::size_t kMaxPasswordBytes = 256;
constexpr std::size_t kMaxTokenBytes = 128;
constexpr std::size_t kMaxShortFieldBytes = 64;
constexpr std::size_t kMaxFreeTextBytes = 8192;
constexpr std::int64_t kMaxId = INT64_MAX;
constexpr std::int64_t kMaxVersion = INT32_MAX;
// Graphics text limits (core/graphics.hpp, validateGraphicsCommand), applied after clean-up.
constexpr std::size_t kMaxGraphicTextChars = 1000;
constexpr std::size_t kMaxGraphicShortChars = 200;
constexpr std::size_t kMaxGraphicUrlChars = 500;

/// Cleans a moderator's free text with the viewer-text rules (no markup is ever interpreted, but
/// control and bidi characters would still confuse the desk and the graphics).
std::optional<core::Error> cleanText(std::string& text, std::string_view field,
                                     std::size_t maxCodePoints, bool allowLineBreaks) {
  auto cleaned = core::sanitizeViewerText(text, {.field = field,
                                                 .maxCodePoints = maxCodePoints,
                                                 .allowLineBreaks = allowLineBreaks,
                                                 .allowEmpty = true,
                                                 .tooLongCode = "field_too_long"});
  if (!cleaned) return cleaned.error();
  text = std::move(*cleaned);
  return std::nullopt;
}

std::optional<core::Error> decodeChange(const Json& object, core::ModChange& change) {
  std::int64_t questionId = 0;
  std::int64_t version = 0;
  std::string action;
  if (auto e = readInteger(object, "question", 1, kMaxId, true, questionId)) return e;
  if (auto e = readInteger(object, "version", 1, kMaxVersion, true, version)) return e;
  if (auto e = readString(object, "action", kMaxShortFieldBytes, true, action)) return e;
  auto parsed = core::parseModAction(action);
  if (!parsed) return makeError("bad_field", "unknown action", "action");
  change.questionId = questionId;
  change.baseVersion = static_cast<std::int32_t>(version);
  change.action = *parsed;
  switch (change.action) {
    case core::ModAction::Reject:
      if (auto e = readString(object, "reason", kMaxShortFieldBytes, true, change.rejectReason)) {
        return e;
      }
      if (auto e = readString(object, "note", kMaxFreeTextBytes, false, change.rejectNote))
        return e;
      if (auto e = cleanText(change.rejectNote, "note", core::kMaxRejectNoteChars, false)) return e;
      break;
    case core::ModAction::Edit:
      if (auto e = readString(object, "airText", kMaxFreeTextBytes, true, change.airText)) return e;
      if (auto e = cleanText(change.airText, "airText", core::kMaxAirTextChars, true)) return e;
      break;
    case core::ModAction::Tag:
      if (auto e = readString(object, "topic", kMaxShortFieldBytes * 4, true, change.topic))
        return e;
      if (auto e = cleanText(change.topic, "topic", core::kMaxTopicChars, false)) return e;
      break;
    case core::ModAction::Star: {
      if (!object.contains("starred"))
        return makeError("missing_field", "starred is required", "starred");
      if (auto e = readBool(object, "starred", change.isStarred)) return e;
      break;
    }
    case core::ModAction::Merge:
      if (auto e = readInteger(object, "into", 1, kMaxId, true, change.mergeInto)) return e;
      break;
    case core::ModAction::Ban: {
      std::string scope;
      if (auto e = readString(object, "scope", kMaxShortFieldBytes, true, scope)) return e;
      if (scope != "episode" && scope != "forever") {
        return makeError("bad_field", "scope must be episode or forever", "scope");
      }
      change.isBanForever = scope == "forever";
      break;
    }
    case core::ModAction::Approve:
    case core::ModAction::Reopen:
      break;
  }
  if (auto valid = core::validateChange(change); !valid) return valid.error();
  return std::nullopt;
}

/// A graphic as a request gives it: for a lower third only its question, which the store reads;
/// free text is cleaned like a moderator's.
std::optional<core::Error> decodeGraphic(const Json& value, core::GraphicsLayer layer,
                                         core::GraphicContent& g) {
  if (!value.is_object()) return makeError("bad_field", "graphic must be an object", "graphic");
  const auto text = [&value](const char* key, std::size_t maxChars, bool allowLineBreaks,
                             std::string& out) -> std::optional<core::Error> {
    if (auto e = readString(value, key, kMaxFreeTextBytes, false, out)) return e;
    return cleanText(out, key, maxChars, allowLineBreaks);
  };
  switch (layer) {
    case core::GraphicsLayer::LowerThird:
      return readInteger(value, "questionId", 1, kMaxId, true, g.questionId);
    case core::GraphicsLayer::Super:
      if (auto e = text("name", kMaxGraphicShortChars, false, g.name)) return e;
      return text("role", kMaxGraphicShortChars, false, g.role);
    case core::GraphicsLayer::Ticker:
      return text("text", kMaxGraphicTextChars, false, g.text);
    case core::GraphicsLayer::Qr:
      if (auto e = text("url", kMaxGraphicUrlChars, false, g.url)) return e;
      return text("caption", kMaxGraphicShortChars, false, g.caption);
    case core::GraphicsLayer::Logo:
    case core::GraphicsLayer::Clock:
      break;
  }
  return std::nullopt;
}

std::optional<core::Error> decodeGraphics(const Json& object, core::GraphicsCommand& command) {
  std::string action;
  if (auto e = readString(object, "action", kMaxShortFieldBytes, true, action)) return e;
  const auto parsedAction = core::parseGraphicsAction(action);
  if (!parsedAction) return makeError("bad_field", "unknown graphics action", "action");
  command.action = *parsedAction;
  if (command.action == core::GraphicsAction::ClearAll) return std::nullopt;
  std::string layer;
  if (auto e = readString(object, "layer", kMaxShortFieldBytes, true, layer)) return e;
  const auto parsedLayer = core::parseGraphicsLayer(layer);
  if (!parsedLayer) return makeError("bad_field", "unknown layer", "layer");
  command.layer = *parsedLayer;
  if (command.action == core::GraphicsAction::Clear) return std::nullopt;
  auto graphic = object.find("graphic");
  if (graphic == object.end() || graphic->is_null()) {
    if (command.action == core::GraphicsAction::Take) return std::nullopt;
    return makeError("missing_field", "graphic is required", "graphic");
  }
  core::GraphicContent content;
  if (auto e = decodeGraphic(*graphic, command.layer, content)) return e;
  command.graphic = std::move(content);
  if (auto valid = core::validateGraphicsCommand(command); !valid) return valid.error();
  return std::nullopt;
}

/// The graphics codec names structural faults invalid_message; here they read like the rest of
/// the staff protocol.
core::Error asStaffError(core::Error error) {
  if (error.code == "invalid_message")
    error.code = error.field.empty() ? "bad_message" : "bad_field";
  return error;
}

std::optional<core::Error> requireId(const Json& object, std::string& id) {
  if (auto e = readString(object, "id", core::json::kMaxIdBytes, true, id)) return e;
  if (id.empty()) return makeError("bad_field", "id must not be empty", "id");
  return std::nullopt;
}

Json nullable(std::int64_t value) {
  return value == 0 ? Json(nullptr) : Json(value);
}

Json identityJson(const core::StaffIdentity& who) {
  return Json{{"username", who.username},
              {"displayName", who.displayName},
              {"role", std::string(core::toString(who.role))}};
}

Json questionJson(const DeskQuestion& entry) {
  const auto& q = entry.question;
  Json reasons = Json::parse(q.filterReasonsJson, nullptr, /*allow_exceptions=*/false);
  if (reasons.is_discarded() || !reasons.is_array()) reasons = Json::array();
  return Json{{"id", q.id},
              {"version", q.version},
              {"state", q.state},
              {"text", q.text},
              {"airText", nullable(q.airText)},
              {"name", nullable(q.displayName)},
              {"municipality", nullable(q.municipality)},
              {"consentNameOnAir", q.consentNameOnAir},
              {"interfaceLanguage", nullable(q.interfaceLanguage)},
              {"language", nullable(q.language)},
              {"receivedAt", q.receivedAt},
              {"filter", Json{{"action", q.filterAction.empty() ? "none" : q.filterAction},
                              {"reasons", std::move(reasons)}}},
              {"topic", nullable(q.topic)},
              {"starred", q.isStarred},
              {"mergedInto", nullable(q.mergedInto)},
              {"askCount", q.askCount},
              {"rejectReason", nullable(q.rejectReason)},
              {"rejectNote", nullable(q.rejectNote)},
              {"device", nullable(q.deviceCode)},
              {"address", nullable(q.addressCode)},
              {"ban", nullable(q.ban)},
              {"duplicateOf", nullable(entry.duplicateOf)},
              {"changedBy", nullable(q.changedBy)},
              {"changedAt", nullable(q.changedAt)}};
}

Json episodeJson(const core::EpisodeStatus& episode) {
  return Json{{"id", nullable(episode.episodeId)},
              {"title", episode.title},
              {"questionsOpen", episode.questionsOpen}};
}

Json questionList(const std::vector<const DeskQuestion*>& questions) {
  Json list = Json::array();
  for (const DeskQuestion* entry : questions)
    list.push_back(questionJson(*entry));
  return list;
}

/// Stored JSON (audit before/after) back to a value; never fails the page.
Json storedJson(const std::string& text) {
  Json value = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  return value.is_discarded() ? Json(nullptr) : value;
}

}  // namespace

std::variant<Request, DecodeFailure> decodeRequest(std::string_view text) {
  if (!core::isValidUtf8(text)) {
    return DecodeFailure{makeError("invalid_utf8", "message is not valid UTF-8"), {}};
  }
  std::optional<core::Error> error;
  Json object = core::json::parseObject(text, error);
  if (error) return DecodeFailure{*error, {}};
  const auto& type = object["type"].get_ref<const std::string&>();
  std::string id = core::json::requestIdOf(object);
  auto fail = [&id](core::Error e) { return DecodeFailure{std::move(e), id}; };

  // Engine reports carry no id and get no reply.
  if (type == "engine_as_run") {
    auto report = core::decodeAsRun(text);
    if (!report) return fail(asStaffError(report.error()));
    return EngineAsRun{std::move(*report)};
  }
  if (type == "engine_health") {
    auto health = core::decodeEngineHealth(text);
    if (!health) return fail(asStaffError(health.error()));
    return EngineHealthReport{std::move(*health)};
  }
  if (type == "engine_error") {
    auto report = core::decodeEngineCommandError(text);
    if (!report) return fail(asStaffError(report.error()));
    return EngineError{std::move(*report)};
  }
  if (type == "engine_recording") {
    auto report = core::decodeRecordingReport(text);
    if (!report) return fail(asStaffError(report.error()));
    return EngineRecording{std::move(*report)};
  }
  if (type == "engine_preview") {
    auto preview = core::decodeEnginePreview(text);
    if (!preview) return fail(asStaffError(preview.error()));
    return EnginePreviewReport{std::move(*preview)};
  }
  if (type == "look") {
    std::int64_t questionId = 0;
    if (auto e = readInteger(object, "question", 1, kMaxId, false, questionId)) return fail(*e);
    return Look{questionId};
  }
  if (auto e = requireId(object, id)) return fail(*e);
  if (type == "login") {
    Login login{id, {}, {}};
    if (auto e = readString(object, "username", kMaxUsernameBytes, true, login.username)) {
      return fail(*e);
    }
    if (auto e = readString(object, "password", kMaxPasswordBytes, true, login.password)) {
      return fail(*e);
    }
    std::transform(login.username.begin(), login.username.end(), login.username.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return login;
  }
  if (type == "resume") {
    Resume resume{id, {}};
    if (auto e = readString(object, "token", kMaxTokenBytes, true, resume.token)) return fail(*e);
    return resume;
  }
  if (type == "logout") return Logout{id};
  if (type == "act") {
    Act act{id, {}};
    if (auto e = decodeChange(object, act.change)) return fail(*e);
    return act;
  }
  if (type == "undo") return Undo{id};
  if (type == "audit") {
    AuditRequest request{id, {}};
    std::int64_t limit = 200;
    if (auto e = readInteger(object, "before", 0, kMaxId, false, request.query.beforeId)) {
      return fail(*e);
    }
    if (auto e = readInteger(object, "limit", 1, 1000, false, limit)) return fail(*e);
    if (auto e = readInteger(object, "episode", 0, kMaxId, false, request.query.episodeId)) {
      return fail(*e);
    }
    request.query.limit = static_cast<std::size_t>(limit);
    return request;
  }
  if (type == "lexicon_get") return LexiconGet{id};
  if (type == "lexicon_save") {
    LexiconSave save{id, 0, {}};
    if (auto e = readInteger(object, "version", 0, kMaxId, true, save.baseVersion)) return fail(*e);
    if (auto e = readString(object, "body", kMaxLexiconBytes, true, save.body)) return fail(*e);
    return save;
  }
  if (type == "graphics") {
    Graphics graphics{id, {}};
    if (auto e = decodeGraphics(object, graphics.command)) return fail(*e);
    return graphics;
  }
  if (auto studio = decodeStudioRequest(type, object, id)) {
    if (!*studio) return fail(studio->error());
    return std::visit([](auto& request) { return Request(std::move(request)); }, studio->value());
  }
  if (auto archive = decodeArchiveRequest(type, object, id)) {
    if (!*archive) return fail(archive->error());
    return std::visit([](auto& request) { return Request(std::move(request)); }, archive->value());
  }
  return fail(makeError("unknown_type", "unknown message type", "type"));
}

std::string encodeSession(std::string_view id, std::string_view token,
                          const core::StaffSession& session, std::string_view expiresAt) {
  return dump(Json{{"type", "session"},
                   {"id", id},
                   {"token", token},
                   {"expiresAt", expiresAt},
                   {"user", identityJson(session.identity)}});
}

std::string encodeLoggedOut(std::string_view id) {
  return dump(Json{{"type", "logged_out"}, {"id", id}});
}

std::string encodeSessionExpired() {
  return dump(Json{{"type", "session_expired"},
                   {"message", "the session expired or was revoked: log in again"}});
}

std::string encodeSnapshot(const core::EpisodeStatus& episode,
                           const std::vector<const DeskQuestion*>& questions, bool isComplete) {
  return dump(Json{{"type", "snapshot"},
                   {"episode", episodeJson(episode)},
                   {"questions", questionList(questions)},
                   {"complete", isComplete}});
}

std::string encodeQuestions(const std::vector<const DeskQuestion*>& questions) {
  return dump(Json{{"type", "questions"}, {"questions", questionList(questions)}});
}

std::string encodeEpisode(const core::EpisodeStatus& episode) {
  return dump(Json{{"type", "episode"}, {"episode", episodeJson(episode)}});
}

std::string encodePresence(const std::vector<PresenceEntry>& staff) {
  Json list = Json::array();
  for (const auto& entry : staff) {
    Json item = identityJson(entry.who);
    item["looking"] = nullable(entry.lookingAt);
    item["acting"] = nullable(entry.actingOn);
    list.push_back(std::move(item));
  }
  return dump(Json{{"type", "presence"}, {"staff", std::move(list)}});
}

std::string encodeDone(std::string_view id, std::int64_t questionId, std::int32_t version) {
  return dump(Json{{"type", "done"}, {"id", id}, {"question", questionId}, {"version", version}});
}

std::string encodeDone(std::string_view id) {
  return dump(Json{{"type", "done"}, {"id", id}});
}

std::string encodeConflict(std::string_view id, const DeskQuestion& current,
                           std::string_view changedBy, std::string_view action) {
  std::string who = changedBy.empty() ? std::string("someone") : std::string(changedBy);
  std::string message = who + " changed this question";
  if (!action.empty()) message += " (" + std::string(action) + ")";
  message += " after you saw it";
  return dump(Json{{"type", "conflict"},
                   {"id", id},
                   {"question", questionJson(current)},
                   {"changedBy", nullable(std::string(changedBy))},
                   {"action", nullable(std::string(action))},
                   {"message", message}});
}

std::string encodeAuditPage(std::string_view id, const std::vector<core::AuditEntry>& entries,
                            bool hasMore) {
  Json list = Json::array();
  for (const auto& entry : entries) {
    list.push_back(Json{{"id", entry.id},
                        {"at", entry.at},
                        {"actor", entry.actor},
                        {"action", entry.action},
                        {"episode", nullable(entry.episodeId)},
                        {"question", nullable(entry.questionId)},
                        {"before", storedJson(entry.beforeJson)},
                        {"after", storedJson(entry.afterJson)},
                        {"undoes", nullable(entry.undoes)}});
  }
  return dump(
      Json{{"type", "audit_page"}, {"id", id}, {"entries", std::move(list)}, {"more", hasMore}});
}

std::string encodeLexicon(std::string_view id, const core::LexiconText& lexicon,
                          std::size_t termCount) {
  return dump(Json{{"type", "lexicon"},
                   {"id", id},
                   {"version", lexicon.version},
                   {"body", lexicon.body},
                   {"updatedBy", nullable(lexicon.updatedBy)},
                   {"updatedAt", nullable(lexicon.updatedAt)},
                   {"terms", termCount}});
}

std::string encodeError(const core::Error& error, std::string_view id, std::int64_t retryAfterMs) {
  Json reply{{"type", "error"}, {"code", error.code}, {"message", error.message}};
  if (!id.empty()) reply["id"] = id;
  if (!error.field.empty()) reply["field"] = error.field;
  if (retryAfterMs > 0) reply["retryAfterMs"] = retryAfterMs;
  return dump(reply);
}

std::string isoTimeFromUnixMs(std::int64_t unixMs) {
  const std::time_t seconds = static_cast<std::time_t>(unixMs / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
  char out[40];
  std::snprintf(out, sizeof out, "%s.%03dZ", text, static_cast<int>(unixMs % 1000));
  return out;
}

std::string encodeGraphicsOk(std::string_view id, std::int64_t seq) {
  return dump(Json{{"type", "graphics_ok"}, {"id", id}, {"seq", seq}});
}

namespace {

/// A message of the graphics codec under another type, with `extra` fields after the type: the
/// studio's pushes carry the engines' messages as they are, plus who sent them.
std::string retyped(const std::string& message, std::string_view type, const Json& extra) {
  const Json original = Json::parse(message);
  Json out{{"type", type}};
  for (const auto& [key, value] : extra.items())
    out[key] = value;
  for (const auto& [key, value] : original.items()) {
    if (key != "type") out[key] = value;
  }
  return dump(out);
}

}  // namespace

std::string encodeProgramme(const core::ProgrammeState& state) {
  return retyped(core::encodeProgrammeState(state), "programme", Json::object());
}

std::string encodeEngineStatus(const std::vector<EngineStatus>& engines) {
  Json list = Json::array();
  for (const auto& engine : engines) {
    Json health(nullptr);
    if (engine.health) {
      const auto& h = *engine.health;
      health = Json{{"name", h.engineName},     {"framesPerSecond", h.framesPerSecond},
                    {"framesOut", h.framesOut}, {"droppedFrames", h.droppedFrames},
                    {"input", h.input},         {"graphicsMsPerFrame", h.graphicsMsPerFrame},
                    {"lastSeq", h.lastSeq},     {"at", isoTimeFromUnixMs(engine.healthAtUnixMs)}};
    }
    list.push_back(Json{{"engine", engine.engine},
                        {"connected", engine.isConnected},
                        {"health", std::move(health)}});
  }
  return dump(Json{{"type", "engine_status"}, {"engines", std::move(list)}});
}

std::string encodeAsRunPush(std::string_view engine, const core::AsRunReport& report) {
  return retyped(core::encodeAsRun(report), "as_run", Json{{"engine", engine}});
}

std::string encodeEngineErrorPush(std::string_view engine, const core::EngineCommandError& error) {
  return retyped(core::encodeEngineCommandError(error), "engine_error", Json{{"engine", engine}});
}

}  // namespace sporazum::desk::wire

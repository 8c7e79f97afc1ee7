#include "sporazum/core/graphics.hpp"

#include <array>
#include <utility>

#include "sporazum/core/json_fields.hpp"
#include "sporazum/core/text.hpp"
#include "sporazum/core/utf8.hpp"

namespace sporazum::core {
namespace {

using json::Json;

constexpr std::array<std::pair<GraphicsLayer, std::string_view>, 6> kLayers{{
    {GraphicsLayer::LowerThird, "lower_third"},
    {GraphicsLayer::Super, "super"},
    {GraphicsLayer::Logo, "logo"},
    {GraphicsLayer::Qr, "qr"},
    {GraphicsLayer::Ticker, "ticker"},
    {GraphicsLayer::Clock, "clock"},
}};

constexpr std::array<std::pair<GraphicsAction, std::string_view>, 5> kActions{{
    {GraphicsAction::Cue, "cue"},
    {GraphicsAction::Take, "take"},
    {GraphicsAction::Update, "update"},
    {GraphicsAction::Clear, "clear"},
    {GraphicsAction::ClearAll, "clear_all"},
}};

constexpr std::array<std::pair<AsRunEvent, std::string_view>, 2> kEvents{{
    {AsRunEvent::OnAir, "on_air"},
    {AsRunEvent::OffAir, "off_air"},
}};

template <typename Enum, std::size_t N>
std::string_view nameOf(const std::array<std::pair<Enum, std::string_view>, N>& table, Enum value) {
  for (const auto& [item, name] : table) {
    if (item == value) return name;
  }
  return "unknown";
}

template <typename Enum, std::size_t N>
std::optional<Enum> valueOf(const std::array<std::pair<Enum, std::string_view>, N>& table,
                            std::string_view text) {
  for (const auto& [item, name] : table) {
    if (name == text) return item;
  }
  return std::nullopt;
}

// Limits in code points (validateGraphicsCommand) and, before that, raw bytes at decoding, so a
// hostile message cannot make the decoder copy megabytes into a field.
constexpr std::size_t kMaxTextChars = 1000;
constexpr std::size_t kMaxShortChars = 200;
constexpr std::size_t kMaxUrlChars = 500;
constexpr std::size_t kMaxLanguageBytes = 16;
constexpr std::size_t kMaxRawBytes = 16 * 1024;
constexpr std::size_t kMaxCodeBytes = 64;
constexpr std::size_t kMaxEngineNameBytes = 64;
constexpr std::size_t kMaxInputBytes = 32;
constexpr std::size_t kMaxErrorMessageChars = 500;
constexpr std::size_t kWallTimeLength = 24;  // 2026-11-23T19:04:05.123Z

Error invalidMessage(std::string message, std::string field = {}) {
  return makeError("invalid_message", std::move(message), std::move(field));
}

Error invalidGraphic(std::string message, std::string field = {}) {
  return makeError("invalid_graphic", std::move(message), std::move(field));
}

/// Valid UTF-8 without control characters (line feeds allowed where `allowLineFeed`).
bool isPlainText(std::string_view text, bool allowLineFeed) {
  std::size_t offset = 0;
  while (offset < text.size()) {
    const char32_t c = decodeUtf8(text, offset);
    if (c == kMalformedUtf8) return false;
    if (c == '\n' && allowLineFeed) continue;
    if (c < 0x20 || (c >= 0x7F && c < 0xA0)) return false;
  }
  return true;
}

std::optional<Error> checkText(std::string_view text, const char* field, std::size_t maxChars,
                               bool allowLineFeed = false) {
  if (!isPlainText(text, allowLineFeed)) {
    return invalidGraphic(std::string(field) + " must be valid UTF-8 without control characters",
                          field);
  }
  if (countCodePoints(text) > maxChars) {
    return invalidGraphic(
        std::string(field) + " is longer than " + std::to_string(maxChars) + " characters", field);
  }
  return std::nullopt;
}

std::optional<Error> checkContent(GraphicsLayer layer, const GraphicContent& g) {
  if (g.questionId < 0) return invalidGraphic("questionId must be positive", "questionId");
  struct Field {
    const std::string* value;
    const char* name;
    std::size_t maxChars;
    bool allowLineFeed;
  };
  const std::array<Field, 8> fields{{{&g.text, "text", kMaxTextChars, true},
                                     {&g.viewerName, "viewerName", kMaxShortChars, false},
                                     {&g.municipality, "municipality", kMaxShortChars, false},
                                     {&g.language, "language", kMaxLanguageBytes, false},
                                     {&g.name, "name", kMaxShortChars, false},
                                     {&g.role, "role", kMaxShortChars, false},
                                     {&g.url, "url", kMaxUrlChars, false},
                                     {&g.caption, "caption", kMaxShortChars, false}}};
  for (const auto& field : fields) {
    if (auto e = checkText(*field.value, field.name, field.maxChars, field.allowLineFeed)) return e;
  }
  if (!g.language.empty() && g.language != "sr-Latn" && g.language != "sr-Cyrl" &&
      g.language != "sq" && g.language != "en") {
    return invalidGraphic("language must be sr-Latn, sr-Cyrl, sq or en", "language");
  }
  if (layer == GraphicsLayer::Qr && !g.url.empty() && !g.url.starts_with("https://") &&
      !g.url.starts_with("http://")) {
    return invalidGraphic("url must be an http or https address", "url");
  }
  return std::nullopt;
}

// ---- encoding -----------------------------------------------------------------------------------

std::string dump(const Json& json) {
  // Replace, never throw: an encoder must not fail, whatever a caller put in a string.
  return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

void putIfSet(Json& object, const char* key, const std::string& value) {
  if (!value.empty()) object[key] = value;
}

/// The fields of the layer, each only when set: a viewer's name is absent, not empty, without
/// consent.
Json contentJson(GraphicsLayer layer, const GraphicContent& g) {
  Json object = Json::object();
  switch (layer) {
    case GraphicsLayer::LowerThird:
      if (g.questionId != 0) object["questionId"] = g.questionId;
      putIfSet(object, "text", g.text);
      putIfSet(object, "viewerName", g.viewerName);
      putIfSet(object, "municipality", g.municipality);
      putIfSet(object, "language", g.language);
      break;
    case GraphicsLayer::Super:
      putIfSet(object, "name", g.name);
      putIfSet(object, "role", g.role);
      break;
    case GraphicsLayer::Ticker:
      putIfSet(object, "text", g.text);
      break;
    case GraphicsLayer::Qr:
      putIfSet(object, "url", g.url);
      putIfSet(object, "caption", g.caption);
      break;
    case GraphicsLayer::Logo:
    case GraphicsLayer::Clock:
      break;
  }
  return object;
}

Json optionalContentJson(GraphicsLayer layer, const std::optional<GraphicContent>& g) {
  return g ? contentJson(layer, *g) : Json(nullptr);
}

// ---- decoding -----------------------------------------------------------------------------------

/// The parsed message, or an error; the type must be `expectedType`.
Result<Json> parseMessage(std::string_view text, std::string_view expectedType) {
  if (!isValidUtf8(text)) return invalidMessage("message is not valid UTF-8");
  std::optional<Error> error;
  Json object = json::parseObject(text, error);
  if (error) return invalidMessage(error->message, error->field);
  if (object["type"].get_ref<const std::string&>() != expectedType) {
    return invalidMessage("type must be " + std::string(expectedType), "type");
  }
  return object;
}

/// The protocol-level field readers answer bad_field / missing_field; graphics say
/// invalid_message, naming the field.
std::optional<Error> asInvalidMessage(std::optional<Error> error) {
  if (error) error->code = "invalid_message";
  return error;
}

std::optional<Error> readString(const Json& object, const char* key, std::size_t maxBytes,
                                bool required, std::string& out) {
  return asInvalidMessage(json::readString(object, key, maxBytes, required, out));
}

std::optional<Error> readInteger(const Json& object, const char* key, std::int64_t minValue,
                                 bool required, std::int64_t& out) {
  return asInvalidMessage(json::readInteger(object, key, minValue, INT64_MAX, required, out));
}

std::optional<Error> readNumber(const Json& object, const char* key, double& out) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) {
    return invalidMessage(std::string(key) + " is required", key);
  }
  if (!it->is_number()) return invalidMessage(std::string(key) + " must be a number", key);
  out = it->get<double>();
  if (!(out >= 0.0)) return invalidMessage(std::string(key) + " must not be negative", key);
  return std::nullopt;
}

template <typename Enum>
std::optional<Error> readEnum(const Json& object, const char* key,
                              std::optional<Enum> (*parse)(std::string_view), Enum& out) {
  std::string text;
  if (auto e = readString(object, key, kMaxCodeBytes, true, text)) return e;
  const auto parsed = parse(text);
  if (!parsed) return invalidMessage("unknown " + std::string(key) + " '" + text + "'", key);
  out = *parsed;
  return std::nullopt;
}

/// Reads the fields of `layer` from a graphic object; other fields are ignored, as everywhere.
std::optional<Error> readContent(const Json& value, GraphicsLayer layer, GraphicContent& g) {
  if (!value.is_object()) return invalidMessage("graphic must be an object", "graphic");
  const auto text = [&value](const char* key, std::string& out) {
    return readString(value, key, kMaxRawBytes, false, out);
  };
  switch (layer) {
    case GraphicsLayer::LowerThird:
      if (auto e = readInteger(value, "questionId", 1, false, g.questionId)) return e;
      if (auto e = text("text", g.text)) return e;
      if (auto e = text("viewerName", g.viewerName)) return e;
      if (auto e = text("municipality", g.municipality)) return e;
      return text("language", g.language);
    case GraphicsLayer::Super:
      if (auto e = text("name", g.name)) return e;
      return text("role", g.role);
    case GraphicsLayer::Ticker:
      return text("text", g.text);
    case GraphicsLayer::Qr:
      if (auto e = text("url", g.url)) return e;
      return text("caption", g.caption);
    case GraphicsLayer::Logo:
    case GraphicsLayer::Clock:
      break;
  }
  return std::nullopt;
}

std::optional<Error> readOptionalContent(const Json& object, const char* key, GraphicsLayer layer,
                                         std::optional<GraphicContent>& out) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return std::nullopt;
  GraphicContent content;
  if (auto e = readContent(*it, layer, content)) {
    if (e->field == "graphic") e->field = key;
    return e;
  }
  if (auto e = checkContent(layer, content)) return e;
  out = std::move(content);
  return std::nullopt;
}

bool isIsoWallTime(std::string_view text) {
  static constexpr std::string_view kPattern = "dddd-dd-ddTdd:dd:dd.dddZ";
  if (text.size() != kWallTimeLength) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool isDigit = text[i] >= '0' && text[i] <= '9';
    if (kPattern[i] == 'd' ? !isDigit : text[i] != kPattern[i]) return false;
  }
  return true;
}

}  // namespace

std::string_view toString(GraphicsLayer layer) {
  return nameOf(kLayers, layer);
}
std::optional<GraphicsLayer> parseGraphicsLayer(std::string_view text) {
  return valueOf(kLayers, text);
}
std::string_view toString(GraphicsAction action) {
  return nameOf(kActions, action);
}
std::optional<GraphicsAction> parseGraphicsAction(std::string_view text) {
  return valueOf(kActions, text);
}
std::string_view toString(AsRunEvent event) {
  return nameOf(kEvents, event);
}
std::optional<AsRunEvent> parseAsRunEvent(std::string_view text) {
  return valueOf(kEvents, text);
}

Result<bool> validateGraphicsCommand(const GraphicsCommand& command) {
  if (command.seq < 0) return invalidGraphic("seq must not be negative", "seq");
  const bool needsContent =
      command.action == GraphicsAction::Cue || command.action == GraphicsAction::Update;
  const bool takesContent = needsContent || command.action == GraphicsAction::Take;
  if (needsContent && !command.graphic) {
    return invalidGraphic(std::string(toString(command.action)) + " needs a graphic", "graphic");
  }
  if (!takesContent && command.graphic) {
    return invalidGraphic(std::string(toString(command.action)) + " takes no graphic", "graphic");
  }
  if (command.graphic) {
    if (auto e = checkContent(command.layer, *command.graphic)) return *e;
  }
  return true;
}

std::string encodeEngineCommand(const GraphicsCommand& command) {
  Json json{{"type", "engine_command"},
            {"seq", command.seq},
            {"action", std::string(toString(command.action))}};
  if (command.action != GraphicsAction::ClearAll) {
    json["layer"] = std::string(toString(command.layer));
    if (command.graphic) json["graphic"] = contentJson(command.layer, *command.graphic);
  }
  return dump(json);
}

std::string encodeProgrammeState(const ProgrammeState& state) {
  Json layers = Json::array();
  for (const auto& layer : state.layers) {
    layers.push_back(Json{{"layer", std::string(toString(layer.layer))},
                          {"cued", optionalContentJson(layer.layer, layer.cued)},
                          {"onAir", optionalContentJson(layer.layer, layer.onAir)},
                          {"onAirSeq", layer.onAirSeq}});
  }
  Json recording = nullptr;
  if (state.recording) {
    recording = Json{{"episode", state.recording->episodeId}, {"number", state.recording->number}};
  }
  return dump(Json{{"type", "programme_state"},
                   {"seq", state.seq},
                   {"layers", std::move(layers)},
                   {"recording", std::move(recording)}});
}

std::string encodeAsRun(const AsRunReport& report) {
  return dump(Json{{"type", "engine_as_run"},
                   {"seq", report.seq},
                   {"layer", std::string(toString(report.layer))},
                   {"event", std::string(toString(report.event))},
                   {"questionId", report.questionId == 0 ? Json(nullptr) : Json(report.questionId)},
                   {"runningTimeNs", report.runningTimeNs},
                   {"wallTime", report.wallTime}});
}

std::string encodeEngineHealth(const EngineHealth& health) {
  return dump(Json{{"type", "engine_health"},
                   {"engineName", health.engineName},
                   {"framesPerSecond", health.framesPerSecond},
                   {"framesOut", health.framesOut},
                   {"droppedFrames", health.droppedFrames},
                   {"input", health.input},
                   {"graphicsMsPerFrame", health.graphicsMsPerFrame},
                   {"lastSeq", health.lastSeq}});
}

std::string encodeEngineCommandError(const EngineCommandError& error) {
  return dump(Json{{"type", "engine_error"},
                   {"seq", error.seq},
                   {"layer", std::string(toString(error.layer))},
                   {"code", error.code},
                   {"message", error.message}});
}

Result<GraphicsCommand> decodeEngineCommand(std::string_view text) {
  auto parsed = parseMessage(text, "engine_command");
  if (!parsed) return parsed.error();
  const Json& object = *parsed;
  GraphicsCommand command;
  if (auto e = readInteger(object, "seq", 1, true, command.seq)) return *e;
  if (auto e = readEnum(object, "action", parseGraphicsAction, command.action)) return *e;
  if (command.action != GraphicsAction::ClearAll) {
    if (auto e = readEnum(object, "layer", parseGraphicsLayer, command.layer)) return *e;
    if (auto e = readOptionalContent(object, "graphic", command.layer, command.graphic)) return *e;
  }
  if (auto valid = validateGraphicsCommand(command); !valid) return valid.error();
  return command;
}

Result<ProgrammeState> decodeProgrammeState(std::string_view text) {
  auto parsed = parseMessage(text, "programme_state");
  if (!parsed) return parsed.error();
  const Json& object = *parsed;
  ProgrammeState state;
  if (auto e = readInteger(object, "seq", 0, true, state.seq)) return *e;
  auto layers = object.find("layers");
  if (layers == object.end() || !layers->is_array()) {
    return invalidMessage("layers must be an array", "layers");
  }
  if (layers->size() > std::size(kAllGraphicsLayers)) {
    return invalidMessage("too many layers", "layers");
  }
  for (const auto& item : *layers) {
    if (!item.is_object()) return invalidMessage("a layer must be an object", "layers");
    LayerState layer;
    if (auto e = readEnum(item, "layer", parseGraphicsLayer, layer.layer)) return *e;
    for (const auto& known : state.layers) {
      if (known.layer == layer.layer) return invalidMessage("a layer appears twice", "layer");
    }
    if (auto e = readOptionalContent(item, "cued", layer.layer, layer.cued)) return *e;
    if (auto e = readOptionalContent(item, "onAir", layer.layer, layer.onAir)) return *e;
    if (auto e = readInteger(item, "onAirSeq", 0, false, layer.onAirSeq)) return *e;
    state.layers.push_back(std::move(layer));
  }
  if (auto recording = object.find("recording");
      recording != object.end() && !recording->is_null()) {
    if (!recording->is_object()) return invalidMessage("recording must be an object", "recording");
    RecordingOrder order;
    if (auto e = readInteger(*recording, "episode", 1, true, order.episodeId)) return *e;
    if (auto e = readInteger(*recording, "number", 0, true, order.number)) return *e;
    state.recording = order;
  }
  return state;
}

Result<AsRunReport> decodeAsRun(std::string_view text) {
  auto parsed = parseMessage(text, "engine_as_run");
  if (!parsed) return parsed.error();
  const Json& object = *parsed;
  AsRunReport report;
  if (auto e = readInteger(object, "seq", 1, true, report.seq)) return *e;
  if (auto e = readEnum(object, "layer", parseGraphicsLayer, report.layer)) return *e;
  if (auto e = readEnum(object, "event", parseAsRunEvent, report.event)) return *e;
  if (auto e = readInteger(object, "questionId", 1, false, report.questionId)) return *e;
  if (auto e = readInteger(object, "runningTimeNs", 0, true, report.runningTimeNs)) return *e;
  if (auto e = readString(object, "wallTime", kWallTimeLength, true, report.wallTime)) return *e;
  if (!isIsoWallTime(report.wallTime)) {
    return invalidMessage("wallTime must be ISO 8601 UTC with milliseconds", "wallTime");
  }
  return report;
}

Result<EngineHealth> decodeEngineHealth(std::string_view text) {
  auto parsed = parseMessage(text, "engine_health");
  if (!parsed) return parsed.error();
  const Json& object = *parsed;
  EngineHealth health;
  if (auto e = readString(object, "engineName", kMaxEngineNameBytes, true, health.engineName)) {
    return *e;
  }
  if (health.engineName.empty() || !isPlainText(health.engineName, false)) {
    return invalidMessage("engineName must be a non-empty plain name", "engineName");
  }
  if (auto e = readNumber(object, "framesPerSecond", health.framesPerSecond)) return *e;
  if (auto e = readInteger(object, "framesOut", 0, true, health.framesOut)) return *e;
  if (auto e = readInteger(object, "droppedFrames", 0, true, health.droppedFrames)) return *e;
  if (auto e = readString(object, "input", kMaxInputBytes, true, health.input)) return *e;
  if (!isPlainText(health.input, false)) {
    return invalidMessage("input must be plain text", "input");
  }
  if (auto e = readNumber(object, "graphicsMsPerFrame", health.graphicsMsPerFrame)) return *e;
  if (auto e = readInteger(object, "lastSeq", 0, true, health.lastSeq)) return *e;
  return health;
}

Result<EngineCommandError> decodeEngineCommandError(std::string_view text) {
  auto parsed = parseMessage(text, "engine_error");
  if (!parsed) return parsed.error();
  const Json& object = *parsed;
  EngineCommandError error;
  if (auto e = readInteger(object, "seq", 0, true, error.seq)) return *e;
  if (auto e = readEnum(object, "layer", parseGraphicsLayer, error.layer)) return *e;
  if (auto e = readString(object, "code", kMaxCodeBytes, true, error.code)) return *e;
  if (error.code.empty() || !isPlainText(error.code, false)) {
    return invalidMessage("code must be a non-empty plain code", "code");
  }
  if (auto e = readString(object, "message", kMaxRawBytes, false, error.message)) return *e;
  if (!isPlainText(error.message, true) || countCodePoints(error.message) > kMaxErrorMessageChars) {
    return invalidMessage("message must be plain text of at most 500 characters", "message");
  }
  return error;
}

namespace {

constexpr std::size_t kMaxFileBytes = 1024;
constexpr std::size_t kMaxStateBytes = 16;

bool isBase64(std::string_view text) {
  for (char c : text) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '+' || c == '/' || c == '=';
    if (!ok) return false;
  }
  return text.size() % 4 == 0;
}

std::optional<Error> readWallTime(const Json& object, const char* key, bool required,
                                  std::string& out) {
  if (auto e = readString(object, key, kWallTimeLength, required, out)) return e;
  if (!out.empty() && !isIsoWallTime(out)) {
    return invalidMessage(std::string(key) + " must be an ISO 8601 UTC time with milliseconds",
                          key);
  }
  return std::nullopt;
}

}  // namespace

std::string encodeRecordCommand(const RecordCommand& command) {
  return dump(Json{{"type", "engine_record"},
                   {"action", command.action == RecordAction::Start ? "start" : "stop"},
                   {"episode", command.episode.episodeId},
                   {"number", command.episode.number}});
}

std::string encodeRecordingReport(const RecordingReport& report) {
  Json message{{"type", "engine_recording"},
               {"episode", report.episodeId},
               {"file", report.file},
               {"state", report.state},
               {"bytes", report.bytes},
               {"startedAt", report.startedAt},
               {"stoppedAt", report.stoppedAt.empty() ? Json(nullptr) : Json(report.stoppedAt)},
               {"frames", report.frames}};
  if (!report.error.empty()) message["error"] = report.error;
  return dump(message);
}

std::string encodeEnginePreview(const EnginePreview& preview) {
  return dump(Json{{"type", "engine_preview"}, {"jpeg", preview.jpegBase64}});
}

Result<RecordCommand> decodeRecordCommand(std::string_view text) {
  auto parsed = parseMessage(text, "engine_record");
  if (!parsed) return parsed.error();
  const Json& object = *parsed;
  RecordCommand command;
  std::string action;
  if (auto e = readString(object, "action", kMaxCodeBytes, true, action)) return *e;
  if (action != "start" && action != "stop") {
    return invalidMessage("action must be start or stop", "action");
  }
  command.action = action == "start" ? RecordAction::Start : RecordAction::Stop;
  if (auto e = readInteger(object, "episode", 1, true, command.episode.episodeId)) return *e;
  if (auto e = readInteger(object, "number", 0, true, command.episode.number)) return *e;
  return command;
}

Result<RecordingReport> decodeRecordingReport(std::string_view text) {
  auto parsed = parseMessage(text, "engine_recording");
  if (!parsed) return parsed.error();
  const Json& object = *parsed;
  RecordingReport report;
  if (auto e = readInteger(object, "episode", 1, true, report.episodeId)) return *e;
  if (auto e = readString(object, "file", kMaxFileBytes, true, report.file)) return *e;
  if (report.file.empty() || !isPlainText(report.file, false)) {
    return invalidMessage("file must be a non-empty plain path", "file");
  }
  if (auto e = readString(object, "state", kMaxStateBytes, true, report.state)) return *e;
  if (report.state != "recording" && report.state != "done" && report.state != "failed") {
    return invalidMessage("state must be recording, done or failed", "state");
  }
  if (auto e = readInteger(object, "bytes", 0, true, report.bytes)) return *e;
  if (auto e = readWallTime(object, "startedAt", true, report.startedAt)) return *e;
  if (auto e = readWallTime(object, "stoppedAt", false, report.stoppedAt)) return *e;
  if (report.state != "recording" && report.stoppedAt.empty()) {
    return invalidMessage("a done or failed recording needs stoppedAt", "stoppedAt");
  }
  if (auto e = readInteger(object, "frames", 0, true, report.frames)) return *e;
  if (auto e = readString(object, "error", kMaxRawBytes, false, report.error)) return *e;
  if (!isPlainText(report.error, false) || countCodePoints(report.error) > kMaxErrorMessageChars) {
    return invalidMessage("error must be plain text of at most 500 characters", "error");
  }
  if ((report.state == "failed") != !report.error.empty()) {
    return invalidMessage("a failed recording, and only a failed one, says why", "error");
  }
  return report;
}

Result<EnginePreview> decodeEnginePreview(std::string_view text) {
  auto parsed = parseMessage(text, "engine_preview");
  if (!parsed) return parsed.error();
  EnginePreview preview;
  if (auto e = readString(*parsed, "jpeg", kMaxPreviewBase64Bytes, true, preview.jpegBase64)) {
    return *e;
  }
  if (preview.jpegBase64.empty() || !isBase64(preview.jpegBase64)) {
    return invalidMessage("jpeg must be base64", "jpeg");
  }
  return preview;
}

}  // namespace sporazum::core

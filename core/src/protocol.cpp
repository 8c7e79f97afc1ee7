#include "sporazum/core/protocol.hpp"

#include <nlohmann/json.hpp>

#include "sporazum/core/text.hpp"

namespace sporazum::protocol {
namespace {

using Json = nlohmann::ordered_json;
using core::makeError;

// Byte limits on raw fields, before clean-up; the 8 KiB frame limit bounds the whole message.
constexpr std::size_t kMaxIdBytes = 64;
constexpr std::size_t kMaxDeviceBytes = 128;
constexpr std::size_t kMaxLangBytes = 16;
constexpr std::size_t kMaxNameBytes = 1024;
constexpr std::size_t kMaxMunicipalityBytes = 64;
constexpr std::size_t kMaxTextBytes = 8192;

// Reads an optional string field; returns an error for a wrong type or an oversized value.
std::optional<core::Error> readString(const Json& object, const char* key, std::size_t maxBytes,
                                      bool required, std::string& out) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) {
    if (required) return makeError("missing_field", std::string(key) + " is required", key);
    return std::nullopt;
  }
  if (!it->is_string()) return makeError("bad_field", std::string(key) + " must be a string", key);
  const auto& value = it->get_ref<const std::string&>();
  if (value.size() > maxBytes) {
    return makeError("field_too_long", std::string(key) + " is too long", key);
  }
  out = value;
  return std::nullopt;
}

std::optional<core::Error> readBool(const Json& object, const char* key, bool& out) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return std::nullopt;
  if (!it->is_boolean())
    return makeError("bad_field", std::string(key) + " must be true or false", key);
  out = it->get<bool>();
  return std::nullopt;
}

std::string requestIdOf(const Json& object) {
  auto it = object.find("id");
  if (it != object.end() && it->is_string() &&
      it->get_ref<const std::string&>().size() <= kMaxIdBytes) {
    return it->get<std::string>();
  }
  return {};
}

Json parseObject(std::string_view json, std::optional<core::Error>& error) {
  Json parsed = Json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) {
    error = makeError("bad_json", "message is not valid JSON");
  } else if (!parsed.is_object()) {
    error = makeError("bad_message", "message must be a JSON object");
  } else if (auto type = parsed.find("type"); type == parsed.end() || !type->is_string()) {
    error = makeError("bad_message", "message needs a string field \"type\"", "type");
  }
  return parsed;
}

}  // namespace

std::variant<ViewerMessage, DecodeFailure> decodeViewerMessage(std::string_view json) {
  if (!core::isValidUtf8(json)) {
    return DecodeFailure{makeError("invalid_utf8", "message is not valid UTF-8"), {}};
  }
  std::optional<core::Error> error;
  Json object = parseObject(json, error);
  if (error) return DecodeFailure{*error, {}};
  const auto& type = object["type"].get_ref<const std::string&>();
  std::string id = requestIdOf(object);

  if (type == "hello") {
    Hello hello;
    if (auto e = readString(object, "device", kMaxDeviceBytes, true, hello.device)) {
      return DecodeFailure{*e, {}};
    }
    if (auto e = readString(object, "lang", kMaxLangBytes, false, hello.lang)) {
      return DecodeFailure{*e, {}};
    }
    return ViewerMessage{hello};
  }
  if (type == "submit") {
    Submit submit;
    std::optional<core::Error> e;
    if (!(e = readString(object, "id", kMaxIdBytes, true, submit.id)) &&
        !(e = readString(object, "text", kMaxTextBytes, true, submit.text)) &&
        !(e = readString(object, "name", kMaxNameBytes, false, submit.name)) &&
        !(e = readString(object, "municipality", kMaxMunicipalityBytes, false,
                         submit.municipality))) {
      e = readBool(object, "consentNameOnAir", submit.consentNameOnAir);
    }
    if (e) return DecodeFailure{*e, id};
    return ViewerMessage{submit};
  }
  return DecodeFailure{makeError("unknown_type", "unknown message type", "type"), id};
}

core::Result<ServerMessage> decodeServerMessage(std::string_view json) {
  std::optional<core::Error> error;
  Json object = parseObject(json, error);
  if (error) return *error;
  const auto& type = object["type"].get_ref<const std::string&>();
  try {
    if (type == "welcome") {
      Welcome welcome;
      welcome.questionsOpen = object.at("questionsOpen").get<bool>();
      welcome.episodeTitle = object.at("episodeTitle").get<std::string>();
      welcome.maxTextChars = object.at("maxTextChars").get<int>();
      for (const auto& item : object.at("questions")) {
        welcome.questions.push_back(
            {item.at("id").get<std::string>(), item.at("text").get<std::string>(),
             item.at("status").get<std::string>(), item.at("receivedAt").get<std::string>()});
      }
      return ServerMessage{welcome};
    }
    if (type == "ack") {
      return ServerMessage{Ack{object.at("id").get<std::string>(),
                               object.at("status").get<std::string>(),
                               object.at("receivedAt").get<std::string>()}};
    }
    if (type == "status") {
      return ServerMessage{
          Status{object.at("id").get<std::string>(), object.at("status").get<std::string>()}};
    }
    if (type == "questions") {
      return ServerMessage{QuestionsState{object.at("open").get<bool>(),
                                          object.at("episodeTitle").get<std::string>()}};
    }
    if (type == "error") {
      ErrorReply reply;
      reply.code = object.at("code").get<std::string>();
      reply.message = object.at("message").get<std::string>();
      reply.field = object.value("field", "");
      reply.id = object.value("id", "");
      reply.retryAfterMs = object.value("retryAfterMs", std::int64_t{0});
      return ServerMessage{reply};
    }
  } catch (const Json::exception&) {
    return makeError("bad_field", "a field of the " + type + " message is missing or mistyped");
  }
  return makeError("unknown_type", "unknown message type", "type");
}

std::string encode(const ViewerMessage& message) {
  Json json;
  if (const auto* hello = std::get_if<Hello>(&message)) {
    json["type"] = "hello";
    json["device"] = hello->device;
    if (!hello->lang.empty()) json["lang"] = hello->lang;
  } else {
    const auto& submit = std::get<Submit>(message);
    json["type"] = "submit";
    json["id"] = submit.id;
    json["text"] = submit.text;
    if (!submit.name.empty()) json["name"] = submit.name;
    if (!submit.municipality.empty()) json["municipality"] = submit.municipality;
    json["consentNameOnAir"] = submit.consentNameOnAir;
  }
  return json.dump();
}

std::string encode(const ServerMessage& message) {
  Json json;
  std::visit(
      [&json](const auto& m) {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, Welcome>) {
          json["type"] = "welcome";
          json["protocol"] = kVersion;
          json["questionsOpen"] = m.questionsOpen;
          json["episodeTitle"] = m.episodeTitle;
          json["maxTextChars"] = m.maxTextChars;
          json["questions"] = Json::array();
          for (const auto& q : m.questions) {
            json["questions"].push_back({{"id", q.id},
                                         {"text", q.text},
                                         {"status", q.status},
                                         {"receivedAt", q.receivedAt}});
          }
        } else if constexpr (std::is_same_v<T, Ack>) {
          json["type"] = "ack";
          json["id"] = m.id;
          json["status"] = m.status;
          json["receivedAt"] = m.receivedAt;
        } else if constexpr (std::is_same_v<T, Status>) {
          json["type"] = "status";
          json["id"] = m.id;
          json["status"] = m.status;
        } else if constexpr (std::is_same_v<T, QuestionsState>) {
          json["type"] = "questions";
          json["open"] = m.open;
          json["episodeTitle"] = m.episodeTitle;
        } else {
          json["type"] = "error";
          json["code"] = m.code;
          json["message"] = m.message;
          if (!m.field.empty()) json["field"] = m.field;
          if (!m.id.empty()) json["id"] = m.id;
          if (m.retryAfterMs > 0) json["retryAfterMs"] = m.retryAfterMs;
        }
      },
      message);
  // Replace, never throw: the text was checked on the way in, but an encoder must not fail.
  return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

ErrorReply errorReply(const core::Error& error, std::string id, std::int64_t retryAfterMs) {
  return ErrorReply{error.code, error.message, error.field, std::move(id), retryAfterMs};
}

}  // namespace sporazum::protocol

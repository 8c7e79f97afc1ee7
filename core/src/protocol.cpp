#include "sporazum/core/protocol.hpp"

#include <nlohmann/json.hpp>

#include "sporazum/core/json_fields.hpp"
#include "sporazum/core/text.hpp"

namespace sporazum::protocol {
namespace {

using core::makeError;
using core::json::Json;
using core::json::parseObject;
using core::json::readBool;
using core::json::readString;
using core::json::requestIdOf;

// Byte limits on raw fields, before clean-up; the 8 KiB frame limit bounds the whole message.
using core::json::kMaxIdBytes;
constexpr std::size_t kMaxDeviceBytes = 128;
constexpr std::size_t kMaxLangBytes = 16;
constexpr std::size_t kMaxNameBytes = 1024;
constexpr std::size_t kMaxMunicipalityBytes = 64;
constexpr std::size_t kMaxTextBytes = 8192;

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

#pragma once
// Codec for protocol v1 (schema/protocol.md): JSON text <-> message structs. Decoding checks shape
// and types only; what a field may contain is decided by viewer_rules.hpp.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "sporazum/core/result.hpp"

namespace sporazum::protocol {

inline constexpr int kVersion = 1;
inline constexpr std::string_view kSubprotocol = "sporazum.v1";

// Viewer -> server.
struct Hello {
  std::string device;
  std::string lang;  ///< empty when not sent

  friend bool operator==(const Hello&, const Hello&) = default;
};

struct Submit {
  std::string id;
  std::string text;
  std::string name;          ///< empty when not sent
  std::string municipality;  ///< empty when not sent
  bool consentNameOnAir = false;

  friend bool operator==(const Submit&, const Submit&) = default;
};

using ViewerMessage = std::variant<Hello, Submit>;

// Server -> viewer.
struct QuestionSummary {
  std::string id;
  std::string text;
  std::string status;
  std::string receivedAt;

  friend bool operator==(const QuestionSummary&, const QuestionSummary&) = default;
};

struct Welcome {
  bool questionsOpen = false;
  std::string episodeTitle;
  int maxTextChars = 500;
  std::vector<QuestionSummary> questions;

  friend bool operator==(const Welcome&, const Welcome&) = default;
};

struct Ack {
  std::string id;
  std::string status;
  std::string receivedAt;

  friend bool operator==(const Ack&, const Ack&) = default;
};

struct Status {
  std::string id;
  std::string status;

  friend bool operator==(const Status&, const Status&) = default;
};

struct QuestionsState {
  bool open = false;
  std::string episodeTitle;

  friend bool operator==(const QuestionsState&, const QuestionsState&) = default;
};

struct ErrorReply {
  std::string code;
  std::string message;
  std::string field;              ///< empty when none
  std::string id;                 ///< echoed request id, empty when none
  std::int64_t retryAfterMs = 0;  ///< 0 when not known

  friend bool operator==(const ErrorReply&, const ErrorReply&) = default;
};

using ServerMessage = std::variant<Welcome, Ack, Status, QuestionsState, ErrorReply>;

/// A decode failure, with the request id when one could be read (for the error reply).
struct DecodeFailure {
  core::Error error;
  std::string id;
};

/// Decodes one viewer message. Fails with bad_json, invalid_utf8, bad_message, unknown_type,
/// missing_field, bad_field or field_too_long.
std::variant<ViewerMessage, DecodeFailure> decodeViewerMessage(std::string_view json);
core::Result<ServerMessage> decodeServerMessage(std::string_view json);

std::string encode(const ViewerMessage& message);
std::string encode(const ServerMessage& message);

/// Builds the error reply for a core::Error.
ErrorReply errorReply(const core::Error& error, std::string id = {}, std::int64_t retryAfterMs = 0);

}  // namespace sporazum::protocol

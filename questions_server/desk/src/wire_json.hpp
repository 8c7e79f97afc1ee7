#pragma once
// Internal to the desk's codecs: how every staff message is written.

#include <string>

#include "sporazum/core/json_fields.hpp"

namespace sporazum::desk::wire::detail {

/// One line of JSON; invalid UTF-8 (never expected: text is cleaned on the way in) is replaced
/// rather than throwing in the middle of a reply.
inline std::string dump(const core::json::Json& json) {
  return json.dump(-1, ' ', false, core::json::Json::error_handler_t::replace);
}

/// An optional text: null when empty.
inline core::json::Json nullable(const std::string& text) {
  return text.empty() ? core::json::Json(nullptr) : core::json::Json(text);
}

}  // namespace sporazum::desk::wire::detail

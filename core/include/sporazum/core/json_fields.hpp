#pragma once
// Reading fields of a decoded JSON message with the protocol's error codes (missing_field,
// bad_field, field_too_long, bad_json, bad_message). Shared by the viewer and staff codecs.

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "sporazum/core/result.hpp"

namespace sporazum::core::json {

using Json = nlohmann::ordered_json;

/// Longest request id echoed back.
inline constexpr std::size_t kMaxIdBytes = 64;

/// Reads a string field; absent or null is an error only when required.
std::optional<Error> readString(const Json& object, const char* key, std::size_t maxBytes,
                                bool required, std::string& out);
/// Reads an optional boolean field.
std::optional<Error> readBool(const Json& object, const char* key, bool& out);
/// Reads an integer field in [minValue, maxValue]; absent or null is an error only when required.
std::optional<Error> readInteger(const Json& object, const char* key, std::int64_t minValue,
                                 std::int64_t maxValue, bool required, std::int64_t& out);
/// The request's "id" when it is a string of at most kMaxIdBytes, else empty.
std::string requestIdOf(const Json& object);
/// Parses an object with a string "type"; sets `error` (bad_json / bad_message) otherwise.
Json parseObject(std::string_view text, std::optional<Error>& error);

}  // namespace sporazum::core::json

#include "sporazum/core/json_fields.hpp"

namespace sporazum::core::json {

std::optional<Error> readString(const Json& object, const char* key, std::size_t maxBytes,
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

std::optional<Error> readBool(const Json& object, const char* key, bool& out) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return std::nullopt;
  if (!it->is_boolean()) {
    return makeError("bad_field", std::string(key) + " must be true or false", key);
  }
  out = it->get<bool>();
  return std::nullopt;
}

std::optional<Error> readInteger(const Json& object, const char* key, std::int64_t minValue,
                                 std::int64_t maxValue, bool required, std::int64_t& out) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) {
    if (required) return makeError("missing_field", std::string(key) + " is required", key);
    return std::nullopt;
  }
  const bool isInteger = it->is_number_integer() || it->is_number_unsigned();
  if (!isInteger || (it->is_number_unsigned() && it->get<std::uint64_t>() > INT64_MAX)) {
    return makeError("bad_field", std::string(key) + " must be an integer", key);
  }
  const auto value = it->get<std::int64_t>();
  if (value < minValue || value > maxValue) {
    return makeError("bad_field", std::string(key) + " is out of range", key);
  }
  out = value;
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

Json parseObject(std::string_view text, std::optional<Error>& error) {
  Json parsed = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) {
    error = makeError("bad_json", "message is not valid JSON");
  } else if (!parsed.is_object()) {
    error = makeError("bad_message", "message must be a JSON object");
  } else if (auto type = parsed.find("type"); type == parsed.end() || !type->is_string()) {
    error = makeError("bad_message", "message needs a string field \"type\"", "type");
  }
  return parsed;
}

}  // namespace sporazum::core::json

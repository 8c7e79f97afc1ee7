#include "sporazum/core/csv.hpp"

namespace sporazum::core {

std::string csvField(std::string_view value) {
  std::string text;
  text.reserve(value.size() + 3);
  const bool isFormula =
      !value.empty() && (value.front() == '=' || value.front() == '+' || value.front() == '-' ||
                         value.front() == '@' || value.front() == '\t' || value.front() == '\r');
  if (isFormula) text.push_back('\'');
  text.append(value);
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted.push_back('"');
    quoted.push_back(c);
  }
  quoted.push_back('"');
  return quoted;
}

std::string csvRow(const std::vector<std::string>& fields) {
  std::string row;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) row.push_back(',');
    row += csvField(fields[i]);
  }
  row += "\r\n";
  return row;
}

}  // namespace sporazum::core

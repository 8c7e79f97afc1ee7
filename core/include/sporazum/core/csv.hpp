#pragma once
// CSV for spreadsheets that people open (RFC 4180 quoting), safe against formula injection: a
// field that a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage
// return) is written with a leading apostrophe, so "=HYPERLINK(...)" from a viewer stays text.

#include <string>
#include <string_view>
#include <vector>

namespace sporazum::core {

/// One field, quoted when it holds a comma, a quote or a line break, defused when it would
/// start a formula.
std::string csvField(std::string_view value);

/// Fields joined with commas, ended with CRLF (RFC 4180).
std::string csvRow(const std::vector<std::string>& fields);

}  // namespace sporazum::core

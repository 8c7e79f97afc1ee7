#pragma once
// Clean-up and limits for viewer text (protocol.md, "Clean-up of text and name"). Viewer text is
// never trusted: this is the one place that decides what of it is kept.

#include <cstddef>
#include <string>
#include <string_view>

#include "sporazum/core/result.hpp"

namespace sporazum::core {

/// True when `bytes` is well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF).
bool isValidUtf8(std::string_view bytes);

/// Number of Unicode code points in valid UTF-8.
std::size_t countCodePoints(std::string_view utf8);

struct TextRules {
  std::string_view field;         ///< reported in errors, e.g. "text"
  std::size_t maxCodePoints = 0;  ///< after clean-up
  bool allowLineBreaks = false;
  bool allowEmpty = false;
  std::string_view tooLongCode = "field_too_long";
};

/// Cleans viewer text: CR LF → LF, tab → space, other control characters refused, bidi controls and
/// invisible format characters removed (ZWJ/ZWNJ kept), NFC, trimmed; then checks emptiness and
/// length. Input must be valid UTF-8 (checked; `invalid_utf8` otherwise).
Result<std::string> sanitizeViewerText(std::string_view input, const TextRules& rules);

}  // namespace sporazum::core

#pragma once
// The stable text forms of a verdict, as stored with a question and sent to the desk
// (schema/protocol.md: `filter.action`, `filter.reasons`, `language`). Pure: no I/O.

#include <string>
#include <string_view>

#include "sporazum/autofilter/auto_filter.hpp"

namespace sporazum::autofilter {

/// "none", "flag" or "hold".
std::string_view actionCode(Action action);

/// "sr", "sq", "en" or "other".
std::string_view languageCode(Language language);

/// The reasons as a compact JSON array, keys in this order:
/// `[{"code":"lexicon","category":"slur","term":"…","begin":3,"end":9},{"code":"link","begin":0,"end":7}]`.
/// `category` and `term` appear only when non-empty; `begin`/`end` are code-point offsets into the
/// question's text. Invalid UTF-8 in a term is replaced by U+FFFD.
std::string reasonsJson(const Verdict& verdict);

}  // namespace sporazum::autofilter

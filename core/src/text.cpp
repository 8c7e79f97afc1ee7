#include "sporazum/core/text.hpp"

#include "sporazum/core/utf8.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <cstdint>

namespace sporazum::core {
namespace {

constexpr UChar32 kZeroWidthNonJoiner = 0x200C;
constexpr UChar32 kZeroWidthJoiner = 0x200D;

// Decodes one code point; returns a negative value on malformed input.
UChar32 nextCodePoint(std::string_view bytes, std::size_t& offset) {
  const char32_t c = decodeUtf8(bytes, offset);
  return c == kMalformedUtf8 ? -1 : static_cast<UChar32>(c);
}

bool isWhiteSpace(UChar32 c) {
  return u_hasBinaryProperty(c, UCHAR_WHITE_SPACE);
}

}  // namespace

bool isValidUtf8(std::string_view bytes) {
  std::size_t offset = 0;
  while (offset < bytes.size()) {
    if (nextCodePoint(bytes, offset) < 0) return false;
  }
  return true;
}

std::size_t countCodePoints(std::string_view utf8) {
  std::size_t count = 0;
  for (unsigned char byte : utf8) {
    if ((byte & 0xC0U) != 0x80U) ++count;
  }
  return count;
}

Result<std::string> sanitizeViewerText(std::string_view input, const TextRules& rules) {
  const std::string field(rules.field);
  std::string filtered;
  filtered.reserve(input.size());
  std::size_t offset = 0;
  while (offset < input.size()) {
    UChar32 c = nextCodePoint(input, offset);
    if (c < 0) return makeError("invalid_utf8", "text is not valid UTF-8", field);
    if (c == '\r') {
      // CR LF and a lone CR both become one LF.
      if (offset < input.size() && input[offset] == '\n') ++offset;
      c = '\n';
    }
    if (c == '\t') c = ' ';
    if (c == '\n') {
      if (!rules.allowLineBreaks) {
        return makeError("control_characters", "line breaks are not allowed here", field);
      }
      filtered.push_back('\n');
      continue;
    }
    const auto category = static_cast<UCharCategory>(u_charType(c));
    if (category == U_CONTROL_CHAR) {
      return makeError("control_characters", "control characters are not allowed", field);
    }
    // Bidi overrides, zero-width spaces, soft hyphens and the like let a text look different from
    // what a moderator reads; joiners stay because emoji sequences and some scripts need them.
    if (category == U_FORMAT_CHAR && c != kZeroWidthJoiner && c != kZeroWidthNonJoiner) continue;
    appendUtf8(filtered, static_cast<char32_t>(c));
  }

  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return makeError("server_error", "text normaliser unavailable", field);
  icu::UnicodeString unicode = icu::UnicodeString::fromUTF8(filtered);
  icu::UnicodeString normalized = nfc->normalize(unicode, status);
  if (U_FAILURE(status)) return makeError("server_error", "text normalisation failed", field);
  std::string result;
  normalized.toUTF8String(result);

  // Trim Unicode white space at both ends.
  std::size_t begin = 0;
  std::size_t end = result.size();
  while (begin < end) {
    std::size_t next = begin;
    if (!isWhiteSpace(nextCodePoint(result, next))) break;
    begin = next;
  }
  while (end > begin) {
    std::size_t start = end - 1;
    while (start > begin && (static_cast<unsigned char>(result[start]) & 0xC0U) == 0x80U)
      --start;
    std::size_t probe = start;
    if (!isWhiteSpace(nextCodePoint(result, probe))) break;
    end = start;
  }
  result = result.substr(begin, end - begin);

  if (result.empty() && !rules.allowEmpty) {
    return makeError("empty_text", "text is empty", field);
  }
  if (countCodePoints(result) > rules.maxCodePoints) {
    return makeError(
        std::string(rules.tooLongCode),
        field + " is longer than " + std::to_string(rules.maxCodePoints) + " characters", field);
  }
  return result;
}

}  // namespace sporazum::core

#include "sporazum/core/text.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <cstdint>

namespace sporazum::core {
namespace {

constexpr UChar32 kZeroWidthNonJoiner = 0x200C;
constexpr UChar32 kZeroWidthJoiner = 0x200D;

// Decodes one code point; returns a negative value on malformed input.
UChar32 nextCodePoint(std::string_view bytes, std::size_t& offset) {
  UChar32 c = 0;
  auto length = static_cast<std::int32_t>(bytes.size());
  auto i = static_cast<std::int32_t>(offset);
  U8_NEXT(reinterpret_cast<const std::uint8_t*>(bytes.data()), i, length, c);
  offset = static_cast<std::size_t>(i);
  return c;
}

void appendUtf8(std::string& out, UChar32 c) {
  const auto cp = static_cast<std::uint32_t>(c);
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0U | (cp >> 6U)));
    out.push_back(static_cast<char>(0x80U | (cp & 0x3FU)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0U | (cp >> 12U)));
    out.push_back(static_cast<char>(0x80U | ((cp >> 6U) & 0x3FU)));
    out.push_back(static_cast<char>(0x80U | (cp & 0x3FU)));
  } else {
    out.push_back(static_cast<char>(0xF0U | (cp >> 18U)));
    out.push_back(static_cast<char>(0x80U | ((cp >> 12U) & 0x3FU)));
    out.push_back(static_cast<char>(0x80U | ((cp >> 6U) & 0x3FU)));
    out.push_back(static_cast<char>(0x80U | (cp & 0x3FU)));
  }
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
    appendUtf8(filtered, c);
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

#pragma once
// UTF-8 decoding and encoding, written out by hand: ICU's U8_* macros expand to C-style casts, and
// these run on every character of every question (clean-up and the auto-filter).

#include <cstddef>
#include <string>
#include <string_view>

namespace sporazum::core {

/// What decodeUtf8 returns for malformed input.
inline constexpr char32_t kMalformedUtf8 = 0xFFFFFFFF;

/// Decodes the code point at `pos` (< s.size()) and advances past it. Overlongs, surrogates, code
/// points past U+10FFFF and truncated sequences yield kMalformedUtf8.
inline char32_t decodeUtf8(std::string_view s, std::size_t& pos) {
  const auto lead = static_cast<unsigned char>(s[pos++]);
  if (lead < 0x80) return lead;
  int extra = 0;
  char32_t cp = 0;
  char32_t min = 0;
  if ((lead & 0xE0U) == 0xC0U) {
    extra = 1;
    cp = lead & 0x1FU;
    min = 0x80;
  } else if ((lead & 0xF0U) == 0xE0U) {
    extra = 2;
    cp = lead & 0x0FU;
    min = 0x800;
  } else if ((lead & 0xF8U) == 0xF0U) {
    extra = 3;
    cp = lead & 0x07U;
    min = 0x10000;
  } else {
    return kMalformedUtf8;
  }
  for (int i = 0; i < extra; ++i) {
    if (pos >= s.size()) return kMalformedUtf8;
    const auto next = static_cast<unsigned char>(s[pos]);
    if ((next & 0xC0U) != 0x80U) return kMalformedUtf8;
    cp = (cp << 6U) | (next & 0x3FU);
    ++pos;
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return kMalformedUtf8;
  return cp;
}

/// Appends `cp` (a valid code point) to `out` as UTF-8.
inline void appendUtf8(std::string& out, char32_t cp) {
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

}  // namespace sporazum::core

#include "http_range.hpp"

#include <charconv>

namespace sporazum::app {
namespace {

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
    text.remove_suffix(1);
  return text;
}

/// Digits only (no sign, no spaces), within uint64.
std::optional<std::uint64_t> number(std::string_view text) {
  if (text.empty() || text.size() > 19) return std::nullopt;
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

RangeAnswer answerRange(std::string_view header, std::uint64_t size) {
  header = trimmed(header);
  constexpr std::string_view kUnit = "bytes=";
  if (header.size() <= kUnit.size() || header.substr(0, kUnit.size()) != kUnit) return {};
  const std::string_view spec = trimmed(header.substr(kUnit.size()));
  if (spec.find(',') != std::string_view::npos) return {};  // several ranges: not offered
  const auto dash = spec.find('-');
  if (dash == std::string_view::npos) return {};
  const std::string_view from = trimmed(spec.substr(0, dash));
  const std::string_view to = trimmed(spec.substr(dash + 1));
  ByteRange range;
  if (from.empty()) {
    // "-N": the last N bytes.
    const auto suffix = number(to);
    if (!suffix) return {};
    if (*suffix == 0 || size == 0) return {RangeVerdict::Unsatisfiable, {}};
    range.first = *suffix >= size ? 0 : size - *suffix;
    range.last = size - 1;
  } else {
    const auto first = number(from);
    if (!first) return {};
    std::uint64_t last = size == 0 ? 0 : size - 1;
    if (!to.empty()) {
      const auto given = number(to);
      if (!given || *given < *first) return {};
      last = std::min(*given, last);
    }
    if (*first >= size) return {RangeVerdict::Unsatisfiable, {}};
    range.first = *first;
    range.last = last;
  }
  return {RangeVerdict::Partial, range};
}

}  // namespace sporazum::app

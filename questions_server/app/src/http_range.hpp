#pragma once
// HTTP byte ranges (RFC 9110 §14) for the archive's media: one range per request, answered whole
// (players do not all ask again after a shortened answer: Qt's GStreamer backend stops there).

#include <cstdint>
#include <optional>
#include <string_view>

namespace sporazum::app {

struct ByteRange {
  std::uint64_t first = 0;
  std::uint64_t last = 0;  ///< inclusive
  std::uint64_t length() const { return last - first + 1; }
};

enum class RangeVerdict {
  Whole,          ///< no usable Range header: the whole file (200)
  Partial,        ///< `range` (206)
  Unsatisfiable,  ///< 416 with "bytes */size"
};

struct RangeAnswer {
  RangeVerdict verdict = RangeVerdict::Whole;
  ByteRange range;  ///< for Partial
};

/// What to send of a file of `size` bytes for the Range header `header` (empty: none). A header
/// that is not one "bytes=" range (several ranges, another unit, garbage) is ignored, as the RFC
/// allows: the whole file.
RangeAnswer answerRange(std::string_view header, std::uint64_t size);

}  // namespace sporazum::app

#include "sporazum/overlay/colour.hpp"

#include <algorithm>
#include <cmath>

namespace sporazum::overlay {
namespace {

std::uint8_t toByte(double value) {
  return static_cast<std::uint8_t>(std::clamp(std::lround(value), 0L, 255L));
}

}  // namespace

YCbCr toYCbCr709(Rgb colour) {
  const double r = colour.r;
  const double g = colour.g;
  const double b = colour.b;
  const double luma = 0.2126 * r + 0.7152 * g + 0.0722 * b;  // 0..255
  const double cb = (b - luma) / 1.8556;                     // −127.5..127.5
  const double cr = (r - luma) / 1.5748;
  return YCbCr{toByte(16.0 + 219.0 * luma / 255.0), toByte(128.0 + 224.0 * cb / 255.0),
               toByte(128.0 + 224.0 * cr / 255.0)};
}

}  // namespace sporazum::overlay

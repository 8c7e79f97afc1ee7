#pragma once
// The one colour conversion of the overlay: 8-bit R'G'B' (sRGB, as the renderer draws) to
// BT.709 Y'CbCr in limited range (Y' 16–235, Cb/Cr 16–240), which is what GStreamer assumes for
// HD I420 when caps say nothing else.

#include <cstdint>

namespace sporazum::overlay {

struct Rgb {
  std::uint8_t r = 0;
  std::uint8_t g = 0;
  std::uint8_t b = 0;

  friend bool operator==(const Rgb&, const Rgb&) = default;
};

struct YCbCr {
  std::uint8_t y = 16;
  std::uint8_t cb = 128;
  std::uint8_t cr = 128;

  friend bool operator==(const YCbCr&, const YCbCr&) = default;
};

/// BT.709 (Kr 0.2126, Kb 0.0722), limited range, rounded to nearest.
YCbCr toYCbCr709(Rgb colour);

}  // namespace sporazum::overlay

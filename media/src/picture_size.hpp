#pragma once
// Output picture sizes: square pixels, the source's display aspect, even dimensions (4:2:0
// encoders refuse odd ones), never larger than the source.

#include <algorithm>
#include <cmath>

extern "C" {
#include <libavutil/rational.h>
}

namespace sporazum::media {

struct PictureSize {
  int width = 0;
  int height = 0;
};

/// The size for `wantedHeight` lines of a `width`×`height` picture with sample aspect `sar`.
inline PictureSize squarePixelSize(int width, int height, AVRational sar, int wantedHeight) {
  const double pixelAspect = sar.num > 0 && sar.den > 0 ? av_q2d(sar) : 1.0;
  const int evenSourceHeight = std::max(2, height / 2 * 2);
  const int outHeight = std::max(2, std::min(wantedHeight, evenSourceHeight) / 2 * 2);
  const double displayAspect = width * pixelAspect / height;
  const int outWidth =
      std::max(2, static_cast<int>(std::lround(outHeight * displayAspect / 2.0)) * 2);
  return {outWidth, outHeight};
}

}  // namespace sporazum::media

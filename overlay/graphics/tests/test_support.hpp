#pragma once
// Helpers for the graphics tests: images, frames with guard bytes around them, and a
// straightforward per-sample reference of blendPart (no spans, no SIMD) to compare against.

#include <cstdint>
#include <optional>
#include <random>
#include <vector>

#include "sporazum/overlay/blend.hpp"
#include "sporazum/overlay/colour.hpp"
#include "sporazum/overlay/i420.hpp"
#include "sporazum/overlay/image.hpp"
#include "sporazum/overlay/prepared_graphic.hpp"

namespace sporazum::overlay::testing {

inline std::uint8_t premultiply(std::uint8_t channel, std::uint8_t alpha) {
  return static_cast<std::uint8_t>((channel * alpha + 127) / 255);
}

inline PremultipliedImage blankImage(int width, int height) {
  PremultipliedImage image;
  image.width = width;
  image.height = height;
  image.strideBytes = width * 4 + 8;  // not tight, as Cairo may pad
  image.pixels.assign(static_cast<std::size_t>(image.strideBytes) * height, 0);
  return image;
}

inline void setPixel(PremultipliedImage& image, int x, int y, Rgb colour, std::uint8_t alpha) {
  std::uint8_t* p = image.row(y) + 4 * x;
  p[0] = premultiply(colour.b, alpha);
  p[1] = premultiply(colour.g, alpha);
  p[2] = premultiply(colour.r, alpha);
  p[3] = alpha;
}

inline PremultipliedImage solidImage(int width, int height, Rgb colour, std::uint8_t alpha) {
  PremultipliedImage image = blankImage(width, height);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x)
      setPixel(image, x, y, colour, alpha);
  }
  return image;
}

inline Rgb randomColour(std::mt19937& rng) {
  std::uniform_int_distribution<int> byte(0, 255);
  return Rgb{static_cast<std::uint8_t>(byte(rng)), static_cast<std::uint8_t>(byte(rng)),
             static_cast<std::uint8_t>(byte(rng))};
}

/// Rows of runs: transparent, opaque and partly transparent, of random lengths (1..40).
inline PremultipliedImage randomImage(int width, int height, std::mt19937& rng) {
  PremultipliedImage image = blankImage(width, height);
  std::uniform_int_distribution<int> runLength(1, 40);
  std::uniform_int_distribution<int> kind(0, 2);
  std::uniform_int_distribution<int> byte(1, 254);
  for (int y = 0; y < height; ++y) {
    int x = 0;
    while (x < width) {
      const int end = std::min(width, x + runLength(rng));
      const int runKind = kind(rng);
      for (; x < end; ++x) {
        const std::uint8_t alpha =
            runKind == 0 ? 0 : (runKind == 1 ? 255 : static_cast<std::uint8_t>(byte(rng)));
        setPixel(image, x, y, randomColour(rng), alpha);
      }
    }
  }
  return image;
}

/// An I420 frame inside a bigger buffer (wider strides, rows above and below), so a write
/// outside the frame shows up as a changed guard byte.
class GuardedFrame {
 public:
  GuardedFrame(int width, int height, std::mt19937& rng) : width_(width), height_(height) {
    std::uniform_int_distribution<int> limited(16, 235);
    for (int p = 0; p < 3; ++p) {
      const int w = p == 0 ? width : (width + 1) / 2;
      const int h = p == 0 ? height : (height + 1) / 2;
      strides_[p] = w + kGuard * 2;
      buffers_[p].resize(static_cast<std::size_t>(strides_[p]) * (h + 2 * kGuard));
      for (auto& byte : buffers_[p])
        byte = static_cast<std::uint8_t>(limited(rng));
    }
  }

  I420View view() {
    I420View view;
    for (int p = 0; p < 3; ++p) {
      view.planes[p] = buffers_[p].data() + static_cast<std::size_t>(kGuard) * strides_[p] + kGuard;
      view.strides[p] = strides_[p];
    }
    view.width = width_;
    view.height = height_;
    return view;
  }

  std::uint8_t at(int plane, int x, int y) const {
    return buffers_[plane][static_cast<std::size_t>(y + kGuard) * strides_[plane] + x + kGuard];
  }
  void set(int plane, int x, int y, std::uint8_t value) {
    buffers_[plane][static_cast<std::size_t>(y + kGuard) * strides_[plane] + x + kGuard] = value;
  }
  int width() const { return width_; }
  int height() const { return height_; }

  friend bool operator==(const GuardedFrame&, const GuardedFrame&) = default;

 private:
  static constexpr int kGuard = 24;
  int width_;
  int height_;
  int strides_[3] = {};
  std::vector<std::uint8_t> buffers_[3];
};

inline int div255(int v) {
  return ((v + 128) * 257) >> 16;
}

/// The documented integer rule: value + frame × (1 − alpha), one rounding when fading.
inline std::uint8_t overReference(int frame, int value, int alpha, int opacity) {
  if (opacity < 255) {
    const int fadedAlpha = div255(alpha * opacity);
    return static_cast<std::uint8_t>(
        std::min(255, div255(frame * (255 - fadedAlpha) + value * opacity)));
  }
  return static_cast<std::uint8_t>(std::min(255, value + div255(frame * (255 - alpha))));
}

inline int floorMod(std::int64_t value, int modulus) {
  const std::int64_t r = value % modulus;
  return static_cast<int>(r < 0 ? r + modulus : r);
}

/// Calls fn(x, y, index) for every frame luma sample the part draws with these params, index
/// being the sample's place in the part's luma planes.
template <typename Fn>
void forEachDrawnLuma(const GuardedFrame& frame, const PreparedPart& part,
                      const BlendParams& params, Fn&& fn) {
  const int x0 = part.x + static_cast<int>(std::floor(params.dx / 2.0)) * 2;
  const int y0 = part.y + static_cast<int>(std::floor(params.dy / 2.0)) * 2;
  const int shownWidth = part.isScrolling() ? part.viewWidth : part.width;
  const int scroll = part.isScrolling() ? floorMod(params.scrollPixels, part.width) : 0;
  for (int y = 0; y < frame.height(); ++y) {
    for (int x = 0; x < frame.width(); ++x) {
      if (x < x0 || x >= x0 + shownWidth || y < y0 || y >= y0 + part.height) continue;
      if (params.clip && !(x >= params.clip->x && x < params.clip->right() && y >= params.clip->y &&
                           y < params.clip->bottom())) {
        continue;
      }
      const int column = (x - x0 + scroll) % part.width;
      fn(x, y, static_cast<std::size_t>(y - y0) * part.width + column);
    }
  }
}

/// blendPartKey, one sample at a time: the alpha (faded by opacity) drawn as white over the key.
inline void referenceKey(GuardedFrame& key, const PreparedPart& part, const BlendParams& params) {
  if (params.opacity <= 0) return;
  const int opacity = std::min(params.opacity, 255);
  forEachDrawnLuma(key, part, params, [&](int x, int y, std::size_t index) {
    const int alpha = part.luma.alpha[index];
    const int a = opacity < 255 ? div255(alpha * opacity) : alpha;
    key.set(0, x, y, static_cast<std::uint8_t>(div255(key.at(0, x, y) * (255 - a) + 235 * a)));
  });
}

/// blendPart, one sample at a time, written from the documented rules.
inline void referenceBlend(GuardedFrame& frame, const PreparedPart& part,
                           const BlendParams& params) {
  if (params.opacity <= 0) return;
  const int opacity = std::min(params.opacity, 255);
  const int x0 = part.x + static_cast<int>(std::floor(params.dx / 2.0)) * 2;
  const int y0 = part.y + static_cast<int>(std::floor(params.dy / 2.0)) * 2;
  const int shownWidth = part.isScrolling() ? part.viewWidth : part.width;
  const int scroll = part.isScrolling() ? floorMod(params.scrollPixels, part.width) : 0;
  auto inClip = [&](int x, int y) {
    return !params.clip || (x >= params.clip->x && x < params.clip->right() &&
                            y >= params.clip->y && y < params.clip->bottom());
  };
  forEachDrawnLuma(frame, part, params, [&](int x, int y, std::size_t index) {
    frame.set(
        0, x, y,
        overReference(frame.at(0, x, y), part.luma.value[index], part.luma.alpha[index], opacity));
  });
  // A chroma sample is drawn when any of the four frame pixels it covers is drawn.
  const int phase = scroll & 1;
  const PreparedChroma& chroma = part.chroma[phase];
  const int chromaWidth = part.width / 2;
  for (int cy = 0; cy < (frame.height() + 1) / 2; ++cy) {
    for (int cx = 0; cx < (frame.width() + 1) / 2; ++cx) {
      bool isDrawn = false;
      for (int dy = 0; dy < 2; ++dy) {
        for (int dx = 0; dx < 2; ++dx) {
          const int x = 2 * cx + dx;
          const int y = 2 * cy + dy;
          if (x < frame.width() && y < frame.height() && x >= x0 && x < x0 + shownWidth &&
              y >= y0 && y < y0 + part.height && inClip(x, y)) {
            isDrawn = true;
          }
        }
      }
      if (!isDrawn) continue;
      const int column = ((2 * cx - x0 + scroll - phase) / 2) % chromaWidth;
      const std::size_t index = static_cast<std::size_t>(cy - y0 / 2) * chromaWidth + column;
      frame.set(1, cx, cy,
                overReference(frame.at(1, cx, cy), chroma.cb[index], chroma.alpha[index], opacity));
      frame.set(2, cx, cy,
                overReference(frame.at(2, cx, cy), chroma.cr[index], chroma.alpha[index], opacity));
    }
  }
}

}  // namespace sporazum::overlay::testing

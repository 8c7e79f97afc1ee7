#include "sporazum/overlay/prepared_graphic.hpp"

#include <algorithm>
#include <cstring>

#include "sporazum/overlay/blend.hpp"

namespace sporazum::overlay {
namespace {

// Premultiplied R'G'B'A (0..255 each) to premultiplied limited-range BT.709 Y'CbCr: the same
// matrix as toYCbCr709, with the offsets (16, 128) scaled by alpha, so blending "value + frame ×
// (1 − alpha)" lands exactly on the converted colour when alpha is 255 and leaves the frame alone
// when it is 0. Fixed point with 16 fractional bits.
constexpr double kKr = 0.2126;
constexpr double kKg = 0.7152;
constexpr double kKb = 0.0722;
constexpr int fixed(double value) {
  return static_cast<int>(value * 65536.0 + (value < 0 ? -0.5 : 0.5));
}
constexpr int kYA = fixed(16.0 / 255.0);
constexpr int kYR = fixed(219.0 / 255.0 * kKr);
constexpr int kYG = fixed(219.0 / 255.0 * kKg);
constexpr int kYB = fixed(219.0 / 255.0 * kKb);
constexpr int kCA = fixed(128.0 / 255.0);
constexpr int kCbR = fixed(224.0 / 255.0 * -kKr / (2.0 * (1.0 - kKb)));
constexpr int kCbG = fixed(224.0 / 255.0 * -kKg / (2.0 * (1.0 - kKb)));
constexpr int kCbB = fixed(224.0 / 255.0 * 0.5);
constexpr int kCrR = fixed(224.0 / 255.0 * 0.5);
constexpr int kCrG = fixed(224.0 / 255.0 * -kKg / (2.0 * (1.0 - kKr)));
constexpr int kCrB = fixed(224.0 / 255.0 * -kKb / (2.0 * (1.0 - kKr)));

// A transparent gap shorter than this stays inside a span (two SSE2 vectors: splitting would cost
// more than blending it); an opaque run at least this long is copied instead of blended.
constexpr int kMinGap = 16;
constexpr int kMinOpaqueRun = 32;

int roundUpEven(int value) {
  return value + (value & 1);
}

/// The part's image on its even-aligned grid: premultiplied B, G, R, A with colour clamped to
/// alpha (Cairo never produces more, but a hand-made image might).
struct PaddedImage {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> bgra;

  const std::uint8_t* pixel(int x, int y) const {
    return bgra.data() + (static_cast<std::size_t>(y) * width + x) * 4;
  }
};

PaddedImage padImage(const PremultipliedImage& image, int padLeft, int padTop) {
  PaddedImage padded;
  padded.width = roundUpEven(padLeft + image.width);
  padded.height = roundUpEven(padTop + image.height);
  padded.bgra.assign(static_cast<std::size_t>(padded.width) * padded.height * 4, 0);
  for (int y = 0; y < image.height; ++y) {
    const std::uint8_t* source = image.row(y);
    std::uint8_t* target =
        padded.bgra.data() + (static_cast<std::size_t>(y + padTop) * padded.width + padLeft) * 4;
    for (int x = 0; x < image.width; ++x) {
      const std::uint8_t alpha = source[4 * x + 3];
      target[4 * x + 0] = std::min(source[4 * x + 0], alpha);
      target[4 * x + 1] = std::min(source[4 * x + 1], alpha);
      target[4 * x + 2] = std::min(source[4 * x + 2], alpha);
      target[4 * x + 3] = alpha;
    }
  }
  return padded;
}

void appendSpans(const std::uint8_t* alpha, int begin, int end, std::vector<RowSpan>& out) {
  int blendStart = begin;
  int i = begin;
  while (i < end) {
    if (alpha[i] != 255) {
      ++i;
      continue;
    }
    int j = i;
    while (j < end && alpha[j] == 255)
      ++j;
    if (j - i >= kMinOpaqueRun) {
      if (i > blendStart) out.push_back(RowSpan{blendStart, i, false});
      out.push_back(RowSpan{i, j, true});
      blendStart = j;
    }
    i = j;
  }
  if (end > blendStart) out.push_back(RowSpan{blendStart, end, false});
}

SpanTable buildSpans(const std::vector<std::uint8_t>& alpha, int width, int height) {
  SpanTable table;
  table.rowStart.reserve(static_cast<std::size_t>(height) + 1);
  for (int y = 0; y < height; ++y) {
    table.rowStart.push_back(static_cast<std::uint32_t>(table.spans.size()));
    const std::uint8_t* row = alpha.data() + static_cast<std::size_t>(y) * width;
    int x = 0;
    while (x < width) {
      while (x < width && row[x] == 0)
        ++x;
      if (x == width) break;
      const int begin = x;
      int end = x;
      for (;;) {
        while (end < width && row[end] != 0)
          ++end;
        int next = end;
        while (next < width && row[next] == 0)
          ++next;
        if (next < width && next - end < kMinGap) {
          end = next;
          continue;
        }
        break;
      }
      appendSpans(row, begin, end, table.spans);
      x = end;
    }
  }
  table.rowStart.push_back(static_cast<std::uint32_t>(table.spans.size()));
  return table;
}

std::uint8_t clampTo(int value, int high) {
  return static_cast<std::uint8_t>(std::clamp(value, 0, high));
}

PreparedLuma convertLuma(const PaddedImage& image) {
  PreparedLuma luma;
  const std::size_t count = static_cast<std::size_t>(image.width) * image.height;
  luma.value.resize(count);
  luma.alpha.resize(count);
  for (std::size_t i = 0; i < count; ++i) {
    const std::uint8_t* p = image.bgra.data() + i * 4;
    const int value = (kYA * p[3] + kYR * p[2] + kYG * p[1] + kYB * p[0] + (1 << 15)) >> 16;
    luma.value[i] = clampTo(value, p[3]);
    luma.alpha[i] = p[3];
  }
  luma.spans = buildSpans(luma.alpha, image.width, image.height);
  return luma;
}

/// Chroma sample (j, i) is the mean of the premultiplied pixels in rows 2i, 2i+1 and columns
/// 2j + phase, 2j + phase + 1 (wrapping at the right edge, for the odd phase of a scrolling part).
PreparedChroma convertChroma(const PaddedImage& image, int phase) {
  PreparedChroma chroma;
  const int width = image.width / 2;
  const int height = image.height / 2;
  const std::size_t count = static_cast<std::size_t>(width) * height;
  chroma.cb.resize(count);
  chroma.cr.resize(count);
  chroma.alpha.resize(count);
  for (int i = 0; i < height; ++i) {
    for (int j = 0; j < width; ++j) {
      const int left = 2 * j + phase;
      const int right = (left + 1) % image.width;
      const std::uint8_t* pixels[4] = {image.pixel(left, 2 * i), image.pixel(right, 2 * i),
                                       image.pixel(left, 2 * i + 1), image.pixel(right, 2 * i + 1)};
      int b = 0, g = 0, r = 0, a = 0;
      for (const std::uint8_t* p : pixels) {
        b += p[0];
        g += p[1];
        r += p[2];
        a += p[3];
      }
      const int alpha = (a + 2) >> 2;
      const int cb = (kCA * a + kCbR * r + kCbG * g + kCbB * b + (1 << 17)) >> 18;
      const int cr = (kCA * a + kCrR * r + kCrG * g + kCrB * b + (1 << 17)) >> 18;
      const std::size_t index = static_cast<std::size_t>(i) * width + j;
      chroma.cb[index] = clampTo(cb, alpha);
      chroma.cr[index] = clampTo(cr, alpha);
      chroma.alpha[index] = static_cast<std::uint8_t>(alpha);
    }
  }
  chroma.spans = buildSpans(chroma.alpha, width, height);
  return chroma;
}

PreparedPart prepareImage(const PremultipliedImage& image, int x, int y, int viewWidth,
                          double scrollPixelsPerSecond) {
  PreparedPart part;
  if (image.isEmpty()) return part;
  const bool isScrolling = viewWidth > 0;
  // A scrolling image repeats, so it cannot take a column in front; its window moves instead.
  const int padLeft = isScrolling ? 0 : (x & 1);
  const int padTop = y & 1;
  const PaddedImage padded = padImage(image, padLeft, padTop);
  part.x = x & ~1;
  part.y = y & ~1;
  part.width = padded.width;
  part.height = padded.height;
  if (isScrolling) {
    part.viewWidth = roundUpEven(x + viewWidth) - part.x;
    part.scrollPixelsPerSecond = scrollPixelsPerSecond;
  }
  part.luma = convertLuma(padded);
  part.chroma[0] = convertChroma(padded, 0);
  if (isScrolling) part.chroma[1] = convertChroma(padded, 1);
  return part;
}

}  // namespace

PreparedPart preparePart(const GraphicPart& part) {
  return prepareImage(part.image, part.x, part.y, part.viewWidth, part.scrollPixelsPerSecond);
}

PreparedGraphic prepareGraphic(const Graphic& graphic, const FrameFormat& format) {
  PreparedGraphic prepared;
  prepared.animateIn = graphic.animateIn;
  prepared.animateOut = graphic.animateOut;
  prepared.format = format;
  for (const GraphicPart& part : graphic.parts) {
    if (part.image.isEmpty()) continue;
    prepared.parts.push_back(preparePart(part));
    const int shownWidth = part.viewWidth > 0 ? part.viewWidth : part.image.width;
    prepared.bounds = unite(prepared.bounds, Rect{part.x, part.y, shownWidth, part.image.height});
  }
  return prepared;
}

I420Frame solidFrame(const FrameFormat& format, Rgb colour) {
  I420Frame frame(format.width, format.height);
  const YCbCr converted = toYCbCr709(colour);
  const std::size_t lumaSize = static_cast<std::size_t>(frame.width()) * frame.height();
  const std::size_t chromaSize =
      static_cast<std::size_t>(frame.chromaWidth()) * frame.chromaHeight();
  std::memset(frame.plane(0), converted.y, lumaSize);
  std::memset(frame.plane(1), converted.cb, chromaSize);
  std::memset(frame.plane(2), converted.cr, chromaSize);
  return frame;
}

I420Frame makeSlateFrame(const PremultipliedImage& fullFrameImage, const FrameFormat& format,
                         Rgb background) {
  I420Frame frame = solidFrame(format, background);
  const PreparedPart part = prepareImage(fullFrameImage, 0, 0, 0, 0.0);
  blendPart(frame.view(), part, BlendParams{});
  return frame;
}

}  // namespace sporazum::overlay

#pragma once
// The hand-over between the renderer (templates + data → images) and the compositor (images →
// frames). Pure data: no Cairo, no Pango, no GStreamer.

#include <cstdint>
#include <vector>

namespace sporazum::overlay {

/// An image in Cairo's ARGB32 layout: premultiplied alpha, one native-endian 32-bit word per pixel,
/// so the bytes of a pixel are B, G, R, A on little-endian machines. Rows are `strideBytes` apart.
struct PremultipliedImage {
  int width = 0;
  int height = 0;
  int strideBytes = 0;
  std::vector<std::uint8_t> pixels;  ///< strideBytes * height bytes

  bool isEmpty() const { return width <= 0 || height <= 0; }
  const std::uint8_t* row(int y) const {
    return pixels.data() + static_cast<std::size_t>(y) * strideBytes;
  }
  std::uint8_t* row(int y) { return pixels.data() + static_cast<std::size_t>(y) * strideBytes; }
};

/// Size and rate of the programme's frames.
struct FrameFormat {
  int width = 1920;
  int height = 1080;
  int fpsNumerator = 50;
  int fpsDenominator = 1;

  friend bool operator==(const FrameFormat&, const FrameFormat&) = default;
};

/// How a graphic enters or leaves the picture; timed by frame timestamps, never wall time.
enum class AnimationKind { Cut = 1, Fade, SlideUp, SlideLeft, Wipe };

struct AnimationSpec {
  AnimationKind kind = AnimationKind::Cut;
  int durationMs = 0;  ///< 0 with any kind behaves as a cut

  friend bool operator==(const AnimationSpec&, const AnimationSpec&) = default;
};

/// One image placed on the frame, top-left at (x, y) in frame pixels. A scrolling part (the
/// ticker's text) shows a window `viewWidth` pixels wide at (x, y) into `image`, which moves left
/// at `scrollPixelsPerSecond` and repeats; `viewWidth` 0 means the whole image, not scrolling.
struct GraphicPart {
  PremultipliedImage image;
  int x = 0;
  int y = 0;
  int viewWidth = 0;
  double scrollPixelsPerSecond = 0.0;
};

/// Everything one layer shows: its parts (drawn in order) and how it animates in and out.
struct Graphic {
  std::vector<GraphicPart> parts;
  AnimationSpec animateIn;
  AnimationSpec animateOut;
};

}  // namespace sporazum::overlay

#pragma once
// Graphics converted once, when they are cued, into the frame's colour space: premultiplied
// Y'CbCr with alpha, Y' at full resolution and Cb/Cr/alpha at 4:2:0, plus per-row spans of
// non-zero alpha so transparent runs cost nothing per frame. Pure: no GStreamer, no Cairo.

#include <cstdint>
#include <span>
#include <vector>

#include "sporazum/overlay/colour.hpp"
#include "sporazum/overlay/i420.hpp"
#include "sporazum/overlay/image.hpp"
#include "sporazum/overlay/rect.hpp"

namespace sporazum::overlay {

/// A run [begin, end) of samples in one row whose alpha is not all zero. An opaque span has alpha
/// 255 throughout, so at full opacity it is copied rather than blended.
struct RowSpan {
  std::int32_t begin = 0;
  std::int32_t end = 0;
  bool isOpaque = false;

  friend bool operator==(const RowSpan&, const RowSpan&) = default;
};

/// The spans of every row of a plane, in order.
struct SpanTable {
  std::vector<RowSpan> spans;
  std::vector<std::uint32_t> rowStart;  ///< spans of row r are [rowStart[r], rowStart[r + 1])

  std::span<const RowSpan> row(int r) const {
    return {spans.data() + rowStart[static_cast<std::size_t>(r)],
            spans.data() + rowStart[static_cast<std::size_t>(r) + 1]};
  }
};

/// Full-resolution luma: value is premultiplied Y' (alpha × Y', offset included), row-major.
struct PreparedLuma {
  std::vector<std::uint8_t> value;
  std::vector<std::uint8_t> alpha;
  SpanTable spans;
};

/// Quarter-resolution chroma: premultiplied Cb and Cr and their alpha (the mean of the 2×2 block).
struct PreparedChroma {
  std::vector<std::uint8_t> cb;
  std::vector<std::uint8_t> cr;
  std::vector<std::uint8_t> alpha;
  SpanTable spans;
};

/// One GraphicPart ready to blend. Its rectangle starts on even frame coordinates and has even
/// size: a part placed at an odd x or y gets one transparent column or row in front, so each chroma
/// sample is the mean of exactly the four frame pixels it covers. A scrolling part's window is
/// snapped out to even columns too, and its image padded to an even width (the period).
struct PreparedPart {
  int x = 0;          ///< frame position of the data (even)
  int y = 0;          ///< (even)
  int width = 0;      ///< luma samples a row (even); for a scrolling part, the repeat period
  int height = 0;     ///< luma rows (even)
  int viewWidth = 0;  ///< scrolling window width in frame pixels (even); 0: not scrolling
  double scrollPixelsPerSecond = 0.0;
  PreparedLuma luma;
  /// [0]: chroma of column pairs (0,1), (2,3)…; [1], scrolling parts only: pairs (1,2), (3,4)…
  /// wrapping, used when the scroll offset is odd so the ticker moves one pixel at a time.
  PreparedChroma chroma[2];

  bool isScrolling() const { return viewWidth > 0; }
  /// What it covers on the frame when not offset: the window for a scrolling part.
  Rect frameRect() const { return Rect{x, y, isScrolling() ? viewWidth : width, height}; }
};

/// A Graphic converted for one frame format. Immutable once made; shared between threads.
struct PreparedGraphic {
  std::vector<PreparedPart> parts;  ///< drawn in order
  AnimationSpec animateIn;
  AnimationSpec animateOut;
  Rect bounds;  ///< union of the parts as the renderer placed them (before even-padding)
  FrameFormat format;
};

/// Converts every part (BT.709 limited range, see colour.hpp). Parts with an empty image are
/// dropped. Costs a few milliseconds for a lower third: call it on a control thread, never per
/// frame.
PreparedGraphic prepareGraphic(const Graphic& graphic, const FrameFormat& format);

/// One part only (what prepareGraphic does for each part).
PreparedPart preparePart(const GraphicPart& part);

/// A frame of one colour.
I420Frame solidFrame(const FrameFormat& format, Rgb colour);

/// A full-frame image (top-left at 0,0; clipped or left showing the background if its size
/// differs) over a solid background, converted once: the slate shown when the input is lost.
I420Frame makeSlateFrame(const PremultipliedImage& fullFrameImage, const FrameFormat& format,
                         Rgb background);

}  // namespace sporazum::overlay

#pragma once
// The per-frame hot loop: premultiplied "over" of a prepared part onto an I420 frame, SSE2.

#include <cstdint>
#include <optional>

#include "sporazum/overlay/i420.hpp"
#include "sporazum/overlay/prepared_graphic.hpp"
#include "sporazum/overlay/rect.hpp"

namespace sporazum::overlay {

/// How to draw a part on this frame.
struct BlendParams {
  int dx = 0;  ///< offset from the part's place (slides); odd values are floored to even
  int dy = 0;
  std::optional<Rect> clip = std::nullopt;  ///< frame pixels outside it are untouched (wipes);
                                            ///< chroma samples half inside are drawn
  int opacity = 255;                        ///< 0..255, multiplies the part's alpha (fades)
  std::int64_t scrollPixels = 0;  ///< scrolling parts: the window starts this far into the image
};

/// Blends `part` onto `frame`: out = value + frame × (255 − alpha) / 255 per sample (value and
/// alpha scaled by opacity when fading), clipped to the frame and to params.clip. A scrolling part
/// shows its viewWidth-wide window starting scrollPixels into its image, repeating. Safe on any
/// thread; touches only `frame`.
void blendPart(const I420View& frame, const PreparedPart& part, const BlendParams& params);

/// Draws the part's alpha into a key signal: Y = 235 × alpha + Y × (255 − alpha) / 255 over the
/// same pixels blendPart would touch with the same params (chroma untouched: a key is grey).
void blendPartKey(const I420View& key, const PreparedPart& part, const BlendParams& params);

}  // namespace sporazum::overlay

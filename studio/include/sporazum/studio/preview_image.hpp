#pragma once
// The renderer's images as QImages, and a graphic's parts placed as the engine's compositor would
// place them.

#include <QImage>
#include <QRect>

#include "sporazum/overlay/image.hpp"

namespace sporazum::studio {

/// A deep copy. Cairo's ARGB32 (premultiplied, one native-endian 32-bit word per pixel: B, G, R,
/// A bytes on little-endian) is exactly QImage::Format_ARGB32_Premultiplied, so rows are copied
/// as they are; only the stride may differ.
QImage toQImage(const overlay::PremultipliedImage& image);

/// A graphic drawn on the smallest rectangle of the frame that holds all its parts.
struct ComposedGraphic {
  QImage image;  ///< transparent where no part draws; null when nothing is drawn
  QRect rect;    ///< where `image` sits on the frame, in frame pixels
};

/// `graphic`'s parts drawn in order (source-over, premultiplied), clipped to `format`'s frame; a
/// scrolling part (the ticker) shows its first window. No animation: the graphic once it is in.
/// Only the parts' rectangle is allocated and drawn, not a whole frame (a 1080p frame costs
/// milliseconds to allocate and clear, and a large texture to upload).
ComposedGraphic composeGraphic(const overlay::Graphic& graphic, const overlay::FrameFormat& format);

}  // namespace sporazum::studio

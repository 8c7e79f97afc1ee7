#pragma once
// Planar 4:2:0 frames (I420: Y, then Cb and Cr at half width and half height), as GStreamer maps
// them. Pure: no GStreamer.

#include <cstdint>
#include <vector>

namespace sporazum::overlay {

/// A mutable window on someone else's I420 frame (a mapped GstVideoFrame, an I420Frame). Plane 0
/// is Y (width × height), planes 1 and 2 are Cb and Cr ((width+1)/2 × (height+1)/2); strides are
/// in bytes. Frames of the programme have even width and height.
struct I420View {
  std::uint8_t* planes[3] = {nullptr, nullptr, nullptr};
  int strides[3] = {0, 0, 0};
  int width = 0;
  int height = 0;
};

/// The graphics-only output of one programme frame: `fill` (the graphics over black, shaped, i.e.
/// premultiplied) and `key` (their alpha as luma: 16 transparent … 235 opaque, chroma neutral),
/// both programme-sized and cleared to black by whoever owns them before each frame.
struct FillAndKey {
  I420View fill;
  I420View key;
};

/// An owned I420 frame in one contiguous buffer with tight strides (for slates, tests, benchmarks).
class I420Frame {
 public:
  I420Frame() = default;
  I420Frame(int width, int height);

  int width() const { return width_; }
  int height() const { return height_; }
  int chromaWidth() const { return (width_ + 1) / 2; }
  int chromaHeight() const { return (height_ + 1) / 2; }
  int stride(int plane) const { return plane == 0 ? width_ : chromaWidth(); }

  std::uint8_t* plane(int index);
  const std::uint8_t* plane(int index) const;
  /// The sample at (x, y) of a plane, in that plane's own coordinates.
  std::uint8_t at(int planeIndex, int x, int y) const {
    return plane(planeIndex)[static_cast<std::size_t>(y) * stride(planeIndex) + x];
  }

  I420View view();
  const std::vector<std::uint8_t>& bytes() const { return bytes_; }

  friend bool operator==(const I420Frame&, const I420Frame&) = default;

 private:
  std::size_t planeOffset(int index) const;

  int width_ = 0;
  int height_ = 0;
  std::vector<std::uint8_t> bytes_;
};

}  // namespace sporazum::overlay

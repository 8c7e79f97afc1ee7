#include "sporazum/overlay/i420.hpp"

namespace sporazum::overlay {

I420Frame::I420Frame(int width, int height)
    : width_(width > 0 ? width : 0),
      height_(height > 0 ? height : 0),
      bytes_(static_cast<std::size_t>(width_) * height_ +
             2 * static_cast<std::size_t>(chromaWidth()) * chromaHeight()) {}

std::size_t I420Frame::planeOffset(int index) const {
  const std::size_t lumaSize = static_cast<std::size_t>(width_) * height_;
  const std::size_t chromaSize = static_cast<std::size_t>(chromaWidth()) * chromaHeight();
  return index == 0 ? 0 : lumaSize + static_cast<std::size_t>(index - 1) * chromaSize;
}

std::uint8_t* I420Frame::plane(int index) {
  return bytes_.data() + planeOffset(index);
}

const std::uint8_t* I420Frame::plane(int index) const {
  return bytes_.data() + planeOffset(index);
}

I420View I420Frame::view() {
  I420View view;
  for (int i = 0; i < 3; ++i) {
    view.planes[i] = plane(i);
    view.strides[i] = stride(i);
  }
  view.width = width_;
  view.height = height_;
  return view;
}

}  // namespace sporazum::overlay

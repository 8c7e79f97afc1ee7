#pragma once
// Rectangles in frame pixels, for placement, clipping and wipes. Pure.

#include <algorithm>

namespace sporazum::overlay {

/// A rectangle in pixels; x/y is the top-left corner, right() and bottom() are exclusive.
struct Rect {
  int x = 0;
  int y = 0;
  int width = 0;
  int height = 0;

  int right() const { return x + width; }
  int bottom() const { return y + height; }
  bool isEmpty() const { return width <= 0 || height <= 0; }

  friend bool operator==(const Rect&, const Rect&) = default;
};

/// The overlap of two rectangles (empty, with zero size, when they do not overlap).
inline Rect intersect(const Rect& a, const Rect& b) {
  const int left = std::max(a.x, b.x);
  const int top = std::max(a.y, b.y);
  const int right = std::min(a.right(), b.right());
  const int bottom = std::min(a.bottom(), b.bottom());
  if (right <= left || bottom <= top) return Rect{left, top, 0, 0};
  return Rect{left, top, right - left, bottom - top};
}

/// The smallest rectangle holding both; an empty rectangle adds nothing.
inline Rect unite(const Rect& a, const Rect& b) {
  if (a.isEmpty()) return b;
  if (b.isEmpty()) return a;
  const int left = std::min(a.x, b.x);
  const int top = std::min(a.y, b.y);
  return Rect{left, top, std::max(a.right(), b.right()) - left,
              std::max(a.bottom(), b.bottom()) - top};
}

}  // namespace sporazum::overlay

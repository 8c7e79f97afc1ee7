#include "canvas.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include <pango/pangocairo.h>

namespace sporazum::overlay::detail {

PixelRect toPixels(const Rect& rect, double scale) {
  // A hair of tolerance so 1080 × (2/3) lands on 720, not 721.
  constexpr double kEpsilon = 1e-6;
  const int left = static_cast<int>(std::floor(rect.x * scale + kEpsilon));
  const int top = static_cast<int>(std::floor(rect.y * scale + kEpsilon));
  const int right = static_cast<int>(std::ceil(rect.right() * scale - kEpsilon));
  const int bottom = static_cast<int>(std::ceil(rect.bottom() * scale - kEpsilon));
  return PixelRect{left, top, std::max(1, right - left), std::max(1, bottom - top)};
}

void setSource(cairo_t* cr, const Colour& colour) {
  cairo_set_source_rgba(cr, colour.red, colour.green, colour.blue, colour.alpha);
}

void roundedRectangle(cairo_t* cr, const Rect& rect, double radius) {
  const double r = std::min({radius, rect.width / 2, rect.height / 2});
  if (r <= 0) {
    cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height);
    return;
  }
  const double pi = 3.14159265358979323846;
  cairo_new_sub_path(cr);
  cairo_arc(cr, rect.right() - r, rect.y + r, r, -pi / 2, 0);
  cairo_arc(cr, rect.right() - r, rect.bottom() - r, r, 0, pi / 2);
  cairo_arc(cr, rect.x + r, rect.bottom() - r, r, pi / 2, pi);
  cairo_arc(cr, rect.x + r, rect.y + r, r, pi, 3 * pi / 2);
  cairo_close_path(cr);
}

Canvas::Canvas(PixelRect pixels, double scale) : pixels_(pixels), scale_(scale) {
  image_.width = pixels.width;
  image_.height = pixels.height;
  image_.strideBytes = cairo_format_stride_for_width(CAIRO_FORMAT_ARGB32, pixels.width);
  image_.pixels.assign(static_cast<std::size_t>(image_.strideBytes) * pixels.height, 0);
  surface_.reset(cairo_image_surface_create_for_data(
      image_.pixels.data(), CAIRO_FORMAT_ARGB32, image_.width, image_.height, image_.strideBytes));
  cr_.reset(cairo_create(surface_.get()));
  cairo_translate(cr_.get(), -pixels.x, -pixels.y);
  cairo_scale(cr_.get(), scale, scale);
}

void Canvas::fill(const Rect& rect, const Colour& colour, double radius, bool bleeds) {
  if (rect.isEmpty() || colour.alpha <= 0) return;
  setSource(cr_.get(), colour);
  roundedRectangle(cr_.get(), rect, radius);
  cairo_fill(cr_.get());
  if (!bleeds) addDrawn(rect);
}

void Canvas::shadow(const Rect& rect, const Shadow& shadow, double radius) {
  if (shadow.colour.alpha <= 0) return;
  const Rect moved{rect.x + shadow.offsetX, rect.y + shadow.offsetY, rect.width, rect.height};
  const double reach = std::max(0.0, shadow.blur / 2);
  cairo_t* cr = cr_.get();
  // Only outside the shape: the shape is drawn over it anyway, and filling the shadow's inside
  // would be most of the drawing work.
  cairo_save(cr);
  cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
  const Rect outer = moved.inflate(reach + 1, reach + 1, reach + 1, reach + 1).unite(rect);
  cairo_rectangle(cr, outer.x, outer.y, outer.width, outer.height);
  roundedRectangle(cr, rect, radius);
  cairo_clip(cr);
  if (reach <= 0) {
    setSource(cr, shadow.colour);
    roundedRectangle(cr, moved, radius);
    cairo_fill(cr);
  } else {
    // Each layer reaches a little further and adds a little darkness: next to the shape there
    // are all of them, at the rim only the outermost, which reads as a soft edge.
    constexpr int kLayers = 6;
    Colour layer = shadow.colour;
    layer.alpha = 1 - std::pow(1 - shadow.colour.alpha, 1.0 / kLayers);
    setSource(cr, layer);
    for (int i = kLayers; i >= 1; --i) {
      const double grow = shadow.blur * i / kLayers - reach;
      roundedRectangle(cr, moved.inflate(grow, grow, grow, grow), radius + std::max(0.0, grow));
      cairo_fill(cr);
    }
  }
  cairo_restore(cr);
  addDrawn(moved.inflate(reach, reach, reach, reach));
}

void Canvas::gradient(const Rect& rect, const Colour& from, const Colour& to, bool horizontal) {
  PatternPtr pattern(horizontal ? cairo_pattern_create_linear(rect.x, 0, rect.right(), 0)
                                : cairo_pattern_create_linear(0, rect.y, 0, rect.bottom()));
  cairo_pattern_add_color_stop_rgba(pattern.get(), 0, from.red, from.green, from.blue, from.alpha);
  cairo_pattern_add_color_stop_rgba(pattern.get(), 1, to.red, to.green, to.blue, to.alpha);
  cairo_set_source(cr_.get(), pattern.get());
  cairo_rectangle(cr_.get(), rect.x, rect.y, rect.width, rect.height);
  cairo_fill(cr_.get());
  addDrawn(rect);
}

void Canvas::text(PangoLayout* layout, double x, double y, const Colour& colour) {
  setSource(cr_.get(), colour);
  cairo_move_to(cr_.get(), x, y);
  pango_cairo_show_layout(cr_.get(), layout);
  PangoRectangle ink;
  pango_layout_get_extents(layout, &ink, nullptr);
  if (ink.width > 0 && ink.height > 0) {
    addDrawn(Rect{x + static_cast<double>(ink.x) / PANGO_SCALE,
                  y + static_cast<double>(ink.y) / PANGO_SCALE,
                  static_cast<double>(ink.width) / PANGO_SCALE,
                  static_cast<double>(ink.height) / PANGO_SCALE});
  }
}

void Canvas::image(cairo_surface_t* source, const Rect& rect, double opacity) {
  const int width = cairo_image_surface_get_width(source);
  const int height = cairo_image_surface_get_height(source);
  if (width <= 0 || height <= 0 || rect.isEmpty()) return;
  cairo_t* cr = cr_.get();
  cairo_save(cr);
  cairo_translate(cr, rect.x, rect.y);
  cairo_scale(cr, rect.width / width, rect.height / height);
  cairo_set_source_surface(cr, source, 0, 0);
  cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
  cairo_rectangle(cr, 0, 0, width, height);
  cairo_clip(cr);
  cairo_paint_with_alpha(cr, opacity);
  cairo_restore(cr);
  addDrawn(rect);
}

PremultipliedImage Canvas::finish() {
  cr_.reset();
  cairo_surface_flush(surface_.get());
  surface_.reset();
  return std::move(image_);
}

GraphicPart Canvas::finishPart() {
  GraphicPart part;
  part.x = pixels_.x;
  part.y = pixels_.y;
  part.image = finish();
  return part;
}

}  // namespace sporazum::overlay::detail

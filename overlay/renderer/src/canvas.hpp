#pragma once
// One tight image being drawn: a Cairo image surface over a rectangle of the frame, drawn on in
// design units (1920×1080) scaled to the frame, writing straight into a PremultipliedImage's
// buffer. It remembers the bounds of what it drew, for the safe-area report.

#include <pango/pango.h>

#include "c_handles.hpp"
#include "sporazum/overlay/image.hpp"
#include "templates.hpp"

namespace sporazum::overlay::detail {

/// A rectangle of whole frame pixels.
struct PixelRect {
  int x = 0;
  int y = 0;
  int width = 0;
  int height = 0;
};

/// The whole pixels a design-unit rectangle touches at `scale`.
PixelRect toPixels(const Rect& rect, double scale);

class Canvas {
 public:
  /// Draws on `pixels` (in frame pixels); design units are multiplied by `scale`.
  Canvas(PixelRect pixels, double scale);
  Canvas(const Canvas&) = delete;
  Canvas& operator=(const Canvas&) = delete;

  cairo_t* cr() { return cr_.get(); }
  double scale() const { return scale_; }
  const PixelRect& pixels() const { return pixels_; }

  /// A filled (optionally rounded) rectangle. `bleeds`: allowed outside the safe area, so not
  /// counted in drawnBounds().
  void fill(const Rect& rect, const Colour& colour, double radius = 0, bool bleeds = false);
  /// A soft shadow under `rect` (stacked translucent outlines: cheap, no blur pass).
  void shadow(const Rect& rect, const Shadow& shadow, double radius = 0);
  /// A vertical or horizontal linear gradient filling `rect`.
  void gradient(const Rect& rect, const Colour& from, const Colour& to, bool horizontal);
  /// A laid-out text with its logical top-left at (x, y).
  void text(PangoLayout* layout, double x, double y, const Colour& colour);
  /// An image scaled into `rect` with `opacity`.
  void image(cairo_surface_t* image, const Rect& rect, double opacity);
  /// Records drawing done directly on cr().
  void addDrawn(const Rect& rect) { drawn_ = drawn_.unite(rect); }

  /// Bounds of everything drawn that may not bleed, in design units.
  const Rect& drawnBounds() const { return drawn_; }

  /// The finished image (the canvas is spent afterwards).
  PremultipliedImage finish();
  /// The finished image as a part placed where it was drawn.
  GraphicPart finishPart();

 private:
  PixelRect pixels_;
  double scale_;
  PremultipliedImage image_;
  SurfacePtr surface_;
  CairoPtr cr_;
  Rect drawn_;
};

void setSource(cairo_t* cr, const Colour& colour);
void roundedRectangle(cairo_t* cr, const Rect& rect, double radius);

}  // namespace sporazum::overlay::detail

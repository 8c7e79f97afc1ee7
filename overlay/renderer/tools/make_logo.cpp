// Draws the "Sporazum" logo into a PNG with alpha: two overlapping speech bubbles (a question
// and an answer meeting: the agreement the show is named after) and the word mark, with a soft
// shadow baked in so the logo reads over any picture. Usage: overlay_make_logo OUTPUT.png

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <pango/pangocairo.h>

#include "c_handles.hpp"
#include "fonts.hpp"

namespace {

using sporazum::overlay::detail::CairoPtr;
using sporazum::overlay::detail::FontDescriptionPtr;
using sporazum::overlay::detail::Fonts;
using sporazum::overlay::detail::GObjectPtr;
using sporazum::overlay::detail::SurfacePtr;

constexpr double kPi = 3.14159265358979323846;
constexpr int kHeight = 300;
constexpr int kMargin = 24;  // room for the shadow

struct Rgb {
  double red, green, blue;
};
constexpr Rgb kWhite{1, 1, 1};
constexpr Rgb kAccent{0xF2 / 255.0, 0xA5 / 255.0, 0x41 / 255.0};
constexpr Rgb kNavy{0x0C / 255.0, 0x1A / 255.0, 0x3D / 255.0};

/// A round speech bubble: a circle with a pointed tail towards `tipX`, `tipY`.
void bubblePath(cairo_t* cr, double cx, double cy, double r, double tipX, double tipY,
                double tailAngle) {
  const double half = 0.32;  // half the tail's base, in radians
  cairo_new_path(cr);
  cairo_arc(cr, cx, cy, r, tailAngle + half, tailAngle - half + 2 * kPi);
  cairo_line_to(cr, tipX, tipY);
  cairo_close_path(cr);
}

void drawMark(cairo_t* cr, double x, double y) {
  // Question (white, lower left) and answer (accent, upper right); where they overlap, navy.
  const double r = 84;
  const double ax = x + 98, ay = y + 150, bx = x + 180, by = y + 116;
  bubblePath(cr, ax, ay, r, x + 8, y + 252, kPi * 0.72);
  cairo_path_t* a = cairo_copy_path(cr);
  bubblePath(cr, bx, by, r, x + 276, y + 222, kPi * 0.28);
  cairo_path_t* b = cairo_copy_path(cr);

  cairo_new_path(cr);
  cairo_append_path(cr, a);
  cairo_set_source_rgb(cr, kWhite.red, kWhite.green, kWhite.blue);
  cairo_fill(cr);
  cairo_append_path(cr, b);
  cairo_set_source_rgb(cr, kAccent.red, kAccent.green, kAccent.blue);
  cairo_fill(cr);
  cairo_save(cr);
  cairo_append_path(cr, a);
  cairo_clip(cr);
  cairo_append_path(cr, b);
  cairo_set_source_rgb(cr, kNavy.red, kNavy.green, kNavy.blue);
  cairo_fill(cr);
  cairo_restore(cr);
  cairo_path_destroy(a);
  cairo_path_destroy(b);
}

/// Three passes of a box blur over the alpha channel approximate a Gaussian.
std::vector<double> blurredAlpha(cairo_surface_t* surface, int radius) {
  const int width = cairo_image_surface_get_width(surface);
  const int height = cairo_image_surface_get_height(surface);
  const int stride = cairo_image_surface_get_stride(surface);
  const unsigned char* data = cairo_image_surface_get_data(surface);
  std::vector<double> alpha(static_cast<std::size_t>(width) * height);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      alpha[static_cast<std::size_t>(y) * width + x] = data[y * stride + x * 4 + 3] / 255.0;
    }
  }
  std::vector<double> scratch(alpha.size());
  const auto pass = [&](bool horizontal) {
    const int lines = horizontal ? height : width;
    const int length = horizontal ? width : height;
    for (int line = 0; line < lines; ++line) {
      const auto at = [&](int i) -> double& {
        const int x = horizontal ? i : line;
        const int y = horizontal ? line : i;
        return alpha[static_cast<std::size_t>(y) * width + x];
      };
      double sum = 0;
      for (int i = -radius; i <= radius; ++i)
        sum += (i >= 0 && i < length) ? at(i) : 0;
      for (int i = 0; i < length; ++i) {
        const int x = horizontal ? i : line;
        const int y = horizontal ? line : i;
        scratch[static_cast<std::size_t>(y) * width + x] = sum / (2 * radius + 1);
        const int leaving = i - radius;
        const int entering = i + radius + 1;
        if (leaving >= 0) sum -= at(leaving);
        if (entering < length) sum += at(entering);
      }
    }
    alpha.swap(scratch);
  };
  for (int i = 0; i < 3; ++i) {
    pass(true);
    pass(false);
  }
  return alpha;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUTPUT.png\n", argv[0]);
    return 2;
  }
  auto fonts = Fonts::load({"/usr/share/fonts/truetype/open-sans/OpenSans-ExtraBold.ttf"});
  if (!fonts) {
    std::fprintf(stderr, "%s\n", fonts.error().message.c_str());
    return 1;
  }
  GObjectPtr<PangoLayout> word(pango_layout_new((*fonts)->context("sr-latn")));
  pango_layout_set_text(word.get(), "SPORAZUM", -1);
  FontDescriptionPtr description(pango_font_description_from_string("Open Sans 10"));
  pango_font_description_set_weight(description.get(), PANGO_WEIGHT_ULTRABOLD);
  pango_font_description_set_absolute_size(description.get(), 190.0 * PANGO_SCALE);
  pango_layout_set_font_description(word.get(), description.get());
  PangoAttrList* attributes = pango_attr_list_new();
  pango_attr_list_insert(attributes, pango_attr_letter_spacing_new(10 * PANGO_SCALE));
  pango_layout_set_attributes(word.get(), attributes);
  pango_attr_list_unref(attributes);
  PangoRectangle ink;
  pango_layout_get_pixel_extents(word.get(), &ink, nullptr);

  const double markWidth = 290;
  const double gap = 44;
  const int width = static_cast<int>(std::ceil(kMargin + markWidth + gap + ink.width + kMargin));
  const int height = kHeight + 2 * kMargin;

  // The logo itself, on its own surface: its alpha makes the shadow.
  SurfacePtr logo(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height));
  {
    CairoPtr cr(cairo_create(logo.get()));
    drawMark(cr.get(), kMargin, kMargin);
    // Cap height centred on the mark.
    const double capCentre = kMargin + kHeight / 2.0;
    cairo_move_to(cr.get(), kMargin + markWidth + gap - ink.x,
                  capCentre - ink.y - ink.height / 2.0);
    cairo_set_source_rgb(cr.get(), kWhite.red, kWhite.green, kWhite.blue);
    pango_cairo_show_layout(cr.get(), word.get());
  }
  cairo_surface_flush(logo.get());

  const std::vector<double> shadow = blurredAlpha(logo.get(), 5);
  SurfacePtr out(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height));
  {
    const int stride = cairo_image_surface_get_stride(out.get());
    unsigned char* data = cairo_image_surface_get_data(out.get());
    constexpr double kShadowAlpha = 0.55;
    constexpr int kOffsetY = 4;
    for (int y = 0; y < height; ++y) {
      for (int x = 0; x < width; ++x) {
        const int from = y - kOffsetY;
        const double a =
            from < 0 ? 0 : shadow[static_cast<std::size_t>(from) * width + x] * kShadowAlpha;
        data[y * stride + x * 4 + 3] = static_cast<unsigned char>(std::lround(a * 255));
      }
    }
    cairo_surface_mark_dirty(out.get());
    CairoPtr cr(cairo_create(out.get()));
    cairo_set_source_surface(cr.get(), logo.get(), 0, 0);
    cairo_paint(cr.get());
  }
  // Cropped to what is visible, so the renderer's boxes hold the logo, not empty margins.
  cairo_surface_flush(out.get());
  int left = width, top = height, right = 0, bottom = 0;
  {
    const int stride = cairo_image_surface_get_stride(out.get());
    const unsigned char* data = cairo_image_surface_get_data(out.get());
    for (int y = 0; y < height; ++y) {
      for (int x = 0; x < width; ++x) {
        if (data[y * stride + x * 4 + 3] < 8) continue;
        left = std::min(left, x);
        right = std::max(right, x + 1);
        top = std::min(top, y);
        bottom = std::max(bottom, y + 1);
      }
    }
  }
  SurfacePtr cropped(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, right - left, bottom - top));
  {
    CairoPtr cr(cairo_create(cropped.get()));
    cairo_set_source_surface(cr.get(), out.get(), -left, -top);
    cairo_paint(cr.get());
  }
  if (cairo_surface_write_to_png(cropped.get(), argv[1]) != CAIRO_STATUS_SUCCESS) {
    std::fprintf(stderr, "cannot write %s\n", argv[1]);
    return 1;
  }
  std::printf("wrote %s (%d×%d)\n", argv[1], right - left, bottom - top);
  return 0;
}

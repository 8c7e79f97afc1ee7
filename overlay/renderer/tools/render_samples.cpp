// Writes PNGs of every element over a 1920×1080 (or 1280×720) test background, with the
// graphics-safe area outlined, and times the lower third.
// Usage: overlay_render_samples OUTPUT_DIR [--templates DIR] [--no-safe-area]

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <cairo.h>

#include "sporazum/overlay/renderer.hpp"

namespace {

using sporazum::overlay::FrameFormat;
using sporazum::overlay::GraphicPart;
using sporazum::overlay::PremultipliedImage;
using sporazum::overlay::QuestionCard;
using sporazum::overlay::Rendered;
using sporazum::overlay::Renderer;

struct SurfaceFree {
  void operator()(cairo_surface_t* surface) const { cairo_surface_destroy(surface); }
};
using Surface = std::unique_ptr<cairo_surface_t, SurfaceFree>;
struct CairoFree {
  void operator()(cairo_t* cr) const { cairo_destroy(cr); }
};
using Cairo = std::unique_ptr<cairo_t, CairoFree>;

bool gDrawSafeArea = true;

/// A stand-in for a studio picture: a dim gradient, a few coloured shapes, a grey scale.
Surface background(const FrameFormat& format) {
  Surface surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, format.width, format.height));
  Cairo cr(cairo_create(surface.get()));
  const double s = format.height / 1080.0;
  cairo_scale(cr.get(), s, s);
  cairo_pattern_t* sky = cairo_pattern_create_linear(0, 0, 0, 1080);
  cairo_pattern_add_color_stop_rgb(sky, 0, 0.42, 0.45, 0.50);
  cairo_pattern_add_color_stop_rgb(sky, 1, 0.20, 0.21, 0.24);
  cairo_set_source(cr.get(), sky);
  cairo_paint(cr.get());
  cairo_pattern_destroy(sky);
  const double colours[][3] = {
      {0.75, 0.32, 0.28}, {0.30, 0.55, 0.70}, {0.85, 0.80, 0.70}, {0.35, 0.60, 0.35}};
  for (int i = 0; i < 4; ++i) {
    cairo_set_source_rgb(cr.get(), colours[i][0], colours[i][1], colours[i][2]);
    cairo_arc(cr.get(), 360 + i * 400, 420 + (i % 2) * 180, 150, 0, 2 * 3.14159265);
    cairo_fill(cr.get());
  }
  for (int i = 0; i < 16; ++i) {
    const double grey = i / 15.0;
    cairo_set_source_rgb(cr.get(), grey, grey, grey);
    cairo_rectangle(cr.get(), 120 * i, 1010, 120, 70);
    cairo_fill(cr.get());
  }
  return surface;
}

void outlineSafeArea(cairo_t* cr, const FrameFormat& format) {
  if (!gDrawSafeArea) return;
  const double mx = format.width * 0.05;
  const double my = format.height * 0.05;
  cairo_set_source_rgba(cr, 0.2, 1.0, 1.0, 0.8);
  cairo_set_line_width(cr, 1);
  const double dash[] = {8, 6};
  cairo_set_dash(cr, dash, 2, 0);
  cairo_rectangle(cr, mx + 0.5, my + 0.5, format.width - 2 * mx - 1, format.height - 2 * my - 1);
  cairo_stroke(cr);
  cairo_set_dash(cr, nullptr, 0, 0);
}

void paintImage(cairo_t* cr, const PremultipliedImage& image, double x, double y) {
  if (image.isEmpty()) return;
  std::vector<std::uint8_t> copy = image.pixels;
  Surface surface(cairo_image_surface_create_for_data(copy.data(), CAIRO_FORMAT_ARGB32, image.width,
                                                      image.height, image.strideBytes));
  cairo_set_source_surface(cr, surface.get(), x, y);
  cairo_paint(cr);
}

/// Composites a graphic as the compositor would at `seconds` into its scroll.
void paintGraphic(cairo_t* cr, const Rendered& rendered, double seconds = 2.0) {
  for (const GraphicPart& part : rendered.graphic.parts) {
    if (part.viewWidth <= 0) {
      paintImage(cr, part.image, part.x, part.y);
      continue;
    }
    const int offset =
        static_cast<int>(std::fmod(seconds * part.scrollPixelsPerSecond, part.image.width));
    cairo_save(cr);
    cairo_rectangle(cr, part.x, part.y, part.viewWidth, part.image.height);
    cairo_clip(cr);
    for (int x = part.x - offset; x < part.x + part.viewWidth; x += part.image.width) {
      paintImage(cr, part.image, x, part.y);
    }
    cairo_restore(cr);
  }
}

void report(const char* name, const Rendered& rendered) {
  const auto& r = rendered.report;
  std::printf("  %-34s fits=%d problem=%-14s lines=%d size=%.1f unknown=%d safe=%d  %s\n", name,
              r.fits, r.problem.empty() ? "-" : r.problem.c_str(), r.lineCount, r.fontSizePx,
              r.unknownGlyphCount, r.insideSafeArea, r.detail.c_str());
}

void write(const std::filesystem::path& dir, const std::string& name, const FrameFormat& format,
           const std::vector<const Rendered*>& graphics) {
  Surface frame = background(format);
  Cairo cr(cairo_create(frame.get()));
  for (const Rendered* rendered : graphics)
    paintGraphic(cr.get(), *rendered);
  outlineSafeArea(cr.get(), format);
  const auto path = dir / name;
  cairo_surface_write_to_png(frame.get(), path.c_str());
  std::printf("wrote %s\n", path.c_str());
}

int run(const std::filesystem::path& templates, const std::filesystem::path& out,
        FrameFormat format, const std::string& suffix) {
  auto loaded = Renderer::load(templates, format);
  if (!loaded) {
    std::fprintf(stderr, "%s: %s\n", loaded.error().code.c_str(), loaded.error().message.c_str());
    return 1;
  }
  Renderer& renderer = **loaded;

  QuestionCard latin;
  latin.text = "Kada će biti popravljen put između Zvečana i Severne Mitrovice?";
  latin.viewerName = "Milica";
  latin.municipality = "mitrovica-north";
  latin.nameConsent = true;
  latin.language = "sr-Latn";

  QuestionCard cyrillic;
  cyrillic.text =
      "Зашто ђаци из Лепосавића и даље немају организован превоз до школе у Звечану, иако је "
      "то обећано прошле године?";
  cyrillic.viewerName = "Ђорђе";
  cyrillic.municipality = "zvecan";
  cyrillic.nameConsent = false;
  cyrillic.language = "sr-Cyrl";

  QuestionCard albanian;
  albanian.text =
      "A do të ketë më shumë autobusë ndërmjet Zveçanit dhe Mitrovicës për nxënësit që "
      "udhëtojnë çdo ditë?";
  albanian.viewerName = "Arbër";
  albanian.municipality = "mitrovica-south";
  albanian.nameConsent = true;
  albanian.language = "sq";

  QuestionCard english;
  english.text = "What will the agreement change for people who cross the bridge every day?";
  english.language = "en";

  QuestionCard shrinking = latin;
  shrinking.text =
      "Poštovani gosti, zanima me šta konkretno planirate da uradite sa nezaposlenošću mladih u "
      "severnim opštinama, jer većina mojih prijatelja već razmišlja o odlasku u inostranstvo, a "
      "ovde nema ni posla ni perspektive.";
  shrinking.viewerName = "";
  shrinking.municipality = "leposavic";

  QuestionCard tooLong = latin;
  tooLong.text = shrinking.text + " " + shrinking.text + " Da li je to uopšte neko pitao?";
  tooLong.viewerName = "Nikola";
  tooLong.municipality = "zubin-potok";

  QuestionCard markup = english;
  markup.text = "<b>3 < 5 & true</b> — is <i>this</i> drawn literally?";
  markup.municipality = "other";

  struct Sample {
    const char* name;
    const QuestionCard* card;
  };
  const Sample questions[] = {
      {"question_sr_latn_named", &latin},    {"question_sr_cyrl_no_consent", &cyrillic},
      {"question_sq_named", &albanian},      {"question_en_anonymous", &english},
      {"question_long_shrinks", &shrinking}, {"question_does_not_fit", &tooLong},
      {"question_markup_literal", &markup}};
  for (const Sample& sample : questions) {
    const Rendered rendered = renderer.question(*sample.card);
    report(sample.name, rendered);
    write(out, std::string(sample.name) + suffix + ".png", format, {&rendered});
  }

  const Rendered guest = renderer.guestSuper({"Marko Petrović", "poslanik, Stranka za dijalog"});
  report("guest_super", guest);
  write(out, "guest_super" + suffix + ".png", format, {&guest});
  const Rendered guestSq = renderer.guestSuper({"Arta Krasniqi", "deputete, Lëvizja për Bashkim"});
  report("guest_super_sq", guestSq);
  const Rendered guestCyrl = renderer.guestSuper({"Јелена Ђурић", ""});
  report("guest_super_cyrl_no_role", guestCyrl);
  write(out, "guest_super_sq" + suffix + ".png", format, {&guestSq});
  write(out, "guest_super_cyrl_no_role" + suffix + ".png", format, {&guestCyrl});

  const Rendered logo = renderer.logo();
  const Rendered clock = renderer.clock({"20:15"});
  const Rendered qr = renderer.qr({"https://sporazum.tv/pitanja", ""});
  const Rendered ticker = renderer.ticker(
      {"Sledeća emisija: četvrtak u 20 časova\nPitanja šaljite na sporazum.tv/pitanja\n"
       "Pyetjet dërgoni në sporazum.tv/pitanja"});
  report("logo", logo);
  report("clock", clock);
  report("qr", qr);
  report("ticker", ticker);
  write(out, "bug_clock_qr_ticker" + suffix + ".png", format, {&logo, &clock, &qr, &ticker});
  const Rendered latinCard = renderer.question(latin);
  write(out, "all_on" + suffix + ".png", format, {&latinCard, &logo, &clock, &ticker});
  write(out, "guest_all_on" + suffix + ".png", format, {&guest, &logo, &clock, &ticker, &qr});

  {
    const PremultipliedImage slate = renderer.slate();
    Surface frame(cairo_image_surface_create(CAIRO_FORMAT_RGB24, format.width, format.height));
    Cairo cr(cairo_create(frame.get()));
    paintImage(cr.get(), slate, 0, 0);
    outlineSafeArea(cr.get(), format);
    const auto path = out / ("slate" + suffix + ".png");
    cairo_surface_write_to_png(frame.get(), path.c_str());
    std::printf("wrote %s\n", path.c_str());
  }

  // Timing: a lower third from scratch (layout, auto-fit, drawing, copy-free output).
  for (const Sample& sample : {questions[0], questions[1], questions[4], questions[5]}) {
    constexpr int kRuns = 200;
    const auto begin = std::chrono::steady_clock::now();
    for (int i = 0; i < kRuns; ++i)
      renderer.question(*sample.card);
    const auto elapsed = std::chrono::steady_clock::now() - begin;
    std::printf("  time %-30s %.3f ms per render\n", sample.name,
                std::chrono::duration<double, std::milli>(elapsed).count() / kRuns);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::filesystem::path out = "renderer-samples";
  std::filesystem::path templates =
      std::filesystem::path(SPORAZUM_SOURCE_ROOT) / "assets/templates";
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--no-safe-area") {
      gDrawSafeArea = false;
    } else if (arg == "--templates" && i + 1 < argc) {
      templates = argv[++i];
    } else if (arg == "--help" || arg.rfind("--", 0) == 0) {
      std::printf("usage: %s OUTPUT_DIR [--templates DIR] [--no-safe-area]\n", argv[0]);
      return arg == "--help" ? 0 : 2;
    } else {
      out = arg;
    }
  }
  std::filesystem::create_directories(out);
  std::printf("1920×1080:\n");
  if (const int status = run(templates, out, FrameFormat{1920, 1080, 50, 1}, ""); status != 0) {
    return status;
  }
  std::printf("1280×720:\n");
  return run(templates, out, FrameFormat{1280, 720, 50, 1}, "_720p");
}

#include "fonts.hpp"

#include <system_error>

#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>

namespace sporazum::overlay::detail {

core::Result<std::unique_ptr<Fonts>> Fonts::load(const std::vector<std::filesystem::path>& files) {
  std::unique_ptr<Fonts> fonts(new Fonts());
  fonts->config_.reset(FcConfigCreate());
  if (!fonts->config_) return core::makeError("font_missing", "cannot create a font configuration");
  FcConfigSetRescanInterval(fonts->config_.get(), 0);
  for (const auto& file : files) {
    std::error_code error;
    if (!std::filesystem::is_regular_file(file, error)) {
      return core::makeError("font_missing", "font file not found: " + file.string() +
                                                 " (Debian package fonts-open-sans)");
    }
    const auto* name = reinterpret_cast<const FcChar8*>(file.c_str());
    if (!FcConfigAppFontAddFile(fonts->config_.get(), name)) {
      return core::makeError("font_missing", "not a font file: " + file.string());
    }
  }

  fonts->fontMap_.reset(pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT));
  if (!fonts->fontMap_ || !PANGO_IS_FC_FONT_MAP(fonts->fontMap_.get())) {
    return core::makeError("font_missing", "Pango has no fontconfig font map");
  }
  pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(fonts->fontMap_.get()), fonts->config_.get());

  fonts->options_.reset(cairo_font_options_create());
  cairo_font_options_set_antialias(fonts->options_.get(), CAIRO_ANTIALIAS_GRAY);
  cairo_font_options_set_hint_style(fonts->options_.get(), CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics(fonts->options_.get(), CAIRO_HINT_METRICS_OFF);
  return fonts;
}

Fonts::~Fonts() {
  contexts_.clear();
  // Pango 1.50 takes a reference to the configuration and never drops it: hand it back, or every
  // Renderer leaks its fonts.
  if (fontMap_) pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(fontMap_.get()), nullptr);
}

bool Fonts::hasFace(const std::string& family, int weight) const {
  FcPatternPtr pattern(FcPatternCreate());
  FcPatternAddString(pattern.get(), FC_FAMILY, reinterpret_cast<const FcChar8*>(family.c_str()));
  FcPatternAddInteger(pattern.get(), FC_WEIGHT, FcWeightFromOpenType(weight));
  FcPatternAddInteger(pattern.get(), FC_SLANT, FC_SLANT_ROMAN);
  FcPatternAddInteger(pattern.get(), FC_WIDTH, FC_WIDTH_NORMAL);
  FcObjectSetPtr objects(FcObjectSetBuild(FC_FILE, nullptr));
  FcFontSetPtr found(FcFontList(config_.get(), pattern.get(), objects.get()));
  return found && found->nfont > 0;
}

PangoContext* Fonts::context(const std::string& language) {
  auto& slot = contexts_[language];
  if (!slot) {
    slot.reset(pango_font_map_create_context(fontMap_.get()));
    pango_cairo_context_set_font_options(slot.get(), options_.get());
    pango_context_set_round_glyph_positions(slot.get(), FALSE);
    pango_context_set_language(slot.get(), pango_language_from_string(language.c_str()));
  }
  return slot.get();
}

}  // namespace sporazum::overlay::detail

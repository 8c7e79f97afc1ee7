#pragma once
// The renderer's fonts: the files the templates list, loaded into a private fontconfig
// configuration with a Pango font map bound to it. Nothing else on the machine is visible, so
// two machines with the same files draw the same glyphs, and a missing file is an error, never a
// fallback to some other font.

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <pango/pango.h>

#include "c_handles.hpp"
#include "sporazum/core/result.hpp"

namespace sporazum::overlay::detail {

class Fonts {
 public:
  /// Errors: font_missing (a file that does not exist or is not a font).
  static core::Result<std::unique_ptr<Fonts>> load(const std::vector<std::filesystem::path>& files);

  /// True when a loaded upright, normal-width face has exactly this family and OpenType weight.
  bool hasFace(const std::string& family, int weight) const;

  /// A Pango context for text in `language` (a Pango language tag such as "sr", "sq", "en"):
  /// the language picks HarfBuzz's localized forms. Grey-scale antialiasing, no hinting,
  /// unrounded glyph positions: layout scales linearly, so 720p wraps like 1080p.
  PangoContext* context(const std::string& language);

  ~Fonts();
  Fonts(const Fonts&) = delete;
  Fonts& operator=(const Fonts&) = delete;

 private:
  Fonts() = default;

  FcConfigPtr config_;  // outlives the font map that uses it
  GObjectPtr<PangoFontMap> fontMap_;
  FontOptionsPtr options_;
  std::map<std::string, GObjectPtr<PangoContext>> contexts_;
};

}  // namespace sporazum::overlay::detail

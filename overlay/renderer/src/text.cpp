#include "text.hpp"

#include <cmath>
#include <vector>

#include "sporazum/core/utf8.hpp"

namespace sporazum::overlay::detail {

namespace {

bool isSpace(char32_t cp) {
  return cp == U' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0x85 || cp == 0x2028 || cp == 0x2029 ||
         cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x205F || cp == 0x3000;
}

bool isControl(char32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

bool isRemovedFormat(char32_t cp) {
  return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF;
}

void applySize(PangoLayout* layout, const TextStyle& style, double sizePx) {
  FontDescriptionPtr description(pango_font_description_new());
  pango_font_description_set_family(description.get(), style.family.c_str());
  pango_font_description_set_weight(description.get(), static_cast<PangoWeight>(style.weight));
  pango_font_description_set_style(description.get(), PANGO_STYLE_NORMAL);
  pango_font_description_set_stretch(description.get(), PANGO_STRETCH_NORMAL);
  pango_font_description_set_absolute_size(description.get(), sizePx * PANGO_SCALE);
  pango_layout_set_font_description(layout, description.get());
}

void logicalSize(PangoLayout* layout, double& width, double& height) {
  PangoRectangle logical;
  pango_layout_get_extents(layout, nullptr, &logical);
  width = static_cast<double>(logical.width) / PANGO_SCALE;
  height = static_cast<double>(logical.height) / PANGO_SCALE;
}

GObjectPtr<PangoLayout> newLayout(Fonts& fonts, std::string_view text, const TextStyle& style,
                                  const std::string& language) {
  GObjectPtr<PangoLayout> layout(pango_layout_new(fonts.context(language)));
  pango_layout_set_text(layout.get(), text.data(), static_cast<int>(text.size()));
  pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
  if (style.lineSpacing > 0) {
    pango_layout_set_line_spacing(layout.get(), static_cast<float>(style.lineSpacing));
  }
  if (style.letterSpacingPx != 0) {
    // Template styling, set through the API; people's text is never parsed for attributes.
    AttrListPtr attributes(pango_attr_list_new());
    pango_attr_list_insert(attributes.get(),
                           pango_attr_letter_spacing_new(
                               static_cast<int>(std::lround(style.letterSpacingPx * PANGO_SCALE))));
    pango_layout_set_attributes(layout.get(), attributes.get());
  }
  return layout;
}

/// Narrows a wrapped layout to the smallest width that keeps its line count, so the lines come out
/// about equally long instead of leaving one word alone on the last line.
void balanceLines(PangoLayout* layout, int lineCount, double widestLine) {
  if (lineCount < 2) return;
  double total = 0;
  for (GSList* line = pango_layout_get_lines_readonly(layout); line; line = line->next) {
    PangoRectangle logical;
    pango_layout_line_get_extents(static_cast<PangoLayoutLine*>(line->data), nullptr, &logical);
    total += static_cast<double>(logical.width) / PANGO_SCALE;
  }
  double narrow = total / lineCount - 1;  // too narrow: needs more lines
  double wide = widestLine + 1;           // wide enough: the lines as they are
  constexpr double kPrecisionPx = 3;
  while (wide - narrow > kPrecisionPx) {
    const double middle = (narrow + wide) / 2;
    pango_layout_set_width(layout, static_cast<int>(std::floor(middle * PANGO_SCALE)));
    (pango_layout_get_line_count(layout) <= lineCount ? wide : narrow) = middle;
  }
  pango_layout_set_width(layout, static_cast<int>(std::floor(wide * PANGO_SCALE)));
}

}  // namespace

std::string cleanForDisplay(std::string_view text, std::size_t maxCodePoints) {
  std::string out;
  out.reserve(text.size());
  bool pendingSpace = false;
  std::size_t count = 0;
  std::size_t pos = 0;
  while (pos < text.size() && count < maxCodePoints) {
    char32_t cp = core::decodeUtf8(text, pos);
    if (cp == core::kMalformedUtf8) cp = 0xFFFD;
    if (isRemovedFormat(cp)) continue;
    if (isSpace(cp) || isControl(cp)) {
      pendingSpace = !out.empty();
      continue;
    }
    if (pendingSpace) {
      out.push_back(' ');
      ++count;
      pendingSpace = false;
    }
    core::appendUtf8(out, cp);
    ++count;
  }
  return out;
}

bool containsCyrillic(std::string_view text) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    const char32_t cp = core::decodeUtf8(text, pos);
    if (cp >= 0x0400 && cp <= 0x052F) return true;
  }
  return false;
}

std::string pangoLanguageFor(std::string_view tag, std::string_view text,
                             std::string_view onAirLanguage) {
  if (tag == "sr-Latn" || tag == "sr-Cyrl" || tag == "sr") return "sr";
  if (tag == "sq" || tag == "en") return std::string(tag);
  if (containsCyrillic(text)) return "sr";
  if (onAirLanguage.empty()) return "sr";
  return pangoLanguageFor(onAirLanguage, {}, {});
}

std::string fillLabel(std::string_view pattern, std::string_view name,
                      std::string_view municipality) {
  static constexpr std::string_view kName = "{name}";
  static constexpr std::string_view kMunicipality = "{municipality}";
  std::string out;
  std::size_t pos = 0;
  while (pos < pattern.size()) {
    if (pattern.substr(pos, kName.size()) == kName) {
      out += name;
      pos += kName.size();
    } else if (pattern.substr(pos, kMunicipality.size()) == kMunicipality) {
      out += municipality;
      pos += kMunicipality.size();
    } else {
      out.push_back(pattern[pos++]);
    }
  }
  return out;
}

FittedText fitText(Fonts& fonts, std::string_view text, const TextStyle& style, double maxWidth,
                   double maxHeight, const std::string& language) {
  FittedText fitted;
  fitted.layout = newLayout(fonts, text, style, language);
  PangoLayout* layout = fitted.layout.get();
  pango_layout_set_width(layout, static_cast<int>(std::floor(maxWidth * PANGO_SCALE)));

  std::vector<double> sizes;
  for (double size = style.sizePx; size > style.minSizePx + 1e-9; size -= style.stepPx) {
    sizes.push_back(size);
  }
  sizes.push_back(style.minSizePx);

  for (const double size : sizes) {
    applySize(layout, style, size);
    fitted.sizePx = size;
    fitted.lineCount = pango_layout_get_line_count(layout);
    logicalSize(layout, fitted.width, fitted.height);
    if (fitted.lineCount <= style.maxLines && fitted.height <= maxHeight + 1e-6) {
      fitted.fits = true;
      fitted.unknownGlyphs = pango_layout_get_unknown_glyphs_count(layout);
      balanceLines(layout, fitted.lineCount, fitted.width);
      logicalSize(layout, fitted.width, fitted.height);
      return fitted;
    }
  }

  // Too long even at the minimum size: say so, and draw what a preview can show.
  fitted.fits = false;
  fitted.unknownGlyphs = pango_layout_get_unknown_glyphs_count(layout);
  pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_height(layout, -style.maxLines);
  logicalSize(layout, fitted.width, fitted.height);
  return fitted;
}

double minimumTextHeight(Fonts& fonts, const TextStyle& style, int lines) {
  std::string sample = "ÁÇŠ gjq";
  for (int i = 1; i < lines; ++i)
    sample += "\nÁÇŠ gjq";
  GObjectPtr<PangoLayout> layout = newLayout(fonts, sample, style, "en");
  applySize(layout.get(), style, style.minSizePx);
  double width = 0;
  double height = 0;
  logicalSize(layout.get(), width, height);
  return height;
}

}  // namespace sporazum::overlay::detail

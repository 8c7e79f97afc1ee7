#pragma once
// Text as it goes on air: clean-up of people's text, the Pango language for it, and auto-fit
// (wrap, shrink step by step, report what does not fit). People's text only ever reaches Pango
// through pango_layout_set_text: never markup.

#include <string>
#include <string_view>

#include <pango/pango.h>

#include "c_handles.hpp"
#include "fonts.hpp"
#include "templates.hpp"

namespace sporazum::overlay::detail {

/// Malformed UTF-8 → U+FFFD; control characters and line breaks → space; bidi embeddings,
/// overrides and isolates and the BOM removed; runs of white space collapsed; trimmed; at most
/// `maxCodePoints` kept (bounds the time auto-fit can take).
std::string cleanForDisplay(std::string_view text, std::size_t maxCodePoints = 2000);

/// True when the text has a Cyrillic letter.
bool containsCyrillic(std::string_view text);

/// The Pango language for a card's language tag: "sr" for Serbian in either script (Pango gives
/// it to HarfBuzz for Cyrillic runs, which selects Serbian localized forms where a font has them;
/// Latin runs get Pango's default for the script: there are no Serbian Latin forms), "sq", "en".
/// An empty or unknown tag: "sr" for Cyrillic text, else the on-air language's.
std::string pangoLanguageFor(std::string_view tag, std::string_view text,
                             std::string_view onAirLanguage);

/// Replaces "{name}" and "{municipality}" in one pass (a name that says "{municipality}" stays).
std::string fillLabel(std::string_view pattern, std::string_view name,
                      std::string_view municipality);

/// A laid-out text. Extents are logical, in design units, relative to the layout's origin.
struct FittedText {
  GObjectPtr<PangoLayout> layout;
  double sizePx = 0;
  int lineCount = 0;  ///< lines the text needs at sizePx (more than drawn when it does not fit)
  bool fits = true;
  int unknownGlyphs = 0;
  double width = 0;
  double height = 0;
};

/// Lays `text` out in `style`, wrapping at `maxWidth`: the largest size from sizePx down to
/// minSizePx (in stepPx steps) at which it takes at most style.maxLines lines and `maxHeight`.
/// Wrapped lines are balanced (the narrowest width that keeps the line count). If no size fits,
/// it is laid out at minSizePx cut to maxLines with an ellipsis, and fits=false.
FittedText fitText(Fonts& fonts, std::string_view text, const TextStyle& style, double maxWidth,
                   double maxHeight, const std::string& language);

/// The logical height of `lines` lines of `style` at its minimum size.
double minimumTextHeight(Fonts& fonts, const TextStyle& style, int lines);

}  // namespace sporazum::overlay::detail

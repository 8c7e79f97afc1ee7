#pragma once
// Templates + data → premultiplied images with a layout report. Pango/HarfBuzz shape the text,
// Cairo draws, libqrencode makes the QR code; no GStreamer, no Qt, so the studio console links the
// same code for a pixel-identical preview and the engine runs it on its render thread.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "sporazum/core/result.hpp"
#include "sporazum/overlay/image.hpp"

namespace sporazum::overlay {

/// A viewer's question for the lower third. `viewerName` is shown only when `nameConsent` is true
/// and the name is not blank. `municipality` is a code from assets/municipalities.json (shown in
/// the on-air language) or, failing that, a name shown as given. `language` is "sr-Latn",
/// "sr-Cyrl", "sr", "sq", "en" or "" (Cyrillic text → Serbian, otherwise the on-air language).
struct QuestionCard {
  std::int64_t questionId = 0;
  std::string text;
  std::string viewerName;
  std::string municipality;
  bool nameConsent = false;
  std::string language;
};

/// A guest's name super: name on the first bar, role or party on the second (omitted when empty).
struct GuestSuperCard {
  std::string name;
  std::string role;
};

/// The ticker's text; each line is one item, items are joined with the template's separator.
struct TickerCard {
  std::string text;
};

/// A QR code for `url`; `caption` is printed under it (empty: the URL without its scheme).
struct QrCard {
  std::string url;
  std::string caption;
};

/// The clock's text as the caller formats it, e.g. "20:15".
struct ClockCard {
  std::string timeText;
};

/// How the content fared in its template. `fits` is false when there is any problem: the graphic
/// must not go to air (its image is still drawn where possible, for the preview). `problem` names
/// the worst one: "" (none), "empty_text" (nothing drawn), "does_not_fit" (even at the minimum
/// size: drawn at the minimum size with the overflow ellipsised), "missing_glyphs" (the show's
/// fonts lack a character: drawn as a box). Sizes are in frame pixels.
struct LayoutReport {
  bool fits = true;
  std::string problem;
  int lineCount = 0;      ///< lines of the main text as laid out (needed, when it does not fit)
  double fontSizePx = 0;  ///< size of the main text as drawn
  int unknownGlyphCount = 0;
  bool insideSafeArea = true;  ///< everything drawn lies in the EBU R 95 graphics-safe area
  std::string detail;          ///< for people: which text, how many lines, at what size
};

/// A graphic ready for the compositor, and how its content fared.
struct Rendered {
  Graphic graphic;
  LayoutReport report;
};

/// Draws the show's graphics from the templates in one directory (assets/templates, see its
/// README). Threads: a Renderer is not thread-safe; use each from one thread at a time (one per
/// thread). Separate instances share nothing and may run on different threads at once. Fonts
/// come only from the files the templates list, loaded into a private fontconfig configuration, so
/// two instances with the same templates and format produce the same bytes.
class Renderer {
 public:
  /// Reads and validates every template, the fonts and the logo. Errors (code):
  /// templates_unreadable, template_invalid (with the file and field in the message),
  /// outside_safe_area, font_missing, logo_missing, unsupported_format (not 16:9).
  static core::Result<std::unique_ptr<Renderer>> load(const std::filesystem::path& templatesDir,
                                                      FrameFormat format);

  ~Renderer();
  Renderer(const Renderer&) = delete;
  Renderer& operator=(const Renderer&) = delete;

  const FrameFormat& format() const;

  Rendered question(const QuestionCard& card);
  Rendered guestSuper(const GuestSuperCard& card);
  Rendered logo();
  Rendered qr(const QrCard& card);
  Rendered ticker(const TickerCard& card);
  Rendered clock(const ClockCard& card);
  /// The full-frame, opaque slate shown when the input is lost.
  PremultipliedImage slate();

  /// The line under the question's header, e.g. "Milica, Severna Mitrovica" or "Gledalac, Zvečan",
  /// in the on-air language; applies the consent rule.
  std::string attribution(const QuestionCard& card) const;

 private:
  struct Impl;
  explicit Renderer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace sporazum::overlay

#include "sporazum/overlay/renderer.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <sstream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <cairo.h>

#include "canvas.hpp"
#include "fonts.hpp"
#include "qr.hpp"
#include "templates.hpp"
#include "text.hpp"

namespace sporazum::overlay {

using detail::Align;
using detail::Bar;
using detail::Canvas;
using detail::Colour;
using detail::FittedText;
using detail::PixelRect;
using detail::Rect;

namespace {

/// Cairo's largest image side; a ticker strip longer than this does not fit.
constexpr int kMaxImageSide = 32767;
/// Smaller modules do not scan reliably off a screen.
constexpr int kMinQrModulePixels = 2;
/// Wider than any frame: lays a ticker item out on one line.
constexpr double kUnboundedWidth = 100000;

int problemRank(const std::string& problem) {
  if (problem == "empty_text") return 3;
  if (problem == "does_not_fit") return 2;
  if (problem == "missing_glyphs") return 1;
  return 0;
}

/// Records a problem unless a worse one is already there. Any problem keeps the graphic off air.
void noteProblem(LayoutReport& report, const std::string& problem, const std::string& detail) {
  report.fits = false;
  if (problemRank(problem) <= problemRank(report.problem)) return;
  report.problem = problem;
  report.detail = detail;
}

std::string formatPx(double value) {
  std::ostringstream out;
  out << std::round(value * 10) / 10 << " px";
  return out.str();
}

void noteGlyphs(LayoutReport& report) {
  if (report.unknownGlyphCount > 0) {
    noteProblem(report, "missing_glyphs",
                std::to_string(report.unknownGlyphCount) +
                    " character(s) have no glyph in the show's fonts and show as boxes");
  }
}

Rect toDesign(const PixelRect& pixels, double scale) {
  return Rect{pixels.x / scale, pixels.y / scale, pixels.width / scale, pixels.height / scale};
}

/// `rect` snapped to whole frame pixels (images and codes stay crisp).
Rect snapToPixels(const Rect& rect, double scale) {
  const double left = std::round(rect.x * scale);
  const double top = std::round(rect.y * scale);
  const double width = std::max(1.0, std::round(rect.width * scale));
  const double height = std::max(1.0, std::round(rect.height * scale));
  return Rect{left / scale, top / scale, width / scale, height / scale};
}

/// Fits an image of `width` × `height` into `box`, keeping its aspect.
Rect fitImage(int width, int height, const Rect& box, Align align, bool centreVertically) {
  const double factor = std::min(box.width / width, box.height / height);
  const double w = width * factor;
  const double h = height * factor;
  double x = box.x;
  if (align == Align::Centre) x = box.x + (box.width - w) / 2;
  if (align == Align::End) x = box.right() - w;
  const double y = centreVertically ? box.y + (box.height - h) / 2 : box.y;
  return Rect{x, y, w, h};
}

/// The width a bar needs for `text`.
double barWidthFor(const Bar& bar, const FittedText& text) {
  return text.width + 2 * bar.paddingX + bar.accentWidth;
}

void drawBar(Canvas& canvas, const Bar& bar, const Rect& rect, const FittedText& text) {
  canvas.fill(rect, bar.background, bar.radius);
  if (bar.accentWidth > 0) {
    canvas.fill(Rect{rect.x, rect.y, bar.accentWidth, rect.height}, bar.accent);
  }
  const double inner = rect.x + bar.accentWidth;
  const double innerWidth = rect.width - bar.accentWidth;
  double x = inner + bar.paddingX;
  if (bar.align == Align::Centre) x = inner + (innerWidth - text.width) / 2;
  if (bar.align == Align::End) x = rect.right() - bar.paddingX - text.width;
  canvas.text(text.layout.get(), x, rect.y + (rect.height - text.height) / 2, bar.text.colour);
}

Rect withShadow(const Rect& rect, const detail::Shadow& shadow) {
  const Rect reach = shadow.reach();
  return rect.inflate(reach.x, reach.y, reach.width, reach.height);
}

std::vector<std::string> splitLines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = text.find('\n', start);
    lines.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return lines;
}

}  // namespace

struct Renderer::Impl {
  FrameFormat format;
  double scale = 1;
  detail::TemplateSet set;
  std::unique_ptr<detail::Fonts> fonts;
  detail::SurfacePtr logo;
  std::string labelLanguage;  ///< Pango language of the on-air labels
  std::optional<Rendered> logoCache;
  std::optional<PremultipliedImage> slateCache;

  FittedText fit(std::string_view text, const detail::TextStyle& style, double maxWidth,
                 double maxHeight, const std::string& language) {
    return detail::fitText(*fonts, text, style, maxWidth, maxHeight, language);
  }
  FittedText fitBar(std::string_view text, const Bar& bar, double maxBarWidth, double height,
                    const std::string& language) {
    return fit(text, bar.text, maxBarWidth - 2 * bar.paddingX - bar.accentWidth, height, language);
  }
  Canvas canvasFor(const Rect& area) { return Canvas(detail::toPixels(area, scale), scale); }
  void checkSafeArea(LayoutReport& report, const Rect& drawn) const {
    report.insideSafeArea = set.safeArea().contains(drawn, 1e-6);
    if (!report.insideSafeArea) {
      report.detail +=
          (report.detail.empty() ? "" : "; ") + std::string("drawn outside the graphics-safe area");
    }
  }
  std::string municipalityName(const std::string& given) const {
    const std::string code = detail::cleanForDisplay(given, 100);
    if (code.empty()) return {};
    const auto& hidden = set.hiddenMunicipalities;
    if (std::find(hidden.begin(), hidden.end(), code) != hidden.end()) return {};
    const auto found = set.municipalityNames.find(code);
    return found == set.municipalityNames.end() ? code : found->second;
  }
  Rendered start(const detail::Animation& animation) const {
    Rendered out;
    out.graphic.animateIn = animation.in;
    out.graphic.animateOut = animation.out;
    return out;
  }
};

namespace {

/// Template geometry that only the fonts can check: the smallest text must fit its bar.
std::optional<core::Error> checkRoom(detail::Fonts& fonts, const char* where,
                                     const detail::TextStyle& style, int lines, double room) {
  const double needed = detail::minimumTextHeight(fonts, style, lines);
  if (needed <= room + 1e-6) return std::nullopt;
  std::ostringstream message;
  message << where << ": " << lines << " line(s) at " << style.minSizePx << " px need "
          << std::ceil(needed) << " px; there are " << room;
  return core::makeError("template_invalid", message.str());
}

}  // namespace

core::Result<std::unique_ptr<Renderer>> Renderer::load(const std::filesystem::path& templatesDir,
                                                       FrameFormat format) {
  if (format.width <= 0 || format.height <= 0) {
    return core::makeError("unsupported_format", "frame size must be positive");
  }
  const double scaleX = format.width / detail::kDesignWidth;
  const double scaleY = format.height / detail::kDesignHeight;
  if (std::abs(scaleX - scaleY) > 1e-3 * scaleY) {
    return core::makeError("unsupported_format", "templates are 16:9; " +
                                                     std::to_string(format.width) + "×" +
                                                     std::to_string(format.height) + " is not");
  }

  auto set = detail::loadTemplateSet(templatesDir);
  if (!set) return set.error();
  auto fonts = detail::Fonts::load(set->fontFiles);
  if (!fonts) return fonts.error();
  for (const auto& [where, style] : set->textStyles()) {
    if (!(*fonts)->hasFace(style->family, style->weight)) {
      return core::makeError("font_missing", where + ": no upright face of \"" + style->family +
                                                 "\" with weight " + std::to_string(style->weight) +
                                                 " among the fonts show.json lists");
    }
  }

  detail::SurfacePtr logo(cairo_image_surface_create_from_png(set->logoFile.c_str()));
  if (cairo_surface_status(logo.get()) != CAIRO_STATUS_SUCCESS) {
    return core::makeError("logo_missing",
                           "cannot read the logo PNG " + set->logoFile.string() + ": " +
                               cairo_status_to_string(cairo_surface_status(logo.get())));
  }

  detail::Fonts& f = **fonts;
  const auto& q = set->question;
  const auto& t = set->ticker;
  const std::optional<core::Error> roomProblems[] = {
      checkRoom(f, "question.json: question", q.question, q.question.maxLines,
                q.box.height - q.header.height - q.paddingTop - q.paddingBottom),
      checkRoom(f, "question.json: header", q.header.text, 1, q.header.height),
      checkRoom(f, "question.json: attribution", q.attribution.text, 1, q.header.height),
      checkRoom(f, "guest_super.json: name", set->guestSuper.name.text, 1,
                set->guestSuper.name.height),
      checkRoom(f, "guest_super.json: role", set->guestSuper.role.text, 1,
                set->guestSuper.role.height),
      checkRoom(f, "clock.json: bar", set->clock.bar.text, 1, set->clock.box.height),
      checkRoom(f, "qr.json: caption", set->qr.caption.text, 1, set->qr.caption.height),
      checkRoom(f, "ticker.json: label", t.label.text, 1, t.labelBox.height),
      checkRoom(f, "ticker.json: text", t.text, 1, t.textBox.height),
      checkRoom(f, "slate.json: message", set->slate.message.text, 1,
                set->slate.messageBox.height)};
  for (const auto& problem : roomProblems) {
    if (problem) return *problem;
  }

  auto impl = std::make_unique<Impl>();
  impl->format = format;
  impl->scale = scaleY;
  impl->set = std::move(*set);
  impl->fonts = std::move(*fonts);
  impl->logo = std::move(logo);
  impl->labelLanguage = detail::pangoLanguageFor(impl->set.onAirLanguage, {}, {});
  return std::unique_ptr<Renderer>(new Renderer(std::move(impl)));
}

Renderer::Renderer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Renderer::~Renderer() = default;

const FrameFormat& Renderer::format() const {
  return impl_->format;
}

std::string Renderer::attribution(const QuestionCard& card) const {
  const auto& labels = impl_->set.labels;
  const std::string name = card.nameConsent ? detail::cleanForDisplay(card.viewerName, 100) : "";
  const std::string municipality = impl_->municipalityName(card.municipality);
  if (!name.empty() && !municipality.empty()) {
    return detail::fillLabel(labels.namedFrom, name, municipality);
  }
  if (!name.empty()) return detail::fillLabel(labels.named, name, {});
  if (!municipality.empty()) return detail::fillLabel(labels.viewerFrom, {}, municipality);
  return labels.viewer;
}

Rendered Renderer::question(const QuestionCard& card) {
  Impl& my = *impl_;
  const auto& t = my.set.question;
  Rendered out = my.start(t.animation);
  LayoutReport& report = out.report;

  const std::string text = detail::cleanForDisplay(card.text);
  if (text.empty()) {
    noteProblem(report, "empty_text", "the question is empty");
    return out;
  }
  const std::string language = detail::pangoLanguageFor(card.language, text, my.set.onAirLanguage);
  FittedText question =
      my.fit(text, t.question, t.box.width - t.panelAccentWidth - 2 * t.paddingX,
             t.box.height - t.header.height - t.paddingTop - t.paddingBottom, language);

  const double panelHeight = t.paddingTop + question.height + t.paddingBottom;
  const double top = t.box.bottom() - panelHeight - t.header.height;
  const Rect panel{t.box.x, top + t.header.height, t.box.width, panelHeight};

  FittedText header = my.fitBar(my.set.labels.questionHeader, t.header, t.box.width / 2,
                                t.header.height, my.labelLanguage);
  const Rect headerRect{t.box.x, top, barWidthFor(t.header, header), t.header.height};
  const std::string who = attribution(card);
  FittedText byline = my.fitBar(who, t.attribution, t.box.width - headerRect.width, t.header.height,
                                detail::pangoLanguageFor({}, who, my.set.onAirLanguage));
  const Rect bylineRect{headerRect.right(), top, barWidthFor(t.attribution, byline),
                        t.header.height};

  Rect area = panel.unite(headerRect).unite(bylineRect);
  if (t.shadow) area = withShadow(area, my.set.shadow);
  Canvas canvas = my.canvasFor(area);
  if (t.shadow) {
    canvas.shadow(headerRect.unite(bylineRect), my.set.shadow);
    canvas.shadow(panel, my.set.shadow);
  }
  canvas.fill(panel, t.panelBackground);
  if (t.panelAccentWidth > 0) {
    canvas.fill(Rect{panel.x, panel.y, t.panelAccentWidth, panel.height}, t.panelAccent);
  }
  drawBar(canvas, t.header, headerRect, header);
  drawBar(canvas, t.attribution, bylineRect, byline);
  canvas.text(question.layout.get(), panel.x + t.panelAccentWidth + t.paddingX,
              panel.y + t.paddingTop, t.question.colour);
  const Rect drawn = canvas.drawnBounds();
  out.graphic.parts.push_back(canvas.finishPart());

  report.lineCount = question.lineCount;
  report.fontSizePx = question.sizePx * my.scale;
  report.unknownGlyphCount = question.unknownGlyphs + header.unknownGlyphs + byline.unknownGlyphs;
  report.detail = "question: " + std::to_string(question.lineCount) + " line(s) at " +
                  formatPx(report.fontSizePx);
  if (!question.fits) {
    noteProblem(report, "does_not_fit",
                "question needs " + std::to_string(question.lineCount) + " lines at " +
                    formatPx(report.fontSizePx) + "; the template allows " +
                    std::to_string(t.question.maxLines));
  } else if (!byline.fits) {
    noteProblem(report, "does_not_fit", "the viewer's name and municipality are too long");
  }
  noteGlyphs(report);
  my.checkSafeArea(report, drawn);
  return out;
}

Rendered Renderer::guestSuper(const GuestSuperCard& card) {
  Impl& my = *impl_;
  const auto& t = my.set.guestSuper;
  Rendered out = my.start(t.animation);
  LayoutReport& report = out.report;

  const std::string name = detail::cleanForDisplay(card.name, 200);
  const std::string role = detail::cleanForDisplay(card.role, 300);
  if (name.empty()) {
    noteProblem(report, "empty_text", "the guest's name is empty");
    return out;
  }
  FittedText nameText = my.fitBar(name, t.name, t.box.width, t.name.height,
                                  detail::pangoLanguageFor({}, name, my.set.onAirLanguage));
  std::optional<FittedText> roleText;
  Rect roleRect;
  double bottom = t.box.bottom();
  if (!role.empty()) {
    roleText = my.fitBar(role, t.role, t.box.width, t.role.height,
                         detail::pangoLanguageFor({}, role, my.set.onAirLanguage));
    roleRect = Rect{t.box.x, bottom - t.role.height,
                    std::min(t.box.width, barWidthFor(t.role, *roleText)), t.role.height};
    bottom = roleRect.y;
  }
  const Rect nameRect{t.box.x, bottom - t.name.height,
                      std::clamp(barWidthFor(t.name, nameText), t.minWidth, t.box.width),
                      t.name.height};

  Rect area = nameRect.unite(roleRect);
  if (t.shadow) area = withShadow(area, my.set.shadow);
  Canvas canvas = my.canvasFor(area);
  if (t.shadow) {
    canvas.shadow(nameRect, my.set.shadow, t.name.radius);
    if (roleText) canvas.shadow(roleRect, my.set.shadow, t.role.radius);
  }
  drawBar(canvas, t.name, nameRect, nameText);
  if (roleText) drawBar(canvas, t.role, roleRect, *roleText);
  const Rect drawn = canvas.drawnBounds();
  out.graphic.parts.push_back(canvas.finishPart());

  report.lineCount = 1;
  report.fontSizePx = nameText.sizePx * my.scale;
  report.unknownGlyphCount = nameText.unknownGlyphs + (roleText ? roleText->unknownGlyphs : 0);
  report.detail = "name at " + formatPx(report.fontSizePx);
  if (!nameText.fits) noteProblem(report, "does_not_fit", "the guest's name is too long");
  if (roleText && !roleText->fits) noteProblem(report, "does_not_fit", "the role is too long");
  noteGlyphs(report);
  my.checkSafeArea(report, drawn);
  return out;
}

Rendered Renderer::logo() {
  Impl& my = *impl_;
  if (my.logoCache) return *my.logoCache;
  const auto& t = my.set.logo;
  Rendered out = my.start(t.animation);
  const Rect place =
      snapToPixels(fitImage(cairo_image_surface_get_width(my.logo.get()),
                            cairo_image_surface_get_height(my.logo.get()), t.box, t.align, false),
                   my.scale);
  Canvas canvas = my.canvasFor(place);
  canvas.image(my.logo.get(), place, t.opacity);
  const Rect drawn = canvas.drawnBounds();
  out.graphic.parts.push_back(canvas.finishPart());
  out.report.detail = "logo";
  my.checkSafeArea(out.report, drawn);
  my.logoCache = out;
  return out;
}

Rendered Renderer::qr(const QrCard& card) {
  Impl& my = *impl_;
  const auto& t = my.set.qr;
  Rendered out = my.start(t.animation);
  LayoutReport& report = out.report;

  // Not cut short: a URL that is too long fails to encode and is reported.
  const std::string url = detail::cleanForDisplay(card.url, 8000);
  if (url.empty()) {
    noteProblem(report, "empty_text", "the QR code's URL is empty");
    return out;
  }
  auto matrix = detail::encodeQr(url, t.errorCorrection);
  if (!matrix) {
    noteProblem(report, "does_not_fit", "the URL is too long for a QR code");
    return out;
  }

  // Modules are whole pixels, or the code blurs and may not scan.
  const int modules = matrix->size + 2 * t.quietZoneModules;
  const PixelRect square =
      detail::toPixels(Rect{t.box.x, t.box.y, t.box.width, t.box.width}, my.scale);
  const int moduleSize = std::min(square.width, square.height) / modules;
  if (moduleSize < kMinQrModulePixels) {
    noteProblem(report, "does_not_fit", "the URL needs more QR modules than the box has pixels");
    return out;
  }
  const int side = moduleSize * modules;
  const PixelRect code{square.x + (square.width - side) / 2, square.y + square.height - side, side,
                       side};
  {
    Canvas canvas(code, 1.0);
    cairo_t* cr = canvas.cr();
    const double radius = std::min<double>(t.radius * my.scale, t.quietZoneModules * moduleSize);
    canvas.fill(Rect{static_cast<double>(code.x), static_cast<double>(code.y),
                     static_cast<double>(side), static_cast<double>(side)},
                t.light, radius);
    detail::setSource(cr, t.dark);
    cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);
    for (int y = 0; y < matrix->size; ++y) {
      for (int x = 0; x < matrix->size; ++x) {
        if (!matrix->isDark(x, y)) continue;
        cairo_rectangle(cr, code.x + (t.quietZoneModules + x) * moduleSize,
                        code.y + (t.quietZoneModules + y) * moduleSize, moduleSize, moduleSize);
      }
    }
    cairo_fill(cr);
    out.graphic.parts.push_back(canvas.finishPart());
  }
  Rect drawn = toDesign(code, my.scale);

  std::string caption = detail::cleanForDisplay(card.caption, 300);
  if (caption.empty()) {
    caption = url;
    for (const char* scheme : {"https://", "http://"}) {
      if (caption.rfind(scheme, 0) == 0) caption.erase(0, std::char_traits<char>::length(scheme));
    }
    if (!caption.empty() && caption.back() == '/') caption.pop_back();
  }
  const Rect captionRect{drawn.x, drawn.bottom(), drawn.width, t.caption.height};
  FittedText captionText = my.fitBar(caption, t.caption, captionRect.width, captionRect.height,
                                     detail::pangoLanguageFor({}, caption, my.set.onAirLanguage));
  Canvas canvas = my.canvasFor(captionRect);
  drawBar(canvas, t.caption, captionRect, captionText);
  drawn = drawn.unite(canvas.drawnBounds());
  out.graphic.parts.push_back(canvas.finishPart());

  report.lineCount = 1;
  report.fontSizePx = captionText.sizePx * my.scale;
  report.unknownGlyphCount = captionText.unknownGlyphs;
  report.detail = "QR version " + std::to_string(matrix->version) + ", " +
                  std::to_string(matrix->size) + " modules of " + std::to_string(moduleSize) +
                  " px";
  if (!captionText.fits) noteProblem(report, "does_not_fit", "the caption is too long");
  noteGlyphs(report);
  my.checkSafeArea(report, drawn);
  return out;
}

Rendered Renderer::ticker(const TickerCard& card) {
  Impl& my = *impl_;
  const auto& t = my.set.ticker;
  Rendered out = my.start(t.animation);
  LayoutReport& report = out.report;

  std::vector<std::string> items;
  for (const std::string& line : splitLines(card.text)) {
    std::string item = detail::cleanForDisplay(line);
    if (!item.empty()) items.push_back(std::move(item));
  }
  if (items.empty()) {
    noteProblem(report, "empty_text", "the ticker is empty");
    return out;
  }
  const std::string language = detail::pangoLanguageFor({}, card.text, my.set.onAirLanguage);

  // The bar, with its label: static.
  Rect drawn;
  {
    Canvas canvas = my.canvasFor(t.bar);
    canvas.fill(t.bar, t.barBackground, 0, t.barBleeds);
    if (t.barTopLineHeight > 0) {
      canvas.fill(Rect{t.bar.x, t.bar.y, t.bar.width, t.barTopLineHeight}, t.barTopLine, 0,
                  t.barBleeds);
    }
    FittedText label = my.fitBar(my.set.labels.tickerLabel, t.label, t.labelBox.width,
                                 t.labelBox.height, my.labelLanguage);
    drawBar(canvas, t.label, t.labelBox, label);
    report.unknownGlyphCount += label.unknownGlyphs;
    drawn = canvas.drawnBounds();
    out.graphic.parts.push_back(canvas.finishPart());
  }

  // The text, once, as a strip that repeats seamlessly: item • item • … •
  std::vector<FittedText> pieces;
  double unitWidth = 0;
  detail::TextStyle separatorStyle = t.text;
  separatorStyle.colour = t.separatorColour;
  for (const std::string& item : items) {
    pieces.push_back(my.fit(item, t.text, kUnboundedWidth, t.textBox.height, language));
    report.unknownGlyphCount += pieces.back().unknownGlyphs;
    pieces.push_back(
        my.fit(t.separator, separatorStyle, kUnboundedWidth, t.textBox.height, my.labelLanguage));
    unitWidth += pieces[pieces.size() - 2].width + pieces.back().width + 2 * t.separatorPadding;
  }
  const PixelRect rows = detail::toPixels(t.textBox, my.scale);
  const int viewLeft = static_cast<int>(std::lround(t.textBox.x * my.scale));
  const int viewWidth = static_cast<int>(std::lround(t.textBox.right() * my.scale)) - viewLeft;
  const int unitPixels = static_cast<int>(std::ceil(unitWidth * my.scale));
  int repeats = std::max(1, (viewWidth + unitPixels - 1) / unitPixels);
  if (static_cast<long long>(repeats) * unitPixels > kMaxImageSide) repeats = 1;
  const int stripWidth = std::min(kMaxImageSide, repeats * unitPixels);
  if (unitPixels > kMaxImageSide) {
    noteProblem(report, "does_not_fit",
                "the ticker text is " + std::to_string(unitPixels) + " px long; at most " +
                    std::to_string(kMaxImageSide) + " px can be drawn");
  }
  {
    Canvas canvas(PixelRect{viewLeft, rows.y, stripWidth, rows.height}, my.scale);
    for (int k = 0; k < repeats; ++k) {
      double x = (viewLeft + static_cast<double>(k) * unitPixels) / my.scale;
      for (std::size_t i = 0; i < pieces.size(); ++i) {
        const FittedText& piece = pieces[i];
        const bool isSeparator = i % 2 == 1;
        if (isSeparator) x += t.separatorPadding;
        canvas.text(piece.layout.get(), x, t.textBox.y + (t.textBox.height - piece.height) / 2,
                    isSeparator ? t.separatorColour : t.text.colour);
        x += piece.width + (isSeparator ? t.separatorPadding : 0);
      }
    }
    GraphicPart strip = canvas.finishPart();
    strip.viewWidth = viewWidth;
    strip.scrollPixelsPerSecond = t.scrollPxPerSecond * my.scale;
    out.graphic.parts.push_back(std::move(strip));
    drawn = drawn.unite(toDesign(PixelRect{viewLeft, rows.y, viewWidth, rows.height}, my.scale));
  }

  // Soft edges where the text enters and leaves, over the moving strip.
  if (t.edgeFade > 0) {
    Colour clear = t.barBackground;
    clear.alpha = 0;
    const Rect left{t.textBox.x, t.textBox.y, t.edgeFade, t.textBox.height};
    const Rect right{t.textBox.right() - t.edgeFade, t.textBox.y, t.edgeFade, t.textBox.height};
    for (const auto& [rect, from, to] :
         {std::tuple{left, t.barBackground, clear}, std::tuple{right, clear, t.barBackground}}) {
      Canvas canvas = my.canvasFor(rect);
      canvas.gradient(rect, from, to, true);
      drawn = drawn.unite(canvas.drawnBounds());
      out.graphic.parts.push_back(canvas.finishPart());
    }
  }

  report.lineCount = 1;
  report.fontSizePx = pieces.front().sizePx * my.scale;
  if (report.detail.empty()) {
    report.detail =
        std::to_string(items.size()) + " item(s), " + std::to_string(unitPixels) + " px per cycle";
  }
  noteGlyphs(report);
  my.checkSafeArea(report, drawn);
  return out;
}

Rendered Renderer::clock(const ClockCard& card) {
  Impl& my = *impl_;
  const auto& t = my.set.clock;
  Rendered out = my.start(t.animation);
  LayoutReport& report = out.report;
  const std::string text = detail::cleanForDisplay(card.timeText, 40);
  if (text.empty()) {
    noteProblem(report, "empty_text", "the clock's text is empty");
    return out;
  }
  FittedText time = my.fitBar(text, t.bar, t.box.width, t.box.height, my.labelLanguage);
  Rect area = t.box;
  if (t.shadow) area = withShadow(area, my.set.shadow);
  Canvas canvas = my.canvasFor(area);
  if (t.shadow) canvas.shadow(t.box, my.set.shadow, t.bar.radius);
  drawBar(canvas, t.bar, t.box, time);
  const Rect drawn = canvas.drawnBounds();
  out.graphic.parts.push_back(canvas.finishPart());
  report.lineCount = 1;
  report.fontSizePx = time.sizePx * my.scale;
  report.unknownGlyphCount = time.unknownGlyphs;
  report.detail = "clock at " + formatPx(report.fontSizePx);
  if (!time.fits) noteProblem(report, "does_not_fit", "the clock's text is too long");
  noteGlyphs(report);
  my.checkSafeArea(report, drawn);
  return out;
}

PremultipliedImage Renderer::slate() {
  Impl& my = *impl_;
  if (my.slateCache) return *my.slateCache;
  const auto& t = my.set.slate;
  Canvas canvas(PixelRect{0, 0, my.format.width, my.format.height}, my.scale);
  canvas.gradient(Rect{0, 0, detail::kDesignWidth, detail::kDesignHeight}, t.backgroundTop,
                  t.backgroundBottom, false);
  const Rect place = snapToPixels(
      fitImage(cairo_image_surface_get_width(my.logo.get()),
               cairo_image_surface_get_height(my.logo.get()), t.logoBox, Align::Centre, true),
      my.scale);
  canvas.image(my.logo.get(), place, 1.0);
  canvas.fill(t.ruleBox, t.ruleColour);
  FittedText message = my.fit(my.set.labels.slateMessage, t.message.text, t.messageBox.width,
                              t.messageBox.height, my.labelLanguage);
  canvas.text(message.layout.get(), t.messageBox.x + (t.messageBox.width - message.width) / 2,
              t.messageBox.y + (t.messageBox.height - message.height) / 2, t.message.text.colour);
  my.slateCache = canvas.finish();
  return *my.slateCache;
}

}  // namespace sporazum::overlay

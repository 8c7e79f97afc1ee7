#include "sporazum/studio/preview_renderer.hpp"

#include <QElapsedTimer>
#include <QTime>

#include "sporazum/core/log.hpp"
#include "sporazum/studio/preview_image.hpp"

namespace sporazum::studio {
namespace {

std::string text(const QVariantMap& graphic, const char* key) {
  return graphic.value(QLatin1String(key)).toString().toStdString();
}

}  // namespace

PreviewRenderer::PreviewRenderer(const QString& templatesDir, QObject* parent)
    : QObject(parent), slot_(std::make_shared<PreviewFrameSlot>()) {
  auto loaded = overlay::Renderer::load(templatesDir.toStdString(), overlay::FrameFormat{});
  if (loaded) {
    renderer_ = std::move(*loaded);
  } else {
    loadError_ = tr("No preview: the templates in %1 could not be loaded (%2: %3).")
                     .arg(templatesDir, QString::fromStdString(loaded.error().code),
                          QString::fromStdString(loaded.error().message));
    log::error("studio.preview.unavailable",
               {{"code", std::string_view(loaded.error().code)},
                {"dir", std::string_view(templatesDir.toStdString())}});
  }
}

PreviewRenderer::~PreviewRenderer() = default;

QQuickImageProvider* PreviewRenderer::createImageProvider() const {
  return new PreviewImageProvider(slot_);
}

void PreviewRenderer::show(const QString& layer, const QVariantMap& graphic,
                           const QString& caption) {
  if (!renderer_) return;
  caption_ = caption;
  QElapsedTimer timer;
  timer.start();
  overlay::Rendered rendered;
  if (layer == QLatin1String("lower_third")) {
    const std::string viewerName = text(graphic, "viewerName");
    rendered = renderer_->question(overlay::QuestionCard{
        .questionId = graphic.value(QStringLiteral("questionId")).toLongLong(),
        .text = text(graphic, "text"),
        .viewerName = viewerName,
        .municipality = text(graphic, "municipality"),
        // As the engine does: the server sends a name only when the viewer consented.
        .nameConsent = !viewerName.empty(),
        .language = text(graphic, "language")});
  } else if (layer == QLatin1String("super")) {
    rendered = renderer_->guestSuper({text(graphic, "name"), text(graphic, "role")});
  } else if (layer == QLatin1String("ticker")) {
    rendered = renderer_->ticker({text(graphic, "text")});
  } else if (layer == QLatin1String("qr")) {
    rendered = renderer_->qr({text(graphic, "url"), text(graphic, "caption")});
  } else if (layer == QLatin1String("logo")) {
    rendered = renderer_->logo();
  } else if (layer == QLatin1String("clock")) {
    rendered =
        renderer_->clock({QTime::currentTime().toString(QStringLiteral("HH:mm")).toStdString()});
  } else {
    layer_ = layer;
    fits_ = false;
    problemCode_ = QStringLiteral("unknown_layer");
    problem_ = tr("Unknown layer: nothing to preview.");
    publish({}, {});
    return;
  }
  ComposedGraphic composed = composeGraphic(rendered.graphic, renderer_->format());
  renderMs_ = static_cast<double>(timer.nsecsElapsed()) / 1e6;

  const overlay::LayoutReport& report = rendered.report;
  layer_ = layer;
  fits_ = report.fits;
  problemCode_ = QString::fromStdString(report.problem);
  const QString detail = QString::fromStdString(report.detail);
  if (report.fits) {
    problem_ = report.insideSafeArea ? QString() : tr("Partly outside the graphics-safe area.");
  } else if (report.problem == "empty_text") {
    problem_ = tr("Nothing to show: the text is empty.");
  } else if (report.problem == "missing_glyphs") {
    problem_ = tr("The on-air font lacks %n character(s): they would show as boxes.", nullptr,
                  report.unknownGlyphCount);
  } else {
    if (problemCode_.isEmpty()) problemCode_ = QStringLiteral("does_not_fit");
    problem_ = detail.isEmpty() ? tr("Does not fit.") : tr("Does not fit: %1").arg(detail);
  }
  publish(std::move(composed.image), composed.rect);
}

void PreviewRenderer::clear() {
  layer_.clear();
  caption_.clear();
  fits_ = true;
  problem_.clear();
  problemCode_.clear();
  publish({}, {});
}

QSize PreviewRenderer::frameSize() const {
  const overlay::FrameFormat format = renderer_ ? renderer_->format() : overlay::FrameFormat{};
  return {format.width, format.height};
}

QImage PreviewRenderer::image() const {
  std::lock_guard lock(slot_->mutex);
  return slot_->image;
}

void PreviewRenderer::publish(QImage image, QRect rect) {
  const bool hasImage = !image.isNull();
  {
    std::lock_guard lock(slot_->mutex);
    slot_->image = std::move(image);
  }
  imageRect_ = hasImage ? rect : QRect();
  source_ = hasImage ? QStringLiteral("image://preview/frame-%1").arg(++revision_) : QString();
  emit previewChanged();
}

}  // namespace sporazum::studio

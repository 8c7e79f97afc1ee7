#pragma once
// The exact preview: the engine's own renderer (overlay/renderer) draws the graphic with the
// show's templates, so what the producer sees is what would go to air, with the renderer's
// verdict on whether it fits.

#include <QObject>
#include <QRect>
#include <QSize>
#include <QString>
#include <QVariantMap>
#include <memory>

#include "sporazum/overlay/renderer.hpp"
#include "sporazum/studio/preview_image_provider.hpp"

namespace sporazum::studio {

/// GUI thread only: `show` renders directly. One element costs 0.4–2 ms on the target machine
/// (overlay/renderer/README.md), far below a frame of the interface, and only when the selection
/// changes; a worker thread would add a stale-preview race for no visible gain.
class PreviewRenderer : public QObject {
  Q_OBJECT
  Q_PROPERTY(bool isAvailable READ isAvailable CONSTANT)
  Q_PROPERTY(QString loadError READ loadError CONSTANT)
  Q_PROPERTY(QString source READ source NOTIFY previewChanged)
  Q_PROPERTY(QString layer READ layer NOTIFY previewChanged)
  Q_PROPERTY(QString caption READ caption NOTIFY previewChanged)
  Q_PROPERTY(bool fits READ fits NOTIFY previewChanged)
  Q_PROPERTY(QString problem READ problem NOTIFY previewChanged)
  Q_PROPERTY(QString problemCode READ problemCode NOTIFY previewChanged)
  Q_PROPERTY(double renderMs READ renderMs NOTIFY previewChanged)
  /// Where the image sits on the frame, in frame pixels (the frame is frameSize).
  Q_PROPERTY(QRect imageRect READ imageRect NOTIFY previewChanged)
  Q_PROPERTY(QSize frameSize READ frameSize CONSTANT)

 public:
  /// Loads the templates in `templatesDir` for 1080p. On failure the preview is unavailable
  /// (loadError says why) and the rest of the console works.
  explicit PreviewRenderer(const QString& templatesDir, QObject* parent = nullptr);
  ~PreviewRenderer() override;

  /// A provider for QQmlEngine::addImageProvider("preview", …); the engine owns it.
  QQuickImageProvider* createImageProvider() const;

  /// Renders `graphic` (the staff protocol's fields, e.g. {text, viewerName, municipality,
  /// language} for lower_third) as the engine would on `layer`. `caption` says what it is
  /// (the selected question, the cued one), so nobody mistakes one for the other.
  Q_INVOKABLE void show(const QString& layer, const QVariantMap& graphic,
                        const QString& caption = QString());
  Q_INVOKABLE void clear();

  bool isAvailable() const { return renderer_ != nullptr; }
  QString loadError() const { return loadError_; }
  /// image://preview/… of the current frame, "" when there is none.
  QString source() const { return source_; }
  QString layer() const { return layer_; }
  QString caption() const { return caption_; }
  bool fits() const { return fits_; }
  /// For people: why it must not go to air (or a safe-area warning); "" when all is well.
  QString problem() const { return problem_; }
  /// The renderer's code: "", empty_text, does_not_fit, missing_glyphs, unknown_layer.
  QString problemCode() const { return problemCode_; }
  double renderMs() const { return renderMs_; }
  QRect imageRect() const { return imageRect_; }
  QSize frameSize() const;
  /// The current image (the graphic's rectangle of the frame; transparent where nothing is drawn).
  QImage image() const;

 signals:
  void previewChanged();

 private:
  void publish(QImage image, QRect rect);

  std::unique_ptr<overlay::Renderer> renderer_;
  QString loadError_;
  std::shared_ptr<PreviewFrameSlot> slot_;
  QString source_;
  QString layer_;
  QString caption_;
  bool fits_ = true;
  QString problem_;
  QString problemCode_;
  double renderMs_ = 0;
  QRect imageRect_;
  quint64 revision_ = 0;
};

}  // namespace sporazum::studio

#pragma once
// Serves the latest preview image to QML as image://preview/<anything> (the id only defeats the
// image cache: each new image gets a new one).

#include <QImage>
#include <QQuickImageProvider>
#include <memory>
#include <mutex>

namespace sporazum::studio {

/// The image shared by the renderer (writer, GUI thread) and the provider (reader, any thread
/// Qt Quick chooses).
struct PreviewFrameSlot {
  std::mutex mutex;
  QImage image;
};

/// Owned by the QQmlEngine it is added to; shares the slot, so either may be destroyed first.
class PreviewImageProvider : public QQuickImageProvider {
 public:
  explicit PreviewImageProvider(std::shared_ptr<PreviewFrameSlot> slot);

  QImage requestImage(const QString& id, QSize* size, const QSize& requestedSize) override;

 private:
  std::shared_ptr<PreviewFrameSlot> slot_;
};

}  // namespace sporazum::studio

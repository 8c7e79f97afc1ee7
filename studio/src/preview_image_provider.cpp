#include "sporazum/studio/preview_image_provider.hpp"

namespace sporazum::studio {

PreviewImageProvider::PreviewImageProvider(std::shared_ptr<PreviewFrameSlot> slot)
    : QQuickImageProvider(QQuickImageProvider::Image), slot_(std::move(slot)) {}

QImage PreviewImageProvider::requestImage(const QString&, QSize* size, const QSize& requestedSize) {
  QImage image;
  {
    std::lock_guard lock(slot_->mutex);
    image = slot_->image;  // implicitly shared: a cheap copy
  }
  if (image.isNull()) {
    image = QImage(16, 9, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
  }
  if (size) *size = image.size();
  if (requestedSize.isValid() && !requestedSize.isEmpty()) {
    return image.scaled(requestedSize, Qt::KeepAspectRatio, Qt::SmoothTransformation);
  }
  return image;
}

}  // namespace sporazum::studio

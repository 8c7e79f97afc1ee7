#include "sporazum/studio/preview_image.hpp"

#include <QPainter>
#include <algorithm>
#include <cstring>

namespace sporazum::studio {
namespace {

int visibleWidth(const overlay::GraphicPart& part) {
  return part.viewWidth > 0 ? std::min(part.viewWidth, part.image.width) : part.image.width;
}

}  // namespace

QImage toQImage(const overlay::PremultipliedImage& image) {
  if (image.isEmpty() || image.strideBytes < image.width * 4 ||
      image.pixels.size() < static_cast<std::size_t>(image.strideBytes) * image.height) {
    return {};
  }
  QImage out(image.width, image.height, QImage::Format_ARGB32_Premultiplied);
  if (out.isNull()) return {};
  const std::size_t rowBytes = static_cast<std::size_t>(image.width) * 4;
  for (int y = 0; y < image.height; ++y)
    std::memcpy(out.scanLine(y), image.row(y), rowBytes);
  return out;
}

ComposedGraphic composeGraphic(const overlay::Graphic& graphic,
                               const overlay::FrameFormat& format) {
  QRect bounds;
  for (const overlay::GraphicPart& part : graphic.parts) {
    if (part.image.isEmpty()) continue;
    bounds |= QRect(part.x, part.y, visibleWidth(part), part.image.height);
  }
  bounds &= QRect(0, 0, format.width, format.height);
  if (bounds.isEmpty()) return {};

  ComposedGraphic composed{QImage(bounds.size(), QImage::Format_ARGB32_Premultiplied), bounds};
  if (composed.image.isNull()) return {};
  composed.image.fill(Qt::transparent);
  QPainter painter(&composed.image);
  painter.setCompositionMode(QPainter::CompositionMode_SourceOver);
  painter.translate(-bounds.topLeft());
  for (const overlay::GraphicPart& part : graphic.parts) {
    if (part.image.isEmpty() ||
        part.image.pixels.size() <
            static_cast<std::size_t>(part.image.strideBytes) * part.image.height) {
      continue;
    }
    // Wrapping without a copy is safe: `part` outlives the drawImage call.
    const QImage wrapped(part.image.pixels.data(), part.image.width, part.image.height,
                         part.image.strideBytes, QImage::Format_ARGB32_Premultiplied);
    painter.drawImage(QPoint(part.x, part.y), wrapped,
                      QRect(0, 0, visibleWidth(part), part.image.height));
  }
  painter.end();
  return composed;
}

}  // namespace sporazum::studio

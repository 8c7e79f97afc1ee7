#include "sporazum/studio/layers.hpp"

#include <QCoreApplication>
#include <QTextBoundaryFinder>

namespace sporazum::studio {
namespace {

constexpr int kLabelCharacters = 40;

QString field(const QJsonObject& graphic, const char* key) {
  return graphic.value(QLatin1String(key)).toString();
}

}  // namespace

const QStringList& graphicsLayers() {
  static const QStringList layers = {QStringLiteral("lower_third"), QStringLiteral("super"),
                                     QStringLiteral("logo"),        QStringLiteral("qr"),
                                     QStringLiteral("ticker"),      QStringLiteral("clock")};
  return layers;
}

bool isGraphicsLayer(const QString& layer) {
  return graphicsLayers().contains(layer);
}

QString layerTitle(const QString& layer) {
  if (layer == QLatin1String("lower_third")) {
    return QCoreApplication::translate("Layers", "Question");
  }
  if (layer == QLatin1String("super")) return QCoreApplication::translate("Layers", "Guest super");
  if (layer == QLatin1String("logo")) return QCoreApplication::translate("Layers", "Logo");
  if (layer == QLatin1String("qr")) return QCoreApplication::translate("Layers", "QR code");
  if (layer == QLatin1String("ticker")) return QCoreApplication::translate("Layers", "Ticker");
  if (layer == QLatin1String("clock")) return QCoreApplication::translate("Layers", "Clock");
  return layer;
}

QString graphicLabel(const QString& layer, const QJsonObject& graphic) {
  if (layer == QLatin1String("lower_third")) {
    const QString text = shortened(field(graphic, "text"), kLabelCharacters);
    const QString name = shortened(field(graphic, "viewerName"), kLabelCharacters);
    if (!name.isEmpty() && !text.isEmpty()) return name + QStringLiteral(": ") + text;
    if (!text.isEmpty()) return text;
    const QJsonValue id = graphic.value(QStringLiteral("questionId"));
    if (id.isDouble()) {
      return QCoreApplication::translate("Layers", "Question %1").arg(id.toInteger());
    }
    return layerTitle(layer);
  }
  if (layer == QLatin1String("super")) {
    const QString name = shortened(field(graphic, "name"), kLabelCharacters);
    return name.isEmpty() ? layerTitle(layer) : name;
  }
  if (layer == QLatin1String("ticker")) {
    const QString text = shortened(field(graphic, "text"), kLabelCharacters);
    return text.isEmpty() ? layerTitle(layer) : text;
  }
  if (layer == QLatin1String("qr")) {
    const QString caption = shortened(field(graphic, "caption"), kLabelCharacters);
    return caption.isEmpty() ? layerTitle(layer)
                             : layerTitle(layer) + QStringLiteral(": ") + caption;
  }
  return layerTitle(layer);
}

QString shortened(const QString& text, int maxCharacters) {
  if (maxCharacters <= 0) return {};
  const QString line = text.simplified();
  QTextBoundaryFinder finder(QTextBoundaryFinder::Grapheme, line);
  int count = 0;
  while (finder.toNextBoundary() != -1) {
    if (++count < maxCharacters || finder.position() >= line.size()) continue;
    qsizetype cut = finder.position();
    // Prefer to end on a whole word, unless that throws away more than half.
    const qsizetype space = line.lastIndexOf(QLatin1Char(' '), cut);
    if (space > cut / 2) cut = space;
    return line.left(cut).trimmed() + QChar(0x2026);
  }
  return line;
}

}  // namespace sporazum::studio

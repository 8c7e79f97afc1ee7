#pragma once
// Realistic messages for the studio's tests: the protocol's own examples (schema/examples) and
// questions of the provisional queue shape.

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

namespace sporazum::studio::testing {

/// schema/examples/NAME parsed; an empty object when missing (the test then fails on content).
inline QJsonObject example(const QString& name) {
  QFile file(QStringLiteral(SPORAZUM_SOURCE_ROOT "/schema/examples/") + name);
  if (!file.open(QIODevice::ReadOnly)) return {};
  return QJsonDocument::fromJson(file.readAll()).object();
}

/// A question of the provisional queue shape; callers change fields as they need.
inline QJsonObject question(qint64 id, const QString& state, const QString& text,
                            QJsonValue position = QJsonValue::Null, qint64 version = 1) {
  return QJsonObject{{"id", id},
                     {"version", version},
                     {"state", state},
                     {"text", text},
                     {"viewerText", text},
                     {"edited", false},
                     {"viewerName", QJsonValue::Null},
                     {"municipality", "zubin-potok"},
                     {"language", "sr-Latn"},
                     {"topic", QJsonValue::Null},
                     {"askCount", 1},
                     {"position", position},
                     {"receivedAt", "2026-11-23T20:01:02.000Z"}};
}

/// A programme message with `lowerThird` on air (null: nothing) and every other layer empty.
inline QJsonObject programme(qint64 seq, QJsonValue lowerThird, qint64 onAirSeq = 0) {
  QJsonArray layers;
  for (const char* layer : {"lower_third", "super", "logo", "qr", "ticker", "clock"}) {
    const bool isLowerThird = QLatin1String(layer) == QLatin1String("lower_third");
    layers.append(QJsonObject{{"layer", layer},
                              {"cued", QJsonValue::Null},
                              {"onAir", isLowerThird ? lowerThird : QJsonValue::Null},
                              {"onAirSeq", isLowerThird ? onAirSeq : 0}});
  }
  return QJsonObject{{"type", "programme"}, {"seq", seq}, {"layers", layers}};
}

}  // namespace sporazum::studio::testing

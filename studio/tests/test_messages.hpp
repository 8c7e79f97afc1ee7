#pragma once
// Realistic messages for the studio's tests: the protocol's own examples (schema/examples) and
// questions, episodes and programmes of the protocol's shape.

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

/// An AIR_QUESTION (schema/protocol.md, "queue"); callers change fields as they need. `position`
/// is 1-based (null when not queued).
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
                     {"receivedAt", "2026-11-23T20:01:02.000Z"},
                     {"onAirAt", QJsonValue::Null},
                     {"offAirAt", QJsonValue::Null}};
}

/// A `queue` snapshot of episode 7 in one message.
inline QJsonObject queueMessage(const QJsonArray& questions, qint64 episode = 7,
                                bool isComplete = true) {
  return QJsonObject{{"type", "queue"},
                     {"episode", episode > 0 ? QJsonValue(episode) : QJsonValue()},
                     {"questions", questions},
                     {"complete", isComplete}};
}

/// `queue_changes` of episode 7.
inline QJsonObject queueChanges(const QJsonArray& questions, qint64 episode = 7) {
  return QJsonObject{{"type", "queue_changes"}, {"episode", episode}, {"questions", questions}};
}

/// An EPISODE; callers change fields as they need.
inline QJsonObject episode(qint64 id, int number, const QString& state,
                           const QString& airDate = "2026-11-23") {
  return QJsonObject{{"id", id},
                     {"number", number},
                     {"title", QStringLiteral("Sporazum %1").arg(number)},
                     {"airDate", airDate},
                     {"state", state},
                     {"questionsOpen", state == "live"},
                     {"guests", QJsonArray{}},
                     {"topics", QJsonArray{}},
                     {"startedAt", state == "planned" ? QJsonValue() : "2026-11-23T20:00:04.120Z"},
                     {"endedAt", state == "aired" ? "2026-11-23T21:01:40.002Z" : QJsonValue()},
                     {"recording", QJsonValue()}};
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

/// The message without its `type` and `id`: the fields a request carries.
inline QJsonObject fieldsOf(QJsonObject message) {
  message.remove("type");
  message.remove("id");
  return message;
}

}  // namespace sporazum::studio::testing

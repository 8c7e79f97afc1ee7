#include "sporazum/studio/queue_protocol.hpp"

#include <QDateTime>
#include "wire_checks.hpp"

namespace sporazum::studio {
namespace {

using wire::isWholeNumber;

constexpr int kMaxTextChars = 4000;  ///< UTF-16 units; the server's limits are far lower
constexpr int kMaxShortChars = 400;
constexpr int kMaxStateChars = 40;
constexpr qint64 kMaxVersion = 2'147'483'647;
constexpr qint64 kMaxAskCount = 1'000'000;
constexpr qint64 kMaxPosition = 1'000'000;

core::Error badField(const char* field) {
  return core::makeError("bad_question", std::string("bad or missing field: ") + field, field);
}

/// A string field; `isNullable`: null or absent give "".
bool readString(const QJsonObject& object, const char* key, bool isNullable, int maxChars,
                QString& out) {
  const QJsonValue value = object.value(QLatin1String(key));
  if (isNullable && (value.isNull() || value.isUndefined())) {
    out.clear();
    return true;
  }
  if (!value.isString() || value.toString().size() > maxChars) return false;
  out = value.toString();
  return true;
}

/// A time field: an ISO 8601 string, or (when nullable) null/absent for "".
bool readTime(const QJsonObject& object, const char* key, bool isNullable, QString& out) {
  return readString(object, key, isNullable, kMaxShortChars, out) &&
         (out.isEmpty() ? isNullable : isIsoTime(out));
}

bool isStateWord(const QString& text) {
  if (text.isEmpty() || text.size() > kMaxStateChars) return false;
  for (QChar c : text) {
    if (!((c >= u'a' && c <= u'z') || c == u'_')) return false;
  }
  return true;
}

}  // namespace

QString toString(QueueState state) {
  switch (state) {
    case QueueState::Approved:
      return QStringLiteral("approved");
    case QueueState::Queued:
      return QStringLiteral("queued");
    case QueueState::OnAir:
      return QStringLiteral("on_air");
    case QueueState::Aired:
      return QStringLiteral("aired");
    case QueueState::NotSelected:
      return QStringLiteral("not_selected");
    case QueueState::Left:
      return {};
  }
  return {};
}

std::optional<QueueState> parseQueueState(const QString& text) {
  for (QueueState state : {QueueState::Approved, QueueState::Queued, QueueState::OnAir,
                           QueueState::Aired, QueueState::NotSelected}) {
    if (toString(state) == text) return state;
  }
  return std::nullopt;
}

bool isIsoTime(const QString& text) {
  // "2026-11-23T20:03:11.020Z": a date, a time and a zone; Qt accepts both with and without ms.
  return text.size() >= 20 && text.size() <= 40 && text[10] == u'T' &&
         QDateTime::fromString(text, Qt::ISODateWithMs).isValid();
}

core::Result<QueueQuestion> parseQueueQuestion(const QJsonValue& value) {
  if (!value.isObject()) return core::makeError("bad_question", "a question must be an object");
  const QJsonObject object = value.toObject();
  QueueQuestion q;

  const QJsonValue id = object.value(QStringLiteral("id"));
  if (!isWholeNumber(id) || id.toInteger() <= 0) return badField("id");
  q.id = id.toInteger();
  const QJsonValue version = object.value(QStringLiteral("version"));
  if (!isWholeNumber(version) || version.toInteger() < 1 || version.toInteger() > kMaxVersion) {
    return badField("version");
  }
  q.version = version.toInteger();
  const QString state = object.value(QStringLiteral("state")).toString();
  if (const auto known = parseQueueState(state)) {
    q.state = *known;
  } else if (isStateWord(state)) {
    q.state = QueueState::Left;
    q.leftAs = state;
  } else {
    return badField("state");
  }

  if (!readString(object, "text", false, kMaxTextChars, q.text)) return badField("text");
  if (!readString(object, "viewerText", false, kMaxTextChars, q.viewerText)) {
    return badField("viewerText");
  }
  const QJsonValue edited = object.value(QStringLiteral("edited"));
  if (!edited.isBool()) return badField("edited");
  q.edited = edited.toBool();
  if (!readString(object, "viewerName", true, kMaxShortChars, q.viewerName)) {
    return badField("viewerName");
  }
  if (!readString(object, "municipality", true, kMaxShortChars, q.municipality)) {
    return badField("municipality");
  }
  if (!readString(object, "language", true, kMaxShortChars, q.language) ||
      !(q.language.isEmpty() || q.language == QLatin1String("sr-Latn") ||
        q.language == QLatin1String("sr-Cyrl") || q.language == QLatin1String("sq") ||
        q.language == QLatin1String("en"))) {
    return badField("language");
  }
  if (!readString(object, "topic", true, kMaxShortChars, q.topic)) return badField("topic");

  const QJsonValue askCount = object.value(QStringLiteral("askCount"));
  if (!isWholeNumber(askCount) || askCount.toInteger() < 1 || askCount.toInteger() > kMaxAskCount) {
    return badField("askCount");
  }
  q.askCount = static_cast<int>(askCount.toInteger());
  const QJsonValue position = object.value(QStringLiteral("position"));
  if (!position.isNull() && !position.isUndefined()) {
    if (!isWholeNumber(position) || position.toInteger() < 1 ||
        position.toInteger() > kMaxPosition) {
      return badField("position");
    }
    // The running order is for queued questions only (the server sends null otherwise).
    if (q.state == QueueState::Queued) q.position = static_cast<int>(position.toInteger());
  }
  if (!readTime(object, "receivedAt", false, q.receivedAt)) return badField("receivedAt");
  if (!readTime(object, "onAirAt", true, q.onAirAt)) return badField("onAirAt");
  if (!readTime(object, "offAirAt", true, q.offAirAt)) return badField("offAirAt");
  return q;
}

core::Result<QueueBatch> parseQueueBatch(const QJsonObject& message) {
  const QString type = message.value(QStringLiteral("type")).toString();
  const bool isSnapshot = type == kQueueType;
  if (!isSnapshot && type != kQueueChangesType) {
    return core::makeError("bad_message", "not a queue message", "type");
  }
  QueueBatch batch;
  const QJsonValue episode = message.value(QStringLiteral("episode"));
  if (isWholeNumber(episode) && episode.toInteger() > 0) {
    batch.episode = episode.toInteger();
  } else if (!episode.isNull() || !isSnapshot) {
    // queue_changes always names its episode; a snapshot may say null (no episode yet).
    return core::makeError("bad_message", type.toStdString() + ": bad episode", "episode");
  }
  const QJsonValue questions = message.value(QStringLiteral("questions"));
  if (!questions.isArray()) {
    return core::makeError("bad_message", type.toStdString() + ": questions must be a list",
                           "questions");
  }
  batch.questions = questions.toArray();
  if (isSnapshot) {
    const QJsonValue complete = message.value(QStringLiteral("complete"));
    if (!complete.isBool()) {
      return core::makeError("bad_message", "queue: complete must be true or false", "complete");
    }
    batch.isComplete = complete.toBool();
  }
  return batch;
}

core::Result<QueueConflict> parseQueueConflict(const QJsonObject& message) {
  QueueConflict conflict;
  conflict.question = message.value(QStringLiteral("question"));
  const QJsonValue id = conflict.question.toObject().value(QStringLiteral("id"));
  if (!conflict.question.isObject() || !isWholeNumber(id) || id.toInteger() <= 0) {
    return core::makeError("bad_message", "conflict: the question is missing", "question");
  }
  conflict.questionId = id.toInteger();
  conflict.changedBy = message.value(QStringLiteral("changedBy")).toString().left(kMaxShortChars);
  conflict.action = message.value(QStringLiteral("action")).toString().left(kMaxShortChars);
  conflict.message = message.value(QStringLiteral("message")).toString().left(kMaxShortChars);
  return conflict;
}

QJsonObject queueMoveFields(qint64 questionId, qint64 version, int position) {
  return {{"question", questionId}, {"version", version}, {"position", position}};
}

QJsonObject queueRemoveFields(qint64 questionId, qint64 version) {
  return {{"question", questionId}, {"version", version}};
}

}  // namespace sporazum::studio

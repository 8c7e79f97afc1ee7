#include "sporazum/studio/queue_protocol.hpp"

namespace sporazum::studio {
namespace {

constexpr int kMaxTextChars = 4000;  ///< UTF-16 units; the server's limits are far lower
constexpr int kMaxShortChars = 400;

bool isWholeNumber(const QJsonValue& value) {
  return value.isDouble() && value.toDouble() == static_cast<double>(value.toInteger());
}

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

core::Result<QueueQuestion> parseQueueQuestion(const QJsonValue& value) {
  if (!value.isObject()) return core::makeError("bad_question", "a question must be an object");
  const QJsonObject object = value.toObject();
  QueueQuestion q;

  const QJsonValue id = object.value(QStringLiteral("id"));
  if (!isWholeNumber(id) || id.toInteger() <= 0) return badField("id");
  q.id = id.toInteger();
  const QJsonValue version = object.value(QStringLiteral("version"));
  if (!isWholeNumber(version) || version.toInteger() < 0) return badField("version");
  q.version = version.toInteger();
  const auto state = parseQueueState(object.value(QStringLiteral("state")).toString());
  if (!state) return badField("state");
  q.state = *state;

  if (!readString(object, "text", false, kMaxTextChars, q.text)) return badField("text");
  if (object.contains(QStringLiteral("viewerText"))) {
    if (!readString(object, "viewerText", true, kMaxTextChars, q.viewerText)) {
      return badField("viewerText");
    }
  } else {
    q.viewerText = q.text;
  }
  const QJsonValue edited = object.value(QStringLiteral("edited"));
  if (!edited.isUndefined() && !edited.isBool()) return badField("edited");
  q.edited = edited.toBool(false);
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
  if (!askCount.isUndefined()) {
    if (!isWholeNumber(askCount) || askCount.toInteger() < 1 || askCount.toInteger() > 1'000'000) {
      return badField("askCount");
    }
    q.askCount = static_cast<int>(askCount.toInteger());
  }
  const QJsonValue position = object.value(QStringLiteral("position"));
  if (!position.isNull() && !position.isUndefined()) {
    if (!isWholeNumber(position) || position.toInteger() < 0 || position.toInteger() > 1'000'000) {
      return badField("position");
    }
    q.position = static_cast<int>(position.toInteger());
  }
  if (!readString(object, "receivedAt", true, kMaxShortChars, q.receivedAt)) {
    return badField("receivedAt");
  }
  return q;
}

QJsonObject queueMoveFields(qint64 questionId, qint64 version, int newPosition) {
  return {{"question", questionId}, {"version", version}, {"position", newPosition}};
}

QJsonObject queueRemoveFields(qint64 questionId, qint64 version) {
  return {{"question", questionId}, {"version", version}};
}

}  // namespace sporazum::studio

#pragma once
// PROVISIONAL. The server's messages for the producers' queue are still being designed; this file
// is the only place that knows their shape (studio/README.md, "The queue's messages"), so the
// real protocol changes this file and its test, nothing else.

#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <optional>

#include "sporazum/core/result.hpp"

namespace sporazum::studio {

/// A question's life from the producers' side (DESIGN.md, "A question's life").
enum class QueueState { Approved = 1, Queued, OnAir, Aired, NotSelected };
QString toString(QueueState state);  ///< approved, queued, on_air, aired, not_selected
std::optional<QueueState> parseQueueState(const QString& text);

/// One question as the producers see it: no contact data, no moderation notes ever.
struct QueueQuestion {
  qint64 id = 0;
  qint64 version = 0;
  QueueState state = QueueState::Approved;
  QString text;        ///< the text for air (the moderators' edit, else the viewer's own)
  QString viewerText;  ///< the viewer's original
  bool edited = false;
  QString viewerName;  ///< empty: no name (or no consent to show it)
  QString municipality;
  QString language;  ///< sr-Latn, sr-Cyrl, sq, en or empty
  QString topic;
  int askCount = 1;
  std::optional<int> position;  ///< place in the queue (queued questions)
  QString receivedAt;           ///< ISO 8601 as sent
};

/// Reads one question of the provisional shape:
/// {"id":int,"version":int,"state":"approved|queued|on_air|aired|not_selected","text":"…",
///  "viewerText":"…","edited":bool,"viewerName":string|null,"municipality":"code",
///  "language":"sr-Latn|sr-Cyrl|sq|en"|null,"topic":string|null,"askCount":int,
///  "position":int|null,"receivedAt":"ISO time"}
/// Error code `bad_question` with the offending field; never quotes the text.
core::Result<QueueQuestion> parseQueueQuestion(const QJsonValue& value);

/// Incoming (provisional): `queue` carries a snapshot in one or more messages (`complete`
/// false on all but the last, as the desk's `snapshot`); `queue_questions` carries new and
/// changed questions, whole (the higher `version` wins).
inline const QString kQueueSnapshotType = QStringLiteral("queue");
inline const QString kQueueQuestionsType = QStringLiteral("queue_questions");

/// Outgoing (provisional): request types and their fields.
inline const QString kQueueMoveType = QStringLiteral("queue_move");
inline const QString kQueueRemoveType = QStringLiteral("queue_remove");
QJsonObject queueMoveFields(qint64 questionId, qint64 version, int newPosition);
QJsonObject queueRemoveFields(qint64 questionId, qint64 version);

}  // namespace sporazum::studio

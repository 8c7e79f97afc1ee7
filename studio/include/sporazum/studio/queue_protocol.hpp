#pragma once
// The producers' queue on the wire (schema/protocol.md, "The studio": `queue`, `queue_changes`,
// AIR_QUESTION, `queue_move`, `queue_remove` and their `conflict`). This file and
// episode_protocol.hpp are the only places that know the studio messages' shape.

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <optional>

#include "sporazum/core/result.hpp"

namespace sporazum::studio {

/// A question's life from the producers' side (DESIGN.md, "A question's life"). `Left`: it left
/// those states (a moderator reopened, rejected or merged it): the console drops it.
enum class QueueState { Approved = 1, Queued, OnAir, Aired, NotSelected, Left };
/// approved, queued, on_air, aired, not_selected; "" for Left (it keeps the server's word).
QString toString(QueueState state);
/// The five queue states; nullopt for anything else.
std::optional<QueueState> parseQueueState(const QString& text);

/// One AIR_QUESTION: nothing private (no contact, device or address, no moderation notes).
struct QueueQuestion {
  qint64 id = 0;
  qint64 version = 0;
  QueueState state = QueueState::Approved;
  QString leftAs;      ///< the server's state when `state` is Left (held, rejected, …)
  QString text;        ///< the text for air (the moderators' edit, else the viewer's own)
  QString viewerText;  ///< the viewer's own
  bool edited = false;
  QString viewerName;  ///< empty: no consent to show it (the server sends null)
  QString municipality;
  QString language;  ///< sr-Latn, sr-Cyrl, sq, en or empty
  QString topic;
  int askCount = 1;
  std::optional<int> position;  ///< 1… in the running order; only while queued
  QString receivedAt;           ///< ISO 8601 as sent
  QString onAirAt;              ///< first programme frame with it (engines' as-run); "" until then
  QString offAirAt;             ///< first frame without it; "" until then
};

/// Reads one AIR_QUESTION:
/// {"id":int≥1,"version":int≥1,"state":"approved|queued|on_air|aired|not_selected|<other>",
///  "text":"…","viewerText":"…","edited":bool,"viewerName":string|null,"municipality":string|null,
///  "language":"sr-Latn|sr-Cyrl|sq|en"|null,"topic":string|null,"askCount":int≥1,
///  "position":int≥1|null,"receivedAt":"ISO","onAirAt":"ISO"|null,"offAirAt":"ISO"|null}
/// Another state word (a-z and _) makes a Left question. A position outside `queued` is
/// ignored. Error code `bad_question` naming the field; never quotes the text.
core::Result<QueueQuestion> parseQueueQuestion(const QJsonValue& value);

/// `queue` (a snapshot, in parts: the last has complete:true) and `queue_changes` (changed
/// questions, whole). The questions are read one by one by the model, so one bad question does
/// not cost the others.
struct QueueBatch {
  std::optional<qint64> episode;  ///< null while there is no episode
  QJsonArray questions;
  bool isComplete = true;  ///< `queue` only
};
inline const QString kQueueType = QStringLiteral("queue");
inline const QString kQueueChangesType = QStringLiteral("queue_changes");
/// Reads a `queue` or `queue_changes` message (by its type). Error code `bad_message`.
core::Result<QueueBatch> parseQueueBatch(const QJsonObject& message);

/// The reply `conflict` to a queue request: the question as it is now and who changed it.
struct QueueConflict {
  QJsonValue question;  ///< AIR_QUESTION (the model reads it)
  qint64 questionId = 0;
  QString changedBy;  ///< "" when the server does not know
  QString action;
  QString message;
};
inline const QString kConflictType = QStringLiteral("conflict");
core::Result<QueueConflict> parseQueueConflict(const QJsonObject& message);

/// Outgoing requests, versioned like `act`: the version the producer saw.
inline const QString kQueueMoveType = QStringLiteral("queue_move");
inline const QString kQueueRemoveType = QStringLiteral("queue_remove");
/// `position` 1 = next; larger than the queue puts it last. Also queues an approved question.
QJsonObject queueMoveFields(qint64 questionId, qint64 version, int position);
QJsonObject queueRemoveFields(qint64 questionId, qint64 version);

/// Whether `text` is an ISO 8601 time as the server writes them (with or without milliseconds).
bool isIsoTime(const QString& text);

}  // namespace sporazum::studio

#include "sporazum/studio/controller.hpp"

#include <QJsonArray>
#include <QJsonDocument>

#include "sporazum/core/log.hpp"
#include "sporazum/studio/layers.hpp"

namespace sporazum::studio {
namespace {

const QString kGraphics = QStringLiteral("graphics");

int codePoints(const QString& text) {
  return static_cast<int>(text.toUcs4().size());
}

}  // namespace

QString describeError(const QString& code, const QString& serverMessage) {
  if (code == QLatin1String("nothing_cued")) {
    return Controller::tr("nothing is cued on this layer: cue something first");
  }
  if (code == QLatin1String("question_not_available")) {
    return Controller::tr(
        "this question cannot go to air (not an approved question of this episode)");
  }
  if (code == QLatin1String("forbidden")) return Controller::tr("this account may not do that");
  if (code == QLatin1String("try_again")) {
    return Controller::tr("the server could not record it; nothing changed: try again");
  }
  if (code == QLatin1String("does_not_fit")) {
    return Controller::tr("the text does not fit the graphic");
  }
  if (code == QLatin1String("missing_glyphs")) {
    return Controller::tr("the on-air font lacks some of the characters");
  }
  if (code == QLatin1String("timeout")) {
    return Controller::tr("no answer from the server: check the programme before trying again");
  }
  if (code == QLatin1String("unknown_type")) {
    return Controller::tr("the server does not support this request yet");
  }
  if (code == QLatin1String("episode_number_taken")) {
    return Controller::tr("another episode already has this number");
  }
  if (code == QLatin1String("not_found")) {
    return serverMessage.isEmpty() ? Controller::tr("it no longer exists")
                                   : Controller::tr("it no longer exists (%1)").arg(serverMessage);
  }
  if (code == QLatin1String("not_allowed")) {
    return serverMessage.isEmpty() ? Controller::tr("not allowed in its present state")
                                   : Controller::tr("not allowed: %1").arg(serverMessage);
  }
  if (code == QLatin1String("invalid_graphic") || code == QLatin1String("bad_field") ||
      code == QLatin1String("missing_field") || code == QLatin1String("field_too_long") ||
      code == QLatin1String("control_characters") || code == QLatin1String("not_connected") ||
      code == QLatin1String("connection_lost")) {
    return serverMessage.isEmpty() ? code : serverMessage;
  }
  return serverMessage.isEmpty() ? code : code + QStringLiteral(": ") + serverMessage;
}

Controller::Controller(ProgrammeModel& programme, QuestionQueueModel& queue, Sender send,
                       Clock clock, QObject* parent)
    : QObject(parent),
      programme_(programme),
      queue_(queue),
      send_(std::move(send)),
      clock_(std::move(clock)) {
  connect(&programme_, &ProgrammeModel::programmeChanged, this, &Controller::refreshReplaces);
  refreshReplaces();
}

bool Controller::cueNext() {
  const std::optional<qint64> next = queue_.firstQueuedId();
  if (!next) {
    show(tr("No question is queued."), true);
    return false;
  }
  const QJsonObject graphic{{"questionId", *next}};
  return sendGraphics(QStringLiteral("cue"), QStringLiteral("lower_third"), &graphic,
                      tr("Cue question %1").arg(*next));
}

bool Controller::take(const QString& layer) {
  if (!isGraphicsLayer(layer)) return false;
  return sendTake(layer, nullptr, tr("Take %1").arg(layerTitle(layer)));
}

bool Controller::clear(const QString& layer) {
  if (!isGraphicsLayer(layer)) return false;
  return sendGraphics(QStringLiteral("clear"), layer, nullptr,
                      tr("Clear %1").arg(layerTitle(layer)));
}

bool Controller::clearAll() {
  return sendGraphics(QStringLiteral("clear_all"), {}, nullptr, tr("Clear all"));
}

bool Controller::takeGuest(int index) {
  if (index < 0 || index >= guests_.size()) return false;
  const QVariantMap guest = guests_[index].toMap();
  QJsonObject graphic{{"name", guest.value(QStringLiteral("name")).toString()}};
  const QString role = guest.value(QStringLiteral("role")).toString();
  if (!role.isEmpty()) graphic.insert(QStringLiteral("role"), role);
  return sendTake(QStringLiteral("super"), &graphic,
                  tr("Take super %1").arg(graphic.value(QStringLiteral("name")).toString()));
}

bool Controller::setLayerOn(const QString& layer, bool isOn) {
  static const QStringList switchable = {QStringLiteral("logo"), QStringLiteral("qr"),
                                         QStringLiteral("ticker"), QStringLiteral("clock")};
  if (!switchable.contains(layer)) return false;
  if (!isOn) return clear(layer);
  if (layer == QLatin1String("ticker")) {
    // With no text typed here, take what the server has cued (nothing_cued otherwise).
    if (tickerText_.isEmpty()) return take(layer);
    const QJsonObject graphic{{"text", tickerText_}};
    return sendTake(layer, &graphic, tr("Take %1").arg(layerTitle(layer)));
  }
  const QJsonObject graphic;  // logo, clock: no fields; qr: the server's default address
  return sendTake(layer, &graphic, tr("Take %1").arg(layerTitle(layer)));
}

bool Controller::setTickerText(const QString& text) {
  const QString trimmed = text.trimmed();
  if (trimmed.isEmpty()) {
    show(tr("Type the ticker's text first."), true);
    return false;
  }
  if (codePoints(trimmed) > kMaxTickerChars) {
    show(tr("The ticker's text is too long (at most %1 characters).").arg(kMaxTickerChars), true);
    return false;
  }
  if (trimmed != tickerText_) {
    tickerText_ = trimmed;
    emit tickerTextChanged();
  }
  const QJsonObject graphic{{"text", tickerText_}};
  const bool isOnAir = programme_.isOnAir(QStringLiteral("ticker"));
  return sendGraphics(isOnAir ? QStringLiteral("update") : QStringLiteral("cue"),
                      QStringLiteral("ticker"), &graphic,
                      isOnAir ? tr("Update the ticker") : tr("Cue the ticker"));
}

bool Controller::addToQueue(qint64 questionId) {
  const QueueQuestion* question = queue_.find(questionId);
  if (question == nullptr || question->state != QueueState::Approved) {
    show(tr("Only an approved question can join the queue."), true);
    return false;
  }
  // Past the last position puts it last (the server clamps).
  return sendRequest(kQueueMoveType,
                     queueMoveFields(questionId, question->version, queue_.queuedCount() + 1),
                     tr("Queue question %1").arg(questionId));
}

bool Controller::removeFromQueue(qint64 questionId) {
  const QueueQuestion* question = queue_.find(questionId);
  if (question == nullptr || question->state != QueueState::Queued) {
    show(tr("Only a queued question can be taken out of the queue."), true);
    return false;
  }
  return sendRequest(kQueueRemoveType, queueRemoveFields(questionId, question->version),
                     tr("Take question %1 out of the queue").arg(questionId));
}

bool Controller::requestReorder(qint64 questionId, int position) {
  const QueueQuestion* question = queue_.find(questionId);
  if (question == nullptr || position < 1 ||
      (question->state != QueueState::Queued && question->state != QueueState::Approved)) {
    return false;
  }
  const QString what = question->state == QueueState::Approved
                           ? tr("Queue question %1 at position %2").arg(questionId).arg(position)
                           : tr("Move question %1 to position %2").arg(questionId).arg(position);
  return sendRequest(kQueueMoveType, queueMoveFields(questionId, question->version, position),
                     what);
}

QString Controller::replacesText(const QString& layer) const {
  return replaces_.value(layer).toString();
}

void Controller::setGuests(const QVariantList& guests) {
  QVariantList accepted;
  for (const QVariant& entry : guests) {
    const QVariantMap guest = entry.toMap();
    const QString name = guest.value(QStringLiteral("name")).toString().trimmed();
    const QString role = guest.value(QStringLiteral("role")).toString().trimmed();
    if (name.isEmpty() || codePoints(name) > kMaxNameChars || codePoints(role) > kMaxNameChars) {
      continue;
    }
    accepted.append(QVariantMap{{"name", name}, {"role", role}});
  }
  if (accepted == guests_) return;
  guests_ = accepted;
  emit guestsChanged();
}

void Controller::onReply(const QString& id, const QString& type, const QJsonObject& message) {
  auto found = inFlight_.find(id);
  if (found == inFlight_.end()) return;
  const QString what = *found;
  inFlight_.erase(found);
  emit inFlightChanged();
  if (type == QLatin1String("graphics_ok")) {
    show(tr("%1: done (command %2).")
             .arg(what)
             .arg(message.value(QStringLiteral("seq")).toInteger()),
         false);
  } else if (type == kConflictType) {
    onConflict(what, message);
  } else {
    show(tr("%1: done.").arg(what), false);
  }
}

void Controller::onFailure(const QString& id, const QString& code, const QString& message) {
  auto found = inFlight_.find(id);
  if (found == inFlight_.end()) return;
  const QString what = *found;
  inFlight_.erase(found);
  emit inFlightChanged();
  log::warn("studio.controller.refused", {{"code", std::string_view(code.toStdString())}});
  show(tr("%1 failed: %2").arg(what, describeError(code, message)), true);
}

void Controller::onConflict(const QString& what, const QJsonObject& message) {
  auto conflict = parseQueueConflict(message);
  if (!conflict) {
    show(tr("%1 refused: the question changed since you saw it.").arg(what), true);
    return;
  }
  // The row shows the question as it is now; the producer decides again from there.
  queue_.upsert(QJsonArray{conflict->question});
  const QString who = conflict->changedBy.isEmpty() ? tr("Someone") : conflict->changedBy;
  const QString action = conflict->action.isEmpty() ? QString() : tr(" (%1)").arg(conflict->action);
  show(tr("%1 refused: %2 changed question %3%4 after you saw it. The row now shows it as it is.")
           .arg(what, who, QString::number(conflict->questionId), action),
       true);
}

void Controller::onEngineError(const QJsonObject& message) {
  const QString engine = message.value(QStringLiteral("engine")).toString();
  const QString layer = message.value(QStringLiteral("layer")).toString();
  const QString code = message.value(QStringLiteral("code")).toString();
  show(tr("Engine %1 could not show %2: %3")
           .arg(engine, layerTitle(layer),
                describeError(code, message.value(QStringLiteral("message")).toString())),
       true);
}

bool Controller::sendTake(const QString& layer, const QJsonObject* graphic, const QString& what) {
  // The same take (layer and graphic) twice within the guard time is one press that bounced.
  const QString key =
      layer + QLatin1Char('|') +
      (graphic ? QString::fromUtf8(QJsonDocument(*graphic).toJson(QJsonDocument::Compact))
               : QString());
  const std::int64_t now = clock_();
  auto last = lastTake_.constFind(key);
  if (last != lastTake_.constEnd() && now - *last < kRepeatGuardMs) {
    show(tr("%1: ignored a second press within a second.").arg(what), false);
    return false;
  }
  lastTake_.insert(key, now);
  return sendGraphics(QStringLiteral("take"), layer, graphic, what);
}

bool Controller::sendGraphics(const QString& action, const QString& layer,
                              const QJsonObject* graphic, const QString& what) {
  QJsonObject fields{{"action", action}};
  if (!layer.isEmpty()) fields.insert(QStringLiteral("layer"), layer);
  if (graphic) fields.insert(QStringLiteral("graphic"), *graphic);
  return sendRequest(kGraphics, fields, what);
}

bool Controller::sendRequest(const QString& type, const QJsonObject& fields, const QString& what) {
  const QString id = send_(type, fields);
  if (id.isEmpty()) {
    show(tr("%1 failed: not sent.").arg(what), true);
    return false;
  }
  inFlight_.insert(id, what);
  emit inFlightChanged();
  show(tr("%1…").arg(what), false);
  return true;
}

void Controller::show(const QString& text, bool isError) {
  if (text == message_ && isError == isError_) return;
  message_ = text;
  isError_ = isError;
  emit messageChanged();
}

void Controller::refreshReplaces() {
  QVariantMap replaces;
  for (const QString& layer : graphicsLayers()) {
    const QString label = programme_.onAirLabel(layer);
    if (!label.isEmpty()) replaces.insert(layer, tr("Replaces: %1").arg(label));
  }
  if (replaces == replaces_) return;
  replaces_ = replaces;
  emit replacesChanged();
}

}  // namespace sporazum::studio

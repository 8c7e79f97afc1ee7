#include "sporazum/studio/show_controller.hpp"

#include <QJsonArray>

#include "sporazum/core/log.hpp"
#include "sporazum/studio/controller.hpp"

namespace sporazum::studio {

ShowController::ShowController(Sender send, QObject* parent)
    : QObject(parent), send_(std::move(send)) {}

bool ShowController::applyShow(const QJsonObject& message) {
  auto parsed = parseShow(message);
  if (!parsed) {
    log::warn("studio.show.refused");
    lastError_ = tr("The server's show could not be read (%1).")
                     .arg(QString::fromStdString(parsed.error().message));
    emit lastErrorChanged();
    return false;
  }
  if (!lastError_.isEmpty()) {
    lastError_.clear();
    emit lastErrorChanged();
  }
  if (*parsed) episodes_.upsert(**parsed);
  episodes_.setCurrentId(*parsed ? (*parsed)->id : 0);
  if (*parsed == current_) return true;
  const bool isNewState =
      !current_ || !*parsed || current_->id != (*parsed)->id || current_->state != (*parsed)->state;
  current_ = std::move(*parsed);
  emit showChanged();
  // A start or an end elsewhere changes the states in the list: ask for it again.
  if (isNewState) refreshList();
  return true;
}

void ShowController::onSessionStarted() {
  refreshList();
}

QVariantMap ShowController::current() const {
  return current_ ? toVariantMap(*current_) : QVariantMap();
}

bool ShowController::isBusy() const {
  for (const Pending& pending : inFlight_) {
    if (pending.type != kEpisodesType) return true;
  }
  return false;
}

QVariantList ShowController::guests() const {
  return current_ ? toVariantMap(*current_).value(QStringLiteral("guests")).toList()
                  : QVariantList();
}

bool ShowController::refreshList() {
  // One list request at a time is enough: the answer is the whole list.
  for (const Pending& pending : inFlight_) {
    if (pending.type == kEpisodesType) return true;
  }
  return sendRequest(kEpisodesType, {}, tr("Load the episodes"));
}

bool ShowController::save(const QVariantMap& draftMap) {
  const EpisodeDraft draft = episodeDraftFromVariant(draftMap);
  const QString what = draft.id > 0 ? tr("Save episode %1").arg(draft.number)
                                    : tr("Create episode %1").arg(draft.number);
  if (auto error = checkEpisodeDraft(draft)) {
    show(tr("%1: not sent: %2").arg(what, QString::fromStdString(error->message)), true,
         QString::fromStdString(error->field));
    return false;
  }
  return sendRequest(kEpisodeSaveType, episodeSaveFields(draft), what);
}

bool ShowController::start(qint64 episodeId) {
  if (episodeId <= 0) return false;
  return sendRequest(kEpisodeStartType, episodeFields(episodeId),
                     tr("Start %1").arg(episodeLabel(episodeId)));
}

bool ShowController::end(qint64 episodeId) {
  if (episodeId <= 0) return false;
  return sendRequest(kEpisodeEndType, episodeFields(episodeId),
                     tr("End %1").arg(episodeLabel(episodeId)));
}

void ShowController::onReply(const QString& id, const QString& type, const QJsonObject& message) {
  auto found = inFlight_.find(id);
  if (found == inFlight_.end()) return;
  const Pending pending = *found;
  inFlight_.erase(found);
  emit busyChanged();
  if (type == kEpisodeListType) {
    const QJsonValue list = message.value(QStringLiteral("episodes"));
    if (!list.isArray()) {
      show(tr("%1 failed: the answer was not understood.").arg(pending.what), true);
      return;
    }
    episodes_.replaceAll(list.toArray());
    // The show's own copy is newer than a list that was read before it changed.
    if (current_) episodes_.upsert(*current_);
    return;  // a quiet success: no message
  }
  if (type == kEpisodeSavedType) {
    auto saved = parseEpisode(message.value(QStringLiteral("episode")));
    if (!saved) {
      show(tr("%1: saved, but the answer was not understood.").arg(pending.what), true);
      refreshList();
      return;
    }
    episodes_.upsert(*saved);
    show(tr("%1: saved.").arg(pending.what), false);
    emit episodeSaved(saved->id);
    return;
  }
  if (type == kDoneType) {
    show(tr("%1: done.").arg(pending.what), false);
    refreshList();
    return;
  }
  show(tr("%1: unexpected answer %2.").arg(pending.what, type), true);
}

void ShowController::onFailure(const QString& id, const QString& code, const QString& message,
                               const QString& field) {
  auto found = inFlight_.find(id);
  if (found == inFlight_.end()) return;
  const Pending pending = *found;
  inFlight_.erase(found);
  emit busyChanged();
  log::warn("studio.show.refused_request", {{"code", std::string_view(code.toStdString())}});
  show(tr("%1 failed: %2").arg(pending.what, describeError(code, message)), true, field);
}

bool ShowController::sendRequest(const QString& type, const QJsonObject& fields,
                                 const QString& what) {
  const QString id = send_(type, fields);
  if (id.isEmpty()) {
    show(tr("%1 failed: not sent.").arg(what), true);
    return false;
  }
  inFlight_.insert(id, Pending{type, what});
  emit busyChanged();
  if (type != kEpisodesType) show(tr("%1…").arg(what), false);
  return true;
}

void ShowController::show(const QString& text, bool isError, const QString& field) {
  if (text == message_ && isError == isError_ && field == errorField_) return;
  message_ = text;
  isError_ = isError;
  errorField_ = field;
  emit messageChanged();
}

QString ShowController::episodeLabel(qint64 episodeId) const {
  const Episode* episode = episodes_.find(episodeId);
  if (episode == nullptr && current_ && current_->id == episodeId) episode = &*current_;
  return episode ? tr("episode %1").arg(episode->number) : tr("episode (id %1)").arg(episodeId);
}

}  // namespace sporazum::studio

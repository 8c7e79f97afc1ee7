#include "sporazum/studio/archive_controller.hpp"

#include <QRegularExpression>
#include <QVariantList>

#include "sporazum/core/log.hpp"
#include "sporazum/studio/controller.hpp"

namespace sporazum::studio {
namespace {

QVariantMap languageMap(const QMap<QString, QString>& map) {
  QVariantMap out;
  for (auto it = map.begin(); it != map.end(); ++it)
    out.insert(it.key(), it.value());
  return out;
}

QVariant optionalNumber(const std::optional<double>& value) {
  return value ? QVariant(*value) : QVariant::fromValue(nullptr);
}

QString describeArchiveError(const QString& code, const QString& message) {
  if (code == QLatin1String("empty_query")) return ArchiveController::tr("nothing to search for");
  if (code == QLatin1String("query_too_long")) {
    return ArchiveController::tr("the search is too long (at most %1 characters)")
        .arg(kMaxArchiveQueryChars);
  }
  if (code == QLatin1String("not_found")) {
    return ArchiveController::tr("there is no such episode in the archive");
  }
  return describeError(code, message);
}

/// `appearances[k].role` (k counts the entries sent) → `guests[POSITION].role`, as the editor
/// names its fields.
QString editorField(const QString& field, const QVector<int>& positions) {
  static const QRegularExpression appearance(QStringLiteral("^appearances\\[(\\d+)\\](.*)$"));
  const auto match = appearance.match(field);
  if (!match.hasMatch()) return field;
  const int k = match.captured(1).toInt();
  if (k < 0 || k >= positions.size()) return field;
  return QStringLiteral("guests[%1]%2").arg(positions[k]).arg(match.captured(2));
}

QVector<int> positionsOf(const ArchiveEdit& edit) {
  QVector<int> positions;
  for (const AppearanceEdit& change : edit.appearances)
    positions.append(change.position);
  return positions;
}

}  // namespace

ArchiveController::ArchiveController(Sender send, QObject* parent)
    : QObject(parent), send_(std::move(send)) {}

void ArchiveController::onSessionStarted() {
  refresh();
  if (isSearching()) search(searchQuery_);
  if (detail_) open(detail_->episode.number);
}

void ArchiveController::setMediaOrigin(const QUrl& origin) {
  if (origin == origin_) return;
  origin_ = origin;
  episodes_.setMediaOrigin(origin);
  emit detailChanged();
}

bool ArchiveController::refresh() {
  return sendRequest(Kind::List, kArchiveEpisodesType, archiveEpisodesFields(0, kListLimit),
                     tr("Load the archive"));
}

bool ArchiveController::search(const QString& query) {
  const QString text = query.trimmed();
  if (text.isEmpty()) {
    clearSearch();
    return true;
  }
  if (text.toUcs4().size() > kMaxArchiveQueryChars) {
    show(tr("Search: not sent: %1").arg(describeArchiveError("query_too_long", {})), true,
         QStringLiteral("query"));
    return false;
  }
  if (text != searchQuery_) {
    searchQuery_ = text;
    hits_.replaceAll({});
    emit searchChanged();
  }
  return sendRequest(Kind::Search, kArchiveSearchType, archiveSearchFields(text, kSearchLimit),
                     tr("Search"));
}

void ArchiveController::clearSearch() {
  latestSearch_.clear();
  if (searchQuery_.isEmpty()) return;
  searchQuery_.clear();
  hits_.replaceAll({});
  emit searchChanged();
}

bool ArchiveController::open(int number) {
  if (number < 1 || number > kMaxEpisodeNumber) return false;
  return sendRequest(Kind::Open, kArchiveGetType, archiveGetFields(number),
                     tr("Open episode %1").arg(number), number);
}

bool ArchiveController::save(const QVariantMap& form) {
  if (!detail_) return false;
  const ArchiveEdit edit = archiveEditFromForm(*detail_, form);
  const QString what = tr("Save episode %1").arg(edit.number);
  if (edit.changesNothing()) {
    show(tr("%1: nothing changed.").arg(what), false);
    return false;
  }
  if (auto error = checkArchiveEdit(edit)) {
    show(tr("%1: not sent: %2").arg(what, QString::fromStdString(error->message)), true,
         editorField(QString::fromStdString(error->field), positionsOf(edit)));
    return false;
  }
  return sendRequest(Kind::Edit, kArchiveEditType, archiveEditFields(edit), what, edit.number,
                     positionsOf(edit));
}

bool ArchiveController::hasChanges(const QVariantMap& form) const {
  return detail_ && !archiveEditFromForm(*detail_, form).changesNothing();
}

QString ArchiveController::resolve(const QString& path) const {
  return resolveMediaUrl(origin_, path);
}

QString ArchiveController::proxyUrl() const {
  return detail_ && detail_->proxy ? resolveMediaUrl(origin_, detail_->proxy->url) : QString();
}

QVariantMap ArchiveController::detail() const {
  if (!detail_) return {};
  const ArchiveDetail& d = *detail_;
  const ArchiveEpisode& e = d.episode;
  QVariantList guests;
  for (const ArchiveGuest& g : d.guests) {
    guests.append(QVariantMap{{"position", g.position},
                              {"name", g.name},
                              {"aliases", g.aliases},
                              {"role", g.role},
                              {"party", g.party}});
  }
  QVariantList thumbnails;
  for (const ArchiveThumbnail& t : d.thumbnails) {
    thumbnails.append(QVariantMap{{"url", resolveMediaUrl(origin_, t.url)},
                                  {"atSeconds", t.atSeconds},
                                  {"atText", QString::fromStdString(formatTimecode(t.atSeconds))},
                                  {"width", t.width},
                                  {"height", t.height},
                                  {"isPoster", t.isPoster}});
  }
  const LoudnessStatus status = loudnessStatus(e.loudness);
  const ArchiveMaster master = d.master.value_or(ArchiveMaster{});
  return {
      {"number", e.number},
      {"title", e.title},
      {"titles", languageMap(e.titles)},
      {"descriptions", languageMap(d.descriptions)},
      {"airDate", e.airDate},
      {"airTime", e.airTime},
      {"episodeState", toString(e.state)},
      {"durationSeconds", optionalNumber(e.durationSeconds)},
      {"durationText",
       e.durationSeconds ? QString::fromStdString(formatTimecode(*e.durationSeconds)) : QString()},
      {"version", e.version},
      {"topics", d.topics},
      {"guests", guests},
      {"thumbnails", thumbnails},
      {"posterUrl", resolveMediaUrl(origin_, e.poster)},
      {"hasProxy", d.proxy.has_value()},
      {"proxyWidth", d.proxy ? d.proxy->width : 0},
      {"proxyHeight", d.proxy ? d.proxy->height : 0},
      {"loudnessStatus", QString::fromLatin1(toString(status))},
      {"hasLoudness", e.loudness.has_value()},
      {"integratedLufs", e.loudness ? QVariant(e.loudness->integratedLufs) : QVariant()},
      {"rangeLu", e.loudness ? QVariant(e.loudness->rangeLu) : QVariant()},
      {"truePeakDbtp", e.loudness ? QVariant(e.loudness->truePeakDbtp) : QVariant()},
      {"hasMaster", d.master.has_value()},
      {"masterBytes", static_cast<double>(master.bytes)},
      {"masterSha256", master.sha256},
      {"masterContainer", master.container},
      {"fixityOutcome", master.fixityOutcome},
      {"fixityAt", master.fixityAt},
      {"programmeStartAt", d.programmeStartAt},
      {"programmeStartSource", d.programmeStartSource},
      {"startedAt", d.startedAt},
      {"endedAt", d.endedAt},
      {"archivedAt", d.archivedAt}};
}

void ArchiveController::onReply(const QString& id, const QString& type,
                                const QJsonObject& message) {
  auto found = inFlight_.find(id);
  if (found == inFlight_.end()) return;
  const Pending pending = *found;
  inFlight_.erase(found);
  emit busyChanged();
  const auto notUnderstood = [&](const core::Error& error) {
    // The field only: the text may be a viewer's.
    log::warn("studio.archive.bad_reply", {{"field", std::string_view(error.field)}});
    show(tr("%1 failed: the answer was not understood (%2).")
             .arg(pending.what, QString::fromStdString(error.field)),
         true);
  };
  if (pending.kind == Kind::List && type == kArchiveEpisodeListType) {
    if (id != latestList_) return;
    auto list = parseArchiveEpisodeList(message);
    if (!list) return notUnderstood(list.error());
    episodes_.replaceAll(std::move(*list));
    if (message_ == tr("%1…").arg(pending.what)) show({}, false);
    return;
  }
  if (pending.kind == Kind::Search && type == kArchiveHitsType) {
    if (id != latestSearch_) return;
    auto hits = parseArchiveHits(message);
    if (!hits) return notUnderstood(hits.error());
    const int count = static_cast<int>(hits->size());
    hits_.replaceAll(std::move(*hits));
    show(count == 0 ? tr("Nothing found.") : tr("%n episode(s) found.", nullptr, count), false);
    return;
  }
  if (pending.kind != Kind::List && pending.kind != Kind::Search && type == kArchiveDetailType) {
    auto detail = parseArchiveDetailMessage(message);
    if (!detail) return notUnderstood(detail.error());
    episodes_.update(detail->episode);
    if (pending.kind == Kind::Reload) {
      // After a conflict: the newer episode under the producer's unsaved form.
      if (detail_ && detail_->episode.number == pending.number && id == latestOpen_) {
        applyDetail(std::move(*detail), false);
      }
      return;
    }
    if (pending.kind == Kind::Open) {
      if (id != latestOpen_) return;
      applyDetail(std::move(*detail), true);
      show({}, false);
      return;
    }
    const qint64 version = detail->episode.version;
    // Saved while another episode was opened: the list has it; the open one stays.
    if (detail_ && detail_->episode.number == pending.number) applyDetail(std::move(*detail), true);
    show(tr("%1: saved (version %2).").arg(pending.what).arg(version), false);
    return;
  }
  if (pending.kind == Kind::Edit && type == QLatin1String("conflict")) {
    onConflict(pending, message.value(QStringLiteral("episode")));
    return;
  }
  show(tr("%1: unexpected answer %2.").arg(pending.what, type), true);
}

void ArchiveController::onRefused(const QString& id, const QJsonObject& message) {
  if (!inFlight_.contains(id)) return;
  if (message.value(QStringLiteral("code")).toString() == QLatin1String("conflict")) {
    conflictEpisodes_.insert(id, message.value(QStringLiteral("episode")));
  }
}

void ArchiveController::onFailure(const QString& id, const QString& code, const QString& message,
                                  const QString& field) {
  auto found = inFlight_.find(id);
  if (found == inFlight_.end()) return;
  const Pending pending = *found;
  inFlight_.erase(found);
  const QJsonValue conflictEpisode = conflictEpisodes_.take(id);
  emit busyChanged();
  log::warn("studio.archive.refused", {{"code", std::string_view(code.toStdString())}});
  if (pending.kind == Kind::Edit && code == QLatin1String("conflict")) {
    onConflict(pending, conflictEpisode);
    return;
  }
  if ((pending.kind == Kind::Search && id != latestSearch_) ||
      ((pending.kind == Kind::Open || pending.kind == Kind::Reload) && id != latestOpen_) ||
      (pending.kind == Kind::List && id != latestList_)) {
    return;  // a newer request of the same kind replaced it
  }
  const QString place =
      pending.kind == Kind::Search && field.isEmpty() &&
              (code == QLatin1String("empty_query") || code == QLatin1String("query_too_long"))
          ? QStringLiteral("query")
          : editorField(field, pending.positions);
  show(tr("%1 failed: %2").arg(pending.what, describeArchiveError(code, message)), true, place);
}

void ArchiveController::onConflict(const Pending& pending, const QJsonValue& episode) {
  // The episode as it is now: a whole detail replaces the open one (the form keeps the
  // producer's edits: formRevision stays); a summary alone is not enough to edit against, so
  // the detail is asked for.
  auto detail = parseArchiveDetail(episode);
  const bool isOpen = detail_ && detail_->episode.number == pending.number;
  if (detail && isOpen) {
    episodes_.update(detail->episode);
    applyDetail(std::move(*detail), false);
  } else if (isOpen) {
    auto summary = parseArchiveEpisode(episode);
    if (summary) episodes_.update(*summary);
    sendRequest(Kind::Reload, kArchiveGetType, archiveGetFields(pending.number),
                tr("Open episode %1").arg(pending.number), pending.number);
  }
  hasConflict_ = true;
  show(tr("%1: refused: someone saved this episode first. Their version is shown; your unsaved "
          "changes are still in the form: check them and save again.")
           .arg(pending.what),
       true);
}

bool ArchiveController::sendRequest(Kind kind, const QString& type, const QJsonObject& fields,
                                    const QString& what, int number, QVector<int> positions) {
  const QString id = send_(type, fields);
  if (id.isEmpty()) {
    show(tr("%1 failed: not sent.").arg(what), true);
    return false;
  }
  inFlight_.insert(id, Pending{kind, what, number, std::move(positions)});
  if (kind == Kind::List) latestList_ = id;
  if (kind == Kind::Search) latestSearch_ = id;
  if (kind == Kind::Open || kind == Kind::Reload) latestOpen_ = id;
  emit busyChanged();
  if (kind != Kind::List && kind != Kind::Reload) show(tr("%1…").arg(what), false);
  return true;
}

void ArchiveController::applyDetail(ArchiveDetail detail, bool resetsForm) {
  // A conflict is over once the form starts again from a fresh episode.
  if (resetsForm) hasConflict_ = false;
  const bool questionsChanged = !detail_ || detail_->questions != detail.questions;
  detail_ = std::move(detail);
  if (questionsChanged) questions_.replaceAll(detail_->questions);
  emit detailChanged();
  if (resetsForm) {
    ++formRevision_;
    emit formRevisionChanged();
  }
}

void ArchiveController::show(const QString& text, bool isError, const QString& field) {
  if (text == message_ && isError == isError_ && field == errorField_) return;
  message_ = text;
  isError_ = isError;
  errorField_ = field;
  emit messageChanged();
}

}  // namespace sporazum::studio

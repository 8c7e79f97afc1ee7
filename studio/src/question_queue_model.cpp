#include "sporazum/studio/question_queue_model.hpp"

#include <QDateTime>
#include <algorithm>
#include <functional>
#include <limits>
#include <utility>

#include "sporazum/core/log.hpp"
#include "sporazum/studio/search_fold.hpp"

namespace sporazum::studio {
namespace {

/// "20:14:05" in this machine's time zone; "" for no time.
QString localTime(const QString& iso) {
  if (iso.isEmpty()) return {};
  const QDateTime at = QDateTime::fromString(iso, Qt::ISODateWithMs);
  return at.isValid() ? at.toLocalTime().toString(QStringLiteral("HH:mm:ss")) : QString();
}

}  // namespace

QuestionQueueModel::QuestionQueueModel(QObject* parent) : QAbstractListModel(parent) {}

int QuestionQueueModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : totalCount();
}

QVariant QuestionQueueModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
    return {};
  }
  const Row& row = rows_[index.row()];
  const QueueQuestion& q = row.question;
  switch (role) {
    case Qt::DisplayRole:
    case TextRole:
      return q.text;
    case IdRole:
      return q.id;
    case VersionRole:
      return q.version;
    case StateRole:
      return toString(q.state);
    case ViewerTextRole:
      return q.viewerText;
    case EditedRole:
      return q.edited;
    case ViewerNameRole:
      return q.viewerName;
    case MunicipalityRole:
      return q.municipality;
    case MunicipalityNameRole:
      return municipalityName(q.municipality);
    case LanguageRole:
      return q.language;
    case TopicRole:
      return q.topic;
    case AskCountRole:
      return q.askCount;
    case PositionRole:
      return q.position.value_or(-1);
    case ReceivedAtRole:
      return q.receivedAt;
    case OnAirTimeRole:
      return row.onAirTime;
    case OffAirTimeRole:
      return row.offAirTime;
    case SearchKeyRole:
      return row.searchKey;
    default:
      return {};
  }
}

QHash<int, QByteArray> QuestionQueueModel::roleNames() const {
  return {{IdRole, "questionId"},
          {VersionRole, "version"},
          {StateRole, "questionState"},
          {TextRole, "text"},
          {ViewerTextRole, "viewerText"},
          {EditedRole, "edited"},
          {ViewerNameRole, "viewerName"},
          {MunicipalityRole, "municipality"},
          {MunicipalityNameRole, "municipalityName"},
          {LanguageRole, "language"},
          {TopicRole, "topic"},
          {AskCountRole, "askCount"},
          {PositionRole, "position"},
          {ReceivedAtRole, "receivedAt"},
          {OnAirTimeRole, "onAirTime"},
          {OffAirTimeRole, "offAirTime"},
          {SearchKeyRole, "searchKey"}};
}

QVector<QueueQuestion> QuestionQueueModel::parseBatch(const QJsonArray& questions) {
  QVector<QueueQuestion> accepted;
  QHash<qint64, int> indexOfId;
  int refused = 0;
  QString firstError;
  for (const QJsonValue& value : questions) {
    auto parsed = parseQueueQuestion(value);
    if (!parsed) {
      ++refused;
      if (firstError.isEmpty()) firstError = QString::fromStdString(parsed.error().message);
      continue;
    }
    auto found = indexOfId.constFind(parsed->id);
    if (found == indexOfId.constEnd()) {
      indexOfId.insert(parsed->id, static_cast<int>(accepted.size()));
      accepted.append(std::move(*parsed));
    } else if (parsed->version > accepted[*found].version) {
      accepted[*found] = std::move(*parsed);
    }
  }
  if (refused > 0) {
    // Field names and counts only: the questions themselves are viewers' text.
    log::warn("studio.queue.refused", {{"count", refused}});
  }
  if (refused != refusedCount_ || firstError != lastError_) {
    refusedCount_ = refused;
    lastError_ = firstError;
    emit refusedChanged();
  }
  return accepted;
}

QuestionQueueModel::Row QuestionQueueModel::makeRow(QueueQuestion question) const {
  Row row;
  row.searchKey = foldForSearch(question.text + QLatin1Char(' ') + question.viewerText +
                                QLatin1Char(' ') + question.viewerName + QLatin1Char(' ') +
                                question.topic + QLatin1Char(' ') + question.municipality +
                                QLatin1Char(' ') + municipalityName(question.municipality));
  row.onAirTime = localTime(question.onAirAt);
  row.offAirTime = localTime(question.offAirAt);
  row.question = std::move(question);
  return row;
}

QString QuestionQueueModel::municipalityName(const QString& code) const {
  return municipalityNames_.value(code, code);
}

void QuestionQueueModel::setMunicipalityNames(QHash<QString, QString> names) {
  municipalityNames_ = std::move(names);
  for (Row& row : rows_)
    row = makeRow(std::move(row.question));
  if (!rows_.isEmpty()) emit dataChanged(index(0), index(totalCount() - 1));
}

bool QuestionQueueModel::applyQueue(const QJsonObject& message) {
  auto batch = parseQueueBatch(message);
  if (!batch) {
    refuseMessage(QString::fromStdString(batch.error().message));
    return false;
  }
  if (!isSnapshotOpen_) snapshot_ = {};
  isSnapshotOpen_ = true;
  // One more than the limit is kept, so replaceAll reports the excess; the rest is not held.
  for (const QJsonValue& question : batch->questions) {
    if (snapshot_.size() > kMaxQuestions) break;
    snapshot_.append(question);
  }
  if (!batch->isComplete) return true;
  isSnapshotOpen_ = false;
  setEpisodeId(batch->episode.value_or(0));
  replaceAll(std::exchange(snapshot_, {}));
  return true;
}

bool QuestionQueueModel::applyQueueChanges(const QJsonObject& message) {
  auto batch = parseQueueBatch(message);
  if (!batch) {
    refuseMessage(QString::fromStdString(batch.error().message));
    return false;
  }
  if (isSnapshotOpen_) {
    // The snapshot's last part replaces everything: these go in with it (the higher version of
    // a question wins there too).
    for (const QJsonValue& question : batch->questions) {
      if (snapshot_.size() > kMaxQuestions) break;
      snapshot_.append(question);
    }
    return true;
  }
  if (batch->episode.value_or(0) != episodeId_) {
    // Late news of the previous episode (the server switched): the next snapshot rules.
    log::info("studio.queue.other_episode");
    return false;
  }
  upsert(batch->questions);
  return true;
}

void QuestionQueueModel::beginResync() {
  isSnapshotOpen_ = false;
  snapshot_ = {};
}

void QuestionQueueModel::refuseMessage(const QString& error) {
  log::warn("studio.queue.message_refused");
  ++refusedCount_;
  lastError_ = error;
  emit refusedChanged();
}

void QuestionQueueModel::setEpisodeId(qint64 episodeId) {
  if (episodeId == episodeId_) return;
  episodeId_ = episodeId;
  emit episodeIdChanged();
}

void QuestionQueueModel::removeRows(QVector<int> rows) {
  // From the bottom up, so the rows still to remove keep their numbers.
  std::sort(rows.begin(), rows.end(), std::greater<>());
  for (int row : rows) {
    beginRemoveRows(QModelIndex(), row, row);
    rows_.remove(row);
    endRemoveRows();
  }
  rowOfId_.clear();
  for (int row = 0; row < rows_.size(); ++row)
    rowOfId_.insert(rows_[row].question.id, row);
}

int QuestionQueueModel::replaceAll(const QJsonArray& questions) {
  QVector<QueueQuestion> accepted = parseBatch(questions);
  // A snapshot holds only the producers' states; a question that left them is not shown.
  accepted.removeIf([](const QueueQuestion& q) { return q.state == QueueState::Left; });
  if (accepted.size() > kMaxQuestions) {
    log::error("studio.queue.too_many", {{"count", static_cast<std::int64_t>(accepted.size())}});
    refusedCount_ += static_cast<int>(accepted.size()) - kMaxQuestions;
    lastError_ = QStringLiteral("more than %1 questions: the rest were refused").arg(kMaxQuestions);
    emit refusedChanged();
    accepted.resize(kMaxQuestions);
  }
  beginResetModel();
  rows_.clear();
  rowOfId_.clear();
  rows_.reserve(accepted.size());
  for (QueueQuestion& question : accepted) {
    rowOfId_.insert(question.id, static_cast<int>(rows_.size()));
    rows_.append(makeRow(std::move(question)));
  }
  endResetModel();
  recount();
  return static_cast<int>(rows_.size());
}

int QuestionQueueModel::upsert(const QJsonArray& questions) {
  QVector<QueueQuestion> accepted = parseBatch(questions);
  QVector<QueueQuestion> added;
  QVector<int> gone;
  int changed = 0;
  int firstChanged = totalCount();
  int lastChanged = -1;
  for (QueueQuestion& question : accepted) {
    auto found = rowOfId_.constFind(question.id);
    if (found == rowOfId_.constEnd()) {
      if (question.state != QueueState::Left) added.append(std::move(question));
      continue;
    }
    const int row = *found;
    if (question.version <= rows_[row].question.version) continue;  // stale or a repeat
    if (question.state == QueueState::Left) {
      gone.append(row);
      continue;
    }
    rows_[row] = makeRow(std::move(question));
    ++changed;
    firstChanged = std::min(firstChanged, row);
    lastChanged = std::max(lastChanged, row);
  }
  // One signal for the batch: the sorting proxy re-sorts once, not once per question.
  if (changed > 0) emit dataChanged(index(firstChanged), index(lastChanged));
  const int room = kMaxQuestions - totalCount();
  if (added.size() > room) {
    log::error("studio.queue.too_many", {{"count", static_cast<std::int64_t>(added.size())}});
    refusedCount_ += static_cast<int>(added.size()) - std::max(room, 0);
    lastError_ = QStringLiteral("more than %1 questions: the rest were refused").arg(kMaxQuestions);
    emit refusedChanged();
    added.resize(std::max(room, 0));
  }
  if (!added.isEmpty()) {
    const int first = totalCount();
    beginInsertRows(QModelIndex(), first, first + static_cast<int>(added.size()) - 1);
    for (QueueQuestion& question : added) {
      rowOfId_.insert(question.id, static_cast<int>(rows_.size()));
      rows_.append(makeRow(std::move(question)));
    }
    endInsertRows();
  }
  if (!gone.isEmpty()) removeRows(gone);
  if (changed > 0 || !added.isEmpty() || !gone.isEmpty()) recount();
  return changed + static_cast<int>(added.size() + gone.size());
}

const QueueQuestion* QuestionQueueModel::find(qint64 questionId) const {
  auto found = rowOfId_.constFind(questionId);
  return found == rowOfId_.constEnd() ? nullptr : &rows_[*found].question;
}

std::optional<qint64> QuestionQueueModel::firstQueuedId() const {
  const QueueQuestion* first = nullptr;
  for (const Row& row : rows_) {
    const QueueQuestion& q = row.question;
    if (q.state != QueueState::Queued) continue;
    // Without a position a queued question goes after those with one, oldest (lowest id) first.
    const auto key = [](const QueueQuestion& x) {
      return std::pair(x.position.value_or(std::numeric_limits<int>::max()), x.id);
    };
    if (first == nullptr || key(q) < key(*first)) first = &q;
  }
  return first ? std::optional<qint64>(first->id) : std::nullopt;
}

QVariantMap QuestionQueueModel::get(qint64 questionId) const {
  auto found = rowOfId_.constFind(questionId);
  if (found == rowOfId_.constEnd()) return {};
  QVariantMap map;
  const QHash<int, QByteArray> names = roleNames();
  const QModelIndex at = index(*found);
  for (auto it = names.begin(); it != names.end(); ++it) {
    map.insert(QString::fromLatin1(it.value()), data(at, it.key()));
  }
  return map;
}

void QuestionQueueModel::recount() {
  int counts[5] = {0, 0, 0, 0, 0};
  QStringList topics;
  for (const Row& row : rows_) {
    const int state = static_cast<int>(row.question.state) - 1;
    if (state >= 0 && state < 5) ++counts[state];
    if (!row.question.topic.isEmpty()) topics.append(row.question.topic);
  }
  topics.sort(Qt::CaseInsensitive);
  topics.removeDuplicates();
  // The total is the sum of the counts: it changes only with them.
  if (!std::equal(std::begin(counts), std::end(counts), std::begin(counts_))) {
    std::copy(std::begin(counts), std::end(counts), std::begin(counts_));
    emit countsChanged();
  }
  if (topics != topics_) {
    topics_ = topics;
    emit topicsChanged();
  }
}

}  // namespace sporazum::studio

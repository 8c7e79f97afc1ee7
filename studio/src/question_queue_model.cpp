#include "sporazum/studio/question_queue_model.hpp"

#include <algorithm>
#include <limits>

#include "sporazum/core/log.hpp"
#include "sporazum/studio/search_fold.hpp"

namespace sporazum::studio {

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
    case SearchKeyRole:
      return row.searchKey;
    default:
      return {};
  }
}

QHash<int, QByteArray> QuestionQueueModel::roleNames() const {
  return {{IdRole, "questionId"},         {VersionRole, "version"},
          {StateRole, "questionState"},   {TextRole, "text"},
          {ViewerTextRole, "viewerText"}, {EditedRole, "edited"},
          {ViewerNameRole, "viewerName"}, {MunicipalityRole, "municipality"},
          {LanguageRole, "language"},     {TopicRole, "topic"},
          {AskCountRole, "askCount"},     {PositionRole, "position"},
          {ReceivedAtRole, "receivedAt"}, {SearchKeyRole, "searchKey"}};
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

QuestionQueueModel::Row QuestionQueueModel::makeRow(QueueQuestion question) {
  Row row;
  row.searchKey = foldForSearch(question.text + QLatin1Char(' ') + question.viewerText +
                                QLatin1Char(' ') + question.viewerName + QLatin1Char(' ') +
                                question.topic + QLatin1Char(' ') + question.municipality);
  row.question = std::move(question);
  return row;
}

int QuestionQueueModel::replaceAll(const QJsonArray& questions) {
  QVector<QueueQuestion> accepted = parseBatch(questions);
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
  int changed = 0;
  int firstChanged = totalCount();
  int lastChanged = -1;
  for (QueueQuestion& question : accepted) {
    auto found = rowOfId_.constFind(question.id);
    if (found == rowOfId_.constEnd()) {
      added.append(std::move(question));
      continue;
    }
    const int row = *found;
    if (question.version <= rows_[row].question.version) continue;  // stale or a repeat
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
  if (changed > 0 || !added.isEmpty()) recount();
  return changed + static_cast<int>(added.size());
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
    ++counts[static_cast<int>(row.question.state) - 1];
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

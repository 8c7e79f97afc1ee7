#include "sporazum/studio/question_filter_model.hpp"

#include <limits>
#include <tuple>

#include "sporazum/studio/search_fold.hpp"

namespace sporazum::studio {
namespace {

int runningOrderGroup(QueueState state) {
  switch (state) {
    case QueueState::OnAir:
      return 0;
    case QueueState::Queued:
      return 1;
    case QueueState::Approved:
      return 2;
    case QueueState::Aired:
      return 3;
    case QueueState::NotSelected:
      return 4;
    case QueueState::Left:
      break;  // never held: the model drops them
  }
  return 5;
}

}  // namespace

QuestionFilterModel::QuestionFilterModel(QuestionQueueModel& queue, QObject* parent)
    : QSortFilterProxyModel(parent), queue_(queue) {
  setSourceModel(&queue_);
  setDynamicSortFilter(true);
  sort(0);
  for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved}) {
    connect(this, signal, this, &QuestionFilterModel::countChanged);
  }
  connect(this, &QAbstractItemModel::modelReset, this, &QuestionFilterModel::countChanged);
  connect(this, &QAbstractItemModel::layoutChanged, this, &QuestionFilterModel::countChanged);
}

void QuestionFilterModel::setStateFilter(const QString& state) {
  if (state == stateFilter_) return;
  stateFilter_ = state;
  invalidateFilter();
  emit filterChanged();
}

void QuestionFilterModel::setTopicFilter(const QString& topic) {
  if (topic == topicFilter_) return;
  topicFilter_ = topic;
  invalidateFilter();
  emit filterChanged();
}

void QuestionFilterModel::setSearchText(const QString& text) {
  if (text == searchText_) return;
  searchText_ = text;
  searchWords_ = foldForSearch(text).split(QLatin1Char(' '), Qt::SkipEmptyParts);
  invalidateFilter();
  emit filterChanged();
}

bool QuestionFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const {
  if (sourceParent.isValid() || sourceRow < 0 || sourceRow >= queue_.totalCount()) return false;
  const QueueQuestion& q = queue_.at(sourceRow);
  if (!stateFilter_.isEmpty() && toString(q.state) != stateFilter_) return false;
  if (!topicFilter_.isEmpty() && q.topic != topicFilter_) return false;
  const QString& key = queue_.searchKeyAt(sourceRow);
  for (const QString& word : searchWords_) {
    if (!key.contains(word)) return false;
  }
  return true;
}

bool QuestionFilterModel::lessThan(const QModelIndex& left, const QModelIndex& right) const {
  const QueueQuestion& a = queue_.at(left.row());
  const QueueQuestion& b = queue_.at(right.row());
  const auto key = [](const QueueQuestion& q) {
    return std::tuple(
        runningOrderGroup(q.state),
        q.state == QueueState::Queued ? q.position.value_or(std::numeric_limits<int>::max()) : 0,
        q.id);
  };
  return key(a) < key(b);
}

const QueueQuestion* QuestionFilterModel::questionAt(int row) const {
  if (row < 0 || row >= rowCount()) return nullptr;
  const QModelIndex source = mapToSource(index(row, 0));
  return source.isValid() ? &queue_.at(source.row()) : nullptr;
}

bool QuestionFilterModel::canMove(int row) const {
  const QueueQuestion* q = questionAt(row);
  return q != nullptr && (q->state == QueueState::Queued || q->state == QueueState::Approved);
}

bool QuestionFilterModel::move(int from, int to) {
  const QueueQuestion* moving = questionAt(from);
  const QueueQuestion* target = questionAt(to);
  if (from == to || moving == nullptr || target == nullptr || !canMove(from)) return false;
  int position = 0;
  if (target->state == QueueState::Queued && target->position) {
    position = *target->position;
  } else if (target->state == QueueState::OnAir) {
    position = 1;  // dropped on the question on air: it goes next
  } else {
    return false;
  }
  if (moving->state == QueueState::Queued && moving->position == position) return false;
  emit reorderRequested(moving->id, position);
  return true;
}

qint64 QuestionFilterModel::questionIdAt(int row) const {
  const QueueQuestion* q = questionAt(row);
  return q ? q->id : 0;
}

}  // namespace sporazum::studio

#pragma once
// The queue as the producer sees it: sorted into running order and filtered by state, topic and
// search words; drag to reorder asks the server to move a question (it never reorders locally).

#include <QSortFilterProxyModel>
#include <QStringList>

#include "sporazum/studio/question_queue_model.hpp"

namespace sporazum::studio {

/// GUI thread only. Order: on air, then queued by position, then approved (oldest first), then
/// aired and not selected. Search ignores case, script and diacritics; every word must match.
class QuestionFilterModel : public QSortFilterProxyModel {
  Q_OBJECT
  Q_PROPERTY(QString stateFilter READ stateFilter WRITE setStateFilter NOTIFY filterChanged)
  Q_PROPERTY(QString topicFilter READ topicFilter WRITE setTopicFilter NOTIFY filterChanged)
  Q_PROPERTY(QString searchText READ searchText WRITE setSearchText NOTIFY filterChanged)
  Q_PROPERTY(int count READ count NOTIFY countChanged)

 public:
  explicit QuestionFilterModel(QuestionQueueModel& queue, QObject* parent = nullptr);

  /// "" for every state, else one of approved, queued, on_air, aired, not_selected.
  QString stateFilter() const { return stateFilter_; }
  void setStateFilter(const QString& state);
  /// "" for every topic.
  QString topicFilter() const { return topicFilter_; }
  void setTopicFilter(const QString& topic);
  QString searchText() const { return searchText_; }
  void setSearchText(const QString& text);
  int count() const { return rowCount(); }

  /// Drag and drop: asks for the question at row `from` (queued, or approved: it joins the
  /// queue) to take the running-order position of the question at row `to`: a queued one's
  /// position, or 1 (next) for the one on air. Emits reorderRequested; false (nothing asked)
  /// when `from` is neither queued nor approved, `to` is neither queued nor on air, or
  /// from == to.
  Q_INVOKABLE bool move(int from, int to);
  /// Whether the question at `row` could be dragged (queued or approved).
  Q_INVOKABLE bool canMove(int row) const;
  /// The question id at `row`, 0 when out of range.
  Q_INVOKABLE qint64 questionIdAt(int row) const;

 signals:
  void filterChanged();
  void countChanged();
  void reorderRequested(qint64 questionId, int newPosition);

 protected:
  bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
  bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

 private:
  const QueueQuestion* questionAt(int row) const;

  QuestionQueueModel& queue_;
  QString stateFilter_;
  QString topicFilter_;
  QString searchText_;
  QStringList searchWords_;  ///< folded
};

}  // namespace sporazum::studio

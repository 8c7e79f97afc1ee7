#pragma once
// The producers' queue of approved questions, as the server last sent them. Rows stay in the
// order they first arrived; QuestionFilterModel sorts and filters them for the views.

#include <QAbstractListModel>
#include <QHash>
#include <QJsonArray>
#include <QStringList>
#include <QVector>
#include <optional>

#include "sporazum/studio/queue_protocol.hpp"

namespace sporazum::studio {

/// GUI thread only. A malformed question is refused alone (counted, its field named in
/// lastError); the rest of its batch still applies and nothing held is lost.
class QuestionQueueModel : public QAbstractListModel {
  Q_OBJECT
  Q_PROPERTY(int totalCount READ totalCount NOTIFY countsChanged)
  Q_PROPERTY(int approvedCount READ approvedCount NOTIFY countsChanged)
  Q_PROPERTY(int queuedCount READ queuedCount NOTIFY countsChanged)
  Q_PROPERTY(int onAirCount READ onAirCount NOTIFY countsChanged)
  Q_PROPERTY(int airedCount READ airedCount NOTIFY countsChanged)
  Q_PROPERTY(int notSelectedCount READ notSelectedCount NOTIFY countsChanged)
  Q_PROPERTY(QStringList topics READ topics NOTIFY topicsChanged)
  Q_PROPERTY(int refusedCount READ refusedCount NOTIFY refusedChanged)
  Q_PROPERTY(QString lastError READ lastError NOTIFY refusedChanged)

 public:
  enum Role {
    IdRole = Qt::UserRole + 1,
    VersionRole,
    StateRole,  ///< "questionState" in QML (Item has a `state`): approved, queued, …
    TextRole,
    ViewerTextRole,
    EditedRole,
    ViewerNameRole,
    MunicipalityRole,
    LanguageRole,
    TopicRole,
    AskCountRole,
    PositionRole,  ///< -1 when not in the queue order
    ReceivedAtRole,
    SearchKeyRole,  ///< folded text for search (search_fold.hpp)
  };
  Q_ENUM(Role)

  /// More than this many questions in one episode is not a queue but an attack.
  static constexpr int kMaxQuestions = 50'000;

  explicit QuestionQueueModel(QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = QModelIndex()) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QHash<int, QByteArray> roleNames() const override;

  /// Replaces everything with `questions` (a new snapshot); returns how many were accepted.
  int replaceAll(const QJsonArray& questions);
  /// Adds new questions and replaces held ones whose `version` is higher; returns how many rows
  /// were added or changed.
  int upsert(const QJsonArray& questions);

  const QueueQuestion* find(qint64 questionId) const;
  const QueueQuestion& at(int row) const { return rows_[row].question; }
  const QString& searchKeyAt(int row) const { return rows_[row].searchKey; }
  /// The queued question with the lowest position.
  std::optional<qint64> firstQueuedId() const;
  /// The question's roles by name, for QML; empty when unknown.
  Q_INVOKABLE QVariantMap get(qint64 questionId) const;

  int totalCount() const { return static_cast<int>(rows_.size()); }
  int approvedCount() const { return counts_[0]; }
  int queuedCount() const { return counts_[1]; }
  int onAirCount() const { return counts_[2]; }
  int airedCount() const { return counts_[3]; }
  int notSelectedCount() const { return counts_[4]; }
  QStringList topics() const { return topics_; }
  int refusedCount() const { return refusedCount_; }
  QString lastError() const { return lastError_; }

 signals:
  void countsChanged();
  void topicsChanged();
  void refusedChanged();

 private:
  struct Row {
    QueueQuestion question;
    QString searchKey;
  };

  /// Parses a batch: the valid questions (the highest version of each id) and the refusals.
  QVector<QueueQuestion> parseBatch(const QJsonArray& questions);
  static Row makeRow(QueueQuestion question);
  void recount();

  QVector<Row> rows_;
  QHash<qint64, int> rowOfId_;
  int counts_[5] = {0, 0, 0, 0, 0};
  QStringList topics_;
  int refusedCount_ = 0;
  QString lastError_;
};

}  // namespace sporazum::studio

#pragma once
// The producers' queue of questions for air, as the server last sent them (`queue`,
// `queue_changes`). Rows stay in the order they first arrived; QuestionFilterModel sorts and
// filters them for the views.

#include <QAbstractListModel>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>
#include <QVector>
#include <optional>

#include "sporazum/studio/queue_protocol.hpp"

namespace sporazum::studio {

/// GUI thread only. A malformed question is refused alone (counted, its field named in
/// lastError); the rest of its batch still applies and nothing held is lost. A malformed message
/// (no question list, a bad episode) is refused whole.
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
  /// The episode the queue belongs to; 0 while there is none (or before the first snapshot).
  Q_PROPERTY(qint64 episodeId READ episodeId NOTIFY episodeIdChanged)

 public:
  enum Role {
    IdRole = Qt::UserRole + 1,
    VersionRole,
    StateRole,  ///< "questionState" in QML (Item has a `state`): approved, queued, …
    TextRole,
    ViewerTextRole,
    EditedRole,
    ViewerNameRole,
    MunicipalityRole,      ///< the code, as sent
    MunicipalityNameRole,  ///< its name in the interface language (the code when unknown)
    LanguageRole,
    TopicRole,
    AskCountRole,
    PositionRole,  ///< 1… in the running order; -1 when not queued
    ReceivedAtRole,
    OnAirTimeRole,   ///< HH:mm:ss local time of onAirAt; "" until then
    OffAirTimeRole,  ///< HH:mm:ss local time of offAirAt; "" until then
    SearchKeyRole,   ///< folded text for search (search_fold.hpp)
  };
  Q_ENUM(Role)

  /// More than this many questions in one episode is not a queue but an attack.
  static constexpr int kMaxQuestions = 50'000;

  explicit QuestionQueueModel(QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = QModelIndex()) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QHash<int, QByteArray> roleNames() const override;

  /// A `queue` message: the parts of a snapshot are gathered until the one with complete:true,
  /// which replaces everything at once. False (lastError) when the message is malformed.
  bool applyQueue(const QJsonObject& message);
  /// A `queue_changes` message: applied (or, during a snapshot, added to it); changes for
  /// another episode than the queue's are ignored. False when malformed or ignored.
  bool applyQueueChanges(const QJsonObject& message);
  /// A new session: a snapshot in progress is forgotten (the server sends a whole one again).
  void beginResync();

  /// Replaces everything with `questions`; returns how many were accepted.
  int replaceAll(const QJsonArray& questions);
  /// Adds new questions, replaces held ones whose `version` is higher, and drops those that left
  /// the producers' states; returns how many rows were added, changed or dropped.
  int upsert(const QJsonArray& questions);

  /// Municipality code → name in the interface language (see municipality_names.hpp).
  void setMunicipalityNames(QHash<QString, QString> names);

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
  qint64 episodeId() const { return episodeId_; }

 signals:
  void countsChanged();
  void topicsChanged();
  void refusedChanged();
  void episodeIdChanged();

 private:
  struct Row {
    QueueQuestion question;
    QString searchKey;
    QString onAirTime;
    QString offAirTime;
  };

  /// Parses a batch: the valid questions (the highest version of each id) and the refusals.
  QVector<QueueQuestion> parseBatch(const QJsonArray& questions);
  Row makeRow(QueueQuestion question) const;
  QString municipalityName(const QString& code) const;
  void removeRows(QVector<int> rows);
  void refuseMessage(const QString& error);
  void setEpisodeId(qint64 episodeId);
  void recount();

  QVector<Row> rows_;
  QHash<qint64, int> rowOfId_;
  int counts_[5] = {0, 0, 0, 0, 0};
  QStringList topics_;
  int refusedCount_ = 0;
  QString lastError_;
  qint64 episodeId_ = 0;
  bool isSnapshotOpen_ = false;  ///< parts of a `queue` came, the complete one not yet
  QJsonArray snapshot_;          ///< those parts (and changes that came meanwhile)
  QHash<QString, QString> municipalityNames_;
};

}  // namespace sporazum::studio

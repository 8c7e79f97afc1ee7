#pragma once
// The episodes a producer can choose from (`episode_list`, the 100 newest), kept up to date by
// `episode_saved` and `show`. Newest air date first, as the server sends them.

#include <QAbstractListModel>
#include <QJsonArray>
#include <QVector>

#include "sporazum/studio/episode_protocol.hpp"

namespace sporazum::studio {

/// GUI thread only. A malformed episode is refused alone (counted in lastError).
class EpisodeListModel : public QAbstractListModel {
  Q_OBJECT
  Q_PROPERTY(int count READ count NOTIFY countChanged)
  Q_PROPERTY(QString lastError READ lastError NOTIFY lastErrorChanged)

 public:
  enum Role {
    IdRole = Qt::UserRole + 1,  ///< "episodeId" in QML
    NumberRole,
    TitleRole,
    AirDateRole,
    StateRole,  ///< "episodeState": planned, live, aired, archived
    QuestionsOpenRole,
    GuestsRole,  ///< [{name, role}]
    TopicsRole,
    StartedAtRole,
    EndedAtRole,
    RecordingStateRole,  ///< "" without a recording
    IsCurrentRole,       ///< the show's current episode
  };
  Q_ENUM(Role)

  static constexpr int kMaxEpisodes = 1'000;

  explicit EpisodeListModel(QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = QModelIndex()) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QHash<int, QByteArray> roleNames() const override;

  /// An `episode_list`'s episodes replace the list; returns how many were accepted.
  int replaceAll(const QJsonArray& episodes);
  /// Adds or replaces one episode (from `episode_saved` or `show`), in its place by air date.
  void upsert(const Episode& episode);
  /// The show's current episode (0: none), marked in the list.
  void setCurrentId(qint64 episodeId);

  /// The episode's fields (toVariantMap), empty when it is not in the list.
  Q_INVOKABLE QVariantMap get(qint64 episodeId) const;
  /// One more than the highest episode number in the list (1 for an empty list).
  Q_INVOKABLE int nextNumber() const;
  /// The row of the episode, -1 when absent.
  Q_INVOKABLE int rowOf(qint64 episodeId) const;
  const Episode* find(qint64 episodeId) const;

  int count() const { return static_cast<int>(episodes_.size()); }
  QString lastError() const { return lastError_; }

 signals:
  void countChanged();
  void lastErrorChanged();

 private:
  /// Where an episode with this date and id belongs in the list (newest first).
  int insertionRow(const Episode& episode) const;
  void setLastError(const QString& error);

  QVector<Episode> episodes_;
  qint64 currentId_ = 0;
  QString lastError_;
};

}  // namespace sporazum::studio

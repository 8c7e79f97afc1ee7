#pragma once
// The studio's half of the server for tests, as schema/protocol.md ("The studio") describes it:
// episodes (list, save, start, end), the queue (move, remove, versions, conflicts) and the
// programme's lower third (cue, take, clear move questions on air and off). State lives here;
// FakeStaffServer sends what it returns.

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <optional>

namespace sporazum::studio::testing {

class FakeShow {
 public:
  /// What a request produced: the reply to its sender and the pushes to every studio client.
  struct Outcome {
    QJsonObject reply;
    QList<QJsonObject> pushes;
  };

  /// An EPISODE object (protocol shape). The current episode is the server's: the live one, else
  /// the newest (the highest id).
  void addEpisode(const QJsonObject& episode);
  /// An AIR_QUESTION of the current episode.
  void addQuestion(const QJsonObject& question);
  /// Puts the question on the lower third (the programme only: its state is the caller's).
  void setLowerThirdOnAir(qint64 questionId);
  /// Puts `graphic` on air on `layer`.
  void setOnAir(const QString& layer, const QJsonObject& graphic);

  QJsonObject showMessage() const;
  /// The queue snapshot in parts of at most `chunk` questions (the last has complete:true).
  QList<QJsonObject> queueMessages(int chunk = 500) const;
  QJsonObject programmeMessage() const;

  /// Handles a studio request (episodes, episode_save, episode_start, episode_end, queue_move,
  /// queue_remove, graphics); nullopt for any other type.
  std::optional<Outcome> handle(const QJsonObject& request, const QString& username);

  /// Another producer changed the question (its version grows): the `queue_changes` to push.
  QJsonObject touch(qint64 questionId, const QString& by, const QString& action);

  const QMap<qint64, QJsonObject>& questions() const { return questions_; }
  const QList<QJsonObject>& episodes() const { return episodes_; }
  qint64 currentId() const;
  QJsonObject episode(qint64 id) const;

 private:
  Outcome episodeList(const QString& id) const;
  Outcome saveEpisode(const QJsonObject& request);
  Outcome startEpisode(const QJsonObject& request);
  Outcome endEpisode(const QJsonObject& request);
  Outcome moveInQueue(const QJsonObject& request, const QString& username, bool isRemove);
  Outcome graphics(const QJsonObject& request);

  /// The queued questions' ids in running order.
  QList<qint64> runningOrder() const;
  /// Gives the queued ones positions 1… in `order`; returns the ids whose position changed.
  QList<qint64> renumber(const QList<qint64>& order);
  QJsonObject changes(const QList<qint64>& ids) const;
  void bump(qint64 questionId, const QString& by, const QString& action);
  int indexOfEpisode(qint64 id) const;
  QJsonObject lowerThirdOf(qint64 questionId) const;
  /// After an episode changed: when the current one is another, its (empty) queue replaces the
  /// questions held, and `show` and `queue` are added to `pushes`.
  void followCurrent(qint64 before, QList<QJsonObject>& pushes);
  /// Moves the question on air (if any) to aired; returns its id or 0.
  qint64 takeOffAir();

  QList<QJsonObject> episodes_;
  QMap<qint64, QJsonObject> questions_;
  QMap<qint64, QPair<QString, QString>> lastChange_;  ///< id → (who, action)
  QMap<QString, QJsonValue> cued_;                    ///< layer → graphic
  QMap<QString, QJsonValue> onAir_;
  QMap<QString, qint64> onAirSeq_;
  qint64 seq_ = 0;
};

/// An error reply as the server sends it.
QJsonObject errorReply(const QString& id, const QString& code, const QString& message,
                       const QString& field = {});
/// Now as the server writes times (UTC, milliseconds).
QString isoNow();

}  // namespace sporazum::studio::testing

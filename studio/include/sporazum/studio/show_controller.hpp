#pragma once
// The show: the current episode as the server pushes it (`show`), the episodes to choose from,
// and the producer's episode requests (list, save, start, end) with the server's answers as one
// visible message.

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QVariantList>
#include <QVariantMap>
#include <functional>
#include <optional>

#include "sporazum/studio/episode_list_model.hpp"
#include "sporazum/studio/episode_protocol.hpp"

namespace sporazum::studio {

/// GUI thread only. Sends through `send` and never waits: the outcome arrives later through
/// onReply / onFailure (wired to StudioConnection).
class ShowController : public QObject {
  Q_OBJECT
  Q_PROPERTY(bool hasEpisode READ hasEpisode NOTIFY showChanged)
  /// The current episode (toVariantMap's fields); empty when there is none.
  Q_PROPERTY(QVariantMap current READ current NOTIFY showChanged)
  Q_PROPERTY(qint64 currentId READ currentId NOTIFY showChanged)
  /// planned, live, aired, archived; "" without an episode.
  Q_PROPERTY(QString episodeState READ episodeState NOTIFY showChanged)
  /// The current episode's guests, [{name, role}], in order.
  Q_PROPERTY(QVariantList guests READ guests NOTIFY showChanged)
  Q_PROPERTY(EpisodeListModel* episodes READ episodes CONSTANT)
  Q_PROPERTY(QString message READ message NOTIFY messageChanged)
  Q_PROPERTY(bool isError READ isError NOTIFY messageChanged)
  /// The field the last refusal names (`title`, `guests[1].name`, …), "" for none.
  Q_PROPERTY(QString errorField READ errorField NOTIFY messageChanged)
  Q_PROPERTY(bool isBusy READ isBusy NOTIFY busyChanged)
  /// Why the last `show` could not be read ("" when it could).
  Q_PROPERTY(QString lastError READ lastError NOTIFY lastErrorChanged)

 public:
  using Sender = std::function<QString(const QString& type, const QJsonObject& fields)>;

  explicit ShowController(Sender send, QObject* parent = nullptr);

  /// Applies a `show` message; false (lastError) when malformed: the show held stays.
  bool applyShow(const QJsonObject& message);
  /// A new session: the list is asked for again.
  void onSessionStarted();

  /// Asks for the episode list (`episodes`).
  Q_INVOKABLE bool refreshList();
  /// Creates (id 0 or absent) or edits an episode: {id, number, title, airDate, guests:
  /// [{name, role}], topics: [...]}. Checked here first; a mistake is shown with its field and
  /// nothing is sent.
  Q_INVOKABLE bool save(const QVariantMap& draft);
  Q_INVOKABLE bool start(qint64 episodeId);
  /// Ends the live episode. The console asks for confirmation before calling this.
  Q_INVOKABLE bool end(qint64 episodeId);

  bool hasEpisode() const { return current_.has_value(); }
  const std::optional<Episode>& currentEpisode() const { return current_; }
  QVariantMap current() const;
  qint64 currentId() const { return current_ ? current_->id : 0; }
  QString episodeState() const { return current_ ? toString(current_->state) : QString(); }
  QVariantList guests() const;
  EpisodeListModel* episodes() { return &episodes_; }
  QString message() const { return message_; }
  bool isError() const { return isError_; }
  QString errorField() const { return errorField_; }
  /// A save, start or end is waiting for its answer (loading the list does not count).
  bool isBusy() const;
  QString lastError() const { return lastError_; }

 public slots:
  void onReply(const QString& id, const QString& type, const QJsonObject& message);
  void onFailure(const QString& id, const QString& code, const QString& message,
                 const QString& field);

 signals:
  void showChanged();
  void messageChanged();
  void busyChanged();
  void lastErrorChanged();
  /// An episode was saved (created or edited): its id, so the editor can select it.
  void episodeSaved(qint64 episodeId);

 private:
  struct Pending {
    QString type;
    QString what;
  };

  bool sendRequest(const QString& type, const QJsonObject& fields, const QString& what);
  void show(const QString& text, bool isError, const QString& field = {});
  QString episodeLabel(qint64 episodeId) const;

  Sender send_;
  EpisodeListModel episodes_;
  std::optional<Episode> current_;
  QHash<QString, Pending> inFlight_;
  QString message_;
  bool isError_ = false;
  QString errorField_;
  QString lastError_;
};

}  // namespace sporazum::studio

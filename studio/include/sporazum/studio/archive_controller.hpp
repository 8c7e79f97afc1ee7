#pragma once
// The archive view's side of the server: lists, searches, opens and edits episodes
// (schema/protocol.md, "The archive"), with each answer as one visible message, a refused field
// named for the editor, and a conflict shown without losing the producer's unsaved edits.

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QUrl>
#include <QVariantMap>
#include <functional>
#include <optional>

#include "sporazum/studio/archive_models.hpp"
#include "sporazum/studio/archive_protocol.hpp"

namespace sporazum::studio {

/// GUI thread only. Sends through `send` and never waits: outcomes arrive through onReply,
/// onRefused and onFailure (wired to StudioConnection). Only the newest list, search and open
/// count: an older answer that arrives late is dropped.
class ArchiveController : public QObject {
  Q_OBJECT
  Q_PROPERTY(ArchiveEpisodeListModel* episodes READ episodes CONSTANT)
  Q_PROPERTY(ArchiveHitModel* hits READ hits CONSTANT)
  Q_PROPERTY(ArchiveQuestionModel* questions READ questions CONSTANT)
  /// The query the hits answer; "" while the list is shown.
  Q_PROPERTY(QString searchQuery READ searchQuery NOTIFY searchChanged)
  Q_PROPERTY(bool isSearching READ isSearching NOTIFY searchChanged)
  Q_PROPERTY(bool hasDetail READ hasDetail NOTIFY detailChanged)
  /// The open episode for QML (see detailMap in the source for its keys); {} when none.
  Q_PROPERTY(QVariantMap detail READ detail NOTIFY detailChanged)
  /// The open episode's proxy, resolved on the server's HTTP origin; "" when none.
  Q_PROPERTY(QString proxyUrl READ proxyUrl NOTIFY detailChanged)
  /// Grows when the editor must start again from the open episode (it was opened, or saved);
  /// not after a conflict, so the producer's unsaved edits stay in the form.
  Q_PROPERTY(int formRevision READ formRevision NOTIFY formRevisionChanged)
  /// A save was refused because someone saved first; the episode shown is theirs.
  Q_PROPERTY(bool hasConflict READ hasConflict NOTIFY messageChanged)
  Q_PROPERTY(QString message READ message NOTIFY messageChanged)
  Q_PROPERTY(bool isError READ isError NOTIFY messageChanged)
  /// The field the last refusal names as the editor does: `titles.en`, `airDate`, `topics[2]`,
  /// `query`; a guest's by position, `guests[1].party` (the wire's `appearances[k]` counts the
  /// entries sent); "" for none.
  Q_PROPERTY(QString errorField READ errorField NOTIFY messageChanged)
  Q_PROPERTY(bool isBusy READ isBusy NOTIFY busyChanged)
  Q_PROPERTY(QUrl mediaOrigin READ mediaOrigin WRITE setMediaOrigin NOTIFY detailChanged)

 public:
  using Sender = std::function<QString(const QString& type, const QJsonObject& fields)>;

  static constexpr int kListLimit = 200;
  static constexpr int kSearchLimit = 50;

  explicit ArchiveController(Sender send, QObject* parent = nullptr);

  /// A new session: the list is asked for again, and the open episode (its proxy link is
  /// signed per session's request and may have expired).
  void onSessionStarted();

  /// http://HOST:PORT of the server; media paths are resolved against it.
  void setMediaOrigin(const QUrl& origin);
  QUrl mediaOrigin() const { return origin_; }

  Q_INVOKABLE bool refresh();
  /// Searches; a blank query goes back to the list.
  Q_INVOKABLE bool search(const QString& query);
  Q_INVOKABLE void clearSearch();
  Q_INVOKABLE bool open(int number);
  /// Sends what the form changed against the open episode, with its version; a mistake is
  /// shown at its field and nothing is sent. False when nothing was sent.
  Q_INVOKABLE bool save(const QVariantMap& form);
  /// The form's changes, for the editor's "unsaved" hint (no message, nothing sent).
  Q_INVOKABLE bool hasChanges(const QVariantMap& form) const;
  /// A media path of a reply resolved on the server's origin.
  Q_INVOKABLE QString resolve(const QString& path) const;

  ArchiveEpisodeListModel* episodes() { return &episodes_; }
  ArchiveHitModel* hits() { return &hits_; }
  ArchiveQuestionModel* questions() { return &questions_; }
  QString searchQuery() const { return searchQuery_; }
  bool isSearching() const { return !searchQuery_.isEmpty(); }
  bool hasDetail() const { return detail_.has_value(); }
  const std::optional<ArchiveDetail>& openEpisode() const { return detail_; }
  QVariantMap detail() const;
  QString proxyUrl() const;
  int formRevision() const { return formRevision_; }
  bool hasConflict() const { return hasConflict_; }
  QString message() const { return message_; }
  bool isError() const { return isError_; }
  QString errorField() const { return errorField_; }
  bool isBusy() const { return !inFlight_.isEmpty(); }

 public slots:
  void onReply(const QString& id, const QString& type, const QJsonObject& message);
  /// The server's whole error message, before onFailure: a conflict carries the episode.
  void onRefused(const QString& id, const QJsonObject& message);
  void onFailure(const QString& id, const QString& code, const QString& message,
                 const QString& field);

 signals:
  void searchChanged();
  void detailChanged();
  void formRevisionChanged();
  void messageChanged();
  void busyChanged();

 private:
  enum class Kind { List = 1, Search, Open, Reload, Edit };  ///< Reload: after a conflict
  struct Pending {
    Kind kind;
    QString what;
    int number = 0;
    QVector<int> positions;  ///< Edit: the guest position of each `appearances` entry sent
  };

  bool sendRequest(Kind kind, const QString& type, const QJsonObject& fields, const QString& what,
                   int number = 0, QVector<int> positions = {});
  void applyDetail(ArchiveDetail detail, bool resetsForm);
  void onConflict(const Pending& pending, const QJsonValue& episode);
  void show(const QString& text, bool isError, const QString& field = {});

  Sender send_;
  ArchiveEpisodeListModel episodes_;
  ArchiveHitModel hits_;
  ArchiveQuestionModel questions_;
  std::optional<ArchiveDetail> detail_;
  QUrl origin_;
  QString searchQuery_;
  QHash<QString, Pending> inFlight_;
  QHash<QString, QJsonValue> conflictEpisodes_;  ///< from onRefused, until onFailure
  QString latestList_;
  QString latestSearch_;
  QString latestOpen_;
  int formRevision_ = 0;
  bool hasConflict_ = false;
  QString message_;
  bool isError_ = false;
  QString errorField_;
};

}  // namespace sporazum::studio

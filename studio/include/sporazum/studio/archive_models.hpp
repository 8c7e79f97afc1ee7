#pragma once
// The archive view's lists for QML: the episodes (`archive_episode_list`), the search's hits
// (`archive_hits`) and the open episode's aired questions. Each is replaced whole by a reply.

#include <QAbstractListModel>
#include <QUrl>
#include <QVector>

#include "sporazum/studio/archive_protocol.hpp"

namespace sporazum::studio {

/// A media path of a reply ("/archive/media/41?…") as a URL on the server's HTTP origin
/// (http://HOST:PORT); "" for "" or without an origin.
QString resolveMediaUrl(const QUrl& origin, const QString& path);
/// The HTTP origin of the staff socket's URL: ws://h:p/ws/staff → http://h:p, wss → https.
QUrl mediaOriginOf(const QUrl& staffUrl);

/// GUI thread only. Newest air date first, as the server sends them.
class ArchiveEpisodeListModel : public QAbstractListModel {
  Q_OBJECT
  Q_PROPERTY(int count READ count NOTIFY countChanged)

 public:
  enum Role {
    NumberRole = Qt::UserRole + 1,
    TitleRole,   ///< the working title
    TitlesRole,  ///< {lang: title}
    AirDateRole,
    AirTimeRole,
    StateRole,            ///< "episodeState": planned, live, aired, archived
    DurationSecondsRole,  ///< null until known
    DurationTextRole,     ///< H:MM:SS, "" until known
    LoudnessStatusRole,   ///< green, amber, red, not_measured
    IntegratedLufsRole,   ///< null when not measured
    TruePeakDbtpRole,
    RangeLuRole,
    PosterUrlRole,  ///< resolved, "" when none
    VersionRole,
  };
  Q_ENUM(Role)

  explicit ArchiveEpisodeListModel(QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = QModelIndex()) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QHash<int, QByteArray> roleNames() const override;

  void replaceAll(QVector<ArchiveEpisode> episodes);
  /// An edited episode's new summary, in its row (nothing when it is not listed).
  void update(const ArchiveEpisode& episode);
  void setMediaOrigin(const QUrl& origin);
  /// The row of episode `number`, -1 when absent.
  Q_INVOKABLE int rowOf(int number) const;
  /// The episode number in `row`, 0 when there is no such row.
  Q_INVOKABLE int numberAt(int row) const;
  int count() const { return static_cast<int>(episodes_.size()); }

 signals:
  void countChanged();

 private:
  QVector<ArchiveEpisode> episodes_;
  QUrl origin_;
};

/// GUI thread only. Best first, as the server ranks them.
class ArchiveHitModel : public QAbstractListModel {
  Q_OBJECT
  Q_PROPERTY(int count READ count NOTIFY countChanged)

 public:
  enum Role {
    NumberRole = Qt::UserRole + 1,
    AirDateRole,
    TitleRole,
    TitleLangRole,
    MatchedInRole,
    SnippetRole,      ///< with its «marks»
    SnippetRunsRole,  ///< [{text, isMatch}]: plain text runs, for bold matches without markup
    QuestionRole,     ///< the matching question's id, 0 for none
  };
  Q_ENUM(Role)

  explicit ArchiveHitModel(QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = QModelIndex()) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QHash<int, QByteArray> roleNames() const override;

  void replaceAll(QVector<ArchiveHit> hits);
  /// The episode number in `row`, 0 when there is no such row.
  Q_INVOKABLE int numberAt(int row) const;
  int count() const { return static_cast<int>(hits_.size()); }

 signals:
  void countChanged();

 private:
  QVector<ArchiveHit> hits_;
};

/// GUI thread only. The open episode's aired questions, in on-air order.
class ArchiveQuestionModel : public QAbstractListModel {
  Q_OBJECT
  Q_PROPERTY(int count READ count NOTIFY countChanged)

 public:
  enum Role {
    IdRole = Qt::UserRole + 1,  ///< "questionId"
    TextRole,
    ViewerNameRole,  ///< "" without consent
    MunicipalityRole,
    LanguageRole,
    InSecondsRole,  ///< null without an as-run record
    OutSecondsRole,
    InTextRole,  ///< H:MM:SS, "" without a timecode
    OutTextRole,
    HasTimecodeRole,
    PlayFromMsRole,  ///< where "play from here" starts (kPlayPreRollSeconds early), -1 without
  };
  Q_ENUM(Role)

  explicit ArchiveQuestionModel(QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = QModelIndex()) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QHash<int, QByteArray> roleNames() const override;

  void replaceAll(QVector<ArchiveQuestion> questions);
  /// The row of question `id`, -1 when absent.
  Q_INVOKABLE int rowOf(qint64 id) const;
  /// Where "play from here" starts for the question in `row`, ms; -1 without a timecode or row.
  Q_INVOKABLE double playFromMsAt(int row) const;
  int count() const { return static_cast<int>(questions_.size()); }

 signals:
  void countChanged();

 private:
  QVector<ArchiveQuestion> questions_;
};

}  // namespace sporazum::studio

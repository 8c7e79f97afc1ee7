#pragma once
// The archive on the wire (schema/protocol.md, "The archive"): the requests `archive_episodes`,
// `archive_search`, `archive_get`, `archive_edit` and the replies `archive_episode_list`,
// `archive_hits`, `archive_detail`. The only code that knows their shape.

#include <QJsonObject>
#include <QJsonValue>
#include <QMap>
#include <QString>
#include <QStringList>
#include <QVariantMap>
#include <QVector>
#include <optional>

#include "sporazum/core/result.hpp"
#include "sporazum/studio/archive_rules.hpp"
#include "sporazum/studio/episode_protocol.hpp"

namespace sporazum::studio {

inline const QString kArchiveEpisodesType = QStringLiteral("archive_episodes");
inline const QString kArchiveEpisodeListType = QStringLiteral("archive_episode_list");
inline const QString kArchiveSearchType = QStringLiteral("archive_search");
inline const QString kArchiveHitsType = QStringLiteral("archive_hits");
inline const QString kArchiveGetType = QStringLiteral("archive_get");
inline const QString kArchiveDetailType = QStringLiteral("archive_detail");
inline const QString kArchiveEditType = QStringLiteral("archive_edit");

/// The languages of titles and descriptions, in the archive's order.
inline const QStringList kArchiveLanguages = {QStringLiteral("sr-Latn"), QStringLiteral("sr-Cyrl"),
                                              QStringLiteral("sq"), QStringLiteral("en")};

/// The server's limits, checked here too so a mistake shows at its field before sending.
inline constexpr int kMaxArchiveTitleChars = 200;
inline constexpr int kMaxArchiveDescriptionChars = 4000;
inline constexpr int kMaxArchiveTopics = 20;
inline constexpr int kMaxArchiveTopicChars = 40;
inline constexpr int kMaxAppearanceTextChars = 200;
inline constexpr int kMaxArchiveQueryChars = 500;
inline constexpr int kMaxArchiveListLimit = 1000;
inline constexpr int kMaxArchiveSearchLimit = 100;

/// ARCHIVE_EPISODE.
struct ArchiveEpisode {
  int number = 0;
  QString title;                  ///< the studio's working title
  QMap<QString, QString> titles;  ///< language → title, only the languages that have one
  QString airDate;                ///< YYYY-MM-DD
  QString airTime;                ///< HH:MM:SS (or HH:MM); "" until known
  EpisodeState state = EpisodeState::Planned;
  std::optional<double> durationSeconds;
  std::optional<LoudnessMeasure> loudness;
  QString poster;  ///< a path on the server ("/archive/media/41"); "" until known
  qint64 version = 0;

  friend bool operator==(const ArchiveEpisode&, const ArchiveEpisode&) = default;
};

struct ArchiveGuest {
  int position = 0;
  QString name;
  QStringList aliases;
  QString role;
  QString party;

  friend bool operator==(const ArchiveGuest&, const ArchiveGuest&) = default;
};

/// A viewer question that went on air. Times count from the programme's start.
struct ArchiveQuestion {
  qint64 id = 0;
  QString text;
  QString viewerName;  ///< "" without the viewer's consent
  QString municipality;
  QString language;
  std::optional<double> inSeconds;
  std::optional<double> outSeconds;
  QString onAirAt;
  QString offAirAt;

  friend bool operator==(const ArchiveQuestion&, const ArchiveQuestion&) = default;
};

struct ArchiveProxy {
  QString url;  ///< signed path on the server, valid for 12 hours
  int width = 0;
  int height = 0;
  double durationSeconds = 0;

  friend bool operator==(const ArchiveProxy&, const ArchiveProxy&) = default;
};

struct ArchiveThumbnail {
  QString url;
  double atSeconds = 0;
  int width = 0;
  int height = 0;
  bool isPoster = false;

  friend bool operator==(const ArchiveThumbnail&, const ArchiveThumbnail&) = default;
};

struct ArchiveMaster {
  qint64 bytes = 0;
  QString sha256;
  QString container;
  QString fixityAt;       ///< "" when never checked
  QString fixityOutcome;  ///< ok, mismatch, missing, unreadable; "" when never checked

  friend bool operator==(const ArchiveMaster&, const ArchiveMaster&) = default;
};

/// ARCHIVE_DETAIL.
struct ArchiveDetail {
  ArchiveEpisode episode;
  QMap<QString, QString> descriptions;
  QVector<ArchiveGuest> guests;
  QStringList topics;
  QVector<ArchiveQuestion> questions;
  std::optional<ArchiveProxy> proxy;
  QVector<ArchiveThumbnail> thumbnails;
  std::optional<ArchiveMaster> master;
  QString programmeStartAt;
  QString programmeStartSource;
  QString startedAt;
  QString endedAt;
  QString archivedAt;

  friend bool operator==(const ArchiveDetail&, const ArchiveDetail&) = default;
};

/// HIT.
struct ArchiveHit {
  int number = 0;
  QString airDate;
  QString title;
  QString titleLang;    ///< "" for the working title
  QString matchedIn;    ///< title, guest, topic, description, question
  QString snippet;      ///< plain text, matches between « and »
  qint64 question = 0;  ///< the question that matched, 0 for none

  friend bool operator==(const ArchiveHit&, const ArchiveHit&) = default;
};

/// Reads one ARCHIVE_EPISODE / ARCHIVE_DETAIL / HIT. Errors have code `bad_archive` and name
/// the field (`titles.en`, `questions[3].inSeconds`); they never quote the text. Refused: wrong
/// types, texts over the protocol's limits, control characters (line feeds and tabs only in
/// descriptions and question texts), media URLs that are not paths on the server.
core::Result<ArchiveEpisode> parseArchiveEpisode(const QJsonValue& value);
core::Result<ArchiveDetail> parseArchiveDetail(const QJsonValue& value);
core::Result<ArchiveHit> parseArchiveHit(const QJsonValue& value);
/// The replies as a whole; a malformed item refuses the message (it is one read of the database).
core::Result<QVector<ArchiveEpisode>> parseArchiveEpisodeList(const QJsonObject& message);
core::Result<QVector<ArchiveHit>> parseArchiveHits(const QJsonObject& message);
core::Result<ArchiveDetail> parseArchiveDetailMessage(const QJsonObject& message);

/// The requests' fields (StudioConnection adds `type` and `id`).
QJsonObject archiveEpisodesFields(int offset, int limit);
QJsonObject archiveSearchFields(const QString& query, int limit);
QJsonObject archiveGetFields(int number);

/// An appearance's change; unset fields stay.
struct AppearanceEdit {
  int position = 0;
  std::optional<QString> role;
  std::optional<QString> party;

  friend bool operator==(const AppearanceEdit&, const AppearanceEdit&) = default;
};

/// `archive_edit`: only what changed, and the version it was based on.
struct ArchiveEdit {
  int number = 0;
  qint64 version = 0;
  QMap<QString, QString> titles;        ///< "" removes
  QMap<QString, QString> descriptions;  ///< "" removes
  std::optional<QString> airDate;
  std::optional<QString> airTime;  ///< "" clears
  std::optional<QStringList> topics;
  QVector<AppearanceEdit> appearances;

  bool changesNothing() const;
  friend bool operator==(const ArchiveEdit&, const ArchiveEdit&) = default;
};

/// The edit from the editor's form against `base` (what the producer saw): {titles: {lang: text},
/// descriptions: {lang: text}, airDate, airTime, topics: "a, b" or [..], appearances:
/// [{position, role, party}]}. Texts are trimmed (descriptions keep inner line breaks); a key
/// absent from the form is unchanged; equal values are left out.
ArchiveEdit archiveEditFromForm(const ArchiveDetail& base, const QVariantMap& form);
/// The server's limits as `bad_field` / `field_too_long` / `control_characters` errors whose
/// `field` names the place as the server does (`titles.en`, `appearances[0].party`, `topics[2]`).
std::optional<core::Error> checkArchiveEdit(const ArchiveEdit& edit);
QJsonObject archiveEditFields(const ArchiveEdit& edit);

/// A search snippet cut at its «marks»: plain text runs, `isMatch` between « and ». The marks
/// themselves are dropped; an unclosed « marks the rest.
struct SnippetRun {
  QString text;
  bool isMatch = false;

  friend bool operator==(const SnippetRun&, const SnippetRun&) = default;
};
QVector<SnippetRun> snippetRuns(const QString& snippet);

}  // namespace sporazum::studio

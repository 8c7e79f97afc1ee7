#pragma once
// Episodes on the wire (schema/protocol.md, "The studio": `show`, EPISODE, `episodes` →
// `episode_list`, `episode_save` → `episode_saved`, `episode_start`, `episode_end`).

#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>
#include <QVariantMap>
#include <QVector>
#include <optional>

#include "sporazum/core/result.hpp"

namespace sporazum::studio {

/// The server's limits (core/studio.hpp), checked here too so a mistake shows before sending.
inline constexpr int kMaxEpisodeNumber = 9999;
inline constexpr int kMaxEpisodeTitleChars = 200;
inline constexpr int kMaxGuests = 12;
inline constexpr int kMaxGuestNameChars = 200;
inline constexpr int kMaxGuestRoleChars = 200;
inline constexpr int kMaxEpisodeTopics = 20;
inline constexpr int kMaxEpisodeTopicChars = 40;

/// planned (made, not started), live (started, not ended), aired (ended), archived (ingested).
enum class EpisodeState { Planned = 1, Live, Aired, Archived };
QString toString(EpisodeState state);
std::optional<EpisodeState> parseEpisodeState(const QString& text);

struct Guest {
  QString name;
  QString role;  ///< the role or party of this appearance; may be empty

  friend bool operator==(const Guest&, const Guest&) = default;
};

/// The newest recording an engine reported for the episode.
struct Recording {
  QString engine;  ///< the engine's account
  QString file;
  qint64 bytes = 0;
  QString state;  ///< recording, done, failed
  QString error;  ///< failed only: the engine's words

  friend bool operator==(const Recording&, const Recording&) = default;
};

/// EPISODE.
struct Episode {
  qint64 id = 0;
  int number = 0;
  QString title;
  QString airDate;  ///< YYYY-MM-DD
  EpisodeState state = EpisodeState::Planned;
  bool questionsOpen = false;
  QVector<Guest> guests;  ///< in the console's order (F5… supers)
  QStringList topics;
  QString startedAt;  ///< ISO 8601; "" until started
  QString endedAt;    ///< "" until ended
  std::optional<Recording> recording;

  friend bool operator==(const Episode&, const Episode&) = default;
};

/// Reads one EPISODE. Error code `bad_episode` naming the field; never quotes the text.
core::Result<Episode> parseEpisode(const QJsonValue& value);
/// Reads `show`: the current episode, or nullopt before the first episode exists.
core::Result<std::optional<Episode>> parseShow(const QJsonObject& message);

inline const QString kShowType = QStringLiteral("show");
inline const QString kEpisodesType = QStringLiteral("episodes");
inline const QString kEpisodeListType = QStringLiteral("episode_list");
inline const QString kEpisodeSaveType = QStringLiteral("episode_save");
inline const QString kEpisodeSavedType = QStringLiteral("episode_saved");
inline const QString kEpisodeStartType = QStringLiteral("episode_start");
inline const QString kEpisodeEndType = QStringLiteral("episode_end");
inline const QString kDoneType = QStringLiteral("done");

/// What a producer may set of an episode: its planned details.
struct EpisodeDraft {
  qint64 id = 0;  ///< 0: a new episode
  int number = 0;
  QString title;
  QString airDate;
  QVector<Guest> guests;
  QStringList topics;
};

/// From QML: {id (0 or absent: new), number, title, airDate, guests: [{name, role}],
/// topics: [..]}. Texts are trimmed; empty guest rows (no name and no role) and empty topics
/// are dropped.
EpisodeDraft episodeDraftFromVariant(const QVariantMap& map);
/// The server's limits (number 1–9999, title 1–200, a calendar date YYYY-MM-DD, at most 12
/// guests with name 1–200 and role 0–200, at most 20 topics of 1–40; no control characters),
/// as `bad_field` / `field_too_long` errors whose `field` names the place as the server does
/// (`title`, `guests[2].name`, `topics[0]`).
std::optional<core::Error> checkEpisodeDraft(const EpisodeDraft& draft);
/// {"episode":{"id":…|null,"number","title","airDate","guests":[…],"topics":[…]}}
QJsonObject episodeSaveFields(const EpisodeDraft& draft);
/// {"episode": id}, for episode_start and episode_end.
QJsonObject episodeFields(qint64 episodeId);

/// The episode for QML: id, number, title, airDate, episodeState, questionsOpen, guests
/// ([{name, role}]), topics, startedAt, endedAt, hasRecording, recordingEngine, recordingFile,
/// recordingBytes, recordingState, recordingError.
QVariantMap toVariantMap(const Episode& episode);

}  // namespace sporazum::studio

#include "sporazum/studio/episode_protocol.hpp"

#include <QDate>
#include <QJsonArray>
#include <QRegularExpression>
#include <QVariantList>

#include "sporazum/studio/queue_protocol.hpp"
#include "wire_checks.hpp"

namespace sporazum::studio {
namespace {

using wire::checkText;
using wire::fieldError;
using wire::hasControlCharacters;
using wire::isCalendarDate;
using wire::isWholeNumber;

constexpr int kMaxWireTextChars = 4000;  ///< UTF-16 units; the server's limits are far lower
constexpr int kMaxFileChars = 4096;
constexpr int kMaxWireGuests = 64;
constexpr int kMaxWireTopics = 64;

core::Error badField(const QString& field) {
  return core::makeError("bad_episode", "bad or missing field: " + field.toStdString(),
                         field.toStdString());
}

/// `field` must be a string (or null/absent when `isNullable`, giving "").
std::optional<core::Error> readText(const QJsonObject& object, const char* key, bool isNullable,
                                    int maxChars, QString& out, const QString& place = {}) {
  const QJsonValue value = object.value(QLatin1String(key));
  const QString field = place.isEmpty() ? QLatin1String(key) : place + u'.' + QLatin1String(key);
  if (isNullable && (value.isNull() || value.isUndefined())) {
    out.clear();
    return std::nullopt;
  }
  if (!value.isString() || value.toString().size() > maxChars) return badField(field);
  out = value.toString();
  return std::nullopt;
}

}  // namespace

QString toString(EpisodeState state) {
  switch (state) {
    case EpisodeState::Planned:
      return QStringLiteral("planned");
    case EpisodeState::Live:
      return QStringLiteral("live");
    case EpisodeState::Aired:
      return QStringLiteral("aired");
    case EpisodeState::Archived:
      return QStringLiteral("archived");
  }
  return {};
}

std::optional<EpisodeState> parseEpisodeState(const QString& text) {
  for (EpisodeState state :
       {EpisodeState::Planned, EpisodeState::Live, EpisodeState::Aired, EpisodeState::Archived}) {
    if (toString(state) == text) return state;
  }
  return std::nullopt;
}

core::Result<Episode> parseEpisode(const QJsonValue& value) {
  if (!value.isObject()) return core::makeError("bad_episode", "an episode must be an object");
  const QJsonObject object = value.toObject();
  Episode e;
  const QJsonValue id = object.value(QStringLiteral("id"));
  if (!isWholeNumber(id) || id.toInteger() <= 0) return badField(QStringLiteral("id"));
  e.id = id.toInteger();
  const QJsonValue number = object.value(QStringLiteral("number"));
  if (!isWholeNumber(number) || number.toInteger() < 1 || number.toInteger() > kMaxEpisodeNumber) {
    return badField(QStringLiteral("number"));
  }
  e.number = static_cast<int>(number.toInteger());
  if (auto error = readText(object, "title", false, kMaxWireTextChars, e.title)) return *error;
  if (auto error = readText(object, "airDate", false, 16, e.airDate)) return *error;
  if (!isCalendarDate(e.airDate)) return badField(QStringLiteral("airDate"));
  const auto state = parseEpisodeState(object.value(QStringLiteral("state")).toString());
  if (!state) return badField(QStringLiteral("state"));
  e.state = *state;
  const QJsonValue questionsOpen = object.value(QStringLiteral("questionsOpen"));
  if (!questionsOpen.isBool()) return badField(QStringLiteral("questionsOpen"));
  e.questionsOpen = questionsOpen.toBool();

  const QJsonValue guests = object.value(QStringLiteral("guests"));
  if (!guests.isArray() || guests.toArray().size() > kMaxWireGuests) {
    return badField(QStringLiteral("guests"));
  }
  const QJsonArray guestList = guests.toArray();
  for (qsizetype i = 0; i < guestList.size(); ++i) {
    const QString place = QStringLiteral("guests[%1]").arg(i);
    if (!guestList[i].isObject()) return badField(place);
    const QJsonObject item = guestList[i].toObject();
    Guest guest;
    if (auto error = readText(item, "name", false, kMaxWireTextChars, guest.name, place)) {
      return *error;
    }
    if (auto error = readText(item, "role", true, kMaxWireTextChars, guest.role, place)) {
      return *error;
    }
    e.guests.append(guest);
  }
  const QJsonValue topics = object.value(QStringLiteral("topics"));
  if (!topics.isArray() || topics.toArray().size() > kMaxWireTopics) {
    return badField(QStringLiteral("topics"));
  }
  for (const QJsonValue& topic : topics.toArray()) {
    if (!topic.isString() || topic.toString().size() > kMaxWireTextChars) {
      return badField(QStringLiteral("topics"));
    }
    e.topics.append(topic.toString());
  }

  const QJsonValue startedAt = object.value(QStringLiteral("startedAt"));
  const QJsonValue endedAt = object.value(QStringLiteral("endedAt"));
  if (!(startedAt.isNull() || startedAt.isUndefined() || isIsoTime(startedAt.toString()))) {
    return badField(QStringLiteral("startedAt"));
  }
  if (!(endedAt.isNull() || endedAt.isUndefined() || isIsoTime(endedAt.toString()))) {
    return badField(QStringLiteral("endedAt"));
  }
  e.startedAt = startedAt.toString();
  e.endedAt = endedAt.toString();

  const QJsonValue recording = object.value(QStringLiteral("recording"));
  if (recording.isObject()) {
    const QJsonObject r = recording.toObject();
    Recording rec;
    if (auto error = readText(r, "engine", false, kMaxWireTextChars, rec.engine, "recording")) {
      return *error;
    }
    if (auto error = readText(r, "file", false, kMaxFileChars, rec.file, "recording")) {
      return *error;
    }
    const QJsonValue bytes = r.value(QStringLiteral("bytes"));
    if (!isWholeNumber(bytes) || bytes.toInteger() < 0) {
      return badField(QStringLiteral("recording.bytes"));
    }
    rec.bytes = bytes.toInteger();
    if (auto error = readText(r, "state", false, 40, rec.state, "recording")) return *error;
    if (rec.state.isEmpty()) return badField(QStringLiteral("recording.state"));
    if (auto error = readText(r, "error", true, kMaxWireTextChars, rec.error, "recording")) {
      return *error;
    }
    e.recording = rec;
  } else if (!recording.isNull() && !recording.isUndefined()) {
    return badField(QStringLiteral("recording"));
  }
  return e;
}

core::Result<std::optional<Episode>> parseShow(const QJsonObject& message) {
  const QJsonValue episode = message.value(QStringLiteral("episode"));
  if (episode.isNull()) return std::optional<Episode>();
  auto parsed = parseEpisode(episode);
  if (!parsed) return parsed.error();
  return std::optional<Episode>(std::move(*parsed));
}

EpisodeDraft episodeDraftFromVariant(const QVariantMap& map) {
  EpisodeDraft draft;
  draft.id = map.value(QStringLiteral("id")).toLongLong();
  bool isNumber = false;
  draft.number = map.value(QStringLiteral("number")).toString().trimmed().toInt(&isNumber);
  if (!isNumber) draft.number = 0;
  draft.title = map.value(QStringLiteral("title")).toString().trimmed();
  draft.airDate = map.value(QStringLiteral("airDate")).toString().trimmed();
  for (const QVariant& entry : map.value(QStringLiteral("guests")).toList()) {
    const QVariantMap guest = entry.toMap();
    const QString name = guest.value(QStringLiteral("name")).toString().trimmed();
    const QString role = guest.value(QStringLiteral("role")).toString().trimmed();
    if (name.isEmpty() && role.isEmpty()) continue;
    draft.guests.append(Guest{name, role});
  }
  for (const QVariant& entry : map.value(QStringLiteral("topics")).toList()) {
    const QString topic = entry.toString().trimmed();
    if (!topic.isEmpty()) draft.topics.append(topic);
  }
  return draft;
}

std::optional<core::Error> checkEpisodeDraft(const EpisodeDraft& draft) {
  if (draft.number < 1 || draft.number > kMaxEpisodeNumber) {
    return fieldError("bad_field", QStringLiteral("number"),
                      QStringLiteral("a whole number from 1 to %1").arg(kMaxEpisodeNumber));
  }
  if (auto error = checkText(QStringLiteral("title"), draft.title, 1, kMaxEpisodeTitleChars)) {
    return error;
  }
  if (!isCalendarDate(draft.airDate)) {
    return fieldError("bad_field", QStringLiteral("airDate"),
                      QStringLiteral("a calendar date, YYYY-MM-DD"));
  }
  if (draft.guests.size() > kMaxGuests) {
    return fieldError("bad_field", QStringLiteral("guests"),
                      QStringLiteral("at most %1 guests").arg(kMaxGuests));
  }
  for (qsizetype i = 0; i < draft.guests.size(); ++i) {
    const QString place = QStringLiteral("guests[%1]").arg(i);
    if (auto error = checkText(place + QStringLiteral(".name"), draft.guests[i].name, 1,
                               kMaxGuestNameChars)) {
      return error;
    }
    if (auto error = checkText(place + QStringLiteral(".role"), draft.guests[i].role, 0,
                               kMaxGuestRoleChars)) {
      return error;
    }
  }
  if (draft.topics.size() > kMaxEpisodeTopics) {
    return fieldError("bad_field", QStringLiteral("topics"),
                      QStringLiteral("at most %1 topics").arg(kMaxEpisodeTopics));
  }
  for (qsizetype i = 0; i < draft.topics.size(); ++i) {
    if (auto error = checkText(QStringLiteral("topics[%1]").arg(i), draft.topics[i], 1,
                               kMaxEpisodeTopicChars)) {
      return error;
    }
  }
  return std::nullopt;
}

QJsonObject episodeSaveFields(const EpisodeDraft& draft) {
  QJsonArray guests;
  for (const Guest& guest : draft.guests)
    guests.append(QJsonObject{{"name", guest.name}, {"role", guest.role}});
  return {{"episode", QJsonObject{{"id", draft.id > 0 ? QJsonValue(draft.id) : QJsonValue()},
                                  {"number", draft.number},
                                  {"title", draft.title},
                                  {"airDate", draft.airDate},
                                  {"guests", guests},
                                  {"topics", QJsonArray::fromStringList(draft.topics)}}}};
}

QJsonObject episodeFields(qint64 episodeId) {
  return {{"episode", episodeId}};
}

QVariantMap toVariantMap(const Episode& episode) {
  QVariantList guests;
  for (const Guest& guest : episode.guests)
    guests.append(QVariantMap{{"name", guest.name}, {"role", guest.role}});
  const Recording recording = episode.recording.value_or(Recording{});
  return {{"id", episode.id},
          {"number", episode.number},
          {"title", episode.title},
          {"airDate", episode.airDate},
          {"episodeState", toString(episode.state)},
          {"questionsOpen", episode.questionsOpen},
          {"guests", guests},
          {"topics", episode.topics},
          {"startedAt", episode.startedAt},
          {"endedAt", episode.endedAt},
          {"hasRecording", episode.recording.has_value()},
          {"recordingEngine", recording.engine},
          {"recordingFile", recording.file},
          {"recordingBytes", static_cast<double>(recording.bytes)},
          {"recordingState", recording.state},
          {"recordingError", recording.error}};
}

}  // namespace sporazum::studio

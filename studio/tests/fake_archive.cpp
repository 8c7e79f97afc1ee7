#include "fake_archive.hpp"

#include <QJsonArray>

#include "test_messages.hpp"

namespace sporazum::studio::testing {
namespace {

const char* const kSummaryKeys[] = {"number", "title",           "titles",   "airDate", "airTime",
                                    "state",  "durationSeconds", "loudness", "poster",  "version"};

QJsonObject summaryOf(const QJsonObject& detail) {
  QJsonObject summary;
  for (const char* key : kSummaryKeys)
    summary.insert(key, detail.value(key));
  return summary;
}

}  // namespace

FakeArchive::FakeArchive() {
  const QJsonObject detail = example("staff.to_staff.archive_detail.json")["episode"].toObject();
  details_.insert(23, detail);
  QJsonObject planned =
      example("staff.to_staff.archive_episode_list.json")["episodes"].toArray()[1].toObject();
  for (const char* key : {"descriptions", "topics", "questions", "thumbnails"})
    planned.insert(key, QJsonArray{});
  planned["descriptions"] = QJsonObject{};
  planned["guests"] = QJsonArray{};
  for (const char* key :
       {"proxy", "master", "programmeStart", "startedAt", "endedAt", "archivedAt"})
    planned.insert(key, QJsonValue::Null);
  details_.insert(24, planned);
}

std::optional<QJsonObject> FakeArchive::handle(const QJsonObject& request) {
  const QString type = request.value("type").toString();
  const QString id = request.value("id").toString();
  if (type == "archive_episodes") return list(id);
  if (type == "archive_search") {
    if (request.value("query").toString().trimmed().isEmpty()) {
      return error(id, "empty_query", "nothing to search for");
    }
    QJsonObject hits = example("staff.to_staff.archive_hits.json");
    hits["id"] = id;
    return hits;
  }
  if (type == "archive_get") {
    const int number = request.value("number").toInt();
    if (!details_.contains(number)) return error(id, "not_found", "no such episode");
    return QJsonObject{{"type", "archive_detail"}, {"id", id}, {"episode", details_[number]}};
  }
  if (type == "archive_edit") return edit(request);
  return std::nullopt;
}

QJsonObject FakeArchive::list(const QString& id) const {
  QJsonArray episodes;
  // Newest air date first, as the server answers.
  for (auto it = details_.end(); it != details_.begin();) {
    --it;
    episodes.append(summaryOf(*it));
  }
  return {{"type", "archive_episode_list"}, {"id", id}, {"episodes", episodes}};
}

QJsonObject FakeArchive::edit(const QJsonObject& request) {
  const QString id = request.value("id").toString();
  const int number = request.value("number").toInt();
  if (!details_.contains(number)) return error(id, "not_found", "no such episode");
  QJsonObject& detail = details_[number];
  if (request.value("version").toInteger() != detail.value("version").toInteger()) {
    QJsonObject refusal = error(id, "conflict", "somebody saved a newer version first");
    refusal["episode"] = detail;
    return refusal;
  }
  for (const char* key : {"titles", "descriptions"}) {
    if (!request.contains(key)) continue;
    QJsonObject texts = detail.value(key).toObject();
    const QJsonObject changes = request.value(key).toObject();
    for (auto it = changes.begin(); it != changes.end(); ++it) {
      if (it.value().toString().size() > 200 && QLatin1String(key) == QLatin1String("titles")) {
        return error(id, "field_too_long", "at most 200 characters",
                     QStringLiteral("titles.") + it.key());
      }
      if (it.value().toString().isEmpty()) {
        texts.remove(it.key());
      } else {
        texts.insert(it.key(), it.value());
      }
    }
    detail.insert(key, texts);
  }
  if (request.contains("airDate")) detail["airDate"] = request["airDate"];
  if (request.contains("airTime")) {
    const QString time = request["airTime"].toString();
    detail["airTime"] =
        time.isEmpty() ? QJsonValue() : QJsonValue(time.size() == 5 ? time + ":00" : time);
  }
  if (request.contains("topics")) detail["topics"] = request["topics"];
  QJsonArray guests = detail.value("guests").toArray();
  for (const QJsonValue& change : request.value("appearances").toArray()) {
    for (qsizetype i = 0; i < guests.size(); ++i) {
      QJsonObject guest = guests[i].toObject();
      if (guest["position"] != change.toObject()["position"]) continue;
      for (const char* key : {"role", "party"}) {
        if (change.toObject().contains(key)) guest[key] = change.toObject()[key];
      }
      guests[i] = guest;
    }
  }
  detail["guests"] = guests;
  detail["version"] = detail.value("version").toInteger() + 1;
  ++editCount_;
  return {{"type", "archive_detail"}, {"id", id}, {"episode", detail}};
}

void FakeArchive::saveElsewhere(int number, const QJsonObject& change) {
  QJsonObject& detail = details_[number];
  for (auto it = change.begin(); it != change.end(); ++it)
    detail.insert(it.key(), it.value());
  detail["version"] = detail.value("version").toInteger() + 1;
}

void FakeArchive::setProxyUrl(int number, const QString& url) {
  QJsonObject& detail = details_[number];
  QJsonObject proxy = detail.value("proxy").toObject();
  proxy["url"] = url;
  detail["proxy"] = proxy;
}

QJsonObject FakeArchive::error(const QString& id, const QString& code, const QString& message,
                               const QString& field) {
  QJsonObject refusal{{"type", "error"}, {"id", id}, {"code", code}, {"message", message}};
  if (!field.isEmpty()) refusal["field"] = field;
  return refusal;
}

}  // namespace sporazum::studio::testing

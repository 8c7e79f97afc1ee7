#include "fake_show.hpp"

#include <QDateTime>
#include <algorithm>

namespace sporazum::studio::testing {
namespace {

const QStringList kLayers = {"lower_third", "super", "logo", "qr", "ticker", "clock"};

QJsonObject done(const QString& id) {
  return {{"type", "done"}, {"id", id}};
}

}  // namespace

QJsonObject errorReply(const QString& id, const QString& code, const QString& message,
                       const QString& field) {
  QJsonObject reply{{"type", "error"}, {"id", id}, {"code", code}, {"message", message}};
  if (!field.isEmpty()) reply.insert("field", field);
  return reply;
}

QString isoNow() {
  return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

void FakeShow::addEpisode(const QJsonObject& episode) {
  episodes_.append(episode);
}

qint64 FakeShow::currentId() const {
  qint64 newest = 0;
  for (const QJsonObject& e : episodes_) {
    if (e["state"].toString() == "live") return e["id"].toInteger();
    newest = std::max(newest, e["id"].toInteger());
  }
  return newest;
}

void FakeShow::followCurrent(qint64 before, QList<QJsonObject>& pushes) {
  pushes.append(showMessage());
  if (currentId() == before) return;
  // The fake holds the current episode's questions only; a new current one has none yet.
  questions_.clear();
  pushes += queueMessages();
}

void FakeShow::addQuestion(const QJsonObject& question) {
  questions_.insert(question["id"].toInteger(), question);
}

void FakeShow::setLowerThirdOnAir(qint64 questionId) {
  onAir_.insert("lower_third", lowerThirdOf(questionId));
  onAirSeq_.insert("lower_third", ++seq_);
}

void FakeShow::setOnAir(const QString& layer, const QJsonObject& graphic) {
  onAir_.insert(layer, graphic);
  onAirSeq_.insert(layer, ++seq_);
}

QJsonObject FakeShow::episode(qint64 id) const {
  const int index = indexOfEpisode(id);
  return index >= 0 ? episodes_[index] : QJsonObject();
}

QJsonObject FakeShow::showMessage() const {
  const int index = indexOfEpisode(currentId());
  return {{"type", "show"}, {"episode", index >= 0 ? QJsonValue(episodes_[index]) : QJsonValue()}};
}

QList<QJsonObject> FakeShow::queueMessages(int chunk) const {
  QList<QJsonObject> messages;
  QJsonArray part;
  const QJsonValue episode = currentId() > 0 ? QJsonValue(currentId()) : QJsonValue();
  const QList<QJsonObject> all = questions_.values();
  for (qsizetype i = 0; i < all.size(); ++i) {
    part.append(all[i]);
    if (part.size() == chunk && i + 1 < all.size()) {
      messages.append(QJsonObject{
          {"type", "queue"}, {"episode", episode}, {"questions", part}, {"complete", false}});
      part = {};
    }
  }
  messages.append(QJsonObject{
      {"type", "queue"}, {"episode", episode}, {"questions", part}, {"complete", true}});
  return messages;
}

QJsonObject FakeShow::programmeMessage() const {
  QJsonArray layers;
  for (const QString& layer : kLayers) {
    layers.append(QJsonObject{{"layer", layer},
                              {"cued", cued_.value(layer, QJsonValue())},
                              {"onAir", onAir_.value(layer, QJsonValue())},
                              {"onAirSeq", onAirSeq_.value(layer, 0)}});
  }
  return {{"type", "programme"}, {"seq", seq_}, {"layers", layers}};
}

std::optional<FakeShow::Outcome> FakeShow::handle(const QJsonObject& request,
                                                  const QString& username) {
  const QString type = request["type"].toString();
  const QString id = request["id"].toString();
  if (type == "episodes") return episodeList(id);
  if (type == "episode_save") return saveEpisode(request);
  if (type == "episode_start") return startEpisode(request);
  if (type == "episode_end") return endEpisode(request);
  if (type == "queue_move") return moveInQueue(request, username, false);
  if (type == "queue_remove") return moveInQueue(request, username, true);
  if (type == "graphics") return graphics(request);
  return std::nullopt;
}

QJsonObject FakeShow::touch(qint64 questionId, const QString& by, const QString& action) {
  bump(questionId, by, action);
  return changes({questionId});
}

FakeShow::Outcome FakeShow::episodeList(const QString& id) const {
  QList<QJsonObject> sorted = episodes_;
  std::stable_sort(sorted.begin(), sorted.end(), [](const QJsonObject& a, const QJsonObject& b) {
    return a["airDate"].toString() > b["airDate"].toString();
  });
  QJsonArray list;
  for (const QJsonObject& episode : sorted)
    list.append(episode);
  return {{{"type", "episode_list"}, {"id", id}, {"episodes", list}}, {}};
}

FakeShow::Outcome FakeShow::saveEpisode(const QJsonObject& request) {
  const QString id = request["id"].toString();
  const QJsonObject draft = request["episode"].toObject();
  const qint64 episodeId = draft["id"].toInteger();
  const qint64 number = draft["number"].toInteger();
  if (number < 1 || number > 9999) {
    return {errorReply(id, "bad_field", "number must be 1–9999", "number"), {}};
  }
  if (draft["title"].toString().trimmed().isEmpty()) {
    return {errorReply(id, "bad_field", "title must not be empty", "title"), {}};
  }
  for (const QJsonObject& other : episodes_) {
    if (other["number"].toInteger() == number && other["id"].toInteger() != episodeId) {
      return {errorReply(id, "episode_number_taken",
                         QStringLiteral("another episode has the number %1").arg(number), "number"),
              {}};
    }
  }
  QJsonObject episode;
  Outcome outcome;
  if (episodeId == 0) {
    qint64 next = 1;
    for (const QJsonObject& other : episodes_)
      next = std::max(next, other["id"].toInteger() + 1);
    episode = QJsonObject{{"id", next},
                          {"state", "planned"},
                          {"questionsOpen", false},
                          {"startedAt", QJsonValue()},
                          {"endedAt", QJsonValue()},
                          {"recording", QJsonValue()}};
  } else {
    const int index = indexOfEpisode(episodeId);
    if (index < 0) return {errorReply(id, "not_found", "there is no such episode"), {}};
    episode = episodes_[index];
  }
  for (const char* key : {"number", "title", "airDate", "guests", "topics"})
    episode[key] = draft[key];
  const qint64 before = currentId();
  if (episodeId == 0) {
    episodes_.append(episode);
  } else {
    episodes_[indexOfEpisode(episodeId)] = episode;
  }
  // A new episode is the current one unless a show is live.
  if (currentId() != before || episodeId == before) followCurrent(before, outcome.pushes);
  outcome.reply = {{"type", "episode_saved"}, {"id", id}, {"episode", episode}};
  return outcome;
}

FakeShow::Outcome FakeShow::startEpisode(const QJsonObject& request) {
  const QString id = request["id"].toString();
  const int index = indexOfEpisode(request["episode"].toInteger());
  if (index < 0) return {errorReply(id, "not_found", "there is no such episode"), {}};
  QJsonObject& episode = episodes_[index];
  if (episode["state"].toString() != "planned") {
    return {errorReply(id, "not_allowed",
                       "the episode is " + episode["state"].toString() +
                           ": only a planned episode starts"),
            {}};
  }
  for (const QJsonObject& other : episodes_) {
    if (other["state"].toString() == "live") {
      return {
          errorReply(
              id, "not_allowed",
              QStringLiteral("episode %1 is live: end it first").arg(other["number"].toInteger())),
          {}};
    }
  }
  const qint64 before = currentId();
  const QString now = isoNow();
  episode["state"] = "live";
  episode["questionsOpen"] = true;
  episode["startedAt"] = now;
  episode["recording"] =
      QJsonObject{{"engine", "engine-main"},
                  {"file", QStringLiteral("var/recordings/episode-%1-20261123T200004Z.ts")
                               .arg(episode["number"].toInteger())},
                  {"bytes", 0},
                  {"state", "recording"}};
  Outcome outcome{done(id), {}};
  followCurrent(before, outcome.pushes);
  return outcome;
}

FakeShow::Outcome FakeShow::endEpisode(const QJsonObject& request) {
  const QString id = request["id"].toString();
  const int index = indexOfEpisode(request["episode"].toInteger());
  if (index < 0) return {errorReply(id, "not_found", "there is no such episode"), {}};
  QJsonObject& episode = episodes_[index];
  if (episode["state"].toString() != "live") {
    return {errorReply(
                id, "not_allowed",
                "the episode is " + episode["state"].toString() + ": only the live episode ends"),
            {}};
  }
  const qint64 before = currentId();
  episode["state"] = "aired";
  episode["questionsOpen"] = false;
  episode["endedAt"] = isoNow();
  QJsonObject recording = episode["recording"].toObject();
  recording["state"] = "done";
  recording["bytes"] = qint64(4'815'162'342);
  episode["recording"] = recording;
  QList<qint64> changed;
  if (const qint64 aired = takeOffAir()) changed.append(aired);
  for (auto it = questions_.begin(); it != questions_.end(); ++it) {
    const QString state = it.value()["state"].toString();
    if (state != "approved" && state != "queued") continue;
    it.value()["state"] = "not_selected";
    it.value()["position"] = QJsonValue();
    it.value()["version"] = it.value()["version"].toInteger() + 1;
    changed.append(it.key());
  }
  for (const QString& layer : kLayers)
    onAir_.remove(layer);
  ++seq_;
  QJsonObject notSelected = changes(changed);
  notSelected["episode"] = before;  // they belong to the episode that ended
  Outcome outcome{done(id), {notSelected, programmeMessage()}};
  // The newest episode is current once none is live.
  followCurrent(before, outcome.pushes);
  return outcome;
}

FakeShow::Outcome FakeShow::moveInQueue(const QJsonObject& request, const QString& username,
                                        bool isRemove) {
  const QString id = request["id"].toString();
  const qint64 questionId = request["question"].toInteger();
  auto found = questions_.find(questionId);
  if (found == questions_.end()) {
    return {errorReply(id, "not_found", "no such question in this episode"), {}};
  }
  if (found.value()["version"].toInteger() != request["version"].toInteger()) {
    const auto [who, action] = lastChange_.value(questionId, {"Marko", "queue_move"});
    return {
        QJsonObject{{"type", "conflict"},
                    {"id", id},
                    {"question", found.value()},
                    {"changedBy", who},
                    {"action", action},
                    {"message", who + " changed this question (" + action + ") after you saw it"}},
        {}};
  }
  const QString state = found.value()["state"].toString();
  if (isRemove ? state != "queued" : (state != "approved" && state != "queued")) {
    return {errorReply(id, "not_allowed", "the question is " + state), {}};
  }
  QList<qint64> order = runningOrder();
  const QList<qint64> before = order;
  order.removeAll(questionId);
  if (!isRemove) {
    const qint64 position = std::clamp<qint64>(request["position"].toInteger(), 1,
                                               static_cast<qint64>(order.size()) + 1);
    order.insert(position - 1, questionId);
  }
  if (order == before && state == "queued" && !isRemove) {
    // A move to where it already is changes nothing.
    return {{{"type", "done"},
             {"id", id},
             {"question", questionId},
             {"version", found.value()["version"]}},
            {}};
  }
  if (isRemove) {
    found.value()["state"] = "approved";
    found.value()["position"] = QJsonValue();
  } else {
    found.value()["state"] = "queued";
  }
  QList<qint64> changed = renumber(order);
  if (!changed.contains(questionId)) changed.append(questionId);
  for (qint64 each : changed)
    bump(each, username, isRemove ? "queue_remove" : "queue_move");
  return {{{"type", "done"},
           {"id", id},
           {"question", questionId},
           {"version", questions_[questionId]["version"]}},
          {changes(changed)}};
}

FakeShow::Outcome FakeShow::graphics(const QJsonObject& request) {
  const QString id = request["id"].toString();
  const QString action = request["action"].toString();
  const QString layer = request["layer"].toString();
  const QJsonObject graphic = request["graphic"].toObject();
  QList<qint64> changed;
  if (action == "cue") {
    cued_.insert(layer, layer == "lower_third" ? lowerThirdOf(graphic["questionId"].toInteger())
                                               : QJsonValue(graphic));
  } else if (action == "take") {
    QJsonValue next =
        request.contains("graphic")
            ? (layer == "lower_third" ? lowerThirdOf(graphic["questionId"].toInteger())
                                      : QJsonValue(graphic))
            : cued_.value(layer, QJsonValue());
    if (next.isNull() || next.isUndefined()) {
      return {errorReply(id, "nothing_cued", "nothing is cued on " + layer), {}};
    }
    if (!request.contains("graphic")) cued_.remove(layer);
    if (layer == "lower_third") {
      if (const qint64 aired = takeOffAir()) changed.append(aired);
      const qint64 questionId = next.toObject()["questionId"].toInteger();
      QList<qint64> order = runningOrder();
      order.removeAll(questionId);
      QList<qint64> moved = renumber(order);  // the ones after it move up
      QJsonObject& q = questions_[questionId];
      q["state"] = "on_air";
      q["position"] = QJsonValue();
      q["onAirAt"] = isoNow();
      q["offAirAt"] = QJsonValue();
      moved.append(questionId);
      for (qint64 each : moved)
        bump(each, "pera", "take");
      changed += moved;
    }
    onAir_.insert(layer, next);
    onAirSeq_.insert(layer, seq_ + 1);
  } else if (action == "clear" || action == "clear_all") {
    if (action == "clear_all" || layer == "lower_third") {
      if (const qint64 aired = takeOffAir()) changed.append(aired);
    }
    if (action == "clear_all") {
      onAir_.clear();
    } else {
      onAir_.remove(layer);
    }
  }
  ++seq_;
  Outcome outcome{{{"type", "graphics_ok"}, {"id", id}, {"seq", seq_}}, {programmeMessage()}};
  if (!changed.isEmpty()) outcome.pushes.append(changes(changed));
  if (action == "take") {
    // The engine's first frame with it: the tally.
    outcome.pushes.append(QJsonObject{{"type", "as_run"},
                                      {"engine", "engine-main"},
                                      {"seq", seq_},
                                      {"layer", layer},
                                      {"event", "on_air"},
                                      {"questionId", QJsonValue()},
                                      {"runningTimeNs", 0},
                                      {"wallTime", isoNow()}});
  }
  return outcome;
}

QList<qint64> FakeShow::runningOrder() const {
  QList<QJsonObject> queued;
  for (const QJsonObject& q : questions_) {
    if (q["state"].toString() == "queued") queued.append(q);
  }
  std::stable_sort(queued.begin(), queued.end(), [](const QJsonObject& a, const QJsonObject& b) {
    return a["position"].toInteger() < b["position"].toInteger();
  });
  QList<qint64> order;
  for (const QJsonObject& q : queued)
    order.append(q["id"].toInteger());
  return order;
}

QList<qint64> FakeShow::renumber(const QList<qint64>& order) {
  QList<qint64> changed;
  for (qsizetype i = 0; i < order.size(); ++i) {
    QJsonObject& q = questions_[order[i]];
    if (q["position"].toInteger() != i + 1) {
      q["position"] = i + 1;
      changed.append(order[i]);
    }
  }
  return changed;
}

QJsonObject FakeShow::changes(const QList<qint64>& ids) const {
  QJsonArray list;
  for (qint64 id : ids)
    list.append(questions_.value(id));
  return {{"type", "queue_changes"}, {"episode", currentId()}, {"questions", list}};
}

void FakeShow::bump(qint64 questionId, const QString& by, const QString& action) {
  QJsonObject& q = questions_[questionId];
  q["version"] = q["version"].toInteger() + 1;
  lastChange_.insert(questionId, {by, action});
}

int FakeShow::indexOfEpisode(qint64 id) const {
  for (qsizetype i = 0; i < episodes_.size(); ++i) {
    if (episodes_[i]["id"].toInteger() == id) return static_cast<int>(i);
  }
  return -1;
}

QJsonObject FakeShow::lowerThirdOf(qint64 questionId) const {
  const QJsonObject q = questions_.value(questionId);
  QJsonObject graphic{{"questionId", questionId}, {"text", q["text"]}};
  for (const char* key : {"viewerName", "municipality", "language"}) {
    if (q[key].isString()) graphic.insert(key, q[key]);
  }
  return graphic;
}

qint64 FakeShow::takeOffAir() {
  for (auto it = questions_.begin(); it != questions_.end(); ++it) {
    if (it.value()["state"].toString() != "on_air") continue;
    it.value()["state"] = "aired";
    it.value()["offAirAt"] = isoNow();
    it.value()["version"] = it.value()["version"].toInteger() + 1;
    return it.key();
  }
  return 0;
}

}  // namespace sporazum::studio::testing

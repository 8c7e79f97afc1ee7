// The queue's messages against schema/examples (the server's own examples, read from the source
// tree) and hostile variants.

#include "sporazum/studio/queue_protocol.hpp"

#include <gtest/gtest.h>

#include "gtest_qt.hpp"

#include <QJsonArray>
#include <QJsonDocument>

#include "test_messages.hpp"

namespace sporazum::studio {
namespace {

using testing::example;
using testing::fieldsOf;
using testing::question;

TEST(QueueProtocol, ReadsTheExampleQueueFieldByField) {
  const QJsonObject message = example("staff.to_staff.queue.json");
  auto batch = parseQueueBatch(message);
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(batch->episode, 7);
  EXPECT_TRUE(batch->isComplete);
  ASSERT_EQ(batch->questions.size(), 2);

  auto aired = parseQueueQuestion(batch->questions[0]);
  ASSERT_TRUE(aired) << aired.error().message;
  EXPECT_EQ(aired->id, 112);
  EXPECT_EQ(aired->version, 9);
  EXPECT_EQ(aired->state, QueueState::Aired);
  EXPECT_EQ(aired->text, QString::fromUtf8("Зашто нема воде у Звечану?"));
  EXPECT_FALSE(aired->edited);
  EXPECT_TRUE(aired->viewerName.isEmpty()) << "null: no consent";
  EXPECT_EQ(aired->municipality, "zvecan");
  EXPECT_EQ(aired->language, "sr-Cyrl");
  EXPECT_TRUE(aired->topic.isEmpty());
  EXPECT_FALSE(aired->position.has_value());
  EXPECT_EQ(aired->onAirAt, "2026-11-23T20:14:05.120Z");
  EXPECT_EQ(aired->offAirAt, "2026-11-23T20:16:30.000Z");

  auto queued = parseQueueQuestion(batch->questions[1]);
  ASSERT_TRUE(queued) << queued.error().message;
  EXPECT_EQ(queued->id, 118);
  EXPECT_EQ(queued->version, 6);
  EXPECT_EQ(queued->state, QueueState::Queued);
  EXPECT_EQ(queued->text, QString::fromUtf8("Kada će biti popravljen put?"));
  EXPECT_EQ(queued->viewerText, "kada ce biti popravljen put???");
  EXPECT_TRUE(queued->edited);
  EXPECT_EQ(queued->viewerName, "Milica");
  EXPECT_EQ(queued->municipality, "zubin-potok");
  EXPECT_EQ(queued->language, "sr-Latn");
  EXPECT_EQ(queued->topic, "roads");
  EXPECT_EQ(queued->askCount, 3);
  EXPECT_EQ(queued->position, 2) << "1-based, as sent";
  EXPECT_EQ(queued->receivedAt, "2026-11-23T20:03:11.020Z");
  EXPECT_TRUE(queued->onAirAt.isEmpty());
  EXPECT_TRUE(queued->offAirAt.isEmpty());
}

TEST(QueueProtocol, ReadsTheExampleChanges) {
  auto batch = parseQueueBatch(example("staff.to_staff.queue_changes.json"));
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(batch->episode, 7);
  ASSERT_EQ(batch->questions.size(), 1);
  auto moved = parseQueueQuestion(batch->questions[0]);
  ASSERT_TRUE(moved);
  EXPECT_EQ(moved->version, 7);
  EXPECT_EQ(moved->position, 1);
}

TEST(QueueProtocol, RequestsAreTheExamplesFieldForField) {
  EXPECT_EQ(queueMoveFields(118, 6, 1), fieldsOf(example("staff.to_server.queue_move.json")));
  EXPECT_EQ(queueRemoveFields(118, 7), fieldsOf(example("staff.to_server.queue_remove.json")));
  EXPECT_EQ(kQueueMoveType, example("staff.to_server.queue_move.json")["type"].toString());
  EXPECT_EQ(kQueueRemoveType, example("staff.to_server.queue_remove.json")["type"].toString());
}

TEST(QueueProtocol, AQuestionThatLeftTheQueuesStatesIsMarkedLeft) {
  for (const char* state : {"received", "held", "rejected", "merged", "some_future_state"}) {
    auto q = parseQueueQuestion(question(5, state, "Pitanje"));
    ASSERT_TRUE(q) << state;
    EXPECT_EQ(q->state, QueueState::Left) << state;
    EXPECT_EQ(q->leftAs, state);
  }
}

TEST(QueueProtocol, APositionCountsOnlyWhileQueued) {
  auto approved = parseQueueQuestion(question(5, "approved", "a", 3));
  ASSERT_TRUE(approved);
  EXPECT_FALSE(approved->position.has_value());
  auto queued = parseQueueQuestion(question(5, "queued", "a", 3));
  ASSERT_TRUE(queued);
  EXPECT_EQ(queued->position, 3);
  auto queuedWithout = parseQueueQuestion(question(5, "queued", "a"));
  ASSERT_TRUE(queuedWithout) << "the model sorts it last";
  EXPECT_FALSE(queuedWithout->position.has_value());
}

TEST(QueueProtocol, RefusesWrongTypesNamingTheFieldButNeverQuotingTheText) {
  const QString secret = "Tajno pitanje gledaoca";
  const std::pair<const char*, QJsonValue> bad[] = {
      {"id", "118"},
      {"id", 0},
      {"id", 1.5},
      {"version", QJsonValue::Null},
      {"version", 0},
      {"version", 3e10},
      {"state", "Queued"},
      {"state", "on air"},
      {"state", 3},
      {"state", ""},
      {"text", QJsonValue::Null},
      {"text", QString(5000, 'x')},
      {"viewerText", 12},
      {"viewerText", QJsonValue::Null},
      {"edited", "yes"},
      {"edited", QJsonValue::Null},
      {"viewerName", QJsonArray{}},
      {"municipality", false},
      {"language", "de"},
      {"language", 1},
      {"topic", QJsonObject{}},
      {"askCount", 0},
      {"askCount", "3"},
      {"askCount", QJsonValue::Null},
      {"position", 0},
      {"position", -1},
      {"position", "1"},
      {"position", 1.5},
      {"receivedAt", 17},
      {"receivedAt", "yesterday"},
      {"receivedAt", QJsonValue::Null},
      {"onAirAt", "20:14"},
      {"offAirAt", 5},
  };
  for (const auto& [field, value] : bad) {
    QJsonObject wire = question(9, "queued", secret, 1);
    wire[QLatin1String(field)] = value;
    auto q = parseQueueQuestion(wire);
    ASSERT_FALSE(q) << field << " = " << QJsonDocument(QJsonArray{value}).toJson().toStdString();
    EXPECT_EQ(q.error().code, "bad_question");
    EXPECT_EQ(q.error().field, field);
    EXPECT_EQ(q.error().message.find(secret.toStdString()), std::string::npos);
  }
  EXPECT_FALSE(parseQueueQuestion(QJsonValue("a string")));
  EXPECT_FALSE(parseQueueQuestion(QJsonValue(QJsonArray{1})));
  for (const char* required :
       {"id", "version", "state", "text", "viewerText", "edited", "askCount", "receivedAt"}) {
    QJsonObject missing = question(9, "queued", secret, 1);
    missing.remove(QLatin1String(required));
    EXPECT_FALSE(parseQueueQuestion(missing)) << required;
  }
  // The nullable ones may also be absent: unknown and missing optional fields are tolerated.
  QJsonObject sparse = question(9, "queued", secret, 1);
  for (const char* optional :
       {"viewerName", "municipality", "language", "topic", "onAirAt", "offAirAt"}) {
    sparse.remove(QLatin1String(optional));
  }
  sparse["somethingNew"] = true;
  EXPECT_TRUE(parseQueueQuestion(sparse));
}

TEST(QueueProtocol, RefusesMalformedQueueMessages) {
  using testing::queueChanges;
  using testing::queueMessage;
  QJsonObject noList = queueMessage({});
  noList["questions"] = QJsonObject{};
  QJsonObject noComplete = queueMessage({});
  noComplete.remove("complete");
  QJsonObject stringComplete = queueMessage({});
  stringComplete["complete"] = "true";
  QJsonObject badEpisode = queueMessage({});
  badEpisode["episode"] = "7";
  QJsonObject changesWithoutEpisode = queueChanges({});
  changesWithoutEpisode["episode"] = QJsonValue::Null;
  QJsonObject otherType = queueMessage({});
  otherType["type"] = "snapshot";
  for (const QJsonObject& message :
       {noList, noComplete, stringComplete, badEpisode, changesWithoutEpisode, otherType}) {
    auto batch = parseQueueBatch(message);
    ASSERT_FALSE(batch) << QJsonDocument(message).toJson().toStdString();
    EXPECT_EQ(batch.error().code, "bad_message");
  }
  auto noEpisode = parseQueueBatch(queueMessage({}, 0));
  ASSERT_TRUE(noEpisode) << "a snapshot may have no episode";
  EXPECT_FALSE(noEpisode->episode.has_value());
}

TEST(QueueProtocol, ReadsAConflictAboutAQuestion) {
  const QJsonObject message{
      {"type", "conflict"},
      {"id", "q1"},
      {"question", question(118, "queued", "x", 1, 8)},
      {"changedBy", "Pera"},
      {"action", "queue_move"},
      {"message", "Pera changed this question (queue_move) after you saw it"}};
  auto conflict = parseQueueConflict(message);
  ASSERT_TRUE(conflict) << conflict.error().message;
  EXPECT_EQ(conflict->questionId, 118);
  EXPECT_EQ(conflict->changedBy, "Pera");
  EXPECT_EQ(conflict->action, "queue_move");

  QJsonObject nobody = message;
  nobody["changedBy"] = QJsonValue::Null;
  nobody["action"] = QJsonValue::Null;
  auto anonymous = parseQueueConflict(nobody);
  ASSERT_TRUE(anonymous);
  EXPECT_TRUE(anonymous->changedBy.isEmpty());

  QJsonObject noQuestion = message;
  noQuestion["question"] = 118;
  EXPECT_FALSE(parseQueueConflict(noQuestion));
}

}  // namespace
}  // namespace sporazum::studio

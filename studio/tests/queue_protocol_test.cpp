// The provisional queue shape (queue_protocol.hpp): change this test with the real protocol.

#include "sporazum/studio/queue_protocol.hpp"

#include <gtest/gtest.h>

#include "gtest_qt.hpp"

#include <QJsonArray>

#include "test_messages.hpp"

namespace sporazum::studio {
namespace {

using testing::question;

TEST(QueueProtocol, ReadsEveryFieldOfAQuestion) {
  QJsonObject wire =
      question(118, "queued", QString::fromUtf8("Kada će biti popravljen put?"), 2, 5);
  wire["viewerText"] = QString::fromUtf8("kada ce biti popravljen put???");
  wire["edited"] = true;
  wire["viewerName"] = "Milica";
  wire["topic"] = "roads";
  wire["askCount"] = 3;
  auto q = parseQueueQuestion(wire);
  ASSERT_TRUE(q) << q.error().message;
  EXPECT_EQ(q->id, 118);
  EXPECT_EQ(q->version, 5);
  EXPECT_EQ(q->state, QueueState::Queued);
  EXPECT_EQ(q->text, QString::fromUtf8("Kada će biti popravljen put?"));
  EXPECT_EQ(q->viewerText, "kada ce biti popravljen put???");
  EXPECT_TRUE(q->edited);
  EXPECT_EQ(q->viewerName, "Milica");
  EXPECT_EQ(q->municipality, "zubin-potok");
  EXPECT_EQ(q->language, "sr-Latn");
  EXPECT_EQ(q->topic, "roads");
  EXPECT_EQ(q->askCount, 3);
  EXPECT_EQ(q->position, 2);
  EXPECT_EQ(q->receivedAt, "2026-11-23T20:01:02.000Z");
}

TEST(QueueProtocol, NullsAndAbsentOptionalFieldsAreEmpty) {
  const QJsonObject minimal{{"id", 7}, {"version", 1}, {"state", "approved"}, {"text", "Pitanje"}};
  auto q = parseQueueQuestion(minimal);
  ASSERT_TRUE(q) << q.error().message;
  EXPECT_EQ(q->viewerText, "Pitanje") << "no original: the text itself";
  EXPECT_FALSE(q->edited);
  EXPECT_TRUE(q->viewerName.isEmpty());
  EXPECT_TRUE(q->language.isEmpty());
  EXPECT_EQ(q->askCount, 1);
  EXPECT_FALSE(q->position.has_value());
}

TEST(QueueProtocol, RefusesWrongTypesNamingTheFieldButNeverQuotingTheText) {
  const QString secret = "Tajno pitanje gledaoca";
  const std::pair<const char*, QJsonValue> bad[] = {
      {"id", "118"},
      {"id", 0},
      {"id", 1.5},
      {"version", QJsonValue::Null},
      {"state", "held"},
      {"state", 3},
      {"text", QJsonValue::Null},
      {"text", QString(5000, 'x')},
      {"viewerText", 12},
      {"edited", "yes"},
      {"viewerName", QJsonArray{}},
      {"municipality", false},
      {"language", "de"},
      {"language", 1},
      {"topic", QJsonObject{}},
      {"askCount", 0},
      {"askCount", "3"},
      {"position", -1},
      {"position", "1"},
      {"receivedAt", 17},
  };
  for (const auto& [field, value] : bad) {
    QJsonObject wire = question(9, "queued", secret, 1);
    wire[QLatin1String(field)] = value;
    auto q = parseQueueQuestion(wire);
    ASSERT_FALSE(q) << field;
    EXPECT_EQ(q.error().code, "bad_question");
    EXPECT_EQ(q.error().field, field);
    EXPECT_EQ(q.error().message.find(secret.toStdString()), std::string::npos);
  }
  EXPECT_FALSE(parseQueueQuestion(QJsonValue("a string")));
  EXPECT_FALSE(parseQueueQuestion(QJsonValue(QJsonArray{1})));
  QJsonObject noId = question(9, "queued", secret);
  noId.remove("id");
  EXPECT_FALSE(parseQueueQuestion(noId));
}

TEST(QueueProtocol, RequestsCarryTheVersionTheProducerSaw) {
  EXPECT_EQ(queueMoveFields(118, 4, 2),
            (QJsonObject{{"question", 118}, {"version", 4}, {"position", 2}}));
  EXPECT_EQ(queueRemoveFields(118, 4), (QJsonObject{{"question", 118}, {"version", 4}}));
  EXPECT_EQ(kQueueMoveType, "queue_move");
  EXPECT_EQ(kQueueRemoveType, "queue_remove");
}

}  // namespace
}  // namespace sporazum::studio

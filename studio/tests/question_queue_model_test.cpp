#include "sporazum/studio/question_queue_model.hpp"

#include <gtest/gtest.h>

#include "gtest_qt.hpp"

#include <QElapsedTimer>
#include <QSignalSpy>

#include "model_tester.hpp"
#include "sporazum/studio/question_filter_model.hpp"
#include "test_messages.hpp"

namespace sporazum::studio {
namespace {

using testing::ModelCheck;
using testing::question;
using Role = QuestionQueueModel::Role;

class QuestionQueueModelTest : public ::testing::Test {
 protected:
  QuestionQueueModel queue_;
  QuestionFilterModel view_{queue_};
  ModelCheck check_{&queue_, &view_};

  QList<qint64> viewIds() const {
    QList<qint64> ids;
    for (int row = 0; row < view_.rowCount(); ++row)
      ids.append(view_.questionIdAt(row));
    return ids;
  }

  void TearDown() override {
    EXPECT_TRUE(check_.failures().isEmpty()) << check_.failures().join('\n').toStdString();
  }
};

TEST_F(QuestionQueueModelTest, AHigherVersionReplacesAQuestionAndALowerOneIsIgnored) {
  ASSERT_EQ(queue_.replaceAll({question(1, "approved", "Prvo", QJsonValue::Null, 3),
                               question(2, "queued", "Drugo", 1, 1)}),
            2);
  EXPECT_EQ(queue_.upsert({question(1, "queued", "Prvo, izmenjeno", 1, 4)}), 1);
  EXPECT_EQ(queue_.get(1).value("text").toString(), "Prvo, izmenjeno");
  EXPECT_EQ(queue_.get(1).value("questionState").toString(), "queued");

  EXPECT_EQ(queue_.upsert({question(1, "approved", "Staro", QJsonValue::Null, 2)}), 0);
  EXPECT_EQ(queue_.upsert({question(1, "approved", "Isto", QJsonValue::Null, 4)}), 0);
  EXPECT_EQ(queue_.get(1).value("text").toString(), "Prvo, izmenjeno");
  EXPECT_EQ(queue_.totalCount(), 2);

  EXPECT_EQ(queue_.upsert({question(3, "approved", "Novo")}), 1);
  EXPECT_EQ(queue_.totalCount(), 3);
}

TEST_F(QuestionQueueModelTest, ASnapshotReplacesEverythingAndKeepsTheHighestVersionOfADuplicate) {
  queue_.replaceAll({question(1, "approved", "a"), question(2, "approved", "b")});
  queue_.replaceAll({question(5, "approved", "v1", QJsonValue::Null, 1),
                     question(5, "approved", "v3", QJsonValue::Null, 3),
                     question(5, "approved", "v2", QJsonValue::Null, 2)});
  ASSERT_EQ(queue_.totalCount(), 1);
  EXPECT_EQ(queue_.get(5).value("text").toString(), "v3");
  EXPECT_TRUE(queue_.get(1).isEmpty());
}

TEST_F(QuestionQueueModelTest, HostileQuestionsAreRefusedAloneAndNothingHeldIsLost) {
  queue_.replaceAll({question(1, "queued", "Dobro", 1)});
  QJsonObject wrongType = question(2, "queued", "x", 1);
  wrongType["askCount"] = "many";
  QJsonObject missingId = question(3, "queued", "y", 2);
  missingId.remove("id");
  QJsonObject unknownState = question(4, "On Air", "z");
  QSignalSpy refused(&queue_, &QuestionQueueModel::refusedChanged);

  EXPECT_EQ(queue_.upsert({wrongType, "not an object", 42, QJsonValue::Null, missingId,
                           unknownState, question(6, "approved", "Takodje dobro")}),
            1);
  EXPECT_EQ(queue_.refusedCount(), 6);
  EXPECT_TRUE(queue_.lastError().contains("askCount")) << queue_.lastError().toStdString();
  EXPECT_GE(refused.count(), 1);
  EXPECT_EQ(queue_.totalCount(), 2);
  EXPECT_EQ(queue_.get(1).value("text").toString(), "Dobro");

  queue_.upsert({question(7, "approved", "ok")});
  EXPECT_EQ(queue_.refusedCount(), 0) << "counts the latest batch";
}

TEST_F(QuestionQueueModelTest, MarkupInViewerTextStaysLiteral) {
  const QString markup = "<b>3 < 5 & true</b>";
  QJsonObject q = question(1, "queued", markup, 1);
  q["viewerName"] = "<i>Milica</i>";
  q["topic"] = "<script>alert(1)</script>";
  queue_.replaceAll({q});
  const QModelIndex index = queue_.index(0);
  EXPECT_EQ(queue_.data(index, Role::TextRole).toString(), markup);
  EXPECT_EQ(queue_.data(index, Role::ViewerNameRole).toString(), "<i>Milica</i>");
  EXPECT_EQ(queue_.topics(), QStringList{"<script>alert(1)</script>"});
}

TEST_F(QuestionQueueModelTest, TenThousandQuestionsLoadAndUpdateQuickly) {
  QJsonArray snapshot;
  QJsonArray changes;
  for (int i = 1; i <= 10'000; ++i) {
    snapshot.append(question(i, i % 2 ? "queued" : "approved",
                             QString("Pitanje broj %1 o putevima").arg(i),
                             i % 2 ? QJsonValue(i / 2 + 1) : QJsonValue(QJsonValue::Null)));
    if (i % 10 == 0) changes.append(question(i, "aired", "Emitovano", QJsonValue::Null, 2));
  }
  QElapsedTimer timer;
  timer.start();
  ASSERT_EQ(queue_.replaceAll(snapshot), 10'000);
  EXPECT_EQ(queue_.upsert(changes), 1'000);
  view_.setSearchText("BROJ 9999");
  EXPECT_EQ(view_.count(), 1);
  EXPECT_LT(timer.elapsed(), 5'000) << "with the model tester attached";
  EXPECT_EQ(queue_.queuedCount(), 5'000);
  EXPECT_EQ(queue_.airedCount(), 1'000);
  EXPECT_EQ(queue_.approvedCount(), 4'000);
}

TEST_F(QuestionQueueModelTest, CountsByStateAndTopics) {
  QJsonObject roads = question(1, "queued", "a", 1);
  roads["topic"] = "roads";
  QJsonObject schools = question(2, "approved", "b");
  schools["topic"] = "schools";
  QJsonObject roadsAgain = question(3, "on_air", "c");
  roadsAgain["topic"] = "roads";
  QSignalSpy counts(&queue_, &QuestionQueueModel::countsChanged);
  queue_.replaceAll(
      {roads, schools, roadsAgain, question(4, "aired", "d"), question(5, "not_selected", "e")});
  EXPECT_EQ(counts.count(), 1);
  EXPECT_EQ(queue_.queuedCount(), 1);
  EXPECT_EQ(queue_.approvedCount(), 1);
  EXPECT_EQ(queue_.onAirCount(), 1);
  EXPECT_EQ(queue_.airedCount(), 1);
  EXPECT_EQ(queue_.notSelectedCount(), 1);
  EXPECT_EQ(queue_.topics(), (QStringList{"roads", "schools"}));
}

TEST_F(QuestionQueueModelTest, TheViewShowsRunningOrder) {
  queue_.replaceAll({question(10, "approved", "approved old"), question(11, "queued", "second", 2),
                     question(12, "aired", "aired"), question(13, "queued", "first", 1),
                     question(14, "on_air", "on air"), question(9, "approved", "approved older"),
                     question(15, "not_selected", "not selected")});
  EXPECT_EQ(viewIds(), (QList<qint64>{14, 13, 11, 9, 10, 12, 15}));
  EXPECT_EQ(queue_.firstQueuedId(), 13);
  // The server moves 11 to the front: the view follows.
  queue_.upsert({question(11, "queued", "second", 1, 2), question(13, "queued", "first", 2, 2)});
  EXPECT_EQ(viewIds(), (QList<qint64>{14, 11, 13, 9, 10, 12, 15}));
  EXPECT_EQ(queue_.firstQueuedId(), 11);
}

TEST_F(QuestionQueueModelTest, FiltersByStateTopicAndWordsInAnyScript) {
  QJsonObject roads = question(1, "queued", QString::fromUtf8("Када ће бити поправљен пут?"), 1);
  roads["topic"] = "roads";
  QJsonObject jobs = question(2, "approved", QString::fromUtf8("Šta je sa poslovima u Đakovici?"));
  jobs["topic"] = "jobs";
  jobs["viewerName"] = QString::fromUtf8("Jovana");
  queue_.replaceAll({roads, jobs, question(3, "aired", "Pyetje për rrugët")});

  view_.setSearchText("put popravljen");  // Latin words, Cyrillic text, any order
  EXPECT_EQ(viewIds(), QList<qint64>{1});
  view_.setSearchText(QString::fromUtf8("ђаковици"));
  EXPECT_EQ(viewIds(), QList<qint64>{2});
  view_.setSearchText("JOVANA");
  EXPECT_EQ(viewIds(), QList<qint64>{2});
  view_.setSearchText("per rruget");
  EXPECT_EQ(viewIds(), QList<qint64>{3});
  view_.setSearchText("");
  view_.setStateFilter("approved");
  EXPECT_EQ(viewIds(), QList<qint64>{2});
  view_.setStateFilter("");
  view_.setTopicFilter("roads");
  EXPECT_EQ(viewIds(), QList<qint64>{1});
  view_.setTopicFilter("");
  EXPECT_EQ(view_.count(), 3);
}

TEST_F(QuestionQueueModelTest, DragToReorderAsksTheServerAndChangesNothingLocally) {
  queue_.replaceAll({question(21, "queued", "a", 1), question(22, "queued", "b", 2),
                     question(23, "queued", "c", 3), question(24, "approved", "d"),
                     question(25, "aired", "e")});
  QSignalSpy requests(&view_, &QuestionFilterModel::reorderRequested);

  EXPECT_TRUE(view_.move(2, 0));
  ASSERT_EQ(requests.count(), 1);
  EXPECT_EQ(requests[0][0].toLongLong(), 23);
  EXPECT_EQ(requests[0][1].toInt(), 1) << "the position of the row dropped on, 1-based";
  EXPECT_EQ(viewIds(), (QList<qint64>{21, 22, 23, 24, 25})) << "the server decides";

  EXPECT_TRUE(view_.move(3, 1)) << "an approved question dropped on the queue joins it there";
  EXPECT_EQ(requests[1][0].toLongLong(), 24);
  EXPECT_EQ(requests[1][1].toInt(), 2);

  EXPECT_FALSE(view_.move(1, 1));
  EXPECT_FALSE(view_.move(0, 3)) << "an approved row has no place in the running order";
  EXPECT_FALSE(view_.move(4, 0)) << "an aired question cannot be queued by drag";
  EXPECT_FALSE(view_.move(-1, 0));
  EXPECT_FALSE(view_.move(0, 99));
  EXPECT_EQ(requests.count(), 2);
  EXPECT_TRUE(view_.canMove(0));
  EXPECT_TRUE(view_.canMove(3));
  EXPECT_FALSE(view_.canMove(4));
}

TEST_F(QuestionQueueModelTest, DroppedOnTheQuestionOnAirItGoesNext) {
  queue_.replaceAll({question(30, "on_air", "now"), question(31, "queued", "a", 1),
                     question(32, "queued", "b", 2), question(33, "approved", "c")});
  QSignalSpy requests(&view_, &QuestionFilterModel::reorderRequested);
  ASSERT_EQ(viewIds(), (QList<qint64>{30, 31, 32, 33}));
  EXPECT_TRUE(view_.move(2, 0));
  EXPECT_TRUE(view_.move(3, 0));
  EXPECT_FALSE(view_.move(1, 0)) << "already next";
  ASSERT_EQ(requests.count(), 2);
  EXPECT_EQ(requests[0][1].toInt(), 1);
  EXPECT_EQ(requests[1][0].toLongLong(), 33);
  EXPECT_FALSE(view_.move(0, 1)) << "the question on air is not in the queue";
}

TEST_F(QuestionQueueModelTest, TheExampleSnapshotAndItsChangesApply) {
  ASSERT_TRUE(queue_.applyQueue(testing::example("staff.to_staff.queue.json")));
  EXPECT_EQ(queue_.episodeId(), 7);
  EXPECT_EQ(queue_.totalCount(), 2);
  EXPECT_EQ(queue_.get(118).value("position").toInt(), 2);
  EXPECT_EQ(queue_.get(112).value("position").toInt(), -1);
  EXPECT_FALSE(queue_.get(112).value("onAirTime").toString().isEmpty());
  EXPECT_TRUE(queue_.get(118).value("onAirTime").toString().isEmpty());
  ASSERT_TRUE(queue_.applyQueueChanges(testing::example("staff.to_staff.queue_changes.json")));
  EXPECT_EQ(queue_.get(118).value("position").toInt(), 1);
  EXPECT_EQ(queue_.get(118).value("version").toInt(), 7);
  EXPECT_EQ(queue_.firstQueuedId(), 118);
  EXPECT_EQ(queue_.refusedCount(), 0);
}

TEST_F(QuestionQueueModelTest, ASnapshotInPartsReplacesEverythingOnlyWhenComplete) {
  using testing::queueMessage;
  queue_.replaceAll({question(1, "approved", "old")});
  QSignalSpy resets(&queue_, &QAbstractItemModel::modelReset);
  ASSERT_TRUE(queue_.applyQueue(queueMessage({question(10, "queued", "a", 1)}, 7, false)));
  ASSERT_TRUE(queue_.applyQueue(queueMessage({question(11, "queued", "b", 2)}, 7, false)));
  EXPECT_EQ(queue_.totalCount(), 1) << "nothing changes halfway";
  EXPECT_EQ(resets.count(), 0);
  // A change that comes between the parts joins the snapshot; its higher version wins.
  ASSERT_TRUE(queue_.applyQueueChanges(testing::queueChanges(
      {question(10, "queued", "a", 2, 2), question(11, "queued", "b", 1, 2)})));
  ASSERT_TRUE(queue_.applyQueue(queueMessage({question(12, "approved", "c")}, 7, true)));
  EXPECT_EQ(resets.count(), 1);
  EXPECT_EQ(viewIds(), (QList<qint64>{11, 10, 12}));
  EXPECT_TRUE(queue_.get(1).isEmpty());
  EXPECT_EQ(queue_.episodeId(), 7);

  // A reconnect mid-snapshot: the parts so far are forgotten.
  ASSERT_TRUE(queue_.applyQueue(queueMessage({question(20, "queued", "x", 1)}, 7, false)));
  queue_.beginResync();
  ASSERT_TRUE(queue_.applyQueue(queueMessage({question(21, "approved", "y")}, 7, true)));
  EXPECT_EQ(viewIds(), QList<qint64>{21});
}

TEST_F(QuestionQueueModelTest, AQuestionThatLeftTheQueueIsDropped) {
  queue_.applyQueue(testing::queueMessage(
      {question(1, "approved", "a", QJsonValue::Null, 3), question(2, "queued", "b", 1, 1)}));
  QSignalSpy removed(&queue_, &QAbstractItemModel::rowsRemoved);
  // A moderator reopened question 1 (it went back to review) and rejected an unknown one.
  ASSERT_TRUE(queue_.applyQueueChanges(testing::queueChanges(
      {question(1, "received", "a", QJsonValue::Null, 4), question(99, "rejected", "z")})));
  EXPECT_EQ(removed.count(), 1);
  EXPECT_TRUE(queue_.get(1).isEmpty());
  EXPECT_EQ(queue_.totalCount(), 1);
  EXPECT_EQ(queue_.approvedCount(), 0);
  EXPECT_EQ(queue_.get(2).value("text").toString(), "b") << "the rest keep their rows";
  // Approved again later, it comes back.
  queue_.applyQueueChanges(
      testing::queueChanges({question(1, "approved", "a", QJsonValue::Null, 5)}));
  EXPECT_EQ(queue_.approvedCount(), 1);
  // A snapshot never shows a question that left.
  queue_.applyQueue(testing::queueMessage({question(5, "merged", "m"), question(6, "aired", "n")}));
  EXPECT_EQ(viewIds(), QList<qint64>{6});
}

TEST_F(QuestionQueueModelTest, ChangesForAnotherEpisodeAndMalformedMessagesChangeNothing) {
  queue_.applyQueue(testing::queueMessage({question(1, "queued", "a", 1)}, 7));
  EXPECT_FALSE(queue_.applyQueueChanges(
      testing::queueChanges({question(1, "aired", "a", QJsonValue::Null, 9)}, 6)));
  EXPECT_EQ(queue_.get(1).value("questionState").toString(), "queued");

  QJsonObject noList = testing::queueChanges({});
  noList["questions"] = "everything";
  EXPECT_FALSE(queue_.applyQueueChanges(noList));
  QJsonObject noComplete = testing::queueMessage({});
  noComplete.remove("complete");
  EXPECT_FALSE(queue_.applyQueue(noComplete));
  EXPECT_EQ(queue_.totalCount(), 1);
  EXPECT_FALSE(queue_.lastError().isEmpty());

  // No episode yet: an empty queue.
  ASSERT_TRUE(queue_.applyQueue(testing::queueMessage({}, 0)));
  EXPECT_EQ(queue_.episodeId(), 0);
  EXPECT_EQ(queue_.totalCount(), 0);
}

TEST_F(QuestionQueueModelTest, MunicipalitiesShowByNameAndAreFoundByIt) {
  queue_.replaceAll({question(1, "approved", "a")});
  EXPECT_EQ(queue_.get(1).value("municipalityName").toString(), "zubin-potok") << "the code";
  queue_.setMunicipalityNames({{"zubin-potok", "Zubin Potok"}});
  EXPECT_EQ(queue_.get(1).value("municipalityName").toString(), "Zubin Potok");
  view_.setSearchText("potok");
  EXPECT_EQ(view_.count(), 1);
}

}  // namespace
}  // namespace sporazum::studio

#include "sporazum/studio/controller.hpp"

#include <gtest/gtest.h>

#include "gtest_qt.hpp"

#include <QSignalSpy>

#include "test_messages.hpp"

namespace sporazum::studio {
namespace {

using testing::programme;
using testing::question;

struct Sent {
  QString type;
  QJsonObject fields;
};

class ControllerTest : public ::testing::Test {
 protected:
  ControllerTest() {
    queue_.replaceAll({question(40, "approved", "Odobreno", QJsonValue::Null, 3),
                       question(41, "queued", "Drugo", 2),
                       question(42, "queued", "Prvo u redu", 1, 7),
                       question(43, "aired", "Emitovano")});
  }

  QString lastId() const { return QStringLiteral("c%1").arg(sent_.size()); }

  std::int64_t nowMs_ = 1'000'000;
  QList<Sent> sent_;
  bool isConnected_ = true;
  ProgrammeModel programme_;
  QuestionQueueModel queue_;
  Controller controller_{programme_, queue_,
                         [this](const QString& type, const QJsonObject& fields) {
                           if (!isConnected_) return QString();
                           sent_.append({type, fields});
                           return lastId();
                         },
                         [this] { return nowMs_; }};
};

TEST_F(ControllerTest, CueNextCuesTheFirstQueuedQuestionOnTheLowerThird) {
  ASSERT_TRUE(controller_.cueNext());
  ASSERT_EQ(sent_.size(), 1);
  EXPECT_EQ(sent_[0].type, "graphics");
  EXPECT_EQ(sent_[0].fields, (QJsonObject{{"action", "cue"},
                                          {"layer", "lower_third"},
                                          {"graphic", QJsonObject{{"questionId", 42}}}}));
}

TEST_F(ControllerTest, CueNextWithAnEmptyQueueSaysSoAndSendsNothing) {
  queue_.replaceAll({question(40, "approved", "Odobreno")});
  EXPECT_FALSE(controller_.cueNext());
  EXPECT_TRUE(sent_.isEmpty());
  EXPECT_TRUE(controller_.isError());
  EXPECT_EQ(controller_.message(), "No question is queued.");
}

TEST_F(ControllerTest, ASecondPressOfTheSameTakeWithinASecondIsIgnored) {
  ASSERT_TRUE(controller_.take("lower_third"));
  nowMs_ += 999;
  EXPECT_FALSE(controller_.take("lower_third"));
  EXPECT_EQ(sent_.size(), 1);
  EXPECT_TRUE(controller_.message().contains("ignored")) << controller_.message().toStdString();
  EXPECT_TRUE(controller_.take("super")) << "another layer is another take";
  nowMs_ += 2;  // 1001 ms after the first
  EXPECT_TRUE(controller_.take("lower_third"));
  ASSERT_EQ(sent_.size(), 3);
  EXPECT_EQ(sent_[2].fields, (QJsonObject{{"action", "take"}, {"layer", "lower_third"}}));
}

TEST_F(ControllerTest, TwoDifferentGuestsInQuickSuccessionAreTwoTakes) {
  controller_.setGuests(
      {QVariantMap{{"name", QString::fromUtf8("Dragana Petrović")}, {"role", "poslanica"}},
       QVariantMap{{"name", "Arben Gashi"}, {"role", ""}},
       QVariantMap{{"name", "  "}, {"role", "nobody"}}});
  ASSERT_EQ(controller_.guests().size(), 2) << "a guest without a name is dropped";
  ASSERT_TRUE(controller_.takeGuest(0));
  EXPECT_TRUE(controller_.takeGuest(1));
  EXPECT_FALSE(controller_.takeGuest(0)) << "the same guest again within a second";
  EXPECT_FALSE(controller_.takeGuest(5));
  ASSERT_EQ(sent_.size(), 2);
  EXPECT_EQ(sent_[0].fields,
            (QJsonObject{{"action", "take"},
                         {"layer", "super"},
                         {"graphic", QJsonObject{{"name", QString::fromUtf8("Dragana Petrović")},
                                                 {"role", "poslanica"}}}}));
  EXPECT_EQ(sent_[1].fields["graphic"].toObject(), (QJsonObject{{"name", "Arben Gashi"}}))
      << "no empty role is sent";
}

TEST_F(ControllerTest, ClearAllHasNoLayerNoGraphicAndIsNeverDebounced) {
  ASSERT_TRUE(controller_.clearAll());
  ASSERT_TRUE(controller_.clearAll());
  ASSERT_EQ(sent_.size(), 2);
  EXPECT_EQ(sent_[0].type, "graphics");
  EXPECT_EQ(sent_[0].fields, (QJsonObject{{"action", "clear_all"}}));
  ASSERT_TRUE(controller_.clear("ticker"));
  EXPECT_EQ(sent_[2].fields, (QJsonObject{{"action", "clear"}, {"layer", "ticker"}}));
  EXPECT_FALSE(controller_.clear("hologram"));
  EXPECT_FALSE(controller_.take("hologram"));
  EXPECT_EQ(sent_.size(), 3);
}

TEST_F(ControllerTest, EachTakeSaysWhatItWillReplace) {
  QSignalSpy changes(&controller_, &Controller::replacesChanged);
  EXPECT_TRUE(controller_.replaces().isEmpty());
  ASSERT_TRUE(programme_.applyProgramme(programme(
      17,
      QJsonObject{{"questionId", 118},
                  {"text", QString::fromUtf8("Kada će biti popravljen put do Zubinog Potoka?")},
                  {"viewerName", "Milica"}},
      17)));
  EXPECT_EQ(changes.count(), 1);
  EXPECT_EQ(controller_.replacesText("lower_third"),
            QString::fromUtf8("Replaces: Milica: Kada će biti popravljen put do Zubinog…"));
  EXPECT_EQ(controller_.replacesText("super"), "");
  ASSERT_TRUE(programme_.applyProgramme(programme(18, QJsonValue::Null)));
  EXPECT_EQ(controller_.replacesText("lower_third"), "");
  EXPECT_EQ(changes.count(), 2);
}

TEST_F(ControllerTest, ServerErrorsBecomeAVisibleMessage) {
  ASSERT_TRUE(controller_.take("lower_third"));
  EXPECT_EQ(controller_.inFlight(), 1);
  controller_.onFailure(lastId(), "nothing_cued", "nothing is cued on lower_third");
  EXPECT_TRUE(controller_.isError());
  EXPECT_EQ(controller_.message(),
            "Take Question failed: nothing is cued on this layer: cue something first");
  EXPECT_EQ(controller_.inFlight(), 0);

  ASSERT_TRUE(controller_.cueNext());
  controller_.onFailure(lastId(), "question_not_available", "");
  EXPECT_TRUE(controller_.message().contains("cannot go to air"));

  ASSERT_TRUE(controller_.clear("logo"));
  controller_.onFailure(lastId(), "timeout", "The server did not answer in time.");
  EXPECT_TRUE(controller_.message().contains("check the programme"));

  const QString before = controller_.message();
  controller_.onFailure("someone-else", "forbidden", "");
  EXPECT_EQ(controller_.message(), before) << "not our request";
}

TEST_F(ControllerTest, AConfirmedCommandClearsTheError) {
  ASSERT_TRUE(controller_.clearAll());
  controller_.onReply(lastId(), "graphics_ok", {{"type", "graphics_ok"}, {"seq", 17}});
  EXPECT_FALSE(controller_.isError());
  EXPECT_EQ(controller_.message(), "Clear all: done (command 17).");
}

TEST_F(ControllerTest, AnEnginesErrorIsShown) {
  controller_.onEngineError({{"type", "engine_error"},
                             {"engine", "engine-main"},
                             {"seq", 18},
                             {"layer", "lower_third"},
                             {"code", "does_not_fit"},
                             {"message", "the text needs 5 lines; the lower third holds 3"}});
  EXPECT_TRUE(controller_.isError());
  EXPECT_EQ(controller_.message(),
            "Engine engine-main could not show Question: the text does not fit the graphic");
}

TEST_F(ControllerTest, LogoQrAndTickerAreSetOnOrOffNeverToggled) {
  ASSERT_TRUE(controller_.setLayerOn("logo", true));
  EXPECT_EQ(sent_.last().fields,
            (QJsonObject{{"action", "take"}, {"layer", "logo"}, {"graphic", QJsonObject{}}}));
  ASSERT_TRUE(controller_.setLayerOn("logo", false));
  EXPECT_EQ(sent_.last().fields, (QJsonObject{{"action", "clear"}, {"layer", "logo"}}));
  ASSERT_TRUE(controller_.setLayerOn("qr", true));
  EXPECT_EQ(sent_.last().fields["layer"].toString(), "qr");
  EXPECT_FALSE(controller_.setLayerOn("lower_third", true)) << "not a switch";
  EXPECT_FALSE(controller_.setLayerOn("super", false));
}

TEST_F(ControllerTest, TickerTextIsCuedWhenOffAndUpdatedWhenOnAir) {
  ASSERT_TRUE(controller_.setTickerText("  Pitanja: sporazum.tv  "));
  EXPECT_EQ(controller_.tickerText(), "Pitanja: sporazum.tv");
  EXPECT_EQ(sent_.last().fields,
            (QJsonObject{{"action", "cue"},
                         {"layer", "ticker"},
                         {"graphic", QJsonObject{{"text", "Pitanja: sporazum.tv"}}}}));
  ASSERT_TRUE(controller_.setLayerOn("ticker", true));
  EXPECT_EQ(sent_.last().fields,
            (QJsonObject{{"action", "take"},
                         {"layer", "ticker"},
                         {"graphic", QJsonObject{{"text", "Pitanja: sporazum.tv"}}}}));

  QJsonObject onAir = programme(3, QJsonValue::Null);
  QJsonArray layers = onAir["layers"].toArray();
  layers[4] = QJsonObject{{"layer", "ticker"},
                          {"cued", QJsonValue::Null},
                          {"onAir", QJsonObject{{"text", "Pitanja: sporazum.tv"}}},
                          {"onAirSeq", 3}};
  onAir["layers"] = layers;
  ASSERT_TRUE(programme_.applyProgramme(onAir));
  ASSERT_TRUE(controller_.setTickerText("Novo"));
  EXPECT_EQ(sent_.last().fields["action"].toString(), "update");

  const qsizetype before = sent_.size();
  EXPECT_FALSE(controller_.setTickerText("   "));
  EXPECT_FALSE(controller_.setTickerText(QString(1001, 'x')));
  EXPECT_TRUE(controller_.isError());
  EXPECT_EQ(sent_.size(), before);
}

TEST_F(ControllerTest, QueueRequestsCarryTheVersionTheProducerSaw) {
  ASSERT_TRUE(controller_.requestReorder(42, 2));
  EXPECT_EQ(sent_.last().type, "queue_move");
  EXPECT_EQ(sent_.last().fields, (QJsonObject{{"question", 42}, {"version", 7}, {"position", 2}}));
  ASSERT_TRUE(controller_.removeFromQueue(42));
  EXPECT_EQ(sent_.last().type, "queue_remove");
  EXPECT_EQ(sent_.last().fields, (QJsonObject{{"question", 42}, {"version", 7}}));
  EXPECT_FALSE(controller_.removeFromQueue(999));
  EXPECT_FALSE(controller_.removeFromQueue(40)) << "approved: not in the queue";
  EXPECT_FALSE(controller_.requestReorder(43, 1)) << "aired";
  EXPECT_FALSE(controller_.requestReorder(42, 0));
  EXPECT_EQ(sent_.size(), 2);
}

TEST_F(ControllerTest, AnApprovedQuestionJoinsTheQueueAtItsEnd) {
  ASSERT_TRUE(controller_.addToQueue(40));
  EXPECT_EQ(sent_.last().type, "queue_move");
  EXPECT_EQ(sent_.last().fields, (QJsonObject{{"question", 40}, {"version", 3}, {"position", 3}}))
      << "past the two queued";
  controller_.onReply(lastId(), "done", {{"type", "done"}, {"question", 40}, {"version", 4}});
  EXPECT_FALSE(controller_.isError());
  EXPECT_EQ(controller_.message(), "Queue question 40: done.");

  EXPECT_FALSE(controller_.addToQueue(42)) << "already queued";
  EXPECT_FALSE(controller_.addToQueue(43)) << "aired";
  EXPECT_TRUE(controller_.isError());
  EXPECT_EQ(sent_.size(), 1);
}

TEST_F(ControllerTest, AConflictSaysWhoChangedTheQuestionAndRefreshesItsRow) {
  ASSERT_TRUE(controller_.requestReorder(42, 2));
  QJsonObject now = question(42, "approved", "Prvo u redu", QJsonValue::Null, 9);
  controller_.onReply(lastId(), "conflict",
                      {{"type", "conflict"},
                       {"question", now},
                       {"changedBy", "Pera"},
                       {"action", "queue_remove"},
                       {"message", "Pera changed this question (queue_remove) after you saw it"}});
  EXPECT_TRUE(controller_.isError());
  EXPECT_TRUE(controller_.message().contains("Pera changed question 42 (queue_remove)"))
      << controller_.message().toStdString();
  EXPECT_EQ(queue_.get(42).value("questionState").toString(), "approved");
  EXPECT_EQ(queue_.get(42).value("version").toInt(), 9);
  EXPECT_EQ(queue_.firstQueuedId(), 41);
  EXPECT_EQ(controller_.inFlight(), 0);

  // A conflict whose question left the queue's states drops the row.
  ASSERT_TRUE(controller_.removeFromQueue(41));
  controller_.onReply(lastId(), "conflict",
                      {{"type", "conflict"},
                       {"question", question(41, "held", "Drugo", QJsonValue::Null, 5)},
                       {"changedBy", QJsonValue::Null},
                       {"action", QJsonValue::Null}});
  EXPECT_TRUE(queue_.get(41).isEmpty());
  EXPECT_TRUE(controller_.message().contains("Someone changed question 41"))
      << controller_.message().toStdString();
}

TEST_F(ControllerTest, TheServersQueueRefusalsAreShownInItsWords) {
  ASSERT_TRUE(controller_.addToQueue(40));
  controller_.onFailure(lastId(), "not_allowed", "the question is on_air");
  EXPECT_EQ(controller_.message(), "Queue question 40 failed: not allowed: the question is on_air");
  ASSERT_TRUE(controller_.removeFromQueue(42));
  controller_.onFailure(lastId(), "not_found", "no such question in this episode");
  EXPECT_TRUE(controller_.message().contains("no longer exists"));
}

TEST_F(ControllerTest, NothingSentWhenTheConnectionRefuses) {
  isConnected_ = false;
  EXPECT_FALSE(controller_.clearAll());
  EXPECT_TRUE(controller_.isError());
  EXPECT_EQ(controller_.inFlight(), 0);
}

}  // namespace
}  // namespace sporazum::studio

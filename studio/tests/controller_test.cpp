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
    queue_.replaceAll({question(40, "approved", "Odobreno"), question(41, "queued", "Drugo", 1),
                       question(42, "queued", "Prvo u redu", 0, 7)});
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
  ASSERT_TRUE(controller_.requestReorder(42, 1));
  EXPECT_EQ(sent_.last().type, "queue_move");
  EXPECT_EQ(sent_.last().fields, (QJsonObject{{"question", 42}, {"version", 7}, {"position", 1}}));
  ASSERT_TRUE(controller_.removeFromQueue(42));
  EXPECT_EQ(sent_.last().type, "queue_remove");
  EXPECT_FALSE(controller_.removeFromQueue(999));
  controller_.onFailure(lastId(), "unknown_type", "unknown message type");
  EXPECT_TRUE(controller_.message().contains("does not support this request yet"));
}

TEST_F(ControllerTest, NothingSentWhenTheConnectionRefuses) {
  isConnected_ = false;
  EXPECT_FALSE(controller_.clearAll());
  EXPECT_TRUE(controller_.isError());
  EXPECT_EQ(controller_.inFlight(), 0);
}

}  // namespace
}  // namespace sporazum::studio

#include "sporazum/studio/programme_model.hpp"

#include <gtest/gtest.h>

#include "gtest_qt.hpp"

#include "model_tester.hpp"
#include "test_messages.hpp"

namespace sporazum::studio {
namespace {

using testing::example;
using testing::ModelCheck;
using testing::programme;
using Role = ProgrammeModel::Role;

QVariant roleOf(const ProgrammeModel& model, const QString& layer, Role role) {
  return model.data(model.index(model.rowOfLayer(layer)), role);
}

class ProgrammeModelTest : public ::testing::Test {
 protected:
  ProgrammeModel model_;
  ModelCheck check_{&model_};

  void TearDown() override {
    EXPECT_TRUE(check_.failures().isEmpty()) << check_.failures().join('\n').toStdString();
  }
};

TEST_F(ProgrammeModelTest, HasOneRowPerLayerBottomFirst) {
  ASSERT_EQ(model_.rowCount(), 6);
  EXPECT_EQ(model_.data(model_.index(0), Role::LayerRole).toString(), "lower_third");
  EXPECT_EQ(model_.data(model_.index(5), Role::LayerRole).toString(), "clock");
  EXPECT_FALSE(model_.data(model_.index(0), Role::TallyRole).toBool());
  EXPECT_TRUE(model_.roleNames().values().contains("layerKey"));
}

TEST_F(ProgrammeModelTest, ShowsTheProtocolsExampleProgramme) {
  ASSERT_TRUE(model_.applyProgramme(example("staff.to_staff.programme.json")));
  EXPECT_EQ(model_.seq(), 17);
  EXPECT_TRUE(roleOf(model_, "lower_third", Role::IsOnAirRole).toBool());
  EXPECT_TRUE(roleOf(model_, "lower_third", Role::TallyRole).toBool()) << "first programme";
  EXPECT_EQ(roleOf(model_, "lower_third", Role::OnAirSeqRole).toLongLong(), 17);
  EXPECT_EQ(roleOf(model_, "lower_third", Role::OnAirLabelRole).toString(),
            QString::fromUtf8("Milica: Када ће бити поправљен пут до Зубиног…"));
  EXPECT_FALSE(roleOf(model_, "super", Role::IsOnAirRole).toBool());
  EXPECT_TRUE(roleOf(model_, "super", Role::HasCueRole).toBool());
  EXPECT_EQ(roleOf(model_, "super", Role::CuedLabelRole).toString(),
            QString::fromUtf8("Dragana Petrović"));
  EXPECT_TRUE(roleOf(model_, "logo", Role::IsOnAirRole).toBool()) << "{} is a graphic, not null";
  EXPECT_EQ(roleOf(model_, "ticker", Role::OnAirLabelRole).toString(),
            QString::fromUtf8("Pitanja: sporazum.tv · Pyetjet:…"));
  EXPECT_FALSE(roleOf(model_, "qr", Role::IsOnAirRole).toBool());
  EXPECT_EQ(model_.layersOnAir(), (QStringList{"lower_third", "logo", "ticker"}));
  EXPECT_EQ(model_.cued("super").value("role").toString(), "poslanica");
}

TEST_F(ProgrammeModelTest, EachProgrammeReplacesTheWholeStateNeverAppends) {
  ASSERT_TRUE(model_.applyProgramme(example("staff.to_staff.programme.json")));
  ASSERT_TRUE(model_.applyProgramme(programme(18, QJsonValue::Null)));
  EXPECT_EQ(model_.rowCount(), 6);
  EXPECT_EQ(model_.seq(), 18);
  EXPECT_TRUE(model_.layersOnAir().isEmpty());
  EXPECT_FALSE(roleOf(model_, "super", Role::HasCueRole).toBool());
  EXPECT_EQ(roleOf(model_, "lower_third", Role::OnAirLabelRole).toString(), "");
}

TEST_F(ProgrammeModelTest, AMalformedProgrammeIsRefusedWholeAndChangesNothing) {
  ASSERT_TRUE(model_.applyProgramme(example("staff.to_staff.programme.json")));
  const QJsonObject good = example("staff.to_staff.programme.json");

  QJsonObject notAnArray = good;
  notAnArray["layers"] = "lower_third";
  QJsonObject badSeq = good;
  badSeq["seq"] = "17";
  QJsonObject fractionalSeq = good;
  fractionalSeq["seq"] = 17.5;
  QJsonObject badSlot = good;
  QJsonArray layers = good["layers"].toArray();
  QJsonObject ticker = layers[4].toObject();
  ticker["onAir"] = "Pitanja";  // a string where a graphic or null belongs
  layers[4] = ticker;
  badSlot["layers"] = layers;
  QJsonObject notObjects = good;
  notObjects["layers"] = QJsonArray{1, 2, 3};

  for (const QJsonObject& bad : {notAnArray, badSeq, fractionalSeq, badSlot, notObjects}) {
    EXPECT_FALSE(model_.applyProgramme(bad));
    EXPECT_FALSE(model_.lastError().isEmpty());
    EXPECT_EQ(model_.seq(), 17);
    EXPECT_EQ(model_.layersOnAir(), (QStringList{"lower_third", "logo", "ticker"}));
  }
  EXPECT_TRUE(model_.applyProgramme(good));
  EXPECT_TRUE(model_.lastError().isEmpty()) << "a good message clears the error";
}

TEST_F(ProgrammeModelTest, UnknownLayersAreIgnoredAndMissingOnesAreOffAir) {
  QJsonObject message{{"type", "programme"},
                      {"seq", 4},
                      {"layers", QJsonArray{QJsonObject{{"layer", "hologram"},
                                                        {"cued", QJsonObject{}},
                                                        {"onAir", QJsonObject{}},
                                                        {"onAirSeq", 4}},
                                            QJsonObject{{"layer", "logo"},
                                                        {"cued", QJsonValue::Null},
                                                        {"onAir", QJsonObject{}},
                                                        {"onAirSeq", 3}}}}};
  ASSERT_TRUE(model_.applyProgramme(message));
  EXPECT_EQ(model_.rowCount(), 6);
  EXPECT_EQ(model_.layersOnAir(), QStringList{"logo"});
}

TEST_F(ProgrammeModelTest, AsRunMovesTheTallyAndALateOlderReportCannotUndoIt) {
  ASSERT_TRUE(model_.applyProgramme(example("staff.to_staff.programme.json")));
  // The clear (seq 18) reaches the server's programme before the engine's off_air.
  ASSERT_TRUE(model_.applyProgramme(programme(18, QJsonValue::Null)));
  EXPECT_TRUE(roleOf(model_, "lower_third", Role::TallyRole).toBool()) << "still animating out";
  EXPECT_TRUE(roleOf(model_, "lower_third", Role::TallyPendingRole).toBool());

  QJsonObject offAir = example("staff.to_staff.as_run.json");
  offAir["seq"] = 18;
  offAir["event"] = "off_air";
  ASSERT_TRUE(model_.applyAsRun(offAir));
  EXPECT_FALSE(roleOf(model_, "lower_third", Role::TallyRole).toBool());
  EXPECT_FALSE(roleOf(model_, "lower_third", Role::TallyPendingRole).toBool());

  // The backup engine's on_air of the older take arrives late: ignored.
  QJsonObject lateOnAir = example("staff.to_staff.as_run.json");
  lateOnAir["engine"] = "engine-backup";
  ASSERT_TRUE(model_.applyAsRun(lateOnAir));
  EXPECT_FALSE(roleOf(model_, "lower_third", Role::TallyRole).toBool());
}

TEST_F(ProgrammeModelTest, AfterAResyncTheTallyStartsFromTheServersProgramme) {
  QJsonObject onAir = example("staff.to_staff.as_run.json");
  onAir["seq"] = 30;
  ASSERT_TRUE(model_.applyProgramme(programme(29, QJsonValue::Null)));
  ASSERT_TRUE(model_.applyAsRun(onAir));
  EXPECT_TRUE(roleOf(model_, "lower_third", Role::TallyRole).toBool());
  model_.beginResync();
  ASSERT_TRUE(model_.applyProgramme(programme(31, QJsonValue::Null)));
  EXPECT_FALSE(roleOf(model_, "lower_third", Role::TallyRole).toBool());
}

TEST_F(ProgrammeModelTest, AsRunWithAnUnknownLayerOrEventIsRefused) {
  QJsonObject unknownLayer = example("staff.to_staff.as_run.json");
  unknownLayer["layer"] = "hologram";
  QJsonObject unknownEvent = example("staff.to_staff.as_run.json");
  unknownEvent["event"] = "maybe";
  QJsonObject noSeq = example("staff.to_staff.as_run.json");
  noSeq.remove("seq");
  for (const QJsonObject& bad : {unknownLayer, unknownEvent, noSeq}) {
    EXPECT_FALSE(model_.applyAsRun(bad));
  }
  EXPECT_FALSE(roleOf(model_, "lower_third", Role::TallyRole).toBool());
}

TEST_F(ProgrammeModelTest, ViewerTextStaysLiteralAndWrongTypesFallBackToTheLayerName) {
  const QString markup = "<b>3 < 5 & true</b>";
  ASSERT_TRUE(model_.applyProgramme(
      programme(5, QJsonObject{{"questionId", 9}, {"text", markup}, {"viewerName", 7}}, 5)));
  EXPECT_EQ(roleOf(model_, "lower_third", Role::OnAirLabelRole).toString(), markup);
  EXPECT_EQ(roleOf(model_, "lower_third", Role::OnAirRole).toMap().value("text").toString(),
            markup);

  ASSERT_TRUE(
      model_.applyProgramme(programme(6, QJsonObject{{"questionId", 9}, {"text", 12345}}, 6)));
  EXPECT_EQ(roleOf(model_, "lower_third", Role::OnAirLabelRole).toString(), "Question 9");
  ASSERT_TRUE(model_.applyProgramme(programme(7, QJsonObject{{"text", QJsonArray{}}}, 7)));
  EXPECT_EQ(roleOf(model_, "lower_third", Role::OnAirLabelRole).toString(), "Question");
}

}  // namespace
}  // namespace sporazum::studio

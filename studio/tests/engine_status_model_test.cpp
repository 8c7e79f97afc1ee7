#include "sporazum/studio/engine_status_model.hpp"

#include <gtest/gtest.h>

#include "gtest_qt.hpp"

#include <QDateTime>
#include <QSignalSpy>

#include "model_tester.hpp"
#include "test_messages.hpp"

namespace sporazum::studio {
namespace {

using testing::example;
using testing::ModelCheck;
using Role = EngineStatusModel::Role;

qint64 msOf(const char* iso) {
  return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODateWithMs).toMSecsSinceEpoch();
}

class EngineStatusModelTest : public ::testing::Test {
 protected:
  // The example's main engine reported at 20:14:05.000; "now" is a second later.
  std::int64_t nowMs_ = msOf("2026-11-23T20:14:06.000Z");
  EngineStatusModel model_{nullptr, [this] { return nowMs_; }};
  ModelCheck check_{&model_};

  QVariant at(int row, Role role) const { return model_.data(model_.index(row), role); }

  void TearDown() override {
    EXPECT_TRUE(check_.failures().isEmpty()) << check_.failures().join('\n').toStdString();
  }
};

TEST_F(EngineStatusModelTest, ShowsEveryEngineOfTheProtocolsExample) {
  ASSERT_TRUE(model_.applyEngineStatus(example("staff.to_staff.engine_status.json")));
  ASSERT_EQ(model_.rowCount(), 2);
  EXPECT_EQ(at(0, Role::EngineRole).toString(), "engine-backup");
  EXPECT_EQ(at(0, Role::NameRole).toString(), "backup");
  EXPECT_FALSE(at(0, Role::ConnectedRole).toBool());
  EXPECT_EQ(at(0, Role::DroppedFramesRole).toLongLong(), 2);
  EXPECT_EQ(at(0, Role::InputRole).toString(), "lost");
  EXPECT_TRUE(at(0, Role::StaleRole).toBool()) << "its report is 7 s old";

  EXPECT_EQ(at(1, Role::NameRole).toString(), "main");
  EXPECT_TRUE(at(1, Role::ConnectedRole).toBool());
  EXPECT_DOUBLE_EQ(at(1, Role::FpsRole).toDouble(), 50.0);
  EXPECT_EQ(at(1, Role::FramesOutRole).toLongLong(), 186152);
  EXPECT_DOUBLE_EQ(at(1, Role::GraphicsMsPerFrameRole).toDouble(), 0.42);
  EXPECT_EQ(at(1, Role::LastSeqRole).toLongLong(), 17);
  EXPECT_FALSE(at(1, Role::StaleRole).toBool());
  EXPECT_FALSE(model_.allHealthy()) << "the backup is down";
}

TEST_F(EngineStatusModelTest, AnEngineThatFallsSilentTurnsStale) {
  ASSERT_TRUE(model_.applyEngineStatus(example("staff.to_staff.engine_status.json")));
  QSignalSpy changes(&model_, &QAbstractItemModel::dataChanged);
  nowMs_ = msOf("2026-11-23T20:14:07.900Z");
  model_.refreshStaleness();
  EXPECT_FALSE(at(1, Role::StaleRole).toBool()) << "2.9 s is not stale yet";
  EXPECT_EQ(changes.count(), 0);
  nowMs_ = msOf("2026-11-23T20:14:08.100Z");
  model_.refreshStaleness();
  EXPECT_TRUE(at(1, Role::StaleRole).toBool());
  EXPECT_EQ(changes.count(), 1);
}

TEST_F(EngineStatusModelTest, EachMessageReplacesTheList) {
  ASSERT_TRUE(model_.applyEngineStatus(example("staff.to_staff.engine_status.json")));
  QJsonObject one{{"type", "engine_status"},
                  {"engines", QJsonArray{QJsonObject{{"engine", "engine-main"},
                                                     {"connected", true},
                                                     {"health", QJsonValue::Null}}}}};
  ASSERT_TRUE(model_.applyEngineStatus(one));
  ASSERT_EQ(model_.count(), 1);
  EXPECT_FALSE(at(0, Role::HasHealthRole).toBool());
  EXPECT_TRUE(at(0, Role::StaleRole).toBool()) << "no report yet";
  EXPECT_EQ(at(0, Role::NameRole).toString(), "engine-main") << "the account until it names itself";
  ASSERT_TRUE(model_.applyEngineStatus(one));
  EXPECT_EQ(model_.count(), 1);
}

TEST_F(EngineStatusModelTest, AllHealthyNeedsEveryEngineConnectedFreshAndWithInput) {
  EXPECT_FALSE(model_.allHealthy()) << "no engine at all";
  QJsonObject status = example("staff.to_staff.engine_status.json");
  QJsonArray engines = status["engines"].toArray();
  engines.removeAt(0);
  status["engines"] = engines;
  ASSERT_TRUE(model_.applyEngineStatus(status));
  EXPECT_TRUE(model_.allHealthy());
}

TEST_F(EngineStatusModelTest, MalformedStatusIsRefusedAndTheListKept) {
  ASSERT_TRUE(model_.applyEngineStatus(example("staff.to_staff.engine_status.json")));
  const QJsonObject bad[] = {
      {{"engines", "all fine"}},
      {{"engines", QJsonArray{42}}},
      {{"engines", QJsonArray{QJsonObject{{"connected", true}}}}},
      {{"engines", QJsonArray{QJsonObject{{"engine", "x"}, {"connected", "yes"}}}}},
      {{"engines", QJsonArray{QJsonObject{{"engine", "x"}, {"connected", true}, {"health", 5}}}}},
  };
  for (const QJsonObject& message : bad) {
    EXPECT_FALSE(model_.applyEngineStatus(message));
    EXPECT_FALSE(model_.lastError().isEmpty());
    EXPECT_EQ(model_.count(), 2);
  }
  QJsonArray tooMany;
  for (int i = 0; i < 65; ++i) {
    tooMany.append(QJsonObject{{"engine", QString("e%1").arg(i)}, {"connected", true}});
  }
  EXPECT_FALSE(model_.applyEngineStatus({{"engines", tooMany}}));
  EXPECT_EQ(model_.count(), 2);
}

}  // namespace
}  // namespace sporazum::studio

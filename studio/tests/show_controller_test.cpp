// The show: the current episode, the episode list and the producer's episode requests; the
// episode and segment timers.

#include "sporazum/studio/show_controller.hpp"

#include <gtest/gtest.h>

#include "gtest_qt.hpp"

#include <QDateTime>
#include <QJsonArray>
#include <QSignalSpy>

#include "model_tester.hpp"
#include "sporazum/studio/show_clock.hpp"
#include "test_messages.hpp"

namespace sporazum::studio {
namespace {

using testing::episode;
using testing::example;
using testing::ModelCheck;
using Role = EpisodeListModel::Role;

struct Sent {
  QString type;
  QJsonObject fields;
};

class ShowControllerTest : public ::testing::Test {
 protected:
  QString lastId() const { return QStringLiteral("e%1").arg(sent_.size()); }
  QList<Sent> ofType(const QString& type) const {
    QList<Sent> matching;
    for (const Sent& s : sent_) {
      if (s.type == type) matching.append(s);
    }
    return matching;
  }
  /// Answers the latest `episodes` request with the example list.
  void answerList(const QJsonObject& list = example("staff.to_staff.episode_list.json")) {
    for (qsizetype i = sent_.size(); i > 0; --i) {
      if (sent_[i - 1].type == "episodes") {
        controller_.onReply(QStringLiteral("e%1").arg(i), "episode_list", list);
        return;
      }
    }
    ADD_FAILURE() << "no episodes request";
  }

  void TearDown() override {
    EXPECT_TRUE(check_.failures().isEmpty()) << check_.failures().join('\n').toStdString();
  }

  QList<Sent> sent_;
  bool isConnected_ = true;
  ShowController controller_{[this](const QString& type, const QJsonObject& fields) {
    if (!isConnected_) return QString();
    sent_.append({type, fields});
    return QStringLiteral("e%1").arg(sent_.size());
  }};
  ModelCheck check_{controller_.episodes()};
};

TEST_F(ShowControllerTest, TheExampleShowBecomesTheCurrentEpisode) {
  QSignalSpy changes(&controller_, &ShowController::showChanged);
  EXPECT_FALSE(controller_.hasEpisode());
  ASSERT_TRUE(controller_.applyShow(example("staff.to_staff.show.json")));
  EXPECT_EQ(changes.count(), 1);
  EXPECT_TRUE(controller_.hasEpisode());
  EXPECT_EQ(controller_.currentId(), 7);
  EXPECT_EQ(controller_.episodeState(), "live");
  const QVariantMap current = controller_.current();
  EXPECT_EQ(current.value("number").toInt(), 23);
  EXPECT_EQ(current.value("title").toString(), QString::fromUtf8("Sporazum 23. 11. 2026."));
  EXPECT_EQ(current.value("recordingState").toString(), "recording");
  EXPECT_EQ(current.value("recordingFile").toString(),
            "var/recordings/episode-23-20261123T200004Z.ts");
  ASSERT_EQ(controller_.guests().size(), 2);
  EXPECT_EQ(controller_.guests()[1].toMap().value("role").toString(), "LDK");
  // The list learns the episode and marks it current; the states changed: the list is asked.
  EXPECT_EQ(controller_.episodes()->rowOf(7), 0);
  EXPECT_TRUE(controller_.episodes()->get(7).value("isCurrent").toBool());
  EXPECT_EQ(ofType("episodes").size(), 1);

  ASSERT_TRUE(controller_.applyShow(example("staff.to_staff.show.json")));
  EXPECT_EQ(changes.count(), 1) << "the same show again changes nothing";

  ASSERT_TRUE(controller_.applyShow({{"type", "show"}, {"episode", QJsonValue::Null}}));
  EXPECT_FALSE(controller_.hasEpisode());
  EXPECT_TRUE(controller_.guests().isEmpty());
  EXPECT_TRUE(controller_.current().isEmpty());
}

TEST_F(ShowControllerTest, AMalformedShowKeepsTheEpisodeHeld) {
  ASSERT_TRUE(controller_.applyShow(example("staff.to_staff.show.json")));
  QJsonObject bad = example("staff.to_staff.show.json");
  QJsonObject episode = bad["episode"].toObject();
  episode["guests"] = "Dragana";
  bad["episode"] = episode;
  EXPECT_FALSE(controller_.applyShow(bad));
  EXPECT_EQ(controller_.currentId(), 7);
  EXPECT_EQ(controller_.guests().size(), 2);
  EXPECT_TRUE(controller_.lastError().contains("guests")) << controller_.lastError().toStdString();
  EXPECT_FALSE(controller_.applyShow({{"type", "show"}, {"episode", "7"}}));
  ASSERT_TRUE(controller_.applyShow(example("staff.to_staff.show.json")));
  EXPECT_TRUE(controller_.lastError().isEmpty());
}

TEST_F(ShowControllerTest, TheListIsTheServersNewestFirstWithTheCurrentMarked) {
  controller_.applyShow(example("staff.to_staff.show.json"));
  answerList();
  EpisodeListModel& list = *controller_.episodes();
  ASSERT_EQ(list.rowCount(), 3);
  EXPECT_EQ(list.data(list.index(0), Role::NumberRole).toInt(), 24);
  EXPECT_EQ(list.data(list.index(0), Role::StateRole).toString(), "planned");
  EXPECT_FALSE(list.data(list.index(0), Role::IsCurrentRole).toBool());
  EXPECT_TRUE(list.data(list.index(1), Role::IsCurrentRole).toBool());
  EXPECT_EQ(list.data(list.index(2), Role::RecordingStateRole).toString(), "done");
  EXPECT_EQ(list.data(list.index(1), Role::GuestsRole).toList().size(), 2);
  EXPECT_TRUE(controller_.message().isEmpty()) << "loading the list is quiet";
  EXPECT_FALSE(controller_.isBusy());
}

TEST_F(ShowControllerTest, ABadEpisodeInTheListIsRefusedAlone) {
  QJsonObject list = example("staff.to_staff.episode_list.json");
  QJsonArray episodes = list["episodes"].toArray();
  QJsonObject broken = episodes[0].toObject();
  broken["state"] = "paused";
  episodes[0] = broken;
  episodes.append("not an episode");
  list["episodes"] = episodes;
  controller_.refreshList();
  answerList(list);
  EXPECT_EQ(controller_.episodes()->count(), 2);
  EXPECT_TRUE(controller_.episodes()->lastError().contains("2 episode(s)"))
      << controller_.episodes()->lastError().toStdString();
}

TEST_F(ShowControllerTest, SavingSendsTheDraftAndTheSavedEpisodeJoinsTheList) {
  QSignalSpy saved(&controller_, &ShowController::episodeSaved);
  const QVariantMap form{
      {"number", "24"},
      {"title", QString::fromUtf8("Sporazum 7. 12. 2026.")},
      {"airDate", "2026-12-07"},
      {"guests",
       QVariantList{QVariantMap{{"name", QString::fromUtf8("Milan Jovanović")}, {"role", "SL"}}}},
      {"topics", QVariantList{"jobs"}}};
  ASSERT_TRUE(controller_.save(form));
  ASSERT_EQ(sent_.size(), 1);
  EXPECT_EQ(sent_[0].type, "episode_save");
  EXPECT_EQ(sent_[0].fields, testing::fieldsOf(example("staff.to_server.episode_save.json")));
  EXPECT_TRUE(controller_.isBusy());
  EXPECT_EQ(controller_.message(), "Create episode 24…");

  controller_.onReply(lastId(), "episode_saved", example("staff.to_staff.episode_saved.json"));
  EXPECT_FALSE(controller_.isBusy());
  EXPECT_FALSE(controller_.isError());
  EXPECT_EQ(controller_.message(), "Create episode 24: saved.");
  ASSERT_EQ(saved.count(), 1);
  EXPECT_EQ(saved[0][0].toLongLong(), 8);
  EXPECT_EQ(controller_.episodes()->get(8).value("title").toString(),
            QString::fromUtf8("Sporazum 7. 12. 2026."));
}

TEST_F(ShowControllerTest, AMistakeInTheFormIsShownWithItsFieldAndNothingIsSent) {
  QVariantMap form{{"id", 8}, {"number", "24"}, {"title", "Sporazum"}, {"airDate", "2026-12-32"}};
  EXPECT_FALSE(controller_.save(form));
  EXPECT_TRUE(controller_.isError());
  EXPECT_EQ(controller_.errorField(), "airDate");
  EXPECT_TRUE(controller_.message().startsWith("Save episode 24: not sent:"))
      << controller_.message().toStdString();
  form["airDate"] = "2026-12-07";
  form["guests"] = QVariantList{QVariantMap{{"name", ""}, {"role", "SL"}}};
  EXPECT_FALSE(controller_.save(form));
  EXPECT_EQ(controller_.errorField(), "guests[0].name");
  EXPECT_TRUE(sent_.isEmpty());
}

TEST_F(ShowControllerTest, TheServersRefusalShowsWithTheFieldItNames) {
  ASSERT_TRUE(controller_.save(
      {{"id", 8}, {"number", "23"}, {"title", "Sporazum"}, {"airDate", "2026-12-07"}}));
  EXPECT_EQ(sent_[0].fields["episode"].toObject()["id"].toInteger(), 8);
  controller_.onFailure(lastId(), "episode_number_taken", "another episode has the number 23",
                        "number");
  EXPECT_TRUE(controller_.isError());
  EXPECT_EQ(controller_.errorField(), "number");
  EXPECT_EQ(controller_.message(),
            "Save episode 23 failed: another episode already has this number");
}

TEST_F(ShowControllerTest, StartAndEndSendTheEpisodeAndShowTheServersRefusal) {
  controller_.applyShow(example("staff.to_staff.show.json"));
  answerList();
  sent_.clear();
  ASSERT_TRUE(controller_.start(8));
  EXPECT_EQ(sent_.last().type, "episode_start");
  EXPECT_EQ(sent_.last().fields, (QJsonObject{{"episode", 8}}));
  EXPECT_EQ(controller_.message(), "Start episode 24…");
  controller_.onFailure(lastId(), "not_allowed", "episode 23 is live: end it first", "");
  EXPECT_TRUE(controller_.isError());
  EXPECT_EQ(controller_.message(),
            "Start episode 24 failed: not allowed: episode 23 is live: end it first");

  ASSERT_TRUE(controller_.end(7));
  EXPECT_EQ(sent_.last().type, "episode_end");
  EXPECT_EQ(sent_.last().fields, testing::fieldsOf(example("staff.to_server.episode_end.json")));
  controller_.onReply(lastId(), "done", {{"type", "done"}, {"id", lastId()}});
  EXPECT_FALSE(controller_.isError());
  EXPECT_EQ(controller_.message(), "End episode 23: done.");
  EXPECT_EQ(sent_.last().type, "episodes") << "the list is read again";

  EXPECT_FALSE(controller_.start(0));
  isConnected_ = false;
  EXPECT_FALSE(controller_.end(7));
  EXPECT_TRUE(controller_.isError());
  EXPECT_FALSE(controller_.isBusy());
}

TEST_F(ShowControllerTest, RepliesToOthersAreIgnoredAndOneListRequestAtATime) {
  controller_.onReply("not-ours", "done", {});
  controller_.onFailure("not-ours", "forbidden", "", "");
  EXPECT_TRUE(controller_.message().isEmpty());
  ASSERT_TRUE(controller_.refreshList());
  ASSERT_TRUE(controller_.refreshList());
  EXPECT_EQ(ofType("episodes").size(), 1);
  controller_.onReply(lastId(), "episode_list", {{"episodes", "none"}});
  EXPECT_TRUE(controller_.isError());
}

TEST_F(ShowControllerTest, ListUpdatesKeepNewestFirst) {
  EpisodeListModel& list = *controller_.episodes();
  ASSERT_EQ(list.replaceAll(
                {episode(1, 1, "aired", "2026-01-01"), episode(2, 2, "planned", "2026-03-01")}),
            2);
  list.upsert(*parseEpisode(episode(3, 3, "planned", "2026-02-01")));
  EXPECT_EQ(list.data(list.index(1), Role::IdRole).toLongLong(), 3);
  // Its date moves: so does its row.
  list.upsert(*parseEpisode(episode(3, 3, "planned", "2026-04-01")));
  EXPECT_EQ(list.data(list.index(0), Role::IdRole).toLongLong(), 3);
  EXPECT_EQ(list.count(), 3);
  list.setCurrentId(2);
  EXPECT_TRUE(list.data(list.index(1), Role::IsCurrentRole).toBool());
  list.setCurrentId(0);
  EXPECT_FALSE(list.data(list.index(1), Role::IsCurrentRole).toBool());
}

TEST(ShowClock, CountsTheEpisodeFromItsStartAndStopsAtItsEnd) {
  std::int64_t wallMs =
      QDateTime::fromString("2026-11-23T20:41:16.120Z", Qt::ISODateWithMs).toMSecsSinceEpoch();
  std::int64_t steadyMs = 5'000;
  ShowClock clock{nullptr, [&] { return wallMs; }, [&] { return steadyMs; }};
  EXPECT_EQ(clock.episodeText(), "–:––:––");
  EXPECT_FALSE(clock.isEpisodeRunning());
  EXPECT_EQ(clock.segmentText(), "00:00");

  clock.setEpisodeTimes("2026-11-23T20:00:04.120Z", "");
  EXPECT_EQ(clock.episodeText(), "0:41:12");
  EXPECT_TRUE(clock.isEpisodeRunning());
  wallMs += 1'000;
  steadyMs += 61'000;
  clock.tick();
  EXPECT_EQ(clock.episodeText(), "0:41:13");
  EXPECT_EQ(clock.segmentText(), "01:01");

  clock.setEpisodeTimes("2026-11-23T20:00:04.120Z", "2026-11-23T21:02:11.930Z");
  EXPECT_FALSE(clock.isEpisodeRunning());
  wallMs += 3'600'000;
  clock.tick();
  EXPECT_EQ(clock.episodeText(), "1:02:07") << "frozen at the end";
}

TEST(ShowClock, TheSegmentTimerResetsOnTheKeyAndWhenTheEpisodeStarts) {
  std::int64_t wallMs = 0;
  std::int64_t steadyMs = 0;
  ShowClock clock{nullptr, [&] { return wallMs; }, [&] { return steadyMs; }};
  QSignalSpy changes(&clock, &ShowClock::textChanged);
  steadyMs = 3'725'000;
  clock.tick();
  EXPECT_EQ(clock.segmentText(), "1:02:05") << "past an hour: hours too";
  clock.resetSegment();
  EXPECT_EQ(clock.segmentText(), "00:00");
  steadyMs += 90'000;
  clock.tick();
  EXPECT_EQ(clock.segmentText(), "01:30");
  const int before = static_cast<int>(changes.count());
  clock.tick();
  EXPECT_EQ(changes.count(), before) << "no signal while the text stays";
  wallMs = QDateTime::fromString("2026-11-23T20:00:05Z", Qt::ISODate).toMSecsSinceEpoch();
  clock.setEpisodeTimes("2026-11-23T20:00:04.120Z", "");
  EXPECT_EQ(clock.segmentText(), "00:00");
  EXPECT_EQ(ShowClock::formatDuration(-5'000, false), "0:00:00");
}

}  // namespace
}  // namespace sporazum::studio

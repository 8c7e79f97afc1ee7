// The archive view's models and controller with a fake sender: lists, searches, opening,
// editing with conflicts and refusals, late answers, media URLs.

#include "sporazum/studio/archive_controller.hpp"

#include <gtest/gtest.h>

#include "gtest_qt.hpp"

#include <QJsonArray>
#include <QSignalSpy>

#include "model_tester.hpp"
#include "test_messages.hpp"

namespace sporazum::studio {
namespace {

using testing::example;
using testing::ModelCheck;

struct Sent {
  QString id;
  QString type;
  QJsonObject fields;
};

class ArchiveControllerTest : public ::testing::Test {
 protected:
  void SetUp() override { archive_.setMediaOrigin(QUrl("http://127.0.0.1:8080")); }
  void TearDown() override {
    EXPECT_TRUE(check_.failures().isEmpty()) << check_.failures().join('\n').toStdString();
  }

  const Sent& last() const { return sent_.back(); }
  QJsonObject detailReply() const { return example("staff.to_staff.archive_detail.json"); }
  void openExample() {
    ASSERT_TRUE(archive_.open(23));
    archive_.onReply(last().id, "archive_detail", detailReply());
    ASSERT_TRUE(archive_.hasDetail());
  }
  /// The form the editor would send: what it shows, with `changes` over it.
  QVariantMap form(const QVariantMap& changes = {}) const {
    QVariantMap f{{"titles", archive_.detail()["titles"]},
                  {"descriptions", archive_.detail()["descriptions"]},
                  {"airDate", archive_.detail()["airDate"]},
                  {"airTime", archive_.detail()["airTime"]},
                  {"topics", archive_.detail()["topics"].toStringList().join(", ")}};
    for (auto it = changes.begin(); it != changes.end(); ++it)
      f.insert(it.key(), it.value());
    return f;
  }

  QList<Sent> sent_;
  ArchiveController archive_{[this](const QString& type, const QJsonObject& fields) {
    const QString id = QStringLiteral("a%1").arg(sent_.size() + 1);
    sent_.append({id, type, fields});
    return id;
  }};
  ModelCheck check_{archive_.episodes(), archive_.hits(), archive_.questions()};
};

TEST_F(ArchiveControllerTest, ListsEpisodesWithLoudnessAndResolvedPosters) {
  ASSERT_TRUE(archive_.refresh());
  EXPECT_EQ(last().type, "archive_episodes");
  archive_.onReply(last().id, "archive_episode_list",
                   example("staff.to_staff.archive_episode_list.json"));
  auto* list = archive_.episodes();
  ASSERT_EQ(list->count(), 2);
  const auto at = [list](int row, ArchiveEpisodeListModel::Role role) {
    return list->data(list->index(row), role);
  };
  using Role = ArchiveEpisodeListModel::Role;
  EXPECT_EQ(at(0, Role::NumberRole).toInt(), 23);
  EXPECT_EQ(at(0, Role::LoudnessStatusRole).toString(), "green");
  EXPECT_EQ(at(0, Role::DurationTextRole).toString(), "1:02:07");
  EXPECT_EQ(at(0, Role::PosterUrlRole).toString(), "http://127.0.0.1:8080/archive/media/41");
  EXPECT_EQ(at(1, Role::LoudnessStatusRole).toString(), "not_measured");
  EXPECT_TRUE(at(1, Role::IntegratedLufsRole).isNull());
  EXPECT_EQ(at(1, Role::PosterUrlRole).toString(), "");
  EXPECT_EQ(list->numberAt(1), 24);
  EXPECT_EQ(list->numberAt(7), 0);

  archive_.setMediaOrigin(QUrl("http://studio.example:9000"));
  EXPECT_EQ(at(0, Role::PosterUrlRole).toString(), "http://studio.example:9000/archive/media/41");
}

TEST_F(ArchiveControllerTest, TheMediaOriginFollowsTheStaffSocket) {
  EXPECT_EQ(mediaOriginOf(QUrl("ws://10.0.0.5:8080/ws/staff")), QUrl("http://10.0.0.5:8080"));
  EXPECT_EQ(mediaOriginOf(QUrl("wss://studio.example/ws/staff")), QUrl("https://studio.example"));
  EXPECT_EQ(resolveMediaUrl(QUrl("http://h:1"), "/archive/media/40?exp=1&sig=ab"),
            "http://h:1/archive/media/40?exp=1&sig=ab");
  EXPECT_EQ(resolveMediaUrl(QUrl(), "/archive/media/40"), "");
  EXPECT_EQ(resolveMediaUrl(QUrl("http://h:1"), ""), "");
}

TEST_F(ArchiveControllerTest, SearchesAndDropsAnOlderSearchsLateAnswer) {
  ASSERT_TRUE(archive_.search("  Djakovica "));
  EXPECT_EQ(last().fields["query"].toString(), "Djakovica");
  const QString first = last().id;
  ASSERT_TRUE(archive_.search(QString::fromUtf8("Ђаковица")));
  const QString second = last().id;
  archive_.onReply(first, "archive_hits", QJsonObject{{"hits", QJsonArray{}}});
  EXPECT_EQ(archive_.hits()->count(), 0);
  archive_.onReply(second, "archive_hits", example("staff.to_staff.archive_hits.json"));
  ASSERT_EQ(archive_.hits()->count(), 2);
  EXPECT_TRUE(archive_.isSearching());
  const QVariantList runs =
      archive_.hits()->data(archive_.hits()->index(0), ArchiveHitModel::SnippetRunsRole).toList();
  ASSERT_EQ(runs.size(), 3);
  EXPECT_TRUE(runs[1].toMap()["isMatch"].toBool());
  EXPECT_EQ(runs[1].toMap()["text"].toString(), QString::fromUtf8("Đakovicu"));

  archive_.search("   ");
  EXPECT_FALSE(archive_.isSearching()) << "a blank search goes back to the list";
  EXPECT_EQ(archive_.hits()->count(), 0);
}

TEST_F(ArchiveControllerTest, ASearchRefusalIsShownAtTheSearchField) {
  EXPECT_FALSE(archive_.search(QString(501, u'x')));
  EXPECT_EQ(archive_.errorField(), "query");
  const int sentBefore = static_cast<int>(sent_.size());
  EXPECT_EQ(sent_.size(), sentBefore);
  ASSERT_TRUE(archive_.search("\"unclosed"));
  archive_.onFailure(last().id, "empty_query", "nothing to search", "");
  EXPECT_TRUE(archive_.isError());
  EXPECT_EQ(archive_.errorField(), "query");
}

TEST_F(ArchiveControllerTest, OpensAnEpisodeWithItsQuestionsTimecodesAndMedia) {
  QSignalSpy revisions(&archive_, &ArchiveController::formRevisionChanged);
  openExample();
  EXPECT_EQ(revisions.count(), 1);
  const QVariantMap d = archive_.detail();
  EXPECT_EQ(d["number"].toInt(), 23);
  EXPECT_EQ(d["loudnessStatus"].toString(), "green");
  EXPECT_EQ(d["durationText"].toString(), "1:02:07");
  EXPECT_EQ(d["fixityOutcome"].toString(), "ok");
  EXPECT_EQ(d["thumbnails"].toList()[1].toMap()["url"].toString(),
            "http://127.0.0.1:8080/archive/media/42");
  EXPECT_EQ(archive_.proxyUrl(),
            "http://127.0.0.1:8080/archive/media/40?exp=1795982400&sig="
            "3b5f0c1e9a2d4b7c8e6f1a0d2c4b6e8f");
  auto* questions = archive_.questions();
  ASSERT_EQ(questions->count(), 2);
  using Role = ArchiveQuestionModel::Role;
  EXPECT_EQ(questions->data(questions->index(0), Role::InTextRole).toString(), "0:05:12");
  EXPECT_EQ(questions->data(questions->index(0), Role::OutTextRole).toString(), "0:05:41");
  EXPECT_EQ(questions->playFromMsAt(0), 310480.0);
  EXPECT_EQ(questions->data(questions->index(1), Role::TextRole).toString(), "<b>Zašto?</b>");
  EXPECT_FALSE(questions->data(questions->index(1), Role::HasTimecodeRole).toBool());
  EXPECT_EQ(questions->playFromMsAt(1), -1.0);
}

TEST_F(ArchiveControllerTest, OnlyTheNewestOpenCounts) {
  ASSERT_TRUE(archive_.open(22));
  const QString older = last().id;
  ASSERT_TRUE(archive_.open(23));
  archive_.onReply(last().id, "archive_detail", detailReply());
  QJsonObject stale = detailReply();
  QJsonObject episode = stale["episode"].toObject();
  episode["number"] = 22;
  stale["episode"] = episode;
  archive_.onReply(older, "archive_detail", stale);
  EXPECT_EQ(archive_.detail()["number"].toInt(), 23);
}

TEST_F(ArchiveControllerTest, SavesOnlyTheChangedFieldsWithTheVersion) {
  openExample();
  EXPECT_FALSE(archive_.save(form())) << "nothing changed: nothing sent";
  EXPECT_EQ(last().type, "archive_get");
  EXPECT_TRUE(archive_.hasChanges(form({{"airTime", "20:30"}})));
  ASSERT_TRUE(archive_.save(form({{"airTime", "20:30"}})));
  EXPECT_EQ(last().type, "archive_edit");
  EXPECT_EQ(last().fields, (QJsonObject{{"number", 23}, {"version", 3}, {"airTime", "20:30"}}));
  EXPECT_TRUE(archive_.isBusy());

  QSignalSpy revisions(&archive_, &ArchiveController::formRevisionChanged);
  QJsonObject reply = detailReply();
  QJsonObject episode = reply["episode"].toObject();
  episode["airTime"] = "20:30:00";
  episode["version"] = 4;
  reply["episode"] = episode;
  archive_.onReply(last().id, "archive_detail", reply);
  EXPECT_EQ(archive_.detail()["version"].toInt(), 4);
  EXPECT_EQ(revisions.count(), 1) << "the form starts again from the saved episode";
  EXPECT_FALSE(archive_.isError());
  EXPECT_TRUE(archive_.message().contains("4"));
}

TEST_F(ArchiveControllerTest, AConflictShowsTheirEpisodeAndKeepsTheForm) {
  openExample();
  ASSERT_TRUE(archive_.save(form({{"titles", QVariantMap{{"en", "Roads, water, power"}}}})));
  const QString id = last().id;
  QJsonObject theirs = detailReply()["episode"].toObject();
  theirs["version"] = 5;
  theirs["topics"] = QJsonArray{"roads", "water", "power"};
  QSignalSpy revisions(&archive_, &ArchiveController::formRevisionChanged);
  const QJsonObject error{{"type", "error"},
                          {"id", id},
                          {"code", "conflict"},
                          {"message", "somebody saved a newer version first"},
                          {"episode", theirs}};
  archive_.onRefused(id, error);
  archive_.onFailure(id, "conflict", error["message"].toString(), "");
  EXPECT_TRUE(archive_.hasConflict());
  EXPECT_TRUE(archive_.isError());
  EXPECT_EQ(archive_.detail()["version"].toInt(), 5) << "their episode is shown";
  EXPECT_EQ(archive_.detail()["topics"].toStringList().size(), 3);
  EXPECT_EQ(revisions.count(), 0) << "the producer's form is kept";

  // Saving again edits their version; the topics the producer never touched are theirs now.
  QVariantMap again = form({{"titles", QVariantMap{{"en", "Roads, water, power"}}}});
  ASSERT_TRUE(archive_.save(again));
  EXPECT_EQ(last().fields["version"].toInt(), 5);
  EXPECT_FALSE(last().fields.contains("topics"));
}

TEST_F(ArchiveControllerTest, AConflictWithASummaryOnlyAsksForTheEpisode) {
  openExample();
  ASSERT_TRUE(archive_.save(form({{"airDate", "2026-11-24"}})));
  const QString id = last().id;
  QJsonObject summary =
      example("staff.to_staff.archive_episode_list.json")["episodes"].toArray()[0].toObject();
  summary["version"] = 6;
  archive_.onRefused(id, QJsonObject{{"code", "conflict"}, {"episode", summary}});
  archive_.onFailure(id, "conflict", "", "");
  ASSERT_EQ(last().type, "archive_get");
  QSignalSpy revisions(&archive_, &ArchiveController::formRevisionChanged);
  QJsonObject reply = detailReply();
  QJsonObject episode = reply["episode"].toObject();
  episode["version"] = 6;
  reply["episode"] = episode;
  archive_.onReply(last().id, "archive_detail", reply);
  EXPECT_EQ(archive_.detail()["version"].toInt(), 6);
  EXPECT_EQ(revisions.count(), 0);
  EXPECT_TRUE(archive_.hasConflict());
}

TEST_F(ArchiveControllerTest, AFieldRefusalNamesTheEditorsField) {
  openExample();
  ASSERT_TRUE(archive_.save(
      form({{"titles", QVariantMap{{"sq", "Rrugët"}}},
            {"appearances", QVariantList{QVariantMap{{"position", 1}, {"party", "LDK"}}}}})));
  archive_.onFailure(last().id, "field_too_long", "too long", "appearances[0].party");
  EXPECT_EQ(archive_.errorField(), "guests[1].party") << "by the guest's position";
  ASSERT_TRUE(archive_.save(form({{"titles", QVariantMap{{"sq", "Rrugët"}}}})));
  archive_.onFailure(last().id, "bad_field", "bad", "titles.sq");
  EXPECT_EQ(archive_.errorField(), "titles.sq");

  EXPECT_FALSE(archive_.save(form({{"airDate", "2026-13-01"}}))) << "checked before sending";
  EXPECT_EQ(archive_.errorField(), "airDate");
  EXPECT_FALSE(archive_.save(
      form({{"appearances",
             QVariantList{QVariantMap{{"position", 1}, {"role", QString(201, u'x')}}}}})));
  EXPECT_EQ(archive_.errorField(), "guests[1].role");
}

TEST_F(ArchiveControllerTest, AMalformedReplyIsAnErrorAndChangesNothing) {
  openExample();
  ASSERT_TRUE(archive_.refresh());
  archive_.onReply(last().id, "archive_episode_list",
                   QJsonObject{{"episodes", QJsonArray{QJsonObject{{"number", "x"}}}}});
  EXPECT_TRUE(archive_.isError());
  EXPECT_EQ(archive_.episodes()->count(), 0);
  ASSERT_TRUE(archive_.open(23));
  QJsonObject hostile = detailReply();
  QJsonObject episode = hostile["episode"].toObject();
  episode["poster"] = "https://elsewhere.example/p.jpg";
  hostile["episode"] = episode;
  archive_.onReply(last().id, "archive_detail", hostile);
  EXPECT_TRUE(archive_.isError());
  EXPECT_TRUE(archive_.message().contains("episode.poster"));
  EXPECT_EQ(archive_.detail()["posterUrl"].toString(), "http://127.0.0.1:8080/archive/media/41");
}

TEST_F(ArchiveControllerTest, ANewSessionReloadsTheListAndTheOpenEpisode) {
  openExample();
  sent_.clear();
  archive_.onSessionStarted();
  ASSERT_EQ(sent_.size(), 2);
  EXPECT_EQ(sent_[0].type, "archive_episodes");
  EXPECT_EQ(sent_[1].type, "archive_get") << "a fresh proxy link";
}

}  // namespace
}  // namespace sporazum::studio

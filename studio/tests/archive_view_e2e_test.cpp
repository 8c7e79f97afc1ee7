// The archive view with every real part: the questions server binary on a real PostgreSQL (PG*
// from pg_virtualenv), episodes run with its command line, a programme made with ffmpeg and
// ingested by the real sporazum-archive, and the real console (QML offscreen). The producer lists
// and searches the archive, opens the aired episode (thumbnails over HTTP, loudness against
// R 128, the aired questions with their timecodes), edits its metadata (stored and audited in
// PostgreSQL) and plays the proxy over the server's signed link from a question's in-point.

#include <gtest/gtest.h>

#include <optional>

#include <QtQml/qqmlextensionplugin.h>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QTest>
#include <filesystem>
#include <iostream>

#include "archive_seed.hpp"
#include "gtest_qt.hpp"
#include "qt_warnings.hpp"
#include "server_process.hpp"
#include "sporazum/studio/studio_console.hpp"
#include "staff_helpers.hpp"

Q_IMPORT_QML_PLUGIN(Sporazum_StudioPlugin)

namespace sporazum::studio {
namespace {

using testing::allItems;

namespace fs = std::filesystem;
using namespace sporazum::testing;

constexpr int kWaitMs = 15'000;

class ArchiveViewEndToEnd : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::useFakeAudio();
    warnings_.emplace(QStringList{testing::kNoSoundServer});
    work_ = fs::temp_directory_path() / ("archive-view-e2e-" + std::to_string(::getpid()));
    fs::remove_all(work_);
    fs::create_directories(work_ / "archive");
    ASSERT_TRUE(addStaffAccount(db_.connectionString(), "pera", "producer"));

    aired_.number = 3;
    aired_.title = "Sporazum 9. 11. 2026.";
    aired_.airDate = "2026-11-09";
    aired_.guests = {{"Dragana Petrović", "poslanica"}, {"Arben Krasniqi", "LDK"}};
    aired_.topics = {"putevi"};
    aired_.questions = {{"Kada će biti popravljen put do Đakovice?", true, 8.5, 11.0},
                        {"<b>Zašto</b> nema vode?", false, 14.0, 16.5}};
    seedEpisode(db_.name(), aired_);
    SeededEpisode planned{4, "Sporazum 7. 12. 2026.", "2026-12-07", {}, {}, {}};
    seedEpisode(db_.name(), planned, false);
    makeProgramme(SPORAZUM_FFMPEG, work_ / "episode-3.ts", 20);
    ingestProgramme(SPORAZUM_ARCHIVE_BINARY, db_.name(), work_ / "episode-3.ts", 3,
                    work_ / "archive");

    server_ = std::make_unique<ServerProcess>(std::vector<std::string>{
        "--database", db_.connectionString(), "--archive-dir", (work_ / "archive").string()});
    ASSERT_TRUE(console_.load(qml_));
    window_ = qobject_cast<QQuickWindow*>(qml_.rootObjects().value(0));
    ASSERT_NE(window_, nullptr);
    console_.connection().setServerUrl(QString::fromStdString(staffUrl(*server_)));
    console_.connection().logIn(QStringLiteral("pera"), QString::fromUtf8(kStaffPassword));
    ASSERT_TRUE(QTest::qWaitFor([&] { return console_.connection().isReady(); }, kWaitMs));
    window_->requestActivate();
    ASSERT_TRUE(QTest::qWaitForWindowActive(window_));
  }

  void TearDown() override {
    EXPECT_TRUE(warnings_->isEmpty()) << warnings_->text();
    if (HasFailure() && server_) std::cerr << "server log:\n" << server_->log() << "\n";
    server_.reset();
    fs::remove_all(work_);
  }

  QQuickItem* item(const QString& objectName) {
    for (QQuickItem* candidate : allItems(window_->contentItem())) {
      if (candidate->objectName() == objectName) return candidate;
    }
    return nullptr;
  }
  QList<QQuickItem*> itemsNamed(QQuickItem* root, const QString& objectName) {
    QList<QQuickItem*> found;
    for (QQuickItem* candidate : allItems(root)) {
      if (candidate->objectName() == objectName) found.append(candidate);
    }
    return found;
  }
  void click(QQuickItem* target) {
    ASSERT_NE(target, nullptr);
    ASSERT_TRUE(target->isVisible());
    const QPointF centre = target->mapToScene(QPointF(target->width() / 2, target->height() / 2));
    QTest::mouseClick(window_, Qt::LeftButton, {}, centre.toPoint());
  }
  std::string sql(const std::string& statement) { return psql(db_.name(), statement); }

  ScratchDatabase db_;
  fs::path work_;
  SeededEpisode aired_;
  std::unique_ptr<ServerProcess> server_;
  StudioConsole console_{QStringLiteral(SPORAZUM_SOURCE_ROOT "/assets/templates")};
  QQmlApplicationEngine qml_;
  std::optional<testing::QtWarnings> warnings_;
  QQuickWindow* window_ = nullptr;
};

TEST_F(ArchiveViewEndToEnd, AProducerFindsEditsAndPlaysAnAiredEpisode) {
  click(item("archiveTab"));
  ASSERT_TRUE(QTest::qWaitFor([&] { return console_.archive().episodes()->count() == 2; }, kWaitMs))
      << "the planned episode and the archived one";

  // Search across scripts: the Cyrillic query finds the Latin question.
  item("archiveSearchField")->setProperty("text", QString::fromUtf8("Ђаковице"));
  QMetaObject::invokeMethod(item("archiveSearchField"), "accepted");
  ASSERT_TRUE(QTest::qWaitFor([&] { return console_.archive().hits()->count() >= 1; }, kWaitMs));
  click(item("archiveAllButton"));
  ASSERT_TRUE(QTest::qWaitFor([&] { return item("archiveEpisodeList")->isVisible(); }, kWaitMs));
  QTest::qWait(50);

  QQuickItem* row = nullptr;
  for (QQuickItem* candidate : allItems(item("archiveEpisodeList"))) {
    if (candidate->property("number").toInt() == 3 && candidate->property("posterUrl").isValid()) {
      row = candidate;
    }
  }
  ASSERT_NE(row, nullptr);
  EXPECT_TRUE(
      row->property("posterUrl")
          .toString()
          .startsWith(QStringLiteral("http://127.0.0.1:%1/archive/media/").arg(server_->port())));
  // The 1 kHz test tone measures about -21 LUFS with a -20 dBTP peak: amber against R 128.
  EXPECT_EQ(row->property("loudnessStatus").toString(), "amber");
  click(row);
  ASSERT_TRUE(QTest::qWaitFor([&] { return console_.archive().hasDetail(); }, kWaitMs));
  ASSERT_TRUE(QTest::qWaitFor([&] { return item("archiveDetail")->isVisible(); }, kWaitMs));
  QTest::qWait(50);

  // Thumbnails come over HTTP from the server.
  const auto thumbnails = itemsNamed(item("archiveThumbnails"), "archiveThumbnail");
  ASSERT_GE(thumbnails.size(), 3);
  ASSERT_TRUE(
      QTest::qWaitFor([&] { return thumbnails[0]->property("status").toInt() == 1; }, kWaitMs))
      << "Image.Ready: " << thumbnails[0]->property("source").toString().toStdString();

  // The aired questions with their timecodes from the as-run record; markup stays text.
  QStringList timecodes;
  for (QQuickItem* label : itemsNamed(item("archiveQuestionList"), "archiveQuestionTimecode"))
    timecodes.append(label->property("text").toString());
  EXPECT_TRUE(timecodes.contains(QString::fromUtf8("0:00:08–0:00:11")))
      << timecodes.join('|').toStdString();
  EXPECT_TRUE(timecodes.contains(QString::fromUtf8("0:00:14–0:00:16")))
      << timecodes.join('|').toStdString();
  bool isMarkupLiteral = false;
  for (QQuickItem* label : itemsNamed(item("archiveQuestionList"), "archiveQuestionText")) {
    if (label->property("text").toString() == QString::fromUtf8("<b>Zašto</b> nema vode?")) {
      isMarkupLiteral = label->property("textFormat").toInt() == Qt::PlainText;
    }
  }
  EXPECT_TRUE(isMarkupLiteral);

  // An edit: stored, versioned and audited in PostgreSQL.
  item("archiveTitle_enInput")->setProperty("text", "Roads to Djakovica");
  item("archiveGuestParty_2Input")->setProperty("text", "LDK");
  QMetaObject::invokeMethod(item("archiveSaveButton"), "clicked");
  ASSERT_TRUE(QTest::qWaitFor(
      [&] { return sql("SELECT count(*) FROM audit_log WHERE action = 'archive_edit'") == "1"; },
      kWaitMs));
  EXPECT_EQ(sql("SELECT text FROM episode_texts WHERE kind = 'title' AND lang = 'en'"),
            "Roads to Djakovica");
  EXPECT_EQ(sql("SELECT party FROM appearances WHERE position = 2"), "LDK");
  EXPECT_EQ(sql("SELECT actor FROM audit_log WHERE action = 'archive_edit'"), "pera");
  ASSERT_TRUE(QTest::qWaitFor([&] { return console_.archive().detail()["version"].toInt() == 2; },
                              kWaitMs));

  // Play from the first question: the proxy over the server's signed link, from 2 s before it.
  QQuickItem* player = item("archivePlayer");
  ASSERT_NE(player, nullptr);
  EXPECT_TRUE(player->property("source").toString().contains("sig=")) << "the signed link";
  QQuickItem* button = nullptr;
  for (QQuickItem* question : itemsNamed(item("archiveQuestionList"), "archiveQuestionRow")) {
    if (question->property("questionId").toLongLong() == aired_.questions[0].id) {
      button = itemsNamed(question, "archivePlayFromButton").value(0);
    }
  }
  ASSERT_NE(button, nullptr);
  QMetaObject::invokeMethod(button, "clicked");
  ASSERT_TRUE(QTest::qWaitFor([&] { return player->property("isPlaying").toBool(); }, kWaitMs))
      << player->property("errorString").toString().toStdString();
  ASSERT_TRUE(
      QTest::qWaitFor([&] { return player->property("position").toDouble() >= 6'500; }, kWaitMs))
      << player->property("position").toDouble();
  const double landed = player->property("position").toDouble();
  EXPECT_LT(landed, 8'500) << "it seeks to the question, not past it";
  ASSERT_TRUE(QTest::qWaitFor(
      [&] { return player->property("position").toDouble() > landed + 1'000; }, kWaitMs))
      << "it plays on from there";
  EXPECT_NEAR(player->property("duration").toDouble(), 20'000, 500) << "the whole proxy";
  QMetaObject::invokeMethod(item("archivePlayPauseButton"), "clicked");
  ASSERT_TRUE(QTest::qWaitFor([&] { return !player->property("isPlaying").toBool(); }, kWaitMs));
}

}  // namespace
}  // namespace sporazum::studio

// The archive pane offscreen: the whole console against the fake staff server answering the
// archive's messages from the examples (FakeArchive), with a proxy made by ffmpeg at test time
// and played by Qt Multimedia (GStreamer). List, search, open, edit with a conflict, a refused
// field, and "play from here". Any warning from Qt or QML fails the test.

#include <gtest/gtest.h>

#include <optional>

#include <QtQml/qqmlextensionplugin.h>
#include <QJsonArray>
#include <QProcess>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QTemporaryDir>
#include <QTest>

#include "fake_staff_server.hpp"
#include "gtest_qt.hpp"
#include "qt_warnings.hpp"
#include "realistic_show.hpp"
#include "sporazum/studio/studio_console.hpp"

Q_IMPORT_QML_PLUGIN(Sporazum_StudioPlugin)

namespace sporazum::studio {
namespace {

using testing::allItems;

using testing::FakeStaffServer;

constexpr int kWaitMs = 10'000;

class StudioArchiveTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // A 12-second H.264 + AAC MP4 with faststart, as the archive's proxy is.
    media_ = new QTemporaryDir;
    ASSERT_TRUE(media_->isValid());
    QProcess ffmpeg;
    ffmpeg.start("ffmpeg", {"-hide_banner",
                            "-loglevel",
                            "error",
                            "-y",
                            "-f",
                            "lavfi",
                            "-i",
                            "testsrc2=size=640x360:rate=25",
                            "-f",
                            "lavfi",
                            "-i",
                            "sine=frequency=440",
                            "-t",
                            "12",
                            "-c:v",
                            "libx264",
                            "-preset",
                            "ultrafast",
                            "-pix_fmt",
                            "yuv420p",
                            "-c:a",
                            "aac",
                            "-movflags",
                            "+faststart",
                            media_->filePath("proxy.mp4")});
    ASSERT_TRUE(ffmpeg.waitForFinished(60'000));
    ASSERT_EQ(ffmpeg.exitCode(), 0) << ffmpeg.readAllStandardError().toStdString();
    ffmpeg.start("ffmpeg",
                 {"-hide_banner", "-loglevel", "error", "-y", "-i", media_->filePath("proxy.mp4"),
                  "-frames:v", "1", "-s", "320x180", media_->filePath("thumb.jpg")});
    ASSERT_TRUE(ffmpeg.waitForFinished(60'000));
    ASSERT_EQ(ffmpeg.exitCode(), 0) << ffmpeg.readAllStandardError().toStdString();
  }
  static void TearDownTestSuite() {
    delete media_;
    media_ = nullptr;
  }

  void SetUp() override {
    testing::useFakeAudio();
    warnings_.emplace(QStringList{testing::kNoSoundServer});
    server_.addAccount("pera", "lozinka", "producer");
    server_.setShowOn(true);
    server_.setArchiveOn(true);
    testing::fillRealisticShow(server_.show());
    // Question 118 aired 8.5 s into the proxy made above; its path is a path on the "server",
    // which for this test is the file system (file:// origin).
    QJsonObject detail = server_.archive().detail(23);
    QJsonArray questions = detail["questions"].toArray();
    QJsonObject first = questions[0].toObject();
    first["inSeconds"] = 8.5;
    first["outSeconds"] = 11.0;
    questions[0] = first;
    detail["questions"] = questions;
    // Thumbnails and poster from the same directory (a missing picture would warn).
    const QString thumb = media_->filePath("thumb.jpg");
    QJsonArray thumbnails = detail["thumbnails"].toArray();
    for (qsizetype i = 0; i < thumbnails.size(); ++i) {
      QJsonObject t = thumbnails[i].toObject();
      t["url"] = thumb;
      thumbnails[i] = t;
    }
    detail["thumbnails"] = thumbnails;
    detail["poster"] = thumb;
    server_.archive().setDetail(23, detail);
    server_.archive().setProxyUrl(23, media_->filePath("proxy.mp4"));
    console_.connection().setServerUrl(server_.url());
    console_.archive().setMediaOrigin(QUrl("file://"));
    ASSERT_TRUE(console_.load(engine_));
    window_ = qobject_cast<QQuickWindow*>(engine_.rootObjects().value(0));
    ASSERT_NE(window_, nullptr);
  }

  void TearDown() override { EXPECT_TRUE(warnings_->isEmpty()) << warnings_->text(); }

  template <typename T = QQuickItem>
  T* item(const QString& objectName) {
    for (QQuickItem* candidate : allItems(window_->contentItem())) {
      if (candidate->objectName() == objectName) {
        if (T* found = qobject_cast<T*>(candidate)) return found;
      }
    }
    return window_->findChild<T*>(objectName);
  }
  QList<QQuickItem*> itemsNamed(QQuickItem* root, const QString& objectName) {
    QList<QQuickItem*> found;
    for (QQuickItem* candidate : allItems(root)) {
      if (candidate->objectName() == objectName) found.append(candidate);
    }
    return found;
  }
  QString textOf(const QString& objectName) {
    return item(objectName)->property("text").toString();
  }
  void click(QQuickItem* target) {
    ASSERT_NE(target, nullptr);
    ASSERT_TRUE(target->isVisible());
    const QPointF centre = target->mapToScene(QPointF(target->width() / 2, target->height() / 2));
    QTest::mouseClick(window_, Qt::LeftButton, {}, centre.toPoint());
  }
  void setText(const QString& objectName, const QString& text) {
    QQuickItem* field = item(objectName);
    ASSERT_NE(field, nullptr) << objectName.toStdString();
    field->setProperty("text", text);
  }

  void logInAndOpenTheArchive() {
    item<QObject>("userField")->setProperty("text", "pera");
    item<QObject>("passwordField")->setProperty("text", "lozinka");
    QMetaObject::invokeMethod(item<QObject>("logInButton"), "clicked");
    ASSERT_TRUE(QTest::qWaitFor([&] { return console_.connection().isReady(); }, kWaitMs));
    ASSERT_TRUE(QTest::qWaitFor([&] { return !item("loginForm")->isVisible(); }, kWaitMs));
    window_->requestActivate();
    ASSERT_TRUE(QTest::qWaitForWindowActive(window_));
    click(item("archiveTab"));
    ASSERT_TRUE(item("archivePane")->isVisible());
    ASSERT_TRUE(
        QTest::qWaitFor([&] { return console_.archive().episodes()->count() == 2; }, kWaitMs));
    QTest::qWait(50);
  }

  /// The row of the archive's episode list showing episode `number`.
  QQuickItem* episodeRow(int number) {
    for (QQuickItem* candidate : allItems(item("archiveEpisodeList"))) {
      if (candidate->property("number").toInt() == number &&
          candidate->property("posterUrl").isValid()) {
        return candidate;
      }
    }
    return nullptr;
  }

  void openEpisode23() {
    click(episodeRow(23));
    ASSERT_TRUE(QTest::qWaitFor([&] { return console_.archive().hasDetail(); }, kWaitMs));
    ASSERT_TRUE(QTest::qWaitFor([&] { return item("archiveDetail")->isVisible(); }, kWaitMs));
    QTest::qWait(50);
  }

  static QTemporaryDir* media_;
  FakeStaffServer server_;
  StudioConsole console_{QStringLiteral(SPORAZUM_SOURCE_ROOT "/assets/templates")};
  QQmlApplicationEngine engine_;
  std::optional<testing::QtWarnings> warnings_;
  QQuickWindow* window_ = nullptr;
};

QTemporaryDir* StudioArchiveTest::media_ = nullptr;

TEST_F(StudioArchiveTest, ListsSearchesAndOpensAnEpisodeAsPlainText) {
  logInAndOpenTheArchive();
  EXPECT_EQ(item("archiveEpisodeList")->property("count").toInt(), 2);
  ASSERT_NE(episodeRow(24), nullptr);
  EXPECT_EQ(episodeRow(23)->property("loudnessStatus").toString(), "green");

  setText("archiveSearchField", "Djakovica");
  QMetaObject::invokeMethod(item("archiveSearchField"), "accepted");
  ASSERT_TRUE(QTest::qWaitFor([&] { return console_.archive().hits()->count() == 2; }, kWaitMs));
  QTest::qWait(50);
  EXPECT_TRUE(item("archiveHitList")->isVisible());
  EXPECT_FALSE(item("archiveEpisodeList")->isVisible());
  // «Đakovicu» is a bold run of plain text, the marks gone.
  QStringList bold;
  for (QQuickItem* snippet : itemsNamed(item("archiveHitList"), "archiveSnippet")) {
    for (QQuickItem* run : allItems(snippet)) {
      if (run->property("font").value<QFont>().bold() &&
          run->property("textFormat").toInt() == Qt::PlainText) {
        bold.append(run->property("text").toString());
      }
    }
  }
  EXPECT_TRUE(bold.contains(QString::fromUtf8("Đakovicu"))) << bold.join('|').toStdString();
  EXPECT_TRUE(bold.contains("Djakovica"));

  click(item("archiveAllButton"));
  ASSERT_TRUE(QTest::qWaitFor([&] { return item("archiveEpisodeList")->isVisible(); }, kWaitMs));

  openEpisode23();
  EXPECT_TRUE(textOf("archiveDetailTitle").contains(QString::fromUtf8("Sporazum 23. 11. 2026.")));
  EXPECT_TRUE(textOf("archiveDetailFacts").contains("1:02:07"));
  QQuickItem* loudness = item("archiveLoudness");
  EXPECT_EQ(loudness->property("word").toString(), "R 128 OK");
  EXPECT_EQ(loudness->property("numbers").toString(),
            "-23.1 LUFS, true peak -1.8 dBTP, range 6.2 LU");
  EXPECT_TRUE(textOf("archiveMaster").contains("mpegts"));
  EXPECT_EQ(itemsNamed(item("archiveThumbnails"), "archiveThumbnail").size(), 2);
  QQuickItem* thumbnail = itemsNamed(item("archiveThumbnails"), "archiveThumbnail").value(0);
  ASSERT_NE(thumbnail, nullptr);
  EXPECT_EQ(thumbnail->property("source").toUrl(),
            QUrl::fromLocalFile(media_->filePath("thumb.jpg")));
  ASSERT_TRUE(QTest::qWaitFor([&] { return thumbnail->property("status").toInt() == 1; }, kWaitMs))
      << "Image.Ready";
  EXPECT_TRUE(thumbnail->property("asynchronous").toBool());

  // The questions with their timecodes; markup in a question stays text.
  EXPECT_EQ(item("archiveQuestionList")->property("count").toInt(), 2);
  QStringList timecodes;
  for (QQuickItem* label : itemsNamed(item("archiveQuestionList"), "archiveQuestionTimecode"))
    timecodes.append(label->property("text").toString());
  EXPECT_TRUE(timecodes.contains(QString::fromUtf8("0:00:08–0:00:11")))
      << timecodes.join('|').toStdString();
  bool isMarkupLiteral = false;
  for (QQuickItem* label : itemsNamed(item("archiveQuestionList"), "archiveQuestionText")) {
    EXPECT_EQ(label->property("textFormat").toInt(), Qt::PlainText);
    if (label->property("text").toString() == "<b>Zašto?</b>") isMarkupLiteral = true;
  }
  EXPECT_TRUE(isMarkupLiteral);
  // The editor starts from the episode.
  EXPECT_EQ(item("archiveTitle_enInput")->property("text").toString(), "Roads and water");
  EXPECT_EQ(item("archiveTitle_sqInput")->property("text").toString(), "");
  EXPECT_EQ(item("archiveGuestParty_1Input")->property("text").toString(), "SNS");
}

TEST_F(StudioArchiveTest, AConflictKeepsTheProducersEditsAndShowsTheirs) {
  logInAndOpenTheArchive();
  openEpisode23();
  setText("archiveTitle_enInput", "Roads, water and power");
  // Someone else saves first: another topic.
  server_.archive().saveElsewhere(23, {{"topics", QJsonArray{"roads", "water", "power"}}});
  QMetaObject::invokeMethod(item("archiveSaveButton"), "clicked");
  ASSERT_TRUE(QTest::qWaitFor([&] { return console_.archive().hasConflict(); }, kWaitMs));
  QTest::qWait(50);
  EXPECT_EQ(console_.archive().detail()["version"].toInt(), 4) << "their episode is shown";
  EXPECT_TRUE(item("archiveConflictBanner")->isVisible());
  EXPECT_EQ(item("archiveTitle_enInput")->property("text").toString(), "Roads, water and power")
      << "the producer's edit stays";
  EXPECT_TRUE(item("archiveTitle_enMeanwhile")->isVisible());
  EXPECT_EQ(textOf("archiveTitle_enMeanwhile"), "Saved meanwhile: Roads and water");
  EXPECT_EQ(item("archiveTopicsInput")->property("text").toString(), "roads, water, power")
      << "an untouched field shows their change";
  EXPECT_FALSE(item("archiveTopicsMeanwhile")->isVisible());

  QMetaObject::invokeMethod(item("archiveSaveButton"), "clicked");
  ASSERT_TRUE(QTest::qWaitFor([&] { return server_.archive().editCount() == 1; }, kWaitMs));
  ASSERT_TRUE(QTest::qWaitFor([&] { return console_.archive().detail()["version"].toInt() == 5; },
                              kWaitMs));
  const QJsonObject saved = server_.archive().detail(23);
  EXPECT_EQ(saved["titles"].toObject()["en"].toString(), "Roads, water and power");
  EXPECT_EQ(saved["topics"].toArray().size(), 3) << "their topic survives the second save";
  QTest::qWait(50);
  EXPECT_FALSE(item("archiveConflictBanner")->isVisible());
  EXPECT_FALSE(console_.archive().isError());
  EXPECT_FALSE(item("archiveUnsaved")->isVisible());
}

TEST_F(StudioArchiveTest, ARefusedFieldTurnsRedAtTheField) {
  logInAndOpenTheArchive();
  openEpisode23();
  setText("archiveTitle_sqInput", QString(201, u'ë'));
  QMetaObject::invokeMethod(item("archiveSaveButton"), "clicked");
  QTest::qWait(50);
  EXPECT_EQ(console_.archive().errorField(), "titles.sq");
  EXPECT_TRUE(item("archiveTitle_sqInput")->property("hasError").toBool());
  EXPECT_TRUE(item("archiveTitle_sqError")->isVisible());
  EXPECT_FALSE(item("archiveTitle_enInput")->property("hasError").toBool());
  EXPECT_EQ(server_.archive().editCount(), 0) << "nothing sent";
}

TEST_F(StudioArchiveTest, PlayFromHereSeeksTheProxyToTheQuestion) {
  logInAndOpenTheArchive();
  openEpisode23();
  QQuickItem* player = item("archivePlayer");
  ASSERT_NE(player, nullptr);
  ASSERT_TRUE(player->isVisible());
  EXPECT_TRUE(player->property("source").toString().endsWith("proxy.mp4"));
  QQuickItem* button = nullptr;
  for (QQuickItem* row : itemsNamed(item("archiveQuestionList"), "archiveQuestionRow")) {
    if (row->property("questionId").toLongLong() == 118) {
      button = itemsNamed(row, "archivePlayFromButton").value(0);
    }
  }
  ASSERT_NE(button, nullptr);
  EXPECT_TRUE(button->property("enabled").toBool());
  QMetaObject::invokeMethod(button, "clicked");
  // 8.5 s in, started two seconds early: 6.5 s, then onwards.
  ASSERT_TRUE(QTest::qWaitFor([&] { return player->property("isPlaying").toBool(); }, kWaitMs));
  ASSERT_TRUE(
      QTest::qWaitFor([&] { return player->property("position").toDouble() >= 6'500; }, kWaitMs))
      << player->property("position").toDouble();
  const double landed = player->property("position").toDouble();
  EXPECT_LT(landed, 8'500) << "it seeks to the question, not past it";
  ASSERT_TRUE(QTest::qWaitFor(
      [&] { return player->property("position").toDouble() > landed + 500; }, kWaitMs))
      << "it plays on from there";
  // The question without a timecode has no place to play from.
  for (QQuickItem* row : itemsNamed(item("archiveQuestionList"), "archiveQuestionRow")) {
    if (row->property("questionId").toLongLong() == 131) {
      EXPECT_FALSE(itemsNamed(row, "archivePlayFromButton").value(0)->property("enabled").toBool());
    }
  }
  QMetaObject::invokeMethod(item("archivePlayPauseButton"), "clicked");
  ASSERT_TRUE(QTest::qWaitFor([&] { return !player->property("isPlaying").toBool(); }, kWaitMs));
}

TEST_F(StudioArchiveTest, TheKeyboardOpensAndPlaysWithoutTakingAnythingToAir) {
  logInAndOpenTheArchive();
  QQuickItem* list = item("archiveEpisodeList");
  list->forceActiveFocus();
  ASSERT_TRUE(item("archivePane")->hasActiveFocus());
  QTest::keyClick(window_, Qt::Key_Down);
  QTest::keyClick(window_, Qt::Key_Down);
  QTest::keyClick(window_, Qt::Key_Return);
  ASSERT_TRUE(QTest::qWaitFor([&] { return console_.archive().hasDetail(); }, kWaitMs));
  EXPECT_EQ(console_.archive().detail()["number"].toInt(), 23);
  EXPECT_TRUE(server_.receivedOfType("graphics").isEmpty()) << "Return was the archive's";
  QTest::qWait(50);
  item("archiveQuestionList")->forceActiveFocus();
  QTest::keyClick(window_, Qt::Key_Return);
  ASSERT_TRUE(QTest::qWaitFor(
      [&] { return item("archivePlayer")->property("position").toDouble() >= 6'500; }, kWaitMs));
  EXPECT_TRUE(server_.receivedOfType("graphics").isEmpty());
  QMetaObject::invokeMethod(item("archivePlayPauseButton"), "clicked");
}

}  // namespace
}  // namespace sporazum::studio

// The whole console offscreen: the real QML against the fake staff server speaking the studio's
// real protocol (FakeShow: show, queue, queue_changes, episodes, conflicts). Any warning from Qt
// or QML (a binding to undefined, a type error, a missing file) fails the test.

#include <gtest/gtest.h>

#include <optional>

#include <QtQml/qqmlextensionplugin.h>
#include <QDateTime>
#include <QJsonArray>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QTest>
#include <QTranslator>

#include "fake_staff_server.hpp"
#include "gtest_qt.hpp"
#include "qt_warnings.hpp"
#include "realistic_show.hpp"
#include "sporazum/studio/language.hpp"
#include "sporazum/studio/municipality_names.hpp"
#include "sporazum/studio/studio_console.hpp"
#include "test_messages.hpp"

Q_IMPORT_QML_PLUGIN(Sporazum_StudioPlugin)

namespace sporazum::studio {
namespace {

using testing::allItems;

using testing::FakeStaffServer;
using testing::question;

constexpr int kWaitMs = 5'000;
const QString kMarkup = QStringLiteral("<b>3 < 5 & true</b>");

class StudioConsoleTest : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    warnings_.emplace(QStringList{});
    if (QString(GetParam()) != "en") {
      ASSERT_TRUE(installTranslation(*QCoreApplication::instance(), translator_, GetParam()));
    }
    server_.addAccount("pera", "lozinka", "producer");
    server_.setShowOn(true);
    testing::fillRealisticShow(server_.show());
    addHostileQuestions();
    server_.setAfterSession({testing::freshEngineStatus(), testing::previewMessage("engine-main"),
                             testing::lowerThirdOnAirReport()});
    auto names = readMunicipalityNames(
        QStringLiteral(SPORAZUM_SOURCE_ROOT "/assets/municipalities.json"), GetParam());
    ASSERT_TRUE(names) << names.error().message;
    console_.queue().setMunicipalityNames(*names);
    console_.connection().setServerUrl(server_.url());
    ASSERT_TRUE(console_.load(engine_));
    window_ = qobject_cast<QQuickWindow*>(engine_.rootObjects().value(0));
    ASSERT_NE(window_, nullptr);
  }

  void TearDown() override {
    QCoreApplication::removeTranslator(&translator_);
    EXPECT_TRUE(warnings_->isEmpty()) << warnings_->text();
  }

  /// Markup where viewers and producers type, and a question the console cannot read.
  void addHostileQuestions() {
    QJsonObject markup = question(130, "approved", kMarkup);
    markup["viewerName"] = "<i>Milica</i>";
    markup["topic"] = "roads";
    markup["edited"] = true;
    markup["viewerText"] = "<script>alert('x')</script>";
    markup["askCount"] = 4;
    server_.show().addQuestion(markup);
    QJsonObject hostile = question(131, "queued", "wrong types", 4);
    hostile["askCount"] = "lots";  // refused alone, shown as an error line
    server_.show().addQuestion(hostile);
  }

  /// The item or object named so: in the scene (Repeater's rows are not QObject children of
  /// the window), else among the window's children (popups).
  template <typename T = QQuickItem>
  T* item(const char* objectName) {
    for (QQuickItem* candidate : allItems(window_->contentItem())) {
      if (candidate->objectName() == QLatin1String(objectName)) {
        if (T* found = qobject_cast<T*>(candidate)) return found;
      }
    }
    return window_->findChild<T*>(QString::fromLatin1(objectName));
  }
  /// The visible item of the row showing question `id` in the queue's list.
  QQuickItem* queueRow(qint64 id) {
    for (QQuickItem* candidate : allItems(item("queueList"))) {
      if (candidate->inherits("QQuickItem") &&
          candidate->property("questionId").toLongLong() == id &&
          candidate->property("questionState").isValid()) {
        return candidate;
      }
    }
    return nullptr;
  }
  QQuickItem* childNamed(QQuickItem* parent, const QString& name) {
    for (QQuickItem* candidate : allItems(parent)) {
      if (candidate->objectName() == name) return candidate;
    }
    return nullptr;
  }
  void click(QQuickItem* target) {
    ASSERT_NE(target, nullptr);
    ASSERT_TRUE(target->isVisible());
    QMetaObject::invokeMethod(target, "clicked");
  }

  void logInThroughTheForm() {
    ASSERT_TRUE(console_.connection().needsLogin());
    item<QObject>("userField")->setProperty("text", "pera");
    item<QObject>("passwordField")->setProperty("text", "lozinka");
    QMetaObject::invokeMethod(item<QObject>("logInButton"), "clicked");
    ASSERT_TRUE(QTest::qWaitFor([&] { return console_.queue().totalCount() == 9; }, kWaitMs));
    ASSERT_TRUE(QTest::qWaitFor([&] { return console_.engines().count() == 2; }, kWaitMs));
    ASSERT_TRUE(QTest::qWaitFor([&] { return console_.show().episodes()->count() == 3; }, kWaitMs));
    ASSERT_EQ(console_.show().currentId(), 7);
    QTest::qWait(100);  // let every binding settle
  }

  /// Logs in to a server with no episode: the show and the queue say so.
  void logInThroughTheFormWithoutAShow() {
    item<QObject>("userField")->setProperty("text", "pera");
    item<QObject>("passwordField")->setProperty("text", "lozinka");
    QMetaObject::invokeMethod(item<QObject>("logInButton"), "clicked");
    ASSERT_TRUE(QTest::qWaitFor([&] { return console_.engines().count() == 2; }, kWaitMs));
    QTest::qWait(200);
  }

  void focusConsole() {
    window_->requestActivate();
    ASSERT_TRUE(QTest::qWaitForWindowActive(window_));
    window_->contentItem()->forceActiveFocus();
  }

  QTranslator translator_;
  FakeStaffServer server_;
  StudioConsole console_{QStringLiteral(SPORAZUM_SOURCE_ROOT "/assets/templates")};
  QQmlApplicationEngine engine_;
  std::optional<testing::QtWarnings> warnings_;
  QQuickWindow* window_ = nullptr;
};

TEST_P(StudioConsoleTest, StartsLogsInAndShowsEverythingWithoutAWarning) {
  EXPECT_TRUE(item("loginForm")->isVisible());
  logInThroughTheForm();
  EXPECT_FALSE(item("loginForm")->isVisible());
  EXPECT_EQ(console_.connection().userRole(), "producer");
  EXPECT_EQ(console_.queueView().count(), 9);
  EXPECT_EQ(console_.queue().refusedCount(), 1) << "the hostile question";
  EXPECT_TRUE(item("refusedLabel")->isVisible());
  EXPECT_EQ(console_.queue().episodeId(), 7);
  // The tally of the lower third (on air) is red.
  QQuickItem* lamp = nullptr;
  for (QQuickItem* candidate : allItems(item("programmeList"))) {
    if (candidate->objectName() == "tallyLamp" &&
        candidate->parentItem()->parentItem()->property("layerKey").toString() == "lower_third") {
      lamp = candidate;
    }
  }
  ASSERT_NE(lamp, nullptr);
  EXPECT_EQ(lamp->property("color").value<QColor>(), QColor("#e53935"));
  // The episode on top, its guests as the supers, the engine's picture beside the tally.
  EXPECT_TRUE(item<QObject>("episodeTitleLabel")->property("text").toString().contains("23"));
  EXPECT_TRUE(item<QObject>("recordingLabel")
                  ->property("text")
                  .toString()
                  .contains("episode-23-20261123T200004Z.ts"));
  EXPECT_NE(item<QObject>("episodeTimer")->property("text").toString(),
            QString::fromUtf8("–:––:––"));
  ASSERT_NE(item<QObject>("guestButton0"), nullptr);
  EXPECT_EQ(item<QObject>("guestButton0")->property("label").toString(),
            QString::fromUtf8("Dragana Petrović"));
  EXPECT_EQ(item<QObject>("guestButton1")->property("label").toString(), "Arben Krasniqi");
  ASSERT_TRUE(QTest::qWaitFor([&] { return console_.confidence().count() == 1; }, kWaitMs));
  QQuickItem* picture = item("confidenceImage");
  ASSERT_NE(picture, nullptr);
  EXPECT_TRUE(picture->property("source").toString().startsWith("image://confidence/"));
  // Counts by state in the status bar; municipalities by name.
  EXPECT_EQ(console_.queue().approvedCount(), 3);
  EXPECT_EQ(console_.queue().queuedCount(), 3);
  EXPECT_EQ(console_.queue().onAirCount(), 1);
  EXPECT_EQ(console_.queue().airedCount(), 2);
  if (QString(GetParam()) == "en") {
    EXPECT_EQ(item<QObject>("countsLabel")->property("text").toString(),
              QString::fromUtf8("Approved 3 · Queued 3 · On air 1 · Aired 2 · Not selected 0"));
  }
  EXPECT_EQ(console_.queue().get(121).value("municipalityName").toString(),
            QString(GetParam()) == "sr" ? QString::fromUtf8("Južna Mitrovica") : "South Mitrovica");
}

TEST_P(StudioConsoleTest, ViewerTextIsShownAsPlainTextEverywhere) {
  logInThroughTheForm();
  // Select the question with markup: the preview renders it and the delegate shows the original.
  auto* list = item<QQuickItem>("queueList");
  ASSERT_NE(list, nullptr);
  int row = -1;
  for (int i = 0; i < console_.queueView().count(); ++i) {
    if (console_.queueView().questionIdAt(i) == 130) row = i;
  }
  ASSERT_GE(row, 0);
  list->setProperty("currentIndex", row);
  ASSERT_TRUE(
      QTest::qWaitFor([&] { return console_.preview().caption().contains("130"); }, kWaitMs));
  EXPECT_TRUE(console_.preview().fits()) << console_.preview().problem().toStdString();
  QTest::qWait(50);

  QStringList withMarkup;
  for (QQuickItem* candidate : allItems(window_->contentItem())) {
    const QString text = candidate->property("text").toString();
    if (!candidate->inherits("QQuickText") || !text.contains('<')) continue;
    withMarkup.append(candidate->objectName());
    EXPECT_EQ(candidate->property("textFormat").toInt(), 0 /* Text.PlainText */)
        << candidate->objectName().toStdString() << ": " << text.toStdString();
  }
  for (const char* name : {"questionText", "viewerNameLabel", "originalText"}) {
    EXPECT_TRUE(withMarkup.contains(name)) << name;
  }
}

TEST_P(StudioConsoleTest, KeysSendTheirCommandsAndTheAnswersShow) {
  logInThroughTheForm();
  focusConsole();

  QTest::keyClick(window_, Qt::Key_F1);
  ASSERT_TRUE(QTest::qWaitFor([&] { return server_.receivedOfType("graphics").size() == 1; }));
  EXPECT_EQ(server_.receivedOfType("graphics")[0]["graphic"].toObject()["questionId"].toInt(), 121)
      << "the first queued question";
  ASSERT_TRUE(QTest::qWaitFor([&] { return console_.programme().hasCue("lower_third"); }));

  QTest::keyClick(window_, Qt::Key_Space);
  QTest::keyClick(window_, Qt::Key_Space);  // a double press: one take
  ASSERT_TRUE(QTest::qWaitFor(
      [&] { return console_.queue().get(121).value("questionState").toString() == "on_air"; }));
  EXPECT_EQ(console_.queue().get(118).value("questionState").toString(), "aired");
  EXPECT_EQ(console_.queue().get(123).value("position").toInt(), 1) << "the rest moved up";
  EXPECT_EQ(console_.queue().firstQueuedId(), 123) << "Cue next now takes the next one";

  QTest::keyClick(window_, Qt::Key_Escape, Qt::ShiftModifier);
  ASSERT_TRUE(QTest::qWaitFor([&] { return server_.receivedOfType("graphics").size() == 3; }));
  QTest::qWait(100);
  const auto sent = server_.receivedOfType("graphics");
  ASSERT_EQ(sent.size(), 3);
  EXPECT_EQ(sent[1]["action"].toString(), "take");
  EXPECT_EQ(sent[2]["action"].toString(), "clear_all");
  EXPECT_FALSE(console_.controller().isError()) << console_.controller().message().toStdString();

  // Typing in the ticker field: Space is a space, not a take.
  auto* ticker = item<QQuickItem>("tickerField");
  ticker->forceActiveFocus();
  QTest::keyClick(window_, Qt::Key_A);
  QTest::keyClick(window_, Qt::Key_Space);
  QTest::keyClick(window_, Qt::Key_B);
  EXPECT_EQ(ticker->property("text").toString(), "a b");
  QTest::qWait(100);
  EXPECT_EQ(server_.receivedOfType("graphics").size(), 3);

  // F12: a new segment.
  QTest::qWait(1'100);
  EXPECT_NE(console_.clock().segmentText(), "00:00");
  QTest::keyClick(window_, Qt::Key_F12);
  EXPECT_EQ(console_.clock().segmentText(), "00:00");
  EXPECT_EQ(item<QObject>("segmentTimer")->property("text").toString(), "00:00");
}

TEST_P(StudioConsoleTest, TheQueueChangesOnlyThroughTheServer) {
  logInThroughTheForm();
  focusConsole();
  // The approved question 126 joins the queue with its row's button, last.
  QQuickItem* row = queueRow(126);
  ASSERT_NE(row, nullptr);
  click(childNamed(row, "queueButton"));
  ASSERT_TRUE(QTest::qWaitFor([&] { return server_.receivedOfType("queue_move").size() == 1; }));
  const QJsonObject move = server_.receivedOfType("queue_move")[0];
  EXPECT_EQ(move["question"].toInt(), 126);
  EXPECT_EQ(move["version"].toInt(), 3);
  EXPECT_EQ(move["position"].toInt(), 4) << "past the three queued";
  ASSERT_TRUE(QTest::qWaitFor(
      [&] { return console_.queue().get(126).value("questionState").toString() == "queued"; }));
  EXPECT_EQ(console_.queue().get(126).value("position").toInt(), 4);
  EXPECT_FALSE(console_.controller().isError()) << console_.controller().message().toStdString();

  // Ctrl+Up on the selected row moves it up one place; Delete takes it out again.
  auto* list = item<QQuickItem>("queueList");
  const auto rowOf = [&](qint64 id) {
    for (int i = 0; i < console_.queueView().count(); ++i) {
      if (console_.queueView().questionIdAt(i) == id) return i;
    }
    return -1;
  };
  list->setProperty("currentIndex", rowOf(125));
  list->forceActiveFocus();
  QTest::keyClick(window_, Qt::Key_Up, Qt::ControlModifier);
  ASSERT_TRUE(
      QTest::qWaitFor([&] { return console_.queue().get(125).value("position").toInt() == 2; }));
  EXPECT_EQ(console_.queue().get(123).value("position").toInt(), 3);
  list->setProperty("currentIndex", rowOf(125));
  QTest::keyClick(window_, Qt::Key_Delete);
  ASSERT_TRUE(QTest::qWaitFor(
      [&] { return console_.queue().get(125).value("questionState").toString() == "approved"; }));
  EXPECT_EQ(console_.queue().get(123).value("position").toInt(), 2);
  EXPECT_EQ(server_.receivedOfType("queue_remove").size(), 1);
}

TEST_P(StudioConsoleTest, AConflictSaysWhoChangedTheQuestionAndShowsItAsItIsNow) {
  logInThroughTheForm();
  // Marko moved question 123 a moment ago; this console has not heard of it yet.
  server_.show().touch(123, "Marko", "queue_move");
  EXPECT_EQ(console_.queue().get(123).value("version").toInt(), 3);
  click(childNamed(queueRow(123), "removeButton"));
  ASSERT_TRUE(QTest::qWaitFor([&] { return console_.controller().isError(); }, kWaitMs));
  const QString message = console_.controller().message();
  EXPECT_TRUE(message.contains("Marko")) << message.toStdString();
  EXPECT_TRUE(message.contains("123")) << message.toStdString();
  EXPECT_EQ(console_.queue().get(123).value("version").toInt(), 4) << "the row was refreshed";
  EXPECT_EQ(item<QObject>("controllerMessage")->property("text").toString(), message);
}

TEST_P(StudioConsoleTest, EpisodesAreMadeStartedAndEndedWithAConfirmation) {
  logInThroughTheForm();
  focusConsole();
  item<QObject>("leftTabs")->setProperty("currentIndex", 1);
  QTest::qWait(50);
  // The current episode was chosen while the tab was hidden: its End sits right of Save.
  const auto sceneRect = [](QQuickItem* i) { return i->mapRectToScene(i->boundingRect()); };
  ASSERT_TRUE(item("endSelectedButton")->isVisible());
  EXPECT_GT(sceneRect(item("endSelectedButton")).left(),
            sceneRect(item("saveEpisodeButton")).right());

  // A new episode, written in the form.
  click(item("newEpisodeButton"));
  item<QObject>("numberField")->setProperty("text", "25");
  item<QObject>("titleField")->setProperty("text", QString::fromUtf8("Sporazum 21. 12. 2026."));
  item<QObject>("airDateField")->setProperty("text", "2026-12-21");
  item<QObject>("topicsField")->setProperty("text", "water, jobs");
  click(item("addGuestButton"));
  QTest::qWait(20);
  auto* guestName = item<QQuickItem>("guestName0");
  ASSERT_NE(guestName, nullptr);
  guestName->forceActiveFocus();
  for (char c : std::string("Ana"))
    QTest::keyClick(window_, c);
  click(item("saveEpisodeButton"));
  ASSERT_TRUE(QTest::qWaitFor([&] { return console_.show().episodes()->count() == 4; }, kWaitMs));
  const QJsonObject saved = server_.receivedOfType("episode_save")[0]["episode"].toObject();
  EXPECT_TRUE(saved["id"].isNull());
  EXPECT_EQ(saved["number"].toInt(), 25);
  EXPECT_EQ(saved["topics"].toArray(), (QJsonArray{"water", "jobs"}));
  EXPECT_EQ(saved["guests"].toArray(), (QJsonArray{QJsonObject{{"name", "Ana"}, {"role", ""}}}));
  EXPECT_EQ(console_.show().currentId(), 7) << "a show is live: the new one waits";
  EXPECT_FALSE(console_.show().isError()) << console_.show().message().toStdString();

  // Its number again: the server refuses and the number field turns red.
  click(item("saveEpisodeButton"));  // the saved episode is selected: an edit, no conflict
  ASSERT_TRUE(QTest::qWaitFor([&] { return server_.receivedOfType("episode_save").size() == 2; }));
  click(item("newEpisodeButton"));
  item<QObject>("numberField")->setProperty("text", "25");
  item<QObject>("titleField")->setProperty("text", "Duplikat");
  click(item("saveEpisodeButton"));
  ASSERT_TRUE(QTest::qWaitFor([&] { return console_.show().isError(); }, kWaitMs));
  EXPECT_EQ(console_.show().errorField(), "number");
  EXPECT_TRUE(item<QObject>("numberField")->property("hasError").toBool());

  // Starting episode 24 while 23 is live: the server's refusal is shown.
  QMetaObject::invokeMethod(item<QObject>("episodesPane"), "select", Q_ARG(QVariant, 8));
  QTest::qWait(20);
  click(item("startSelectedButton"));
  ASSERT_TRUE(QTest::qWaitFor(
      [&] {
        return server_.receivedOfType("episode_start").size() == 1 && console_.show().isError();
      },
      kWaitMs));
  EXPECT_TRUE(console_.show().message().contains("end it first"))
      << console_.show().message().toStdString();
  EXPECT_TRUE(item<QObject>("showMessage")->property("text").toString().contains("end it first"));

  // End asks first; the panic key still works while it asks; cancel sends nothing.
  auto* endDialog = item<QObject>("endEpisodeDialog");
  click(item("endEpisodeButton"));
  ASSERT_TRUE(QTest::qWaitFor([&] { return endDialog->property("opened").toBool(); }));
  QTest::keyClick(window_, Qt::Key_Escape, Qt::ShiftModifier);
  ASSERT_TRUE(QTest::qWaitFor([&] { return server_.receivedOfType("graphics").size() == 1; }));
  EXPECT_EQ(server_.receivedOfType("graphics")[0]["action"].toString(), "clear_all");
  EXPECT_TRUE(endDialog->property("visible").toBool());
  click(item("cancelEndButton"));
  ASSERT_TRUE(QTest::qWaitFor([&] { return !endDialog->property("visible").toBool(); }));
  EXPECT_TRUE(server_.receivedOfType("episode_end").isEmpty());

  click(item("endEpisodeButton"));
  ASSERT_TRUE(QTest::qWaitFor([&] { return endDialog->property("opened").toBool(); }));
  int notSelectedSeen = 0;
  QObject::connect(&console_.queue(), &QuestionQueueModel::countsChanged, &console_, [&] {
    notSelectedSeen = std::max(notSelectedSeen, console_.queue().notSelectedCount());
  });
  click(item("confirmEndButton"));
  ASSERT_TRUE(QTest::qWaitFor(
      [&] { return console_.show().episodes()->get(7).value("episodeState") == "aired"; },
      kWaitMs));
  EXPECT_EQ(server_.receivedOfType("episode_end")[0]["episode"].toInt(), 7);
  EXPECT_EQ(notSelectedSeen, 6) << "126, 127, 130 approved and 121, 123, 125 queued";
  EXPECT_EQ(console_.show().episodes()->get(7).value("recordingState").toString(), "done");
  // None is live now: the newest episode (25, made above) is the current one, as on the server.
  ASSERT_TRUE(QTest::qWaitFor([&] { return console_.show().currentId() == 9; }, kWaitMs));
  EXPECT_EQ(console_.show().episodeState(), "planned");
  EXPECT_TRUE(item("startEpisodeButton")->isVisible());
  EXPECT_FALSE(item("endEpisodeButton")->isVisible());
  EXPECT_EQ(item<QObject>("episodeTimer")->property("text").toString(),
            QString::fromUtf8("–:––:––"));

  // Now 24 (chosen in the list) starts: it becomes current, its guests become the supers, its
  // queue is empty.
  click(item("startSelectedButton"));
  ASSERT_TRUE(QTest::qWaitFor([&] { return console_.show().currentId() == 8; }, kWaitMs));
  EXPECT_EQ(console_.show().episodeState(), "live");
  ASSERT_TRUE(QTest::qWaitFor([&] { return console_.queue().episodeId() == 8; }, kWaitMs));
  EXPECT_EQ(console_.queue().totalCount(), 0);
  EXPECT_EQ(console_.controller().guests().size(), 1);
  EXPECT_EQ(item<QObject>("guestButton0")->property("label").toString(),
            QString::fromUtf8("Milan Jovanović"));
  EXPECT_EQ(console_.clock().episodeText(), "0:00:00");
  EXPECT_TRUE(item("endEpisodeButton")->isVisible());
}

TEST_P(StudioConsoleTest, ThePreviewFollowsTheCueSoTakeHoldsNoSurprise) {
  logInThroughTheForm();
  QJsonObject cued = testing::programme(18, QJsonValue::Null);
  QJsonArray layers = cued["layers"].toArray();
  QJsonObject lowerThird = layers[0].toObject();
  lowerThird["cued"] = QJsonObject{{"questionId", 125},
                                   {"text", QString::fromUtf8("Када ће бити поправљен пут?")},
                                   {"municipality", "leposavic"},
                                   {"language", "sr-Cyrl"}};
  layers[0] = lowerThird;
  cued["layers"] = layers;
  server_.pushToAll(cued);
  ASSERT_TRUE(QTest::qWaitFor([&] { return console_.programme().seq() == 18; }, kWaitMs));
  ASSERT_TRUE(QTest::qWaitFor([&] { return console_.preview().caption().contains("125"); }));
  EXPECT_EQ(console_.preview().layer(), "lower_third");
  EXPECT_TRUE(console_.preview().fits());
  EXPECT_EQ(item<QObject>("previewCaption")->property("text").toString(),
            console_.preview().caption());
}

TEST_P(StudioConsoleTest, AStaleConfidencePictureIsMarked) {
  logInThroughTheForm();
  ASSERT_TRUE(QTest::qWaitFor([&] { return console_.confidence().count() == 1; }, kWaitMs));
  EXPECT_FALSE(item("staleBadge")->isVisible());
  ASSERT_TRUE(QTest::qWaitFor([&] { return item("staleBadge")->isVisible(); }, 5'000))
      << "no picture for over 3 s";
  server_.pushToAll(testing::previewMessage("engine-main"));
  ASSERT_TRUE(QTest::qWaitFor([&] { return !item("staleBadge")->isVisible(); }, kWaitMs));
}

TEST_P(StudioConsoleTest, AfterADropTheModelsAreReplacedNotAppended) {
  logInThroughTheForm();
  const int before = server_.sessionsStarted();
  server_.dropAll();
  ASSERT_TRUE(QTest::qWaitFor([&] { return server_.sessionsStarted() == before + 1; }, kWaitMs));
  ASSERT_TRUE(QTest::qWaitFor([&] { return console_.connection().isReady(); }, kWaitMs));
  QTest::qWait(200);
  EXPECT_EQ(console_.queue().totalCount(), 9);
  EXPECT_EQ(console_.programme().rowCount(), 6);
  EXPECT_EQ(console_.engines().count(), 2);
  EXPECT_EQ(console_.show().episodes()->count(), 3);
  EXPECT_FALSE(item("loginForm")->isVisible()) << "resumed without asking for the password";
}

TEST_P(StudioConsoleTest, WithoutAnEpisodeTheFallbackGuestsAreTheSupers) {
  server_.show() = testing::FakeShow();  // nothing planned yet
  console_.setFallbackGuests({QVariantMap{{"name", "Gost <b>iz datoteke</b>"}, {"role", ""}}});
  logInThroughTheFormWithoutAShow();
  EXPECT_FALSE(console_.show().hasEpisode());
  EXPECT_TRUE(item("noEpisodeLabel")->isVisible());
  EXPECT_EQ(item<QObject>("guestButton0")->property("label").toString(), "Gost <b>iz datoteke</b>");
}

INSTANTIATE_TEST_SUITE_P(Languages, StudioConsoleTest, ::testing::Values("en", "sr"));

}  // namespace
}  // namespace sporazum::studio

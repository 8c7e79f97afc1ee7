// The whole console offscreen: the real QML against the fake staff server. Any warning from Qt or
// QML (a binding to undefined, a type error, a missing file) fails the test.

#include <gtest/gtest.h>

#include <QtQml/qqmlextensionplugin.h>
#include <QDateTime>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QTest>
#include <QTranslator>

#include "fake_staff_server.hpp"
#include "gtest_qt.hpp"
#include "sporazum/studio/language.hpp"
#include "sporazum/studio/studio_console.hpp"
#include "test_messages.hpp"

Q_IMPORT_QML_PLUGIN(Sporazum_StudioPlugin)

namespace sporazum::studio {
namespace {

using testing::example;
using testing::FakeStaffServer;
using testing::question;

constexpr int kWaitMs = 5'000;
const QString kMarkup = QStringLiteral("<b>3 < 5 & true</b>");

QStringList gWarnings;
QtMessageHandler gPrevious = nullptr;

void collectWarnings(QtMsgType type, const QMessageLogContext& context, const QString& message) {
  if (type >= QtWarningMsg) gWarnings.append(message);
  if (gPrevious) gPrevious(type, context, message);
}

/// The snapshot the fake server pushes after each session: realistic and hostile questions.
QJsonObject queueSnapshot() {
  QJsonObject markup = question(118, "queued", kMarkup, 0, 3);
  markup["viewerName"] = "<i>Milica</i>";
  markup["topic"] = "roads";
  markup["edited"] = true;
  markup["viewerText"] = "<script>alert('x')</script>";
  markup["askCount"] = 4;
  QJsonObject cyrillic = question(
      119, "queued", QString::fromUtf8("Када ће бити поправљен пут до Зубиног Потока?"), 1);
  cyrillic["language"] = "sr-Cyrl";
  QJsonObject albanian = question(120, "approved", QString::fromUtf8("Pyetje për rrugët?"));
  albanian["language"] = "sq";
  albanian["municipality"] = QJsonValue::Null;
  QJsonObject noLanguage = question(121, "aired", "Question without a language");
  noLanguage["language"] = QJsonValue::Null;
  QJsonObject hostile = question(122, "queued", "wrong types", 2);
  hostile["askCount"] = "lots";  // refused alone, shown as an error line
  return {{"type", "queue"},
          {"questions", QJsonArray{markup, cyrillic, albanian, noLanguage, hostile,
                                   question(123, "on_air", "Na vazduhu"),
                                   question(124, "not_selected", "Nije izabrano")}},
          {"complete", true}};
}

/// engine_status from the example, with `at` set to now so the main engine is fresh.
QJsonObject freshEngineStatus() {
  QJsonObject status = example("staff.to_staff.engine_status.json");
  QJsonArray engines = status["engines"].toArray();
  QJsonObject main = engines[1].toObject();
  QJsonObject health = main["health"].toObject();
  health["at"] = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
  main["health"] = health;
  engines[1] = main;
  status["engines"] = engines;
  return status;
}

QList<QQuickItem*> allItems(QQuickItem* root) {
  QList<QQuickItem*> items{root};
  for (QQuickItem* child : root->childItems())
    items += allItems(child);
  return items;
}

class StudioConsoleTest : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    gWarnings.clear();
    gPrevious = qInstallMessageHandler(collectWarnings);
    if (QString(GetParam()) != "en") {
      ASSERT_TRUE(installTranslation(*QCoreApplication::instance(), translator_, GetParam()));
    }
    server_.addAccount("pera", "lozinka", "producer");
    server_.setAfterSession(
        {example("staff.to_staff.programme.json"), freshEngineStatus(), queueSnapshot()});
    console_.controller().setGuests(
        {QVariantMap{{"name", "Dragana <b>Petrović</b>"}, {"role", "poslanica"}},
         QVariantMap{{"name", "Arben Gashi"}, {"role", ""}}});
    console_.connection().setServerUrl(server_.url());
    ASSERT_TRUE(console_.load(engine_));
    window_ = qobject_cast<QQuickWindow*>(engine_.rootObjects().value(0));
    ASSERT_NE(window_, nullptr);
  }

  void TearDown() override {
    QCoreApplication::removeTranslator(&translator_);
    qInstallMessageHandler(gPrevious);
    EXPECT_TRUE(gWarnings.isEmpty()) << gWarnings.join('\n').toStdString();
  }

  template <typename T = QQuickItem>
  T* item(const char* objectName) {
    return window_->findChild<T*>(QString::fromLatin1(objectName));
  }

  void logInThroughTheForm() {
    ASSERT_TRUE(console_.connection().needsLogin());
    item<QObject>("userField")->setProperty("text", "pera");
    item<QObject>("passwordField")->setProperty("text", "lozinka");
    QMetaObject::invokeMethod(item<QObject>("logInButton"), "clicked");
    ASSERT_TRUE(QTest::qWaitFor([&] { return console_.queue().totalCount() == 6; }, kWaitMs));
    ASSERT_TRUE(QTest::qWaitFor([&] { return console_.engines().count() == 2; }, kWaitMs));
    ASSERT_EQ(console_.programme().seq(), 17);
    QTest::qWait(100);  // let every binding settle
  }

  QTranslator translator_;
  FakeStaffServer server_;
  StudioConsole console_{QStringLiteral(SPORAZUM_SOURCE_ROOT "/assets/templates")};
  QQmlApplicationEngine engine_;
  QQuickWindow* window_ = nullptr;
};

TEST_P(StudioConsoleTest, StartsLogsInAndShowsEverythingWithoutAWarning) {
  EXPECT_TRUE(item("loginForm")->isVisible());
  logInThroughTheForm();
  EXPECT_FALSE(item("loginForm")->isVisible());
  EXPECT_EQ(console_.connection().userRole(), "producer");
  EXPECT_EQ(console_.queueView().count(), 6);
  EXPECT_EQ(console_.queue().refusedCount(), 1) << "the hostile question";
  EXPECT_TRUE(item("refusedLabel")->isVisible());
  // Tally of the lower third (on air in the example) is red.
  auto* programme = item<QQuickItem>("programmeList");
  ASSERT_NE(programme, nullptr);
  QQuickItem* lamp = nullptr;
  for (QQuickItem* candidate : allItems(programme)) {
    if (candidate->objectName() == "tallyLamp" &&
        candidate->parentItem()->parentItem()->property("layerKey").toString() == "lower_third") {
      lamp = candidate;
    }
  }
  ASSERT_NE(lamp, nullptr);
  EXPECT_EQ(lamp->property("color").value<QColor>(), QColor("#e53935"));
}

TEST_P(StudioConsoleTest, ViewerTextIsShownAsPlainTextEverywhere) {
  logInThroughTheForm();
  // Select the question with markup: the preview renders it and the delegate shows the original.
  auto* list = item<QQuickItem>("queueList");
  ASSERT_NE(list, nullptr);
  list->setProperty("currentIndex", 1);  // on air first, then the queued 118
  ASSERT_TRUE(QTest::qWaitFor([&] { return !console_.preview().source().isEmpty(); }, kWaitMs));
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
  // For people: SPORAZUM_STUDIO_SCREENSHOT=/tmp/studio- writes /tmp/studio-en.png and -sr.png.
  if (const QString prefix = qEnvironmentVariable("SPORAZUM_STUDIO_SCREENSHOT");
      !prefix.isEmpty()) {
    EXPECT_TRUE(window_->grabWindow().save(prefix + GetParam() + ".png"));
  }
  // The question, the viewer's name, the viewer's original and the guest's name were all found.
  for (const char* name : {"questionText", "viewerNameLabel", "originalText", "actionLabel"}) {
    EXPECT_TRUE(withMarkup.contains(name)) << name;
  }
}

TEST_P(StudioConsoleTest, KeysSendTheirCommandsAndTheAnswersShow) {
  logInThroughTheForm();
  window_->requestActivate();
  ASSERT_TRUE(QTest::qWaitForWindowActive(window_));
  window_->contentItem()->forceActiveFocus();

  QTest::keyClick(window_, Qt::Key_F1);
  ASSERT_TRUE(QTest::qWaitFor([&] { return server_.receivedOfType("graphics").size() == 1; }));
  EXPECT_EQ(server_.receivedOfType("graphics")[0]["graphic"].toObject()["questionId"].toInt(), 118);

  QTest::keyClick(window_, Qt::Key_Space);
  QTest::keyClick(window_, Qt::Key_Space);  // a double press: one take
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
}

TEST_P(StudioConsoleTest, ThePreviewFollowsTheCueSoTakeHoldsNoSurprise) {
  logInThroughTheForm();
  QJsonObject cued = testing::programme(18, QJsonValue::Null);
  QJsonArray layers = cued["layers"].toArray();
  QJsonObject lowerThird = layers[0].toObject();
  lowerThird["cued"] = QJsonObject{{"questionId", 119},
                                   {"text", QString::fromUtf8("Када ће бити поправљен пут?")},
                                   {"municipality", "zubin-potok"},
                                   {"language", "sr-Cyrl"}};
  layers[0] = lowerThird;
  cued["layers"] = layers;
  server_.pushToAll(cued);
  ASSERT_TRUE(QTest::qWaitFor([&] { return console_.programme().seq() == 18; }, kWaitMs));
  ASSERT_TRUE(QTest::qWaitFor([&] { return console_.preview().caption().contains("119"); }));
  EXPECT_EQ(console_.preview().layer(), "lower_third");
  EXPECT_TRUE(console_.preview().fits());
  EXPECT_EQ(item<QObject>("previewCaption")->property("text").toString(),
            console_.preview().caption());
}

TEST_P(StudioConsoleTest, AfterADropTheModelsAreReplacedNotAppended) {
  logInThroughTheForm();
  const int before = server_.sessionsStarted();
  server_.dropAll();
  ASSERT_TRUE(QTest::qWaitFor([&] { return server_.sessionsStarted() == before + 1; }, kWaitMs));
  ASSERT_TRUE(QTest::qWaitFor([&] { return console_.connection().isReady(); }, kWaitMs));
  QTest::qWait(200);
  EXPECT_EQ(console_.queue().totalCount(), 6);
  EXPECT_EQ(console_.programme().rowCount(), 6);
  EXPECT_EQ(console_.engines().count(), 2);
  EXPECT_FALSE(item("loginForm")->isVisible()) << "resumed without asking for the password";
}

INSTANTIATE_TEST_SUITE_P(Languages, StudioConsoleTest, ::testing::Values("en", "sr"));

}  // namespace
}  // namespace sporazum::studio

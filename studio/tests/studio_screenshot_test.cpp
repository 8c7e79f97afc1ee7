// The console on a real X display (Xvfb, platform xcb) against the fake server filled with a
// realistic show, photographed at 1920×1080 in English and Serbian. Checks that each picture was
// written and shows a console, not an empty window. Pictures go to SPORAZUM_SCREENSHOT_DIR when
// set (studio/docs/make-screenshots.sh), else to a temporary directory that is removed.

#include <gtest/gtest.h>

#include <optional>

#include <QtQml/qqmlextensionplugin.h>
#include <QDir>
#include <QFileInfo>
#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

#include "fake_staff_server.hpp"
#include "gtest_qt.hpp"
#include "qt_warnings.hpp"
#include "realistic_show.hpp"
#include "sporazum/studio/language.hpp"
#include "sporazum/studio/municipality_names.hpp"
#include "sporazum/studio/studio_console.hpp"

Q_IMPORT_QML_PLUGIN(Sporazum_StudioPlugin)

namespace sporazum::studio {
namespace {

using testing::allItems;

constexpr int kWaitMs = 10'000;
const QSize kScreen(1920, 1080);

/// Whether `image` shows a console: many colours, light text on dark panels, nothing blank.
::testing::AssertionResult looksLikeAConsole(const QImage& image) {
  if (image.isNull()) return ::testing::AssertionFailure() << "no image";
  QSet<QRgb> colours;
  int light = 0;
  int dark = 0;
  for (int y = 0; y < image.height(); y += 3) {
    for (int x = 0; x < image.width(); x += 3) {
      const QRgb pixel = image.pixel(x, y);
      colours.insert(pixel);
      const int grey = qGray(pixel);
      if (grey > 180) ++light;
      if (grey < 60) ++dark;
    }
  }
  const int samples = (image.height() / 3 + 1) * (image.width() / 3 + 1);
  if (colours.size() < 200) {
    return ::testing::AssertionFailure() << "only " << colours.size() << " colours: blank?";
  }
  if (light < samples / 200 || dark < samples / 4) {
    return ::testing::AssertionFailure()
           << "light " << light << ", dark " << dark << " of " << samples << ": not the console";
  }
  return ::testing::AssertionSuccess();
}

class StudioScreenshotTest : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    ASSERT_EQ(QGuiApplication::platformName(), "xcb")
        << "run under xvfb-run with QT_QPA_PLATFORM=xcb";
    warnings_.emplace(QStringList{});
    if (QString(GetParam()) != "en") {
      ASSERT_TRUE(installTranslation(*QCoreApplication::instance(), translator_, GetParam()));
    }
    const QString dir = qEnvironmentVariable("SPORAZUM_SCREENSHOT_DIR");
    outputDir_ = dir.isEmpty() ? temporary_.path() : dir;
    ASSERT_TRUE(QDir().mkpath(outputDir_));

    server_.addAccount("pera", "lozinka", "producer");
    server_.setShowOn(true);
    testing::fillRealisticShow(server_.show());
    server_.setAfterSession({testing::freshEngineStatus(), testing::previewMessage("engine-main"),
                             testing::previewMessage("engine-backup"),
                             testing::lowerThirdOnAirReport()});
    auto names = readMunicipalityNames(
        QStringLiteral(SPORAZUM_SOURCE_ROOT "/assets/municipalities.json"), GetParam());
    ASSERT_TRUE(names) << names.error().message;
    console_.queue().setMunicipalityNames(*names);
    console_.connection().setServerUrl(server_.url());
    ASSERT_TRUE(console_.load(engine_));
    window_ = qobject_cast<QQuickWindow*>(engine_.rootObjects().value(0));
    ASSERT_NE(window_, nullptr);
    window_->setGeometry(QRect(QPoint(0, 0), kScreen));
    window_->show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(window_));

    console_.connection().logIn("pera", "lozinka");
    ASSERT_TRUE(QTest::qWaitFor([&] { return console_.queue().totalCount() == 8; }, kWaitMs));
    ASSERT_TRUE(QTest::qWaitFor([&] { return console_.show().episodes()->count() == 3; }, kWaitMs));
    ASSERT_TRUE(QTest::qWaitFor([&] { return console_.confidence().count() == 2; }, kWaitMs));
  }

  void TearDown() override {
    QCoreApplication::removeTranslator(&translator_);
    EXPECT_TRUE(warnings_->isEmpty()) << warnings_->text();
  }

  QQuickItem* item(const char* objectName) {
    for (QQuickItem* candidate : allItems(window_->contentItem())) {
      if (candidate->objectName() == QLatin1String(objectName)) return candidate;
    }
    return nullptr;
  }

  /// Selects question `id` in the queue (the preview shows it) and fresh pictures arrive.
  void prepareTheShow(qint64 id) {
    auto* list = item("queueList");
    ASSERT_NE(list, nullptr);
    for (int row = 0; row < console_.queueView().count(); ++row) {
      if (console_.queueView().questionIdAt(row) == id) list->setProperty("currentIndex", row);
    }
    server_.pushToAll(testing::freshEngineStatus());
    server_.pushToAll(testing::previewMessage("engine-main"));
    server_.pushToAll(testing::previewMessage("engine-backup"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return !console_.preview().source().isEmpty(); }, kWaitMs));
    QTest::qWait(300);  // images loaded, bindings settled, a frame drawn
  }

  /// Photographs the window as `name` in the output directory and checks the file.
  void photograph(const QString& name) {
    const QImage shot = window_->grabWindow();
    EXPECT_EQ(shot.size(), kScreen * window_->devicePixelRatio());
    EXPECT_TRUE(looksLikeAConsole(shot));
    const QString path = QDir(outputDir_).filePath(name);
    ASSERT_TRUE(shot.save(path)) << path.toStdString();
    const QImage reread(path);
    EXPECT_EQ(reread.size(), shot.size()) << "written and readable";
    EXPECT_GT(QFileInfo(path).size(), 50'000) << "a console, not an empty frame";
    std::printf("screenshot: %s\n", qPrintable(path));
  }

  QString suffix() const {
    return QString(GetParam()) == "en" ? QString() : "-" + QString(GetParam());
  }

  QTemporaryDir temporary_;
  QString outputDir_;
  QTranslator translator_;
  testing::FakeStaffServer server_;
  StudioConsole console_{QStringLiteral(SPORAZUM_SOURCE_ROOT "/assets/templates")};
  QQmlApplicationEngine engine_;
  std::optional<testing::QtWarnings> warnings_;
  QQuickWindow* window_ = nullptr;
};

TEST_P(StudioScreenshotTest, TheConsoleDuringALiveShow) {
  prepareTheShow(121);
  photograph("console" + suffix() + ".png");
}

TEST_P(StudioScreenshotTest, TheEpisodesTab) {
  QObject* tabs = nullptr;
  for (QQuickItem* candidate : allItems(window_->contentItem())) {
    if (candidate->objectName() == "leftTabs") tabs = candidate;
  }
  ASSERT_NE(tabs, nullptr);
  tabs->setProperty("currentIndex", 1);
  prepareTheShow(121);
  photograph("console-episodes" + suffix() + ".png");
}

INSTANTIATE_TEST_SUITE_P(Languages, StudioScreenshotTest, ::testing::Values("en", "sr"));

}  // namespace
}  // namespace sporazum::studio

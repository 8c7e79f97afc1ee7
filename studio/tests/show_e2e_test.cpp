// The whole show with every real part: the questions server binary on a real PostgreSQL (PG* from
// pg_virtualenv), an engine in this process (the real pipeline: test source → graphics → an appsink
// we watch, and the episode recording), the real console (QML offscreen, keys pressed on its
// window), a viewer and a moderator on real sockets. A viewer asks → a moderator approves → the
// producer queues, cues (F1) and takes (Space) → the graphic is in the engine's programme frames →
// the as-run row is in PostgreSQL → the viewer hears "on air"; Esc clears it ("aired"), and ending
// the episode stops the recording, which the server then holds as done.

#include <gtest/gtest.h>

#include <optional>

#include <QtQml/qqmlextensionplugin.h>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QTemporaryDir>
#include <QTest>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "gtest_qt.hpp"
#include "overlay_app.hpp"
#include "programme_watch.hpp"
#include "qt_warnings.hpp"
#include "server_process.hpp"
#include "sporazum/studio/studio_console.hpp"
#include "staff_helpers.hpp"
#include "ws_sessions.hpp"

Q_IMPORT_QML_PLUGIN(Sporazum_StudioPlugin)

namespace sporazum::studio {
namespace {

using namespace std::chrono_literals;
using namespace sporazum::testing;
using Json = nlohmann::json;

constexpr int kWaitMs = 10'000;
constexpr auto kClientId = "00000000-0000-4000-8000-00000000c0de";
constexpr auto kDevice = "q2yV0ZB7s1m6lF3aU9kXc4pT8wE5rN2hJ0gD1iY7oQs";
constexpr auto kQuestionText = "Када ће бити поправљен пут до Зубиног Потока?";
constexpr std::int64_t kEpisodeNumber = 7;

class ShowEndToEnd : public ::testing::Test {
 protected:
  void SetUp() override {
    warnings_.emplace(QStringList{});
    ASSERT_TRUE(recordDir_.isValid());
    ASSERT_TRUE(addStaffAccount(db(), "pera", "producer"));
    ASSERT_TRUE(addStaffAccount(db(), "ana", "moderator"));
    ASSERT_TRUE(addStaffAccount(db(), "engine-main", "engine"));
    std::string output;
    ASSERT_EQ(runServerCommand({"episode", "new", "Sporazum", "--number",
                                std::to_string(kEpisodeNumber), "--database", db()},
                               &output),
              0)
        << output;
    server_ = std::make_unique<ServerProcess>(std::vector<std::string>{"--database", db()});
  }
  void TearDown() override {
    if (engine_) engine_->stop();
    if (HasFailure() && server_) std::cerr << "server log:\n" << server_->log() << "\n";
  }

  std::string db() const { return db_.connectionString(); }
  std::string sql(const std::string& statement) { return psql(db_.name(), statement); }

  /// The engine in this process, logged in with its token, recording live episodes to a
  /// temporary folder; returns once it is linked and the clean picture is learnt.
  void startEngine() {
    overlay::app::OverlayOptions options;
    options.serverUrl = staffUrl(*server_);
    options.token = engineToken(db(), "engine-main");
    options.engineName = "main";
    options.templatesDir = std::string(SPORAZUM_SOURCE_ROOT) + "/assets/templates";
    options.engine.format = overlay::FrameFormat{1280, 720, 50, 1};
    options.engine.encoder.speedPreset = "ultrafast";  // the recording, on a 2-core machine
    options.engine.recordDir = recordDir_.path().toStdString();
    options.engine.outputs.push_back({overlay::engine::OutputKind::AppSink, {}, watch_.callback()});
    auto app = overlay::app::OverlayApp::create(std::move(options));
    ASSERT_TRUE(app.ok()) << app.error().message;
    engine_ = std::move(*app);
    auto started = engine_->start();
    ASSERT_TRUE(started.ok()) << started.error().message;
    // The slate shows until the test pattern's first frame: learn the clean picture after that.
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return engine_->engine().stats().input == overlay::engine::InputState::Ok; },
        kWaitMs));
    watch_.relearn();
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return engine_->link()->state() == overlay::control::LinkState::Ready; }, kWaitMs));
    ASSERT_TRUE(watch_.waitFor(false)) << "a clean picture before any take";
  }

  /// The console's window (offscreen), logged in as the producer.
  void startConsole() {
    ASSERT_TRUE(console_.load(qml_));
    ASSERT_FALSE(qml_.rootObjects().isEmpty());
    window_ = qobject_cast<QQuickWindow*>(qml_.rootObjects().first());
    ASSERT_NE(window_, nullptr);
    console_.connection().setServerUrl(QString::fromStdString(staffUrl(*server_)));
    console_.connection().logIn(QStringLiteral("pera"), QString::fromUtf8(kStaffPassword));
    ASSERT_TRUE(QTest::qWaitFor([&] { return console_.show().hasEpisode(); }, kWaitMs));
    ASSERT_TRUE(QTest::qWaitFor([&] { return console_.engines().count() == 1; }, kWaitMs));
    window_->requestActivate();
    ASSERT_TRUE(QTest::qWaitForWindowActive(window_));
    window_->contentItem()->forceActiveFocus();
  }

  /// A viewer's device, once questions are open.
  WsSessions::Id viewer() {
    auto id = sessions_.connect(server_->wsUrl());
    EXPECT_TRUE(sessions_.isOpen(id));
    sessions_.send(id, Json{{"type", "hello"}, {"device", kDevice}, {"lang", "sr-Cyrl"}}.dump());
    if (!inbox_.waitFor(id, "welcome")["questionsOpen"].get<bool>()) {
      inbox_.waitFor(id, "questions", [](const Json& m) { return m["open"] == true; });
    }
    return id;
  }

  std::int64_t approve(WsSessions::Id desk, const std::string& text) {
    return approveByText(sessions_, inbox_, desk, text);
  }

  /// The viewer's status for their question reaches `state`.
  bool viewerHears(WsSessions::Id viewer, const std::string& state) {
    return !inbox_
                .waitFor(
                    viewer, "status",
                    [&](const Json& m) { return m["id"] == kClientId && m["status"] == state; })
                .empty();
  }

  /// The producer starts the planned current episode: questions open, the engine records.
  qint64 startEpisode() {
    const qint64 episodeId = console_.show().currentId();
    EXPECT_EQ(console_.show().episodeState(), "planned");
    EXPECT_TRUE(console_.show().start(episodeId));
    EXPECT_TRUE(QTest::qWaitFor([&] { return console_.show().episodeState() == "live"; }, kWaitMs))
        << console_.show().message().toStdString();
    EXPECT_TRUE(QTest::qWaitFor(
        [&] { return console_.show().current().value("recordingState") == "recording"; }, kWaitMs));
    return episodeId;
  }

  /// `asker` sends `text`; the moderator at `desk` approves it; the console sees it approved and
  /// queues it. Its id.
  std::int64_t askApproveAndQueue(WsSessions::Id asker, WsSessions::Id desk,
                                  const std::string& clientId, const std::string& text) {
    sessions_.send(asker, Json{{"type", "submit"},
                               {"id", clientId},
                               {"text", text},
                               {"name", "Milica"},
                               {"consentNameOnAir", true},
                               {"municipality", "zubin-potok"}}
                              .dump());
    EXPECT_EQ(
        inbox_.waitFor(asker, "ack", [&](const Json& m) { return m["id"] == clientId; })["status"],
        "received");
    const std::int64_t questionId = approve(desk, text);
    EXPECT_GT(questionId, 0);
    EXPECT_TRUE(QTest::qWaitFor([&] { return questionState(questionId) == "approved"; }, kWaitMs));
    EXPECT_TRUE(console_.controller().addToQueue(questionId));
    EXPECT_TRUE(QTest::qWaitFor([&] { return questionState(questionId) == "queued"; }, kWaitMs));
    return questionId;
  }

  /// F1 on the console's window, then waits until the server has the cue of `questionId`.
  bool cueNext(std::int64_t questionId) {
    QTest::keyClick(window_, Qt::Key_F1);
    return QTest::qWaitFor(
        [&] {
          return console_.programme().cued("lower_third").value("questionId").toLongLong() ==
                 questionId;
        },
        kWaitMs);
  }

  QString questionState(std::int64_t id) {
    return console_.queue().get(id).value(QStringLiteral("questionState")).toString();
  }

  ScratchDatabase db_;
  QTemporaryDir recordDir_;
  std::unique_ptr<ServerProcess> server_;
  ProgrammeWatch watch_;
  std::unique_ptr<overlay::app::OverlayApp> engine_;
  WsSessions sessions_;
  Inbox inbox_{sessions_};
  StudioConsole console_{QStringLiteral(SPORAZUM_SOURCE_ROOT "/assets/templates")};
  QQmlApplicationEngine qml_;
  std::optional<testing::QtWarnings> warnings_;
  QQuickWindow* window_ = nullptr;
};

TEST_F(ShowEndToEnd, AViewersQuestionGoesToAirFromTheConsole) {
  ASSERT_NO_FATAL_FAILURE(startEngine());
  ASSERT_NO_FATAL_FAILURE(startConsole());

  const qint64 episodeId = startEpisode();
  ASSERT_FALSE(HasFailure());

  // A viewer asks, a moderator approves, the producer queues it, cues it (F1)…
  auto desk = staffLogin(sessions_, *server_, "ana");
  auto asker = viewer();
  const std::int64_t questionId = askApproveAndQueue(asker, desk, kClientId, kQuestionText);
  ASSERT_FALSE(HasFailure());
  EXPECT_EQ(console_.queue().get(questionId).value("text").toString(),
            QString::fromUtf8(kQuestionText));
  EXPECT_EQ(console_.queue().get(questionId).value("viewerName").toString(), "Milica");
  ASSERT_TRUE(cueNext(questionId)) << console_.controller().message().toStdString();
  // …and takes it (Space). The preview is the engine's own renderer: the cued question fits, so no
  // warning.
  ASSERT_TRUE(
      QTest::qWaitFor([&] { return console_.preview().layer() == "lower_third"; }, kWaitMs));
  EXPECT_TRUE(console_.preview().fits()) << console_.preview().problem().toStdString();
  EXPECT_TRUE(watch_.waitFor(false, 500ms)) << "a cue stays off the programme";

  QTest::keyClick(window_, Qt::Key_Space);
  EXPECT_TRUE(watch_.waitFor(true)) << "the question never reached the programme";

  // The engine's first frame with it is reported, stored and shown everywhere.
  ASSERT_TRUE(QTest::qWaitFor([&] { return questionState(questionId) == "on_air"; }, kWaitMs));
  EXPECT_TRUE(QTest::qWaitFor(
      [&] { return !console_.queue().get(questionId).value("onAirTime").toString().isEmpty(); },
      kWaitMs));
  EXPECT_TRUE(
      QTest::qWaitFor([&] { return console_.programme().isOnAir("lower_third"); }, kWaitMs));
  EXPECT_TRUE(QTest::qWaitFor(
      [&] {
        const auto& programme = console_.programme();
        for (int row = 0; row < programme.rowCount(); ++row) {
          const QModelIndex index = programme.index(row);
          if (programme.data(index, ProgrammeModel::LayerRole) == "lower_third")
            return programme.data(index, ProgrammeModel::TallyRole).toBool();
        }
        return false;
      },
      kWaitMs))
      << "the red tally follows the engine's report";
  const std::string question = std::to_string(questionId);
  EXPECT_EQ(sql("SELECT count(*) FROM graphics_as_run WHERE event = 'on_air' AND layer = "
                "'lower_third' AND engine = 'engine-main' AND question_id = " +
                question + " AND episode_id = " + std::to_string(episodeId)),
            "1");
  EXPECT_EQ(
      sql("SELECT state || ' ' || (on_air_at IS NOT NULL) FROM questions WHERE id = " + question),
      "on_air true");
  EXPECT_TRUE(viewerHears(asker, "on_air"));

  // Esc clears it: off the programme, aired for the viewer, the off-air row stored.
  QTest::keyClick(window_, Qt::Key_Escape);
  EXPECT_TRUE(watch_.waitFor(false)) << watch_.lastDiffering() << " samples still differ";
  EXPECT_TRUE(viewerHears(asker, "aired"));
  ASSERT_TRUE(QTest::qWaitFor([&] { return questionState(questionId) == "aired"; }, kWaitMs));
  EXPECT_EQ(sql("SELECT count(*) FROM graphics_as_run WHERE event = 'off_air' AND question_id = " +
                question),
            "1");

  // Ending the episode stops the recording; the engine reports its file, the server holds it.
  ASSERT_TRUE(console_.show().end(episodeId));
  ASSERT_TRUE(QTest::qWaitFor(
      [&] { return console_.show().episodes()->get(episodeId).value("episodeState") == "aired"; },
      kWaitMs));
  ASSERT_TRUE(QTest::qWaitFor(
      [&] { return console_.show().episodes()->get(episodeId).value("recordingState") == "done"; },
      kWaitMs));
  const std::string file =
      sql("SELECT file FROM recordings WHERE state = 'done' AND episode_id = " +
          std::to_string(episodeId));
  ASSERT_FALSE(file.empty());
  EXPECT_TRUE(std::filesystem::exists(file));
  EXPECT_GT(std::filesystem::file_size(file), 10'000u);
  EXPECT_EQ(sql("SELECT frames > 0 FROM recordings WHERE file = '" + file + "'"), "t");

  EXPECT_TRUE(console_.controller().message().isEmpty() || !console_.controller().isError())
      << console_.controller().message().toStdString();
  EXPECT_TRUE(warnings_->isEmpty()) << warnings_->text();
}

TEST_F(ShowEndToEnd, AfterAServerCrashTheConsoleAndTheEngineComeBackAndTheShowGoesOn) {
  ASSERT_NO_FATAL_FAILURE(startEngine());
  ASSERT_NO_FATAL_FAILURE(startConsole());
  startEpisode();
  auto desk = staffLogin(sessions_, *server_, "ana");
  auto asker = viewer();
  const std::int64_t first = askApproveAndQueue(asker, desk, kClientId, kQuestionText);
  const std::int64_t second = askApproveAndQueue(
      asker, desk, "00000000-0000-4000-8000-00000000d00d", "Kur do të hapen vende të reja pune?");
  ASSERT_FALSE(HasFailure());
  ASSERT_TRUE(cueNext(first));
  QTest::keyClick(window_, Qt::Key_Space);
  ASSERT_TRUE(QTest::qWaitFor([&] { return questionState(first) == "on_air"; }, kWaitMs));

  // The server dies (SIGKILL). The programme keeps its graphic; the console says it is cut off.
  const std::uint16_t port = server_->port();
  server_->kill();
  EXPECT_TRUE(QTest::qWaitFor([&] { return !console_.connection().isReady(); }, kWaitMs));
  EXPECT_TRUE(watch_.waitFor(true, 1s)) << "the graphic on air stays on the programme";

  // Back on the same port: the console resumes its session by itself (no new login) and
  // resynchronises; the engine links again.
  server_ = std::make_unique<ServerProcess>(
      std::vector<std::string>{"--database", db(), "--port", std::to_string(port)});
  ASSERT_TRUE(QTest::qWaitFor([&] { return console_.connection().isReady(); }, 20'000))
      << console_.connection().errorText().toStdString();
  EXPECT_TRUE(QTest::qWaitFor(
      [&] { return engine_->link()->state() == overlay::control::LinkState::Ready; }, 20'000));
  EXPECT_EQ(questionState(first), "on_air");
  EXPECT_EQ(questionState(second), "queued");
  EXPECT_TRUE(console_.programme().isOnAir("lower_third"));

  // The show goes on: the next question replaces the first on air.
  ASSERT_TRUE(cueNext(second)) << console_.controller().message().toStdString();
  EXPECT_FALSE(console_.controller().replacesText("lower_third").isEmpty())
      << "a take names what it replaces";
  // All of that can take under a second, and a second take within one is ignored as a bounce.
  QTest::qWait(static_cast<int>(Controller::kRepeatGuardMs) + 100);
  QTest::keyClick(window_, Qt::Key_Space);
  ASSERT_TRUE(QTest::qWaitFor([&] { return questionState(second) == "on_air"; }, kWaitMs))
      << console_.controller().message().toStdString();
  EXPECT_TRUE(QTest::qWaitFor([&] { return questionState(first) == "aired"; }, kWaitMs));
  EXPECT_TRUE(watch_.waitFor(true));
  EXPECT_EQ(sql("SELECT count(*) FROM graphics_as_run WHERE event = 'on_air' AND question_id = " +
                std::to_string(second)),
            "1");
  EXPECT_TRUE(warnings_->isEmpty()) << warnings_->text();
}

}  // namespace
}  // namespace sporazum::studio

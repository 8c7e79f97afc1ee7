// The engine's control round trip with every real part: the questions server binary on a real
// PostgreSQL, an engine (the real pipeline, test source → graphics → appsink) logged in with its
// engine token, a producer on the staff socket and the graphics CLI. What the producer takes shows
// in the engine's frames; the engine's as-run record lands in the database; a restarted engine
// restores what is on air.

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "overlay_app.hpp"
#include "programme_watch.hpp"
#include "server_process.hpp"
#include "staff_helpers.hpp"
#include "ws_sessions.hpp"

namespace sporazum::testing {
namespace {

using namespace std::chrono_literals;
using Json = nlohmann::json;

constexpr auto kPassword = kStaffPassword;
const overlay::FrameFormat k720p50{1280, 720, 50, 1};

class OverlayEndToEnd : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(runServerCommand({"episode", "new", "Sporazum test", "--database", db()}), 0);
    ASSERT_TRUE(addStaffAccount(db(), "main", "engine"));
    ASSERT_TRUE(addStaffAccount(db(), "pera", "producer"));
    token_ = engineToken(db(), "main");
    ASSERT_GE(token_.size(), 40u);
    server_ = std::make_unique<ServerProcess>(std::vector<std::string>{"--database", db()});
  }

  std::string db() const { return db_.connectionString(); }
  std::string staffUrl() const { return testing::staffUrl(*server_); }

  std::unique_ptr<overlay::app::OverlayApp> startEngine(ProgrammeWatch& watch) {
    overlay::app::OverlayOptions options;
    options.serverUrl = staffUrl();
    options.token = token_;
    options.engineName = "main";
    options.templatesDir = std::string(SPORAZUM_SOURCE_ROOT) + "/assets/templates";
    options.engine.format = k720p50;
    options.engine.outputs.push_back({overlay::engine::OutputKind::AppSink, {}, watch.callback()});
    auto app = overlay::app::OverlayApp::create(std::move(options));
    EXPECT_TRUE(app.ok()) << (app.ok() ? "" : app.error().message);
    auto started = (*app)->start();
    EXPECT_TRUE(started.ok()) << (started.ok() ? "" : started.error().message);
    // The slate shows until the test pattern's first frame: learn the clean picture after that.
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while ((*app)->engine().stats().input != overlay::engine::InputState::Ok &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(10ms);
    }
    watch.relearn();
    return std::move(*app);
  }

  bool waitForLink(overlay::app::OverlayApp& app) {
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (std::chrono::steady_clock::now() < deadline) {
      if (app.link()->state() == overlay::control::LinkState::Ready) return true;
      std::this_thread::sleep_for(20ms);
    }
    return false;
  }

  std::string asRunCsv() {
    std::string output;
    EXPECT_EQ(runServerCommand({"graphics", "as-run", "--database", db()}, &output), 0) << output;
    return output;
  }

  ScratchDatabase db_;
  std::unique_ptr<ServerProcess> server_;
  std::string token_;
  WsSessions sessions_;
};

TEST_F(OverlayEndToEnd, AProducersTakeReachesTheProgrammeAndTheAsRunIsRecorded) {
  ProgrammeWatch watch;
  auto engine = startEngine(watch);
  ASSERT_TRUE(waitForLink(*engine));
  ASSERT_TRUE(watch.waitFor(false)) << "clean picture before any take";

  auto producer = sessions_.connect(staffUrl(), "sporazum.staff.v1");
  sessions_.send(
      producer,
      Json{{"type", "login"}, {"id", "l1"}, {"username", "pera"}, {"password", kPassword}}.dump());
  ASSERT_TRUE(sessions_.nextContaining(producer, "\"session\"", 10s));
  sessions_.send(producer, Json{{"type", "graphics"},
                                {"id", "g1"},
                                {"action", "take"},
                                {"layer", "super"},
                                {"graphic", {{"name", "Ana Petrović"}, {"role", "Srpska lista"}}}}
                               .dump());
  auto ok = sessions_.nextContaining(producer, "graphics_ok", 10s);
  ASSERT_TRUE(ok);
  const auto seq = Json::parse(*ok)["seq"].get<std::int64_t>();
  EXPECT_TRUE(watch.waitFor(true)) << "the super never reached the programme";

  // The engine reported its first frame; the server stored it.
  std::string csv;
  for (int i = 0; i < 50 && csv.find("on_air") == std::string::npos; ++i) {
    std::this_thread::sleep_for(100ms);
    csv = asRunCsv();
  }
  EXPECT_NE(csv.find("on_air"), std::string::npos) << csv;
  EXPECT_NE(csv.find(std::to_string(seq)), std::string::npos) << csv;

  // The CLI clears it; the engine takes it off.
  std::string output;
  ASSERT_EQ(runServerCommand({"graphics", "clear", "super", "--database", db()}, &output), 0)
      << output;
  EXPECT_TRUE(watch.waitFor(false))
      << "the super stayed on air after the clear: " << watch.lastDiffering() << " samples differ";
  for (int i = 0; i < 50 && csv.find("off_air") == std::string::npos; ++i) {
    std::this_thread::sleep_for(100ms);
    csv = asRunCsv();
  }
  EXPECT_NE(csv.find("off_air"), std::string::npos) << csv;
  engine->stop();
}

TEST_F(OverlayEndToEnd, ARestartedEngineRestoresWhatIsOnAir) {
  std::vector<std::uint8_t> clean;
  {
    ProgrammeWatch watch;
    auto engine = startEngine(watch);
    ASSERT_TRUE(waitForLink(*engine));
    ASSERT_TRUE(watch.waitFor(false));
    clean = watch.reference();
    engine->stop();
  }
  std::string output;
  ASSERT_EQ(runServerCommand({"graphics", "take", "ticker", "--text", "Pitanja šaljite sa telefona",
                              "--database", db()},
                             &output),
            0)
      << output;
  {
    ProgrammeWatch watch(clean);
    auto engine = startEngine(watch);
    ASSERT_TRUE(waitForLink(*engine));
    EXPECT_TRUE(watch.waitFor(true)) << "the ticker taken while the engine was away is restored";
    engine->stop();
  }
  ASSERT_EQ(runServerCommand({"graphics", "clear-all", "--database", db()}, &output), 0) << output;
  ProgrammeWatch watch(clean);
  auto engine = startEngine(watch);
  ASSERT_TRUE(waitForLink(*engine));
  EXPECT_TRUE(watch.waitFor(false)) << "nothing is on air after clear-all";
  engine->stop();
}

}  // namespace
}  // namespace sporazum::testing

// The engine's link against a fake questions server on loopback (a real WebSocket): recording
// orders reach the recorder, reports come back (also after a reconnect), and the confidence
// picture goes out only while connected, at most twice a second.

#include "sporazum/overlay/control/engine_link.hpp"

#include <gtest/gtest.h>

#include <atomic>

#include "fake_recording_backend.hpp"
#include "fake_staff_server.hpp"
#include "sporazum/overlay/control/episode_recorder.hpp"

namespace sporazum::overlay::control {
namespace {

using namespace std::chrono_literals;
using core::RecordingOrder;
using testing::FakeRecordingBackend;
using testing::FakeStaffServer;
using Json = nlohmann::json;
using Calls = std::vector<std::string>;

const FrameFormat k720p50{1280, 720, 50, 1};

core::ProgrammeState liveEpisode(std::optional<RecordingOrder> recording) {
  core::ProgrammeState state;
  state.recording = recording;
  return state;
}

/// An engine's control without a pipeline: director, recorder over a fake backend, and the link.
class EngineHarness {
 public:
  explicit EngineHarness(const std::string& url) {
    auto renderer =
        Renderer::load(std::string(SPORAZUM_SOURCE_ROOT) + "/assets/templates", k720p50);
    EXPECT_TRUE(renderer.ok());
    director = std::make_unique<GraphicsDirector>(std::move(*renderer), DirectorReports{});
    recorder = std::make_unique<EpisodeRecorder>(
        backend,
        [this](const core::RecordingReport& report) {
          if (EngineLink* to = link.load()) to->sendRecording(report);
        },
        RecorderOptions{100ms, 400ms});
    ownedLink = std::make_unique<EngineLink>(
        EngineLinkOptions{url, "engine-token", "main"}, *director,
        [] { return core::EngineHealth{}; },
        LinkRecording{
            .onRecord = [this](const core::RecordCommand& command) { recorder->command(command); },
            .onLiveEpisode =
                [this](std::optional<RecordingOrder> live) { recorder->follow(live); }});
    link = ownedLink.get();
  }
  ~EngineHarness() {
    link = nullptr;
    ownedLink.reset();
    recorder.reset();
  }

  bool waitUntilReady(std::chrono::milliseconds wait = 10s) {
    const auto deadline = std::chrono::steady_clock::now() + wait;
    while (std::chrono::steady_clock::now() < deadline) {
      if (ownedLink->state() == LinkState::Ready) return true;
      std::this_thread::sleep_for(10ms);
    }
    return false;
  }

  FakeRecordingBackend backend;
  std::unique_ptr<GraphicsDirector> director;
  std::unique_ptr<EpisodeRecorder> recorder;
  std::atomic<EngineLink*> link{nullptr};
  std::unique_ptr<EngineLink> ownedLink;
};

TEST(EngineLink, AnEngineThatConnectsDuringALiveEpisodeStartsRecordingIt) {
  FakeStaffServer server(liveEpisode(RecordingOrder{7, 23}));
  EngineHarness engine(server.url());
  const auto reports = server.waitFor("engine_recording", 1);
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0]["episode"], 7);
  EXPECT_EQ(reports[0]["state"], "recording");
  EXPECT_EQ(reports[0]["file"], "rec/episode-23-1.ts");
  EXPECT_TRUE(core::decodeRecordingReport(reports[0].dump()).ok());
  EXPECT_EQ(engine.backend.calls(), (Calls{"start 7"}));
}

TEST(EngineLink, EngineRecordStopsAndStartsTheFiles) {
  FakeStaffServer server;
  EngineHarness engine(server.url());
  ASSERT_TRUE(engine.waitUntilReady());
  server.send(core::encodeRecordCommand({core::RecordAction::Start, RecordingOrder{7, 23}}));
  ASSERT_EQ(server.waitFor("engine_recording", 1).size(), 1u);
  // A stop for an episode not being recorded changes nothing.
  server.send(core::encodeRecordCommand({core::RecordAction::Stop, RecordingOrder{9, 25}}));
  server.send(core::encodeRecordCommand({core::RecordAction::Stop, RecordingOrder{7, 23}}));
  const auto reports = server.waitFor("engine_recording", 2);
  ASSERT_EQ(reports.size(), 2u);
  EXPECT_EQ(reports[1]["state"], "done");
  EXPECT_EQ(reports[1]["frames"], 500);
  EXPECT_EQ(reports[1]["file"], reports[0]["file"]);
  EXPECT_EQ(engine.backend.calls(), (Calls{"start 7", "stop"}));
}

TEST(EngineLink, AReconnectKeepsTheFileOfTheLiveEpisodeAndReplacesAnother) {
  FakeStaffServer server(liveEpisode(RecordingOrder{7, 23}));
  EngineHarness engine(server.url());
  ASSERT_EQ(server.waitFor("engine_recording", 1).size(), 1u);

  // Same episode still live after the reconnect: the file goes on.
  server.drop(false);
  ASSERT_TRUE(server.waitForSessions(2));
  ASSERT_TRUE(engine.waitUntilReady());
  engine.recorder->waitUntilIdle();
  EXPECT_EQ(engine.backend.calls(), (Calls{"start 7"}));

  // Episode 7 ended and 8 began while the engine was away: close 7's file, open one for 8.
  server.setState(liveEpisode(RecordingOrder{8, 24}));
  server.drop(false);
  const auto reports = server.waitFor("engine_recording", 3);
  ASSERT_EQ(reports.size(), 3u);
  EXPECT_EQ(reports[1]["episode"], 7);
  EXPECT_EQ(reports[1]["state"], "done");
  EXPECT_EQ(reports[2]["episode"], 8);
  EXPECT_EQ(reports[2]["state"], "recording");
  EXPECT_EQ(engine.backend.calls(), (Calls{"start 7", "stop", "start 8"}));
}

TEST(EngineLink, RecordingReportsMadeWhileDisconnectedArriveAfterTheReconnect) {
  FakeStaffServer server(liveEpisode(RecordingOrder{7, 23}));
  EngineHarness engine(server.url());
  ASSERT_EQ(server.waitFor("engine_recording", 1).size(), 1u);

  server.drop(true);
  const auto away = std::chrono::steady_clock::now() + 5s;
  while (engine.ownedLink->state() == LinkState::Ready && std::chrono::steady_clock::now() < away)
    std::this_thread::sleep_for(10ms);
  ASSERT_NE(engine.ownedLink->state(), LinkState::Ready);
  // The disk fills while the engine is cut off from the server.
  auto ended = engine.backend.failOpenFile("record_sink: No space left on the resource.");
  ASSERT_TRUE(ended);
  engine.recorder->fileEnded(*ended);
  engine.recorder->waitUntilIdle();
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(server.received("engine_recording").size(), 1u) << "sent without a session";

  server.accept();
  // In order: the failed file, then (the episode still live) the new file.
  const auto reports = server.waitFor("engine_recording", 3, 15s);
  ASSERT_GE(reports.size(), 3u);
  EXPECT_EQ(reports[1]["state"], "failed");
  EXPECT_EQ(reports[1]["file"], "rec/episode-23-1.ts");
  EXPECT_EQ(reports[1]["error"], "record_sink: No space left on the resource.");
  EXPECT_EQ(reports[1]["frames"], 42);
  EXPECT_EQ(reports.back()["state"], "recording");
  EXPECT_EQ(reports.back()["file"], "rec/episode-23-2.ts");
  EXPECT_TRUE(core::decodeRecordingReport(reports[1].dump()).ok());
}

std::string fakeJpeg(std::size_t size, char fill) {
  std::string jpeg(size, fill);
  jpeg[0] = static_cast<char>(0xFF);
  jpeg[1] = static_cast<char>(0xD8);
  return jpeg;
}

TEST(EngineLink, TheConfidencePictureGoesOutOnlyWhileConnectedAndAtMostTwiceASecond) {
  FakeStaffServer server;
  EngineHarness engine(server.url());
  ASSERT_TRUE(engine.waitUntilReady());
  // Thirty pictures offered over a second and a half.
  const std::string jpeg = fakeJpeg(12'000, 'a');
  int accepted = 0;
  for (int i = 0; i < 30; ++i) {
    accepted += engine.link.load()->sendPreview(jpeg);
    std::this_thread::sleep_for(50ms);
  }
  EXPECT_GE(accepted, 3);
  EXPECT_LE(accepted, 4);
  const auto previews = server.waitFor("engine_preview", static_cast<std::size_t>(accepted));
  ASSERT_EQ(previews.size(), static_cast<std::size_t>(accepted));
  EXPECT_EQ(previews[0]["jpeg"], encodeBase64(jpeg));
  EXPECT_TRUE(core::decodeEnginePreview(previews[0].dump()).ok());

  // Too big for the protocol once in base64: dropped.
  std::this_thread::sleep_for(1100ms);
  EXPECT_FALSE(engine.link.load()->sendPreview(fakeJpeg(50 * 1024, 'b')));

  // Cut off: nothing is kept for later.
  server.drop(true);
  const auto away = std::chrono::steady_clock::now() + 5s;
  while (engine.ownedLink->state() == LinkState::Ready && std::chrono::steady_clock::now() < away)
    std::this_thread::sleep_for(10ms);
  EXPECT_FALSE(engine.link.load()->sendPreview(fakeJpeg(1000, 'c')));
  server.accept();
  ASSERT_TRUE(server.waitForSessions(2));
  ASSERT_TRUE(engine.waitUntilReady());
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(server.received("engine_preview").size(), previews.size());
}

TEST(Base64, MatchesTheRfc4648Vectors) {
  EXPECT_EQ(encodeBase64(""), "");
  EXPECT_EQ(encodeBase64("f"), "Zg==");
  EXPECT_EQ(encodeBase64("fo"), "Zm8=");
  EXPECT_EQ(encodeBase64("foo"), "Zm9v");
  EXPECT_EQ(encodeBase64("foob"), "Zm9vYg==");
  EXPECT_EQ(encodeBase64("fooba"), "Zm9vYmE=");
  EXPECT_EQ(encodeBase64("foobar"), "Zm9vYmFy");
  EXPECT_EQ(encodeBase64(std::string("\xff\xd8\xff", 3)), "/9j/");
}

}  // namespace
}  // namespace sporazum::overlay::control

// The whole engine in-process (real pipeline, test pattern) against a fake questions server: a
// live episode is recorded into the record dir and reported, engine_record stop finishes the file,
// and the confidence picture reaches the server as JPEGs.

#include "overlay_app.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <thread>

#include "fake_staff_server.hpp"

namespace sporazum::overlay::app {
namespace {

using namespace std::chrono_literals;
using control::testing::FakeStaffServer;

const FrameFormat k720p50{1280, 720, 50, 1};

std::unique_ptr<OverlayApp> startApp(const std::string& url, const std::string& recordDir,
                                     bool isPreviewOn) {
  OverlayOptions options;
  options.serverUrl = url;
  options.token = "engine-token";
  options.templatesDir = std::string(SPORAZUM_SOURCE_ROOT) + "/assets/templates";
  options.engine.format = k720p50;
  options.engine.encoder.speedPreset = "ultrafast";
  options.engine.encoder.videoKbps = 2000;
  options.engine.recordDir = recordDir;
  options.isPreviewOn = isPreviewOn;
  auto app = OverlayApp::create(std::move(options));
  EXPECT_TRUE(app.ok()) << (app.ok() ? "" : app.error().message);
  if (!app.ok()) return nullptr;
  auto started = (*app)->start();
  EXPECT_TRUE(started.ok()) << (started.ok() ? "" : started.error().message);
  return std::move(*app);
}

TEST(OverlayApp, RecordsTheLiveEpisodeAndSendsTheConfidencePicture) {
  const std::string dir = ::testing::TempDir() + "/app-recordings-" + std::to_string(getpid());
  std::filesystem::remove_all(dir);
  core::ProgrammeState state;
  state.recording = core::RecordingOrder{7, 23};
  FakeStaffServer server(state);
  auto app = startApp(server.url(), dir, true);
  ASSERT_TRUE(app);

  auto reports = server.waitFor("engine_recording", 1);
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0]["state"], "recording");
  EXPECT_EQ(reports[0]["episode"], 7);
  const std::string file = reports[0]["file"];
  EXPECT_EQ(std::filesystem::path(file).parent_path(), std::filesystem::path(dir));
  EXPECT_EQ(std::filesystem::path(file).filename().string().rfind("episode-23-", 0), 0u) << file;
  EXPECT_TRUE(std::filesystem::exists(file));

  const auto previews = server.waitFor("engine_preview", 3);
  ASSERT_GE(previews.size(), 3u);
  for (const auto& preview : previews) {
    auto decoded = core::decodeEnginePreview(preview.dump());
    ASSERT_TRUE(decoded.ok());
    EXPECT_EQ(decoded->jpegBase64.rfind("/9j/", 0), 0u) << "a JPEG starts FF D8 FF";
  }

  std::this_thread::sleep_for(1s);
  server.send(core::encodeRecordCommand({core::RecordAction::Stop, core::RecordingOrder{7, 23}}));
  reports = server.waitFor("engine_recording", 2);
  ASSERT_EQ(reports.size(), 2u);
  EXPECT_EQ(reports[1]["state"], "done");
  EXPECT_EQ(reports[1]["file"], file);
  EXPECT_GE(reports[1]["frames"].get<std::int64_t>(), 50);
  EXPECT_EQ(reports[1]["bytes"].get<std::int64_t>(),
            static_cast<std::int64_t>(std::filesystem::file_size(file)));
  EXPECT_TRUE(core::decodeRecordingReport(reports[1].dump()).ok());
  EXPECT_FALSE(app->engine().isRecording());
  EXPECT_EQ(app->engine().stats().droppedFrames, 0);
  app->stop();
  std::filesystem::remove_all(dir);
}

TEST(OverlayApp, StoppingTheEngineFinishesTheFileAndReportsIt) {
  const std::string dir = ::testing::TempDir() + "/app-stop-" + std::to_string(getpid());
  std::filesystem::remove_all(dir);
  core::ProgrammeState state;
  state.recording = core::RecordingOrder{7, 23};
  FakeStaffServer server(state);
  auto app = startApp(server.url(), dir, false);
  ASSERT_TRUE(app);
  ASSERT_EQ(server.waitFor("engine_recording", 1).size(), 1u);
  std::this_thread::sleep_for(1s);
  app->stop();
  const auto reports = server.waitFor("engine_recording", 2);
  ASSERT_EQ(reports.size(), 2u) << "the closed file was not reported before the link went";
  EXPECT_EQ(reports[1]["state"], "done");
  EXPECT_GE(reports[1]["frames"].get<std::int64_t>(), 25);
  EXPECT_TRUE(server.received("engine_preview").empty()) << "--no-preview";
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace sporazum::overlay::app

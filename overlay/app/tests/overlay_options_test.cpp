#include "overlay_options.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "overlay_app.hpp"

namespace sporazum::overlay::app {
namespace {

core::Result<OverlayOptions> parse(std::vector<std::string> arguments,
                                   std::map<std::string, std::string> environment = {}) {
  return parseOverlayOptions(arguments, [&](const char* name) -> const char* {
    auto found = environment.find(name);
    return found == environment.end() ? nullptr : found->second.c_str();
  });
}

TEST(OverlayOptions, RunsOnItsOwnWithTheTestPatternByDefault) {
  auto options = parse({});
  ASSERT_TRUE(options.ok());
  EXPECT_EQ(options->engine.input.kind, engine::InputKind::TestPattern);
  EXPECT_EQ(options->engine.format, (FrameFormat{1920, 1080, 50, 1}));
  EXPECT_TRUE(options->serverUrl.empty());
}

TEST(OverlayOptions, ReadsOutputsFromFlagsAndTheEnvironment) {
  auto options = parse({"--output", "record:/tmp/a.ts"},
                       {{"SPORAZUM_OUTPUTS", "udp://127.0.0.1:5004,hls:/tmp/h"}});
  ASSERT_TRUE(options.ok());
  ASSERT_EQ(options->engine.outputs.size(), 3u);
  EXPECT_EQ(options->engine.outputs[2].kind, engine::OutputKind::Record);
}

TEST(OverlayOptions, AServerWithoutATokenIsRefusedWithAHint) {
  auto options = parse({"--server", "ws://127.0.0.1:8080/ws/staff"});
  ASSERT_FALSE(options.ok());
  EXPECT_NE(options.error().message.find("engine-token"), std::string::npos);
  EXPECT_TRUE(
      parse({"--server", "ws://127.0.0.1:8080/ws/staff"}, {{"SPORAZUM_ENGINE_TOKEN", "abc\n"}})
          .ok());
  EXPECT_FALSE(parse({"--server", "http://x"}, {{"SPORAZUM_ENGINE_TOKEN", "abc"}}).ok());
}

TEST(OverlayOptions, AWindowNeedsADisplay) {
  EXPECT_FALSE(parse({"--output", "window"}).ok());
  EXPECT_TRUE(parse({"--output", "window"}, {{"DISPLAY", ":0"}}).ok());
}

TEST(OverlayOptions, RecordsOnlyWithARecordDirAndSendsThePictureUnlessTold) {
  auto plain = parse({});
  ASSERT_TRUE(plain.ok());
  EXPECT_TRUE(plain->engine.recordDir.empty());
  EXPECT_TRUE(plain->isPreviewOn);
  auto options = parse({"--record-dir", "/srv/recordings", "--no-preview", "--name", "backup"});
  ASSERT_TRUE(options.ok()) << options.error().message;
  EXPECT_EQ(options->engine.recordDir, "/srv/recordings");
  EXPECT_FALSE(options->isPreviewOn);
  EXPECT_EQ(options->engineName, "backup");
  auto fromEnvironment =
      parse({}, {{"SPORAZUM_RECORD_DIR", "/var/rec"}, {"SPORAZUM_PREVIEW", "off"}});
  ASSERT_TRUE(fromEnvironment.ok());
  EXPECT_EQ(fromEnvironment->engine.recordDir, "/var/rec");
  EXPECT_FALSE(fromEnvironment->isPreviewOn);
  EXPECT_EQ(parse({}, {{"SPORAZUM_PREVIEW", "maybe"}}).error().code, "bad_option");
  EXPECT_EQ(parse({"--record-dir", std::string("/a\nb")}).error().code, "bad_option");
}

TEST(OverlayOptions, NamesRecordingsByEpisodeAndStartAndNeverReusesAFile) {
  const std::string dir = ::testing::TempDir() + "/names-" + std::to_string(::getpid());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const auto at = std::chrono::system_clock::time_point(std::chrono::milliseconds(1795464004750));
  const std::string first = newRecordingPath(dir, 23, at);
  EXPECT_EQ(first, dir + "/episode-23-20261123T200004Z.ts");
  std::ofstream(first) << "x";
  const std::string second = newRecordingPath(dir, 23, at);
  EXPECT_EQ(second, dir + "/episode-23-20261123T200004Z-2.ts");
  std::ofstream(second) << "x";
  EXPECT_EQ(newRecordingPath(dir, 23, at), dir + "/episode-23-20261123T200004Z-3.ts");
  std::filesystem::remove_all(dir);
}

TEST(OverlayOptions, RefusesBadValues) {
  EXPECT_EQ(parse({"--format", "4k"}).error().code, "invalid_format");
  EXPECT_EQ(parse({"--preset", "placebo"}).error().code, "bad_option");
  EXPECT_EQ(parse({"--duration-seconds", "-1"}).error().code, "bad_option");
  EXPECT_EQ(parse({"--output"}).error().code, "bad_option");
  EXPECT_EQ(parse({"--token-file", "/nonexistent/token"}).error().code, "bad_option");
  EXPECT_EQ(parse({"--frobnicate", "1"}).error().code, "bad_option");
}

}  // namespace
}  // namespace sporazum::overlay::app

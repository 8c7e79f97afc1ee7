#include "overlay_options.hpp"

#include <gtest/gtest.h>

#include <map>

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

#include "sporazum/overlay/engine/engine_options.hpp"

#include <gtest/gtest.h>

namespace sporazum::overlay::engine {
namespace {

TEST(EngineOptions, ParsesEveryInputKind) {
  EXPECT_EQ(parseInput("test")->kind, InputKind::TestPattern);
  EXPECT_EQ(parseInput("file:/srv/loop.mkv")->location, "/srv/loop.mkv");
  EXPECT_EQ(parseInput("v4l2:/dev/video0")->kind, InputKind::V4l2);
  EXPECT_EQ(parseInput("srt://127.0.0.1:7001?mode=caller")->kind, InputKind::Srt);
  EXPECT_EQ(parseInput("udp://0.0.0.0:5000")->kind, InputKind::Udp);
}

TEST(EngineOptions, RefusesInputsThatCouldBreakOutOfThePipelineDescription) {
  EXPECT_EQ(parseInput("file:/tmp/a\" ! fakesink").error().code, "invalid_input");
  EXPECT_EQ(parseInput("file:/tmp/a ! filesink location=/etc/x").error().code, "invalid_input");
  EXPECT_EQ(parseInput("http://example.org/x").error().code, "invalid_input");
  EXPECT_EQ(parseInput("file:").error().code, "invalid_input");
  EXPECT_EQ(parseInput(std::string("file:/tmp/a\nb")).error().code, "invalid_input");
}

TEST(EngineOptions, ParsesOutputsAndRefusesUnknownOnes) {
  EXPECT_EQ(parseOutput("window")->kind, OutputKind::Window);
  EXPECT_EQ(parseOutput("srt://:9000?mode=listener")->kind, OutputKind::Srt);
  EXPECT_EQ(parseOutput("udp://127.0.0.1:5004")->kind, OutputKind::Udp);
  EXPECT_EQ(parseOutput("rtmp://127.0.0.1/live/show")->kind, OutputKind::Rtmp);
  EXPECT_EQ(parseOutput("hls:/var/www/hls")->location, "/var/www/hls");
  EXPECT_EQ(parseOutput("record:/srv/show.ts")->kind, OutputKind::Record);
  EXPECT_EQ(parseOutput("record:/srv/show.mkv")->kind, OutputKind::Record);
  EXPECT_EQ(parseOutput("record:/srv/show.mp4").error().code, "invalid_output");
  EXPECT_EQ(parseOutput("udp://127.0.0.1").error().code, "invalid_output");
  EXPECT_EQ(parseOutput("screen").error().code, "invalid_output");
}

TEST(EngineOptions, KnowsTheThreeProgrammeFormats) {
  EXPECT_EQ(*parseFormat("1080p50"), (FrameFormat{1920, 1080, 50, 1}));
  EXPECT_EQ(*parseFormat("1080p25"), (FrameFormat{1920, 1080, 25, 1}));
  EXPECT_EQ(*parseFormat("720p50"), (FrameFormat{1280, 720, 50, 1}));
  EXPECT_EQ(parseFormat("1080i50").error().code, "invalid_format");
  EXPECT_EQ(formatName(*parseFormat("720p50")), "720p50");
}

TEST(EngineOptions, SharesOneEncoderBetweenCompressedOutputs) {
  EngineOptions options;
  options.outputs = {*parseOutput("record:/tmp/a.ts"), *parseOutput("udp://127.0.0.1:5004"),
                     *parseOutput("hls:/tmp/hls")};
  const std::string programme = programmePipelineDescription(options);
  EXPECT_EQ(programme.find("x264enc"), programme.rfind("x264enc"));
  EXPECT_EQ(programme.find("voaacenc"), programme.rfind("voaacenc"));
  EXPECT_NE(programme.find("mpegtsmux name=mux0"), std::string::npos);
  EXPECT_NE(programme.find("mpegtsmux name=mux1"), std::string::npos);
  EXPECT_NE(programme.find("hlssink2 name=hls2"), std::string::npos);
  // Every output's video queue leaks (and is counted) instead of stalling the programme.
  EXPECT_NE(programme.find("queue name=drop_output0 leaky=downstream"), std::string::npos);
}

TEST(EngineOptions, RecordsMatroskaWithTheSoundUntouched) {
  EngineOptions options;
  options.outputs = {*parseOutput("record:/tmp/a.mkv")};
  const std::string programme = programmePipelineDescription(options);
  EXPECT_EQ(programme.find("voaacenc"), std::string::npos);
  EXPECT_NE(programme.find("matroskamux name=mkv0"), std::string::npos);
  EXPECT_NE(programme.find("sound. ! queue"), std::string::npos);
}

TEST(EngineOptions, GraphicsOnlyGoesToSrtUdpOrAFileAndNowhereElse) {
  EXPECT_EQ(parseOutput("graphics:udp://127.0.0.1:5006")->kind, OutputKind::GraphicsOnly);
  EXPECT_EQ(parseOutput("graphics:srt://:9001?mode=listener")->location,
            "srt://:9001?mode=listener");
  EXPECT_EQ(parseOutput("graphics:record:/srv/key.mkv")->kind, OutputKind::GraphicsOnly);
  for (const char* refused :
       {"graphics:", "graphics:window", "graphics:rtmp://h/live", "graphics:hls:/tmp/x",
        "graphics:graphics:udp://127.0.0.1:5006", "graphics:record:/srv/key.mp4",
        "graphics:udp://127.0.0.1", "graphics:udp://127.0.0.1:5006\" ! fakesink"}) {
    EXPECT_EQ(parseOutput(refused).error().code, "invalid_output") << refused;
  }
}

TEST(EngineOptions, GraphicsOnlyHasItsOwnDoubleWidthEncodeAndNoSound) {
  EngineOptions options;
  options.format = FrameFormat{1280, 720, 50, 1};
  options.outputs = {*parseOutput("record:/tmp/a.ts"), *parseOutput("graphics:record:/tmp/k.mkv")};
  const std::string programme = programmePipelineDescription(options);
  const std::string branch = graphicsOnlyBranch(options.outputs[1], "1", options.format, {});
  EXPECT_NE(programme.find(branch), std::string::npos);
  EXPECT_NE(branch.find("appsrc name=graphics_only"), std::string::npos);
  EXPECT_NE(branch.find("width=2560,height=720"), std::string::npos);
  EXPECT_NE(branch.find("matroskamux"), std::string::npos);
  EXPECT_NE(branch.find("queue name=drop_graphics leaky=downstream"), std::string::npos);
  EXPECT_EQ(branch.find("sound."), std::string::npos);
  EXPECT_EQ(branch.find("aac."), std::string::npos);
}

TEST(EngineOptions, ARecordDirRunsTheEncodersEvenWithoutACompressedOutput) {
  EngineOptions options;
  EXPECT_EQ(programmePipelineDescription(options).find("x264enc"), std::string::npos);
  options.recordDir = "/srv/recordings";
  const std::string programme = programmePipelineDescription(options);
  EXPECT_NE(programme.find("tee name=h264"), std::string::npos);
  EXPECT_NE(programme.find("tee name=aac"), std::string::npos);
  // The recordings themselves are added while the programme runs, not built in.
  EXPECT_EQ(programme.find("mpegtsmux"), std::string::npos);
}

TEST(EngineOptions, ARecordingBranchKeepsItsFileOutOfTheDescription) {
  const std::string branch = recordingBranchDescription();
  EXPECT_NE(branch.find("queue name=record_video leaky=downstream"), std::string::npos);
  EXPECT_NE(branch.find("sporazumbarrier name=record_video_barrier"), std::string::npos);
  EXPECT_NE(branch.find("sporazumbarrier name=record_audio_barrier"), std::string::npos);
  EXPECT_NE(branch.find("mpegtsmux name=record_mux"), std::string::npos);
  EXPECT_NE(branch.find("filesink name=record_sink"), std::string::npos);
  EXPECT_EQ(branch.find("location"), std::string::npos);
}

TEST(EngineOptions, NamesARecordingByEpisodeNumberAndUtcStart) {
  // 2026-11-23 20:00:04.750 UTC
  const auto at = std::chrono::system_clock::time_point(std::chrono::milliseconds(1795464004750));
  EXPECT_EQ(recordingFileName(23, at), "episode-23-20261123T200004Z.ts");
}

TEST(EngineOptions, TheConfidencePictureIsOnlyBuiltWhenSomeoneTakesIt) {
  EngineOptions options;
  EXPECT_EQ(programmePipelineDescription(options).find("jpegenc"), std::string::npos);
  options.onPreview = [](std::string_view, std::int64_t) {};
  const std::string programme = programmePipelineDescription(options);
  EXPECT_NE(programme.find(previewBranchDescription()), std::string::npos);
  const std::string branch = previewBranchDescription();
  // Leaks (counted as preview drops) instead of holding up the programme; rate first, then scale.
  EXPECT_NE(branch.find("queue name=preview_confidence leaky=downstream"), std::string::npos);
  EXPECT_LT(branch.find("videorate"), branch.find("videoconvertscale"));
  EXPECT_NE(branch.find("framerate=2/1"), std::string::npos);
  EXPECT_NE(branch.find("width=320,height=180"), std::string::npos);
  EXPECT_NE(branch.find("jpegenc quality=60"), std::string::npos);
  EXPECT_NE(branch.find("appsink name=preview"), std::string::npos);
}

}  // namespace
}  // namespace sporazum::overlay::engine

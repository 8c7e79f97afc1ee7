#include "sporazum/media/probe.hpp"

#include <gtest/gtest.h>

#include "media_fixture.hpp"
#include "sporazum/media/errors.hpp"

namespace sporazum::media {
namespace {

using testing::clips;

std::string ratio(const core::Rational& value, char separator) {
  return std::to_string(value.num) + separator + std::to_string(value.den);
}

double number(const nlohmann::json& value) {
  return std::stod(value.get<std::string>());
}

/// Every field ffprobe reports and we keep must agree with ffprobe on the same file.
void expectSameAsFfprobe(const std::string& path) {
  SCOPED_TRACE(path);
  auto ours = probeFile(path);
  ASSERT_TRUE(ours) << ours.error().code << ": " << ours.error().message;
  const nlohmann::json theirs = testing::ffprobe(path);
  const auto& format = theirs.at("format");
  EXPECT_EQ(ours->container, format.at("format_name").get<std::string>());
  EXPECT_EQ(ours->containerLongName, format.at("format_long_name").get<std::string>());
  EXPECT_NEAR(ours->durationSeconds, number(format.at("duration")), 0.05);
  EXPECT_NEAR(ours->startTimeSeconds, number(format.at("start_time")), 0.0005);
  EXPECT_EQ(ours->sizeBytes, std::stoll(format.at("size").get<std::string>()));
  if (format.contains("bit_rate")) {
    EXPECT_EQ(ours->bitRate, std::stoll(format.at("bit_rate").get<std::string>()));
  }
  const auto& streams = theirs.at("streams");
  ASSERT_EQ(ours->streams.size(), streams.size());
  for (std::size_t i = 0; i < streams.size(); ++i) {
    const auto& stream = streams[i];
    const auto& mine = ours->streams[i];
    SCOPED_TRACE(mine.kind);
    EXPECT_EQ(mine.index, stream.at("index").get<int>());
    EXPECT_EQ(mine.kind, stream.at("codec_type").get<std::string>());
    EXPECT_EQ(mine.codec, stream.at("codec_name").get<std::string>());
    if (stream.contains("profile")) {
      EXPECT_EQ(mine.profile, stream.at("profile").get<std::string>());
    }
    if (mine.kind == "video") {
      EXPECT_EQ(mine.width, stream.at("width").get<int>());
      EXPECT_EQ(mine.height, stream.at("height").get<int>());
      EXPECT_EQ(mine.pixelFormat, stream.at("pix_fmt").get<std::string>());
      EXPECT_EQ(ratio(mine.frameRate, '/'), stream.at("avg_frame_rate").get<std::string>());
      EXPECT_EQ(mine.fieldOrder, stream.value("field_order", std::string("unknown")));
      if (stream.contains("sample_aspect_ratio")) {
        EXPECT_EQ(ratio(mine.sampleAspectRatio, ':'),
                  stream.at("sample_aspect_ratio").get<std::string>());
        EXPECT_EQ(ratio(mine.displayAspectRatio, ':'),
                  stream.at("display_aspect_ratio").get<std::string>());
      }
    } else if (mine.kind == "audio") {
      EXPECT_EQ(mine.sampleRate, std::stoi(stream.at("sample_rate").get<std::string>()));
      EXPECT_EQ(mine.channels, stream.at("channels").get<int>());
      EXPECT_EQ(mine.channelLayout, stream.value("channel_layout", std::string()));
    }
    const std::string language =
        stream.contains("tags") ? stream["tags"].value("language", std::string()) : std::string();
    EXPECT_EQ(mine.language, language);
  }
}

TEST(ProbeFile, MatchesFfprobeOnAnMpegTsRecording) {
  expectSameAsFfprobe(clips().ts);
  auto probe = probeFile(clips().ts);
  ASSERT_TRUE(probe);
  ASSERT_EQ(probe->streams.size(), 2u);
  // MPEG-TS says nothing about fields: this was learned by decoding, as ffprobe does.
  EXPECT_EQ(probe->streams[0].fieldOrder, "progressive");
  EXPECT_GT(probe->startTimeSeconds, 0.5);  // MPEG-TS recordings do not start at 0
}

TEST(ProbeFile, MatchesFfprobeOnMatroskaWithAnamorphicPixels) {
  expectSameAsFfprobe(clips().mkv);
  auto probe = probeFile(clips().mkv);
  ASSERT_TRUE(probe);
  EXPECT_EQ(probe->streams[0].sampleAspectRatio, (core::Rational{16, 15}));
  EXPECT_EQ(probe->streams[0].displayAspectRatio, (core::Rational{4, 3}));
  EXPECT_EQ(probe->streams[1].language, "srp");
}

TEST(ProbeFile, MatchesFfprobeOnInterlacedOddSizedAndOffsetFiles) {
  expectSameAsFfprobe(clips().interlaced);
  expectSameAsFfprobe(clips().oddSize);
  expectSameAsFfprobe(clips().offset);
  auto interlaced = probeFile(clips().interlaced);
  ASSERT_TRUE(interlaced);
  EXPECT_EQ(interlaced->streams[0].fieldOrder, "tt");
}

TEST(ProbeFile, SaysNotFoundForAMissingFile) {
  auto probe = probeFile(clips().ts + ".missing");
  ASSERT_FALSE(probe);
  EXPECT_EQ(probe.error().code, errors::kNotFound);
}

TEST(ProbeFile, SaysUnreadableForRandomBytes) {
  auto probe = probeFile(clips().random);
  ASSERT_FALSE(probe);
  EXPECT_EQ(probe.error().code, errors::kUnreadable) << probe.error().message;
}

TEST(ProbeFile, SaysUnreadableForAnEmptyFile) {
  testing::TempDir dir;
  const std::string empty = dir / "empty.ts";
  std::FILE* file = std::fopen(empty.c_str(), "wb");
  ASSERT_NE(file, nullptr);
  std::fclose(file);
  auto probe = probeFile(empty);
  ASSERT_FALSE(probe);
  EXPECT_EQ(probe.error().code, errors::kUnreadable);
}

}  // namespace
}  // namespace sporazum::media

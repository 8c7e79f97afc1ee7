#include "sporazum/core/archive.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace sporazum::core {
namespace {

MediaProbe recordingProbe() {
  MediaProbe probe;
  probe.container = "mpegts";
  probe.containerLongName = "MPEG-TS (MPEG-2 Transport Stream)";
  probe.durationSeconds = 3600.04;
  probe.startTimeSeconds = 1.4;
  probe.bitRate = 8'400'000;
  probe.sizeBytes = 3'780'000'000;
  MediaStream video;
  video.index = 0;
  video.kind = "video";
  video.codec = "h264";
  video.profile = "High";
  video.width = 1920;
  video.height = 1080;
  video.pixelFormat = "yuv420p";
  video.frameRate = {50, 1};
  video.sampleAspectRatio = {1, 1};
  video.displayAspectRatio = {16, 9};
  video.fieldOrder = "progressive";
  MediaStream audio;
  audio.index = 1;
  audio.kind = "audio";
  audio.codec = "aac";
  audio.sampleRate = 48'000;
  audio.channels = 2;
  audio.channelLayout = "stereo";
  audio.language = "srp";
  probe.streams = {video, audio};
  return probe;
}

TEST(Archive, AProbeSurvivesItsJson) {
  const MediaProbe probe = recordingProbe();
  const nlohmann::json json = probe;
  EXPECT_EQ(json["streams"][0]["frameRate"], nlohmann::json::array({50, 1}));
  EXPECT_FALSE(json["streams"][0].contains("sampleRate")) << "audio fields only on audio";
  EXPECT_FALSE(json["streams"][1].contains("width")) << "video fields only on video";
  EXPECT_EQ(json.get<MediaProbe>(), probe);
}

TEST(Archive, LoudnessSurvivesItsJson) {
  const Loudness loudness{-23.04, 6.2, -1.7};
  EXPECT_EQ(nlohmann::json(loudness).get<Loudness>(), loudness);
}

TEST(Archive, AProbeWithoutRequiredFieldsIsRefused) {
  nlohmann::json json = recordingProbe();
  json.erase("container");
  EXPECT_THROW((void)json.get<MediaProbe>(), nlohmann::json::exception);
  json = recordingProbe();
  json["streams"][0]["frameRate"] = "50";
  EXPECT_THROW((void)json.get<MediaProbe>(), nlohmann::json::exception);
}

TEST(Archive, RolesHaveStableNames) {
  for (MediaRole role : {MediaRole::ProgrammeMaster, MediaRole::Proxy, MediaRole::Thumbnail}) {
    EXPECT_EQ(parseMediaRole(toString(role)), role);
  }
  EXPECT_EQ(toString(MediaRole::ProgrammeMaster), "programme_master");
  EXPECT_FALSE(parseMediaRole("master"));
  EXPECT_FALSE(parseMediaRole(""));
}

}  // namespace
}  // namespace sporazum::core

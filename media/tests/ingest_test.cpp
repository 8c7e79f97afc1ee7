#include "sporazum/media/ingest.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <filesystem>

#include "media_fixture.hpp"
#include "sporazum/media/errors.hpp"
#include "sporazum/media/probe.hpp"

namespace sporazum::media {
namespace {

using testing::clips;
using testing::TempDir;

ProcessOptions optionsFor(const TempDir& dir) {
  ProcessOptions options;
  options.outputDir = dir.path();
  options.thumbnailIntervalSeconds = 1;
  return options;
}

core::Result<core::IngestResult> ingest(const std::string& path, const ProcessOptions& options) {
  static const bool quiet = (setLibavLog(LibavLog::Quiet), true);
  (void)quiet;
  return processRecording(path, options);
}

const core::MediaAsset* poster(const core::IngestResult& result) {
  for (const auto& thumbnail : result.thumbnails) {
    if (thumbnail.isPoster) return &thumbnail;
  }
  return nullptr;
}

double number(const nlohmann::json& value) {
  return std::stod(value.get<std::string>());
}

/// The proxy's chapter titled `title` as ffprobe reads it back; null when missing.
nlohmann::json chapterTitled(const nlohmann::json& probed, const std::string& title) {
  for (const auto& chapter : probed.at("chapters")) {
    if (chapter.contains("tags") && chapter["tags"].value("title", "") == title) return chapter;
  }
  return nullptr;
}

TEST(ProcessRecording, MakesAFaststartProxyThumbnailsAndTheFilesHash) {
  TempDir dir;
  auto options = optionsFor(dir);
  options.chapters = {{0.5, 1.5, "Pitanje 1: Ђаковица или Đakovica?", 11},
                      {2.0, 3.5, "Pyetja 2: çka po ndodh në Mitrovicë?", 12}};
  std::vector<double> progress;
  options.onProgress = [&](double fraction) { progress.push_back(fraction); };
  auto result = ingest(clips().ts, options);
  ASSERT_TRUE(result) << result.error().code << ": " << result.error().message;

  EXPECT_EQ(result->master.sha256, testing::sha256sum(clips().ts));
  EXPECT_EQ(result->master.bytes,
            static_cast<std::int64_t>(std::filesystem::file_size(clips().ts)));
  auto probed = probeFile(clips().ts);
  ASSERT_TRUE(probed);
  EXPECT_EQ(*result->master.probe, *probed);

  // 4 s at one a second: 0..3, plus the poster at 10 %.
  EXPECT_EQ(dir.files(),
            (std::vector<std::string>{"poster.jpg", "proxy.mp4", "thumb_000000.jpg",
                                      "thumb_000001.jpg", "thumb_000002.jpg", "thumb_000003.jpg"}));
  ASSERT_EQ(result->thumbnails.size(), 5u);
  for (const auto& thumbnail : result->thumbnails) {
    EXPECT_EQ(thumbnail.width, 640);
    EXPECT_EQ(thumbnail.height, 360);
    EXPECT_EQ(thumbnail.sha256, testing::sha256sum(thumbnail.location));
    const auto luma = testing::decodeLuma(thumbnail.location);
    EXPECT_EQ(luma.width, 640) << thumbnail.location;
  }
  ASSERT_NE(poster(*result), nullptr);
  EXPECT_NEAR(*poster(*result)->atSeconds, 0.4, 0.041);

  ASSERT_TRUE(result->proxy);
  const auto& proxy = *result->proxy;
  EXPECT_EQ(proxy.location, dir / "proxy.mp4");
  EXPECT_EQ(proxy.sha256, testing::sha256sum(proxy.location));
  const auto theirs = testing::ffprobe(proxy.location);
  const auto& streams = theirs.at("streams");
  // Video, audio, and the chapter track MP4 keeps its chapter marks in.
  ASSERT_EQ(streams.size(), 3u);
  EXPECT_EQ(streams[2]["codec_type"], "data");
  EXPECT_EQ(streams[0]["codec_name"], "h264");
  EXPECT_EQ(streams[0]["width"], 640);
  EXPECT_EQ(streams[0]["height"], 360);
  EXPECT_EQ(streams[0]["pix_fmt"], "yuv420p");
  EXPECT_EQ(streams[1]["codec_name"], "aac");
  EXPECT_EQ(streams[1]["channels"], 2);
  EXPECT_NEAR(number(theirs["format"]["start_time"]), 0.0, 0.05);
  EXPECT_NEAR(number(theirs["format"]["duration"]), 4.0, 0.15);
  // faststart: the index comes before the media data.
  const auto boxes = testing::topLevelBoxes(proxy.location);
  const auto moov = std::find(boxes.begin(), boxes.end(), "moov");
  const auto mdat = std::find(boxes.begin(), boxes.end(), "mdat");
  ASSERT_NE(moov, boxes.end());
  ASSERT_NE(mdat, boxes.end());
  EXPECT_LT(moov - boxes.begin(), mdat - boxes.begin());
  // MP4 chapters divide the whole timeline: the gaps around the questions are untitled marks.
  EXPECT_EQ(theirs.at("chapters").size(), 5u);
  const auto first = chapterTitled(theirs, "Pitanje 1: Ђаковица или Đakovica?");
  ASSERT_FALSE(first.is_null());
  EXPECT_NEAR(number(first["start_time"]), 0.5, 0.01);
  EXPECT_NEAR(number(first["end_time"]), 1.5, 0.01);
  const auto second = chapterTitled(theirs, "Pyetja 2: çka po ndodh në Mitrovicë?");
  ASSERT_FALSE(second.is_null());
  EXPECT_NEAR(number(second["start_time"]), 2.0, 0.01);
  EXPECT_NEAR(number(second["end_time"]), 3.5, 0.01);

  ASSERT_FALSE(progress.empty());
  EXPECT_TRUE(std::is_sorted(progress.begin(), progress.end()));
  EXPECT_EQ(progress.back(), 1.0);
  EXPECT_GT(result->processingSeconds, 0.0);
}

TEST(ProcessRecording, MeasuresTheTech3341ToneAtMinus23Lufs) {
  TempDir dir;
  auto options = optionsFor(dir);
  options.makeProxy = false;
  auto result = ingest(clips().tone, options);
  ASSERT_TRUE(result) << result.error().code << ": " << result.error().message;
  EXPECT_NEAR(result->loudness.integratedLufs, -23.0, 0.1);
  EXPECT_NEAR(result->loudness.truePeakDbtp, -23.0, 0.3);
  EXPECT_LT(result->loudness.rangeLu, 1.0);
  EXPECT_FALSE(result->proxy);
}

TEST(ProcessRecording, HashesAFileWhoseIndexIsAtTheEnd) {
  TempDir dir;
  auto options = optionsFor(dir);
  options.makeProxy = false;
  auto result = ingest(clips().moovAtEnd, options);
  ASSERT_TRUE(result) << result.error().code << ": " << result.error().message;
  EXPECT_EQ(result->master.sha256, testing::sha256sum(clips().moovAtEnd));
}

TEST(ProcessRecording, GivesAnamorphicPicturesSquarePixels) {
  TempDir dir;
  auto result = ingest(clips().mkv, optionsFor(dir));
  ASSERT_TRUE(result) << result.error().code << ": " << result.error().message;
  // 720x576 at 16:15 is 4:3: 480x360.
  EXPECT_EQ(result->proxy->width, 480);
  EXPECT_EQ(result->proxy->height, 360);
  EXPECT_EQ(result->thumbnails.front().width, 480);
}

TEST(ProcessRecording, Makes540LineProxiesOnRequest) {
  TempDir dir;
  auto options = optionsFor(dir);
  options.proxyHeight = 540;
  auto result = ingest(clips().mkv, options);
  ASSERT_TRUE(result) << result.error().code << ": " << result.error().message;
  EXPECT_EQ(result->proxy->height, 540);
  EXPECT_EQ(result->proxy->width, 720);  // 4:3
  EXPECT_EQ(testing::ffprobe(result->proxy->location)["streams"][0]["height"], 540);
}

TEST(ProcessRecording, HandlesOddFrameSizesWithEvenOutputs) {
  TempDir dir;
  auto result = ingest(clips().oddSize, optionsFor(dir));
  ASSERT_TRUE(result) << result.error().code << ": " << result.error().message;
  EXPECT_EQ(result->proxy->height, 360);
  EXPECT_EQ(result->proxy->width, 448);  // 719/577 × 360 = 448.6, even
  const auto theirs = testing::ffprobe(result->proxy->location);
  EXPECT_EQ(theirs["streams"][0]["width"], 448);
  for (const auto& thumbnail : result->thumbnails) {
    EXPECT_EQ(thumbnail.width % 2, 0);
    EXPECT_EQ(thumbnail.height % 2, 0);
  }
}

TEST(ProcessRecording, TimesEverythingFromTheProgrammeStartWhenTheFileStartsLate) {
  TempDir dir;
  auto options = optionsFor(dir);
  options.chapters = {{1.0, 2.0, "Q", 1}};
  auto result = ingest(clips().offset, options);
  ASSERT_TRUE(result) << result.error().code << ": " << result.error().message;
  EXPECT_GE(result->master.probe->startTimeSeconds, 10.0);
  ASSERT_FALSE(result->thumbnails.empty());
  EXPECT_NEAR(*result->thumbnails.front().atSeconds, 0.0, 0.05);
  const auto theirs = testing::ffprobe(result->proxy->location);
  EXPECT_NEAR(number(theirs["format"]["start_time"]), 0.0, 0.05);
  EXPECT_NEAR(number(theirs["format"]["duration"]), 3.0, 0.15);
  const auto chapter = chapterTitled(theirs, "Q");
  ASSERT_FALSE(chapter.is_null());
  EXPECT_NEAR(number(chapter["start_time"]), 1.0, 0.01);
}

TEST(ProcessRecording, DeinterlacesInterlacedContent) {
  TempDir dir;
  auto result = ingest(clips().interlaced, optionsFor(dir));
  ASSERT_TRUE(result) << result.error().code << ": " << result.error().message;
  EXPECT_EQ(result->master.probe->streams[0].fieldOrder, "tt");
  auto proxy = probeFile(result->proxy->location);
  ASSERT_TRUE(proxy);
  EXPECT_EQ(proxy->streams[0].fieldOrder, "progressive");

  // The same picture straight from the decoder, not deinterlaced, combs; ours must not.
  const auto* ours = poster(*result);
  ASSERT_NE(ours, nullptr);
  const std::string raw = dir / "raw.png";
  const long frameIndex = std::lround(*ours->atSeconds * 25);  // 25 frames a second
  ASSERT_EQ(testing::run("ffmpeg -hide_banner -nostdin -v error -y -i " +
                         testing::shellQuoted(clips().interlaced) + " -vf 'select=eq(n\\," +
                         std::to_string(frameIndex) + ")' -frames:v 1 " + testing::shellQuoted(raw))
                .status,
            0);
  const double combed = testing::combing(testing::decodeLuma(raw));
  const double deinterlaced = testing::combing(testing::decodeLuma(ours->location));
  EXPECT_GT(combed, 0.0);
  EXPECT_LT(deinterlaced, combed * 0.6) << "raw " << combed << ", ours " << deinterlaced;
}

struct BadInput {
  const char* name;
  std::string testing::Clips::*clip;
  std::string_view code;
};

class ProcessRecordingRefuses : public ::testing::TestWithParam<BadInput> {};

TEST_P(ProcessRecordingRefuses, WithItsOwnCodeAndLeavesNoFiles) {
  TempDir dir;
  auto result = ingest(clips().*GetParam().clip, optionsFor(dir));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, GetParam().code) << result.error().message;
  EXPECT_FALSE(result.error().message.empty());
  EXPECT_TRUE(dir.files().empty());
}

INSTANTIATE_TEST_SUITE_P(
    BadInputs, ProcessRecordingRefuses,
    ::testing::Values(BadInput{"RandomBytes", &testing::Clips::random, errors::kUnreadable},
                      BadInput{"TruncatedTs", &testing::Clips::truncatedTs, errors::kTruncated},
                      BadInput{"TruncatedMkv", &testing::Clips::truncatedMkv, errors::kTruncated},
                      BadInput{"DamagedTs", &testing::Clips::damaged, errors::kCorrupt},
                      BadInput{"NoVideo", &testing::Clips::noVideo, errors::kNoVideo},
                      BadInput{"NoAudio", &testing::Clips::noAudio, errors::kNoAudio}),
    [](const auto& instance) { return std::string(instance.param.name); });

TEST(ProcessRecording, StopsWhenCancelledAndLeavesNoFiles) {
  TempDir dir;
  auto options = optionsFor(dir);
  std::atomic<bool> cancel{false};
  options.cancel = &cancel;
  int calls = 0;
  options.onProgress = [&](double fraction) {
    ++calls;
    if (fraction > 0.3) cancel = true;
  };
  auto result = ingest(clips().ts, options);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, errors::kCancelled);
  EXPECT_GT(calls, 0);
  EXPECT_TRUE(dir.files().empty());
}

TEST(ProcessRecording, RefusesOptionsOutOfRange) {
  TempDir dir;
  auto options = optionsFor(dir);
  options.proxyHeight = 480;
  auto result = ingest(clips().ts, options);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, errors::kBadOptions);
  options = optionsFor(dir);
  options.chapters = {{5, 4, "backwards", 0}};
  EXPECT_EQ(ingest(clips().ts, options).error().code, errors::kBadOptions);
  options = optionsFor(dir);
  options.proxyPreset = "quick";
  EXPECT_EQ(ingest(clips().ts, options).error().code, errors::kBadOptions);
  options = optionsFor(dir);
  options.outputDir = dir / "missing";
  EXPECT_EQ(ingest(clips().ts, options).error().code, errors::kBadOptions);
  EXPECT_TRUE(dir.files().empty());
}

TEST(ProcessRecording, SaysNotFoundForAMissingFile) {
  TempDir dir;
  auto result = ingest(dir / "nothing.ts", optionsFor(dir));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, errors::kNotFound);
}

}  // namespace
}  // namespace sporazum::media

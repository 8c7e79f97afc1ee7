#include "sporazum/overlay/control/episode_recorder.hpp"

#include <gtest/gtest.h>

#include <condition_variable>

#include "fake_recording_backend.hpp"

namespace sporazum::overlay::control {
namespace {

using namespace std::chrono_literals;
using core::RecordAction;
using core::RecordCommand;
using core::RecordingOrder;
using core::RecordingReport;
using testing::FakeRecordingBackend;
using Calls = std::vector<std::string>;

const RecordingOrder kEpisode7{7, 23};
const RecordingOrder kEpisode8{8, 24};

class RecorderHarness {
 public:
  explicit RecorderHarness(RecorderOptions options = {50ms, 400ms})
      : recorder(
            backend,
            [this](const RecordingReport& report) {
              std::lock_guard lock(mutex);
              reports.push_back(report);
              changed.notify_all();
            },
            options) {}

  std::vector<RecordingReport> waitForReports(std::size_t count) {
    std::unique_lock lock(mutex);
    changed.wait_for(lock, 5s, [&] { return reports.size() >= count; });
    return reports;
  }
  std::vector<RecordingReport> settled() {
    recorder.waitUntilIdle();
    std::lock_guard lock(mutex);
    return reports;
  }

  FakeRecordingBackend backend;
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<RecordingReport> reports;
  EpisodeRecorder recorder;
};

TEST(EpisodeRecorder, TheLiveEpisodeGetsOneFileAndItsOpeningIsReported) {
  RecorderHarness run;
  run.recorder.follow(kEpisode7);
  run.recorder.command(RecordCommand{RecordAction::Start, kEpisode7});  // already recording it
  const auto reports = run.settled();
  EXPECT_EQ(run.backend.calls(), (Calls{"start 7"}));
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0].episodeId, 7);
  EXPECT_EQ(reports[0].state, "recording");
  EXPECT_EQ(reports[0].file, "rec/episode-23-1.ts");
  EXPECT_EQ(reports[0].startedAt, "2026-11-23T20:00:04.161Z");
  EXPECT_TRUE(reports[0].stoppedAt.empty());
  EXPECT_EQ(run.recorder.recording(), kEpisode7);
}

TEST(EpisodeRecorder, StopClosesTheFileAndReportsItDone) {
  RecorderHarness run;
  run.recorder.command(RecordCommand{RecordAction::Start, kEpisode7});
  run.recorder.command(RecordCommand{RecordAction::Stop, kEpisode8});  // not the one recorded
  EXPECT_EQ(run.settled().size(), 1u);
  EXPECT_EQ(run.backend.calls(), (Calls{"start 7"}));

  run.recorder.command(RecordCommand{RecordAction::Stop, kEpisode7});
  const auto reports = run.settled();
  EXPECT_EQ(run.backend.calls(), (Calls{"start 7", "stop"}));
  ASSERT_EQ(reports.size(), 2u);
  EXPECT_EQ(reports[1].state, "done");
  EXPECT_EQ(reports[1].file, reports[0].file);
  EXPECT_EQ(reports[1].frames, 500);
  EXPECT_EQ(reports[1].bytes, 1'000'000);
  EXPECT_EQ(reports[1].stoppedAt, "2026-11-23T20:00:14.161Z");
  EXPECT_TRUE(reports[1].error.empty());
  EXPECT_EQ(run.recorder.recording(), std::nullopt);
}

TEST(EpisodeRecorder, AnotherEpisodeClosesTheFirstFileBeforeOpeningItsOwn) {
  RecorderHarness run;
  run.recorder.follow(kEpisode7);
  run.recorder.follow(kEpisode8);
  const auto reports = run.settled();
  EXPECT_EQ(run.backend.calls(), (Calls{"start 7", "stop", "start 8"}));
  ASSERT_EQ(reports.size(), 3u);
  EXPECT_EQ(reports[1].episodeId, 7);
  EXPECT_EQ(reports[1].state, "done");
  EXPECT_EQ(reports[2].episodeId, 8);
  EXPECT_EQ(reports[2].state, "recording");
  EXPECT_EQ(run.recorder.recording(), kEpisode8);
}

TEST(EpisodeRecorder, NoLiveEpisodeAfterAReconnectClosesTheFile) {
  RecorderHarness run;
  run.recorder.follow(kEpisode7);
  run.recorder.follow(std::nullopt);  // the episode ended while the engine was away
  const auto reports = run.settled();
  EXPECT_EQ(run.backend.calls(), (Calls{"start 7", "stop"}));
  ASSERT_EQ(reports.size(), 2u);
  EXPECT_EQ(reports[1].state, "done");
}

TEST(EpisodeRecorder, AFileThatCannotBeOpenedIsReportedFailedAndTriedAgain) {
  RecorderHarness run;
  run.backend.failNextStarts({"cannot create /srv/rec: Not a directory", "still not"});
  run.recorder.follow(kEpisode7);
  const auto reports = run.waitForReports(3);
  ASSERT_EQ(reports.size(), 3u);
  EXPECT_EQ(reports[0].state, "failed");
  EXPECT_EQ(reports[0].error, "cannot create /srv/rec: Not a directory");
  EXPECT_FALSE(reports[0].stoppedAt.empty());
  EXPECT_EQ(reports[1].state, "failed");
  EXPECT_EQ(reports[2].state, "recording");
  EXPECT_EQ(run.backend.calls(), (Calls{"start 7", "start 7", "start 7"}));
  // Every report is one the server's decoder takes.
  for (const auto& report : reports)
    EXPECT_TRUE(core::decodeRecordingReport(core::encodeRecordingReport(report)).ok());
}

TEST(EpisodeRecorder, AFileThatFailsOnTheWayIsReportedAndANewOneOpened) {
  RecorderHarness run;
  run.recorder.follow(kEpisode7);
  ASSERT_EQ(run.waitForReports(1).size(), 1u);
  auto ended = run.backend.failOpenFile("record_sink: No space left on the resource.\n");
  ASSERT_TRUE(ended);
  run.recorder.fileEnded(*ended);
  const auto reports = run.waitForReports(3);
  ASSERT_EQ(reports.size(), 3u);
  EXPECT_EQ(reports[1].state, "failed");
  EXPECT_EQ(reports[1].file, reports[0].file);
  EXPECT_EQ(reports[1].frames, 42);
  EXPECT_EQ(reports[1].error, "record_sink: No space left on the resource. ");
  EXPECT_EQ(reports[2].state, "recording");
  EXPECT_NE(reports[2].file, reports[0].file);
  EXPECT_EQ(run.backend.calls(), (Calls{"start 7", "start 7"}));
}

TEST(EpisodeRecorder, FinishClosesTheFileAndTakesNoMoreOrders) {
  RecorderHarness run;
  run.recorder.follow(kEpisode7);
  run.recorder.finish();
  run.recorder.follow(kEpisode8);
  const auto reports = run.settled();
  EXPECT_EQ(run.backend.calls(), (Calls{"start 7", "stop"}));
  ASSERT_EQ(reports.size(), 2u);
  EXPECT_EQ(reports[1].state, "done");
  EXPECT_FALSE(run.backend.isOpen());
}

}  // namespace
}  // namespace sporazum::overlay::control

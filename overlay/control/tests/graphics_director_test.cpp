#include "sporazum/overlay/control/graphics_director.hpp"

#include <gtest/gtest.h>

#include <condition_variable>

namespace sporazum::overlay::control {
namespace {

using namespace std::chrono_literals;
using core::AsRunEvent;
using core::GraphicsAction;
using core::GraphicsLayer;

const FrameFormat k720p50{1280, 720, 50, 1};
constexpr std::int64_t kFrameNs = 20'000'000;

std::unique_ptr<Renderer> loadRenderer() {
  auto renderer = Renderer::load(std::string(SPORAZUM_SOURCE_ROOT) + "/assets/templates", k720p50);
  EXPECT_TRUE(renderer.ok()) << (renderer.ok() ? "" : renderer.error().message);
  return std::move(*renderer);
}

core::GraphicContent question(std::int64_t id, std::string text, std::string name = "") {
  core::GraphicContent content;
  content.questionId = id;
  content.text = std::move(text);
  content.viewerName = std::move(name);
  content.municipality = "Zvečan";
  content.language = "sr-Latn";
  return content;
}

/// A director with a frame loop the test turns by hand.
class DirectorHarness {
 public:
  DirectorHarness()
      : director(loadRenderer(), DirectorReports{.onAsRun =
                                                     [this](const core::AsRunReport& report) {
                                                       std::lock_guard lock(mutex);
                                                       asRun.push_back(report);
                                                       changed.notify_all();
                                                     },
                                                 .onError =
                                                     [this](const core::EngineCommandError& error) {
                                                       std::lock_guard lock(mutex);
                                                       errors.push_back(error);
                                                       changed.notify_all();
                                                     }}),
        frame(k720p50.width, k720p50.height) {}

  /// Composites `count` frames of a black picture; returns how many Y samples differ from black.
  int runFrames(int count) {
    int changedSamples = 0;
    for (int i = 0; i < count; ++i) {
      std::fill(frame.plane(0), frame.plane(0) + frame.width() * frame.height(), 16);
      auto view = frame.view();
      director.onFrame(view, runningTimeNs);
      runningTimeNs += kFrameNs;
      changedSamples = 0;
      for (int s = 0; s < frame.width() * frame.height(); ++s)
        changedSamples += frame.plane(0)[s] != 16;
    }
    return changedSamples;
  }

  bool waitFor(const std::function<bool()>& condition) {
    std::unique_lock lock(mutex);
    return changed.wait_for(lock, 5s, condition);
  }

  std::mutex mutex;
  std::condition_variable changed;
  std::vector<core::AsRunReport> asRun;
  std::vector<core::EngineCommandError> errors;
  GraphicsDirector director;
  I420Frame frame;
  std::int64_t runningTimeNs = 0;
};

TEST(GraphicsDirector, ATakenQuestionReportsItsFirstFrameWithTheQuestionId) {
  DirectorHarness harness;
  harness.director.apply(
      {1, GraphicsAction::Cue, GraphicsLayer::LowerThird, question(42, "Kada počinju radovi?")});
  harness.director.apply({2, GraphicsAction::Take, GraphicsLayer::LowerThird, std::nullopt});
  harness.director.waitUntilIdle();
  EXPECT_GT(harness.runFrames(30), 1000) << "the lower third is drawn";
  ASSERT_TRUE(harness.waitFor([&] { return !harness.asRun.empty(); }));
  std::lock_guard lock(harness.mutex);
  EXPECT_EQ(harness.asRun[0].seq, 2);
  EXPECT_EQ(harness.asRun[0].event, AsRunEvent::OnAir);
  EXPECT_EQ(harness.asRun[0].questionId, 42);
  EXPECT_EQ(harness.asRun[0].runningTimeNs, 0);
  EXPECT_EQ(harness.asRun[0].wallTime.size(), std::string("2026-11-23T20:15:00.123Z").size());
  EXPECT_EQ(harness.director.lastSeq(), 2);
}

TEST(GraphicsDirector, AQuestionThatDoesNotFitIsRefusedAndNeverShown) {
  DirectorHarness harness;
  std::string endless;
  for (int i = 0; i < 120; ++i)
    endless += "Pitanje koje nikako ne staje u okvir ";
  harness.director.apply(
      {5, GraphicsAction::Take, GraphicsLayer::LowerThird, question(7, endless)});
  harness.director.waitUntilIdle();
  EXPECT_EQ(harness.runFrames(5), 0);
  ASSERT_TRUE(harness.waitFor([&] { return !harness.errors.empty(); }));
  std::lock_guard lock(harness.mutex);
  EXPECT_EQ(harness.errors[0].seq, 5);
  EXPECT_EQ(harness.errors[0].code, "does_not_fit");
  EXPECT_TRUE(harness.asRun.empty());
}

TEST(GraphicsDirector, TakeWithNothingCuedIsReportedAsAnError) {
  DirectorHarness harness;
  harness.director.apply({3, GraphicsAction::Take, GraphicsLayer::Super, std::nullopt});
  harness.director.waitUntilIdle();
  ASSERT_TRUE(harness.waitFor([&] { return !harness.errors.empty(); }));
  std::lock_guard lock(harness.mutex);
  EXPECT_EQ(harness.errors[0].code, "nothing_cued");
}

TEST(GraphicsDirector, RestorePutsTheRecordedProgrammeBackWithACut) {
  DirectorHarness harness;
  core::ProgrammeState state;
  state.seq = 40;
  core::LayerState lowerThird;
  lowerThird.layer = GraphicsLayer::LowerThird;
  lowerThird.onAir = question(9, "Šta će biti sa bolnicom?");
  lowerThird.onAirSeq = 38;
  core::LayerState super;
  super.layer = GraphicsLayer::Super;
  core::GraphicContent guest;
  guest.name = "Ana Petrović";
  guest.role = "poslanica";
  super.onAir = guest;
  super.onAirSeq = 39;
  state.layers = {lowerThird, super};
  harness.director.restore(state);
  harness.director.waitUntilIdle();
  EXPECT_GT(harness.runFrames(1), 1000) << "visible on the very first frame: a cut";
  ASSERT_TRUE(harness.waitFor([&] { return harness.asRun.size() >= 2; }));
  std::lock_guard lock(harness.mutex);
  for (const auto& report : harness.asRun) {
    EXPECT_EQ(report.event, AsRunEvent::OnAir);
    EXPECT_EQ(report.runningTimeNs, 0);
    if (report.layer == GraphicsLayer::LowerThird) {
      EXPECT_EQ(report.questionId, 9);
    }
  }
  EXPECT_EQ(harness.director.lastSeq(), 40);
}

TEST(GraphicsDirector, RestoreClearsWhatTheServerNoLongerHasOnAir) {
  DirectorHarness harness;
  core::GraphicContent ticker;
  ticker.text = "Vesti";
  harness.director.apply({1, GraphicsAction::Take, GraphicsLayer::Ticker, ticker});
  harness.director.waitUntilIdle();
  EXPECT_GT(harness.runFrames(40), 0);
  core::ProgrammeState empty;
  empty.seq = 5;
  harness.director.restore(empty);
  harness.director.waitUntilIdle();
  EXPECT_EQ(harness.runFrames(60), 0) << "cleared after its out-animation";
}

TEST(GraphicsDirector, ClearAllTakesEverythingOffOnTheNextFrame) {
  DirectorHarness harness;
  harness.director.apply(
      {1, GraphicsAction::Take, GraphicsLayer::LowerThird, question(1, "Pitanje?")});
  harness.director.apply({2, GraphicsAction::Take, GraphicsLayer::Logo, core::GraphicContent{}});
  harness.director.waitUntilIdle();
  EXPECT_GT(harness.runFrames(40), 0);
  harness.director.apply({3, GraphicsAction::ClearAll, GraphicsLayer::LowerThird, std::nullopt});
  harness.director.waitUntilIdle();
  EXPECT_EQ(harness.runFrames(1), 0);
}

TEST(ClockText, IsHoursAndMinutes) {
  EXPECT_EQ(clockText(std::chrono::system_clock::now()).size(), 5u);
  EXPECT_EQ(isoTimeMs(1'795'000'000'123), "2026-11-18T11:06:40.123Z");
}

}  // namespace
}  // namespace sporazum::overlay::control

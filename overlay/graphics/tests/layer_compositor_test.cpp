#include "sporazum/overlay/layer_compositor.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <map>
#include <random>
#include <thread>

#include "allocation_counter.hpp"
#include "sporazum/overlay/blend.hpp"
#include "test_support.hpp"

namespace sporazum::overlay {
namespace {

using core::AsRunEvent;
using testing::blankImage;
using testing::setPixel;
using testing::solidImage;

constexpr FrameFormat kFormat{64, 32, 50, 1};
constexpr std::int64_t kFrameNs = 20'000'000;
constexpr std::int64_t kStartNs = 7'000'000'000;
constexpr Rgb kBlack{0, 0, 0};
constexpr Rgb kRed{255, 0, 0};   // Y' 63
constexpr Rgb kBlue{0, 0, 255};  // Y' 32
constexpr Rgb kWhite{255, 255, 255};
constexpr AnimationSpec kCut{AnimationKind::Cut, 0};
const Rect kBox{8, 16, 48, 12};

std::int64_t timeOf(int frame) {
  return kStartNs + frame * kFrameNs;
}

GraphicPtr solidGraphic(Rgb colour, Rect rect = kBox, AnimationSpec in = kCut,
                        AnimationSpec out = kCut) {
  Graphic graphic;
  GraphicPart part;
  part.image = solidImage(rect.width, rect.height, colour, 255);
  part.x = rect.x;
  part.y = rect.y;
  graphic.parts.push_back(part);
  graphic.animateIn = in;
  graphic.animateOut = out;
  return std::make_shared<const PreparedGraphic>(prepareGraphic(graphic, kFormat));
}

/// Luma of `graphic` drawn at `opacity` over black, at the box's top-left.
int lumaAtOpacity(const GraphicPtr& graphic, int opacity) {
  I420Frame frame = solidFrame(kFormat, kBlack);
  for (const PreparedPart& part : graphic->parts) {
    blendPart(frame.view(), part, BlendParams{.opacity = opacity});
  }
  return frame.at(0, kBox.x, kBox.y);
}

int easedOpacity(double t) {
  return static_cast<int>(std::lround(255.0 * (1.0 - std::pow(1.0 - t, 3))));
}

/// The compositor and a black frame per composite.
struct Programme {
  LayerCompositor compositor{kFormat};
  I420Frame frame;
  std::vector<CompositorEvent> events;

  /// Composites frame number `k` (running time kStartNs + k × 20 ms); returns its events.
  const std::vector<CompositorEvent>& show(int k) {
    frame = solidFrame(kFormat, kBlack);
    events.clear();
    compositor.composite(frame.view(), timeOf(k), events);
    return events;
  }
  int luma() const { return frame.at(0, kBox.x, kBox.y); }
};

CompositorEvent onAir(std::int64_t seq, Layer layer, int frame) {
  return CompositorEvent{seq, seq, layer, AsRunEvent::OnAir, timeOf(frame)};
}
CompositorEvent offAir(std::int64_t seq, std::int64_t takeSeq, Layer layer, int frame) {
  return CompositorEvent{seq, takeSeq, layer, AsRunEvent::OffAir, timeOf(frame)};
}

TEST(LayerCompositor, TakeWithNothingCuedFailsCleanly) {
  Programme programme;
  const auto result = programme.compositor.take(Layer::LowerThird, 1);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, "nothing_cued");
  EXPECT_TRUE(programme.show(0).empty());
  EXPECT_EQ(programme.luma(), 16);

  ASSERT_TRUE(programme.compositor.cue(Layer::LowerThird, 2, solidGraphic(kRed)).ok());
  ASSERT_TRUE(programme.compositor.take(Layer::LowerThird, 3).ok());
  EXPECT_EQ(programme.compositor.take(Layer::LowerThird, 4).error().code, "nothing_cued")
      << "the cue was used by the first take";
  EXPECT_EQ(programme.compositor.take(Layer::Logo, 5).error().code, "nothing_cued");
}

TEST(LayerCompositor, CuedGraphicIsInvisibleUntilTakenThenReportsOnAir) {
  Programme programme;
  ASSERT_TRUE(programme.compositor.cue(Layer::LowerThird, 1, solidGraphic(kRed)).ok());
  EXPECT_TRUE(programme.show(0).empty());
  EXPECT_EQ(programme.luma(), 16);
  EXPECT_FALSE(programme.compositor.isAnythingVisible());

  ASSERT_TRUE(programme.compositor.take(Layer::LowerThird, 2).ok());
  EXPECT_EQ(programme.show(1), (std::vector{onAir(2, Layer::LowerThird, 1)}));
  EXPECT_EQ(programme.luma(), 63);
  EXPECT_TRUE(programme.compositor.isAnythingVisible());
  EXPECT_TRUE(programme.show(2).empty()) << "OnAir only once";
  EXPECT_EQ(programme.luma(), 63);
}

TEST(LayerCompositor, FadeInFollowsFrameTimestampsEvenWhenFramesAreLateOrSkipped) {
  Programme programme;
  const GraphicPtr white = solidGraphic(kWhite, kBox, AnimationSpec{AnimationKind::Fade, 500});
  ASSERT_TRUE(programme.compositor.takeGraphic(Layer::Super, 1, white).ok());
  // The first frame after the take starts the animation, however late it comes.
  EXPECT_EQ(programme.show(3), (std::vector{onAir(1, Layer::Super, 3)}));
  EXPECT_EQ(programme.luma(), lumaAtOpacity(white, 29));
  programme.show(4);
  EXPECT_EQ(programme.luma(), lumaAtOpacity(white, easedOpacity(2 / 25.0)));
  programme.show(9);  // frames 5..8 were dropped
  EXPECT_EQ(programme.luma(), lumaAtOpacity(white, easedOpacity(7 / 25.0)));
  programme.show(10);
  EXPECT_EQ(programme.luma(), lumaAtOpacity(white, easedOpacity(8 / 25.0)));
  EXPECT_EQ(programme.compositor.phase(Layer::Super), LayerPhase::AnimatingIn);
  programme.show(27);  // frame 24 of the animation: complete
  EXPECT_EQ(programme.luma(), 235);
  EXPECT_EQ(programme.compositor.phase(Layer::Super), LayerPhase::OnAir);
}

TEST(LayerCompositor, FillAndKeyCarryTheSameGraphicsAtTheSameMomentWithoutExtraEvents) {
  Programme programme;
  const GraphicPtr red = solidGraphic(kRed, kBox, AnimationSpec{AnimationKind::Fade, 500});
  const GraphicPtr logo = solidGraphic(kBlue, Rect{2, 2, 8, 6});
  ASSERT_TRUE(programme.compositor.takeGraphic(Layer::LowerThird, 1, red).ok());
  ASSERT_TRUE(programme.compositor.takeGraphic(Layer::Logo, 2, logo).ok());
  for (int k : {3, 4, 10, 40}) {
    // The programme is black here, so the fill must match it byte for byte.
    I420Frame fill = solidFrame(kFormat, kBlack);
    I420Frame key = solidFrame(kFormat, kBlack);
    const FillAndKey graphicsOnly{fill.view(), key.view()};
    programme.frame = solidFrame(kFormat, kBlack);
    programme.events.clear();
    programme.compositor.composite(programme.frame.view(), timeOf(k), programme.events,
                                   &graphicsOnly);
    if (k == 3) {
      EXPECT_EQ(programme.events,
                (std::vector{onAir(1, Layer::LowerThird, 3), onAir(2, Layer::Logo, 3)}));
    } else {
      EXPECT_TRUE(programme.events.empty()) << "frame " << k;
    }
    EXPECT_EQ(fill.bytes(), programme.frame.bytes()) << "frame " << k;
    const int opacity = k == 40 ? 255 : easedOpacity((k - 2) / 25.0);
    const int expectedKey = testing::div255(16 * (255 - opacity) + 235 * opacity);
    EXPECT_NEAR(key.at(0, kBox.x + 4, kBox.y + 4), expectedKey, 1) << "frame " << k;
    EXPECT_EQ(key.at(0, 4, 4), 235) << "the logo is opaque from its first frame";
    EXPECT_EQ(key.at(0, 0, 0), 16) << "nothing drawn: black";
    EXPECT_EQ(key.at(1, kBox.x / 2 + 2, kBox.y / 2 + 2), 128);
  }
}

TEST(LayerCompositor, ClearAnimatesOutAndReportsOffAirOnTheFirstFrameWithoutIt) {
  Programme programme;
  const GraphicPtr white =
      solidGraphic(kWhite, kBox, kCut, AnimationSpec{AnimationKind::Fade, 100});
  ASSERT_TRUE(programme.compositor.takeGraphic(Layer::LowerThird, 1, white).ok());
  programme.show(0);
  ASSERT_TRUE(programme.compositor.clear(Layer::LowerThird, 2).ok());
  // 100 ms = 5 frames: four fading frames, then the first without it.
  int previous = 235;
  for (int k = 1; k <= 4; ++k) {
    EXPECT_TRUE(programme.show(k).empty()) << k;
    const double t = k / 5.0;
    EXPECT_EQ(programme.luma(),
              lumaAtOpacity(white, static_cast<int>(std::lround(255.0 * (1.0 - t * t * t)))))
        << k;
    EXPECT_LT(programme.luma(), previous);
    previous = programme.luma();
    EXPECT_EQ(programme.compositor.phase(Layer::LowerThird), LayerPhase::AnimatingOut);
  }
  EXPECT_EQ(programme.show(5), (std::vector{offAir(2, 1, Layer::LowerThird, 5)}));
  EXPECT_EQ(programme.luma(), 16);
  EXPECT_EQ(programme.compositor.phase(Layer::LowerThird), LayerPhase::Empty);
  EXPECT_FALSE(programme.compositor.isAnythingVisible());
}

TEST(LayerCompositor, ClearAllRemovesEveryLayerOnTheNextFrame) {
  Programme programme;
  const AnimationSpec slowFade{AnimationKind::Fade, 2000};
  auto& compositor = programme.compositor;
  ASSERT_TRUE(
      compositor.takeGraphic(Layer::LowerThird, 1, solidGraphic(kRed, kBox, slowFade, slowFade))
          .ok());
  ASSERT_TRUE(compositor.takeGraphic(Layer::Logo, 2, solidGraphic(kBlue, Rect{0, 0, 8, 8})).ok());
  ASSERT_TRUE(
      compositor
          .takeGraphic(Layer::Ticker, 3, solidGraphic(kWhite, Rect{0, 28, 64, 4}, kCut, slowFade))
          .ok());
  ASSERT_TRUE(compositor.cue(Layer::Qr, 4, solidGraphic(kRed, Rect{40, 0, 8, 8})).ok());
  programme.show(0);
  ASSERT_TRUE(compositor.clear(Layer::Ticker, 5).ok());  // mid out-animation when the panic comes
  programme.show(1);
  programme.show(2);
  ASSERT_TRUE(compositor.clearAll(9).ok());
  EXPECT_EQ(programme.show(3),
            (std::vector{offAir(9, 1, Layer::LowerThird, 3), offAir(9, 2, Layer::Logo, 3),
                         offAir(9, 3, Layer::Ticker, 3)}));
  EXPECT_TRUE(programme.frame == solidFrame(kFormat, kBlack));
  EXPECT_FALSE(compositor.isAnythingVisible());
  for (Layer layer : core::kAllGraphicsLayers)
    EXPECT_EQ(compositor.phase(layer), LayerPhase::Empty);
  EXPECT_EQ(compositor.lastAppliedSeq(), 9);
  // The cue survives the panic.
  ASSERT_TRUE(compositor.take(Layer::Qr, 10).ok());
  EXPECT_EQ(programme.show(4), (std::vector{onAir(10, Layer::Qr, 4)}));
}

TEST(LayerCompositor, UpdateReplacesWhatIsOnAirWithoutAnimationOrEvents) {
  Programme programme;
  ASSERT_TRUE(programme.compositor.takeGraphic(Layer::Clock, 1, solidGraphic(kRed)).ok());
  programme.show(0);
  const GraphicPtr blue = solidGraphic(kBlue, kBox, AnimationSpec{AnimationKind::Fade, 500});
  ASSERT_TRUE(programme.compositor.update(Layer::Clock, 2, blue).ok());
  EXPECT_TRUE(programme.show(1).empty());
  EXPECT_EQ(programme.luma(), 32);
  EXPECT_EQ(programme.compositor.lastAppliedSeq(), 2);
  // The clock's take is still what is on air: clearing reports it.
  ASSERT_TRUE(programme.compositor.clear(Layer::Clock, 3).ok());
  EXPECT_EQ(programme.show(2), (std::vector{offAir(3, 1, Layer::Clock, 2)}));
}

TEST(LayerCompositor, UpdateWithNothingOnAirOnlyCues) {
  Programme programme;
  ASSERT_TRUE(programme.compositor.update(Layer::Ticker, 1, solidGraphic(kRed)).ok());
  EXPECT_TRUE(programme.show(0).empty());
  EXPECT_EQ(programme.luma(), 16);
  ASSERT_TRUE(programme.compositor.take(Layer::Ticker, 2).ok());
  EXPECT_EQ(programme.show(1), (std::vector{onAir(2, Layer::Ticker, 1)}));
  EXPECT_EQ(programme.luma(), 63);
}

TEST(LayerCompositor, RestorePutsTheGraphicOnAirWithACut) {
  Programme programme;
  const AnimationSpec fade{AnimationKind::Fade, 500};
  ASSERT_TRUE(
      programme.compositor.restore(Layer::LowerThird, 7, solidGraphic(kRed, kBox, fade)).ok());
  EXPECT_EQ(programme.show(0), (std::vector{onAir(7, Layer::LowerThird, 0)}));
  EXPECT_EQ(programme.luma(), 63);
  EXPECT_EQ(programme.compositor.phase(Layer::LowerThird), LayerPhase::OnAir);
}

TEST(LayerCompositor, TakeReplacesTheGraphicOnAirOnTheSameFrame) {
  Programme programme;
  ASSERT_TRUE(programme.compositor.takeGraphic(Layer::LowerThird, 1, solidGraphic(kRed)).ok());
  programme.show(0);
  const GraphicPtr blue = solidGraphic(kBlue, kBox, AnimationSpec{AnimationKind::Fade, 500});
  ASSERT_TRUE(programme.compositor.cue(Layer::LowerThird, 2, blue).ok());
  programme.show(1);
  EXPECT_EQ(programme.luma(), 63) << "cueing does not touch what is on air";
  ASSERT_TRUE(programme.compositor.take(Layer::LowerThird, 3).ok());
  EXPECT_EQ(programme.show(2),
            (std::vector{offAir(3, 1, Layer::LowerThird, 2), onAir(3, Layer::LowerThird, 2)}));
  EXPECT_EQ(programme.luma(), lumaAtOpacity(blue, 29)) << "no red under the fading blue";
}

TEST(LayerCompositor, TakeWithAGraphicLeavesTheCueAlone) {
  Programme programme;
  ASSERT_TRUE(programme.compositor.cue(Layer::Super, 1, solidGraphic(kBlue)).ok());
  ASSERT_TRUE(programme.compositor.takeGraphic(Layer::Super, 2, solidGraphic(kRed)).ok());
  programme.show(0);
  EXPECT_EQ(programme.luma(), 63);
  ASSERT_TRUE(programme.compositor.take(Layer::Super, 3).ok());
  programme.show(1);
  EXPECT_EQ(programme.luma(), 32);
}

TEST(LayerCompositor, LayersAreDrawnBottomToTopWhateverTheOrderOfTakes) {
  Programme programme;
  ASSERT_TRUE(programme.compositor.takeGraphic(Layer::Ticker, 1, solidGraphic(kBlue)).ok());
  ASSERT_TRUE(programme.compositor.takeGraphic(Layer::LowerThird, 2, solidGraphic(kRed)).ok());
  EXPECT_EQ(programme.show(0),
            (std::vector{onAir(2, Layer::LowerThird, 0), onAir(1, Layer::Ticker, 0)}));
  EXPECT_EQ(programme.luma(), 32);
}

TEST(LayerCompositor, TickerScrollsByRunningTimeSinceItsTake) {
  // Column c of the ticker's image has grey 6c; it moves left at 100 px/s = 2 px a frame.
  PremultipliedImage image = blankImage(40, 4);
  for (int x = 0; x < 40; ++x) {
    const auto grey = static_cast<std::uint8_t>(6 * x);
    for (int y = 0; y < 4; ++y)
      setPixel(image, x, y, Rgb{grey, grey, grey}, 255);
  }
  Graphic graphic;
  graphic.parts.push_back(GraphicPart{image, 0, 28, 64, 100.0});
  const auto ticker = std::make_shared<const PreparedGraphic>(prepareGraphic(graphic, kFormat));
  Programme programme;
  ASSERT_TRUE(programme.compositor.takeGraphic(Layer::Ticker, 1, ticker).ok());
  for (int k : {0, 1, 7, 25, 26}) {
    programme.show(10 + k);  // taken on frame 10
    for (int x : {0, 1, 39, 63}) {
      const int column = (2 * k + x) % 40;
      EXPECT_EQ(programme.frame.at(0, x, 29), ticker->parts[0].luma.value[column])
          << "frame " << k << " x " << x;
    }
  }
}

TEST(LayerCompositor, AGraphicTakenAndClearedBeforeAnyFrameLeavesNoTrace) {
  Programme programme;
  const AnimationSpec fade{AnimationKind::Fade, 500};
  ASSERT_TRUE(
      programme.compositor.takeGraphic(Layer::Logo, 1, solidGraphic(kRed, kBox, fade, fade)).ok());
  ASSERT_TRUE(programme.compositor.clear(Layer::Logo, 2).ok());
  ASSERT_TRUE(programme.compositor.takeGraphic(Layer::Qr, 3, solidGraphic(kRed)).ok());
  ASSERT_TRUE(programme.compositor.clearAll(4).ok());
  EXPECT_TRUE(programme.show(0).empty());
  EXPECT_EQ(programme.luma(), 16);
  EXPECT_FALSE(programme.compositor.isAnythingVisible());
}

TEST(LayerCompositor, ClearDuringAFadeInFadesOutFromWhereItGot) {
  Programme programme;
  const AnimationSpec fade{AnimationKind::Fade, 500};
  ASSERT_TRUE(
      programme.compositor.takeGraphic(Layer::LowerThird, 1, solidGraphic(kWhite, kBox, fade, fade))
          .ok());
  for (int k = 0; k < 8; ++k)
    programme.show(k);
  int previous = programme.luma();
  ASSERT_GT(previous, 100);
  ASSERT_TRUE(programme.compositor.clear(Layer::LowerThird, 2).ok());
  int frames = 0;
  for (int k = 8; programme.show(k).empty(); ++k) {
    EXPECT_LE(programme.luma(), previous) << k;
    previous = programme.luma();
    ++frames;
  }
  EXPECT_EQ(programme.luma(), 16);
  // Eight frames in, so about eight frames out rather than the full 25.
  EXPECT_GE(frames, 6);
  EXPECT_LE(frames, 9);
}

TEST(LayerCompositor, ClearingAnEmptyLayerChangesNothing) {
  Programme programme;
  EXPECT_TRUE(programme.compositor.clear(Layer::Super, 1).ok());
  EXPECT_TRUE(programme.compositor.clearAll(2).ok());
  EXPECT_TRUE(programme.show(0).empty());
  EXPECT_EQ(programme.compositor.lastAppliedSeq(), 2);
}

TEST(LayerCompositor, RejectsAMissingGraphicOneForAnotherFrameSizeOrAnUnknownLayer) {
  LayerCompositor compositor(kFormat);
  EXPECT_EQ(compositor.cue(Layer::Logo, 1, nullptr).error().code, "invalid_graphic");
  EXPECT_EQ(compositor.takeGraphic(Layer::Logo, 2, nullptr).error().code, "invalid_graphic");
  Graphic graphic;
  GraphicPart part;
  part.image = solidImage(4, 4, kRed, 255);
  graphic.parts.push_back(part);
  const auto hd = std::make_shared<const PreparedGraphic>(prepareGraphic(graphic, FrameFormat{}));
  const auto result = compositor.restore(Layer::Logo, 3, hd);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, "invalid_graphic");
  EXPECT_EQ(compositor.clear(static_cast<Layer>(42), 4).error().code, "invalid_layer");
  EXPECT_EQ(compositor.take(Layer::Logo, 5).error().code, "nothing_cued");
}

TEST(LayerCompositor, CommandsFromAnotherThreadWhileCompositingAreAppliedInOrder) {
  constexpr int kCommands = 5000;
  std::vector<GraphicPtr> graphics;
  const AnimationSpec shortFade{AnimationKind::Fade, 60};
  for (Rgb colour : {kRed, kBlue, kWhite}) {
    graphics.push_back(solidGraphic(colour, kBox, shortFade, shortFade));
  }
  LayerCompositor compositor(kFormat);
  std::atomic<bool> isDone{false};
  std::atomic<int> refused{0};
  std::atomic<int> framesDone{0};
  std::thread control([&] {
    std::mt19937 rng(99);
    for (int seq = 1; seq <= kCommands; ++seq) {
      const auto layer = static_cast<Layer>(1 + rng() % 6);
      const GraphicPtr& graphic = graphics[rng() % graphics.size()];
      core::Result<bool> result = true;
      switch (rng() % 20) {
        case 0:
          result = compositor.clearAll(seq);
          break;
        case 1:
          result = compositor.restore(layer, seq, graphic);
          break;
        case 2:
        case 3:
        case 4:
          result = compositor.cue(layer, seq, graphic);
          break;
        case 5:
        case 6:
        case 7:
        case 8:
          result = compositor.take(layer, seq);
          break;
        case 9:
        case 10:
        case 11:
          result = compositor.takeGraphic(layer, seq, graphic);
          break;
        case 12:
        case 13:
        case 14:
          result = compositor.update(layer, seq, graphic);
          break;
        default:
          result = compositor.clear(layer, seq);
          break;
      }
      if (!result.ok()) refused.fetch_add(1);
      (void)compositor.isAnythingVisible();
      (void)compositor.phase(layer);
      // Interleave with the frames: a new frame every 25 commands at least, however the
      // threads are scheduled.
      if (seq % 25 == 0) {
        const int seen = framesDone.load();
        while (framesDone.load() == seen)
          std::this_thread::yield();
      }
    }
    isDone.store(true);
  });
  I420Frame frame = solidFrame(kFormat, kBlack);
  std::vector<CompositorEvent> events;
  int k = 0;
  while (!isDone.load()) {
    compositor.composite(frame.view(), timeOf(k++), events);
    framesDone.fetch_add(1);
  }
  control.join();
  compositor.composite(frame.view(), timeOf(k++), events);
  EXPECT_EQ(compositor.lastAppliedSeq(), kCommands);
  EXPECT_GE(k, kCommands / 25);

  // Per layer, events alternate OnAir, OffAir, … and each OffAir names the take before it.
  std::map<Layer, CompositorEvent> onAirByLayer;
  std::int64_t lastTime = 0;
  int onAirCount = 0;
  for (const CompositorEvent& event : events) {
    EXPECT_GE(event.runningTimeNs, lastTime);
    lastTime = event.runningTimeNs;
    EXPECT_GE(event.seq, event.takeSeq);
    EXPECT_LE(event.seq, kCommands);
    if (event.kind == AsRunEvent::OnAir) {
      ++onAirCount;
      EXPECT_EQ(event.seq, event.takeSeq);
      EXPECT_FALSE(onAirByLayer.contains(event.layer)) << "two OnAir without an OffAir";
      onAirByLayer[event.layer] = event;
    } else {
      ASSERT_TRUE(onAirByLayer.contains(event.layer)) << "OffAir without OnAir";
      EXPECT_EQ(onAirByLayer[event.layer].takeSeq, event.takeSeq);
      onAirByLayer.erase(event.layer);
    }
  }
  EXPECT_GT(onAirCount, 50);
  EXPECT_GT(refused.load(), 0) << "some takes found nothing cued";
}

TEST(LayerCompositor, CompositingInSteadyStateNeitherAllocatesNorFrees) {
  const FrameFormat hd{};
  Graphic lowerThird;
  lowerThird.parts.push_back(GraphicPart{solidImage(1920, 216, kBlue, 200), 0, 832, 0, 0.0});
  lowerThird.animateIn = AnimationSpec{AnimationKind::SlideUp, 300};
  Graphic ticker;
  ticker.parts.push_back(GraphicPart{solidImage(3000, 64, kWhite, 180), 0, 1016, 1920, 120.0});
  auto prepare = [&](const Graphic& graphic) {
    return std::make_shared<const PreparedGraphic>(prepareGraphic(graphic, hd));
  };
  const GraphicPtr lower = prepare(lowerThird);
  const GraphicPtr tick = prepare(ticker);
  LayerCompositor compositor(hd);
  ASSERT_TRUE(compositor.takeGraphic(Layer::LowerThird, 1, lower).ok());
  ASSERT_TRUE(compositor.takeGraphic(Layer::Ticker, 2, tick).ok());
  I420Frame frame = solidFrame(hd, kBlack);
  std::vector<CompositorEvent> events;
  events.reserve(64);
  for (int k = 0; k < 20; ++k)
    compositor.composite(frame.view(), timeOf(k), events);
  long allocations = 0;
  long releases = 0;
  for (int k = 20; k < 120; ++k) {
    if (k % 10 == 0) {
      // A new ticker text each time; the compositor holds the only reference to the old one.
      ASSERT_TRUE(compositor.update(Layer::Ticker, k, prepare(ticker)).ok());
    }
    testing::CountAllocations counter;
    compositor.composite(frame.view(), timeOf(k), events);
    allocations += counter.count();
    releases += counter.releases();
  }
  EXPECT_EQ(allocations, 0);
  EXPECT_EQ(releases, 0) << "replaced graphics are freed by the next command's caller";
  EXPECT_TRUE(compositor.isAnythingVisible());
}

}  // namespace
}  // namespace sporazum::overlay

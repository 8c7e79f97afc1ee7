// Google Benchmark of the graphics stage's per-frame work on 1080p I420: blending a lower third
// (1920×216), a logo (240×120) and a ticker strip (1920×64 window into a 6000-pixel scrolling
// image), at full opacity and fading; preparing (converting) a lower third; and
// LayerCompositor::composite with those three layers on air. Two kinds of images: "typical"
// (transparent margins, opaque text and bars, a translucent box: what the renderer draws) and
// "dense" (every pixel partly transparent: nothing skipped or copied, the worst case).
// Usage: taskset -c 1 overlay_graphics_bench [benchmark flags]

#include <benchmark/benchmark.h>

#include <cstdint>
#include <memory>
#include <random>
#include <vector>

#include "sporazum/overlay/blend.hpp"
#include "sporazum/overlay/layer_compositor.hpp"
#include "sporazum/overlay/prepared_graphic.hpp"

namespace {

using namespace sporazum::overlay;

constexpr FrameFormat kFormat{1920, 1080, 50, 1};
constexpr std::int64_t kFrameNs = 20'000'000;

PremultipliedImage blankImage(int width, int height) {
  PremultipliedImage image;
  image.width = width;
  image.height = height;
  image.strideBytes = width * 4;
  image.pixels.assign(static_cast<std::size_t>(image.strideBytes) * height, 0);
  return image;
}

void setPixel(PremultipliedImage& image, int x, int y, Rgb colour, int alpha) {
  std::uint8_t* p = image.row(y) + 4 * x;
  p[0] = static_cast<std::uint8_t>(colour.b * alpha / 255);
  p[1] = static_cast<std::uint8_t>(colour.g * alpha / 255);
  p[2] = static_cast<std::uint8_t>(colour.r * alpha / 255);
  p[3] = static_cast<std::uint8_t>(alpha);
}

void fillRect(PremultipliedImage& image, int x0, int y0, int width, int height, Rgb colour,
              int alpha) {
  for (int y = y0; y < y0 + height && y < image.height; ++y) {
    for (int x = x0; x < x0 + width && x < image.width; ++x)
      setPixel(image, x, y, colour, alpha);
  }
}

/// Glyph-like opaque strokes with anti-aliased edges along a text line.
void drawText(PremultipliedImage& image, int x0, int y0, int width, int height, std::mt19937& rng) {
  std::uniform_int_distribution<int> glyphWidth(8, 22);
  std::uniform_int_distribution<int> edge(40, 220);
  int x = x0;
  while (x < x0 + width) {
    const int w = glyphWidth(rng);
    for (int y = y0; y < y0 + height; ++y) {
      for (int i = 0; i < w - 3 && x + i < image.width; ++i) {
        const bool isStroke = (i < 3) || (i > w - 7) || ((y - y0) % 14 < 3);
        if (!isStroke) continue;
        const bool isEdge = i == 0 || i == w - 4;
        setPixel(image, x + i, y, Rgb{255, 255, 255}, isEdge ? edge(rng) : 255);
      }
    }
    x += w + (rng() % 5 == 0 ? 14 : 0);  // word gaps
  }
}

PremultipliedImage typicalLowerThird(std::mt19937& rng) {
  PremultipliedImage image = blankImage(1920, 216);
  fillRect(image, 96, 0, 640, 48, Rgb{200, 30, 40}, 255);    // name tab
  fillRect(image, 96, 48, 1728, 168, Rgb{10, 20, 60}, 220);  // translucent box
  drawText(image, 120, 8, 560, 32, rng);                     // viewer's name
  drawText(image, 130, 70, 1660, 40, rng);                   // question, two lines
  drawText(image, 130, 130, 1200, 40, rng);
  return image;
}

PremultipliedImage denseImage(int width, int height, std::mt19937& rng) {
  PremultipliedImage image = blankImage(width, height);
  std::uniform_int_distribution<int> alpha(1, 254);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x)
      setPixel(image, x, y, Rgb{40, 90, 200}, alpha(rng));
  }
  return image;
}

PremultipliedImage typicalLogo() {
  PremultipliedImage image = blankImage(240, 120);
  for (int y = 0; y < 120; ++y) {
    for (int x = 0; x < 240; ++x) {
      const double dx = (x - 120) / 118.0;
      const double dy = (y - 60) / 58.0;
      const double r = dx * dx + dy * dy;
      if (r < 0.95)
        setPixel(image, x, y, Rgb{240, 240, 240}, 200);
      else if (r < 1.0)
        setPixel(image, x, y, Rgb{240, 240, 240}, 100);
    }
  }
  return image;
}

PremultipliedImage typicalTicker(std::mt19937& rng) {
  PremultipliedImage image = blankImage(6000, 64);
  fillRect(image, 0, 0, 6000, 64, Rgb{0, 0, 0}, 190);
  drawText(image, 20, 14, 5900, 36, rng);
  return image;
}

Graphic single(PremultipliedImage image, int x, int y, int viewWidth = 0, double speed = 0.0) {
  Graphic graphic;
  graphic.parts.push_back(GraphicPart{std::move(image), x, y, viewWidth, speed});
  return graphic;
}

struct Scene {
  PreparedGraphic lowerThird;
  PreparedGraphic logo;
  PreparedGraphic ticker;
};

Scene makeScene(bool isDense) {
  std::mt19937 rng(2024);
  Scene scene;
  scene.lowerThird = prepareGraphic(
      single(isDense ? denseImage(1920, 216, rng) : typicalLowerThird(rng), 0, 800), kFormat);
  scene.logo = prepareGraphic(single(isDense ? denseImage(240, 120, rng) : typicalLogo(), 1620, 60),
                              kFormat);
  scene.ticker = prepareGraphic(
      single(isDense ? denseImage(6000, 64, rng) : typicalTicker(rng), 0, 1016, 1920, 150.0),
      kFormat);
  return scene;
}

const Scene& scene(bool isDense) {
  static const Scene typical = makeScene(false);
  static const Scene dense = makeScene(true);
  return isDense ? dense : typical;
}

/// range(0): opacity; range(1): 1 for the dense images.
void BM_BlendLowerThirdLogoTicker(benchmark::State& state) {
  const Scene& s = scene(state.range(1) == 1);
  I420Frame frame = solidFrame(kFormat, Rgb{30, 90, 30});
  const I420View view = frame.view();
  const int opacity = static_cast<int>(state.range(0));
  std::int64_t scroll = 0;
  for (auto _ : state) {
    blendPart(view, s.lowerThird.parts[0], BlendParams{.opacity = opacity});
    blendPart(view, s.logo.parts[0], BlendParams{.opacity = opacity});
    blendPart(view, s.ticker.parts[0], BlendParams{.opacity = opacity, .scrollPixels = scroll});
    scroll += 3;
    benchmark::ClobberMemory();
  }
  state.SetLabel(state.range(1) == 1 ? "dense" : "typical");
}
BENCHMARK(BM_BlendLowerThirdLogoTicker)
    ->ArgNames({"opacity", "dense"})
    ->Args({255, 0})
    ->Args({128, 0})
    ->Args({255, 1})
    ->Args({128, 1})
    ->Unit(benchmark::kMicrosecond);

void BM_PrepareLowerThird(benchmark::State& state) {
  std::mt19937 rng(7);
  const Graphic graphic = single(typicalLowerThird(rng), 0, 800);
  for (auto _ : state) {
    PreparedGraphic prepared = prepareGraphic(graphic, kFormat);
    benchmark::DoNotOptimize(prepared.parts.data());
  }
}
BENCHMARK(BM_PrepareLowerThird)->Unit(benchmark::kMillisecond);

void BM_CompositorFrame(benchmark::State& state) {
  const Scene& s = scene(state.range(0) == 1);
  LayerCompositor compositor(kFormat);
  compositor.takeGraphic(Layer::LowerThird, 1,
                         std::make_shared<const PreparedGraphic>(s.lowerThird));
  compositor.takeGraphic(Layer::Logo, 2, std::make_shared<const PreparedGraphic>(s.logo));
  compositor.takeGraphic(Layer::Ticker, 3, std::make_shared<const PreparedGraphic>(s.ticker));
  I420Frame frame = solidFrame(kFormat, Rgb{30, 90, 30});
  std::vector<CompositorEvent> events;
  events.reserve(64);
  std::int64_t runningTimeNs = 0;
  for (auto _ : state) {
    compositor.composite(frame.view(), runningTimeNs, events);
    runningTimeNs += kFrameNs;
    events.clear();
    benchmark::ClobberMemory();
  }
  state.SetLabel(state.range(0) == 1 ? "dense" : "typical");
}
BENCHMARK(BM_CompositorFrame)->ArgName("dense")->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();

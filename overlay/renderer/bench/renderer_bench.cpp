// Google Benchmark of rendering each element from scratch at 1080p (layout, auto-fit, drawing).
// Rendering happens when content changes, on the render thread; these are per-change costs, not
// per-frame ones. Run: overlay_renderer_bench [--benchmark_repetitions=5]

#include <filesystem>

#include <benchmark/benchmark.h>

#include "sporazum/overlay/renderer.hpp"

namespace {

using sporazum::overlay::FrameFormat;
using sporazum::overlay::QuestionCard;
using sporazum::overlay::Renderer;

const std::filesystem::path kTemplates =
    std::filesystem::path(SPORAZUM_SOURCE_ROOT) / "assets" / "templates";

const char* const kLong =
    "Poštovani gosti, zanima me šta konkretno planirate da uradite sa nezaposlenošću mladih u "
    "severnim opštinama, jer većina mojih prijatelja već razmišlja o odlasku u inostranstvo, a "
    "ovde nema ni posla ni perspektive.";

Renderer& renderer(int height) {
  static auto full = Renderer::load(kTemplates, FrameFormat{1920, 1080, 50, 1});
  static auto small = Renderer::load(kTemplates, FrameFormat{1280, 720, 50, 1});
  return height == 720 ? **small : **full;
}

QuestionCard card(std::string text) {
  QuestionCard result;
  result.text = std::move(text);
  result.viewerName = "Milica";
  result.municipality = "mitrovica-north";
  result.nameConsent = true;
  result.language = "sr-Latn";
  return result;
}

void question(benchmark::State& state, const QuestionCard& input) {
  Renderer& r = renderer(static_cast<int>(state.range(0)));
  for (auto _ : state)
    benchmark::DoNotOptimize(r.question(input));
}

void BM_QuestionOneLine(benchmark::State& state) {
  question(state, card("Kada će biti popravljen put između Zvečana i Severne Mitrovice?"));
}
void BM_QuestionCyrillicTwoLines(benchmark::State& state) {
  QuestionCard input = card(
      "Зашто ђаци из Лепосавића и даље немају организован превоз до школе у Звечану, иако је "
      "то обећано прошле године?");
  input.language = "sr-Cyrl";
  question(state, input);
}
void BM_QuestionShrinksToThreeLines(benchmark::State& state) {
  question(state, card(kLong));
}
void BM_QuestionDoesNotFit(benchmark::State& state) {
  question(state, card(std::string(kLong) + " " + kLong));
}

void BM_GuestSuper(benchmark::State& state) {
  Renderer& r = renderer(1080);
  for (auto _ : state) {
    benchmark::DoNotOptimize(r.guestSuper({"Marko Petrović", "poslanik, Stranka za dijalog"}));
  }
}

void BM_Ticker(benchmark::State& state) {
  Renderer& r = renderer(1080);
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        r.ticker({"Sledeća emisija: četvrtak u 20 časova\n"
                  "Pitanja šaljite na sporazum.tv/pitanja"}));
  }
}

void BM_Qr(benchmark::State& state) {
  Renderer& r = renderer(1080);
  for (auto _ : state)
    benchmark::DoNotOptimize(r.qr({"https://sporazum.tv/pitanja", ""}));
}

void BM_Clock(benchmark::State& state) {
  Renderer& r = renderer(1080);
  for (auto _ : state)
    benchmark::DoNotOptimize(r.clock({"20:15"}));
}

void BM_Load(benchmark::State& state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(Renderer::load(kTemplates, FrameFormat{1920, 1080, 50, 1}));
  }
}

void BM_SlateFirstRender(benchmark::State& state) {
  for (auto _ : state) {
    state.PauseTiming();
    auto fresh = Renderer::load(kTemplates, FrameFormat{1920, 1080, 50, 1});
    state.ResumeTiming();
    benchmark::DoNotOptimize((*fresh)->slate());
  }
}

BENCHMARK(BM_QuestionOneLine)->Arg(1080)->Arg(720)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_QuestionCyrillicTwoLines)->Arg(1080)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_QuestionShrinksToThreeLines)->Arg(1080)->Arg(720)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_QuestionDoesNotFit)->Arg(1080)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_GuestSuper)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Ticker)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Qr)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Clock)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Load)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SlateFirstRender)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();

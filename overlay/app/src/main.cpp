// sporazum-overlay: parse options, build the engine, run until told to stop.

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>

#include "overlay_app.hpp"
#include "sporazum/core/log.hpp"

using namespace sporazum;

namespace {

// Local demo graphics for runs without a server: the same commands the server would send.
void cycleDemoGraphics(overlay::control::GraphicsDirector& director, std::int64_t& seq,
                       bool takeNow) {
  using core::GraphicsAction;
  using core::GraphicsLayer;
  if (takeNow) {
    core::GraphicContent question;
    question.questionId = 1;
    question.text =
        "Kada će biti popravljen put između Zvečana i Leposavića i ko je odgovoran za kašnjenje?";
    question.municipality = "Zvečan";
    question.language = "sr-Latn";
    director.apply({++seq, GraphicsAction::Take, GraphicsLayer::LowerThird, question});
    director.apply({++seq, GraphicsAction::Take, GraphicsLayer::Logo, core::GraphicContent{}});
    core::GraphicContent ticker;
    ticker.text =
        "Pitanja gostima šaljite sa telefona · Pyetjet dërgojini nga telefoni · Питања шаљите са "
        "телефона";
    director.apply({++seq, GraphicsAction::Take, GraphicsLayer::Ticker, ticker});
  } else {
    director.apply({++seq, GraphicsAction::Clear, GraphicsLayer::LowerThird, std::nullopt});
    director.apply({++seq, GraphicsAction::Clear, GraphicsLayer::Logo, std::nullopt});
    director.apply({++seq, GraphicsAction::Clear, GraphicsLayer::Ticker, std::nullopt});
  }
}

void writeStats(const std::string& path, const overlay::engine::EngineStats& stats,
                double seconds) {
  std::ofstream file(path);
  file << "{\"seconds\":" << seconds << ",\"framesOut\":" << stats.framesOut
       << ",\"droppedFrames\":" << stats.droppedFrames << ",\"slateFrames\":" << stats.slateFrames
       << ",\"repeatedFrames\":" << stats.repeatedFrames
       << ",\"previewDroppedFrames\":" << stats.previewDroppedFrames
       << ",\"outputFailures\":" << stats.outputFailures
       << ",\"outputLostFrames\":" << stats.outputLostFrames
       << ",\"previewFrames\":" << stats.previewFrames << ",\"previewMsPerPicture\":"
       << (stats.previewFrames > 0 ? static_cast<double>(stats.previewCpuNs) / 1e6 /
                                         static_cast<double>(stats.previewFrames)
                                   : 0.0)
       << ",\"graphicsMsPerFrame\":"
       << (stats.framesOut > 0 ? static_cast<double>(stats.graphicsCpuNs) / 1e6 /
                                     static_cast<double>(stats.framesOut)
                               : 0.0)
       << "}\n";
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> arguments(argv + 1, argv + argc);
  auto options = overlay::app::parseOverlayOptions(
      arguments, [](const char* name) { return std::getenv(name); });
  if (!options) {
    std::cerr << "sporazum-overlay: " << options.error().message << "\n\n"
              << overlay::app::overlayUsage();
    return 2;
  }
  if (options->showHelp) {
    std::cout << overlay::app::overlayUsage();
    return 0;
  }
  if (options->templatesDir.empty())
    options->templatesDir = std::string(SPORAZUM_SOURCE_ROOT) + "/assets/templates";
  const int durationSeconds = options->durationSeconds;
  const int demoCycleSeconds = options->demoCycleSeconds;
  const std::string statsFile = options->statsFile;

  // Signals are taken synchronously by this thread; every other thread inherits the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto app = overlay::app::OverlayApp::create(std::move(*options));
  if (!app) {
    std::cerr << "sporazum-overlay: " << app.error().message << "\n";
    return 1;
  }
  if (auto started = (*app)->start(); !started) {
    std::cerr << "sporazum-overlay: " << started.error().message << "\n";
    return 1;
  }
  log::info("overlay.started");
  const auto startedAt = std::chrono::steady_clock::now();
  std::int64_t demoSeq = 0;
  bool demoOnAir = false;
  int second = 0;
  while (durationSeconds == 0 || second < durationSeconds) {
    timespec oneSecond{1, 0};
    if (sigtimedwait(&signals, nullptr, &oneSecond) > 0) break;
    ++second;
    if (demoCycleSeconds > 0 && second % demoCycleSeconds == 0) {
      demoOnAir = !demoOnAir;
      cycleDemoGraphics((*app)->director(), demoSeq, demoOnAir);
    }
    if (second % 10 == 0) {
      const auto stats = (*app)->engine().stats();
      log::info("overlay.stats", {{"framesOut", stats.framesOut},
                                  {"dropped", stats.droppedFrames},
                                  {"slate", stats.slateFrames},
                                  {"input", overlay::engine::toString(stats.input)}});
    }
  }
  (*app)->stop();
  const auto stats = (*app)->engine().stats();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - startedAt).count();
  if (!statsFile.empty()) writeStats(statsFile, stats, seconds);
  log::info("overlay.stopped", {{"framesOut", stats.framesOut}, {"dropped", stats.droppedFrames}});
  return 0;
}

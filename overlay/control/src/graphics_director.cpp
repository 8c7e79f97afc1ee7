#include "sporazum/overlay/control/graphics_director.hpp"

#include <ctime>

#include "sporazum/core/log.hpp"

namespace sporazum::overlay::control {
namespace {

using core::GraphicsAction;
using core::GraphicsLayer;
using core::makeError;

std::int64_t nowUnixMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

std::string clockText(std::chrono::system_clock::time_point now) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  std::tm local{};
  localtime_r(&seconds, &local);
  char text[8];
  std::strftime(text, sizeof text, "%H:%M", &local);
  return text;
}

std::string isoTimeMs(std::int64_t unixMs) {
  const std::time_t seconds = static_cast<std::time_t>(unixMs / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
  char withMs[40];
  std::snprintf(withMs, sizeof withMs, "%s.%03dZ", text, static_cast<int>(unixMs % 1000));
  return withMs;
}

GraphicsDirector::GraphicsDirector(std::unique_ptr<Renderer> renderer, DirectorReports reports)
    : renderer_(std::move(renderer)),
      reports_(std::move(reports)),
      compositor_(renderer_->format()) {
  scratchEvents_.reserve(32);
  frameEvents_.reserve(64);
  thread_ = std::thread([this] { runRenderThread(); });
}

GraphicsDirector::~GraphicsDirector() {
  {
    std::lock_guard lock(workMutex_);
    stopping_ = true;
  }
  workChanged_.notify_all();
  thread_.join();
}

void GraphicsDirector::apply(core::GraphicsCommand command) {
  {
    std::lock_guard lock(workMutex_);
    work_.push_back(Work{std::move(command), std::nullopt});
  }
  workChanged_.notify_all();
}

void GraphicsDirector::restore(core::ProgrammeState state) {
  {
    std::lock_guard lock(workMutex_);
    work_.push_back(Work{std::nullopt, std::move(state)});
  }
  workChanged_.notify_all();
}

std::int64_t GraphicsDirector::lastSeq() {
  std::lock_guard lock(workMutex_);
  return lastSeq_;
}

void GraphicsDirector::waitUntilIdle() {
  std::unique_lock lock(workMutex_);
  workChanged_.wait(lock, [this] { return work_.empty() && !isBusy_; });
}

void GraphicsDirector::onFrame(I420View& frame, std::int64_t runningTimeNs,
                               const FillAndKey* graphicsOnly) {
  scratchEvents_.clear();
  compositor_.composite(frame, runningTimeNs, scratchEvents_, graphicsOnly);
  if (scratchEvents_.empty()) return;
  // The frame has left the stage: this is the moment the as-run record names.
  const std::int64_t wallMs = nowUnixMs();
  {
    std::lock_guard lock(eventMutex_);
    for (const auto& event : scratchEvents_)
      frameEvents_.push_back(FrameEvent{event, wallMs});
  }
  workChanged_.notify_all();
}

void GraphicsDirector::runRenderThread() {
  auto lastClockCheck = std::chrono::steady_clock::now();
  while (true) {
    std::optional<Work> next;
    {
      std::unique_lock lock(workMutex_);
      workChanged_.wait_for(lock, std::chrono::milliseconds(200), [this] {
        if (stopping_ || !work_.empty()) return true;
        std::lock_guard events(eventMutex_);
        return !frameEvents_.empty();
      });
      if (stopping_) return;
      if (!work_.empty()) {
        next = std::move(work_.front());
        work_.pop_front();
        isBusy_ = true;
      }
    }
    try {
      if (next && next->command) execute(*next->command);
      if (next && next->restore) executeRestore(*next->restore);
      reportEvents();
      if (std::chrono::steady_clock::now() - lastClockCheck >= std::chrono::milliseconds(500)) {
        lastClockCheck = std::chrono::steady_clock::now();
        tickClock();
      }
    } catch (const std::exception& error) {
      log::error("director.failed", {{"detail", std::string_view(error.what())}});
    }
    if (next) {
      {
        std::lock_guard lock(workMutex_);
        isBusy_ = false;
      }
      workChanged_.notify_all();
    }
  }
}

core::Result<GraphicPtr> GraphicsDirector::render(GraphicsLayer layer,
                                                  const core::GraphicContent& content) {
  Rendered rendered;
  switch (layer) {
    case GraphicsLayer::LowerThird:
      rendered = renderer_->question(QuestionCard{.questionId = content.questionId,
                                                  .text = content.text,
                                                  .viewerName = content.viewerName,
                                                  .municipality = content.municipality,
                                                  // The server sends a name only with consent.
                                                  .nameConsent = !content.viewerName.empty(),
                                                  .language = content.language});
      break;
    case GraphicsLayer::Super:
      rendered = renderer_->guestSuper(GuestSuperCard{content.name, content.role});
      break;
    case GraphicsLayer::Logo:
      rendered = renderer_->logo();
      break;
    case GraphicsLayer::Qr:
      rendered = renderer_->qr(QrCard{content.url, content.caption});
      break;
    case GraphicsLayer::Ticker:
      rendered = renderer_->ticker(TickerCard{content.text});
      break;
    case GraphicsLayer::Clock:
      clockText_ = clockText(std::chrono::system_clock::now());
      rendered = renderer_->clock(ClockCard{clockText_});
      break;
  }
  // Never cut silently: a graphic that does not fit, or lacks glyphs, does not go to air.
  if (!rendered.report.fits) {
    const std::string code =
        rendered.report.problem.empty() ? "does_not_fit" : rendered.report.problem;
    return makeError(code, rendered.report.detail.empty() ? code : rendered.report.detail);
  }
  return GraphicPtr(std::make_shared<const PreparedGraphic>(
      prepareGraphic(rendered.graphic, compositor_.format())));
}

void GraphicsDirector::fail(const core::GraphicsCommand& command, const core::Error& error) {
  log::warn("director.command_failed", {{"seq", command.seq},
                                        {"layer", core::toString(command.layer)},
                                        {"code", std::string_view(error.code)}});
  if (reports_.onError) {
    reports_.onError(
        core::EngineCommandError{command.seq, command.layer, error.code, error.message});
  }
}

void GraphicsDirector::execute(const core::GraphicsCommand& command) {
  {
    std::lock_guard lock(workMutex_);
    lastSeq_ = std::max(lastSeq_, command.seq);
  }
  const GraphicsLayer layer = command.layer;
  core::Result<bool> outcome = true;
  switch (command.action) {
    case GraphicsAction::Cue:
    case GraphicsAction::Update:
    case GraphicsAction::Take: {
      if (!command.graphic) {
        if (command.action != GraphicsAction::Take) {
          outcome = makeError("render_failed", "the command carries no graphic");
          break;
        }
        outcome = compositor_.take(layer, command.seq);
        if (outcome && cuedQuestion_.contains(layer))
          questionOfTake_[command.seq] = cuedQuestion_[layer];
        break;
      }
      auto prepared = render(layer, *command.graphic);
      if (!prepared) {
        outcome = prepared.error();
        break;
      }
      if (command.action == GraphicsAction::Cue) {
        outcome = compositor_.cue(layer, command.seq, *prepared);
        if (outcome) cuedQuestion_[layer] = command.graphic->questionId;
      } else if (command.action == GraphicsAction::Update) {
        outcome = compositor_.update(layer, command.seq, *prepared);
      } else {
        outcome = compositor_.takeGraphic(layer, command.seq, *prepared);
        if (outcome) questionOfTake_[command.seq] = command.graphic->questionId;
      }
      break;
    }
    case GraphicsAction::Clear:
      outcome = compositor_.clear(layer, command.seq);
      break;
    case GraphicsAction::ClearAll:
      outcome = compositor_.clearAll(command.seq);
      break;
  }
  if (!outcome) {
    fail(command, outcome.error());
    return;
  }
  if (layer == GraphicsLayer::Clock || command.action == GraphicsAction::ClearAll) {
    if (command.action == GraphicsAction::Take) isClockOnAir_ = true;
    if (command.action == GraphicsAction::Clear || command.action == GraphicsAction::ClearAll)
      isClockOnAir_ = false;
  }
}

void GraphicsDirector::executeRestore(const core::ProgrammeState& state) {
  {
    std::lock_guard lock(workMutex_);
    lastSeq_ = state.seq;
  }
  for (GraphicsLayer layer : core::kAllGraphicsLayers) {
    const core::LayerState* wanted = nullptr;
    for (const auto& candidate : state.layers) {
      if (candidate.layer == layer) wanted = &candidate;
    }
    if (wanted != nullptr && wanted->cued) {
      if (auto prepared = render(layer, *wanted->cued)) {
        (void)compositor_.cue(layer, state.seq, *prepared);
        cuedQuestion_[layer] = wanted->cued->questionId;
      }
    }
    if (wanted != nullptr && wanted->onAir) {
      auto prepared = render(layer, *wanted->onAir);
      if (!prepared) {
        fail(core::GraphicsCommand{wanted->onAirSeq, GraphicsAction::Take, layer, wanted->onAir},
             prepared.error());
        continue;
      }
      (void)compositor_.restore(layer, wanted->onAirSeq, *prepared);
      questionOfTake_[wanted->onAirSeq] = wanted->onAir->questionId;
      if (layer == GraphicsLayer::Clock) isClockOnAir_ = true;
    } else if (compositor_.phase(layer) != LayerPhase::Empty) {
      // On air here but not on the programme the server recorded (cleared while we were away).
      (void)compositor_.clear(layer, state.seq);
      if (layer == GraphicsLayer::Clock) isClockOnAir_ = false;
    }
  }
}

void GraphicsDirector::tickClock() {
  if (!isClockOnAir_) return;
  if (clockText(std::chrono::system_clock::now()) == clockText_) return;
  core::GraphicContent none;
  if (auto prepared = render(GraphicsLayer::Clock, none)) {
    (void)compositor_.update(GraphicsLayer::Clock, lastSeq(), *prepared);
  }
}

void GraphicsDirector::reportEvents() {
  std::vector<FrameEvent> events;
  {
    std::lock_guard lock(eventMutex_);
    events.swap(frameEvents_);
  }
  for (const auto& [event, wallMs] : events) {
    core::AsRunReport report;
    report.seq = event.seq;
    report.layer = event.layer;
    report.event = event.kind;
    report.runningTimeNs = event.runningTimeNs;
    report.wallTime = isoTimeMs(wallMs);
    if (event.layer == GraphicsLayer::LowerThird) {
      if (auto found = questionOfTake_.find(event.takeSeq); found != questionOfTake_.end()) {
        report.questionId = found->second;
      }
    }
    if (event.kind == core::AsRunEvent::OffAir) questionOfTake_.erase(event.takeSeq);
    if (reports_.onAsRun) reports_.onAsRun(report);
  }
}

}  // namespace sporazum::overlay::control

#include "sporazum/overlay/layer_compositor.hpp"

#include <cmath>
#include <string>
#include <utility>

#include "sporazum/overlay/animation.hpp"
#include "sporazum/overlay/blend.hpp"

namespace sporazum::overlay {
namespace {

// Enough for a burst of commands between two frames; beyond it the vectors grow (once).
constexpr std::size_t kReservedCommands = 64;

Layer layerAt(std::size_t index) {
  return static_cast<Layer>(static_cast<int>(index) + 1);
}

}  // namespace

LayerCompositor::LayerCompositor(FrameFormat format) : format_(format) {
  pending_.reserve(kReservedCommands);
  working_.reserve(kReservedCommands);
  retiredShared_.reserve(kReservedCommands);
  retiredLocal_.reserve(kReservedCommands);
  for (auto& phase : phases_)
    phase.store(LayerPhase::Empty, std::memory_order_relaxed);
}

std::size_t LayerCompositor::indexOf(Layer layer) {
  return static_cast<std::size_t>(static_cast<int>(layer) - 1);
}

LayerPhase LayerCompositor::phase(Layer layer) const {
  const std::size_t index = indexOf(layer);
  if (index >= kLayerCount) return LayerPhase::Empty;
  return phases_[index].load(std::memory_order_relaxed);
}

core::Result<bool> LayerCompositor::checkGraphic(const GraphicPtr& graphic) const {
  if (!graphic) return core::makeError("invalid_graphic", "no graphic");
  if (graphic->format.width != format_.width || graphic->format.height != format_.height) {
    return core::makeError("invalid_graphic", "graphic prepared for " +
                                                  std::to_string(graphic->format.width) + "x" +
                                                  std::to_string(graphic->format.height) +
                                                  ", frames are " + std::to_string(format_.width) +
                                                  "x" + std::to_string(format_.height));
  }
  return true;
}

core::Result<bool> LayerCompositor::cue(Layer layer, std::int64_t seq, GraphicPtr graphic) {
  if (auto checked = checkGraphic(graphic); !checked) return checked;
  return post(CommandKind::Cue, layer, seq, std::move(graphic));
}

core::Result<bool> LayerCompositor::take(Layer layer, std::int64_t seq) {
  return post(CommandKind::Take, layer, seq, nullptr);
}

core::Result<bool> LayerCompositor::takeGraphic(Layer layer, std::int64_t seq, GraphicPtr graphic) {
  if (auto checked = checkGraphic(graphic); !checked) return checked;
  return post(CommandKind::TakeGraphic, layer, seq, std::move(graphic));
}

core::Result<bool> LayerCompositor::update(Layer layer, std::int64_t seq, GraphicPtr graphic) {
  if (auto checked = checkGraphic(graphic); !checked) return checked;
  return post(CommandKind::Update, layer, seq, std::move(graphic));
}

core::Result<bool> LayerCompositor::clear(Layer layer, std::int64_t seq) {
  return post(CommandKind::Clear, layer, seq, nullptr);
}

core::Result<bool> LayerCompositor::clearAll(std::int64_t seq) {
  return post(CommandKind::ClearAll, Layer::LowerThird, seq, nullptr);
}

core::Result<bool> LayerCompositor::restore(Layer layer, std::int64_t seq, GraphicPtr graphic) {
  if (auto checked = checkGraphic(graphic); !checked) return checked;
  return post(CommandKind::Restore, layer, seq, std::move(graphic));
}

core::Result<bool> LayerCompositor::post(CommandKind kind, Layer layer, std::int64_t seq,
                                         GraphicPtr graphic) {
  const std::size_t index = indexOf(layer);
  if (index >= kLayerCount) return core::makeError("invalid_layer", "no such layer");
  // Graphics the streaming thread let go of are freed here, on the caller's thread, after unlock.
  std::vector<GraphicPtr> toFree;
  {
    std::lock_guard lock(mutex_);
    switch (kind) {
      case CommandKind::Cue:
        willBeCued_[index] = true;
        break;
      case CommandKind::Take:
        if (!willBeCued_[index]) return core::makeError("nothing_cued", "nothing is cued");
        willBeCued_[index] = false;
        willBeOnAir_[index] = true;
        break;
      case CommandKind::TakeGraphic:
      case CommandKind::Restore:
        willBeOnAir_[index] = true;
        break;
      case CommandKind::Update:
        if (!willBeOnAir_[index]) willBeCued_[index] = true;
        break;
      case CommandKind::Clear:
        willBeOnAir_[index] = false;
        break;
      case CommandKind::ClearAll:
        willBeOnAir_.fill(false);
        break;
    }
    pending_.push_back(Command{kind, layer, seq, std::move(graphic)});
    if (!retiredShared_.empty()) {
      toFree.reserve(retiredShared_.size());
      for (GraphicPtr& retired : retiredShared_)
        toFree.push_back(std::move(retired));
      retiredShared_.clear();
    }
  }
  return true;
}

void LayerCompositor::retire(GraphicPtr graphic) {
  if (graphic) retiredLocal_.push_back(std::move(graphic));
}

void LayerCompositor::takeOff(Slot& slot, Layer layer, std::int64_t seq, std::int64_t nowNs,
                              std::vector<CompositorEvent>& events) {
  if (slot.isCarried) {
    events.push_back(CompositorEvent{seq, slot.takeSeq, layer, core::AsRunEvent::OffAir, nowNs});
  }
  retire(std::move(slot.current));
  slot.current = nullptr;
  slot.phase = LayerPhase::Empty;
  slot.isCarried = false;
}

void LayerCompositor::putOnAir(Slot& slot, Layer layer, GraphicPtr graphic, std::int64_t seq,
                               bool animated, std::int64_t nowNs,
                               std::vector<CompositorEvent>& events) {
  if (!graphic) return;
  if (slot.current) takeOff(slot, layer, seq, nowNs, events);
  slot.current = std::move(graphic);
  slot.phase = animated ? LayerPhase::AnimatingIn : LayerPhase::OnAir;
  slot.animationStartNs = nowNs;
  slot.scrollOriginNs = nowNs;
  slot.takeSeq = seq;
  slot.inProgress = 0.0;
  slot.isCarried = false;
}

void LayerCompositor::apply(Command& command, std::int64_t nowNs,
                            std::vector<CompositorEvent>& events) {
  Slot& slot = slots_[indexOf(command.layer)];
  switch (command.kind) {
    case CommandKind::Cue:
      retire(std::move(slot.cued));
      slot.cued = std::move(command.graphic);
      break;
    case CommandKind::Take: {
      GraphicPtr cued = std::move(slot.cued);
      slot.cued = nullptr;
      putOnAir(slot, command.layer, std::move(cued), command.seq, true, nowNs, events);
      break;
    }
    case CommandKind::TakeGraphic:
    case CommandKind::Restore:
      putOnAir(slot, command.layer, std::move(command.graphic), command.seq,
               command.kind == CommandKind::TakeGraphic, nowNs, events);
      break;
    case CommandKind::Update:
      if (slot.current && slot.phase != LayerPhase::AnimatingOut) {
        retire(std::move(slot.current));
        slot.current = std::move(command.graphic);
      } else {
        retire(std::move(slot.cued));
        slot.cued = std::move(command.graphic);
      }
      break;
    case CommandKind::Clear:
      if (slot.current && slot.phase != LayerPhase::AnimatingOut) {
        // Cut short, an in-animation hands over to the out-animation at the matching point
        // (its remaining share), so nothing jumps back to full before leaving.
        std::int64_t headStartNs = 0;
        if (slot.phase == LayerPhase::AnimatingIn) {
          const double outNs = static_cast<double>(slot.current->animateOut.durationMs) * 1e6;
          headStartNs = std::llround((1.0 - slot.inProgress) * outNs);
        }
        slot.phase = LayerPhase::AnimatingOut;
        slot.animationStartNs = nowNs - headStartNs;
        slot.clearSeq = command.seq;
      }
      break;
    case CommandKind::ClearAll:
      for (std::size_t i = 0; i < kLayerCount; ++i) {
        if (slots_[i].current) takeOff(slots_[i], layerAt(i), command.seq, nowNs, events);
      }
      break;
  }
  retire(std::move(command.graphic));
}

void LayerCompositor::composite(const I420View& frame, std::int64_t runningTimeNs,
                                std::vector<CompositorEvent>& events,
                                const FillAndKey* graphicsOnly) {
  {
    std::lock_guard lock(mutex_);
    working_.swap(pending_);
    if (!retiredLocal_.empty() &&
        retiredShared_.capacity() - retiredShared_.size() >= retiredLocal_.size()) {
      for (GraphicPtr& retired : retiredLocal_)
        retiredShared_.push_back(std::move(retired));
      retiredLocal_.clear();
    }
  }
  if (!working_.empty()) {
    for (Command& command : working_)
      apply(command, runningTimeNs, events);
    lastAppliedSeq_.store(working_.back().seq, std::memory_order_relaxed);
    working_.clear();
  }

  bool isAnythingOn = false;
  for (std::size_t i = 0; i < kLayerCount; ++i) {
    Slot& slot = slots_[i];
    const Layer layer = layerAt(i);
    if (!slot.current) {
      phases_[i].store(LayerPhase::Empty, std::memory_order_relaxed);
      continue;
    }
    const PreparedGraphic& graphic = *slot.current;
    const std::int64_t elapsedNs = runningTimeNs - slot.animationStartNs;
    AnimationState state;
    if (slot.phase == LayerPhase::AnimatingIn) {
      state = animationStateAt(graphic.animateIn, AnimationDirection::In, elapsedNs, graphic.bounds,
                               format_);
      slot.inProgress = state.progress;
      if (state.isFinished) slot.phase = LayerPhase::OnAir;
    } else if (slot.phase == LayerPhase::AnimatingOut) {
      state = animationStateAt(graphic.animateOut, AnimationDirection::Out, elapsedNs,
                               graphic.bounds, format_);
      if (state.isFinished) {
        takeOff(slot, layer, slot.clearSeq, runningTimeNs, events);
        phases_[i].store(LayerPhase::Empty, std::memory_order_relaxed);
        continue;
      }
    }

    const double scrolledNs =
        static_cast<double>(std::max<std::int64_t>(runningTimeNs - slot.scrollOriginNs, 0));
    for (const PreparedPart& part : graphic.parts) {
      BlendParams params{state.dx, state.dy, state.clip, state.opacity, 0};
      if (part.isScrolling()) {
        params.scrollPixels =
            static_cast<std::int64_t>(std::floor(part.scrollPixelsPerSecond * scrolledNs / 1e9));
      }
      blendPart(frame, part, params);
      if (graphicsOnly != nullptr) {
        blendPart(graphicsOnly->fill, part, params);
        blendPartKey(graphicsOnly->key, part, params);
      }
    }
    if (!slot.isCarried) {
      events.push_back(CompositorEvent{slot.takeSeq, slot.takeSeq, layer, core::AsRunEvent::OnAir,
                                       runningTimeNs});
      slot.isCarried = true;
    }
    isAnythingOn = true;
    phases_[i].store(slot.phase, std::memory_order_relaxed);
  }
  anythingVisible_.store(isAnythingOn, std::memory_order_relaxed);
}

}  // namespace sporazum::overlay

#pragma once
// The per-frame engine of the graphics stage: layers of prepared graphics, commands from a
// control thread, animation from frame timestamps, and the as-run events of what each frame
// carries. Pure: the caller (the GStreamer engine) maps the frame and reports the events.

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "sporazum/core/graphics.hpp"
#include "sporazum/core/result.hpp"
#include "sporazum/overlay/i420.hpp"
#include "sporazum/overlay/prepared_graphic.hpp"

namespace sporazum::overlay {

/// Bottom to top: LowerThird, Super, Logo, Qr, Ticker, Clock.
using Layer = core::GraphicsLayer;
using GraphicPtr = std::shared_ptr<const PreparedGraphic>;

/// What a layer is doing, as of the last composited frame.
enum class LayerPhase { Empty = 1, AnimatingIn, OnAir, AnimatingOut };

/// OnAir: this frame is the first to carry the graphic. OffAir: this frame is the first without it
/// (its out-animation ended, or clear-all, or a take replaced it). A graphic that never reached a
/// frame (taken and cleared before the next frame) has neither.
struct CompositorEvent {
  std::int64_t seq = 0;      ///< the command that caused it (take, clear, clear-all, …)
  std::int64_t takeSeq = 0;  ///< the take or restore that put this graphic on air
  Layer layer = Layer::LowerThird;
  core::AsRunEvent kind = core::AsRunEvent::OnAir;
  std::int64_t runningTimeNs = 0;  ///< the frame's running time

  friend bool operator==(const CompositorEvent&, const CompositorEvent&) = default;
};

/// Commands may be called from any thread (they take a short lock and queue); they are applied
/// in order on the next composite(), whose running time starts their animations. Errors are
/// values: nothing_cued, invalid_graphic (null, or prepared for another frame size).
/// composite() is for one streaming thread; it holds the lock only to swap the queue, never
/// converts or allocates in steady state, and never frees a graphic (dropped graphics are handed
/// back to the next command call, which frees them on the control thread).
class LayerCompositor {
 public:
  explicit LayerCompositor(FrameFormat format);
  LayerCompositor(const LayerCompositor&) = delete;
  LayerCompositor& operator=(const LayerCompositor&) = delete;

  /// Prepares `graphic` on `layer` without showing it (replaces an earlier cue).
  core::Result<bool> cue(Layer layer, std::int64_t seq, GraphicPtr graphic);
  /// Animates the cued graphic in, replacing what is on air at once; nothing_cued if none.
  core::Result<bool> take(Layer layer, std::int64_t seq);
  /// cue + take in one.
  core::Result<bool> takeGraphic(Layer layer, std::int64_t seq, GraphicPtr graphic);
  /// Replaces what is on air without animating (ticker text, clock tick), keeping its animation
  /// and scroll timing; cues it if nothing is on air (or it is animating out).
  core::Result<bool> update(Layer layer, std::int64_t seq, GraphicPtr graphic);
  /// Animates what is on air out (from where its in-animation got to); no-op if nothing is.
  core::Result<bool> clear(Layer layer, std::int64_t seq);
  /// Panic: every layer empty on the next frame, no animation. Cued graphics stay cued.
  core::Result<bool> clearAll(std::int64_t seq);
  /// Puts `graphic` on air with a cut (after an engine restart).
  core::Result<bool> restore(Layer layer, std::int64_t seq, GraphicPtr graphic);

  /// Streaming thread, once per frame in running-time order: applies queued commands, draws the
  /// layers bottom to top onto `frame` and appends this frame's events to `events`. With
  /// `graphicsOnly`, the same graphics at the same animation state are drawn into its fill and key
  /// too (the caller clears them to black first).
  void composite(const I420View& frame, std::int64_t runningTimeNs,
                 std::vector<CompositorEvent>& events, const FillAndKey* graphicsOnly = nullptr);

  /// Any thread; as of the last composite().
  bool isAnythingVisible() const { return anythingVisible_.load(std::memory_order_relaxed); }
  LayerPhase phase(Layer layer) const;
  std::int64_t lastAppliedSeq() const { return lastAppliedSeq_.load(std::memory_order_relaxed); }
  const FrameFormat& format() const { return format_; }

 private:
  enum class CommandKind { Cue = 1, Take, TakeGraphic, Update, Clear, ClearAll, Restore };
  struct Command {
    CommandKind kind = CommandKind::Cue;
    Layer layer = Layer::LowerThird;
    std::int64_t seq = 0;
    GraphicPtr graphic;
  };
  struct Slot {
    GraphicPtr cued;
    GraphicPtr current;
    LayerPhase phase = LayerPhase::Empty;
    std::int64_t animationStartNs = 0;
    std::int64_t scrollOriginNs = 0;
    std::int64_t takeSeq = 0;
    std::int64_t clearSeq = 0;
    double inProgress = 0.0;  ///< linear progress of the in-animation on the last frame
    bool isCarried = false;   ///< an OnAir event has been emitted for `current`
  };
  static constexpr std::size_t kLayerCount = 6;

  core::Result<bool> post(CommandKind kind, Layer layer, std::int64_t seq, GraphicPtr graphic);
  core::Result<bool> checkGraphic(const GraphicPtr& graphic) const;
  void apply(Command& command, std::int64_t nowNs, std::vector<CompositorEvent>& events);
  void putOnAir(Slot& slot, Layer layer, GraphicPtr graphic, std::int64_t seq, bool animated,
                std::int64_t nowNs, std::vector<CompositorEvent>& events);
  void takeOff(Slot& slot, Layer layer, std::int64_t seq, std::int64_t nowNs,
               std::vector<CompositorEvent>& events);
  void retire(GraphicPtr graphic);
  static std::size_t indexOf(Layer layer);

  const FrameFormat format_;

  // Shared between the control threads and the streaming thread, under mutex_.
  std::mutex mutex_;
  std::vector<Command> pending_;
  std::vector<GraphicPtr> retiredShared_;
  // What the queued commands will have done, so take can fail at once when nothing is cued.
  std::array<bool, kLayerCount> willBeCued_{};
  std::array<bool, kLayerCount> willBeOnAir_{};

  // Streaming thread only.
  std::vector<Command> working_;
  std::vector<GraphicPtr> retiredLocal_;
  std::array<Slot, kLayerCount> slots_;

  // Published by the streaming thread for health queries.
  std::array<std::atomic<LayerPhase>, kLayerCount> phases_;
  std::atomic<bool> anythingVisible_{false};
  std::atomic<std::int64_t> lastAppliedSeq_{0};
};

}  // namespace sporazum::overlay

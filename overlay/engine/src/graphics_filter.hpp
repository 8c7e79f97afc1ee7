#pragma once
// `sporazumgraphics`: the engine's graphics stage as a GStreamer element. An in-place video filter
// on I420 frames that hands each frame, with its running time, to a FrameStage: the per-frame work
// is blending images prepared elsewhere, never rendering.

#include <gst/gst.h>

#include "sporazum/overlay/engine/frame_stage.hpp"

namespace sporazum::overlay::engine {

/// Registers the element with this process's GStreamer (idempotent; called by ensureGstreamer).
void registerGraphicsFilter();

/// Points a `sporazumgraphics` element at the stage it runs; nullptr makes it pass frames
/// through. The stage must outlive the element's streaming, or be reset to nullptr first.
void setFrameStage(GstElement* graphicsFilter, FrameStage* stage);

}  // namespace sporazum::overlay::engine

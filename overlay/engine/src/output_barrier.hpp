#pragma once
// `sporazumbarrier`: the wall between the programme and one output. It passes buffers and events
// through, but a failed destination (an RTMP server that refuses, an SRT peer that went away, a
// full disk) returns an error flow that would otherwise travel up the shared tees and stop the
// programme for every output. The barrier swallows it (and the flushing of a restart) and counts
// what it swallowed; the engine learns of the failure from the bus and restarts the output.

#include <gst/gst.h>

#include <cstdint>

namespace sporazum::overlay::engine {

/// Registers the element with this process's GStreamer (idempotent; called by ensureGstreamer).
void registerOutputBarrier();

/// Buffers the barrier has swallowed since it was made (the output lost them).
std::int64_t barrierSwallowedBuffers(GstElement* barrier);

}  // namespace sporazum::overlay::engine

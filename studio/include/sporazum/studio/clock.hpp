#pragma once
// Time is injected, so tests step it instead of sleeping (STYLE.md, "Tests").

#include <cstdint>
#include <functional>

namespace sporazum::studio {

/// Milliseconds from some fixed point; only differences between two readings mean anything.
using Clock = std::function<std::int64_t()>;

/// A steady clock: never jumps with the wall clock (for debouncing and timeouts).
Clock steadyClock();
/// Milliseconds since the Unix epoch (to compare with times the server reports).
Clock wallClock();

}  // namespace sporazum::studio

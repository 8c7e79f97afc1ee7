#include "sporazum/studio/clock.hpp"

#include <chrono>

namespace sporazum::studio {

Clock steadyClock() {
  return [] {
    return static_cast<std::int64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                         std::chrono::steady_clock::now().time_since_epoch())
                                         .count());
  };
}

Clock wallClock() {
  return [] {
    return static_cast<std::int64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                         std::chrono::system_clock::now().time_since_epoch())
                                         .count());
  };
}

}  // namespace sporazum::studio

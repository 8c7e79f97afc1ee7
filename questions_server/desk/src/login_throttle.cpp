#include "sporazum/desk/login_throttle.hpp"

#include <algorithm>

namespace sporazum::desk {

std::chrono::milliseconds LoginThrottle::waitFor(const std::string& key,
                                                 core::SteadyTime now) const {
  auto it = failures_.find(key);
  if (it == failures_.end() || it->second.blockedUntil <= now) return std::chrono::milliseconds(0);
  return std::chrono::ceil<std::chrono::milliseconds>(it->second.blockedUntil - now);
}

void LoginThrottle::recordFailure(const std::string& key, core::SteadyTime now) {
  auto& entry = failures_[key];
  ++entry.count;
  entry.last = now;
  const int excess = entry.count - rule_.freeFailures;
  if (excess <= 0) return;
  // Doubling from firstWait; the shift is bounded so it cannot overflow before the cap applies.
  const auto wait = rule_.firstWait * (std::int64_t{1} << std::min(excess - 1, 30));
  entry.blockedUntil = now + std::min<std::chrono::milliseconds>(wait, rule_.maxWait);
}

void LoginThrottle::forgetOld(core::SteadyTime now) {
  std::erase_if(failures_, [&](const auto& item) {
    return item.second.last + rule_.memory < now && item.second.blockedUntil <= now;
  });
}

}  // namespace sporazum::desk

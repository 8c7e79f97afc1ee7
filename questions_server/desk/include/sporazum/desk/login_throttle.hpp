#pragma once
// Back-off for failed logins, per key (a username, an address): a few failures are free, then each
// further one doubles the wait, up to a cap. Owned by one thread.

#include <chrono>
#include <cstdint>
#include <string>
#include <unordered_map>

#include "sporazum/core/rate_limiter.hpp"

namespace sporazum::desk {

struct ThrottleRule {
  int freeFailures = 5;
  std::chrono::milliseconds firstWait{1000};
  std::chrono::milliseconds maxWait{15 * 60 * 1000};
  /// Failures older than this are forgotten.
  std::chrono::milliseconds memory{60 * 60 * 1000};
};

class LoginThrottle {
 public:
  explicit LoginThrottle(ThrottleRule rule) : rule_(rule) {}

  /// How long `key` must still wait before its next attempt; zero when it may try now.
  std::chrono::milliseconds waitFor(const std::string& key, core::SteadyTime now) const;
  void recordFailure(const std::string& key, core::SteadyTime now);
  void recordSuccess(const std::string& key) { failures_.erase(key); }
  /// Drops keys whose last failure is older than the rule's memory.
  void forgetOld(core::SteadyTime now);
  std::size_t size() const { return failures_.size(); }

 private:
  struct Failures {
    int count = 0;
    core::SteadyTime last{};
    core::SteadyTime blockedUntil{};
  };
  ThrottleRule rule_;
  std::unordered_map<std::string, Failures> failures_;
};

}  // namespace sporazum::desk

#pragma once
// Token buckets for per-connection and per-address submission limits. Time is passed in, so tests
// drive it; no clock is read here.

#include <chrono>
#include <cstdint>

namespace sporazum::core {

using SteadyTime = std::chrono::steady_clock::time_point;

struct RateLimit {
  double burst = 5;      ///< submissions allowed at once
  double perMinute = 6;  ///< steady refill rate
};

/// A token bucket. The limit is passed on each call so that a million buckets share one.
class TokenBucket {
 public:
  TokenBucket() = default;
  /// Takes one token if there is one. Otherwise returns false and sets retryAfterMs to when one
  /// will be there.
  bool tryTake(const RateLimit& limit, SteadyTime now, std::int64_t& retryAfterMs);
  /// True when the bucket is full again and can be forgotten.
  bool isFull(const RateLimit& limit, SteadyTime now) const;

 private:
  double tokens_ = 0;
  SteadyTime updated_{};
  bool isUsed_ = false;  ///< an unused bucket counts as full
};

}  // namespace sporazum::core

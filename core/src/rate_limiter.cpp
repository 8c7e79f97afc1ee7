#include "sporazum/core/rate_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace sporazum::core {
namespace {

// Refills are computed in floating point; this absorbs rounding so a token due at t is there at t.
constexpr double kEpsilon = 1e-9;

double refilled(double tokens, const RateLimit& limit, SteadyTime from, SteadyTime now) {
  const double minutes = std::chrono::duration<double, std::ratio<60>>(now - from).count();
  return std::min(limit.burst, tokens + std::max(0.0, minutes) * limit.perMinute);
}

}  // namespace

bool TokenBucket::tryTake(const RateLimit& limit, SteadyTime now, std::int64_t& retryAfterMs) {
  tokens_ = isUsed_ ? refilled(tokens_, limit, updated_, now) : limit.burst;
  isUsed_ = true;
  updated_ = now;
  if (tokens_ >= 1.0 - kEpsilon) {
    tokens_ -= 1.0;
    return true;
  }
  const double missingMs = (1.0 - tokens_) / limit.perMinute * 60000.0;
  retryAfterMs = static_cast<std::int64_t>(std::ceil(missingMs - kEpsilon));
  return false;
}

bool TokenBucket::isFull(const RateLimit& limit, SteadyTime now) const {
  return !isUsed_ || refilled(tokens_, limit, updated_, now) >= limit.burst;
}

}  // namespace sporazum::core

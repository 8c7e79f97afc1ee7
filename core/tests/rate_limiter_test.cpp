#include <gtest/gtest.h>

#include "sporazum/core/rate_limiter.hpp"

namespace sporazum::core {
namespace {

using namespace std::chrono_literals;

TEST(TokenBucket, AllowsTheBurstThenSaysWhenToRetry) {
  const RateLimit limit{.burst = 3, .perMinute = 6};
  TokenBucket bucket;
  const SteadyTime start{};
  std::int64_t retryAfterMs = 0;
  for (int i = 0; i < 3; ++i)
    EXPECT_TRUE(bucket.tryTake(limit, start, retryAfterMs));
  EXPECT_FALSE(bucket.tryTake(limit, start, retryAfterMs));
  EXPECT_EQ(retryAfterMs, 10000);  // 6 a minute: one token every 10 s
  EXPECT_FALSE(bucket.tryTake(limit, start + 9s, retryAfterMs));
  EXPECT_TRUE(bucket.tryTake(limit, start + 10s, retryAfterMs));
}

TEST(TokenBucket, RefillsNoHigherThanTheBurst) {
  const RateLimit limit{.burst = 2, .perMinute = 60};
  TokenBucket bucket;
  const SteadyTime start{};
  std::int64_t retryAfterMs = 0;
  EXPECT_TRUE(bucket.isFull(limit, start));
  EXPECT_TRUE(bucket.tryTake(limit, start, retryAfterMs));
  EXPECT_FALSE(bucket.isFull(limit, start));
  EXPECT_TRUE(bucket.isFull(limit, start + 1h));
  EXPECT_TRUE(bucket.tryTake(limit, start + 1h, retryAfterMs));
  EXPECT_TRUE(bucket.tryTake(limit, start + 1h, retryAfterMs));
  EXPECT_FALSE(bucket.tryTake(limit, start + 1h, retryAfterMs));
}

}  // namespace
}  // namespace sporazum::core

#pragma once
// /healthz and /metrics bodies, from the hub's and the store's counters. Pure formatting.

#include <cstdint>
#include <string>

#include "sporazum/core/question.hpp"
#include "sporazum/hub/viewer_hub.hpp"

namespace sporazum::app {

/// What the store reports, copied out of its atomics.
struct StoreFigures {
  std::uint64_t commits = 0;
  std::uint64_t committedRows = 0;
  std::uint64_t failedCommits = 0;
  std::uint64_t reconnects = 0;
  std::vector<double> batchSizeBounds;             ///< upper bounds, +Inf implicit
  std::vector<std::uint64_t> batchSizeCumulative;  ///< per bound, then the total
  double batchSizeSum = 0;
};

struct HealthPage {
  int status = 200;
  std::string body;
};

HealthPage renderHealth(const core::Health& health, const core::EpisodeStatus& episode,
                        std::size_t connections);

std::string renderMetrics(const hub::HubMetrics& hub, const StoreFigures& store,
                          const core::Health& health, std::uint64_t residentBytes);

}  // namespace sporazum::app

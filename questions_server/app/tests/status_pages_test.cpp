#include <gtest/gtest.h>

#include "status_pages.hpp"

namespace sporazum::app {
namespace {

TEST(StatusPages, HealthIsOkOnlyWhenTheDatabaseAnswers) {
  auto ok = renderHealth({true, ""}, {3, "S", true}, 12);
  EXPECT_EQ(ok.status, 200);
  EXPECT_NE(ok.body.find("\"status\":\"ok\""), std::string::npos);
  EXPECT_NE(ok.body.find("\"connections\":12"), std::string::npos);
  auto down = renderHealth({false, "connection refused"}, {3, "S", true}, 0);
  EXPECT_EQ(down.status, 503);
  EXPECT_NE(down.body.find("connection refused"), std::string::npos);
}

TEST(StatusPages, MetricsNameEveryFamilyTheIssueAsksFor) {
  hub::HubMetrics hub;
  hub.rejections["rate_limited"].add(2);
  hub.ackLatencyMs.observe(3);
  StoreFigures store;
  store.batchSizeBounds = {1, 2};
  store.batchSizeCumulative = {0, 1, 1};
  auto text = renderMetrics(hub, store, {true, ""}, 4096);
  for (const char* family :
       {"sporazum_viewer_connections ", "sporazum_submissions_total ", "sporazum_acks_total ",
        "sporazum_rejections_total{reason=\"rate_limited\"} 2", "sporazum_ack_latency_ms_bucket",
        "sporazum_commit_batch_size_bucket{le=\"2\"} 1", "process_resident_memory_bytes 4096"}) {
    EXPECT_NE(text.find(family), std::string::npos) << family;
  }
}

}  // namespace
}  // namespace sporazum::app

#include <gtest/gtest.h>

#include "sporazum/core/metrics.hpp"

namespace sporazum::core {
namespace {

TEST(Metrics, HistogramCountsCumulativelyWithAnInfBucket) {
  Histogram histogram({1, 5, 10});
  for (double v : {0.5, 1.0, 3.0, 7.0, 100.0})
    histogram.observe(v);
  EXPECT_EQ(histogram.cumulativeCounts(), (std::vector<std::uint64_t>{2, 3, 4, 5}));
  EXPECT_DOUBLE_EQ(histogram.sum(), 111.5);
}

TEST(Metrics, RendersThePrometheusTextFormat) {
  Histogram histogram({1, 5});
  histogram.observe(2);
  PrometheusText text;
  text.counter("sporazum_acks_total", "Acks sent.", 7);
  text.labelledCounters("sporazum_rejections_total", "Refused submissions.", "reason",
                        {{"empty_text", 2}, {"rate_limited", 1}});
  text.histogram("sporazum_ack_latency_ms", "Latency.", histogram);
  EXPECT_EQ(text.text(),
            "# HELP sporazum_acks_total Acks sent.\n"
            "# TYPE sporazum_acks_total counter\n"
            "sporazum_acks_total 7\n"
            "# HELP sporazum_rejections_total Refused submissions.\n"
            "# TYPE sporazum_rejections_total counter\n"
            "sporazum_rejections_total{reason=\"empty_text\"} 2\n"
            "sporazum_rejections_total{reason=\"rate_limited\"} 1\n"
            "# HELP sporazum_ack_latency_ms Latency.\n"
            "# TYPE sporazum_ack_latency_ms histogram\n"
            "sporazum_ack_latency_ms_bucket{le=\"1\"} 0\n"
            "sporazum_ack_latency_ms_bucket{le=\"5\"} 1\n"
            "sporazum_ack_latency_ms_bucket{le=\"+Inf\"} 1\n"
            "sporazum_ack_latency_ms_sum 2\n"
            "sporazum_ack_latency_ms_count 1\n");
}

}  // namespace
}  // namespace sporazum::core

#pragma once
// Counters and histograms for /metrics, rendered in the Prometheus text format. Updates are relaxed
// atomics, so any thread may record and the HTTP handler may read without locks.

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sporazum::core {

class Counter {
 public:
  void add(std::uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  std::uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> value_{0};
};

class Gauge {
 public:
  void add(std::int64_t n) { value_.fetch_add(n, std::memory_order_relaxed); }
  void set(std::int64_t n) { value_.store(n, std::memory_order_relaxed); }
  std::int64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::int64_t> value_{0};
};

/// A histogram with fixed upper bounds (the +Inf bucket is implicit).
class Histogram {
 public:
  explicit Histogram(std::vector<double> upperBounds);
  void observe(double value);
  const std::vector<double>& upperBounds() const { return bounds_; }
  /// Cumulative counts per bound, then the total count (the +Inf bucket).
  std::vector<std::uint64_t> cumulativeCounts() const;
  double sum() const { return sum_.load(std::memory_order_relaxed); }

 private:
  std::vector<double> bounds_;
  std::vector<std::atomic<std::uint64_t>> counts_;  ///< per bucket, last is +Inf
  std::atomic<double> sum_{0};
};

/// Writes metric families in the Prometheus text exposition format.
class PrometheusText {
 public:
  void counter(std::string_view name, std::string_view help, std::uint64_t value);
  /// One family with several label values, e.g. rejections by reason.
  void labelledCounters(std::string_view name, std::string_view help, std::string_view label,
                        const std::vector<std::pair<std::string, std::uint64_t>>& values);
  void gauge(std::string_view name, std::string_view help, double value);
  void histogram(std::string_view name, std::string_view help, const std::vector<double>& bounds,
                 const std::vector<std::uint64_t>& cumulativeCounts, double sum);
  void histogram(std::string_view name, std::string_view help, const Histogram& histogram);
  const std::string& text() const { return text_; }

 private:
  void header(std::string_view name, std::string_view help, std::string_view type);
  std::string text_;
};

}  // namespace sporazum::core

#include "sporazum/core/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace sporazum::core {
namespace {

std::string formatNumber(double value) {
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.17g", value);
  return buffer;
}

}  // namespace

Histogram::Histogram(std::vector<double> upperBounds)
    : bounds_(std::move(upperBounds)), counts_(bounds_.size() + 1) {
  std::sort(bounds_.begin(), bounds_.end());
}

void Histogram::observe(double value) {
  auto bucket = static_cast<std::size_t>(std::lower_bound(bounds_.begin(), bounds_.end(), value) -
                                         bounds_.begin());
  counts_[bucket].fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(value, std::memory_order_relaxed);
}

std::vector<std::uint64_t> Histogram::cumulativeCounts() const {
  std::vector<std::uint64_t> cumulative;
  cumulative.reserve(counts_.size());
  std::uint64_t running = 0;
  for (const auto& count : counts_) {
    running += count.load(std::memory_order_relaxed);
    cumulative.push_back(running);
  }
  return cumulative;
}

void PrometheusText::header(std::string_view name, std::string_view help, std::string_view type) {
  text_.append("# HELP ").append(name).append(" ").append(help).append("\n");
  text_.append("# TYPE ").append(name).append(" ").append(type).append("\n");
}

void PrometheusText::counter(std::string_view name, std::string_view help, std::uint64_t value) {
  header(name, help, "counter");
  text_.append(name).append(" ").append(std::to_string(value)).append("\n");
}

void PrometheusText::labelledCounters(
    std::string_view name, std::string_view help, std::string_view label,
    const std::vector<std::pair<std::string, std::uint64_t>>& values) {
  header(name, help, "counter");
  for (const auto& [labelValue, value] : values) {
    // Label values here are our own error codes ([a-z_]), so they need no escaping.
    text_.append(name).append("{").append(label).append("=\"").append(labelValue).append("\"} ");
    text_.append(std::to_string(value)).append("\n");
  }
}

void PrometheusText::gauge(std::string_view name, std::string_view help, double value) {
  header(name, help, "gauge");
  text_.append(name).append(" ").append(formatNumber(value)).append("\n");
}

void PrometheusText::histogram(std::string_view name, std::string_view help,
                               const std::vector<double>& bounds,
                               const std::vector<std::uint64_t>& cumulativeCounts, double sum) {
  header(name, help, "histogram");
  for (std::size_t i = 0; i < cumulativeCounts.size(); ++i) {
    const std::string le = i < bounds.size() ? formatNumber(bounds[i]) : "+Inf";
    text_.append(name).append("_bucket{le=\"").append(le).append("\"} ");
    text_.append(std::to_string(cumulativeCounts[i])).append("\n");
  }
  text_.append(name).append("_sum ").append(formatNumber(sum)).append("\n");
  text_.append(name).append("_count ");
  text_.append(std::to_string(cumulativeCounts.empty() ? 0 : cumulativeCounts.back()));
  text_.append("\n");
}

void PrometheusText::histogram(std::string_view name, std::string_view help,
                               const Histogram& histogram) {
  this->histogram(name, help, histogram.upperBounds(), histogram.cumulativeCounts(),
                  histogram.sum());
}

}  // namespace sporazum::core

#include "sporazum/core/log.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <nlohmann/json.hpp>

namespace sporazum::log {
namespace {

std::atomic<Level> gLevel{Level::Info};
std::mutex gWriteMutex;

std::string_view levelName(Level level) {
  switch (level) {
    case Level::Debug:
      return "debug";
    case Level::Info:
      return "info";
    case Level::Warn:
      return "warn";
    case Level::Error:
      return "error";
  }
  return "info";
}

std::string timestampNow() {
  const auto now = std::chrono::system_clock::now();
  const auto seconds = std::chrono::system_clock::to_time_t(now);
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>(millis));
  return buffer;
}

}  // namespace

void setLevel(Level level) {
  gLevel.store(level);
}

bool parseLevel(std::string_view text, Level& level) {
  for (Level candidate : {Level::Debug, Level::Info, Level::Warn, Level::Error}) {
    if (levelName(candidate) == text) {
      level = candidate;
      return true;
    }
  }
  return false;
}

void write(Level level, std::string_view event, std::initializer_list<Field> fields) {
  if (level < gLevel.load(std::memory_order_relaxed)) return;
  nlohmann::ordered_json line;
  line["ts"] = timestampNow();
  line["level"] = levelName(level);
  line["event"] = event;
  for (const auto& [key, value] : fields) {
    std::visit([&line, key = std::string(key)](const auto& v) { line[key] = v; }, value);
  }
  const std::string text =
      line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
  std::lock_guard lock(gWriteMutex);
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fflush(stderr);
}

}  // namespace sporazum::log

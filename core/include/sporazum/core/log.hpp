#pragma once
// Structured logs: one JSON object a line on stderr. Callers pass event names and fields they
// chose; viewer text, names, tokens and addresses must never be passed here.

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace sporazum::log {

enum class Level { Debug = 1, Info, Warn, Error };

using Value = std::variant<std::string_view, std::int64_t, double, bool>;
using Field = std::pair<std::string_view, Value>;

/// Sets the lowest level written; thread-safe.
void setLevel(Level level);
/// Parses "debug", "info", "warn", "error".
bool parseLevel(std::string_view text, Level& level);

/// Writes one line, thread-safe: {"ts":"…","level":"info","event":"…",fields…}.
void write(Level level, std::string_view event, std::initializer_list<Field> fields = {});

inline void debug(std::string_view event, std::initializer_list<Field> fields = {}) {
  write(Level::Debug, event, fields);
}
inline void info(std::string_view event, std::initializer_list<Field> fields = {}) {
  write(Level::Info, event, fields);
}
inline void warn(std::string_view event, std::initializer_list<Field> fields = {}) {
  write(Level::Warn, event, fields);
}
inline void error(std::string_view event, std::initializer_list<Field> fields = {}) {
  write(Level::Error, event, fields);
}

}  // namespace sporazum::log

#pragma once
// Internal to pg_store: small pieces every store thread uses (guarded callbacks, back-off).

#include <algorithm>
#include <chrono>
#include <exception>
#include <string_view>
#include <utility>

#include "sporazum/core/log.hpp"

namespace sporazum::pg::detail {

/// Calls a caller's callback; whatever it throws is logged and swallowed, so a store thread lives.
template <typename Fn, typename... Args>
void invokeSafely(std::string_view what, const Fn& fn, Args&&... args) {
  if (!fn) return;
  try {
    fn(std::forward<Args>(args)...);
  } catch (const std::exception& e) {
    log::error("pg.callback_threw", {{"callback", what}, {"error", e.what()}});
  } catch (...) {
    log::error("pg.callback_threw", {{"callback", what}});
  }
}

/// Exponential back-off between reconnect attempts.
class Backoff {
 public:
  explicit Backoff(std::chrono::milliseconds first = std::chrono::milliseconds(50),
                   std::chrono::milliseconds max = std::chrono::milliseconds(1000))
      : first_(first), max_(max), delay_(first) {}
  std::chrono::milliseconds next() {
    const auto current = delay_;
    delay_ = std::min(delay_ * 2, max_);
    return current;
  }
  void reset() { delay_ = first_; }

 private:
  std::chrono::milliseconds first_;
  std::chrono::milliseconds max_;
  std::chrono::milliseconds delay_;
};

}  // namespace sporazum::pg::detail

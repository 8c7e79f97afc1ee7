#pragma once
// Internal to the desk: what its source files share — a staff connection's state and the way
// port answers get back onto the I/O thread.

#include <memory>
#include <optional>
#include <string>

#include "sporazum/core/rate_limiter.hpp"
#include "sporazum/desk/moderation_desk.hpp"

namespace sporazum::desk {

struct ModerationDesk::Connection {
  std::string remoteAddress;
  bool isAuthenticated = false;
  bool isBusy = false;  ///< a login, resume or logout is in flight
  core::StaffSession session;
  core::Digest tokenDigest{};
  std::int64_t lookingAt = 0;
  std::int64_t actingOn = 0;
  int consecutiveErrors = 0;
  core::SteadyTime lastActivity{};
  core::SteadyTime lastPing{};
  // Engines only.
  bool isEngineSynced = false;  ///< has had the programme: gets every command after it
  std::optional<core::EngineHealth> health;
  std::int64_t healthAtUnixMs = 0;
  core::TokenBucket previews;  ///< the confidence pictures it may send
};

namespace detail {

/// Wraps a continuation so that it runs on the I/O thread, and only while the desk exists.
template <typename Fn>
auto onIoThread(core::Transport& transport, const std::shared_ptr<bool>& isAlive, Fn fn) {
  return [&transport, alive = std::weak_ptr<bool>(isAlive), fn = std::move(fn)](auto result) {
    transport.post([alive, fn, result = std::move(result)]() mutable {
      if (auto living = alive.lock(); living && *living) fn(std::move(result));
    });
  };
}

inline core::Error unavailable() {
  return core::makeError("try_again", "the database could not answer: nothing was changed");
}

}  // namespace detail
}  // namespace sporazum::desk

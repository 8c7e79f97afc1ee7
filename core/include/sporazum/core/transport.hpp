#pragma once
// The WebSocket connections as the pure hubs see them (viewer hub, moderation desk). The executable
// implements this over the WebSocket server; tests implement it with fakes.

#include <cstdint>
#include <functional>
#include <string_view>

namespace sporazum::core {

using ConnectionId = std::uint64_t;

/// All calls but post() are made on the I/O thread.
class Transport {
 public:
  enum class SendOutcome { Sent, Closed, Overflow };
  virtual ~Transport() = default;
  virtual SendOutcome send(ConnectionId id, std::string_view text) = 0;
  virtual void close(ConnectionId id, std::uint16_t code, std::string_view reason) = 0;
  virtual void ping(ConnectionId id) = 0;
  /// Thread-safe: runs fn on the I/O thread.
  virtual void post(std::function<void()> fn) = 0;
};

}  // namespace sporazum::core

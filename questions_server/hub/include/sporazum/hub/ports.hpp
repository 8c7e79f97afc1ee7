#pragma once
// What the viewer hub needs from the outside world. The executable implements these over the
// WebSocket server and the PostgreSQL store; tests implement them with fakes.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "sporazum/core/question.hpp"

namespace sporazum::hub {

using ConnectionId = std::uint64_t;

/// The WebSocket connections, as the hub sees them. All calls but post() are made on the I/O
/// thread.
class ViewerTransport {
 public:
  enum class SendOutcome { Sent, Closed, Overflow };
  virtual ~ViewerTransport() = default;
  virtual SendOutcome send(ConnectionId id, std::string_view text) = 0;
  virtual void close(ConnectionId id, std::uint16_t code, std::string_view reason) = 0;
  virtual void ping(ConnectionId id) = 0;
  /// Thread-safe: runs fn on the I/O thread.
  virtual void post(std::function<void()> fn) = 0;
};

/// Durable storage of questions. Callbacks may run on any thread.
class QuestionRepository {
 public:
  using SubmitDone = std::function<void(core::SubmitResult)>;
  using ListDone = std::function<void(std::optional<std::vector<core::DeviceQuestion>>)>;
  virtual ~QuestionRepository() = default;
  /// Returns false, without calling done, when the store's queue is full.
  virtual bool submit(core::NewQuestion question, SubmitDone done) = 0;
  virtual void listForDevice(const core::Digest& deviceHash, std::size_t limit, ListDone done) = 0;
};

}  // namespace sporazum::hub

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
#include "sporazum/core/transport.hpp"

namespace sporazum::hub {

using ConnectionId = core::ConnectionId;

/// The WebSocket connections, as the hub sees them (shared with the moderation desk).
using ViewerTransport = core::Transport;

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

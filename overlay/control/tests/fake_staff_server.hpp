#pragma once
// A questions server as an engine sees it, on loopback: answers `resume` with `session` and the
// programme state it is given, sends what the test asks, keeps what the engine sends, and can
// drop the engine or refuse it for a while.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "sporazum/core/graphics.hpp"
#include "sporazum/ws/server.hpp"

namespace sporazum::overlay::control::testing {

class FakeStaffServer {
 public:
  using Json = nlohmann::json;

  explicit FakeStaffServer(core::ProgrammeState state = {}) : state_(std::move(state)) {
    ws::ServerLimits limits;
    limits.maxMessageBytes = 128 * 1024;
    server_ = std::make_unique<ws::Server>(
        limits,
        ws::ServerHandlers{
            .onHandshake =
                [this](const ws::HandshakeInfo&) {
                  std::lock_guard lock(mutex_);
                  ws::HandshakeVerdict verdict;
                  verdict.accept = isAccepting_;
                  verdict.status = 503;
                  verdict.subprotocol = "sporazum.staff.v1";
                  return verdict;
                },
            .onOpen = [this](ws::ConnectionId id, const ws::ConnectionInfo&) { connection_ = id; },
            .onMessage = [this](ws::ConnectionId id, ws::MessageKind,
                                std::string_view payload) { onMessage(id, payload); },
            .onClose =
                [this](ws::ConnectionId id) {
                  if (id == connection_) connection_ = 0;
                },
            .onPong = {},
            .onHttp = {},
            .onDeferredHttp = {},
            .onLog = {}});
    port_ = server_->listen("127.0.0.1", 0);
    thread_ = std::thread([this] { server_->run(); });
  }
  ~FakeStaffServer() {
    server_->stop();
    thread_.join();
  }

  std::string url() const { return "ws://127.0.0.1:" + std::to_string(port_) + "/ws/staff"; }

  /// What the next session gets as its programme state.
  void setState(core::ProgrammeState state) {
    std::lock_guard lock(mutex_);
    state_ = std::move(state);
  }
  /// Sends a message to the engine's session, if it has one.
  void send(std::string message) {
    server_->post([this, message = std::move(message)] {
      if (connection_ != 0) server_->send(connection_, message);
    });
  }
  /// Drops the engine's connection; with `refuse`, new ones are refused until accept().
  void drop(bool refuse) {
    {
      std::lock_guard lock(mutex_);
      if (refuse) isAccepting_ = false;
    }
    server_->post([this] {
      if (connection_ != 0) server_->close(connection_, 1001, "going away");
    });
  }
  void accept() {
    std::lock_guard lock(mutex_);
    isAccepting_ = true;
  }

  /// Every message of `type` the engine sent, parsed, in order.
  std::vector<Json> received(const std::string& type) {
    std::lock_guard lock(mutex_);
    std::vector<Json> found;
    for (const auto& message : received_) {
      if (message.value("type", "") == type) found.push_back(message);
    }
    return found;
  }
  /// Waits until at least `count` messages of `type` came.
  std::vector<Json> waitFor(const std::string& type, std::size_t count,
                            std::chrono::milliseconds wait = std::chrono::seconds(10)) {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, wait, [&] {
      std::size_t seen = 0;
      for (const auto& message : received_)
        seen += message.value("type", "") == type;
      return seen >= count;
    });
    lock.unlock();
    return received(type);
  }
  int sessions() {
    std::lock_guard lock(mutex_);
    return sessions_;
  }
  bool waitForSessions(int count, std::chrono::milliseconds wait = std::chrono::seconds(10)) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, wait, [&] { return sessions_ >= count; });
  }

 private:
  void onMessage(ws::ConnectionId id, std::string_view payload) {
    Json message = Json::parse(payload, nullptr, false);
    if (message.is_discarded() || !message.is_object()) return;
    if (message.value("type", "") == "resume") {
      core::ProgrammeState state;
      {
        std::lock_guard lock(mutex_);
        state = state_;
        ++sessions_;
      }
      server_->send(id, Json{{"type", "session"},
                             {"id", message.value("id", "")},
                             {"token", "t"},
                             {"role", "engine"}}
                            .dump());
      server_->send(id, core::encodeProgrammeState(state));
    }
    std::lock_guard lock(mutex_);
    received_.push_back(std::move(message));
    changed_.notify_all();
  }

  std::unique_ptr<ws::Server> server_;
  std::uint16_t port_ = 0;
  std::thread thread_;
  ws::ConnectionId connection_ = 0;  ///< I/O thread only

  std::mutex mutex_;
  std::condition_variable changed_;
  core::ProgrammeState state_;
  bool isAccepting_ = true;
  int sessions_ = 0;
  std::vector<Json> received_;
};

}  // namespace sporazum::overlay::control::testing

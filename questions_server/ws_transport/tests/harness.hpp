#pragma once
// Runs a Server and a ClientPool on their own threads and records every callback, so tests can
// wait for events instead of sleeping.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include "sporazum/ws/client.hpp"
#include "sporazum/ws/server.hpp"

namespace sporazum::ws::test_support {

constexpr int kWaitMs = 5000;

/// A value shared with an I/O thread; every change wakes the waiters.
template <typename T>
class Shared {
 public:
  template <typename Fn>
  auto with(Fn fn) {
    std::lock_guard lock(mutex_);
    struct Notify {
      std::condition_variable& cv;
      ~Notify() { cv.notify_all(); }
    } notify{cv_};
    return fn(value_);
  }
  template <typename Pred>
  bool waitFor(Pred pred, int timeoutMs = kWaitMs) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, std::chrono::milliseconds(timeoutMs), [&] { return pred(value_); });
  }
  T copy() {
    std::lock_guard lock(mutex_);
    return value_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  T value_{};
};

/// Runs a Server or a ClientPool on its own thread. The runner that derives from it calls start()
/// once the loop exists, and stopAndJoin() in its destructor while the loop and everything its
/// handlers touch are still alive.
template <typename Loop>
class LoopThread {
 public:
  void stopAndJoin() {
    if (!thread_.joinable()) return;
    loop_->stop();
    thread_.join();
  }

  /// Runs fn on the I/O thread and returns its result.
  template <typename Fn>
  auto call(Fn fn) -> decltype(fn()) {
    std::packaged_task<decltype(fn())()> task(std::move(fn));
    auto result = task.get_future();
    loop_->post([&task] { task(); });
    return result.get();
  }

  /// Set once run() has returned.
  Shared<bool> runReturned;

 protected:
  LoopThread() = default;
  ~LoopThread() = default;

  void start(Loop& loop) {
    loop_ = &loop;
    thread_ = std::thread([this] {
      loop_->run();
      runReturned.with([](bool& b) { return b = true; });
    });
  }

 private:
  Loop* loop_ = nullptr;
  std::thread thread_;
};

struct ServerEvents {
  std::vector<HandshakeInfo> handshakes;
  std::vector<std::pair<ConnectionId, ConnectionInfo>> opened;
  std::vector<std::tuple<ConnectionId, MessageKind, std::string>> messages;
  std::vector<ConnectionId> closed;
  std::vector<ConnectionId> pongs;
  std::vector<HttpRequest> httpRequests;
  std::vector<std::pair<std::string, std::string>> logs;
};

/// A server on 127.0.0.1 with a free port, run on its own thread; every callback is recorded.
class ServerRunner : public LoopThread<Server> {
 public:
  /// customize may replace any recording handler before the server starts.
  explicit ServerRunner(ServerLimits limits = {},
                        const std::function<void(ServerHandlers&)>& customize = {}) {
    ServerHandlers h;
    h.onHandshake = [this](const HandshakeInfo& info) {
      events.with([&](ServerEvents& e) { e.handshakes.push_back(info); });
      HandshakeVerdict v;
      if (!info.subprotocols.empty()) v.subprotocol = info.subprotocols.front();
      return v;
    };
    h.onOpen = [this](ConnectionId id, const ConnectionInfo& info) {
      events.with([&](ServerEvents& e) { e.opened.emplace_back(id, info); });
    };
    h.onMessage = [this](ConnectionId id, MessageKind kind, std::string_view payload) {
      events.with(
          [&](ServerEvents& e) { e.messages.emplace_back(id, kind, std::string(payload)); });
      if (echo) server->send(id, payload);
    };
    h.onClose = [this](ConnectionId id) {
      events.with([&](ServerEvents& e) { e.closed.push_back(id); });
    };
    h.onPong = [this](ConnectionId id) {
      events.with([&](ServerEvents& e) { e.pongs.push_back(id); });
    };
    h.onLog = [this](std::string_view event, std::string_view detail) {
      events.with([&](ServerEvents& e) { e.logs.emplace_back(event, detail); });
    };
    if (customize) customize(h);
    server = std::make_unique<Server>(limits, std::move(h));
    port = server->listen("127.0.0.1", 0);
    start(*server);
  }
  ~ServerRunner() { stopAndJoin(); }

  /// Waits until the server has delivered count onOpen callbacks (clients may see their open
  /// before the server's handler has run).
  bool waitOpened(std::size_t count) {
    return events.waitFor([count](const ServerEvents& e) { return e.opened.size() >= count; });
  }

  std::string url(std::string_view path = "/") const {
    return "ws://127.0.0.1:" + std::to_string(port) + std::string(path);
  }

  bool echo = false;
  Shared<ServerEvents> events;
  std::unique_ptr<Server> server;
  std::uint16_t port = 0;
};

struct ClientEvents {
  std::vector<ClientId> opened;
  std::vector<std::tuple<ClientId, MessageKind, std::string>> messages;
  std::vector<std::tuple<ClientId, std::uint16_t, std::string>> closed;
  std::vector<std::tuple<ClientId, int, std::string>> failed;
};

/// A ClientPool run on its own thread; every callback is recorded.
class ClientRunner : public LoopThread<ClientPool> {
 public:
  ClientRunner() {
    ClientHandlers h;
    h.onOpen = [this](ClientId id) {
      events.with([&](ClientEvents& e) { e.opened.push_back(id); });
    };
    h.onMessage = [this](ClientId id, MessageKind kind, std::string_view payload) {
      events.with(
          [&](ClientEvents& e) { e.messages.emplace_back(id, kind, std::string(payload)); });
    };
    h.onClose = [this](ClientId id, std::uint16_t code, std::string_view reason) {
      events.with([&](ClientEvents& e) { e.closed.emplace_back(id, code, std::string(reason)); });
    };
    h.onFail = [this](ClientId id, int status, std::string_view reason) {
      events.with([&](ClientEvents& e) { e.failed.emplace_back(id, status, std::string(reason)); });
    };
    pool = std::make_unique<ClientPool>(std::move(h));
    start(*pool);
  }
  ~ClientRunner() { stopAndJoin(); }

  ClientId connect(const std::string& url) {
    ClientOptions options;
    options.url = url;
    return pool->connect(options);
  }

  /// Starts count connections to url; returns their ids.
  std::vector<ClientId> connect(const std::string& url, int count) {
    std::vector<ClientId> ids;
    for (int i = 0; i < count; ++i)
      ids.push_back(connect(url));
    return ids;
  }

  bool waitOpen(ClientId id) {
    return events.waitFor([id](const ClientEvents& e) {
      for (ClientId o : e.opened) {
        if (o == id) return true;
      }
      return false;
    });
  }

  /// Waits for each of ids in turn to open.
  bool waitOpen(const std::vector<ClientId>& ids) {
    for (ClientId id : ids) {
      if (!waitOpen(id)) return false;
    }
    return true;
  }

  Shared<ClientEvents> events;
  std::unique_ptr<ClientPool> pool;
};

/// Both ends' ids of one open connection.
struct OpenConnection {
  ClientId clientId = 0;
  ConnectionId serverId = 0;
};

/// Connects client to server at path and waits until both ends have delivered onOpen; nullopt if
/// either did not in time. The server must have no other connection opening meanwhile.
inline std::optional<OpenConnection> openConnection(ServerRunner& server, ClientRunner& client,
                                                    std::string_view path = "/") {
  const std::size_t openedBefore = server.events.copy().opened.size();
  const ClientId clientId = client.connect(server.url(path));
  if (!client.waitOpen(clientId) || !server.waitOpened(openedBefore + 1)) return std::nullopt;
  return OpenConnection{clientId, server.events.copy().opened.at(openedBefore).first};
}

}  // namespace sporazum::ws::test_support

#pragma once
// Byte-level interface to a pool of WebSocket++ client connections, for tests and the load
// generator. Plain C++17; names nothing from WebSocket++ or Asio.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sporazum/ws/server.hpp"

namespace sporazum::ws {

using ClientId = std::uint64_t;

struct ClientOptions {
  std::string url;            ///< ws://127.0.0.1:PORT/path
  std::string subprotocol;    ///< offered subprotocol, empty for none
  std::string origin;         ///< Origin header, empty for none
  std::string sourceAddress;  ///< local address to bind before connecting, e.g. 127.0.0.7
  std::vector<Header> extraHeaders;
};

/// Callbacks run on the pool's I/O thread; they must not block.
struct ClientHandlers {
  std::function<void(ClientId)> onOpen;
  std::function<void(ClientId, MessageKind, std::string_view payload)> onMessage;
  /// Called once for every connection that opened, with the close code the peer sent (1006 when
  /// the TCP connection just dropped).
  std::function<void(ClientId, std::uint16_t closeCode, std::string_view reason)> onClose;
  /// Called instead of onOpen/onClose when the connection never opened (refused, handshake
  /// rejected: httpStatus is the server's status, 0 when no HTTP response came).
  std::function<void(ClientId, int httpStatus, std::string_view reason)> onFail;
};

/// Many client connections on one I/O thread (the one that calls run()).
class ClientPool {
 public:
  explicit ClientPool(ClientHandlers handlers);
  ~ClientPool();
  ClientPool(const ClientPool&) = delete;
  ClientPool& operator=(const ClientPool&) = delete;

  /// Thread-safe; the connection starts on the I/O thread. Returns its id at once.
  ClientId connect(const ClientOptions& options);
  /// Runs the I/O loop until stop(); keeps running while idle.
  void run();
  /// Thread-safe. Closes open connections with 1001, cancels pending ones, makes run() return
  /// within about a second; every connection still gets its onClose or onFail.
  void stop();
  void post(std::function<void()> fn);
  void postAfter(long delayMs, std::function<void()> fn);

  // I/O thread only:
  bool send(ClientId id, std::string_view payload, MessageKind kind = MessageKind::Text);
  void close(ClientId id, std::uint16_t code = 1000, std::string_view reason = "");
  std::size_t openCount() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sporazum::ws

#pragma once
// Byte-level interface to the WebSocket++ server. This header is plain C++17 and names nothing from
// WebSocket++ or Asio, so C++20 code can include it; the implementation is the only C++17 target.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sporazum::ws {

/// Identifies one open WebSocket connection for its whole life; never reused within a process.
using ConnectionId = std::uint64_t;

struct Header {
  std::string name;
  std::string value;
};

struct HttpRequest {
  std::string method;
  std::string target;  ///< path and query as sent, e.g. "/metrics"
  std::string body;
  std::string remoteAddress;  ///< peer IP address, no port
  std::vector<Header> headers;
  /// Case-insensitive header lookup; empty when absent.
  std::string header(std::string_view name) const;
};

/// A body too large to hold in memory (the archive's video), written as it is read: the transport
/// asks for the next piece only once the previous one has left, so one piece per client is in
/// memory at a time.
class HttpBodySource {
 public:
  virtual ~HttpBodySource() = default;
  /// The body's length in bytes (the Content-Length sent).
  virtual std::uint64_t size() const = 0;
  /// Asks for the next piece; `deliver` may be called on any thread, exactly once. An empty piece
  /// means the source failed: the connection is closed (the client sees a short body).
  virtual void read(std::function<void(std::string piece)> deliver) = 0;
};

struct HttpResponse {
  int status = 200;
  std::string contentType = "text/plain; charset=utf-8";
  std::string body;
  std::vector<Header> headers;  ///< extra headers, e.g. Cache-Control
  /// Deferred replies only: the body comes from here instead of `body`, and the connection
  /// closes after it.
  std::shared_ptr<HttpBodySource> bodySource;
};

/// What the server knows about a WebSocket before accepting it.
struct HandshakeInfo {
  std::string target;
  std::string origin;  ///< empty when the client sent none (native clients)
  std::string host;    ///< the Host header as sent
  std::string remoteAddress;
  std::vector<std::string> subprotocols;  ///< as offered by the client
};

/// Verdict of the application on a handshake. status is the HTTP status sent when refused.
struct HandshakeVerdict {
  bool accept = true;
  int status = 403;
  std::string subprotocol;    ///< subprotocol to select when accepting, empty for none
  int retryAfterSeconds = 0;  ///< adds Retry-After when refusing with 503
  /// Largest message this connection may send; 0 keeps ServerLimits::maxMessageBytes.
  std::size_t maxMessageBytes = 0;
  /// Unsent bytes this connection may have before it is closed as too slow; 0 keeps
  /// ServerLimits::maxBufferedBytesPerConnection.
  std::size_t maxBufferedBytes = 0;
};

struct ConnectionInfo {
  std::string target;
  std::string remoteAddress;
  std::string subprotocol;
};

enum class SendResult {
  Sent,
  Closed,    ///< the connection is gone; nothing was sent
  Overflow,  ///< the send queue was over its cap: the connection is being closed as too slow
};

enum class MessageKind { Text, Binary };

struct ServerLimits {
  std::size_t maxMessageBytes = 8 * 1024;
  std::size_t maxHttpBodyBytes = 16 * 1024;
  std::size_t maxBufferedBytesPerConnection = 256 * 1024;
  std::size_t maxConnections = 20000;
  long openHandshakeTimeoutMs = 5000;
  long closeHandshakeTimeoutMs = 3000;
  long pongTimeoutMs = 10000;
  int listenBacklog = 4096;
};

/// Callbacks run on the I/O thread. They must not block and must not throw (the adapter catches and
/// logs anything that escapes, then closes the affected connection).
struct ServerHandlers {
  std::function<HandshakeVerdict(const HandshakeInfo&)> onHandshake;
  std::function<void(ConnectionId, const ConnectionInfo&)> onOpen;
  std::function<void(ConnectionId, MessageKind, std::string_view payload)> onMessage;
  /// Called once per opened connection, whatever closed it.
  std::function<void(ConnectionId)> onClose;
  std::function<void(ConnectionId)> onPong;
  std::function<HttpResponse(const HttpRequest&)> onHttp;
  /// Asked before onHttp: returning true takes the request, to be answered later through `reply`
  /// (from any thread, exactly once) — for answers that need a database or a disk. The reply
  /// must come while the Server exists; a client gone meanwhile makes it a no-op.
  std::function<bool(const HttpRequest&, std::function<void(HttpResponse)> reply)> onDeferredHttp;
  /// Adapter-level diagnostics (never payloads): event name and detail.
  std::function<void(std::string_view event, std::string_view detail)> onLog;
};

/// A WebSocket + HTTP server on one port, driven by one I/O thread (the one that calls run()).
/// Only the WebSocket version 13 handshake is accepted; permessage-deflate is off; library logging
/// is silenced so payloads never reach a log.
class Server {
 public:
  Server(ServerLimits limits, ServerHandlers handlers);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Binds and listens; port 0 picks a free port. Returns the bound port. Throws std::runtime_error
  /// with a clear message if the address cannot be bound.
  std::uint16_t listen(const std::string& address, std::uint16_t port);
  /// Runs the I/O loop on the calling thread until stop().
  void run();
  /// Thread-safe. Stops accepting, closes connections with 1001, makes run() return. Peers get
  /// min(closeHandshakeTimeoutMs, 1 s) to answer; onClose still fires for every open connection.
  void stop();
  /// Thread-safe. Runs fn on the I/O thread.
  void post(std::function<void()> fn);
  /// Thread-safe. Runs fn on the I/O thread after delayMs.
  void postAfter(long delayMs, std::function<void()> fn);

  // I/O thread only:
  /// Queues a text message. Past maxBufferedBytesPerConnection the connection is closed with
  /// 1008 "too slow" and Overflow is returned.
  SendResult send(ConnectionId id, std::string_view text);
  void close(ConnectionId id, std::uint16_t code, std::string_view reason);
  void ping(ConnectionId id);
  std::size_t bufferedBytes(ConnectionId id) const;
  /// Open WebSocket connections (handshakes in progress are not counted).
  std::size_t connectionCount() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sporazum::ws

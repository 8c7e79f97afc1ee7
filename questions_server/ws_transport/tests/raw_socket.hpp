#pragma once
// Plain POSIX sockets for writing handcrafted HTTP and WebSocket bytes, so tests can send what no
// well-behaved client would.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sporazum::ws::test_support {

/// One frame as received from the server (servers never mask).
struct Frame {
  bool isFinal = true;
  int opcode = 0;
  std::string payload;
  /// Status code of a close frame, 0 when absent.
  std::uint16_t closeCode() const;
};

/// A blocking TCP socket with poll()-based timeouts on every read.
class RawSocket {
 public:
  /// Connects to 127.0.0.1:port; throws std::runtime_error on failure.
  explicit RawSocket(std::uint16_t port);
  ~RawSocket();
  RawSocket(const RawSocket&) = delete;
  RawSocket& operator=(const RawSocket&) = delete;

  void write(std::string_view bytes);
  /// Reads up to the end of the HTTP head (blank line); empty if the peer closed first.
  std::string readHttpHead(int timeoutMs = 3000);
  /// Reads a complete HTTP response (head plus Content-Length body, or until EOF).
  std::string readHttpResponse(int timeoutMs = 3000);
  /// Reads one frame; nullopt on timeout or EOF.
  std::optional<Frame> readFrame(int timeoutMs = 3000);
  /// True if the peer closes the TCP connection within the timeout (discards data read).
  bool waitForEof(int timeoutMs = 3000);
  /// Sends the RFC 6455 upgrade and reads the 101 response head.
  std::string upgrade(std::string_view path = "/", std::string_view extraHeaders = "");
  void closeNow();

 private:
  /// Appends whatever arrives within the timeout to buffer_; false on EOF or timeout.
  bool fill(int timeoutMs);

  int fd_ = -1;
  std::string buffer_;
};

/// A valid version-13 upgrade request for path.
std::string upgradeRequest(std::string_view path, std::string_view extraHeaders = "");

/// A masked client frame.
std::string clientFrame(int opcode, std::string_view payload, bool isFinal = true);

/// Status code of the first line of an HTTP response, 0 if unparsable.
int httpStatus(std::string_view response);

/// A listening socket on 127.0.0.1, port 0, for observing what a client sends.
class RawListener {
 public:
  RawListener();
  ~RawListener();
  RawListener(const RawListener&) = delete;
  RawListener& operator=(const RawListener&) = delete;
  std::uint16_t port() const { return port_; }
  /// Accepts one connection and returns its request head; the connection is then closed.
  std::string acceptAndReadHead(int timeoutMs = 3000);

 private:
  int fd_ = -1;
  std::uint16_t port_ = 0;
};

}  // namespace sporazum::ws::test_support

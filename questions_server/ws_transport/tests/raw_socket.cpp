#include "raw_socket.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <stdexcept>
#include <utility>

namespace sporazum::ws::test_support {

namespace {

using Clock = std::chrono::steady_clock;

int remainingMs(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return left.count() > 0 ? static_cast<int>(left.count()) : 0;
}

sockaddr_in loopback(std::uint16_t port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return addr;
}

std::size_t contentLength(std::string_view head) {
  constexpr std::string_view kName = "content-length:";
  std::string lower(head);
  for (char& c : lower)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto pos = lower.find(kName);
  if (pos == std::string::npos) return std::string::npos;
  return std::stoul(lower.substr(pos + kName.size()));
}

}  // namespace

std::uint16_t Frame::closeCode() const {
  if (opcode != 0x8 || payload.size() < 2) return 0;
  return static_cast<std::uint16_t>((static_cast<unsigned char>(payload[0]) << 8) |
                                    static_cast<unsigned char>(payload[1]));
}

RawSocket::RawSocket(std::uint16_t port) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) throw std::runtime_error("socket() failed");
  sockaddr_in addr = loopback(port);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd_);
    throw std::runtime_error(std::string("connect() failed: ") + std::strerror(errno));
  }
}

RawSocket::~RawSocket() {
  closeNow();
}

void RawSocket::closeNow() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

void RawSocket::write(std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) throw std::runtime_error("send() failed");
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

bool RawSocket::fill(int timeoutMs) {
  pollfd p{fd_, POLLIN, 0};
  if (::poll(&p, 1, timeoutMs) <= 0) return false;
  char chunk[4096];
  ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
  if (n <= 0) return false;
  buffer_.append(chunk, static_cast<std::size_t>(n));
  return true;
}

std::string RawSocket::readHttpHead(int timeoutMs) {
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeoutMs);
  for (;;) {
    auto end = buffer_.find("\r\n\r\n");
    if (end != std::string::npos) {
      std::string head = buffer_.substr(0, end + 4);
      buffer_.erase(0, end + 4);
      return head;
    }
    if (!fill(remainingMs(deadline))) return {};
  }
}

std::string RawSocket::readHttpResponse(int timeoutMs) {
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeoutMs);
  std::string head = readHttpHead(timeoutMs);
  if (head.empty()) return head;
  const std::size_t length = contentLength(head);
  if (length == std::string::npos) {
    while (fill(remainingMs(deadline))) {
    }
    return head + std::exchange(buffer_, {});
  }
  while (buffer_.size() < length && fill(remainingMs(deadline))) {
  }
  std::string body = buffer_.substr(0, length);
  buffer_.erase(0, body.size());
  return head + body;
}

std::optional<Frame> RawSocket::readFrame(int timeoutMs) {
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeoutMs);
  auto need = [&](std::size_t n) {
    while (buffer_.size() < n) {
      if (!fill(remainingMs(deadline))) return false;
    }
    return true;
  };
  if (!need(2)) return std::nullopt;
  const auto b0 = static_cast<unsigned char>(buffer_[0]);
  const auto b1 = static_cast<unsigned char>(buffer_[1]);
  std::size_t headerSize = 2;
  std::uint64_t length = b1 & 0x7F;
  if (length == 126) {
    headerSize = 4;
    if (!need(headerSize)) return std::nullopt;
    length = (static_cast<unsigned char>(buffer_[2]) << 8) | static_cast<unsigned char>(buffer_[3]);
  } else if (length == 127) {
    headerSize = 10;
    if (!need(headerSize)) return std::nullopt;
    length = 0;
    for (int i = 2; i < 10; ++i)
      length = (length << 8) | static_cast<unsigned char>(buffer_[i]);
  }
  if (!need(headerSize + length)) return std::nullopt;
  Frame frame;
  frame.isFinal = (b0 & 0x80) != 0;
  frame.opcode = b0 & 0x0F;
  frame.payload = buffer_.substr(headerSize, length);
  buffer_.erase(0, headerSize + length);
  return frame;
}

bool RawSocket::waitForEof(int timeoutMs) {
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeoutMs);
  for (;;) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, remainingMs(deadline)) <= 0) return false;
    char chunk[4096];
    ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) return true;
  }
}

std::string RawSocket::upgrade(std::string_view path, std::string_view extraHeaders) {
  write(upgradeRequest(path, extraHeaders));
  return readHttpHead();
}

std::string upgradeRequest(std::string_view path, std::string_view extraHeaders) {
  std::string request = "GET " + std::string(path) +
                        " HTTP/1.1\r\n"
                        "Host: 127.0.0.1\r\n"
                        "Upgrade: websocket\r\n"
                        "Connection: Upgrade\r\n"
                        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                        "Sec-WebSocket-Version: 13\r\n";
  request += extraHeaders;
  request += "\r\n";
  return request;
}

std::string clientFrame(int opcode, std::string_view payload, bool isFinal) {
  static constexpr unsigned char kMask[4] = {0x12, 0x34, 0x56, 0x78};
  std::string frame;
  frame.push_back(static_cast<char>((isFinal ? 0x80 : 0x00) | (opcode & 0x0F)));
  if (payload.size() < 126) {
    frame.push_back(static_cast<char>(0x80 | payload.size()));
  } else if (payload.size() <= 0xFFFF) {
    frame.push_back(static_cast<char>(0x80 | 126));
    frame.push_back(static_cast<char>((payload.size() >> 8) & 0xFF));
    frame.push_back(static_cast<char>(payload.size() & 0xFF));
  } else {
    frame.push_back(static_cast<char>(0x80 | 127));
    for (int shift = 56; shift >= 0; shift -= 8) {
      frame.push_back(
          static_cast<char>((static_cast<std::uint64_t>(payload.size()) >> shift) & 0xFF));
    }
  }
  for (unsigned char m : kMask)
    frame.push_back(static_cast<char>(m));
  for (std::size_t i = 0; i < payload.size(); ++i) {
    frame.push_back(static_cast<char>(static_cast<unsigned char>(payload[i]) ^ kMask[i % 4]));
  }
  return frame;
}

int httpStatus(std::string_view response) {
  // "HTTP/1.1 400 Bad Request"
  if (response.size() < 12 || response.substr(0, 5) != "HTTP/") return 0;
  auto space = response.find(' ');
  if (space == std::string_view::npos || space + 4 > response.size()) return 0;
  return std::stoi(std::string(response.substr(space + 1, 3)));
}

RawListener::RawListener() {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr = loopback(0);
  if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(fd_, 8) != 0) {
    throw std::runtime_error("listener setup failed");
  }
  socklen_t size = sizeof addr;
  ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &size);
  port_ = ntohs(addr.sin_port);
}

RawListener::~RawListener() {
  if (fd_ >= 0) ::close(fd_);
}

std::string RawListener::acceptAndReadHead(int timeoutMs) {
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeoutMs);
  pollfd p{fd_, POLLIN, 0};
  if (::poll(&p, 1, timeoutMs) <= 0) return {};
  int fd = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
  if (fd < 0) return {};
  std::string head;
  while (head.find("\r\n\r\n") == std::string::npos) {
    pollfd c{fd, POLLIN, 0};
    if (::poll(&c, 1, remainingMs(deadline)) <= 0) break;
    char chunk[4096];
    ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) break;
    head.append(chunk, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return head;
}

}  // namespace sporazum::ws::test_support

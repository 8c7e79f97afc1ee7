#include "http_probe.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

namespace sporazum::testing {

HttpReply rawHttp(std::uint16_t port, const std::string& request) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    throw std::runtime_error("cannot connect to port " + std::to_string(port));
  }
  std::size_t sent = 0;
  while (sent < request.size()) {
    auto n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<std::size_t>(n);
  }
  std::string response;
  char buffer[16384];
  pollfd readable{fd, POLLIN, 0};
  while (::poll(&readable, 1, 5000) > 0) {
    auto n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    response.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  HttpReply reply;
  if (response.starts_with("HTTP/1.1 ") && response.size() >= 12) {
    reply.status = std::stoi(response.substr(9, 3));
  }
  auto split = response.find("\r\n\r\n");
  reply.headers = response.substr(0, split);
  if (split != std::string::npos) reply.body = response.substr(split + 4);
  return reply;
}

HttpReply httpGet(std::uint16_t port, const std::string& path) {
  return rawHttp(port, "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
}

}  // namespace sporazum::testing

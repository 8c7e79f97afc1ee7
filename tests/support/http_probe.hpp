#pragma once
// A raw HTTP/1.1 exchange over a plain TCP socket, for tests that need exact bytes on the wire.

#include <cstdint>
#include <string>

namespace sporazum::testing {

struct HttpReply {
  int status = 0;
  std::string headers;
  std::string body;
};

/// Sends `request` as is to 127.0.0.1:port and reads until the server closes or 5 s pass.
HttpReply rawHttp(std::uint16_t port, const std::string& request);
/// GET `path` with Connection: close.
HttpReply httpGet(std::uint16_t port, const std::string& path);

}  // namespace sporazum::testing

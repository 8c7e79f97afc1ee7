#include "sporazum/ws/server.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include <asio/post.hpp>
#include <asio/write.hpp>

#include "asio_config.hpp"
#include "endpoint_util.hpp"
#include "io_loop.hpp"
#include "net_util.hpp"

namespace sporazum::ws {

std::string HttpRequest::header(std::string_view name) const {
  for (const Header& h : headers) {
    if (detail::equalsIgnoreCase(h.name, name)) return h.value;
  }
  return {};
}

namespace {

using detail::WsServer;
using ConnectionPtr = WsServer::connection_ptr;
using MessagePtr = WsServer::message_ptr;
using websocketpp::connection_hdl;
namespace http_status = websocketpp::http::status_code;

/// Upper bound on how long stop() waits for peers to answer the close handshake.
constexpr long kMaxStopGraceMs = 1000;
/// Retry-After sent when the connection cap is reached.
constexpr int kCapacityRetryAfterSeconds = 5;

/// Maps an application status onto a valid HTTP status of the expected class.
http_status::value toStatus(int status, int lowest, http_status::value fallback) {
  if (status < lowest || status > 599) return fallback;
  return static_cast<http_status::value>(status);
}

}  // namespace

class Server::Impl {
 public:
  Impl(ServerLimits limits, ServerHandlers handlers)
      : limits_(limits),
        handlers_(std::move(handlers)),
        loop_([this](std::string_view where, std::string_view what) { onLoopError(where, what); }) {
    detail::raiseFileLimit();
    detail::initEndpoint(endpoint_, loop_.context());
    endpoint_.setLog(
        [this](std::string_view event, std::string_view detail) { log(event, detail); });
    endpoint_.set_user_agent("");  // no Server header advertising the library version
    endpoint_.set_reuse_addr(true);
    endpoint_.set_listen_backlog(limits_.listenBacklog);
    endpoint_.set_max_message_size(limits_.maxMessageBytes);
    endpoint_.set_max_http_body_size(limits_.maxHttpBodyBytes);
    endpoint_.set_open_handshake_timeout(limits_.openHandshakeTimeoutMs);
    endpoint_.set_close_handshake_timeout(limits_.closeHandshakeTimeoutMs);
    endpoint_.set_pong_timeout(limits_.pongTimeoutMs);

    endpoint_.set_validate_handler([this](connection_hdl h) { return onValidate(h); });
    endpoint_.set_open_handler([this](connection_hdl h) { onOpen(h); });
    endpoint_.set_message_handler([this](connection_hdl h, MessagePtr m) { onMessage(h, m); });
    endpoint_.set_close_handler([this](connection_hdl h) { onEnd(h); });
    endpoint_.set_fail_handler([this](connection_hdl h) { onEnd(h); });
    endpoint_.set_pong_handler([this](connection_hdl h, std::string) { onPong(h); });
    endpoint_.set_pong_timeout_handler([this](connection_hdl h, std::string) { onPongTimeout(h); });
    endpoint_.set_http_handler([this](connection_hdl h) { onHttp(h); });
  }

  std::uint16_t listen(const std::string& address, std::uint16_t port) {
    asio::error_code addressEc;
    asio::ip::address ip = asio::ip::make_address(address, addressEc);
    if (addressEc) throw std::runtime_error("ws server: invalid listen address '" + address + "'");
    websocketpp::lib::error_code ec;
    endpoint_.listen(asio::ip::tcp::endpoint(ip, port), ec);
    if (ec) {
      throw std::runtime_error("ws server: cannot listen on " + address + ":" +
                               std::to_string(port) + ": " + ec.message());
    }
    asio::error_code localEc;
    std::uint16_t boundPort = endpoint_.get_local_endpoint(localEc).port();
    if (localEc) throw std::runtime_error("ws server: no local endpoint: " + localEc.message());
    endpoint_.start_accept(ec);
    if (ec) throw std::runtime_error("ws server: cannot accept: " + ec.message());
    return boundPort;
  }

  void run() {
    loop_.run();
    // Connections cut off by the stop grace still get their onClose.
    std::vector<ConnectionId> remaining;
    remaining.reserve(connections_.size());
    for (const auto& [id, hdl] : connections_) {
      if (ConnectionPtr con = find(hdl)) con->isCloseReported = true;
      remaining.push_back(id);
    }
    connections_.clear();
    std::sort(remaining.begin(), remaining.end());
    for (ConnectionId id : remaining)
      notifyClose(id);
  }

  void stop() {
    asio::post(loop_.context(), [this] { beginStop(); });
  }

  detail::IoLoop& loop() { return loop_; }

  SendResult send(ConnectionId id, std::string_view text) {
    ConnectionPtr con = find(id);
    if (!con || con->get_state() != websocketpp::session::state::open) return SendResult::Closed;
    const std::size_t cap =
        con->maxBufferedBytes > 0 ? con->maxBufferedBytes : limits_.maxBufferedBytesPerConnection;
    if (con->get_buffered_amount() + text.size() > cap) {
      log("send_overflow", "connection " + std::to_string(id) + " closed as too slow");
      websocketpp::lib::error_code ec;
      con->close(websocketpp::close::status::policy_violation, "too slow", ec);
      return SendResult::Overflow;
    }
    websocketpp::lib::error_code ec =
        con->send(text.data(), text.size(), websocketpp::frame::opcode::text);
    return ec ? SendResult::Closed : SendResult::Sent;
  }

  void close(ConnectionId id, std::uint16_t code, std::string_view reason) {
    ConnectionPtr con = find(id);
    if (!con) return;
    websocketpp::lib::error_code ec;
    con->close(code, detail::closeReason(reason), ec);
    if (ec) log("close_failed", ec.message());
  }

  void ping(ConnectionId id) {
    ConnectionPtr con = find(id);
    if (!con) return;
    websocketpp::lib::error_code ec;
    con->ping("", ec);
    if (ec) log("ping_failed", ec.message());
  }

  std::size_t bufferedBytes(ConnectionId id) const {
    ConnectionPtr con = find(id);
    return con ? con->get_buffered_amount() : 0;
  }

  std::size_t connectionCount() const { return connections_.size(); }

 private:
  ConnectionPtr find(const connection_hdl& hdl) const {
    return detail::findConnection(endpoint_, hdl);
  }

  ConnectionPtr find(ConnectionId id) const {
    return detail::findConnection(endpoint_, connections_, id);
  }

  void log(std::string_view event, std::string_view detail) const noexcept {
    if (!handlers_.onLog) return;
    try {
      handlers_.onLog(event, detail);
    } catch (...) {
      // A throwing logger has nowhere left to report to.
    }
  }

  /// Logs what escaped an application callback, or a library handler into io_context::run().
  void onLoopError(std::string_view where, std::string_view what) const noexcept {
    if (where == detail::IoLoop::kRunWhere) {
      log("io_exception", what);
    } else {
      log("handler_exception", std::string(where) + ": " + std::string(what));
    }
  }

  /// Gives back the slot onValidate reserved for a handshake, once it has opened or failed.
  void endPendingOpen(detail::ConnectionState& con) {
    if (!con.isPendingOpen) return;
    con.isPendingOpen = false;
    --pendingOpenCount_;
  }

  void closeAfterHandlerError(const ConnectionPtr& con) {
    websocketpp::lib::error_code ec;
    con->close(websocketpp::close::status::internal_endpoint_error, "internal error", ec);
  }

  bool onValidate(const connection_hdl& hdl) {
    ConnectionPtr con = find(hdl);
    if (!con) return false;
    // Only RFC 6455: versions 0 (Hixie-76), 7 and 8 reach this point too and their processors
    // check far less (no masking, no UTF-8, no size limits on hybi00).
    if (con->get_request_header("Sec-WebSocket-Version") != "13") {
      con->set_status(http_status::bad_request);
      log("handshake_refused", "unsupported websocket version");
      return false;
    }
    if (isStopping_ || connections_.size() + pendingOpenCount_ >= limits_.maxConnections) {
      con->set_status(http_status::service_unavailable);
      con->append_header("Retry-After", std::to_string(kCapacityRetryAfterSeconds));
      log("handshake_refused", isStopping_ ? "stopping" : "connection limit reached");
      return false;
    }
    HandshakeVerdict verdict;
    if (handlers_.onHandshake) {
      HandshakeInfo info;
      info.target = con->get_resource();
      info.origin = con->get_origin();
      info.host = con->get_request_header("Host");
      info.remoteAddress = remoteAddress(con);
      info.subprotocols = con->get_requested_subprotocols();
      if (!loop_.guarded("onHandshake", [&] { verdict = handlers_.onHandshake(info); })) {
        con->set_status(http_status::internal_server_error);
        return false;
      }
    }
    if (!verdict.accept) {
      http_status::value status = toStatus(verdict.status, 400, http_status::forbidden);
      con->set_status(status);
      if (status == http_status::service_unavailable && verdict.retryAfterSeconds > 0) {
        con->append_header("Retry-After", std::to_string(verdict.retryAfterSeconds));
      }
      return false;
    }
    if (!verdict.subprotocol.empty()) {
      websocketpp::lib::error_code ec;
      con->select_subprotocol(verdict.subprotocol, ec);
      if (ec) {
        log("handshake_refused", "selected subprotocol was not offered: " + ec.message());
        con->set_status(http_status::internal_server_error);
        return false;
      }
    }
    if (verdict.maxMessageBytes > 0) con->set_max_message_size(verdict.maxMessageBytes);
    con->maxBufferedBytes = verdict.maxBufferedBytes;
    con->isPendingOpen = true;
    ++pendingOpenCount_;
    return true;
  }

  void onOpen(const connection_hdl& hdl) {
    ConnectionPtr con = find(hdl);
    if (!con) return;
    endPendingOpen(*con);
    const ConnectionId id = nextId_++;
    con->connectionId = id;
    con->isOpen = true;
    connections_.emplace(id, hdl);
    if (handlers_.onOpen) {
      ConnectionInfo info;
      info.target = con->get_resource();
      info.remoteAddress = remoteAddress(con);
      info.subprotocol = con->get_subprotocol();
      if (!loop_.guarded("onOpen", [&] { handlers_.onOpen(id, info); })) {
        closeAfterHandlerError(con);
      }
    }
    if (isStopping_) {
      websocketpp::lib::error_code ec;
      con->close(websocketpp::close::status::going_away, "server shutting down", ec);
    }
  }

  void onMessage(const connection_hdl& hdl, const MessagePtr& msg) {
    ConnectionPtr con = find(hdl);
    if (!con || !con->isOpen || con->isCloseReported || !handlers_.onMessage) return;
    if (!detail::deliverMessage(loop_, handlers_.onMessage, con->connectionId, *msg)) {
      closeAfterHandlerError(con);
    }
  }

  /// Close and fail handlers both end here: WebSocket++ calls exactly one of them per connection,
  /// but the flags make onClose exactly-once even if that ever changes.
  void onEnd(const connection_hdl& hdl) {
    ConnectionPtr con = find(hdl);
    if (!con) return;
    endPendingOpen(*con);
    if (!con->isOpen) {
      // Never opened: refused or broken handshake. The library's own reason, never a payload.
      log("handshake_failed", con->get_ec().message());
    } else if (!con->isCloseReported) {
      con->isCloseReported = true;
      connections_.erase(con->connectionId);
      notifyClose(con->connectionId);
    }
    if (isStopping_ && connections_.empty() && pendingOpenCount_ == 0) loop_.stopNow();
  }

  void notifyClose(ConnectionId id) {
    if (handlers_.onClose) loop_.guarded("onClose", [&] { handlers_.onClose(id); });
  }

  void onPong(const connection_hdl& hdl) {
    ConnectionPtr con = find(hdl);
    if (!con || !con->isOpen || !handlers_.onPong) return;
    const ConnectionId id = con->connectionId;
    loop_.guarded("onPong", [&] { handlers_.onPong(id); });
  }

  void onPongTimeout(const connection_hdl& hdl) {
    ConnectionPtr con = find(hdl);
    if (!con) return;
    log("pong_timeout", "connection " + std::to_string(con->connectionId));
    // The peer stopped answering: start the close handshake; its own timeout ends the TCP
    // connection if the peer stays silent.
    websocketpp::lib::error_code ec;
    con->close(websocketpp::close::status::going_away, "pong timeout", ec);
  }

  void onHttp(const connection_hdl& hdl) {
    ConnectionPtr con = find(hdl);
    if (!con) return;
    if (!handlers_.onHttp) {
      con->set_status(http_status::not_found);
      con->replace_header("Content-Type", "text/plain; charset=utf-8");
      con->set_body("not found\n");
      return;
    }
    const auto& request = con->get_request();
    HttpRequest req;
    req.method = request.get_method();
    req.target = con->get_resource();
    req.body = request.get_body();
    req.remoteAddress = remoteAddress(con);
    for (const auto& [name, value] : request.get_headers())
      req.headers.push_back({name, value});
    if (handlers_.onDeferredHttp && deferHttp(con, req)) return;
    HttpResponse res;
    if (!loop_.guarded("onHttp", [&] { res = handlers_.onHttp(req); })) res = internalError();
    writeHttp(*con, res);
  }

  /// Offers the request to onDeferredHttp; true when it took it (the connection then waits for
  /// the reply, which is written on the I/O thread).
  bool deferHttp(const ConnectionPtr& con, const HttpRequest& req) {
    // Nothing in WebSocket++ holds a deferred connection: this map does, on the I/O thread, until
    // the reply; a reply dropped unanswered (or answered late) costs nothing but its entry.
    const std::uint64_t token = nextDeferredToken_++;
    deferred_.emplace(token, con);
    auto reply = [this, token](HttpResponse res) {
      loop_.post([this, token, res = std::move(res)] {
        auto it = deferred_.find(token);
        if (it == deferred_.end()) return;
        if (res.bodySource) {
          streamHttp(token, res);
          return;
        }
        ConnectionPtr later = std::move(it->second);
        deferred_.erase(it);
        writeHttp(*later, res);
        websocketpp::lib::error_code ec;
        later->send_http_response(ec);
        if (ec) log("http_reply_failed", ec.message());  // e.g. the client left meanwhile
      });
    };
    bool isTaken = false;
    if (!loop_.guarded("onDeferredHttp",
                       [&] { isTaken = handlers_.onDeferredHttp(req, std::move(reply)); })) {
      deferred_.erase(token);
      writeHttp(*con, internalError());
      return true;
    }
    if (!isTaken) {
      deferred_.erase(token);
      return false;
    }
    // Deferring after the handler is safe: its reply is posted, so it runs after this returns.
    const auto ec = con->defer_http_response();
    if (ec) {
      log("http_defer_failed", ec.message());
      deferred_.erase(token);
      writeHttp(*con, internalError());
    }
    return true;
  }

  /// Writes a response with a streamed body straight to the deferred connection's socket
  /// (WebSocket++ only writes whole bodies): the head, then one piece at a time, then closes.
  void streamHttp(std::uint64_t token, const HttpResponse& res) {
    std::string head = "HTTP/1.1 " + std::to_string(res.status) + " " +
                       websocketpp::http::status_code::get_string(
                           toStatus(res.status, 100, http_status::internal_server_error)) +
                       "\r\nContent-Type: " + res.contentType +
                       "\r\nContent-Length: " + std::to_string(res.bodySource->size()) +
                       "\r\nConnection: close\r\n";
    for (const Header& h : res.headers)
      head += h.name + ": " + h.value + "\r\n";
    head += "\r\n";
    auto stream = std::make_shared<BodyStream>();
    stream->source = res.bodySource;
    stream->remaining = res.bodySource->size();
    writePiece(token, stream, std::move(head));
  }

  struct BodyStream {
    std::shared_ptr<HttpBodySource> source;
    std::uint64_t remaining = 0;
    std::string piece;  ///< being written
  };

  /// Writes `piece` to the deferred connection `token`, then asks the source for the next one.
  void writePiece(std::uint64_t token, const std::shared_ptr<BodyStream>& stream,
                  std::string piece) {
    auto it = deferred_.find(token);
    if (it == deferred_.end()) return;
    stream->piece = std::move(piece);
    asio::async_write(it->second->get_raw_socket(), asio::buffer(stream->piece),
                      [this, token, stream](const asio::error_code& ec, std::size_t) {
                        if (ec || stream->remaining == 0) {
                          if (ec) log("http_stream_ended", ec.message());  // e.g. the client left
                          endStream(token);
                          return;
                        }
                        stream->source->read([this, token, stream](std::string next) {
                          loop_.post([this, token, stream, next = std::move(next)]() mutable {
                            if (next.empty() || next.size() > stream->remaining) {
                              log("http_stream_failed", "the body source ended early");
                              endStream(token);
                              return;
                            }
                            stream->remaining -= next.size();
                            writePiece(token, stream, std::move(next));
                          });
                        });
                      });
  }

  void endStream(std::uint64_t token) {
    auto it = deferred_.find(token);
    if (it == deferred_.end()) return;
    asio::error_code ignored;
    auto& socket = it->second->get_raw_socket();
    socket.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    socket.close(ignored);
    deferred_.erase(it);
  }

  static HttpResponse internalError() {
    HttpResponse res;
    res.status = 500;
    res.body = "internal error\n";
    return res;
  }

  static void writeHttp(WsServer::connection_type& con, const HttpResponse& res) {
    con.set_status(toStatus(res.status, 100, http_status::internal_server_error));
    con.set_body(res.body);
    con.replace_header("Content-Type", res.contentType);
    for (const Header& h : res.headers)
      con.append_header(h.name, h.value);
  }

  void beginStop() {
    if (isStopping_) return;
    isStopping_ = true;
    websocketpp::lib::error_code ec;
    endpoint_.stop_listening(ec);
    loop_.releaseWork();
    std::vector<ConnectionId> ids;
    ids.reserve(connections_.size());
    for (const auto& entry : connections_)
      ids.push_back(entry.first);
    for (ConnectionId id : ids) {
      if (ConnectionPtr con = find(id)) {
        con->close(websocketpp::close::status::going_away, "server shutting down", ec);
      }
    }
    if (connections_.empty() && pendingOpenCount_ == 0) {
      loop_.stopNow();
      return;
    }
    // Peers that never answer the close must not hold run() hostage.
    loop_.stopAfter(std::min(limits_.closeHandshakeTimeoutMs, kMaxStopGraceMs));
  }

  static std::string remoteAddress(const ConnectionPtr& con) {
    asio::error_code ec;
    asio::ip::tcp::endpoint peer = con->get_raw_socket().remote_endpoint(ec);
    return ec ? std::string() : detail::addressText(peer.address());
  }

  ServerLimits limits_;
  ServerHandlers handlers_;
  // Declared before the endpoint so it outlives it: connections still queued in Asio are
  // destroyed with the io_context.
  detail::IoLoop loop_;
  WsServer endpoint_;
  std::unordered_map<ConnectionId, connection_hdl> connections_;
  /// HTTP requests waiting for their deferred reply; declared after loop_ so that these
  /// connections go before the io_context they live on.
  std::unordered_map<std::uint64_t, ConnectionPtr> deferred_;
  std::uint64_t nextDeferredToken_ = 1;
  std::size_t pendingOpenCount_ = 0;
  ConnectionId nextId_ = 1;
  bool isStopping_ = false;
};

Server::Server(ServerLimits limits, ServerHandlers handlers)
    : impl_(std::make_unique<Impl>(limits, std::move(handlers))) {}

Server::~Server() = default;

std::uint16_t Server::listen(const std::string& address, std::uint16_t port) {
  return impl_->listen(address, port);
}

void Server::run() {
  impl_->run();
}
void Server::stop() {
  impl_->stop();
}
void Server::post(std::function<void()> fn) {
  impl_->loop().post(std::move(fn));
}
void Server::postAfter(long delayMs, std::function<void()> fn) {
  impl_->loop().postAfter(delayMs, std::move(fn));
}
SendResult Server::send(ConnectionId id, std::string_view text) {
  return impl_->send(id, text);
}
void Server::close(ConnectionId id, std::uint16_t code, std::string_view reason) {
  impl_->close(id, code, reason);
}
void Server::ping(ConnectionId id) {
  impl_->ping(id);
}
std::size_t Server::bufferedBytes(ConnectionId id) const {
  return impl_->bufferedBytes(id);
}
std::size_t Server::connectionCount() const {
  return impl_->connectionCount();
}

}  // namespace sporazum::ws

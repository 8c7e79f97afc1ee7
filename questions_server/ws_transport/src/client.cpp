#include "sporazum/ws/client.hpp"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <exception>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <asio/post.hpp>

#include "asio_config.hpp"
#include "endpoint_util.hpp"
#include "io_loop.hpp"
#include "net_util.hpp"

namespace sporazum::ws {

namespace {

using detail::WsClient;
using ConnectionPtr = WsClient::connection_ptr;
using MessagePtr = WsClient::message_ptr;
using websocketpp::connection_hdl;

/// How long stop() waits for servers to answer the close handshake.
constexpr long kStopGraceMs = 1000;
/// Close code reported for connections the pool itself cut off (RFC 6455: abnormal closure).
constexpr std::uint16_t kAbnormalClose = 1006;

}  // namespace

class ClientPool::Impl {
 public:
  explicit Impl(ClientHandlers handlers) : handlers_(std::move(handlers)), loop_(&report) {
    detail::raiseFileLimit();
    detail::initEndpoint(endpoint_, loop_.context());
    endpoint_.set_user_agent("sporazum-ws-client");
    endpoint_.set_open_handler([this](connection_hdl h) { onOpen(h); });
    endpoint_.set_message_handler([this](connection_hdl h, MessagePtr m) { onMessage(h, m); });
    endpoint_.set_close_handler([this](connection_hdl h) { onEnd(h); });
    endpoint_.set_fail_handler([this](connection_hdl h) { onEnd(h); });
  }

  ClientId connect(const ClientOptions& options) {
    const ClientId id = nextId_.fetch_add(1, std::memory_order_relaxed);
    asio::post(loop_.context(), [this, id, options] { start(id, options); });
    return id;
  }

  void run() {
    loop_.run();
    // Whatever the stop grace cut off still gets its one final callback.
    std::vector<std::pair<ClientId, bool>> remaining;
    for (const auto& [id, hdl] : connections_) {
      ConnectionPtr con = find(hdl);
      const bool wasOpen = con && con->isOpen && !con->isCloseReported;
      if (con) con->isCloseReported = true;
      remaining.emplace_back(id, wasOpen);
    }
    connections_.clear();
    openCount_ = 0;
    std::sort(remaining.begin(), remaining.end());
    for (const auto& [id, wasOpen] : remaining) {
      if (wasOpen) {
        notifyClose(id, kAbnormalClose, "pool stopped");
      } else {
        notifyFail(id, 0, "pool stopped");
      }
    }
  }

  void stop() {
    asio::post(loop_.context(), [this] { beginStop(); });
  }

  detail::IoLoop& loop() { return loop_; }

  bool send(ClientId id, std::string_view payload, MessageKind kind) {
    ConnectionPtr con = find(id);
    if (!con || con->get_state() != websocketpp::session::state::open) return false;
    const auto opcode = kind == MessageKind::Text ? websocketpp::frame::opcode::text
                                                  : websocketpp::frame::opcode::binary;
    return !con->send(payload.data(), payload.size(), opcode);
  }

  void close(ClientId id, std::uint16_t code, std::string_view reason) {
    ConnectionPtr con = find(id);
    if (!con) return;
    websocketpp::lib::error_code ec;
    con->close(code, detail::closeReason(reason), ec);
  }

  std::size_t openCount() const { return openCount_; }

 private:
  ConnectionPtr find(const connection_hdl& hdl) const {
    return detail::findConnection(endpoint_, hdl);
  }

  ConnectionPtr find(ClientId id) const {
    return detail::findConnection(endpoint_, connections_, id);
  }

  /// The pool has no log callback (it serves tests and the load generator): problems go to
  /// stderr, never with payloads.
  static void report(std::string_view where, std::string_view what) noexcept {
    std::fprintf(stderr, "sporazum ws client: %.*s: %.*s\n", static_cast<int>(where.size()),
                 where.data(), static_cast<int>(what.size()), what.data());
  }

  void start(ClientId id, const ClientOptions& options) {
    if (isStopping_) {
      notifyFail(id, 0, "pool stopping");
      return;
    }
    websocketpp::lib::error_code ec;
    ConnectionPtr con = endpoint_.get_connection(options.url, ec);
    if (ec) {
      notifyFail(id, 0, ec.message());
      return;
    }
    try {
      con->connectionId = id;
      if (!options.subprotocol.empty()) con->add_subprotocol(options.subprotocol);
      if (!options.origin.empty()) con->replace_header("Origin", options.origin);
      for (const Header& h : options.extraHeaders)
        con->append_header(h.name, h.value);
    } catch (const std::exception& e) {
      notifyFail(id, 0, e.what());
      return;
    }
    connections_.emplace(id, con->get_handle());
    endpoint_.setNextSourceAddress(options.sourceAddress);
    endpoint_.connect(con);
  }

  void onOpen(const connection_hdl& hdl) {
    ConnectionPtr con = find(hdl);
    if (!con) return;
    con->isOpen = true;
    ++openCount_;
    const ClientId id = con->connectionId;
    if (handlers_.onOpen && !loop_.guarded("onOpen", [&] { handlers_.onOpen(id); })) {
      closeAfterError(con);
    }
    if (isStopping_) {
      websocketpp::lib::error_code ec;
      con->close(websocketpp::close::status::going_away, "client stopping", ec);
    }
  }

  void onMessage(const connection_hdl& hdl, const MessagePtr& msg) {
    ConnectionPtr con = find(hdl);
    if (!con || !con->isOpen || !handlers_.onMessage) return;
    if (!detail::deliverMessage(loop_, handlers_.onMessage, con->connectionId, *msg)) {
      closeAfterError(con);
    }
  }

  void onEnd(const connection_hdl& hdl) {
    ConnectionPtr con = find(hdl);
    if (!con) return;
    const ClientId id = con->connectionId;
    if (!con->isCloseReported) {
      con->isCloseReported = true;
      connections_.erase(id);
      if (con->isOpen) {
        --openCount_;
        notifyClose(id, con->get_remote_close_code(), con->get_remote_close_reason());
      } else {
        // 0 when no HTTP response arrived (refused TCP connect, timeout).
        notifyFail(id, static_cast<int>(con->get_response_code()), con->get_ec().message());
      }
    }
    if (isStopping_ && connections_.empty()) loop_.stopNow();
  }

  void notifyClose(ClientId id, std::uint16_t code, std::string_view reason) {
    if (handlers_.onClose) loop_.guarded("onClose", [&] { handlers_.onClose(id, code, reason); });
  }

  void notifyFail(ClientId id, int httpStatus, std::string_view reason) {
    if (handlers_.onFail) {
      loop_.guarded("onFail", [&] { handlers_.onFail(id, httpStatus, reason); });
    }
  }

  void closeAfterError(const ConnectionPtr& con) {
    websocketpp::lib::error_code ec;
    con->close(websocketpp::close::status::internal_endpoint_error, "client error", ec);
  }

  void beginStop() {
    if (isStopping_) return;
    isStopping_ = true;
    loop_.releaseWork();
    std::vector<ConnectionPtr> live;
    live.reserve(connections_.size());
    for (const auto& entry : connections_) {
      if (ConnectionPtr con = find(entry.second)) live.push_back(con);
    }
    for (const ConnectionPtr& con : live) {
      websocketpp::lib::error_code ec;
      if (con->isOpen) {
        con->close(websocketpp::close::status::going_away, "client stopping", ec);
      } else {
        // Still connecting: there is no close handshake to do.
        con->terminate(websocketpp::error::make_error_code(websocketpp::error::operation_canceled));
      }
    }
    if (connections_.empty()) {
      loop_.stopNow();
      return;
    }
    loop_.stopAfter(kStopGraceMs);
  }

  ClientHandlers handlers_;
  // Declared before the endpoint so it outlives it (see server.cpp).
  detail::IoLoop loop_;
  WsClient endpoint_;
  std::atomic<ClientId> nextId_{1};
  std::unordered_map<ClientId, connection_hdl> connections_;  ///< connecting or open
  std::size_t openCount_ = 0;
  bool isStopping_ = false;
};

ClientPool::ClientPool(ClientHandlers handlers)
    : impl_(std::make_unique<Impl>(std::move(handlers))) {}

ClientPool::~ClientPool() = default;

ClientId ClientPool::connect(const ClientOptions& options) {
  return impl_->connect(options);
}
void ClientPool::run() {
  impl_->run();
}
void ClientPool::stop() {
  impl_->stop();
}
void ClientPool::post(std::function<void()> fn) {
  impl_->loop().post(std::move(fn));
}
void ClientPool::postAfter(long delayMs, std::function<void()> fn) {
  impl_->loop().postAfter(delayMs, std::move(fn));
}
bool ClientPool::send(ClientId id, std::string_view payload, MessageKind kind) {
  return impl_->send(id, payload, kind);
}
void ClientPool::close(ClientId id, std::uint16_t code, std::string_view reason) {
  impl_->close(id, code, reason);
}
std::size_t ClientPool::openCount() const {
  return impl_->openCount();
}

}  // namespace sporazum::ws

#pragma once
// WebSocket++ configurations for the server and the client pool. Private to this library: only its
// .cpp files include WebSocket++ and Asio.

#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

#include <asio/error.hpp>
#include <asio/ip/address.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/steady_timer.hpp>
#include <websocketpp/client.hpp>
#include <websocketpp/concurrency/none.hpp>
#include <websocketpp/config/asio_no_tls.hpp>
#include <websocketpp/config/asio_no_tls_client.hpp>
#include <websocketpp/server.hpp>

namespace sporazum::ws::detail {

/// Per-connection bookkeeping, stored inside each WebSocket++ connection object (its
/// `connection_base`), so no side table from handle to id is needed.
struct ConnectionState {
  std::uint64_t connectionId = 0;
  bool isOpen = false;               ///< onOpen was delivered
  bool isCloseReported = false;      ///< onClose was delivered
  bool isPendingOpen = false;        ///< accepted by the validate handler, not yet open
  std::size_t maxBufferedBytes = 0;  ///< this connection's send cap; 0: the server's limit
};

/// Callback for adapter diagnostics, shared by the transports below.
using LogFn = std::function<void(std::string_view event, std::string_view detail)>;

/// Server transport that slows down the accept loop on descriptor exhaustion. WebSocket++ re-arms
/// async_accept immediately after any error, which spins a core while EMFILE lasts; delaying the
/// completion of the failed accept delays the re-arm.
template <typename Config>
class ThrottledAcceptTransport : public websocketpp::transport::asio::endpoint<Config> {
 public:
  using Base = websocketpp::transport::asio::endpoint<Config>;
  using transport_con_ptr = typename Base::transport_con_ptr;

  static constexpr std::chrono::milliseconds kAcceptRetryDelay{100};

  void setLog(LogFn log) { log_ = std::move(log); }

  void async_accept(transport_con_ptr tcon, websocketpp::transport::accept_handler callback,
                    websocketpp::lib::error_code& ec) {
    Base::async_accept(
        tcon,
        [this, callback](const websocketpp::lib::error_code& acceptEc) {
          if (!isResourceExhaustion(acceptEc)) {
            callback(acceptEc);
            return;
          }
          if (log_) log_("accept_exhausted", acceptEc.message());
          if (!retryTimer_)
            retryTimer_ = std::make_unique<asio::steady_timer>(this->get_io_service());
          retryTimer_->expires_after(kAcceptRetryDelay);
          retryTimer_->async_wait([callback, acceptEc](const asio::error_code& timerEc) {
            // Aborted only when the endpoint is being destroyed: nothing may run then.
            if (!timerEc) callback(acceptEc);
          });
        },
        ec);
  }

  void async_accept(transport_con_ptr tcon, websocketpp::transport::accept_handler callback) {
    websocketpp::lib::error_code ec;
    async_accept(tcon, std::move(callback), ec);
    if (ec) throw websocketpp::exception(ec);
  }

 private:
  static bool isResourceExhaustion(const websocketpp::lib::error_code& ec) {
    // Asio reports errno values in its own "asio.system" category, which does not compare equal
    // to std::errc conditions, so match the raw value within the system categories.
    if (ec.category() != asio::error::get_system_category() &&
        ec.category() != std::system_category()) {
      return false;
    }
    const int value = ec.value();
    return value == EMFILE || value == ENFILE || value == ENOBUFS || value == ENOMEM;
  }

  LogFn log_;
  std::unique_ptr<asio::steady_timer> retryTimer_;
};

/// Client transport that can bind each socket to a chosen local address before connecting.
/// The stock transport connects with asio::async_connect(socket, iterator), which closes and
/// reopens the socket for every candidate endpoint and so loses any earlier bind; this one
/// resolves, opens, binds and then connects the same socket to one endpoint.
template <typename Config>
class SourceBoundTransport : public websocketpp::transport::asio::endpoint<Config> {
 public:
  using Base = websocketpp::transport::asio::endpoint<Config>;
  using transport_con_ptr = typename Base::transport_con_ptr;

  static constexpr long kConnectTimeoutMs = Config::timeout_connect;

  /// Source address for the next async_connect; WebSocket++ calls async_connect synchronously from
  /// client::connect, so the caller sets this right before and it is consumed at once.
  void setNextSourceAddress(std::string address) { nextSourceAddress_ = std::move(address); }

 protected:
  void async_connect(transport_con_ptr tcon, websocketpp::uri_ptr uri,
                     websocketpp::transport::connect_handler callback) {
    std::string source = std::move(nextSourceAddress_);
    nextSourceAddress_.clear();
    if (source.empty() || !tcon->get_proxy().empty()) {
      Base::async_connect(std::move(tcon), std::move(uri), std::move(callback));
      return;
    }
    asio::error_code addressEc;
    asio::ip::address sourceAddress = asio::ip::make_address(source, addressEc);
    if (addressEc) {
      callback(std::make_error_code(std::errc::invalid_argument));
      return;
    }
    tcon->set_uri(uri);
    if (!resolver_) resolver_ = std::make_unique<asio::ip::tcp::resolver>(this->get_io_service());
    resolver_->async_resolve(
        uri->get_host(), uri->get_port_str(),
        [this, tcon, sourceAddress, callback](const asio::error_code& ec,
                                              asio::ip::tcp::resolver::results_type results) {
          if (ec) {
            callback(ec);
            return;
          }
          for (const auto& entry : results) {
            if (entry.endpoint().address().is_v4() == sourceAddress.is_v4()) {
              connectFrom(tcon, sourceAddress, entry.endpoint(), callback);
              return;
            }
          }
          callback(std::make_error_code(std::errc::address_family_not_supported));
        });
  }

 private:
  static void connectFrom(const transport_con_ptr& tcon, const asio::ip::address& source,
                          const asio::ip::tcp::endpoint& target,
                          const websocketpp::transport::connect_handler& callback) {
    asio::ip::tcp::socket& socket = tcon->get_raw_socket();
    asio::error_code ec;
    socket.open(target.protocol(), ec);
    if (!ec) {
#ifdef IP_BIND_ADDRESS_NO_PORT
      // Defer the choice of the local port to connect(), so ports are shared across different
      // destinations instead of being exhausted at bind() time (many connections per source).
      int one = 1;
      ::setsockopt(socket.native_handle(), IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
#endif
      socket.bind(asio::ip::tcp::endpoint(source, 0), ec);
    }
    if (ec) {
      callback(ec);
      return;
    }
    // The connect timer and the connect completion race; whichever comes first reports.
    auto isDone = std::make_shared<bool>(false);
    auto timer = tcon->set_timer(
        kConnectTimeoutMs, [tcon, callback, isDone](const websocketpp::lib::error_code& timerEc) {
          if (timerEc || *isDone) return;
          *isDone = true;
          asio::error_code ignored;
          tcon->get_raw_socket().cancel(ignored);
          callback(websocketpp::transport::error::make_error_code(
              websocketpp::transport::error::timeout));
        });
    socket.async_connect(target,
                         [tcon, callback, isDone, timer](const asio::error_code& connectEc) {
                           if (*isDone) return;
                           *isDone = true;
                           if (timer) timer->cancel();
                           callback(connectEc);
                         });
  }

  std::string nextSourceAddress_;
  std::unique_ptr<asio::ip::tcp::resolver> resolver_;
};

/// Everything both configurations share: single-threaded, silent, no extensions.
template <typename Base>
struct CommonConfig : public Base {
  using concurrency_type = websocketpp::concurrency::none;
  using request_type = typename Base::request_type;
  using response_type = typename Base::response_type;
  using message_type = typename Base::message_type;
  using con_msg_manager_type = typename Base::con_msg_manager_type;
  using endpoint_msg_manager_type = typename Base::endpoint_msg_manager_type;
  // Logging is compiled out: the default channels print frame and message payloads.
  using alog_type = websocketpp::log::basic<concurrency_type, websocketpp::log::alevel>;
  using elog_type = websocketpp::log::basic<concurrency_type, websocketpp::log::elevel>;
  static const websocketpp::log::level alog_level = websocketpp::log::alevel::none;
  static const websocketpp::log::level elog_level = websocketpp::log::elevel::none;

  // One I/O thread per endpoint: no strands, no locks.
  static const bool enable_multithreading = false;
  // No permessage-deflate (corrupted frames in 0.8.x, ~300 KiB zlib state per connection), and
  // no parsing of Sec-WebSocket-Extensions at all.
  static const bool enable_extensions = false;

  using connection_base = ConnectionState;

  struct transport_config : public Base::transport_config {
    using concurrency_type = websocketpp::concurrency::none;
    using alog_type = CommonConfig::alog_type;
    using elog_type = CommonConfig::elog_type;
    using request_type = CommonConfig::request_type;
    using response_type = CommonConfig::response_type;
    using socket_type = websocketpp::transport::asio::basic_socket::endpoint;
    static const bool enable_multithreading = false;
  };
};

struct ServerConfig : public CommonConfig<websocketpp::config::asio> {
  using type = ServerConfig;
  using transport_type = ThrottledAcceptTransport<transport_config>;
  /// Kept small: this buffer is inline in every connection object and 10,000 idle viewers must
  /// fit in about 32 KiB each. Messages larger than the buffer are assembled across reads.
  static const std::size_t connection_read_buffer_size = 4096;
  // Compile-time defaults; the endpoint overrides both from ServerLimits at run time.
  static const std::size_t max_message_size = 8 * 1024;
  static const std::size_t max_http_body_size = 16 * 1024;
};

struct ClientConfig : public CommonConfig<websocketpp::config::asio_client> {
  using type = ClientConfig;
  using rng_type =
      websocketpp::random::random_device::int_generator<std::uint32_t,
                                                        websocketpp::concurrency::none>;
  using transport_type = SourceBoundTransport<transport_config>;
  /// Small for the same reason as the server's: the load generator holds 10,000 of these.
  static const std::size_t connection_read_buffer_size = 2048;
  static const std::size_t max_message_size = 4 * 1024 * 1024;
  static const std::size_t max_http_body_size = 64 * 1024;
  // With extensions disabled, the 0.8.2 client fails every handshake ("Extension negotiation
  // failed" right after open). permessage-deflate stays off all the same: the config's
  // permessage_deflate_type is the "disabled" stub, so nothing is offered.
  static const bool enable_extensions = true;
};

using WsServer = websocketpp::server<ServerConfig>;
using WsClient = websocketpp::client<ClientConfig>;

}  // namespace sporazum::ws::detail

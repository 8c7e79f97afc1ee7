#pragma once
// Helpers for the WebSocket++ endpoints of the server and the client pool, over either config.

#include <cstdint>
#include <string>

#include <asio/error.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>

#include "asio_config.hpp"
#include "io_loop.hpp"
#include "sporazum/ws/server.hpp"

namespace sporazum::ws::detail {

/// The connection behind hdl, or null once it is gone.
template <typename Endpoint>
typename Endpoint::connection_ptr findConnection(const Endpoint& endpoint,
                                                 const websocketpp::connection_hdl& hdl) {
  websocketpp::lib::error_code ec;
  // get_con_from_hdl is const-incorrect in WebSocket++; the endpoint is not modified.
  typename Endpoint::connection_ptr con = const_cast<Endpoint&>(endpoint).get_con_from_hdl(hdl, ec);
  return ec ? nullptr : con;
}

/// The connection that handles (id to connection_hdl) holds under id, or null.
template <typename Endpoint, typename Handles>
typename Endpoint::connection_ptr findConnection(const Endpoint& endpoint, const Handles& handles,
                                                 typename Handles::key_type id) {
  auto it = handles.find(id);
  return it == handles.end() ? nullptr : findConnection(endpoint, it->second);
}

/// Attaches a silenced endpoint to io and turns on TCP_NODELAY for each of its connections.
template <typename Endpoint>
void initEndpoint(Endpoint& endpoint, asio::io_context& io) {
  endpoint.clear_access_channels(websocketpp::log::alevel::all);
  endpoint.clear_error_channels(websocketpp::log::elevel::all);
  endpoint.init_asio(&io);
  // Small JSON messages: latency matters more than packet count, and WebSocket++ already
  // gathers queued messages into one write. (The socket init handler runs before the socket is
  // open; the TCP pre-init handler runs once it is connected.)
  endpoint.set_tcp_pre_init_handler([&endpoint](websocketpp::connection_hdl h) {
    if (auto con = findConnection(endpoint, h)) {
      asio::error_code ignored;
      con->get_raw_socket().set_option(asio::ip::tcp::no_delay(true), ignored);
    }
  });
}

/// Hands a received message to the application's onMessage under loop's guard; returns false if
/// the handler threw.
template <typename OnMessage, typename Message>
bool deliverMessage(const IoLoop& loop, const OnMessage& onMessage, std::uint64_t id,
                    const Message& msg) {
  const MessageKind kind = msg.get_opcode() == websocketpp::frame::opcode::text
                               ? MessageKind::Text
                               : MessageKind::Binary;
  const std::string& payload = msg.get_payload();
  return loop.guarded("onMessage", [&] { onMessage(id, kind, payload); });
}

}  // namespace sporazum::ws::detail

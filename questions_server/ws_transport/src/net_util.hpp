#pragma once
// Small helpers shared by the server and the client pool.

#include <cstdint>
#include <string>
#include <string_view>

#include <asio/ip/address.hpp>

namespace sporazum::ws::detail {

/// Raises the soft RLIMIT_NOFILE to the hard limit (10,000 sockets need it); returns the
/// resulting soft limit.
std::uint64_t raiseFileLimit() noexcept;

/// Peer address as text without port; IPv4-mapped IPv6 addresses are shown as plain IPv4.
std::string addressText(const asio::ip::address& address);

/// Close reason cut to the 123 bytes a close frame allows, without splitting a UTF-8 sequence.
std::string closeReason(std::string_view reason);

/// ASCII case-insensitive comparison, as HTTP header names need.
bool equalsIgnoreCase(std::string_view a, std::string_view b) noexcept;

}  // namespace sporazum::ws::detail

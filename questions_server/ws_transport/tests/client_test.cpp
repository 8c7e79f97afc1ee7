// ClientPool behaviour: source-address binding, handshake options and failure reporting.

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "harness.hpp"
#include "raw_socket.hpp"
#include "sporazum/ws/client.hpp"

namespace sporazum::ws {
namespace {

using test_support::ClientEvents;
using test_support::ClientRunner;
using test_support::ServerEvents;
using test_support::ServerRunner;

TEST(WsClientPool, BindsEachConnectionToItsSourceAddress) {
  ServerRunner server;
  ClientRunner client;
  for (const char* source : {"127.0.0.2", "127.0.0.3"}) {
    ClientOptions options;
    options.url = server.url("/ws/viewer");
    options.sourceAddress = source;
    ClientId id = client.pool->connect(options);
    ASSERT_TRUE(client.waitOpen(id)) << source;
  }
  ASSERT_TRUE(server.waitOpened(2));
  ServerEvents events = server.events.copy();
  ASSERT_EQ(events.opened.size(), 2u);
  std::multiset<std::string> handshakeFrom;
  std::multiset<std::string> openFrom;
  for (const HandshakeInfo& h : events.handshakes)
    handshakeFrom.insert(h.remoteAddress);
  for (const auto& [id, info] : events.opened)
    openFrom.insert(info.remoteAddress);
  const std::multiset<std::string> expected{"127.0.0.2", "127.0.0.3"};
  EXPECT_EQ(handshakeFrom, expected);
  EXPECT_EQ(openFrom, expected);
}

TEST(WsClientPool, SendsTheOfferedSubprotocolOriginAndExtraHeaders) {
  test_support::RawListener listener;
  ClientRunner client;
  ClientOptions options;
  options.url = "ws://127.0.0.1:" + std::to_string(listener.port()) + "/ws/mod?x=1";
  options.subprotocol = "sporazum.v1";
  options.origin = "https://mod.example";
  options.extraHeaders = {{"X-Device", "studio-7"}};
  ClientId id = client.pool->connect(options);
  std::string head = listener.acceptAndReadHead();
  EXPECT_EQ(head.rfind("GET /ws/mod?x=1 HTTP/1.1\r\n", 0), 0u) << head;
  EXPECT_NE(head.find("Sec-WebSocket-Protocol: sporazum.v1\r\n"), std::string::npos) << head;
  EXPECT_NE(head.find("Origin: https://mod.example\r\n"), std::string::npos) << head;
  EXPECT_NE(head.find("X-Device: studio-7\r\n"), std::string::npos) << head;
  EXPECT_NE(head.find("Sec-WebSocket-Version: 13\r\n"), std::string::npos) << head;
  // The listener hung up without an HTTP answer.
  ASSERT_TRUE(client.events.waitFor([](const ClientEvents& e) { return !e.failed.empty(); }));
  auto [failedId, status, reason] = client.events.copy().failed.front();
  EXPECT_EQ(failedId, id);
  EXPECT_EQ(status, 0);
}

TEST(WsClientPool, ReportsAFailureWhenNothingListens) {
  std::uint16_t closedPort = 0;
  {
    test_support::RawListener listener;  // a port that was free a moment ago
    closedPort = listener.port();
  }
  ClientRunner client;
  ClientOptions options;
  options.url = "ws://127.0.0.1:" + std::to_string(closedPort) + "/";
  options.sourceAddress = "127.0.0.4";
  ClientId bound = client.pool->connect(options);
  ClientId invalid = client.connect("this is not a url");
  ASSERT_TRUE(client.events.waitFor([](const ClientEvents& e) { return e.failed.size() == 2; }));
  for (const auto& [id, status, reason] : client.events.copy().failed) {
    EXPECT_TRUE(id == bound || id == invalid);
    EXPECT_EQ(status, 0);
  }
  EXPECT_TRUE(client.events.copy().opened.empty());
}

TEST(WsClientPool, ReportsTheCloseCodeAndReasonTheServerSent) {
  ServerRunner server;
  ClientRunner client;
  const auto open = test_support::openConnection(server, client);
  ASSERT_TRUE(open);
  server.call([&] { server.server->close(open->serverId, 4001, "moderator kicked you"); });
  ASSERT_TRUE(client.events.waitFor([](const ClientEvents& e) { return !e.closed.empty(); }));
  auto [closedId, code, reason] = client.events.copy().closed.front();
  EXPECT_EQ(closedId, open->clientId);
  EXPECT_EQ(code, 4001);
  EXPECT_EQ(reason, "moderator kicked you");
  EXPECT_EQ(client.call([&] { return client.pool->openCount(); }), 0u);
}

TEST(WsClientPool, StopClosesEveryOpenConnectionOnce) {
  ServerRunner server;
  ClientRunner client;
  ASSERT_TRUE(client.waitOpen(client.connect(server.url(), 6)));
  EXPECT_EQ(client.call([&] { return client.pool->openCount(); }), 6u);
  client.stopAndJoin();
  ClientEvents events = client.events.copy();
  EXPECT_EQ(events.closed.size(), 6u);
  ASSERT_TRUE(server.events.waitFor([](const ServerEvents& e) { return e.closed.size() == 6; }));
}

}  // namespace
}  // namespace sporazum::ws

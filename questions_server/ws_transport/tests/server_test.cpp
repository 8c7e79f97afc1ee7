// Server behaviour over real sockets on 127.0.0.1: handshakes, limits, HTTP, back-pressure and
// shutdown. Handcrafted bytes go through RawSocket; well-formed traffic through ClientPool.

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "harness.hpp"
#include "raw_socket.hpp"
#include "sporazum/ws/server.hpp"

namespace sporazum::ws {
namespace {

using test_support::ClientEvents;
using test_support::ClientRunner;
using test_support::RawSocket;
using test_support::ServerEvents;
using test_support::ServerRunner;
using test_support::Shared;

std::size_t openedCount(ServerRunner& s) {
  return s.events.copy().opened.size();
}

bool hasLog(ServerRunner& s, std::string_view event) {
  for (const auto& [name, detail] : s.events.copy().logs) {
    if (name == event) return true;
  }
  return false;
}

TEST(WsServer, OpensEchoesAndClosesARoundTrip) {
  ServerRunner server;
  server.echo = true;
  ClientRunner client;
  ClientId id = client.connect(server.url("/ws/viewer"));
  ASSERT_TRUE(client.waitOpen(id));
  ASSERT_TRUE(client.call([&] { return client.pool->send(id, "zdravo"); }));
  ASSERT_TRUE(client.events.waitFor([](const ClientEvents& e) { return !e.messages.empty(); }));
  auto [from, kind, payload] = client.events.copy().messages.front();
  EXPECT_EQ(from, id);
  EXPECT_EQ(kind, MessageKind::Text);
  EXPECT_EQ(payload, "zdravo");

  client.call([&] { client.pool->close(id, 1000, "bye"); });
  ASSERT_TRUE(client.events.waitFor([](const ClientEvents& e) { return !e.closed.empty(); }));
  EXPECT_EQ(std::get<1>(client.events.copy().closed.front()), 1000);
  ASSERT_TRUE(server.events.waitFor([](const ServerEvents& e) { return !e.closed.empty(); }));
  ServerEvents events = server.events.copy();
  ASSERT_EQ(events.opened.size(), 1u);
  EXPECT_EQ(events.opened[0].first, 1u);  // ids count from 1
  EXPECT_EQ(events.opened[0].second.target, "/ws/viewer");
  EXPECT_EQ(events.opened[0].second.remoteAddress, "127.0.0.1");
  EXPECT_EQ(events.closed, std::vector<ConnectionId>{1});
  EXPECT_EQ(server.call([&] { return server.server->connectionCount(); }), 0u);
}

TEST(WsServer, SelectsTheSubprotocolTheApplicationChose) {
  ServerRunner server;
  RawSocket raw(server.port);
  std::string head = raw.upgrade("/ws/studio?device=7",
                                 "Sec-WebSocket-Protocol: sporazum.v1, other.v2\r\n"
                                 "Origin: https://studio.example\r\n");
  EXPECT_EQ(test_support::httpStatus(head), 101);
  EXPECT_NE(head.find("Sec-WebSocket-Protocol: sporazum.v1\r\n"), std::string::npos) << head;
  EXPECT_EQ(head.find("Server:"), std::string::npos) << "no library banner";
  ASSERT_TRUE(server.events.waitFor([](const ServerEvents& e) { return !e.opened.empty(); }));
  ServerEvents events = server.events.copy();
  ASSERT_EQ(events.handshakes.size(), 1u);
  EXPECT_EQ(events.handshakes[0].target, "/ws/studio?device=7");
  EXPECT_EQ(events.handshakes[0].origin, "https://studio.example");
  EXPECT_EQ(events.handshakes[0].remoteAddress, "127.0.0.1");
  EXPECT_EQ(events.handshakes[0].subprotocols,
            (std::vector<std::string>{"sporazum.v1", "other.v2"}));
  EXPECT_EQ(events.opened[0].second.subprotocol, "sporazum.v1");
}

TEST(WsServer, RefusesAHandshakeWithTheStatusOfTheVerdict) {
  ServerRunner server({}, [](ServerHandlers& h) {
    h.onHandshake = [](const HandshakeInfo& info) {
      HandshakeVerdict v;
      v.accept = false;
      v.status = info.target == "/busy" ? 503 : 403;
      v.retryAfterSeconds = 7;
      return v;
    };
  });
  ClientRunner client;
  ClientId id = client.connect(server.url("/forbidden"));
  ASSERT_TRUE(client.events.waitFor([](const ClientEvents& e) { return !e.failed.empty(); }));
  auto [failedId, status, reason] = client.events.copy().failed.front();
  EXPECT_EQ(failedId, id);
  EXPECT_EQ(status, 403);

  RawSocket raw(server.port);
  std::string head = raw.upgrade("/busy");
  EXPECT_EQ(test_support::httpStatus(head), 503);
  EXPECT_NE(head.find("Retry-After: 7\r\n"), std::string::npos) << head;
  EXPECT_EQ(openedCount(server), 0u);
  EXPECT_TRUE(client.events.copy().opened.empty());
}

TEST(WsServer, RefusesWebSocketVersion8) {
  ServerRunner server;
  RawSocket raw(server.port);
  raw.write(
      "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\n\r\n");
  EXPECT_EQ(test_support::httpStatus(raw.readHttpHead()), 400);
  EXPECT_TRUE(raw.waitForEof());
  EXPECT_EQ(openedCount(server), 0u);
  EXPECT_TRUE(server.events.copy().handshakes.empty()) << "refused before the application";
}

TEST(WsServer, RefusesAHixie76Handshake) {
  ServerRunner server;
  // draft-hixie-thewebsocketprotocol-76: no version header, two number keys and 8 body bytes.
  const std::string request =
      "GET /demo HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: WebSocket\r\n"
      "Origin: http://example.com\r\nSec-WebSocket-Key1: 4 @1  46546xW%0l 1 5\r\n"
      "Sec-WebSocket-Key2: 12998 5 Y3 1  .P00\r\n\r\n";
  {
    RawSocket raw(server.port);
    raw.write(request + "^n:ds[4U");
    EXPECT_EQ(test_support::httpStatus(raw.readHttpHead()), 400);
    EXPECT_TRUE(raw.waitForEof());
  }
  {
    // Without the 8 key bytes WebSocket++ itself answers before our check; refused all the same.
    RawSocket raw(server.port);
    raw.write(request);
    int status = test_support::httpStatus(raw.readHttpHead());
    EXPECT_GE(status, 400);
    EXPECT_TRUE(raw.waitForEof());
  }
  EXPECT_EQ(openedCount(server), 0u);
  EXPECT_TRUE(server.events.copy().handshakes.empty());
}

TEST(WsServer, ClosesWith1009WhenAMessageIsOverTheLimit) {
  ServerLimits limits;
  limits.maxMessageBytes = 1024;
  ServerRunner server(limits);
  ClientRunner client;
  ClientId id = client.connect(server.url());
  ASSERT_TRUE(client.waitOpen(id));
  client.call([&] { return client.pool->send(id, std::string(1024, 'a')); });
  client.call([&] { return client.pool->send(id, std::string(1025, 'b')); });
  ASSERT_TRUE(client.events.waitFor([](const ClientEvents& e) { return !e.closed.empty(); }));
  EXPECT_EQ(std::get<1>(client.events.copy().closed.front()), 1009);
  ASSERT_TRUE(server.events.waitFor([](const ServerEvents& e) { return !e.closed.empty(); }));
  ServerEvents events = server.events.copy();
  ASSERT_EQ(events.messages.size(), 1u) << "the message at the limit still passes";
  EXPECT_EQ(std::get<2>(events.messages[0]).size(), 1024u);
}

TEST(WsServer, ClosesWith1007OnInvalidUtf8InATextFrame) {
  ServerRunner server;
  RawSocket raw(server.port);
  ASSERT_EQ(test_support::httpStatus(raw.upgrade()), 101);
  raw.write(test_support::clientFrame(0x1, "ok \xC0\xAF overlong"));
  auto frame = raw.readFrame();
  ASSERT_TRUE(frame.has_value());
  EXPECT_EQ(frame->opcode, 0x8);
  EXPECT_EQ(frame->closeCode(), 1007);
  ASSERT_TRUE(server.events.waitFor([](const ServerEvents& e) { return !e.closed.empty(); }));
  EXPECT_TRUE(server.events.copy().messages.empty());
}

TEST(WsServer, DeliversBinaryFramesAsBinary) {
  ServerRunner server;
  ClientRunner client;
  ClientId id = client.connect(server.url());
  ASSERT_TRUE(client.waitOpen(id));
  const std::string bytes("\x00\xFF\xC0\x01", 4);
  client.call([&] { return client.pool->send(id, bytes, MessageKind::Binary); });
  client.call([&] { return client.pool->send(id, "text", MessageKind::Text); });
  ASSERT_TRUE(server.events.waitFor([](const ServerEvents& e) { return e.messages.size() == 2; }));
  ServerEvents events = server.events.copy();
  EXPECT_EQ(std::get<1>(events.messages[0]), MessageKind::Binary);
  EXPECT_EQ(std::get<2>(events.messages[0]), bytes);
  EXPECT_EQ(std::get<1>(events.messages[1]), MessageKind::Text);
}

TEST(WsServer, ServesHttpThroughOnHttp) {
  ServerRunner server({}, [](ServerHandlers& h) {
    h.onHttp = [](const HttpRequest& req) {
      HttpResponse res;
      res.status = req.method == "GET" ? 200 : 405;
      res.contentType = "text/plain; version=0.0.4";
      res.body =
          "target=" + req.target + " from=" + req.remoteAddress + " x=" + req.header("x-probe");
      res.headers.push_back({"Cache-Control", "no-store"});
      return res;
    };
  });
  RawSocket raw(server.port);
  raw.write("GET /metrics?format=text HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Probe: 42\r\n\r\n");
  std::string response = raw.readHttpResponse();
  EXPECT_EQ(test_support::httpStatus(response), 200);
  EXPECT_NE(response.find("Content-Type: text/plain; version=0.0.4\r\n"), std::string::npos)
      << response;
  EXPECT_NE(response.find("Cache-Control: no-store\r\n"), std::string::npos) << response;
  EXPECT_NE(response.find("\r\n\r\ntarget=/metrics?format=text from=127.0.0.1 x=42"),
            std::string::npos)
      << response;
}

TEST(WsServer, AnswersADeferredHttpRequestFromAnotherThread) {
  std::mutex mutex;
  std::vector<std::function<void(HttpResponse)>> replies;
  ServerRunner server({}, [&](ServerHandlers& h) {
    h.onHttp = [](const HttpRequest&) {
      HttpResponse res;
      res.body = "answered at once";
      return res;
    };
    h.onDeferredHttp = [&](const HttpRequest& req, std::function<void(HttpResponse)> reply) {
      if (req.target != "/later") return false;
      std::lock_guard lock(mutex);
      replies.push_back(std::move(reply));
      return true;
    };
  });
  RawSocket now(server.port);
  now.write("GET /now HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  EXPECT_NE(now.readHttpResponse().find("answered at once"), std::string::npos);

  RawSocket later(server.port);
  later.write("GET /later HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  // A client that leaves before its answer: the reply finds nobody and does nothing.
  {
    RawSocket gone(server.port);
    gone.write("GET /later HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
    auto replyCount = [&] {
      std::lock_guard lock(mutex);
      return replies.size();
    };
    while (replyCount() < 2 && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    ASSERT_EQ(replyCount(), 2u);
  }
  std::thread worker([&] {
    std::lock_guard lock(mutex);
    for (std::size_t i = 0; i < replies.size(); ++i) {
      HttpResponse res;
      res.status = 206;
      res.contentType = "video/mp4";
      res.body = std::string(3 * 1024 * 1024, static_cast<char>('a' + i));
      res.headers.push_back({"Content-Range", "bytes 0-3145727/9999999"});
      replies[i](std::move(res));
    }
  });
  worker.join();
  const std::string response = later.readHttpResponse();
  EXPECT_EQ(test_support::httpStatus(response), 206);
  EXPECT_NE(response.find("Content-Range: bytes 0-3145727/9999999\r\n"), std::string::npos);
  EXPECT_NE(response.find("\r\n\r\n" + std::string(3 * 1024 * 1024, 'a')), std::string::npos);
}

/// A body of `pieces` pieces of 256 KiB, each byte its piece's number, read on a thread of its own.
class CountingSource : public HttpBodySource {
 public:
  explicit CountingSource(int pieces, int failAt = -1) : pieces_(pieces), failAt_(failAt) {}
  ~CountingSource() override {
    for (auto& t : threads_)
      t.join();
  }
  std::uint64_t size() const override { return static_cast<std::uint64_t>(pieces_) * kPiece; }
  void read(std::function<void(std::string)> deliver) override {
    const int n = reads++;
    threads_.emplace_back([this, n, deliver = std::move(deliver)] {
      deliver(n == failAt_ ? std::string() : std::string(kPiece, static_cast<char>('a' + n % 26)));
    });
  }
  static constexpr std::size_t kPiece = 256 * 1024;
  std::atomic<int> reads{0};

 private:
  int pieces_;
  int failAt_;
  std::vector<std::thread> threads_;
};

TEST(WsServer, StreamsADeferredBodyOnePieceAtATime) {
  auto whole = std::make_shared<CountingSource>(40);  // 10 MiB
  auto failing = std::make_shared<CountingSource>(8, 3);
  auto abandoned = std::make_shared<CountingSource>(400);  // 100 MiB, never all read
  ServerRunner server({}, [&](ServerHandlers& h) {
    h.onHttp = [](const HttpRequest&) { return HttpResponse{}; };
    h.onDeferredHttp = [&](const HttpRequest& req, std::function<void(HttpResponse)> reply) {
      HttpResponse res;
      res.status = 206;
      res.contentType = "video/mp4";
      res.headers.push_back({"Accept-Ranges", "bytes"});
      res.bodySource = req.target == "/whole"     ? whole
                       : req.target == "/failing" ? std::shared_ptr<HttpBodySource>(failing)
                                                  : abandoned;
      std::thread([reply, res] { reply(res); }).detach();
      return true;
    };
  });
  {
    RawSocket raw(server.port);
    raw.write("GET /whole HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    const std::string response = raw.readHttpResponse(10000);
    EXPECT_EQ(test_support::httpStatus(response), 206);
    EXPECT_NE(response.find("Content-Length: 10485760\r\n"), std::string::npos);
    EXPECT_NE(response.find("Accept-Ranges: bytes\r\n"), std::string::npos);
    const std::string body = response.substr(response.find("\r\n\r\n") + 4);
    ASSERT_EQ(body.size(), 10485760U);
    for (int piece = 0; piece < 40; ++piece) {
      ASSERT_EQ(body[static_cast<std::size_t>(piece) * CountingSource::kPiece],
                static_cast<char>('a' + piece % 26))
          << piece;
    }
    EXPECT_EQ(whole->reads.load(), 40);
  }
  {
    // A source that fails: the client gets a short body and the connection closes.
    RawSocket raw(server.port);
    raw.write("GET /failing HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    const std::string response = raw.readHttpResponse(5000);
    const std::string body = response.substr(response.find("\r\n\r\n") + 4);
    EXPECT_EQ(body.size(), 3 * CountingSource::kPiece);
  }
  {
    // A client that leaves after the first bytes: the source is not read to its end.
    RawSocket raw(server.port);
    raw.write("GET /abandoned HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    EXPECT_FALSE(raw.readHttpHead(3000).empty());
    raw.closeNow();
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_LT(abandoned->reads.load(), 100) << "stopped once the client had gone";
}

TEST(WsServer, AnswersHttpWith404WhenNoHandlerIsSet) {
  ServerRunner server;
  RawSocket raw(server.port);
  raw.write("GET /anything HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  EXPECT_EQ(test_support::httpStatus(raw.readHttpResponse()), 404);
}

TEST(WsServer, RefusesAnHttpBodyOverTheLimitWith413) {
  ServerLimits limits;
  limits.maxHttpBodyBytes = 1000;
  std::atomic<int> calls{0};
  ServerRunner server(limits, [&](ServerHandlers& h) {
    h.onHttp = [&](const HttpRequest& req) {
      ++calls;
      HttpResponse res;
      res.body = std::to_string(req.body.size());
      return res;
    };
  });
  {
    RawSocket raw(server.port);
    raw.write("POST /submit HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\n" +
              std::string(1000, 'x'));
    std::string response = raw.readHttpResponse();
    EXPECT_EQ(test_support::httpStatus(response), 200);
    EXPECT_NE(response.find("\r\n\r\n1000"), std::string::npos) << response;
  }
  {
    RawSocket raw(server.port);
    raw.write("POST /submit HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1001\r\n\r\n" +
              std::string(1001, 'x'));
    EXPECT_EQ(test_support::httpStatus(raw.readHttpResponse()), 413);
  }
  EXPECT_EQ(calls.load(), 1);
}

TEST(WsServer, ClosesAReaderThatFallsBehindWhenItsQueueOverflows) {
  ServerLimits limits;
  limits.maxBufferedBytesPerConnection = 64 * 1024;
  limits.closeHandshakeTimeoutMs = 300;
  // Declared before the server so they outlive its I/O thread.
  Shared<SendResult> last;
  std::function<void()> burst;
  ServerRunner server(limits);
  RawSocket raw(server.port);  // completes the handshake, then never reads
  ASSERT_EQ(test_support::httpStatus(raw.upgrade()), 101);
  ASSERT_TRUE(server.waitOpened(1));
  const ConnectionId id = server.events.copy().opened[0].first;

  // Send from separate I/O turns so the kernel buffers fill first, as with a real slow reader.
  burst = [&] {
    const std::string chunk(4096, 'q');
    for (int i = 0; i < 16; ++i) {
      SendResult r = server.server->send(id, chunk);
      if (r != SendResult::Sent) {
        last.with([r](SendResult& v) { v = r; });
        return;
      }
    }
    server.server->post(burst);
  };
  last.with([](SendResult& v) { v = SendResult::Sent; });
  server.server->post(burst);
  ASSERT_TRUE(last.waitFor([](SendResult v) { return v != SendResult::Sent; }, 20000));
  EXPECT_EQ(last.copy(), SendResult::Overflow);
  EXPECT_EQ(server.call([&] { return server.server->send(id, "late"); }), SendResult::Closed);
  ASSERT_TRUE(server.events.waitFor([](const ServerEvents& e) { return !e.closed.empty(); }));
  EXPECT_EQ(server.events.copy().closed, std::vector<ConnectionId>{id});
  EXPECT_TRUE(hasLog(server, "send_overflow"));
}

TEST(WsServer, AHandshakeMayGiveOneConnectionALargerSendQueue) {
  ServerLimits limits;
  limits.maxBufferedBytesPerConnection = 64 * 1024;
  ServerRunner server(limits, [](ServerHandlers& h) {
    h.onHandshake = [](const HandshakeInfo&) {
      HandshakeVerdict verdict;
      verdict.maxBufferedBytes = 4 * 1024 * 1024;
      return verdict;
    };
  });
  RawSocket raw(server.port);  // never reads
  ASSERT_EQ(test_support::httpStatus(raw.upgrade()), 101);
  ASSERT_TRUE(server.waitOpened(1));
  const ConnectionId id = server.events.copy().opened[0].first;
  // 1 MiB in one I/O turn: far past the server-wide cap, well inside this connection's.
  const auto sent = server.call([&] {
    std::vector<SendResult> all;
    const std::string chunk(64 * 1024, 'q');
    for (int i = 0; i < 16; ++i)
      all.push_back(server.server->send(id, chunk));
    return all;
  });
  EXPECT_EQ(sent, std::vector<SendResult>(16, SendResult::Sent));
  EXPECT_FALSE(hasLog(server, "send_overflow"));
}

TEST(WsServer, RunsPostedWorkOnTheIoThread) {
  Shared<std::vector<std::string>> order;
  std::thread::id ioThread;
  ServerRunner server;
  const auto start = std::chrono::steady_clock::now();
  server.server->postAfter(60, [&] { order.with([](auto& v) { v.push_back("later"); }); });
  server.server->post([&] {
    ioThread = std::this_thread::get_id();
    order.with([](auto& v) { v.push_back("now"); });
  });
  ASSERT_TRUE(order.waitFor([](const auto& v) { return v.size() == 2; }));
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(60));
  EXPECT_EQ(order.copy(), (std::vector<std::string>{"now", "later"}));
  EXPECT_NE(ioThread, std::this_thread::get_id());
}

TEST(WsServer, RefusesWith503AtTheConnectionCap) {
  ServerLimits limits;
  limits.maxConnections = 2;
  ServerRunner server(limits);
  ClientRunner client;
  ASSERT_TRUE(client.waitOpen(client.connect(server.url(), 2)));
  ASSERT_TRUE(server.waitOpened(2));
  ClientId c = client.connect(server.url());
  ASSERT_TRUE(client.events.waitFor([](const ClientEvents& e) { return !e.failed.empty(); }));
  auto [id, status, reason] = client.events.copy().failed.front();
  EXPECT_EQ(id, c);
  EXPECT_EQ(status, 503);
  EXPECT_EQ(server.call([&] { return server.server->connectionCount(); }), 2u);
}

TEST(WsServer, CallsOnCloseExactlyOncePerConnectionWhateverClosesIt) {
  ServerLimits limits;
  limits.closeHandshakeTimeoutMs = 300;
  ServerRunner server(limits);
  ClientRunner client;
  const std::vector<ClientId> ids = client.connect(server.url(), 12);
  ASSERT_TRUE(client.waitOpen(ids));
  auto raw = std::make_unique<RawSocket>(server.port);
  ASSERT_EQ(test_support::httpStatus(raw->upgrade()), 101);
  ASSERT_TRUE(server.events.waitFor([](const ServerEvents& e) { return e.opened.size() == 13; }));

  for (int i = 0; i < 4; ++i)
    client.call([&] { client.pool->close(ids[i], 1000, ""); });
  std::vector<ConnectionId> serverIds;
  for (const auto& [id, info] : server.events.copy().opened)
    serverIds.push_back(id);
  server.call([&] {
    for (int i = 0; i < 4; ++i)
      server.server->close(serverIds[serverIds.size() - 1 - i], 4000, "kick");
  });
  raw->closeNow();  // TCP drop without a close frame; may be one of the kicked ones, harmless
  ASSERT_TRUE(server.events.waitFor([](const ServerEvents& e) { return e.closed.size() >= 8; }));
  server.stopAndJoin();  // everything still open is closed by stop()

  ServerEvents events = server.events.copy();
  std::map<ConnectionId, int> closes;
  for (ConnectionId id : events.closed)
    ++closes[id];
  ASSERT_EQ(closes.size(), events.opened.size());
  for (const auto& [id, info] : events.opened)
    EXPECT_EQ(closes[id], 1) << "connection " << id;
  EXPECT_EQ(events.closed.size(), events.opened.size());
}

TEST(WsServer, StopMakesRunReturnPromptlyWithConnectionsOpen) {
  ServerRunner server;  // default close handshake timeout 3000 ms: stop() must not wait for it
  ClientRunner client;
  ASSERT_TRUE(client.waitOpen(client.connect(server.url(), 5)));
  RawSocket silent(server.port);  // never answers the close handshake
  ASSERT_EQ(test_support::httpStatus(silent.upgrade()), 101);
  ASSERT_TRUE(server.events.waitFor([](const ServerEvents& e) { return e.opened.size() == 6; }));

  const auto start = std::chrono::steady_clock::now();
  server.server->stop();
  ASSERT_TRUE(server.runReturned.waitFor([](bool b) { return b; }, 2500));
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_LT(elapsed, std::chrono::milliseconds(1500));
  server.stopAndJoin();
  EXPECT_EQ(server.events.copy().closed.size(), 6u);
  ASSERT_TRUE(client.events.waitFor([](const ClientEvents& e) { return e.closed.size() == 5; }));
  for (const auto& [id, code, reason] : client.events.copy().closed)
    EXPECT_EQ(code, 1001);
  auto frame = silent.readFrame();
  ASSERT_TRUE(frame.has_value());
  EXPECT_EQ(frame->closeCode(), 1001);
}

TEST(WsServer, StopReturnsAtOnceWhenIdle) {
  ServerRunner server;
  const auto start = std::chrono::steady_clock::now();
  server.stopAndJoin();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(200));
}

TEST(WsServer, AnswersPingsWithOnPong) {
  ServerRunner server;
  ClientRunner client;
  const auto open = test_support::openConnection(server, client);
  ASSERT_TRUE(open);
  server.call([&] { server.server->ping(open->serverId); });
  ASSERT_TRUE(server.events.waitFor([](const ServerEvents& e) { return !e.pongs.empty(); }));
  EXPECT_EQ(server.events.copy().pongs[0], open->serverId);
}

TEST(WsServer, ContainsExceptionsThrownByHandlers) {
  ServerRunner server({}, [](ServerHandlers& h) {
    h.onMessage = [](ConnectionId, MessageKind, std::string_view) {
      throw std::runtime_error("boom");
    };
  });
  ClientRunner client;
  ClientId id = client.connect(server.url());
  ASSERT_TRUE(client.waitOpen(id));
  client.call([&] { return client.pool->send(id, "trigger"); });
  ASSERT_TRUE(client.events.waitFor([](const ClientEvents& e) { return !e.closed.empty(); }));
  EXPECT_EQ(std::get<1>(client.events.copy().closed.front()), 1011);
  EXPECT_TRUE(hasLog(server, "handler_exception"));
  ClientId again = client.connect(server.url());
  EXPECT_TRUE(client.waitOpen(again)) << "the server keeps serving";
}

TEST(WsServer, ClosesAHandshakeThatNeverCompletes) {
  ServerLimits limits;
  limits.openHandshakeTimeoutMs = 150;
  ServerRunner server(limits);
  RawSocket raw(server.port);
  raw.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n");  // and then nothing
  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(raw.waitForEof(3000));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(2000));
  EXPECT_EQ(openedCount(server), 0u);
}

TEST(WsServer, ClosesAConnectionThatStopsAnsweringPings) {
  ServerLimits limits;
  limits.pongTimeoutMs = 100;
  limits.closeHandshakeTimeoutMs = 200;
  ServerRunner server(limits);
  RawSocket raw(server.port);  // reads, but never answers a ping
  ASSERT_EQ(test_support::httpStatus(raw.upgrade()), 101);
  ASSERT_TRUE(server.waitOpened(1));
  const ConnectionId id = server.events.copy().opened[0].first;
  server.call([&] { server.server->ping(id); });
  auto ping = raw.readFrame();
  ASSERT_TRUE(ping.has_value());
  EXPECT_EQ(ping->opcode, 0x9);
  auto close = raw.readFrame();
  ASSERT_TRUE(close.has_value());
  EXPECT_EQ(close->closeCode(), 1001);
  ASSERT_TRUE(server.events.waitFor([](const ServerEvents& e) { return !e.closed.empty(); }));
  EXPECT_TRUE(hasLog(server, "pong_timeout"));
}

TEST(WsServer, BacksOffInsteadOfSpinningWhenOutOfDescriptors) {
  ServerRunner server;  // raises the soft limit to the hard one; this test lowers it again
  rlimit original{};
  ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &original), 0);
  rlimit low = original;
  low.rlim_cur = 256;
  ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &low), 0);
  std::vector<int> ballast;
  for (int fd = ::dup(0); fd >= 0; fd = ::dup(0))
    ballast.push_back(fd);
  if (ballast.empty()) {
    ::setrlimit(RLIMIT_NOFILE, &original);
    GTEST_SKIP() << "more than 256 descriptors already open";
  }
  ::close(ballast.back());  // exactly one descriptor left: the client's socket
  ballast.pop_back();
  auto raw = std::make_unique<RawSocket>(server.port);
  raw->write(test_support::upgradeRequest("/"));  // the kernel completes TCP; accept() fails
  std::this_thread::sleep_for(std::chrono::milliseconds(350));
  std::size_t failures = 0;
  const std::size_t logCount = server.events.copy().logs.size();
  for (const auto& [event, detail] : server.events.copy().logs)
    failures += event == "accept_exhausted";
  for (int fd : ballast)
    ::close(fd);
  ::setrlimit(RLIMIT_NOFILE, &original);
  EXPECT_GE(failures, 1u);
  EXPECT_LE(failures, 6u) << "about one retry per 100 ms, not a hot loop";
  EXPECT_LE(logCount, 2 * failures);
  EXPECT_TRUE(server.waitOpened(1)) << "accepting resumes once descriptors are free";
}

TEST(WsServer, ThrowsWhenThePortIsTaken) {
  ServerRunner first;
  Server second({}, {});
  EXPECT_THROW(second.listen("127.0.0.1", first.port), std::runtime_error);
  EXPECT_THROW(second.listen("not-an-address", 0), std::runtime_error);
}

TEST(HttpRequest, LooksUpHeadersCaseInsensitively) {
  HttpRequest req;
  req.headers = {{"Content-Type", "application/json"}, {"X-Forwarded-For", "10.0.0.1"}};
  EXPECT_EQ(req.header("content-type"), "application/json");
  EXPECT_EQ(req.header("X-FORWARDED-FOR"), "10.0.0.1");
  EXPECT_EQ(req.header("Origin"), "");
}

}  // namespace
}  // namespace sporazum::ws

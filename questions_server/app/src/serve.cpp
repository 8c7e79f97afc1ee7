// Wires the adapters together: WebSocket server <-> viewer hub <-> PostgreSQL store.

#include "serve.hpp"

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <thread>

#include "sporazum/core/hashing.hpp"
#include "sporazum/core/log.hpp"
#include "sporazum/core/protocol.hpp"
#include "sporazum/hub/viewer_hub.hpp"
#include "sporazum/pg/admin.hpp"
#include "sporazum/pg/question_store.hpp"
#include "sporazum/ws/server.hpp"
#include "static_site.hpp"
#include "status_pages.hpp"

namespace sporazum::app {
namespace {

constexpr std::string_view kViewerPath = "/ws/viewer";
constexpr long kSweepIntervalMs = 5000;

class WsViewerTransport : public hub::ViewerTransport {
 public:
  explicit WsViewerTransport(ws::Server& server) : server_(server) {}
  SendOutcome send(hub::ConnectionId id, std::string_view text) override {
    switch (server_.send(id, text)) {
      case ws::SendResult::Sent:
        return SendOutcome::Sent;
      case ws::SendResult::Closed:
        return SendOutcome::Closed;
      case ws::SendResult::Overflow:
        return SendOutcome::Overflow;
    }
    return SendOutcome::Closed;
  }
  void close(hub::ConnectionId id, std::uint16_t code, std::string_view reason) override {
    server_.close(id, code, reason);
  }
  void ping(hub::ConnectionId id) override { server_.ping(id); }
  void post(std::function<void()> fn) override { server_.post(std::move(fn)); }

 private:
  ws::Server& server_;
};

class PgQuestionRepository : public hub::QuestionRepository {
 public:
  explicit PgQuestionRepository(pg::QuestionStore& store) : store_(store) {}
  bool submit(core::NewQuestion question, SubmitDone done) override {
    return store_.submit(std::move(question), std::move(done)) ==
           pg::QuestionStore::Enqueue::Accepted;
  }
  void listForDevice(const core::Digest& deviceHash, std::size_t limit, ListDone done) override {
    store_.listForDevice(deviceHash, limit, std::move(done));
  }

 private:
  pg::QuestionStore& store_;
};

std::uint64_t residentMemoryBytes() {
  std::ifstream statm("/proc/self/statm");
  std::uint64_t sizePages = 0;
  std::uint64_t residentPages = 0;
  statm >> sizePages >> residentPages;
  return residentPages * static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE));
}

StoreFigures figuresOf(const pg::StoreCounters& counters) {
  StoreFigures figures;
  figures.commits = counters.commits.load();
  figures.committedRows = counters.committedRows.load();
  figures.failedCommits = counters.failedCommits.load();
  figures.reconnects = counters.reconnects.load();
  std::uint64_t running = 0;
  for (std::size_t i = 0; i < counters.batchSizeBuckets.size(); ++i) {
    if (i < pg::StoreCounters::kBatchBuckets) {
      figures.batchSizeBounds.push_back(
          static_cast<double>(pg::StoreCounters::batchBucketBound(i)));
    }
    running += counters.batchSizeBuckets[i].load();
    figures.batchSizeCumulative.push_back(running);
  }
  figures.batchSizeSum = static_cast<double>(counters.batchSizeSum.load());
  return figures;
}

// Start-up waits a while for the database (it may be starting too), then gives up clearly.
void migrateWithPatience(const Options& options) {
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(options.startupDatabaseWaitSeconds);
  while (true) {
    try {
      auto report = pg::migrate(options.databaseUri, options.migrationsDir);
      log::info("migrations",
                {{"applied", static_cast<std::int64_t>(report.applied.size())},
                 {"already_applied", static_cast<std::int64_t>(report.alreadyThere.size())}});
      return;
    } catch (const std::exception& e) {
      const std::string what = e.what();
      if (what.find("changed since it was applied") != std::string::npos ||
          std::chrono::steady_clock::now() >= deadline) {
        throw;
      }
      log::warn("database_wait", {{"detail", what}});
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
  }
}

ws::HttpResponse textResponse(int status, std::string body) {
  ws::HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  response.headers = {{"Cache-Control", "no-store"}, {"X-Content-Type-Options", "nosniff"}};
  return response;
}

}  // namespace

int serve(const Options& options) {
  // Signals are taken by a dedicated thread, so every other thread blocks them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  ::signal(SIGPIPE, SIG_IGN);

  migrateWithPatience(options);
  const core::Digest hashKey = pg::loadOrCreateHashKey(options.databaseUri);
  const StaticSite site(options.webRoot, options.assetsDir);

  hub::HubConfig hubConfig;
  hubConfig.perConnection = options.perConnection;
  hubConfig.perAddress = options.perAddress;
  hubConfig.municipalityCodes = site.municipalityCodes();
  hubConfig.hashKey = hashKey;
  hubConfig.maxConnectionsPerAddress = options.maxConnectionsPerAddress;

  pg::StoreOptions storeOptions;
  storeOptions.connectionUri = options.databaseUri;
  storeOptions.writerThreads = options.dbWriters;
  storeOptions.maxBatch = options.maxBatch;
  storeOptions.maxQueue = options.maxQueue;

  ws::ServerLimits limits;
  limits.maxConnections = options.maxConnections;

  // The handlers reach the hub and the store through these, set once both exist; they only run
  // inside server.run().
  hub::ViewerHub* hubPointer = nullptr;
  pg::QuestionStore* storePointer = nullptr;
  ws::ServerHandlers handlers;
  handlers.onHandshake = [&](const ws::HandshakeInfo& info) {
    ws::HandshakeVerdict verdict;
    if (info.target.substr(0, info.target.find('?')) != kViewerPath) {
      verdict.accept = false;
      verdict.status = 404;
      return verdict;
    }
    if (!hubPointer->acceptsConnectionFrom(info.remoteAddress)) {
      verdict.accept = false;
      verdict.status = 503;
      verdict.retryAfterSeconds = 30;
      return verdict;
    }
    for (const auto& offered : info.subprotocols) {
      if (offered == protocol::kSubprotocol) verdict.subprotocol = offered;
    }
    if (verdict.subprotocol.empty()) {
      verdict.accept = false;
      verdict.status = 400;
    }
    return verdict;
  };
  handlers.onOpen = [&](ws::ConnectionId id, const ws::ConnectionInfo& info) {
    hubPointer->onOpen(id, info.remoteAddress);
  };
  handlers.onMessage = [&](ws::ConnectionId id, ws::MessageKind kind, std::string_view payload) {
    hubPointer->onMessage(id, payload, kind == ws::MessageKind::Binary);
  };
  handlers.onClose = [&](ws::ConnectionId id) { hubPointer->onClose(id); };
  handlers.onPong = [&](ws::ConnectionId id) { hubPointer->onPong(id); };
  handlers.onLog = [](std::string_view event, std::string_view detail) {
    log::warn("websocket", {{"what", event}, {"detail", detail}});
  };
  handlers.onHttp = [&](const ws::HttpRequest& request) {
    if (request.method != "GET" && request.method != "HEAD") {
      return textResponse(405, "only GET and HEAD are served\n");
    }
    const std::string_view path =
        std::string_view(request.target).substr(0, request.target.find('?'));
    ws::HttpResponse response;
    if (path == "/healthz") {
      auto page = renderHealth(storePointer->health(), storePointer->episode(),
                               hubPointer->connectionCount());
      response = textResponse(page.status, std::move(page.body));
      response.contentType = "application/json";
    } else if (path == "/metrics") {
      response = textResponse(
          200, renderMetrics(hubPointer->metrics(), figuresOf(storePointer->counters()),
                             storePointer->health(), residentMemoryBytes()));
      response.contentType = "text/plain; version=0.0.4; charset=utf-8";
    } else if (const StaticFile* file = site.find(request.target)) {
      response.contentType = file->contentType;
      response.body = file->body;
      response.headers = {
          {"Cache-Control", "no-cache"},
          {"X-Content-Type-Options", "nosniff"},
          {"Referrer-Policy", "no-referrer"},
          {"Content-Security-Policy",
           "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
           "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"}};
    } else {
      response = textResponse(404, "not found\n");
    }
    if (request.method == "HEAD") response.body.clear();
    return response;
  };

  // Destroyed in reverse: the hub, then the store (its last results are posted into a stopped
  // server and dropped), then the server its threads post into.
  ws::Server server(limits, handlers);
  WsViewerTransport transport(server);
  pg::QuestionStore store(storeOptions);
  PgQuestionRepository repository(store);
  hub::ViewerHub viewerHub(hubConfig, transport, repository);
  hubPointer = &viewerHub;
  storePointer = &store;

  store.onEpisodeChange([&server, &viewerHub](core::EpisodeStatus episode) {
    server.post([&viewerHub, episode] { viewerHub.onEpisodeChange(episode); });
  });
  store.onStateChange([&server, &viewerHub](core::StateChange change) {
    server.post([&viewerHub, change] { viewerHub.onStateChange(change); });
  });
  store.start();  // polls once before it returns: health and episode are known from here on
  viewerHub.onEpisodeChange(store.episode());

  const std::uint16_t port = server.listen(options.listenAddress, options.port);
  std::function<void()> sweep = [&] {
    viewerHub.sweep();
    server.postAfter(kSweepIntervalMs, sweep);
  };
  server.postAfter(kSweepIntervalMs, sweep);

  if (!options.portFile.empty()) {
    std::ofstream(options.portFile + ".tmp") << port << "\n";
    std::filesystem::rename(options.portFile + ".tmp", options.portFile);
  }
  const std::string host = options.listenAddress == "0.0.0.0" ? "127.0.0.1" : options.listenAddress;
  log::info("listening", {{"url", "http://" + host + ":" + std::to_string(port) + "/"},
                          {"questions_open", store.episode().questionsOpen}});

  std::thread signalWaiter([&server, signals] {
    int received = 0;
    sigwait(&signals, &received);
    log::info("stopping", {{"signal", static_cast<std::int64_t>(received)}});
    server.stop();
  });
  server.run();
  // run() also returns on a fatal I/O error: make sure the waiter can finish either way.
  pthread_kill(signalWaiter.native_handle(), SIGTERM);
  signalWaiter.join();
  log::info("stopped");
  return 0;
}

}  // namespace sporazum::app

// Wires the adapters together: WebSocket server <-> viewer hub <-> PostgreSQL store.

#include "serve.hpp"

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <thread>

#include <future>
#include <sstream>
#include <unordered_map>

#include "archive_service.hpp"
#include "password_worker.hpp"
#include "sporazum/autofilter/shared_filter.hpp"
#include "sporazum/autofilter/verdict_codes.hpp"
#include "sporazum/core/hashing.hpp"
#include "sporazum/core/log.hpp"
#include "sporazum/core/protocol.hpp"
#include "sporazum/desk/moderation_desk.hpp"
#include "sporazum/desk/origin.hpp"
#include "sporazum/hub/viewer_hub.hpp"
#include "sporazum/pg/admin.hpp"
#include "sporazum/pg/desk_store.hpp"
#include "sporazum/pg/question_store.hpp"
#include "sporazum/ws/server.hpp"
#include "static_site.hpp"
#include "status_pages.hpp"

namespace sporazum::app {
namespace {

constexpr std::string_view kViewerPath = "/ws/viewer";
constexpr std::string_view kStaffPath = "/ws/staff";
/// Staff may send a whole lexicon in one message; the desk holds everyone else to 64 KiB.
constexpr std::size_t kMaxStaffMessageBytes = desk::wire::kMaxLexiconBytes + 64 * 1024;
/// A desk's snapshot of a busy episode, or a burst of pushes after a database stall, is megabytes
/// (measured: 256 KiB, the viewers' cap, closed all ten desks in a benchmark); staff are few.
constexpr std::size_t kMaxStaffBufferedBytes = 64 * 1024 * 1024;
constexpr long kSweepIntervalMs = 5000;

class WsTransport : public core::Transport {
 public:
  explicit WsTransport(ws::Server& server) : server_(server) {}
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

/// The desk's storage port over the PostgreSQL desk store: the same calls, one adapter.
class PgDeskRepository : public desk::DeskRepository {
 public:
  explicit PgDeskRepository(pg::DeskStore& store) : store_(store) {}
  void findAccount(std::string username,
                   Done<core::Result<std::optional<core::StaffAccount>>> done) override {
    store_.findAccount(std::move(username), std::move(done));
  }
  void createSession(core::StaffIdentity who, core::Digest tokenDigest, std::int64_t ttlSeconds,
                     Done<core::Result<core::StaffSession>> done) override {
    store_.createSession(std::move(who), tokenDigest, ttlSeconds, std::move(done));
  }
  void resolveSession(core::Digest tokenDigest,
                      Done<core::Result<core::StaffSession>> done) override {
    store_.resolveSession(tokenDigest, std::move(done));
  }
  void revokeSession(core::Digest tokenDigest, Done<bool> done) override {
    store_.revokeSession(tokenDigest, std::move(done));
  }
  void stillValidSessions(std::vector<core::Digest> tokenDigests,
                          Done<std::optional<std::vector<core::Digest>>> done) override {
    store_.stillValidSessions(std::move(tokenDigests), std::move(done));
  }
  void loadEpisodeQuestions(std::int64_t episodeId,
                            Done<std::optional<std::vector<core::ModQuestion>>> done) override {
    store_.loadEpisodeQuestions(episodeId, std::move(done));
  }
  void applyChange(core::ModChange change, Done<core::ChangeOutcome> done) override {
    store_.applyChange(std::move(change), std::move(done));
  }
  void undoLastChange(core::StaffIdentity who, std::int64_t episodeId,
                      Done<core::ChangeOutcome> done) override {
    store_.undoLastChange(std::move(who), episodeId, std::move(done));
  }
  void setFeedWanted(bool isWanted) override { store_.setFeedWanted(isWanted); }
  void readAudit(core::AuditQuery query,
                 Done<std::optional<std::vector<core::AuditEntry>>> done) override {
    store_.readAudit(query, std::move(done));
  }
  void readLexicon(Done<std::optional<core::LexiconText>> done) override {
    store_.readLexicon(std::move(done));
  }
  void saveLexicon(std::string body, std::int64_t baseVersion, core::StaffIdentity who,
                   Done<core::Result<core::LexiconText>> done) override {
    store_.saveLexicon(std::move(body), baseVersion, std::move(who), std::move(done));
  }
  void applyGraphics(core::GraphicsCommand command, core::StaffIdentity by,
                     Done<core::Result<core::GraphicsCommand>> done) override {
    store_.applyGraphics(std::move(command), std::move(by), std::move(done));
  }
  void recordAsRun(std::string engine, core::AsRunReport report, Done<bool> done) override {
    store_.recordAsRun(std::move(engine), std::move(report), std::move(done));
  }
  void recordEngineError(std::string engine, core::EngineCommandError error,
                         Done<bool> done) override {
    store_.recordEngineError(std::move(engine), std::move(error), std::move(done));
  }
  void listEpisodes(Done<std::optional<std::vector<core::Episode>>> done) override {
    store_.listEpisodes(std::move(done));
  }
  void saveEpisode(core::EpisodeDraft draft, core::StaffIdentity by,
                   Done<core::Result<core::Episode>> done) override {
    store_.saveEpisode(std::move(draft), std::move(by), std::move(done));
  }
  void startEpisode(std::int64_t episodeId, core::StaffIdentity by,
                    Done<core::Result<core::Episode>> done) override {
    store_.startEpisode(episodeId, std::move(by), std::move(done));
  }
  void endEpisode(std::int64_t episodeId, core::StaffIdentity by,
                  Done<core::Result<core::Episode>> done) override {
    store_.endEpisode(episodeId, std::move(by), std::move(done));
  }
  void loadQueue(std::int64_t episodeId,
                 Done<std::optional<std::vector<core::AirQuestion>>> done) override {
    store_.loadQueue(episodeId, std::move(done));
  }
  void changeQueue(core::QueueChange change, Done<core::ChangeOutcome> done) override {
    store_.changeQueue(std::move(change), std::move(done));
  }
  void recordRecording(core::StaffIdentity engine, core::RecordingReport report,
                       Done<bool> done) override {
    store_.recordRecording(std::move(engine), std::move(report), std::move(done));
  }

 private:
  pg::DeskStore& store_;
};

std::string readTextFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

/// Parses a lexicon or fails start-up naming the file and line.
std::shared_ptr<const autofilter::Lexicon> parseLexiconOrThrow(const std::string& text,
                                                               const std::string& origin) {
  auto parsed = autofilter::Lexicon::parse(text);
  if (!parsed) throw std::runtime_error(origin + ": " + parsed.error().message);
  return std::make_shared<const autofilter::Lexicon>(std::move(*parsed));
}

/// The newest admin-edited lexicon, if any, read once at start-up.
std::optional<core::LexiconText> readSavedLexicon(pg::DeskStore& store) {
  std::promise<std::optional<core::LexiconText>> answer;
  auto future = answer.get_future();
  store.readLexicon([&answer](std::optional<core::LexiconText> lexicon) {
    answer.set_value(std::move(lexicon));
  });
  return future.get();
}

/// Makes the filter use an admin-edited lexicon; a version that does not parse is logged and the
/// current one kept (saving checks it, so this means someone edited the table by hand).
void useSavedLexicon(autofilter::SharedFilter& filter, const core::LexiconText& lexicon) {
  if (lexicon.version == 0) return;
  auto parsed = autofilter::Lexicon::parse(lexicon.body);
  if (!parsed) {
    log::error("lexicon_unusable",
               {{"version", lexicon.version}, {"detail", parsed.error().message}});
    return;
  }
  filter.reload(std::make_shared<const autofilter::Lexicon>(std::move(*parsed)));
  log::info("lexicon_loaded", {{"version", lexicon.version}});
}

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

  // The auto-filter runs on the store's classifier thread, before a question is stored.
  const std::string shippedLexicon = readTextFile(options.lexiconFile);
  autofilter::SharedFilter filter(parseLexiconOrThrow(shippedLexicon, options.lexiconFile));

  pg::StoreOptions storeOptions;
  storeOptions.connectionUri = options.databaseUri;
  storeOptions.writerThreads = options.dbWriters;
  storeOptions.maxBatch = options.maxBatch;
  storeOptions.maxQueue = options.maxQueue;
  storeOptions.classify = [&filter](core::NewQuestion& question) {
    const auto verdict = filter.classify(question.text);
    question.filterAction = std::string(autofilter::actionCode(verdict.action));
    question.filterReasonsJson = autofilter::reasonsJson(verdict);
    question.language = std::string(autofilter::languageCode(verdict.language));
  };

  desk::DeskConfig deskConfig;
  deskConfig.sessionTtlSeconds = options.staffSessionSeconds;
  deskConfig.shippedLexicon = shippedLexicon;
  pg::DeskStoreOptions deskStoreOptions;
  deskStoreOptions.connectionUri = options.databaseUri;

  ws::ServerLimits limits;
  limits.maxConnections = options.maxConnections;

  // The handlers reach the hub and the store through these, set once both exist; they only run
  // inside server.run().
  hub::ViewerHub* hubPointer = nullptr;
  desk::ModerationDesk* deskPointer = nullptr;
  pg::QuestionStore* storePointer = nullptr;
  ws::ServerHandlers handlers;
  handlers.onHandshake = [&](const ws::HandshakeInfo& info) {
    ws::HandshakeVerdict verdict;
    const std::string path = info.target.substr(0, info.target.find('?'));
    if (path == kStaffPath) {
      if (!desk::isAllowedStaffOrigin(info.origin, info.host, options.staffOrigins)) {
        verdict.accept = false;
        verdict.status = 403;
        return verdict;
      }
      for (const auto& offered : info.subprotocols) {
        if (offered == desk::wire::kSubprotocol) verdict.subprotocol = offered;
      }
      if (verdict.subprotocol.empty()) {
        verdict.accept = false;
        verdict.status = 400;
      }
      verdict.maxMessageBytes = kMaxStaffMessageBytes;
      verdict.maxBufferedBytes = kMaxStaffBufferedBytes;
      return verdict;
    }
    if (path != kViewerPath) {
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
  // Which connections are staff (I/O thread only); all others are viewers.
  std::unordered_map<ws::ConnectionId, bool> isStaff;
  auto isStaffConnection = [&isStaff](ws::ConnectionId id) {
    auto it = isStaff.find(id);
    return it != isStaff.end() && it->second;
  };
  handlers.onOpen = [&](ws::ConnectionId id, const ws::ConnectionInfo& info) {
    if (info.subprotocol == desk::wire::kSubprotocol) {
      isStaff[id] = true;
      deskPointer->onOpen(id, info.remoteAddress);
    } else {
      hubPointer->onOpen(id, info.remoteAddress);
    }
  };
  handlers.onMessage = [&](ws::ConnectionId id, ws::MessageKind kind, std::string_view payload) {
    if (isStaffConnection(id)) {
      deskPointer->onMessage(id, payload, kind == ws::MessageKind::Binary);
    } else {
      hubPointer->onMessage(id, payload, kind == ws::MessageKind::Binary);
    }
  };
  handlers.onClose = [&](ws::ConnectionId id) {
    if (isStaffConnection(id)) {
      isStaff.erase(id);
      deskPointer->onClose(id);
    } else {
      hubPointer->onClose(id);
    }
  };
  handlers.onPong = [&](ws::ConnectionId id) {
    if (isStaffConnection(id)) {
      deskPointer->onPong(id);
    } else {
      hubPointer->onPong(id);
    }
  };
  handlers.onLog = [](std::string_view event, std::string_view detail) {
    log::warn("websocket", {{"what", event}, {"detail", detail}});
  };
  // The archive's API and media need the database and the disk: answered later, off this thread.
  ArchiveService* archivePointer = nullptr;
  handlers.onDeferredHttp = [&](const ws::HttpRequest& request,
                                std::function<void(ws::HttpResponse)> reply) {
    return archivePointer->takeHttp(request, std::move(reply));
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

  // Destroyed in reverse: the hub, then the stores and the password worker (their last results
  // are posted into a stopped server and dropped), then the server their threads post into.
  ws::Server server(limits, handlers);
  WsTransport transport(server);
  // After the server (its replies post into it), before the desk that asks it.
  ArchiveServiceOptions archiveOptions;
  archiveOptions.databaseUri = options.databaseUri;
  archiveOptions.archiveRoot = options.archiveDir;
  archiveOptions.linkKey = hashKey;
  ArchiveService archive(archiveOptions);
  deskConfig.archiveLinks = archive.links();
  PasswordWorker passwordWorker;
  pg::DeskStore deskStore(deskStoreOptions);
  PgDeskRepository deskRepository(deskStore);
  desk::ModerationDesk moderationDesk(deskConfig, transport, deskRepository, passwordWorker);
  pg::QuestionStore store(storeOptions);
  PgQuestionRepository repository(store);
  hub::ViewerHub viewerHub(hubConfig, transport, repository);
  moderationDesk.setArchive(&archive);
  hubPointer = &viewerHub;
  deskPointer = &moderationDesk;
  storePointer = &store;
  archivePointer = &archive;

  // Viewers follow the store's episode poll; the desk follows the desk store's show feed (the same
  // current episode, with the studio's details), so its moderators, queue and show never disagree.
  store.onEpisodeChange([&server, &viewerHub](core::EpisodeStatus episode) {
    server.post([&viewerHub, episode] { viewerHub.onEpisodeChange(episode); });
  });
  store.onStateChange([&server, &viewerHub](core::StateChange change) {
    server.post([&viewerHub, change] { viewerHub.onStateChange(change); });
  });
  deskStore.onQuestions([&server, &moderationDesk](std::vector<core::ModQuestion> questions) {
    server.post([&moderationDesk, questions = std::move(questions)] {
      moderationDesk.onQuestions(questions);
    });
  });
  deskStore.onFeedReset([&server, &moderationDesk] {
    server.post([&moderationDesk] { moderationDesk.onFeedReset(); });
  });
  // Graphics are forwarded from the log, whoever wrote it (this server, another, the command line).
  deskStore.onProgramme([&server, &moderationDesk](core::ProgrammeState state) {
    server.post([&moderationDesk, state = std::move(state)] { moderationDesk.onProgramme(state); });
  });
  deskStore.onGraphicsCommands(
      [&server, &moderationDesk](std::vector<core::GraphicsCommand> commands) {
        server.post([&moderationDesk, commands = std::move(commands)] {
          moderationDesk.onGraphicsCommands(commands);
        });
      });
  deskStore.onShow([&server, &moderationDesk](std::optional<core::Episode> show) {
    server.post([&moderationDesk, show = std::move(show)] { moderationDesk.onShow(show); });
  });
  deskStore.onLexiconChange(
      [&filter](core::LexiconText lexicon) { useSavedLexicon(filter, lexicon); });
  deskStore.start();
  if (auto saved = readSavedLexicon(deskStore)) useSavedLexicon(filter, *saved);
  store.start();  // polls once before it returns: health and episode are known from here on
  viewerHub.onEpisodeChange(store.episode());
  moderationDesk.onEpisodeChange(store.episode());

  const std::uint16_t port = server.listen(options.listenAddress, options.port);
  std::function<void()> sweep = [&] {
    viewerHub.sweep();
    moderationDesk.sweep();
    server.postAfter(kSweepIntervalMs, sweep);
  };
  server.postAfter(kSweepIntervalMs, sweep);

  if (!options.portFile.empty()) {
    std::ofstream(options.portFile + ".tmp") << port << "\n";
    std::filesystem::rename(options.portFile + ".tmp", options.portFile);
  }
  const std::string host = options.listenAddress == "0.0.0.0" ? "127.0.0.1" : options.listenAddress;
  // QR codes point at the viewers' page: the address the audience uses, else this server's own.
  moderationDesk.setPublicUrl(options.publicUrl.empty()
                                  ? "http://" + host + ":" + std::to_string(port) + "/"
                                  : options.publicUrl);
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

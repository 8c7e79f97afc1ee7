#pragma once
// The staff side of the questions server: logins and sessions, role checks, the live question
// list of the current episode with near-duplicate hints, versioned moderation changes, undo,
// presence, the audit log and the lexicon; on-air graphics: producers' commands, their
// forwarding to every engine in seq order, the engines' reports back to the studio; and the
// studio: episodes, the producers' queue, recording orders to the engines, the confidence
// picture (studio_desk.cpp). Owns all staff connection state; runs on the I/O thread. Database
// and hashing results are posted back to it.

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sporazum/autofilter/near_duplicates.hpp"
#include "sporazum/core/media_link.hpp"
#include "sporazum/core/metrics.hpp"
#include "sporazum/core/moderation.hpp"
#include "sporazum/core/rate_limiter.hpp"
#include "sporazum/core/studio.hpp"
#include "sporazum/core/transport.hpp"
#include "sporazum/desk/login_throttle.hpp"
#include "sporazum/desk/ports.hpp"
#include "sporazum/desk/staff_protocol.hpp"

namespace sporazum::desk {

struct DeskConfig {
  std::int64_t sessionTtlSeconds = 12 * 3600;
  ThrottleRule perUsername{};
  ThrottleRule perAddress{.freeFailures = 20};
  int maxConsecutiveErrors = 20;  ///< then the connection is closed with 1008
  std::chrono::milliseconds pingInterval{25000};
  std::chrono::milliseconds idleTimeout{70000};
  /// How often sessions are checked against the database (revoked, account disabled).
  std::chrono::milliseconds sessionRecheckInterval{30000};
  std::chrono::milliseconds reloadRetryInterval{2000};
  std::size_t snapshotChunk = 500;
  /// Beyond this the oldest questions are dropped from memory (they stay in the database).
  std::size_t maxQuestionsInMemory = 100000;
  /// The lexicon shipped in assets/ (version 0), shown until an admin saves one.
  std::string shippedLexicon;
  /// The viewers' page, the QR code's address when a command gives none.
  std::string publicUrl;
  /// Engines that went away stay listed (as not connected) in engine_status, this many at most.
  std::size_t maxLostEngines = 16;
  /// Links to the archive's files in archive replies: thumbnails open, the proxy signed.
  core::ArchiveMediaLinks archiveLinks{core::openMediaLink, core::openMediaLink};
  /// Confidence pictures forwarded per engine; more are dropped (protocol: at most two a second).
  core::RateLimit previewRate{.burst = 2, .perMinute = 120};
};

struct DeskMetrics {
  core::Gauge staffConnections;
  core::Gauge questionsInMemory;
  core::Counter loginsSucceeded;
  core::Counter loginsFailed;
  core::Counter loginsThrottled;
  core::Counter changesApplied;
  core::Counter conflicts;
  core::Counter feedQuestions;
  core::Counter snapshotsSent;
  core::Counter graphicsCommands;   ///< applied for this server's staff
  core::Counter commandsForwarded;  ///< engine_command messages sent (one per engine)
  core::Gauge enginesConnected;
  core::Counter queueChanges;       ///< queue_move / queue_remove applied for this server's staff
  core::Counter previewsForwarded;  ///< engine_preview messages passed on (once per engine)
  core::Counter previewsDropped;    ///< over an engine's preview rate
};

class ModerationDesk {
 public:
  using SteadyClock = std::function<core::SteadyTime()>;
  using WallClock = std::function<std::int64_t()>;  ///< Unix milliseconds

  ModerationDesk(
      DeskConfig config, core::Transport& transport, DeskRepository& repository,
      PasswordChecker& passwords,
      SteadyClock steadyClock = [] { return std::chrono::steady_clock::now(); },
      WallClock wallClock =
          [] {
            return std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                .count();
          });
  ~ModerationDesk();
  ModerationDesk(const ModerationDesk&) = delete;
  ModerationDesk& operator=(const ModerationDesk&) = delete;

  // Transport events (I/O thread).
  void onOpen(core::ConnectionId id, std::string remoteAddress);
  void onMessage(core::ConnectionId id, std::string_view payload, bool isBinary);
  void onClose(core::ConnectionId id);
  void onPong(core::ConnectionId id);

  // Database events, posted to the I/O thread by the caller.
  void onEpisodeChange(const core::EpisodeStatus& episode);
  /// New and changed questions from the store's feed (any episode; others are ignored).
  void onQuestions(const std::vector<core::ModQuestion>& questions);
  /// The feed lost notifications (reconnect): reload the episode and send a new snapshot.
  void onFeedReset();
  /// The programme as recorded, once the store's feed has read it; engines are held until then.
  void onProgramme(const core::ProgrammeState& state);
  /// Logged graphics commands in seq order (from this server, others, or the command line):
  /// applied to the programme and forwarded to every engine.
  void onGraphicsCommands(const std::vector<core::GraphicsCommand>& commands);

  /// The current episode as the studio sees it (nullopt: none), from the store's feed whenever it
  /// changes: pushed to producers as show; its id, title and questions drive the desk (as
  /// onEpisodeChange); an episode going live or ending sends engine_record to every engine.
  void onShow(const std::optional<core::Episode>& show);

  /// The viewers' page address for QR codes that give none (before run(), or on the I/O thread).
  void setPublicUrl(std::string url) { config_.publicUrl = std::move(url); }
  /// The archive producers read and edit (before run()); without one, archive requests are
  /// answered try_again.
  void setArchive(ArchiveRepository* archive) { archive_ = archive; }

  /// Session expiry, session re-checks, pings, idle connections, throttle memory. Call every few
  /// seconds on the I/O thread.
  void sweep();

  const DeskMetrics& metrics() const { return metrics_; }
  std::size_t connectionCount() const { return connections_.size(); }

 private:
  struct Connection;

  void handle(core::ConnectionId id, Connection& connection, wire::Login& login);
  void handle(core::ConnectionId id, Connection& connection, const wire::Resume& resume);
  void handle(core::ConnectionId id, Connection& connection, const wire::Logout& logout);
  void handle(core::ConnectionId id, Connection& connection, wire::Act& act);
  void handle(core::ConnectionId id, Connection& connection, const wire::Undo& undo);
  void handle(core::ConnectionId id, Connection& connection, const wire::Look& look);
  void handle(core::ConnectionId id, Connection& connection, const wire::AuditRequest& request);
  void handle(core::ConnectionId id, Connection& connection, const wire::LexiconGet& request);
  void handle(core::ConnectionId id, Connection& connection, wire::LexiconSave& request);
  void handle(core::ConnectionId id, Connection& connection, wire::Graphics& request);
  void handle(core::ConnectionId id, Connection& connection, const wire::EngineAsRun& report);
  void handle(core::ConnectionId id, Connection& connection,
              const wire::EngineHealthReport& report);
  void handle(core::ConnectionId id, Connection& connection, const wire::EngineError& report);
  // The studio (studio_desk.cpp).
  void handle(core::ConnectionId id, Connection& connection, const wire::EpisodesRequest& request);
  void handle(core::ConnectionId id, Connection& connection, wire::EpisodeSave& request);
  void handle(core::ConnectionId id, Connection& connection, const wire::EpisodeStart& request);
  void handle(core::ConnectionId id, Connection& connection, const wire::EpisodeEnd& request);
  void handle(core::ConnectionId id, Connection& connection, wire::QueueEdit& request);
  void handle(core::ConnectionId id, Connection& connection,
              const wire::ArchiveEpisodesRequest& request);
  void handle(core::ConnectionId id, Connection& connection, wire::ArchiveSearchRequest& request);
  void handle(core::ConnectionId id, Connection& connection,
              const wire::ArchiveGetRequest& request);
  void handle(core::ConnectionId id, Connection& connection, wire::ArchiveEditRequest& request);
  /// Refuses an archive request with the store's error, in the protocol's words.
  void rejectArchive(core::ConnectionId id, const std::string& requestId, const core::Error& error);
  bool requireArchive(core::ConnectionId id, const Connection& connection,
                      const std::string& requestId);
  void handle(core::ConnectionId id, Connection& connection, const wire::EngineRecording& report);
  void handle(core::ConnectionId id, Connection& connection,
              const wire::EnginePreviewReport& report);

  void finishLogin(core::ConnectionId id, const std::string& requestId, const std::string& token,
                   core::Digest tokenDigest, const core::StaffSession& session);
  void finishChange(core::ConnectionId id, const std::string& requestId,
                    const core::ChangeOutcome& outcome);
  void loginFailed(core::ConnectionId id, const std::string& requestId,
                   const std::string& username);
  void signOut(core::ConnectionId id, Connection& connection, bool tellClient);

  void reloadEpisode();
  /// Once both halves of a load are in: the questions and the queue, then what the feed brought
  /// meanwhile; snapshot and queue go out.
  void finishLoad();
  /// Feed rows and change outcomes: kept by version, pushed as questions and queue_changes.
  /// Returns how many of the desk's questions changed.
  std::size_t takeRows(const std::vector<core::ModQuestion>& rows);
  /// Follows the feed and keeps the episode in memory only while someone is on the desk.
  void updateWatching();
  /// The episode's questions as snapshot messages (several when large), encoded once.
  std::vector<std::string> encodeSnapshot() const;
  /// Sends the snapshot to every desk connection.
  void broadcastSnapshot();
  /// Stores rows with a newer version; returns the entries that changed.
  std::vector<const wire::DeskQuestion*> absorb(const std::vector<core::ModQuestion>& questions);
  /// Whether anyone is on the desk: with nobody there, pushes are not even encoded.
  bool hasDeskConnection() const;
  void broadcastToDesk(const std::string& text);
  void broadcastPresence();

  bool isDeskRole(const Connection& connection) const;
  /// Producers and admins: the studio's graphics, its tally and the engines' health.
  bool isStudioRole(const Connection& connection) const;
  bool isEngine(const Connection& connection) const;
  /// Whether the connection is an engine's; answers forbidden otherwise.
  bool requireEngine(core::ConnectionId id, const Connection& connection);
  /// The engine as the as-run record and the studio name it: its account's username, known from
  /// its first message on (the name in its health report comes later, and is its own claim).
  static std::string engineNameOf(const Connection& connection);
  /// A logged-in engine gets the programme, then every command after it.
  void startEngine(core::ConnectionId id, Connection& connection);
  /// An engine leaves (closed or signed out): listed as lost.
  void engineLeft(const Connection& connection);
  void broadcastToStudio(const std::string& text);
  void broadcastEngineStatus();
  std::string encodeEngineStatus() const;
  bool requireDesk(core::ConnectionId id, const Connection& connection,
                   const std::string& requestId, bool adminOnly);
  /// Whether the connection is a producer's or an admin's; answers forbidden otherwise.
  bool requireStudio(core::ConnectionId id, const Connection& connection,
                     const std::string& requestId);
  bool hasStudioConnection() const;
  /// Rows of the queue's states (or leaving them) into queue_; returns the changed ones.
  std::vector<core::AirQuestion> absorbQueue(const std::vector<core::ModQuestion>& rows);
  /// The queue as queue messages (several when large), encoded once.
  std::vector<std::string> encodeQueue() const;
  void broadcastQueue();
  void finishQueueChange(core::ConnectionId id, const std::string& requestId,
                         const core::ChangeOutcome& outcome);
  /// Tells every engine to start or stop recording when the live episode changes.
  void updateRecording(std::optional<core::RecordingOrder> order);
  /// Answers a request that concerns an episode: done, or its error.
  void answerEpisodeRequest(core::ConnectionId id, const std::string& requestId,
                            const core::Result<core::Episode>& result);
  void reject(core::ConnectionId id, const core::Error& error, std::string_view requestId,
              std::int64_t retryAfterMs = 0);
  void send(core::ConnectionId id, const std::string& text);

  DeskConfig config_;
  core::Transport& transport_;
  DeskRepository& repository_;
  PasswordChecker& passwords_;
  ArchiveRepository* archive_ = nullptr;
  SteadyClock steadyClock_;
  WallClock wallClock_;
  DeskMetrics metrics_;
  LoginThrottle usernameThrottle_;
  LoginThrottle addressThrottle_;

  std::unordered_map<core::ConnectionId, Connection> connections_;
  core::EpisodeStatus episode_;
  bool isEpisodeLoaded_ = false;
  bool isWatching_ = false;           ///< someone is on the desk: the feed is wanted
  bool isAwaitingFeedReset_ = false;  ///< the feed was asked for; load once it says it follows
  std::uint64_t loadGeneration_ = 0;  ///< ignores answers of superseded loads
  core::SteadyTime lastLoadAttempt_{};
  core::SteadyTime lastSessionRecheck_{};
  /// Feed rows of the episode that arrive while it is loading, applied after the load.
  std::vector<core::ModQuestion> pendingFeed_;
  std::map<std::int64_t, wire::DeskQuestion> questions_;  ///< by id: oldest first
  autofilter::NearDuplicateIndex duplicates_;
  /// The programme as the log says, once the store read it; every forwarded command is applied.
  std::optional<core::ProgrammeState> programme_;
  /// Engines that went away, newest last (name, status), for engine_status.
  std::deque<wire::EngineStatus> lostEngines_;
  // The studio.
  std::optional<core::Episode> show_;  ///< the current episode, as the feed delivered it
  bool isShowKnown_ = false;
  /// The recording order the engines were given (the live episode), nullopt for none.
  std::optional<core::RecordingOrder> recording_;
  std::map<std::int64_t, core::AirQuestion> queue_;  ///< the producers' queue, by id
  /// Halves of a load in progress (reloadEpisode), kept until both are in.
  std::optional<std::vector<core::ModQuestion>> loadedQuestions_;
  std::optional<std::vector<core::AirQuestion>> loadedQueue_;
  std::shared_ptr<bool> isAlive_ = std::make_shared<bool>(true);
};

}  // namespace sporazum::desk

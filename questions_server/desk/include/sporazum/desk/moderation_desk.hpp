#pragma once
// The staff side of the questions server: logins and sessions, role checks, the live question
// list of the current episode with near-duplicate hints, versioned moderation changes, undo,
// presence, the audit log and the lexicon. Owns all staff connection state; runs on the I/O
// thread. Database and hashing results are posted back to it.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sporazum/autofilter/near_duplicates.hpp"
#include "sporazum/core/metrics.hpp"
#include "sporazum/core/moderation.hpp"
#include "sporazum/core/rate_limiter.hpp"
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

  void finishLogin(core::ConnectionId id, const std::string& requestId, const std::string& token,
                   core::Digest tokenDigest, const core::StaffSession& session);
  void finishChange(core::ConnectionId id, const std::string& requestId,
                    const core::ChangeOutcome& outcome);
  void loginFailed(core::ConnectionId id, const std::string& requestId,
                   const std::string& username);
  void signOut(core::ConnectionId id, Connection& connection, bool tellClient);

  void reloadEpisode();
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
  bool requireDesk(core::ConnectionId id, const Connection& connection,
                   const std::string& requestId, bool adminOnly);
  void reject(core::ConnectionId id, const core::Error& error, std::string_view requestId,
              std::int64_t retryAfterMs = 0);
  void send(core::ConnectionId id, const std::string& text);

  DeskConfig config_;
  core::Transport& transport_;
  DeskRepository& repository_;
  PasswordChecker& passwords_;
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
  std::shared_ptr<bool> isAlive_ = std::make_shared<bool>(true);
};

}  // namespace sporazum::desk

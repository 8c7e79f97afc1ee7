#pragma once
// The viewer side of the questions server: hello, submissions, acks, live status, questions
// open/closed, limits and keepalive. Owns all viewer connection state; runs on the I/O thread.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sporazum/core/metrics.hpp"
#include "sporazum/core/protocol.hpp"
#include "sporazum/core/question.hpp"
#include "sporazum/core/rate_limiter.hpp"
#include "sporazum/hub/ports.hpp"

namespace sporazum::hub {

struct HubConfig {
  /// Per connection: a viewer asks a few questions a show, not dozens.
  core::RateLimit perConnection{.burst = 5, .perMinute = 6};
  /// Per address: high, because whole towns share carrier-grade NAT addresses.
  core::RateLimit perAddress{.burst = 300, .perMinute = 600};
  std::set<std::string, std::less<>> municipalityCodes;
  core::Digest hashKey{};  ///< keys the device and address digests
  std::size_t welcomeQuestionLimit = 20;
  std::size_t maxInFlightPerConnection = 16;
  /// Open connections per address: generous for carrier-grade NAT, yet one machine cannot take
  /// every slot of the server.
  std::size_t maxConnectionsPerAddress = 1000;
  int maxConsecutiveErrors = 20;  ///< then the connection is closed with 1008
  std::chrono::milliseconds pingInterval{25000};
  std::chrono::milliseconds idleTimeout{70000};
  std::int64_t tryAgainAfterMs = 2000;
};

/// Counters for /metrics; updated on the I/O thread.
struct HubMetrics {
  core::Gauge connections;
  core::Counter connectionsOpened;
  core::Counter messages;
  core::Counter submissions;
  core::Counter acks;
  core::Counter duplicateAcks;
  core::Counter slowReadersClosed;
  core::Counter idleClosed;
  core::Histogram ackLatencyMs{{1, 2, 5, 10, 15, 25, 50, 100, 250, 500, 1000, 2500, 5000}};
  std::map<std::string, core::Counter, std::less<>> rejections;  ///< by error code
};

class ViewerHub {
 public:
  using Clock = std::function<core::SteadyTime()>;

  ViewerHub(
      HubConfig config, ViewerTransport& transport, QuestionRepository& repository,
      Clock clock = [] { return std::chrono::steady_clock::now(); });
  ~ViewerHub();
  ViewerHub(const ViewerHub&) = delete;
  ViewerHub& operator=(const ViewerHub&) = delete;

  /// Whether a new connection from `remoteAddress` may open (checked at the handshake).
  bool acceptsConnectionFrom(const std::string& remoteAddress) const;

  // Transport events (I/O thread).
  void onOpen(ConnectionId id, std::string remoteAddress);
  void onMessage(ConnectionId id, std::string_view payload, bool isBinary);
  void onClose(ConnectionId id);
  void onPong(ConnectionId id);

  // Database events, posted to the I/O thread by the caller.
  void onEpisodeChange(const core::EpisodeStatus& episode);
  void onStateChange(const core::StateChange& change);

  /// Pings quiet connections, closes idle ones, forgets full address buckets. Call every few
  /// seconds on the I/O thread.
  void sweep();

  const HubMetrics& metrics() const { return metrics_; }
  std::size_t connectionCount() const;
  const core::EpisodeStatus& episode() const { return episode_; }

 private:
  struct Connection;
  /// Commit results on their way from store threads to the I/O thread. One post wakes the I/O
  /// thread for a whole batch instead of one per question (20,000 wake-ups a second at full load).
  struct Mailbox {
    struct Completion {
      ConnectionId id = 0;
      std::string clientId;
      core::SteadyTime receivedAt{};
      core::SubmitResult result;
    };
    std::mutex mutex;
    std::vector<Completion> completions;
  };
  struct DigestHash {
    std::size_t operator()(const core::Digest& digest) const;
  };

  void handleHello(ConnectionId id, Connection& connection, const protocol::Hello& hello);
  void handleSubmit(ConnectionId id, Connection& connection, const protocol::Submit& submit);
  void finishSubmit(ConnectionId id, const std::string& clientId, core::SteadyTime receivedAt,
                    const core::SubmitResult& result);
  void drainMailbox();
  void sendWelcome(ConnectionId id, std::optional<std::vector<core::DeviceQuestion>> questions);
  void reject(ConnectionId id, const core::Error& error, const std::string& requestId,
              std::int64_t retryAfterMs = 0);
  void send(ConnectionId id, const std::string& text);
  void forgetDevice(ConnectionId id, const core::Digest& device);

  HubConfig config_;
  ViewerTransport& transport_;
  QuestionRepository& repository_;
  Clock clock_;
  HubMetrics metrics_;
  core::EpisodeStatus episode_;
  std::unordered_map<ConnectionId, Connection> connections_;
  std::unordered_map<core::Digest, std::vector<ConnectionId>, DigestHash> connectionsByDevice_;
  std::unordered_map<std::string, core::TokenBucket> addressBuckets_;
  std::unordered_map<std::string, std::size_t> connectionsPerAddress_;
  /// Lets callbacks from store threads find out, once posted back, that the hub is gone.
  std::shared_ptr<bool> isAlive_ = std::make_shared<bool>(true);
  std::shared_ptr<Mailbox> mailbox_ = std::make_shared<Mailbox>();
};

}  // namespace sporazum::hub

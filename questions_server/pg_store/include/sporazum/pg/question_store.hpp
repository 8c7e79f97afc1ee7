#pragma once
// The only PostgreSQL adapter (libpqxx). Callers see domain types and callbacks, never pqxx.

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sporazum/core/question.hpp"

namespace sporazum::pg {

// The domain types live in core: the store speaks the hub's language, not the other way round.
using core::DeviceQuestion;
using core::Digest;
using core::EpisodeStatus;
using core::Health;
using core::NewQuestion;
using core::StateChange;
using core::SubmitResult;
using core::SubmitStatus;

struct StoreOptions {
  std::string connectionUri;  ///< libpq URI or key=value string; empty uses the PG* environment
  int writerThreads = 2;
  std::size_t maxBatch = 512;
  std::size_t maxQueue = 50000;  ///< submit() beyond this refuses with QueueFull
  std::chrono::milliseconds unavailableAfter{3000};  ///< give up on a submission after this
  std::chrono::milliseconds pollInterval{1000};      ///< health and episode poll
  /// The auto-filter: sets filterAction, filterReasonsJson and language before the question is
  /// stored ("hold" stores it as held). Runs on the store's classifier thread, once per
  /// submission, between submit() and the writers; must be thread-safe. May be empty (every
  /// question then arrives as "none").
  std::function<void(NewQuestion&)> classify;
};

/// Statistics the store keeps for /metrics (read from any thread).
struct StoreCounters {
  std::atomic<std::uint64_t> commits{0};
  /// Rows this store inserted (duplicates and conflicts are not counted).
  std::atomic<std::uint64_t> committedRows{0};
  /// Transaction attempts that failed; each retry of a batch counts again.
  std::atomic<std::uint64_t> failedCommits{0};
  /// Connections opened again after one was lost or could not be opened (all store threads).
  std::atomic<std::uint64_t> reconnects{0};
  /// Batch sizes, per bucket (not cumulative): element i counts commits of size in
  /// (batchBucketBound(i-1), batchBucketBound(i)], bounds 1,2,4,...,1024; the last counts larger.
  static constexpr std::size_t kBatchBuckets = 11;
  std::array<std::atomic<std::uint64_t>, kBatchBuckets + 1> batchSizeBuckets{};
  /// Upper bound (inclusive) of finite bucket i < kBatchBuckets.
  static constexpr std::uint64_t batchBucketBound(std::size_t i) { return std::uint64_t{1} << i; }
  /// Submissions summed over all commits (with the buckets, a histogram's _sum and _count).
  std::atomic<std::uint64_t> batchSizeSum{0};
};

/// Durable question storage with group commit. Callbacks are invoked on store-owned threads; the
/// caller posts them to its own thread.
class QuestionStore {
 public:
  using SubmitCallback = std::function<void(SubmitResult)>;
  enum class Enqueue { Accepted, QueueFull };

  explicit QuestionStore(StoreOptions options);
  /// Stops and joins the threads; pending submissions then complete as Unavailable (and pending
  /// listings as nullopt) on the destroying thread.
  ~QuestionStore();
  QuestionStore(const QuestionStore&) = delete;
  QuestionStore& operator=(const QuestionStore&) = delete;

  /// Thread-safe. The callback runs exactly once, after the row is committed (or known not to be).
  /// A question from a device with an active ban is stored as rejected (reason "banned") and
  /// answered Stored like any other: result.state says "rejected", how the hub words that is its
  /// choice.
  Enqueue submit(NewQuestion question, SubmitCallback done);
  /// Thread-safe. Latest questions of one device, newest first (limit capped at 1000); nullopt
  /// when the database cannot answer within unavailableAfter.
  void listForDevice(Digest deviceHash, std::size_t limit,
                     std::function<void(std::optional<std::vector<DeviceQuestion>>)> done);

  /// Thread-safe, never blocks: last known values from the poller.
  Health health() const;
  EpisodeStatus episode() const;
  /// Called on the poller thread whenever episode() changes.
  void onEpisodeChange(std::function<void(EpisodeStatus)> fn);
  /// Called on the listener thread for every question state change (LISTEN question_state).
  /// Changes made while the listener is reconnecting are not replayed; erased questions (no
  /// device) are not reported.
  void onStateChange(std::function<void(StateChange)> fn);
  /// Starts writer, reader, poller, listener and reaper threads. Call after the on* setters.
  /// Submissions made before start() wait in the queue.
  void start();

  const StoreCounters& counters() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sporazum::pg

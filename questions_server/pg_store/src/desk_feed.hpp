#pragma once
// Internal to pg_store: the desk's live feed of new and changed questions, and the bookkeeping of
// question ids it skipped (ids are taken at INSERT but committed in any order).

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <utility>
#include <vector>

#include "sporazum/core/graphics.hpp"
#include "sporazum/core/moderation.hpp"
#include "sporazum/core/studio.hpp"
#include "sporazum/pg/desk_store.hpp"

namespace sporazum::pg::detail {

using FeedClock = std::chrono::steady_clock;

/// Which question ids the feed has read up to, and which ids below that it has not seen yet: a
/// writer that took ids 1–500 may commit after one that took 501–1000, so "id > highest" alone
/// would lose 1–500. Skipped ids are kept as ranges until found or given up.
class IdGaps {
 public:
  using Ranges = std::vector<std::pair<std::int64_t, std::int64_t>>;

  std::int64_t highest() const { return highest_; }
  /// Starts at `highest`, with every id in (from, highest] not in `present` (sorted) a gap.
  void reset(std::int64_t highest, std::int64_t from, const std::vector<std::int64_t>& present,
             FeedClock::time_point now);
  /// A row read above highest (ids in ascending order): the ids it jumped over become gaps.
  void advance(std::int64_t id, FeedClock::time_point now);
  /// A gap id turned up.
  void found(std::int64_t id);
  /// The gaps to look for: all of them, or only those younger than `freshFor`.
  Ranges ranges(FeedClock::time_point now, bool all, FeedClock::duration freshFor) const;
  /// Gives up gaps older than `retention` (rolled back, or ids burnt by ON CONFLICT); returns how
  /// many ids were given up.
  std::uint64_t expire(FeedClock::time_point now, FeedClock::duration retention);
  /// Ids still waited for.
  std::uint64_t size() const;

 private:
  struct Range {
    std::int64_t hi;
    FeedClock::time_point since;
  };
  std::map<std::int64_t, Range> ranges_;  // by lo
  std::int64_t highest_ = 0;
};

/// The callbacks the feed calls; set by the store's owner at any time (guarded by mutex).
struct FeedCallbacks {
  std::mutex mutex;
  std::function<void(std::vector<core::ModQuestion>)> questions;
  std::function<void(core::LexiconText)> lexicon;
  std::function<void()> reset;
  std::function<void(core::ProgrammeState)> programme;
  std::function<void(std::vector<core::GraphicsCommand>)> graphicsCommands;
  std::function<void(std::optional<core::Episode>)> show;
  /// Whether anyone reads the feed: while not, new and changed rows are not read at all (the
  /// lexicon still is), so a server nobody moderates on spends nothing on it.
  std::atomic<bool> isWanted{false};
  /// Bumped by every "wanted" call: wanted again (even if the feed never saw it unwanted in
  /// between) means a new reset, because the owner dropped what it had.
  std::atomic<std::uint64_t> wantedGeneration{0};
};

/// How store threads wait: woken early when the store stops.
struct StopSignal {
  std::mutex mutex;
  std::condition_variable wake;
  bool stopping = false;

  bool isStopping() {
    std::lock_guard lock(mutex);
    return stopping;
  }
  /// Sleeps; returns false when the store is stopping.
  bool pause(std::chrono::milliseconds duration) {
    std::unique_lock lock(mutex);
    return !wake.wait_for(lock, duration, [this] { return stopping; });
  }
};

/// The feed thread's body: LISTEN on its own connection, read what the notifications (and a poll
/// every pollInterval) point at, deliver. The graphics log and the current episode's show are
/// followed always (engines and the studio may connect at any time), questions only while wanted.
/// Returns when the store stops.
void runDeskFeed(const DeskStoreOptions& options, DeskCounters& counters, FeedCallbacks& callbacks,
                 StopSignal& stop);

}  // namespace sporazum::pg::detail

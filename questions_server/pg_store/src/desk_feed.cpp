#include "desk_feed.hpp"

#include <algorithm>
#include <charconv>
#include <memory>
#include <pqxx/pqxx>
#include <string>
#include <unordered_map>

#include "desk_queries.hpp"
#include "graphics_queries.hpp"
#include "session.hpp"
#include "sporazum/core/log.hpp"
#include "store_support.hpp"
#include "studio_queries.hpp"

namespace sporazum::pg::detail {
namespace {

using core::ModQuestion;

/// At most this many rows per query, so a long outage is caught up in bounded steps.
constexpr std::size_t kFeedBatch = 2000;
/// At start, ids this far below the highest are checked for ones still uncommitted (two writers'
/// in-flight batches are ~1,000 ids; a second of peak ingest is 20,000).
constexpr std::int64_t kStartWindow = 20000;
/// Gaps younger than this are looked for on every question_new; older ones only on the poll.
constexpr auto kFreshGap = std::chrono::seconds(2);
/// Longest wait on the socket: how soon the feed notices that the store stops.
constexpr auto kListenWait = std::chrono::milliseconds(200);
/// Graphics commands read per query (a show gives a few hundred in all).
constexpr std::size_t kGraphicsBatch = 500;
constexpr const char* kFeedStatementTimeout = "SET statement_timeout = '10s'";

using Receiver = NotificationReceiver;

class Feed {
 public:
  Feed(const DeskStoreOptions& options, DeskCounters& counters, FeedCallbacks& callbacks,
       StopSignal& stop)
      : options_(options), counters_(counters), callbacks_(callbacks), stop_(stop) {}

  void run() {
    Backoff backoff;
    auto nextPoll = FeedClock::now() + options_.pollInterval;
    while (!stop_.isStopping()) {
      if (!session_ && !connect()) {
        stop_.pause(backoff.next());
        continue;
      }
      try {
        const std::uint64_t generation = callbacks_.wantedGeneration.load();
        if (!callbacks_.isWanted.load()) {
          if (isFollowing_) stopFollowing();
        } else if (!isFollowing_ || generation != followedGeneration_) {
          followedGeneration_ = generation;
          startFollowing();
        }
        if (hasWork()) {
          session_->conn().get_notifs();  // fold in whatever else arrived meanwhile
        } else {
          const auto untilPoll =
              std::chrono::duration_cast<std::chrono::microseconds>(nextPoll - FeedClock::now());
          const auto wait =
              std::clamp(untilPoll, std::chrono::microseconds(0),
                         std::chrono::duration_cast<std::chrono::microseconds>(kListenWait));
          session_->conn().await_notification(static_cast<long>(wait.count() / 1000000),
                                              static_cast<long>(wait.count() % 1000000));
        }
        bool isPoll = false;
        if (FeedClock::now() >= nextPoll) {
          isPoll = true;
          pendingNew_ = true;
          pendingGraphics_ = true;
          pendingShow_ = true;
          nextPoll = FeedClock::now() + options_.pollInterval;
        }
        // Graphics before questions: the engines wait on a take to put it on air, and taking a
        // queued question moves every question behind it up (hundreds of rows to read back
        // with a long queue; the take-to-air benchmark saw 2-6 ms).
        if (pendingGraphics_) {
          pendingGraphics_ = false;
          try {
            readGraphics();
          } catch (const StoredGraphicsUnreadable& e) {
            // The question feed goes on; the poll tries again.
            log::error("pg.graphics_unreadable", {{"detail", e.what()}});
          }
        }
        if (isFollowing_ && (pendingNew_ || !changedIds_.empty())) readRound(isPoll);
        if (!isFollowing_) stopFollowing();  // drop what notifications asked for
        if (pendingLexicon_) {
          pendingLexicon_ = false;
          checkLexicon(true);
        }
        if (pendingShow_) {
          pendingShow_ = false;
          readShow();
        }
        backoff.reset();
      } catch (const std::exception& e) {
        log::warn("pg.feed_lost", {{"sqlstate", classifyCurrentException(false).sqlstate},
                                   {"detail", describeConnectionFailure(e.what())}});
        disconnect();
        stop_.pause(backoff.next());
      }
    }
    disconnect();
  }

 private:
  bool hasWork() const {
    return (isFollowing_ && (pendingNew_ || !changedIds_.empty())) || pendingLexicon_ ||
           pendingGraphics_ || pendingShow_;
  }

  /// From now on every committed row is read: the ids up to now are the owner's to load, which
  /// it does when told by the reset callback.
  void startFollowing() {
    {
      pqxx::nontransaction txn(session_->conn());
      const auto [highest, present] = feedRecentIds(txn, kStartWindow);
      gaps_ = IdGaps();
      gaps_.reset(highest, std::max<std::int64_t>(0, highest - kStartWindow), present,
                  FeedClock::now());
    }
    isFollowing_ = true;
    pendingNew_ = true;
    changedIds_.clear();
    announceReset();
  }

  void stopFollowing() {
    isFollowing_ = false;
    pendingNew_ = false;
    changedIds_.clear();
  }

  void announceReset() {
    counters_.feedResets.fetch_add(1, std::memory_order_relaxed);
    std::function<void()> reset;
    {
      std::lock_guard lock(callbacks_.mutex);
      reset = callbacks_.reset;
    }
    invokeSafely("onFeedReset", reset);
  }

  bool connect() {
    try {
      session_ = std::make_unique<Session>(options_.connectionUri, "sporazum_desk_feed");
      if (lost_) counters_.reconnects.fetch_add(1, std::memory_order_relaxed);
      lost_ = false;
      pqxx::connection& conn = session_->conn();
      {
        pqxx::nontransaction txn(conn);
        txn.exec(kFeedStatementTimeout);
      }
      // LISTEN first, then read: whatever commits from here on is either notified or read below.
      receivers_.push_back(std::make_unique<Receiver>(
          conn, "question_new", [this](const std::string&) { pendingNew_ = true; }));
      receivers_.push_back(std::make_unique<Receiver>(
          conn, "question_changed", [this](const std::string& payload) { noteChanged(payload); }));
      receivers_.push_back(std::make_unique<Receiver>(
          conn, "lexicon_changed", [this](const std::string&) { pendingLexicon_ = true; }));
      receivers_.push_back(std::make_unique<Receiver>(
          conn, "graphics_command", [this](const std::string&) { pendingGraphics_ = true; }));
      receivers_.push_back(std::make_unique<Receiver>(
          conn, "episode_state", [this](const std::string&) { pendingShow_ = true; }));
      prepareFeed(conn);
      checkLexicon(lexiconVersion_ >= 0);
    } catch (const std::exception& e) {
      if (!lost_) {
        log::warn("pg.feed_connect_failed", {{"detail", describeConnectionFailure(e.what())}});
      }
      disconnect();
      lost_ = true;
      return false;
    }
    // The graphics log is read on from where the feed was: nothing is lost while it was away.
    pendingGraphics_ = true;
    pendingShow_ = true;
    // Rows committed while the feed was away are read by the next round; changes are not, so the
    // owner reloads.
    if (isFollowing_) {
      pendingNew_ = true;
      announceReset();
    }
    return true;
  }

  void disconnect() {
    receivers_.clear();
    if (session_) lost_ = true;
    session_.reset();
  }

  void noteChanged(const std::string& payload) {
    std::int64_t id = 0;
    const auto [end, error] = std::from_chars(payload.data(), payload.data() + payload.size(), id);
    if (error != std::errc() || end != payload.data() + payload.size() || id <= 0) {
      log::warn("pg.bad_notification", {{"channel", "question_changed"}});
      return;
    }
    changedIds_.insert(id);
  }

  void readRound(bool isPoll) {
    const auto now = FeedClock::now();
    std::vector<ModQuestion> rows;
    {
      // Closed before the next wait: libpqxx delivers no notifications while a transaction lives.
      pqxx::nontransaction txn(session_->conn());
      if (pendingNew_) {
        pendingNew_ = false;
        for (auto& q : feedQuestionsInRanges(txn, gaps_.ranges(now, isPoll, kFreshGap))) {
          gaps_.found(q.id);
          rows.push_back(std::move(q));
        }
        auto fresh = feedQuestionsAfter(txn, gaps_.highest(), kFeedBatch);
        if (fresh.size() == kFeedBatch) pendingNew_ = true;  // more to read, at once
        for (auto& q : fresh) {
          gaps_.advance(q.id, now);
          rows.push_back(std::move(q));
        }
      }
      if (!changedIds_.empty()) {
        std::vector<std::int64_t> ids;
        auto it = changedIds_.begin();
        while (it != changedIds_.end() && ids.size() < kFeedBatch) {
          ids.push_back(*it);
          it = changedIds_.erase(it);
        }
        for (auto& q : feedQuestionsById(txn, ids))
          rows.push_back(std::move(q));
      }
    }
    counters_.feedQueries.fetch_add(1, std::memory_order_relaxed);
    counters_.feedGapsExpired.fetch_add(gaps_.expire(now, options_.gapRetention),
                                        std::memory_order_relaxed);
    counters_.feedGapIds.store(gaps_.size(), std::memory_order_relaxed);
    deliver(std::move(rows));
  }

  void deliver(std::vector<ModQuestion> rows) {
    if (rows.empty()) return;
    // One row per id: a row read twice in a round (new and changed) goes once, the later read.
    std::unordered_map<std::int64_t, std::size_t> index;
    std::vector<ModQuestion> unique;
    unique.reserve(rows.size());
    for (auto& q : rows) {
      const auto [it, inserted] = index.emplace(q.id, unique.size());
      if (inserted) {
        unique.push_back(std::move(q));
      } else if (q.version >= unique[it->second].version) {
        unique[it->second] = std::move(q);
      }
    }
    std::sort(unique.begin(), unique.end(),
              [](const ModQuestion& a, const ModQuestion& b) { return a.id < b.id; });
    counters_.feedRows.fetch_add(unique.size(), std::memory_order_relaxed);
    std::function<void(std::vector<ModQuestion>)> callback;
    {
      std::lock_guard lock(callbacks_.mutex);
      callback = callbacks_.questions;
    }
    invokeSafely("onQuestions", callback, std::move(unique));
  }

  /// Reads the programme once, then the logged graphics commands after the last one delivered.
  /// Only a run without holes is delivered: commands commit in seq order (they all lock the
  /// programme), so a hole would be a command still committing, read on the next round.
  void readGraphics() {
    std::optional<core::ProgrammeState> loaded;
    std::vector<core::GraphicsCommand> commands;
    {
      pqxx::nontransaction txn(session_->conn());
      std::int64_t after = graphicsSeq_;
      if (!isProgrammeLoaded_) {
        loaded = readProgramme(txn);
        after = loaded->seq;
      }
      commands = readCommandsAfter(txn, after, kGraphicsBatch);
      if (commands.size() == kGraphicsBatch) pendingGraphics_ = true;
      std::size_t run = 0;
      while (run < commands.size() &&
             commands[run].seq == after + 1 + static_cast<std::int64_t>(run))
        ++run;
      commands.resize(run);
    }
    if (loaded) {
      isProgrammeLoaded_ = true;
      graphicsSeq_ = loaded->seq;
      std::function<void(core::ProgrammeState)> callback;
      {
        std::lock_guard lock(callbacks_.mutex);
        callback = callbacks_.programme;
      }
      invokeSafely("onProgramme", callback, std::move(*loaded));
    }
    if (commands.empty()) return;
    graphicsSeq_ = commands.back().seq;
    std::function<void(std::vector<core::GraphicsCommand>)> callback;
    {
      std::lock_guard lock(callbacks_.mutex);
      callback = callbacks_.graphicsCommands;
    }
    invokeSafely("onGraphicsCommands", callback, std::move(commands));
  }

  /// Reads the current episode; tells the owner when it differs from the one delivered last.
  void readShow() {
    std::optional<core::Episode> show;
    {
      pqxx::nontransaction txn(session_->conn());
      show = readCurrentEpisode(txn);
    }
    if (shownEpisode_ && *shownEpisode_ == show) return;
    shownEpisode_ = show;
    std::function<void(std::optional<core::Episode>)> callback;
    {
      std::lock_guard lock(callbacks_.mutex);
      callback = callbacks_.show;
    }
    invokeSafely("onShow", callback, std::move(show));
  }

  /// Reads the newest lexicon; tells the owner when it differs from the one known (`announce`).
  void checkLexicon(bool announce) {
    core::LexiconText lexicon = readLexicon(session_->conn());
    const bool changed = lexicon.version != lexiconVersion_;
    lexiconVersion_ = lexicon.version;
    if (!announce || !changed) return;
    std::function<void(core::LexiconText)> callback;
    {
      std::lock_guard lock(callbacks_.mutex);
      callback = callbacks_.lexicon;
    }
    invokeSafely("onLexiconChange", callback, std::move(lexicon));
  }

  const DeskStoreOptions& options_;
  DeskCounters& counters_;
  FeedCallbacks& callbacks_;
  StopSignal& stop_;

  std::unique_ptr<Session> session_;
  std::vector<std::unique_ptr<Receiver>> receivers_;
  bool lost_ = false;
  bool isFollowing_ = false;
  std::uint64_t followedGeneration_ = 0;
  IdGaps gaps_;
  bool pendingNew_ = false;
  bool pendingLexicon_ = false;
  std::set<std::int64_t> changedIds_;
  std::int64_t lexiconVersion_ = -1;  // not read yet
  bool pendingGraphics_ = false;
  bool pendingShow_ = false;
  /// The show delivered last (outer nullopt: none yet; inner: there is no episode).
  std::optional<std::optional<core::Episode>> shownEpisode_;
  bool isProgrammeLoaded_ = false;
  std::int64_t graphicsSeq_ = 0;  ///< the last graphics command delivered
};

}  // namespace

void IdGaps::reset(std::int64_t highest, std::int64_t from,
                   const std::vector<std::int64_t>& present, FeedClock::time_point now) {
  ranges_.clear();
  highest_ = from;
  for (const std::int64_t id : present)
    advance(id, now);
  if (highest_ < highest) {
    ranges_[highest_ + 1] = Range{highest, now};
    highest_ = highest;
  }
}

void IdGaps::advance(std::int64_t id, FeedClock::time_point now) {
  if (id <= highest_) {
    found(id);
    return;
  }
  if (id > highest_ + 1) ranges_[highest_ + 1] = Range{id - 1, now};
  highest_ = id;
}

void IdGaps::found(std::int64_t id) {
  auto it = ranges_.upper_bound(id);
  if (it == ranges_.begin()) return;
  --it;
  const std::int64_t lo = it->first;
  const Range range = it->second;
  if (id > range.hi) return;
  ranges_.erase(it);
  if (lo < id) ranges_[lo] = Range{id - 1, range.since};
  if (id < range.hi) ranges_[id + 1] = Range{range.hi, range.since};
}

IdGaps::Ranges IdGaps::ranges(FeedClock::time_point now, bool all,
                              FeedClock::duration freshFor) const {
  Ranges out;
  for (const auto& [lo, range] : ranges_) {
    if (all || now - range.since < freshFor) out.emplace_back(lo, range.hi);
  }
  return out;
}

std::uint64_t IdGaps::expire(FeedClock::time_point now, FeedClock::duration retention) {
  std::uint64_t dropped = 0;
  for (auto it = ranges_.begin(); it != ranges_.end();) {
    if (now - it->second.since >= retention) {
      dropped += static_cast<std::uint64_t>(it->second.hi - it->first + 1);
      it = ranges_.erase(it);
    } else {
      ++it;
    }
  }
  return dropped;
}

std::uint64_t IdGaps::size() const {
  std::uint64_t ids = 0;
  for (const auto& [lo, range] : ranges_)
    ids += static_cast<std::uint64_t>(range.hi - lo + 1);
  return ids;
}

void runDeskFeed(const DeskStoreOptions& options, DeskCounters& counters, FeedCallbacks& callbacks,
                 StopSignal& stop) {
  Feed feed(options, counters, callbacks, stop);
  feed.run();
}

}  // namespace sporazum::pg::detail

#include "sporazum/pg/desk_store.hpp"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <pqxx/pqxx>
#include <thread>
#include <utility>

#include "desk_feed.hpp"
#include "desk_queries.hpp"
#include "graphics_queries.hpp"
#include "session.hpp"
#include "sporazum/core/log.hpp"
#include "store_support.hpp"
#include "studio_queries.hpp"

namespace sporazum::pg {
namespace {

using Clock = std::chrono::steady_clock;
using detail::Backoff;
using detail::CommitGate;
using detail::Failure;
using detail::FailureKind;
using detail::invokeSafely;
using detail::LandedCheck;
using detail::RequestGivenUp;
using detail::Session;
using detail::StopSignal;

/// After its deadline, a request whose COMMIT is under way (or whose lost COMMIT is being looked
/// up) gets this much longer before it is answered "unavailable" without knowing.
constexpr auto kInDoubtGrace = std::chrono::milliseconds(2000);
constexpr auto kFirstRetry = std::chrono::milliseconds(10);
constexpr auto kMaxRetry = std::chrono::milliseconds(250);

/// The worker's connection, opened again on demand after a failure.
class Worker {
 public:
  Worker(const DeskStoreOptions& options, DeskCounters& counters, StopSignal& stop)
      : options_(options), counters_(counters), stop_(stop) {}

  /// The connection, connecting first if needed; nullptr when the database cannot be reached.
  pqxx::connection* connection() {
    if (!session_) {
      try {
        session_ = std::make_unique<Session>(options_.connectionUri, "sporazum_desk");
        // A lock wait or a slow statement must not hold the worker past the requests' deadlines.
        const auto limit = std::to_string(std::max<std::int64_t>(
            100, static_cast<std::int64_t>(options_.unavailableAfter.count())));
        pqxx::nontransaction txn(session_->conn());
        txn.exec("SET statement_timeout = " + limit + "; SET lock_timeout = " + limit);
        if (lost_) counters_.reconnects.fetch_add(1, std::memory_order_relaxed);
        lost_ = false;
      } catch (const std::exception& e) {
        if (!lost_) {
          log::warn("pg.desk_connect_failed",
                    {{"detail", detail::describeConnectionFailure(e.what())}});
        }
        session_.reset();
        lost_ = true;
        return nullptr;
      }
    }
    return &session_->conn();
  }

  void dropConnection() {
    session_.reset();
    lost_ = true;
  }

  /// Sleeps up to `duration` but not past `until`; false when the store is stopping.
  bool pause(std::chrono::milliseconds duration, Clock::time_point until) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now());
    return stop_.pause(std::clamp(left, std::chrono::milliseconds(1), duration));
  }

  bool stopping() { return stop_.isStopping(); }
  DeskCounters& counters() { return counters_; }

 private:
  const DeskStoreOptions& options_;
  DeskCounters& counters_;
  StopSignal& stop_;
  std::unique_ptr<Session> session_;
  bool lost_ = false;
};

/// A request with a deadline, answered exactly once: by the worker, or by the timer thread when
/// the deadline passes first. A request may commit only while still Pending (it then becomes
/// Committing, and the timer waits kInDoubtGrace longer), so an "unavailable" answer is never
/// followed by a commit.
class DeskJob {
 public:
  enum Phase : int { kPending, kCommitting, kDone };

  virtual ~DeskJob() = default;
  virtual void execute(Worker& worker) = 0;
  /// Answers "unavailable". Only after a successful claim.
  virtual void giveUp() = 0;

  bool transition(int from, int to) {
    return phase_.compare_exchange_strong(from, to, std::memory_order_acq_rel);
  }
  bool claimAny() {
    int phase = phase_.load(std::memory_order_acquire);
    while (phase != kDone) {
      if (phase_.compare_exchange_weak(phase, kDone, std::memory_order_acq_rel)) return true;
    }
    return false;
  }
  int phase() const { return phase_.load(std::memory_order_acquire); }

  Clock::time_point deadline;

 private:
  std::atomic<int> phase_{kPending};
};

template <typename T>
class TypedJob final : public DeskJob, public CommitGate<T> {
 public:
  using Work = std::function<T(pqxx::connection&, CommitGate<T>&)>;
  /// The answer to a statement the data made fail (SQLSTATE class 22, 23, ...); nullopt retries.
  using DataAnswer = std::function<std::optional<T>(const Failure&)>;

  TypedJob(std::string_view name, Work work, T unavailable, std::function<void(T)> done,
           DataAnswer dataAnswer, DeskCounters& counters)
      : name_(name),
        work_(std::move(work)),
        unavailable_(std::move(unavailable)),
        done_(std::move(done)),
        dataAnswer_(std::move(dataAnswer)),
        counters_(counters) {}

  void commit(pqxx::work& txn, const T& answer, LandedCheck landed) override {
    prepared_ = answer;
    landed_ = std::move(landed);
    if (!transition(kPending, kCommitting)) throw RequestGivenUp{};
    committing_ = true;
    txn.commit();
  }

  void execute(Worker& worker) override {
    Backoff backoff(kFirstRetry, kMaxRetry);
    while (phase() == kPending && !worker.stopping()) {
      if (Clock::now() >= deadline) {
        if (transition(kPending, kDone)) giveUp();
        return;
      }
      pqxx::connection* conn = worker.connection();
      if (conn == nullptr) {
        worker.pause(backoff.next(), deadline);
        continue;
      }
      committing_ = false;
      try {
        T result = work_(*conn, *this);
        if (transition(committing_ ? kCommitting : kPending, kDone)) answer(std::move(result));
        return;
      } catch (const RequestGivenUp&) {
        return;
      } catch (const pqxx::pqxx_exception&) {
        const Failure failure = detail::classifyCurrentException(committing_);
        if (failure.kind == FailureKind::InDoubt) {
          worker.dropConnection();
          counters_.inDoubtCommits.fetch_add(1, std::memory_order_relaxed);
          log::warn("pg.desk_commit_in_doubt", {{"request", name_}});
          if (resolveInDoubt(worker)) return;
          continue;
        }
        // A COMMIT refused outright (not lost) changed nothing: the request may run again.
        if (committing_ && !transition(kCommitting, kPending)) return;
        if (failure.kind == FailureKind::Data) {
          log::warn("pg.desk_request_refused", {{"request", name_},
                                                {"sqlstate", failure.sqlstate},
                                                {"constraint", failure.constraint}});
          std::optional<T> refusal = dataAnswer_ ? dataAnswer_(failure) : std::nullopt;
          if (refusal || !dataAnswer_) {
            if (transition(kPending, kDone)) {
              if (refusal) {
                answer(std::move(*refusal));
              } else {
                giveUp();
              }
            }
            return;
          }
        } else {
          log::warn(
              "pg.desk_request_failed",
              {{"request", name_},
               {"sqlstate", failure.sqlstate},
               {"kind", failure.kind == FailureKind::Transient ? "transient" : "connection"}});
        }
        // Whatever went wrong, the session is suspect: the retry runs on a fresh one.
        worker.dropConnection();
        worker.pause(backoff.next(), deadline);
      } catch (...) {
        // Not the database: a fault in this code, which a retry would only repeat. The
        // transaction was rolled back on the way out (a commit never throws this).
        log::error("pg.desk_request_fault", {{"request", name_}});
        worker.dropConnection();
        if (transition(committing_ ? kCommitting : kPending, kDone)) giveUp();
        return;
      }
    }
  }

  void giveUp() override {
    counters_.unavailable.fetch_add(1, std::memory_order_relaxed);
    answer(unavailable_);
  }

 private:
  /// After a lost COMMIT: true when the request is answered (or no longer ours), false when the
  /// COMMIT did not land and the request may run again.
  bool resolveInDoubt(Worker& worker) {
    Backoff backoff(kFirstRetry, kMaxRetry);
    const auto until = deadline + kInDoubtGrace;
    while (phase() == kCommitting && Clock::now() < until && !worker.stopping()) {
      pqxx::connection* conn = worker.connection();
      if (conn == nullptr) {
        worker.pause(backoff.next(), until);
        continue;
      }
      try {
        if (landed_(*conn)) {
          if (transition(kCommitting, kDone)) answer(std::move(*prepared_));
          return true;
        }
        return !transition(kCommitting, kPending);
      } catch (...) {
        worker.dropConnection();
        worker.pause(backoff.next(), until);
      }
    }
    return true;  // the timer thread answers at the end of the grace
  }

  void answer(T value) {
    invokeSafely(name_, done_, std::move(value));
    done_ = nullptr;
  }

  std::string_view name_;
  Work work_;
  T unavailable_;
  std::function<void(T)> done_;
  DataAnswer dataAnswer_;
  DeskCounters& counters_;
  std::optional<T> prepared_;  // worker thread only
  LandedCheck landed_;         // worker thread only
  bool committing_ = false;    // worker thread only
};

core::Error tryAgain() {
  return core::makeError("try_again", "the database could not answer in time; nothing changed");
}

core::ChangeOutcome unavailableOutcome() {
  core::ChangeOutcome out;
  out.status = core::ChangeStatus::Unavailable;
  out.message = "the database could not answer in time; nothing changed";
  return out;
}

/// A change the stored data refuses (a constraint) is not allowed, and says which rule.
std::optional<core::ChangeOutcome> refusedChange(const Failure& failure) {
  core::ChangeOutcome out;
  out.status = core::ChangeStatus::NotAllowed;
  out.message = "the change does not fit the stored question" +
                (failure.constraint.empty() ? std::string() : " (" + failure.constraint + ")");
  return out;
}

/// An episode change the stored data refuses: the taken number by name, another live episode as
/// not allowed, anything else as a field the store cannot keep.
std::optional<core::Result<core::Episode>> refusedEpisode(const Failure& failure) {
  if (failure.constraint == "episodes_number_key") {
    return core::makeError("episode_number_taken", "another episode has this number", "number");
  }
  if (failure.constraint == "episodes_one_live_key") {
    return core::makeError("not_allowed", "another episode is live: end it first");
  }
  return core::makeError(
      "bad_field",
      "the episode cannot be stored" +
          (failure.constraint.empty() ? std::string() : " (" + failure.constraint + ")"));
}

constexpr std::size_t kEpisodeListLimit = 100;

}  // namespace

class DeskStore::Impl {
 public:
  explicit Impl(DeskStoreOptions options) : options_(std::move(options)) {}
  ~Impl() { stop(); }

  template <typename T>
  void enqueue(std::string_view name, typename TypedJob<T>::Work work, T unavailable,
               std::function<void(T)> done, typename TypedJob<T>::DataAnswer dataAnswer = {}) {
    auto job = std::make_shared<TypedJob<T>>(name, std::move(work), std::move(unavailable),
                                             std::move(done), std::move(dataAnswer), counters_);
    counters_.requests.fetch_add(1, std::memory_order_relaxed);
    {
      std::lock_guard lock(mutex_);
      // A full queue answers at once, through the timer thread like any other late request.
      const bool full = queue_.size() >= options_.maxQueue;
      job->deadline = full ? Clock::now() : Clock::now() + options_.unavailableAfter;
      if (!full) queue_.push_back(job);
      timers_.emplace(job->deadline, Timer{job, false});
    }
    workerCv_.notify_one();
    timerCv_.notify_one();
  }

  void start() {
    std::lock_guard lock(mutex_);
    if (started_ || stop_.isStopping()) return;
    started_ = true;
    threads_.emplace_back([this] { guarded("desk_worker", [this] { workerLoop(); }); });
    threads_.emplace_back([this] {
      guarded("desk_feed", [this] { detail::runDeskFeed(options_, counters_, callbacks_, stop_); });
    });
    threads_.emplace_back([this] { guarded("desk_timer", [this] { timerLoop(); }); });
  }

  detail::FeedCallbacks& callbacks() { return callbacks_; }
  const DeskCounters& counters() const { return counters_; }

 private:
  struct Timer {
    std::shared_ptr<DeskJob> job;
    bool isFinal;  ///< the end of the in-doubt grace: answer whatever the phase
  };

  void stop() {
    {
      std::lock_guard lock(stop_.mutex);
      stop_.stopping = true;
    }
    stop_.wake.notify_all();
    {
      std::lock_guard lock(mutex_);  // so that no waiter misses the flag between check and wait
    }
    workerCv_.notify_all();
    timerCv_.notify_all();
    for (auto& thread : threads_) {
      if (thread.joinable()) thread.join();
    }
    std::multimap<Clock::time_point, Timer> rest;
    {
      std::lock_guard lock(mutex_);
      rest.swap(timers_);
      queue_.clear();
    }
    for (auto& [when, timer] : rest) {
      if (timer.job->claimAny()) timer.job->giveUp();
    }
  }

  template <typename Loop>
  void guarded(std::string_view role, const Loop& loop) {
    while (!stop_.isStopping()) {
      try {
        loop();
        return;
      } catch (const std::exception& e) {
        log::error("pg.thread_error", {{"thread", role}, {"error", e.what()}});
      } catch (...) {
        log::error("pg.thread_error", {{"thread", role}});
      }
      stop_.pause(std::chrono::milliseconds(1000));
    }
  }

  void workerLoop() {
    Worker worker(options_, counters_, stop_);
    while (true) {
      std::shared_ptr<DeskJob> job;
      {
        std::unique_lock lock(mutex_);
        workerCv_.wait(lock, [this] { return stop_.isStopping() || !queue_.empty(); });
        if (stop_.isStopping()) return;
        job = std::move(queue_.front());
        queue_.pop_front();
      }
      if (job->phase() != DeskJob::kPending) continue;
      job->execute(worker);
    }
  }

  void timerLoop() {
    std::unique_lock lock(mutex_);
    while (!stop_.isStopping()) {
      if (timers_.empty()) {
        timerCv_.wait(lock);
        continue;
      }
      const auto now = Clock::now();
      const auto next = timers_.begin()->first;
      if (next > now) {
        timerCv_.wait_until(lock, next);
        continue;
      }
      std::vector<Timer> due;
      while (!timers_.empty() && timers_.begin()->first <= now) {
        due.push_back(std::move(timers_.begin()->second));
        timers_.erase(timers_.begin());
      }
      // Answered or abandoned requests leave the queue, so its bound counts live work only.
      std::erase_if(queue_, [](const auto& job) { return job->phase() == DeskJob::kDone; });
      std::vector<std::shared_ptr<DeskJob>> expired;
      for (auto& timer : due) {
        if (timer.isFinal) {
          if (timer.job->claimAny()) expired.push_back(timer.job);
        } else if (timer.job->transition(DeskJob::kPending, DeskJob::kDone)) {
          expired.push_back(timer.job);
        } else if (timer.job->phase() == DeskJob::kCommitting) {
          timers_.emplace(timer.job->deadline + kInDoubtGrace, Timer{timer.job, true});
        }
      }
      lock.unlock();
      for (auto& job : expired)
        job->giveUp();
      lock.lock();
    }
  }

  DeskStoreOptions options_;
  DeskCounters counters_;
  StopSignal stop_;
  detail::FeedCallbacks callbacks_;

  std::mutex mutex_;  // queue_, timers_, started_
  std::condition_variable workerCv_;
  std::condition_variable timerCv_;
  std::deque<std::shared_ptr<DeskJob>> queue_;
  std::multimap<Clock::time_point, Timer> timers_;
  bool started_ = false;
  std::vector<std::thread> threads_;
};

DeskStore::DeskStore(DeskStoreOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}

DeskStore::~DeskStore() = default;

void DeskStore::findAccount(std::string username,
                            Done<core::Result<std::optional<core::StaffAccount>>> done) {
  impl_->enqueue<core::Result<std::optional<core::StaffAccount>>>(
      "findAccount",
      [username = std::move(username)](pqxx::connection& conn, auto&) {
        return core::Result<std::optional<core::StaffAccount>>(detail::findAccount(conn, username));
      },
      tryAgain(), std::move(done));
}

void DeskStore::createSession(core::StaffIdentity who, core::Digest tokenDigest,
                              std::int64_t ttlSeconds,
                              Done<core::Result<core::StaffSession>> done) {
  impl_->enqueue<core::Result<core::StaffSession>>(
      "createSession",
      [who = std::move(who), tokenDigest, ttlSeconds](pqxx::connection& conn, auto& gate) {
        return detail::createSession(conn, who, tokenDigest, ttlSeconds, gate);
      },
      tryAgain(), std::move(done),
      [](const Failure&) {
        return std::optional<core::Result<core::StaffSession>>(
            core::makeError("session_invalid", "the account is disabled or does not exist"));
      });
}

void DeskStore::resolveSession(core::Digest tokenDigest,
                               Done<core::Result<core::StaffSession>> done) {
  impl_->enqueue<core::Result<core::StaffSession>>(
      "resolveSession",
      [tokenDigest](pqxx::connection& conn, auto&) {
        return detail::resolveSession(conn, tokenDigest);
      },
      tryAgain(), std::move(done));
}

void DeskStore::revokeSession(core::Digest tokenDigest, Done<bool> done) {
  impl_->enqueue<bool>(
      "revokeSession",
      [tokenDigest](pqxx::connection& conn, auto& gate) {
        return detail::revokeSession(conn, tokenDigest, gate);
      },
      false, std::move(done));
}

void DeskStore::stillValidSessions(std::vector<core::Digest> tokenDigests,
                                   Done<std::optional<std::vector<core::Digest>>> done) {
  impl_->enqueue<std::optional<std::vector<core::Digest>>>(
      "stillValidSessions",
      [digests = std::move(tokenDigests)](pqxx::connection& conn, auto&) {
        return std::optional(detail::stillValidSessions(conn, digests));
      },
      std::nullopt, std::move(done));
}

void DeskStore::loadEpisodeQuestions(std::int64_t episodeId,
                                     Done<std::optional<std::vector<core::ModQuestion>>> done) {
  impl_->enqueue<std::optional<std::vector<core::ModQuestion>>>(
      "loadEpisodeQuestions",
      [episodeId](pqxx::connection& conn, auto&) {
        return std::optional(detail::loadEpisodeQuestions(conn, episodeId));
      },
      std::nullopt, std::move(done));
}

void DeskStore::applyChange(core::ModChange change, Done<core::ChangeOutcome> done) {
  impl_->enqueue<core::ChangeOutcome>(
      "applyChange",
      [change = std::move(change)](pqxx::connection& conn, auto& gate) {
        return detail::applyChange(conn, change, gate);
      },
      unavailableOutcome(), std::move(done), refusedChange);
}

void DeskStore::undoLastChange(core::StaffIdentity who, std::int64_t episodeId,
                               Done<core::ChangeOutcome> done) {
  impl_->enqueue<core::ChangeOutcome>(
      "undoLastChange",
      [who = std::move(who), episodeId](pqxx::connection& conn, auto& gate) {
        return detail::undoLastChange(conn, who, episodeId, gate);
      },
      unavailableOutcome(), std::move(done),
      [](const Failure& failure) {
        // Two undos of one entry: the unique index lets one win; the other looks again.
        if (failure.constraint == "audit_log_undoes_key")
          return std::optional<core::ChangeOutcome>();
        return refusedChange(failure);
      });
}

void DeskStore::readAudit(core::AuditQuery query,
                          Done<std::optional<std::vector<core::AuditEntry>>> done) {
  impl_->enqueue<std::optional<std::vector<core::AuditEntry>>>(
      "readAudit",
      [query](pqxx::connection& conn, auto&) {
        pqxx::nontransaction txn(conn);
        return std::optional(detail::readAudit(txn, query));
      },
      std::nullopt, std::move(done));
}

void DeskStore::readLexicon(Done<std::optional<core::LexiconText>> done) {
  impl_->enqueue<std::optional<core::LexiconText>>(
      "readLexicon",
      [](pqxx::connection& conn, auto&) { return std::optional(detail::readLexicon(conn)); },
      std::nullopt, std::move(done));
}

void DeskStore::saveLexicon(std::string body, std::int64_t baseVersion, core::StaffIdentity who,
                            Done<core::Result<core::LexiconText>> done) {
  impl_->enqueue<core::Result<core::LexiconText>>(
      "saveLexicon",
      [body = std::move(body), baseVersion, who = std::move(who)](pqxx::connection& conn,
                                                                  auto& gate) {
        return detail::saveLexicon(conn, body, baseVersion, who, gate);
      },
      tryAgain(), std::move(done),
      [](const Failure& failure) {
        return std::optional<core::Result<core::LexiconText>>(core::makeError(
            "bad_lexicon",
            "the lexicon cannot be stored" +
                (failure.constraint.empty() ? std::string() : " (" + failure.constraint + ")")));
      });
}

void DeskStore::applyGraphics(core::GraphicsCommand command, core::StaffIdentity by,
                              Done<core::Result<core::GraphicsCommand>> done) {
  impl_->enqueue<core::Result<core::GraphicsCommand>>(
      "applyGraphics",
      [command = std::move(command), by = std::move(by)](pqxx::connection& conn, auto& gate) {
        return detail::applyGraphicsCommand(conn, command, by, gate);
      },
      tryAgain(), std::move(done),
      [](const Failure& failure) {
        return std::optional<core::Result<core::GraphicsCommand>>(core::makeError(
            "invalid_graphic",
            "the graphic cannot be stored" +
                (failure.constraint.empty() ? std::string() : " (" + failure.constraint + ")")));
      });
}

void DeskStore::recordAsRun(std::string engine, core::AsRunReport report, Done<bool> done) {
  impl_->enqueue<bool>(
      "recordAsRun",
      [engine = std::move(engine), report = std::move(report)](pqxx::connection& conn, auto& gate) {
        return detail::recordAsRun(conn, engine, report, gate);
      },
      false, std::move(done), [](const Failure&) { return std::optional<bool>(false); });
}

void DeskStore::recordEngineError(std::string engine, core::EngineCommandError error,
                                  Done<bool> done) {
  impl_->enqueue<bool>(
      "recordEngineError",
      [engine = std::move(engine), error = std::move(error)](pqxx::connection& conn, auto& gate) {
        return detail::recordEngineError(conn, engine, error, gate);
      },
      false, std::move(done), [](const Failure&) { return std::optional<bool>(false); });
}

void DeskStore::listEpisodes(Done<std::optional<std::vector<core::Episode>>> done) {
  impl_->enqueue<std::optional<std::vector<core::Episode>>>(
      "listEpisodes",
      [](pqxx::connection& conn, auto&) {
        pqxx::nontransaction txn(conn);
        return std::optional(detail::listEpisodes(txn, kEpisodeListLimit));
      },
      std::nullopt, std::move(done));
}

void DeskStore::saveEpisode(core::EpisodeDraft draft, core::StaffIdentity by,
                            Done<core::Result<core::Episode>> done) {
  impl_->enqueue<core::Result<core::Episode>>(
      "saveEpisode",
      [draft = std::move(draft), by = std::move(by)](pqxx::connection& conn, auto& gate) {
        return detail::saveEpisode(conn, draft, by, gate);
      },
      tryAgain(), std::move(done), refusedEpisode);
}

void DeskStore::startEpisode(std::int64_t episodeId, core::StaffIdentity by,
                             Done<core::Result<core::Episode>> done) {
  impl_->enqueue<core::Result<core::Episode>>(
      "startEpisode",
      [episodeId, by = std::move(by)](pqxx::connection& conn, auto& gate) {
        return detail::startEpisode(conn, episodeId, by, gate);
      },
      tryAgain(), std::move(done), refusedEpisode);
}

void DeskStore::endEpisode(std::int64_t episodeId, core::StaffIdentity by,
                           Done<core::Result<core::Episode>> done) {
  impl_->enqueue<core::Result<core::Episode>>(
      "endEpisode",
      [episodeId, by = std::move(by)](pqxx::connection& conn, auto& gate) {
        return detail::endEpisode(conn, episodeId, by, gate);
      },
      tryAgain(), std::move(done), refusedEpisode);
}

void DeskStore::loadQueue(std::int64_t episodeId,
                          Done<std::optional<std::vector<core::AirQuestion>>> done) {
  impl_->enqueue<std::optional<std::vector<core::AirQuestion>>>(
      "loadQueue",
      [episodeId](pqxx::connection& conn, auto&) {
        return std::optional(detail::loadQueue(conn, episodeId));
      },
      std::nullopt, std::move(done));
}

void DeskStore::changeQueue(core::QueueChange change, Done<core::ChangeOutcome> done) {
  impl_->enqueue<core::ChangeOutcome>(
      "changeQueue",
      [change = std::move(change)](pqxx::connection& conn, auto& gate) {
        return detail::changeQueue(conn, change, gate);
      },
      unavailableOutcome(), std::move(done), refusedChange);
}

void DeskStore::recordRecording(core::StaffIdentity engine, core::RecordingReport report,
                                Done<bool> done) {
  impl_->enqueue<bool>(
      "recordRecording",
      [engine = std::move(engine), report = std::move(report)](pqxx::connection& conn, auto& gate) {
        return detail::recordRecording(conn, engine, report, gate);
      },
      false, std::move(done), [](const Failure&) { return std::optional<bool>(false); });
}

void DeskStore::onShow(std::function<void(std::optional<core::Episode>)> fn) {
  std::lock_guard lock(impl_->callbacks().mutex);
  impl_->callbacks().show = std::move(fn);
}

void DeskStore::onProgramme(std::function<void(core::ProgrammeState)> fn) {
  std::lock_guard lock(impl_->callbacks().mutex);
  impl_->callbacks().programme = std::move(fn);
}

void DeskStore::onGraphicsCommands(std::function<void(std::vector<core::GraphicsCommand>)> fn) {
  std::lock_guard lock(impl_->callbacks().mutex);
  impl_->callbacks().graphicsCommands = std::move(fn);
}

void DeskStore::onQuestions(std::function<void(std::vector<core::ModQuestion>)> fn) {
  std::lock_guard lock(impl_->callbacks().mutex);
  impl_->callbacks().questions = std::move(fn);
}

void DeskStore::onLexiconChange(std::function<void(core::LexiconText)> fn) {
  std::lock_guard lock(impl_->callbacks().mutex);
  impl_->callbacks().lexicon = std::move(fn);
}

void DeskStore::setFeedWanted(bool isWanted) {
  auto& callbacks = impl_->callbacks();
  if (isWanted) callbacks.wantedGeneration.fetch_add(1);
  callbacks.isWanted.store(isWanted);
}

void DeskStore::onFeedReset(std::function<void()> fn) {
  std::lock_guard lock(impl_->callbacks().mutex);
  impl_->callbacks().reset = std::move(fn);
}

void DeskStore::start() {
  impl_->start();
}

const DeskCounters& DeskStore::counters() const {
  return impl_->counters();
}

}  // namespace sporazum::pg

#include "sporazum/pg/question_store.hpp"

#include <algorithm>
#include <cctype>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <thread>
#include <unordered_map>
#include <utility>

#include "session.hpp"
#include "sporazum/core/log.hpp"
#include "store_support.hpp"

namespace sporazum::pg {
namespace {

using Clock = std::chrono::steady_clock;
using detail::Backoff;
using detail::Failure;
using detail::FailureKind;
using detail::invokeSafely;
using detail::Session;

constexpr std::size_t kMaxListLimit = 1000;
constexpr auto kMaxBackoff = std::chrono::milliseconds(1000);
constexpr auto kListenWait = std::chrono::milliseconds(200);

// One statement per batch: the batch travels as one JSON text parameter (cheap to bind, no
// per-row parameter limit), ON CONFLICT makes a retry after a lost connection safe. A device with
// an active ban (for good, or for this episode) is stored as rejected: one probe per row of the
// small device_bans table through its partial index, so the ban check costs next to nothing.
constexpr const char* kInsertBatch = R"SQL(
INSERT INTO questions (client_id, episode_id, device_hash, address_hash, display_name,
                       municipality, body, consent_name_on_air, interface_language,
                       filter_action, filter_reasons, language, state, reject_reason)
SELECT r.client_id, r.episode_id, decode(r.device_hash, 'hex'), decode(r.address_hash, 'hex'),
       NULLIF(r.display_name, ''), NULLIF(r.municipality, ''), r.body, r.consent,
       NULLIF(r.lang, ''), r.filter_action, r.filter_reasons, NULLIF(r.language, ''),
       CASE WHEN b.banned IS NOT NULL THEN 'rejected'
            WHEN r.filter_action = 'hold' THEN 'held'
            ELSE 'received' END,
       CASE WHEN b.banned IS NOT NULL THEN 'banned' END
  FROM jsonb_to_recordset($1::jsonb) AS r(client_id uuid, episode_id bigint, device_hash text,
                                           address_hash text, display_name text,
                                           municipality text, body text, consent boolean,
                                           lang text, filter_action text, filter_reasons jsonb,
                                           language text)
  LEFT JOIN LATERAL (
    SELECT true AS banned FROM device_bans d
     WHERE d.device_hash = decode(r.device_hash, 'hex') AND d.lifted_at IS NULL
       AND (d.episode_id IS NULL OR d.episode_id = r.episode_id)
     LIMIT 1) b ON true
    ON CONFLICT ON CONSTRAINT questions_client_id_key DO NOTHING
RETURNING client_id::text, id, state,
          to_char(received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
)SQL";

// For the ids that did not insert. A separate statement, so that it sees rows another transaction
// committed while our INSERT waited on them (the INSERT's own snapshot predates them).
constexpr const char* kLookupExisting = R"SQL(
SELECT client_id::text, id, state,
       to_char(received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
       encode(device_hash, 'hex')
  FROM questions
 WHERE client_id = ANY($1::uuid[])
)SQL";

constexpr const char* kListForDevice = R"SQL(
SELECT client_id::text, body, state,
       to_char(received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
  FROM questions
 WHERE device_hash = decode($1, 'hex')
 ORDER BY id DESC
 LIMIT $2
)SQL";

// The current episode: the live one, else the newest (0004_studio.sql).
constexpr const char* kLatestEpisode =
    "SELECT id, title, questions_open FROM episodes WHERE id = current_episode_id()";

bool isCanonicalUuid(std::string_view text) {
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!std::isxdigit(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  return true;
}

bool isOneOf(std::string_view text, std::initializer_list<std::string_view> allowed) {
  return std::find(allowed.begin(), allowed.end(), text) != allowed.end();
}

/// The filter's verdict as the table's constraints accept it: a bad verdict must not cost the
/// viewer the question, so an unknown action is held for a person to look at.
void sanitiseVerdict(NewQuestion& q, nlohmann::json& reasons) {
  if (!isOneOf(q.filterAction, {"none", "flag", "hold"})) {
    log::warn("pg.filter_verdict_invalid", {{"field", "filterAction"}});
    q.filterAction = "hold";
  }
  reasons = nlohmann::json::parse(q.filterReasonsJson, nullptr, false);
  if (!reasons.is_array()) {
    log::warn("pg.filter_verdict_invalid", {{"field", "filterReasons"}});
    reasons = nlohmann::json::array();
  }
  if (!q.language.empty() && !isOneOf(q.language, {"sr", "sq", "en", "other"})) {
    log::warn("pg.filter_verdict_invalid", {{"field", "language"}});
    q.language.clear();
  }
}

bool hasNul(const NewQuestion& q) {
  for (const std::string* s : {&q.displayName, &q.municipality, &q.text, &q.interfaceLanguage}) {
    if (s->find('\0') != std::string::npos) return true;
  }
  return false;
}

std::size_t bucketFor(std::size_t batchSize) {
  for (std::size_t i = 0; i < StoreCounters::kBatchBuckets; ++i) {
    if (batchSize <= StoreCounters::batchBucketBound(i)) return i;
  }
  return StoreCounters::kBatchBuckets;
}

/// Something with a deadline that must be answered exactly once: by whoever claims it first
/// (the thread doing the work, or the reaper when the deadline passes).
struct Job {
  Clock::time_point deadline;
  std::atomic<bool> finished{false};

  virtual ~Job() = default;
  bool claim() { return !finished.exchange(true, std::memory_order_acq_rel); }
  bool isFinished() const { return finished.load(std::memory_order_acquire); }
  /// Answers "could not be done in time". Only after a successful claim().
  virtual void giveUp() = 0;
};

struct Submission final : Job {
  NewQuestion question;
  QuestionStore::SubmitCallback done;
  std::string key;  ///< clientId in lower case, to match what PostgreSQL returns
  /// Set after a COMMIT whose outcome is unknown: if the row is there, it is ours.
  bool inDoubt = false;  // writer thread only

  void finish(SubmitResult result) {
    invokeSafely("submit", done, std::move(result));
    done = nullptr;
  }
  void giveUp() override { finish(SubmitResult{}); }
};

struct ListRequest final : Job {
  Digest deviceHash{};
  std::size_t limit = 0;
  std::function<void(std::optional<std::vector<DeviceQuestion>>)> done;

  void finish(std::optional<std::vector<DeviceQuestion>> rows) {
    invokeSafely("listForDevice", done, std::move(rows));
    done = nullptr;
  }
  void giveUp() override { finish(std::nullopt); }
};

using SubmissionPtr = std::shared_ptr<Submission>;

/// A row as committed, for answering every submission of its client id.
struct RowInfo {
  std::int64_t id = 0;
  std::string state;
  std::string receivedAt;
  std::string deviceHex;
  bool insertedNow = false;
};

}  // namespace

class QuestionStore::Impl {
 public:
  explicit Impl(StoreOptions options) : options_(std::move(options)) {
    options_.writerThreads = std::max(options_.writerThreads, 1);
    options_.maxBatch = std::max<std::size_t>(options_.maxBatch, 1);
    health_.detail = "not checked yet";
  }

  ~Impl() { stop(); }

  Enqueue submit(NewQuestion question, SubmitCallback done) {
    auto job = std::make_shared<Submission>();
    job->key = detail::lowerAscii(question.clientId);
    job->question = std::move(question);
    job->done = std::move(done);
    {
      std::lock_guard lock(mutex_);
      if (queue_.size() + unclassified_.size() >= options_.maxQueue) return Enqueue::QueueFull;
      // Deadlines are taken under the lock so that reapQueue_ stays sorted.
      job->deadline = Clock::now() + options_.unavailableAfter;
      (options_.classify ? unclassified_ : queue_).push_back(job);
      track(job);
    }
    (options_.classify ? classifierCv_ : writerCv_).notify_one();
    return Enqueue::Accepted;
  }

  void listForDevice(Digest deviceHash, std::size_t limit,
                     std::function<void(std::optional<std::vector<DeviceQuestion>>)> done) {
    auto job = std::make_shared<ListRequest>();
    job->deviceHash = deviceHash;
    job->limit = std::min(limit, kMaxListLimit);
    job->done = std::move(done);
    {
      std::lock_guard lock(mutex_);
      if (listQueue_.size() < options_.maxQueue) {
        job->deadline = Clock::now() + options_.unavailableAfter;
        listQueue_.push_back(job);
        track(job);
        job = nullptr;
      }
    }
    if (job) {
      if (job->claim()) job->giveUp();
      return;
    }
    readerCv_.notify_one();
  }

  Health health() const {
    std::lock_guard lock(statusMutex_);
    return health_;
  }

  EpisodeStatus episode() const {
    std::lock_guard lock(statusMutex_);
    return episode_;
  }

  void onEpisodeChange(std::function<void(EpisodeStatus)> fn) {
    std::lock_guard lock(callbackMutex_);
    episodeCallback_ = std::move(fn);
  }

  void onStateChange(std::function<void(StateChange)> fn) {
    std::lock_guard lock(callbackMutex_);
    stateCallback_ = std::move(fn);
  }

  void start() {
    // One poll before any thread runs, so /healthz and the episode are right from the first
    // request instead of "not checked yet".
    auto pollerSession = std::make_shared<std::unique_ptr<Session>>();
    bool pollerLost = false;
    pollOnce(*pollerSession, pollerLost);
    std::lock_guard lock(mutex_);
    if (started_ || stopping_) return;
    started_ = true;
    for (int i = 0; i < options_.writerThreads; ++i) {
      threads_.emplace_back([this] { guardedLoop("writer", [this] { writerLoop(); }); });
    }
    if (options_.classify) {
      threads_.emplace_back([this] { guardedLoop("classifier", [this] { classifierLoop(); }); });
    }
    threads_.emplace_back([this] { guardedLoop("reader", [this] { readerLoop(); }); });
    threads_.emplace_back([this, pollerSession, pollerLost] {
      guardedLoop("poller", [&] { pollerLoop(std::move(*pollerSession), pollerLost); });
    });
    threads_.emplace_back([this] { guardedLoop("listener", [this] { listenerLoop(); }); });
    threads_.emplace_back([this] { guardedLoop("reaper", [this] { reaperLoop(); }); });
  }

  const StoreCounters& counters() const { return counters_; }

 private:
  // ---- lifecycle -------------------------------------------------------------------------------

  void stop() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    writerCv_.notify_all();
    classifierCv_.notify_all();
    readerCv_.notify_all();
    reaperCv_.notify_all();
    wakeCv_.notify_all();
    for (auto& thread : threads_) {
      if (thread.joinable()) thread.join();
    }
    std::deque<std::shared_ptr<Job>> rest;
    {
      std::lock_guard lock(mutex_);
      rest.swap(reapQueue_);
      queue_.clear();
      unclassified_.clear();
      listQueue_.clear();
    }
    for (auto& job : rest) {
      if (job->claim()) job->giveUp();
    }
  }

  bool stopping() const {
    std::lock_guard lock(mutex_);
    return stopping_;
  }

  /// Sleeps, but returns early (true) when the store is stopping.
  bool sleepUnlessStopping(std::chrono::milliseconds duration) {
    std::unique_lock lock(mutex_);
    return wakeCv_.wait_for(lock, duration, [this] { return stopping_; });
  }

  // Every thread entry catches everything and keeps running until the store stops.
  template <typename Loop>
  void guardedLoop(std::string_view role, const Loop& loop) {
    while (!stopping()) {
      try {
        loop();
        return;
      } catch (const std::exception& e) {
        log::error("pg.thread_error", {{"thread", role}, {"error", e.what()}});
      } catch (...) {
        log::error("pg.thread_error", {{"thread", role}});
      }
      sleepUnlessStopping(kMaxBackoff);
    }
  }

  /// Requires mutex_.
  void track(std::shared_ptr<Job> job) {
    const bool wasEmpty = reapQueue_.empty();
    reapQueue_.push_back(std::move(job));
    if (wasEmpty) reaperCv_.notify_one();
  }

  /// Opens a session, counting it as a reconnect when it replaces one that failed.
  std::unique_ptr<Session> connect(std::string_view role, bool& lost) {
    try {
      auto session = std::make_unique<Session>(options_.connectionUri, role);
      if (lost) {
        counters_.reconnects.fetch_add(1, std::memory_order_relaxed);
        log::info("pg.reconnected", {{"thread", role}});
      }
      lost = false;
      return session;
    } catch (const std::exception& e) {
      if (!lost) {
        log::warn("pg.connect_failed",
                  {{"thread", role}, {"reason", detail::describeConnectionFailure(e.what())}});
      }
      lost = true;
      return nullptr;
    }
  }

  // ---- writers ---------------------------------------------------------------------------------

  std::unique_ptr<Session> openWriter(bool& lost) {
    auto session = connect("sporazum_writer", lost);
    if (!session) return nullptr;
    try {
      auto& conn = session->conn();
      {
        // An ack promises durability: never let a database default of `off` weaken that.
        pqxx::nontransaction txn(conn);
        const auto mode = txn.exec("SHOW synchronous_commit")[0][0].as<std::string>();
        if (mode == "off") {
          txn.exec("SET synchronous_commit = on");
          log::warn("pg.synchronous_commit_forced_on");
        }
      }
      conn.prepare("insert_batch", kInsertBatch);
      conn.prepare("lookup_existing", kLookupExisting);
      return session;
    } catch (const std::exception& e) {
      log::warn("pg.writer_setup_failed",
                {{"reason", detail::describeConnectionFailure(e.what())}});
      lost = true;
      return nullptr;
    }
  }

  void writerLoop() {
    std::unique_ptr<Session> session;
    bool lost = false;
    Backoff backoff;
    std::vector<SubmissionPtr> batch;
    while (true) {
      {
        std::unique_lock lock(mutex_);
        writerCv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (stopping_) return;
      }
      // Connect before taking work: while the database is away, submissions wait in the queue
      // (where QueueFull pushes back on the hub) and the reaper answers them in time.
      if (!session) {
        session = openWriter(lost);
        if (!session) {
          sleepUnlessStopping(backoff.next());
          continue;
        }
        backoff.reset();
      }
      {
        std::lock_guard lock(mutex_);
        while (!queue_.empty() && batch.size() < options_.maxBatch) {
          if (!queue_.front()->isFinished()) batch.push_back(std::move(queue_.front()));
          queue_.pop_front();
        }
      }
      if (batch.empty()) continue;
      writeBatch(session, lost, std::move(batch), true);
      batch.clear();
    }
  }

  /// Runs the auto-filter on its own thread, between submit() and the writers: inside a writer's
  /// commit cycle it held up every commit (measured at 20,000 questions/s: ack p50 17 ms without
  /// the filter, 260 ms with it on three writers, a backlog on two), and on the I/O thread it
  /// delays every frame.
  void classifierLoop() {
    std::vector<SubmissionPtr> batch;
    while (true) {
      {
        std::unique_lock lock(mutex_);
        classifierCv_.wait(lock, [this] { return stopping_ || !unclassified_.empty(); });
        if (stopping_) return;
        while (!unclassified_.empty() && batch.size() < options_.maxBatch) {
          batch.push_back(std::move(unclassified_.front()));
          unclassified_.pop_front();
        }
      }
      for (const auto& job : batch) {
        if (!job->isFinished()) classify(job->question);
      }
      {
        std::lock_guard lock(mutex_);
        for (auto& job : batch)
          queue_.push_back(std::move(job));
      }
      batch.clear();
      writerCv_.notify_one();
    }
  }

  void classify(NewQuestion& question) {
    if (!options_.classify) return;
    try {
      options_.classify(question);
    } catch (...) {
      // A filter fault must neither lose the question nor wave it through: hold it.
      log::error("pg.classify_failed");
      question.filterAction = "hold";
      question.filterReasonsJson = R"([{"code":"filter_error"}])";
    }
  }

  /// Commits the batch, retrying over reconnects until it commits, every item has been answered
  /// by the reaper, or the store stops.
  void writeBatch(std::unique_ptr<Session>& session, bool& lost, std::vector<SubmissionPtr> batch,
                  bool maySplit) {
    Backoff backoff;
    while (true) {
      std::erase_if(batch, [](const SubmissionPtr& s) { return s->isFinished(); });
      if (batch.empty()) return;
      if (stopping()) {
        for (auto& s : batch) {
          if (s->claim()) s->giveUp();
        }
        return;
      }
      if (!session) {
        session = openWriter(lost);
        if (!session) {
          sleepUnlessStopping(backoff.next());
          continue;
        }
      }
      bool committing = false;
      try {
        commitBatch(session->conn(), batch, committing);
        return;
      } catch (...) {
        const Failure failure = detail::classifyCurrentException(committing);
        counters_.failedCommits.fetch_add(1, std::memory_order_relaxed);
        if (failure.kind == FailureKind::Data) {
          log::error("pg.batch_rejected", {{"sqlstate", failure.sqlstate},
                                           {"constraint", failure.constraint},
                                           {"rows", static_cast<std::int64_t>(batch.size())}});
          if (maySplit && batch.size() > 1) {
            // One bad row must not sink its neighbours: retry each on its own.
            for (auto& s : batch) {
              writeBatch(session, lost, {s}, false);
            }
          } else {
            for (auto& s : batch) {
              if (s->claim()) s->giveUp();
            }
          }
          return;
        }
        if (failure.kind == FailureKind::InDoubt) {
          for (auto& s : batch) {
            s->inDoubt = true;
          }
        }
        log::warn("pg.commit_failed",
                  {{"kind", failure.kind == FailureKind::InDoubt     ? "in_doubt"
                            : failure.kind == FailureKind::Transient ? "transient"
                                                                     : "connection"},
                   {"sqlstate", failure.sqlstate},
                   {"rows", static_cast<std::int64_t>(batch.size())}});
        // Whatever the kind, the session is suspect; the retry runs on a fresh one.
        session.reset();
        lost = true;
        sleepUnlessStopping(backoff.next());
      }
    }
  }

  /// Items that cannot be sent (bad id, text PostgreSQL cannot hold) are answered here and
  /// removed, so that they cannot fail their neighbours.
  std::string batchJson(std::vector<SubmissionPtr>& batch, std::vector<SubmissionPtr>& leaders) {
    std::string json = "[";
    std::unordered_map<std::string_view, bool> seen;
    for (auto& s : batch) {
      NewQuestion& q = s->question;
      if (!isCanonicalUuid(q.clientId) || hasNul(q)) {
        log::warn("pg.submission_invalid", {{"reason", "client id or text not storable"}});
        if (s->claim()) s->giveUp();
        continue;
      }
      if (!seen.emplace(s->key, true).second) continue;  // same id twice: answered from the first
      nlohmann::json reasons;
      sanitiseVerdict(s->question, reasons);
      nlohmann::json row{{"client_id", q.clientId},
                         {"episode_id", q.episodeId},
                         {"device_hash", detail::toHex(q.deviceHash)},
                         {"address_hash", detail::toHex(q.addressHash)},
                         {"display_name", q.displayName},
                         {"municipality", q.municipality},
                         {"body", q.text},
                         {"consent", q.consentNameOnAir},
                         {"lang", q.interfaceLanguage},
                         {"filter_action", q.filterAction},
                         {"filter_reasons", std::move(reasons)},
                         {"language", q.language}};
      std::string text;
      try {
        text = row.dump();  // strict: invalid UTF-8 throws
      } catch (const nlohmann::json::exception&) {
        log::warn("pg.submission_invalid", {{"reason", "invalid UTF-8"}});
        if (s->claim()) s->giveUp();
        continue;
      }
      if (json.size() > 1) json += ',';
      json += text;
      leaders.push_back(s);
    }
    json += ']';
    std::erase_if(batch, [](const SubmissionPtr& s) { return s->isFinished(); });
    return json;
  }

  void commitBatch(pqxx::connection& conn, std::vector<SubmissionPtr>& batch, bool& committing) {
    std::vector<SubmissionPtr> leaders;
    const std::string json = batchJson(batch, leaders);
    if (leaders.empty()) return;

    std::unordered_map<std::string, RowInfo> rows;
    pqxx::work txn(conn);
    const pqxx::result inserted = txn.exec_prepared("insert_batch", json);
    for (const auto& r : inserted) {
      rows[r[0].as<std::string>()] = RowInfo{
          r[1].as<std::int64_t>(), r[2].as<std::string>(), r[3].as<std::string>(), {}, true};
    }
    if (rows.size() < leaders.size()) {
      std::string ids = "{";
      for (const auto& s : leaders) {
        if (rows.count(s->key) != 0) continue;
        if (ids.size() > 1) ids += ',';
        ids += s->key;  // validated: hex digits and dashes only
      }
      ids += '}';
      for (const auto& r : txn.exec_prepared("lookup_existing", ids)) {
        rows[r[0].as<std::string>()] =
            RowInfo{r[1].as<std::int64_t>(), r[2].as<std::string>(), r[3].as<std::string>(),
                    r[4].is_null() ? std::string() : r[4].as<std::string>(), false};
      }
    }
    committing = true;
    txn.commit();
    committing = false;

    // A row is ours when this transaction inserted it, or when an earlier COMMIT of the same
    // submission was in doubt and the row that is there carries its device: that COMMIT landed.
    std::uint64_t storedRows = 0;
    std::unordered_map<std::string_view, const Submission*> leaderOf;
    for (const auto& s : leaders) {
      leaderOf.emplace(s->key, s.get());
      const auto row = rows.find(s->key);
      if (row == rows.end()) continue;
      RowInfo& info = row->second;
      if (!info.insertedNow && s->inDoubt &&
          info.deviceHex == detail::toHex(s->question.deviceHash)) {
        info.insertedNow = true;
      }
      if (info.insertedNow) {
        info.deviceHex = detail::toHex(s->question.deviceHash);
        ++storedRows;
      }
    }
    counters_.commits.fetch_add(1, std::memory_order_relaxed);
    counters_.committedRows.fetch_add(storedRows, std::memory_order_relaxed);
    counters_.batchSizeSum.fetch_add(batch.size(), std::memory_order_relaxed);
    counters_.batchSizeBuckets[bucketFor(batch.size())].fetch_add(1, std::memory_order_relaxed);

    for (const auto& s : batch) {
      if (!s->claim()) continue;
      const auto row = rows.find(s->key);
      if (row == rows.end()) {
        // Neither inserted nor found: erased between the two statements. Let the phone resend.
        s->finish(SubmitResult{});
        continue;
      }
      const RowInfo& info = row->second;
      SubmitResult result{SubmitStatus::Stored, info.id, info.state, info.receivedAt};
      if (info.insertedNow && leaderOf[s->key] == s.get()) {
        result.status = SubmitStatus::Stored;
      } else if (info.deviceHex == detail::toHex(s->question.deviceHash)) {
        result.status = SubmitStatus::Duplicate;
      } else {
        result = SubmitResult{SubmitStatus::IdConflict, 0, {}, {}};
      }
      s->finish(std::move(result));
      s->question = NewQuestion{};  // the text need not wait in memory for the reaper
    }
  }

  // ---- reader ----------------------------------------------------------------------------------

  void readerLoop() {
    std::unique_ptr<Session> session;
    bool lost = false;
    while (true) {
      std::shared_ptr<ListRequest> job;
      {
        std::unique_lock lock(mutex_);
        readerCv_.wait(lock, [this] { return stopping_ || !listQueue_.empty(); });
        if (stopping_) return;
        job = std::move(listQueue_.front());
        listQueue_.pop_front();
      }
      if (job->isFinished()) continue;
      if (!session) {
        session = connect("sporazum_reader", lost);
        if (session) session->conn().prepare("list_for_device", kListForDevice);
      }
      std::optional<std::vector<DeviceQuestion>> rows;
      if (session) {
        try {
          pqxx::nontransaction txn(session->conn());
          const auto result = txn.exec_prepared("list_for_device", detail::toHex(job->deviceHash),
                                                static_cast<std::int64_t>(job->limit));
          rows.emplace();
          rows->reserve(result.size());
          for (const auto& r : result) {
            rows->push_back(DeviceQuestion{r[0].as<std::string>(), r[1].as<std::string>(),
                                           r[2].as<std::string>(), r[3].as<std::string>()});
          }
        } catch (...) {
          const Failure failure = detail::classifyCurrentException(false);
          log::warn("pg.list_failed", {{"sqlstate", failure.sqlstate}});
          session.reset();
          lost = true;
          rows.reset();
        }
      }
      if (job->claim()) job->finish(std::move(rows));
    }
  }

  // ---- poller ----------------------------------------------------------------------------------

  void pollerLoop(std::unique_ptr<Session> session, bool lost) {
    while (true) {
      {
        std::unique_lock lock(mutex_);
        wakeCv_.wait_for(lock, options_.pollInterval, [this] { return stopping_ || pollSoon_; });
        if (stopping_) return;
        pollSoon_ = false;
      }
      pollOnce(session, lost);
    }
  }

  void pollOnce(std::unique_ptr<Session>& session, bool& lost) {
    Health health;
    std::optional<EpisodeStatus> latest;
    if (!session) {
      try {
        session = std::make_unique<Session>(options_.connectionUri, "sporazum_poller");
        if (lost) counters_.reconnects.fetch_add(1, std::memory_order_relaxed);
        lost = false;
      } catch (const std::exception& e) {
        health.detail = detail::describeConnectionFailure(e.what());
        lost = true;
      }
    }
    if (session) {
      bool checked = false;
      try {
        pqxx::nontransaction txn(session->conn());
        txn.exec("SELECT 1");
        checked = true;
        const auto result = txn.exec(kLatestEpisode);
        latest.emplace();
        if (!result.empty()) {
          latest->episodeId = result[0][0].as<std::int64_t>();
          latest->title = result[0][1].as<std::string>();
          latest->questionsOpen = result[0][2].as<bool>();
        }
        health.databaseReachable = true;
      } catch (const std::exception& e) {
        const Failure failure = detail::classifyCurrentException(false);
        // 42P01: no such table; 42883: no such function (current_episode_id, 0004).
        if (checked && (failure.sqlstate == "42P01" || failure.sqlstate == "42883")) {
          health.detail = "database schema not migrated";
        } else {
          health.detail = detail::describeConnectionFailure(e.what());
          session.reset();
          lost = true;
        }
      }
    }
    bool changed = false;
    {
      std::lock_guard lock(statusMutex_);
      if (health_.databaseReachable != health.databaseReachable) {
        log::info("pg.health",
                  {{"reachable", health.databaseReachable}, {"detail", health.detail}});
      }
      health_ = health;
      if (latest && (latest->episodeId != episode_.episodeId || latest->title != episode_.title ||
                     latest->questionsOpen != episode_.questionsOpen)) {
        episode_ = *latest;
        changed = true;
      }
    }
    if (changed) {
      std::function<void(EpisodeStatus)> callback;
      {
        std::lock_guard lock(callbackMutex_);
        callback = episodeCallback_;
      }
      invokeSafely("onEpisodeChange", callback, *latest);
    }
  }

  // ---- listener --------------------------------------------------------------------------------

  using Receiver = detail::NotificationReceiver;

  void handleStateNotification(const std::string& payload) {
    StateChange change;
    try {
      const auto json = nlohmann::json::parse(payload);
      if (!json.at("device").is_string()) return;  // erased: there is no device to tell
      const auto device = detail::digestFromHex(json.at("device").get<std::string>());
      if (!device) return;
      change.clientId = json.at("id").get<std::string>();
      change.deviceHash = *device;
      change.state = json.at("state").get<std::string>();
    } catch (const std::exception&) {
      log::warn("pg.bad_notification", {{"channel", "question_state"}});
      return;
    }
    std::function<void(StateChange)> callback;
    {
      std::lock_guard lock(callbackMutex_);
      callback = stateCallback_;
    }
    invokeSafely("onStateChange", callback, std::move(change));
  }

  void listenerLoop() {
    std::unique_ptr<Session> session;
    std::unique_ptr<Receiver> states;
    std::unique_ptr<Receiver> episodes;
    bool lost = false;
    Backoff backoff;
    const auto wait = std::chrono::duration_cast<std::chrono::microseconds>(kListenWait).count();
    while (!stopping()) {
      if (!session) {
        session = connect("sporazum_listener", lost);
        if (session) {
          try {
            states = std::make_unique<Receiver>(
                session->conn(), "question_state",
                [this](const std::string& payload) { handleStateNotification(payload); });
            episodes = std::make_unique<Receiver>(session->conn(), "episode_state",
                                                  [this](const std::string&) {
                                                    {
                                                      std::lock_guard lock(mutex_);
                                                      pollSoon_ = true;
                                                    }
                                                    wakeCv_.notify_all();
                                                  });
            backoff.reset();
          } catch (const std::exception&) {
            states.reset();
            episodes.reset();
            session.reset();
            lost = true;
          }
        }
        if (!session) {
          sleepUnlessStopping(backoff.next());
          continue;
        }
      }
      try {
        session->conn().await_notification(wait / 1000000, wait % 1000000);
      } catch (const std::exception&) {
        log::warn("pg.listener_lost");
        states.reset();
        episodes.reset();
        session.reset();
        lost = true;
        sleepUnlessStopping(backoff.next());
      }
    }
    states.reset();
    episodes.reset();
  }

  // ---- reaper ----------------------------------------------------------------------------------

  void reaperLoop() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      if (reapQueue_.empty()) {
        reaperCv_.wait(lock);
        continue;
      }
      const auto now = Clock::now();
      if (reapQueue_.front()->deadline > now) {
        reaperCv_.wait_until(lock, reapQueue_.front()->deadline);
        continue;
      }
      std::vector<std::shared_ptr<Job>> expired;
      while (!reapQueue_.empty() && reapQueue_.front()->deadline <= now) {
        expired.push_back(std::move(reapQueue_.front()));
        reapQueue_.pop_front();
      }
      // Queues are in deadline order too: drop what is past, so the queue bound counts live work.
      while (!queue_.empty() && queue_.front()->deadline <= now)
        queue_.pop_front();
      while (!listQueue_.empty() && listQueue_.front()->deadline <= now)
        listQueue_.pop_front();
      lock.unlock();
      for (auto& job : expired) {
        if (job->claim()) job->giveUp();
      }
      expired.clear();
      lock.lock();
    }
  }

  StoreOptions options_;
  StoreCounters counters_;

  mutable std::mutex mutex_;  // queues, stopping_, pollSoon_
  std::condition_variable writerCv_;
  std::condition_variable readerCv_;
  std::condition_variable reaperCv_;
  std::condition_variable wakeCv_;  // back-off sleeps and the poller
  std::deque<SubmissionPtr> queue_;
  std::deque<SubmissionPtr> unclassified_;  ///< waiting for the classifier thread
  std::condition_variable classifierCv_;
  std::deque<std::shared_ptr<ListRequest>> listQueue_;
  std::deque<std::shared_ptr<Job>> reapQueue_;  // everything unanswered, in deadline order
  bool stopping_ = false;
  bool started_ = false;
  bool pollSoon_ = false;

  mutable std::mutex statusMutex_;
  Health health_;
  EpisodeStatus episode_;

  std::mutex callbackMutex_;
  std::function<void(EpisodeStatus)> episodeCallback_;
  std::function<void(StateChange)> stateCallback_;

  std::vector<std::thread> threads_;
};

QuestionStore::QuestionStore(StoreOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}

QuestionStore::~QuestionStore() = default;

QuestionStore::Enqueue QuestionStore::submit(NewQuestion question, SubmitCallback done) {
  return impl_->submit(std::move(question), std::move(done));
}

void QuestionStore::listForDevice(
    Digest deviceHash, std::size_t limit,
    std::function<void(std::optional<std::vector<DeviceQuestion>>)> done) {
  impl_->listForDevice(deviceHash, limit, std::move(done));
}

Health QuestionStore::health() const {
  return impl_->health();
}
EpisodeStatus QuestionStore::episode() const {
  return impl_->episode();
}

void QuestionStore::onEpisodeChange(std::function<void(EpisodeStatus)> fn) {
  impl_->onEpisodeChange(std::move(fn));
}

void QuestionStore::onStateChange(std::function<void(StateChange)> fn) {
  impl_->onStateChange(std::move(fn));
}

void QuestionStore::start() {
  impl_->start();
}

const StoreCounters& QuestionStore::counters() const {
  return impl_->counters();
}

}  // namespace sporazum::pg

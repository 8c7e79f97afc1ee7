#include "sporazum/pg/desk_store.hpp"

#include <algorithm>
#include <future>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "pg_test_support.hpp"

namespace sporazum::pg::testing {
namespace {

using namespace std::chrono_literals;
using core::ChangeOutcome;
using core::ChangeStatus;
using core::ModAction;
using core::ModChange;
using core::ModQuestion;
using core::StaffIdentity;
using Clock = std::chrono::steady_clock;

constexpr const char* kUnreachable = "host=127.0.0.1 port=1 dbname=nowhere";

const char* statusName(ChangeStatus status) {
  switch (status) {
    case ChangeStatus::Applied:
      return "Applied";
    case ChangeStatus::Conflict:
      return "Conflict";
    case ChangeStatus::NotFound:
      return "NotFound";
    case ChangeStatus::NotAllowed:
      return "NotAllowed";
    case ChangeStatus::NothingToUndo:
      return "NothingToUndo";
    case ChangeStatus::Unavailable:
      return "Unavailable";
  }
  return "?";
}

#define EXPECT_OUTCOME(outcome, expected)                                        \
  EXPECT_STREQ(statusName((outcome).status), statusName(ChangeStatus::expected)) \
      << (outcome).message

/// Calls `start` with a callback and waits for its one answer.
template <typename T, typename Start>
T await(Start start) {
  auto promise = std::make_shared<std::promise<T>>();
  auto future = promise->get_future();
  auto calls = std::make_shared<std::atomic<int>>(0);
  start([promise, calls](T value) {
    if (calls->fetch_add(1) == 0) {
      promise->set_value(std::move(value));
    } else {
      ADD_FAILURE() << "a callback ran twice";
    }
  });
  if (future.wait_for(30s) != std::future_status::ready) {
    ADD_FAILURE() << "no answer";
    throw std::runtime_error("no answer");
  }
  return future.get();
}

std::string hexOf(std::uint8_t byte, int count = 32) {
  std::string hex;
  for (int i = 0; i < count; ++i) {
    hex += "0123456789abcdef"[byte >> 4];
    hex += "0123456789abcdef"[byte & 0xf];
  }
  return hex;
}

/// Everything the feed delivered, and when.
class FeedLog {
 public:
  void attach(DeskStore& store) {
    store.setFeedWanted(true);
    store.onQuestions([this](std::vector<ModQuestion> rows) {
      const auto now = Clock::now();
      std::lock_guard lock(mutex_);
      for (auto& q : rows) {
        firstSeen_.emplace(q.id, now);
        ++deliveries_[q.id];
        auto& held = latest_[q.id];
        if (q.version >= held.version) held = std::move(q);
      }
      ++batches_;
      cv_.notify_all();
    });
    store.onFeedReset([this] {
      std::lock_guard lock(mutex_);
      ++resets_;
      cv_.notify_all();
    });
  }

  bool waitFor(const std::function<bool()>& condition, std::chrono::milliseconds timeout = 10s) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, timeout, condition);
  }
  bool waitForId(std::int64_t id, std::int32_t version = 1) {
    return waitFor([&] { return latest_.count(id) != 0 && latest_[id].version >= version; });
  }
  bool waitForResets(int count) {
    return waitFor([&] { return resets_ >= count; });
  }

  std::optional<ModQuestion> latest(std::int64_t id) {
    std::lock_guard lock(mutex_);
    const auto it = latest_.find(id);
    if (it == latest_.end()) return std::nullopt;
    return it->second;
  }
  std::optional<Clock::time_point> firstSeen(std::int64_t id) {
    std::lock_guard lock(mutex_);
    const auto it = firstSeen_.find(id);
    if (it == firstSeen_.end()) return std::nullopt;
    return it->second;
  }
  std::set<std::int64_t> ids() {
    std::lock_guard lock(mutex_);
    std::set<std::int64_t> out;
    for (const auto& [id, q] : latest_)
      out.insert(id);
    return out;
  }
  int resets() {
    std::lock_guard lock(mutex_);
    return resets_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  std::map<std::int64_t, ModQuestion> latest_;
  std::map<std::int64_t, Clock::time_point> firstSeen_;
  std::map<std::int64_t, int> deliveries_;
  int batches_ = 0;
  int resets_ = 0;
};

class Desk : public PgTest {
 protected:
  void SetUp() override {
    PgTest::SetUp();
    if (HasFatalFailure()) return;
    episode_ = migrateAndOpenEpisode();
    ana_ = staff("ana", "Ana");
    marko_ = staff("marko", "Marko");
  }

  StaffIdentity staff(const std::string& username, const std::string& displayName) {
    return addStaff(username, core::StaffRole::Moderator, displayName);
  }

  /// Stores one question directly; returns its id.
  std::int64_t insertQuestion(std::uint8_t device, const std::string& state = "received",
                              std::int64_t episode = 0) {
    return std::stoll(scalar(
        "INSERT INTO questions (client_id, episode_id, device_hash, address_hash, display_name, "
        "municipality, body, state) VALUES (gen_random_uuid(), " +
        std::to_string(episode == 0 ? episode_ : episode) + ", decode('" + hexOf(device) +
        "', 'hex'), decode('" + hexOf(0xad) + "', 'hex'), 'Ana', 'zvecan', 'Pitanje?', '" + state +
        "') RETURNING id"));
  }

  std::string field(std::int64_t id, const std::string& column) {
    return scalar("SELECT " + column + " FROM questions WHERE id = " + std::to_string(id));
  }

  static ModChange change(std::int64_t id, std::int32_t version, ModAction action,
                          const StaffIdentity& by) {
    ModChange c;
    c.questionId = id;
    c.baseVersion = version;
    c.action = action;
    c.by = by;
    return c;
  }

  static ChangeOutcome apply(DeskStore& store, ModChange c) {
    return await<ChangeOutcome>([&](auto done) { store.applyChange(std::move(c), done); });
  }
  static ChangeOutcome undo(DeskStore& store, const StaffIdentity& who, std::int64_t episode) {
    return await<ChangeOutcome>([&](auto done) { store.undoLastChange(who, episode, done); });
  }
  /// The desk's audit entries (the command line's, such as the fixture's episode, left out).
  static std::vector<core::AuditEntry> audit(DeskStore& store, core::AuditQuery query = {}) {
    auto entries = await<std::optional<std::vector<core::AuditEntry>>>(
        [&](auto done) { store.readAudit(query, done); });
    EXPECT_TRUE(entries.has_value());
    auto kept = entries.value_or(std::vector<core::AuditEntry>{});
    std::erase_if(kept, [](const core::AuditEntry& e) { return e.actor == "cli"; });
    return kept;
  }

  std::int64_t episode_ = 0;
  StaffIdentity ana_;
  StaffIdentity marko_;
};

// ---- the feed -----------------------------------------------------------------------------------

TEST_F(Desk, AnUnwantedFeedReadsNothingUntilWantedThenResetsAndFollows) {
  std::atomic<int> deliveries{0};
  std::atomic<int> resets{0};
  DeskStore desk(deskStoreOptions());
  desk.onQuestions(
      [&](std::vector<ModQuestion> rows) { deliveries += static_cast<int>(rows.size()); });
  desk.onFeedReset([&] { ++resets; });
  desk.start();

  StoreOptions o;
  o.connectionUri = uri();
  QuestionStore store(o);
  store.start();
  auto submitOne = [&](const std::string& text) {
    auto promise = std::make_shared<std::promise<SubmitResult>>();
    store.submit(makeQuestion(episode_, digestOf(0x11), text),
                 [promise](SubmitResult r) { promise->set_value(std::move(r)); });
    return promise->get_future().get();
  };
  ASSERT_EQ(submitOne("Prvo pitanje").status, SubmitStatus::Stored);
  std::this_thread::sleep_for(1500ms);  // past a poll
  EXPECT_EQ(deliveries.load(), 0);
  EXPECT_EQ(resets.load(), 0);
  EXPECT_EQ(desk.counters().feedQueries.load(), 0U);

  desk.setFeedWanted(true);
  ASSERT_TRUE(waitUntil([&] { return resets.load() == 1; }, 5s));
  EXPECT_EQ(deliveries.load(), 0) << "rows from before the reset are the owner's to load";
  ASSERT_EQ(submitOne("Drugo pitanje").status, SubmitStatus::Stored);
  ASSERT_TRUE(waitUntil([&] { return deliveries.load() == 1; }, 5s));

  // Unwanted and wanted again at once (the last moderator left, another came): still a reset,
  // because the owner dropped what it had.
  desk.setFeedWanted(false);
  desk.setFeedWanted(true);
  ASSERT_TRUE(waitUntil([&] { return resets.load() == 2; }, 5s));

  desk.setFeedWanted(false);
  std::this_thread::sleep_for(1500ms);
  const auto queries = desk.counters().feedQueries.load();
  ASSERT_EQ(submitOne("Treće pitanje").status, SubmitStatus::Stored);
  std::this_thread::sleep_for(1500ms);
  EXPECT_EQ(desk.counters().feedQueries.load(), queries);
  EXPECT_EQ(deliveries.load(), 1);
}

TEST_F(Desk, FeedDeliversNewQuestionsWholeAndQuickly) {
  FeedLog feed;
  DeskStore desk(deskStoreOptions());
  feed.attach(desk);
  desk.start();
  ASSERT_TRUE(feed.waitForResets(1)) << "the feed signals once it listens";

  StoreOptions o;
  o.connectionUri = uri();
  o.unavailableAfter = 10s;
  QuestionStore store(o);
  store.start();
  NewQuestion q = makeQuestion(episode_, digestOf(0x3f), "Када ће бити струје?");
  q.displayName = "Milica";
  q.municipality = "zvecan";
  q.consentNameOnAir = true;
  q.filterAction = "flag";
  q.filterReasonsJson = R"([{"code":"lexicon","category":"slur","term":"x","begin":1,"end":2}])";
  q.language = "sr";
  auto promise = std::make_shared<std::promise<SubmitResult>>();
  store.submit(q, [promise](SubmitResult r) { promise->set_value(std::move(r)); });
  const SubmitResult stored = promise->get_future().get();
  ASSERT_EQ(stored.status, SubmitStatus::Stored);
  const auto acked = Clock::now();

  ASSERT_TRUE(feed.waitForId(stored.questionId));
  const auto seen = *feed.firstSeen(stored.questionId);
  EXPECT_LT(seen - acked, 500ms);
  const ModQuestion m = *feed.latest(stored.questionId);
  EXPECT_EQ(m.episodeId, episode_);
  EXPECT_EQ(m.version, 1);
  EXPECT_EQ(m.clientId, q.clientId);
  EXPECT_EQ(m.state, "received");
  EXPECT_EQ(m.text, "Када ће бити струје?");
  EXPECT_EQ(m.airText, "");
  EXPECT_EQ(m.displayName, "Milica");
  EXPECT_EQ(m.municipality, "zvecan");
  EXPECT_TRUE(m.consentNameOnAir);
  EXPECT_EQ(m.interfaceLanguage, "sr-Latn");
  EXPECT_EQ(m.language, "sr");
  EXPECT_EQ(m.receivedAt, stored.receivedAt);
  EXPECT_EQ(m.filterAction, "flag");
  EXPECT_EQ(nlohmann::json::parse(m.filterReasonsJson), nlohmann::json::parse(q.filterReasonsJson));
  EXPECT_EQ(m.deviceCode, "3f3f3f3f");
  EXPECT_EQ(m.addressCode, "adadadad");
  EXPECT_EQ(m.ban, "");
  EXPECT_EQ(m.askCount, 1);
  EXPECT_EQ(m.mergedInto, 0);
  EXPECT_EQ(m.changedBy, "");
  EXPECT_EQ(m.changedAt, "");
}

TEST_F(Desk, FeedNeverLosesRowsCommittedOutOfIdOrder) {
  FeedLog feed;
  DeskStore desk(deskStoreOptions());
  feed.attach(desk);
  desk.start();
  ASSERT_TRUE(feed.waitForResets(1));

  pqxx::connection first(uri());
  pqxx::connection second(uri());
  const auto insert = [&](pqxx::work& txn, int count, std::uint8_t device) {
    std::vector<std::int64_t> ids;
    for (const auto& r : txn.exec(
             "INSERT INTO questions (client_id, episode_id, device_hash, body) "
             "SELECT gen_random_uuid(), " +
             std::to_string(episode_) + ", decode('" + hexOf(device) +
             "', 'hex'), 'x' FROM generate_series(1, " + std::to_string(count) + ") RETURNING id"))
      ids.push_back(r[0].as<std::int64_t>());
    return ids;
  };
  for (int round = 0; round < 10; ++round) {
    // Writer 1 takes the lower ids, writer 2 the higher ones and commits first.
    pqxx::work early(first);
    const auto low = insert(early, 50, 1);
    pqxx::work late(second);
    const auto high = insert(late, 50, 2);
    ASSERT_LT(low.back(), high.front());
    late.commit();
    ASSERT_TRUE(feed.waitForId(high.back())) << "round " << round;
    EXPECT_FALSE(feed.latest(low.front())) << "not committed yet";
    early.commit();
    for (const auto id : low)
      ASSERT_TRUE(feed.waitForId(id)) << "round " << round << ", id " << id;
  }
  EXPECT_EQ(feed.ids().size(), 1000u);
  EXPECT_TRUE(waitUntil([&] { return desk.counters().feedGapIds.load() == 0; }));
}

TEST_F(Desk, FeedGivesUpRolledBackIdsAfterTheRetention) {
  FeedLog feed;
  DeskStoreOptions o = deskStoreOptions();
  o.gapRetention = 500ms;
  DeskStore desk(o);
  feed.attach(desk);
  desk.start();
  ASSERT_TRUE(feed.waitForResets(1));
  {
    pqxx::connection conn(uri());
    pqxx::work txn(conn);
    txn.exec("INSERT INTO questions (client_id, episode_id, body) SELECT gen_random_uuid(), " +
             std::to_string(episode_) + ", 'x' FROM generate_series(1, 20)");
    const std::int64_t after = insertQuestion(1);
    ASSERT_TRUE(feed.waitForId(after));
    EXPECT_EQ(desk.counters().feedGapIds.load(), 20u);
    // txn rolls back here
  }
  EXPECT_TRUE(waitUntil([&] { return desk.counters().feedGapIds.load() == 0; }, 5s));
  EXPECT_EQ(desk.counters().feedGapsExpired.load(), 20u);
}

TEST_F(Desk, FeedDeliversEveryRowOfConcurrentGroupCommits) {
  FeedLog feed;
  DeskStore desk(deskStoreOptions());
  feed.attach(desk);
  desk.start();
  ASSERT_TRUE(feed.waitForResets(1));

  StoreOptions o;
  o.connectionUri = uri();
  o.writerThreads = 4;
  o.maxBatch = 40;
  o.unavailableAfter = 30s;
  constexpr std::size_t kThreads = 4;
  constexpr std::size_t kEach = 1500;
  Results results(kThreads * kEach);
  QuestionStore store(o);
  store.start();
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (std::size_t i = 0; i < kEach; ++i) {
        store.submit(makeQuestion(episode_, digestOf(static_cast<std::uint8_t>(t)), "p"),
                     results.callback(t * kEach + i));
        if (i % 50 == 0) std::this_thread::sleep_for(1ms);
      }
    });
  }
  for (auto& thread : threads)
    thread.join();
  ASSERT_TRUE(results.waitAll(60s));
  std::set<std::int64_t> stored;
  for (std::size_t i = 0; i < results.size(); ++i) {
    ASSERT_EQ(results.at(i).status, SubmitStatus::Stored);
    stored.insert(results.at(i).questionId);
  }
  ASSERT_TRUE(waitUntil([&] { return feed.ids().size() >= stored.size(); }, 20s));
  EXPECT_EQ(feed.ids(), stored);
}

TEST_F(Desk, FeedDeliversChangedQuestionsAndResetsAfterReconnecting) {
  FeedLog feed;
  DeskStore desk(deskStoreOptions());
  feed.attach(desk);
  desk.start();
  ASSERT_TRUE(feed.waitForResets(1));
  const std::int64_t id = insertQuestion(7);
  ASSERT_TRUE(feed.waitForId(id));

  const ChangeOutcome out = apply(desk, change(id, 1, ModAction::Approve, ana_));
  EXPECT_OUTCOME(out, Applied);
  ASSERT_TRUE(feed.waitForId(id, 2));
  EXPECT_EQ(feed.latest(id)->state, "approved");
  EXPECT_EQ(feed.latest(id)->changedBy, "Ana");
  EXPECT_TRUE(std::regex_match(feed.latest(id)->changedAt,
                               std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")));

  // The feed's connection dies; a question stored meanwhile still arrives, and the owner is told
  // to reload (changes made meanwhile are not replayed).
  ASSERT_GT(terminateBackends(), 0);
  const std::int64_t during = insertQuestion(8);
  ASSERT_TRUE(feed.waitForResets(2));
  ASSERT_TRUE(feed.waitForId(during));
  EXPECT_GE(desk.counters().feedResets.load(), 2u);
  EXPECT_GE(desk.counters().reconnects.load(), 1u);
}

TEST_F(Desk, LoadsAnEpisodesQuestionsOldestFirstWithBanAndChanger) {
  DeskStore desk(deskStoreOptions());
  desk.start();
  const std::int64_t a = insertQuestion(1);
  const std::int64_t b = insertQuestion(2);
  const std::int64_t other = createEpisode(uri(), "next");
  const std::int64_t c = insertQuestion(1, "received", other);
  exec("INSERT INTO device_bans (device_hash, episode_id) VALUES (decode('" + hexOf(2) +
       "', 'hex'), " + std::to_string(other) + ")");
  exec("INSERT INTO device_bans (device_hash) VALUES (decode('" + hexOf(1) + "', 'hex'))");

  auto rows = await<std::optional<std::vector<ModQuestion>>>(
      [&](auto done) { desk.loadEpisodeQuestions(episode_, done); });
  ASSERT_TRUE(rows.has_value());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].id, a);
  EXPECT_EQ((*rows)[0].ban, "forever");
  EXPECT_EQ((*rows)[1].id, b);
  EXPECT_EQ((*rows)[1].ban, "") << "an episode ban covers only its episode";
  rows = await<std::optional<std::vector<ModQuestion>>>(
      [&](auto done) { desk.loadEpisodeQuestions(other, done); });
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].id, c);
}

// ---- moderation changes -------------------------------------------------------------------------

TEST_F(Desk, AppliesEachSimpleActionWithAVersionBumpAndAnAuditEntry) {
  DeskStore desk(deskStoreOptions());
  desk.start();
  const std::int64_t id = insertQuestion(1, "held");

  ChangeOutcome out = apply(desk, change(id, 1, ModAction::Approve, ana_));
  EXPECT_OUTCOME(out, Applied);
  ASSERT_EQ(out.questions.size(), 1u);
  EXPECT_EQ(out.questions[0].state, "approved");
  EXPECT_EQ(out.questions[0].version, 2);
  EXPECT_EQ(out.questions[0].changedBy, "Ana");
  EXPECT_GT(out.auditId, 0);

  ModChange reject = change(id, 2, ModAction::Reject, marko_);
  reject.rejectReason = "hate";
  reject.rejectNote = "uvreda";
  out = apply(desk, reject);
  EXPECT_OUTCOME(out, Applied);
  EXPECT_EQ(out.questions[0].state, "rejected");
  EXPECT_EQ(out.questions[0].rejectReason, "hate");
  EXPECT_EQ(out.questions[0].rejectNote, "uvreda");
  EXPECT_EQ(out.questions[0].changedBy, "Marko");

  ModChange edit = change(id, 3, ModAction::Edit, ana_);
  edit.airText = "Kada će biti popravljen put?";
  out = apply(desk, edit);
  EXPECT_EQ(out.questions[0].airText, "Kada će biti popravljen put?");
  EXPECT_EQ(field(id, "body"), "Pitanje?") << "the viewer's own text never changes";

  ModChange tag = change(id, 4, ModAction::Tag, ana_);
  tag.topic = "putevi";
  out = apply(desk, tag);
  EXPECT_EQ(out.questions[0].topic, "putevi");

  ModChange star = change(id, 5, ModAction::Star, ana_);
  star.isStarred = true;
  out = apply(desk, star);
  EXPECT_TRUE(out.questions[0].isStarred);

  out = apply(desk, change(id, 6, ModAction::Reopen, ana_));
  EXPECT_OUTCOME(out, Applied);
  EXPECT_EQ(out.questions[0].state, "received");
  EXPECT_EQ(out.questions[0].rejectReason, "") << "reopening clears the rejection";
  EXPECT_EQ(out.questions[0].version, 7);

  ModChange clear = change(id, 7, ModAction::Edit, ana_);
  out = apply(desk, clear);
  EXPECT_EQ(out.questions[0].airText, "");
  EXPECT_EQ(field(id, "air_text IS NULL"), "t");
  EXPECT_EQ(field(id, "state_changed_at IS NOT NULL"), "t");

  const auto entries = audit(desk);
  ASSERT_EQ(entries.size(), 7u);
  EXPECT_EQ(entries[6].action, "approve");
  EXPECT_EQ(entries[6].actor, "ana");
  EXPECT_EQ(entries[6].questionId, id);
  EXPECT_EQ(entries[6].episodeId, episode_);
  const auto before = nlohmann::json::parse(entries[6].beforeJson);
  const auto after = nlohmann::json::parse(entries[6].afterJson);
  EXPECT_EQ(before["state"], "held");
  EXPECT_EQ(before["version"], 1);
  EXPECT_EQ(after["state"], "approved");
  EXPECT_EQ(after["version"], 2);
  EXPECT_EQ(entries[5].action, "reject");
  EXPECT_EQ(nlohmann::json::parse(entries[5].afterJson)["rejectReason"], "hate");
  EXPECT_EQ(entries[0].action, "edit");
  EXPECT_GT(entries[0].id, entries[1].id) << "newest first";
  for (const auto& entry : entries) {
    EXPECT_EQ(entry.afterJson.find("Ana\""), std::string::npos) << "no viewer name in the log";
    EXPECT_EQ(entry.afterJson.find("zvecan"), std::string::npos);
    EXPECT_EQ(entry.afterJson.find("adadad"), std::string::npos);
  }
  const auto page = audit(desk, core::AuditQuery{entries[2].id, 2, episode_});
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0].id, entries[3].id);
  EXPECT_TRUE(audit(desk, core::AuditQuery{0, 10, episode_ + 100}).empty());
}

TEST_F(Desk, MergeMovesTheAskersToTheKeptQuestion) {
  DeskStore desk(deskStoreOptions());
  desk.start();
  const std::int64_t kept = insertQuestion(1);
  const std::int64_t dup = insertQuestion(2);
  const std::int64_t dup2 = insertQuestion(3);

  ModChange merge = change(dup, 1, ModAction::Merge, ana_);
  merge.mergeInto = kept;
  ChangeOutcome out = apply(desk, merge);
  EXPECT_OUTCOME(out, Applied);
  ASSERT_EQ(out.questions.size(), 2u);
  EXPECT_EQ(out.questions[0].id, dup);
  EXPECT_EQ(out.questions[0].state, "merged");
  EXPECT_EQ(out.questions[0].mergedInto, kept);
  EXPECT_EQ(out.questions[1].id, kept);
  EXPECT_EQ(out.questions[1].askCount, 2);
  EXPECT_EQ(out.questions[1].version, 2);

  merge = change(dup2, 1, ModAction::Merge, ana_);
  merge.mergeInto = dup;
  EXPECT_OUTCOME(apply(desk, merge), NotAllowed) << "not into a merged question";
  const std::int64_t elsewhere = insertQuestion(4, "received", createEpisode(uri(), "old?"));
  merge.mergeInto = kept;
  EXPECT_OUTCOME(apply(desk, merge), NotFound) << "dup2 is no longer in the latest episode";
  (void)elsewhere;
}

TEST_F(Desk, MergeRefusesTargetsOutsideTheEpisodeOrPastModeration) {
  DeskStore desk(deskStoreOptions());
  desk.start();
  const std::int64_t oldQuestion = insertQuestion(1);
  const std::int64_t next = createEpisode(uri(), "next");
  const std::int64_t q = insertQuestion(2, "received", next);
  const std::int64_t aired = insertQuestion(3, "aired", next);

  ModChange merge = change(q, 1, ModAction::Merge, ana_);
  merge.mergeInto = oldQuestion;
  EXPECT_OUTCOME(apply(desk, merge), NotAllowed);
  merge.mergeInto = aired;
  EXPECT_OUTCOME(apply(desk, merge), NotAllowed);
  merge.mergeInto = q;
  EXPECT_OUTCOME(apply(desk, merge), NotAllowed) << "not into itself";
  merge.mergeInto = 999999;
  EXPECT_OUTCOME(apply(desk, merge), NotAllowed);
  EXPECT_EQ(field(q, "version"), "1");
}

TEST_F(Desk, BanRejectsTheDevicesWaitingQuestionsAndLaterArrivals) {
  DeskStore desk(deskStoreOptions());
  desk.start();
  const std::int64_t bad = insertQuestion(0x66);
  const std::int64_t waiting = insertQuestion(0x66, "held");
  const std::int64_t approved = insertQuestion(0x66, "approved");
  const std::int64_t aired = insertQuestion(0x66, "aired");
  const std::int64_t otherDevice = insertQuestion(0x67);

  ModChange ban = change(bad, 1, ModAction::Ban, ana_);
  ChangeOutcome out = apply(desk, ban);
  EXPECT_OUTCOME(out, Applied);
  ASSERT_EQ(out.questions.size(), 4u);
  EXPECT_EQ(out.questions[0].id, bad);
  for (const auto& q : out.questions) {
    EXPECT_EQ(q.ban, "episode");
    EXPECT_EQ(q.version, 2);
  }
  for (const auto id : {bad, waiting, approved}) {
    EXPECT_EQ(field(id, "state || '/' || reject_reason"), "rejected/banned") << id;
  }
  EXPECT_EQ(field(aired, "state"), "aired");
  EXPECT_EQ(field(otherDevice, "state || version"), "received1");
  EXPECT_EQ(scalar("SELECT count(*) FROM device_bans WHERE lifted_at IS NULL AND episode_id = " +
                   std::to_string(episode_)),
            "1");

  // Later questions of the device are stored as rejected, and the sender is not told.
  StoreOptions o;
  o.connectionUri = uri();
  QuestionStore store(o);
  store.start();
  auto promise = std::make_shared<std::promise<SubmitResult>>();
  store.submit(makeQuestion(episode_, digestOf(0x66), "opet"),
               [promise](SubmitResult r) { promise->set_value(std::move(r)); });
  const SubmitResult later = promise->get_future().get();
  EXPECT_EQ(later.status, SubmitStatus::Stored);
  EXPECT_EQ(later.state, "rejected");
  EXPECT_EQ(field(later.questionId, "reject_reason"), "banned");

  const auto entries = audit(desk);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].action, "ban");
  const auto after = nlohmann::json::parse(entries[0].afterJson);
  EXPECT_EQ(after["scope"], "episode");
  EXPECT_EQ(after["others"].size(), 3u);
  EXPECT_EQ(entries[0].afterJson.find(hexOf(0x66, 4)), std::string::npos) << "no hashes";
}

TEST_F(Desk, RefusesAStaleChangeAsAConflictNamingWhoChangedIt) {
  DeskStore desk(deskStoreOptions());
  desk.start();
  const std::int64_t id = insertQuestion(1);
  ModChange tag = change(id, 1, ModAction::Tag, marko_);
  tag.topic = "struja";
  EXPECT_OUTCOME(apply(desk, tag), Applied);

  const ChangeOutcome out = apply(desk, change(id, 1, ModAction::Approve, ana_));
  EXPECT_OUTCOME(out, Conflict);
  EXPECT_EQ(out.conflictBy, "Marko");
  EXPECT_EQ(out.conflictAction, "tag");
  ASSERT_EQ(out.questions.size(), 1u);
  EXPECT_EQ(out.questions[0].version, 2);
  EXPECT_EQ(out.questions[0].topic, "struja");
  EXPECT_EQ(field(id, "state"), "received");

  // A change that reached the question as a merge target names the merge.
  const std::int64_t dup = insertQuestion(2);
  ModChange merge = change(dup, 1, ModAction::Merge, marko_);
  merge.mergeInto = id;
  EXPECT_OUTCOME(apply(desk, merge), Applied);
  const ChangeOutcome late = apply(desk, change(id, 2, ModAction::Approve, ana_));
  EXPECT_OUTCOME(late, Conflict);
  EXPECT_EQ(late.conflictBy, "Marko");
  EXPECT_EQ(late.conflictAction, "merge");
}

TEST_F(Desk, TwoStoresRacingOnOneQuestionApplyExactlyOne) {
  DeskStore first(deskStoreOptions());
  DeskStore second(deskStoreOptions());
  first.start();
  second.start();
  for (int round = 0; round < 50; ++round) {
    const std::int64_t id = insertQuestion(static_cast<std::uint8_t>(round));
    std::promise<void> go;
    std::shared_future<void> ready = go.get_future().share();
    ChangeOutcome a;
    ChangeOutcome b;
    std::thread one([&] {
      ready.wait();
      a = apply(first, change(id, 1, ModAction::Approve, ana_));
    });
    std::thread two([&] {
      ready.wait();
      ModChange reject = change(id, 1, ModAction::Reject, marko_);
      reject.rejectReason = "spam";
      b = apply(second, reject);
    });
    go.set_value();
    one.join();
    two.join();
    const int applied = (a.status == ChangeStatus::Applied) + (b.status == ChangeStatus::Applied);
    const int conflicts =
        (a.status == ChangeStatus::Conflict) + (b.status == ChangeStatus::Conflict);
    ASSERT_EQ(applied, 1) << "round " << round;
    ASSERT_EQ(conflicts, 1) << "round " << round;
    const ChangeOutcome& lost = a.status == ChangeStatus::Conflict ? a : b;
    EXPECT_EQ(lost.conflictBy, a.status == ChangeStatus::Conflict ? "Marko" : "Ana");
    EXPECT_EQ(field(id, "version"), "2");
    EXPECT_EQ(scalar("SELECT count(*) FROM audit_log WHERE question_id = " + std::to_string(id)),
              "1");
  }
}

TEST_F(Desk, ConcurrentChangesOnManyQuestionsLoseNoUpdate) {
  constexpr int kStores = 3;
  constexpr int kQuestions = 4;
  constexpr int kChangesEach = 40;
  std::vector<std::unique_ptr<DeskStore>> stores;
  for (int i = 0; i < kStores; ++i) {
    stores.push_back(std::make_unique<DeskStore>(deskStoreOptions()));
    stores.back()->start();
  }
  std::vector<std::int64_t> ids;
  for (int i = 0; i < kQuestions; ++i)
    ids.push_back(insertQuestion(static_cast<std::uint8_t>(i)));

  // Each store edits one field of every question, re-reading on a conflict, like a moderator.
  std::atomic<int> applied{0};
  std::vector<std::thread> threads;
  for (int s = 0; s < kStores; ++s) {
    threads.emplace_back([&, s] {
      for (int n = 0; n < kChangesEach; ++n) {
        const std::int64_t id = ids[static_cast<std::size_t>(n % kQuestions)];
        std::int32_t version = 1;
        for (int attempt = 0; attempt < 100; ++attempt) {
          ModChange c = change(id, version, ModAction::Tag, ana_);
          c.action = s == 0 ? ModAction::Tag : s == 1 ? ModAction::Edit : ModAction::Star;
          c.topic = "t" + std::to_string(n);
          c.airText = "a" + std::to_string(n);
          c.isStarred = n % 2 == 0;
          const ChangeOutcome out = apply(*stores[static_cast<std::size_t>(s)], c);
          if (out.status == ChangeStatus::Applied) {
            ++applied;
            break;
          }
          ASSERT_EQ(out.status, ChangeStatus::Conflict) << out.message;
          version = out.questions.at(0).version;
        }
      }
    });
  }
  for (auto& thread : threads)
    thread.join();
  EXPECT_EQ(applied.load(), kStores * kChangesEach);
  EXPECT_EQ(scalar("SELECT sum(version - 1) FROM questions"), std::to_string(applied.load()));
  EXPECT_EQ(scalar("SELECT count(*) FROM audit_log WHERE actor <> 'cli'"),
            std::to_string(applied.load()));
  // The last change of each kind to each question is what is stored.
  for (int i = 0; i < kQuestions; ++i) {
    const int last = kChangesEach - kQuestions + i;
    EXPECT_EQ(field(ids[static_cast<std::size_t>(i)], "topic"), "t" + std::to_string(last));
    EXPECT_EQ(field(ids[static_cast<std::size_t>(i)], "air_text"), "a" + std::to_string(last));
    EXPECT_EQ(field(ids[static_cast<std::size_t>(i)], "starred"), last % 2 == 0 ? "t" : "f");
  }
}

TEST_F(Desk, RefusesActionsThatDoNotFitTheState) {
  DeskStore desk(deskStoreOptions());
  desk.start();
  const std::int64_t received = insertQuestion(1);
  const std::int64_t aired = insertQuestion(2, "aired");
  const std::int64_t merged = insertQuestion(3, "merged");

  ChangeOutcome out = apply(desk, change(received, 1, ModAction::Reopen, ana_));
  EXPECT_OUTCOME(out, NotAllowed);
  EXPECT_FALSE(out.message.empty());
  EXPECT_OUTCOME(apply(desk, change(aired, 1, ModAction::Approve, ana_)), NotAllowed);
  EXPECT_OUTCOME(apply(desk, change(merged, 1, ModAction::Ban, ana_)), NotAllowed);
  ModChange reject = change(received, 1, ModAction::Reject, ana_);
  reject.rejectReason = "banned";
  EXPECT_OUTCOME(apply(desk, reject), NotAllowed) << "banned is set by the system only";
  ModChange nul = change(received, 1, ModAction::Edit, ana_);
  nul.airText = std::string("a\0b", 3);
  EXPECT_OUTCOME(apply(desk, nul), NotAllowed);
  EXPECT_OUTCOME(apply(desk, change(987654, 1, ModAction::Approve, ana_)), NotFound);
  createEpisode(uri(), "next");
  EXPECT_OUTCOME(apply(desk, change(received, 1, ModAction::Approve, ana_)), NotFound)
      << "only the latest episode is moderated";
  EXPECT_EQ(scalar("SELECT count(*) FROM audit_log WHERE actor <> 'cli'"), "0");
  EXPECT_EQ(scalar("SELECT max(version) FROM questions"), "1");
}

// ---- undo ---------------------------------------------------------------------------------------

TEST_F(Desk, UndoRestoresEachSimpleChangeNewestFirst) {
  DeskStore desk(deskStoreOptions());
  desk.start();
  const std::int64_t id = insertQuestion(1, "held");
  std::int32_t version = 1;
  const auto act = [&](ModChange c) {
    const ChangeOutcome out = apply(desk, std::move(c));
    EXPECT_OUTCOME(out, Applied);
    version = out.questions.at(0).version;
  };
  act(change(id, version, ModAction::Approve, ana_));
  ModChange edit = change(id, version, ModAction::Edit, ana_);
  edit.airText = "novo";
  act(edit);
  ModChange tag = change(id, version, ModAction::Tag, ana_);
  tag.topic = "škole";
  act(tag);
  ModChange star = change(id, version, ModAction::Star, ana_);
  star.isStarred = true;
  act(star);
  ModChange reject = change(id, version, ModAction::Reject, ana_);
  reject.rejectReason = "off_topic";
  act(reject);
  act(change(id, version, ModAction::Reopen, ana_));

  const auto expectState = [&](const char* state, const char* air, const char* topic, bool starred,
                               const char* reason) {
    const ChangeOutcome out = undo(desk, ana_, episode_);
    EXPECT_OUTCOME(out, Applied);
    ASSERT_EQ(out.questions.size(), 1u);
    const ModQuestion& q = out.questions[0];
    EXPECT_EQ(q.state, state);
    EXPECT_EQ(q.airText, air);
    EXPECT_EQ(q.topic, topic);
    EXPECT_EQ(q.isStarred, starred);
    EXPECT_EQ(q.rejectReason, reason);
    EXPECT_EQ(q.version, ++version);
  };
  expectState("rejected", "novo", "škole", true, "off_topic");  // undo reopen
  expectState("approved", "novo", "škole", true, "");           // undo reject
  expectState("approved", "novo", "škole", false, "");          // undo star
  expectState("approved", "novo", "", false, "");               // undo tag
  expectState("approved", "", "", false, "");                   // undo edit
  expectState("held", "", "", false, "");                       // undo approve
  EXPECT_OUTCOME(undo(desk, ana_, episode_), NothingToUndo);

  const auto entries = audit(desk);
  ASSERT_EQ(entries.size(), 12u);
  EXPECT_EQ(entries[0].action, "undo");
  EXPECT_EQ(entries[0].undoes, entries[11].id) << "the last undo undid the first change";
  EXPECT_EQ(scalar("SELECT count(DISTINCT undoes) FROM audit_log WHERE action = 'undo'"), "6");
}

TEST_F(Desk, UndoIsPerModeratorAndRefusesWhenSomebodyChangedTheQuestionSince) {
  DeskStore desk(deskStoreOptions());
  desk.start();
  const std::int64_t id = insertQuestion(1);
  EXPECT_OUTCOME(apply(desk, change(id, 1, ModAction::Approve, ana_)), Applied);
  EXPECT_OUTCOME(undo(desk, marko_, episode_), NothingToUndo) << "Marko did nothing";
  ModChange tag = change(id, 2, ModAction::Tag, marko_);
  tag.topic = "x";
  EXPECT_OUTCOME(apply(desk, tag), Applied);

  const ChangeOutcome out = undo(desk, ana_, episode_);
  EXPECT_OUTCOME(out, Conflict);
  EXPECT_EQ(out.conflictBy, "Marko");
  EXPECT_EQ(out.conflictAction, "tag");
  EXPECT_EQ(field(id, "state"), "approved");
  EXPECT_OUTCOME(undo(desk, ana_, episode_ + 1), NothingToUndo) << "another episode";
}

TEST_F(Desk, UndoOfAMergeSplitsTheQuestionsAgain) {
  DeskStore desk(deskStoreOptions());
  desk.start();
  const std::int64_t kept = insertQuestion(1, "approved");
  const std::int64_t dup = insertQuestion(2, "held");
  ModChange merge = change(dup, 1, ModAction::Merge, ana_);
  merge.mergeInto = kept;
  ASSERT_EQ(apply(desk, merge).status, ChangeStatus::Applied);
  ModChange star = change(kept, 2, ModAction::Star, marko_);
  star.isStarred = true;
  ASSERT_EQ(apply(desk, star).status, ChangeStatus::Applied) << "the target may change meanwhile";

  const ChangeOutcome out = undo(desk, ana_, episode_);
  EXPECT_OUTCOME(out, Applied);
  ASSERT_EQ(out.questions.size(), 2u);
  EXPECT_EQ(out.questions[0].id, dup);
  EXPECT_EQ(out.questions[0].state, "held");
  EXPECT_EQ(out.questions[0].mergedInto, 0);
  EXPECT_EQ(out.questions[1].id, kept);
  EXPECT_EQ(out.questions[1].askCount, 1);
  EXPECT_TRUE(out.questions[1].isStarred);
  EXPECT_EQ(out.questions[1].version, 4);
  EXPECT_EQ(field(dup, "merged_into IS NULL"), "t");
}

TEST_F(Desk, UndoOfABanLiftsItAndRestoresTheDevicesQuestions) {
  DeskStore desk(deskStoreOptions());
  desk.start();
  const std::int64_t bad = insertQuestion(0x66, "held");
  const std::int64_t approved = insertQuestion(0x66, "approved");
  const std::int64_t rejected = insertQuestion(0x66, "received");
  ModChange reject = change(rejected, 1, ModAction::Reject, marko_);
  reject.rejectReason = "spam";
  ASSERT_EQ(apply(desk, reject).status, ChangeStatus::Applied);
  ModChange ban = change(bad, 1, ModAction::Ban, ana_);
  ban.isBanForever = true;
  ASSERT_EQ(apply(desk, ban).status, ChangeStatus::Applied);
  EXPECT_EQ(field(approved, "state"), "rejected");

  // A question that arrived during the ban was shadow-rejected on arrival.
  StoreOptions o;
  o.connectionUri = uri();
  QuestionStore store(o);
  store.start();
  auto promise = std::make_shared<std::promise<SubmitResult>>();
  store.submit(makeQuestion(episode_, digestOf(0x66), "tokom zabrane"),
               [promise](SubmitResult r) { promise->set_value(std::move(r)); });
  const SubmitResult during = promise->get_future().get();
  ASSERT_EQ(during.state, "rejected");

  const ChangeOutcome out = undo(desk, ana_, episode_);
  EXPECT_OUTCOME(out, Applied);
  EXPECT_EQ(out.questions.size(), 4u);
  for (const auto& q : out.questions)
    EXPECT_EQ(q.ban, "") << q.id;
  EXPECT_EQ(field(bad, "state"), "held");
  EXPECT_EQ(field(bad, "reject_reason IS NULL"), "t");
  EXPECT_EQ(field(approved, "state"), "approved");
  EXPECT_EQ(field(rejected, "state || '/' || reject_reason"), "rejected/spam")
      << "rejected before the ban: stays as it was";
  EXPECT_EQ(field(during.questionId, "state"), "received");
  EXPECT_EQ(scalar("SELECT count(*) FROM device_bans WHERE lifted_at IS NULL"), "0");

  // Lifted: the device's next question is stored normally.
  auto next = std::make_shared<std::promise<SubmitResult>>();
  store.submit(makeQuestion(episode_, digestOf(0x66), "posle"),
               [next](SubmitResult r) { next->set_value(std::move(r)); });
  EXPECT_EQ(next->get_future().get().state, "received");
}

// ---- sessions -----------------------------------------------------------------------------------

TEST_F(Desk, SessionsAreValidUntilExpiredRevokedOrTheAccountIsDisabled) {
  DeskStore desk(deskStoreOptions());
  desk.start();
  const auto found = await<core::Result<std::optional<core::StaffAccount>>>(
      [&](auto done) { desk.findAccount("ANA", done); });
  ASSERT_TRUE(found.ok());
  const auto& account = *found;
  ASSERT_TRUE(account.has_value());
  EXPECT_EQ(account->identity, ana_);
  EXPECT_EQ(account->passwordHash, kTestPasswordHash);
  EXPECT_FALSE(account->isDisabled);
  const auto nobody = await<core::Result<std::optional<core::StaffAccount>>>(
      [&](auto done) { desk.findAccount("nobody", done); });
  ASSERT_TRUE(nobody.ok());
  EXPECT_FALSE(nobody->has_value());

  const auto create = [&](std::uint8_t token, const StaffIdentity& who, std::int64_t ttl) {
    return await<core::Result<core::StaffSession>>(
        [&](auto done) { desk.createSession(who, digestOf(token), ttl, done); });
  };
  const auto resolve = [&](std::uint8_t token) {
    return await<core::Result<core::StaffSession>>(
        [&](auto done) { desk.resolveSession(digestOf(token), done); });
  };
  const auto nowMs = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
  const auto session = create(1, ana_, 3600);
  ASSERT_TRUE(session.ok());
  EXPECT_NEAR(static_cast<double>(session->expiresAtUnixMs),
              static_cast<double>(nowMs + 3600 * 1000), 60000.0);
  const auto resolved = resolve(1);
  ASSERT_TRUE(resolved.ok());
  EXPECT_EQ(resolved->identity, ana_);
  EXPECT_EQ(resolved->expiresAtUnixMs, session->expiresAtUnixMs);
  EXPECT_EQ(resolve(9).error().code, "session_invalid");

  ASSERT_TRUE(create(2, ana_, 0).ok());
  EXPECT_EQ(resolve(2).error().code, "session_invalid") << "expired";
  ASSERT_TRUE(create(3, ana_, 3600).ok());
  EXPECT_TRUE(await<bool>([&](auto done) { desk.revokeSession(digestOf(3), done); }));
  EXPECT_EQ(resolve(3).error().code, "session_invalid") << "revoked";
  EXPECT_TRUE(await<bool>([&](auto done) { desk.revokeSession(digestOf(3), done); }));
  ASSERT_TRUE(create(4, marko_, 3600).ok());

  const auto valid = await<std::optional<std::vector<Digest>>>([&](auto done) {
    desk.stillValidSessions({digestOf(4), digestOf(2), digestOf(1), digestOf(3), digestOf(8)},
                            done);
  });
  ASSERT_TRUE(valid.has_value());
  EXPECT_EQ(*valid, (std::vector<Digest>{digestOf(4), digestOf(1)}));

  ASSERT_TRUE(setStaffDisabled(uri(), "marko", true).ok());
  EXPECT_EQ(resolve(4).error().code, "session_invalid") << "disabled";
  EXPECT_EQ(create(5, marko_, 3600).error().code, "session_invalid");
  ASSERT_TRUE(setStaffDisabled(uri(), "marko", false).ok());
  EXPECT_FALSE(resolve(4).ok()) << "disabling revoked the session for good";
  EXPECT_TRUE(create(5, marko_, 3600).ok());
  EXPECT_EQ(scalar("SELECT count(*) FROM staff_sessions WHERE length(token_hash) = 32"), "5");
}

// ---- lexicon ------------------------------------------------------------------------------------

TEST_F(Desk, SavesLexiconVersionsRefusesStaleSavesAndTellsEveryServer) {
  std::mutex mutex;
  std::vector<core::LexiconText> heard;
  DeskStore desk(deskStoreOptions());
  DeskStore otherServer(deskStoreOptions());
  FeedLog feed;
  feed.attach(otherServer);
  otherServer.onLexiconChange([&](core::LexiconText lexicon) {
    std::lock_guard lock(mutex);
    heard.push_back(std::move(lexicon));
  });
  desk.start();
  otherServer.start();
  ASSERT_TRUE(feed.waitForResets(1));

  auto none = await<std::optional<core::LexiconText>>([&](auto done) { desk.readLexicon(done); });
  ASSERT_TRUE(none.has_value());
  EXPECT_EQ(none->version, 0);
  EXPECT_EQ(none->body, "");

  const auto save = [&](const std::string& body, std::int64_t base) {
    return await<core::Result<core::LexiconText>>(
        [&](auto done) { desk.saveLexicon(body, base, ana_, done); });
  };
  const auto first = save("pojam\tsr\tslur\thold\n", 0);
  ASSERT_TRUE(first.ok());
  EXPECT_GT(first->version, 0);
  EXPECT_EQ(first->updatedBy, "Ana");
  EXPECT_EQ(save("x\n", 0).error().code, "conflict");
  EXPECT_EQ(save(std::string("\xff\xfe", 2), first->version).error().code, "bad_lexicon");
  EXPECT_EQ(save(std::string(1048577, 'a'), first->version).error().code, "bad_lexicon");
  const auto second = save("drugi\tsq\tslur\thold\n", first->version);
  ASSERT_TRUE(second.ok());

  const auto read =
      await<std::optional<core::LexiconText>>([&](auto done) { desk.readLexicon(done); });
  EXPECT_EQ(read->version, second->version);
  EXPECT_EQ(read->body, "drugi\tsq\tslur\thold\n");
  EXPECT_EQ(read->updatedBy, "Ana");

  ASSERT_TRUE(waitUntil([&] {
    std::lock_guard lock(mutex);
    return !heard.empty() && heard.back().version == second->version;
  }));
  {
    std::lock_guard lock(mutex);
    EXPECT_EQ(heard.back().body, "drugi\tsq\tslur\thold\n");
  }
  const auto entries = audit(desk);
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].action, "lexicon_save");
  EXPECT_EQ(nlohmann::json::parse(entries[0].beforeJson)["version"], first->version);
  EXPECT_EQ(nlohmann::json::parse(entries[0].afterJson)["bytes"], 19);

  // Two saves on the same base: exactly one wins.
  std::atomic<int> won{0};
  std::atomic<int> conflicts{0};
  DeskStore third(deskStoreOptions());
  third.start();
  std::vector<std::thread> threads;
  for (DeskStore* store : {&desk, &third}) {
    threads.emplace_back([&, store] {
      const auto result = await<core::Result<core::LexiconText>>(
          [&](auto done) { store->saveLexicon("race\n", second->version, marko_, done); });
      if (result.ok()) ++won;
      if (!result.ok() && result.error().code == "conflict") ++conflicts;
    });
  }
  for (auto& thread : threads)
    thread.join();
  EXPECT_EQ(won.load(), 1);
  EXPECT_EQ(conflicts.load(), 1);
}

// ---- the audit log and faults -------------------------------------------------------------------

TEST_F(Desk, AuditLogRefusesUpdateDeleteAndTruncate) {
  DeskStore desk(deskStoreOptions());
  desk.start();
  const std::int64_t id = insertQuestion(1);
  ASSERT_EQ(apply(desk, change(id, 1, ModAction::Approve, ana_)).status, ChangeStatus::Applied);
  EXPECT_THROW(exec("UPDATE audit_log SET actor = 'marko'"), pqxx::sql_error);
  EXPECT_THROW(exec("DELETE FROM audit_log"), pqxx::sql_error);
  EXPECT_THROW(exec("TRUNCATE audit_log"), pqxx::sql_error);
  EXPECT_EQ(scalar("SELECT actor FROM audit_log WHERE actor <> 'cli'"), "ana");
}

TEST_F(Desk, AnswersUnavailableInTimeWhenTheDatabaseIsUnreachable) {
  DeskStoreOptions o = deskStoreOptions();
  o.connectionUri = kUnreachable;
  o.unavailableAfter = 300ms;
  DeskStore desk(o);
  desk.start();
  const auto started = Clock::now();
  const ChangeOutcome out = apply(desk, change(1, 1, ModAction::Approve, ana_));
  EXPECT_OUTCOME(out, Unavailable);
  EXPECT_LT(Clock::now() - started, 2s);
  EXPECT_EQ(await<core::Result<std::optional<core::StaffAccount>>>(
                [&](auto done) { desk.findAccount("ana", done); })
                .error()
                .code,
            "try_again");
  EXPECT_EQ(await<core::Result<core::StaffSession>>(
                [&](auto done) { desk.resolveSession(digestOf(1), done); })
                .error()
                .code,
            "try_again");
  EXPECT_FALSE(await<bool>([&](auto done) { desk.revokeSession(digestOf(1), done); }));
  EXPECT_GE(desk.counters().unavailable.load(), 4u);
}

TEST_F(Desk, AnswersRequestsPendingAtDestructionAsUnavailable) {
  DeskStoreOptions o = deskStoreOptions();
  o.connectionUri = kUnreachable;
  o.unavailableAfter = 60s;
  std::atomic<int> answered{0};
  {
    DeskStore desk(o);
    desk.start();
    for (int i = 0; i < 5; ++i) {
      desk.applyChange(change(1, 1, ModAction::Approve, ana_), [&](ChangeOutcome out) {
        EXPECT_EQ(out.status, ChangeStatus::Unavailable);
        ++answered;
      });
    }
  }
  EXPECT_EQ(answered.load(), 5);
}

TEST_F(Desk, ALostCommitReplyIsLookedUpAndReportedApplied) {
  CommitCuttingProxy proxy;
  DeskStoreOptions o = deskStoreOptions();
  o.connectionUri = "host=127.0.0.1 port=" + std::to_string(proxy.port()) +
                    " dbname=" + databaseName() + " sslmode=disable gssencmode=disable";
  DeskStore desk(o);
  desk.start();
  const std::int64_t id = insertQuestion(1);
  proxy.cutNextCommits(1);

  const ChangeOutcome out = apply(desk, change(id, 1, ModAction::Approve, ana_));

  EXPECT_EQ(proxy.commitsCut(), 1);
  EXPECT_OUTCOME(out, Applied);
  EXPECT_EQ(std::to_string(out.auditId), scalar("SELECT id FROM audit_log WHERE actor <> 'cli'"));
  EXPECT_EQ(field(id, "version"), "2");
  EXPECT_EQ(scalar("SELECT count(*) FROM audit_log WHERE actor <> 'cli'"), "1");
  EXPECT_EQ(desk.counters().inDoubtCommits.load(), 1u);
}

TEST_F(Desk, NeverAppliesAChangeTwiceWhileBackendsAreTerminated) {
  DeskStoreOptions o = deskStoreOptions();
  o.unavailableAfter = 2s;
  DeskStore desk(o);
  desk.start();
  constexpr int kQuestions = 5;
  std::vector<std::int64_t> ids;
  for (int i = 0; i < kQuestions; ++i)
    ids.push_back(insertQuestion(static_cast<std::uint8_t>(i)));

  std::atomic<bool> running{true};
  int terminated = 0;
  std::thread killer([&] {
    while (running) {
      std::this_thread::sleep_for(40ms);
      terminated += terminateBackends();
    }
  });
  std::map<std::string, ChangeStatus> answers;  // topic -> answer
  const auto deadline = Clock::now() + 4s;
  for (int n = 0; Clock::now() < deadline; ++n) {
    const std::int64_t id = ids[static_cast<std::size_t>(n % kQuestions)];
    std::int32_t version = 0;
    try {
      version = std::stoi(field(id, "version"));
    } catch (const std::exception&) {
      continue;  // the test's own connection was terminated
    }
    ModChange tag = change(id, version, ModAction::Tag, ana_);
    tag.topic = "t" + std::to_string(n);
    answers[tag.topic] = apply(desk, tag).status;
  }
  running = false;
  killer.join();
  EXPECT_GT(terminated, 0);

  // Every version bump has exactly one audit entry, and no change is in the log twice.
  EXPECT_EQ(scalar("SELECT sum(version - 1) FROM questions"),
            scalar("SELECT count(*) FROM audit_log WHERE actor <> 'cli'"));
  EXPECT_EQ(scalar("SELECT count(*) FROM audit_log WHERE actor <> 'cli'"),
            scalar("SELECT count(DISTINCT after->>'topic') FROM audit_log WHERE actor <> 'cli'"));
  std::set<std::string> logged;
  pqxx::connection conn(uri());
  pqxx::nontransaction txn(conn);
  for (const auto& r : txn.exec("SELECT after->>'topic' FROM audit_log WHERE actor <> 'cli'"))
    logged.insert(r[0].as<std::string>());
  int applied = 0;
  for (const auto& [topic, status] : answers) {
    if (status == ChangeStatus::Applied) {
      ++applied;
      EXPECT_EQ(logged.count(topic), 1u) << topic << " was reported applied";
    }
    if (status == ChangeStatus::Conflict) {
      EXPECT_EQ(logged.count(topic), 0u) << topic;
    }
  }
  EXPECT_GT(applied, 0);
  std::printf("%zu changes: %d applied, %zu in the log, %d backends terminated\n", answers.size(),
              applied, logged.size(), terminated);
}

}  // namespace
}  // namespace sporazum::pg::testing

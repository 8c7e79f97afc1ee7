#include <future>
#include <regex>
#include <set>

#include "pg_test_support.hpp"

namespace sporazum::pg::testing {
namespace {

using namespace std::chrono_literals;

std::string repeat(const std::string& text, int times) {
  std::string out;
  for (int i = 0; i < times; ++i)
    out += text;
  return out;
}

constexpr const char* kUnreachable = "host=127.0.0.1 port=1 dbname=nowhere password=hunter2";

class Store : public PgTest {
 protected:
  void SetUp() override {
    PgTest::SetUp();
    if (HasFatalFailure()) return;
    episode_ = migrateAndOpenEpisode();
  }

  StoreOptions options() const {
    StoreOptions o;
    o.connectionUri = uri();
    o.unavailableAfter = 10s;
    o.pollInterval = 100ms;
    return o;
  }

  NewQuestion question(const Digest& device, std::string text = "Zašto?",
                       std::string clientId = randomUuid()) const {
    return makeQuestion(episode_, device, std::move(text), std::move(clientId));
  }

  static SubmitResult submitAndWait(QuestionStore& store, NewQuestion q) {
    auto promise = std::make_shared<std::promise<SubmitResult>>();
    auto future = promise->get_future();
    const auto enqueued =
        store.submit(std::move(q), [promise](SubmitResult r) { promise->set_value(std::move(r)); });
    EXPECT_EQ(enqueued, QuestionStore::Enqueue::Accepted);
    if (future.wait_for(20s) != std::future_status::ready) {
      ADD_FAILURE() << "no answer to a submission";
      return {};
    }
    return future.get();
  }

  static std::optional<std::vector<DeviceQuestion>> listAndWait(QuestionStore& store,
                                                                const Digest& device,
                                                                std::size_t limit) {
    auto promise = std::make_shared<std::promise<std::optional<std::vector<DeviceQuestion>>>>();
    auto future = promise->get_future();
    store.listForDevice(device, limit,
                        [promise](auto rows) { promise->set_value(std::move(rows)); });
    EXPECT_EQ(future.wait_for(20s), std::future_status::ready);
    return future.get();
  }

  std::string rowCount() { return scalar("SELECT count(*) FROM questions"); }

  std::int64_t episode_ = 0;
};

const char* statusName(SubmitStatus status) {
  switch (status) {
    case SubmitStatus::Stored:
      return "Stored";
    case SubmitStatus::Duplicate:
      return "Duplicate";
    case SubmitStatus::IdConflict:
      return "IdConflict";
    case SubmitStatus::Unavailable:
      return "Unavailable";
  }
  return "?";
}

#define EXPECT_STATUS(result, expected) \
  EXPECT_STREQ(statusName((result).status), statusName(SubmitStatus::expected))

TEST_F(Store, StoresAQuestionAndAcksWithItsIdAndTime) {
  QuestionStore store(options());
  store.start();
  NewQuestion q = question(digestOf(1), "Kada će biti struje?");
  q.displayName = "Ana";
  q.municipality = "zvecan";
  q.consentNameOnAir = true;
  const std::string clientId = q.clientId;

  const SubmitResult result = submitAndWait(store, q);

  EXPECT_STATUS(result, Stored);
  EXPECT_GT(result.questionId, 0);
  EXPECT_EQ(result.state, "received");
  EXPECT_TRUE(
      std::regex_match(result.receivedAt, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")))
      << result.receivedAt;
  EXPECT_EQ(scalar("SELECT concat_ws('|', id, client_id, episode_id, encode(device_hash, 'hex'), "
                   "encode(address_hash, 'hex'), display_name, municipality, body, "
                   "consent_name_on_air, interface_language, state) FROM questions"),
            std::to_string(result.questionId) + "|" + clientId + "|" + std::to_string(episode_) +
                "|" + repeat("01", 32) + "|" + repeat("ad", 32) +
                "|Ana|zvecan|Kada će biti struje?|t|sr-Latn|received");
  EXPECT_EQ(scalar("SELECT to_char(received_at AT TIME ZONE 'UTC', "
                   "'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') FROM questions"),
            result.receivedAt);
  EXPECT_EQ(store.counters().committedRows.load(), 1u);
}

TEST_F(Store, StoresEmptyOptionalFieldsAsNull) {
  QuestionStore store(options());
  store.start();
  NewQuestion q = question(digestOf(1));
  q.interfaceLanguage.clear();
  EXPECT_STATUS(submitAndWait(store, q), Stored);
  EXPECT_EQ(scalar("SELECT count(*) FROM questions WHERE display_name IS NULL AND municipality IS "
                   "NULL AND interface_language IS NULL"),
            "1");
}

TEST_F(Store, StoresTheFilterVerdictAndHoldsWhatTheFilterHolds) {
  StoreOptions o = options();
  std::atomic<int> classified{0};
  o.classify = [&](NewQuestion& q) {
    ++classified;
    if (q.text == "throws") throw std::runtime_error("filter fault");
    if (q.text == "hold") {
      q.filterAction = "hold";
      q.filterReasonsJson =
          R"([{"code":"lexicon","category":"slur","term":"x","begin":0,"end":4}])";
      q.language = "sr";
    } else if (q.text == "flag") {
      q.filterAction = "flag";
      q.language = "sq";
    } else if (q.text == "nonsense") {
      q.filterAction = "bogus";
      q.filterReasonsJson = "{not json";
      q.language = "klingon";
    }
  };
  QuestionStore store(o);
  store.start();
  const auto stateOf = [&](const std::string& text) {
    const SubmitResult r = submitAndWait(store, question(digestOf(1), text));
    EXPECT_STATUS(r, Stored);
    return r.state + "|" +
           scalar(
               "SELECT concat_ws('|', state, filter_action, filter_reasons::text, "
               "coalesce(language, '-')) FROM questions WHERE id = " +
               std::to_string(r.questionId));
  };
  EXPECT_EQ(stateOf("plain"), "received|received|none|[]|-");
  EXPECT_EQ(stateOf("flag"), "received|received|flag|[]|sq");
  EXPECT_EQ(stateOf("hold"),
            "held|held|hold|[{\"end\": 4, \"code\": \"lexicon\", \"term\": \"x\", \"begin\": 0, "
            "\"category\": \"slur\"}]|sr");
  // A broken filter or verdict holds the question for a person instead of losing it.
  EXPECT_EQ(stateOf("throws"), "held|held|hold|[{\"code\": \"filter_error\"}]|-");
  EXPECT_EQ(stateOf("nonsense"), "held|held|hold|[]|-");
  EXPECT_EQ(classified.load(), 5);
}

TEST_F(Store, StoresQuestionsOfABannedDeviceAsRejectedWithoutTellingTheSender) {
  const std::int64_t other =
      std::stoll(scalar("INSERT INTO episodes (title) VALUES ('other') RETURNING id"));
  const auto ban = [&](std::uint8_t device, const std::string& episode, bool lifted) {
    exec("INSERT INTO device_bans (device_hash, episode_id, lifted_at) VALUES (decode('" +
         repeat(std::string(1, "0123456789abcdef"[device >> 4]) +
                    std::string(1, "0123456789abcdef"[device & 0xf]),
                32) +
         "', 'hex'), " + episode + ", " + (lifted ? "now()" : "NULL") + ")");
  };
  ban(1, "NULL", false);                    // for good
  ban(2, std::to_string(episode_), false);  // this episode
  ban(3, std::to_string(other), false);     // another episode
  ban(4, "NULL", true);                     // lifted
  StoreOptions o = options();
  o.classify = [](NewQuestion& q) { q.filterAction = "hold"; };
  QuestionStore store(o);
  store.start();
  std::vector<std::string> states;
  for (std::uint8_t device = 1; device <= 5; ++device) {
    const SubmitResult r = submitAndWait(store, question(digestOf(device)));
    EXPECT_STATUS(r, Stored);
    states.push_back(r.state + "/" +
                     scalar("SELECT coalesce(reject_reason, '-') FROM questions WHERE id = " +
                            std::to_string(r.questionId)));
  }
  EXPECT_EQ(states, (std::vector<std::string>{"rejected/banned", "rejected/banned", "held/-",
                                              "held/-", "held/-"}));
}

TEST_F(Store, AnswersTheSameIdFromTheSameDeviceAsADuplicateOfTheFirst) {
  QuestionStore store(options());
  store.start();
  const NewQuestion q = question(digestOf(1));
  const SubmitResult first = submitAndWait(store, q);
  const SubmitResult again = submitAndWait(store, q);

  EXPECT_STATUS(first, Stored);
  EXPECT_STATUS(again, Duplicate);
  EXPECT_EQ(again.questionId, first.questionId);
  EXPECT_EQ(again.receivedAt, first.receivedAt);
  EXPECT_EQ(again.state, "received");
  EXPECT_EQ(rowCount(), "1");
}

TEST_F(Store, RefusesTheSameIdFromAnotherDeviceAsAnIdConflict) {
  QuestionStore store(options());
  store.start();
  const NewQuestion mine = question(digestOf(1), "moje");
  NewQuestion theirs = question(digestOf(2), "njihovo", mine.clientId);

  EXPECT_STATUS(submitAndWait(store, mine), Stored);
  const SubmitResult conflict = submitAndWait(store, theirs);

  EXPECT_STATUS(conflict, IdConflict);
  EXPECT_EQ(conflict.questionId, 0);
  EXPECT_EQ(rowCount(), "1");
  EXPECT_EQ(scalar("SELECT body FROM questions"), "moje");
}

TEST_F(Store, GroupCommitsTwoThousandConcurrentSubmits) {
  constexpr std::size_t kThreads = 4;
  constexpr std::size_t kEach = 500;
  Results results(kThreads * kEach);  // outlives the store, whose threads call into it
  QuestionStore store(options());
  store.start();
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (std::size_t i = 0; i < kEach; ++i) {
        const std::size_t index = t * kEach + i;
        ASSERT_EQ(store.submit(question(digestOf(static_cast<std::uint8_t>(t)),
                                        "pitanje " + std::to_string(index)),
                               results.callback(index)),
                  QuestionStore::Enqueue::Accepted);
      }
    });
  }
  for (auto& thread : threads)
    thread.join();
  ASSERT_TRUE(results.waitAll(60s));

  std::set<std::int64_t> ids;
  for (std::size_t i = 0; i < results.size(); ++i) {
    EXPECT_STATUS(results.at(i), Stored);
    EXPECT_EQ(results.callsAt(i), 1);
    ids.insert(results.at(i).questionId);
  }
  EXPECT_EQ(ids.size(), results.size());
  EXPECT_EQ(rowCount(), "2000");
  EXPECT_EQ(scalar("SELECT count(DISTINCT body) FROM questions"), "2000");

  const StoreCounters& c = store.counters();
  EXPECT_EQ(c.committedRows.load(), 2000u);
  EXPECT_EQ(c.batchSizeSum.load(), 2000u);
  EXPECT_LT(c.commits.load(), 2000u) << "group commit puts more than one row in a commit";
  std::uint64_t bucketed = 0;
  std::uint64_t multiRow = 0;
  for (std::size_t i = 0; i < c.batchSizeBuckets.size(); ++i) {
    bucketed += c.batchSizeBuckets[i].load();
    if (i > 0) multiRow += c.batchSizeBuckets[i].load();
  }
  EXPECT_EQ(bucketed, c.commits.load());
  EXPECT_GT(multiRow, 0u);
  EXPECT_EQ(c.failedCommits.load(), 0u);
}

TEST_F(Store, AnswersTheSameIdTwiceInOneBatch) {
  StoreOptions o = options();
  o.writerThreads = 1;
  Results results(4);
  QuestionStore store(o);
  const std::string id = randomUuid();
  // Queued before start(): the one writer takes them all as one batch.
  store.submit(question(digestOf(1), "prvo", id), results.callback(0));
  store.submit(question(digestOf(1), "prvo", id), results.callback(1));
  store.submit(question(digestOf(2), "tuđe", id), results.callback(2));
  store.submit(question(digestOf(1), "drugo"), results.callback(3));
  store.start();
  ASSERT_TRUE(results.waitAll(20s));

  EXPECT_STATUS(results.at(0), Stored);
  EXPECT_STATUS(results.at(1), Duplicate);
  EXPECT_EQ(results.at(1).questionId, results.at(0).questionId);
  EXPECT_EQ(results.at(1).receivedAt, results.at(0).receivedAt);
  EXPECT_STATUS(results.at(2), IdConflict);
  EXPECT_STATUS(results.at(3), Stored);
  EXPECT_EQ(store.counters().commits.load(), 1u);
  EXPECT_EQ(rowCount(), "2");
}

TEST_F(Store, OneBadRowDoesNotSinkItsBatch) {
  StoreOptions o = options();
  o.writerThreads = 1;
  Results results(5);
  QuestionStore store(o);
  store.submit(question(digestOf(1), "dobro 1"), results.callback(0));
  NewQuestion noEpisode = question(digestOf(1), "nema emisije");
  noEpisode.episodeId = 987654321;
  store.submit(noEpisode, results.callback(1));
  store.submit(question(digestOf(1), "dobro 2"), results.callback(2));
  store.submit(question(digestOf(1), "loš id", "not-a-uuid"), results.callback(3));
  store.submit(question(digestOf(1), std::string("nul\0byte", 8)), results.callback(4));
  store.start();
  ASSERT_TRUE(results.waitAll(20s));

  EXPECT_STATUS(results.at(0), Stored);
  EXPECT_STATUS(results.at(1), Unavailable);
  EXPECT_STATUS(results.at(2), Stored);
  EXPECT_STATUS(results.at(3), Unavailable);
  EXPECT_STATUS(results.at(4), Unavailable);
  EXPECT_EQ(rowCount(), "2");
}

TEST_F(Store, KeepsCyrillicAlbanianAndEmojiByteExact) {
  QuestionStore store(options());
  store.start();
  const std::vector<std::string> texts = {
      "Зашто струја нестаје сваке вечери у Звечану?",
      "Çfarë do të bëni për rrugët në Mitrovicë? Ëë Çç",
      "Đakovica, Ђаковица, Gjakovë — šta je sa putem? 🤔🇽🇰👍🏽",
      "quotes \" and \\ backslash, </script> & <b>, tab\tnew\nline \x01 control",
      "Combining: e\xcc\x81 vs \xc3\xa9; zero-width\xe2\x80\x8bspace",
  };
  const Digest device = digestOf(7);
  for (const auto& text : texts) {
    NewQuestion q = question(device, text);
    q.displayName = "Љиљана Ђорђевић 🙂";
    q.municipality = "leposavić";
    EXPECT_STATUS(submitAndWait(store, q), Stored);
  }
  pqxx::connection conn(uri());
  pqxx::nontransaction txn(conn);
  const auto rows = txn.exec("SELECT body, display_name, municipality FROM questions ORDER BY id");
  ASSERT_EQ(rows.size(), texts.size());
  for (std::size_t i = 0; i < texts.size(); ++i) {
    EXPECT_EQ(rows[i][0].as<std::string>(), texts[i]);
    EXPECT_EQ(rows[i][1].as<std::string>(), "Љиљана Ђорђевић 🙂");
    EXPECT_EQ(rows[i][2].as<std::string>(), "leposavić");
  }
  const auto listed = listAndWait(store, device, 10);
  ASSERT_TRUE(listed.has_value());
  ASSERT_EQ(listed->size(), texts.size());
  for (std::size_t i = 0; i < texts.size(); ++i) {
    EXPECT_EQ((*listed)[i].text, texts[texts.size() - 1 - i]);
  }
}

TEST_F(Store, ListsADevicesQuestionsNewestFirst) {
  QuestionStore store(options());
  store.start();
  const Digest mine = digestOf(1);
  std::vector<std::string> ids;
  for (const char* text : {"prvo", "drugo", "treće"}) {
    NewQuestion q = question(mine, text);
    ids.push_back(q.clientId);
    EXPECT_STATUS(submitAndWait(store, q), Stored);
  }
  EXPECT_STATUS(submitAndWait(store, question(digestOf(2), "tuđe")), Stored);
  exec("UPDATE questions SET state = 'approved' WHERE client_id = '" + ids[1] + "'");

  const auto latestTwo = listAndWait(store, mine, 2);
  ASSERT_TRUE(latestTwo.has_value());
  ASSERT_EQ(latestTwo->size(), 2u);
  EXPECT_EQ((*latestTwo)[0].clientId, ids[2]);
  EXPECT_EQ((*latestTwo)[0].text, "treće");
  EXPECT_EQ((*latestTwo)[0].state, "received");
  EXPECT_EQ((*latestTwo)[1].clientId, ids[1]);
  EXPECT_EQ((*latestTwo)[1].state, "approved");
  EXPECT_FALSE((*latestTwo)[1].receivedAt.empty());

  EXPECT_EQ(listAndWait(store, mine, 50)->size(), 3u);
  const auto nobody = listAndWait(store, digestOf(9), 50);
  ASSERT_TRUE(nobody.has_value());
  EXPECT_TRUE(nobody->empty());
}

TEST_F(Store, ReportsStateChangesMadeInTheDatabase) {
  std::mutex mutex;
  std::vector<StateChange> changes;
  QuestionStore store(options());
  store.onStateChange([&](StateChange change) {
    std::lock_guard lock(mutex);
    changes.push_back(std::move(change));
  });
  store.start();
  const NewQuestion q = question(digestOf(0x5a));
  EXPECT_STATUS(submitAndWait(store, q), Stored);
  ASSERT_TRUE(waitUntil([&] {
    return scalar(
               "SELECT count(*) FROM pg_stat_activity WHERE application_name = "
               "'sporazum_listener' AND query LIKE 'LISTEN%episode_state%'") == "1";
  })) << "listener never listened";

  exec("UPDATE questions SET state = state");  // no change, no notification
  exec("UPDATE questions SET state = 'approved' WHERE client_id = '" + q.clientId + "'");

  ASSERT_TRUE(waitUntil([&] {
    std::lock_guard lock(mutex);
    return !changes.empty();
  }));
  std::this_thread::sleep_for(300ms);
  std::lock_guard lock(mutex);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].clientId, q.clientId);
  EXPECT_EQ(changes[0].deviceHash, digestOf(0x5a));
  EXPECT_EQ(changes[0].state, "approved");
  EXPECT_EQ(scalar("SELECT state_changed_at IS NOT NULL FROM questions"), "t");
}

TEST_F(Store, SeesEpisodeChanges) {
  std::mutex mutex;
  std::vector<EpisodeStatus> seen;
  StoreOptions o = options();
  o.pollInterval = 200ms;
  QuestionStore store(o);
  store.onEpisodeChange([&](EpisodeStatus status) {
    std::lock_guard lock(mutex);
    seen.push_back(status);
  });
  store.start();
  ASSERT_TRUE(waitUntil([&] { return store.episode().episodeId == episode_; }));
  EXPECT_TRUE(store.episode().questionsOpen);
  EXPECT_TRUE(store.health().databaseReachable);

  const std::int64_t next = createEpisode(uri(), "Sporazum 2");
  ASSERT_TRUE(waitUntil([&] { return store.episode().episodeId == next; }));
  EXPECT_FALSE(store.episode().questionsOpen);
  EXPECT_EQ(store.episode().title, "Sporazum 2");

  setQuestionsOpen(uri(), true);
  ASSERT_TRUE(waitUntil([&] { return store.episode().questionsOpen; }));
  std::lock_guard lock(mutex);
  ASSERT_GE(seen.size(), 3u);
  EXPECT_EQ(seen.back().episodeId, next);
  EXPECT_TRUE(seen.back().questionsOpen);
  EXPECT_EQ(seen[seen.size() - 2].episodeId, next);
  EXPECT_FALSE(seen[seen.size() - 2].questionsOpen);
}

TEST_F(Store, ReportsAnUnreachableDatabaseAndAnswersUnavailableInTime) {
  StoreOptions o = options();
  o.connectionUri = kUnreachable;
  o.unavailableAfter = 300ms;
  QuestionStore store(o);
  EXPECT_FALSE(store.health().databaseReachable);
  store.start();
  ASSERT_TRUE(waitUntil([&] { return store.health().detail == "connection refused"; }))
      << store.health().detail;
  EXPECT_FALSE(store.health().databaseReachable);
  EXPECT_EQ(store.health().detail.find("hunter2"), std::string::npos);

  const auto started = std::chrono::steady_clock::now();
  const SubmitResult result = submitAndWait(store, question(digestOf(1)));
  const auto elapsed = std::chrono::steady_clock::now() - started;

  EXPECT_STATUS(result, Unavailable);
  EXPECT_GE(elapsed, 290ms);
  EXPECT_LT(elapsed, 2s);
  EXPECT_FALSE(listAndWait(store, digestOf(1), 10).has_value());
}

TEST_F(Store, RefusesSubmissionsBeyondMaxQueue) {
  StoreOptions o = options();
  o.connectionUri = kUnreachable;
  o.maxQueue = 10;
  o.unavailableAfter = 30s;
  Results results(10);
  auto store = std::make_unique<QuestionStore>(o);
  store->start();
  for (std::size_t i = 0; i < 10; ++i) {
    EXPECT_EQ(store->submit(question(digestOf(1)), results.callback(i)),
              QuestionStore::Enqueue::Accepted);
  }
  bool called = false;
  EXPECT_EQ(store->submit(question(digestOf(1)), [&](SubmitResult) { called = true; }),
            QuestionStore::Enqueue::QueueFull);

  store.reset();  // pending submissions are answered, as Unavailable
  ASSERT_TRUE(results.waitAll(1s));
  for (std::size_t i = 0; i < 10; ++i)
    EXPECT_STATUS(results.at(i), Unavailable);
  EXPECT_FALSE(called) << "a refused submission has no callback";
}

TEST_F(Store, StoresEverythingExactlyOnceWhileBackendsAreTerminated) {
  StoreOptions o = options();
  o.unavailableAfter = 60s;
  constexpr std::size_t kThreads = 3;
  constexpr std::size_t kEach = 1000;
  Results results(kThreads * kEach);
  QuestionStore store(o);
  store.start();
  std::atomic<bool> submitting{true};
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (std::size_t i = 0; i < kEach; ++i) {
        const std::size_t index = t * kEach + i;
        store.submit(question(digestOf(static_cast<std::uint8_t>(t)), std::to_string(index)),
                     results.callback(index));
        std::this_thread::sleep_for(500us);
      }
    });
  }
  int terminated = 0;
  std::thread killer([&] {
    while (submitting) {
      std::this_thread::sleep_for(60ms);
      terminated += terminateBackends();
    }
  });
  for (auto& thread : threads)
    thread.join();
  submitting = false;
  killer.join();
  ASSERT_TRUE(results.waitAll(60s));

  std::size_t stored = 0;
  for (std::size_t i = 0; i < results.size(); ++i) {
    if (results.at(i).status == SubmitStatus::Stored) ++stored;
    EXPECT_EQ(results.callsAt(i), 1);
  }
  EXPECT_EQ(stored, results.size());
  EXPECT_EQ(rowCount(), std::to_string(results.size()));
  EXPECT_EQ(scalar("SELECT count(DISTINCT body) FROM questions"), std::to_string(results.size()));
  EXPECT_GT(terminated, 0);
  EXPECT_GT(store.counters().reconnects.load(), 0u);
  // Still healthy afterwards.
  EXPECT_STATUS(submitAndWait(store, question(digestOf(1))), Stored);
  EXPECT_TRUE(waitUntil([&] { return store.health().databaseReachable; }));
}

TEST_F(Store, ReportsAnInDoubtCommitThatLandedAsStoredWithItsId) {
  CommitCuttingProxy proxy;
  StoreOptions o = options();
  o.writerThreads = 1;
  o.connectionUri = "host=127.0.0.1 port=" + std::to_string(proxy.port()) +
                    " dbname=" + databaseName() + " sslmode=disable gssencmode=disable";
  QuestionStore store(o);
  store.start();
  const NewQuestion q = question(digestOf(3));
  proxy.cutNextCommits(1);

  const SubmitResult result = submitAndWait(store, q);

  EXPECT_EQ(proxy.commitsCut(), 1);
  EXPECT_STATUS(result, Stored);
  EXPECT_EQ(std::to_string(result.questionId), scalar("SELECT id FROM questions"));
  EXPECT_EQ(rowCount(), "1");
  EXPECT_GE(store.counters().failedCommits.load(), 1u);
  EXPECT_GE(store.counters().reconnects.load(), 1u);
  EXPECT_STATUS(submitAndWait(store, q), Duplicate);
}

TEST_F(Store, AnswersPendingSubmissionsWhenDestroyed) {
  StoreOptions o = options();
  o.connectionUri = kUnreachable;
  o.unavailableAfter = 60s;
  Results results(3);
  {
    QuestionStore store(o);
    store.start();
    for (std::size_t i = 0; i < 3; ++i)
      store.submit(question(digestOf(1)), results.callback(i));
  }
  ASSERT_TRUE(results.waitAll(1s));
  for (std::size_t i = 0; i < 3; ++i)
    EXPECT_STATUS(results.at(i), Unavailable);
}

// Throughput, not a pass/fail test: run with --gtest_also_run_disabled_tests.
TEST_F(Store, DISABLED_Throughput20000Submits) {
  constexpr std::size_t kCount = 20000;
  Results results(kCount);
  QuestionStore store(options());
  store.start();
  const auto started = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < kCount; ++i) {
    store.submit(question(digestOf(static_cast<std::uint8_t>(i % 251)),
                          "Pitanje broj " + std::to_string(i) + " — Питање 🙂"),
                 results.callback(i));
  }
  ASSERT_TRUE(results.waitAll(120s));
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const auto& c = store.counters();
  std::printf("%zu submits in %.3f s = %.0f rows/s; %llu commits, mean batch %.1f\n", kCount,
              seconds, kCount / seconds, static_cast<unsigned long long>(c.commits.load()),
              static_cast<double>(c.batchSizeSum.load()) / static_cast<double>(c.commits.load()));
  EXPECT_EQ(rowCount(), std::to_string(kCount));
}

// Ack latency at a steady 20,000 submissions/s for 3 s (the ingest target), not a pass/fail test.
TEST_F(Store, DISABLED_PacedIngestLatency) {
  constexpr std::size_t kPerMs = 20;
  constexpr std::size_t kMs = 3000;
  using Clock = std::chrono::steady_clock;
  std::vector<Clock::time_point> sent(kPerMs * kMs);
  std::vector<double> latencyMs(kPerMs * kMs);
  std::atomic<std::size_t> answered{0};
  std::atomic<std::size_t> notStored{0};
  QuestionStore store(options());
  store.start();
  const auto started = Clock::now();
  for (std::size_t ms = 0; ms < kMs; ++ms) {
    std::this_thread::sleep_until(started + std::chrono::milliseconds(ms));
    for (std::size_t j = 0; j < kPerMs; ++j) {
      const std::size_t i = ms * kPerMs + j;
      sent[i] = Clock::now();
      store.submit(
          question(digestOf(static_cast<std::uint8_t>(i % 251)), "Pitanje " + std::to_string(i)),
          [&, i](SubmitResult r) {
            latencyMs[i] =
                std::chrono::duration<double, std::milli>(Clock::now() - sent[i]).count();
            if (r.status != SubmitStatus::Stored) ++notStored;
            ++answered;
          });
    }
  }
  ASSERT_TRUE(waitUntil([&] { return answered == latencyMs.size(); }, 60s));
  std::sort(latencyMs.begin(), latencyMs.end());
  const auto at = [&](double q) {
    return latencyMs[static_cast<std::size_t>(q * (latencyMs.size() - 1))];
  };
  const auto& c = store.counters();
  std::printf(
      "%zu at 20000/s: ack p50 %.2f ms, p99 %.2f ms, max %.2f ms; %llu commits, mean batch "
      "%.1f; not stored %zu\n",
      latencyMs.size(), at(0.5), at(0.99), latencyMs.back(),
      static_cast<unsigned long long>(c.commits.load()),
      static_cast<double>(c.batchSizeSum.load()) / static_cast<double>(c.commits.load()),
      notStored.load());
  EXPECT_EQ(notStored.load(), 0u);
}

}  // namespace
}  // namespace sporazum::pg::testing

// On-air graphics on a real PostgreSQL: one transaction per command, gap-free seq order with
// concurrent writers, the consent rule, the question rule, the as-run record and the append-only
// log; the feed that forwards the log; engine tokens.

#include <future>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "pg_test_support.hpp"
#include "sporazum/core/password.hpp"
#include "sporazum/pg/desk_store.hpp"

namespace sporazum::pg::testing {
namespace {

using namespace std::chrono_literals;
using core::GraphicContent;
using core::GraphicsAction;
using core::GraphicsCommand;
using core::GraphicsLayer;

template <typename T, typename Start>
T await(Start start) {
  auto promise = std::make_shared<std::promise<T>>();
  auto future = promise->get_future();
  start([promise](T value) { promise->set_value(std::move(value)); });
  if (future.wait_for(30s) != std::future_status::ready) throw std::runtime_error("no answer");
  return future.get();
}

GraphicsCommand command(GraphicsAction action, GraphicsLayer layer,
                        std::optional<GraphicContent> graphic = std::nullopt) {
  return GraphicsCommand{0, action, layer, std::move(graphic)};
}

GraphicContent question(std::int64_t id) {
  GraphicContent content;
  content.questionId = id;
  return content;
}

GraphicContent ticker(const std::string& text) {
  GraphicContent content;
  content.text = text;
  return content;
}

/// Everything the feed delivered: the programme, then the commands, checked for order.
class GraphicsFeed {
 public:
  void attach(DeskStore& store) {
    store.onProgramme([this](core::ProgrammeState state) {
      std::lock_guard lock(mutex_);
      programme_ = std::move(state);
      cv_.notify_all();
    });
    store.onGraphicsCommands([this](std::vector<GraphicsCommand> commands) {
      std::lock_guard lock(mutex_);
      for (auto& c : commands)
        seqs_.push_back(c.seq);
      cv_.notify_all();
    });
  }
  bool waitForSeq(std::int64_t seq) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, 20s, [&] { return !seqs_.empty() && seqs_.back() >= seq; });
  }
  bool waitForProgramme() {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, 20s, [&] { return programme_.has_value(); });
  }
  std::vector<std::int64_t> seqs() {
    std::lock_guard lock(mutex_);
    return seqs_;
  }
  std::int64_t programmeSeq() {
    std::lock_guard lock(mutex_);
    return programme_ ? programme_->seq : -1;
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  std::optional<core::ProgrammeState> programme_;
  std::vector<std::int64_t> seqs_;
};

class Graphics : public PgTest {
 protected:
  void SetUp() override {
    PgTest::SetUp();
    if (HasFatalFailure()) return;
    episode_ = migrateAndOpenEpisode();
    pera_ = staff("pera", "producer");
  }

  core::StaffIdentity staff(const std::string& username, const std::string& role) {
    return addStaff(username, *core::parseStaffRole(role));
  }

  std::int64_t insertQuestion(const std::string& state, bool consent = false,
                              std::int64_t episode = 0, const std::string& body = "Pitanje?") {
    return std::stoll(scalar(
        "INSERT INTO questions (client_id, episode_id, device_hash, address_hash, display_name, "
        "municipality, body, state, consent_name_on_air, language) VALUES (gen_random_uuid(), " +
        std::to_string(episode == 0 ? episode_ : episode) +
        ", decode(repeat('ab', 32), 'hex'), decode(repeat('ad', 32), 'hex'), 'Milica', 'zvecan', "
        "'" +
        body + "', '" + state + "', " + (consent ? "true" : "false") + ", 'sr') RETURNING id"));
  }

  core::Result<GraphicsCommand> apply(DeskStore& store, GraphicsCommand c) {
    return await<core::Result<GraphicsCommand>>(
        [&](auto done) { store.applyGraphics(std::move(c), pera_, done); });
  }

  std::string count(const std::string& table) { return scalar("SELECT count(*) FROM " + table); }

  std::int64_t episode_ = 0;
  core::StaffIdentity pera_;
};

TEST_F(Graphics, ACommandIsLoggedAndChangesTheProgrammeInOneTransaction) {
  DeskStore store(deskStoreOptions());
  store.start();
  const auto id = insertQuestion("approved");
  auto cued = apply(store, command(GraphicsAction::Cue, GraphicsLayer::LowerThird, question(id)));
  ASSERT_TRUE(cued.ok()) << cued.error().message;
  EXPECT_EQ(cued->seq, 1);
  EXPECT_EQ(cued->graphic->text, "Pitanje?");
  EXPECT_EQ(cued->graphic->language, "sr-Latn");
  auto taken = apply(store, command(GraphicsAction::Take, GraphicsLayer::LowerThird));
  ASSERT_TRUE(taken.ok()) << taken.error().message;
  EXPECT_EQ(taken->seq, 2);
  EXPECT_FALSE(taken->graphic.has_value()) << "the engines take what they have cued";

  const auto state = readProgramme(uri());
  EXPECT_EQ(state.seq, 2);
  ASSERT_EQ(state.layers.size(), 6U);
  EXPECT_FALSE(state.layers[0].cued.has_value());
  ASSERT_TRUE(state.layers[0].onAir.has_value());
  EXPECT_EQ(state.layers[0].onAir->questionId, id);
  EXPECT_EQ(state.layers[0].onAirSeq, 2);
  EXPECT_EQ(scalar("SELECT string_agg(seq || ' ' || action || ' ' || actor || ' ' || "
                   "COALESCE(question_id, 0) || ' ' || episode_id, ', ' ORDER BY seq) "
                   "FROM graphics_commands"),
            "1 cue pera " + std::to_string(id) + " " + std::to_string(episode_) + ", 2 take pera " +
                std::to_string(id) + " " + std::to_string(episode_));
}

TEST_F(Graphics, ARefusedOrFailedCommandLeavesNothingBehind) {
  DeskStore store(deskStoreOptions());
  store.start();
  ASSERT_TRUE(apply(store, command(GraphicsAction::Take, GraphicsLayer::Ticker, ticker("a"))).ok());
  auto nothing = apply(store, command(GraphicsAction::Take, GraphicsLayer::Super));
  ASSERT_FALSE(nothing.ok());
  EXPECT_EQ(nothing.error().code, "nothing_cued");

  // The log refuses the row after the programme was already written: all of it rolls back.
  exec(
      "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION "
      "'no' USING ERRCODE = 'check_violation'; END $$; CREATE TRIGGER refuse BEFORE INSERT ON "
      "graphics_commands FOR EACH ROW EXECUTE FUNCTION refuse()");
  auto refused = apply(store, command(GraphicsAction::Update, GraphicsLayer::Ticker, ticker("b")));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "invalid_graphic");
  exec("DROP TRIGGER refuse ON graphics_commands");

  EXPECT_EQ(scalar("SELECT last_seq FROM graphics_programme"), "1");
  EXPECT_EQ(count("graphics_commands"), "1");
  EXPECT_EQ(scalar("SELECT on_air->>'text' FROM graphics_layers WHERE layer = 'ticker'"), "a");
  auto next = apply(store, command(GraphicsAction::Clear, GraphicsLayer::Ticker));
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next->seq, 2) << "no seq was used up by what failed";
}

TEST_F(Graphics, OnlyApprovedQuestionsOfTheCurrentEpisodeGoOnAir) {
  DeskStore store(deskStoreOptions());
  store.start();
  for (const char* state : {"received", "held", "rejected", "merged", "not_selected"}) {
    auto refused = apply(store, command(GraphicsAction::Take, GraphicsLayer::LowerThird,
                                        question(insertQuestion(state))));
    ASSERT_FALSE(refused.ok()) << state;
    EXPECT_EQ(refused.error().code, "question_not_available") << state;
  }
  auto missing =
      apply(store, command(GraphicsAction::Cue, GraphicsLayer::LowerThird, question(999999)));
  EXPECT_EQ(missing.error().code, "question_not_available");
  const auto old = insertQuestion("approved");
  createEpisode(uri(), "Sporazum 2");
  auto oldEpisode =
      apply(store, command(GraphicsAction::Cue, GraphicsLayer::LowerThird, question(old)));
  EXPECT_EQ(oldEpisode.error().code, "question_not_available");
  EXPECT_EQ(count("graphics_commands"), "0");
  EXPECT_EQ(scalar("SELECT last_seq FROM graphics_programme"), "0");
}

TEST_F(Graphics, TheViewersNameGoesOnAirOnlyWithConsentAndTheEditedTextWins) {
  DeskStore store(deskStoreOptions());
  store.start();
  const auto without = insertQuestion("approved", false);
  const auto with = insertQuestion("aired", true, 0, "Када ће пут?");
  exec("UPDATE questions SET air_text = 'Kada će biti popravljen put?' WHERE id = " +
       std::to_string(without));
  auto first =
      apply(store, command(GraphicsAction::Cue, GraphicsLayer::LowerThird, question(without)));
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->graphic->viewerName, "");
  EXPECT_EQ(first->graphic->text, "Kada će biti popravljen put?");
  EXPECT_EQ(first->graphic->municipality, "zvecan");
  auto second =
      apply(store, command(GraphicsAction::Take, GraphicsLayer::LowerThird, question(with)));
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_EQ(second->graphic->viewerName, "Milica");
  EXPECT_EQ(second->graphic->language, "sr-Cyrl");
  EXPECT_EQ(scalar("SELECT string_agg((content ? 'viewerName')::text, ',' ORDER BY seq) "
                   "FROM graphics_commands"),
            "false,true");
  EXPECT_EQ(scalar("SELECT count(*) FROM graphics_commands WHERE content::text LIKE '%abab%' OR "
                   "content::text LIKE '%adad%'"),
            "0")
      << "no digests in what goes on air";
}

TEST_F(Graphics, ConcurrentWritersGetGapFreeSeqsInCommitOrderAndTheFeedForwardsEachOnce) {
  DeskStore feedStore(deskStoreOptions());
  GraphicsFeed feed;
  feed.attach(feedStore);
  feedStore.start();
  ASSERT_TRUE(feed.waitForProgramme());
  EXPECT_EQ(feed.programmeSeq(), 0);

  constexpr int kWriters = 3;
  constexpr int kEach = 40;
  std::vector<std::unique_ptr<DeskStore>> stores;
  for (int w = 0; w < kWriters; ++w) {
    stores.push_back(std::make_unique<DeskStore>(deskStoreOptions()));
    stores.back()->start();
  }
  std::vector<std::thread> threads;
  std::mutex mutex;
  std::set<std::int64_t> answered;
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([&, w] {
      for (int i = 0; i < kEach; ++i) {
        auto c = command(GraphicsAction::Update, GraphicsLayer::Ticker,
                         ticker("w" + std::to_string(w) + " " + std::to_string(i)));
        auto result = apply(*stores[w], c);
        ASSERT_TRUE(result.ok()) << result.error().message;
        std::lock_guard lock(mutex);
        EXPECT_TRUE(answered.insert(result->seq).second) << "seq twice: " << result->seq;
      }
    });
  }
  // The command line writes at the same time, through the same function.
  threads.emplace_back([&] {
    for (int i = 0; i < kEach; ++i) {
      auto result = applyGraphicsCommand(
          uri(), command(GraphicsAction::Update, GraphicsLayer::Ticker, ticker("cli")));
      ASSERT_TRUE(result.ok());
      std::lock_guard lock(mutex);
      answered.insert(result->seq);
    }
  });
  for (auto& thread : threads)
    thread.join();
  constexpr int kTotal = (kWriters + 1) * kEach;
  ASSERT_EQ(answered.size(), static_cast<std::size_t>(kTotal));
  EXPECT_EQ(*answered.begin(), 1);
  EXPECT_EQ(*answered.rbegin(), kTotal);
  EXPECT_EQ(scalar("SELECT last_seq FROM graphics_programme"), std::to_string(kTotal));
  // Commit order is seq order: created_at grows with seq.
  EXPECT_EQ(scalar("SELECT count(*) FROM (SELECT created_at < lag(created_at) OVER (ORDER BY seq) "
                   "AS back FROM graphics_commands) x WHERE back"),
            "0");
  EXPECT_EQ(
      scalar("SELECT count(*) FROM graphics_commands WHERE actor = 'cli' AND staff_id IS NULL"),
      std::to_string(kEach));

  ASSERT_TRUE(feed.waitForSeq(kTotal));
  const auto seqs = feed.seqs();
  ASSERT_EQ(seqs.size(), static_cast<std::size_t>(kTotal));
  for (int i = 0; i < kTotal; ++i)
    ASSERT_EQ(seqs[i], i + 1);
}

TEST_F(Graphics, AFeedStartedLaterBeginsFromTheProgrammeAndMissesNothingAcrossAReconnect) {
  DeskStore writer(deskStoreOptions());
  writer.start();
  for (int i = 0; i < 3; ++i)
    ASSERT_TRUE(
        apply(writer, command(GraphicsAction::Update, GraphicsLayer::Ticker, ticker("x"))).ok());
  DeskStore feedStore(deskStoreOptions());
  GraphicsFeed feed;
  feed.attach(feedStore);
  feedStore.start();
  ASSERT_TRUE(feed.waitForProgramme());
  EXPECT_EQ(feed.programmeSeq(), 3);
  ASSERT_TRUE(apply(writer, command(GraphicsAction::Clear, GraphicsLayer::Ticker)).ok());
  ASSERT_TRUE(feed.waitForSeq(4));
  EXPECT_GT(terminateBackends(), 0);
  for (int i = 0; i < 5; ++i) {
    auto result =
        apply(writer, command(GraphicsAction::Update, GraphicsLayer::Ticker, ticker("y")));
    ASSERT_TRUE(result.ok()) << result.error().message;
  }
  ASSERT_TRUE(feed.waitForSeq(9));
  EXPECT_EQ(feed.seqs(), (std::vector<std::int64_t>{4, 5, 6, 7, 8, 9}));
}

TEST_F(Graphics, AnAsRunReportIsStoredOnceWithTheCommandsEpisode) {
  DeskStore store(deskStoreOptions());
  store.start();
  const auto id = insertQuestion("approved");
  auto taken = apply(store, command(GraphicsAction::Take, GraphicsLayer::LowerThird, question(id)));
  ASSERT_TRUE(taken.ok());
  const core::AsRunReport report{
      taken->seq,    GraphicsLayer::LowerThird, core::AsRunEvent::OnAir, id,
      3723040000000, "2026-11-23T20:14:05.120Z"};
  auto record = [&](const std::string& engine, const core::AsRunReport& r) {
    return await<bool>([&](auto done) { store.recordAsRun(engine, r, done); });
  };
  EXPECT_TRUE(record("main", report));
  EXPECT_FALSE(record("main", report)) << "a repeated report";
  EXPECT_TRUE(record("backup", report)) << "another engine's";
  auto unknown = report;
  unknown.seq = 99;
  EXPECT_FALSE(record("main", unknown));
  auto badTime = report;
  badTime.event = core::AsRunEvent::OffAir;
  badTime.wallTime = "2026-13-45T20:14:05.120Z";
  EXPECT_FALSE(record("main", badTime));
  EXPECT_EQ(count("graphics_as_run"), "2");
  const auto rows = listAsRun(uri(), episode_);
  ASSERT_EQ(rows.size(), 2U);
  EXPECT_EQ(rows[0].report, report);
  EXPECT_EQ(rows[0].episodeId, episode_);
  EXPECT_TRUE(listAsRun(uri(), episode_ + 1).empty());

  EXPECT_TRUE(await<bool>([&](auto done) {
    store.recordEngineError("main", {taken->seq, GraphicsLayer::LowerThird, "does_not_fit", "x"},
                            done);
  }));
  EXPECT_EQ(scalar("SELECT engine || ' ' || code || ' ' || episode_id FROM graphics_engine_errors"),
            "main does_not_fit " + std::to_string(episode_));
  // Erasing the question keeps the as-run row, without the question.
  exec("DELETE FROM questions WHERE id = " + std::to_string(id));
  EXPECT_EQ(scalar("SELECT count(*) FROM graphics_as_run WHERE question_id IS NULL"), "2");
}

TEST_F(Graphics, TheCommandLogIsAppendOnlyButANameCanBeErased) {
  const auto id = insertQuestion("approved", true);
  ASSERT_TRUE(applyGraphicsCommand(
                  uri(), command(GraphicsAction::Cue, GraphicsLayer::LowerThird, question(id)))
                  .ok());
  for (const char* statement :
       {"UPDATE graphics_commands SET actor = 'nobody'", "DELETE FROM graphics_commands",
        "TRUNCATE graphics_commands CASCADE",
        "UPDATE graphics_commands SET content = content || '{\"text\":\"x\"}'"}) {
    try {
      exec(statement);
      ADD_FAILURE() << "allowed: " << statement;
    } catch (const pqxx::sql_error& e) {
      EXPECT_NE(std::string(e.what()).find("append-only"), std::string::npos) << e.what();
    }
  }
  exec("UPDATE graphics_commands SET content = content - 'viewerName' - 'municipality'");
  EXPECT_EQ(scalar("SELECT content::text FROM graphics_commands"),
            "{\"text\": \"Pitanje?\", \"language\": \"sr-Latn\", \"questionId\": " +
                std::to_string(id) + "}");
}

TEST_F(Graphics, ErasureAndRetentionTakeTheNameOutOfTheGraphics) {
  const auto id = insertQuestion("aired", true);
  const auto other = insertQuestion("approved", true);
  exec("UPDATE questions SET device_hash = decode(repeat('cd', 32), 'hex') WHERE id = " +
       std::to_string(other));
  ASSERT_TRUE(applyGraphicsCommand(
                  uri(), command(GraphicsAction::Take, GraphicsLayer::LowerThird, question(id)))
                  .ok());
  ASSERT_TRUE(applyGraphicsCommand(
                  uri(), command(GraphicsAction::Cue, GraphicsLayer::LowerThird, question(other)))
                  .ok());
  Digest device;
  device.fill(0xab);
  eraseDevice(uri(), device);
  EXPECT_EQ(scalar("SELECT string_agg((content ? 'viewerName')::text || (content ? "
                   "'municipality')::text, ',' ORDER BY seq) FROM graphics_commands"),
            "falsefalse,truetrue");
  EXPECT_EQ(scalar("SELECT (on_air ? 'viewerName')::text || (cued ? 'viewerName')::text FROM "
                   "graphics_layers WHERE layer = 'lower_third'"),
            "falsetrue");
  EXPECT_EQ(scalar("SELECT on_air ->> 'text' FROM graphics_layers WHERE layer = 'lower_third'"),
            "Pitanje?")
      << "what went on air keeps its text";
  exec("UPDATE episodes SET questions_open = false, closed_at = now() - interval '100 days'");
  purgePersonalDataOlderThan(uri(), 90);
  EXPECT_EQ(scalar("SELECT count(*) FROM graphics_commands WHERE content ? 'viewerName'"), "0");
  EXPECT_EQ(scalar("SELECT count(*) FROM graphics_layers WHERE cued ? 'viewerName'"), "0");
}

TEST_F(Graphics, AnEngineTokenIsALongSessionOfAnEngineAccountOnly) {
  staff("engine-main", "engine");
  const std::string token = core::newSessionToken();
  const auto digest = core::sessionTokenDigest(token);
  auto refused = createEngineSession(uri(), "pera", digest, 3600);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "not_an_engine");
  EXPECT_EQ(createEngineSession(uri(), "nobody", digest, 3600).error().code, "no_such_staff");
  auto expires = createEngineSession(uri(), "Engine-Main", digest, 365LL * 24 * 3600);
  ASSERT_TRUE(expires.ok()) << expires.error().message;
  EXPECT_EQ(expires->size(), 24U);
  EXPECT_EQ(scalar("SELECT expires_at > now() + interval '364 days' FROM staff_sessions"), "t");
  EXPECT_EQ(scalar("SELECT count(*) FROM audit_log WHERE action = 'engine_token' AND "
                   "after::text NOT LIKE '%" +
                   token + "%'"),
            "1");

  DeskStore store(deskStoreOptions());
  store.start();
  auto session = await<core::Result<core::StaffSession>>(
      [&](auto done) { store.resolveSession(digest, done); });
  ASSERT_TRUE(session.ok());
  EXPECT_EQ(session->identity.role, core::StaffRole::Engine);
  ASSERT_TRUE(setStaffDisabled(uri(), "engine-main", true).ok());
  auto revoked = await<core::Result<core::StaffSession>>(
      [&](auto done) { store.resolveSession(digest, done); });
  EXPECT_FALSE(revoked.ok());
}

}  // namespace
}  // namespace sporazum::pg::testing

// The studio on a real PostgreSQL (0004_studio.sql): the migration's backfill, episodes planned,
// started and ended (all or nothing), the producers' queue with its versions and concurrent
// producers, questions on and off air in the graphics command's own transaction, the as-run times,
// the engines' recordings, and the show the feed delivers.

#include <future>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "pg_test_support.hpp"
#include "sporazum/pg/desk_store.hpp"

namespace sporazum::pg::testing {
namespace {

using namespace std::chrono_literals;
using core::ChangeOutcome;
using core::ChangeStatus;
using core::GraphicContent;
using core::GraphicsAction;
using core::GraphicsCommand;
using core::GraphicsLayer;
using core::QueueAction;
using core::QueueChange;

template <typename T, typename Start>
T await(Start start) {
  auto promise = std::make_shared<std::promise<T>>();
  auto future = promise->get_future();
  start([promise](T value) { promise->set_value(std::move(value)); });
  if (future.wait_for(30s) != std::future_status::ready) throw std::runtime_error("no answer");
  return future.get();
}

GraphicsCommand lowerThird(GraphicsAction action, std::int64_t questionId = 0) {
  GraphicsCommand command{0, action, GraphicsLayer::LowerThird, std::nullopt};
  if (questionId != 0) {
    command.graphic = GraphicContent{};
    command.graphic->questionId = questionId;
  }
  return command;
}

core::EpisodeDraft draft(std::int64_t number, std::string title = "Sporazum") {
  core::EpisodeDraft d;
  d.number = number;
  d.title = std::move(title);
  d.airDate = "2026-11-23";
  return d;
}

/// The question states the feed saw, in order, per client id.
class StateLog {
 public:
  void attach(QuestionStore& store) {
    store.onStateChange([this](StateChange change) {
      std::lock_guard lock(mutex_);
      states_[change.clientId].push_back(change.state);
    });
  }
  std::vector<std::string> of(const std::string& clientId) {
    std::lock_guard lock(mutex_);
    return states_[clientId];
  }

 private:
  std::mutex mutex_;
  std::map<std::string, std::vector<std::string>> states_;
};

class Studio : public PgTest {
 protected:
  void SetUp() override {
    PgTest::SetUp();
    if (HasFatalFailure()) return;
    migrate(uri(), migrationsDir());
    auto saved = saveEpisode(uri(), draft(23, "Sporazum 23. 11. 2026."));
    ASSERT_TRUE(saved) << saved.error().message;
    episode_ = saved->id;
    auto started = startEpisode(uri(), 23);
    ASSERT_TRUE(started) << started.error().message;
    pera_ = staff("pera", "producer");
    mira_ = staff("mira", "producer");
  }

  core::StaffIdentity staff(const std::string& username, const std::string& role) {
    return addStaff(username, *core::parseStaffRole(role));
  }

  std::int64_t insertQuestion(const std::string& state, std::int64_t episode = 0,
                              bool consent = false, const std::string& clientId = randomUuid()) {
    return std::stoll(scalar(
        "INSERT INTO questions (client_id, episode_id, device_hash, address_hash, display_name, "
        "municipality, body, state, consent_name_on_air, language) VALUES ('" +
        clientId + "', " + std::to_string(episode == 0 ? episode_ : episode) +
        ", decode(repeat('ab', 32), 'hex'), decode(repeat('ad', 32), 'hex'), 'Milica', "
        "'zvecan', 'Pitanje?', '" +
        state + "', " + (consent ? "true" : "false") + ", 'sr') RETURNING id"));
  }

  std::string stateOf(std::int64_t id) {
    return scalar(
        "SELECT state || '|' || COALESCE(queue_position::text, '-') || '|' || version "
        "FROM questions WHERE id = " +
        std::to_string(id));
  }
  std::int32_t versionOf(std::int64_t id) {
    return std::stoi(scalar("SELECT version FROM questions WHERE id = " + std::to_string(id)));
  }

  static ChangeOutcome change(DeskStore& store, QueueChange c) {
    return await<ChangeOutcome>([&](auto done) { store.changeQueue(std::move(c), done); });
  }
  QueueChange move(std::int64_t id, std::int64_t position, const core::StaffIdentity& by) {
    return QueueChange{QueueAction::Move, id, versionOf(id), position, by};
  }
  QueueChange remove(std::int64_t id, const core::StaffIdentity& by) {
    return QueueChange{QueueAction::Remove, id, versionOf(id), 1, by};
  }
  core::Result<GraphicsCommand> graphics(DeskStore& store, GraphicsCommand c) {
    return await<core::Result<GraphicsCommand>>(
        [&](auto done) { store.applyGraphics(std::move(c), pera_, done); });
  }
  static core::Result<core::Episode> end(DeskStore& store, std::int64_t id,
                                         const core::StaffIdentity& by) {
    return await<core::Result<core::Episode>>([&](auto done) { store.endEpisode(id, by, done); });
  }
  static core::Result<core::Episode> save(DeskStore& store, core::EpisodeDraft d,
                                          const core::StaffIdentity& by) {
    return await<core::Result<core::Episode>>(
        [&](auto done) { store.saveEpisode(std::move(d), by, done); });
  }

  std::int64_t episode_ = 0;
  core::StaffIdentity pera_;
  core::StaffIdentity mira_;
};

// ---- the migration
// -------------------------------------------------------------------------------

class StudioMigration : public PgTest {};

TEST_F(StudioMigration, NumbersAndStatesOfEarlierEpisodesAreDerived) {
  // The schema before the studio, with the episodes it made.
  const auto before = std::filesystem::temp_directory_path() / ("migrations-" + databaseName());
  std::filesystem::create_directories(before);
  for (const char* name : {"0001_questions.sql", "0002_moderation.sql", "0003_graphics.sql"})
    std::filesystem::copy_file(migrationsDir() / name, before / name);
  migrate(uri(), before);
  std::filesystem::remove_all(before);
  exec(
      "INSERT INTO episodes (title, questions_open, created_at, opened_at, closed_at) VALUES "
      "('one', false, '2026-10-26 19:00Z', '2026-10-26 19:55Z', '2026-10-26 21:05Z'), "
      "('never opened', false, '2026-11-01 10:00Z', NULL, '2026-11-09 12:00Z'), "
      "('two', true, '2026-11-09 12:00Z', '2026-11-09 19:58Z', NULL)");
  const auto report = migrate(uri(), migrationsDir());
  ASSERT_FALSE(report.applied.empty());
  EXPECT_EQ(report.applied.front(), "0004_studio.sql") << "and the later ones after it";
  EXPECT_EQ(scalar("SELECT string_agg(number || ' ' || state || ' ' || air_date || ' ' || "
                   "(started_at IS NOT NULL) || ' ' || (ended_at IS NOT NULL), ', ' ORDER BY id) "
                   "FROM episodes"),
            "1 aired 2026-10-26 true true, 2 aired 2026-11-01 true true, "
            "3 live 2026-11-09 true false");
  EXPECT_EQ(currentEpisode(uri()).title, "two") << "the live one is current";
  EXPECT_EQ(scalar("SELECT ended_at = '2026-10-26 21:05Z' FROM episodes WHERE number = 1"), "t");
  // Tools that predate numbers still make episodes: the next number, today's date.
  exec("INSERT INTO episodes (title) VALUES ('three')");
  EXPECT_EQ(scalar("SELECT number || ' ' || state || ' ' || (air_date = (now() AT TIME ZONE "
                   "'UTC')::date) FROM episodes WHERE title = 'three'"),
            "4 planned true");
  EXPECT_EQ(currentEpisode(uri()).title, "two") << "a planned one waits while a show is live";
}

TEST_F(StudioMigration, TheNewestEpisodeThatNeverOpenedIsPlannedAndEveryConstraintIsNamed) {
  const auto before = std::filesystem::temp_directory_path() / ("migrations-" + databaseName());
  std::filesystem::create_directories(before);
  for (const char* name : {"0001_questions.sql", "0002_moderation.sql", "0003_graphics.sql"})
    std::filesystem::copy_file(migrationsDir() / name, before / name);
  migrate(uri(), before);
  std::filesystem::remove_all(before);
  exec("INSERT INTO episodes (title) VALUES ('next')");
  migrate(uri(), migrationsDir());
  EXPECT_EQ(scalar("SELECT number || ' ' || state FROM episodes"), "1 planned");
  EXPECT_EQ(scalar("SELECT started_at IS NULL AND ended_at IS NULL FROM episodes"), "t");
  // Names the code maps errors by.
  for (const char* name :
       {"episodes_number_key", "episodes_number_check", "episodes_state_check",
        "episodes_started_at_check", "episodes_ended_at_check", "episode_guests_pkey",
        "episode_guests_name_check", "episode_topics_topic_check", "questions_queue_position_check",
        "questions_queued_position_check", "recordings_engine_file_key", "recordings_state_check",
        "recordings_stopped_at_check", "recordings_error_needed_check"}) {
    EXPECT_EQ(
        scalar("SELECT count(*) FROM pg_constraint WHERE conname = '" + std::string(name) + "'"),
        "1")
        << name;
  }
  for (const char* index : {"episodes_one_live_key", "questions_queue_position_key"})
    EXPECT_EQ(scalar("SELECT count(*) FROM pg_class WHERE relname = '" + std::string(index) + "'"),
              "1")
        << index;
}

// ---- episodes
// ------------------------------------------------------------------------------------

TEST_F(Studio, EpisodesAreSavedWithTheirGuestsInOrderAndEverySaveIsAudited) {
  DeskStore store(deskStoreOptions());
  store.start();
  auto d = draft(24, "<b>Sporazum</b> 7. 12. 2026.");
  d.airDate = "2026-12-07";
  d.guests = {{"Milan Jovanović", "SL"}, {"Arben Krasniqi", ""}, {"Ana O'Neill", "\"x\" & {y}"}};
  d.topics = {"jobs", "roads"};
  auto saved = save(store, d, pera_);
  ASSERT_TRUE(saved) << saved.error().message;
  EXPECT_EQ(saved->title, "<b>Sporazum</b> 7. 12. 2026.") << "markup is kept as text";
  EXPECT_EQ(saved->state, core::EpisodeState::Planned);
  EXPECT_EQ(saved->guests, d.guests);
  EXPECT_EQ(saved->topics, d.topics);
  EXPECT_EQ(currentEpisode(uri()).episodeId, episode_) << "the live show stays current";

  d.id = saved->id;
  d.guests = {{"Arben Krasniqi", "LDK"}, {"Milan Jovanović", "SL"}};
  d.topics = {};
  auto edited = save(store, d, mira_);
  ASSERT_TRUE(edited) << edited.error().message;
  EXPECT_EQ(edited->id, saved->id);
  EXPECT_EQ(edited->guests, d.guests) << "the new order";
  EXPECT_TRUE(edited->topics.empty());
  EXPECT_EQ(
      scalar("SELECT count(*) FROM episode_guests WHERE episode_id = " + std::to_string(saved->id)),
      "2");

  const auto audit = scalar(
      "SELECT string_agg(actor || ' ' || (before IS NULL OR before = 'null') || ' ' || "
      "(after->>'number'), ', ' ORDER BY id) FROM audit_log WHERE action = 'episode_save' AND "
      "episode_id = " +
      std::to_string(saved->id));
  EXPECT_EQ(audit, "pera true 24, mira false 24");
  EXPECT_EQ(scalar("SELECT after->'guests'->0->>'name' FROM audit_log WHERE actor = 'mira'"),
            "Arben Krasniqi");

  auto list = await<std::optional<std::vector<core::Episode>>>(
      [&](auto done) { store.listEpisodes(done); });
  ASSERT_TRUE(list.has_value());
  ASSERT_EQ(list->size(), 2U);
  EXPECT_EQ(list->front().number, 24) << "newest air date first";
}

TEST_F(Studio, ATakenNumberAndABadDraftAreRefusedWithoutAnyChange) {
  DeskStore store(deskStoreOptions());
  store.start();
  auto taken = save(store, draft(23), pera_);
  ASSERT_FALSE(taken);
  EXPECT_EQ(taken.error().code, "episode_number_taken");
  EXPECT_EQ(taken.error().field, "number");
  auto d = draft(30);
  d.guests.assign(13, core::Guest{"Gost", ""});
  auto many = save(store, d, pera_);
  ASSERT_FALSE(many);
  EXPECT_EQ(many.error().field, "guests");
  d = draft(30);
  d.id = 999999;
  EXPECT_EQ(save(store, d, pera_).error().code, "not_found");
  d = draft(30, std::string("nul\0inside", 10));
  EXPECT_EQ(save(store, d, pera_).error().code, "control_characters");
  EXPECT_EQ(scalar("SELECT count(*) FROM episodes"), "1");
  EXPECT_EQ(scalar("SELECT count(*) FROM audit_log WHERE actor = 'pera'"), "0");
  // Through the command line the same rules hold.
  EXPECT_EQ(saveEpisode(uri(), draft(23)).error().code, "episode_number_taken");
}

TEST_F(Studio, OnlyAPlannedEpisodeStartsAndOnlyOneIsLive) {
  DeskStore store(deskStoreOptions());
  store.start();
  const auto next = save(store, draft(24), pera_);
  ASSERT_TRUE(next);
  const auto start = [&](std::int64_t id) {
    return await<core::Result<core::Episode>>(
        [&](auto done) { store.startEpisode(id, pera_, done); });
  };
  EXPECT_EQ(start(episode_).error().code, "not_allowed") << "live already";
  const auto second = start(next->id);
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, "not_allowed");
  EXPECT_NE(second.error().message.find("episode 23 is live"), std::string::npos);
  EXPECT_EQ(start(424242).error().code, "not_found");
  ASSERT_TRUE(end(store, episode_, pera_));
  EXPECT_EQ(start(episode_).error().code, "not_allowed") << "an aired episode does not start again";
  const auto started = start(next->id);
  ASSERT_TRUE(started) << started.error().message;
  EXPECT_EQ(started->state, core::EpisodeState::Live);
  EXPECT_TRUE(started->questionsOpen);
  EXPECT_FALSE(started->startedAt.empty());
  EXPECT_EQ(currentEpisode(uri()).episodeId, next->id);
  EXPECT_EQ(scalar("SELECT string_agg(number || ' ' || questions_open, ', ' ORDER BY number) FROM "
                   "episodes"),
            "23 false, 24 true");
  EXPECT_EQ(scalar("SELECT after->>'state' FROM audit_log WHERE action = 'episode_start' AND "
                   "episode_id = " +
                   std::to_string(next->id)),
            "live");
}

TEST_F(Studio, TwoProducersStartingTwoEpisodesAtOnceMakeOneLive) {
  ASSERT_TRUE(endEpisode(uri(), 23));
  DeskStore first(deskStoreOptions());
  DeskStore second(deskStoreOptions());
  first.start();
  second.start();
  const auto a = save(first, draft(24), pera_);
  const auto b = save(first, draft(25), pera_);
  ASSERT_TRUE(a && b);
  auto one = std::async(std::launch::async, [&] {
    return await<core::Result<core::Episode>>(
        [&](auto done) { first.startEpisode(a->id, pera_, done); });
  });
  auto other = std::async(std::launch::async, [&] {
    return await<core::Result<core::Episode>>(
        [&](auto done) { second.startEpisode(b->id, mira_, done); });
  });
  const auto x = one.get();
  const auto y = other.get();
  EXPECT_NE(x.ok(), y.ok()) << "exactly one starts";
  EXPECT_EQ((x.ok() ? y : x).error().code, "not_allowed");
  EXPECT_EQ(scalar("SELECT count(*) FROM episodes WHERE state = 'live'"), "1");
}

// ---- the end of an episode
// -----------------------------------------------------------------------

TEST_F(Studio, TheEndClearsTheLayersAndLeavesNoQuestionWaitingInOneTransaction) {
  DeskStore store(deskStoreOptions());
  store.start();
  const auto waiting = insertQuestion("approved");
  const auto queued = insertQuestion("approved");
  const auto onAir = insertQuestion("approved");
  const auto held = insertQuestion("held");
  ASSERT_EQ(change(store, move(queued, 1, pera_)).status, ChangeStatus::Applied);
  ASSERT_TRUE(graphics(store, lowerThird(GraphicsAction::Take, onAir)));
  ASSERT_EQ(stateOf(onAir).substr(0, 6), "on_air");

  // A refusal at the very last step undoes all of it.
  exec(
      "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION "
      "'no' USING ERRCODE = 'check_violation'; END $$; CREATE TRIGGER refuse BEFORE UPDATE ON "
      "episodes FOR EACH ROW WHEN (NEW.state = 'aired') EXECUTE FUNCTION refuse()");
  const auto refused = end(store, episode_, pera_);
  ASSERT_FALSE(refused);
  EXPECT_EQ(scalar("SELECT count(*) FROM graphics_commands"), "1") << "no clear_all logged";
  EXPECT_EQ(scalar("SELECT last_seq FROM graphics_programme"), "1");
  EXPECT_EQ(scalar("SELECT on_air->>'questionId' FROM graphics_layers WHERE layer = "
                   "'lower_third'"),
            std::to_string(onAir));
  EXPECT_EQ(stateOf(waiting), "approved|-|1");
  EXPECT_EQ(stateOf(queued), "queued|1|2");
  EXPECT_EQ(stateOf(onAir), "on_air|-|2");
  EXPECT_EQ(scalar("SELECT state || ' ' || questions_open FROM episodes"), "live true");
  exec("DROP TRIGGER refuse ON episodes");

  const auto ended = end(store, episode_, pera_);
  ASSERT_TRUE(ended) << ended.error().message;
  EXPECT_EQ(ended->state, core::EpisodeState::Aired);
  EXPECT_FALSE(ended->questionsOpen);
  EXPECT_FALSE(ended->endedAt.empty());
  EXPECT_EQ(scalar("SELECT string_agg(seq || ' ' || action || ' ' || actor, ', ' ORDER BY seq) "
                   "FROM graphics_commands"),
            "1 take pera, 2 clear_all pera");
  EXPECT_EQ(scalar("SELECT count(*) FROM graphics_layers WHERE on_air IS NOT NULL"), "0");
  EXPECT_EQ(stateOf(waiting), "not_selected|-|2");
  EXPECT_EQ(stateOf(queued), "not_selected|-|3");
  EXPECT_EQ(stateOf(onAir), "aired|-|3");
  EXPECT_EQ(stateOf(held), "held|-|1") << "moderation's business";
  EXPECT_EQ(scalar("SELECT closed_at IS NOT NULL FROM episodes"), "t");
  EXPECT_EQ(scalar("SELECT string_agg(action, ',' ORDER BY id) FROM audit_log WHERE "
                   "question_id IN (" +
                   std::to_string(waiting) + "," + std::to_string(queued) + ")"),
            "queue_move,not_selected,not_selected");
  EXPECT_EQ(scalar("SELECT after->>'notSelected' FROM audit_log WHERE action = 'episode_end'"),
            "2");
  EXPECT_EQ(end(store, episode_, pera_).error().code, "not_allowed") << "aired already";
  EXPECT_EQ(readProgramme(uri()).recording, std::nullopt);
}

// ---- questions on air
// ----------------------------------------------------------------------------

TEST_F(Studio, ATakeAndTheQuestionOnAirCommitTogether) {
  DeskStore store(deskStoreOptions());
  store.start();
  const auto first = insertQuestion("approved");
  // The question's change fails after the command was logged: neither stays.
  exec(
      "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION "
      "'no' USING ERRCODE = 'check_violation'; END $$; CREATE TRIGGER refuse BEFORE UPDATE ON "
      "questions FOR EACH ROW WHEN (NEW.state = 'on_air') EXECUTE FUNCTION refuse()");
  ASSERT_FALSE(graphics(store, lowerThird(GraphicsAction::Take, first)));
  EXPECT_EQ(scalar("SELECT count(*) FROM graphics_commands"), "0");
  EXPECT_EQ(scalar("SELECT on_air IS NULL FROM graphics_layers WHERE layer = 'lower_third'"), "t");
  EXPECT_EQ(stateOf(first), "approved|-|1");
  exec("DROP TRIGGER refuse ON questions");

  const auto taken = graphics(store, lowerThird(GraphicsAction::Take, first));
  ASSERT_TRUE(taken) << taken.error().message;
  EXPECT_EQ(stateOf(first), "on_air|-|2");
  EXPECT_EQ(scalar("SELECT after->>'seq' FROM audit_log WHERE action = 'on_air'"),
            std::to_string(taken->seq));
  EXPECT_EQ(scalar("SELECT actor FROM audit_log WHERE action = 'on_air'"), "pera");
}

TEST_F(Studio, TheQuestionOnTheLowerThirdIsOnAirAndTheOneBeforeItAired) {
  DeskStore store(deskStoreOptions());
  store.start();
  const auto a = insertQuestion("approved");
  const auto b = insertQuestion("approved");
  const auto c = insertQuestion("approved");
  ASSERT_EQ(change(store, move(b, 1, pera_)).status, ChangeStatus::Applied);
  ASSERT_EQ(change(store, move(c, 2, pera_)).status, ChangeStatus::Applied);

  ASSERT_TRUE(graphics(store, lowerThird(GraphicsAction::Cue, a)));
  EXPECT_EQ(stateOf(a), "approved|-|1") << "a cue puts nothing on air";
  ASSERT_TRUE(graphics(store, lowerThird(GraphicsAction::Take)));
  EXPECT_EQ(stateOf(a), "on_air|-|2");
  ASSERT_TRUE(graphics(store, lowerThird(GraphicsAction::Take, b)));
  EXPECT_EQ(stateOf(a), "aired|-|3") << "replaced";
  EXPECT_EQ(stateOf(b), "on_air|-|3") << "left the queue";
  EXPECT_EQ(stateOf(c), "queued|1|3") << "moved up";
  ASSERT_TRUE(graphics(store, lowerThird(GraphicsAction::Clear)));
  EXPECT_EQ(stateOf(b), "aired|-|4");
  ASSERT_TRUE(graphics(store, lowerThird(GraphicsAction::Take, a)));
  EXPECT_EQ(stateOf(a), "on_air|-|4") << "an aired question may be asked again";
  GraphicsCommand ticker{0, GraphicsAction::Take, GraphicsLayer::Ticker, GraphicContent{}};
  ticker.graphic->text = "Pitanja: sporazum.tv";
  ASSERT_TRUE(graphics(store, ticker));
  EXPECT_EQ(stateOf(a), "on_air|-|4") << "other layers do not touch it";
  ASSERT_TRUE(graphics(store, {0, GraphicsAction::ClearAll, GraphicsLayer::LowerThird, {}}));
  EXPECT_EQ(stateOf(a), "aired|-|5");
  EXPECT_EQ(
      scalar("SELECT string_agg(action, ',' ORDER BY id) FROM audit_log WHERE question_id = " +
             std::to_string(a)),
      "on_air,aired,on_air,aired");
}

TEST_F(Studio, TheViewerIsToldOnAirAiredAndNotSelected) {
  QuestionStore viewers([this] {
    StoreOptions o;
    o.connectionUri = uri();
    o.pollInterval = 100ms;
    return o;
  }());
  StateLog states;
  states.attach(viewers);
  viewers.start();
  DeskStore store(deskStoreOptions());
  store.start();
  const std::string asked = randomUuid();
  const std::string waiting = randomUuid();
  const auto a = insertQuestion("approved", 0, false, asked);
  insertQuestion("approved", 0, false, waiting);
  ASSERT_TRUE(graphics(store, lowerThird(GraphicsAction::Take, a)));
  ASSERT_TRUE(waitUntil([&] { return states.of(asked).size() == 1; }));
  ASSERT_TRUE(graphics(store, lowerThird(GraphicsAction::Clear)));
  ASSERT_TRUE(end(store, episode_, pera_));
  ASSERT_TRUE(
      waitUntil([&] { return states.of(asked).size() == 2 && !states.of(waiting).empty(); }));
  EXPECT_EQ(states.of(asked), (std::vector<std::string>{"on_air", "aired"}));
  EXPECT_EQ(states.of(waiting), std::vector<std::string>{"not_selected"});
  EXPECT_EQ(core::viewerStatusFor("on_air"), "on_air");
  EXPECT_EQ(core::viewerStatusFor("aired"), "aired");
}

TEST_F(Studio, TheFirstAsRunReportOfAQuestionSetsItsOnAirTimes) {
  DeskStore store(deskStoreOptions());
  store.start();
  const auto q = insertQuestion("approved");
  const auto taken = graphics(store, lowerThird(GraphicsAction::Take, q));
  ASSERT_TRUE(taken);
  const auto report = [&](const std::string& engine, core::AsRunEvent event,
                          const std::string& at) {
    return await<bool>([&](auto done) {
      store.recordAsRun(
          engine, core::AsRunReport{taken->seq, GraphicsLayer::LowerThird, event, q, 1, at}, done);
    });
  };
  const auto version = versionOf(q);
  EXPECT_TRUE(report("engine-main", core::AsRunEvent::OnAir, "2026-11-23T20:14:05.120Z"));
  EXPECT_TRUE(report("engine-backup", core::AsRunEvent::OnAir, "2026-11-23T20:14:05.100Z"));
  EXPECT_FALSE(report("engine-main", core::AsRunEvent::OnAir, "2026-11-23T20:14:09.000Z"));
  EXPECT_TRUE(report("engine-main", core::AsRunEvent::OffAir, "2026-11-23T20:16:30.000Z"));
  EXPECT_EQ(scalar("SELECT to_char(on_air_at AT TIME ZONE 'UTC', 'HH24:MI:SS.MS') || ' ' || "
                   "to_char(off_air_at AT TIME ZONE 'UTC', 'HH24:MI:SS.MS') FROM questions"),
            "20:14:05.120 20:16:30.000")
      << "the first report wins";
  EXPECT_EQ(versionOf(q), version + 2) << "once for each time, so the studio hears of it";
  const auto queue = await<std::optional<std::vector<core::AirQuestion>>>(
      [&](auto done) { store.loadQueue(episode_, done); });
  ASSERT_TRUE(queue && queue->size() == 1U);
  EXPECT_EQ(queue->front().onAirAt, "2026-11-23T20:14:05.120Z");
  EXPECT_EQ(queue->front().offAirAt, "2026-11-23T20:16:30.000Z");
}

// ---- the queue
// -----------------------------------------------------------------------------------

TEST_F(Studio, TheQueueKeepsARunningOrderAndEveryChangeIsAudited) {
  DeskStore store(deskStoreOptions());
  store.start();
  const auto a = insertQuestion("approved");
  const auto b = insertQuestion("approved");
  const auto c = insertQuestion("approved");
  auto first = change(store, move(a, 1, pera_));
  ASSERT_EQ(first.status, ChangeStatus::Applied);
  ASSERT_EQ(first.questions.size(), 1U);
  EXPECT_EQ(first.questions[0].state, "queued");
  EXPECT_EQ(first.questions[0].queuePosition, 1);
  EXPECT_EQ(first.questions[0].changedBy, "Name pera");
  ASSERT_EQ(change(store, move(b, 9, pera_)).status, ChangeStatus::Applied);
  const auto front = change(store, move(c, 1, pera_));
  ASSERT_EQ(front.status, ChangeStatus::Applied);
  ASSERT_EQ(front.questions.size(), 3U) << "the moved one, then the two that shifted";
  EXPECT_EQ(front.questions[0].id, c);
  EXPECT_EQ(stateOf(c), "queued|1|2");
  EXPECT_EQ(stateOf(a), "queued|2|3");
  EXPECT_EQ(stateOf(b), "queued|3|3");
  const auto same = change(store, move(c, 1, pera_));
  EXPECT_EQ(same.status, ChangeStatus::Applied);
  EXPECT_EQ(stateOf(c), "queued|1|2") << "already there: nothing written";
  ASSERT_EQ(change(store, move(c, 3, pera_)).status, ChangeStatus::Applied);
  EXPECT_EQ(scalar("SELECT string_agg(id::text, ',' ORDER BY queue_position) FROM questions "
                   "WHERE state = 'queued'"),
            std::to_string(a) + "," + std::to_string(b) + "," + std::to_string(c));
  const auto removed = change(store, remove(a, mira_));
  ASSERT_EQ(removed.status, ChangeStatus::Applied);
  EXPECT_EQ(stateOf(a).substr(0, 10), "approved|-");
  EXPECT_EQ(scalar("SELECT string_agg(queue_position::text, ',' ORDER BY queue_position) FROM "
                   "questions WHERE state = 'queued'"),
            "1,2");
  EXPECT_EQ(scalar("SELECT count(*) FROM audit_log WHERE action = 'queue_move'"), "4");
  EXPECT_EQ(scalar("SELECT (before->>'position') || ' ' || (after->>'state') || ' ' || "
                   "(after->'shifted')::text FROM audit_log WHERE action = 'queue_remove'"),
            "1 approved [" + std::to_string(b) + ", " + std::to_string(c) + "]");
}

TEST_F(Studio, StaleMissingAndUnfitQueueChangesAreRefused) {
  DeskStore store(deskStoreOptions());
  store.start();
  const auto a = insertQuestion("approved");
  ASSERT_EQ(change(store, move(a, 1, pera_)).status, ChangeStatus::Applied);
  auto stale = move(a, 1, mira_);
  stale.baseVersion -= 1;
  const auto conflict = change(store, stale);
  ASSERT_EQ(conflict.status, ChangeStatus::Conflict);
  EXPECT_EQ(conflict.conflictBy, "Name pera");
  EXPECT_EQ(conflict.conflictAction, "queue_move");
  ASSERT_EQ(conflict.questions.size(), 1U);
  EXPECT_EQ(conflict.questions[0].queuePosition, 1);
  EXPECT_EQ(change(store, move(insertQuestion("held"), 1, pera_)).status, ChangeStatus::NotAllowed);
  EXPECT_EQ(change(store, remove(insertQuestion("approved"), pera_)).status,
            ChangeStatus::NotAllowed);
  EXPECT_EQ(change(store, QueueChange{QueueAction::Move, 424242, 1, 1, pera_}).status,
            ChangeStatus::NotFound);
  const auto old = std::stoll(scalar("INSERT INTO episodes (title) VALUES ('old') RETURNING id"));
  EXPECT_EQ(change(store, move(insertQuestion("approved", old), 1, pera_)).status,
            ChangeStatus::NotFound)
      << "not the current episode";
  EXPECT_EQ(scalar("SELECT count(*) FROM audit_log WHERE actor = 'mira'"), "0");
}

TEST_F(Studio, TwoProducersMovingOneQuestionAtOnceGetOneChangeAndOneConflict) {
  DeskStore first(deskStoreOptions());
  DeskStore second(deskStoreOptions());
  first.start();
  second.start();
  for (int round = 0; round < 5; ++round) {
    const auto q = insertQuestion("approved");
    const auto byPera = move(q, 1, pera_);
    const auto byMira = move(q, 2, mira_);
    auto x = std::async(std::launch::async, [&] { return change(first, byPera); });
    auto y = std::async(std::launch::async, [&] { return change(second, byMira); });
    const auto one = x.get();
    const auto other = y.get();
    std::multiset<ChangeStatus> statuses{one.status, other.status};
    EXPECT_EQ(statuses,
              (std::multiset<ChangeStatus>{ChangeStatus::Applied, ChangeStatus::Conflict}))
        << "round " << round;
    EXPECT_EQ(versionOf(q), byPera.baseVersion + 1);
  }
  // Many producers at once on different questions: the running order stays 1…n.
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 20; ++i)
    ids.push_back(insertQuestion("approved"));
  std::vector<std::future<ChangeOutcome>> moves;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    DeskStore& store = i % 2 == 0 ? first : second;
    moves.push_back(std::async(std::launch::async, [&, i] {
      return change(store, move(ids[i], static_cast<std::int64_t>(i % 4 + 1), pera_));
    }));
  }
  for (auto& m : moves)
    EXPECT_EQ(m.get().status, ChangeStatus::Applied);
  EXPECT_EQ(scalar("SELECT count(*) = max(queue_position) AND min(queue_position) = 1 AND "
                   "count(DISTINCT queue_position) = count(*) FROM questions WHERE state = "
                   "'queued'"),
            "t");
  EXPECT_EQ(scalar("SELECT count(*) FROM questions WHERE state = 'queued'"), "25");
}

TEST_F(Studio, TheQueueHoldsTheStudiosFormOnly) {
  DeskStore store(deskStoreOptions());
  store.start();
  const auto named = insertQuestion("approved", 0, true);
  const auto anonymous = insertQuestion("aired");
  insertQuestion("received");
  insertQuestion("rejected");
  insertQuestion("approved",
                 std::stoll(scalar("INSERT INTO episodes (title) VALUES ('next') RETURNING id")));
  exec("UPDATE questions SET air_text = 'Pitanje za eter?' WHERE id = " + std::to_string(named));
  const auto queue = await<std::optional<std::vector<core::AirQuestion>>>(
      [&](auto done) { store.loadQueue(episode_, done); });
  ASSERT_TRUE(queue.has_value());
  ASSERT_EQ(queue->size(), 2U);
  EXPECT_EQ(queue->at(0).id, named);
  EXPECT_EQ(queue->at(0).viewerName, "Milica") << "consented";
  EXPECT_EQ(queue->at(0).text, "Pitanje za eter?");
  EXPECT_EQ(queue->at(0).viewerText, "Pitanje?");
  EXPECT_TRUE(queue->at(0).isEdited);
  EXPECT_EQ(queue->at(0).language, "sr-Latn");
  EXPECT_EQ(queue->at(1).id, anonymous);
  EXPECT_EQ(queue->at(1).viewerName, "") << "no consent, no name";
  EXPECT_EQ(queue->at(1).municipality, "zvecan");
}

// ---- recordings and the show
// ---------------------------------------------------------------------

TEST_F(Studio, RecordingsAreKeptPerEngineAndFileAndTheShowHasTheNewest) {
  DeskStore store(deskStoreOptions());
  std::mutex mutex;
  std::vector<std::optional<core::Episode>> shows;
  store.onShow([&](std::optional<core::Episode> show) {
    std::lock_guard lock(mutex);
    shows.push_back(std::move(show));
  });
  store.start();
  const auto lastShow = [&] {
    std::lock_guard lock(mutex);
    return shows.empty() ? std::optional<core::Episode>() : shows.back();
  };
  ASSERT_TRUE(waitUntil([&] { return lastShow().has_value(); }));
  EXPECT_EQ(lastShow()->number, 23);
  EXPECT_EQ(lastShow()->state, core::EpisodeState::Live);
  EXPECT_FALSE(lastShow()->recording.has_value());
  EXPECT_EQ(readProgramme(uri()).recording, (core::RecordingOrder{episode_, 23}));

  const auto engine = staff("engine-main", "engine");
  const auto record = [&](core::RecordingReport report) {
    return await<bool>([&](auto done) { store.recordRecording(engine, report, done); });
  };
  core::RecordingReport opened{
      episode_, "var/rec/episode-23.ts", "recording", 0, "2026-11-23T20:00:04.160Z", "", 0, ""};
  EXPECT_TRUE(record(opened));
  ASSERT_TRUE(waitUntil([&] { return lastShow() && lastShow()->recording.has_value(); }));
  EXPECT_EQ(lastShow()->recording->state, "recording");
  EXPECT_EQ(lastShow()->recording->engine, "engine-main");

  auto done = opened;
  done.state = "done";
  done.bytes = 4815162342;
  done.stoppedAt = "2026-11-23T21:02:11.930Z";
  done.frames = 186152;
  EXPECT_TRUE(record(done));
  EXPECT_FALSE(record(opened)) << "a late report does not reopen a closed file";
  EXPECT_EQ(scalar("SELECT state || ' ' || bytes || ' ' || frames FROM recordings"),
            "done 4815162342 186152");
  ASSERT_TRUE(waitUntil([&] { return lastShow() && lastShow()->recording->state == "done"; }));
  EXPECT_EQ(lastShow()->recording->bytes, 4815162342);

  auto failed = opened;
  failed.file = "var/rec/episode-23-2.ts";
  failed.startedAt = "2026-11-23T21:00:00.000Z";
  failed.state = "failed";
  failed.stoppedAt = "2026-11-23T21:00:00.000Z";
  failed.error = "record_sink: No space left on the resource.";
  EXPECT_TRUE(record(failed));
  ASSERT_TRUE(waitUntil([&] { return lastShow() && lastShow()->recording->state == "failed"; }));
  EXPECT_EQ(lastShow()->recording->error, "record_sink: No space left on the resource.");
  auto stranger = opened;
  stranger.episodeId = 424242;
  EXPECT_FALSE(record(stranger)) << "no such episode";
  EXPECT_EQ(scalar("SELECT count(*) FROM recordings"), "2");
  EXPECT_EQ(scalar("SELECT count(*) FROM audit_log WHERE action = 'recording' AND actor = "
                   "'engine-main'"),
            "3");

  ASSERT_TRUE(end(store, episode_, pera_));
  ASSERT_TRUE(
      waitUntil([&] { return lastShow() && lastShow()->state == core::EpisodeState::Aired; }));
  EXPECT_FALSE(readProgramme(uri()).recording.has_value());
}

TEST_F(Studio, TheCommandLinePlansStartsAndEndsByNumber) {
  ASSERT_TRUE(endEpisode(uri(), 23));
  auto planned = saveEpisode(uri(), core::EpisodeDraft{0, 0, "Sporazum", "", {}, {}});
  ASSERT_TRUE(planned) << planned.error().message;
  EXPECT_EQ(planned->number, 24) << "the next free number";
  EXPECT_EQ(planned->airDate.size(), 10U) << "today";
  EXPECT_EQ(currentEpisode(uri()).episodeId, planned->id) << "no show is live: the newest";
  EXPECT_EQ(startEpisode(uri(), 99).error().code, "no_such_episode");
  ASSERT_TRUE(startEpisode(uri(), 24));
  EXPECT_EQ(endEpisode(uri(), 23).error().code, "not_allowed");
  const auto list = listEpisodes(uri());
  ASSERT_EQ(list.size(), 2U);
  EXPECT_EQ(list[0].state, core::EpisodeState::Live);
  EXPECT_EQ(scalar("SELECT string_agg(action, ',' ORDER BY id) FROM audit_log WHERE actor = "
                   "'cli' AND episode_id = " +
                   std::to_string(planned->id)),
            "episode_save,episode_start");
}

}  // namespace
}  // namespace sporazum::pg::testing

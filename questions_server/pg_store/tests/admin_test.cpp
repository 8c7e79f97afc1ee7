#include <nlohmann/json.hpp>

#include "pg_test_support.hpp"

namespace sporazum::pg::testing {
namespace {

class Admin : public PgTest {
 protected:
  /// Stores one question directly (admin tests need no store threads); returns its id.
  std::string insert(std::int64_t episode, std::uint8_t device, const std::string& state) {
    std::string hex;
    for (int i = 0; i < 32; ++i) {
      hex += "0123456789abcdef"[device >> 4];
      hex += "0123456789abcdef"[device & 0xf];
    }
    return scalar(
        "INSERT INTO questions (client_id, episode_id, device_hash, address_hash, display_name, "
        "municipality, body, state) VALUES (gen_random_uuid(), " +
        std::to_string(episode) + ", decode('" + hex + "', 'hex'), decode('" +
        std::string(64, 'a') + "', 'hex'), 'Ana', 'mitrovica-north', 'Pitanje?', '" + state +
        "') RETURNING id");
  }
};

TEST_F(Admin, HashKeyIsCreatedOnceAndSharedByConcurrentServers) {
  migrate(uri(), migrationsDir());
  Digest keys[4];
  std::vector<std::thread> threads;
  for (auto& key : keys)
    threads.emplace_back([&] { key = loadOrCreateHashKey(uri()); });
  for (auto& thread : threads)
    thread.join();

  for (const auto& key : keys)
    EXPECT_EQ(key, keys[0]);
  EXPECT_NE(keys[0], Digest{});
  EXPECT_EQ(loadOrCreateHashKey(uri()), keys[0]);
  EXPECT_EQ(scalar("SELECT count(*) FROM server_keys"), "1");
}

TEST_F(Admin, EpisodesAreCreatedClosedAndOpenedOnTheLatest) {
  migrate(uri(), migrationsDir());
  EXPECT_EQ(currentEpisode(uri()).episodeId, 0);
  EXPECT_THROW(setQuestionsOpen(uri(), true), std::runtime_error);

  const std::int64_t first = createEpisode(uri(), "Sporazum 1");
  setQuestionsOpen(uri(), true);
  const std::int64_t second = createEpisode(uri(), "Споразум 2");

  EXPECT_GT(second, first);
  EXPECT_EQ(scalar("SELECT questions_open FROM episodes WHERE id = " + std::to_string(first)), "f")
      << "a new episode closes the one before";
  EXPECT_EQ(
      scalar("SELECT closed_at IS NOT NULL FROM episodes WHERE id = " + std::to_string(first)),
      "t");
  EpisodeStatus status = currentEpisode(uri());
  EXPECT_EQ(status.episodeId, second);
  EXPECT_EQ(status.title, "Споразум 2");
  EXPECT_FALSE(status.questionsOpen);

  status = setQuestionsOpen(uri(), true);
  EXPECT_TRUE(status.questionsOpen);
  EXPECT_EQ(scalar("SELECT closed_at IS NULL AND opened_at IS NOT NULL FROM episodes WHERE id = " +
                   std::to_string(second)),
            "t");
  status = setQuestionsOpen(uri(), false);
  EXPECT_FALSE(status.questionsOpen);
  EXPECT_FALSE(currentEpisode(uri()).questionsOpen);
}

TEST_F(Admin, EraseDeviceDeletesItsQuestionsButKeepsWhatWentOnAirWithoutThePerson) {
  const std::int64_t episode = migrateAndOpenEpisode();
  const std::string received = insert(episode, 0x11, "received");
  const std::string approved = insert(episode, 0x11, "approved");
  const std::string aired = insert(episode, 0x11, "aired");
  const std::string onAir = insert(episode, 0x11, "on_air");
  const std::string other = insert(episode, 0x22, "received");

  EXPECT_EQ(eraseDevice(uri(), digestOf(0x11)), 4);

  EXPECT_EQ(
      scalar("SELECT count(*) FROM questions WHERE id IN (" + received + "," + approved + ")"),
      "0");
  EXPECT_EQ(scalar("SELECT count(*) FROM questions WHERE id IN (" + aired + "," + onAir +
                   ") AND body = 'Pitanje?' AND display_name IS NULL AND municipality IS NULL "
                   "AND device_hash IS NULL AND address_hash IS NULL"),
            "2");
  EXPECT_EQ(scalar("SELECT display_name FROM questions WHERE id = " + other), "Ana");
  EXPECT_EQ(eraseDevice(uri(), digestOf(0x11)), 0);
}

TEST_F(Admin, PurgeRemovesPersonalDataOnlyAfterTheRetentionPeriod) {
  migrate(uri(), migrationsDir());
  const std::int64_t old = createEpisode(uri(), "old");
  const std::int64_t recent = createEpisode(uri(), "recent");
  const std::int64_t current = createEpisode(uri(), "current");
  setQuestionsOpen(uri(), true);
  exec("UPDATE episodes SET closed_at = now() - interval '100 days' WHERE id = " +
       std::to_string(old));
  exec("UPDATE episodes SET closed_at = now() - interval '10 days' WHERE id = " +
       std::to_string(recent));
  const std::string oldQuestion = insert(old, 0x11, "aired");
  insert(old, 0x12, "rejected");
  const std::string recentQuestion = insert(recent, 0x11, "received");
  const std::string currentQuestion = insert(current, 0x11, "received");

  EXPECT_EQ(purgePersonalDataOlderThan(uri(), 90), 2);

  EXPECT_EQ(scalar("SELECT count(*) FROM questions WHERE episode_id = " + std::to_string(old) +
                   " AND display_name IS NULL AND municipality IS NULL AND device_hash IS NULL "
                   "AND address_hash IS NULL AND body = 'Pitanje?'"),
            "2");
  EXPECT_EQ(scalar("SELECT state FROM questions WHERE id = " + oldQuestion), "aired");
  EXPECT_EQ(scalar("SELECT display_name FROM questions WHERE id = " + recentQuestion), "Ana");
  EXPECT_EQ(scalar("SELECT display_name FROM questions WHERE id = " + currentQuestion), "Ana");
  EXPECT_EQ(purgePersonalDataOlderThan(uri(), 90), 0);
}

constexpr const char* kHash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g";

TEST_F(Admin, CreatesStaffAndNamesWhatIsWrongWithABadAccount) {
  migrate(uri(), migrationsDir());
  const auto id = createStaff(uri(), "Ana.M", "Ana Marković", core::StaffRole::Admin, kHash);
  ASSERT_TRUE(id.ok()) << id.error().message;
  EXPECT_EQ(scalar("SELECT concat_ws('|', username, display_name, role, disabled) FROM staff"),
            "ana.m|Ana Marković|admin|f");

  const auto taken = createStaff(uri(), "ana.m", "Druga", core::StaffRole::Moderator, kHash);
  ASSERT_FALSE(taken.ok());
  EXPECT_EQ(taken.error().code, "username_taken");
  EXPECT_NE(taken.error().message.find("ana.m"), std::string::npos);
  EXPECT_EQ(createStaff(uri(), "a", "A", core::StaffRole::Moderator, kHash).error().code,
            "bad_username");
  EXPECT_EQ(createStaff(uri(), "ана", "A", core::StaffRole::Moderator, kHash).error().code,
            "bad_username");
  EXPECT_EQ(createStaff(uri(), "-ana", "A", core::StaffRole::Moderator, kHash).error().code,
            "bad_username");
  EXPECT_EQ(createStaff(uri(), "marko", "", core::StaffRole::Moderator, kHash).error().code,
            "bad_display_name");
  EXPECT_EQ(createStaff(uri(), "marko", "Marko", core::StaffRole::Moderator, "plain").error().code,
            "bad_password_hash");
  EXPECT_EQ(scalar("SELECT count(*) FROM staff"), "1");

  const auto audit = readAuditAll(uri(), 0);
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].actor, "cli");
  EXPECT_EQ(audit[0].action, "staff_create");
  EXPECT_EQ(audit[0].afterJson.find("argon2"), std::string::npos) << "no hash in the log";
  EXPECT_EQ(scalar("SELECT staff_id IS NULL FROM audit_log"), "t");
}

TEST_F(Admin, DisablingOrANewPasswordRevokesEverySession) {
  migrate(uri(), migrationsDir());
  const auto id = createStaff(uri(), "ana", "Ana", core::StaffRole::Moderator, kHash);
  ASSERT_TRUE(id.ok());
  const auto addSession = [&](char token) {
    exec("INSERT INTO staff_sessions (token_hash, staff_id, expires_at) VALUES (decode('" +
         std::string(64, token) + "', 'hex'), " + std::to_string(*id) +
         ", now() + interval '1 hour')");
  };
  addSession('1');
  addSession('2');

  const auto disabled = setStaffDisabled(uri(), "ANA", true);
  ASSERT_TRUE(disabled.ok());
  EXPECT_EQ(*disabled, 2);
  EXPECT_EQ(scalar("SELECT count(*) FROM staff_sessions WHERE revoked_at IS NULL"), "0");
  EXPECT_EQ(scalar("SELECT disabled FROM staff"), "t");
  const auto enabled = setStaffDisabled(uri(), "ana", false);
  ASSERT_TRUE(enabled.ok());
  EXPECT_EQ(*enabled, 0);
  EXPECT_EQ(scalar("SELECT disabled FROM staff"), "f");

  addSession('3');
  const std::string newHash = std::string(kHash) + "x";
  const auto changed = setStaffPassword(uri(), "ana", newHash);
  ASSERT_TRUE(changed.ok());
  EXPECT_EQ(*changed, 1);
  EXPECT_EQ(scalar("SELECT password_hash FROM staff"), newHash);
  EXPECT_EQ(setStaffPassword(uri(), "ana", "nope").error().code, "bad_password_hash");
  EXPECT_EQ(setStaffPassword(uri(), "nobody", newHash).error().code, "no_such_staff");
  EXPECT_EQ(setStaffDisabled(uri(), "nobody", true).error().code, "no_such_staff");

  const auto staff = listStaff(uri());
  ASSERT_EQ(staff.size(), 1u);
  EXPECT_EQ(staff[0].identity.username, "ana");
  EXPECT_EQ(staff[0].identity.staffId, *id);
  EXPECT_FALSE(staff[0].isDisabled);
  EXPECT_FALSE(staff[0].createdAt.empty());

  const auto audit = readAuditAll(uri(), 0);
  std::vector<std::string> actions;
  for (const auto& entry : audit) {
    actions.push_back(entry.action);
    EXPECT_EQ(entry.afterJson.find("argon2"), std::string::npos);
  }
  EXPECT_EQ(actions, (std::vector<std::string>{"staff_create", "staff_disable", "staff_enable",
                                               "staff_password"}))
      << "oldest first";
  EXPECT_EQ(nlohmann::json::parse(audit[1].afterJson)["revokedSessions"], 2);
  EXPECT_TRUE(readAuditAll(uri(), 42).empty()) << "staff changes belong to no episode";
}

}  // namespace
}  // namespace sporazum::pg::testing

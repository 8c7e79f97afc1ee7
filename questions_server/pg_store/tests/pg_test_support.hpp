#pragma once
// Test support: a fresh database per test on the real server named by the PG* environment
// (pg_virtualenv), and small helpers to build and collect submissions.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <pqxx/pqxx>
#include <string>
#include <thread>
#include <vector>

#include "sporazum/pg/admin.hpp"
#include "sporazum/pg/desk_store.hpp"
#include "sporazum/pg/question_store.hpp"

namespace sporazum::pg::testing {

/// The repository's schema/migrations.
std::filesystem::path migrationsDir();

/// A random lower-case UUID (v4 layout).
std::string randomUuid();
/// A digest whose bytes are all `fill` (readable in failures).
Digest digestOf(std::uint8_t fill);
NewQuestion makeQuestion(std::int64_t episodeId, const Digest& device, std::string text,
                         std::string clientId = randomUuid());

/// Each test gets its own database (UTF-8, C.UTF-8), dropped at the end. Fails, never skips, when
/// the PG* environment does not point at a server.
class PgTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  /// libpq key=value string for the test database; the rest comes from the PG* environment.
  const std::string& uri() const { return uri_; }
  const std::string& databaseName() const { return name_; }
  /// Applies the repository's migrations and creates one open episode; returns its id.
  std::int64_t migrateAndOpenEpisode();
  /// Runs one statement on the test database and returns the first column of the first row.
  std::string scalar(const std::string& sql);
  void exec(const std::string& sql);
  /// Terminates every other backend connected to the test database; returns how many.
  int terminateBackends();

  /// A staff account inserted straight into the table (createStaff() would add audit entries of
  /// its own), with kTestPasswordHash and the display name given (default "Name <username>").
  core::StaffIdentity addStaff(const std::string& username, core::StaffRole role,
                               std::string displayName = {});
  /// Desk store options for this database, with short timeouts for tests.
  DeskStoreOptions deskStoreOptions() const;

 private:
  std::string name_;
  std::string uri_;
};

/// A syntactically valid Argon2id hash (of nothing anyone types) for staff rows made in tests.
inline constexpr const char* kTestPasswordHash =
    "$argon2id$v=19$m=65536,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g";

/// Waits for a condition, polling; true when it held before the timeout.
bool waitUntil(const std::function<bool()>& condition,
               std::chrono::milliseconds timeout = std::chrono::seconds(10));

/// Collects submit callbacks: results by index, and how often each callback ran.
class Results {
 public:
  explicit Results(std::size_t count) : results_(count), calls_(count) {}
  QuestionStore::SubmitCallback callback(std::size_t index);
  /// Waits until every callback ran once.
  bool waitAll(std::chrono::milliseconds timeout);
  const SubmitResult& at(std::size_t index) const { return results_.at(index); }
  int callsAt(std::size_t index) const { return calls_.at(index); }
  std::size_t size() const { return results_.size(); }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<SubmitResult> results_;
  std::vector<int> calls_;
  std::size_t done_ = 0;
};

/// A TCP proxy in front of the test server that can cut a connection right after forwarding a
/// COMMIT, before its reply reaches the client: the commit lands, the client is left in doubt.
class CommitCuttingProxy {
 public:
  CommitCuttingProxy();
  ~CommitCuttingProxy();
  int port() const { return port_; }
  /// The next `count` COMMITs passing through are cut.
  void cutNextCommits(int count) { commitsToCut_ = count; }
  int commitsCut() const { return commitsCut_; }

 private:
  void acceptLoop();
  void pump(int client);

  int listenFd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> commitsToCut_{0};
  std::atomic<int> commitsCut_{0};
  std::mutex mutex_;
  std::vector<std::thread> threads_;
  std::thread acceptThread_;
};

}  // namespace sporazum::pg::testing

#include "sporazum/pg/admin.hpp"

#include <sodium.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <pqxx/pqxx>
#include <sstream>
#include <stdexcept>

#include "session.hpp"
#include "sporazum/core/log.hpp"

namespace sporazum::pg {
namespace {

// "Sporazum" in ASCII: the session advisory lock every migrate() takes, so concurrent servers
// apply each migration exactly once.
constexpr std::int64_t kMigrationLockKey = 0x53706F72617A756D;

constexpr const char* kCreateMigrationsTable = R"SQL(
CREATE TABLE IF NOT EXISTS schema_migrations (
  name text CONSTRAINT schema_migrations_pkey PRIMARY KEY,
  sha256 text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
))SQL";

/// Opens a connection for a one-shot command; unreachable becomes std::runtime_error in words
/// that never contain the connection string.
std::unique_ptr<detail::Session> openSession(const std::string& uri, std::string_view what) {
  try {
    return std::make_unique<detail::Session>(uri, "sporazum_admin");
  } catch (const std::exception& e) {
    throw std::runtime_error(std::string(what) + ": cannot connect to the database (" +
                             detail::describeConnectionFailure(e.what()) + ")");
  }
}

std::string sha256Hex(const std::string& content) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(content.data()),
                     content.size());
  char hex[2 * crypto_hash_sha256_BYTES + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

std::string readFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read migration " + path.filename().string());
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

/// Releases the session advisory lock however migrate() leaves.
class MigrationLock {
 public:
  explicit MigrationLock(pqxx::connection& conn) : conn_(conn) {
    pqxx::nontransaction txn(conn_);
    txn.exec_params("SELECT pg_advisory_lock($1)", kMigrationLockKey);
  }
  ~MigrationLock() {
    try {
      pqxx::nontransaction txn(conn_);
      txn.exec_params("SELECT pg_advisory_unlock($1)", kMigrationLockKey);
    } catch (...) {
      // The connection is gone, and with it the session lock.
    }
  }
  MigrationLock(const MigrationLock&) = delete;
  MigrationLock& operator=(const MigrationLock&) = delete;

 private:
  pqxx::connection& conn_;
};

EpisodeStatus episodeFrom(const pqxx::row& row) {
  return EpisodeStatus{row[0].as<std::int64_t>(), row[1].as<std::string>(), row[2].as<bool>()};
}

}  // namespace

MigrationReport migrate(const std::string& connectionUri,
                        const std::filesystem::path& migrationsDir) {
  std::vector<std::filesystem::path> files;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(migrationsDir, error)) {
    if (entry.is_regular_file() && entry.path().extension() == ".sql")
      files.push_back(entry.path());
  }
  if (error) {
    throw std::runtime_error("cannot read migrations directory " + migrationsDir.string() + ": " +
                             error.message());
  }
  std::sort(files.begin(), files.end(),
            [](const auto& a, const auto& b) { return a.filename() < b.filename(); });

  auto session = openSession(connectionUri, "migrate");
  pqxx::connection& conn = session->conn();
  // The lock comes before CREATE TABLE IF NOT EXISTS: two of those racing can fail.
  MigrationLock lock(conn);
  {
    pqxx::work txn(conn);
    txn.exec(kCreateMigrationsTable);
    txn.commit();
  }
  std::map<std::string, std::string> recorded;
  {
    pqxx::nontransaction txn(conn);
    for (const auto& row : txn.exec("SELECT name, sha256 FROM schema_migrations")) {
      recorded.emplace(row[0].as<std::string>(), row[1].as<std::string>());
    }
  }

  struct Pending {
    std::string name;
    std::string content;
    std::string sha;
  };
  std::vector<Pending> pending;
  MigrationReport report;
  // Check every applied file before applying anything new: history must not have been rewritten.
  for (const auto& path : files) {
    Pending file{path.filename().string(), readFile(path), {}};
    file.sha = sha256Hex(file.content);
    const auto applied = recorded.find(file.name);
    if (applied == recorded.end()) {
      pending.push_back(std::move(file));
    } else if (applied->second != file.sha) {
      throw std::runtime_error("migration " + file.name +
                               " changed since it was applied (recorded sha256 " + applied->second +
                               ", file now " + file.sha +
                               "); add a new migration instead of editing an applied one");
    } else {
      report.alreadyThere.push_back(file.name);
    }
  }
  for (const auto& file : pending) {
    try {
      pqxx::work txn(conn);
      txn.exec(file.content);
      txn.exec_params("INSERT INTO schema_migrations (name, sha256) VALUES ($1, $2)", file.name,
                      file.sha);
      txn.commit();
    } catch (const pqxx::sql_error& e) {
      throw std::runtime_error("migration " + file.name + " failed: " + e.what());
    } catch (const pqxx::broken_connection&) {
      throw std::runtime_error("migration " + file.name + " failed: connection lost");
    }
    log::info("pg.migration_applied", {{"name", file.name}});
    report.applied.push_back(file.name);
  }
  return report;
}

Digest loadOrCreateHashKey(const std::string& connectionUri) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  Digest candidate{};
  randombytes_buf(candidate.data(), candidate.size());
  auto session = openSession(connectionUri, "loadOrCreateHashKey");
  pqxx::work txn(session->conn());
  // Whoever inserts first wins; everyone then reads the same key.
  txn.exec_params(
      "INSERT INTO server_keys (name, key) VALUES ('viewer_hash', decode($1, 'hex')) "
      "ON CONFLICT ON CONSTRAINT server_keys_pkey DO NOTHING",
      detail::toHex(candidate));
  const auto row =
      txn.exec1("SELECT encode(key, 'hex') FROM server_keys WHERE name = 'viewer_hash'");
  txn.commit();
  sodium_memzero(candidate.data(), candidate.size());
  const auto key = detail::digestFromHex(row[0].as<std::string>());
  if (!key) throw std::runtime_error("server_keys.viewer_hash is not 32 bytes");
  return *key;
}

std::int64_t createEpisode(const std::string& connectionUri, const std::string& title) {
  auto session = openSession(connectionUri, "createEpisode");
  pqxx::work txn(session->conn());
  // A new episode ends the earlier ones: close them so retention starts counting.
  txn.exec(
      "UPDATE episodes SET questions_open = false, closed_at = COALESCE(closed_at, now()) "
      "WHERE questions_open OR closed_at IS NULL");
  const auto row = txn.exec_params1("INSERT INTO episodes (title) VALUES ($1) RETURNING id", title);
  txn.commit();
  return row[0].as<std::int64_t>();
}

EpisodeStatus setQuestionsOpen(const std::string& connectionUri, bool open) {
  auto session = openSession(connectionUri, "setQuestionsOpen");
  pqxx::work txn(session->conn());
  // Closing keeps the first closed_at (retention counts from the real close); reopening clears it.
  const auto result = txn.exec_params(
      "UPDATE episodes SET questions_open = $1, "
      "  opened_at = CASE WHEN $1 AND NOT questions_open THEN now() ELSE opened_at END, "
      "  closed_at = CASE WHEN $1 THEN NULL "
      "                   WHEN questions_open OR closed_at IS NULL THEN now() "
      "                   ELSE closed_at END "
      "WHERE id = (SELECT max(id) FROM episodes) "
      "RETURNING id, title, questions_open",
      open);
  if (result.empty()) throw std::runtime_error("setQuestionsOpen: there is no episode yet");
  txn.commit();
  return episodeFrom(result[0]);
}

EpisodeStatus currentEpisode(const std::string& connectionUri) {
  auto session = openSession(connectionUri, "currentEpisode");
  pqxx::nontransaction txn(session->conn());
  const auto result =
      txn.exec("SELECT id, title, questions_open FROM episodes ORDER BY id DESC LIMIT 1");
  return result.empty() ? EpisodeStatus{} : episodeFrom(result[0]);
}

std::int64_t eraseDevice(const std::string& connectionUri, const Digest& deviceHash) {
  auto session = openSession(connectionUri, "eraseDevice");
  pqxx::work txn(session->conn());
  const std::string hex = detail::toHex(deviceHash);
  // What went on air is part of the programme's record: it keeps its text, loses the person.
  const auto deleted = txn.exec_params(
      "DELETE FROM questions WHERE device_hash = decode($1, 'hex') "
      "AND state NOT IN ('on_air', 'aired')",
      hex);
  const auto anonymised = txn.exec_params(
      "UPDATE questions SET display_name = NULL, municipality = NULL, device_hash = NULL, "
      "address_hash = NULL WHERE device_hash = decode($1, 'hex')",
      hex);
  txn.commit();
  return deleted.affected_rows() + anonymised.affected_rows();
}

std::int64_t purgePersonalDataOlderThan(const std::string& connectionUri, int days) {
  if (days < 0) throw std::invalid_argument("purgePersonalDataOlderThan: days must be >= 0");
  auto session = openSession(connectionUri, "purgePersonalDataOlderThan");
  pqxx::work txn(session->conn());
  const auto result = txn.exec_params(
      "UPDATE questions SET display_name = NULL, municipality = NULL, device_hash = NULL, "
      "address_hash = NULL "
      "WHERE episode_id IN (SELECT id FROM episodes "
      "                     WHERE closed_at < now() - make_interval(days => $1)) "
      "AND (display_name IS NOT NULL OR municipality IS NOT NULL OR device_hash IS NOT NULL "
      "     OR address_hash IS NOT NULL)",
      days);
  txn.commit();
  return result.affected_rows();
}

}  // namespace sporazum::pg

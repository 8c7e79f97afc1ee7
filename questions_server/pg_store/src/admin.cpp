#include "sporazum/pg/admin.hpp"

#include <sodium.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <sstream>
#include <stdexcept>

#include "desk_queries.hpp"
#include "graphics_queries.hpp"
#include "session.hpp"
#include "sporazum/core/log.hpp"
#include "sporazum/core/text.hpp"
#include "studio_queries.hpp"

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

/// Drops the viewer's name and municipality from the graphics of the given questions (the log
/// allows exactly that change), on air, cued and logged. $1: a subquery's result as bigint[].
void stripGraphicsPersonalData(pqxx::work& txn, const std::string& questionIds,
                               const std::string& parameter) {
  txn.exec_params(
      "UPDATE graphics_commands SET content = content - 'viewerName' - 'municipality' "
      "WHERE question_id = ANY(" +
          questionIds +
          ") "
          "AND (content ? 'viewerName' OR content ? 'municipality')",
      parameter);
  for (const char* column : {"cued", "on_air"}) {
    const std::string c(column);
    txn.exec_params("UPDATE graphics_layers SET " + c + " = " + c +
                        " - 'viewerName' - 'municipality' WHERE layer = 'lower_third' AND (" + c +
                        " ->> 'questionId')::bigint = ANY(" + questionIds + ")",
                    parameter);
  }
}

/// The command line's name in the audit log.
constexpr const char* kCliActor = "cli";

core::Error staffError(const std::string& constraint, const std::string& username) {
  if (constraint == "staff_username_key") {
    return core::makeError("username_taken", "the username " + username + " is taken", "username");
  }
  if (constraint == "staff_username_check") {
    return core::makeError("bad_username",
                           "a username is 2 to 40 characters from a-z, 0-9, '.', '_' and '-', "
                           "starting with a letter or digit",
                           "username");
  }
  if (constraint == "staff_display_name_check") {
    return core::makeError("bad_display_name", "a display name is 1 to 60 characters",
                           "displayName");
  }
  if (constraint == "staff_password_hash_check") {
    return core::makeError("bad_password_hash", "the password hash is not an Argon2id string",
                           "passwordHash");
  }
  return core::makeError("refused", "the database refused the account (" + constraint + ")");
}

bool isStorableText(const std::string& text) {
  return text.find('\0') == std::string::npos && core::isValidUtf8(text);
}

/// Revokes every open session of an account; returns how many.
std::int64_t revokeAllSessions(pqxx::work& txn, std::int64_t staffId) {
  return txn
      .exec_params(
          "UPDATE staff_sessions SET revoked_at = now() WHERE staff_id = $1 AND revoked_at IS NULL",
          staffId)
      .affected_rows();
}

/// Commits at once: the command line has no deadline to keep, and reports a lost COMMIT as such.
template <typename T>
class DirectCommit final : public detail::CommitGate<T> {
 public:
  void commit(pqxx::work& txn, const T& /*answer*/, detail::LandedCheck /*landed*/) override {
    txn.commit();
  }
};

core::StaffIdentity cliIdentity() {
  return core::StaffIdentity{0, kCliActor, "command line", core::StaffRole::Admin};
}

std::int64_t episodeIdOf(detail::Session& session, std::int64_t number) {
  pqxx::nontransaction txn(session.conn());
  return detail::episodeIdByNumber(txn, number);
}

core::Error noSuchEpisode(std::int64_t number) {
  return core::makeError(
      "no_such_episode",
      "there is no episode number " + std::to_string(number) + " ('episode list' shows them)",
      "number");
}

/// Runs one studio change for the command line: refusals by the data become Errors named by
/// their constraint, a lost connection a std::runtime_error.
template <typename Work>
core::Result<core::Episode> runStudio(const std::string& what, const Work& work) {
  try {
    return work();
  } catch (const pqxx::in_doubt_error&) {
    throw std::runtime_error(what +
                             ": the connection was lost while committing; 'episode list' shows "
                             "whether it was done");
  } catch (const pqxx::broken_connection&) {
    throw std::runtime_error(what + ": connection lost");
  } catch (const pqxx::sql_error&) {
    const detail::Failure failure = detail::classifyCurrentException(false);
    if (failure.kind != detail::FailureKind::Data) {
      throw std::runtime_error(what + " failed (sqlstate " + failure.sqlstate + ")");
    }
    if (failure.constraint == "episodes_number_key") {
      return core::makeError("episode_number_taken", "another episode has this number", "number");
    }
    if (failure.constraint == "episodes_one_live_key") {
      return core::makeError("not_allowed", "another episode is live: end it first");
    }
    return core::makeError("bad_field",
                           "the database refused the episode (" + failure.constraint + ")");
  }
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
  core::EpisodeDraft draft;
  draft.title = title;
  auto saved = saveEpisode(connectionUri, std::move(draft));
  if (!saved) throw std::runtime_error("createEpisode: " + saved.error().message);
  return saved->id;
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
      "WHERE id = current_episode_id() "
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
      txn.exec("SELECT id, title, questions_open FROM episodes WHERE id = current_episode_id()");
  return result.empty() ? EpisodeStatus{} : episodeFrom(result[0]);
}

core::Result<core::Episode> saveEpisode(const std::string& connectionUri,
                                        core::EpisodeDraft draft) {
  auto session = openSession(connectionUri, "saveEpisode");
  if (draft.number == 0 || draft.airDate.empty()) {
    pqxx::nontransaction txn(session->conn());
    const auto row = txn.exec1(
        "SELECT COALESCE(max(number), 0) + 1, to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD') "
        "FROM episodes");
    if (draft.number == 0) draft.number = row[0].as<std::int64_t>();
    if (draft.airDate.empty()) draft.airDate = row[1].as<std::string>();
  }
  DirectCommit<core::Result<core::Episode>> gate;
  return runStudio("saveEpisode", [&] {
    return detail::saveEpisode(session->conn(), draft, cliIdentity(), gate);
  });
}

core::Result<core::Episode> startEpisode(const std::string& connectionUri, std::int64_t number) {
  auto session = openSession(connectionUri, "startEpisode");
  const std::int64_t id = episodeIdOf(*session, number);
  if (id == 0) return noSuchEpisode(number);
  DirectCommit<core::Result<core::Episode>> gate;
  return runStudio("startEpisode",
                   [&] { return detail::startEpisode(session->conn(), id, cliIdentity(), gate); });
}

core::Result<core::Episode> endEpisode(const std::string& connectionUri, std::int64_t number) {
  auto session = openSession(connectionUri, "endEpisode");
  const std::int64_t id = episodeIdOf(*session, number);
  if (id == 0) return noSuchEpisode(number);
  DirectCommit<core::Result<core::Episode>> gate;
  return runStudio("endEpisode",
                   [&] { return detail::endEpisode(session->conn(), id, cliIdentity(), gate); });
}

std::vector<core::Episode> listEpisodes(const std::string& connectionUri) {
  auto session = openSession(connectionUri, "listEpisodes");
  pqxx::nontransaction txn(session->conn());
  return detail::listEpisodes(txn, 100);
}

std::int64_t eraseDevice(const std::string& connectionUri, const Digest& deviceHash) {
  auto session = openSession(connectionUri, "eraseDevice");
  pqxx::work txn(session->conn());
  const std::string hex = detail::toHex(deviceHash);
  stripGraphicsPersonalData(
      txn, "ARRAY(SELECT id FROM questions WHERE device_hash = decode($1, 'hex'))", hex);
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
  stripGraphicsPersonalData(txn,
                            "ARRAY(SELECT q.id FROM questions q JOIN episodes e ON e.id = "
                            "q.episode_id WHERE e.closed_at < now() - make_interval(days => "
                            "$1::int))",
                            std::to_string(days));
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

core::Result<std::int64_t> createStaff(const std::string& connectionUri,
                                       const std::string& username, const std::string& displayName,
                                       core::StaffRole role, const std::string& passwordHash) {
  const std::string name = detail::lowerAscii(username);
  if (!isStorableText(name)) return staffError("staff_username_check", name);
  if (!isStorableText(displayName)) return staffError("staff_display_name_check", name);
  if (!isStorableText(passwordHash)) return staffError("staff_password_hash_check", name);
  auto session = openSession(connectionUri, "createStaff");
  try {
    pqxx::work txn(session->conn());
    const auto row = txn.exec_params1(
        "INSERT INTO staff (username, display_name, role, password_hash) VALUES ($1, $2, $3, $4) "
        "RETURNING id",
        name, displayName, std::string(core::toString(role)), passwordHash);
    const auto id = row[0].as<std::int64_t>();
    detail::insertAudit(txn, 0, kCliActor, "staff_create", 0, 0, "null",
                        nlohmann::json{{"staffId", id},
                                       {"username", name},
                                       {"displayName", displayName},
                                       {"role", core::toString(role)}}
                            .dump());
    txn.commit();
    return id;
  } catch (const pqxx::sql_error&) {
    const detail::Failure failure = detail::classifyCurrentException(false);
    if (failure.kind != detail::FailureKind::Data) {
      throw std::runtime_error("createStaff failed (sqlstate " + failure.sqlstate + ")");
    }
    return staffError(failure.constraint, name);
  } catch (const pqxx::broken_connection&) {
    throw std::runtime_error("createStaff failed: connection lost");
  }
}

core::Result<std::int64_t> setStaffDisabled(const std::string& connectionUri,
                                            const std::string& username, bool disabled) {
  const std::string name = detail::lowerAscii(username);
  auto session = openSession(connectionUri, "setStaffDisabled");
  pqxx::work txn(session->conn());
  const auto rows = txn.exec_params(
      "UPDATE staff s SET disabled = $2, updated_at = now() "
      "  FROM staff old WHERE old.id = s.id AND s.username = $1 "
      "RETURNING s.id, old.disabled",
      name, disabled);
  if (rows.empty()) {
    return core::makeError("no_such_staff", "there is no account " + name, "username");
  }
  const auto id = rows[0][0].as<std::int64_t>();
  const std::int64_t revoked = disabled ? revokeAllSessions(txn, id) : 0;
  detail::insertAudit(
      txn, 0, kCliActor, disabled ? "staff_disable" : "staff_enable", 0, 0,
      nlohmann::json{{"staffId", id}, {"username", name}, {"disabled", rows[0][1].as<bool>()}}
          .dump(),
      nlohmann::json{
          {"staffId", id}, {"username", name}, {"disabled", disabled}, {"revokedSessions", revoked}}
          .dump());
  txn.commit();
  return revoked;
}

core::Result<std::int64_t> setStaffPassword(const std::string& connectionUri,
                                            const std::string& username,
                                            const std::string& passwordHash) {
  const std::string name = detail::lowerAscii(username);
  if (!isStorableText(passwordHash)) return staffError("staff_password_hash_check", name);
  auto session = openSession(connectionUri, "setStaffPassword");
  try {
    pqxx::work txn(session->conn());
    const auto rows = txn.exec_params(
        "UPDATE staff SET password_hash = $2, updated_at = now() WHERE username = $1 RETURNING id",
        name, passwordHash);
    if (rows.empty()) {
      return core::makeError("no_such_staff", "there is no account " + name, "username");
    }
    const auto id = rows[0][0].as<std::int64_t>();
    const std::int64_t revoked = revokeAllSessions(txn, id);
    // The hash itself is never logged or audited.
    detail::insertAudit(
        txn, 0, kCliActor, "staff_password", 0, 0, "null",
        nlohmann::json{{"staffId", id}, {"username", name}, {"revokedSessions", revoked}}.dump());
    txn.commit();
    return revoked;
  } catch (const pqxx::sql_error&) {
    const detail::Failure failure = detail::classifyCurrentException(false);
    if (failure.kind != detail::FailureKind::Data) {
      throw std::runtime_error("setStaffPassword failed (sqlstate " + failure.sqlstate + ")");
    }
    return staffError(failure.constraint, name);
  }
}

core::Result<std::string> createEngineSession(const std::string& connectionUri,
                                              const std::string& username,
                                              const Digest& tokenDigest, std::int64_t ttlSeconds) {
  const std::string name = detail::lowerAscii(username);
  auto session = openSession(connectionUri, "createEngineSession");
  pqxx::work txn(session->conn());
  const auto account =
      txn.exec_params("SELECT id, role, disabled FROM staff WHERE username = $1 FOR UPDATE", name);
  if (account.empty()) {
    return core::makeError("no_such_staff", "there is no account " + name, "username");
  }
  const auto id = account[0][0].as<std::int64_t>();
  if (account[0][1].as<std::string>() != "engine") {
    return core::makeError("not_an_engine",
                           "the account " + name + " is not an engine's (role engine)", "username");
  }
  if (account[0][2].as<bool>()) {
    return core::makeError("account_disabled", "the account " + name + " is disabled", "username");
  }
  const auto expires = txn.exec_params1(
      "INSERT INTO staff_sessions (token_hash, staff_id, expires_at) "
      "VALUES (decode($1, 'hex'), $2, now() + make_interval(secs => $3::double precision)) "
      "RETURNING to_char(expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')",
      detail::toHex(tokenDigest), id, ttlSeconds);
  // The token itself is never logged or audited.
  detail::insertAudit(
      txn, 0, kCliActor, "engine_token", 0, 0, "null",
      nlohmann::json{
          {"staffId", id}, {"username", name}, {"expiresAt", expires[0].as<std::string>()}}
          .dump());
  txn.commit();
  return expires[0].as<std::string>();
}

std::vector<StaffRecord> listStaff(const std::string& connectionUri) {
  auto session = openSession(connectionUri, "listStaff");
  pqxx::nontransaction txn(session->conn());
  std::vector<StaffRecord> records;
  for (const auto& r :
       txn.exec("SELECT id, username, display_name, role, disabled, "
                "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') "
                "FROM staff ORDER BY username")) {
    StaffRecord record;
    record.identity.staffId = r[0].as<std::int64_t>();
    record.identity.username = r[1].as<std::string>();
    record.identity.displayName = r[2].as<std::string>();
    record.identity.role =
        core::parseStaffRole(r[3].as<std::string>()).value_or(core::StaffRole::Moderator);
    record.isDisabled = r[4].as<bool>();
    record.createdAt = r[5].as<std::string>();
    records.push_back(std::move(record));
  }
  return records;
}

std::vector<core::AuditEntry> readAuditAll(const std::string& connectionUri,
                                           std::int64_t episodeId) {
  auto session = openSession(connectionUri, "readAuditAll");
  pqxx::nontransaction txn(session->conn());
  core::AuditQuery query;
  query.episodeId = episodeId;
  return detail::readAudit(txn, query, true);
}

core::Result<core::GraphicsCommand> applyGraphicsCommand(const std::string& connectionUri,
                                                         const core::GraphicsCommand& command) {
  auto session = openSession(connectionUri, "graphics");
  const core::StaffIdentity cli{0, kCliActor, "command line", core::StaffRole::Admin};
  DirectCommit<core::Result<core::GraphicsCommand>> gate;
  try {
    return detail::applyGraphicsCommand(session->conn(), command, cli, gate);
  } catch (const pqxx::in_doubt_error&) {
    throw std::runtime_error(
        "graphics: the connection was lost while committing; 'graphics state' shows whether the "
        "command was applied");
  } catch (const pqxx::broken_connection&) {
    throw std::runtime_error("graphics: connection lost");
  } catch (const pqxx::sql_error&) {
    const detail::Failure failure = detail::classifyCurrentException(false);
    if (failure.kind != detail::FailureKind::Data) {
      throw std::runtime_error("graphics failed (sqlstate " + failure.sqlstate + ")");
    }
    return core::makeError("invalid_graphic",
                           "the database refused the graphic (" + failure.constraint + ")");
  }
}

core::ProgrammeState readProgramme(const std::string& connectionUri) {
  auto session = openSession(connectionUri, "readProgramme");
  pqxx::nontransaction txn(session->conn());
  return detail::readProgramme(txn);
}

std::vector<core::AsRunRecord> listAsRun(const std::string& connectionUri, std::int64_t episodeId) {
  auto session = openSession(connectionUri, "listAsRun");
  pqxx::nontransaction txn(session->conn());
  return detail::listAsRun(txn, episodeId);
}

}  // namespace sporazum::pg

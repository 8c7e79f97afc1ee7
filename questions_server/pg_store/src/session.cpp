#include "session.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>

#include "sporazum/core/log.hpp"

namespace sporazum::pg::detail {
namespace {

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

std::string_view firstLine(std::string_view text) {
  const auto end = text.find('\n');
  return end == std::string_view::npos ? text : text.substr(0, end);
}

// The primary message names the constraint ("violates check constraint \"x\""); the DETAIL line,
// which may quote the row, is never looked at.
std::string constraintIn(std::string_view message) {
  const std::string_view line = firstLine(message);
  constexpr std::string_view kMarker = "constraint \"";
  const auto start = line.find(kMarker);
  if (start == std::string_view::npos) return {};
  const auto nameStart = start + kMarker.size();
  const auto nameEnd = line.find('"', nameStart);
  if (nameEnd == std::string_view::npos) return {};
  return std::string(line.substr(nameStart, nameEnd - nameStart));
}

bool isTransientSqlstate(std::string_view state) {
  if (state.size() != 5) return true;  // not from the server: treat like a connection problem
  const std::string_view cls = state.substr(0, 2);
  // 08 connection, 40 rollback (serialization, deadlock), 53 resources, 57 operator intervention
  // (shutdown, terminated, statement timeout), 58 system error, 55P03 lock not available.
  return cls == "08" || cls == "40" || cls == "53" || cls == "57" || cls == "58" ||
         state == "55P03" || state == "25P03";
}

}  // namespace

Failure classifyCurrentException(bool committing) {
  try {
    throw;
  } catch (const pqxx::in_doubt_error&) {
    return {FailureKind::InDoubt, {}, {}};
  } catch (const pqxx::broken_connection&) {
    return {committing ? FailureKind::InDoubt : FailureKind::Connection, {}, {}};
  } catch (const pqxx::sql_error& e) {
    Failure failure{FailureKind::Data, e.sqlstate(), constraintIn(e.what())};
    if (isTransientSqlstate(failure.sqlstate)) failure.kind = FailureKind::Transient;
    return failure;
  } catch (const pqxx::transaction_rollback&) {
    // Serialization failure, deadlock, or statement completion unknown: the transaction is gone.
    return {FailureKind::Transient, {}, {}};
  } catch (...) {
    // Anything else from libpqxx here means the connection is in a state we do not trust.
    return {committing ? FailureKind::InDoubt : FailureKind::Connection, {}, {}};
  }
}

std::string describeConnectionFailure(std::string_view message) {
  struct Rule {
    std::string_view needle;
    std::string_view words;
  };
  static constexpr std::array kRules{
      Rule{"Connection refused", "connection refused"},
      Rule{"No such file or directory", "connection refused (no server socket)"},
      Rule{"timeout expired", "connection timed out"},
      Rule{"Connection timed out", "connection timed out"},
      Rule{"could not translate host name", "unknown database host"},
      Rule{"Name or service not known", "unknown database host"},
      Rule{"Network is unreachable", "network unreachable"},
      Rule{"No route to host", "network unreachable"},
      Rule{"password authentication failed", "authentication failed"},
      Rule{"no password supplied", "authentication failed"},
      Rule{"authentication failed", "authentication failed"},
      Rule{"no pg_hba.conf entry", "connection not permitted by the server"},
      Rule{"does not exist", "database or role does not exist"},
      Rule{"starting up", "database starting up"},
      Rule{"shutting down", "database shutting down"},
      Rule{"in recovery mode", "database in recovery"},
      Rule{"too many clients", "too many connections"},
      Rule{"remaining connection slots", "too many connections"},
      Rule{"terminating connection", "connection lost"},
      Rule{"server closed the connection", "connection lost"},
      Rule{"Lost connection", "connection lost"},
      Rule{"Connection to database failed", "cannot connect to the database"},
      Rule{"SSL", "TLS error"},
      Rule{"invalid", "invalid connection settings"},
  };
  for (const auto& rule : kRules) {
    if (contains(message, rule.needle)) return std::string(rule.words);
  }
  return "cannot connect to the database";
}

class Session::NoticeSink final : public pqxx::errorhandler {
 public:
  explicit NoticeSink(pqxx::connection_base& conn) : pqxx::errorhandler(conn) {}
  bool operator()(const char message[]) noexcept override {
    // Notices are server chatter ("relation exists, skipping") and libpqxx's own warnings; they
    // never carry row data, but keep them at debug level and to their first line.
    try {
      log::debug("pg.notice", {{"message", firstLine(message)}});
    } catch (...) {
    }
    return false;
  }
};

Session::Session(const std::string& connectionUri, std::string_view applicationName)
    : conn_(std::make_unique<pqxx::connection>(withConnectTimeout(connectionUri, 5))) {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
  // libpqxx 6 reconnects a broken connection behind our back; the store must know (to re-check an
  // in-doubt commit, count reconnects), so reconnecting is its job alone.
  conn_->inhibit_reactivation(true);
#pragma GCC diagnostic pop
  sink_ = std::make_unique<NoticeSink>(*conn_);
  pqxx::nontransaction txn(*conn_);
  txn.exec("SET application_name = " + txn.quote(std::string(applicationName)));
}

Session::~Session() {
  sink_.reset();
  conn_.reset();
}

std::string withConnectTimeout(const std::string& uri, int seconds) {
  if (std::getenv("PGCONNECT_TIMEOUT") != nullptr || contains(uri, "connect_timeout")) return uri;
  const std::string setting = "connect_timeout=" + std::to_string(seconds);
  if (uri.rfind("postgresql://", 0) == 0 || uri.rfind("postgres://", 0) == 0) {
    return uri + (contains(uri, "?") ? "&" : "?") + setting;
  }
  return uri.empty() ? setting : uri + " " + setting;
}

std::string lowerAscii(std::string text) {
  for (char& c : text)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::string toHex(const Digest& digest) {
  std::array<char, 2 * 32 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  return std::string(hex.data(), 2 * digest.size());
}

std::optional<Digest> digestFromHex(std::string_view hex) {
  if (hex.size() != 64) return std::nullopt;
  Digest digest{};
  std::size_t length = 0;
  if (sodium_hex2bin(digest.data(), digest.size(), hex.data(), hex.size(), nullptr, &length,
                     nullptr) != 0 ||
      length != digest.size()) {
    return std::nullopt;
  }
  return digest;
}

}  // namespace sporazum::pg::detail

#pragma once
// Internal to pg_store: opening connections and translating libpqxx errors, in one place.

#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <string_view>

#include "sporazum/pg/question_store.hpp"

namespace sporazum::pg::detail {

/// What the store should do after a failed database call.
enum class FailureKind {
  Connection,  ///< connection lost or unusable: reconnect and retry
  Transient,   ///< the server refused for now (shutdown, deadlock, resources): retry
  InDoubt,     ///< the connection died during COMMIT: the outcome is unknown
  Data         ///< the statement itself is wrong for this data: retrying will not help
};

/// A classified failure, with only what is safe to log (never message text: it may quote rows).
struct Failure {
  FailureKind kind = FailureKind::Connection;
  std::string sqlstate;    ///< empty when not from the server
  std::string constraint;  ///< constraint named in the primary message, if any
};

/// Classifies the exception currently being handled. Call only inside a catch block.
Failure classifyCurrentException(bool committing);

/// Words fit for /healthz for a connection failure: never the URI, host names or passwords.
std::string describeConnectionFailure(std::string_view libpqMessage);

/// A connection owned by one thread, with libpqxx's silent reactivation switched off (reconnects
/// are explicit and counted) and its notices routed to the debug log.
class Session {
 public:
  /// Connects; throws pqxx::broken_connection (or another pqxx::failure) when it cannot.
  Session(const std::string& connectionUri, std::string_view applicationName);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  pqxx::connection& conn() { return *conn_; }

 private:
  class NoticeSink;
  std::unique_ptr<pqxx::connection> conn_;
  std::unique_ptr<NoticeSink> sink_;
};

/// LISTEN on one channel of a connection, handing each payload to a function (run inside the
/// owner thread's get_notifs / await_notification).
class NotificationReceiver final : public pqxx::notification_receiver {
 public:
  NotificationReceiver(pqxx::connection_base& conn, const std::string& channel,
                       std::function<void(const std::string&)> handle)
      : pqxx::notification_receiver(conn, channel), handle_(std::move(handle)) {}
  void operator()(const std::string& payload, int) override { handle_(payload); }

 private:
  std::function<void(const std::string&)> handle_;
};

/// Adds connect_timeout to a libpq URI or key=value string unless it, or PGCONNECT_TIMEOUT, is set,
/// so a black-holed host cannot hold a thread (or the destructor) for minutes.
std::string withConnectTimeout(const std::string& connectionUri, int seconds);

/// ASCII lower case (client ids, usernames).
std::string lowerAscii(std::string text);

std::string toHex(const Digest& digest);
/// Parses 64 hex digits; nullopt otherwise.
std::optional<Digest> digestFromHex(std::string_view hex);

}  // namespace sporazum::pg::detail

#include "pg_test_support.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>

// libpqxx 6.4 leaks a PGresult when a connection breaks mid-statement: it asks the dead connection
// for its client encoding ("Could not obtain client encoding: not connected") before the result
// object owns the PGresult. A few hundred bytes per lost connection, in the library; the tests
// that kill connections on purpose would otherwise fail under LeakSanitizer.
extern "C" const char* __lsan_default_suppressions() {
  return "leak:PQmakeEmptyPGresult\n";
}

namespace sporazum::pg::testing {
namespace {

std::mt19937_64& rng() {
  // Names and ids must differ between concurrent test processes, so this one is not seeded fixed.
  thread_local std::mt19937_64 engine{std::random_device{}()};
  return engine;
}

std::string hex(std::uint64_t value, int digits) {
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(value));
  return std::string(buffer + 16 - digits);
}

int connectToServer() {
  const char* host = std::getenv("PGHOST");
  const char* port = std::getenv("PGPORT");
  if (host != nullptr && host[0] == '/') {
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::snprintf(address.sun_path, sizeof address.sun_path, "%s/.s.PGSQL.%s", host, port);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
      ::close(fd);
      return -1;
    }
    return fd;
  }
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (::getaddrinfo(host, port, &hints, &found) != 0) return -1;
  int fd = -1;
  for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
    fd = ::socket(a->ai_family, a->ai_socktype, a->ai_protocol);
    if (fd >= 0 && ::connect(fd, a->ai_addr, a->ai_addrlen) == 0) break;
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
  ::freeaddrinfo(found);
  return fd;
}

bool sendAll(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t sent = ::send(fd, data, size, MSG_NOSIGNAL);
    if (sent <= 0) return false;
    data += sent;
    size -= static_cast<std::size_t>(sent);
  }
  return true;
}

}  // namespace

std::filesystem::path migrationsDir() {
  return std::filesystem::path(SPORAZUM_SOURCE_ROOT) / "schema" / "migrations";
}

std::string randomUuid() {
  const std::uint64_t high = rng()();
  const std::uint64_t low = rng()();
  std::string text = hex(high, 16) + hex(low, 16);
  text[12] = '4';
  text[16] = "89ab"[low >> 62];
  return text.substr(0, 8) + "-" + text.substr(8, 4) + "-" + text.substr(12, 4) + "-" +
         text.substr(16, 4) + "-" + text.substr(20, 12);
}

Digest digestOf(std::uint8_t fill) {
  Digest digest;
  digest.fill(fill);
  return digest;
}

NewQuestion makeQuestion(std::int64_t episodeId, const Digest& device, std::string text,
                         std::string clientId) {
  NewQuestion q;
  q.clientId = std::move(clientId);
  q.episodeId = episodeId;
  q.deviceHash = device;
  q.addressHash = digestOf(0xad);
  q.text = std::move(text);
  q.interfaceLanguage = "sr-Latn";
  return q;
}

void PgTest::SetUp() {
  if (std::getenv("PGHOST") == nullptr || std::getenv("PGPORT") == nullptr) {
    FAIL() << "PGHOST/PGPORT are not set: these tests need a real PostgreSQL. Run them as\n"
              "  pg_virtualenv -v 15 ./build/pg/questions_server/pg_store/pg_store_test";
  }
  name_ = "sporazum_test_" + hex(rng()(), 16);
  uri_ = "dbname=" + name_;
  pqxx::connection admin("dbname=postgres");
  pqxx::nontransaction txn(admin);
  txn.exec("CREATE DATABASE " + txn.quote_name(name_) +
           " TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'");
}

void PgTest::TearDown() {
  if (name_.empty()) return;
  try {
    pqxx::connection admin("dbname=postgres");
    pqxx::nontransaction txn(admin);
    txn.exec("DROP DATABASE IF EXISTS " + txn.quote_name(name_) + " WITH (FORCE)");
  } catch (const std::exception& e) {
    ADD_FAILURE() << "could not drop " << name_ << ": " << e.what();
  }
}

core::StaffIdentity PgTest::addStaff(const std::string& username, core::StaffRole role,
                                     std::string displayName) {
  if (displayName.empty()) displayName = "Name " + username;
  const std::string roleName(core::toString(role));
  const auto id = std::stoll(scalar(
      "INSERT INTO staff (username, display_name, role, password_hash) VALUES ('" + username +
      "', '" + displayName + "', '" + roleName + "', '" + kTestPasswordHash + "') RETURNING id"));
  return core::StaffIdentity{id, username, displayName, role};
}

DeskStoreOptions PgTest::deskStoreOptions() const {
  DeskStoreOptions options;
  options.connectionUri = uri();
  options.unavailableAfter = std::chrono::seconds(10);
  options.pollInterval = std::chrono::milliseconds(200);
  return options;
}

std::int64_t PgTest::migrateAndOpenEpisode() {
  migrate(uri_, migrationsDir());
  const std::int64_t id = createEpisode(uri_, "Sporazum test");
  setQuestionsOpen(uri_, true);
  return id;
}

std::string PgTest::scalar(const std::string& sql) {
  pqxx::connection conn(uri_);
  pqxx::nontransaction txn(conn);
  const auto result = txn.exec(sql);
  if (result.empty() || result[0][0].is_null()) return {};
  return result[0][0].as<std::string>();
}

void PgTest::exec(const std::string& sql) {
  pqxx::connection conn(uri_);
  pqxx::work txn(conn);
  txn.exec(sql);
  txn.commit();
}

int PgTest::terminateBackends() {
  pqxx::connection conn("dbname=postgres");
  pqxx::nontransaction txn(conn);
  const auto result = txn.exec_params(
      "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity "
      "WHERE datname = $1 AND pid <> pg_backend_pid()",
      name_);
  return result[0][0].as<int>();
}

bool waitUntil(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

QuestionStore::SubmitCallback Results::callback(std::size_t index) {
  return [this, index](SubmitResult result) {
    {
      std::lock_guard lock(mutex_);
      results_.at(index) = std::move(result);
      if (calls_.at(index)++ == 0) ++done_;
    }
    cv_.notify_all();
  };
}

bool Results::waitAll(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return cv_.wait_for(lock, timeout, [this] { return done_ == results_.size(); });
}

CommitCuttingProxy::CommitCuttingProxy() {
  listenFd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  if (::bind(listenFd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(listenFd_, 64) != 0) {
    throw std::runtime_error("proxy: cannot listen");
  }
  socklen_t length = sizeof address;
  ::getsockname(listenFd_, reinterpret_cast<sockaddr*>(&address), &length);
  port_ = ntohs(address.sin_port);
  acceptThread_ = std::thread([this] { acceptLoop(); });
}

CommitCuttingProxy::~CommitCuttingProxy() {
  stopping_ = true;
  ::shutdown(listenFd_, SHUT_RDWR);
  acceptThread_.join();
  ::close(listenFd_);
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(mutex_);
    threads.swap(threads_);
  }
  for (auto& thread : threads)
    thread.join();
}

void CommitCuttingProxy::acceptLoop() {
  while (!stopping_) {
    pollfd waiting{listenFd_, POLLIN, 0};
    if (::poll(&waiting, 1, 50) <= 0) continue;
    const int client = ::accept(listenFd_, nullptr, nullptr);
    if (client < 0) continue;
    std::lock_guard lock(mutex_);
    threads_.emplace_back([this, client] { pump(client); });
  }
}

void CommitCuttingProxy::pump(int client) {
  const int server = connectToServer();
  if (server < 0) {
    ::close(client);
    return;
  }
  static constexpr char kCommit[] = "COMMIT";  // libpqxx sends it as a simple 'Q' query
  std::vector<char> buffer(64 * 1024);
  pollfd fds[2] = {{client, POLLIN, 0}, {server, POLLIN, 0}};
  bool open = true;
  while (open && !stopping_) {
    if (::poll(fds, 2, 50) <= 0) continue;
    for (int side = 0; side < 2 && open; ++side) {
      if ((fds[side].revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
      const ssize_t got = ::recv(fds[side].fd, buffer.data(), buffer.size(), 0);
      if (got <= 0) {
        open = false;
        break;
      }
      const int to = side == 0 ? server : client;
      if (!sendAll(to, buffer.data(), static_cast<std::size_t>(got))) {
        open = false;
        break;
      }
      if (side == 0 && commitsToCut_ > 0 &&
          std::search(buffer.begin(), buffer.begin() + got, kCommit, kCommit + sizeof kCommit) !=
              buffer.begin() + got) {
        --commitsToCut_;
        ++commitsCut_;
        // Let the server commit, then drop both ends before its reply is relayed.
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        open = false;
      }
    }
  }
  ::shutdown(client, SHUT_RDWR);
  ::shutdown(server, SHUT_RDWR);
  ::close(client);
  ::close(server);
}

}  // namespace sporazum::pg::testing

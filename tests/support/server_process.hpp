#pragma once
// Starts the real questions server binary for end-to-end and fault tests, on a free port, and
// stops it (SIGTERM, or SIGKILL to simulate a crash).

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace sporazum::testing {

/// The server binary built beside the tests (set by CMake).
std::filesystem::path serverBinary();

/// Runs `argv` (the program first) to completion with `input` on its stdin; returns its exit
/// code, its stdout and stderr in the strings given.
int runProgram(const std::vector<std::string>& argv, std::string* standardOutput,
               std::string* standardError, const std::string& input = "");

/// Runs the server binary with `arguments` to completion, `input` on its stdin; returns its exit
/// code, and its stdout and stderr in `output`.
int runServerCommand(const std::vector<std::string>& arguments, std::string* output = nullptr,
                     const std::string& input = "");

class ServerProcess {
 public:
  /// Starts `serve --listen 127.0.0.1 --port 0 --port-file ...` plus `extraArguments`, and waits
  /// until it listens. Throws std::runtime_error with the server's log tail if it does not.
  explicit ServerProcess(std::vector<std::string> extraArguments, int startTimeoutSeconds = 60);
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  std::uint16_t port() const { return port_; }
  std::string wsUrl() const;
  pid_t pid() const { return pid_; }
  /// SIGTERM and wait; returns the exit status.
  int stop();
  /// SIGKILL and wait: a crash.
  void kill();
  /// The server's stderr so far.
  std::string log() const;

 private:
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
  std::filesystem::path workDir_;
};

/// Runs psql with the PG* environment against `database`; returns trimmed stdout of `-Atc sql`.
std::string psql(const std::string& database, const std::string& sql);

/// A fresh UTF-8 database in the PG* cluster, dropped on destruction.
class ScratchDatabase {
 public:
  ScratchDatabase();
  ~ScratchDatabase();
  ScratchDatabase(const ScratchDatabase&) = delete;
  ScratchDatabase& operator=(const ScratchDatabase&) = delete;
  const std::string& name() const { return name_; }
  /// libpq key=value string naming this database (the rest comes from PG*).
  std::string connectionString() const { return "dbname=" + name_; }

 private:
  std::string name_;
};

}  // namespace sporazum::testing

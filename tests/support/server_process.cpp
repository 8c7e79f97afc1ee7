#include "server_process.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace sporazum::testing {
namespace {

namespace fs = std::filesystem;

std::string readAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string randomSuffix() {
  std::random_device device;
  std::uniform_int_distribution<std::uint64_t> distribution;
  std::stringstream out;
  out << std::hex << distribution(device);
  return out.str();
}

void requirePostgresEnvironment() {
  if (std::getenv("PGHOST") == nullptr && std::getenv("PGPORT") == nullptr) {
    throw std::runtime_error(
        "no PostgreSQL: these tests need the PG* environment; run them with ops/test.sh "
        "(pg_virtualenv)");
  }
}

// Runs argv with stdout to `outputFile` and stderr to `errorFile`; returns the child's pid.
pid_t spawn(const std::vector<std::string>& argv, const fs::path& outputFile,
            const fs::path& errorFile, const fs::path& inputFile = "/dev/null") {
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    FILE* in = std::freopen(inputFile.c_str(), "r", stdin);
    (void)in;
    FILE* out = std::freopen(outputFile.c_str(), "w", stdout);
    FILE* err = std::freopen(errorFile.c_str(), "a", stderr);
    (void)out;
    (void)err;
    std::vector<char*> raw;
    for (const auto& arg : argv)
      raw.push_back(const_cast<char*>(arg.c_str()));
    raw.push_back(nullptr);
    execv(raw[0], raw.data());
    _exit(127);
  }
  return pid;
}

int waitFor(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

fs::path serverBinary() {
  return SPORAZUM_SERVER_BINARY;
}

int runProgram(const std::vector<std::string>& argv, std::string* standardOutput,
               std::string* standardError, const std::string& input) {
  const fs::path dir = fs::temp_directory_path() / ("sporazum-cmd-" + randomSuffix());
  fs::create_directories(dir);
  std::ofstream(dir / "in") << input;
  const int status = waitFor(spawn(argv, dir / "out", dir / "err", dir / "in"));
  if (standardOutput != nullptr) *standardOutput = readAll(dir / "out");
  if (standardError != nullptr) *standardError = readAll(dir / "err");
  fs::remove_all(dir);
  return status;
}

int runServerCommand(const std::vector<std::string>& arguments, std::string* output,
                     const std::string& input) {
  std::vector<std::string> argv{serverBinary().string()};
  argv.insert(argv.end(), arguments.begin(), arguments.end());
  std::string standardOutput;
  std::string standardError;
  const int status = runProgram(argv, &standardOutput, &standardError, input);
  if (output != nullptr) *output = standardOutput + standardError;
  return status;
}

ServerProcess::ServerProcess(std::vector<std::string> extraArguments, int startTimeoutSeconds)
    : workDir_(fs::temp_directory_path() / ("sporazum-server-" + randomSuffix())) {
  fs::create_directories(workDir_);
  std::vector<std::string> argv{
      serverBinary().string(),     "serve", "--listen", "127.0.0.1", "--port", "0", "--port-file",
      (workDir_ / "port").string()};
  argv.insert(argv.end(), extraArguments.begin(), extraArguments.end());
  pid_ = spawn(argv, workDir_ / "stdout", workDir_ / "stderr");
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(startTimeoutSeconds);
  while (std::chrono::steady_clock::now() < deadline) {
    if (fs::exists(workDir_ / "port")) {
      port_ = static_cast<std::uint16_t>(std::stoi(readAll(workDir_ / "port")));
      return;
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("server exited at start:\n" + log());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  kill();
  throw std::runtime_error("server did not start in time:\n" + log());
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) kill();
  std::error_code ignored;
  fs::remove_all(workDir_, ignored);
}

std::string ServerProcess::wsUrl() const {
  return "ws://127.0.0.1:" + std::to_string(port_) + "/ws/viewer";
}

int ServerProcess::stop() {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  const int status = waitFor(pid_);
  pid_ = -1;
  return status;
}

void ServerProcess::kill() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  waitFor(pid_);
  pid_ = -1;
}

std::string ServerProcess::log() const {
  return readAll(workDir_ / "stderr");
}

std::string psql(const std::string& database, const std::string& sql) {
  requirePostgresEnvironment();
  const fs::path dir = fs::temp_directory_path() / ("sporazum-psql-" + randomSuffix());
  fs::create_directories(dir);
  std::ofstream(dir / "query.sql") << sql;
  const std::vector<std::string> argv{"/usr/bin/psql",   "-X",  "-v",
                                      "ON_ERROR_STOP=1", "-At", "-d",
                                      database,          "-f",  (dir / "query.sql").string()};
  const int status = waitFor(spawn(argv, dir / "out", dir / "err"));
  std::string out = readAll(dir / "out");
  const std::string err = readAll(dir / "err");
  fs::remove_all(dir);
  if (status != 0) throw std::runtime_error("psql failed: " + err);
  while (!out.empty() && (out.back() == '\n' || out.back() == ' '))
    out.pop_back();
  return out;
}

ScratchDatabase::ScratchDatabase() : name_("sporazum_test_" + randomSuffix()) {
  psql("postgres",
       "CREATE DATABASE " + name_ +
           " TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'");
}

ScratchDatabase::~ScratchDatabase() {
  try {
    psql("postgres", "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
  } catch (...) {
    // A failed clean-up must not hide the test's own result.
  }
}

}  // namespace sporazum::testing

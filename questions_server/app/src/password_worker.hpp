#pragma once
// Checks staff passwords on its own thread: Argon2id takes ~0.1 s and 64 MiB on purpose, which
// the I/O thread must never spend.

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "sporazum/desk/ports.hpp"

namespace sporazum::app {

class PasswordWorker : public desk::PasswordChecker {
 public:
  /// At most `maxWaiting` checks wait at once; more are refused (the desk answers busy).
  explicit PasswordWorker(std::size_t maxWaiting = 16);
  /// Finishes the check in progress; waiting checks are answered false.
  ~PasswordWorker() override;

  bool check(std::string storedHash, std::string password, std::function<void(bool)> done) override;

 private:
  struct Job {
    std::string storedHash;
    std::string password;
    std::function<void(bool)> done;
  };
  void run();

  std::size_t maxWaiting_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> jobs_;
  bool isStopping_ = false;
  std::thread thread_;
};

}  // namespace sporazum::app

#include "password_worker.hpp"

#include "sporazum/core/log.hpp"
#include "sporazum/core/password.hpp"

namespace sporazum::app {

PasswordWorker::PasswordWorker(std::size_t maxWaiting)
    : maxWaiting_(maxWaiting), thread_([this] { run(); }) {}

PasswordWorker::~PasswordWorker() {
  {
    std::lock_guard lock(mutex_);
    isStopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
  for (auto& job : jobs_)
    job.done(false);
}

bool PasswordWorker::check(std::string storedHash, std::string password,
                           std::function<void(bool)> done) {
  {
    std::lock_guard lock(mutex_);
    if (isStopping_ || jobs_.size() >= maxWaiting_) return false;
    jobs_.push_back({std::move(storedHash), std::move(password), std::move(done)});
  }
  wake_.notify_one();
  return true;
}

void PasswordWorker::run() {
  while (true) {
    Job job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return isStopping_ || !jobs_.empty(); });
      if (isStopping_) return;
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    bool matches = false;
    try {
      matches = core::verifyPassword(job.storedHash, job.password);
    } catch (const std::exception& e) {
      log::error("password_check_failed", {{"detail", e.what()}});
    }
    core::wipeSecret(job.password);
    job.done(matches);
  }
}

}  // namespace sporazum::app

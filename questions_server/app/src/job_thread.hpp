#pragma once
// One thread that runs jobs in order, for work the I/O thread must never wait on (the archive's
// queries and file reads). Bounded: a full queue refuses, so a crowd gets "try again" instead of
// a growing backlog.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace sporazum::app {

class JobThread {
 public:
  explicit JobThread(std::size_t maxWaiting)
      : maxWaiting_(maxWaiting), thread_([this] { run(); }) {}
  /// Finishes the job in progress; jobs still waiting are dropped unrun.
  ~JobThread() {
    {
      std::lock_guard lock(mutex_);
      isStopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
  }
  JobThread(const JobThread&) = delete;
  JobThread& operator=(const JobThread&) = delete;

  /// Thread-safe. False (and the job is not kept) when maxWaiting jobs already wait.
  bool post(std::function<void()> job) {
    {
      std::lock_guard lock(mutex_);
      if (isStopping_ || jobs_.size() >= maxWaiting_) return false;
      jobs_.push_back(std::move(job));
    }
    wake_.notify_one();
    return true;
  }

 private:
  void run() {
    std::unique_lock lock(mutex_);
    while (true) {
      wake_.wait(lock, [this] { return isStopping_ || !jobs_.empty(); });
      if (isStopping_) return;
      auto job = std::move(jobs_.front());
      jobs_.pop_front();
      lock.unlock();
      job();
      lock.lock();
    }
  }

  std::size_t maxWaiting_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> jobs_;
  bool isStopping_ = false;
  std::thread thread_;  // last: it starts running in the constructor
};

}  // namespace sporazum::app

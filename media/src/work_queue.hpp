#pragma once
// The hand-off from the demux/decode thread to the proxy/thumbnail worker: a bounded queue of
// decoded frames, so decoding runs ahead of encoding by at most a few frames.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>

#include "av_support.hpp"

namespace sporazum::media {

struct WorkItem {
  enum class Kind { Video = 1, Audio, End };
  Kind kind = Kind::End;
  av::FramePtr frame;  ///< timestamps already relative to the programme start
};

/// One producer, one consumer. close() wakes both sides for good (an error or a cancel).
class WorkQueue {
 public:
  explicit WorkQueue(std::size_t capacity) : capacity_(capacity) {}

  /// Blocks while full; false once closed.
  bool push(WorkItem item) {
    std::unique_lock lock(mutex_);
    notFull_.wait(lock, [&] { return closed_ || items_.size() < capacity_; });
    if (closed_) return false;
    items_.push_back(std::move(item));
    notEmpty_.notify_one();
    return true;
  }

  /// Blocks while empty; nullopt once closed.
  std::optional<WorkItem> pop() {
    std::unique_lock lock(mutex_);
    notEmpty_.wait(lock, [&] { return closed_ || !items_.empty(); });
    if (closed_) return std::nullopt;
    WorkItem item = std::move(items_.front());
    items_.pop_front();
    notFull_.notify_one();
    return item;
  }

  void close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    items_.clear();
    notFull_.notify_all();
    notEmpty_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable notFull_;
  std::condition_variable notEmpty_;
  std::deque<WorkItem> items_;
  std::size_t capacity_;
  bool closed_ = false;
};

}  // namespace sporazum::media

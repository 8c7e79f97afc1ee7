#pragma once
// The auto-filter as one object that many threads may call at once, with a lexicon an admin can
// replace while questions keep arriving. Pure: no I/O.

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string_view>

#include "sporazum/autofilter/auto_filter.hpp"

namespace sporazum::autofilter {

/// Thread-safe front for AutoFilter. Each calling thread gets its own AutoFilter (ICU objects are
/// not thread-safe), built on first use and again after a reload; the check itself takes no lock.
/// A thread keeps its AutoFilter, and so the lexicon it was built on, until its next call after a
/// reload or until the thread ends.
class SharedFilter {
 public:
  explicit SharedFilter(std::shared_ptr<const Lexicon> lexicon,
                        StopWords stopWords = StopWords::builtIn());
  SharedFilter(const SharedFilter&) = delete;
  SharedFilter& operator=(const SharedFilter&) = delete;

  /// Verdict on `text` with the current lexicon. Any thread.
  Verdict classify(std::string_view text) const;

  /// Replaces the lexicon; calls that start after this returns use it. Any thread.
  void reload(std::shared_ptr<const Lexicon> lexicon);

  /// The current lexicon (for counting terms, say). Any thread.
  std::shared_ptr<const Lexicon> lexicon() const;

  /// Bumped by every reload; starts at 1.
  std::uint64_t generation() const { return generation_.load(std::memory_order_acquire); }

 private:
  const AutoFilter& filterForThisThread() const;

  const std::uint64_t instance_;  // unique per SharedFilter, so a new one at a freed address
                                  // never reuses another's cached filters
  const StopWords stopWords_;
  mutable std::mutex mutex_;  // guards lexicon_; held only to swap or copy the pointer
  std::shared_ptr<const Lexicon> lexicon_;
  std::atomic<std::uint64_t> generation_{1};
};

}  // namespace sporazum::autofilter

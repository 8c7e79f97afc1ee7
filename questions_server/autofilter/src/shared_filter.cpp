#include "sporazum/autofilter/shared_filter.hpp"

#include <algorithm>
#include <utility>
#include <vector>

namespace sporazum::autofilter {
namespace {

std::atomic<std::uint64_t> nextInstance{1};

// A thread rarely serves more than one SharedFilter; a few slots cover tests and tools, and the
// least recently used slot is rebuilt beyond that.
constexpr std::size_t kCachedFiltersPerThread = 4;

struct CachedFilter {
  std::uint64_t instance = 0;
  std::uint64_t generation = 0;
  std::uint64_t lastUse = 0;
  std::unique_ptr<AutoFilter> filter;
};

struct ThreadCache {
  std::vector<CachedFilter> slots;
  std::uint64_t uses = 0;
};

thread_local ThreadCache threadCache;

}  // namespace

SharedFilter::SharedFilter(std::shared_ptr<const Lexicon> lexicon, StopWords stopWords)
    : instance_(nextInstance.fetch_add(1, std::memory_order_relaxed)),
      stopWords_(std::move(stopWords)),
      lexicon_(std::move(lexicon)) {}

Verdict SharedFilter::classify(std::string_view text) const {
  return filterForThisThread().check(text);
}

void SharedFilter::reload(std::shared_ptr<const Lexicon> lexicon) {
  std::lock_guard lock(mutex_);
  lexicon_ = std::move(lexicon);
  generation_.fetch_add(1, std::memory_order_acq_rel);
}

std::shared_ptr<const Lexicon> SharedFilter::lexicon() const {
  std::lock_guard lock(mutex_);
  return lexicon_;
}

const AutoFilter& SharedFilter::filterForThisThread() const {
  ThreadCache& cache = threadCache;
  const std::uint64_t generation = generation_.load(std::memory_order_acquire);
  ++cache.uses;
  auto slot = std::find_if(cache.slots.begin(), cache.slots.end(),
                           [this](const CachedFilter& c) { return c.instance == instance_; });
  if (slot != cache.slots.end() && slot->generation == generation) {
    slot->lastUse = cache.uses;
    return *slot->filter;
  }
  if (slot == cache.slots.end()) {
    if (cache.slots.size() < kCachedFiltersPerThread) {
      slot = cache.slots.emplace(cache.slots.end());
    } else {
      slot = std::min_element(
          cache.slots.begin(), cache.slots.end(),
          [](const CachedFilter& a, const CachedFilter& b) { return a.lastUse < b.lastUse; });
    }
  }
  std::shared_ptr<const Lexicon> lexicon;
  std::uint64_t builtFor = 0;
  {
    std::lock_guard lock(mutex_);
    lexicon = lexicon_;
    builtFor = generation_.load(std::memory_order_relaxed);
  }
  slot->filter = std::make_unique<AutoFilter>(std::move(lexicon), stopWords_);
  slot->instance = instance_;
  slot->generation = builtFor;
  slot->lastUse = cache.uses;
  return *slot->filter;
}

}  // namespace sporazum::autofilter

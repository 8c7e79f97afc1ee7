#include "sporazum/autofilter/near_duplicates.hpp"

#include <algorithm>
#include <bit>
#include <limits>

namespace sporazum::autofilter {
namespace {

// Seeds the MinHash family: fixed, so the same episode always groups the same way.
constexpr std::uint64_t kSeed = 0x53504F52415A554DULL;  // "SPORAZUM"
// Texts with fewer trigrams than this ("Zašto?", "Hvala!") match only the same set: one letter
// more would otherwise be a third of the text.
constexpr std::size_t kMinFeaturesForNear = 6;
// A flood of near-identical questions puts them all in the same buckets. Walking only the newest
// entries of each bucket and comparing only the candidates met in the most bands (their count
// estimates the similarity) still finds the flood's group, and keeps an add fast.
// Measured in the 20,000 questions/s ingest benchmark (a flood from a small vocabulary): 128 and
// 256 cost a third of the server's core; the newest 16 per band already hold the flood's group.
constexpr std::size_t kMaxChainWalk = 16;
constexpr std::size_t kMaxComparisons = 32;
// The share of equal MinHash values estimates the similarity to about ±0.055 (80 hashes); only
// candidates whose estimate comes within this (under 1 in 200 misses) get the exact comparison.
constexpr double kEstimateSlack = 0.15;
// A question is at most 500 code points; anything longer is compared on its start.
constexpr std::size_t kMaxFeatures = 1024;

std::uint64_t splitMix(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30U)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27U)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31U);
}

std::uint64_t mix(std::uint64_t x) {
  return splitMix(x);
}

/// Jaccard similarity of two sorted sets, or 0 as soon as it cannot reach `atLeast`.
double jaccard(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b,
               double atLeast) {
  // |A ∩ B| / |A ∪ B| >= t  <=>  |A ∩ B| >= t (|A| + |B|) / (1 + t)
  const double needed = atLeast * static_cast<double>(a.size() + b.size()) / (1.0 + atLeast);
  std::size_t i = 0;
  std::size_t j = 0;
  std::size_t common = 0;
  while (i < a.size() && j < b.size()) {
    if (static_cast<double>(common + std::min(a.size() - i, b.size() - j)) < needed) return 0.0;
    if (a[i] < b[j]) {
      ++i;
    } else if (b[j] < a[i]) {
      ++j;
    } else {
      ++common;
      ++i;
      ++j;
    }
  }
  const std::size_t unionSize = a.size() + b.size() - common;
  return unionSize == 0 ? 0.0 : static_cast<double>(common) / static_cast<double>(unionSize);
}

}  // namespace

NearDuplicateIndex::NearDuplicateIndex() : NearDuplicateIndex(Options{}) {}

NearDuplicateIndex::NearDuplicateIndex(Options options) : options_(options) {
  options_.capacity = std::clamp<std::size_t>(options_.capacity, 1, std::size_t{1} << 24U);
  // Each band has its own table of about one bucket per remembered question (so an entry is in a
  // bucket's chain once); collisions only add candidates that the exact comparison rejects.
  const std::size_t bucketsPerBand = std::bit_ceil(options_.capacity);
  heads_.assign(bucketsPerBand * kBands, 0);
  bucketMask_ = bucketsPerBand - 1;
  std::uint64_t state = kSeed;
  for (std::size_t i = 0; i < kHashes; ++i) {
    hashMul_[i] = splitMix(state) | 1U;
    hashAdd_[i] = splitMix(state);
  }
}

std::int64_t NearDuplicateIndex::add(std::int64_t questionId, std::string_view text) {
  collectFeatures(text);
  if (features_.empty()) return 0;
  computeSignature();
  if (nextSeq_ == std::numeric_limits<std::uint32_t>::max() ||
      stamp_ == std::numeric_limits<std::uint32_t>::max()) {
    clear();  // after four billion adds: start again rather than wrap
  }
  ++stamp_;

  candidates_.clear();
  for (std::size_t band = 0; band < kBands; ++band) {
    std::size_t walked = 0;
    for (std::uint32_t seq = heads_[bucketOf(band)]; isLive(seq) && walked < kMaxChainWalk;
         ++walked) {
      const std::size_t slot = slotOf(seq);
      seq = entries_[slot].next[band];
      if (seenAt_[slot] == stamp_) {
        ++candidates_[candidateAt_[slot]].bands;
        continue;
      }
      seenAt_[slot] = stamp_;
      candidateAt_[slot] = static_cast<std::uint32_t>(candidates_.size());
      candidates_.push_back(Candidate{static_cast<std::uint32_t>(slot), 1});
    }
  }
  auto moreBands = [](const Candidate& a, const Candidate& b) { return a.bands > b.bands; };
  if (candidates_.size() > kMaxComparisons) {
    std::nth_element(candidates_.begin(), candidates_.begin() + kMaxComparisons, candidates_.end(),
                     moreBands);
    candidates_.resize(kMaxComparisons);
  }

  const Entry* best = nullptr;
  double bestSimilarity = 0.0;
  for (const Candidate& candidate : candidates_) {
    const Entry& entry = entries_[candidate.slot];
    std::size_t equal = 0;
    for (std::size_t i = 0; i < kHashes; ++i)
      equal += entry.sketch[i] == static_cast<std::uint16_t>(signature_[i]) ? 1 : 0;
    if (static_cast<double>(equal) / kHashes + kEstimateSlack < options_.minSimilarity) continue;
    const double similarity = jaccard(features_, entry.features, options_.minSimilarity);
    const bool isShort = std::min(features_.size(), entry.features.size()) < kMinFeaturesForNear;
    if (similarity < options_.minSimilarity || (isShort && similarity < 1.0)) continue;
    if (best == nullptr || similarity > bestSimilarity ||
        (similarity == bestSimilarity && entry.seq < best->seq)) {
      best = &entry;
      bestSimilarity = similarity;
    }
  }
  const std::int64_t group = best != nullptr ? best->group : 0;
  // The same trigram set is already remembered: nothing new to match later questions against.
  if (best != nullptr && bestSimilarity >= 1.0) return group;

  const std::uint32_t seq = nextSeq_++;
  const std::size_t slot = slotOf(seq);
  if (slot == entries_.size()) {  // the ring grows up to capacity, then reuses the oldest slot
    entries_.emplace_back();
    seenAt_.push_back(0);
    candidateAt_.push_back(0);
  }
  Entry& entry = entries_[slot];
  entry.group = group != 0 ? group : questionId;
  entry.seq = seq;
  entry.features.assign(features_.begin(), features_.end());
  for (std::size_t i = 0; i < kHashes; ++i)
    entry.sketch[i] = static_cast<std::uint16_t>(signature_[i]);
  for (std::size_t band = 0; band < kBands; ++band) {
    std::uint32_t& head = heads_[bucketOf(band)];
    entry.next[band] = head;
    head = seq;
  }
  return group;
}

void NearDuplicateIndex::clear() {
  std::fill(heads_.begin(), heads_.end(), 0);
  std::vector<Entry>().swap(entries_);
  std::vector<std::uint32_t>().swap(seenAt_);
  std::vector<std::uint32_t>().swap(candidateAt_);
  nextSeq_ = 1;
  stamp_ = 0;
}

std::size_t NearDuplicateIndex::size() const {
  return std::min<std::size_t>(nextSeq_ - 1, options_.capacity);
}

void NearDuplicateIndex::collectFeatures(std::string_view text) {
  normalizer_.tokenize(text, tokens_);
  features_.clear();
  for (const Token& token : tokens_) {
    if (token.kind != TokenKind::Word) continue;
    // Trigrams of " word ": the spaces mark word starts and ends, so word order does not count
    // but word boundaries do.
    const std::string& word = token.text;
    auto byteAt = [&word](std::size_t k) -> std::uint32_t {
      return k == 0 || k > word.size() ? ' ' : static_cast<unsigned char>(word[k - 1]);
    };
    for (std::size_t k = 0; k < word.size(); ++k)
      features_.push_back(byteAt(k) << 16U | byteAt(k + 1) << 8U | byteAt(k + 2));
    if (features_.size() >= kMaxFeatures) break;
  }
  std::sort(features_.begin(), features_.end());
  features_.erase(std::unique(features_.begin(), features_.end()), features_.end());
}

void NearDuplicateIndex::computeSignature() {
  signature_.fill(std::numeric_limits<std::uint32_t>::max());
  for (const std::uint32_t feature : features_) {
    const std::uint64_t x = mix(feature);
    for (std::size_t i = 0; i < kHashes; ++i) {
      const auto h = static_cast<std::uint32_t>((hashMul_[i] * x + hashAdd_[i]) >> 32U);
      signature_[i] = std::min(signature_[i], h);
    }
  }
}

std::size_t NearDuplicateIndex::bucketOf(std::size_t band) const {
  const std::size_t at = band * kRows;
  static_assert(kRows == 4, "bucketOf packs four rows into two words");
  const std::uint64_t low = std::uint64_t{signature_[at]} << 32U | signature_[at + 1];
  const std::uint64_t high = std::uint64_t{signature_[at + 2]} << 32U | signature_[at + 3];
  return band * (bucketMask_ + 1) + (static_cast<std::size_t>(mix(low ^ mix(high))) & bucketMask_);
}

std::size_t NearDuplicateIndex::slotOf(std::uint32_t seq) const {
  return (seq - 1) % options_.capacity;
}

bool NearDuplicateIndex::isLive(std::uint32_t seq) const {
  // Buckets chain from newer to older, so the first forgotten entry ends the walk.
  return seq != 0 && nextSeq_ - seq <= options_.capacity;
}

}  // namespace sporazum::autofilter

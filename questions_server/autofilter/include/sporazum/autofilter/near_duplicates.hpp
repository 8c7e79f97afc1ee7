#pragma once
// Finds an earlier question of the episode with the same or nearly the same text, so moderators
// can merge repeats instead of reading each. Pure: no I/O.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "sporazum/autofilter/normalizer.hpp"

namespace sporazum::autofilter {

/// Remembers the questions of one episode and tells, for each new one, which group of earlier
/// questions it repeats. Texts are compared as sets of character trigrams of their normalised
/// words (case, diacritics, script, punctuation and word order do not count), by Jaccard
/// similarity; MinHash signatures split into bands (LSH) find the candidates, so an add never
/// compares with every earlier question (a few dozen µs at most). Memory is bounded: at most
/// `capacity` questions are remembered, the oldest forgotten first; about 0.6 KB each plus a bucket
/// table of 80 bytes per unit of capacity (5 MB at the default). NOT thread-safe (it holds a
/// Normalizer and scratch buffers): one owner thread.
class NearDuplicateIndex {
 public:
  struct Options {
    /// Jaccard similarity of trigram sets at or above which two texts are near duplicates. One
    /// word changed in a ten-word question keeps 0.65 to 0.9; another question on the same topic
    /// rarely reaches 0.5.
    double minSimilarity = 0.6;
    /// Questions remembered; an episode has 5,000 to 50,000.
    std::size_t capacity = 65536;
  };

  NearDuplicateIndex();
  explicit NearDuplicateIndex(Options options);

  /// Remembers question `questionId` (non-zero) and returns the id of the earliest question of
  /// the group it nearly repeats (its first question), or 0 when it repeats none. Texts with
  /// fewer than a few trigrams only match the same words. A text with no words returns 0 and is
  /// not remembered.
  std::int64_t add(std::int64_t questionId, std::string_view text);

  /// Forgets every question (a new episode).
  void clear();

  /// Questions currently remembered.
  std::size_t size() const;

 private:
  static constexpr std::size_t kBands = 20;
  static constexpr std::size_t kRows = 4;
  static constexpr std::size_t kHashes = kBands * kRows;

  struct Entry {
    std::int64_t group = 0;                       ///< id of the group's first question
    std::uint32_t seq = 0;                        ///< 1-based add order; 0 for an empty slot
    std::array<std::uint32_t, kBands> next{};     ///< older entry in the same bucket, per band
    std::array<std::uint16_t, kHashes> sketch{};  ///< low bits of the MinHash signature
    std::vector<std::uint32_t> features;          ///< sorted, unique trigrams
  };

  void collectFeatures(std::string_view text);
  void computeSignature();
  std::size_t bucketOf(std::size_t band) const;
  std::size_t slotOf(std::uint32_t seq) const;
  bool isLive(std::uint32_t seq) const;

  Options options_;
  Normalizer normalizer_;
  std::vector<Entry> entries_;              // ring: seq % capacity
  std::vector<std::uint32_t> heads_;        // bucket → seq of the newest entry in it, 0 for none
  std::vector<std::uint32_t> seenAt_;       // slot → stamp_ of the add that last met it
  std::vector<std::uint32_t> candidateAt_;  // slot → its index in candidates_ (if seen)
  std::size_t bucketMask_ = 0;
  std::uint32_t nextSeq_ = 1;
  std::uint32_t stamp_ = 0;  // numbers the adds, for seenAt_
  std::array<std::uint64_t, kHashes> hashMul_{};
  std::array<std::uint64_t, kHashes> hashAdd_{};
  struct Candidate {
    std::uint32_t slot = 0;
    std::uint32_t bands = 0;  ///< bands in which it shares a bucket with the new text
  };
  // Scratch for the add in progress.
  std::vector<Candidate> candidates_;
  std::vector<Token> tokens_;
  std::vector<std::uint32_t> features_;
  std::array<std::uint32_t, kHashes> signature_{};
};

}  // namespace sporazum::autofilter

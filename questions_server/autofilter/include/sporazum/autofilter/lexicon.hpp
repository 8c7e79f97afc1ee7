#pragma once
// The lexicon of terms the auto-filter looks for, parsed from TSV text. Reading the file is the
// caller's job; this module does no I/O.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sporazum/core/result.hpp"

namespace sporazum::autofilter {

/// The language a lexicon entry belongs to (`any` for names and terms shared by all three).
enum class TermLanguage { Sr = 1, Sq, En, Any };

/// What a hit does to a question: hold it for review, or only flag it. Hold wins.
enum class Severity { Flag = 1, Hold };

/// One lexicon row.
struct LexiconEntry {
  std::string term;                ///< as written in the lexicon (without the trailing `*`)
  std::vector<std::string> words;  ///< normalised words of the term
  bool isPrefix = false;           ///< trailing `*`: the last word matches any word it starts
  TermLanguage language = TermLanguage::Any;
  std::string category;
  Severity severity = Severity::Flag;
  std::uint32_t line = 0;  ///< 1-based line in the TSV, for editors
};

/// Heterogeneous lookup, so the hot path can probe with string_views without allocating.
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept {
    return std::hash<std::string_view>{}(s);
  }
};

/// An immutable, parsed lexicon. Safe to share between threads (nothing mutates it); to change
/// the lexicon, parse a new one and swap the pointer.
class Lexicon {
 public:
  using Index =
      std::unordered_map<std::string, std::vector<std::uint32_t>, StringHash, std::equal_to<>>;

  /// Parses `term<TAB>language<TAB>category<TAB>severity` rows; `#` starts a comment line, blank
  /// lines are skipped. Rows with the same normalised form (a Cyrillic row and its Latin
  /// spelling) are matched once, as the strictest of them. Errors are `lexicon_malformed` naming
  /// the line.
  static core::Result<Lexicon> parse(std::string_view tsv);

  const std::vector<LexiconEntry>& entries() const { return entries_; }
  /// Entries keyed by their first normalised word (all but single-word prefix entries).
  const Index& byFirstWord() const { return byFirstWord_; }
  /// Single-word prefix entries keyed by their normalised stem.
  const Index& byStem() const { return byStem_; }
  std::size_t minStemBytes() const { return minStemBytes_; }
  std::size_t maxStemBytes() const { return maxStemBytes_; }

 private:
  std::vector<LexiconEntry> entries_;
  Index byFirstWord_;
  Index byStem_;
  std::size_t minStemBytes_ = 0;
  std::size_t maxStemBytes_ = 0;
};

}  // namespace sporazum::autofilter

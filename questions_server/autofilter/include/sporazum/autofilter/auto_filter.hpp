#pragma once
// The auto-filter's verdict on one question: hold it, flag it, or let it through, with reasons a
// moderator can read. It never deletes anything. Pure: no I/O.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "sporazum/autofilter/lexicon.hpp"
#include "sporazum/autofilter/normalizer.hpp"

namespace sporazum::autofilter {

/// What to do with a question. Hold beats Flag beats None.
enum class Action { None = 1, Flag, Hold };

/// The language tag shown to moderators.
enum class Language { Sr = 1, Sq, En, Other };

/// Stable reason codes (shown to moderators, may be sent to clients).
inline constexpr std::string_view kReasonLexicon = "lexicon";
inline constexpr std::string_view kReasonLink = "link";
inline constexpr std::string_view kReasonPhone = "phone";
inline constexpr std::string_view kReasonShouting = "shouting";

/// Why a question was flagged or held.
struct Reason {
  std::string code;      ///< one of the kReason* codes
  std::string category;  ///< lexicon category; empty for link, phone, shouting
  Severity severity = Severity::Flag;
  std::string term;           ///< the lexicon term as written; empty when not a lexicon hit
  std::uint32_t beginCp = 0;  ///< span in the original text, in code points
  std::uint32_t endCp = 0;

  friend bool operator==(const Reason&, const Reason&) = default;
};

/// The filter's decision on one text.
struct Verdict {
  Action action = Action::None;
  std::vector<Reason> reasons;
  Language language = Language::Other;
};

/// Stop words per language for detectLanguage(), normalised like any text. Data, so a list in
/// assets/ can replace the small built-in one.
struct StopWords {
  std::vector<std::string> sr;
  std::vector<std::string> sq;
  std::vector<std::string> en;
  /// A small built-in list of frequent function words that do not collide after normalisation.
  static StopWords builtIn();
};

/// Classifies questions against a shared, immutable lexicon. Holds ICU objects and scratch
/// buffers, so it is NOT thread-safe even through const: use one AutoFilter per thread (they are
/// cheap to make and share the Lexicon).
class AutoFilter {
 public:
  explicit AutoFilter(std::shared_ptr<const Lexicon> lexicon,
                      const StopWords& stopWords = StopWords::builtIn());

  /// Verdict on `text` (UTF-8): lexicon hits on whole words, links, phone numbers, shouting, and
  /// the language tag.
  Verdict check(std::string_view text) const;

  /// Serbian / Albanian / English / other. Scores: +3 for Cyrillic or č ć đ ž š (sr), +3 for ë
  /// or ç (sq), +1 per stop word; the highest unique score wins, otherwise Other.
  Language detectLanguage(std::string_view text) const;

 private:
  using WordSet = std::unordered_set<std::string, StringHash, std::equal_to<>>;

  void matchLexicon(Verdict& verdict) const;
  Language languageOf(const TextStats& stats) const;

  std::shared_ptr<const Lexicon> lexicon_;
  WordSet stopSr_;
  WordSet stopSq_;
  WordSet stopEn_;
  mutable Normalizer normalizer_;
  mutable std::vector<Token> tokens_;
  mutable std::vector<std::uint32_t> wordStarts_;  // index in tokens_ of each Word, + end
};

/// True when `text` contains a link: http(s)://, www., or a domain-like `word.tld` for common TLDs.
bool findLink(std::string_view text, std::size_t& beginByte, std::size_t& endByte);

/// True when `text` contains a phone number: 7+ digits with optional leading +, single spaces,
/// dashes, dots or parentheses between them.
bool findPhone(std::string_view text, std::size_t& beginByte, std::size_t& endByte);

}  // namespace sporazum::autofilter

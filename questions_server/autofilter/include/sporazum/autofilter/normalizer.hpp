#pragma once
// Turns viewer text into the form the lexicon is matched against, so that spelling tricks (other
// scripts, look-alike letters, digits for letters, separators, zero-width characters, repeats) meet
// the plain spelling of a term. Pure: no I/O.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sporazum::autofilter {

/// What a token stands for in the text.
enum class TokenKind {
  Word = 1,  ///< one word as written; consecutive Words are what multi-word terms match
  /// Another reading of the Word before it (same span). Runs of 3+ equal letters become 2 in the
  /// Word and 1 in a Variant; doubles are kept, so "as" never reads as "ass".
  Variant,
  Joined,  ///< single letters joined across one repeated separator: "s.l.u.r" → "slur"
};

/// One normalised word and where it came from.
struct Token {
  std::string text;           ///< normalised, UTF-8
  std::uint32_t beginCp = 0;  ///< span in the original text, in code points
  std::uint32_t endCp = 0;    ///< one past the last code point
  TokenKind kind = TokenKind::Word;

  friend bool operator==(const Token&, const Token&) = default;
};

/// Facts about the original text gathered while normalising, so callers need not scan it again.
struct TextStats {
  std::uint32_t letters = 0;
  std::uint32_t upperLetters = 0;
  bool hasCyrillic = false;
  bool hasAlbanianLetters = false;      ///< ë or ç
  bool hasSerbianLatinLetters = false;  ///< č ć đ ž š
};

/// Normalises text into word tokens. Holds ICU objects and scratch buffers: one Normalizer per
/// thread, never shared (ICU transliterators are not thread-safe).
class Normalizer {
 public:
  Normalizer();
  ~Normalizer();
  Normalizer(const Normalizer&) = delete;
  Normalizer& operator=(const Normalizer&) = delete;
  Normalizer(Normalizer&&) noexcept;
  Normalizer& operator=(Normalizer&&) noexcept;

  /// Normalised tokens of `utf8`: Words in text order, each followed by its Variants; Joined
  /// tokens come last. Invalid UTF-8 sequences are read as U+FFFD.
  std::vector<Token> tokens(std::string_view utf8);

  /// As tokens(), reusing `out` (cleared first) and filling `stats`; the allocation-light form.
  void tokenize(std::string_view utf8, std::vector<Token>& out, TextStats* stats = nullptr);

  /// The normalised form of a lexicon term: its Word tokens joined by single spaces.
  std::string normalizeTerm(std::string_view utf8);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sporazum::autofilter

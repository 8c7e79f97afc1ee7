#include "sporazum/autofilter/auto_filter.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace sporazum::autofilter {
namespace {

// Shouting: enough letters to be a sentence, and most of them capitals ("NATO" alone is fine).
constexpr std::uint32_t kShoutingMinLetters = 12;
constexpr std::uint32_t kShoutingUpperPercent = 70;
constexpr int kMinPhoneDigits = 7;
// Script or letters typical of one language weigh more than a single stop word.
constexpr int kLetterEvidence = 3;

// Common TLDs plus the region's. Left out on purpose: TLDs that are everyday words after a
// missing space ("to", "me", "is", "it", "in", "at", "do", "se", "si", "ne", "je", "na").
constexpr std::array<std::string_view, 24> kTlds = {
    "com", "net", "org", "info", "io", "rs", "al",  "xk",     "eu",   "co",  "tv", "ru",
    "de",  "uk",  "us",  "biz",  "ly", "gg", "app", "online", "site", "xyz", "ch", "at"};

bool isAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
bool isDigit(char c) {
  return c >= '0' && c <= '9';
}
char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + ('a' - 'A')) : c;
}

bool startsWithNoCase(std::string_view text, std::size_t at, std::string_view prefix) {
  if (text.size() - at < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (lower(text[at + i]) != prefix[i]) return false;
  }
  return true;
}

bool isSpace(char c) {
  return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

std::uint32_t codePointsBefore(std::string_view text, std::size_t byte) {
  std::uint32_t n = 0;
  for (std::size_t i = 0; i < byte && i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++n;
  }
  return n;
}

bool isThousandsGroups(const std::vector<int>& groups, bool spacesOnly) {
  if (!spacesOnly || groups.size() < 2 || groups.front() > 3) return false;
  return std::all_of(groups.begin() + 1, groups.end(), [](int g) { return g == 3; });
}

}  // namespace

StopWords StopWords::builtIn() {
  // Chosen to stay distinct after normalisation (Albanian "në" and Serbian "ne" both become "ne",
  // so neither is listed).
  return StopWords{
      {"je", "i",    "da",   "li",   "u",   "se", "na",  "za",  "sto", "kako", "zasto", "su", "ce",
       "od", "nije", "koji", "kada", "sta", "vi", "ovo", "ali", "ima", "biti", "bi",    "vas"},
      {"dhe", "eshte", "per", "nga", "qe",   "nuk",  "jane", "kjo", "ky",  "cfare", "pse", "ju",
       "une", "nje",   "kur", "por", "edhe", "keni", "kane", "do",  "apo", "mund",  "si",  "ka"},
      {"the",  "and",  "is",  "are",  "what",  "why",  "how",  "you", "of",  "will",   "does",
       "this", "that", "for", "with", "about", "your", "when", "who", "can", "should", "would"}};
}

AutoFilter::AutoFilter(std::shared_ptr<const Lexicon> lexicon, const StopWords& stopWords)
    : lexicon_(std::move(lexicon)) {
  for (const auto& [from, into] :
       {std::pair{&stopWords.sr, &stopSr_}, std::pair{&stopWords.sq, &stopSq_},
        std::pair{&stopWords.en, &stopEn_}}) {
    for (const std::string& w : *from)
      into->insert(normalizer_.normalizeTerm(w));
  }
}

Verdict AutoFilter::check(std::string_view text) const {
  Verdict verdict;
  TextStats stats;
  normalizer_.tokenize(text, tokens_, &stats);
  if (lexicon_) matchLexicon(verdict);

  std::size_t begin = 0;
  std::size_t end = 0;
  if (findLink(text, begin, end)) {
    verdict.reasons.push_back(Reason{std::string(kReasonLink),
                                     {},
                                     Severity::Flag,
                                     {},
                                     codePointsBefore(text, begin),
                                     codePointsBefore(text, end)});
  }
  if (findPhone(text, begin, end)) {
    verdict.reasons.push_back(Reason{std::string(kReasonPhone),
                                     {},
                                     Severity::Flag,
                                     {},
                                     codePointsBefore(text, begin),
                                     codePointsBefore(text, end)});
  }
  if (stats.letters >= kShoutingMinLetters &&
      stats.upperLetters * 100 >= stats.letters * kShoutingUpperPercent) {
    verdict.reasons.push_back(Reason{std::string(kReasonShouting),
                                     {},
                                     Severity::Flag,
                                     {},
                                     0,
                                     codePointsBefore(text, text.size())});
  }
  for (const Reason& r : verdict.reasons) {
    const Action a = r.severity == Severity::Hold ? Action::Hold : Action::Flag;
    verdict.action = std::max(verdict.action, a);
  }
  verdict.language = languageOf(stats);
  return verdict;
}

Language AutoFilter::detectLanguage(std::string_view text) const {
  TextStats stats;
  normalizer_.tokenize(text, tokens_, &stats);
  return languageOf(stats);
}

Language AutoFilter::languageOf(const TextStats& stats) const {
  int sr = (stats.hasCyrillic || stats.hasSerbianLatinLetters) ? kLetterEvidence : 0;
  int sq = stats.hasAlbanianLetters ? kLetterEvidence : 0;
  int en = 0;
  for (const Token& t : tokens_) {
    if (t.kind != TokenKind::Word) continue;
    sr += static_cast<int>(stopSr_.count(t.text));
    sq += static_cast<int>(stopSq_.count(t.text));
    en += static_cast<int>(stopEn_.count(t.text));
  }
  const int best = std::max({sr, sq, en});
  if (best == 0 || (sr == best) + (sq == best) + (en == best) > 1) return Language::Other;
  if (sr == best) return Language::Sr;
  return sq == best ? Language::Sq : Language::En;
}

void AutoFilter::matchLexicon(Verdict& verdict) const {
  const Lexicon& lex = *lexicon_;
  // Slots: the Word tokens and their Variants; multi-word terms walk from slot to slot.
  wordStarts_.clear();
  std::size_t wordsEnd = tokens_.size();
  for (std::size_t i = 0; i < tokens_.size(); ++i) {
    if (tokens_[i].kind == TokenKind::Word) wordStarts_.push_back(static_cast<std::uint32_t>(i));
    if (tokens_[i].kind == TokenKind::Joined) {
      wordsEnd = i;
      break;
    }
  }
  const std::size_t slots = wordStarts_.size();
  wordStarts_.push_back(static_cast<std::uint32_t>(wordsEnd));

  auto slotHas = [&](std::size_t slot, const std::string& word, bool prefix) {
    for (std::size_t t = wordStarts_[slot]; t < wordStarts_[slot + 1]; ++t) {
      const std::string& text = tokens_[t].text;
      if (prefix ? text.starts_with(word) : text == word) return true;
    }
    return false;
  };
  auto addHit = [&](std::uint32_t entryIndex, std::uint32_t beginCp, std::uint32_t endCp) {
    const LexiconEntry& e = lex.entries()[entryIndex];
    for (const Reason& r : verdict.reasons) {
      if (r.beginCp == beginCp && r.term == e.term) return;  // same hit via a Variant
    }
    verdict.reasons.push_back(
        Reason{std::string(kReasonLexicon), e.category, e.severity, e.term, beginCp, endCp});
  };

  std::size_t slot = 0;
  for (std::size_t ti = 0; ti < tokens_.size(); ++ti) {
    const Token& tok = tokens_[ti];
    while (slot + 1 < slots && ti >= wordStarts_[slot + 1])
      ++slot;
    const bool inSlot = tok.kind != TokenKind::Joined && slot < slots;

    if (auto it = lex.byFirstWord().find(std::string_view(tok.text));
        it != lex.byFirstWord().end()) {
      for (std::uint32_t idx : it->second) {
        const LexiconEntry& e = lex.entries()[idx];
        if (e.words.size() == 1) {
          addHit(idx, tok.beginCp, tok.endCp);
          continue;
        }
        if (!inSlot || slot + e.words.size() > slots) continue;
        bool all = true;
        for (std::size_t w = 1; w < e.words.size() && all; ++w) {
          all = slotHas(slot + w, e.words[w], e.isPrefix && w + 1 == e.words.size());
        }
        if (all) addHit(idx, tok.beginCp, tokens_[wordStarts_[slot + e.words.size() - 1]].endCp);
      }
    }
    if (lex.byStem().empty()) continue;
    const std::size_t longest = std::min(lex.maxStemBytes(), tok.text.size());
    for (std::size_t len = lex.minStemBytes(); len <= longest; ++len) {
      auto it = lex.byStem().find(std::string_view(tok.text).substr(0, len));
      if (it == lex.byStem().end()) continue;
      for (std::uint32_t idx : it->second)
        addHit(idx, tok.beginCp, tok.endCp);
    }
  }
}

bool findLink(std::string_view text, std::size_t& beginByte, std::size_t& endByte) {
  auto extend = [&](std::size_t from) {
    std::size_t e = from;
    while (e < text.size() && !isSpace(text[e]))
      ++e;
    while (e > from && (text[e - 1] == '.' || text[e - 1] == ',' || text[e - 1] == '?' ||
                        text[e - 1] == '!' || text[e - 1] == ')')) {
      --e;
    }
    return e;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool wordStart = i == 0 || !isAsciiAlnum(text[i - 1]);
    if (wordStart && (startsWithNoCase(text, i, "http://") ||
                      startsWithNoCase(text, i, "https://") || startsWithNoCase(text, i, "www."))) {
      beginByte = i;
      endByte = extend(i);
      return true;
    }
    if (text[i] != '.' || i == 0 || !isAsciiAlnum(text[i - 1])) continue;
    std::size_t j = i + 1;
    while (j < text.size() && isAsciiAlnum(text[j]) && !isDigit(text[j]))
      ++j;
    // The TLD must end the word: followed by nothing, space, punctuation or a path — not by more
    // letters of any script (a byte >= 0x80 may be a letter).
    if (j < text.size() && (isAsciiAlnum(text[j]) || static_cast<unsigned char>(text[j]) >= 0x80)) {
      continue;
    }
    std::string tld;
    for (std::size_t k = i + 1; k < j; ++k)
      tld.push_back(lower(text[k]));
    if (std::find(kTlds.begin(), kTlds.end(), tld) == kTlds.end()) continue;
    std::size_t b = i;
    while (b > 0 && (isAsciiAlnum(text[b - 1]) || text[b - 1] == '-' || text[b - 1] == '.'))
      --b;
    beginByte = b;
    endByte = extend(i);
    return true;
  }
  return false;
}

bool findPhone(std::string_view text, std::size_t& beginByte, std::size_t& endByte) {
  std::vector<int> groups;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool plus = text[i] == '+' && i + 1 < text.size() && isDigit(text[i + 1]);
    const bool open =
        text[i] == '(' && i + 1 < text.size() && (isDigit(text[i + 1]) || text[i + 1] == '+');
    if (!isDigit(text[i]) && !plus && !open) continue;
    if (i > 0 && (isAsciiAlnum(text[i - 1]) || text[i - 1] == '+')) continue;
    groups.clear();
    int digits = 0;
    bool spacesOnly = true;
    std::size_t lastDigit = i;
    std::size_t j = i;
    char prev = 0;
    while (j < text.size()) {
      const char c = text[j];
      if (isDigit(c)) {
        if (!isDigit(prev)) groups.push_back(0);
        ++groups.back();
        ++digits;
        lastDigit = j;
      } else if (c == ' ' || c == '-' || c == '/' || c == '(' || c == ')' || (c == '+' && j == i)) {
        // Two spaces or two dashes in a row end the number: that is prose, not a phone.
        if ((c == ' ' || c == '-' || c == '/') && c == prev) break;
        if (c != ' ' && c != '+') spacesOnly = false;
      } else {
        break;
      }
      prev = c;
      ++j;
    }
    if (digits >= kMinPhoneDigits) {
      // "1 000 000" is an amount, unless it looks dialled (+ or a leading 0).
      const char first = text[i] == '(' ? text[i + 1] : text[i];
      const bool dialled = first == '+' || first == '0';
      if (dialled || !isThousandsGroups(groups, spacesOnly)) {
        beginByte = i;
        endByte = lastDigit + 1;
        return true;
      }
    }
    i = j;
  }
  return false;
}

}  // namespace sporazum::autofilter

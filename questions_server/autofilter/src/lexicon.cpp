#include "sporazum/autofilter/lexicon.hpp"

#include <algorithm>
#include <string>
#include <unordered_map>

#include "sporazum/autofilter/normalizer.hpp"

namespace sporazum::autofilter {
namespace {

// A shorter stem would hit most of the dictionary ("a*"): refuse it rather than flood moderators.
constexpr std::size_t kMinStemBytes = 3;
constexpr std::size_t kColumns = 4;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

core::Error malformed(std::uint32_t line, std::string_view what) {
  return core::makeError("lexicon_malformed",
                         "lexicon line " + std::to_string(line) + ": " + std::string(what),
                         "line " + std::to_string(line));
}

}  // namespace

core::Result<Lexicon> Lexicon::parse(std::string_view tsv) {
  Lexicon lexicon;
  Normalizer normalizer;
  // Normalised form ("*" marks a prefix) → index of the entry matched for it, so a Cyrillic row
  // and its Latin spelling give one hit, not two.
  std::unordered_map<std::string, std::uint32_t> matchedFor;
  std::uint32_t lineNo = 0;
  std::size_t pos = 0;
  while (pos <= tsv.size()) {
    const std::size_t nl = std::min(tsv.find('\n', pos), tsv.size());
    const std::string_view line = trim(tsv.substr(pos, nl - pos));
    pos = nl + 1;
    ++lineNo;
    if (line.empty() || line.front() == '#') continue;

    std::vector<std::string_view> cols;
    std::size_t start = 0;
    while (true) {
      const std::size_t tab = line.find('\t', start);
      cols.push_back(trim(line.substr(start, tab - start)));
      if (tab == std::string_view::npos) break;
      start = tab + 1;
    }
    if (cols.size() != kColumns) {
      return malformed(lineNo,
                       "expected 4 tab-separated columns (term, language, category, "
                       "severity), got " +
                           std::to_string(cols.size()));
    }
    LexiconEntry entry;
    entry.line = lineNo;
    std::string_view term = cols[0];
    if (!term.empty() && term.back() == '*') {
      entry.isPrefix = true;
      term.remove_suffix(1);
      term = trim(term);
    }
    if (term.find('*') != std::string_view::npos) {
      return malformed(lineNo, "'*' is only allowed at the end of a term");
    }
    if (term.empty()) return malformed(lineNo, "empty term");

    const std::string_view lang = cols[1];
    if (lang == "sr") {
      entry.language = TermLanguage::Sr;
    } else if (lang == "sq") {
      entry.language = TermLanguage::Sq;
    } else if (lang == "en") {
      entry.language = TermLanguage::En;
    } else if (lang == "any") {
      entry.language = TermLanguage::Any;
    } else {
      return malformed(lineNo,
                       "language must be sr, sq, en or any, got '" + std::string(lang) + "'");
    }
    if (cols[2].empty()) return malformed(lineNo, "empty category");
    entry.category = std::string(cols[2]);
    if (cols[3] == "hold") {
      entry.severity = Severity::Hold;
    } else if (cols[3] == "flag") {
      entry.severity = Severity::Flag;
    } else {
      return malformed(lineNo, "severity must be hold or flag, got '" + std::string(cols[3]) + "'");
    }

    entry.term = std::string(term);
    const std::string normalised = normalizer.normalizeTerm(term);
    std::size_t wstart = 0;
    while (wstart < normalised.size()) {
      const std::size_t sp = std::min(normalised.find(' ', wstart), normalised.size());
      entry.words.emplace_back(normalised.substr(wstart, sp - wstart));
      wstart = sp + 1;
    }
    if (entry.words.empty()) return malformed(lineNo, "term has no letters or digits");
    if (entry.isPrefix && entry.words.back().size() < kMinStemBytes) {
      return malformed(lineNo, "prefix stem shorter than 3 letters would match too much");
    }

    const auto index = static_cast<std::uint32_t>(lexicon.entries_.size());
    const bool byStem = entry.isPrefix && entry.words.size() == 1;
    Index& into = byStem ? lexicon.byStem_ : lexicon.byFirstWord_;
    const auto [known, isNew] =
        matchedFor.try_emplace((entry.isPrefix ? "*" : "") + normalised, index);
    if (!isNew) {
      // The stricter of two rows with the same normalised form wins; the row stays in entries().
      const std::uint32_t old = known->second;
      if (entry.severity > lexicon.entries_[old].severity) {
        auto& slot = into[entry.words[0]];
        std::replace(slot.begin(), slot.end(), old, index);
        known->second = index;
      }
    } else if (byStem) {
      const std::size_t n = entry.words[0].size();
      lexicon.minStemBytes_ = lexicon.byStem_.empty() ? n : std::min(lexicon.minStemBytes_, n);
      lexicon.maxStemBytes_ = std::max(lexicon.maxStemBytes_, n);
      into[entry.words[0]].push_back(index);
    } else {
      into[entry.words[0]].push_back(index);
    }
    lexicon.entries_.push_back(std::move(entry));
  }
  return lexicon;
}

}  // namespace sporazum::autofilter

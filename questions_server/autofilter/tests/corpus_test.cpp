// The real lexicon (assets/filter/lexicon.tsv) against a corpus of abusive questions that must be
// caught and look-alike innocent questions that must pass. Offensive words on purpose.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "sporazum/autofilter/auto_filter.hpp"
#include "sporazum/core/utf8.hpp"

namespace sporazum::autofilter {
namespace {

namespace fs = std::filesystem;

const fs::path kRoot = SPORAZUM_SOURCE_ROOT;
constexpr std::size_t kMinLinesPerFile = 80;

std::string readFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << "cannot read " << path;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/// `\uXXXX` → that character, so invisible and look-alike characters stay visible in the files.
std::string unescape(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 5 < text.size() && text[i + 1] == 'u') {
      char32_t cp = 0;
      bool ok = true;
      for (std::size_t k = 2; k < 6 && ok; ++k) {
        const int v = hexValue(text[i + k]);
        ok = v >= 0;
        cp = cp * 16 + static_cast<char32_t>(v);
      }
      if (ok) {
        core::appendUtf8(out, cp);
        i += 5;
        continue;
      }
    }
    out.push_back(text[i]);
  }
  return out;
}

struct CorpusLine {
  std::size_t lineNo = 0;
  std::string text;
  Action expected = Action::None;
};

/// Non-comment, non-blank lines; with `withAction`, `expected<TAB>question`.
std::vector<CorpusLine> readCorpus(const fs::path& path, bool withAction) {
  std::vector<CorpusLine> lines;
  std::istringstream in(readFile(path));
  std::string line;
  for (std::size_t lineNo = 1; std::getline(in, line); ++lineNo) {
    if (line.empty() || line.front() == '#') continue;
    CorpusLine entry{lineNo, line, Action::None};
    if (withAction) {
      const std::size_t tab = line.find('\t');
      const std::string action = line.substr(0, tab);
      EXPECT_TRUE(tab != std::string::npos && (action == "hold" || action == "flag"))
          << path.filename() << ':' << lineNo << ": expected hold or flag, a TAB, the question";
      entry.expected = action == "hold" ? Action::Hold : Action::Flag;
      entry.text = tab == std::string::npos ? std::string() : line.substr(tab + 1);
    }
    entry.text = unescape(entry.text);
    lines.push_back(std::move(entry));
  }
  return lines;
}

/// What the lexicon alone does to a text (links, phones and shouting left out).
Action lexiconAction(const Verdict& verdict) {
  Action action = Action::None;
  for (const Reason& r : verdict.reasons) {
    if (r.code != kReasonLexicon) continue;
    action = std::max(action, r.severity == Severity::Hold ? Action::Hold : Action::Flag);
  }
  return action;
}

std::string actionName(Action a) {
  return a == Action::Hold ? "hold" : (a == Action::Flag ? "flag" : "none");
}

std::string hitTerms(const Verdict& verdict) {
  std::string terms;
  for (const Reason& r : verdict.reasons) {
    if (r.code != kReasonLexicon) continue;
    terms += (terms.empty() ? "" : ", ") + r.term;
  }
  return terms;
}

class FilterCorpus : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto parsed = Lexicon::parse(readFile(kRoot / "assets/filter/lexicon.tsv"));
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    lexicon_ = std::make_shared<const Lexicon>(std::move(*parsed));
    const fs::path corpus = kRoot / "questions_server/autofilter/tests/corpus";
    mustCatch_ = readCorpus(corpus / "must_catch.tsv", true);
    mustPass_ = readCorpus(corpus / "must_pass.tsv", false);
  }
  static void TearDownTestSuite() { lexicon_.reset(); }

  static inline std::shared_ptr<const Lexicon> lexicon_;
  static inline std::vector<CorpusLine> mustCatch_;
  static inline std::vector<CorpusLine> mustPass_;
  AutoFilter filter_{lexicon_};
};

TEST_F(FilterCorpus, HasEnoughQuestionsOfEachKind) {
  EXPECT_GE(lexicon_->entries().size(), 300u);
  EXPECT_GE(mustCatch_.size(), kMinLinesPerFile);
  EXPECT_GE(mustPass_.size(), kMinLinesPerFile);
}

TEST_F(FilterCorpus, CatchesEveryAbusiveQuestionWithTheExpectedAction) {
  for (const CorpusLine& line : mustCatch_) {
    const Verdict verdict = filter_.check(line.text);
    EXPECT_EQ(actionName(lexiconAction(verdict)), actionName(line.expected))
        << "must_catch.tsv:" << line.lineNo << ": " << line.text << " (hits: " << hitTerms(verdict)
        << ")";
  }
}

TEST_F(FilterCorpus, PassesEveryInnocentQuestion) {
  for (const CorpusLine& line : mustPass_) {
    const Verdict verdict = filter_.check(line.text);
    EXPECT_EQ(lexiconAction(verdict), Action::None)
        << "must_pass.tsv:" << line.lineNo << ": " << line.text << " (hits: " << hitTerms(verdict)
        << ")";
  }
}

TEST_F(FilterCorpus, ReachesFullPrecisionAndRecall) {
  std::size_t caught = 0;
  std::size_t falseHits = 0;
  for (const CorpusLine& line : mustCatch_)
    caught += lexiconAction(filter_.check(line.text)) != Action::None ? 1 : 0;
  for (const CorpusLine& line : mustPass_)
    falseHits += lexiconAction(filter_.check(line.text)) != Action::None ? 1 : 0;
  const double recall = mustCatch_.empty() ? 0.0 : 100.0 * caught / mustCatch_.size();
  const double precision = caught + falseHits == 0 ? 0.0 : 100.0 * caught / (caught + falseHits);
  char summary[160];
  std::snprintf(summary, sizeof summary,
                "recall %.1f%% (%zu of %zu caught), precision %.1f%% (%zu false hits in %zu)",
                recall, caught, mustCatch_.size(), precision, falseHits, mustPass_.size());
  std::printf("filter corpus: %s\n", summary);
  char number[16];
  std::snprintf(number, sizeof number, "%.1f", recall);
  RecordProperty("recall_percent", number);
  std::snprintf(number, sizeof number, "%.1f", precision);
  RecordProperty("precision_percent", number);
  EXPECT_EQ(caught, mustCatch_.size()) << summary;
  EXPECT_EQ(falseHits, 0u) << summary;
}

}  // namespace
}  // namespace sporazum::autofilter

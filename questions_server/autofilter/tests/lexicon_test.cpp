#include "sporazum/autofilter/lexicon.hpp"

#include <gtest/gtest.h>

#include <string>

namespace sporazum::autofilter {
namespace {

TEST(Lexicon, ParsesRowsAndSkipsCommentsAndBlankLines) {
  const auto lex = Lexicon::parse(
      "# placeholder terms for tests\n"
      "\n"
      "badword\ten\tabuse\thold\r\n"
      "Злоречко\tsr\tabuse\tflag\n"
      "fjalekeqe*\tsq\tinsult\thold\n"
      "go away badword\tany\tthreat\thold\n");
  ASSERT_TRUE(lex.ok()) << lex.error().message;
  ASSERT_EQ(lex->entries().size(), 4u);
  EXPECT_EQ(lex->entries()[0].words, (std::vector<std::string>{"badword"}));
  EXPECT_EQ(lex->entries()[0].severity, Severity::Hold);
  EXPECT_EQ(lex->entries()[0].line, 3u);
  EXPECT_EQ(lex->entries()[1].words, (std::vector<std::string>{"zlorecko"}));
  EXPECT_EQ(lex->entries()[1].term, "Злоречко");
  EXPECT_EQ(lex->entries()[1].language, TermLanguage::Sr);
  EXPECT_TRUE(lex->entries()[2].isPrefix);
  EXPECT_EQ(lex->entries()[2].term, "fjalekeqe");
  EXPECT_EQ(lex->entries()[3].words, (std::vector<std::string>{"go", "away", "badword"}));
  EXPECT_EQ(lex->byStem().count("fjalekeqe"), 1u);
  EXPECT_EQ(lex->byFirstWord().count("go"), 1u);
}

TEST(Lexicon, MatchesRowsThatNormaliseAlikeOnceAsTheStrictest) {
  const auto lex = Lexicon::parse(
      "злорец\tsr\tabuse\tflag\n"
      "zlorec\tsr\tabuse\thold\n"
      "zloreč\tsr\tabuse\tflag\n"
      "zlo*\tsr\tabuse\tflag\n"
      "ЗЛО*\tsr\tabuse\tflag\n");
  ASSERT_TRUE(lex.ok()) << lex.error().message;
  EXPECT_EQ(lex->entries().size(), 5u);
  EXPECT_EQ(lex->byFirstWord().at("zlorec"), (std::vector<std::uint32_t>{1}));
  EXPECT_EQ(lex->byStem().at("zlo"), (std::vector<std::uint32_t>{3}));
}

TEST(Lexicon, AcceptsAnEmptyText) {
  const auto lex = Lexicon::parse("");
  ASSERT_TRUE(lex.ok());
  EXPECT_TRUE(lex->entries().empty());
}

void expectMalformed(std::string_view tsv, std::string_view line, std::string_view words) {
  const auto lex = Lexicon::parse(tsv);
  ASSERT_FALSE(lex.ok()) << tsv;
  EXPECT_EQ(lex.error().code, "lexicon_malformed");
  EXPECT_EQ(lex.error().field, line);
  EXPECT_NE(lex.error().message.find(words), std::string::npos) << lex.error().message;
}

TEST(Lexicon, RefusesMalformedRowsNamingTheLine) {
  expectMalformed("ok\ten\tabuse\thold\nbadword\ten\tabuse\n", "line 2", "4 tab-separated");
  expectMalformed("badword en abuse hold\n", "line 1", "got 1");
  expectMalformed("badword\tde\tabuse\thold\n", "line 1", "language");
  expectMalformed("badword\ten\tabuse\tdelete\n", "line 1", "severity");
  expectMalformed("badword\ten\t\thold\n", "line 1", "category");
  expectMalformed("\ten\tabuse\thold\n", "line 1", "empty term");
  expectMalformed("!!!\ten\tabuse\thold\n", "line 1", "no letters");
  expectMalformed("ba*d\ten\tabuse\thold\n", "line 1", "'*'");
  expectMalformed("ab*\ten\tabuse\thold\n", "line 1", "shorter than 3");
}

}  // namespace
}  // namespace sporazum::autofilter

#include "sporazum/autofilter/near_duplicates.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

namespace sporazum::autofilter {
namespace {

/// A random word of 4 to 9 letters, so made-up questions share about as few trigrams as real ones.
std::string madeUpWord(std::mt19937& rng) {
  std::uniform_int_distribution<int> length(4, 9);
  std::uniform_int_distribution<int> letter('a', 'z');
  std::string word;
  for (int i = length(rng); i > 0; --i)
    word.push_back(static_cast<char>(letter(rng)));
  return word;
}

constexpr std::string_view kBridge =
    "Kada će biti izgrađen novi most u Mitrovici i ko će ga platiti?";

TEST(NearDuplicateIndex, ReturnsZeroForTheFirstQuestion) {
  NearDuplicateIndex index;
  EXPECT_EQ(index.add(1, kBridge), 0);
  EXPECT_EQ(index.size(), 1u);
}

TEST(NearDuplicateIndex, FindsTheSameTextDespiteCaseDiacriticsScriptAndPunctuation) {
  NearDuplicateIndex index;
  ASSERT_EQ(index.add(1, kBridge), 0);
  EXPECT_EQ(index.add(2, "KADA CE BITI IZGRADJEN NOVI MOST U MITROVICI I KO CE GA PLATITI"), 1);
  EXPECT_EQ(index.add(3, "Када ће бити изграђен нови мост у Митровици и ко ће га платити???"), 1);
  EXPECT_EQ(index.add(4, "kada ce biti izgradjen novi most, u mitrovici - i ko ce ga platiti!"), 1);
}

TEST(NearDuplicateIndex, FindsReorderedWordsAndOneChangedWord) {
  NearDuplicateIndex index;
  ASSERT_EQ(index.add(10, kBridge), 0);
  EXPECT_EQ(index.add(11, "Ko će platiti i kada će biti izgrađen novi most u Mitrovici?"), 10);
  EXPECT_EQ(index.add(12, "Kada će biti izgrađen novi most u Mitrovici i ko će to platiti?"), 10);
  EXPECT_EQ(index.add(13, "Kada će biti izgradjen novi most u Mitrovici i ko ce ga plaćati?"), 10);
}

TEST(NearDuplicateIndex, KeepsOtherQuestionsOnTheSameTopicApart) {
  NearDuplicateIndex index;
  ASSERT_EQ(index.add(1, kBridge), 0);
  EXPECT_EQ(index.add(2, "Zašto je most u Mitrovici i dalje zatvoren za automobile?"), 0);
  EXPECT_EQ(index.add(3, "Ko je odgovoran za kašnjenje radova na novom mostu?"), 0);
  EXPECT_EQ(index.add(4, "Pse nuk hapet ura në Mitrovicë për makina?"), 0);
  EXPECT_EQ(index.add(5, "When will the new bridge in Mitrovica finally open?"), 0);
  EXPECT_EQ(index.add(6, "Who decided to close the bridge in Mitrovica to cars?"), 0);
}

TEST(NearDuplicateIndex, ReportsTheGroupsFirstQuestion) {
  NearDuplicateIndex index;
  ASSERT_EQ(index.add(100, "Pse nuk ka ujë të pijshëm në lagjen tonë që nga java e kaluar?"), 0);
  ASSERT_EQ(index.add(101, "Pse nuk ka uje te pijshem ne lagjen tone qe nga java e kaluar"), 100);
  // Close to 101's wording more than to 100's: still reported as group 100.
  EXPECT_EQ(index.add(102, "Pse nuk ka ujë të pijshëm në lagjen tonë që nga muaji i kaluar?"), 100);
  EXPECT_EQ(index.add(103, "What is the plan for the bridge and when will it finally open?"), 0);
  EXPECT_EQ(index.add(104, "what is the plan for the bridge, and when will it open?"), 103);
}

TEST(NearDuplicateIndex, MatchesShortTextsOnlyWhenTheyHaveTheSameWords) {
  NearDuplicateIndex index;
  ASSERT_EQ(index.add(1, "Zašto?"), 0);
  EXPECT_EQ(index.add(2, "ZASTO!!"), 1);
  EXPECT_EQ(index.add(3, "Zašto ne?"), 0);
  EXPECT_EQ(index.add(4, "Kada?"), 0);
}

TEST(NearDuplicateIndex, IgnoresTextsWithoutWords) {
  NearDuplicateIndex index;
  EXPECT_EQ(index.add(1, "?!?"), 0);
  EXPECT_EQ(index.add(2, "?!?"), 0);
  EXPECT_EQ(index.size(), 0u);
}

TEST(NearDuplicateIndex, ForgetsEverythingOnClear) {
  NearDuplicateIndex index;
  ASSERT_EQ(index.add(1, kBridge), 0);
  index.clear();
  EXPECT_EQ(index.size(), 0u);
  EXPECT_EQ(index.add(2, kBridge), 0);
  EXPECT_EQ(index.add(3, kBridge), 2);
}

TEST(NearDuplicateIndex, ForgetsTheOldestQuestionsBeyondItsCapacity) {
  NearDuplicateIndex index(NearDuplicateIndex::Options{0.6, 3});
  ASSERT_EQ(index.add(1, kBridge), 0);
  ASSERT_EQ(index.add(2, "Zašto nema struje u severnom delu grada već tri dana?"), 0);
  ASSERT_EQ(index.add(3, "What is the plan for the bridge and when will it finally open?"), 0);
  ASSERT_EQ(index.add(4, "Pse nuk ka ujë të pijshëm në lagjen tonë që nga java e kaluar?"), 0);
  EXPECT_EQ(index.size(), 3u);
  EXPECT_EQ(index.add(5, kBridge), 0);  // question 1 was forgotten
  EXPECT_EQ(index.add(6, "Zašto nema struje u severnom delu grada već tri dana?"), 0);
  EXPECT_EQ(index.add(7, kBridge), 5);
}

TEST(NearDuplicateIndex, FindsARepeatAmongManyQuestions) {
  NearDuplicateIndex index;
  std::mt19937 rng(7);  // seeded: the same questions every run
  std::vector<std::string> vocabulary;
  for (int i = 0; i < 2000; ++i)
    vocabulary.push_back(madeUpWord(rng));
  std::uniform_int_distribution<std::size_t> pick(0, vocabulary.size() - 1);
  std::vector<std::vector<std::string>> questions(5000);
  for (std::size_t q = 0; q < questions.size(); ++q) {
    std::string text;
    for (int w = 0; w < 9; ++w) {
      questions[q].push_back(vocabulary[pick(rng)]);
      text += questions[q].back() + " ";
    }
    ASSERT_EQ(index.add(static_cast<std::int64_t>(q) + 1, text), 0) << q;
  }
  // Question 1234 again, words in reverse order, one word replaced.
  std::vector<std::string> repeat = questions[1233];
  std::reverse(repeat.begin(), repeat.end());
  repeat[4] = "zamena";
  std::string text;
  for (const std::string& w : repeat)
    text += w + " ";
  EXPECT_EQ(index.add(100000, text), 1234);
}

TEST(NearDuplicateIndex, GroupsAFloodOfNearlyIdenticalQuestions) {
  NearDuplicateIndex index;
  ASSERT_EQ(index.add(1, "Glasajte za listu broj 1 na izborima u nedelju"), 0);
  for (int i = 2; i < 1000; ++i) {
    ASSERT_EQ(
        index.add(i, "Glasajte za listu broj " + std::to_string(i) + " na izborima u nedelju"), 1)
        << i;
  }
}

}  // namespace
}  // namespace sporazum::autofilter

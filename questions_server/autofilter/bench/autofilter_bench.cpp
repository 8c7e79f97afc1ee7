// Classification rate of the auto-filter on one thread: a generated lexicon of ~2,000 made-up
// terms and ~100,000 generated questions in Serbian (Latin and Cyrillic), Albanian and English.
// Prints one JSON line. Usage: autofilter_bench [questions]

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "sporazum/autofilter/auto_filter.hpp"

namespace {

using sporazum::autofilter::Action;
using sporazum::autofilter::AutoFilter;
using sporazum::autofilter::Lexicon;

constexpr unsigned kSeed = 20240611;
constexpr int kTerms = 2000;
constexpr int kDefaultQuestions = 100000;

const std::vector<std::string> kSentences = {
    "Kada će biti izgrađen novi most u Mitrovici i ko će ga platiti?",
    "Zašto opština ne odgovara na zahteve građana za vodu i struju?",
    "Da li je istina da se zatvara granični prelaz na Jarinju sledeće nedelje?",
    "Када ће бити решено питање личних карата и регистарских таблица?",
    "Зашто нема струје у северном делу града већ три дана?",
    "Шта ће бити са школама и болницом ако се буџет смањи?",
    "Pse nuk ka ujë të pijshëm në lagjen tonë që nga java e kaluar?",
    "Kur do të hapet ura për qarkullim dhe kush e vendos këtë?",
    "A mund të na thoni çfarë po bën komuna për rrugët e fshatit?",
    "What is the plan for the bridge and when will it finally open?",
    "Why are the license plates still a problem for people in the north?",
    "How will the government make sure that the elections are fair this year?",
};

std::string madeUpWord(std::mt19937& rng) {
  static const char* const kSyllables[] = {"ka", "zo",  "mi", "tre", "dul", "vo", "qe",  "shk",
                                           "ra", "nje", "bo", "li",  "gru", "pe", "sta", "xu"};
  std::uniform_int_distribution<int> count(2, 4);
  std::uniform_int_distribution<int> pick(0, 15);
  std::string w;
  for (int i = count(rng); i > 0; --i)
    w += kSyllables[pick(rng)];
  return w;
}

}  // namespace

int main(int argc, char** argv) {
  const int questions = argc > 1 ? std::atoi(argv[1]) : kDefaultQuestions;
  std::mt19937 rng(kSeed);

  std::vector<std::string> terms;
  std::string tsv;
  for (int i = 0; i < kTerms; ++i) {
    std::string term = madeUpWord(rng);
    if (i % 10 == 0) term += " " + madeUpWord(rng);  // some multi-word terms
    terms.push_back(term);
    const char* lang = i % 3 == 0 ? "sr" : (i % 3 == 1 ? "sq" : "en");
    tsv += term + (i % 7 == 0 ? "*" : "") + "\t" + lang + "\tbench\t" +
           (i % 2 == 0 ? "hold" : "flag") + "\n";
  }
  auto lexicon = Lexicon::parse(tsv);
  if (!lexicon.ok()) {
    std::fprintf(stderr, "autofilter_bench: %s\n", lexicon.error().message.c_str());
    return 1;
  }
  AutoFilter filter(std::make_shared<const Lexicon>(std::move(*lexicon)));

  // About 5 % of questions carry a term, some with an evasion (separators, digits).
  std::vector<std::string> texts;
  texts.reserve(static_cast<std::size_t>(questions));
  std::uniform_int_distribution<std::size_t> sentence(0, kSentences.size() - 1);
  std::uniform_int_distribution<std::size_t> term(0, terms.size() - 1);
  std::uniform_int_distribution<int> percent(0, 99);
  for (int i = 0; i < questions; ++i) {
    std::string q = kSentences[sentence(rng)];
    const int roll = percent(rng);
    if (roll < 3) {
      q += " " + terms[term(rng)];
    } else if (roll < 5) {
      std::string spaced;
      for (char c : terms[term(rng)]) {
        if (c == ' ') continue;
        if (!spaced.empty()) spaced += '.';
        spaced += c;
      }
      q = spaced + " " + q;
    } else if (roll < 6) {
      q += " www.example.com";
    }
    texts.push_back(std::move(q));
  }

  std::size_t held = 0;
  std::size_t flagged = 0;
  const auto start = std::chrono::steady_clock::now();
  for (const std::string& q : texts) {
    const Action a = filter.check(q).action;
    held += a == Action::Hold ? 1 : 0;
    flagged += a == Action::Flag ? 1 : 0;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf(
      "{\"questions\":%d,\"seconds\":%.3f,\"questions_per_s\":%.0f,\"held\":%zu,\"flagged\":%zu}\n",
      questions, seconds, questions / seconds, held, flagged);
  return 0;
}

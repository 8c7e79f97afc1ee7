// Google Benchmark of the auto-filter on one thread, with the real lexicon
// (assets/filter/lexicon.tsv, or --lexicon=PATH): classification of a realistic mix of questions
// (Serbian Latin and Cyrillic, Albanian, English; about 6 % abusive with evasions, some links and
// phone numbers), and NearDuplicateIndex::add over an episode of 20,000 questions. Rates are the
// items_per_second column. Usage: autofilter_bench [--lexicon=PATH] [benchmark flags]

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "sporazum/autofilter/auto_filter.hpp"
#include "sporazum/autofilter/near_duplicates.hpp"

namespace {

using sporazum::autofilter::Action;
using sporazum::autofilter::AutoFilter;
using sporazum::autofilter::Lexicon;
using sporazum::autofilter::NearDuplicateIndex;

constexpr unsigned kSeed = 20240611;
constexpr std::size_t kQuestions = 20000;
constexpr int kAbusivePercent = 6;

/// Question frames; {} is replaced by a place, so questions vary like a real episode's do.
const std::vector<std::string> kFrames = {
    "Kada će biti izgrađen novi most u {} i ko će ga platiti?",
    "Zašto opština {} ne odgovara na zahteve građana za vodu i struju?",
    "Da li je istina da se zatvara granični prelaz kod {} sledeće nedelje?",
    "Koliko ljudi iz {} je ostalo bez posla posle zatvaranja rudnika?",
    "Šta ćete uraditi za penzionere u {} koji čekaju mesecima?",
    "Kako komentarišete izjavu ministra o policiji u {}?",
    "Када ће бити решено питање личних карата у {}?",
    "Зашто нема струје у {} већ три дана?",
    "Шта ће бити са школама и болницом у {} ако се буџет смањи?",
    "Да ли ће се отворити нови пут према {} ове године?",
    "Pse nuk ka ujë të pijshëm në {} që nga java e kaluar?",
    "Kur do të hapet ura në {} për qarkullim dhe kush e vendos këtë?",
    "A mund të na thoni çfarë po bën komuna e {} për rrugët e fshatit?",
    "Sa të rinj kanë ikur nga {} vitin e kaluar dhe pse?",
    "What is the plan for the bridge in {} and when will it finally open?",
    "Why are the license plates still a problem for people in {}?",
    "How will the government make sure that the elections in {} are fair?",
    "Who is responsible for the roadblocks near {} last week?",
    "Zasto je {} opet bez vode, ko je odgovoran?",
    "Kad ce biti popravljen put za {}???",
};

const std::vector<std::string> kPlaces = {
    "Mitrovici", "Zvečanu",  "Leposaviću", "Zubinom Potoku", "Gračanici",  "Štrpcu",
    "Prištini",  "Prizrenu", "Peći",       "Gjilanit",       "Mitrovicës", "Vushtrrisë",
    "Jarinje",   "Banjska",  "Gazivode",   "Brnjak",         "Pristina",   "Mitrovica North"};

std::string fill(const std::string& frame, const std::string& place) {
  std::string out = frame;
  out.replace(out.find("{}"), 2, place);
  return out;
}

/// A lexicon term as a viewer might type it to get past a filter.
std::string evade(std::string term, std::mt19937& rng) {
  switch (std::uniform_int_distribution<int>(0, 4)(rng)) {
    case 0:  // leet digits
      for (char& c : term) {
        if (c == 'a') c = '4';
        if (c == 'e') c = '3';
        if (c == 'i') c = '1';
        if (c == 'o') c = '0';
      }
      return term;
    case 1: {  // dotted letters (ASCII terms; others are left as written)
      std::string dotted;
      for (char c : term) {
        if (static_cast<unsigned char>(c) >= 0x80) return term;
        if (!dotted.empty()) dotted += '.';
        dotted += c;
      }
      return dotted;
    }
    case 2:  // shouting
      for (char& c : term) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
      }
      return term;
    case 3:  // a zero-width space in the middle
      if (term.size() > 2 && static_cast<unsigned char>(term[2]) < 0x80) term.insert(2, "\u200B");
      return term;
    default:
      return term;
  }
}

std::vector<std::string> makeQuestions(const Lexicon& lexicon, std::size_t count) {
  std::mt19937 rng(kSeed);
  std::uniform_int_distribution<std::size_t> frame(0, kFrames.size() - 1);
  std::uniform_int_distribution<std::size_t> place(0, kPlaces.size() - 1);
  std::uniform_int_distribution<std::size_t> entry(0, lexicon.entries().size() - 1);
  std::uniform_int_distribution<int> percent(0, 99);
  std::vector<std::string> questions;
  questions.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    std::string q = fill(kFrames[frame(rng)], kPlaces[place(rng)]);
    const int roll = percent(rng);
    if (roll < kAbusivePercent && !lexicon.entries().empty()) {
      q = evade(lexicon.entries()[entry(rng)].term, rng) + ", " + q;
    } else if (roll < kAbusivePercent + 1) {
      q += " www.example.com/clanak";
    } else if (roll < kAbusivePercent + 2) {
      q += " Zovite me na 044 123 456.";
    }
    questions.push_back(std::move(q));
  }
  return questions;
}

/// An episode: questions on a few topics and places, each with its own details (names, numbers,
/// circumstances: made-up words here), and about one in eight a near repeat of an earlier one.
std::vector<std::string> makeEpisode(std::size_t count) {
  std::mt19937 rng(kSeed + 1);
  std::uniform_int_distribution<std::size_t> frame(0, kFrames.size() - 1);
  std::uniform_int_distribution<std::size_t> place(0, kPlaces.size() - 1);
  std::uniform_int_distribution<int> letter('a', 'z');
  std::uniform_int_distribution<int> length(3, 9);
  std::uniform_int_distribution<int> details(3, 6);
  std::uniform_int_distribution<int> percent(0, 99);
  std::vector<std::string> vocabulary(2000);
  for (std::string& word : vocabulary) {
    for (int k = length(rng); k > 0; --k)
      word.push_back(static_cast<char>(letter(rng)));
  }
  std::uniform_int_distribution<std::size_t> pick(0, vocabulary.size() - 1);
  std::vector<std::string> episode;
  episode.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    if (!episode.empty() && percent(rng) < 12) {
      std::string repeat =
          episode[std::uniform_int_distribution<std::size_t>(0, episode.size() - 1)(rng)];
      repeat += " Hvala!";
      episode.push_back(std::move(repeat));
      continue;
    }
    std::string question = fill(kFrames[frame(rng)], kPlaces[place(rng)]);
    for (int w = details(rng); w > 0; --w)
      question += " " + vocabulary[pick(rng)];
    episode.push_back(std::move(question));
  }
  return episode;
}

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

int main(int argc, char** argv) {
  std::string lexiconPath = std::string(SPORAZUM_SOURCE_ROOT) + "/assets/filter/lexicon.tsv";
  // Take --lexicon out before Google Benchmark sees the flags.
  int kept = 1;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg.starts_with("--lexicon=")) {
      lexiconPath = std::string(arg.substr(std::strlen("--lexicon=")));
    } else if (arg == "--lexicon" && i + 1 < argc) {
      lexiconPath = argv[++i];
    } else {
      argv[kept++] = argv[i];
    }
  }
  argc = kept;

  const std::string tsv = readFile(lexiconPath);
  auto parsed = Lexicon::parse(tsv);
  if (tsv.empty() || !parsed.ok()) {
    std::fprintf(stderr, "autofilter_bench: cannot use lexicon %s: %s\n", lexiconPath.c_str(),
                 tsv.empty() ? "unreadable or empty" : parsed.error().message.c_str());
    return 1;
  }
  const auto lexicon = std::make_shared<const Lexicon>(std::move(*parsed));
  const std::vector<std::string> questions = makeQuestions(*lexicon, kQuestions);
  const std::vector<std::string> episode = makeEpisode(kQuestions);

  benchmark::RegisterBenchmark("AutoFilter_check/real_lexicon", [&](benchmark::State& state) {
    AutoFilter filter(lexicon);
    std::size_t next = 0;
    std::size_t held = 0;
    std::size_t flagged = 0;
    for (auto _ : state) {
      const Action action = filter.check(questions[next]).action;
      held += action == Action::Hold ? 1 : 0;
      flagged += action == Action::Flag ? 1 : 0;
      next = next + 1 == questions.size() ? 0 : next + 1;
    }
    state.SetItemsProcessed(state.iterations());
    const auto checked = static_cast<double>(state.iterations());
    state.counters["held_pct"] = 100.0 * static_cast<double>(held) / checked;
    state.counters["flagged_pct"] = 100.0 * static_cast<double>(flagged) / checked;
    state.counters["terms"] = static_cast<double>(lexicon->entries().size());
  });

  benchmark::RegisterBenchmark("NearDuplicateIndex_add/20000", [&](benchmark::State& state) {
    NearDuplicateIndex index;
    std::size_t repeats = 0;
    for (auto _ : state) {
      state.PauseTiming();
      index.clear();
      state.ResumeTiming();
      repeats = 0;
      for (std::size_t i = 0; i < episode.size(); ++i)
        repeats += index.add(static_cast<std::int64_t>(i) + 1, episode[i]) != 0 ? 1 : 0;
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(episode.size()));
    state.counters["repeats_found"] = static_cast<double>(repeats);
  })->Unit(benchmark::kMillisecond);

  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

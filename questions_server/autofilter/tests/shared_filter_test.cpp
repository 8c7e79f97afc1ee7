#include "sporazum/autofilter/shared_filter.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

namespace sporazum::autofilter {
namespace {

// Made-up placeholder terms only.
std::shared_ptr<const Lexicon> lexiconOf(std::string_view tsv) {
  auto lex = Lexicon::parse(tsv);
  EXPECT_TRUE(lex.ok());
  return std::make_shared<const Lexicon>(std::move(*lex));
}

bool hits(const Verdict& verdict, std::string_view term) {
  for (const Reason& r : verdict.reasons) {
    if (r.term == term) return true;
  }
  return false;
}

TEST(SharedFilter, ClassifiesWithTheCurrentLexicon) {
  SharedFilter filter(lexiconOf("badword\ten\tabuse\thold\n"));
  EXPECT_EQ(filter.classify("a badword here").action, Action::Hold);
  EXPECT_EQ(filter.classify("Pse nuk ka rrymë?").language, Language::Sq);
  EXPECT_EQ(filter.generation(), 1u);
}

TEST(SharedFilter, UsesAReloadedLexiconFromTheNextCall) {
  SharedFilter filter(lexiconOf("badword\ten\tabuse\thold\n"));
  EXPECT_TRUE(hits(filter.classify("badword"), "badword"));
  filter.reload(lexiconOf("otherword\ten\tabuse\tflag\n"));
  EXPECT_EQ(filter.generation(), 2u);
  EXPECT_FALSE(hits(filter.classify("badword"), "badword"));
  EXPECT_EQ(filter.classify("otherword").action, Action::Flag);
  EXPECT_EQ(filter.lexicon()->entries().size(), 1u);
}

TEST(SharedFilter, KeepsTwoInstancesApartOnOneThread) {
  SharedFilter first(lexiconOf("badword\ten\tabuse\thold\n"));
  SharedFilter second(lexiconOf("otherword\ten\tabuse\thold\n"));
  EXPECT_TRUE(hits(first.classify("badword otherword"), "badword"));
  EXPECT_FALSE(hits(first.classify("badword otherword"), "otherword"));
  EXPECT_TRUE(hits(second.classify("badword otherword"), "otherword"));
  EXPECT_FALSE(hits(second.classify("badword otherword"), "badword"));
}

TEST(SharedFilter, ServesFourThreadsThroughAReload) {
  SharedFilter filter(lexiconOf("badword\ten\tabuse\thold\n"));
  constexpr int kThreads = 4;
  constexpr int kChecksBeforeReload = 200;
  constexpr int kChecksAfterReload = 200;
  std::atomic<int> ready{0};
  std::atomic<bool> reloaded{false};
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kChecksBeforeReload; ++i) {
        if (!hits(filter.classify("this has a badword in it"), "badword")) ++wrong;
      }
      ++ready;
      while (!reloaded.load())
        std::this_thread::yield();
      for (int i = 0; i < kChecksAfterReload; ++i) {
        const Verdict v = filter.classify("this has a badword and an otherword");
        if (!hits(v, "otherword") || hits(v, "badword")) ++wrong;
      }
    });
  }
  while (ready.load() < kThreads)
    std::this_thread::yield();
  filter.reload(lexiconOf("otherword\ten\tabuse\tflag\n"));
  reloaded = true;
  for (std::thread& t : threads)
    t.join();
  EXPECT_EQ(wrong.load(), 0);
}

TEST(SharedFilter, ReloadsWhileThreadsAreClassifying) {
  SharedFilter filter(lexiconOf("badword\ten\tabuse\thold\n"));
  std::atomic<bool> stop{false};
  std::atomic<int> checks{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      while (!stop.load()) {
        const Verdict v = filter.classify("badword otherword");
        EXPECT_EQ(v.reasons.size(), 1u);
        ++checks;
      }
    });
  }
  // Each reload waits for a few checks, so reloads and checks really interleave.
  auto waitForChecks = [&checks](int atLeast) {
    while (checks.load() < atLeast)
      std::this_thread::yield();
  };
  waitForChecks(4);
  for (int i = 0; i < 20; ++i) {
    filter.reload(
        lexiconOf(i % 2 == 0 ? "otherword\ten\tabuse\tflag\n" : "badword\ten\tabuse\thold\n"));
    waitForChecks(checks.load() + 4);
  }
  stop = true;
  for (std::thread& t : threads)
    t.join();
  EXPECT_GE(checks.load(), 4 + 20 * 4);
}

}  // namespace
}  // namespace sporazum::autofilter

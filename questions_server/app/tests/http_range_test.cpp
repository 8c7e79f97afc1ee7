// Byte ranges for the archive's media: what a player asks for, what it gets, and headers that
// are odd or hostile.

#include "http_range.hpp"

#include <gtest/gtest.h>

namespace sporazum::app {
namespace {

constexpr std::uint64_t kSize = 10000;
RangeAnswer answer(std::string_view header, std::uint64_t size = kSize) {
  return answerRange(header, size);
}

TEST(HttpRange, APlayersRangesAreAnsweredWhole) {
  auto a = answer("bytes=0-99");
  EXPECT_EQ(a.verdict, RangeVerdict::Partial);
  EXPECT_EQ(a.range.first, 0U);
  EXPECT_EQ(a.range.last, 99U);
  a = answer("bytes=0-");  // "from the start": all of it (a player does not ask again)
  EXPECT_EQ(a.verdict, RangeVerdict::Partial);
  EXPECT_EQ(a.range.last, kSize - 1);
  a = answer("bytes=9000-");
  EXPECT_EQ(a.range.first, 9000U);
  EXPECT_EQ(a.range.last, kSize - 1);
  a = answer("bytes=9990-20000");  // past the end: up to the end
  EXPECT_EQ(a.range.last, kSize - 1);
  a = answer("bytes=-100");  // the last 100
  EXPECT_EQ(a.range.first, kSize - 100);
  EXPECT_EQ(a.range.last, kSize - 1);
  a = answer("bytes=-20000");  // more than the file: all of it
  EXPECT_EQ(a.range.first, 0U);
  EXPECT_EQ(a.range.length(), kSize);
  a = answer(" bytes= 5 - 9 ");
  EXPECT_EQ(a.verdict, RangeVerdict::Partial);
  EXPECT_EQ(a.range.length(), 5U);
}

TEST(HttpRange, WhatCannotBeMetIs416) {
  EXPECT_EQ(answer("bytes=10000-").verdict, RangeVerdict::Unsatisfiable);
  EXPECT_EQ(answer("bytes=20000-30000").verdict, RangeVerdict::Unsatisfiable);
  EXPECT_EQ(answer("bytes=-0").verdict, RangeVerdict::Unsatisfiable);
  EXPECT_EQ(answer("bytes=0-", 0).verdict, RangeVerdict::Unsatisfiable) << "an empty file";
}

TEST(HttpRange, HeadersThatAreNotOneByteRangeGetTheWholeFile) {
  for (const char* header :
       {"", "bytes", "bytes=", "bytes=-", "bytes=abc-", "bytes=5-1", "bytes=0-1,5-9", "items=0-5",
        "bytes=+5-9", "bytes=0x10-", "bytes=99999999999999999999-", "bytes=1-99999999999999999999",
        "bytes=--5", "BYTES=0-5"}) {
    EXPECT_EQ(answer(header).verdict, RangeVerdict::Whole) << header;
  }
}

}  // namespace
}  // namespace sporazum::app

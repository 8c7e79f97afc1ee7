// CSV that spreadsheets open safely: quoting, and formulas defused (audit and archive exports).

#include "sporazum/core/csv.hpp"

#include <gtest/gtest.h>

namespace sporazum::core {
namespace {

TEST(Csv, PlainFieldsStayAsTheyAre) {
  EXPECT_EQ(csvField("Zvečan"), "Zvečan");
  EXPECT_EQ(csvField("Звечан"), "Звечан");
  EXPECT_EQ(csvField(""), "");
  EXPECT_EQ(csvField("3-2"), "3-2") << "a minus inside a field is no formula";
}

TEST(Csv, CommasQuotesAndLineBreaksAreQuoted) {
  EXPECT_EQ(csvField("a,b"), "\"a,b\"");
  EXPECT_EQ(csvField("he said \"no\""), "\"he said \"\"no\"\"\"");
  EXPECT_EQ(csvField("line\nbreak"), "\"line\nbreak\"");
}

TEST(Csv, FormulasAreDefused) {
  EXPECT_EQ(csvField("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
  EXPECT_EQ(csvField("+381 28 123"), "'+381 28 123");
  EXPECT_EQ(csvField("-2+3"), "'-2+3");
  EXPECT_EQ(csvField("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(csvField("\tcmd"), "'\tcmd");
  EXPECT_EQ(csvField("\r=1"), "\"'\r=1\"");
}

TEST(Csv, RowsEndWithCrLf) {
  EXPECT_EQ(csvRow({"7", "Sporazum, 7. epizoda", "=1+1"}), "7,\"Sporazum, 7. epizoda\",'=1+1\r\n");
  EXPECT_EQ(csvRow({}), "\r\n");
}

}  // namespace
}  // namespace sporazum::core

#include "audit_export.hpp"

#include "sporazum/core/csv.hpp"

#include <gtest/gtest.h>

namespace sporazum::app {
namespace {

TEST(AuditExport, CellsThatASpreadsheetWouldRunAsFormulasAreDefused) {
  EXPECT_EQ(core::csvField("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
  EXPECT_EQ(core::csvField("+1"), "'+1");
  EXPECT_EQ(core::csvField("-2"), "'-2");
  EXPECT_EQ(core::csvField("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(core::csvField("\tx"), "'\tx");
  EXPECT_EQ(core::csvField("ana"), "ana");
  EXPECT_EQ(core::csvField("a,b"), "\"a,b\"");
  EXPECT_EQ(core::csvField("line\nbreak"), "\"line\nbreak\"");
}

TEST(AuditExport, CsvHasAHeaderAndOneRowPerEntry) {
  core::AuditEntry entry;
  entry.id = 5;
  entry.at = "2026-11-23T19:04:05.123Z";
  entry.actor = "ana";
  entry.action = "approve";
  entry.episodeId = 7;
  entry.questionId = 118;
  entry.beforeJson = R"({"state":"held"})";
  entry.afterJson = R"({"state":"approved"})";
  const auto csv = auditToCsv({entry});
  EXPECT_EQ(csv,
            "id,at,actor,action,episode,question,before,after,undoes\r\n"
            "5,2026-11-23T19:04:05.123Z,ana,approve,7,118,\"{\"\"state\"\":\"\"held\"\"}\","
            "\"{\"\"state\"\":\"\"approved\"\"}\",\r\n");
  const auto json = auditToJson({entry});
  EXPECT_NE(json.find(R"("state": "approved")"), std::string::npos);
  EXPECT_NE(json.find(R"("undoes": null)"), std::string::npos);
}

}  // namespace
}  // namespace sporazum::app

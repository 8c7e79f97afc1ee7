#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "static_site.hpp"

namespace sporazum::app {
namespace {

namespace fs = std::filesystem;
const fs::path kRoot = SPORAZUM_SOURCE_ROOT;

TEST(StaticSite, ServesThePageAndTheDataFilesFromTheRepository) {
  StaticSite site(kRoot / "questions_server/web", kRoot / "assets");
  ASSERT_NE(site.find("/"), nullptr);
  EXPECT_EQ(site.find("/")->contentType, "text/html; charset=utf-8");
  EXPECT_NE(site.find("/?lang=sq"), nullptr);
  EXPECT_NE(site.find("/viewer.js"), nullptr);
  ASSERT_NE(site.find("/moderate"), nullptr);
  EXPECT_EQ(site.find("/moderate")->contentType, "text/html; charset=utf-8");
  EXPECT_EQ(site.find("/moderate.html"), nullptr) << "one address per page";
  EXPECT_EQ(site.find("/README.md"), nullptr);
  EXPECT_NE(site.find("/data/i18n.json"), nullptr);
  EXPECT_EQ(site.find("/../etc/passwd"), nullptr);
  EXPECT_EQ(site.find("/data/"), nullptr);
  EXPECT_TRUE(site.municipalityCodes().contains("other"));
  EXPECT_TRUE(site.municipalityCodes().contains("mitrovica-north"));
  EXPECT_GE(site.municipalityCodes().size(), 39U);  // Kosovo's 38 and "other"
}

TEST(StaticSite, RefusesToStartWithAMissingFile) {
  try {
    StaticSite site(kRoot / "no-such-folder", kRoot / "assets");
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("no-such-folder"), std::string::npos);
  }
}

TEST(StaticSite, RefusesAMunicipalityListWithoutOther) {
  const fs::path dir = fs::temp_directory_path() / "sporazum-static-site-test";
  fs::create_directories(dir / "i18n");
  std::ofstream(dir / "i18n/viewer.json") << "{}";
  std::ofstream(dir / "municipalities.json") << R"([{"code":"zvecan"}])";
  EXPECT_THROW(StaticSite(kRoot / "questions_server/web", dir), std::runtime_error);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace sporazum::app

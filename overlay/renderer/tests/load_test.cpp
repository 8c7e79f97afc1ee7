// Loading: the show's templates load; a bad template, a missing font or logo is a clear error.

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace sporazum::overlay {
namespace {

using nlohmann::json;
using testing::k1080;
using testing::k720;
using testing::ScratchTemplates;

core::Error loadError(const ScratchTemplates& scratch, FrameFormat format = k1080) {
  auto loaded = Renderer::load(scratch.dir(), format);
  if (loaded) return {};
  return loaded.error();
}

TEST(Load, TheShowsTemplatesLoadAt1080pAnd720p) {
  for (const FrameFormat format : {k1080, k720, FrameFormat{3840, 2160, 50, 1}}) {
    auto loaded = Renderer::load(testing::templatesDir(), format);
    ASSERT_TRUE(loaded) << loaded.error().message;
    EXPECT_EQ((*loaded)->format(), format);
  }
}

TEST(Load, AScratchCopyLoadsToo) {
  ScratchTemplates scratch;
  EXPECT_EQ(loadError(scratch).code, "");
}

TEST(Load, RefusesABoxOutsideTheGraphicsSafeArea) {
  ScratchTemplates scratch;
  scratch.edit("question.json", [](json& t) { t["box"]["x"] = 40; });
  const core::Error error = loadError(scratch);
  EXPECT_EQ(error.code, "outside_safe_area");
  EXPECT_NE(error.message.find("question.json"), std::string::npos) << error.message;
}

TEST(Load, RefusesAShadowThatReachesOutOfTheSafeArea) {
  ScratchTemplates scratch;
  scratch.edit("guest_super.json", [](json& t) { t["box"]["x"] = 96; });
  EXPECT_EQ(loadError(scratch).code, "outside_safe_area");
}

TEST(Load, OnlyABarMarkedToBleedMayRunToTheFrameEdge) {
  ScratchTemplates scratch;
  scratch.edit("ticker.json", [](json& t) { t["bar"]["bleed"] = false; });
  EXPECT_EQ(loadError(scratch).code, "outside_safe_area");
  ScratchTemplates textOut;
  textOut.edit("ticker.json", [](json& t) { t["textBox"]["width"] = 1600; });
  EXPECT_EQ(loadError(textOut).code, "outside_safe_area");
}

TEST(Load, RefusesAMissingFontFile) {
  ScratchTemplates scratch;
  scratch.edit("show.json", [](json& t) {
    t["fonts"][1] = "/usr/share/fonts/truetype/open-sans/OpenSans-Missing.ttf";
  });
  const core::Error error = loadError(scratch);
  EXPECT_EQ(error.code, "font_missing");
  EXPECT_NE(error.message.find("OpenSans-Missing.ttf"), std::string::npos) << error.message;
}

TEST(Load, RefusesAStyleWhoseWeightNoListedFontHas) {
  ScratchTemplates scratch;
  // Without the Semibold file the question's weight 600 would be faked from another face.
  scratch.edit("show.json", [](json& t) {
    t["fonts"] = json::array({"/usr/share/fonts/truetype/open-sans/OpenSans-Regular.ttf",
                              "/usr/share/fonts/truetype/open-sans/OpenSans-Bold.ttf",
                              "/usr/share/fonts/truetype/open-sans/OpenSans-ExtraBold.ttf"});
  });
  EXPECT_EQ(loadError(scratch).code, "font_missing");
  ScratchTemplates family;
  family.edit("clock.json", [](json& t) { t["bar"]["text"]["family"] = "DejaVu Sans"; });
  EXPECT_EQ(loadError(family).code, "font_missing");
}

TEST(Load, RefusesAFileThatIsNotAFont) {
  ScratchTemplates scratch;
  scratch.edit("show.json", [&](json& t) { t["fonts"][0] = "show.json"; });
  EXPECT_EQ(loadError(scratch).code, "font_missing");
}

TEST(Load, RefusesAMissingLogo) {
  ScratchTemplates scratch;
  scratch.edit("show.json", [](json& t) { t["logo"] = "../logo/nope.png"; });
  EXPECT_EQ(loadError(scratch).code, "logo_missing");
}

TEST(Load, RefusesMalformedJsonAndNamesTheFile) {
  ScratchTemplates scratch;
  scratch.write("clock.json", "{\"box\": ");
  const core::Error error = loadError(scratch);
  EXPECT_EQ(error.code, "template_invalid");
  EXPECT_NE(error.message.find("clock.json"), std::string::npos) << error.message;
}

TEST(Load, RefusesAMisspeltFieldRatherThanIgnoringIt) {
  ScratchTemplates scratch;
  scratch.edit("question.json", [](json& t) { t["question"]["maxlines"] = 2; });
  const core::Error error = loadError(scratch);
  EXPECT_EQ(error.code, "template_invalid");
  EXPECT_NE(error.message.find("question.json: question.maxlines"), std::string::npos)
      << error.message;
}

TEST(Load, RefusesBadValues) {
  const std::pair<const char*, std::function<void(json&)>> edits[] = {
      {"question.json", [](json& t) { t["question"]["minSizePx"] = 60; }},
      {"question.json", [](json& t) { t["animateIn"]["kind"] = "spin"; }},
      {"question.json", [](json& t) { t["panel"]["background"] = "chartreuse"; }},
      {"question.json", [](json& t) { t["header"]["height"] = 12; }},
      {"question.json", [](json& t) { t["question"]["maxLines"] = 6; }},
      {"qr.json", [](json& t) { t["dark"] = "#00000080"; }},
      {"show.json", [](json& t) { t["onAirLanguage"] = "de"; }},
      {"show.json", [](json& t) { t["labels"].erase("sr-Latn"); }},
      {"slate.json", [](json& t) { t.erase("rule"); }}};
  for (const auto& [file, edit] : edits) {
    ScratchTemplates scratch;
    scratch.edit(file, edit);
    const core::Error error = loadError(scratch);
    EXPECT_EQ(error.code, "template_invalid") << file << ": " << error.message;
  }
}

TEST(Load, RefusesAMissingTemplateFile) {
  ScratchTemplates scratch;
  std::filesystem::remove(scratch.dir() / "ticker.json");
  EXPECT_EQ(loadError(scratch).code, "templates_unreadable");
  EXPECT_EQ(Renderer::load("/nonexistent/templates", k1080).error().code, "templates_unreadable");
}

TEST(Load, RefusesAFrameThatIsNot16By9) {
  EXPECT_EQ(Renderer::load(testing::templatesDir(), FrameFormat{720, 576, 25, 1}).error().code,
            "unsupported_format");
}

}  // namespace
}  // namespace sporazum::overlay

// Golden files: every example in schema/examples decodes and re-encodes to the same bytes.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "sporazum/core/protocol.hpp"

namespace sporazum::protocol {
namespace {

namespace fs = std::filesystem;

std::string readWithoutTrailingNewline(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  while (!text.empty() && text.back() == '\n')
    text.pop_back();
  return text;
}

std::vector<fs::path> examples(std::string_view prefix) {
  std::vector<fs::path> found;
  for (const auto& entry :
       fs::directory_iterator(fs::path(SPORAZUM_SOURCE_ROOT) / "schema/examples")) {
    if (entry.path().filename().string().starts_with(prefix)) found.push_back(entry.path());
  }
  std::sort(found.begin(), found.end());
  return found;
}

TEST(ProtocolGolden, EveryViewerExampleDecodesAndReEncodesByteForByte) {
  auto files = examples("to_server.");
  ASSERT_EQ(files.size(), 2U);
  for (const auto& file : files) {
    SCOPED_TRACE(file.filename().string());
    const std::string golden = readWithoutTrailingNewline(file);
    auto decoded = decodeViewerMessage(golden);
    ASSERT_TRUE(std::holds_alternative<ViewerMessage>(decoded))
        << std::get<DecodeFailure>(decoded).error.code;
    EXPECT_EQ(encode(std::get<ViewerMessage>(decoded)), golden);
  }
}

TEST(ProtocolGolden, EveryServerExampleDecodesAndReEncodesByteForByte) {
  auto files = examples("to_viewer.");
  ASSERT_EQ(files.size(), 5U);
  for (const auto& file : files) {
    SCOPED_TRACE(file.filename().string());
    const std::string golden = readWithoutTrailingNewline(file);
    auto decoded = decodeServerMessage(golden);
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    EXPECT_EQ(encode(*decoded), golden);
  }
}

TEST(ProtocolGolden, TheWelcomeExampleCarriesCyrillicUnescaped) {
  auto decoded = decodeServerMessage(readWithoutTrailingNewline(
      fs::path(SPORAZUM_SOURCE_ROOT) / "schema/examples/to_viewer.welcome.json"));
  ASSERT_TRUE(decoded.ok());
  const auto& welcome = std::get<Welcome>(*decoded);
  ASSERT_EQ(welcome.questions.size(), 1U);
  EXPECT_EQ(welcome.questions[0].text, "Када ће бити поправљен пут?");
}

}  // namespace
}  // namespace sporazum::protocol

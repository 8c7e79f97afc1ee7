#include "test_support.hpp"

#include <atomic>
#include <cstring>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <unistd.h>

namespace sporazum::overlay::testing {

std::filesystem::path templatesDir() {
  return std::filesystem::path(SPORAZUM_SOURCE_ROOT) / "assets" / "templates";
}

std::unique_ptr<Renderer> loadRenderer(FrameFormat format) {
  auto loaded = Renderer::load(templatesDir(), format);
  if (!loaded) {
    ADD_FAILURE() << loaded.error().code << ": " << loaded.error().message;
    return nullptr;
  }
  return std::move(*loaded);
}

ScratchTemplates::ScratchTemplates() {
  static std::atomic<int> counter{0};
  root_ = std::filesystem::temp_directory_path() /
          ("sporazum-renderer-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  templates_ = root_ / "templates";
  const auto assets = templatesDir().parent_path();
  std::filesystem::create_directories(root_ / "logo");
  std::filesystem::copy(templatesDir(), templates_, std::filesystem::copy_options::recursive);
  std::filesystem::copy(assets / "logo" / "sporazum-logo.png", root_ / "logo");
  std::filesystem::copy(assets / "municipalities.json", root_);
}

ScratchTemplates::~ScratchTemplates() {
  std::error_code ignored;
  std::filesystem::remove_all(root_, ignored);
}

void ScratchTemplates::edit(const std::string& file,
                            const std::function<void(nlohmann::json&)>& change) {
  std::ifstream in(templates_ / file);
  nlohmann::json value = nlohmann::json::parse(in);
  change(value);
  write(file, value.dump(2));
}

void ScratchTemplates::write(const std::string& file, const std::string& text) {
  std::ofstream out(templates_ / file, std::ios::trunc);
  out << text;
}

std::uint32_t pixelAt(const PremultipliedImage& image, int x, int y) {
  std::uint32_t pixel = 0;
  std::memcpy(&pixel, image.row(y) + static_cast<std::size_t>(x) * 4, sizeof pixel);
  return pixel;
}

std::uint8_t alphaAt(const PremultipliedImage& image, int x, int y) {
  return static_cast<std::uint8_t>(pixelAt(image, x, y) >> 24U);
}

PixelBounds opaqueBounds(const PremultipliedImage& image) {
  int left = image.width, top = image.height, right = -1, bottom = -1;
  for (int y = 0; y < image.height; ++y) {
    for (int x = 0; x < image.width; ++x) {
      if (alphaAt(image, x, y) == 0) continue;
      left = std::min(left, x);
      right = std::max(right, x);
      top = std::min(top, y);
      bottom = std::max(bottom, y);
    }
  }
  if (right < 0) return {};
  return PixelBounds{left, top, right - left + 1, bottom - top + 1};
}

}  // namespace sporazum::overlay::testing

// Under LeakSanitizer (the asan preset): fontconfig keeps the system configuration it parses
// once per process (Pango loads it in the background even though the renderer never uses it).
// Stacks through fontconfig stop at its first frame, so the suppression names the library. The
// renderer's own per-instance configuration is released (fonts.cpp) and was checked without it.
extern "C" const char* __lsan_default_suppressions();  // NOLINT: sanitizer hook
extern "C" const char* __lsan_default_suppressions() {
  return "leak:libfontconfig.so\n";
}

#pragma once
// Shared by the renderer's tests: the show's templates, a scratch copy to break, pixel helpers.

#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "sporazum/overlay/renderer.hpp"

namespace sporazum::overlay::testing {

std::filesystem::path templatesDir();

inline constexpr FrameFormat k1080{1920, 1080, 50, 1};
inline constexpr FrameFormat k720{1280, 720, 50, 1};

/// Loads the show's templates; fails the test (and returns null) when they do not load.
std::unique_ptr<Renderer> loadRenderer(FrameFormat format = k1080);

/// A throw-away copy of assets/templates (with the logo and municipality list beside it, as in
/// the repository) whose files a test may edit.
class ScratchTemplates {
 public:
  ScratchTemplates();
  ~ScratchTemplates();
  ScratchTemplates(const ScratchTemplates&) = delete;
  ScratchTemplates& operator=(const ScratchTemplates&) = delete;

  const std::filesystem::path& dir() const { return templates_; }
  void edit(const std::string& file, const std::function<void(nlohmann::json&)>& change);
  void write(const std::string& file, const std::string& text);

 private:
  std::filesystem::path root_;
  std::filesystem::path templates_;
};

/// Bounds of the pixels with any alpha, in the image's own pixels; width 0 when all clear.
struct PixelBounds {
  int x = 0;
  int y = 0;
  int width = 0;
  int height = 0;
};
PixelBounds opaqueBounds(const PremultipliedImage& image);

/// Alpha of one pixel (Cairo ARGB32, native endian).
std::uint8_t alphaAt(const PremultipliedImage& image, int x, int y);
/// The whole 32-bit pixel.
std::uint32_t pixelAt(const PremultipliedImage& image, int x, int y);

}  // namespace sporazum::overlay::testing

#pragma once
// The viewer page and its data files, read once at start-up and served from memory.

#include <filesystem>
#include <map>
#include <set>
#include <string>

namespace sporazum::app {

struct StaticFile {
  std::string contentType;
  std::string body;
};

class StaticSite {
 public:
  /// Reads the page from `webRoot` and the data files from `assetsDir`. Throws std::runtime_error
  /// naming the missing or unreadable file.
  StaticSite(const std::filesystem::path& webRoot, const std::filesystem::path& assetsDir);

  /// The file served at `path` (query string ignored), or nullptr.
  const StaticFile* find(std::string_view target) const;
  /// Municipality codes from assets/municipalities.json.
  const std::set<std::string, std::less<>>& municipalityCodes() const { return municipalityCodes_; }

 private:
  std::map<std::string, StaticFile, std::less<>> files_;
  std::set<std::string, std::less<>> municipalityCodes_;
};

}  // namespace sporazum::app

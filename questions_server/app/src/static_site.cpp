#include "static_site.hpp"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

namespace sporazum::app {
namespace {

std::string readFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace

StaticSite::StaticSite(const std::filesystem::path& webRoot,
                       const std::filesystem::path& assetsDir) {
  // Every page, script and style of the web root: x.html at /x (index.html at /), the rest by name.
  if (!std::filesystem::is_directory(webRoot)) {
    throw std::runtime_error("cannot read " + webRoot.string() + ": not a folder");
  }
  for (const auto& entry : std::filesystem::directory_iterator(webRoot)) {
    if (!entry.is_regular_file()) continue;
    const auto name = entry.path().filename().string();
    const auto extension = entry.path().extension().string();
    if (extension == ".html") {
      const auto stem = entry.path().stem().string();
      files_[stem == "index" ? "/" : "/" + stem] = {"text/html; charset=utf-8",
                                                    readFile(entry.path())};
    } else if (extension == ".js" || extension == ".mjs") {
      files_["/" + name] = {"text/javascript; charset=utf-8", readFile(entry.path())};
    } else if (extension == ".css") {
      files_["/" + name] = {"text/css; charset=utf-8", readFile(entry.path())};
    }
  }
  for (const char* required : {"/", "/viewer.js", "/viewer.css", "/moderate"}) {
    if (!files_.contains(std::string_view(required))) {
      throw std::runtime_error("the web root " + webRoot.string() + " has no page for " + required);
    }
  }
  files_["/data/i18n.json"] = {"application/json", readFile(assetsDir / "i18n/viewer.json")};
  const std::string municipalities = readFile(assetsDir / "municipalities.json");
  files_["/data/municipalities.json"] = {"application/json", municipalities};

  auto list = nlohmann::json::parse(municipalities, nullptr, false);
  if (!list.is_array()) {
    throw std::runtime_error((assetsDir / "municipalities.json").string() + " is not a JSON array");
  }
  for (const auto& entry : list) {
    if (!entry.is_object() || !entry.contains("code") || !entry["code"].is_string()) {
      throw std::runtime_error("an entry of municipalities.json has no string \"code\"");
    }
    municipalityCodes_.insert(entry["code"].get<std::string>());
  }
  if (!municipalityCodes_.contains("other")) {
    throw std::runtime_error("municipalities.json must include the code \"other\"");
  }
}

const StaticFile* StaticSite::find(std::string_view target) const {
  auto path = target.substr(0, target.find('?'));
  if (path == "/index.html") path = "/";
  auto it = files_.find(path);
  return it == files_.end() ? nullptr : &it->second;
}

}  // namespace sporazum::app

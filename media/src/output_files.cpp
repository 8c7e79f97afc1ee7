#include "output_files.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "sporazum/media/errors.hpp"

namespace sporazum::media {

OutputFiles::OutputFiles(std::string directory) {
  std::error_code error;
  auto absolute = std::filesystem::absolute(directory, error);
  directory_ = error ? std::move(directory) : absolute.lexically_normal().string();
  while (directory_.size() > 1 && directory_.back() == '/')
    directory_.pop_back();
}

OutputFiles::~OutputFiles() {
  if (!committed_) discard();
}

std::string OutputFiles::add(const std::string& name) {
  // A hidden name with the process id, so a second ingest into the same directory does not
  // collide and a half-made file is never mistaken for a real one.
  Entry entry;
  entry.final = directory_ + "/" + name;
  entry.temporary = directory_ + "/." + name + "." + std::to_string(::getpid()) + ".part";
  entries_.push_back(entry);
  return entry.temporary;
}

std::string OutputFiles::finalPath(const std::string& name) const {
  return directory_ + "/" + name;
}

std::optional<core::Error> OutputFiles::commit() {
  for (auto& entry : entries_) {
    if (std::rename(entry.temporary.c_str(), entry.final.c_str()) != 0) {
      const int error = errno;
      auto failure = core::makeError(
          std::string(errors::kOutputFailed),
          "renaming " + entry.temporary + " to " + entry.final + ": " + std::strerror(error));
      discard();
      return failure;
    }
    entry.renamed = true;
  }
  committed_ = true;
  return std::nullopt;
}

void OutputFiles::forget(const std::string& name) {
  const std::string final = finalPath(name);
  std::erase_if(entries_, [&](const Entry& entry) {
    if (entry.final != final) return false;
    std::remove(entry.temporary.c_str());
    return true;
  });
}

void OutputFiles::discard() {
  for (auto& entry : entries_) {
    std::remove(entry.temporary.c_str());
    if (entry.renamed) std::remove(entry.final.c_str());
  }
  entries_.clear();
}

}  // namespace sporazum::media

#pragma once
// The files one ingest makes: written under temporary names, renamed together at the end, and
// removed (every one of them) when the ingest fails or is cancelled.

#include <optional>
#include <string>
#include <vector>

#include "sporazum/core/result.hpp"

namespace sporazum::media {

/// Owned by the ingest; not thread-safe (workers get their temporary names up front).
class OutputFiles {
 public:
  explicit OutputFiles(std::string directory);
  ~OutputFiles();  // removes everything unless commit() succeeded
  OutputFiles(const OutputFiles&) = delete;
  OutputFiles& operator=(const OutputFiles&) = delete;

  /// Reserves `name` in the directory; returns the temporary path to write to.
  std::string add(const std::string& name);
  /// The final (absolute) path of a reserved name.
  std::string finalPath(const std::string& name) const;
  /// Gives up a reserved name that was not made after all (a thumbnail past the end).
  void forget(const std::string& name);
  /// Renames every temporary file to its final name; on failure removes them all.
  std::optional<core::Error> commit();
  /// Removes every temporary (and already renamed) file now.
  void discard();

 private:
  struct Entry {
    std::string temporary;
    std::string final;
    bool renamed = false;
  };
  std::string directory_;
  std::vector<Entry> entries_;
  bool committed_ = false;
};

}  // namespace sporazum::media

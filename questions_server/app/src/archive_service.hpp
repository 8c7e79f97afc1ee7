#pragma once
// The episode archive as the server offers it: to producers through the desk (list, search,
// read, edit) and to everyone over HTTP (the public archive's JSON, thumbnails, and proxies for
// whoever holds a signed link). Queries run on a thread with its own archive store connection
// and files are read on another, so neither ever holds up the show on the I/O thread.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "sporazum/core/archive_json.hpp"
#include "sporazum/core/question.hpp"
#include "sporazum/core/rate_limiter.hpp"
#include "sporazum/desk/ports.hpp"
#include "sporazum/ws/server.hpp"

namespace sporazum::app {

struct ArchiveServiceOptions {
  std::string databaseUri;
  /// Files are served only from under this folder (where sporazum-archive ingests to).
  std::filesystem::path archiveRoot = "var/archive";
  core::Digest linkKey{};  ///< signs proxy links
  std::size_t maxWaitingQueries = 256;
  std::size_t maxWaitingReads = 64;
  std::chrono::seconds publicCacheTime{30};
  std::size_t maxCachedAnswers = 2000;
  /// Public searches per client address (they cannot all be cached); generous, as a mobile
  /// network puts many viewers behind one address.
  core::RateLimit searchPerAddress{.burst = 60, .perMinute = 300};
  /// Unix seconds now (tests move it).
  std::function<std::int64_t()> nowUnixSeconds;
};

class ArchiveService : public desk::ArchiveRepository {
 public:
  explicit ArchiveService(ArchiveServiceOptions options);
  /// Finishes the query and the read in progress; waiting ones are dropped unanswered.
  ~ArchiveService() override;
  ArchiveService(const ArchiveService&) = delete;
  ArchiveService& operator=(const ArchiveService&) = delete;

  void listEpisodes(std::size_t offset, std::size_t limit,
                    Done<core::Result<std::vector<core::ArchiveEpisodeSummary>>> done) override;
  void search(std::string query, std::size_t limit,
              Done<core::Result<std::vector<core::SearchHit>>> done) override;
  void episode(std::int64_t number, Done<core::Result<core::ArchiveEpisodeDetail>> done) override;
  void edit(std::int64_t number, core::ArchiveMetadataPatch patch, core::StaffIdentity by,
            Done<core::Result<core::ArchiveEpisodeDetail>> done) override;

  /// Links in replies: thumbnails open, the proxy signed for core::kMediaLinkSeconds.
  core::ArchiveMediaLinks links() const;

  /// Takes a GET or HEAD of the public archive's API (/api/archive/…) or media
  /// (/archive/media/…) and answers it later through `reply` (schema/protocol.md, "HTTP on the
  /// same port"); false for any other request. Thread-safe.
  bool takeHttp(const ws::HttpRequest& request, std::function<void(ws::HttpResponse)> reply);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sporazum::app

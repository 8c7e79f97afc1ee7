#include "archive_service.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <charconv>
#include <mutex>
#include <optional>
#include <unordered_map>

#include "http_range.hpp"
#include "job_thread.hpp"
#include "sporazum/core/log.hpp"
#include "sporazum/core/media_link.hpp"
#include "sporazum/core/text.hpp"
#include "sporazum/pg/archive_store.hpp"

namespace sporazum::app {
namespace {

namespace fs = std::filesystem;
using core::json::Json;
using Clock = std::chrono::steady_clock;

constexpr std::string_view kApiPrefix = "/api/archive/";
constexpr std::size_t kDefaultPublicLimit = 50;
constexpr std::size_t kMaxPublicLimit = 100;
constexpr std::size_t kDefaultPublicSearchLimit = 20;
constexpr std::size_t kMaxPublicSearchLimit = 50;
constexpr std::int64_t kMaxOffset = 1000000;
constexpr std::size_t kMaxQueryBytes = 2048;
constexpr int kRetryAfterSeconds = 5;
constexpr std::size_t kMaxRememberedAddresses = 10000;
/// A file's row (role, location) is looked up again after this: a re-ingest or removal shows.
constexpr auto kAssetCacheTime = std::chrono::seconds(60);

ws::HttpResponse jsonResponse(int status, const Json& body, std::string cacheControl) {
  ws::HttpResponse response;
  response.status = status;
  response.contentType = "application/json; charset=utf-8";
  response.body = body.dump(-1, ' ', false, Json::error_handler_t::replace);
  response.headers = {{"Cache-Control", std::move(cacheControl)},
                      {"X-Content-Type-Options", "nosniff"}};
  return response;
}

ws::HttpResponse errorResponse(int status, std::string_view code, std::string_view message) {
  auto response = jsonResponse(status, Json{{"error", code}, {"message", message}}, "no-store");
  if (status == 503)
    response.headers.push_back({"Retry-After", std::to_string(kRetryAfterSeconds)});
  return response;
}

ws::HttpResponse tryAgain() {
  return errorResponse(503, "try_again", "the archive cannot answer just now; try again shortly");
}

/// "%41+b" → "A b"; nullopt for a broken escape.
std::optional<std::string> percentDecoded(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out.push_back(' ');
    } else if (text[i] == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      unsigned value = 0;
      const auto [end, error] =
          std::from_chars(text.data() + i + 1, text.data() + i + 3, value, 16);
      if (error != std::errc() || end != text.data() + i + 3) return std::nullopt;
      out.push_back(static_cast<char>(value));
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

/// The query string's parameters (the first of each name wins); nullopt when one is malformed.
std::optional<std::map<std::string, std::string>> queryParameters(std::string_view query) {
  std::map<std::string, std::string> out;
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    auto name = percentDecoded(pair.substr(0, eq));
    auto value = percentDecoded(eq == std::string_view::npos ? "" : pair.substr(eq + 1));
    if (!name || !value) return std::nullopt;
    out.emplace(std::move(*name), std::move(*value));
  }
  return out;
}

/// A whole number in [low, high] from a parameter; `fallback` when absent.
std::optional<std::int64_t> integerParameter(const std::map<std::string, std::string>& params,
                                             const std::string& name, std::int64_t fallback,
                                             std::int64_t low, std::int64_t high) {
  const auto it = params.find(name);
  if (it == params.end()) return fallback;
  std::int64_t value = 0;
  const auto& text = it->second;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || value < low ||
      value > high) {
    return std::nullopt;
  }
  return value;
}

bool isAired(core::ArchiveEpisodeState state) {
  return state == core::ArchiveEpisodeState::Aired || state == core::ArchiveEpisodeState::Archived;
}

/// `path` made absolute, symlinks resolved as far as they exist; empty when it cannot be.
fs::path resolved(const fs::path& path) {
  std::error_code ec;
  fs::path out = fs::weakly_canonical(fs::absolute(path, ec), ec);
  return ec ? fs::path() : out;
}

/// Whether `file` lies inside `resolvedRoot` (see resolved()), once its links are resolved.
bool isInside(const fs::path& file, const fs::path& resolvedRoot) {
  const fs::path resolvedFile = resolved(file);
  if (resolvedFile.empty() || resolvedRoot.empty()) return false;
  auto rootPart = resolvedRoot.begin();
  auto filePart = resolvedFile.begin();
  for (; rootPart != resolvedRoot.end(); ++rootPart, ++filePart) {
    if (rootPart->empty()) continue;  // a trailing separator
    if (filePart == resolvedFile.end() || *filePart != *rootPart) return false;
  }
  return filePart != resolvedFile.end();
}

/// Bodies up to this are read whole; longer ones are streamed.
constexpr std::uint64_t kWholeBodyBytes = 1024 * 1024;
constexpr std::uint64_t kPieceBytes = 256 * 1024;

/// An open media file, read whole or streamed from the read thread a piece at a time (as
/// ws::HttpBodySource). Closes the file when the last user lets go.
class FileBody : public ws::HttpBodySource, public std::enable_shared_from_this<FileBody> {
 public:
  /// `reads` must outlive every read() call: the server stops asking once its I/O loop has
  /// ended, which is before the archive service goes.
  FileBody(int fd, JobThread& reads) : fd_(fd), reads_(reads) {}
  ~FileBody() override { ::close(fd_); }
  FileBody(const FileBody&) = delete;
  FileBody& operator=(const FileBody&) = delete;

  void setSpan(std::uint64_t offset, std::uint64_t length) {
    offset_ = offset;
    length_ = length;
  }
  std::uint64_t size() const override { return length_; }

  void read(std::function<void(std::string)> deliver) override {
    const std::uint64_t at = offset_ + sent_;
    const std::uint64_t wanted = std::min(kPieceBytes, length_ - sent_);
    sent_ += wanted;
    auto self = shared_from_this();
    const bool isQueued = reads_.post(
        [self, at, wanted, deliver] { deliver(self->readAt(at, wanted).value_or(std::string())); });
    if (!isQueued) deliver(std::string());  // the transport closes the connection
  }

  /// Exactly `length` bytes from `offset`; nullopt when the file is shorter or unreadable.
  std::optional<std::string> readAt(std::uint64_t offset, std::uint64_t length) const {
    std::string out(length, '\0');
    std::uint64_t done = 0;
    while (done < length) {
      const auto got =
          ::pread(fd_, out.data() + done, length - done, static_cast<off_t>(offset + done));
      if (got <= 0) {
        log::warn("archive_file_unreadable", {{"errno", static_cast<std::int64_t>(errno)}});
        return std::nullopt;
      }
      done += static_cast<std::uint64_t>(got);
    }
    return out;
  }

 private:
  int fd_;
  JobThread& reads_;
  std::uint64_t offset_ = 0;
  std::uint64_t length_ = 0;
  std::uint64_t sent_ = 0;  ///< asked for so far (the transport asks one piece at a time)
};

struct CachedAnswer {
  ws::HttpResponse response;
  Clock::time_point expiresAt;
};

struct AssetRow {
  core::MediaRole role = core::MediaRole::ProgrammeMaster;
  std::string location;
  Clock::time_point expiresAt;
};

}  // namespace

class ArchiveService::Impl {
 public:
  explicit Impl(ArchiveServiceOptions options)
      : options_(std::move(options)),
        archiveRoot_(resolved(options_.archiveRoot)),
        store_(options_.databaseUri),
        reads_(options_.maxWaitingReads),
        queries_(options_.maxWaitingQueries) {
    if (!options_.nowUnixSeconds) {
      options_.nowUnixSeconds = [] {
        return std::chrono::duration_cast<std::chrono::seconds>(
                   std::chrono::system_clock::now().time_since_epoch())
            .count();
      };
    }
  }

  core::ArchiveMediaLinks links() const {
    return {core::openMediaLink,
            [key = options_.linkKey, now = options_.nowUnixSeconds](std::int64_t assetId) {
              return core::signedMediaLink(key, assetId, now() + core::kMediaLinkSeconds);
            }};
  }

  /// Runs `work` on the query thread, or answers `done` with unavailable when too many wait.
  template <typename T, typename Work>
  void query(std::function<void(core::Result<T>)> done, Work work) {
    auto shared = std::make_shared<std::function<void(core::Result<T>)>>(std::move(done));
    const bool isQueued =
        queries_.post([shared, work = std::move(work)]() mutable { (*shared)(work()); });
    if (!isQueued) (*shared)(core::makeError("unavailable", "too many archive requests wait"));
  }

  pg::ArchiveStore& store() { return store_; }

  bool takeHttp(const ws::HttpRequest& request, std::function<void(ws::HttpResponse)> reply) {
    if (request.method != "GET" && request.method != "HEAD") return false;
    const std::string_view target = request.target;
    const auto question = target.find('?');
    const std::string path(target.substr(0, question));
    const std::string_view queryString =
        question == std::string_view::npos ? std::string_view() : target.substr(question + 1);
    const bool isHead = request.method == "HEAD";
    auto answer = [reply = std::move(reply), isHead](ws::HttpResponse response) {
      if (isHead) {
        response.body.clear();
        response.bodySource.reset();  // a HEAD answer never carries a body, streamed or not
      }
      reply(std::move(response));
    };
    if (path.rfind(kApiPrefix, 0) == 0) {
      std::int64_t retryAfterMs = 0;
      if (path == "/api/archive/search" && !mayAddressSearch(request.remoteAddress, retryAfterMs)) {
        auto refused = errorResponse(429, "too_many", "too many searches; try again shortly");
        refused.headers.push_back({"Retry-After", std::to_string(retryAfterMs / 1000 + 1)});
        answer(std::move(refused));
        return true;
      }
      const bool isQueued = queries_.post(
          [this, path, query = std::string(queryString), answer]() { answer(api(path, query)); });
      if (!isQueued) answer(tryAgain());
      return true;
    }
    if (path.rfind(core::kArchiveMediaPath, 0) == 0) {
      const std::string range = request.header("Range");
      const bool isQueued = queries_.post([this, path, query = std::string(queryString), range,
                                           answer]() { media(path, query, range, answer); });
      if (!isQueued) answer(tryAgain());
      return true;
    }
    return false;
  }

 private:
  /// Takes a search token of the address's bucket; forgets full buckets when there are many.
  bool mayAddressSearch(const std::string& address, std::int64_t& retryAfterMs) {
    const auto now = Clock::now();
    std::lock_guard lock(limitsMutex_);
    if (searchBuckets_.size() > kMaxRememberedAddresses) {
      std::erase_if(searchBuckets_, [&](const auto& entry) {
        return entry.second.isFull(options_.searchPerAddress, now);
      });
    }
    return searchBuckets_[address].tryTake(options_.searchPerAddress, now, retryAfterMs);
  }

  // ---- the public API (query thread) --------------------------------------------------------

  ws::HttpResponse api(const std::string& path, const std::string& queryString) {
    const std::string key = path + "?" + queryString;
    const auto now = Clock::now();
    if (auto it = cache_.find(key); it != cache_.end() && it->second.expiresAt > now) {
      return it->second.response;
    }
    auto response = answerApi(path, queryString);
    if (response.status == 200 || response.status == 404) {
      if (cache_.size() >= options_.maxCachedAnswers) cache_.clear();
      cache_[key] = {response, now + options_.publicCacheTime};
    }
    return response;
  }

  std::string publicCacheControl() const {
    return "public, max-age=" + std::to_string(options_.publicCacheTime.count());
  }

  ws::HttpResponse answerApi(const std::string& path, std::string_view queryString) {
    if (queryString.size() > kMaxQueryBytes) {
      return errorResponse(400, "query_too_long", "the query is too long");
    }
    const auto params = queryParameters(queryString);
    if (!params) return errorResponse(400, "bad_request", "the query string is malformed");
    for (const auto& [name, value] : *params) {
      if (!core::isValidUtf8(value))
        return errorResponse(400, "invalid_utf8", "the query is not UTF-8");
    }
    const std::string_view rest = std::string_view(path).substr(kApiPrefix.size());
    if (rest == "episodes") return publicList(*params);
    if (rest.rfind("episodes/", 0) == 0) return publicEpisode(rest.substr(9));
    if (rest == "search") return publicSearch(*params);
    return errorResponse(404, "not_found", "no such archive address");
  }

  ws::HttpResponse publicList(const std::map<std::string, std::string>& params) {
    const auto offset = integerParameter(params, "offset", 0, 0, kMaxOffset);
    const auto limit = integerParameter(params, "limit", kDefaultPublicLimit, 1, kMaxPublicLimit);
    if (!offset || !limit) {
      return errorResponse(400, "bad_request", "offset is 0 or more, limit 1 to 100");
    }
    auto episodes = store_.listEpisodes(static_cast<std::size_t>(*limit),
                                        static_cast<std::size_t>(*offset), pg::ArchiveScope::Aired);
    if (!episodes) return storeFailure(episodes.error());
    Json list = Json::array();
    for (const auto& e : *episodes)
      list.push_back(core::archiveEpisodeJson(e, core::ArchiveAudience::Public, links()));
    return jsonResponse(200,
                        Json{{"episodes", std::move(list)}, {"offset", *offset}, {"limit", *limit}},
                        publicCacheControl());
  }

  ws::HttpResponse publicEpisode(std::string_view numberText) {
    std::int64_t number = 0;
    const auto [end, error] =
        std::from_chars(numberText.data(), numberText.data() + numberText.size(), number);
    if (numberText.empty() || error != std::errc() ||
        end != numberText.data() + numberText.size() || number < 1) {
      return errorResponse(400, "bad_request", "an episode is named by its number");
    }
    auto found = store_.episodeDetail(number);
    if (!found && found.error().code != "unknown_episode") return storeFailure(found.error());
    if (!found || !isAired(found->summary.state)) {
      return errorResponse(404, "not_found", "no aired episode has this number");
    }
    return jsonResponse(200,
                        core::archiveDetailJson(*found, core::ArchiveAudience::Public, links()),
                        publicCacheControl());
  }

  ws::HttpResponse publicSearch(const std::map<std::string, std::string>& params) {
    const auto limit =
        integerParameter(params, "limit", kDefaultPublicSearchLimit, 1, kMaxPublicSearchLimit);
    if (!limit) return errorResponse(400, "bad_request", "limit is 1 to 50");
    const auto q = params.find("q");
    auto hits = store_.search(q == params.end() ? std::string_view() : std::string_view(q->second),
                              static_cast<std::size_t>(*limit), pg::ArchiveScope::Aired);
    if (!hits) return storeFailure(hits.error());
    Json list = Json::array();
    for (const auto& hit : *hits)
      list.push_back(core::searchHitJson(hit));
    return jsonResponse(200, Json{{"hits", std::move(list)}}, publicCacheControl());
  }

  /// The store's refusal as the public sees it: the query's own faults say so, the rest is 503.
  static ws::HttpResponse storeFailure(const core::Error& error) {
    if (error.code == "empty_query" || error.code == "query_too_long" ||
        error.code == "invalid_utf8" || error.code == "control_characters") {
      return errorResponse(400, error.code, error.message);
    }
    log::warn("archive_unavailable", {{"code", error.code}});
    return tryAgain();
  }

  // ---- media (the row on the query thread, the bytes on the read thread) ---------------------

  void media(const std::string& path, const std::string& queryString, const std::string& range,
             const std::function<void(ws::HttpResponse)>& answer) {
    const std::string_view idText = std::string_view(path).substr(core::kArchiveMediaPath.size());
    std::int64_t assetId = 0;
    const auto [end, error] =
        std::from_chars(idText.data(), idText.data() + idText.size(), assetId);
    if (idText.empty() || error != std::errc() || end != idText.data() + idText.size() ||
        assetId < 1) {
      return answer(errorResponse(404, "not_found", "no such file"));
    }
    const auto row = assetRow(assetId);
    if (!row) return answer(tryAgain());
    if (row->location.empty() || row->role == core::MediaRole::ProgrammeMaster) {
      return answer(errorResponse(404, "not_found", "no such file"));
    }
    if (row->role == core::MediaRole::Proxy && !isSignedFor(assetId, queryString)) {
      return answer(errorResponse(403, "forbidden", "this link is not valid (or has expired)"));
    }
    if (!isInside(row->location, archiveRoot_)) {
      log::warn("archive_file_outside_root", {{"asset", assetId}});
      return answer(errorResponse(404, "not_found", "no such file"));
    }
    const bool isQueued =
        reads_.post([this, row = *row, range, answer] { answer(readFile(row, range)); });
    if (!isQueued) answer(tryAgain());
  }

  /// The file's row, cached a minute; an empty location when there is no such file; nullopt when
  /// the database cannot say.
  std::optional<AssetRow> assetRow(std::int64_t assetId) {
    const auto now = Clock::now();
    if (auto it = assets_.find(assetId); it != assets_.end() && it->second.expiresAt > now) {
      return it->second;
    }
    auto found = store_.findAsset(assetId);
    if (!found && found.error().code != "unknown_asset") {
      log::warn("archive_unavailable", {{"code", found.error().code}});
      return std::nullopt;
    }
    AssetRow row;
    if (found) {
      row.role = found->asset.role;
      row.location = found->asset.location;
    }
    row.expiresAt = now + kAssetCacheTime;
    if (assets_.size() >= options_.maxCachedAnswers) assets_.clear();
    assets_[assetId] = row;
    return row;
  }

  bool isSignedFor(std::int64_t assetId, std::string_view queryString) const {
    const auto params = queryParameters(queryString);
    if (!params) return false;
    const auto expires = integerParameter(*params, "exp", -1, 0, INT64_MAX);
    const auto signature = params->find("sig");
    if (!expires || *expires < 0 || signature == params->end()) return false;
    return core::isValidMediaSignature(options_.linkKey, assetId, *expires, signature->second,
                                       options_.nowUnixSeconds());
  }

  ws::HttpResponse readFile(const AssetRow& row, const std::string& rangeHeader) {
    const int fd = ::open(row.location.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      log::warn("archive_file_unreadable", {{"errno", static_cast<std::int64_t>(errno)}});
      return errorResponse(404, "not_found", "the file is missing");
    }
    auto file = std::make_shared<FileBody>(fd, reads_);
    struct stat info {};
    if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
      return errorResponse(404, "not_found", "the file is missing");
    }
    const auto size = static_cast<std::uint64_t>(info.st_size);
    const RangeAnswer wanted = answerRange(rangeHeader, size);
    ws::HttpResponse response;
    response.contentType = row.role == core::MediaRole::Proxy ? "video/mp4" : "image/jpeg";
    response.headers = {
        {"Accept-Ranges", "bytes"},
        {"X-Content-Type-Options", "nosniff"},
        {"Cache-Control", row.role == core::MediaRole::Thumbnail ? "public, max-age=86400"
                                                                 : "private, max-age=3600"}};
    if (wanted.verdict == RangeVerdict::Unsatisfiable) {
      response.status = 416;
      response.contentType = "text/plain; charset=utf-8";
      response.headers.push_back({"Content-Range", "bytes */" + std::to_string(size)});
      return response;
    }
    ByteRange span{0, size == 0 ? 0 : size - 1};
    if (wanted.verdict == RangeVerdict::Partial) {
      span = wanted.range;
      response.status = 206;
      response.headers.push_back({"Content-Range", "bytes " + std::to_string(span.first) + "-" +
                                                       std::to_string(span.last) + "/" +
                                                       std::to_string(size)});
    }
    const std::uint64_t length = size == 0 ? 0 : span.length();
    if (length > kWholeBodyBytes) {
      // A proxy's rest can be hundreds of megabytes: written as it is read, a piece at a time.
      file->setSpan(span.first, length);
      response.bodySource = std::move(file);
      return response;
    }
    auto body = file->readAt(span.first, length);
    if (!body) return errorResponse(500, "unreadable", "the file could not be read");
    response.body = std::move(*body);
    return response;
  }

  ArchiveServiceOptions options_;
  /// Resolved once: the folder is the server's, not the request's.
  fs::path archiveRoot_;
  pg::ArchiveStore store_;                     ///< used on the query thread only
  std::map<std::string, CachedAnswer> cache_;  ///< query thread only
  std::map<std::int64_t, AssetRow> assets_;    ///< query thread only
  std::mutex limitsMutex_;
  std::unordered_map<std::string, core::TokenBucket> searchBuckets_;  ///< by client address
  // The threads last, so they are joined before what they use goes; queries post reads, so the
  // query thread is joined first.
  JobThread reads_;
  JobThread queries_;
};

ArchiveService::ArchiveService(ArchiveServiceOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}
ArchiveService::~ArchiveService() = default;

core::ArchiveMediaLinks ArchiveService::links() const {
  return impl_->links();
}

void ArchiveService::listEpisodes(
    std::size_t offset, std::size_t limit,
    Done<core::Result<std::vector<core::ArchiveEpisodeSummary>>> done) {
  impl_->query<std::vector<core::ArchiveEpisodeSummary>>(std::move(done), [this, offset, limit] {
    return impl_->store().listEpisodes(limit, offset);
  });
}

void ArchiveService::search(std::string query, std::size_t limit,
                            Done<core::Result<std::vector<core::SearchHit>>> done) {
  impl_->query<std::vector<core::SearchHit>>(
      std::move(done),
      [this, query = std::move(query), limit] { return impl_->store().search(query, limit); });
}

void ArchiveService::episode(std::int64_t number,
                             Done<core::Result<core::ArchiveEpisodeDetail>> done) {
  impl_->query<core::ArchiveEpisodeDetail>(
      std::move(done), [this, number] { return impl_->store().episodeDetail(number); });
}

void ArchiveService::edit(std::int64_t number, core::ArchiveMetadataPatch patch,
                          core::StaffIdentity by,
                          Done<core::Result<core::ArchiveEpisodeDetail>> done) {
  impl_->query<core::ArchiveEpisodeDetail>(
      std::move(done), [this, number, patch = std::move(patch), by = std::move(by)] {
        return impl_->store().updateEpisodeMetadata(number, patch, by);
      });
}

bool ArchiveService::takeHttp(const ws::HttpRequest& request,
                              std::function<void(ws::HttpResponse)> reply) {
  return impl_->takeHttp(request, std::move(reply));
}

}  // namespace sporazum::app

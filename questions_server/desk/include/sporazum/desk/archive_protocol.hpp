#pragma once
// Codec of the archive's part of the staff protocol (schema/protocol.md, "The archive"):
// producers list, search, read and edit the archive. Requests are decoded for shape here (the
// archive store cleans and checks the values); replies are encoded here and nowhere else, files
// as links the server serves (core::ArchiveMediaLinks), never as paths.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "sporazum/core/archive_catalog.hpp"
#include "sporazum/core/archive_json.hpp"
#include "sporazum/core/json_fields.hpp"
#include "sporazum/core/result.hpp"

namespace sporazum::desk::wire {

inline constexpr std::size_t kDefaultArchiveListLimit = 100;
inline constexpr std::size_t kMaxArchiveListLimit = 1000;
inline constexpr std::size_t kDefaultArchiveSearchLimit = 20;

struct ArchiveEpisodesRequest {
  std::string id;
  std::size_t offset = 0;
  std::size_t limit = kDefaultArchiveListLimit;
};
struct ArchiveSearchRequest {
  std::string id;
  std::string query;
  std::size_t limit = kDefaultArchiveSearchLimit;
};
struct ArchiveGetRequest {
  std::string id;
  std::int64_t number = 0;
};
struct ArchiveEditRequest {
  std::string id;
  std::int64_t number = 0;
  core::ArchiveMetadataPatch patch;  ///< patch.baseVersion is the request's "version"
};

using ArchiveRequest = std::variant<ArchiveEpisodesRequest, ArchiveSearchRequest, ArchiveGetRequest,
                                    ArchiveEditRequest>;

/// Decodes an archive request of `type`; nullopt when `type` is not one of the archive's.
/// Errors: missing_field, bad_field, field_too_long (with the field named).
std::optional<core::Result<ArchiveRequest>> decodeArchiveRequest(std::string_view type,
                                                                 const core::json::Json& object,
                                                                 const std::string& id);

std::string encodeArchiveEpisodeList(std::string_view id,
                                     const std::vector<core::ArchiveEpisodeSummary>& episodes,
                                     const core::ArchiveMediaLinks& links);
std::string encodeArchiveHits(std::string_view id, const std::vector<core::SearchHit>& hits);
std::string encodeArchiveDetail(std::string_view id, const core::ArchiveEpisodeDetail& episode,
                                const core::ArchiveMediaLinks& links);
/// A stale archive_edit: error conflict with the episode as it is now.
std::string encodeArchiveConflict(std::string_view id, const core::ArchiveEpisodeDetail& current,
                                  const core::ArchiveMediaLinks& links);

}  // namespace sporazum::desk::wire

#pragma once
// The archive's catalogue as JSON (schema/protocol.md, "The archive"): the staff form producers
// edit from, and the public form the archive page reads, which leaves out what is not for the
// public (loudness, versions, the proxy, the master, server paths). Files appear as links on
// the server, never as paths.

#include <cstdint>
#include <functional>
#include <string>

#include "sporazum/core/archive_catalog.hpp"
#include "sporazum/core/json_fields.hpp"

namespace sporazum::core {

enum class ArchiveAudience { Staff, Public };

/// How the server links to a stored file: thumbnails openly, the proxy with a signed link.
struct ArchiveMediaLinks {
  std::function<std::string(std::int64_t assetId)> open;
  std::function<std::string(std::int64_t assetId)> signedLink;
};

/// ARCHIVE_EPISODE (staff) or PUBLIC_EPISODE.
json::Json archiveEpisodeJson(const ArchiveEpisodeSummary& episode, ArchiveAudience audience,
                              const ArchiveMediaLinks& links);
/// ARCHIVE_DETAIL (staff) or PUBLIC_DETAIL.
json::Json archiveDetailJson(const ArchiveEpisodeDetail& episode, ArchiveAudience audience,
                             const ArchiveMediaLinks& links);
/// HIT: the same for staff and the public.
json::Json searchHitJson(const SearchHit& hit);

}  // namespace sporazum::core

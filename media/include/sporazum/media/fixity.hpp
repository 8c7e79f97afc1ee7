#pragma once
// Fixity: the SHA-256 of a whole file, for the archive's `verify`.

#include <cstdint>
#include <functional>
#include <string>

#include "sporazum/core/result.hpp"

namespace sporazum::media {

/// Lower-case hex SHA-256 of the file at `path`, read sequentially. `onProgress` (may be empty)
/// gets the fraction read, from 0 to 1, on the calling thread. Errors: not_found, unreadable.
core::Result<std::string> sha256File(const std::string& path,
                                     const std::function<void(double)>& onProgress = {});

}  // namespace sporazum::media

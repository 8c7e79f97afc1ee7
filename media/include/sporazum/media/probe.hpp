#pragma once
// Probing a recording: container and streams, as ffprobe reports them.

#include <string>

#include "sporazum/core/archive.hpp"
#include "sporazum/core/result.hpp"

namespace sporazum::media {

/// Container, duration, start time and every stream of the file at `path`. Field order is
/// learned from the first decoded frames when the container does not say (MPEG-TS H.264).
/// Errors: not_found, unreadable, no_streams. Thread-safe (each call owns its contexts).
core::Result<core::MediaProbe> probeFile(const std::string& path);

/// How much libav logs to stderr; process-wide. Libav's default (info) prints ebur128's
/// summary on every ingest; tools and tests usually want Errors.
enum class LibavLog { Quiet = 1, Errors, Warnings, Info };
void setLibavLog(LibavLog level);

}  // namespace sporazum::media

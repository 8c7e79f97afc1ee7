#pragma once
// Opening a recording for demuxing, and describing it as a core::MediaProbe. Shared by
// probeFile and processRecording so both report a file the same way.

#include <memory>
#include <string>

#include "av_support.hpp"
#include "hashing_reader.hpp"
#include "sporazum/core/archive.hpp"
#include "sporazum/core/result.hpp"

namespace sporazum::media {

/// A demuxer over a HashingReader. The format context is declared last so it is closed before
/// the reader it reads through.
struct Input {
  std::unique_ptr<HashingReader> reader;
  av::InputPtr format;
};

/// Opens, recognises (refusing weak format guesses: random bytes are not "mp3") and reads the
/// stream parameters. Errors: not_found, unreadable, no_streams.
core::Result<Input> openInput(const std::string& path, bool hashing);

/// The container and every stream as the demuxer reports them; field order as the container
/// or the stream-info decoding found it ("unknown" otherwise).
core::MediaProbe describe(const Input& input);

/// "progressive", "tt" or "bb" from a decoded frame's flags.
std::string fieldOrderOfFrame(const AVFrame& frame);

/// A decoder for `stream`, opened with `threads` threads (0 = libav's choice).
core::Result<av::CodecPtr> openDecoder(const AVStream& stream, int threads);

}  // namespace sporazum::media

#pragma once
// A file reader for libavformat (a custom AVIOContext) that hashes the file with SHA-256 as the
// demuxer consumes it, so the fixity check costs no second read.

#include <cstdint>
#include <memory>
#include <string>

extern "C" {
#include <libavutil/sha.h>
}

#include "av_support.hpp"
#include "sporazum/core/result.hpp"

namespace sporazum::media {

/// Owns the file descriptor and the AVIOContext. Bytes are hashed in file order, each exactly
/// once: a read that continues the hashed prefix extends it; a short forward jump is caught up
/// at once; reads elsewhere (the demuxer peeking at the end for the duration) are not hashed,
/// and finish() hashes whatever the demuxer never read. Single-threaded (the demuxer's).
class HashingReader {
 public:
  /// Opens `path`; with `hashing` false it is a plain reader. Errors: not_found, unreadable.
  static core::Result<std::unique_ptr<HashingReader>> open(const std::string& path, bool hashing);
  ~HashingReader();
  HashingReader(const HashingReader&) = delete;
  HashingReader& operator=(const HashingReader&) = delete;

  AVIOContext* io() const { return io_.get(); }
  std::int64_t sizeBytes() const { return size_; }
  /// Hashes the bytes not yet hashed and returns the lower-case hex digest.
  core::Result<std::string> finish();

 private:
  HashingReader() = default;
  static int readCallback(void* opaque, std::uint8_t* buffer, int size);
  static std::int64_t seekCallback(void* opaque, std::int64_t offset, int whence);
  int read(std::uint8_t* buffer, int size);
  std::int64_t seek(std::int64_t offset, int whence);
  /// Hashes file bytes [hashedUpTo_, end) by reading them again; false on a read error.
  bool catchUp(std::int64_t end);

  struct ShaDeleter {
    void operator()(AVSHA* sha) const { av_free(sha); }
  };

  int fd_ = -1;
  std::int64_t size_ = 0;
  std::int64_t position_ = 0;
  std::int64_t hashedUpTo_ = 0;
  std::unique_ptr<AVSHA, ShaDeleter> sha_;
  av::IoPtr io_;
};

/// Lower-case hex of a digest.
std::string toHex(const std::uint8_t* bytes, std::size_t count);

}  // namespace sporazum::media

#include "hashing_reader.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

extern "C" {
#include <libavformat/avio.h>
#include <libavutil/mem.h>
}

#include "sporazum/media/errors.hpp"

namespace sporazum::media {
namespace {

constexpr int kBufferBytes = 1 << 18;
/// Forward jumps up to this size are hashed at once (the bytes are in the page cache); longer
/// ones are left for the demuxer to come back to, or for finish().
constexpr std::int64_t kCatchUpBytes = 8 << 20;

}  // namespace

std::string toHex(const std::uint8_t* bytes, std::size_t count) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(count * 2);
  for (std::size_t i = 0; i < count; ++i) {
    hex.push_back(kDigits[bytes[i] >> 4]);
    hex.push_back(kDigits[bytes[i] & 0xf]);
  }
  return hex;
}

core::Result<std::unique_ptr<HashingReader>> HashingReader::open(const std::string& path,
                                                                 bool hashing) {
  std::unique_ptr<HashingReader> reader(new HashingReader());
  reader->fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (reader->fd_ < 0) {
    const int error = errno;
    return av::makeError(error == ENOENT ? errors::kNotFound : errors::kUnreadable,
                         "cannot open " + path + ": " + std::strerror(error));
  }
  struct stat info {};
  if (::fstat(reader->fd_, &info) != 0 || !S_ISREG(info.st_mode)) {
    return av::makeError(errors::kUnreadable, path + " is not a regular file");
  }
  reader->size_ = info.st_size;
  ::posix_fadvise(reader->fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
  if (hashing) {
    reader->sha_.reset(av_sha_alloc());
    if (!reader->sha_) throw std::bad_alloc();
    av_sha_init(reader->sha_.get(), 256);
  }
  auto* buffer = static_cast<std::uint8_t*>(av_malloc(kBufferBytes));
  if (buffer == nullptr) throw std::bad_alloc();
  reader->io_.reset(avio_alloc_context(buffer, kBufferBytes, 0, reader.get(), &readCallback,
                                       nullptr, &seekCallback));
  if (!reader->io_) {
    av_free(buffer);
    throw std::bad_alloc();
  }
  return reader;
}

HashingReader::~HashingReader() {
  io_.reset();
  if (fd_ >= 0) ::close(fd_);
}

// C callbacks: nothing may be thrown through libavformat.
int HashingReader::readCallback(void* opaque, std::uint8_t* buffer, int size) {
  try {
    return static_cast<HashingReader*>(opaque)->read(buffer, size);
  } catch (...) {
    return AVERROR(ENOMEM);
  }
}

std::int64_t HashingReader::seekCallback(void* opaque, std::int64_t offset, int whence) {
  try {
    return static_cast<HashingReader*>(opaque)->seek(offset, whence);
  } catch (...) {
    return AVERROR(ENOMEM);
  }
}

int HashingReader::read(std::uint8_t* buffer, int size) {
  if (sha_ && position_ > hashedUpTo_ && position_ - hashedUpTo_ <= kCatchUpBytes) {
    if (!catchUp(position_)) return AVERROR(EIO);
  }
  ssize_t got;
  do {
    got = ::pread(fd_, buffer, static_cast<std::size_t>(size), position_);
  } while (got < 0 && errno == EINTR);
  if (got < 0) return AVERROR(errno);
  if (got == 0) return AVERROR_EOF;
  const std::int64_t end = position_ + got;
  if (sha_ && position_ <= hashedUpTo_ && end > hashedUpTo_) {
    const std::int64_t skip = hashedUpTo_ - position_;
    av_sha_update(sha_.get(), buffer + skip, static_cast<unsigned>(got - skip));
    hashedUpTo_ = end;
  }
  position_ = end;
  return static_cast<int>(got);
}

std::int64_t HashingReader::seek(std::int64_t offset, int whence) {
  switch (whence & ~AVSEEK_FORCE) {
    case AVSEEK_SIZE:
      return size_;
    case SEEK_SET:
      break;
    case SEEK_CUR:
      offset += position_;
      break;
    case SEEK_END:
      offset += size_;
      break;
    default:
      return AVERROR(EINVAL);
  }
  if (offset < 0) return AVERROR(EINVAL);
  position_ = offset;
  return position_;
}

bool HashingReader::catchUp(std::int64_t end) {
  std::vector<std::uint8_t> chunk(1 << 20);
  while (hashedUpTo_ < end) {
    const auto want = static_cast<std::size_t>(
        std::min<std::int64_t>(static_cast<std::int64_t>(chunk.size()), end - hashedUpTo_));
    const ssize_t got = ::pread(fd_, chunk.data(), want, hashedUpTo_);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return false;
    av_sha_update(sha_.get(), chunk.data(), static_cast<unsigned>(got));
    hashedUpTo_ += got;
  }
  return true;
}

core::Result<std::string> HashingReader::finish() {
  if (!sha_) return av::makeError(errors::kInternal, "the reader was opened without hashing");
  struct stat info {};
  if (::fstat(fd_, &info) == 0 && info.st_size != size_) {
    return av::makeError(errors::kCorrupt, "the file changed size while it was read");
  }
  if (!catchUp(size_)) {
    return av::makeError(errors::kUnreadable,
                         std::string("reading the file to hash it: ") + std::strerror(errno));
  }
  std::uint8_t digest[32];
  av_sha_final(sha_.get(), digest);
  return toHex(digest, sizeof digest);
}

}  // namespace sporazum::media

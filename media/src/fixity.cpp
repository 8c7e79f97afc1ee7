#include "sporazum/media/fixity.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <vector>

extern "C" {
#include <libavutil/mem.h>
#include <libavutil/sha.h>
}

#include "av_support.hpp"
#include "hashing_reader.hpp"
#include "sporazum/media/errors.hpp"

namespace sporazum::media {
namespace {

struct FileCloser {
  void operator()(const int* fd) const {
    if (fd != nullptr && *fd >= 0) ::close(*fd);
  }
};

}  // namespace

core::Result<std::string> sha256File(const std::string& path,
                                     const std::function<void(double)>& onProgress) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int error = errno;
    return av::makeError(error == ENOENT ? errors::kNotFound : errors::kUnreadable,
                         "cannot open " + path + ": " + std::strerror(error));
  }
  std::unique_ptr<int, FileCloser> closer(&fd);
  struct stat info {};
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    return av::makeError(errors::kUnreadable, path + " is not a regular file");
  }
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  std::unique_ptr<AVSHA, void (*)(void*)> sha(av_sha_alloc(), &av_free);
  if (!sha) throw std::bad_alloc();
  av_sha_init(sha.get(), 256);

  std::vector<std::uint8_t> chunk(1 << 20);
  std::int64_t done = 0;
  std::int64_t reportedAt = 0;
  const std::int64_t reportEvery = std::max<std::int64_t>(info.st_size / 100, 1 << 20);
  if (onProgress) onProgress(0.0);
  for (;;) {
    const ssize_t got = ::read(fd, chunk.data(), chunk.size());
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      return av::makeError(errors::kUnreadable, "reading " + path + ": " + std::strerror(errno));
    }
    if (got == 0) break;
    av_sha_update(sha.get(), chunk.data(), static_cast<unsigned>(got));
    done += got;
    if (onProgress && done - reportedAt >= reportEvery && info.st_size > 0) {
      reportedAt = done;
      onProgress(std::min(1.0, static_cast<double>(done) / static_cast<double>(info.st_size)));
    }
  }
  std::uint8_t digest[32];
  av_sha_final(sha.get(), digest);
  if (onProgress) onProgress(1.0);
  return toHex(digest, sizeof digest);
}

}  // namespace sporazum::media

#include "sporazum/media/fixity.hpp"

#include <gtest/gtest.h>

#include "hashing_reader.hpp"
#include "media_fixture.hpp"
#include "sporazum/media/errors.hpp"

namespace sporazum::media {
namespace {

using testing::clips;

TEST(Sha256File, EqualsSha256sumAndReportsProgressUpToOne) {
  std::vector<double> progress;
  auto digest =
      sha256File(clips().moovAtEnd, [&](double fraction) { progress.push_back(fraction); });
  ASSERT_TRUE(digest) << digest.error().message;
  EXPECT_EQ(*digest, testing::sha256sum(clips().moovAtEnd));
  ASSERT_GE(progress.size(), 2u);
  EXPECT_TRUE(std::is_sorted(progress.begin(), progress.end()));
  EXPECT_EQ(progress.back(), 1.0);
}

TEST(Sha256File, SaysNotFoundForAMissingFile) {
  auto digest = sha256File(clips().ts + ".missing");
  ASSERT_FALSE(digest);
  EXPECT_EQ(digest.error().code, errors::kNotFound);
}

/// Reads `count` bytes at `offset` through the reader's AVIOContext, as a demuxer would.
void readAt(HashingReader& reader, std::int64_t offset, int count) {
  std::vector<unsigned char> buffer(static_cast<std::size_t>(count));
  ASSERT_GE(avio_seek(reader.io(), offset, SEEK_SET), 0);
  int got = 0;
  while (got < count) {
    const int now = avio_read(reader.io(), buffer.data() + got, count - got);
    if (now <= 0) break;
    got += now;
  }
}

TEST(HashingReader, HashesTheWholeFileOnceWhateverOrderTheDemuxerReadsIn) {
  const std::string path = clips().moovAtEnd;  // > 8 MiB: a jump to the end is not caught up
  const std::string expected = testing::sha256sum(path);
  auto opened = HashingReader::open(path, true);
  ASSERT_TRUE(opened);
  HashingReader& reader = **opened;
  const std::int64_t size = reader.sizeBytes();
  ASSERT_GT(size, 9 << 20);
  readAt(reader, 0, 1000);            // the header
  readAt(reader, size - 5000, 5000);  // the index at the end
  readAt(reader, 500, 2 << 20);       // back, overlapping what was hashed, then onwards
  readAt(reader, (3 << 20), 1000);    // a short jump forward: caught up at once
  auto digest = reader.finish();      // the rest, including the end read earlier
  ASSERT_TRUE(digest);
  EXPECT_EQ(*digest, expected);
}

TEST(HashingReader, HashesAFileReadOnlyAtItsEnd) {
  auto opened = HashingReader::open(clips().moovAtEnd, true);
  ASSERT_TRUE(opened);
  readAt(**opened, (*opened)->sizeBytes() - 100, 100);
  auto digest = (*opened)->finish();
  ASSERT_TRUE(digest);
  EXPECT_EQ(*digest, testing::sha256sum(clips().moovAtEnd));
}

}  // namespace
}  // namespace sporazum::media

#include "media_fixture.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <stdexcept>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
}

namespace sporazum::media::testing {
namespace {

void ffmpeg(const std::string& arguments) {
  const auto result = run("ffmpeg -hide_banner -nostdin -v error -y " + arguments + " 2>&1");
  if (result.status != 0) {
    throw std::runtime_error("ffmpeg " + arguments + " failed: " + result.output);
  }
}

std::string readAll(const std::string& path) {
  std::string bytes(static_cast<std::size_t>(std::filesystem::file_size(path)), '\0');
  std::ifstream(path, std::ios::binary)
      .read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return bytes;
}

void cut(const std::string& from, const std::string& to, double fraction) {
  std::string bytes = readAll(from);
  bytes.resize(static_cast<std::size_t>(static_cast<double>(bytes.size()) * fraction));
  std::ofstream(to, std::ios::binary) << bytes;
}

void overwriteMiddle(const std::string& from, const std::string& to, std::size_t count) {
  std::string bytes = readAll(from);
  std::mt19937 random(20261124);
  const std::size_t start = bytes.size() / 2;
  for (std::size_t i = start; i < start + count && i < bytes.size(); ++i) {
    bytes[i] = static_cast<char>(random() & 0xff);
  }
  std::ofstream(to, std::ios::binary) << bytes;
}

void randomFile(const std::string& to, std::size_t count) {
  std::mt19937 random(7);
  std::string bytes(count, '\0');
  for (auto& byte : bytes)
    byte = static_cast<char>(random() & 0xff);
  std::ofstream(to, std::ios::binary) << bytes;
}

Clips makeClips(const std::string& dir) {
  Clips c;
  const std::string video = "-f lavfi -i testsrc2=size=640x360:rate=25 ";
  const std::string sine = "-f lavfi -i sine=frequency=1000:sample_rate=48000 ";
  const std::string h264 = "-c:v libx264 -preset veryfast -g 25 -pix_fmt yuv420p ";
  const std::string aac = "-c:a aac -ac 2 -b:a 128k ";

  c.ts = dir + "/clip.ts";
  ffmpeg(video + sine + "-t 4 " + h264 + aac + "-f mpegts " + shellQuoted(c.ts));
  c.mkv = dir + "/clip.mkv";
  ffmpeg("-f lavfi -i testsrc2=size=720x576:rate=25 " + sine + "-t 3 -vf setsar=16/15 " + h264 +
         aac + "-metadata:s:a:0 language=srp " + shellQuoted(c.mkv));
  c.tone = dir + "/tone.mkv";
  ffmpeg(
      "-f lavfi -i testsrc2=size=320x180:rate=25 -f lavfi -i "
      "\"aevalsrc=0.0707946*sin(2*PI*1000*t)|0.0707946*sin(2*PI*1000*t):s=48000:c=stereo\" "
      "-t 10 " +
      h264 + "-c:a pcm_s24le " + shellQuoted(c.tone));
  c.noVideo = dir + "/no-video.ts";
  ffmpeg(sine + "-t 3 " + aac + "-f mpegts " + shellQuoted(c.noVideo));
  c.noAudio = dir + "/no-audio.ts";
  ffmpeg(video + "-t 3 " + h264 + "-f mpegts " + shellQuoted(c.noAudio));
  c.oddSize = dir + "/odd-size.mkv";
  ffmpeg("-f lavfi -i testsrc2=size=719x577:rate=25 " + sine +
         "-t 3 -c:v libx264 -preset veryfast -pix_fmt yuv444p " + aac + shellQuoted(c.oddSize));
  c.offset = dir + "/offset.ts";
  ffmpeg(video + sine + "-t 3 " + h264 + aac + "-output_ts_offset 10 -f mpegts " +
         shellQuoted(c.offset));
  c.interlaced = dir + "/interlaced.ts";
  ffmpeg("-f lavfi -i testsrc2=size=640x360:rate=50 " + sine +
         "-t 3 -vf tinterlace=mode=interleave_top,setfield=tff " + h264 +
         "-flags +ilme+ildct -field_order tt " + aac + "-f mpegts " + shellQuoted(c.interlaced));
  c.moovAtEnd = dir + "/moov-at-end.mp4";
  ffmpeg("-f lavfi -i testsrc2=size=1280x720:rate=25 " + sine +
         "-t 3 -c:v libx264 -preset ultrafast -qp 0 -pix_fmt yuv444p " + aac +
         shellQuoted(c.moovAtEnd));
  c.random = dir + "/random.ts";
  randomFile(c.random, 300'000);
  c.truncatedTs = dir + "/truncated.ts";
  cut(c.ts, c.truncatedTs, 0.4);
  c.truncatedMkv = dir + "/truncated.mkv";
  cut(c.mkv, c.truncatedMkv, 0.4);
  c.damaged = dir + "/damaged.ts";
  overwriteMiddle(c.ts, c.damaged, 40'000);
  return c;
}

}  // namespace

CommandResult run(const std::string& command) {
  CommandResult result;
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(command.c_str(), "r"), &::pclose);
  if (!pipe) return result;
  char buffer[4096];
  while (std::size_t got = std::fread(buffer, 1, sizeof buffer, pipe.get())) {
    result.output.append(buffer, got);
  }
  const int status = ::pclose(pipe.release());
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::string shellQuoted(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

nlohmann::json ffprobe(const std::string& path) {
  const auto result = run("ffprobe -v error -show_format -show_streams -show_chapters -of json " +
                          shellQuoted(path));
  if (result.status != 0) throw std::runtime_error("ffprobe failed on " + path);
  return nlohmann::json::parse(result.output);
}

std::string sha256sum(const std::string& path) {
  const auto result = run("sha256sum " + shellQuoted(path));
  return result.output.substr(0, 64);
}

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "sporazum-media-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code error;
  std::filesystem::remove_all(path_, error);
}

std::vector<std::string> TempDir::files() const {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(path_)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

const Clips& clips() {
  static TempDir dir;
  static const Clips made = makeClips(dir.path());
  return made;
}

Luma decodeLuma(const std::string& path) {
  Luma luma;
  AVFormatContext* format = nullptr;
  if (avformat_open_input(&format, path.c_str(), nullptr, nullptr) < 0) return luma;
  std::unique_ptr<AVFormatContext, void (*)(AVFormatContext*)> closer(
      format, [](AVFormatContext* f) { avformat_close_input(&f); });
  if (avformat_find_stream_info(format, nullptr) < 0 || format->nb_streams < 1) return luma;
  const AVCodec* codec = avcodec_find_decoder(format->streams[0]->codecpar->codec_id);
  std::unique_ptr<AVCodecContext, void (*)(AVCodecContext*)> decoder(
      avcodec_alloc_context3(codec), [](AVCodecContext* c) { avcodec_free_context(&c); });
  avcodec_parameters_to_context(decoder.get(), format->streams[0]->codecpar);
  if (avcodec_open2(decoder.get(), codec, nullptr) < 0) return luma;
  std::unique_ptr<AVPacket, void (*)(AVPacket*)> packet(av_packet_alloc(),
                                                        [](AVPacket* p) { av_packet_free(&p); });
  std::unique_ptr<AVFrame, void (*)(AVFrame*)> frame(av_frame_alloc(),
                                                     [](AVFrame* f) { av_frame_free(&f); });
  while (av_read_frame(format, packet.get()) >= 0) {
    avcodec_send_packet(decoder.get(), packet.get());
    av_packet_unref(packet.get());
    if (avcodec_receive_frame(decoder.get(), frame.get()) == 0) break;
  }
  if (frame->data[0] == nullptr) return luma;
  luma.width = frame->width;
  luma.height = frame->height;
  for (int y = 0; y < frame->height; ++y) {
    const unsigned char* row = frame->data[0] + static_cast<std::ptrdiff_t>(y) * frame->linesize[0];
    luma.pixels.insert(luma.pixels.end(), row, row + frame->width);
  }
  return luma;
}

double combing(const Luma& luma) {
  if (luma.height < 3) return 0;
  double sum = 0;
  for (int y = 1; y + 1 < luma.height; ++y) {
    for (int x = 0; x < luma.width; ++x) {
      const auto at = [&](int row) {
        return static_cast<double>(luma.pixels[static_cast<std::size_t>(row) * luma.width + x]);
      };
      sum += std::abs(at(y) - (at(y - 1) + at(y + 1)) / 2.0);
    }
  }
  return sum / (static_cast<double>(luma.width) * (luma.height - 2));
}

std::vector<std::string> topLevelBoxes(const std::string& path) {
  std::vector<std::string> boxes;
  std::ifstream in(path, std::ios::binary);
  in.seekg(0, std::ios::end);
  const std::uint64_t size = static_cast<std::uint64_t>(in.tellg());
  std::uint64_t at = 0;
  while (at + 8 <= size) {
    in.seekg(static_cast<std::streamoff>(at));
    unsigned char header[16] = {};
    in.read(reinterpret_cast<char*>(header), 16);
    std::uint64_t length = (std::uint64_t{header[0]} << 24) | (std::uint64_t{header[1]} << 16) |
                           (std::uint64_t{header[2]} << 8) | header[3];
    boxes.emplace_back(reinterpret_cast<const char*>(header + 4), 4);
    if (length == 1) {
      length = 0;
      for (int i = 8; i < 16; ++i)
        length = (length << 8) | header[i];
    } else if (length == 0) {
      length = size - at;
    }
    if (length < 8) break;
    at += length;
  }
  return boxes;
}

}  // namespace sporazum::media::testing

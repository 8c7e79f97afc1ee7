// One ingest of a recording, timed: prints a JSON object with the wall-clock seconds and what
// the ingest measured and made. tests/load/archive_ingest.sh compares it with the command line.
//   ingest_bench FILE OUTPUT_DIR [--proxy-height 360|540] [--interval SECONDS]
//                [--chapter START:END:TITLE]...

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "sporazum/media/ingest.hpp"
#include "sporazum/media/probe.hpp"

int main(int argc, char** argv) {
  using namespace sporazum;
  if (argc < 3) {
    std::cerr << "usage: ingest_bench FILE OUTPUT_DIR [--proxy-height 360|540] "
                 "[--interval SECONDS] [--chapter START:END:TITLE]...\n";
    return 2;
  }
  media::setLibavLog(media::LibavLog::Errors);
  media::ProcessOptions options;
  options.outputDir = argv[2];
  for (int i = 3; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--proxy-height" && i + 1 < argc) {
      options.proxyHeight = std::atoi(argv[++i]);
    } else if (arg == "--interval" && i + 1 < argc) {
      options.thumbnailIntervalSeconds = std::atof(argv[++i]);
    } else if (arg == "--chapter" && i + 1 < argc) {
      // START:END:TITLE, seconds from the programme start
      const std::string spec = argv[++i];
      const auto first = spec.find(':');
      const auto second = spec.find(':', first + 1);
      if (first == std::string::npos || second == std::string::npos) {
        std::cerr << "ingest_bench: --chapter START:END:TITLE\n";
        return 2;
      }
      options.chapters.push_back({std::atof(spec.substr(0, first).c_str()),
                                  std::atof(spec.substr(first + 1, second - first - 1).c_str()),
                                  spec.substr(second + 1), 0});
    } else {
      std::cerr << "ingest_bench: unknown option " << arg << "\n";
      return 2;
    }
  }

  const auto started = std::chrono::steady_clock::now();
  auto result = media::processRecording(argv[1], options);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (!result) {
    std::cout << nlohmann::json{{"error", result.error().code},
                                {"message", result.error().message},
                                {"seconds", seconds}}
                     .dump()
              << "\n";
    return 1;
  }
  nlohmann::json out;
  out["seconds"] = seconds;
  out["master"] = {{"bytes", result->master.bytes},
                   {"sha256", result->master.sha256},
                   {"probe", *result->master.probe}};
  out["loudness"] = result->loudness;
  if (result->proxy) {
    out["proxy"] = {{"location", result->proxy->location},
                    {"bytes", result->proxy->bytes},
                    {"width", result->proxy->width},
                    {"height", result->proxy->height},
                    {"durationSeconds", result->proxy->probe->durationSeconds}};
  }
  out["thumbnails"] = nlohmann::json::array();
  for (const auto& thumbnail : result->thumbnails) {
    out["thumbnails"].push_back({{"location", thumbnail.location},
                                 {"atSeconds", thumbnail.atSeconds.value_or(0)},
                                 {"isPoster", thumbnail.isPoster},
                                 {"width", thumbnail.width},
                                 {"height", thumbnail.height}});
  }
  std::cout << out.dump() << "\n";
  return 0;
}

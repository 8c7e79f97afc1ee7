#include "overlay_options.hpp"

#include <charconv>
#include <fstream>
#include <sstream>

namespace sporazum::overlay::app {
namespace {

using core::makeError;

bool parseInt(const std::string& text, int min, int max, int& out) {
  int value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < min || value > max)
    return false;
  out = value;
  return true;
}

std::string trim(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' '))
    text.pop_back();
  return text;
}

}  // namespace

std::string overlayUsage() {
  return R"(sporazum-overlay: the on-air graphics engine

  --server URL          questions server staff socket, ws://HOST:PORT/ws/staff (SPORAZUM_SERVER_URL);
                        without it the engine runs on its own (test pattern, demo graphics)
  --token-file PATH     file holding the engine token from `staff engine-token` (or SPORAZUM_ENGINE_TOKEN)
  --name NAME           this engine's name in health reports: main, backup… (SPORAZUM_ENGINE_NAME)
  --input SPEC          test | file:PATH | v4l2:/dev/videoN | srt://… | udp://… (SPORAZUM_INPUT; default test)
  --format F            1080p50 | 1080p25 | 720p50 (SPORAZUM_FORMAT; default 1080p50)
  --output SPEC         repeatable: window | srt://… | udp://HOST:PORT | rtmp://… | hls:DIR |
                        record:FILE.ts|.mkv (SPORAZUM_OUTPUTS, comma-separated)
  --preset P            x264 speed preset: ultrafast | superfast | veryfast (default superfast)
  --video-kbps N        H.264 bitrate (default 8000)
  --templates DIR       graphics templates (default: the source tree's assets/templates)
  --duration-seconds N  stop after N seconds (0: run until Ctrl-C)
  --demo-cycle N        take and clear a demo lower third, logo and ticker every N seconds
  --stats-file PATH     write the final frame statistics as JSON
  --record-dir DIR      record each live episode the server starts to DIR/episode-N-<UTC start>.ts
                        (SPORAZUM_RECORD_DIR); the H.264 and AAC encodes then always run
  --no-preview          do not send the confidence picture (320x180 JPEG, 2 a second) to the server
                        (SPORAZUM_PREVIEW=off)
)";
}

core::Result<OverlayOptions> parseOverlayOptions(
    const std::vector<std::string>& arguments,
    const std::function<const char*(const char*)>& environment) {
  OverlayOptions options;
  std::vector<std::string> outputs;
  auto env = [&](const char* name) -> std::string {
    const char* value = environment(name);
    return value != nullptr ? value : "";
  };
  options.serverUrl = env("SPORAZUM_SERVER_URL");
  options.token = trim(env("SPORAZUM_ENGINE_TOKEN"));
  if (auto name = env("SPORAZUM_ENGINE_NAME"); !name.empty()) options.engineName = name;
  std::string input = env("SPORAZUM_INPUT").empty() ? "test" : env("SPORAZUM_INPUT");
  std::string format = env("SPORAZUM_FORMAT").empty() ? "1080p50" : env("SPORAZUM_FORMAT");
  if (auto list = env("SPORAZUM_OUTPUTS"); !list.empty()) {
    std::stringstream stream(list);
    for (std::string item; std::getline(stream, item, ',');) {
      if (!item.empty()) outputs.push_back(item);
    }
  }
  options.engine.recordDir = env("SPORAZUM_RECORD_DIR");
  if (auto preview = env("SPORAZUM_PREVIEW"); !preview.empty()) {
    if (preview != "on" && preview != "off")
      return makeError("bad_option", "SPORAZUM_PREVIEW must be on or off", "SPORAZUM_PREVIEW");
    options.isPreviewOn = preview == "on";
  }
  std::string tokenFile;

  for (std::size_t i = 0; i < arguments.size(); ++i) {
    const std::string& flag = arguments[i];
    if (flag == "--help" || flag == "-h") {
      options.showHelp = true;
      return options;
    }
    if (flag == "--no-preview") {
      options.isPreviewOn = false;
      continue;
    }
    if (i + 1 >= arguments.size())
      return makeError("bad_option", flag + " needs a value, or is unknown", flag);
    const std::string& value = arguments[++i];
    if (flag == "--server") {
      options.serverUrl = value;
    } else if (flag == "--token-file") {
      tokenFile = value;
    } else if (flag == "--name") {
      options.engineName = value;
    } else if (flag == "--input") {
      input = value;
    } else if (flag == "--format") {
      format = value;
    } else if (flag == "--output") {
      outputs.push_back(value);
    } else if (flag == "--preset") {
      if (value != "ultrafast" && value != "superfast" && value != "veryfast") {
        return makeError("bad_option", "--preset must be ultrafast, superfast or veryfast", flag);
      }
      options.engine.encoder.speedPreset = value;
    } else if (flag == "--video-kbps") {
      if (!parseInt(value, 500, 50'000, options.engine.encoder.videoKbps)) {
        return makeError("bad_option", "--video-kbps must be 500..50000", flag);
      }
    } else if (flag == "--templates") {
      options.templatesDir = value;
    } else if (flag == "--duration-seconds") {
      if (!parseInt(value, 0, 7 * 24 * 3600, options.durationSeconds)) {
        return makeError("bad_option", "--duration-seconds must be a whole number of seconds",
                         flag);
      }
    } else if (flag == "--demo-cycle") {
      if (!parseInt(value, 1, 3600, options.demoCycleSeconds)) {
        return makeError("bad_option", "--demo-cycle must be 1..3600 seconds", flag);
      }
    } else if (flag == "--stats-file") {
      options.statsFile = value;
    } else if (flag == "--record-dir") {
      options.engine.recordDir = value;
    } else {
      return makeError("bad_option", "unknown option " + flag, flag);
    }
  }

  if (!options.engine.recordDir.empty() &&
      (options.engine.recordDir.size() > 900 ||
       options.engine.recordDir.find_first_of(std::string("\0\n\r", 3)) != std::string::npos)) {
    return makeError("bad_option", "--record-dir must be a plain path", "--record-dir");
  }
  auto parsedInput = engine::parseInput(input);
  if (!parsedInput) return parsedInput.error();
  options.engine.input = *parsedInput;
  auto parsedFormat = engine::parseFormat(format);
  if (!parsedFormat) return parsedFormat.error();
  options.engine.format = *parsedFormat;
  const bool hasDisplay = !env("DISPLAY").empty() || !env("WAYLAND_DISPLAY").empty();
  for (const auto& output : outputs) {
    auto parsed = engine::parseOutput(output);
    if (!parsed) return parsed.error();
    if (parsed->kind == engine::OutputKind::Window && !hasDisplay) {
      return makeError("bad_option", "--output window needs a display (DISPLAY is not set)",
                       "--output");
    }
    options.engine.outputs.push_back(*parsed);
  }
  if (!tokenFile.empty()) {
    std::ifstream file(tokenFile);
    if (!file)
      return makeError("bad_option", "cannot read the token file " + tokenFile, "--token-file");
    std::stringstream contents;
    contents << file.rdbuf();
    options.token = trim(contents.str());
  }
  if (!options.serverUrl.empty() && options.token.empty()) {
    return makeError(
        "bad_option",
        "--server needs the engine's token (--token-file or SPORAZUM_ENGINE_TOKEN); make one "
        "with `sporazum-questions-server staff engine-token NAME`",
        "--token-file");
  }
  if (!options.serverUrl.empty() && options.serverUrl.rfind("ws://", 0) != 0) {
    return makeError("bad_option", "--server must be a ws:// URL", "--server");
  }
  return options;
}

}  // namespace sporazum::overlay::app

#include "sporazum/core/archive.hpp"

#include <nlohmann/json.hpp>

namespace sporazum::core {

std::string_view toString(MediaRole role) {
  switch (role) {
    case MediaRole::ProgrammeMaster:
      return "programme_master";
    case MediaRole::Proxy:
      return "proxy";
    case MediaRole::Thumbnail:
      return "thumbnail";
  }
  return "programme_master";
}

std::optional<MediaRole> parseMediaRole(std::string_view text) {
  for (MediaRole role : {MediaRole::ProgrammeMaster, MediaRole::Proxy, MediaRole::Thumbnail}) {
    if (toString(role) == text) return role;
  }
  return std::nullopt;
}

void to_json(nlohmann::json& out, const Rational& value) {
  out = nlohmann::json::array({value.num, value.den});
}

void from_json(const nlohmann::json& in, Rational& value) {
  value.num = in.at(0).get<std::int64_t>();
  value.den = in.at(1).get<std::int64_t>();
}

void to_json(nlohmann::json& out, const MediaStream& value) {
  out = {{"index", value.index},
         {"kind", value.kind},
         {"codec", value.codec},
         {"profile", value.profile},
         {"bitRate", value.bitRate}};
  if (value.kind == "video") {
    out.update({{"width", value.width},
                {"height", value.height},
                {"pixelFormat", value.pixelFormat},
                {"frameRate", value.frameRate},
                {"sampleAspectRatio", value.sampleAspectRatio},
                {"displayAspectRatio", value.displayAspectRatio},
                {"fieldOrder", value.fieldOrder}});
  }
  if (value.kind == "audio") {
    out.update({{"sampleRate", value.sampleRate},
                {"channels", value.channels},
                {"channelLayout", value.channelLayout}});
  }
  if (!value.language.empty()) out["language"] = value.language;
}

void from_json(const nlohmann::json& in, MediaStream& value) {
  value = MediaStream{};
  value.index = in.at("index").get<int>();
  value.kind = in.at("kind").get<std::string>();
  value.codec = in.value("codec", "");
  value.profile = in.value("profile", "");
  value.bitRate = in.value("bitRate", std::int64_t{0});
  value.width = in.value("width", 0);
  value.height = in.value("height", 0);
  value.pixelFormat = in.value("pixelFormat", "");
  if (in.contains("frameRate")) value.frameRate = in["frameRate"].get<Rational>();
  if (in.contains("sampleAspectRatio"))
    value.sampleAspectRatio = in["sampleAspectRatio"].get<Rational>();
  if (in.contains("displayAspectRatio"))
    value.displayAspectRatio = in["displayAspectRatio"].get<Rational>();
  value.fieldOrder = in.value("fieldOrder", "");
  value.sampleRate = in.value("sampleRate", 0);
  value.channels = in.value("channels", 0);
  value.channelLayout = in.value("channelLayout", "");
  value.language = in.value("language", "");
}

void to_json(nlohmann::json& out, const MediaProbe& value) {
  out = {{"container", value.container},
         {"containerLongName", value.containerLongName},
         {"durationSeconds", value.durationSeconds},
         {"startTimeSeconds", value.startTimeSeconds},
         {"bitRate", value.bitRate},
         {"sizeBytes", value.sizeBytes},
         {"streams", value.streams}};
}

void from_json(const nlohmann::json& in, MediaProbe& value) {
  value.container = in.at("container").get<std::string>();
  value.containerLongName = in.value("containerLongName", "");
  value.durationSeconds = in.at("durationSeconds").get<double>();
  value.startTimeSeconds = in.value("startTimeSeconds", 0.0);
  value.bitRate = in.value("bitRate", std::int64_t{0});
  value.sizeBytes = in.value("sizeBytes", std::int64_t{0});
  value.streams = in.value("streams", std::vector<MediaStream>{});
}

void to_json(nlohmann::json& out, const Loudness& value) {
  out = {{"integratedLufs", value.integratedLufs},
         {"rangeLu", value.rangeLu},
         {"truePeakDbtp", value.truePeakDbtp}};
}

void from_json(const nlohmann::json& in, Loudness& value) {
  value.integratedLufs = in.at("integratedLufs").get<double>();
  value.rangeLu = in.at("rangeLu").get<double>();
  value.truePeakDbtp = in.at("truePeakDbtp").get<double>();
}

}  // namespace sporazum::core

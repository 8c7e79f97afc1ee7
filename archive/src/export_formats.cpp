#include "sporazum/archive/export_formats.hpp"

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "sporazum/archive/xml_writer.hpp"
#include "sporazum/core/csv.hpp"

namespace sporazum::archive {
namespace {

using Json = nlohmann::json;

std::string number(double value, int decimals = 3) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

std::string optionalSeconds(const std::optional<double>& seconds) {
  return seconds ? number(*seconds) : std::string();
}

const core::MediaAsset* findAsset(const pg::ArchiveEpisodeDetail& episode, core::MediaRole role) {
  for (const auto& stored : episode.assets) {
    if (stored.asset.role == role) return &stored.asset;
  }
  return nullptr;
}

const pg::ArchivedAsset* findMaster(const pg::ArchiveEpisodeDetail& episode) {
  for (const auto& stored : episode.assets) {
    if (stored.asset.role == core::MediaRole::ProgrammeMaster) return &stored;
  }
  return nullptr;
}

std::string ratio(const core::Rational& value) {
  return std::to_string(value.num) + ":" + std::to_string(value.den);
}

/// ebucore:format for one file: size, duration, hash, video and audio formats, loudness.
void writeFormat(XmlWriter& xml, const core::MediaAsset& asset,
                 const std::optional<core::Loudness>& loudness, const std::string& label) {
  xml.open("ebucore:format", {{"formatDefinition", "current"}, {"typeLabel", label}});
  if (asset.probe) {
    const auto& probe = *asset.probe;
    for (const auto& stream : probe.streams) {
      if (stream.kind == "video") {
        xml.open("ebucore:videoFormat");
        xml.element("ebucore:width", std::to_string(stream.width), {{"unit", "pixel"}});
        xml.element("ebucore:height", std::to_string(stream.height), {{"unit", "pixel"}});
        if (stream.frameRate.den != 0) {
          xml.element("ebucore:frameRate", std::to_string(stream.frameRate.num),
                      {{"factorNumerator", std::to_string(stream.frameRate.den)},
                       {"factorDenominator", "1"}});
        }
        if (stream.displayAspectRatio.num != 0) {
          xml.element("ebucore:aspectRatio", ratio(stream.displayAspectRatio),
                      {{"typeLabel", "display"}});
        }
        xml.element("ebucore:videoEncoding", "", {{"typeLabel", stream.codec}});
        xml.element("ebucore:scanningFormat",
                    stream.fieldOrder == "progressive"                            ? "progressive"
                    : stream.fieldOrder.empty() || stream.fieldOrder == "unknown" ? ""
                                                                                  : "interlaced");
        xml.close();
      } else if (stream.kind == "audio") {
        xml.open("ebucore:audioFormat");
        xml.element("ebucore:audioEncoding", "", {{"typeLabel", stream.codec}});
        xml.element("ebucore:samplingRate", std::to_string(stream.sampleRate));
        xml.element("ebucore:channels", std::to_string(stream.channels));
        xml.element("ebucore:audioTrackConfiguration", "", {{"typeLabel", stream.channelLayout}});
        xml.close();
      }
    }
    xml.element("ebucore:containerFormat", "", {{"formatLabel", probe.container}});
    xml.open("ebucore:duration")
        .element("ebucore:normalPlayTime", isoDuration(probe.durationSeconds))
        .close();
    if (probe.startTimeSeconds != 0) {
      xml.open("ebucore:start")
          .element("ebucore:normalPlayTime", isoDuration(probe.startTimeSeconds))
          .close();
    }
  }
  xml.element("ebucore:fileSize", std::to_string(asset.bytes));
  xml.element("ebucore:locator", asset.location);
  if (!asset.sha256.empty()) {
    xml.open("ebucore:hash")
        .element("ebucore:hashValue", asset.sha256)
        .element("ebucore:hashFunction", "", {{"typeLabel", "SHA-256"}})
        .close();
  }
  if (loudness) {
    xml.open("ebucore:audioFormatExtended")
        .open("ebucore:loudnessMetadata")
        .element("ebucore:integratedLoudness", number(loudness->integratedLufs, 1))
        .element("ebucore:loudnessRange", number(loudness->rangeLu, 1))
        .element("ebucore:maxTruePeak", number(loudness->truePeakDbtp, 1))
        .close()
        .close();
  }
  xml.close();
}

}  // namespace

std::string isoDuration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) seconds = 0;
  auto millis = static_cast<long long>(std::llround(seconds * 1000));
  const long long hours = millis / 3'600'000;
  millis %= 3'600'000;
  const long long minutes = millis / 60'000;
  millis %= 60'000;
  char text[48];
  std::snprintf(text, sizeof text, "PT%lldH%02lldM%02lld.%03lldS", hours, minutes, millis / 1000,
                millis % 1000);
  return text;
}

std::string toEbuCoreXml(const pg::ArchiveExport& exported) {
  const auto& episode = exported.episode;
  const auto& summary = episode.summary;
  XmlWriter xml;
  xml.open("ebucore:ebuCoreMain", {{"xmlns:ebucore", "urn:ebu:metadata-schema:ebucore"},
                                   {"xmlns:dc", "http://purl.org/dc/elements/1.1/"},
                                   {"dateLastModified", exported.exportedAt}});
  xml.open("ebucore:coreMetadata");
  for (const auto& title : summary.titles) {
    xml.open("ebucore:title", {{"typeLabel", "episodeTitle"}})
        .element("dc:title", title.text, {{"xml:lang", title.lang}})
        .close();
  }
  xml.open("ebucore:alternativeTitle", {{"typeLabel", "workingTitle"}})
      .element("dc:title", summary.workingTitle)
      .close();
  xml.element("ebucore:identifier", "",
              {{"typeLabel", "episodeNumber"}, {"formatLabel", std::to_string(summary.number)}});
  for (const auto& topic : episode.topics) {
    xml.open("ebucore:subject", {{"typeLabel", "topic"}}).element("dc:subject", topic).close();
  }
  for (const auto& description : episode.descriptions) {
    xml.open("ebucore:description", {{"typeLabel", "summary"}})
        .element("dc:description", description.text, {{"xml:lang", description.lang}})
        .close();
  }
  xml.open("ebucore:date")
      .element("ebucore:created", "", {{"startDate", episode.createdAt}})
      .element("ebucore:issued", "", {{"startDate", summary.airDate}})
      .element("ebucore:modified", "", {{"startDate", exported.modifiedAt}})
      .element("ebucore:alternative", "",
               {{"typeLabel", "ingested"}, {"startDate", exported.ingestedAt}})
      .close();
  xml.element("ebucore:type", "", {{"typeLabel", "episode"}})
      .element("ebucore:language", "", {{"typeLabel", "sr"}})
      .element("ebucore:language", "", {{"typeLabel", "sq"}});
  for (const auto& guest : episode.guests) {
    xml.open("ebucore:contributor")
        .open("ebucore:contactDetails")
        .element("ebucore:name", guest.name)
        .close()
        .element("ebucore:role", "", {{"typeLabel", "guest"}})
        .element("ebucore:occupation", guest.role)
        .open("ebucore:organisationDetails")
        .element("ebucore:organisationName", guest.party)
        .close()
        .close();
  }
  if (const auto* master = findMaster(episode)) {
    writeFormat(xml, master->asset, master->loudness, "programme_master");
  }
  if (const auto* proxy = findAsset(episode, core::MediaRole::Proxy)) {
    writeFormat(xml, *proxy, std::nullopt, "proxy");
  }
  xml.open("ebucore:publicationHistory")
      .open("ebucore:publicationEvent", {{"firstShowing", "true"}})
      .element("ebucore:publicationDate", summary.airDate)
      .element("ebucore:publicationTime", summary.airTime)
      .close()
      .close();
  xml.element("ebucore:isEpisodeOf", "",
              {{"typeLabel", "Sporazum"}, {"runningOrderNumber", std::to_string(summary.number)}});
  for (const auto& question : episode.questions) {
    xml.open("ebucore:part", {{"partId", "question-" + std::to_string(question.questionId)},
                              {"typeLabel", "viewerQuestion"}});
    xml.element("dc:title", question.text, {{"xml:lang", question.language}});
    if (!question.viewerName.empty()) {
      xml.open("ebucore:contributor")
          .open("ebucore:contactDetails")
          .element("ebucore:name", question.viewerName)
          .close()
          .element("ebucore:role", "", {{"typeLabel", "viewer"}})
          .close();
    }
    if (!question.municipality.empty()) {
      xml.open("ebucore:coverage")
          .open("ebucore:spatial")
          .open("ebucore:location")
          .element("ebucore:name", question.municipality)
          .close()
          .close()
          .close();
    }
    if (question.inSeconds) {
      xml.open("ebucore:partStartTime")
          .element("ebucore:normalPlayTime", isoDuration(*question.inSeconds))
          .close();
    }
    if (question.inSeconds && question.outSeconds) {
      xml.open("ebucore:partDuration")
          .element("ebucore:normalPlayTime",
                   isoDuration(*question.outSeconds - *question.inSeconds))
          .close();
    }
    xml.close();
  }
  xml.close().close();
  return xml.document();
}

std::string toExportJson(const pg::ArchiveExport& exported) {
  const auto& episode = exported.episode;
  const auto& summary = episode.summary;
  Json titles = Json::object();
  for (const auto& title : summary.titles)
    titles[title.lang] = title.text;
  Json descriptions = Json::object();
  for (const auto& description : episode.descriptions)
    descriptions[description.lang] = description.text;
  Json contributors = Json::array();
  for (const auto& guest : episode.guests) {
    contributors.push_back({{"name", guest.name},
                            {"role", "guest"},
                            {"occupation", guest.role},
                            {"organisationName", guest.party}});
  }
  Json parts = Json::array();
  for (const auto& question : episode.questions) {
    Json part{{"partId", "question-" + std::to_string(question.questionId)},
              {"typeLabel", "viewerQuestion"},
              {"title", question.text},
              {"language", question.language},
              {"municipality", question.municipality},
              {"partStartTime", question.inSeconds ? Json(*question.inSeconds) : Json(nullptr)},
              {"partEndTime", question.outSeconds ? Json(*question.outSeconds) : Json(nullptr)}};
    if (!question.viewerName.empty()) part["viewerName"] = question.viewerName;
    parts.push_back(std::move(part));
  }
  Json formats = Json::array();
  for (const auto& stored : episode.assets) {
    Json format{{"typeLabel", core::toString(stored.asset.role)},
                {"locator", stored.asset.location},
                {"fileSize", stored.asset.bytes},
                {"hash", {{"hashFunction", "SHA-256"}, {"hashValue", stored.asset.sha256}}}};
    if (stored.asset.probe) format["probe"] = *stored.asset.probe;
    if (stored.loudness) format["loudnessMetadata"] = *stored.loudness;
    if (stored.asset.atSeconds) format["atSeconds"] = *stored.asset.atSeconds;
    formats.push_back(std::move(format));
  }
  const Json document{
      {"identifier", summary.number},
      {"workingTitle", summary.workingTitle},
      {"title", titles},
      {"description", descriptions},
      {"subject", episode.topics},
      {"date",
       {{"created", episode.createdAt},
        {"issued", summary.airDate},
        {"modified", exported.modifiedAt},
        {"ingested", exported.ingestedAt}}},
      {"publicationEvent",
       {{"publicationDate", summary.airDate}, {"publicationTime", summary.airTime}}},
      {"state", pg::toString(summary.state)},
      {"duration", summary.durationSeconds ? Json(*summary.durationSeconds) : Json(nullptr)},
      {"contributor", contributors},
      {"part", parts},
      {"format", formats},
      {"exportedAt", exported.exportedAt}};
  return document.dump(2) + "\n";
}

std::string toQuestionsCsv(const pg::ArchiveExport& exported) {
  const auto& episode = exported.episode;
  std::string csv = core::csvRow({"episode", "air_date", "question_id", "in_seconds", "out_seconds",
                                  "language", "municipality", "viewer_name", "text"});
  for (const auto& question : episode.questions) {
    csv += core::csvRow({std::to_string(episode.summary.number), episode.summary.airDate,
                         std::to_string(question.questionId), optionalSeconds(question.inSeconds),
                         optionalSeconds(question.outSeconds), question.language,
                         question.municipality, question.viewerName, question.text});
  }
  return csv;
}

}  // namespace sporazum::archive

#include "sporazum/core/archive_json.hpp"

namespace sporazum::core {
namespace {

using json::Json;

Json textOrNull(const std::string& text) {
  return text.empty() ? Json(nullptr) : Json(text);
}

template <typename T>
Json optionalOrNull(const std::optional<T>& value) {
  return value ? Json(*value) : Json(nullptr);
}

Json localizedJson(const std::vector<LocalizedText>& texts) {
  Json out = Json::object();
  for (const auto& text : texts)
    out[text.lang] = text.text;
  return out;
}

Json loudnessJson(const std::optional<Loudness>& loudness) {
  if (!loudness) return nullptr;
  return Json{{"integratedLufs", loudness->integratedLufs},
              {"rangeLu", loudness->rangeLu},
              {"truePeakDbtp", loudness->truePeakDbtp}};
}

/// The summary's fields in the protocol's order; `into` may already hold none of them.
void putSummary(Json& into, const ArchiveEpisodeSummary& e, ArchiveAudience audience,
                const ArchiveMediaLinks& links) {
  into["number"] = e.number;
  into["title"] = e.workingTitle;
  into["titles"] = localizedJson(e.titles);
  into["airDate"] = e.airDate;
  into["airTime"] = textOrNull(e.airTime);
  into["state"] = std::string(toString(e.state));
  into["durationSeconds"] = optionalOrNull(e.durationSeconds);
  if (audience == ArchiveAudience::Staff) into["loudness"] = loudnessJson(e.loudness);
  into["poster"] = e.posterAssetId > 0 ? Json(links.open(e.posterAssetId)) : Json(nullptr);
  if (audience == ArchiveAudience::Staff) into["version"] = e.version;
}

Json questionJson(const AiredQuestion& q) {
  return Json{{"id", q.questionId},
              {"text", q.text},
              {"viewerName", textOrNull(q.viewerName)},
              {"municipality", q.municipality},
              {"language", q.language},
              {"inSeconds", optionalOrNull(q.inSeconds)},
              {"outSeconds", optionalOrNull(q.outSeconds)},
              {"onAirAt", textOrNull(q.onAirAt)},
              {"offAirAt", textOrNull(q.offAirAt)}};
}

Json proxyJson(const ArchivedAsset& proxy, const ArchiveMediaLinks& links) {
  return Json{{"url", links.signedLink(proxy.id)},
              {"width", proxy.asset.width},
              {"height", proxy.asset.height},
              {"durationSeconds",
               proxy.asset.probe ? Json(proxy.asset.probe->durationSeconds) : Json(nullptr)}};
}

Json masterJson(const ArchivedAsset& master) {
  Json fixity = nullptr;
  if (master.latestFixity) {
    fixity = Json{{"at", master.latestFixity->at},
                  {"outcome", std::string(toString(master.latestFixity->outcome))}};
  }
  return Json{{"bytes", master.asset.bytes},
              {"sha256", master.asset.sha256},
              {"container", master.asset.probe ? master.asset.probe->container : std::string()},
              {"fixity", fixity}};
}

}  // namespace

Json archiveEpisodeJson(const ArchiveEpisodeSummary& episode, ArchiveAudience audience,
                        const ArchiveMediaLinks& links) {
  Json out = Json::object();
  putSummary(out, episode, audience, links);
  return out;
}

Json archiveDetailJson(const ArchiveEpisodeDetail& d, ArchiveAudience audience,
                       const ArchiveMediaLinks& links) {
  const bool isStaff = audience == ArchiveAudience::Staff;
  Json out = Json::object();
  putSummary(out, d.summary, audience, links);
  out["descriptions"] = localizedJson(d.descriptions);
  Json guests = Json::array();
  for (const auto& g : d.guests) {
    guests.push_back(Json{{"position", g.position},
                          {"name", g.name},
                          {"aliases", g.aliases},
                          {"role", g.role},
                          {"party", g.party}});
  }
  out["guests"] = std::move(guests);
  out["topics"] = d.topics;
  Json questions = Json::array();
  for (const auto& q : d.questions)
    questions.push_back(questionJson(q));
  out["questions"] = std::move(questions);

  const ArchivedAsset* master = nullptr;
  const ArchivedAsset* proxy = nullptr;
  Json thumbnails = Json::array();
  for (const auto& a : d.assets) {
    switch (a.asset.role) {
      case MediaRole::ProgrammeMaster:
        master = &a;
        break;
      case MediaRole::Proxy:
        proxy = &a;
        break;
      case MediaRole::Thumbnail:
        thumbnails.push_back(Json{{"url", links.open(a.id)},
                                  {"atSeconds", optionalOrNull(a.asset.atSeconds)},
                                  {"width", a.asset.width},
                                  {"height", a.asset.height},
                                  {"poster", a.asset.isPoster}});
        break;
    }
  }
  if (isStaff) out["proxy"] = proxy ? proxyJson(*proxy, links) : Json(nullptr);
  out["thumbnails"] = std::move(thumbnails);
  if (isStaff) {
    out["master"] = master ? masterJson(*master) : Json(nullptr);
    out["programmeStart"] = d.programmeStart.at.empty() ? Json(nullptr)
                                                        : Json{{"at", d.programmeStart.at},
                                                               {"source", d.programmeStart.source}};
  }
  out["startedAt"] = textOrNull(d.startedAt);
  out["endedAt"] = textOrNull(d.endedAt);
  out["archivedAt"] = textOrNull(d.archivedAt);
  return out;
}

Json searchHitJson(const SearchHit& hit) {
  return Json{{"number", hit.number},
              {"airDate", hit.airDate},
              {"title", hit.title},
              {"titleLang", hit.titleLang},
              {"matchedIn", std::string(toString(hit.matchedIn))},
              {"snippet", hit.snippet},
              {"question", hit.questionId > 0 ? Json(hit.questionId) : Json(nullptr)}};
}

}  // namespace sporazum::core

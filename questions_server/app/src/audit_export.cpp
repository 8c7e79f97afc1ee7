#include "audit_export.hpp"

#include <nlohmann/json.hpp>

#include "sporazum/core/csv.hpp"

namespace sporazum::app {
namespace {

std::string idOrEmpty(std::int64_t id) {
  return id == 0 ? std::string() : std::to_string(id);
}

}  // namespace

std::string auditToCsv(const std::vector<core::AuditEntry>& entries) {
  std::string out = "id,at,actor,action,episode,question,before,after,undoes\r\n";
  for (const auto& e : entries) {
    out += core::csvRow({std::to_string(e.id), e.at, e.actor, e.action, idOrEmpty(e.episodeId),
                         idOrEmpty(e.questionId), e.beforeJson, e.afterJson, idOrEmpty(e.undoes)});
  }
  return out;
}

std::string auditToJson(const std::vector<core::AuditEntry>& entries) {
  using Json = nlohmann::ordered_json;
  auto stored = [](const std::string& text) {
    Json value = Json::parse(text, nullptr, false);
    return value.is_discarded() ? Json(nullptr) : value;
  };
  auto nullable = [](std::int64_t id) { return id == 0 ? Json(nullptr) : Json(id); };
  Json list = Json::array();
  for (const auto& e : entries) {
    list.push_back(Json{{"id", e.id},
                        {"at", e.at},
                        {"actor", e.actor},
                        {"action", e.action},
                        {"episode", nullable(e.episodeId)},
                        {"question", nullable(e.questionId)},
                        {"before", stored(e.beforeJson)},
                        {"after", stored(e.afterJson)},
                        {"undoes", nullable(e.undoes)}});
  }
  return list.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace sporazum::app

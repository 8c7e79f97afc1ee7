#include "sporazum/autofilter/verdict_codes.hpp"

#include <nlohmann/json.hpp>

namespace sporazum::autofilter {

std::string_view actionCode(Action action) {
  switch (action) {
    case Action::Flag:
      return "flag";
    case Action::Hold:
      return "hold";
    case Action::None:
      break;
  }
  return "none";
}

std::string_view languageCode(Language language) {
  switch (language) {
    case Language::Sr:
      return "sr";
    case Language::Sq:
      return "sq";
    case Language::En:
      return "en";
    case Language::Other:
      break;
  }
  return "other";
}

std::string reasonsJson(const Verdict& verdict) {
  // ordered_json keeps the keys in the documented order (plain json sorts them).
  nlohmann::ordered_json reasons = nlohmann::ordered_json::array();
  for (const Reason& r : verdict.reasons) {
    nlohmann::ordered_json item;
    item["code"] = r.code;
    if (!r.category.empty()) item["category"] = r.category;
    if (!r.term.empty()) item["term"] = r.term;
    item["begin"] = r.beginCp;
    item["end"] = r.endCp;
    reasons.push_back(std::move(item));
  }
  return reasons.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace sporazum::autofilter

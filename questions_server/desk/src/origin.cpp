#include "sporazum/desk/origin.hpp"

#include <algorithm>
#include <cctype>

namespace sporazum::desk {
namespace {

bool equalsIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

bool isAllowedStaffOrigin(std::string_view origin, std::string_view host,
                          const std::vector<std::string>& allowed) {
  if (origin.empty()) return true;
  if (!host.empty()) {
    for (std::string_view scheme : {"http://", "https://"}) {
      if (origin.size() == scheme.size() + host.size() &&
          equalsIgnoringCase(origin.substr(0, scheme.size()), scheme) &&
          equalsIgnoringCase(origin.substr(scheme.size()), host)) {
        return true;
      }
    }
  }
  return std::any_of(allowed.begin(), allowed.end(), [origin](const std::string& candidate) {
    std::string_view trimmed = candidate;
    if (trimmed.ends_with('/')) trimmed.remove_suffix(1);
    return equalsIgnoringCase(origin, trimmed);
  });
}

}  // namespace sporazum::desk

#include "sporazum/core/question.hpp"

#include <array>
#include <utility>

namespace sporazum::core {

std::optional<std::string_view> viewerStatusFor(std::string_view internalState) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 9> kMap{{
      {"received", "received"},
      {"held", "under_review"},
      {"merged", "under_review"},
      {"approved", "selected"},
      {"queued", "selected"},
      {"on_air", "on_air"},
      {"aired", "aired"},
      {"rejected", "not_selected"},
      {"not_selected", "not_selected"},
  }};
  for (const auto& [state, status] : kMap) {
    if (state == internalState) return status;
  }
  return std::nullopt;
}

}  // namespace sporazum::core

#include "sporazum/core/archive_catalog.hpp"

#include <utility>

namespace sporazum::core {
namespace {

constexpr std::array<std::pair<ArchiveEpisodeState, std::string_view>, 4> kStates{{
    {ArchiveEpisodeState::Planned, "planned"},
    {ArchiveEpisodeState::Live, "live"},
    {ArchiveEpisodeState::Aired, "aired"},
    {ArchiveEpisodeState::Archived, "archived"},
}};

constexpr std::array<std::pair<FixityOutcome, std::string_view>, 4> kOutcomes{{
    {FixityOutcome::Ok, "ok"},
    {FixityOutcome::Mismatch, "mismatch"},
    {FixityOutcome::Missing, "missing"},
    {FixityOutcome::Unreadable, "unreadable"},
}};

constexpr std::array<std::pair<SearchField, std::string_view>, 5> kFields{{
    {SearchField::Title, "title"},
    {SearchField::Guest, "guest"},
    {SearchField::Topic, "topic"},
    {SearchField::Description, "description"},
    {SearchField::Question, "question"},
}};

template <typename Enum, std::size_t N>
std::string_view nameOf(const std::array<std::pair<Enum, std::string_view>, N>& names, Enum value) {
  for (const auto& [e, name] : names) {
    if (e == value) return name;
  }
  return names.front().second;
}

template <typename Enum, std::size_t N>
std::optional<Enum> valueOf(const std::array<std::pair<Enum, std::string_view>, N>& names,
                            std::string_view text) {
  for (const auto& [e, name] : names) {
    if (name == text) return e;
  }
  return std::nullopt;
}

}  // namespace

std::string_view toString(ArchiveEpisodeState state) {
  return nameOf(kStates, state);
}
std::optional<ArchiveEpisodeState> parseArchiveEpisodeState(std::string_view text) {
  return valueOf(kStates, text);
}
std::string_view toString(FixityOutcome outcome) {
  return nameOf(kOutcomes, outcome);
}
std::optional<FixityOutcome> parseFixityOutcome(std::string_view text) {
  return valueOf(kOutcomes, text);
}
std::string_view toString(SearchField field) {
  return nameOf(kFields, field);
}

}  // namespace sporazum::core

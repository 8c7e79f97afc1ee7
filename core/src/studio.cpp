#include "sporazum/core/studio.hpp"

#include <array>
#include <utility>

#include "sporazum/core/programme.hpp"
#include "sporazum/core/text.hpp"

namespace sporazum::core {
namespace {

constexpr std::array<std::pair<EpisodeState, std::string_view>, 4> kEpisodeStates{{
    {EpisodeState::Planned, "planned"},
    {EpisodeState::Live, "live"},
    {EpisodeState::Aired, "aired"},
    {EpisodeState::Archived, "archived"},
}};

bool isDigits(std::string_view text) {
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return !text.empty();
}

int number(std::string_view digits) {
  int value = 0;
  for (char c : digits)
    value = value * 10 + (c - '0');
  return value;
}

/// Cleans one text of a draft in place; an empty result is refused unless allowEmpty.
std::optional<Error> clean(std::string& text, const std::string& field, std::size_t maxChars,
                           bool allowEmpty) {
  auto cleaned = sanitizeViewerText(text, {.field = field,
                                           .maxCodePoints = maxChars,
                                           .allowLineBreaks = false,
                                           .allowEmpty = true,
                                           .tooLongCode = "field_too_long"});
  if (!cleaned) return cleaned.error();
  if (cleaned->empty() && !allowEmpty) {
    return makeError("bad_field", field + " must not be empty", field);
  }
  text = std::move(*cleaned);
  return std::nullopt;
}

}  // namespace

std::string_view toString(EpisodeState state) {
  for (const auto& [value, name] : kEpisodeStates) {
    if (value == state) return name;
  }
  return "planned";
}

std::optional<EpisodeState> parseEpisodeState(std::string_view text) {
  for (const auto& [value, name] : kEpisodeStates) {
    if (name == text) return value;
  }
  return std::nullopt;
}

bool isCalendarDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  const auto year = text.substr(0, 4);
  const auto month = text.substr(5, 2);
  const auto day = text.substr(8, 2);
  if (!isDigits(year) || !isDigits(month) || !isDigits(day)) return false;
  const int y = number(year);
  const int m = number(month);
  const int d = number(day);
  if (y < 1000 || m < 1 || m > 12 || d < 1) return false;
  static constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool isLeap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  const int inMonth = kDays[static_cast<std::size_t>(m - 1)] + (m == 2 && isLeap ? 1 : 0);
  return d <= inMonth;
}

Result<EpisodeDraft> cleanEpisodeDraft(EpisodeDraft draft) {
  if (draft.id < 0) return makeError("bad_field", "id must be a positive id or null", "id");
  if (draft.number < 1 || draft.number > kMaxEpisodeNumber) {
    return makeError("bad_field", "number must be 1 to 9999", "number");
  }
  if (auto e = clean(draft.title, "title", kMaxEpisodeTitleChars, false)) return *e;
  if (!isCalendarDate(draft.airDate)) {
    return makeError("bad_field", "airDate must be a calendar date YYYY-MM-DD", "airDate");
  }
  if (draft.guests.size() > kMaxGuests) {
    return makeError("bad_field", "at most 12 guests", "guests");
  }
  for (std::size_t i = 0; i < draft.guests.size(); ++i) {
    const std::string at = "guests[" + std::to_string(i) + "]";
    if (auto e = clean(draft.guests[i].name, at + ".name", kMaxGuestNameChars, false)) return *e;
    if (auto e = clean(draft.guests[i].role, at + ".role", kMaxGuestRoleChars, true)) return *e;
  }
  if (draft.topics.size() > kMaxEpisodeTopics) {
    return makeError("bad_field", "at most 20 topics", "topics");
  }
  for (std::size_t i = 0; i < draft.topics.size(); ++i) {
    const std::string at = "topics[" + std::to_string(i) + "]";
    if (auto e = clean(draft.topics[i], at, kMaxEpisodeTopicChars, false)) return *e;
  }
  return draft;
}

bool isQueueState(std::string_view state) {
  return state == "approved" || state == "queued" || state == "on_air" || state == "aired" ||
         state == "not_selected";
}

AirQuestion airQuestionFrom(const ModQuestion& question) {
  const GraphicContent onAir = lowerThirdFor(question);
  AirQuestion air;
  air.id = question.id;
  air.episodeId = question.episodeId;
  air.version = question.version;
  air.state = question.state;
  air.text = onAir.text;
  air.viewerText = question.text;
  air.isEdited = onAir.text != question.text;
  air.viewerName = onAir.viewerName;
  air.municipality = onAir.municipality;
  air.language = onAir.language;
  air.topic = question.topic;
  air.askCount = question.askCount;
  air.position = question.state == "queued" ? question.queuePosition : 0;
  air.receivedAt = question.receivedAt;
  air.onAirAt = question.onAirAt;
  air.offAirAt = question.offAirAt;
  return air;
}

}  // namespace sporazum::core

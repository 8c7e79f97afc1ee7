// The studio's rules: calendar dates, episode drafts cleaned and limited, and what of a question
// the studio may see.

#include "sporazum/core/studio.hpp"

#include <gtest/gtest.h>

namespace sporazum::core {
namespace {

EpisodeDraft draft() {
  EpisodeDraft d;
  d.number = 24;
  d.title = "Sporazum 7. 12. 2026.";
  d.airDate = "2026-12-07";
  d.guests = {{"Milan Jovanović", "SL"}, {"Arben Krasniqi", ""}};
  d.topics = {"jobs"};
  return d;
}

TEST(CalendarDate, TakesRealDaysOnly) {
  EXPECT_TRUE(isCalendarDate("2026-12-07"));
  EXPECT_TRUE(isCalendarDate("2028-02-29"));
  EXPECT_TRUE(isCalendarDate("2000-02-29"));
  EXPECT_FALSE(isCalendarDate("2100-02-29"));
  EXPECT_FALSE(isCalendarDate("2026-02-29"));
  EXPECT_FALSE(isCalendarDate("2026-04-31"));
  EXPECT_FALSE(isCalendarDate("2026-13-01"));
  EXPECT_FALSE(isCalendarDate("2026-00-10"));
  EXPECT_FALSE(isCalendarDate("2026-1-07"));
  EXPECT_FALSE(isCalendarDate("2026-12-07T20:00"));
  EXPECT_FALSE(isCalendarDate("0999-12-07"));
  EXPECT_FALSE(isCalendarDate("２０２６-12-07"));
  EXPECT_FALSE(isCalendarDate(""));
}

TEST(EpisodeDraft, AGoodDraftIsKeptAsItIs) {
  auto cleaned = cleanEpisodeDraft(draft());
  ASSERT_TRUE(cleaned) << cleaned.error().message;
  EXPECT_EQ(*cleaned, draft());
}

TEST(EpisodeDraft, TextIsCleanedLikeViewerTextAndMarkupStaysLiteral) {
  auto d = draft();
  d.title = "  <b>Sporazum</b> \u202Eevil\u202C  ";
  d.guests[0].role = "\tposlanica ";
  auto cleaned = cleanEpisodeDraft(d);
  ASSERT_TRUE(cleaned) << cleaned.error().message;
  EXPECT_EQ(cleaned->title, "<b>Sporazum</b> evil");
  EXPECT_EQ(cleaned->guests[0].role, "poslanica");
}

TEST(EpisodeDraft, EveryLimitIsNamedByItsField) {
  const auto failure = [](EpisodeDraft d) {
    auto cleaned = cleanEpisodeDraft(std::move(d));
    return cleaned ? Error{"(accepted)", "", ""} : cleaned.error();
  };
  auto d = draft();
  d.number = 0;
  EXPECT_EQ(failure(d).field, "number");
  d.number = 10000;
  EXPECT_EQ(failure(d).code, "bad_field");
  d = draft();
  d.title = "   ";
  EXPECT_EQ(failure(d), makeError("bad_field", "title must not be empty", "title"));
  d.title = std::string(201, 'x');
  EXPECT_EQ(failure(d).code, "field_too_long");
  d.title = std::string(200, 'x');
  EXPECT_TRUE(cleanEpisodeDraft(d));
  d.title = "two\nlines";
  EXPECT_EQ(failure(d).code, "control_characters");
  d = draft();
  d.airDate = "2026-02-30";
  EXPECT_EQ(failure(d).field, "airDate");
  d = draft();
  d.guests.assign(12, Guest{"Gost", "uloga"});
  EXPECT_TRUE(cleanEpisodeDraft(d));
  d.guests.push_back(Guest{"Trinaesti", ""});
  EXPECT_EQ(failure(d).field, "guests");
  d = draft();
  d.guests[1].name = "";
  EXPECT_EQ(failure(d).field, "guests[1].name");
  d.guests[1].name = "Ana";
  d.guests[1].role = std::string(201, 'r');
  EXPECT_EQ(failure(d).field, "guests[1].role");
  EXPECT_EQ(failure(d).code, "field_too_long");
  d = draft();
  d.topics.assign(21, "t");
  EXPECT_EQ(failure(d).field, "topics");
  d.topics = {"ok", std::string(41, 't')};
  EXPECT_EQ(failure(d).field, "topics[1]");
  d.topics = {"bad\x01"};
  EXPECT_EQ(failure(d).code, "control_characters");
  d.topics = {"\xff"};
  EXPECT_EQ(failure(d).code, "invalid_utf8");
}

TEST(AirQuestion, HoldsTheTextForAirAndNothingPrivate) {
  ModQuestion q;
  q.id = 118;
  q.episodeId = 7;
  q.version = 6;
  q.state = "queued";
  q.text = "kada ce biti popravljen put???";
  q.airText = "Kada će biti popravljen put?";
  q.displayName = "Milica";
  q.municipality = "zubin-potok";
  q.language = "sr";
  q.deviceCode = "3fa4c2d1";
  q.addressCode = "9b0e11aa";
  q.rejectNote = "note";
  q.queuePosition = 2;
  q.askCount = 3;
  q.topic = "roads";
  AirQuestion air = airQuestionFrom(q);
  EXPECT_EQ(air.text, "Kada će biti popravljen put?");
  EXPECT_EQ(air.viewerText, "kada ce biti popravljen put???");
  EXPECT_TRUE(air.isEdited);
  EXPECT_EQ(air.viewerName, "") << "no consent, no name";
  EXPECT_EQ(air.language, "sr-Latn");
  EXPECT_EQ(air.position, 2);
  EXPECT_EQ(air.askCount, 3);
  q.consentNameOnAir = true;
  q.state = "approved";
  air = airQuestionFrom(q);
  EXPECT_EQ(air.viewerName, "Milica");
  EXPECT_EQ(air.position, 0) << "only queued questions have a place in the running order";
  q.airText.clear();
  EXPECT_FALSE(airQuestionFrom(q).isEdited);
}

TEST(AirQuestion, TheQueueShowsQuestionsFromApprovalOn) {
  for (const char* state : {"approved", "queued", "on_air", "aired", "not_selected"})
    EXPECT_TRUE(isQueueState(state)) << state;
  for (const char* state : {"received", "held", "rejected", "merged", ""})
    EXPECT_FALSE(isQueueState(state)) << state;
}

TEST(EpisodeState, NamesRoundTrip) {
  for (auto state :
       {EpisodeState::Planned, EpisodeState::Live, EpisodeState::Aired, EpisodeState::Archived})
    EXPECT_EQ(parseEpisodeState(toString(state)), state);
  EXPECT_FALSE(parseEpisodeState("deleted"));
}

}  // namespace
}  // namespace sporazum::core

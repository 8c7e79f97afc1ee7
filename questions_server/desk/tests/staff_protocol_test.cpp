// The staff codec against the examples in schema/examples (staff.*.json) and hostile input.

#include "sporazum/desk/staff_protocol.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace sporazum::desk::wire {
namespace {

namespace fs = std::filesystem;

std::string readExample(const std::string& name) {
  std::ifstream in(fs::path(SPORAZUM_SOURCE_ROOT) / "schema/examples" / name);
  std::stringstream text;
  text << in.rdbuf();
  std::string body = text.str();
  while (!body.empty() && body.back() == '\n')
    body.pop_back();
  return body;
}

template <typename T>
T decodeAs(const std::string& json) {
  auto decoded = decodeRequest(json);
  if (auto* failure = std::get_if<DecodeFailure>(&decoded)) {
    ADD_FAILURE() << failure->error.code << ": " << failure->error.message;
    return {};
  }
  auto* request = std::get_if<T>(&std::get<Request>(decoded));
  if (request == nullptr) {
    ADD_FAILURE() << "decoded as another message";
    return {};
  }
  return *request;
}

core::Error failureOf(const std::string& json) {
  auto decoded = decodeRequest(json);
  auto* failure = std::get_if<DecodeFailure>(&decoded);
  return failure ? failure->error : core::Error{"(decoded)", "", ""};
}

TEST(StaffProtocol, EveryRequestExampleDecodes) {
  EXPECT_EQ(decodeAs<Login>(readExample("staff.to_server.login.json")).username, "ana");
  EXPECT_EQ(decodeAs<Resume>(readExample("staff.to_server.resume.json")).token.size(), 43U);
  EXPECT_EQ(decodeAs<Logout>(readExample("staff.to_server.logout.json")).id, "r9");
  const auto act = decodeAs<Act>(readExample("staff.to_server.act.json"));
  EXPECT_EQ(act.change.questionId, 118);
  EXPECT_EQ(act.change.baseVersion, 4);
  EXPECT_EQ(act.change.action, core::ModAction::Reject);
  EXPECT_EQ(act.change.rejectReason, "hate");
  EXPECT_EQ(act.change.rejectNote, "ethnic slur");
  EXPECT_EQ(decodeAs<Undo>(readExample("staff.to_server.undo.json")).id, "r10");
  EXPECT_EQ(decodeAs<Look>(readExample("staff.to_server.look.json")).questionId, 118);
  const auto audit = decodeAs<AuditRequest>(readExample("staff.to_server.audit.json"));
  EXPECT_EQ(audit.query.limit, 200U);
  EXPECT_EQ(audit.query.episodeId, 7);
  EXPECT_EQ(decodeAs<LexiconGet>(readExample("staff.to_server.lexicon_get.json")).id, "r12");
  const auto save = decodeAs<LexiconSave>(readExample("staff.to_server.lexicon_save.json"));
  EXPECT_EQ(save.baseVersion, 4);
  EXPECT_NE(save.body.find("primer\tsr\tinsult\tflag\n"), std::string::npos);
}

TEST(StaffProtocol, PushAndReplyExamplesAreWhatTheEncoderWrites) {
  EXPECT_EQ(encodeDone("r2", 118, 4), readExample("staff.to_staff.done.json"));
  EXPECT_EQ(
      encodeError(core::makeError("login_throttled", "too many failed logins: wait and try again"),
                  "r1", 4000),
      readExample("staff.to_staff.error.json"));
  EXPECT_EQ(encodePresence({{{1, "ana", "Ana", core::StaffRole::Moderator}, 118, 0}}),
            readExample("staff.to_staff.presence.json"));
  EXPECT_EQ(encodeEpisode({7, "Sporazum 23. 11. 2026.", false}),
            readExample("staff.to_staff.episode.json"));
}

TEST(StaffProtocol, UsernamesAreLowerCased) {
  EXPECT_EQ(
      decodeAs<Login>(R"({"type":"login","id":"1","username":"AnA","password":"x"})").username,
      "ana");
}

TEST(StaffProtocol, EveryActionDecodesItsOwnFields) {
  auto act = [](const std::string& tail) {
    return decodeAs<Act>(R"({"type":"act","id":"1","question":5,"version":2,)" + tail + "}");
  };
  EXPECT_EQ(act(R"("action":"edit","airText":"  Kada?  ")").change.airText, "Kada?");
  EXPECT_EQ(act(R"("action":"tag","topic":"putevi")").change.topic, "putevi");
  EXPECT_TRUE(act(R"("action":"star","starred":true)").change.isStarred);
  EXPECT_EQ(act(R"("action":"merge","into":3)").change.mergeInto, 3);
  EXPECT_TRUE(act(R"("action":"ban","scope":"forever")").change.isBanForever);
  EXPECT_EQ(act(R"("action":"reopen")").change.action, core::ModAction::Reopen);
}

TEST(StaffProtocol, HostileAndMalformedRequestsFailWithStableCodes) {
  EXPECT_EQ(failureOf("[1,2]").code, "bad_message");
  EXPECT_EQ(failureOf(R"({"type":"login","username":"a","password":"b"})").field, "id");
  EXPECT_EQ(failureOf(R"({"type":"login","id":"1","username":"a"})").code, "missing_field");
  EXPECT_EQ(failureOf(R"({"type":"login","id":"1","username":"a","password":")" +
                      std::string(300, 'x') + "\"}")
                .code,
            "field_too_long");
  EXPECT_EQ(
      failureOf(R"({"type":"act","id":"1","question":-5,"version":1,"action":"approve"})").field,
      "question");
  EXPECT_EQ(
      failureOf(R"({"type":"act","id":"1","question":5,"version":1e3,"action":"approve"})").code,
      "bad_field");
  EXPECT_EQ(
      failureOf(R"({"type":"act","id":"1","question":5,"version":1,"action":"merge","into":5})")
          .field,
      "into");
  EXPECT_EQ(
      failureOf(
          R"({"type":"act","id":"1","question":5,"version":1,"action":"reject","reason":"x"})")
          .field,
      "reason");
  EXPECT_EQ(
      failureOf(
          R"({"type":"act","id":"1","question":5,"version":1,"action":"ban","scope":"galaxy"})")
          .field,
      "scope");
  EXPECT_EQ(
      failureOf(R"({"type":"act","id":"1","question":5,"version":1,"action":"edit","airText":")" +
                std::string(501, 'x') + "\"}")
          .code,
      "field_too_long");
  EXPECT_EQ(failureOf(R"({"type":"audit","id":"1","limit":5000})").field, "limit");
  EXPECT_EQ(failureOf(R"({"type":"sudo","id":"1"})").code, "unknown_type");
  EXPECT_EQ(failureOf("\xC0\xAF").code, "invalid_utf8");
}

TEST(StaffProtocol, MarkupInViewerTextIsCarriedAsAPlainJsonString) {
  DeskQuestion entry;
  entry.question.id = 1;
  entry.question.text = "<img src=x onerror=alert(1)>";
  entry.question.filterReasonsJson = "not json";
  const auto json = encodeQuestions({&entry});
  EXPECT_NE(json.find(R"("text":"<img src=x onerror=alert(1)>")"), std::string::npos);
  EXPECT_NE(json.find(R"("reasons":[])"), std::string::npos) << "a bad stored value is not fatal";
}

TEST(StaffProtocol, TimesAreIsoUtcWithMilliseconds) {
  EXPECT_EQ(isoTimeFromUnixMs(1'795'460'645'123), "2026-11-23T19:04:05.123Z");
}

// ---- graphics
// ------------------------------------------------------------------------------------

TEST(StaffGraphics, TheRequestExampleDecodesToATakeOfAQuestion) {
  const auto request = decodeAs<Graphics>(readExample("staff.to_server.graphics.json"));
  EXPECT_EQ(request.id, "g1");
  EXPECT_EQ(request.command.action, core::GraphicsAction::Take);
  EXPECT_EQ(request.command.layer, core::GraphicsLayer::LowerThird);
  ASSERT_TRUE(request.command.graphic.has_value());
  EXPECT_EQ(request.command.graphic->questionId, 118);
}

TEST(StaffGraphics, PushAndReplyExamplesAreWhatTheEncoderWrites) {
  EXPECT_EQ(encodeGraphicsOk("g1", 17), readExample("staff.to_staff.graphics_ok.json"));
  auto state = core::decodeProgrammeState(readExample("staff.programme_state.json"));
  ASSERT_TRUE(state.ok());
  EXPECT_EQ(encodeProgramme(*state), readExample("staff.to_staff.programme.json"));
  auto asRun = core::decodeAsRun(readExample("staff.engine_as_run.json"));
  ASSERT_TRUE(asRun.ok());
  EXPECT_EQ(encodeAsRunPush("engine-main", *asRun), readExample("staff.to_staff.as_run.json"));
  auto error = core::decodeEngineCommandError(readExample("staff.engine_error.json"));
  ASSERT_TRUE(error.ok());
  EXPECT_EQ(encodeEngineErrorPush("engine-main", *error),
            readExample("staff.to_staff.engine_error.json"));
  auto main = core::decodeEngineHealth(readExample("staff.engine_health.json"));
  ASSERT_TRUE(main.ok());
  core::EngineHealth backup{"backup", 50.0, 90210, 2, "lost", 0.51, 16};
  EXPECT_EQ(encodeEngineStatus({{"engine-backup", false, backup, 1'795'464'839'004},
                                {"engine-main", true, *main, 1'795'464'845'000}}),
            readExample("staff.to_staff.engine_status.json"));
}

TEST(StaffGraphics, EngineReportExamplesDecodeAsRequestsWithoutAnId) {
  EXPECT_EQ(decodeAs<EngineAsRun>(readExample("staff.engine_as_run.json")).report.seq, 17);
  EXPECT_EQ(decodeAs<EngineHealthReport>(readExample("staff.engine_health.json")).health.engineName,
            "main");
  EXPECT_EQ(decodeAs<EngineError>(readExample("staff.engine_error.json")).error.code,
            "does_not_fit");
  EXPECT_EQ(failureOf(R"({"type":"engine_health","engineName":"main"})").code, "bad_field");
}

TEST(StaffGraphics, EveryLayerDecodesItsOwnFieldsCleaned) {
  auto graphics = [](const std::string& tail) {
    return decodeAs<Graphics>(R"({"type":"graphics","id":"g",)" + tail + "}").command;
  };
  const auto super =
      graphics(R"("action":"cue","layer":"super","graphic":{"name":" Ana\u200e ","role":"x"})");
  EXPECT_EQ(super.graphic->name, "Ana") << "trimmed, bidi controls removed";
  EXPECT_EQ(
      graphics(R"("action":"update","layer":"ticker","graphic":{"text":"Vesti"})").graphic->text,
      "Vesti");
  const auto lowerThird = graphics(
      R"("action":"cue","layer":"lower_third","graphic":{"questionId":3,"text":"ignored","viewerName":"x"})");
  EXPECT_EQ(lowerThird.graphic->questionId, 3);
  EXPECT_EQ(lowerThird.graphic->text, "") << "the server reads a lower third from its question";
  EXPECT_EQ(lowerThird.graphic->viewerName, "");
  EXPECT_FALSE(graphics(R"("action":"take","layer":"super")").graphic.has_value());
  EXPECT_FALSE(graphics(R"("action":"clear","layer":"super","graphic":{"name":"x"})").graphic);
  EXPECT_EQ(graphics(R"("action":"clear_all")").action, core::GraphicsAction::ClearAll);
}

TEST(StaffGraphics, HostileAndMalformedGraphicsFailWithStableCodes) {
  const auto failure = [](const std::string& tail) {
    return failureOf(R"({"type":"graphics","id":"g",)" + tail + "}");
  };
  EXPECT_EQ(failure(R"("layer":"logo")").field, "action");
  EXPECT_EQ(failure(R"("action":"toggle","layer":"logo")").code, "bad_field");
  EXPECT_EQ(failure(R"("action":"take","layer":"fullscreen")").field, "layer");
  EXPECT_EQ(failure(R"("action":"cue","layer":"logo")").code, "missing_field");
  EXPECT_EQ(failure(R"("action":"cue","layer":"ticker","graphic":[1])").field, "graphic");
  EXPECT_EQ(failure(R"("action":"cue","layer":"lower_third","graphic":{})").field, "questionId");
  EXPECT_EQ(failure(R"("action":"cue","layer":"lower_third","graphic":{"questionId":"7"})").code,
            "bad_field");
  EXPECT_EQ(failure(R"("action":"cue","layer":"ticker","graphic":{"text":")" +
                    std::string(1001, 'x') + R"("})")
                .code,
            "field_too_long");
  EXPECT_EQ(failure(R"("action":"cue","layer":"super","graphic":{"name":"a\u0007b"})").code,
            "control_characters");
  EXPECT_EQ(
      failure(R"j("action":"cue","layer":"qr","graphic":{"url":"javascript:alert(1)"})j").code,
      "invalid_graphic");
  EXPECT_EQ(failureOf(R"({"type":"graphics","action":"clear_all"})").field, "id");
}

}  // namespace
}  // namespace sporazum::desk::wire

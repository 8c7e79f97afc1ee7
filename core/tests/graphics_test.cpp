// The graphics codec against the examples in schema/examples (staff.engine_*.json,
// staff.programme_state.json) and hostile input; the programme rules and the lower third's
// privacy rule.

#include "sporazum/core/graphics.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "sporazum/core/programme.hpp"

namespace sporazum::core {
namespace {

namespace fs = std::filesystem;

std::string readExample(const std::string& name) {
  std::ifstream in(fs::path(SPORAZUM_SOURCE_ROOT) / "schema/examples" / name, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  while (!text.empty() && text.back() == '\n')
    text.pop_back();
  return text;
}

template <typename T>
std::string codeOf(const Result<T>& result) {
  return result.ok() ? std::string("ok") : result.error().code;
}

template <typename T>
std::string fieldOf(const Result<T>& result) {
  return result.ok() ? std::string() : result.error().field;
}

/// A graphic with the given fields set (designated initialisers would trip
/// -Wmissing-field-initializers).
GraphicContent graphic(
    std::initializer_list<std::pair<std::string GraphicContent::*, std::string>> fields) {
  GraphicContent content;
  for (const auto& [member, value] : fields)
    content.*member = value;
  return content;
}
using G = GraphicContent;

TEST(GraphicsGolden, EveryEngineExampleDecodesAndReEncodesByteForByte) {
  const std::string command = readExample("staff.engine_command.json");
  auto decodedCommand = decodeEngineCommand(command);
  ASSERT_TRUE(decodedCommand.ok()) << decodedCommand.error().message;
  EXPECT_EQ(encodeEngineCommand(*decodedCommand), command);

  const std::string state = readExample("staff.programme_state.json");
  auto decodedState = decodeProgrammeState(state);
  ASSERT_TRUE(decodedState.ok()) << decodedState.error().message;
  EXPECT_EQ(encodeProgrammeState(*decodedState), state);

  const std::string asRun = readExample("staff.engine_as_run.json");
  auto decodedAsRun = decodeAsRun(asRun);
  ASSERT_TRUE(decodedAsRun.ok()) << decodedAsRun.error().message;
  EXPECT_EQ(encodeAsRun(*decodedAsRun), asRun);

  const std::string health = readExample("staff.engine_health.json");
  auto decodedHealth = decodeEngineHealth(health);
  ASSERT_TRUE(decodedHealth.ok()) << decodedHealth.error().message;
  EXPECT_EQ(encodeEngineHealth(*decodedHealth), health);

  const std::string error = readExample("staff.engine_error.json");
  auto decodedError = decodeEngineCommandError(error);
  ASSERT_TRUE(decodedError.ok()) << decodedError.error().message;
  EXPECT_EQ(encodeEngineCommandError(*decodedError), error);
}

TEST(GraphicsGolden, RecordingAndPreviewExamplesDecodeAndReEncodeByteForByte) {
  const std::string record = readExample("staff.engine_record.json");
  auto decodedRecord = decodeRecordCommand(record);
  ASSERT_TRUE(decodedRecord.ok()) << decodedRecord.error().message;
  EXPECT_EQ(encodeRecordCommand(*decodedRecord), record);
  EXPECT_EQ(*decodedRecord, (RecordCommand{RecordAction::Start, RecordingOrder{7, 23}}));

  const std::string recording = readExample("staff.engine_recording.json");
  auto decodedRecording = decodeRecordingReport(recording);
  ASSERT_TRUE(decodedRecording.ok()) << decodedRecording.error().message;
  EXPECT_EQ(encodeRecordingReport(*decodedRecording), recording);
  EXPECT_EQ(decodedRecording->bytes, 4815162342);

  const std::string preview = readExample("staff.engine_preview.json");
  auto decodedPreview = decodeEnginePreview(preview);
  ASSERT_TRUE(decodedPreview.ok()) << decodedPreview.error().message;
  EXPECT_EQ(encodeEnginePreview(*decodedPreview), preview);

  auto state = decodeProgrammeState(readExample("staff.programme_state.json"));
  ASSERT_TRUE(state.ok());
  EXPECT_EQ(state->recording, (RecordingOrder{7, 23}));
  state->recording.reset();
  EXPECT_NE(encodeProgrammeState(*state).find("\"recording\":null"), std::string::npos);
  EXPECT_EQ(decodeProgrammeState(encodeProgrammeState(*state))->recording, std::nullopt);
}

TEST(GraphicsCodec, RefusesBadRecordingAndPreviewMessages) {
  EXPECT_EQ(codeOf(decodeRecordCommand(
                R"({"type":"engine_record","action":"pause","episode":7,"number":1})")),
            "invalid_message");
  EXPECT_EQ(fieldOf(decodeRecordCommand(
                R"({"type":"engine_record","action":"start","episode":0,"number":1})")),
            "episode");
  EXPECT_EQ(
      fieldOf(decodeRecordingReport(
          R"({"type":"engine_recording","episode":7,"file":"a\nb","state":"done","bytes":1,"startedAt":"2026-11-23T20:00:04.160Z","stoppedAt":"2026-11-23T21:00:04.160Z","frames":1})")),
      "file");
  EXPECT_EQ(
      fieldOf(decodeRecordingReport(
          R"({"type":"engine_recording","episode":7,"file":"a.ts","state":"done","bytes":1,"startedAt":"2026-11-23T20:00:04.160Z","stoppedAt":null,"frames":1})")),
      "stoppedAt");
  EXPECT_EQ(
      fieldOf(decodeRecordingReport(
          R"({"type":"engine_recording","episode":7,"file":"a.ts","state":"recording","bytes":0,"startedAt":"yesterday","stoppedAt":null,"frames":0})")),
      "startedAt");
  EXPECT_EQ(fieldOf(decodeEnginePreview(R"({"type":"engine_preview","jpeg":"<img src=x>"})")),
            "jpeg");
  EXPECT_EQ(fieldOf(decodeEnginePreview(R"({"type":"engine_preview","jpeg":""})")), "jpeg");
  const std::string huge = R"({"type":"engine_preview","jpeg":")" +
                           std::string(kMaxPreviewBase64Bytes + 4, 'A') + R"("})";
  EXPECT_EQ(fieldOf(decodeEnginePreview(huge)), "jpeg");
  EXPECT_EQ(fieldOf(decodeProgrammeState(
                R"({"type":"programme_state","seq":1,"layers":[],"recording":7})")),
            "recording");
}

TEST(GraphicsCodec, AFailedRecordingSaysWhyAndOnlyAFailedOne) {
  RecordingReport failed;
  failed.episodeId = 7;
  failed.file = "var/recordings/episode-23-20261123T200004Z.ts";
  failed.state = "failed";
  failed.bytes = 1024;
  failed.startedAt = "2026-11-23T20:00:04.160Z";
  failed.stoppedAt = "2026-11-23T20:31:09.020Z";
  failed.frames = 93000;
  failed.error = "record_sink: No space left on the resource.";
  const std::string encoded = encodeRecordingReport(failed);
  EXPECT_NE(encoded.find(R"("state":"failed")"), std::string::npos);
  EXPECT_EQ(*decodeRecordingReport(encoded), failed);
  // Done and recording reports carry no error field at all.
  failed.state = "done";
  failed.error.clear();
  EXPECT_EQ(encodeRecordingReport(failed).find("error"), std::string::npos);

  const std::string base =
      R"({"type":"engine_recording","episode":7,"file":"a.ts","bytes":0,"startedAt":"2026-11-23T20:00:04.160Z","stoppedAt":"2026-11-23T20:00:05.160Z","frames":0)";
  EXPECT_EQ(fieldOf(decodeRecordingReport(base + R"(,"state":"failed"})")), "error");
  EXPECT_EQ(fieldOf(decodeRecordingReport(base + R"(,"state":"done","error":"disk full"})")),
            "error");
  EXPECT_EQ(fieldOf(decodeRecordingReport(base + R"(,"state":"failed","error":"a\nb"})")), "error");
  EXPECT_EQ(fieldOf(decodeRecordingReport(base + R"(,"state":"lost","error":"x"})")), "state");
  EXPECT_EQ(
      fieldOf(decodeRecordingReport(
          R"({"type":"engine_recording","episode":7,"file":"a.ts","state":"failed","bytes":0,"startedAt":"2026-11-23T20:00:04.160Z","stoppedAt":null,"frames":0,"error":"x"})")),
      "stoppedAt");
}

TEST(GraphicsGolden, TheCommandExampleCarriesTheLowerThirdUnescaped) {
  auto decoded = decodeEngineCommand(readExample("staff.engine_command.json"));
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->seq, 17);
  EXPECT_EQ(decoded->action, GraphicsAction::Take);
  EXPECT_EQ(decoded->layer, GraphicsLayer::LowerThird);
  ASSERT_TRUE(decoded->graphic.has_value());
  EXPECT_EQ(decoded->graphic->questionId, 118);
  EXPECT_EQ(decoded->graphic->text, "Када ће бити поправљен пут до Зубиног Потока?");
  EXPECT_EQ(decoded->graphic->language, "sr-Cyrl");
}

TEST(GraphicsCodec, EveryLayerAndActionRoundTrips) {
  const std::vector<GraphicsCommand> commands{
      {1, GraphicsAction::Cue, GraphicsLayer::Super, graphic({{&G::name, "Ana"}, {&G::role, "x"}})},
      {2, GraphicsAction::Take, GraphicsLayer::Super, std::nullopt},
      {3, GraphicsAction::Update, GraphicsLayer::Ticker, graphic({{&G::text, "Vesti"}})},
      {4, GraphicsAction::Take, GraphicsLayer::Qr,
       graphic({{&G::url, "https://sporazum.tv/"}, {&G::caption, "Pitajte"}})},
      {5, GraphicsAction::Take, GraphicsLayer::Logo, GraphicContent{}},
      {6, GraphicsAction::Take, GraphicsLayer::Clock, GraphicContent{}},
      {7, GraphicsAction::Clear, GraphicsLayer::Clock, std::nullopt},
      {8, GraphicsAction::ClearAll, GraphicsLayer::LowerThird, std::nullopt},
  };
  for (const auto& command : commands) {
    const std::string text = encodeEngineCommand(command);
    SCOPED_TRACE(text);
    auto decoded = decodeEngineCommand(text);
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    EXPECT_EQ(*decoded, command);
    EXPECT_EQ(encodeEngineCommand(*decoded), text);
  }
  EXPECT_EQ(encodeEngineCommand(commands.back()),
            R"({"type":"engine_command","seq":8,"action":"clear_all"})");
}

TEST(GraphicsCodec, AGraphicCarriesOnlyItsLayersFieldsAndNoEmptyName) {
  GraphicContent content;
  content.questionId = 5;
  content.text = "Pitanje";
  content.name = "not a lower third field";
  const std::string text =
      encodeEngineCommand({9, GraphicsAction::Cue, GraphicsLayer::LowerThird, content});
  EXPECT_EQ(text, R"({"type":"engine_command","seq":9,"action":"cue","layer":"lower_third",)"
                  R"("graphic":{"questionId":5,"text":"Pitanje"}})");
  EXPECT_EQ(text.find("viewerName"), std::string::npos);
}

TEST(GraphicsCodec, MarkupIsCarriedAsPlainText) {
  GraphicContent content = graphic({{&G::text, "<b>bold</b> & <span foreground=\"red\">x</span>"}});
  auto decoded = decodeEngineCommand(
      encodeEngineCommand({3, GraphicsAction::Update, GraphicsLayer::Ticker, content}));
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->graphic->text, content.text);
}

TEST(GraphicsDecode, RefusesWhatIsNotAnEngineCommand) {
  EXPECT_EQ(codeOf(decodeEngineCommand("")), "invalid_message");
  EXPECT_EQ(codeOf(decodeEngineCommand("{\"type\":")), "invalid_message");
  EXPECT_EQ(codeOf(decodeEngineCommand("[1]")), "invalid_message");
  EXPECT_EQ(codeOf(decodeEngineCommand(R"({"type":"engine_health","seq":1})")), "invalid_message");
  EXPECT_EQ(codeOf(decodeEngineCommand(std::string(5000, '['))), "invalid_message");
}

TEST(GraphicsDecode, NamesTheWrongOrMissingField) {
  auto noSeq = decodeEngineCommand(R"({"type":"engine_command","action":"clear_all"})");
  EXPECT_EQ(codeOf(noSeq), "invalid_message");
  EXPECT_EQ(fieldOf(noSeq), "seq");
  auto stringSeq =
      decodeEngineCommand(R"({"type":"engine_command","seq":"1","action":"clear_all"})");
  EXPECT_EQ(fieldOf(stringSeq), "seq");
  auto zeroSeq = decodeEngineCommand(R"({"type":"engine_command","seq":0,"action":"clear_all"})");
  EXPECT_EQ(fieldOf(zeroSeq), "seq");
  auto badText = decodeEngineCommand(
      R"({"type":"engine_command","seq":1,"action":"cue","layer":"ticker","graphic":{"text":5}})");
  EXPECT_EQ(codeOf(badText), "invalid_message");
  EXPECT_EQ(fieldOf(badText), "text");
  auto badGraphic = decodeEngineCommand(
      R"({"type":"engine_command","seq":1,"action":"cue","layer":"ticker","graphic":"x"})");
  EXPECT_EQ(fieldOf(badGraphic), "graphic");
  auto noLayer = decodeEngineCommand(R"({"type":"engine_command","seq":1,"action":"clear"})");
  EXPECT_EQ(fieldOf(noLayer), "layer");
}

TEST(GraphicsDecode, RefusesUnknownLayersAndActions) {
  auto layer = decodeEngineCommand(
      R"({"type":"engine_command","seq":1,"action":"clear","layer":"fullscreen"})");
  EXPECT_EQ(codeOf(layer), "invalid_message");
  EXPECT_EQ(fieldOf(layer), "layer");
  auto action =
      decodeEngineCommand(R"({"type":"engine_command","seq":1,"action":"toggle","layer":"logo"})");
  EXPECT_EQ(codeOf(action), "invalid_message");
  EXPECT_EQ(fieldOf(action), "action");
  EXPECT_FALSE(parseGraphicsLayer("Lower_Third").has_value());
  EXPECT_EQ(parseGraphicsAction("clear_all"), GraphicsAction::ClearAll);
}

TEST(GraphicsDecode, RefusesInvalidUtf8) {
  EXPECT_EQ(
      codeOf(decodeEngineCommand("{\"type\":\"engine_command\",\"seq\":1,\"action\":\"cue\","
                                 "\"layer\":\"ticker\",\"graphic\":{\"text\":\"\xC0\xAF\"}}")),
      "invalid_message");
  EXPECT_EQ(codeOf(decodeAsRun("{\"type\":\"engine_as_run\",\"x\":\"\xED\xA0\x80\"}")),
            "invalid_message");
  GraphicsCommand command{1, GraphicsAction::Cue, GraphicsLayer::Ticker,
                          graphic({{&G::text, "\xFF"}})};
  EXPECT_EQ(codeOf(validateGraphicsCommand(command)), "invalid_graphic");
}

TEST(GraphicsDecode, RefusesOversizedAndControlText) {
  const std::string longText(1001, 'a');
  auto tooLong = decodeEngineCommand(
      R"({"type":"engine_command","seq":1,"action":"cue","layer":"ticker","graphic":{"text":")" +
      longText + "\"}}");
  EXPECT_EQ(codeOf(tooLong), "invalid_graphic");
  EXPECT_EQ(fieldOf(tooLong), "text");
  const std::string huge(20000, 'a');
  EXPECT_EQ(
      codeOf(decodeEngineCommand(
          R"({"type":"engine_command","seq":1,"action":"cue","layer":"ticker","graphic":{"text":")" +
          huge + "\"}}")),
      "invalid_message");
  GraphicsCommand longName{1, GraphicsAction::Cue, GraphicsLayer::Super,
                           graphic({{&G::name, std::string(201, 'n')}})};
  EXPECT_EQ(fieldOf(validateGraphicsCommand(longName)), "name");
  GraphicsCommand longUrl{1, GraphicsAction::Cue, GraphicsLayer::Qr,
                          graphic({{&G::url, "https://x/" + std::string(500, 'u')}})};
  EXPECT_EQ(fieldOf(validateGraphicsCommand(longUrl)), "url");
  GraphicsCommand control{1, GraphicsAction::Cue, GraphicsLayer::Super,
                          graphic({{&G::name, "a\x01z"}})};
  EXPECT_EQ(codeOf(validateGraphicsCommand(control)), "invalid_graphic");
  GraphicsCommand lineInText{1, GraphicsAction::Cue, GraphicsLayer::Ticker,
                             graphic({{&G::text, "one\ntwo"}})};
  EXPECT_TRUE(validateGraphicsCommand(lineInText).ok());
  // 1000 Cyrillic letters are 2000 bytes: the limit counts characters.
  GraphicsCommand cyrillic{1, GraphicsAction::Cue, GraphicsLayer::Ticker, GraphicContent{}};
  for (int i = 0; i < 1000; ++i)
    cyrillic.graphic->text += "ж";
  EXPECT_TRUE(validateGraphicsCommand(cyrillic).ok());
}

TEST(GraphicsDecode, CueAndUpdateNeedAGraphicAndClearsTakeNone) {
  auto cue =
      decodeEngineCommand(R"({"type":"engine_command","seq":1,"action":"cue","layer":"logo"})");
  EXPECT_EQ(codeOf(cue), "invalid_graphic");
  EXPECT_EQ(fieldOf(cue), "graphic");
  EXPECT_EQ(
      codeOf(decodeEngineCommand(
          R"({"type":"engine_command","seq":1,"action":"update","layer":"ticker","graphic":null})")),
      "invalid_graphic");
  EXPECT_EQ(codeOf(validateGraphicsCommand(
                {1, GraphicsAction::Clear, GraphicsLayer::Logo, GraphicContent{}})),
            "invalid_graphic");
  EXPECT_TRUE(
      decodeEngineCommand(R"({"type":"engine_command","seq":1,"action":"take","layer":"logo"})")
          .ok());
}

TEST(GraphicsDecode, RefusesBadLanguagesAndAddresses) {
  GraphicsCommand language{1, GraphicsAction::Cue, GraphicsLayer::LowerThird,
                           graphic({{&G::text, "x"}, {&G::language, "de"}})};
  EXPECT_EQ(fieldOf(validateGraphicsCommand(language)), "language");
  GraphicsCommand script{1, GraphicsAction::Cue, GraphicsLayer::Qr,
                         graphic({{&G::url, "javascript:alert(1)"}})};
  EXPECT_EQ(fieldOf(validateGraphicsCommand(script)), "url");
}

TEST(GraphicsDecode, ProgrammeStateRefusesRepeatedLayersAndBadContent) {
  EXPECT_EQ(
      codeOf(decodeProgrammeState(
          R"({"type":"programme_state","seq":1,"layers":[{"layer":"logo"},{"layer":"logo"}]})")),
      "invalid_message");
  EXPECT_EQ(codeOf(decodeProgrammeState(R"({"type":"programme_state","seq":1,"layers":{}})")),
            "invalid_message");
  auto badOnAir = decodeProgrammeState(
      R"({"type":"programme_state","seq":1,"layers":[{"layer":"ticker","onAir":{"text":7}}]})");
  EXPECT_EQ(fieldOf(badOnAir), "text");
  auto empty = decodeProgrammeState(R"({"type":"programme_state","seq":0,"layers":[]})");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->layers.empty());
}

TEST(GraphicsDecode, EngineReportsAreChecked) {
  auto asRun = decodeAsRun(
      R"({"type":"engine_as_run","seq":3,"layer":"ticker","event":"off_air","questionId":null,"runningTimeNs":0,"wallTime":"2026-11-23T20:14:05.120Z"})");
  ASSERT_TRUE(asRun.ok()) << asRun.error().message;
  EXPECT_EQ(asRun->questionId, 0);
  EXPECT_EQ(asRun->event, AsRunEvent::OffAir);
  EXPECT_EQ(
      fieldOf(decodeAsRun(
          R"({"type":"engine_as_run","seq":3,"layer":"ticker","event":"on_air","runningTimeNs":0,"wallTime":"yesterday"})")),
      "wallTime");
  EXPECT_EQ(
      fieldOf(decodeAsRun(
          R"({"type":"engine_as_run","seq":3,"layer":"ticker","event":"live","runningTimeNs":0,"wallTime":"2026-11-23T20:14:05.120Z"})")),
      "event");
  EXPECT_EQ(
      fieldOf(decodeAsRun(
          R"({"type":"engine_as_run","seq":3,"layer":"ticker","event":"on_air","runningTimeNs":-1,"wallTime":"2026-11-23T20:14:05.120Z"})")),
      "runningTimeNs");
  EXPECT_EQ(
      fieldOf(decodeEngineHealth(
          R"({"type":"engine_health","engineName":"","framesPerSecond":50,"framesOut":1,"droppedFrames":0,"input":"ok","graphicsMsPerFrame":0.1,"lastSeq":0})")),
      "engineName");
  EXPECT_EQ(
      fieldOf(decodeEngineHealth(
          R"({"type":"engine_health","engineName":"main","framesPerSecond":"50","framesOut":1,"droppedFrames":0,"input":"ok","graphicsMsPerFrame":0.1,"lastSeq":0})")),
      "framesPerSecond");
  auto integerRate = decodeEngineHealth(
      R"({"type":"engine_health","engineName":"backup","framesPerSecond":25,"framesOut":1,"droppedFrames":0,"input":"lost","graphicsMsPerFrame":0,"lastSeq":4})");
  ASSERT_TRUE(integerRate.ok());
  EXPECT_EQ(integerRate->framesPerSecond, 25.0);
  EXPECT_EQ(fieldOf(decodeEngineCommandError(
                R"({"type":"engine_error","seq":1,"layer":"qr","code":"","message":"x"})")),
            "code");
}

// ---- the programme rules
// -------------------------------------------------------------------------

GraphicContent ticker(std::string text) {
  return graphic({{&G::text, std::move(text)}});
}

const LayerState& layerOf(const ProgrammeState& state, GraphicsLayer layer) {
  for (const auto& item : state.layers) {
    if (item.layer == layer) return item;
  }
  throw std::runtime_error("no such layer");
}

TEST(Programme, StartsWithEveryLayerEmpty) {
  const auto state = emptyProgramme();
  ASSERT_EQ(state.layers.size(), 6U);
  EXPECT_EQ(state.layers.front().layer, GraphicsLayer::LowerThird);
  EXPECT_EQ(state.layers.back().layer, GraphicsLayer::Clock);
  EXPECT_EQ(state.seq, 0);
}

TEST(Programme, CueThenTakeMovesTheCuedGraphicOnAir) {
  auto state = emptyProgramme();
  ASSERT_TRUE(
      applyGraphicsCommand(state, {1, GraphicsAction::Cue, GraphicsLayer::Ticker, ticker("a")}));
  EXPECT_EQ(layerOf(state, GraphicsLayer::Ticker).cued, ticker("a"));
  EXPECT_FALSE(layerOf(state, GraphicsLayer::Ticker).onAir.has_value());
  ASSERT_TRUE(
      applyGraphicsCommand(state, {2, GraphicsAction::Take, GraphicsLayer::Ticker, std::nullopt}));
  EXPECT_EQ(layerOf(state, GraphicsLayer::Ticker).onAir, ticker("a"));
  EXPECT_FALSE(layerOf(state, GraphicsLayer::Ticker).cued.has_value());
  EXPECT_EQ(layerOf(state, GraphicsLayer::Ticker).onAirSeq, 2);
  EXPECT_EQ(state.seq, 2);
}

TEST(Programme, ATakeWithNothingCuedIsRefusedAndChangesNothing) {
  auto state = emptyProgramme();
  auto refused =
      applyGraphicsCommand(state, {1, GraphicsAction::Take, GraphicsLayer::Super, std::nullopt});
  EXPECT_EQ(codeOf(refused), "nothing_cued");
  EXPECT_EQ(state, emptyProgramme());
}

TEST(Programme, UpdateReplacesWhatIsOnAirOrElseTheCue) {
  auto state = emptyProgramme();
  ASSERT_TRUE(applyGraphicsCommand(
      state, {1, GraphicsAction::Update, GraphicsLayer::Ticker, ticker("cued")}));
  EXPECT_EQ(layerOf(state, GraphicsLayer::Ticker).cued, ticker("cued"));
  ASSERT_TRUE(
      applyGraphicsCommand(state, {2, GraphicsAction::Take, GraphicsLayer::Ticker, ticker("on")}));
  ASSERT_TRUE(applyGraphicsCommand(
      state, {3, GraphicsAction::Update, GraphicsLayer::Ticker, ticker("new")}));
  const auto& layer = layerOf(state, GraphicsLayer::Ticker);
  EXPECT_EQ(layer.onAir, ticker("new"));
  EXPECT_EQ(layer.onAirSeq, 2) << "an update does not animate in again";
  EXPECT_EQ(layer.cued, ticker("cued")) << "a take with its own graphic keeps the cue";
}

TEST(Programme, ClearAllTakesEverythingOffAirButKeepsCues) {
  auto state = emptyProgramme();
  ASSERT_TRUE(applyGraphicsCommand(
      state, {1, GraphicsAction::Take, GraphicsLayer::Logo, GraphicContent{}}));
  ASSERT_TRUE(
      applyGraphicsCommand(state, {2, GraphicsAction::Take, GraphicsLayer::Ticker, ticker("t")}));
  ASSERT_TRUE(applyGraphicsCommand(
      state, {3, GraphicsAction::Cue, GraphicsLayer::Super, graphic({{&G::name, "A"}})}));
  ASSERT_TRUE(
      applyGraphicsCommand(state, {4, GraphicsAction::Clear, GraphicsLayer::Logo, std::nullopt}));
  EXPECT_FALSE(layerOf(state, GraphicsLayer::Logo).onAir.has_value());
  EXPECT_EQ(layerOf(state, GraphicsLayer::Logo).onAirSeq, 0);
  EXPECT_TRUE(layerOf(state, GraphicsLayer::Ticker).onAir.has_value());
  ASSERT_TRUE(applyGraphicsCommand(
      state, {5, GraphicsAction::ClearAll, GraphicsLayer::LowerThird, std::nullopt}));
  for (const auto& layer : state.layers) {
    EXPECT_FALSE(layer.onAir.has_value());
  }
  EXPECT_TRUE(layerOf(state, GraphicsLayer::Super).cued.has_value());
  EXPECT_EQ(state.seq, 5);
}

ModQuestion question(std::string text, std::string language) {
  ModQuestion q;
  q.id = 42;
  q.state = "approved";
  q.text = std::move(text);
  q.language = std::move(language);
  q.displayName = "Milica";
  q.municipality = "zvecan";
  q.deviceCode = "3fa4c2d1";
  q.addressCode = "9b0e11aa";
  q.rejectNote = "moderators only";
  return q;
}

TEST(LowerThird, TheViewersNameGoesOnAirOnlyWithConsent) {
  auto q = question("Kada će biti popravljen put?", "sr");
  EXPECT_EQ(lowerThirdFor(q).viewerName, "");
  q.consentNameOnAir = true;
  EXPECT_EQ(lowerThirdFor(q).viewerName, "Milica");
  const std::string wire =
      encodeEngineCommand({1, GraphicsAction::Cue, GraphicsLayer::LowerThird, lowerThirdFor(q)});
  EXPECT_EQ(wire.find("3fa4c2d1"), std::string::npos);
  EXPECT_EQ(wire.find("9b0e11aa"), std::string::npos);
  EXPECT_EQ(wire.find("moderators only"), std::string::npos);
}

TEST(LowerThird, TheModeratorsTextWinsAndTheScriptIsDetected) {
  auto q = question("kada ce put", "sr");
  EXPECT_EQ(lowerThirdFor(q).text, "kada ce put");
  EXPECT_EQ(lowerThirdFor(q).language, "sr-Latn");
  q.airText = "Када ће бити поправљен пут?";
  EXPECT_EQ(lowerThirdFor(q).text, "Када ће бити поправљен пут?");
  EXPECT_EQ(lowerThirdFor(q).language, "sr-Cyrl");
  EXPECT_EQ(lowerThirdFor(question("Kur do të rregullohet rruga?", "sq")).language, "sq");
  EXPECT_EQ(lowerThirdFor(question("When?", "en")).language, "en");
  EXPECT_EQ(lowerThirdFor(question("Wann?", "other")).language, "");
  EXPECT_EQ(lowerThirdFor(question("x", "")).municipality, "zvecan");
  EXPECT_EQ(lowerThirdFor(question("x", "")).questionId, 42);
}

TEST(LowerThird, OnlyApprovedOrLaterQuestionsAreAirable) {
  for (const char* state : {"approved", "queued", "on_air", "aired"})
    EXPECT_TRUE(isAirable(state)) << state;
  for (const char* state : {"received", "held", "rejected", "merged", "not_selected"})
    EXPECT_FALSE(isAirable(state)) << state;
}

}  // namespace
}  // namespace sporazum::core

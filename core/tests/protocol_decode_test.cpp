#include <gtest/gtest.h>

#include "sporazum/core/protocol.hpp"

namespace sporazum::protocol {
namespace {

std::string failureCode(std::string_view json) {
  auto decoded = decodeViewerMessage(json);
  if (std::holds_alternative<ViewerMessage>(decoded)) return "ok";
  return std::get<DecodeFailure>(decoded).error.code;
}

TEST(ProtocolDecode, RefusesWhatIsNotJson) {
  EXPECT_EQ(failureCode("{\"type\":"), "bad_json");
  EXPECT_EQ(failureCode(""), "bad_json");
  EXPECT_EQ(failureCode("hello"), "bad_json");
}

TEST(ProtocolDecode, RefusesInvalidUtf8BeforeParsing) {
  EXPECT_EQ(failureCode("{\"type\":\"hello\",\"device\":\"\xC0\xAF\"}"), "invalid_utf8");
  EXPECT_EQ(failureCode("{\"type\":\"submit\",\"text\":\"\xED\xA0\x80\"}"), "invalid_utf8");
}

TEST(ProtocolDecode, NeedsAnObjectWithAStringType) {
  EXPECT_EQ(failureCode("[1,2]"), "bad_message");
  EXPECT_EQ(failureCode("{}"), "bad_message");
  EXPECT_EQ(failureCode("{\"type\":7}"), "bad_message");
}

TEST(ProtocolDecode, RefusesUnknownTypesAndEchoesTheId) {
  auto decoded = decodeViewerMessage(R"({"type":"approve","id":"abc"})");
  ASSERT_TRUE(std::holds_alternative<DecodeFailure>(decoded));
  EXPECT_EQ(std::get<DecodeFailure>(decoded).error.code, "unknown_type");
  EXPECT_EQ(std::get<DecodeFailure>(decoded).id, "abc");
}

TEST(ProtocolDecode, NamesTheMissingOrMistypedField) {
  auto missing = decodeViewerMessage(R"({"type":"submit","id":"x"})");
  EXPECT_EQ(std::get<DecodeFailure>(missing).error.code, "missing_field");
  EXPECT_EQ(std::get<DecodeFailure>(missing).error.field, "text");
  auto mistyped = decodeViewerMessage(R"({"type":"submit","id":"x","text":5})");
  EXPECT_EQ(std::get<DecodeFailure>(mistyped).error.code, "bad_field");
  auto badBool =
      decodeViewerMessage(R"({"type":"submit","id":"x","text":"t","consentNameOnAir":"yes"})");
  EXPECT_EQ(std::get<DecodeFailure>(badBool).error.field, "consentNameOnAir");
  EXPECT_EQ(failureCode(R"({"type":"hello"})"), "missing_field");
}

TEST(ProtocolDecode, RefusesOversizedFields) {
  const std::string longName(2000, 'a');
  auto decoded =
      decodeViewerMessage(R"({"type":"submit","id":"x","text":"t","name":")" + longName + "\"}");
  EXPECT_EQ(std::get<DecodeFailure>(decoded).error.code, "field_too_long");
  EXPECT_EQ(std::get<DecodeFailure>(decoded).error.field, "name");
}

TEST(ProtocolDecode, IgnoresUnknownFieldsAndNulls) {
  auto decoded = decodeViewerMessage(
      R"({"type":"submit","id":"x","text":"t","name":null,"future":{"a":[1]}})");
  ASSERT_TRUE(std::holds_alternative<ViewerMessage>(decoded));
  const auto& submit = std::get<Submit>(std::get<ViewerMessage>(decoded));
  EXPECT_EQ(submit.name, "");
  EXPECT_FALSE(submit.consentNameOnAir);
}

TEST(ProtocolDecode, SurvivesDeepNesting) {
  std::string deep(5000, '[');
  EXPECT_NE(failureCode(deep), "ok");
}

TEST(ProtocolEncode, ErrorRepliesOmitEmptyOptionalFields) {
  EXPECT_EQ(encode(ServerMessage{ErrorReply{"bad_json", "message is not valid JSON", "", "", 0}}),
            R"({"type":"error","code":"bad_json","message":"message is not valid JSON"})");
}

TEST(ProtocolEncode, MarkupInViewerTextIsEscapedAsJsonNotInterpreted) {
  auto text = encode(ServerMessage{Status{"<b>", "received"}});
  EXPECT_EQ(text, R"({"type":"status","id":"<b>","status":"received"})");
}

}  // namespace
}  // namespace sporazum::protocol

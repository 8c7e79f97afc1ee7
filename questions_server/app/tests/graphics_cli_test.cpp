// `graphics …` on the command line: which command each line asks for, and the as-run record.

#include "graphics_cli.hpp"

#include <gtest/gtest.h>

namespace sporazum::app {
namespace {

using core::GraphicsAction;
using core::GraphicsLayer;

core::Result<core::GraphicsCommand> commandOf(
    std::vector<std::string> arguments,
    std::vector<std::pair<std::string, std::string>> environment = {}) {
  auto options = parseOptions(arguments, environment, "/src");
  if (!options) return options.error();
  return graphicsCommandFrom(*options);
}

std::string errorOf(std::vector<std::string> arguments) {
  auto command = commandOf(std::move(arguments));
  return command ? std::string("ok") : command.error().message;
}

TEST(GraphicsCli, ALowerThirdNamesOnlyItsQuestion) {
  auto command = commandOf({"graphics", "take", "lower_third", "--question", "12"});
  ASSERT_TRUE(command.ok()) << command.error().message;
  EXPECT_EQ(command->action, GraphicsAction::Take);
  EXPECT_EQ(command->layer, GraphicsLayer::LowerThird);
  ASSERT_TRUE(command->graphic.has_value());
  EXPECT_EQ(command->graphic->questionId, 12);
  EXPECT_EQ(command->graphic->text, "");
}

TEST(GraphicsCli, ATakeWithoutContentTakesWhatIsCued) {
  auto command = commandOf({"graphics", "take", "super"});
  ASSERT_TRUE(command.ok());
  EXPECT_FALSE(command->graphic.has_value());
  auto logo = commandOf({"graphics", "take", "logo"});
  ASSERT_TRUE(logo.ok());
  EXPECT_TRUE(logo->graphic.has_value()) << "a logo has no content to give: it is shown";
}

TEST(GraphicsCli, EveryLayerTakesItsOwnFlags) {
  auto super =
      commandOf({"graphics", "cue", "super", "--name", "Dragana Petrović", "--role", "poslanica"});
  ASSERT_TRUE(super.ok()) << super.error().message;
  EXPECT_EQ(super->graphic->name, "Dragana Petrović");
  EXPECT_EQ(super->graphic->role, "poslanica");
  auto ticker = commandOf({"graphics", "take", "ticker", "--text", "  Vesti u 20h  "});
  ASSERT_TRUE(ticker.ok());
  EXPECT_EQ(ticker->graphic->text, "Vesti u 20h");
  EXPECT_EQ(errorOf({"graphics", "take", "ticker", "--question", "3"}),
            "--question is not for 'take ticker'");
  EXPECT_EQ(errorOf({"graphics", "clear", "ticker", "--text", "x"}),
            "--text is not for 'clear ticker'");
  EXPECT_EQ(errorOf({"graphics", "cue", "ticker"}), "cue ticker needs its content (see --help)");
  EXPECT_EQ(errorOf({"graphics", "take", "fullscreen"}),
            "unknown layer 'fullscreen' (lower_third, super, logo, qr, ticker, clock)");
  EXPECT_NE(errorOf({"graphics", "take", "ticker", "--text", "a\x01"}), "ok");
}

TEST(GraphicsCli, AQrCodePointsAtThePublicPageUnlessGivenAnAddress) {
  auto own = commandOf({"graphics", "take", "qr", "--caption", "Pitajte"},
                       {{"SPORAZUM_PUBLIC_URL", "https://sporazum.tv/"}});
  ASSERT_TRUE(own.ok()) << own.error().message;
  EXPECT_EQ(own->graphic->url, "https://sporazum.tv/");
  auto given = commandOf({"graphics", "take", "qr", "--url", "https://example.org/x"});
  ASSERT_TRUE(given.ok());
  EXPECT_EQ(given->graphic->url, "https://example.org/x");
  EXPECT_EQ(errorOf({"graphics", "take", "qr", "--caption", "x"}),
            "a QR code needs --url (or --public-url)");
  EXPECT_NE(errorOf({"graphics", "take", "qr", "--url", "javascript:alert(1)"}), "ok");
}

TEST(GraphicsCli, ClearAllNeedsNoLayer) {
  auto command = commandOf({"graphics", "clear-all"});
  ASSERT_TRUE(command.ok());
  EXPECT_EQ(command->action, GraphicsAction::ClearAll);
  EXPECT_EQ(errorOf({"graphics", "clear"}), "'graphics clear' takes 1 argument(s)");
}

TEST(GraphicsCli, TheRoleFlagIsCheckedOnlyForStaffAccounts) {
  EXPECT_EQ(errorOf({"staff", "add", "x", "--role", "root"}),
            "invalid value for --role: root (moderator, producer, admin or engine)");
  auto token = parseOptions({"staff", "engine-token", "engine-main", "--days", "30"}, {}, "/src");
  ASSERT_TRUE(token.ok());
  EXPECT_EQ(token->command, Command::StaffEngineToken);
  EXPECT_EQ(token->engineTokenDays, 30);
}

TEST(GraphicsCli, TheAsRunRecordExportsSafely) {
  core::AsRunRecord record;
  record.engine = "=main";
  record.report = {17,
                   GraphicsLayer::LowerThird,
                   core::AsRunEvent::OnAir,
                   118,
                   3723040000000,
                   "2026-11-23T20:14:05.120Z"};
  record.episodeId = 7;
  record.receivedAt = "2026-11-23T20:14:05.131Z";
  EXPECT_EQ(asRunToCsv({record}),
            "wall_time,engine,seq,layer,event,question,episode,running_time_ns,received_at\r\n"
            "2026-11-23T20:14:05.120Z,'=main,17,lower_third,on_air,118,7,3723040000000,"
            "2026-11-23T20:14:05.131Z\r\n");
  const std::string json = asRunToJson({record});
  EXPECT_NE(json.find("\"question\": 118"), std::string::npos) << json;
  EXPECT_NE(json.find("\"event\": \"on_air\""), std::string::npos) << json;
}

}  // namespace
}  // namespace sporazum::app

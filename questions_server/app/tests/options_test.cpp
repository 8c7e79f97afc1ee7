#include <gtest/gtest.h>

#include "options.hpp"

namespace sporazum::app {
namespace {

Options parsed(std::vector<std::string> arguments,
               std::vector<std::pair<std::string, std::string>> environment = {}) {
  auto result = parseOptions(arguments, environment, "/src");
  EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().message);
  return result.ok() ? *result : Options{};
}

std::string errorOf(std::vector<std::string> arguments) {
  auto result = parseOptions(arguments, {}, "/src");
  return result.ok() ? "ok" : result.error().message;
}

TEST(Options, ServesByDefaultWithFoldersFromTheSourceTree) {
  auto options = parsed({});
  EXPECT_EQ(options.command, Command::Serve);
  EXPECT_EQ(options.port, 8080);
  EXPECT_EQ(options.webRoot, "/src/questions_server/web");
  EXPECT_EQ(options.migrationsDir, "/src/schema/migrations");
}

TEST(Options, FlagsWinOverTheEnvironment) {
  auto options = parsed({"--port", "9000", "--database=postgresql:///x"},
                        {{"SPORAZUM_PORT", "7000"}, {"SPORAZUM_LISTEN", "0.0.0.0"}});
  EXPECT_EQ(options.port, 9000);
  EXPECT_EQ(options.listenAddress, "0.0.0.0");
  EXPECT_EQ(options.databaseUri, "postgresql:///x");
}

TEST(Options, ParsesCommandsWithTheirArguments) {
  auto episode = parsed({"episode", "new", "Sporazum 7", "--database", "u"});
  EXPECT_EQ(episode.command, Command::EpisodeNew);
  EXPECT_EQ(episode.arguments, std::vector<std::string>{"Sporazum 7"});
  EXPECT_EQ(parsed({"questions", "close"}).command, Command::QuestionsClose);
  EXPECT_EQ(parsed({"migrate"}).command, Command::Migrate);
  EXPECT_EQ(parsed({"serve", "--help"}).command, Command::Help);
}

TEST(Options, EpisodesArePlannedStartedAndEndedByNumber) {
  auto planned =
      parsed({"episode", "new", "Sporazum 24", "--number", "24", "--air-date", "2026-12-07"});
  EXPECT_EQ(planned.command, Command::EpisodeNew);
  EXPECT_EQ(planned.episodeNumber, 24);
  EXPECT_EQ(planned.airDate, "2026-12-07");
  auto legacy = parsed({"episode", "new", "Sporazum"});
  EXPECT_EQ(legacy.episodeNumber, 0) << "the next free number";
  EXPECT_EQ(legacy.airDate, "") << "today";
  auto start = parsed({"episode", "start", "24"});
  EXPECT_EQ(start.command, Command::EpisodeStart);
  EXPECT_EQ(start.episodeNumber, 24);
  EXPECT_EQ(parsed({"episode", "end", "9999"}).command, Command::EpisodeEnd);
  EXPECT_EQ(parsed({"episode", "list"}).command, Command::EpisodeList);
  EXPECT_EQ(errorOf({"episode", "start", "twenty"}),
            "'episode start' takes the episode's number (1-9999), not 'twenty'");
  EXPECT_EQ(errorOf({"episode", "end", "0"}),
            "'episode end' takes the episode's number (1-9999), not '0'");
  EXPECT_EQ(errorOf({"episode", "start"}), "'episode start' takes 1 argument(s)");
  EXPECT_EQ(errorOf({"episode", "new", "x", "--air-date", "2026-02-30"}),
            "invalid value for --air-date: 2026-02-30");
  EXPECT_EQ(errorOf({"episode", "new", "x", "--number", "10000"}),
            "invalid value for --number: 10000");
}

TEST(Options, ParsesTheConnectionCaps) {
  auto options =
      parsed({"--max-connections-per-address", "50"}, {{"SPORAZUM_MAX_CONNECTIONS", "300"}});
  EXPECT_EQ(options.maxConnectionsPerAddress, 50U);
  EXPECT_EQ(options.maxConnections, 300U);
}

TEST(Options, ParsesRateLimits) {
  auto options = parsed({"--rate-per-connection", "100/6000"});
  EXPECT_DOUBLE_EQ(options.perConnection.burst, 100);
  EXPECT_DOUBLE_EQ(options.perConnection.perMinute, 6000);
}

TEST(Options, ExplainsWhatIsWrong) {
  EXPECT_EQ(errorOf({"--port", "70000"}), "invalid value for --port: 70000");
  EXPECT_EQ(errorOf({"--port"}), "--port needs a value");
  EXPECT_EQ(errorOf({"--colour"}), "unknown option --colour");
  EXPECT_EQ(errorOf({"dance"}), "unknown command 'dance'");
  EXPECT_EQ(errorOf({"episode", "new"}), "'episode new' takes 1 argument(s)");
  EXPECT_EQ(errorOf({"--rate-per-address", "lots"}), "invalid value for --rate-per-address: lots");
  auto bad = parseOptions({}, {{"SPORAZUM_PORT", "x"}}, "/src");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message, "invalid value in SPORAZUM_PORT");
}

TEST(Options, HelpListsEveryCommand) {
  for (const char* word : {"serve", "migrate", "episode new", "episode start", "episode end",
                           "episode list", "--air-date", "questions open|close",
                           "privacy erase-device", "privacy purge", "--database"}) {
    EXPECT_NE(usage().find(word), std::string::npos) << word;
  }
}

}  // namespace
}  // namespace sporazum::app

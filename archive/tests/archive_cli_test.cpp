// sporazum-archive as producers and scripts run it: the real binary against a real PostgreSQL
// (PG* from pg_virtualenv), on media made here with the ffmpeg command line. An ingest is
// recorded whole or not at all; bad media and unknown episodes are refused with their code and
// leave nothing behind; export, verify and search work on what was ingested.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "server_process.hpp"

namespace sporazum::archive {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;
using testing::psql;
using testing::runProgram;
using testing::runServerCommand;

struct CliRun {
  int status = -1;
  std::string out;
  std::string err;
};

class ArchiveCli : public ::testing::Test {
 protected:
  void SetUp() override {
    work_ = fs::temp_directory_path() /
            ("archive-cli-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(work_);
    fs::create_directories(work_ / "archive");
    // Two aired episodes (3 and 4) and a planned one (5).
    for (const char* number : {"3", "4", "5"}) {
      ASSERT_EQ(server({"episode", "new", "Sporazum", "--number", number}), 0) << output_;
    }
    for (const char* number : {"3", "4"}) {
      ASSERT_EQ(server({"episode", "start", number}), 0) << output_;
      ASSERT_EQ(server({"episode", "end", number}), 0) << output_;
    }
  }
  void TearDown() override { fs::remove_all(work_); }

  int server(std::vector<std::string> arguments) {
    arguments.insert(arguments.end(), {"--database", db_.connectionString()});
    return runServerCommand(arguments, &output_);
  }
  CliRun archive(std::vector<std::string> arguments) {
    arguments.insert(arguments.begin(), SPORAZUM_ARCHIVE_BINARY);
    arguments.insert(arguments.end(), {"--database", db_.connectionString()});
    CliRun run;
    run.status = runProgram(arguments, &run.out, &run.err);
    return run;
  }
  std::string sql(const std::string& statement) { return psql(db_.name(), statement); }

  /// A short programme like the engine's recordings: H.264 and AAC in MPEG-TS, a 1 kHz tone.
  fs::path makeProgramme(const std::string& name) {
    const fs::path file = work_ / name;
    std::string out;
    std::string err;
    const int status = runProgram({SPORAZUM_FFMPEG,
                                   "-v",
                                   "error",
                                   "-y",
                                   "-f",
                                   "lavfi",
                                   "-i",
                                   "testsrc2=size=640x360:rate=25",
                                   "-f",
                                   "lavfi",
                                   "-i",
                                   "sine=frequency=1000:sample_rate=48000",
                                   "-t",
                                   "6",
                                   "-c:v",
                                   "libx264",
                                   "-preset",
                                   "ultrafast",
                                   "-pix_fmt",
                                   "yuv420p",
                                   "-c:a",
                                   "aac",
                                   "-ac",
                                   "2",
                                   file.string()},
                                  &out, &err);
    EXPECT_EQ(status, 0) << err;
    return file;
  }

  std::size_t ingestFolders() {
    std::size_t count = 0;
    for (const auto& entry : fs::directory_iterator(work_ / "archive"))
      count += entry.is_directory();
    return count;
  }

  testing::ScratchDatabase db_;
  fs::path work_;
  std::string output_;
};

TEST_F(ArchiveCli, AnIngestIsRecordedWholeAndExportedVerifiedAndFound) {
  const fs::path programme = makeProgramme("episode-3.ts");
  CliRun run = archive({"ingest", programme.string(), "--episode", "3", "--json", "--archive-dir",
                        (work_ / "archive").string(), "--thumbnail-every", "2"});
  ASSERT_EQ(run.status, 0) << run.err << run.out;
  const Json result = Json::parse(run.out);
  EXPECT_TRUE(result["ok"].get<bool>());
  EXPECT_EQ(result["master"]["location"], programme.string());
  EXPECT_EQ(result["master"]["sha256"].get<std::string>().size(), 64u);
  EXPECT_NEAR(result["probe"]["durationSeconds"].get<double>(), 6.0, 0.2);
  EXPECT_LT(result["loudness"]["integratedLufs"].get<double>(), 0.0);
  ASSERT_TRUE(result["proxy"].is_object());
  EXPECT_TRUE(fs::exists(result["proxy"]["location"].get<std::string>()));
  ASSERT_GE(result["thumbnails"].size(), 3u) << "a poster and one every 2 s";
  for (const auto& thumbnail : result["thumbnails"]) {
    EXPECT_TRUE(fs::exists(thumbnail["location"].get<std::string>()));
  }
  EXPECT_EQ(sql("SELECT state FROM episodes WHERE number = 3"), "archived");
  EXPECT_EQ(sql("SELECT count(*) FROM media_assets a JOIN episodes e ON e.id = a.episode_id "
                "WHERE e.number = 3 AND a.role = 'programme_master' AND a.sha256 = '" +
                result["master"]["sha256"].get<std::string>() + "'"),
            "1");

  // Once only: the same recording again is refused, and leaves no second folder.
  run = archive({"ingest", programme.string(), "--episode", "3", "--json", "--archive-dir",
                 (work_ / "archive").string()});
  EXPECT_EQ(run.status, 3);
  EXPECT_EQ(Json::parse(run.out)["code"], "already_ingested");
  EXPECT_EQ(ingestFolders(), 1u);

  // Export in the three formats.
  run = archive({"export", "--episode", "3", "--format", "ebucore"});
  ASSERT_EQ(run.status, 0) << run.err;
  EXPECT_EQ(run.out.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ebucore:ebuCoreMain", 0),
            0u);
  EXPECT_NE(run.out.find(result["master"]["sha256"].get<std::string>()), std::string::npos);
  EXPECT_NE(run.out.find("<ebucore:integratedLoudness>"), std::string::npos);
  EXPECT_NE(run.out.find("</ebucore:ebuCoreMain>\n"), std::string::npos);
  run = archive({"export", "--episode", "3", "--format", "json"});
  ASSERT_EQ(run.status, 0) << run.err;
  const Json exported = Json::parse(run.out);
  EXPECT_EQ(exported["identifier"], 3);
  EXPECT_EQ(exported["state"], "archived");
  EXPECT_EQ(exported["format"][0]["typeLabel"], "programme_master");
  const fs::path csv = work_ / "questions.csv";
  run = archive({"export", "--episode", "3", "--format", "csv", "--output", csv.string()});
  ASSERT_EQ(run.status, 0) << run.err;
  std::ifstream in(csv);
  std::string header;
  std::getline(in, header);
  EXPECT_EQ(header,
            "episode,air_date,question_id,in_seconds,out_seconds,language,municipality,"
            "viewer_name,text\r");

  // Verify: all well; then a changed proxy is found and recorded.
  run = archive({"verify", "--json"});
  ASSERT_EQ(run.status, 0) << run.err << run.out;
  EXPECT_EQ(Json::parse(run.out)["problems"], 0);
  std::ofstream(result["proxy"]["location"].get<std::string>(), std::ios::app) << "x";
  run = archive({"verify", "--json"});
  EXPECT_EQ(run.status, 1) << run.err;
  EXPECT_EQ(Json::parse(run.out)["problems"], 1);
  EXPECT_EQ(sql("SELECT count(*) FROM fixity_events WHERE outcome = 'mismatch'"), "1");

  // Search answers, and hostile queries get an answer or a refusal, never a database error.
  run = archive({"search", "Sporazum", "--json"});
  EXPECT_EQ(run.status, 0) << run.err;
  EXPECT_TRUE(Json::parse(run.out).is_array());
  for (const std::string& hostile :
       std::vector<std::string>{"\"&|!:*()'", "a & b | !c", std::string(10'000, 'x'), ""}) {
    run = archive({"search", hostile, "--json"});
    EXPECT_TRUE(run.status == 0 || run.status == 3) << run.status << " " << run.err;
  }
}

TEST_F(ArchiveCli, BadMediaAndWrongEpisodesAreRefusedAndLeaveNothing) {
  // Not media at all.
  const fs::path garbage = work_ / "garbage.ts";
  {
    std::ofstream out(garbage, std::ios::binary);
    for (int i = 0; i < 100'000; ++i)
      out.put(static_cast<char>((i * 7919) % 251));
  }
  CliRun run = archive({"ingest", garbage.string(), "--episode", "4", "--json", "--archive-dir",
                        (work_ / "archive").string()});
  EXPECT_EQ(run.status, 3) << run.err;
  const std::string code = Json::parse(run.out)["code"];
  EXPECT_TRUE(code == "unreadable" || code == "corrupt" || code == "no_streams") << code;
  EXPECT_EQ(ingestFolders(), 0u) << "the failed ingest's folder is removed";
  EXPECT_EQ(sql("SELECT count(*) FROM media_assets"), "0");
  EXPECT_EQ(sql("SELECT state FROM episodes WHERE number = 4"), "aired");

  // A recording cut at 40 %.
  const fs::path whole = makeProgramme("whole.ts");
  const fs::path cut = work_ / "cut.ts";
  fs::copy_file(whole, cut);
  fs::resize_file(cut, fs::file_size(whole) * 4 / 10);
  run = archive({"ingest", cut.string(), "--episode", "4", "--json", "--archive-dir",
                 (work_ / "archive").string()});
  EXPECT_EQ(run.status, 3) << run.err << run.out;
  EXPECT_EQ(ingestFolders(), 0u);
  EXPECT_EQ(sql("SELECT count(*) FROM media_assets"), "0");

  // Episodes that cannot take it; no decoding happens for them.
  run = archive({"ingest", whole.string(), "--episode", "99", "--json"});
  EXPECT_EQ(run.status, 3);
  EXPECT_EQ(Json::parse(run.out)["code"], "unknown_episode");
  run = archive({"ingest", whole.string(), "--episode", "5", "--json"});
  EXPECT_EQ(run.status, 3);
  EXPECT_EQ(Json::parse(run.out)["code"], "not_aired");
  run = archive({"ingest", (work_ / "missing.ts").string(), "--episode", "4", "--json",
                 "--archive-dir", (work_ / "archive").string()});
  EXPECT_EQ(run.status, 3);
  EXPECT_EQ(Json::parse(run.out)["code"], "not_found");
  EXPECT_EQ(sql("SELECT count(*) FROM media_assets"), "0");

  // Usage mistakes.
  EXPECT_EQ(archive({"ingest", whole.string()}).status, 2);
  EXPECT_EQ(archive({"ingest", whole.string(), "--episode", "x"}).status, 2);
  EXPECT_EQ(archive({"export", "--episode", "3", "--format", "xls"}).status, 2);
  EXPECT_EQ(archive({"frobnicate"}).status, 2);
}

TEST_F(ArchiveCli, AnUnreachableDatabaseHasItsOwnExitCode) {
  CliRun run;
  run.status = runProgram({SPORAZUM_ARCHIVE_BINARY, "search", "Zvečan", "--json", "--database",
                           "postgresql://nobody@127.0.0.1:1/none?connect_timeout=2"},
                          &run.out, &run.err);
  EXPECT_EQ(run.status, 4) << run.err;
  EXPECT_EQ(Json::parse(run.out)["code"], "unavailable");
}

}  // namespace
}  // namespace sporazum::archive

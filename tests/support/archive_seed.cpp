#include "archive_seed.hpp"

#include <stdexcept>

#include "server_process.hpp"

namespace sporazum::testing {
namespace {

/// A text as an SQL literal (the tests' own texts; quotes doubled).
std::string literal(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    out += c;
    if (c == '\'') out += '\'';
  }
  return out + "'";
}

void command(const std::string& databaseName, std::vector<std::string> arguments) {
  arguments.insert(arguments.end(), {"--database", "dbname=" + databaseName});
  std::string output;
  if (runServerCommand(arguments, &output) != 0) {
    throw std::runtime_error("server command " + arguments.at(0) + " " + arguments.at(1) +
                             " failed: " + output);
  }
}

}  // namespace

void seedEpisode(const std::string& databaseName, SeededEpisode& episode, bool isAired) {
  const std::string number = std::to_string(episode.number);
  command(databaseName,
          {"episode", "new", episode.title, "--number", number, "--air-date", episode.airDate});
  const std::string episodeId =
      psql(databaseName, "SELECT id FROM episodes WHERE number = " + number);
  for (std::size_t i = 0; i < episode.guests.size(); ++i) {
    psql(databaseName, "INSERT INTO episode_guests (episode_id, position, name, role) VALUES (" +
                           episodeId + ", " + std::to_string(i + 1) + ", " +
                           literal(episode.guests[i].first) + ", " +
                           literal(episode.guests[i].second) + ")");
  }
  for (std::size_t i = 0; i < episode.topics.size(); ++i) {
    psql(databaseName, "INSERT INTO episode_topics (episode_id, position, topic) VALUES (" +
                           episodeId + ", " + std::to_string(i + 1) + ", " +
                           literal(episode.topics[i]) + ")");
  }
  if (!isAired) return;
  command(databaseName, {"episode", "start", number});
  // The engine's recording: timecodes count from its start.
  psql(databaseName,
       "INSERT INTO recordings (engine, episode_id, file, state, bytes, started_at, stopped_at, "
       "frames) VALUES ('engine-main', " +
           episodeId + ", 'var/recordings/episode-" + number +
           ".ts', 'done', 10, now() - interval '1 hour', now(), 90000)");
  for (auto& question : episode.questions) {
    // Stored as the viewer's page stores a question (private columns are digests), approved.
    question.id = std::stoll(psql(
        databaseName,
        "WITH x AS (INSERT INTO questions (client_id, episode_id, device_hash, address_hash, "
        "display_name, "
        "municipality, body, state, consent_name_on_air, language) VALUES (gen_random_uuid(), " +
            episodeId +
            ", decode(repeat('ab', 32), 'hex'), decode(repeat('ad', 32), 'hex'), 'Milica', "
            "'zvecan', " +
            literal(question.text) + ", 'approved', " +
            (question.hasNameConsent ? "true" : "false") +
            ", 'sr') RETURNING id) SELECT id FROM x"));
    command(databaseName,
            {"graphics", "take", "lower_third", "--question", std::to_string(question.id)});
    command(databaseName, {"graphics", "clear", "lower_third"});
    // The engine's as-run of both commands, as the desk stores engine_as_run.
    for (const auto& [event, seconds, offset] : {std::tuple{"on_air", question.inSeconds, 1},
                                                 std::tuple{"off_air", question.outSeconds, 0}}) {
      psql(databaseName,
           "INSERT INTO graphics_as_run (seq, engine, layer, event, question_id, episode_id, "
           "running_time_ns, wall_time) SELECT seq, 'engine-main', 'lower_third', '" +
               std::string(event) + "', " + std::to_string(question.id) + ", " + episodeId +
               ", 1, (SELECT started_at FROM recordings WHERE episode_id = " + episodeId + ") + " +
               std::to_string(seconds) +
               " * interval '1 second' FROM graphics_commands WHERE episode_id = " + episodeId +
               " ORDER BY seq DESC OFFSET " + std::to_string(offset) + " LIMIT 1");
    }
  }
  command(databaseName, {"episode", "end", number});
}

void makeProgramme(const std::string& ffmpeg, const std::filesystem::path& file, int seconds) {
  std::string out;
  std::string err;
  const int status = runProgram({ffmpeg,       "-v",
                                 "error",      "-y",
                                 "-f",         "lavfi",
                                 "-i",         "testsrc2=size=640x360:rate=25",
                                 "-f",         "lavfi",
                                 "-i",         "sine=frequency=1000:sample_rate=48000",
                                 "-t",         std::to_string(seconds),
                                 "-c:v",       "libx264",
                                 "-preset",    "ultrafast",
                                 "-pix_fmt",   "yuv420p",
                                 "-c:a",       "aac",
                                 "-ac",        "2",
                                 file.string()},
                                &out, &err);
  if (status != 0) throw std::runtime_error("ffmpeg failed: " + err);
}

std::string ingestProgramme(const std::string& archiveBinary, const std::string& databaseName,
                            const std::filesystem::path& file, std::int64_t number,
                            const std::filesystem::path& archiveDir) {
  std::string out;
  std::string err;
  const int status =
      runProgram({archiveBinary, "ingest", file.string(), "--episode", std::to_string(number),
                  "--archive-dir", archiveDir.string(), "--thumbnail-every", "2", "--json",
                  "--database", "dbname=" + databaseName},
                 &out, &err);
  if (status != 0) throw std::runtime_error("ingest failed: " + err + out);
  return out;
}

}  // namespace sporazum::testing

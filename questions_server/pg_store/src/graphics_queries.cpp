#include "graphics_queries.hpp"

#include "sporazum/core/programme.hpp"
#include "studio_queries.hpp"

namespace sporazum::pg::detail {
namespace {

using core::GraphicsAction;
using core::GraphicsCommand;
using core::GraphicsLayer;

constexpr const char* kIsoTime = "'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'";

// The database keeps graphics in their wire form, so the programme and the log are read back as
// the very messages the engines get, and decoded by the one codec (core/graphics). The recording
// order is the live episode's (0004_studio.sql).
constexpr const char* kProgrammeJson = R"SQL(
SELECT json_build_object(
         'type', 'programme_state', 'seq', p.last_seq,
         'layers', COALESCE((SELECT json_agg(json_build_object('layer', l.layer, 'cued', l.cued,
                                                               'onAir', l.on_air,
                                                               'onAirSeq', COALESCE(l.on_air_seq, 0))
                                             ORDER BY array_position(ARRAY['lower_third', 'super',
                                                      'logo', 'qr', 'ticker', 'clock'], l.layer))
                               FROM graphics_layers l), '[]'),
         'recording', (SELECT json_build_object('episode', e.id, 'number', e.number)
                         FROM episodes e WHERE e.state = 'live'))::text
  FROM graphics_programme p
)SQL";

constexpr const char* kCommandsAfter = R"SQL(
SELECT json_build_object('type', 'engine_command', 'seq', seq, 'action', action, 'layer', layer,
                         'graphic', content)::text
  FROM graphics_commands WHERE seq > $1 ORDER BY seq LIMIT $2
)SQL";

/// Writes every layer of a programme_state message ($1) that differs from what is stored.
constexpr const char* kWriteLayers = R"SQL(
UPDATE graphics_layers l
   SET cued = x.cued, on_air = x.on_air, on_air_seq = x.on_air_seq, changed_at = now()
  FROM (SELECT e ->> 'layer' AS layer,
               NULLIF(e -> 'cued', 'null'::jsonb) AS cued,
               NULLIF(e -> 'onAir', 'null'::jsonb) AS on_air,
               NULLIF((e ->> 'onAirSeq')::bigint, 0) AS on_air_seq
          FROM jsonb_array_elements(($1::jsonb) -> 'layers') AS e) x
 WHERE l.layer = x.layer
   AND (l.cued, l.on_air, l.on_air_seq) IS DISTINCT FROM (x.cued, x.on_air, x.on_air_seq)
)SQL";

/// $4 is the engine_command message; the log keeps its graphic.
constexpr const char* kAppendCommand = R"SQL(
INSERT INTO graphics_commands (seq, action, layer, content, question_id, staff_id, actor,
                               episode_id)
VALUES ($1, $2, NULLIF($3, ''), ($4::jsonb) -> 'graphic', NULLIF($5::bigint, 0),
        NULLIF($6::bigint, 0), $7, NULLIF($8::bigint, 0))
)SQL";

constexpr const char* kCommandLanded = R"SQL(
SELECT 1 FROM graphics_commands
 WHERE seq = $1 AND actor = $2 AND action = $3
   AND content IS NOT DISTINCT FROM (($4::jsonb) -> 'graphic')
)SQL";

constexpr const char* kInsertAsRun = R"SQL(
INSERT INTO graphics_as_run (seq, engine, layer, event, question_id, episode_id, running_time_ns,
                             wall_time)
SELECT c.seq, $2, $3, $4, (SELECT q.id FROM questions q WHERE q.id = NULLIF($5::bigint, 0)),
       c.episode_id, $6, $7::timestamptz
  FROM graphics_commands c WHERE c.seq = $1
ON CONFLICT ON CONSTRAINT graphics_as_run_report_key DO NOTHING
RETURNING id
)SQL";

constexpr const char* kAsRunLanded = R"SQL(
SELECT 1 FROM graphics_as_run WHERE engine = $1 AND seq = $2 AND layer = $3 AND event = $4
)SQL";

/// The first report of a question's first frame on air (or off air again), from any engine, is
/// the time the studio shows; the version moves so that the change reaches the studio.
constexpr const char* kQuestionOnAirAt = R"SQL(
UPDATE questions SET on_air_at = $2::timestamptz, version = version + 1
 WHERE id = $1 AND on_air_at IS NULL
)SQL";
constexpr const char* kQuestionOffAirAt = R"SQL(
UPDATE questions SET off_air_at = $2::timestamptz, version = version + 1
 WHERE id = $1 AND off_air_at IS NULL
)SQL";

constexpr const char* kInsertEngineError = R"SQL(
INSERT INTO graphics_engine_errors (seq, engine, layer, code, message, episode_id)
VALUES ($1, $2, $3, $4, $5,
        COALESCE((SELECT episode_id FROM graphics_commands WHERE seq = $1),
                 current_episode_id()))
)SQL";

core::Error questionNotAvailable() {
  return core::makeError("question_not_available",
                         "the question is not an approved question of the current episode",
                         "questionId");
}

/// The question a lower third shows, read for lowerThirdFor: nothing else of it is read.
std::optional<core::ModQuestion> readAirQuestion(pqxx::work& txn, std::int64_t id) {
  const auto rows = txn.exec_params(
      "SELECT id, episode_id, state, body, COALESCE(air_text, ''), COALESCE(display_name, ''), "
      "COALESCE(municipality, ''), consent_name_on_air, COALESCE(language, '') "
      "FROM questions WHERE id = $1",
      id);
  if (rows.empty()) return std::nullopt;
  const auto& r = rows[0];
  core::ModQuestion q;
  q.id = r[0].as<std::int64_t>();
  q.episodeId = r[1].as<std::int64_t>();
  q.state = r[2].as<std::string>();
  q.text = r[3].as<std::string>();
  q.airText = r[4].as<std::string>();
  q.displayName = r[5].as<std::string>();
  q.municipality = r[6].as<std::string>();
  q.consentNameOnAir = r[7].as<bool>();
  q.language = r[8].as<std::string>();
  return q;
}

const core::LayerState* layerIn(const core::ProgrammeState& state, GraphicsLayer layer) {
  for (const auto& item : state.layers) {
    if (item.layer == layer) return &item;
  }
  return nullptr;
}

/// The question the lower third shows on air, 0 for none.
std::int64_t questionOnAir(const core::ProgrammeState& state) {
  const core::LayerState* layer = layerIn(state, GraphicsLayer::LowerThird);
  return layer != nullptr && layer->onAir ? layer->onAir->questionId : 0;
}

/// The question a lower-third command concerns: the one it shows, takes from the cue or clears.
std::int64_t questionOf(const GraphicsCommand& command, const core::ProgrammeState& before) {
  if (command.layer != GraphicsLayer::LowerThird || command.action == GraphicsAction::ClearAll) {
    return 0;
  }
  if (command.graphic) return command.graphic->questionId;
  const core::LayerState* layer = layerIn(before, command.layer);
  if (layer == nullptr) return 0;
  if (command.action == GraphicsAction::Take && layer->cued) return layer->cued->questionId;
  if (command.action == GraphicsAction::Clear && layer->onAir) return layer->onAir->questionId;
  return 0;
}

}  // namespace

core::ProgrammeState readProgramme(pqxx::transaction_base& txn) {
  auto state = core::decodeProgrammeState(txn.exec1(kProgrammeJson)[0].as<std::string>());
  if (!state) {
    throw StoredGraphicsUnreadable("the stored programme does not decode: " +
                                   state.error().message);
  }
  return std::move(*state);
}

std::vector<GraphicsCommand> readCommandsAfter(pqxx::transaction_base& txn, std::int64_t afterSeq,
                                               std::size_t limit) {
  std::vector<GraphicsCommand> commands;
  for (const auto& row :
       txn.exec_params(kCommandsAfter, afterSeq, static_cast<std::int64_t>(limit))) {
    auto command = core::decodeEngineCommand(row[0].as<std::string>());
    if (!command) {
      throw StoredGraphicsUnreadable("a logged graphics command does not decode: " +
                                     command.error().message);
    }
    commands.push_back(std::move(*command));
  }
  return commands;
}

core::Result<GraphicsCommand> applyGraphicsInTransaction(pqxx::work& txn, GraphicsCommand command,
                                                         const core::StaffIdentity& by) {
  command.seq = 0;
  if (command.action == GraphicsAction::ClearAll) command.layer = GraphicsLayer::LowerThird;
  if (auto valid = core::validateGraphicsCommand(command); !valid) return valid.error();
  const bool showsQuestion = command.layer == GraphicsLayer::LowerThird && command.graphic &&
                             command.action != GraphicsAction::ClearAll;
  if (showsQuestion && command.graphic->questionId <= 0) {
    return core::makeError("invalid_graphic", "a lower third names its question (questionId)",
                           "questionId");
  }

  // The one lock every command takes: seqs are handed out, and commit, in order.
  const auto last =
      txn.exec1("SELECT last_seq FROM graphics_programme FOR UPDATE")[0].as<std::int64_t>();
  const std::int64_t episodeId = currentEpisodeId(txn);
  if (showsQuestion) {
    const auto question = readAirQuestion(txn, command.graphic->questionId);
    if (!question || question->episodeId != episodeId || !core::isAirable(question->state)) {
      return questionNotAvailable();
    }
    command.graphic = core::lowerThirdFor(*question);
    if (auto valid = core::validateGraphicsCommand(command); !valid) return valid.error();
  }

  core::ProgrammeState state = readProgramme(txn);
  const std::int64_t questionId = questionOf(command, state);
  const std::int64_t wasOnAir = questionOnAir(state);
  command.seq = last + 1;
  if (auto applied = core::applyGraphicsCommand(state, command); !applied) return applied.error();
  txn.exec_params(kWriteLayers, core::encodeProgrammeState(state));
  txn.exec_params("UPDATE graphics_programme SET last_seq = $1", command.seq);
  const std::string action(core::toString(command.action));
  const std::string layer = command.action == GraphicsAction::ClearAll
                                ? std::string()
                                : std::string(core::toString(command.layer));
  txn.exec_params(kAppendCommand, command.seq, action, layer, core::encodeEngineCommand(command),
                  questionId, by.staffId, by.username, episodeId);
  // Questions on air: in this transaction, so the viewer hears "on air" when the command commits.
  moveQuestionsOnAir(txn, episodeId, wasOnAir, questionOnAir(state), command.seq, by);
  return command;
}

core::Result<GraphicsCommand> applyGraphicsCommand(
    pqxx::connection& conn, GraphicsCommand command, const core::StaffIdentity& by,
    CommitGate<core::Result<GraphicsCommand>>& gate) {
  pqxx::work txn(conn);
  auto answer = applyGraphicsInTransaction(txn, std::move(command), by);
  if (!answer) return answer;
  const std::string wire = core::encodeEngineCommand(*answer);
  gate.commit(txn, answer,
              [seq = answer->seq, actor = by.username,
               action = std::string(core::toString(answer->action)), wire](pqxx::connection& c) {
                pqxx::nontransaction check(c);
                return !check.exec_params(kCommandLanded, seq, actor, action, wire).empty();
              });
  return answer;
}

bool recordAsRun(pqxx::connection& conn, const std::string& engine, const core::AsRunReport& report,
                 CommitGate<bool>& gate) {
  const std::string layer(core::toString(report.layer));
  const std::string event(core::toString(report.event));
  pqxx::work txn(conn);
  const bool isNew = !txn.exec_params(kInsertAsRun, report.seq, engine, layer, event,
                                      report.questionId, report.runningTimeNs, report.wallTime)
                          .empty();
  if (isNew && report.questionId > 0 && report.layer == GraphicsLayer::LowerThird) {
    txn.exec_params(report.event == core::AsRunEvent::OnAir ? kQuestionOnAirAt : kQuestionOffAirAt,
                    report.questionId, report.wallTime);
  }
  gate.commit(txn, isNew, [engine, seq = report.seq, layer, event](pqxx::connection& c) {
    pqxx::nontransaction check(c);
    return !check.exec_params(kAsRunLanded, engine, seq, layer, event).empty();
  });
  return isNew;
}

bool recordEngineError(pqxx::connection& conn, const std::string& engine,
                       const core::EngineCommandError& error, CommitGate<bool>& gate) {
  pqxx::work txn(conn);
  txn.exec_params(kInsertEngineError, error.seq, engine, std::string(core::toString(error.layer)),
                  error.code, error.message);
  // No key tells a lost COMMIT apart: it is taken as not landed and stored again (an error row
  // twice is better than none).
  gate.commit(txn, true, [](pqxx::connection&) { return false; });
  return true;
}

std::vector<core::AsRunRecord> listAsRun(pqxx::transaction_base& txn, std::int64_t episodeId) {
  const std::string query =
      std::string(
          "SELECT engine, seq, layer, event, COALESCE(question_id, 0), running_time_ns, "
          "to_char(wall_time AT TIME ZONE 'UTC', ") +
      kIsoTime + "), COALESCE(episode_id, 0), to_char(received_at AT TIME ZONE 'UTC', " + kIsoTime +
      ") FROM graphics_as_run WHERE ($1::bigint <= 0 OR episode_id = $1) "
      "ORDER BY wall_time, id";
  std::vector<core::AsRunRecord> records;
  for (const auto& r : txn.exec_params(query, episodeId)) {
    core::AsRunRecord record;
    record.engine = r[0].as<std::string>();
    record.report.seq = r[1].as<std::int64_t>();
    record.report.layer =
        core::parseGraphicsLayer(r[2].as<std::string>()).value_or(GraphicsLayer::LowerThird);
    record.report.event =
        core::parseAsRunEvent(r[3].as<std::string>()).value_or(core::AsRunEvent::OnAir);
    record.report.questionId = r[4].as<std::int64_t>();
    record.report.runningTimeNs = r[5].as<std::int64_t>();
    record.report.wallTime = r[6].as<std::string>();
    record.episodeId = r[7].as<std::int64_t>();
    record.receivedAt = r[8].as<std::string>();
    records.push_back(std::move(record));
  }
  return records;
}

}  // namespace sporazum::pg::detail

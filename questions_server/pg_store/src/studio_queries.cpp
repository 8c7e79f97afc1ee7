#include "studio_queries.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string_view>

#include "graphics_queries.hpp"

namespace sporazum::pg::detail {
namespace {

using core::ChangeOutcome;
using core::ChangeStatus;
using nlohmann::json;

/// Queued positions are moved out of the way by this much before they are written again, so
/// that no two queued questions of an episode hold one place even for a moment (the unique index
/// is checked row by row).
constexpr std::int64_t kPositionShelf = 1000000;

// Every Episode is read with these columns, in this order (see readEpisodeRow).
constexpr std::string_view kEpisodeSelect = R"SQL(
SELECT e.id, e.number, e.title, to_char(e.air_date, 'YYYY-MM-DD'), e.state, e.questions_open,
       COALESCE(to_char(e.started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), ''),
       COALESCE(to_char(e.ended_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), ''),
       COALESCE((SELECT json_agg(json_build_array(g.name, g.role) ORDER BY g.position)
                   FROM episode_guests g WHERE g.episode_id = e.id), '[]')::text,
       COALESCE((SELECT json_agg(t.topic ORDER BY t.position)
                   FROM episode_topics t WHERE t.episode_id = e.id), '[]')::text,
       r.engine, r.file, r.bytes, r.state, COALESCE(r.error, '')
  FROM episodes e
  LEFT JOIN LATERAL (SELECT engine, file, bytes, state, error FROM recordings
                      WHERE episode_id = e.id ORDER BY started_at DESC, id DESC LIMIT 1) r ON true
)SQL";

// The studio's view of a question: the viewer's name is read only when they consented to it on
// air, and nothing else private is read at all.
constexpr const char* kQueueSelect = R"SQL(
SELECT q.id, q.episode_id, q.version, q.state, q.body, COALESCE(q.air_text, ''),
       CASE WHEN q.consent_name_on_air THEN COALESCE(q.display_name, '') ELSE '' END,
       COALESCE(q.municipality, ''), q.consent_name_on_air, COALESCE(q.language, ''),
       to_char(q.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
       COALESCE(q.topic, ''), q.ask_count, COALESCE(q.queue_position, 0),
       COALESCE(to_char(q.on_air_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), ''),
       COALESCE(to_char(q.off_air_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), '')
  FROM questions q
 WHERE q.episode_id = $1 AND q.state IN ('approved', 'queued', 'on_air', 'aired', 'not_selected')
 ORDER BY q.id
)SQL";

/// What the end of an episode does to the questions nobody asked on air, with an audit entry each.
constexpr const char* kNotSelected = R"SQL(
WITH waiting AS (
  SELECT id, state, version, queue_position FROM questions
   WHERE episode_id = $1 AND state IN ('approved', 'queued') ORDER BY id FOR UPDATE
), changed AS (
  UPDATE questions q
     SET state = 'not_selected', queue_position = NULL, version = q.version + 1,
         changed_by = NULLIF($2::bigint, 0), changed_at = now()
    FROM waiting w WHERE q.id = w.id
  RETURNING q.id, w.state AS was, w.version AS was_version, w.queue_position, q.version
)
INSERT INTO audit_log (staff_id, actor, action, episode_id, question_id, before, after)
SELECT NULLIF($2::bigint, 0), $3, 'not_selected', $1, id,
       jsonb_build_object('state', was, 'version', was_version, 'position', queue_position),
       jsonb_build_object('state', 'not_selected', 'version', version, 'position', NULL)
  FROM changed
)SQL";

constexpr const char* kRecordRecording = R"SQL(
INSERT INTO recordings (engine, episode_id, file, state, bytes, started_at, stopped_at, frames,
                        error)
VALUES ($1, $2, $3, $4, $5, $6::timestamptz, NULLIF($7, '')::timestamptz, $8, NULLIF($9, ''))
ON CONFLICT ON CONSTRAINT recordings_engine_file_key DO UPDATE
   SET state = EXCLUDED.state, bytes = EXCLUDED.bytes, stopped_at = EXCLUDED.stopped_at,
       frames = EXCLUDED.frames, error = EXCLUDED.error, reported_at = now()
 WHERE recordings.state = 'recording'
RETURNING id
)SQL";

std::string sql(std::string_view a, std::string_view b) {
  std::string text(a);
  text += b;
  return text;
}

core::Episode readEpisodeRow(const pqxx::row& r) {
  core::Episode e;
  e.id = r[0].as<std::int64_t>();
  e.number = r[1].as<std::int64_t>();
  e.title = r[2].as<std::string>();
  e.airDate = r[3].as<std::string>();
  e.state = core::parseEpisodeState(r[4].as<std::string>()).value_or(core::EpisodeState::Planned);
  e.questionsOpen = r[5].as<bool>();
  e.startedAt = r[6].as<std::string>();
  e.endedAt = r[7].as<std::string>();
  const json guests = json::parse(r[8].as<std::string>(), nullptr, false);
  if (guests.is_array()) {
    for (const auto& g : guests) {
      if (g.is_array() && g.size() == 2 && g[0].is_string() && g[1].is_string()) {
        e.guests.push_back({g[0].get<std::string>(), g[1].get<std::string>()});
      }
    }
  }
  const json topics = json::parse(r[9].as<std::string>(), nullptr, false);
  if (topics.is_array()) {
    for (const auto& t : topics) {
      if (t.is_string()) e.topics.push_back(t.get<std::string>());
    }
  }
  if (!r[10].is_null()) {
    e.recording = core::RecordingSummary{r[10].as<std::string>(), r[11].as<std::string>(),
                                         r[12].as<std::int64_t>(), r[13].as<std::string>(),
                                         r[14].as<std::string>()};
  }
  return e;
}

/// An episode as the audit log keeps it (guests are public figures; nothing here is private).
json episodeFields(const core::Episode& e) {
  json guests = json::array();
  for (const auto& g : e.guests)
    guests.push_back(json{{"name", g.name}, {"role", g.role}});
  return json{{"number", e.number},          {"title", e.title},
              {"airDate", e.airDate},        {"state", core::toString(e.state)},
              {"guests", std::move(guests)}, {"topics", e.topics}};
}

template <typename Number>
std::string arrayLiteral(const std::vector<Number>& values) {
  std::string text = "{";
  for (const auto& value : values) {
    if (text.size() > 1) text += ',';
    text += std::to_string(value);
  }
  return text + "}";
}

ChangeOutcome outcome(ChangeStatus status, std::string message) {
  ChangeOutcome out;
  out.status = status;
  out.message = std::move(message);
  return out;
}

/// The queued questions of an episode in running order, locked (in id order, like every other
/// statement that locks several questions).
std::vector<std::int64_t> lockQueue(pqxx::work& txn, std::int64_t episodeId) {
  std::vector<std::pair<std::int64_t, std::int64_t>> rows;  // position, id
  for (const auto& r : txn.exec_params(
           "SELECT id, queue_position FROM questions WHERE episode_id = $1 AND state = 'queued' "
           "ORDER BY id FOR UPDATE",
           episodeId)) {
    rows.emplace_back(r[1].as<std::int64_t>(), r[0].as<std::int64_t>());
  }
  std::sort(rows.begin(), rows.end());
  std::vector<std::int64_t> ids;
  ids.reserve(rows.size());
  for (const auto& [position, id] : rows)
    ids.push_back(id);
  return ids;
}

/// Makes `order` the running order (1…n): every question in it becomes queued at its place; only
/// rows whose place or state changes are written (with a new version). Returns those ids.
std::vector<std::int64_t> writeQueueOrder(pqxx::work& txn, const std::vector<std::int64_t>& order,
                                          std::int64_t staffId) {
  if (order.empty()) return {};
  std::vector<std::int64_t> changed;
  std::vector<std::int64_t> positions;
  const auto rows = txn.exec_params(
      "SELECT id, state, COALESCE(queue_position, 0) FROM questions WHERE id = ANY($1::bigint[])",
      arrayLiteral(order));
  for (std::size_t i = 0; i < order.size(); ++i) {
    const auto row = std::find_if(rows.begin(), rows.end(), [&](const pqxx::row& r) {
      return r[0].as<std::int64_t>() == order[i];
    });
    if (row == rows.end()) continue;
    const auto wanted = static_cast<std::int64_t>(i + 1);
    if ((*row)[1].as<std::string>() != "queued" || (*row)[2].as<std::int64_t>() != wanted) {
      changed.push_back(order[i]);
      positions.push_back(wanted);
    }
  }
  if (changed.empty()) return {};
  txn.exec_params(
      "UPDATE questions SET queue_position = queue_position + $2 "
      "WHERE id = ANY($1::bigint[]) AND queue_position IS NOT NULL",
      arrayLiteral(changed), kPositionShelf);
  txn.exec_params(
      "UPDATE questions q SET state = 'queued', queue_position = x.position, "
      "version = q.version + 1, changed_by = NULLIF($3::bigint, 0), changed_at = now() "
      "FROM unnest($1::bigint[], $2::bigint[]) AS x(id, position) WHERE q.id = x.id",
      arrayLiteral(changed), arrayLiteral(positions), staffId);
  return changed;
}

json queueFields(const core::ModQuestion& q) {
  return json{{"state", q.state},
              {"version", q.version},
              {"position", q.queuePosition == 0 ? json(nullptr) : json(q.queuePosition)}};
}

core::Error notFound(const std::string& message) {
  return core::makeError("not_found", message);
}

/// Locks an episode's row and reads its state; nullopt when there is no such episode.
std::optional<core::EpisodeState> lockEpisode(pqxx::work& txn, std::int64_t episodeId) {
  const auto rows =
      txn.exec_params("SELECT state FROM episodes WHERE id = $1 FOR UPDATE", episodeId);
  if (rows.empty()) return std::nullopt;
  return core::parseEpisodeState(rows[0][0].as<std::string>());
}

}  // namespace

std::vector<core::Episode> listEpisodes(pqxx::transaction_base& txn, std::size_t limit) {
  std::vector<core::Episode> episodes;
  for (const auto& r :
       txn.exec_params(sql(kEpisodeSelect, " ORDER BY e.air_date DESC, e.id DESC LIMIT $1"),
                       static_cast<std::int64_t>(limit))) {
    episodes.push_back(readEpisodeRow(r));
  }
  return episodes;
}

std::optional<core::Episode> readEpisode(pqxx::transaction_base& txn, std::int64_t episodeId) {
  const auto rows = txn.exec_params(sql(kEpisodeSelect, " WHERE e.id = $1"), episodeId);
  if (rows.empty()) return std::nullopt;
  return readEpisodeRow(rows[0]);
}

std::optional<core::Episode> readCurrentEpisode(pqxx::transaction_base& txn) {
  const auto rows = txn.exec(sql(kEpisodeSelect, " WHERE e.id = current_episode_id()"));
  if (rows.empty()) return std::nullopt;
  return readEpisodeRow(rows[0]);
}

std::int64_t episodeIdByNumber(pqxx::transaction_base& txn, std::int64_t number) {
  const auto rows = txn.exec_params("SELECT id FROM episodes WHERE number = $1", number);
  return rows.empty() ? 0 : rows[0][0].as<std::int64_t>();
}

core::Result<core::Episode> saveEpisode(pqxx::connection& conn, const core::EpisodeDraft& given,
                                        const core::StaffIdentity& by,
                                        CommitGate<core::Result<core::Episode>>& gate) {
  auto cleaned = core::cleanEpisodeDraft(given);
  if (!cleaned) return cleaned.error();
  const core::EpisodeDraft& d = *cleaned;
  pqxx::work txn(conn);
  json before(nullptr);
  std::int64_t id = d.id;
  if (id != 0) {
    if (!lockEpisode(txn, id)) return notFound("there is no episode " + std::to_string(id));
    if (auto old = readEpisode(txn, id)) before = episodeFields(*old);
  }
  const auto taken =
      txn.exec_params("SELECT 1 FROM episodes WHERE number = $1 AND id <> $2", d.number, id);
  if (!taken.empty()) {
    return core::makeError("episode_number_taken",
                           "another episode has the number " + std::to_string(d.number), "number");
  }
  if (id == 0) {
    // A new episode is the current one unless a show is live: earlier ones stop taking
    // questions, and their retention starts counting.
    txn.exec(
        "UPDATE episodes SET questions_open = false, closed_at = COALESCE(closed_at, now()) "
        "WHERE state <> 'live' AND (questions_open OR closed_at IS NULL)");
    id = txn.exec_params1(
                "INSERT INTO episodes (title, number, air_date) VALUES ($1, $2, $3::date) "
                "RETURNING id",
                d.title, d.number, d.airDate)[0]
             .as<std::int64_t>();
  } else {
    txn.exec_params(
        "UPDATE episodes SET title = $2, number = $3, air_date = $4::date WHERE id = $1", id,
        d.title, d.number, d.airDate);
    txn.exec_params("DELETE FROM episode_guests WHERE episode_id = $1", id);
    txn.exec_params("DELETE FROM episode_topics WHERE episode_id = $1", id);
  }
  if (!d.guests.empty()) {
    json guests = json::array();
    for (const auto& g : d.guests)
      guests.push_back(json{{"name", g.name}, {"role", g.role}});
    txn.exec_params(
        "INSERT INTO episode_guests (episode_id, position, name, role) "
        "SELECT $1, x.position, x.guest ->> 'name', x.guest ->> 'role' "
        "FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS x(guest, position)",
        id, guests.dump());
  }
  if (!d.topics.empty()) {
    txn.exec_params(
        "INSERT INTO episode_topics (episode_id, position, topic) "
        "SELECT $1, x.position, x.topic "
        "FROM jsonb_array_elements_text($2::jsonb) WITH ORDINALITY AS x(topic, position)",
        id, json(d.topics).dump());
  }
  auto saved = readEpisode(txn, id);
  if (!saved) return notFound("the episode is gone");
  const std::int64_t auditId = insertAudit(txn, by.staffId, by.username, "episode_save", id, 0,
                                           before.dump(), episodeFields(*saved).dump());
  core::Result<core::Episode> answer(std::move(*saved));
  gate.commit(txn, answer, auditLanded(auditId));
  return answer;
}

core::Result<core::Episode> startEpisode(pqxx::connection& conn, std::int64_t episodeId,
                                         const core::StaffIdentity& by,
                                         CommitGate<core::Result<core::Episode>>& gate) {
  pqxx::work txn(conn);
  const auto state = lockEpisode(txn, episodeId);
  if (!state) return notFound("there is no episode " + std::to_string(episodeId));
  if (*state != core::EpisodeState::Planned) {
    return core::makeError("not_allowed", "the episode is " + std::string(core::toString(*state)) +
                                              ": only a planned episode starts");
  }
  const auto live = txn.exec("SELECT number FROM episodes WHERE state = 'live'");
  if (!live.empty()) {
    return core::makeError("not_allowed",
                           "episode " + live[0][0].as<std::string>() + " is live: end it first");
  }
  txn.exec_params(
      "UPDATE episodes SET questions_open = false, closed_at = COALESCE(closed_at, now()) "
      "WHERE id <> $1 AND (questions_open OR closed_at IS NULL)",
      episodeId);
  txn.exec_params(
      "UPDATE episodes SET state = 'live', started_at = now(), questions_open = true, "
      "opened_at = now(), closed_at = NULL WHERE id = $1",
      episodeId);
  auto started = readEpisode(txn, episodeId);
  if (!started) return notFound("the episode is gone");
  const std::int64_t auditId =
      insertAudit(txn, by.staffId, by.username, "episode_start", episodeId, 0,
                  json{{"state", "planned"}}.dump(),
                  json{{"state", "live"}, {"startedAt", started->startedAt}}.dump());
  core::Result<core::Episode> answer(std::move(*started));
  gate.commit(txn, answer, auditLanded(auditId));
  return answer;
}

core::Result<core::Episode> endEpisode(pqxx::connection& conn, std::int64_t episodeId,
                                       const core::StaffIdentity& by,
                                       CommitGate<core::Result<core::Episode>>& gate) {
  pqxx::work txn(conn);
  // The programme's lock first, as every graphics command takes it: no deadlock with a take.
  txn.exec("SELECT last_seq FROM graphics_programme FOR UPDATE");
  const auto state = lockEpisode(txn, episodeId);
  if (!state) return notFound("there is no episode " + std::to_string(episodeId));
  if (*state != core::EpisodeState::Live) {
    return core::makeError("not_allowed", "the episode is " + std::string(core::toString(*state)) +
                                              ": only the live episode ends");
  }
  auto cleared = applyGraphicsInTransaction(
      txn,
      core::GraphicsCommand{0, core::GraphicsAction::ClearAll, core::GraphicsLayer::LowerThird,
                            std::nullopt},
      by);
  if (!cleared) return cleared.error();
  const auto notSelected = txn.exec_params(kNotSelected, episodeId, by.staffId, by.username);
  txn.exec_params(
      "UPDATE episodes SET state = 'aired', ended_at = now(), questions_open = false, "
      "closed_at = COALESCE(closed_at, now()) WHERE id = $1",
      episodeId);
  auto ended = readEpisode(txn, episodeId);
  if (!ended) return notFound("the episode is gone");
  const std::int64_t auditId = insertAudit(txn, by.staffId, by.username, "episode_end", episodeId,
                                           0, json{{"state", "live"}}.dump(),
                                           json{{"state", "aired"},
                                                {"endedAt", ended->endedAt},
                                                {"notSelected", notSelected.affected_rows()},
                                                {"clearSeq", cleared->seq}}
                                               .dump());
  core::Result<core::Episode> answer(std::move(*ended));
  gate.commit(txn, answer, auditLanded(auditId));
  return answer;
}

std::vector<core::AirQuestion> loadQueue(pqxx::connection& conn, std::int64_t episodeId) {
  pqxx::nontransaction txn(conn);
  std::vector<core::AirQuestion> queue;
  for (const auto& r : txn.exec_params(kQueueSelect, episodeId)) {
    core::ModQuestion q;
    q.id = r[0].as<std::int64_t>();
    q.episodeId = r[1].as<std::int64_t>();
    q.version = r[2].as<std::int32_t>();
    q.state = r[3].as<std::string>();
    q.text = r[4].as<std::string>();
    q.airText = r[5].as<std::string>();
    q.displayName = r[6].as<std::string>();
    q.municipality = r[7].as<std::string>();
    q.consentNameOnAir = r[8].as<bool>();
    q.language = r[9].as<std::string>();
    q.receivedAt = r[10].as<std::string>();
    q.topic = r[11].as<std::string>();
    q.askCount = r[12].as<std::int32_t>();
    q.queuePosition = r[13].as<std::int64_t>();
    q.onAirAt = r[14].as<std::string>();
    q.offAirAt = r[15].as<std::string>();
    queue.push_back(core::airQuestionFrom(q));
  }
  return queue;
}

ChangeOutcome changeQueue(pqxx::connection& conn, const core::QueueChange& c,
                          CommitGate<ChangeOutcome>& gate) {
  if (c.questionId <= 0 || c.baseVersion <= 0 || c.position < 1) {
    return outcome(ChangeStatus::NotAllowed, "question, version and position must be positive");
  }
  pqxx::work txn(conn);
  const std::int64_t episodeId = currentEpisodeId(txn);
  if (episodeId == 0) return outcome(ChangeStatus::NotFound, "there is no episode");
  // The episode's row serialises changes to its queue (and graphics takes that leave it).
  lockEpisode(txn, episodeId);
  const auto q = lockQuestion(txn, c.questionId);
  if (!q) return outcome(ChangeStatus::NotFound, "no such question");
  if (q->episodeId != episodeId) {
    return outcome(ChangeStatus::NotFound, "the question is not in the current episode");
  }
  if (q->version != c.baseVersion) return conflict(txn, *q);

  const bool isMove = c.action == core::QueueAction::Move;
  if (isMove && q->state != "approved" && q->state != "queued") {
    return outcome(ChangeStatus::NotAllowed,
                   "the question is " + q->state + ": only approved questions join the queue");
  }
  if (!isMove && q->state != "queued") {
    return outcome(ChangeStatus::NotAllowed, "the question is " + q->state + ", not queued");
  }
  const std::vector<std::int64_t> queue = lockQueue(txn, episodeId);
  std::vector<std::int64_t> order = queue;
  std::erase(order, q->id);
  if (isMove) {
    const auto at = std::min<std::size_t>(static_cast<std::size_t>(c.position), order.size() + 1);
    order.insert(order.begin() + static_cast<std::ptrdiff_t>(at - 1), q->id);
    if (q->state == "queued" && order == queue) {
      ChangeOutcome same = outcome(ChangeStatus::Applied, {});
      same.questions.push_back(*q);
      return same;  // already there: nothing to write
    }
  } else {
    txn.exec_params(
        "UPDATE questions SET state = 'approved', queue_position = NULL, version = version + 1, "
        "changed_by = NULLIF($2::bigint, 0), changed_at = now() WHERE id = $1",
        q->id, c.by.staffId);
  }
  std::vector<std::int64_t> changed = writeQueueOrder(txn, order, c.by.staffId);
  std::erase(changed, q->id);
  changed.insert(changed.begin(), q->id);

  ChangeOutcome out = outcome(ChangeStatus::Applied, {});
  out.questions = readQuestionsInOrder(txn, changed);
  json after = queueFields(out.questions.front());
  after["shifted"] = std::vector<std::int64_t>(changed.begin() + 1, changed.end());
  out.auditId =
      insertAudit(txn, c.by.staffId, c.by.username, isMove ? "queue_move" : "queue_remove",
                  episodeId, q->id, queueFields(*q).dump(), after.dump());
  gate.commit(txn, out, auditLanded(out.auditId));
  return out;
}

void moveQuestionsOnAir(pqxx::work& txn, std::int64_t episodeId, std::int64_t leftAir,
                        std::int64_t nowOnAir, std::int64_t seq, const core::StaffIdentity& by) {
  if (leftAir == nowOnAir) return;
  if (episodeId != 0) lockEpisode(txn, episodeId);
  if (leftAir != 0) {
    const auto aired = txn.exec_params(
        "UPDATE questions SET state = 'aired', version = version + 1, "
        "changed_by = NULLIF($2::bigint, 0), changed_at = now() "
        "WHERE id = $1 AND state = 'on_air' RETURNING version, episode_id",
        leftAir, by.staffId);
    if (!aired.empty()) {
      const auto version = aired[0][0].as<std::int64_t>();
      insertAudit(txn, by.staffId, by.username, "aired", aired[0][1].as<std::int64_t>(), leftAir,
                  json{{"state", "on_air"}, {"version", version - 1}}.dump(),
                  json{{"state", "aired"}, {"version", version}, {"seq", seq}}.dump());
    }
  }
  if (nowOnAir == 0) return;
  const auto q = lockQuestion(txn, nowOnAir);
  if (!q || (q->state != "approved" && q->state != "queued" && q->state != "aired")) return;
  txn.exec_params(
      "UPDATE questions SET state = 'on_air', queue_position = NULL, version = version + 1, "
      "changed_by = NULLIF($2::bigint, 0), changed_at = now() WHERE id = $1",
      q->id, by.staffId);
  json after{{"state", "on_air"}, {"version", q->version + 1}, {"position", nullptr}, {"seq", seq}};
  if (q->state == "queued") {
    // It leaves the running order: the ones after it move up.
    after["shifted"] = writeQueueOrder(txn, lockQueue(txn, q->episodeId), by.staffId);
  }
  insertAudit(txn, by.staffId, by.username, "on_air", q->episodeId, q->id, queueFields(*q).dump(),
              after.dump());
}

bool recordRecording(pqxx::connection& conn, const core::StaffIdentity& engine,
                     const core::RecordingReport& report, CommitGate<bool>& gate) {
  pqxx::work txn(conn);
  const auto rows = txn.exec_params(kRecordRecording, engine.username, report.episodeId,
                                    report.file, report.state, report.bytes, report.startedAt,
                                    report.stoppedAt, report.frames, report.error);
  if (rows.empty()) return false;  // that file is closed already (done or failed)
  const std::int64_t auditId =
      insertAudit(txn, engine.staffId, engine.username, "recording", report.episodeId, 0, "null",
                  json{{"engine", engine.username},
                       {"file", report.file},
                       {"state", report.state},
                       {"bytes", report.bytes},
                       {"frames", report.frames},
                       {"error", report.error.empty() ? json(nullptr) : json(report.error)}}
                      .dump());
  gate.commit(txn, true, auditLanded(auditId));
  return true;
}

}  // namespace sporazum::pg::detail

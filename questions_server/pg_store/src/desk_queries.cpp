#include "desk_queries.hpp"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string_view>

#include "session.hpp"
#include "sporazum/core/text.hpp"

namespace sporazum::pg::detail {
namespace {

using core::ChangeOutcome;
using core::ChangeStatus;
using core::ModAction;
using core::ModQuestion;
using nlohmann::json;

constexpr std::size_t kMaxAuditLimit = 1000;
constexpr std::size_t kMaxLexiconBytes = 1048576;
/// How far back in a moderator's own audit entries a conflict looks for the change it lost to.
constexpr int kConflictLookBack = 200;
/// Serialises lexicon saves ("Lexicon" in ASCII), so two saves on one base cannot both win.
constexpr std::int64_t kLexiconLockKey = 0x4C657869636F6E;

// Every ModQuestion is read with these columns, in this order (see readModQuestion). The ban is
// the device's active ban that covers the question's episode; "forever" wins over "episode".
constexpr std::string_view kModSelect = R"SQL(
SELECT q.id, q.episode_id, q.version, q.client_id::text, q.state, q.body,
       COALESCE(q.air_text, ''), COALESCE(q.display_name, ''), COALESCE(q.municipality, ''),
       q.consent_name_on_air, COALESCE(q.interface_language, ''), COALESCE(q.language, ''),
       to_char(q.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
       q.filter_action, q.filter_reasons::text, COALESCE(q.topic, ''), q.starred,
       COALESCE(q.merged_into, 0), q.ask_count, COALESCE(q.reject_reason, ''),
       COALESCE(q.reject_note, ''),
       COALESCE(encode(substring(q.device_hash FROM 1 FOR 4), 'hex'), ''),
       COALESCE(encode(substring(q.address_hash FROM 1 FOR 4), 'hex'), ''),
       COALESCE((SELECT CASE WHEN count(*) = 0 THEN NULL
                             WHEN bool_or(b.episode_id IS NULL) THEN 'forever'
                             ELSE 'episode' END
                   FROM device_bans b
                  WHERE b.device_hash = q.device_hash AND b.lifted_at IS NULL
                    AND (b.episode_id IS NULL OR b.episode_id = q.episode_id)), ''),
       COALESCE(s.display_name, ''),
       COALESCE(to_char(q.changed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), ''),
       COALESCE(q.queue_position, 0),
       COALESCE(to_char(q.on_air_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), ''),
       COALESCE(to_char(q.off_air_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), '')
  FROM questions q LEFT JOIN staff s ON s.id = q.changed_by
)SQL";

/// What every moderation UPDATE sets besides its own fields ($2 is the acting staff id).
constexpr std::string_view kTouch =
    "version = version + 1, changed_by = NULLIF($2::bigint, 0), changed_at = now()";

constexpr const char* kLastActionOn = R"SQL(
SELECT a.action
  FROM (SELECT id, action, question_id, after FROM audit_log
         WHERE staff_id = (SELECT changed_by FROM questions WHERE id = $1)
         ORDER BY id DESC LIMIT $2) a
 WHERE a.question_id = $1 OR a.after -> 'target' -> 'id' = to_jsonb($1::bigint)
    OR a.after -> 'others' @> jsonb_build_array(jsonb_build_object('id', $1::bigint))
 ORDER BY a.id DESC LIMIT 1
)SQL";

constexpr const char* kAuditColumns =
    "SELECT id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), actor, "
    "action, COALESCE(episode_id, 0), COALESCE(question_id, 0), COALESCE(before::text, 'null'), "
    "COALESCE(after::text, 'null'), COALESCE(undoes, 0) FROM audit_log ";

std::string sql(std::string_view a, std::string_view b) {
  std::string text(a);
  text += b;
  return text;
}

std::string sql(std::string_view a, std::string_view b, std::string_view c) {
  return sql(sql(a, b), c);
}

ModQuestion readModQuestion(const pqxx::row& r) {
  ModQuestion q;
  q.id = r[0].as<std::int64_t>();
  q.episodeId = r[1].as<std::int64_t>();
  q.version = r[2].as<std::int32_t>();
  q.clientId = r[3].as<std::string>();
  q.state = r[4].as<std::string>();
  q.text = r[5].as<std::string>();
  q.airText = r[6].as<std::string>();
  q.displayName = r[7].as<std::string>();
  q.municipality = r[8].as<std::string>();
  q.consentNameOnAir = r[9].as<bool>();
  q.interfaceLanguage = r[10].as<std::string>();
  q.language = r[11].as<std::string>();
  q.receivedAt = r[12].as<std::string>();
  q.filterAction = r[13].as<std::string>();
  q.filterReasonsJson = r[14].as<std::string>();
  q.topic = r[15].as<std::string>();
  q.isStarred = r[16].as<bool>();
  q.mergedInto = r[17].as<std::int64_t>();
  q.askCount = r[18].as<std::int32_t>();
  q.rejectReason = r[19].as<std::string>();
  q.rejectNote = r[20].as<std::string>();
  q.deviceCode = r[21].as<std::string>();
  q.addressCode = r[22].as<std::string>();
  q.ban = r[23].as<std::string>();
  q.changedBy = r[24].as<std::string>();
  q.changedAt = r[25].as<std::string>();
  q.queuePosition = r[26].as<std::int64_t>();
  q.onAirAt = r[27].as<std::string>();
  q.offAirAt = r[28].as<std::string>();
  return q;
}

std::vector<ModQuestion> readModQuestions(const pqxx::result& result) {
  std::vector<ModQuestion> rows;
  rows.reserve(result.size());
  for (const auto& r : result)
    rows.push_back(readModQuestion(r));
  return rows;
}

core::AuditEntry readAuditEntry(const pqxx::row& r) {
  return core::AuditEntry{
      r[0].as<std::int64_t>(), r[1].as<std::string>(),  r[2].as<std::string>(),
      r[3].as<std::string>(),  r[4].as<std::int64_t>(), r[5].as<std::int64_t>(),
      r[6].as<std::string>(),  r[7].as<std::string>(),  r[8].as<std::int64_t>()};
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

json nullIfEmpty(const std::string& text) {
  return text.empty() ? json(nullptr) : json(text);
}

std::string stringOr(const json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::int64_t numberOr(const json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_number_integer() ? it->get<std::int64_t>() : 0;
}

/// The moderation fields of a question as the audit log keeps them (never name, place or hashes).
json modFields(const ModQuestion& q) {
  return json{{"state", q.state},
              {"version", q.version},
              {"airText", nullIfEmpty(q.airText)},
              {"topic", nullIfEmpty(q.topic)},
              {"starred", q.isStarred},
              {"mergedInto", q.mergedInto == 0 ? json(nullptr) : json(q.mergedInto)},
              {"askCount", q.askCount},
              {"rejectReason", nullIfEmpty(q.rejectReason)},
              {"rejectNote", nullIfEmpty(q.rejectNote)},
              {"ban", nullIfEmpty(q.ban)}};
}

/// What a ban or its undo records of the device's other questions, to restore them later.
json otherFields(const ModQuestion& q) {
  return json{{"id", q.id},
              {"state", q.state},
              {"version", q.version},
              {"rejectReason", nullIfEmpty(q.rejectReason)},
              {"rejectNote", nullIfEmpty(q.rejectNote)}};
}

bool isUnderModeration(std::string_view state) {
  return state == "received" || state == "held" || state == "approved" || state == "rejected";
}

ChangeOutcome outcome(ChangeStatus status, std::string message) {
  ChangeOutcome out;
  out.status = status;
  out.message = std::move(message);
  return out;
}

/// The device's other questions of the episode, locked in id order.
std::vector<ModQuestion> lockDeviceQuestions(pqxx::work& txn, const std::string& deviceHex,
                                             std::int64_t episodeId, std::int64_t exceptId) {
  std::vector<std::int64_t> ids;
  for (const auto& r : txn.exec_params(
           "SELECT id FROM questions WHERE device_hash = decode($1, 'hex') AND episode_id = $2 "
           "AND id <> $3 ORDER BY id FOR UPDATE",
           deviceHex, episodeId, exceptId)) {
    ids.push_back(r[0].as<std::int64_t>());
  }
  if (ids.empty()) return {};
  return readModQuestions(txn.exec_params(
      sql(kModSelect, " WHERE q.id = ANY($1::bigint[]) ORDER BY q.id"), arrayLiteral(ids)));
}

std::string deviceHexOf(pqxx::work& txn, std::int64_t questionId) {
  const auto rows = txn.exec_params(
      "SELECT COALESCE(encode(device_hash, 'hex'), '') FROM questions WHERE id = $1", questionId);
  return rows.empty() ? std::string() : rows[0][0].as<std::string>();
}

/// Sets the moderation fields every action may touch on one row, bumping its version.
void setFields(pqxx::work& txn, std::int64_t id, std::int64_t staffId, const std::string& state,
               const std::string& airText, const std::string& topic, bool starred,
               std::int64_t mergedInto, const std::string& rejectReason,
               const std::string& rejectNote) {
  txn.exec_params(sql("UPDATE questions SET ", kTouch,
                      ", state = $3, air_text = NULLIF($4, ''), topic = NULLIF($5, ''), "
                      "starred = $6, merged_into = NULLIF($7::bigint, 0), "
                      "reject_reason = NULLIF($8, ''), reject_note = NULLIF($9, '') "
                      "WHERE id = $1"),
                  id, staffId, state, airText, topic, starred, mergedInto, rejectReason,
                  rejectNote);
}

/// Applies `change` to the locked row q (already checked); returns the ids it changed, the acted-on
/// one first, and adds what undo needs to before/after. nullopt+message: not allowed after all.
std::optional<std::vector<std::int64_t>> applyAction(pqxx::work& txn, const core::ModChange& c,
                                                     const ModQuestion& q, json& before,
                                                     json& after, std::string& refusal) {
  const std::int64_t staff = c.by.staffId;
  std::vector<std::int64_t> changed{q.id};
  switch (c.action) {
    case ModAction::Approve:
    case ModAction::Reopen:
      setFields(txn, q.id, staff, std::string(core::stateAfter(c.action, q.state)), q.airText,
                q.topic, q.isStarred, q.mergedInto, {}, {});
      break;
    case ModAction::Reject:
      setFields(txn, q.id, staff, "rejected", q.airText, q.topic, q.isStarred, q.mergedInto,
                c.rejectReason, c.rejectNote);
      break;
    case ModAction::Edit:
      setFields(txn, q.id, staff, q.state, c.airText, q.topic, q.isStarred, q.mergedInto,
                q.rejectReason, q.rejectNote);
      break;
    case ModAction::Tag:
      setFields(txn, q.id, staff, q.state, q.airText, c.topic, q.isStarred, q.mergedInto,
                q.rejectReason, q.rejectNote);
      break;
    case ModAction::Star:
      setFields(txn, q.id, staff, q.state, q.airText, q.topic, c.isStarred, q.mergedInto,
                q.rejectReason, q.rejectNote);
      break;
    case ModAction::Merge: {
      const auto target = lockQuestion(txn, c.mergeInto);
      if (!target || target->episodeId != q.episodeId) {
        refusal = "the question to merge into is not in this episode";
        return std::nullopt;
      }
      if (!isUnderModeration(target->state)) {
        refusal = "the question to merge into is " + target->state;
        return std::nullopt;
      }
      setFields(txn, q.id, staff, "merged", q.airText, q.topic, q.isStarred, target->id, {}, {});
      txn.exec_params(
          sql("UPDATE questions SET ", kTouch, ", ask_count = ask_count + $3 WHERE id = $1"),
          target->id, staff, q.askCount);
      before["target"] = {
          {"id", target->id}, {"askCount", target->askCount}, {"version", target->version}};
      after["target"] = {{"id", target->id},
                         {"askCount", target->askCount + q.askCount},
                         {"version", target->version + 1}};
      changed.push_back(target->id);
      break;
    }
    case ModAction::Ban: {
      const std::string device = deviceHexOf(txn, q.id);
      if (device.empty()) {
        refusal = "the question's device is no longer known (its personal data was erased)";
        return std::nullopt;
      }
      const auto ban = txn.exec_params1(
          "INSERT INTO device_bans (device_hash, episode_id, created_by) "
          "VALUES (decode($1, 'hex'), CASE WHEN $2 THEN NULL ELSE $3::bigint END, "
          "NULLIF($4::bigint, 0)) RETURNING id",
          device, c.isBanForever, q.episodeId, staff);
      const auto others = lockDeviceQuestions(txn, device, q.episodeId, q.id);
      const bool rejectThis =
          core::stateAfter(ModAction::Ban, q.state) == "rejected" && q.state != "rejected";
      // A question rejected before keeps its reason; the ban only adds the device's ban.
      setFields(txn, q.id, staff, std::string(core::stateAfter(ModAction::Ban, q.state)), q.airText,
                q.topic, q.isStarred, q.mergedInto,
                rejectThis ? std::string("banned") : q.rejectReason,
                rejectThis ? std::string() : q.rejectNote);
      txn.exec_params(sql("UPDATE questions SET ", kTouch,
                          ", state = CASE WHEN state IN ('received', 'held', 'approved') "
                          "THEN 'rejected' ELSE state END, "
                          "reject_reason = CASE WHEN state IN ('received', 'held', 'approved') "
                          "THEN 'banned' ELSE reject_reason END, "
                          "reject_note = CASE WHEN state IN ('received', 'held', 'approved') "
                          "THEN NULL ELSE reject_note END "
                          "WHERE device_hash = decode($3, 'hex') AND episode_id = $4 "
                          "AND id <> $1"),
                      q.id, staff, device, q.episodeId);
      json recorded = json::array();
      for (const auto& other : others) {
        json entry = otherFields(other);
        entry["version"] = other.version + 1;  // the version the ban left it at
        recorded.push_back(std::move(entry));
        changed.push_back(other.id);
      }
      after["scope"] = c.isBanForever ? "forever" : "episode";
      after["banId"] = ban[0].as<std::int64_t>();
      after["others"] = std::move(recorded);  // their states before, their versions after
      break;
    }
  }
  return changed;
}

/// Undoes the side effects of a merge or a ban beyond the acted-on row; returns the ids it
/// changed, or nullopt with the conflicting row in `blocked`.
std::optional<std::vector<std::int64_t>> undoSideEffects(pqxx::work& txn, ModAction action,
                                                         const ModQuestion& q,
                                                         const json& entryAfter, std::int64_t staff,
                                                         json& before, json& after,
                                                         std::optional<ModQuestion>& blocked) {
  std::vector<std::int64_t> changed;
  if (action == ModAction::Merge) {
    const std::int64_t targetId =
        entryAfter.contains("target") ? numberOr(entryAfter["target"], "id") : std::int64_t{0};
    const auto target = targetId == 0 ? std::nullopt : lockQuestion(txn, targetId);
    if (!target) return changed;  // erased since: nothing to split from
    if (target->state == "merged") {
      // The kept question went on into a third one: its count moved on with it.
      blocked = *target;
      return std::nullopt;
    }
    const std::int32_t askCount = std::max(1, target->askCount - q.askCount);
    txn.exec_params(sql("UPDATE questions SET ", kTouch, ", ask_count = $3 WHERE id = $1"),
                    target->id, staff, askCount);
    before["target"] = {
        {"id", target->id}, {"askCount", target->askCount}, {"version", target->version}};
    after["target"] = {
        {"id", target->id}, {"askCount", askCount}, {"version", target->version + 1}};
    changed.push_back(target->id);
  } else if (action == ModAction::Ban) {
    txn.exec_params("UPDATE device_bans SET lifted_at = now() WHERE id = $1 AND lifted_at IS NULL",
                    numberOr(entryAfter, "banId"));
    const std::string device = deviceHexOf(txn, q.id);
    if (device.empty()) return changed;
    const bool stillBanned = txn.exec_params1(
                                    "SELECT EXISTS (SELECT 1 FROM device_bans WHERE "
                                    "device_hash = decode($1, 'hex') AND lifted_at IS NULL AND "
                                    "(episode_id IS NULL OR episode_id = $2))",
                                    device, q.episodeId)[0]
                                 .as<bool>();
    std::map<std::int64_t, json> recorded;
    if (entryAfter.contains("others") && entryAfter["others"].is_array()) {
      for (const auto& other : entryAfter["others"])
        recorded[numberOr(other, "id")] = other;
    }
    json beforeOthers = json::array();
    json afterOthers = json::array();
    for (const auto& other : lockDeviceQuestions(txn, device, q.episodeId, q.id)) {
      std::string state = other.state;
      std::string reason = other.rejectReason;
      std::string note = other.rejectNote;
      const auto it = recorded.find(other.id);
      if (it != recorded.end() && numberOr(it->second, "version") == other.version) {
        // Untouched since the ban: back to what it was.
        state = stringOr(it->second, "state");
        reason = stringOr(it->second, "rejectReason");
        note = stringOr(it->second, "rejectNote");
      } else if (it == recorded.end() && !stillBanned && other.state == "rejected" &&
                 other.rejectReason == "banned" && other.changedBy.empty()) {
        // Arrived during the ban and was shadow-rejected on arrival: back to review.
        state = other.filterAction == "hold" ? "held" : "received";
        reason.clear();
        note.clear();
      }
      setFields(txn, other.id, staff, state, other.airText, other.topic, other.isStarred,
                other.mergedInto, reason, note);
      beforeOthers.push_back(otherFields(other));
      ModQuestion restored = other;
      restored.state = state;
      restored.rejectReason = reason;
      restored.rejectNote = note;
      restored.version = other.version + 1;
      afterOthers.push_back(otherFields(restored));
      changed.push_back(other.id);
    }
    before["others"] = std::move(beforeOthers);
    after["others"] = std::move(afterOthers);
  }
  return changed;
}

/// Whether the question is as the audit entry left it: its version then, plus only changes made
/// and undone again since (so one moderator can undo several changes to one question in a row).
/// A change that reached it through another question (a merge into it, a ban) counts as foreign.
bool isUntouchedSince(pqxx::work& txn, std::int64_t entryId, std::int64_t versionAfter,
                      const ModQuestion& q) {
  std::map<std::int64_t, std::int64_t> later;  // id -> the entry it undoes (0: none)
  for (const auto& r : txn.exec_params(
           "SELECT id, COALESCE(undoes, 0) FROM audit_log WHERE question_id = $1 AND id > $2", q.id,
           entryId)) {
    later[r[0].as<std::int64_t>()] = r[1].as<std::int64_t>();
  }
  std::set<std::int64_t> undone;
  for (const auto& [id, undoes] : later) {
    if (undoes != 0) undone.insert(undoes);
  }
  for (const auto& [id, undoes] : later) {
    const bool cancelled = undoes != 0 ? later.count(undoes) != 0 : undone.count(id) != 0;
    if (!cancelled) return false;
  }
  return q.version == versionAfter + static_cast<std::int64_t>(later.size());
}

}  // namespace

// Locking and reading are two statements: after waiting for a lock, SELECT ... FOR UPDATE returns
// the locked row's newest version but keeps the joined rows (the changer's name, the ban) of its
// older snapshot. The read that follows the lock sees everything as committed by then.
std::optional<ModQuestion> lockQuestion(pqxx::work& txn, std::int64_t id) {
  if (txn.exec_params("SELECT 1 FROM questions WHERE id = $1 FOR UPDATE", id).empty()) {
    return std::nullopt;
  }
  const auto rows = txn.exec_params(sql(kModSelect, " WHERE q.id = $1"), id);
  if (rows.empty()) return std::nullopt;
  return readModQuestion(rows[0]);
}

std::vector<ModQuestion> readQuestionsInOrder(pqxx::work& txn,
                                              const std::vector<std::int64_t>& ids) {
  auto rows = readModQuestions(
      txn.exec_params(sql(kModSelect, " WHERE q.id = ANY($1::bigint[])"), arrayLiteral(ids)));
  std::vector<ModQuestion> ordered;
  ordered.reserve(rows.size());
  for (const auto id : ids) {
    const auto it =
        std::find_if(rows.begin(), rows.end(), [id](const ModQuestion& q) { return q.id == id; });
    if (it != rows.end()) ordered.push_back(std::move(*it));
  }
  return ordered;
}

ChangeOutcome conflict(pqxx::work& txn, ModQuestion current) {
  ChangeOutcome out = outcome(ChangeStatus::Conflict, {});
  out.conflictBy = current.changedBy;
  const auto last = txn.exec_params(kLastActionOn, current.id, kConflictLookBack);
  if (!last.empty()) out.conflictAction = last[0][0].as<std::string>();
  out.message = (out.conflictBy.empty() ? std::string("somebody") : out.conflictBy) +
                " changed this question" +
                (out.conflictAction.empty() ? std::string() : " (" + out.conflictAction + ")") +
                " after you saw it";
  out.questions.push_back(std::move(current));
  return out;
}

LandedCheck auditLanded(std::int64_t auditId) {
  return [auditId](pqxx::connection& conn) {
    pqxx::nontransaction txn(conn);
    return !txn.exec_params("SELECT 1 FROM audit_log WHERE id = $1", auditId).empty();
  };
}

std::int64_t currentEpisodeId(pqxx::transaction_base& txn) {
  const auto row = txn.exec1("SELECT COALESCE(current_episode_id(), 0)");
  return row[0].as<std::int64_t>();
}

std::int64_t insertAudit(pqxx::transaction_base& txn, std::int64_t staffId,
                         const std::string& actor, const std::string& action,
                         std::int64_t episodeId, std::int64_t questionId,
                         const std::string& beforeJson, const std::string& afterJson,
                         std::int64_t undoes) {
  const auto row = txn.exec_params1(
      "INSERT INTO audit_log (staff_id, actor, action, episode_id, question_id, before, after, "
      "undoes) VALUES (NULLIF($1::bigint, 0), $2, $3, NULLIF($4::bigint, 0), "
      "NULLIF($5::bigint, 0), $6::jsonb, $7::jsonb, NULLIF($8::bigint, 0)) RETURNING id",
      staffId, actor, action, episodeId, questionId, beforeJson, afterJson, undoes);
  return row[0].as<std::int64_t>();
}

// ---- sessions -----------------------------------------------------------------------------------

std::optional<core::StaffAccount> findAccount(pqxx::connection& conn, const std::string& username) {
  pqxx::nontransaction txn(conn);
  const auto rows = txn.exec_params(
      "SELECT id, username, display_name, role, password_hash, disabled FROM staff "
      "WHERE username = $1",
      lowerAscii(username));
  if (rows.empty()) return std::nullopt;
  const auto& r = rows[0];
  core::StaffAccount account;
  account.identity.staffId = r[0].as<std::int64_t>();
  account.identity.username = r[1].as<std::string>();
  account.identity.displayName = r[2].as<std::string>();
  account.identity.role =
      core::parseStaffRole(r[3].as<std::string>()).value_or(core::StaffRole::Moderator);
  account.passwordHash = r[4].as<std::string>();
  account.isDisabled = r[5].as<bool>();
  return account;
}

core::Result<core::StaffSession> createSession(pqxx::connection& conn,
                                               const core::StaffIdentity& who,
                                               const core::Digest& tokenDigest,
                                               std::int64_t ttlSeconds,
                                               CommitGate<core::Result<core::StaffSession>>& gate) {
  const std::string token = toHex(tokenDigest);
  pqxx::work txn(conn);
  auto rows = txn.exec_params(
      "INSERT INTO staff_sessions (token_hash, staff_id, expires_at) "
      "SELECT decode($1, 'hex'), s.id, now() + make_interval(secs => $2::double precision) "
      "FROM staff s WHERE s.id = $3 AND NOT s.disabled "
      "ON CONFLICT ON CONSTRAINT staff_sessions_pkey DO NOTHING "
      "RETURNING floor(extract(epoch FROM expires_at) * 1000)::bigint",
      token, ttlSeconds, who.staffId);
  if (rows.empty()) {
    // A retry after a lost COMMIT finds its own session already there.
    rows = txn.exec_params(
        "SELECT floor(extract(epoch FROM expires_at) * 1000)::bigint FROM staff_sessions "
        "WHERE token_hash = decode($1, 'hex') AND staff_id = $2 AND revoked_at IS NULL",
        token, who.staffId);
    if (rows.empty()) {
      return core::makeError("session_invalid", "the account is disabled or does not exist");
    }
  }
  core::Result<core::StaffSession> session(core::StaffSession{who, rows[0][0].as<std::int64_t>()});
  gate.commit(txn, session, [token](pqxx::connection& c) {
    pqxx::nontransaction check(c);
    return !check
                .exec_params("SELECT 1 FROM staff_sessions WHERE token_hash = decode($1, 'hex')",
                             token)
                .empty();
  });
  return session;
}

core::Result<core::StaffSession> resolveSession(pqxx::connection& conn,
                                                const core::Digest& tokenDigest) {
  pqxx::nontransaction txn(conn);
  const auto rows = txn.exec_params(
      "SELECT s.id, s.username, s.display_name, s.role, "
      "       floor(extract(epoch FROM ss.expires_at) * 1000)::bigint "
      "  FROM staff_sessions ss JOIN staff s ON s.id = ss.staff_id "
      " WHERE ss.token_hash = decode($1, 'hex') AND ss.revoked_at IS NULL "
      "   AND ss.expires_at > now() AND NOT s.disabled",
      toHex(tokenDigest));
  if (rows.empty()) {
    return core::makeError("session_invalid", "the session is unknown, expired or revoked");
  }
  const auto& r = rows[0];
  core::StaffSession session;
  session.identity.staffId = r[0].as<std::int64_t>();
  session.identity.username = r[1].as<std::string>();
  session.identity.displayName = r[2].as<std::string>();
  session.identity.role =
      core::parseStaffRole(r[3].as<std::string>()).value_or(core::StaffRole::Moderator);
  session.expiresAtUnixMs = r[4].as<std::int64_t>();
  return session;
}

bool revokeSession(pqxx::connection& conn, const core::Digest& tokenDigest,
                   CommitGate<bool>& gate) {
  const std::string token = toHex(tokenDigest);
  pqxx::work txn(conn);
  txn.exec_params(
      "UPDATE staff_sessions SET revoked_at = now() "
      "WHERE token_hash = decode($1, 'hex') AND revoked_at IS NULL",
      token);
  gate.commit(txn, true, [token](pqxx::connection& c) {
    pqxx::nontransaction check(c);
    return check
        .exec_params(
            "SELECT 1 FROM staff_sessions WHERE token_hash = decode($1, 'hex') "
            "AND revoked_at IS NULL",
            token)
        .empty();
  });
  return true;
}

std::vector<core::Digest> stillValidSessions(pqxx::connection& conn,
                                             const std::vector<core::Digest>& tokenDigests) {
  if (tokenDigests.empty()) return {};
  std::string hexes = "{";
  for (const auto& digest : tokenDigests) {
    if (hexes.size() > 1) hexes += ',';
    hexes += toHex(digest);
  }
  hexes += '}';
  pqxx::nontransaction txn(conn);
  const auto rows = txn.exec_params(
      "SELECT encode(ss.token_hash, 'hex') "
      "  FROM staff_sessions ss JOIN staff s ON s.id = ss.staff_id "
      " WHERE ss.token_hash IN (SELECT decode(t, 'hex') FROM unnest($1::text[]) AS t) "
      "   AND ss.revoked_at IS NULL AND ss.expires_at > now() AND NOT s.disabled",
      hexes);
  std::vector<std::string> valid;
  for (const auto& r : rows)
    valid.push_back(r[0].as<std::string>());
  std::vector<core::Digest> kept;
  for (const auto& digest : tokenDigests) {
    if (std::find(valid.begin(), valid.end(), toHex(digest)) != valid.end()) kept.push_back(digest);
  }
  return kept;
}

// ---- questions ----------------------------------------------------------------------------------

std::vector<ModQuestion> loadEpisodeQuestions(pqxx::connection& conn, std::int64_t episodeId) {
  pqxx::nontransaction txn(conn);
  return readModQuestions(
      txn.exec_params(sql(kModSelect, " WHERE q.episode_id = $1 ORDER BY q.id"), episodeId));
}

ChangeOutcome applyChange(pqxx::connection& conn, const core::ModChange& c,
                          CommitGate<ChangeOutcome>& gate) {
  if (const auto valid = core::validateChange(c); !valid) {
    return outcome(ChangeStatus::NotAllowed, valid.error().message);
  }
  for (const std::string* text : {&c.airText, &c.topic, &c.rejectNote}) {
    // libpq passes parameters as C strings: a NUL would cut the text short without a word.
    if (text->find('\0') != std::string::npos) {
      return outcome(ChangeStatus::NotAllowed, "the text holds a NUL character");
    }
  }
  pqxx::work txn(conn);
  const std::int64_t latest = currentEpisodeId(txn);
  const auto q = lockQuestion(txn, c.questionId);
  if (!q) return outcome(ChangeStatus::NotFound, "no such question");
  if (q->episodeId != latest) {
    return outcome(ChangeStatus::NotFound, "the question is not in the current episode");
  }
  if (q->version != c.baseVersion) return conflict(txn, *q);
  if (const auto allowed = core::checkModeration(c.action, q->state); !allowed) {
    return outcome(ChangeStatus::NotAllowed, allowed.error().message);
  }

  json before = modFields(*q);
  json after = json::object();
  std::string refusal;
  const auto changed = applyAction(txn, c, *q, before, after, refusal);
  if (!changed) return outcome(ChangeStatus::NotAllowed, refusal);

  ChangeOutcome out = outcome(ChangeStatus::Applied, {});
  out.questions = readQuestionsInOrder(txn, *changed);
  json fields = modFields(out.questions.front());
  fields.update(after);
  out.auditId = insertAudit(txn, c.by.staffId, c.by.username, std::string(toString(c.action)),
                            q->episodeId, q->id, before.dump(), fields.dump());
  gate.commit(txn, out, auditLanded(out.auditId));
  return out;
}

ChangeOutcome undoLastChange(pqxx::connection& conn, const core::StaffIdentity& who,
                             std::int64_t episodeId, CommitGate<ChangeOutcome>& gate) {
  pqxx::work txn(conn);
  constexpr const char* kNewestUndoable = R"SQL(
SELECT a.id, a.question_id, a.action, a.before::text, a.after::text
  FROM audit_log a
 WHERE a.staff_id = $1 AND a.episode_id = $2 AND a.question_id IS NOT NULL
   AND a.action IN ('approve', 'reject', 'reopen', 'edit', 'tag', 'star', 'merge', 'ban')
   AND NOT EXISTS (SELECT 1 FROM audit_log u WHERE u.undoes = a.id)
 ORDER BY a.id DESC
 LIMIT 1
)SQL";
  std::optional<pqxx::row> entry;
  std::optional<ModQuestion> q;
  // The row lock comes after the search: an undo of the same entry that committed while we waited
  // for the lock shows up in the re-check, and the search runs again.
  for (int round = 0; round < 3 && !q; ++round) {
    const auto rows = txn.exec_params(kNewestUndoable, who.staffId, episodeId);
    if (rows.empty()) return outcome(ChangeStatus::NothingToUndo, "nothing left to undo");
    entry = rows[0];
    q = lockQuestion(txn, (*entry)[1].as<std::int64_t>());
    if (!q) return outcome(ChangeStatus::NotFound, "the question is gone");
    const bool undone = !txn.exec_params("SELECT 1 FROM audit_log WHERE undoes = $1",
                                         (*entry)[0].as<std::int64_t>())
                             .empty();
    if (undone) q.reset();
  }
  if (!q) throw pqxx::serialization_failure("undo raced with other undos");

  const std::int64_t entryId = (*entry)[0].as<std::int64_t>();
  const auto action = core::parseModAction((*entry)[2].as<std::string>());
  const json entryBefore = json::parse((*entry)[3].as<std::string>(), nullptr, false);
  const json entryAfter = json::parse((*entry)[4].as<std::string>(), nullptr, false);
  if (!action || !entryBefore.is_object() || !entryAfter.is_object()) {
    return outcome(ChangeStatus::NotAllowed, "this change cannot be undone");
  }
  if (!isUntouchedSince(txn, entryId, numberOr(entryAfter, "version"), *q)) {
    return conflict(txn, *q);
  }

  const std::int64_t staff = who.staffId;
  json before = modFields(*q);
  json after = json::object();
  std::optional<ModQuestion> blocked;
  auto changed = undoSideEffects(txn, *action, *q, entryAfter, staff, before, after, blocked);
  if (!changed) return conflict(txn, *blocked);

  const auto mergedInto = entryBefore.find("mergedInto");
  setFields(txn, q->id, staff, stringOr(entryBefore, "state"), stringOr(entryBefore, "airText"),
            stringOr(entryBefore, "topic"), entryBefore.value("starred", false),
            mergedInto != entryBefore.end() && mergedInto->is_number_integer()
                ? mergedInto->get<std::int64_t>()
                : 0,
            stringOr(entryBefore, "rejectReason"), stringOr(entryBefore, "rejectNote"));
  changed->insert(changed->begin(), q->id);

  ChangeOutcome out = outcome(ChangeStatus::Applied, {});
  out.questions = readQuestionsInOrder(txn, *changed);
  json fields = modFields(out.questions.front());
  fields.update(after);
  out.auditId = insertAudit(txn, staff, who.username, "undo", q->episodeId, q->id, before.dump(),
                            fields.dump(), entryId);
  gate.commit(txn, out, auditLanded(out.auditId));
  return out;
}

// ---- audit and lexicon --------------------------------------------------------------------------

std::vector<core::AuditEntry> readAudit(pqxx::transaction_base& txn, const core::AuditQuery& query,
                                        bool oldestFirst) {
  const auto limit = static_cast<std::int64_t>(std::min(query.limit, kMaxAuditLimit));
  const auto rows =
      oldestFirst ? txn.exec_params(sql(kAuditColumns,
                                        "WHERE ($1::bigint <= 0 OR episode_id = $1) ORDER BY id"),
                                    query.episodeId)
                  : txn.exec_params(sql(kAuditColumns,
                                        "WHERE ($1::bigint <= 0 OR id < $1) "
                                        "AND ($2::bigint <= 0 OR episode_id = $2) "
                                        "ORDER BY id DESC LIMIT $3"),
                                    query.beforeId, query.episodeId, limit);
  std::vector<core::AuditEntry> entries;
  entries.reserve(rows.size());
  for (const auto& r : rows)
    entries.push_back(readAuditEntry(r));
  return entries;
}

core::LexiconText readLexicon(pqxx::connection& conn) {
  pqxx::nontransaction txn(conn);
  const auto rows = txn.exec(
      "SELECT l.version, l.body, COALESCE(s.display_name, ''), "
      "       to_char(l.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') "
      "  FROM filter_lexicons l LEFT JOIN staff s ON s.id = l.created_by "
      " ORDER BY l.version DESC LIMIT 1");
  if (rows.empty()) return core::LexiconText{};
  return core::LexiconText{rows[0][0].as<std::int64_t>(), rows[0][1].as<std::string>(),
                           rows[0][2].as<std::string>(), rows[0][3].as<std::string>()};
}

core::Result<core::LexiconText> saveLexicon(pqxx::connection& conn, const std::string& body,
                                            std::int64_t baseVersion,
                                            const core::StaffIdentity& who,
                                            CommitGate<core::Result<core::LexiconText>>& gate) {
  if (body.size() > kMaxLexiconBytes) {
    return core::makeError("bad_lexicon", "the lexicon is over 1 MiB");
  }
  if (body.find('\0') != std::string::npos || !core::isValidUtf8(body)) {
    return core::makeError("bad_lexicon", "the lexicon is not valid UTF-8 text");
  }
  pqxx::work txn(conn);
  txn.exec_params("SELECT pg_advisory_xact_lock($1)", kLexiconLockKey);
  const std::int64_t newest =
      txn.exec1("SELECT COALESCE(max(version), 0) FROM filter_lexicons")[0].as<std::int64_t>();
  if (newest != baseVersion) {
    return core::makeError("conflict", "somebody saved version " + std::to_string(newest) +
                                           " after version " + std::to_string(baseVersion));
  }
  const auto row = txn.exec_params1(
      "INSERT INTO filter_lexicons (body, created_by) VALUES ($1, NULLIF($2::bigint, 0)) "
      "RETURNING version, "
      "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')",
      body, who.staffId);
  const std::int64_t version = row[0].as<std::int64_t>();
  const std::int64_t auditId = insertAudit(
      txn, who.staffId, who.username, "lexicon_save", 0, 0, json{{"version", newest}}.dump(),
      json{{"version", version}, {"bytes", body.size()}}.dump());
  core::Result<core::LexiconText> saved(
      core::LexiconText{version, body, who.displayName, row[1].as<std::string>()});
  gate.commit(txn, saved, auditLanded(auditId));
  return saved;
}

// ---- the feed -----------------------------------------------------------------------------------

void prepareFeed(pqxx::connection& conn) {
  conn.prepare("feed_after", sql(kModSelect, " WHERE q.id > $1 ORDER BY q.id LIMIT $2"));
  conn.prepare("feed_ranges", sql(kModSelect,
                                  " JOIN unnest($1::bigint[], $2::bigint[]) AS g(lo, hi) "
                                  "ON q.id BETWEEN g.lo AND g.hi ORDER BY q.id"));
  conn.prepare("feed_ids", sql(kModSelect, " WHERE q.id = ANY($1::bigint[]) ORDER BY q.id"));
}

std::vector<ModQuestion> feedQuestionsAfter(pqxx::transaction_base& txn, std::int64_t afterId,
                                            std::size_t limit) {
  return readModQuestions(
      txn.exec_prepared("feed_after", afterId, static_cast<std::int64_t>(limit)));
}

std::vector<ModQuestion> feedQuestionsInRanges(
    pqxx::transaction_base& txn, const std::vector<std::pair<std::int64_t, std::int64_t>>& ranges) {
  if (ranges.empty()) return {};
  std::vector<std::int64_t> lows;
  std::vector<std::int64_t> highs;
  for (const auto& [lo, hi] : ranges) {
    lows.push_back(lo);
    highs.push_back(hi);
  }
  return readModQuestions(
      txn.exec_prepared("feed_ranges", arrayLiteral(lows), arrayLiteral(highs)));
}

std::vector<ModQuestion> feedQuestionsById(pqxx::transaction_base& txn,
                                           const std::vector<std::int64_t>& ids) {
  if (ids.empty()) return {};
  return readModQuestions(txn.exec_prepared("feed_ids", arrayLiteral(ids)));
}

std::pair<std::int64_t, std::vector<std::int64_t>> feedRecentIds(pqxx::transaction_base& txn,
                                                                 std::int64_t window) {
  const std::int64_t highest =
      txn.exec1("SELECT COALESCE(max(id), 0) FROM questions")[0].as<std::int64_t>();
  std::vector<std::int64_t> ids;
  for (const auto& r : txn.exec_params("SELECT id FROM questions WHERE id > $1 AND id <= $2",
                                       highest - window, highest)) {
    ids.push_back(r[0].as<std::int64_t>());
  }
  std::sort(ids.begin(), ids.end());
  return {highest, std::move(ids)};
}

}  // namespace sporazum::pg::detail

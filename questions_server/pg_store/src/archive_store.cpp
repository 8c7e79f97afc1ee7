#include "sporazum/pg/archive_store.hpp"

#include <array>
#include <utility>

#include "archive_queries.hpp"
#include "session.hpp"
#include "sporazum/core/log.hpp"

namespace sporazum::pg {
namespace {

using detail::Failure;
using detail::FailureKind;

/// Constraint names the archive's writes can run into, and what they mean to a caller. Checked
/// before writing where possible; this is what is left (a race, or a value no check foresaw).
core::Error errorForConstraint(const std::string& constraint) {
  struct Rule {
    std::string_view constraint;
    std::string_view code;
    std::string_view field;
    std::string_view message;
  };
  static constexpr std::array kRules{
      Rule{"media_assets_master_sha256_key", "already_ingested", "master.sha256",
           "a master with this SHA-256 is in the archive already"},
      Rule{"media_assets_one_master_key", "already_ingested", "master",
           "the episode has a master already"},
      Rule{"media_assets_location_key", "duplicate_location", "location",
           "a file with this location is in the archive already"},
      Rule{"media_assets_one_poster_key", "bad_field", "thumbnails",
           "only one thumbnail can be the poster"},
      Rule{"media_assets_location_check", "bad_field", "location",
           "a location is an absolute path of at most 4096 characters"},
      Rule{"media_assets_sha256_check", "bad_field", "sha256",
           "a SHA-256 is 64 lower-case hex digits"},
      Rule{"media_assets_bytes_check", "bad_field", "bytes", "a size cannot be negative"},
      Rule{"media_assets_width_check", "bad_field", "width", "a width must be positive"},
      Rule{"media_assets_height_check", "bad_field", "height", "a height must be positive"},
      Rule{"media_assets_at_seconds_check", "bad_field", "atSeconds",
           "a thumbnail's time cannot be negative"},
      Rule{"media_loudness_integrated_lufs_check", "bad_field", "loudness.integratedLufs",
           "integrated loudness out of range"},
      Rule{"media_loudness_range_lu_check", "bad_field", "loudness.rangeLu",
           "loudness range out of range"},
      Rule{"media_loudness_true_peak_dbtp_check", "bad_field", "loudness.truePeakDbtp",
           "true peak out of range"},
      Rule{"media_chapters_start_seconds_check", "bad_field", "chapters",
           "a chapter cannot start before the programme"},
      Rule{"media_chapters_end_seconds_check", "bad_field", "chapters",
           "a chapter cannot end before it starts"},
      Rule{"media_chapters_title_check", "bad_field", "chapters", "a chapter needs a title"},
      Rule{"media_chapters_question_id_fkey", "bad_field", "chapters",
           "a chapter names a question that does not exist"},
      Rule{"episodes_duration_seconds_check", "bad_field", "master.probe.durationSeconds",
           "a programme runs for more than 0 seconds and less than a day"},
      Rule{"fixity_events_asset_id_fkey", "unknown_asset", "assetId", "there is no such file"},
      Rule{"fixity_events_outcome_sha256_check", "bad_field", "actualSha256",
           "the hash does not fit the outcome"},
      Rule{"fixity_events_actual_sha256_check", "bad_field", "actualSha256",
           "a SHA-256 is 64 lower-case hex digits"},
      Rule{"fixity_events_detail_check", "field_too_long", "detail",
           "a detail has at most 1000 characters"},
      Rule{"episode_texts_text_check", "field_too_long", "titles",
           "a title has at most 200 characters, a description 4000"},
      Rule{"episode_topics_topic_check", "field_too_long", "topics",
           "a topic has 1 to 40 characters"},
      Rule{"episode_topics_position_check", "bad_field", "topics", "at most 20 topics"},
      Rule{"appearances_role_check", "field_too_long", "appearances",
           "a role has at most 200 "
           "characters"},
      Rule{"appearances_party_check", "field_too_long", "appearances",
           "a party has at most 200 characters"},
  };
  for (const auto& rule : kRules) {
    if (rule.constraint == constraint) {
      return core::makeError(std::string(rule.code), std::string(rule.message),
                             std::string(rule.field));
    }
  }
  return core::makeError("database_error",
                         "the database refused the change" +
                             (constraint.empty() ? std::string() : " (" + constraint + ")"));
}

}  // namespace

class ArchiveStore::Impl {
 public:
  explicit Impl(std::string uri) : uri_(std::move(uri)) {}

  /// Runs body on the connection (opening it first if needed). A lost connection or a transient
  /// refusal (deadlock, shutdown) before COMMIT is retried once on a new connection: nothing was
  /// written. Every libpqxx error becomes an Error here, and only here.
  template <typename T, typename Body>
  core::Result<T> run(std::string_view operation, Body&& body) {
    for (int attempt = 0;; ++attempt) {
      try {
        return body(connection());
      } catch (const ConnectFailed& e) {
        return core::makeError("unavailable", "cannot connect to the database (" + e.words + ")");
      } catch (...) {
        const Failure failure = detail::classifyCurrentException(false);
        if (failure.kind == FailureKind::Connection || failure.kind == FailureKind::InDoubt) {
          session_.reset();
        }
        const bool retry = attempt == 0 && (failure.kind == FailureKind::Connection ||
                                            failure.kind == FailureKind::Transient);
        log::warn("pg.archive_failed", {{"operation", operation},
                                        {"sqlstate", failure.sqlstate},
                                        {"constraint", failure.constraint},
                                        {"kind", static_cast<std::int64_t>(failure.kind)},
                                        {"retry", retry}});
        if (retry) continue;
        switch (failure.kind) {
          case FailureKind::Data:
            return errorForConstraint(failure.constraint);
          case FailureKind::InDoubt:
            return core::makeError("unavailable",
                                   "the connection to the database was lost while committing: "
                                   "the change may or may not have been made");
          case FailureKind::Connection:
          case FailureKind::Transient:
            break;
        }
        return core::makeError("unavailable", "the database cannot answer now");
      }
    }
  }

 private:
  struct ConnectFailed {
    std::string words;
  };

  pqxx::connection& connection() {
    if (!session_) {
      try {
        session_ = std::make_unique<detail::Session>(uri_, "sporazum_archive");
        pqxx::connection& conn = session_->conn();
        {
          pqxx::nontransaction txn(conn);
          // Trigram matches of names (and title words): 0.6 lets an Albanian spelling ('vuciq'
          // for 'vucic', 0.67) and a typo ('vucicc', 0.71) through; 0.5 also let common words
          // in ('ulica' for 'milica'). The extension's default, stated here on purpose.
          txn.exec("SET pg_trgm.word_similarity_threshold = 0.6");
          // The search's parameters only feed materialized CTEs, so a generic plan is as good as
          // a custom one, and planning it anew each time costs ~2 ms of a 10 ms budget.
          txn.exec("SET plan_cache_mode = force_generic_plan");
        }
        conn.prepare(detail::kArchiveSearchStatement, detail::archiveSearchSql());
      } catch (const pqxx::broken_connection& e) {
        session_.reset();
        throw ConnectFailed{detail::describeConnectionFailure(e.what())};
      }
    }
    return session_->conn();
  }

  std::string uri_;
  std::unique_ptr<detail::Session> session_;
};

ArchiveStore::ArchiveStore(std::string connectionUri)
    : impl_(std::make_unique<Impl>(std::move(connectionUri))) {}

ArchiveStore::~ArchiveStore() = default;

namespace {

core::Error unknownEpisode(std::int64_t number) {
  return core::makeError("unknown_episode", "there is no episode " + std::to_string(number),
                         "number");
}

}  // namespace

core::Result<ArchiveEpisodeSummary> ArchiveStore::findEpisode(std::int64_t number) {
  return impl_->run<ArchiveEpisodeSummary>(
      "find_episode", [&](pqxx::connection& conn) -> core::Result<ArchiveEpisodeSummary> {
        pqxx::read_transaction txn(conn);
        const std::int64_t id = detail::archiveEpisodeId(txn, number);
        auto summary = id == 0 ? std::nullopt : detail::readSummary(txn, id);
        if (!summary) return unknownEpisode(number);
        return std::move(*summary);
      });
}

core::Result<std::vector<ArchiveEpisodeSummary>> ArchiveStore::listEpisodes(std::size_t limit,
                                                                            std::size_t offset,
                                                                            ArchiveScope scope) {
  if (limit < 1 || limit > 1000) {
    return core::makeError("bad_limit", "a list holds 1 to 1000 episodes", "limit");
  }
  return impl_->run<std::vector<ArchiveEpisodeSummary>>(
      "list_episodes",
      [&](pqxx::connection& conn) -> core::Result<std::vector<ArchiveEpisodeSummary>> {
        pqxx::read_transaction txn(conn);
        return detail::readSummaries(txn, limit, offset, scope == ArchiveScope::Aired);
      });
}

core::Result<ArchiveEpisodeDetail> ArchiveStore::episodeDetail(std::int64_t number) {
  return impl_->run<ArchiveEpisodeDetail>(
      "episode_detail", [&](pqxx::connection& conn) -> core::Result<ArchiveEpisodeDetail> {
        // One snapshot for the several statements a detail takes.
        pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> txn(conn);
        const std::int64_t id = detail::archiveEpisodeId(txn, number);
        auto found = id == 0 ? std::nullopt : detail::readDetail(txn, id);
        if (!found) return unknownEpisode(number);
        return std::move(*found);
      });
}

core::Result<ArchivedAsset> ArchiveStore::findAsset(std::int64_t assetId) {
  return impl_->run<ArchivedAsset>(
      "find_asset", [&](pqxx::connection& conn) -> core::Result<ArchivedAsset> {
        pqxx::read_transaction txn(conn);
        auto found = detail::readAsset(txn, assetId);
        if (!found) {
          return core::makeError("unknown_asset", "no stored file " + std::to_string(assetId));
        }
        return std::move(*found);
      });
}

core::Result<AiredQuestionChapters> ArchiveStore::airedQuestionChapters(std::int64_t number) {
  return impl_->run<AiredQuestionChapters>(
      "aired_question_chapters",
      [&](pqxx::connection& conn) -> core::Result<AiredQuestionChapters> {
        pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> txn(conn);
        const std::int64_t id = detail::archiveEpisodeId(txn, number);
        const auto summary = id == 0 ? std::nullopt : detail::readSummary(txn, id);
        if (!summary) return unknownEpisode(number);
        AiredQuestionChapters out;
        out.programmeStart = detail::readProgrammeStart(txn, id);
        out.chapters =
            detail::chaptersFrom(detail::readAiredQuestions(txn, id), summary->durationSeconds);
        return out;
      });
}

core::Result<IngestRecord> ArchiveStore::recordIngest(std::int64_t number,
                                                      const core::IngestResult& ingest,
                                                      const core::StaffIdentity& by) {
  return impl_->run<IngestRecord>("record_ingest",
                                  [&](pqxx::connection& conn) -> core::Result<IngestRecord> {
                                    pqxx::work txn(conn);
                                    auto written = detail::writeIngest(txn, number, ingest, by);
                                    if (written) txn.commit();
                                    return written;
                                  });
}

core::Result<ArchiveEpisodeDetail> ArchiveStore::updateEpisodeMetadata(
    std::int64_t number, const ArchiveMetadataPatch& patch, const core::StaffIdentity& by) {
  auto cleaned = detail::cleanMetadataPatch(patch);
  if (!cleaned) return cleaned.error();
  return impl_->run<ArchiveEpisodeDetail>(
      "update_metadata", [&](pqxx::connection& conn) -> core::Result<ArchiveEpisodeDetail> {
        pqxx::work txn(conn);
        auto written = detail::writeMetadata(txn, number, *cleaned, by);
        if (written) txn.commit();
        return written;
      });
}

core::Result<std::vector<FixityTarget>> ArchiveStore::fixityTargets() {
  return impl_->run<std::vector<FixityTarget>>(
      "fixity_targets", [&](pqxx::connection& conn) -> core::Result<std::vector<FixityTarget>> {
        pqxx::read_transaction txn(conn);
        return detail::readFixityTargets(txn);
      });
}

core::Result<FixityEvent> ArchiveStore::recordFixity(std::int64_t assetId, FixityOutcome outcome,
                                                     const std::string& actualSha256,
                                                     const std::string& note) {
  return impl_->run<FixityEvent>(
      "record_fixity", [&](pqxx::connection& conn) -> core::Result<FixityEvent> {
        pqxx::work txn(conn);
        auto written = detail::writeFixity(txn, assetId, outcome, actualSha256, note);
        if (written) txn.commit();
        return written;
      });
}

core::Result<ArchiveExport> ArchiveStore::exportEpisode(std::int64_t number) {
  return impl_->run<ArchiveExport>(
      "export_episode", [&](pqxx::connection& conn) -> core::Result<ArchiveExport> {
        pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> txn(conn);
        const std::int64_t id = detail::archiveEpisodeId(txn, number);
        auto found = id == 0 ? std::nullopt : detail::readDetail(txn, id);
        if (!found) return unknownEpisode(number);
        return detail::readExport(txn, std::move(*found));
      });
}

core::Result<std::vector<SearchHit>> ArchiveStore::search(std::string_view query, std::size_t limit,
                                                          ArchiveScope scope) {
  if (limit < 1 || limit > kMaxSearchHits) {
    return core::makeError("bad_limit", "a search returns 1 to 100 hits", "limit");
  }
  auto cleaned = detail::cleanSearchQuery(query);
  if (!cleaned) return cleaned.error();
  return impl_->run<std::vector<SearchHit>>(
      "search", [&](pqxx::connection& conn) -> core::Result<std::vector<SearchHit>> {
        pqxx::read_transaction txn(conn);
        return detail::runSearch(txn, *cleaned, limit, scope == ArchiveScope::Aired);
      });
}

}  // namespace sporazum::pg

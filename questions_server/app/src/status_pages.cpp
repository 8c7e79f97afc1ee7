#include "status_pages.hpp"

#include <nlohmann/json.hpp>

namespace sporazum::app {

HealthPage renderHealth(const core::Health& health, const core::EpisodeStatus& episode,
                        std::size_t connections) {
  nlohmann::ordered_json body;
  body["status"] = health.databaseReachable ? "ok" : "unavailable";
  body["database"] = {{"reachable", health.databaseReachable}, {"detail", health.detail}};
  body["questionsOpen"] = episode.questionsOpen;
  body["episodeId"] = episode.episodeId;
  body["connections"] = connections;
  return {health.databaseReachable ? 200 : 503,
          body.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n"};
}

std::string renderMetrics(const hub::HubMetrics& hub, const StoreFigures& store,
                          const core::Health& health, std::uint64_t residentBytes) {
  core::PrometheusText out;
  out.gauge("sporazum_viewer_connections", "Open viewer WebSocket connections.",
            static_cast<double>(hub.connections.value()));
  out.counter("sporazum_viewer_connections_opened_total", "Viewer connections opened.",
              hub.connectionsOpened.value());
  out.counter("sporazum_viewer_messages_total", "Messages received from viewers.",
              hub.messages.value());
  out.counter("sporazum_submissions_total", "Submit messages from viewers that had said hello.",
              hub.submissions.value());
  out.counter("sporazum_acks_total", "Questions acknowledged after their commit.",
              hub.acks.value());
  out.counter("sporazum_duplicate_acks_total", "Acks repeated for a question sent again.",
              hub.duplicateAcks.value());
  std::vector<std::pair<std::string, std::uint64_t>> rejections;
  for (const auto& [code, counter] : hub.rejections)
    rejections.emplace_back(code, counter.value());
  out.labelledCounters("sporazum_rejections_total", "Viewer messages refused, by error code.",
                       "reason", rejections);
  out.histogram("sporazum_ack_latency_ms",
                "Time from a submit message to its ack, in milliseconds.", hub.ackLatencyMs);
  out.counter("sporazum_slow_readers_closed_total", "Connections closed for not reading.",
              hub.slowReadersClosed.value());
  out.counter("sporazum_idle_closed_total", "Connections closed for being idle.",
              hub.idleClosed.value());
  out.histogram("sporazum_commit_batch_size", "Questions per database commit.",
                store.batchSizeBounds, store.batchSizeCumulative, store.batchSizeSum);
  out.counter("sporazum_db_commits_total", "Database commits of question batches.", store.commits);
  out.counter("sporazum_db_committed_rows_total", "Question rows committed.", store.committedRows);
  out.counter("sporazum_db_failed_commits_total", "Batches whose commit failed.",
              store.failedCommits);
  out.counter("sporazum_db_reconnects_total", "Database reconnections.", store.reconnects);
  out.gauge("sporazum_db_reachable", "1 when the database answered the last health poll.",
            health.databaseReachable ? 1 : 0);
  out.gauge("process_resident_memory_bytes", "Resident memory of the server process.",
            static_cast<double>(residentBytes));
  return out.text();
}

}  // namespace sporazum::app

#pragma once
// Domain types of a viewer question, shared by the hub and the storage adapter.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sporazum::core {

/// Keyed BLAKE2b-256 digest of a device token or an address; the raw value is never stored.
using Digest = std::array<std::uint8_t, 32>;

/// A viewer's question after validation, ready to store.
struct NewQuestion {
  std::string clientId;  ///< client-made UUID, lower-case canonical text form
  std::int64_t episodeId = 0;
  Digest deviceHash{};
  Digest addressHash{};
  std::string displayName;   ///< empty when not given
  std::string municipality;  ///< code from assets/municipalities.json, empty when not given
  std::string text;          ///< sanitised, NFC
  bool consentNameOnAir = false;
  std::string interfaceLanguage;  ///< sr-Latn, sr-Cyrl, sq, en
  // The auto-filter's verdict, set before the question is stored (see StoreOptions::classify).
  std::string filterAction = "none";     ///< none, flag, hold (hold stores the question as held)
  std::string filterReasonsJson = "[]";  ///< JSON array of reasons, stored as is
  std::string language;                  ///< detected: sr, sq, en, other; empty when not checked
};

enum class SubmitStatus {
  Stored,      ///< committed now
  Duplicate,   ///< the same clientId from the same device was committed before: original ack
  IdConflict,  ///< the clientId is taken by another device; nothing stored
  Unavailable  ///< the database could not be reached in time; nothing is known to be stored
};

struct SubmitResult {
  SubmitStatus status = SubmitStatus::Unavailable;
  std::int64_t questionId = 0;
  std::string state;       ///< internal state, e.g. "received"
  std::string receivedAt;  ///< ISO 8601 UTC with milliseconds
};

/// A question as its own device may see it again (after a reload).
struct DeviceQuestion {
  std::string clientId;
  std::string text;
  std::string state;
  std::string receivedAt;
};

struct EpisodeStatus {
  std::int64_t episodeId = 0;  ///< 0 when there is no episode yet
  std::string title;
  bool questionsOpen = false;

  friend bool operator==(const EpisodeStatus&, const EpisodeStatus&) = default;
};

struct Health {
  bool databaseReachable = false;
  std::string detail;  ///< why not, fit for /healthz (no secrets)
};

/// A question's state changed in the database.
struct StateChange {
  std::string clientId;
  Digest deviceHash{};
  std::string state;
};

/// Maps an internal question state to the friendly status a viewer sees (protocol.md, "Viewer
/// status"). Returns nullopt for a state this build does not know.
std::optional<std::string_view> viewerStatusFor(std::string_view internalState);

}  // namespace sporazum::core

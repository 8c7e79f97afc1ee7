#pragma once
// What a graphics command does to the programme, and what of a question may go on air: the rules
// shared by the store (which records them in one transaction) and the desk (which keeps the
// picture in memory for engines that connect). Pure: no I/O.

#include <cstdint>
#include <string>
#include <string_view>

#include "sporazum/core/graphics.hpp"
#include "sporazum/core/moderation.hpp"
#include "sporazum/core/result.hpp"

namespace sporazum::core {

/// Every layer, bottom to top, with nothing cued and nothing on air; seq 0.
ProgrammeState emptyProgramme();

/// Applies `command` (its seq already assigned) to `state`: cue sets the layer's cued graphic;
/// take puts `graphic` on air, or else the cued one (which is then no longer cued); update
/// replaces what is on air, or what is cued when nothing is; clear and clear_all take graphics
/// off air (cued ones stay). Sets state.seq to command.seq. Errors (state unchanged):
/// nothing_cued (a take without a graphic on a layer with nothing cued).
Result<bool> applyGraphicsCommand(ProgrammeState& state, const GraphicsCommand& command);

/// Whether a question in this state may go on air: approved, or further on (queued, on_air,
/// aired).
bool isAirable(std::string_view questionState);

/// The lower third of a question: the moderators' text for air if any, else the viewer's own;
/// the viewer's name only when they consented to it on air; the municipality code; the language
/// (sr becomes sr-Latn or sr-Cyrl by the script of the text; sq, en; otherwise empty). Holds
/// nothing else of the question (no device or address codes, no moderation notes).
GraphicContent lowerThirdFor(const ModQuestion& question);

/// One row of the as-run record, as stored.
struct AsRunRecord {
  std::string engine;
  AsRunReport report;
  std::int64_t episodeId = 0;  ///< 0 when the command was given with no episode
  std::string receivedAt;      ///< ISO 8601 UTC with milliseconds

  friend bool operator==(const AsRunRecord&, const AsRunRecord&) = default;
};

/// sr-Cyrl when most letters of `text` are Cyrillic, else sr-Latn.
std::string_view serbianScriptOf(std::string_view text);

}  // namespace sporazum::core

#pragma once
// On-air graphics from the command line, before the studio exists: the command a `graphics …`
// line asks for, and the programme and as-run record printed. Pure: the I/O is commands.cpp's.

#include <string>
#include <vector>

#include "options.hpp"
#include "sporazum/core/graphics.hpp"
#include "sporazum/core/programme.hpp"
#include "sporazum/core/result.hpp"

namespace sporazum::app {

/// The command (seq 0) of `graphics cue|take|update|clear LAYER` or `graphics clear-all`, from
/// --question, --name, --role, --text, --url, --caption (a QR code's URL defaults to
/// --public-url). A take without content takes what is cued; logo and clock have no content.
/// Error bad_option naming what is wrong.
core::Result<core::GraphicsCommand> graphicsCommandFrom(const Options& options);

/// The programme as indented JSON (the programme_state message).
std::string programmeToJson(const core::ProgrammeState& state);

/// The as-run record as CSV (RFC 4180, safe in a spreadsheet) or a JSON array.
std::string asRunToCsv(const std::vector<core::AsRunRecord>& records);
std::string asRunToJson(const std::vector<core::AsRunRecord>& records);

}  // namespace sporazum::app

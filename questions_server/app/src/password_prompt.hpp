#pragma once
// Reads a new staff password for the CLI: from a terminal twice without echo, else one line of
// standard input (for scripts and tests).

#include <optional>
#include <string>

namespace sporazum::app {

/// The password, or nullopt with a message on stderr (mismatch, end of input).
std::optional<std::string> readNewPassword();

}  // namespace sporazum::app

#pragma once

#include "options.hpp"

namespace sporazum::app {

/// Runs the questions server until SIGINT or SIGTERM. Returns the process exit code.
int serve(const Options& options);

/// Runs a one-shot command (migrate, episode, questions, privacy). Returns the exit code.
int runCommand(const Options& options);

}  // namespace sporazum::app

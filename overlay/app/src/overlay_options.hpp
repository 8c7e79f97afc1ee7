#pragma once
// The command line of sporazum-overlay. Every option also reads an environment variable.

#include <functional>
#include <string>
#include <vector>

#include "sporazum/core/result.hpp"
#include "sporazum/overlay/engine/engine_options.hpp"

namespace sporazum::overlay::app {

struct OverlayOptions {
  engine::EngineOptions engine;  ///< engine.recordDir: record each live episode there
  std::string serverUrl;         ///< ws://HOST:PORT/ws/staff; empty: run without a server
  std::string token;             ///< the engine token (from --token-file or SPORAZUM_ENGINE_TOKEN)
  std::string engineName = "main";
  std::string templatesDir;
  int durationSeconds = 0;   ///< 0: run until SIGINT/SIGTERM
  int demoCycleSeconds = 0;  ///< >0: take and clear demo graphics locally every N seconds
  std::string statsFile;     ///< write the final statistics here as JSON
  bool isPreviewOn = true;   ///< send the confidence picture to the server (when connected)
  bool showHelp = false;
};

/// Parses argv (without the program name) and the environment (`getenv`-like lookup).
core::Result<OverlayOptions> parseOverlayOptions(
    const std::vector<std::string>& arguments,
    const std::function<const char*(const char*)>& environment);

std::string overlayUsage();

}  // namespace sporazum::overlay::app

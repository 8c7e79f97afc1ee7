// sporazum-questions-server: parse options, then serve or run one command.

#include <iostream>
#include <string>
#include <vector>

#include "options.hpp"
#include "serve.hpp"
#include "sporazum/core/log.hpp"

extern char** environ;

int main(int argc, char** argv) {
  using namespace sporazum;
  std::vector<std::string> arguments(argv + 1, argv + argc);
  std::vector<std::pair<std::string, std::string>> environment;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    std::string text = *entry;
    if (!text.starts_with("SPORAZUM_")) continue;
    auto equals = text.find('=');
    environment.emplace_back(text.substr(0, equals), text.substr(equals + 1));
  }
  auto options = app::parseOptions(arguments, environment, SPORAZUM_SOURCE_ROOT);
  if (!options) {
    std::cerr << "error: " << options.error().message << "\n(see --help)\n";
    return 2;
  }
  if (options->command == app::Command::Help) {
    std::cout << app::usage();
    return 0;
  }
  log::Level level{};
  if (!log::parseLevel(options->logLevel, level)) {
    std::cerr << "error: unknown log level '" << options->logLevel << "'\n";
    return 2;
  }
  log::setLevel(level);
  try {
    if (options->command == app::Command::Serve) return app::serve(*options);
    return app::runCommand(*options);
  } catch (const std::exception& e) {
    // Misconfiguration or an unreachable database at start-up: fatal, with the reason.
    log::error("fatal", {{"detail", e.what()}});
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
}

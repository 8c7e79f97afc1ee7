// sporazum-archive: Ctrl-C asks a long command to stop cleanly; everything else is in
// archive_cli.cpp.

#include <csignal>
#include <string>
#include <vector>

#include "sporazum/archive/archive_cli.hpp"

namespace {
std::atomic<bool> gCancel{false};
extern "C" void onInterrupt(int) {
  gCancel.store(true);
}
}  // namespace

int main(int argc, char** argv) {
  std::signal(SIGINT, onInterrupt);
  std::signal(SIGTERM, onInterrupt);
  const std::vector<std::string> arguments(argv + 1, argv + argc);
  return sporazum::archive::runArchiveCli(arguments, gCancel);
}

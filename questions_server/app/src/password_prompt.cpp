#include "password_prompt.hpp"

#include <termios.h>
#include <unistd.h>

#include <iostream>

#include "sporazum/core/password.hpp"

namespace sporazum::app {
namespace {

std::optional<std::string> readLine(const char* prompt, bool isTerminal) {
  termios saved{};
  if (isTerminal) {
    std::cerr << prompt << std::flush;
    tcgetattr(STDIN_FILENO, &saved);
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  const bool isRead = static_cast<bool>(std::getline(std::cin, line));
  if (isTerminal) {
    tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    std::cerr << "\n";
  }
  if (!isRead) return std::nullopt;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

}  // namespace

std::optional<std::string> readNewPassword() {
  const bool isTerminal = isatty(STDIN_FILENO) != 0;
  auto first = readLine("New password: ", isTerminal);
  if (!first) {
    std::cerr << "error: no password given on standard input\n";
    return std::nullopt;
  }
  if (isTerminal) {
    auto second = readLine("Repeat it: ", isTerminal);
    if (!second || *second != *first) {
      std::cerr << "error: the passwords differ\n";
      if (second) core::wipeSecret(*second);
      core::wipeSecret(*first);
      return std::nullopt;
    }
    core::wipeSecret(*second);
  }
  if (auto rules = core::checkPasswordRules(*first); !rules) {
    std::cerr << "error: " << rules.error().message << "\n";
    core::wipeSecret(*first);
    return std::nullopt;
  }
  return first;
}

}  // namespace sporazum::app

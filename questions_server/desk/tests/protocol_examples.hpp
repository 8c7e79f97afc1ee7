#pragma once
// What the staff codec tests share: the schema/examples files, and decoding a request as one
// type or as a failure.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "sporazum/desk/staff_protocol.hpp"

namespace sporazum::desk::wire::testing {

/// An example file's text without its final newline.
inline std::string readExample(const std::string& name) {
  std::ifstream in(std::filesystem::path(SPORAZUM_SOURCE_ROOT) / "schema/examples" / name,
                   std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  std::string body = text.str();
  while (!body.empty() && body.back() == '\n')
    body.pop_back();
  EXPECT_FALSE(body.empty()) << name;
  return body;
}

/// Decodes a request that must be a T (a test failure otherwise).
template <typename T>
T decodeAs(const std::string& json) {
  auto decoded = decodeRequest(json);
  if (auto* failure = std::get_if<DecodeFailure>(&decoded)) {
    ADD_FAILURE() << failure->error.code << ": " << failure->error.message << " in " << json;
    return {};
  }
  auto* request = std::get_if<T>(&std::get<Request>(decoded));
  if (request == nullptr) {
    ADD_FAILURE() << "decoded as another message: " << json;
    return {};
  }
  return *request;
}

/// Why a request is refused ("(decoded)" when it is not).
inline core::Error failureOf(const nlohmann::json& json) {
  auto decoded = decodeRequest(json.dump());
  auto* failure = std::get_if<DecodeFailure>(&decoded);
  return failure ? failure->error : core::Error{"(decoded)", "", ""};
}

}  // namespace sporazum::desk::wire::testing

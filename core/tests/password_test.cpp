#include "sporazum/core/password.hpp"

#include <gtest/gtest.h>

#include <set>

namespace sporazum::core {
namespace {

TEST(Password, AHashVerifiesItsPasswordAndNoOther) {
  const auto hash = hashPassword("Ђаковица и Đakovica 2026");
  EXPECT_TRUE(hash.starts_with("$argon2id$"));
  EXPECT_TRUE(verifyPassword(hash, "Ђаковица и Đakovica 2026"));
  EXPECT_FALSE(verifyPassword(hash, "Ђаковица и Đakovica 2027"));
  EXPECT_NE(hashPassword("Ђаковица и Đakovica 2026"), hash) << "salted";
}

TEST(Password, AMissingOrForeignHashNeverVerifies) {
  EXPECT_FALSE(verifyPassword("", ""));
  EXPECT_FALSE(verifyPassword("", "anything at all"));
  EXPECT_FALSE(verifyPassword("$2y$10$notanargon2hash", "anything at all"));
}

TEST(Password, RulesRefuseShortLongAndMalformedPasswords) {
  EXPECT_EQ(checkPasswordRules("short").error().code, "weak_password");
  EXPECT_EQ(checkPasswordRules(std::string(257, 'x')).error().code, "field_too_long");
  EXPECT_EQ(checkPasswordRules("\xFF\xFE long enough bytes").error().code, "bad_field");
  EXPECT_TRUE(checkPasswordRules("ćevapčići u Mitrovici"));
}

TEST(Password, SessionTokensAreRandomAndDigestStably) {
  std::set<std::string> tokens;
  for (int i = 0; i < 100; ++i)
    tokens.insert(newSessionToken());
  EXPECT_EQ(tokens.size(), 100U);
  const auto& token = *tokens.begin();
  EXPECT_EQ(token.size(), 43U);
  EXPECT_EQ(
      token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
      std::string::npos);
  EXPECT_EQ(sessionTokenDigest(token), sessionTokenDigest(token));
  EXPECT_NE(sessionTokenDigest(token), sessionTokenDigest(*tokens.rbegin()));
}

}  // namespace
}  // namespace sporazum::core

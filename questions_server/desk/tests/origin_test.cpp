#include "sporazum/desk/origin.hpp"

#include <gtest/gtest.h>

namespace sporazum::desk {
namespace {

TEST(StaffOrigin, TheServersOwnPageAndNativeClientsMayConnect) {
  EXPECT_TRUE(isAllowedStaffOrigin("http://127.0.0.1:8080", "127.0.0.1:8080", {}));
  EXPECT_TRUE(isAllowedStaffOrigin("HTTPS://Desk.Example:8443", "desk.example:8443", {}));
  EXPECT_TRUE(isAllowedStaffOrigin("", "127.0.0.1:8080", {}));
}

TEST(StaffOrigin, OtherSitesAreRefusedUnlessListed) {
  EXPECT_FALSE(isAllowedStaffOrigin("http://evil.example", "127.0.0.1:8080", {}));
  EXPECT_FALSE(isAllowedStaffOrigin("http://127.0.0.1:8081", "127.0.0.1:8080", {}));
  EXPECT_FALSE(isAllowedStaffOrigin("http://127.0.0.1:8080.evil.example", "127.0.0.1:8080", {}));
  EXPECT_FALSE(isAllowedStaffOrigin("null", "127.0.0.1:8080", {}));
  EXPECT_FALSE(isAllowedStaffOrigin("http://127.0.0.1:8080", "", {}));
  EXPECT_TRUE(isAllowedStaffOrigin("https://desk.sporazum.example", "127.0.0.1:8080",
                                   {"https://desk.sporazum.example/"}));
}

}  // namespace
}  // namespace sporazum::desk

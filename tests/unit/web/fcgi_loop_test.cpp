#include "smokeping/web/fcgi_loop.hpp"

#include <gtest/gtest.h>

namespace smokeping::web {
namespace {

TEST(MaxRequestsFrom, UnsetOrEmptyMeansNoLimit) {
  EXPECT_EQ(max_requests_from(nullptr), 0u);
  EXPECT_EQ(max_requests_from(""), 0u);
}

TEST(MaxRequestsFrom, ReadsADecimalCount) {
  EXPECT_EQ(max_requests_from("0"), 0u);
  EXPECT_EQ(max_requests_from("1"), 1u);
  EXPECT_EQ(max_requests_from("10000"), 10000u);
  EXPECT_EQ(max_requests_from("18446744073709551615"), 18446744073709551615u);
}

TEST(MaxRequestsFrom, RefusesWhatIsNotACount) {
  for (const char* bad : {"abc", "-1", "+5", " 5", "5 ", "5k", "1e3", "0x10",
                          "18446744073709551616", "99999999999999999999999"}) {
    EXPECT_EQ(max_requests_from(bad), std::nullopt) << bad;
  }
}

}  // namespace
}  // namespace smokeping::web

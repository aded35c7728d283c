// A DYNAMIC host's address is a numeric IPv4 or IPv6 address and nothing else.
#include "smokeping/core/ip_literal.hpp"

#include <gtest/gtest.h>

#include <string>

namespace smokeping::core {
namespace {

TEST(IpLiteral, NumericAddressesOfBothFamiliesPass) {
  EXPECT_TRUE(is_ip_literal("127.0.0.1"));
  EXPECT_TRUE(is_ip_literal("::1"));
  EXPECT_TRUE(is_ip_literal("fe80::1:2"));
}

TEST(IpLiteral, NamesLinesAndTrailingBytesDoNot) {
  EXPECT_FALSE(is_ip_literal(""));
  EXPECT_FALSE(is_ip_literal("localhost"));
  EXPECT_FALSE(is_ip_literal("127.0.0.1\n"));
  EXPECT_FALSE(is_ip_literal("127.0.0.1 "));
  EXPECT_FALSE(is_ip_literal("127.1"));
  EXPECT_FALSE(is_ip_literal(std::string("127.0.0.1\0evil", 14)));
}

}  // namespace
}  // namespace smokeping::core

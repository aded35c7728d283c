// md5_base64 against Perl's Digest::MD5, computed independently with
// perl -MDigest::MD5=md5_base64 -e 'print md5_base64($ARGV[0])' TEXT
#include <gtest/gtest.h>

#include "smokeping/protocol/hmac.hpp"

namespace {

using smokeping::protocol::md5_base64;

TEST(Md5Base64, MatchesPerlDigestMd5WithoutPadding) {
  EXPECT_EQ(md5_base64(""), "1B2M2Y8AsgTpgAmY7PhCfg");
  EXPECT_EQ(md5_base64("123456"), "4QrcOUm6Wau+VuBX8g+IPg");
  EXPECT_EQ(md5_base64("a1b2c3d4e5f60718293a4b5c"), "CxebwD/0rB5hvZw4KKWHOQ");
}

TEST(Md5Base64, IsAlways22Characters) {
  for (const char* text : {"x", "a longer text with spaces", "\xff\x00"}) {
    EXPECT_EQ(md5_base64(text).size(), 22u) << text;
  }
}

}  // namespace

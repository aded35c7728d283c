// The HMAC test vectors of master-slave.md §10 (V9/V10 live with the Dumper tests).
#include "smokeping/protocol/hmac.hpp"

#include <gtest/gtest.h>

namespace {

using smokeping::protocol::hmac_md5_hex;
using smokeping::protocol::signature_matches;

constexpr const char* kSecret = "s3cret-one";

TEST(Hmac, V1EmptyData) {
  EXPECT_EQ(hmac_md5_hex(kSecret, ""), "e2c8955e76170a4a44c166aa47f2858f");
}

TEST(Hmac, V2RealSlaveRequest) {
  std::string data =
      "/Hyph/h1\t1795564572\tU:0:4.8000000000e-05:4.6000000000e-05:4.8000000000e-05:"
      "5.2000000000e-05\n"
      "/Local/localhost\t1795564572\tU:0:5.0000000000e-05:4.3000000000e-05:5.0000000000e-05:"
      "5.7000000000e-05\n"
      "/Local/onlyslave\t1795564572\tU:0:4.9000000000e-05:4.9000000000e-05:4.9000000000e-05:"
      "4.9000000000e-05\n"
      "/Dyn/d2\t1795564572\tU:3:U:U:U:U";
  ASSERT_EQ(data.size(), 322u);
  EXPECT_EQ(hmac_md5_hex(kSecret, data), "2671066f265c9abf165b6526102b35b3");
}

TEST(Hmac, V3RawUtf8Bytes) {
  std::string data =
      "/Z\xc3\xbcrich/host1\t1732480000\tU:0:1.2000000000e-02:1.1000000000e-02:"
      "1.2000000000e-02:1.3000000000e-02";
  ASSERT_EQ(data.size(), 97u);
  EXPECT_EQ(hmac_md5_hex(kSecret, data), "e8af58440f751bb368755eb184ea1adf");
}

TEST(Hmac, V4TotalLoss) {
  EXPECT_EQ(hmac_md5_hex(kSecret, "/World/dead\t1732480000\tU:3:U:U:U:U"),
            "81c88da6a58a8691a0315c7ddea38540");
}

TEST(Hmac, V5KeyLongerThanTheBlock) {
  EXPECT_EQ(hmac_md5_hex(std::string(70, 'x'), "/a\t1\tU:0:U:U:U:U"),
            "1ea16dbe26fec8746deab6e61b1c870b");
}

TEST(Hmac, V6TrailingCrIsPartOfTheKey) {
  EXPECT_EQ(hmac_md5_hex("s3cret-one\r", ""), "4d34d17cd5a579968a920b1f4ba9dca9");
  EXPECT_FALSE(signature_matches(kSecret, "", "4d34d17cd5a579968a920b1f4ba9dca9"));
}

TEST(Hmac, V7SecretWithSpace) {
  EXPECT_EQ(hmac_md5_hex("two", ""), "4a1c1836eeb041b0248b20bd6d70f141");
  EXPECT_EQ(hmac_md5_hex("two two", ""), "0dbd319b03b14cc84cd2c2f518d525c6");
}

TEST(Hmac, V8TwoLineRequest) {
  std::string data =
      "/Local/onlyslave\t1795563508\tU:0:4.7000000000e-05:4.6000000000e-05:4.7000000000e-05:"
      "4.5700000000e-04\n"
      "/Local/localhost\t1795563508\tU:0:4.7000000000e-05:3.8000000000e-05:4.7000000000e-05:"
      "4.8000000000e-05";
  EXPECT_EQ(hmac_md5_hex(kSecret, data), "f45eaf9970ad3617844429bebe51fc2d");
}

TEST(Hmac, SignatureIsCaseSensitiveAndExact) {
  EXPECT_TRUE(signature_matches(kSecret, "", "e2c8955e76170a4a44c166aa47f2858f"));
  EXPECT_FALSE(signature_matches(kSecret, "", "E2C8955E76170A4A44C166AA47F2858F"));
  EXPECT_FALSE(signature_matches(kSecret, "", "e2c8955e76170a4a44c166aa47f2858"));
  EXPECT_FALSE(signature_matches(kSecret, "x", "e2c8955e76170a4a44c166aa47f2858f"));
}

}  // namespace

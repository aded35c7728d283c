// The signed protocol's canonical strings and signatures (docs/protocol-auth.md). The expected
// HMACs were computed independently with Python's hmac module over the bytes written here.
#include "smokeping/protocol/auth_signature.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "smokeping/protocol/hmac.hpp"

namespace smokeping::protocol {
namespace {

constexpr const char* kSecret = "s3cret-one";
constexpr const char* kNonce = "00112233445566778899aabbccddeeff";
constexpr std::int64_t kNow = 1795627740;
const std::string kData =
    "/Local/t2\t1795627740\tU:0:2.6000000000e-05:1.8000000000e-05:2.6000000000e-05:"
    "3.6000000000e-05";

SignedPostFields vector_a1() { return {"slave1", "2", "1795627740", kNonce, "1795627733", kData}; }

FormFields signed_form(const SignedPostFields& f, const std::string& key) {
  FormFields form;
  form.fields = {{"slave", std::string(f.slave)},
                 {"key", hmac_md5_hex(kSecret, f.data)},
                 {"protocol", std::string(f.protocol)},
                 {"data", std::string(f.data)},
                 {"config_time", std::string(f.config_time)},
                 {"auth_ts", std::string(f.auth_ts)},
                 {"auth_nonce", std::string(f.auth_nonce)},
                 {"auth_key", key}};
  return form;
}

void set(FormFields& form, const std::string& name, const std::string& value) {
  for (auto& [n, v] : form.fields)
    if (n == name) v = value;
}

TEST(AuthSignature, A1CanonicalPostIsLengthPrefixedFieldsInOrder) {
  EXPECT_EQ(canonical_post(vector_a1()),
            "21:smokeping-auth-post-1,6:slave1,1:2,10:1795627740,32:" + std::string(kNonce) +
                ",10:1795627733,92:" + kData + ",");
  EXPECT_EQ(sign_post(kSecret, vector_a1()),
            "6734f2554e40570dfeb3b8da6ac79a9821a274211bc4b3862e1af2529bf5c212");
}

TEST(AuthSignature, A2EmptyDataConfigRequest) {
  SignedPostFields f{"slave1", "2", "1795627740", kNonce, "0", ""};
  EXPECT_EQ(canonical_post(f), "21:smokeping-auth-post-1,6:slave1,1:2,10:1795627740,32:" +
                                   std::string(kNonce) + ",1:0,0:,");
  EXPECT_EQ(sign_post(kSecret, f),
            "89905fbf314c456c303909ad1d50bee616bc0e802bb8d8f0a2b10cecaa84a3b5");
}

TEST(AuthSignature, A3AnswerSignatureBindsSlaveNonceAndBody) {
  EXPECT_EQ(canonical_answer("slave1", kNonce, "OK\n"),
            "23:smokeping-auth-answer-1,6:slave1,32:" + std::string(kNonce) + ",3:OK\n,");
  EXPECT_EQ(sign_answer(kSecret, "slave1", kNonce, "OK\n"),
            "6f09abcaed2fc2e7089531d6644819bb8b11778bf249cedf585f1453e8a24bb3");
  EXPECT_NE(sign_answer(kSecret, "slave1", "ffeeddccbbaa99887766554433221100", "OK\n"),
            sign_answer(kSecret, "slave1", kNonce, "OK\n"));
}

TEST(AuthSignature, MovingBytesBetweenFieldsChangesTheCanonicalString) {
  SignedPostFields a{"slave1", "2", "1", kNonce, "12", "3"};
  SignedPostFields b{"slave1", "2", "1", kNonce, "1", "23"};
  EXPECT_NE(canonical_post(a), canonical_post(b));
}

TEST(AuthSignature, ConstantTimeEqualComparesWholeStrings) {
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "abcd"));
  EXPECT_TRUE(constant_time_equal("", ""));
}

TEST(AuthSignature, RandomHexIsFreshLowercaseHex) {
  std::string a = random_hex(kAuthNonceBytes), b = random_hex(kAuthNonceBytes);
  EXPECT_EQ(a.size(), 32u);
  EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(a, b);
}

TEST(AuthSignature, AValidPostPasses) {
  FormFields form = signed_form(vector_a1(), sign_post(kSecret, vector_a1()));
  ASSERT_TRUE(has_auth_fields(form));
  AuthCheck check = check_post_auth(form, kSecret, kNow);
  EXPECT_EQ(check.problem, AuthProblem::none) << check.detail;
  EXPECT_EQ(check.ts, kNow);
  EXPECT_EQ(check.nonce, kNonce);
}

TEST(AuthSignature, EveryBoundFieldChangedBreaksTheSignature) {
  const std::string key = sign_post(kSecret, vector_a1());
  for (const char* name : {"slave", "protocol", "data", "config_time", "auth_nonce"}) {
    FormFields form = signed_form(vector_a1(), key);
    set(form, name, name == std::string("auth_nonce") ? "ffeeddccbbaa99887766554433221100" : "1");
    EXPECT_EQ(check_post_auth(form, kSecret, kNow).problem, AuthProblem::bad_signature) << name;
  }
  FormFields form = signed_form(vector_a1(), key);
  set(form, "auth_ts", "1795627741");
  EXPECT_EQ(check_post_auth(form, kSecret, kNow).problem, AuthProblem::bad_signature);
  EXPECT_EQ(check_post_auth(signed_form(vector_a1(), key), "other", kNow).problem,
            AuthProblem::bad_signature);
}

TEST(AuthSignature, StaleAndFutureTimestampsAreRefusedAtTheWindowEdge) {
  FormFields form = signed_form(vector_a1(), sign_post(kSecret, vector_a1()));
  EXPECT_EQ(check_post_auth(form, kSecret, kNow + kAuthWindowSeconds).problem, AuthProblem::none);
  EXPECT_EQ(check_post_auth(form, kSecret, kNow + kAuthWindowSeconds + 1).problem,
            AuthProblem::stale);
  EXPECT_EQ(check_post_auth(form, kSecret, kNow - kAuthWindowSeconds).problem, AuthProblem::none);
  AuthCheck future = check_post_auth(form, kSecret, kNow - kAuthWindowSeconds - 1);
  EXPECT_EQ(future.problem, AuthProblem::future);
  EXPECT_NE(future.detail.find("301 s ahead"), std::string::npos) << future.detail;
}

TEST(AuthSignature, MissingAndMalformedFieldsAreRefused) {
  const std::string key = sign_post(kSecret, vector_a1());
  for (const char* name : {"auth_ts", "auth_nonce", "auth_key"}) {
    FormFields form = signed_form(vector_a1(), key);
    std::erase_if(form.fields, [&](const auto& f) { return f.first == name; });
    EXPECT_TRUE(has_auth_fields(form));
    EXPECT_EQ(check_post_auth(form, kSecret, kNow).problem, AuthProblem::missing_field) << name;
  }
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"auth_ts", ""},        {"auth_ts", "-5"},
      {"auth_ts", "17956x"},  {"auth_ts", " 1795627740"},
      {"auth_nonce", "0011"}, {"auth_nonce", std::string(32, 'A')},
      {"auth_key", "abc"},    {"auth_key", std::string(64, 'G')}};
  for (const auto& [name, value] : bad) {
    FormFields form = signed_form(vector_a1(), key);
    set(form, name, value);
    EXPECT_EQ(check_post_auth(form, kSecret, kNow).problem, AuthProblem::malformed_field)
        << name << "=" << value;
  }
}

TEST(AuthSignature, AProtocol2FormHasNoAuthFields) {
  FormFields form;
  form.fields = {{"slave", "slave1"}, {"key", "x"}, {"protocol", "2"}, {"data", ""}};
  EXPECT_FALSE(has_auth_fields(form));
}

}  // namespace
}  // namespace smokeping::protocol

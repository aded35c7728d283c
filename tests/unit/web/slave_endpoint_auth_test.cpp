// The signed protocol at the master (docs/protocol-auth.md): a signed post is stored and
// answered with an Auth-Key; every bad signed post, and an unsigned post of a pinned slave, is
// refused with a non-2xx status, logged, and leaves the data tree exactly as it was.
#include <fcntl.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <optional>

#include "smokeping/protocol/auth_signature.hpp"
#include "smokeping/protocol/hmac.hpp"
#include "smokeping/protocol/slave_cache.hpp"
#include "smokeping/web/app.hpp"
#include "smokeping/web/slave_endpoint.hpp"
#include "tests/support/temp_config.hpp"
#include "tests/unit/web/slave_endpoint_support.hpp"

namespace smokeping::web {
namespace {

using smokeping::test::TempConfig;
using test::multipart_body;
using test::post_request;
using test::slave_fields;

constexpr std::int64_t kNow = 1795627740;
constexpr std::time_t kConfigMtime = 1795627733;
constexpr const char* kSecret = "s3cret-one";
constexpr const char* kNonce = "00112233445566778899aabbccddeeff";

constexpr const char* kSlavesTargets = R"(*** Slaves ***
secrets = @ROOT@/secrets
+ slave1
display_name = slave1
color = 0000ff
*** Targets ***
probe = FPing
menu = Top
title = Top
+ Local
menu = Local
title = Local
slaves = slave1
++ t2
host = 127.0.0.2
)";

const std::string kT2 = "/Local/t2\t1795627740\tU:3:U:U:U:U";

// A post as our slave makes it: the five protocol-2 fields, then the three signed ones.
test::Fields signed_fields(const std::string& config_time, const std::string& nonce = kNonce,
                           std::int64_t ts = kNow, const std::string& data = kT2) {
  test::Fields fields = slave_fields("slave1", data, kSecret, config_time);
  const std::string ts_text = std::to_string(ts);
  fields.emplace_back("auth_ts", ts_text);
  fields.emplace_back("auth_nonce", nonce);
  fields.emplace_back(
      "auth_key", protocol::sign_post(kSecret, {"slave1", "2", ts_text, nonce, config_time, data}));
  return fields;
}

void set(test::Fields& fields, const std::string& name, const std::string& value) {
  for (auto& [n, v] : fields)
    if (n == name) v = value;
}

class SlaveEndpointAuthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    tc_.write("secrets", "slave1:s3cret-one\n");
    ::chmod(tc_.path("secrets").c_str(), 0600);
    config_ =
        tc_.write("config", tc_.general("") +
                                TempConfig::database("step = 10\npings = 3\n"
                                                     "AVERAGE 0.5 1 1008\n") +
                                tc_.presentation() + tc_.probes() + tc_.expand(kSlavesTargets));
    struct timespec times[2] = {{kConfigMtime, 0}, {kConfigMtime, 0}};
    ::utimensat(AT_FDCWD, config_.c_str(), times, 0);
  }

  Response post(const test::Fields& fields) {
    if (!app_) {
      AppOptions options;
      options.wall_clock = [] { return kNow; };
      app_.emplace(
          config_, log_.log(), [](const PageInput&) { return text_response(200, "page"); },
          options);
    }
    return app_->handle(post_request(multipart_body(fields)));
  }

  // Posts and checks that nothing under the temp dir changed.
  Response refused(const test::Fields& fields) {
    post(slave_fields("nobody", "", "x", "0"));  // loads the config before the snapshot
    auto before = test::tree_snapshot(tc_.root());
    Response r = post(fields);
    EXPECT_EQ(test::tree_snapshot(tc_.root()), before) << "a refused post changed files";
    EXPECT_GE(r.status, 400) << r.body;
    return r;
  }

  std::string cache() const {
    return protocol::slave_cache_file(tc_.path("data"), "/Local/t2", "slave1");
  }
  std::string pin() const { return tc_.path("data") + "/.replay/slave1"; }

  TempConfig tc_;
  std::string config_;
  test::LogLines log_;
  std::optional<App> app_;
};

TEST_F(SlaveEndpointAuthTest, ASignedPostIsStoredAndItsAnswerSigned) {
  Response r = post(signed_fields("1795627733"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "OK\n");
  EXPECT_EQ(r.header("Auth-Key"), protocol::sign_answer(kSecret, "slave1", kNonce, "OK\n"));
  EXPECT_TRUE(std::filesystem::exists(cache()));
  EXPECT_TRUE(std::filesystem::exists(pin()));
}

TEST_F(SlaveEndpointAuthTest, AConfigAnswerIsSignedOverItsBody) {
  Response r = post(signed_fields("0"));
  EXPECT_EQ(r.header("Content-Type"), "application/smokeping-config");
  EXPECT_EQ(r.header("Key"), protocol::hmac_md5_hex(kSecret, r.body));
  EXPECT_EQ(r.header("Auth-Key"), protocol::sign_answer(kSecret, "slave1", kNonce, r.body));
}

TEST_F(SlaveEndpointAuthTest, AnUnsignedPostGetsNoAuthKeyAndPinsNothing) {
  Response r = post(slave_fields("slave1", kT2, kSecret, "1795627733"));
  EXPECT_EQ(r.body, "OK\n");
  EXPECT_EQ(r.header("Auth-Key"), "");
  EXPECT_FALSE(std::filesystem::exists(tc_.path("data") + "/.replay"));
}

TEST_F(SlaveEndpointAuthTest, AReplayedPostIsRefusedAndLogged) {
  ASSERT_EQ(post(signed_fields("1795627733")).status, 200);
  Response r = refused(signed_fields("1795627733"));
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.header("Auth-Key"), "");
  EXPECT_TRUE(
      log_.any_contains("answer=auth_refused status=403 reason=signed post refused "
                        "(replayed)"))
      << log_.all();
}

TEST_F(SlaveEndpointAuthTest, AWrongAuthKeyIsRefused) {
  test::Fields fields = signed_fields("1795627733");
  set(fields, "auth_key",
      protocol::sign_post("other",
                          {"slave1", "2", std::to_string(kNow), kNonce, "1795627733", kT2}));
  EXPECT_EQ(refused(fields).status, 403);
  EXPECT_TRUE(log_.any_contains("(bad_signature)")) << log_.all();
  EXPECT_FALSE(std::filesystem::exists(pin()));
}

TEST_F(SlaveEndpointAuthTest, AChangedConfigTimeIsRefused) {
  test::Fields fields = signed_fields("1795627733");
  set(fields, "config_time", "0");  // would force a config download (§12 W1)
  EXPECT_EQ(refused(fields).status, 403);
  EXPECT_TRUE(log_.any_contains("(bad_signature)")) << log_.all();
}

TEST_F(SlaveEndpointAuthTest, StaleAndFutureTimestampsAreRefused) {
  EXPECT_EQ(refused(signed_fields("1795627733", kNonce, kNow - 301)).status, 403);
  EXPECT_TRUE(log_.any_contains("(stale): auth_ts is 301 s behind")) << log_.all();
  EXPECT_EQ(refused(signed_fields("1795627733", kNonce, kNow + 301)).status, 403);
  EXPECT_TRUE(log_.any_contains("(future): auth_ts is 301 s ahead")) << log_.all();
}

TEST_F(SlaveEndpointAuthTest, AnAuthKeyWithoutNonceIsRefused) {
  test::Fields fields = signed_fields("1795627733");
  std::erase_if(fields, [](const auto& f) { return f.first == "auth_nonce"; });
  EXPECT_EQ(refused(fields).status, 403);
  EXPECT_TRUE(log_.any_contains("(missing_field): no auth_nonce")) << log_.all();
}

TEST_F(SlaveEndpointAuthTest, AWrongProtocol2KeyIsStillRefusedFirst) {
  test::Fields fields = signed_fields("1795627733");
  set(fields, "key", protocol::hmac_md5_hex("other", kT2));
  EXPECT_EQ(refused(fields).status, 403);
  EXPECT_TRUE(log_.any_contains("answer=bad_key")) << log_.all();
}

TEST_F(SlaveEndpointAuthTest, AfterASignedPostAnUnsignedOneIsRefusedUntilThePinIsDeleted) {
  ASSERT_EQ(post(signed_fields("1795627733")).status, 200);
  Response r = refused(slave_fields("slave1", kT2, kSecret, "1795627733"));
  EXPECT_EQ(r.status, 403);
  EXPECT_TRUE(log_.any_contains("to accept protocol-2 posts from it again, delete " + pin()))
      << log_.all();
  std::filesystem::remove(pin());
  EXPECT_EQ(post(slave_fields("slave1", kT2, kSecret, "1795627733")).status, 200);
}

TEST_F(SlaveEndpointAuthTest, AnUnusableReplayStoreIsA503AndNothingStored) {
  tc_.write("data/.replay", "not a directory");
  Response r = refused(signed_fields("1795627733"));
  EXPECT_EQ(r.status, 503);
  EXPECT_TRUE(log_.any_contains("replay store unusable")) << log_.all();
}

TEST_F(SlaveEndpointAuthTest, AFullReplayStoreIsA503AndNothingStored) {
  // As many live nonces as the store keeps (its default bound), all within the window.
  std::string entries;
  for (int i = 0; i < 4096; ++i) entries += fmt::format("{} {:032x}\n", kNow, i + 1);
  tc_.write("data/.replay/slave1", entries);
  Response r = refused(signed_fields("1795627733"));
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.header("Auth-Key"), "");
  EXPECT_EQ(r.body,
            "WARNING: post of slave slave1 refused: too many signed posts, try again later\n");
  EXPECT_TRUE(
      log_.any_contains("answer=auth_refused status=503 reason=signed post refused: "
                        "replay store " +
                        pin() + " is full"))
      << log_.all();
}

TEST_F(SlaveEndpointAuthTest, AMissingDyndirIsCreatedForTheFirstSignedPost) {
  // The config is loaded while the directory exists (loading checks it), then it goes away.
  post(slave_fields("nobody", "", "x", "0"));
  std::filesystem::remove_all(tc_.path("data"));
  Response r = post(signed_fields("1795627733"));
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(std::filesystem::exists(pin()));
  EXPECT_TRUE(std::filesystem::exists(cache()));
}

TEST(SlaveEndpointAuth, AuthRefusalsHaveTheirOwnKind) {
  EXPECT_EQ(to_string(protocol::SlaveAnswerKind::auth_refused), "auth_refused");
}

}  // namespace
}  // namespace smokeping::web

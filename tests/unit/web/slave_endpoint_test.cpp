// The slave endpoint through App, with posts built as the Perl slave builds them: every answer
// of master-slave.md §3.2, our refusals, the lines stored in the `.slave_cache` files the
// daemon reads, and for every refused post a data tree left exactly as it was.
#include "smokeping/web/slave_endpoint.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <optional>

#include "smokeping/protocol/hmac.hpp"
#include "smokeping/protocol/slave_cache.hpp"
#include "smokeping/web/app.hpp"
#include "tests/support/shared_files.hpp"
#include "tests/support/temp_config.hpp"
#include "tests/unit/web/slave_endpoint_support.hpp"

namespace smokeping::web {
namespace {

using smokeping::test::TempConfig;
using test::multipart_body;
using test::post_request;
using test::slave_fields;

constexpr std::int64_t kNow = 1795627740;
constexpr const char* kSecrets =
    "slave1:s3cret-one\nslave2:s3cret-two\nslave3:s3cret-three\nslave4:s3cret-four\n";

// The capture's master (reference/protocol/logs/master-config.txt), step 10, pings 3, plus
// slave4, which has a section and a secret but no target.
constexpr const char* kSlavesTargets = R"(*** Slaves ***
secrets = @ROOT@/secrets
+ slave1
display_name = slave1
color = 0000ff
+ slave2
display_name = slave2
color = 00aa00
+ slave4
display_name = slave4
color = 00aaaa
*** Targets ***
probe = FPing
menu = Top
title = Top
+ Local
menu = Local
title = Local
slaves = slave1 slave2
++ t2
host = 127.0.0.2
++ t3
host = 127.0.0.3
++ t4
host = 127.0.0.4
slaves = slave2
+ Master
menu = Master
title = Master
++ m5
host = 127.0.0.5
)";

const std::string kT2 =
    "/Local/"
    "t2\t1795627740\tU:0:2.6000000000e-05:1.8000000000e-05:2.6000000000e-05:3.6000000000e-05";
const std::string kT3 =
    "/Local/"
    "t3\t1795627740\tU:0:2.7000000000e-05:2.3000000000e-05:2.7000000000e-05:5.4000000000e-05";

class SlaveEndpointTest : public ::testing::Test {
 protected:
  void SetUp() override { write_config(""); }

  void write_config(const std::string& general_extra) {
    tc_.write("secrets", kSecrets);
    ::chmod(tc_.path("secrets").c_str(), 0600);
    config_ =
        tc_.write("config", tc_.general(general_extra) +
                                TempConfig::database("step = 10\npings = 3\n"
                                                     "AVERAGE 0.5 1 1008\n") +
                                tc_.presentation() + tc_.probes() + tc_.expand(kSlavesTargets));
    // Older than any load, so that config_last is known and no reload is forced.
    struct timespec times[2] = {{kConfigMtime, 0}, {kConfigMtime, 0}};
    ::utimensat(AT_FDCWD, config_.c_str(), times, 0);
  }

  Response post(const test::Fields& fields) { return handle(post_request(multipart_body(fields))); }

  Response handle(const Request& request) {
    if (!app_) {
      AppOptions options;
      options.wall_clock = [] { return kNow; };
      options.slave = endpoint_options_;
      app_.emplace(
          config_, log_.log(), [](const PageInput&) { return text_response(200, "page"); },
          options);
    }
    return app_->handle(request);
  }

  std::string cache_file(const std::string& target, const std::string& slave,
                         const std::string& dir = {}) const {
    return protocol::slave_cache_file(dir.empty() ? tc_.path("data") : dir, target, slave);
  }

  std::vector<protocol::SlaveCacheEntry> cache_entries(const std::string& file) const {
    auto bytes = smokeping::test::read_file(file);
    if (!bytes) return {};
    protocol::DecodedCache decoded = protocol::decode_slave_cache(*bytes);
    EXPECT_TRUE(decoded.ok) << decoded.error;
    return decoded.entries;
  }

  // Sends `request` and checks that nothing under the temp dir changed.
  Response refused(const Request& request) {
    handle(test::get_request("target=warm-up"));  // the config is loaded before the snapshot
    auto before = test::tree_snapshot(tc_.root());
    Response r = handle(request);
    EXPECT_EQ(test::tree_snapshot(tc_.root()), before) << "a refused post changed files";
    return r;
  }
  Response refused(const test::Fields& fields) {
    return refused(post_request(multipart_body(fields)));
  }

  static constexpr std::time_t kConfigMtime = 1795627733;
  TempConfig tc_;
  std::string config_;
  test::LogLines log_;
  SlaveEndpointOptions endpoint_options_;
  std::optional<App> app_;
};

// ---- §3.2, case by case ----

TEST_F(SlaveEndpointTest, Case1SecretsFileMissingIs500) {
  handle(test::get_request(""));  // loaded while the file is there (the config checks it)
  std::filesystem::remove(tc_.path("secrets"));
  Response r = refused(slave_fields("slave1", kT2, "s3cret-one", "1795627733"));
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body, "WARNING: Opening secrets file " + tc_.path("secrets") +
                        ": No such file or directory\n");
  EXPECT_TRUE(log_.any_contains("answer=secrets_unusable status=500 reason=Opening secrets file"))
      << log_.all();
}

TEST_F(SlaveEndpointTest, Case1SecretsFileReadableByOthersIs500AndLogged) {
  for (mode_t mode : {0640, 0644, 0604, 0620}) {
    handle(test::get_request(""));  // the config (which refuses world bits) loads at 0600
    ::chmod(tc_.path("secrets").c_str(), mode);
    Response r = refused(slave_fields("slave1", kT2, "s3cret-one", "1795627733"));
    EXPECT_EQ(r.status, 500) << std::oct << mode;
    EXPECT_EQ(r.header("Content-Type"), "text/plain");
    EXPECT_NE(r.body.find("is readable or writable by group or others"), std::string::npos)
        << r.body;
    EXPECT_NE(log_.lines.back().find("readable or writable by group or others"), std::string::npos)
        << log_.lines.back();
    EXPECT_FALSE(log_.any_contains("s3cret")) << "the file's content is never logged";
    ::chmod(tc_.path("secrets").c_str(), 0600);
  }
}

TEST_F(SlaveEndpointTest, Case1SecretsFileOfAnotherOwnerIs500AndLogged) {
  endpoint_options_.secrets_owner = ::geteuid() + 1;
  Response r = refused(slave_fields("slave1", kT2, "s3cret-one", "1795627733"));
  EXPECT_EQ(r.status, 500);
  EXPECT_NE(r.body.find("is owned by uid"), std::string::npos) << r.body;
  EXPECT_TRUE(log_.any_contains("answer=secrets_unusable")) << log_.all();
  EXPECT_TRUE(log_.any_contains("is owned by uid")) << log_.all();
}

TEST_F(SlaveEndpointTest, Case2UnknownToTheSecretsFileIs403) {
  Response r = refused(slave_fields("slave9", kT2, "s3cret-nine", "0"));
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.body, "WARNING: No secret found for slave slave9\n");
  EXPECT_TRUE(log_.any_contains("answer=no_secret status=403 reason=no secret")) << log_.all();
}

TEST_F(SlaveEndpointTest, Case3WrongProtocolIsAWarning) {
  Response r = refused(slave_fields("slave1", kT2, "s3cret-one", "0", "1"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body,
            "WARNING: I expected protocol 2 and got 1 from slave slave1. I will skip this.\n");
  EXPECT_TRUE(log_.any_contains("answer=wrong_protocol")) << log_.all();
}

TEST_F(SlaveEndpointTest, Case4SecretButNoSlavesSectionIs403) {
  Response r = refused(slave_fields("slave3", kT2, "s3cret-three", "0"));
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.body, "WARNING: I don't know the slave slave3 ignoring it");
  EXPECT_TRUE(log_.any_contains("answer=unknown_slave")) << log_.all();
}

TEST_F(SlaveEndpointTest, Case5WrongKeyIs403AndNeitherSecretNorExpectedKeyIsLogged) {
  test::Fields fields = slave_fields("slave1", kT2, "not-the-secret", "1795627733");
  Response r = refused(fields);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.body, "WARNING: Data from slave1 was signed with " +
                        protocol::hmac_md5_hex("not-the-secret", kT2) +
                        " which does not match our expectation\n");
  EXPECT_TRUE(log_.any_contains("answer=bad_key status=403 reason=key does not match"))
      << log_.all();
  EXPECT_FALSE(log_.any_contains("s3cret-one")) << log_.all();
  EXPECT_FALSE(log_.any_contains(protocol::hmac_md5_hex("s3cret-one", kT2))) << log_.all();
  for (const auto& line : log_.lines) {
    if (line.find("slave post") != std::string::npos) {
      EXPECT_NE(line.find("smokeping.cgi [client 127.0.0.9]: slave post slave=slave1 "
                          "client=127.0.0.9 posted=0 stored=0 refused=0 answer=bad_key"),
                std::string::npos)
          << line;
    }
  }
}

TEST_F(SlaveEndpointTest, Case7NewerConfigIsSentSignedAndTheDataStored) {
  Response r = post(slave_fields("slave1", kT2 + "\n" + kT3, "s3cret-one", "0"));
  EXPECT_EQ(r.status, 200);
  ASSERT_EQ(r.headers.size(), 3u);
  EXPECT_EQ(r.headers[0],
            (std::pair<std::string, std::string>{"Content-Type", "application/smokeping-config"}));
  EXPECT_EQ(r.headers[1], (std::pair<std::string, std::string>{"Protocol", "2"}));
  EXPECT_EQ(r.headers[2].first, "Key");
  EXPECT_EQ(r.headers[2].second, protocol::hmac_md5_hex("s3cret-one", r.body));
  EXPECT_EQ(r.body.rfind("$VAR1 = {", 0), 0u) << r.body.substr(0, 200);
  EXPECT_NE(r.body.find("'__last' => " + std::to_string(kConfigMtime)), std::string::npos);
  EXPECT_NE(r.body.find("127.0.0.2"), std::string::npos);
  EXPECT_EQ(r.body.find("127.0.0.4"), std::string::npos) << "t4 is slave2's only";
  EXPECT_EQ(cache_entries(cache_file("/Local/t2", "slave1")).size(), 1u);
  EXPECT_EQ(cache_entries(cache_file("/Local/t3", "slave1")).size(), 1u);
  EXPECT_TRUE(log_.any_contains("posted=2 stored=2 refused=0 answer=new_config status=200"))
      << log_.all();
}

TEST_F(SlaveEndpointTest, Case8NoTargetsForTheSlave) {
  Response r = refused(slave_fields("slave4", "", "s3cret-four", "0"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("Content-Type"), "text/plain");
  EXPECT_EQ(r.body, "WARNING: No targets found for slave 'slave4'\n");
}

TEST_F(SlaveEndpointTest, Case9ValidPostIsStoredInTheSlaveCache) {
  Response r = post(slave_fields("slave1", kT2 + "\n" + kT3, "s3cret-one", "1795627733"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.headers,
            (std::vector<std::pair<std::string, std::string>>{{"Content-Type", "text/plain"}}));
  EXPECT_EQ(r.body, "OK\n");
  using Entry = protocol::SlaveCacheEntry;
  EXPECT_EQ(cache_entries(cache_file("/Local/t2", "slave1")),
            (std::vector<Entry>{{"slave1", "1795627740",
                                 "U:0:2.6000000000e-05:1.8000000000e-05:2.6000000000e-05:"
                                 "3.6000000000e-05"}}));
  EXPECT_EQ(cache_entries(cache_file("/Local/t3", "slave1")),
            (std::vector<Entry>{{"slave1", "1795627740",
                                 "U:0:2.7000000000e-05:2.3000000000e-05:2.7000000000e-05:"
                                 "5.4000000000e-05"}}));
  EXPECT_TRUE(
      log_.any_contains("[client 127.0.0.9]: slave post slave=slave1 client=127.0.0.9 "
                        "posted=2 stored=2 refused=0 answer=ok status=200\n"))
      << log_.all();

  // A second post appends.
  post(slave_fields("slave1", "/Local/t2\t1795627750\tU:3:U:U:U:U", "s3cret-one", "1795627733"));
  EXPECT_EQ(cache_entries(cache_file("/Local/t2", "slave1")).size(), 2u);
}

TEST_F(SlaveEndpointTest, DyndirHoldsTheCacheWhenSet) {
  std::filesystem::create_directories(tc_.path("dyn"));
  write_config("dyndir = " + tc_.path("dyn") + "\n");
  post(slave_fields("slave1", kT2, "s3cret-one", "1795627733"));
  EXPECT_EQ(cache_entries(cache_file("/Local/t2", "slave1", tc_.path("dyn"))).size(), 1u);
  EXPECT_FALSE(std::filesystem::exists(cache_file("/Local/t2", "slave1")));
}

TEST_F(SlaveEndpointTest, CapturedPostOfThePerlSlaveIsStored) {
  auto raw = smokeping::test::read_file(smokeping::test::shared_dir() +
                                        "/reference/protocol/02-data-ok.request.txt");
  if (!raw) GTEST_SKIP() << "shared/reference/protocol is not there";
  std::size_t head_end = raw->find("\r\n\r\n");
  ASSERT_NE(head_end, std::string::npos);
  Response r = handle(post_request(raw->substr(head_end + 4)));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "OK\n");
  EXPECT_EQ(cache_entries(cache_file("/Local/t2", "slave1")).size(), 1u);
  EXPECT_EQ(cache_entries(cache_file("/Local/t3", "slave1")).size(), 1u);
}

// ---- refused lines and requests: nothing changes ----

TEST_F(SlaveEndpointTest, TargetNotAssignedIsRefusedAndLogged) {
  Response r = refused(
      slave_fields("slave1", "/Local/t4\t1795627740\tU:3:U:U:U:U", "s3cret-one", "1795627733"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body,
            "WARNING: Refused 1 of 1 lines from slave slave1; nothing was stored:\n"
            "line 1: /Local/t4: target is not assigned to this slave\n");
  EXPECT_TRUE(log_.any_contains("posted=1 stored=0 refused=1 answer=ok status=200 reason="))
      << log_.all();
  EXPECT_TRUE(
      log_.any_contains("slave line refused slave=slave1 line=1 path=/Local/t4 "
                        "problem=not_assigned reason=target is not assigned"))
      << log_.all();
}

TEST_F(SlaveEndpointTest, DotDotPathIsRefused) {
  Response r = refused(slave_fields("slave1", "/Local/../../../etc/x\t1795627740\tU:3:U:U:U:U",
                                    "s3cret-one", "1795627733"));
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("path has a '..' component"), std::string::npos) << r.body;
  EXPECT_TRUE(log_.any_contains("problem=dot_path")) << log_.all();
  EXPECT_FALSE(std::filesystem::exists(tc_.path("etc/x.slave1.slave_cache")));
}

TEST_F(SlaveEndpointTest, TimeMoreThanAMinuteAheadIsRefused) {
  Response r = refused(
      slave_fields("slave1", "/Local/t2\t1795627801\tU:3:U:U:U:U", "s3cret-one", "1795627733"));
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("time 1795627801 is 61 s ahead of the master's clock"), std::string::npos)
      << r.body;
  EXPECT_TRUE(log_.any_contains("problem=future_time")) << log_.all();

  // 60 s ahead is still accepted.
  post(slave_fields("slave1", "/Local/t2\t1795627800\tU:3:U:U:U:U", "s3cret-one", "1795627733"));
  EXPECT_EQ(cache_entries(cache_file("/Local/t2", "slave1")).size(), 1u);
}

TEST_F(SlaveEndpointTest, OversizedBodyIs413) {
  Request request = post_request(multipart_body(slave_fields("slave1", kT2, "s3cret-one", "0")));
  request.env["CONTENT_LENGTH"] = std::to_string(kMaxBodyBytes + 1);
  request.body_truncated = true;
  Response r = refused(request);
  EXPECT_EQ(r.status, 413);
  EXPECT_TRUE(log_.any_contains("request refused status=413")) << log_.all();
}

TEST_F(SlaveEndpointTest, MalformedMultipartIs400) {
  std::string body = multipart_body(slave_fields("slave1", kT2, "s3cret-one", "0"));
  body.resize(body.size() - 12);  // the closing boundary is cut off
  Response r = refused(post_request(body));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body.rfind("WARNING: malformed request: ", 0), 0u) << r.body;
}

TEST_F(SlaveEndpointTest, CacheThatCannotBeWrittenIs503SoTheSlaveKeepsItsData) {
  tc_.write("data/Local", "a file where the directory must be\n");
  Response r = post(slave_fields("slave1", kT2, "s3cret-one", "1795627733"));
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.body, "WARNING: Could not store the data of slave slave1; send them again later\n");
  EXPECT_TRUE(log_.any_contains("slave cache write failed slave=slave1 file=")) << log_.all();
  EXPECT_TRUE(log_.any_contains("posted=1 stored=0 refused=0 answer=store_failed status=503"))
      << log_.all();
}

TEST_F(SlaveEndpointTest, AnswerKindsHaveNames) {
  EXPECT_EQ(to_string(protocol::SlaveAnswerKind::bad_key), "bad_key");
  EXPECT_EQ(to_string(protocol::SlaveAnswerKind::store_failed), "store_failed");
  protocol::SlaveAnswer a;
  a.status = 200;
  a.content_type = "application/smokeping-config";
  a.headers = {{"Protocol", "2"}, {"Key", "abc"}};
  a.body = "x";
  Response r = to_response(a);
  EXPECT_EQ(cgi_response_bytes(r),
            "Status: 200 OK\r\nContent-Type: application/smokeping-config\r\nProtocol: 2\r\n"
            "Key: abc\r\n\r\nx");
}

}  // namespace
}  // namespace smokeping::web

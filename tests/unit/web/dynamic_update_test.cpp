// The DYNAMIC address update (web-and-rrd.md §2.2 item 2): who may update which node, what is
// written below dyndir, and that every refusal writes nothing and never logs the secret.
#include "smokeping/web/dynamic_update.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "smokeping/web/app.hpp"
#include "tests/support/fake_snmp_agent.hpp"
#include "tests/support/temp_config.hpp"
#include "tests/unit/web/slave_endpoint_support.hpp"

namespace smokeping::web {
namespace {

using smokeping::test::TempConfig;

// Computed independently with: perl -MDigest::MD5=md5_base64 -e 'print md5_base64("s3cret")'
constexpr const char* kSecret = "s3cret";
constexpr const char* kSecretDigest = "M+GyMqTm+gAopmcHU3SaFw";
constexpr const char* kNotFound = "<p>Updating DYNAMIC address failed: ";

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

class DynamicUpdateTest : public ::testing::Test {
 protected:
  DynamicUpdateTest() {
    std::filesystem::create_directories(tc_.path("dyn"));
    config_path_ =
        tc_.write("etc/config",
                  tc_.config_with("dyndir = " + tc_.path("dyn") + "\n", "",
                                  TempConfig::targets_top() +
                                      "+ Dyn\nmenu = Dyn\ntitle = Dyn\n"
                                      "++ home\nmenu = home\ntitle = home\nhost = DYNAMIC/" +
                                      kSecretDigest +
                                      "\n"
                                      "++ bare\nmenu = bare\ntitle = bare\nhost = DYNAMIC\n"
                                      "++ fixed\nmenu = fixed\ntitle = fixed\nhost = 127.0.0.2\n"));
    config_ = smokeping::test::load(config_path_);
  }

  // An update from `address`, whose SNMP agent is `agent` (by default one that never answers).
  Response update(std::string_view target, std::string_view secret,
                  std::string_view address = "127.0.0.9",
                  const smokeping::test::FakeAgent* agent = nullptr) {
    auto log = log_.log().for_client(address);
    return answer_dynamic_update(
        {*config_, target, secret, address, (agent ? agent : &silent_)->port(),
         std::chrono::milliseconds(agent ? 2000 : 20)},
        *log);
  }

  std::string adr() const { return tc_.path("dyn/Dyn/home.adr"); }

  // Refused with `error`, 404, and nothing below dyndir changed.
  void expect_refused(std::string_view target, std::string_view secret, const std::string& error,
                      std::string_view address = "127.0.0.9") {
    const auto before = test::tree_snapshot(tc_.path("dyn"));
    Response r = update(target, secret, address);
    EXPECT_EQ(r.status, 404) << target;
    EXPECT_EQ(r.header("Content-Type"), "text/html; charset=ISO-8859-1");
    EXPECT_EQ(r.body, kNotFound + error + "</p>\n") << target;
    EXPECT_EQ(test::tree_snapshot(tc_.path("dyn")), before) << target;
    EXPECT_TRUE(log_.any_contains("Updating DYNAMIC address failed: " + error)) << log_.all();
    EXPECT_FALSE(log_.any_contains(std::string(secret))) << "the secret is never logged";
  }

  TempConfig tc_;
  std::string config_path_;
  std::shared_ptr<const config::Config> config_;
  test::LogLines log_;
  smokeping::test::FakeAgent silent_{[](const std::string&) { return std::string(); }};
};

TEST_F(DynamicUpdateTest, RightSecretRecordsTheClientAddress) {
  Response r = update("Dyn.home", kSecret);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("Content-Type"), "text/html; charset=ISO-8859-1");
  EXPECT_EQ(r.body, "");
  EXPECT_EQ(read_file(adr()), "127.0.0.9\n");
  EXPECT_FALSE(std::filesystem::exists(adr() + ".new"));
  EXPECT_TRUE(log_.any_contains("DYNAMIC address updated target=Dyn/home address=127.0.0.9"))
      << log_.all();
  EXPECT_FALSE(log_.any_contains(kSecret));
}

TEST_F(DynamicUpdateTest, MissingDirectoriesAreMadeWithMode0755) {
  ASSERT_FALSE(std::filesystem::exists(tc_.path("dyn/Dyn")));
  ASSERT_EQ(update("Dyn.home", kSecret).status, 200);
  struct stat st {};
  ASSERT_EQ(::stat(tc_.path("dyn/Dyn").c_str(), &st), 0);
  EXPECT_TRUE(S_ISDIR(st.st_mode));
  EXPECT_EQ(
      st.st_mode & 07777, 0755u & ~[] {
        mode_t old = ::umask(0);
        ::umask(old);
        return old;
      }());
}

TEST_F(DynamicUpdateTest, SameAddressLeavesTheFileAlone) {
  ASSERT_EQ(update("Dyn.home", kSecret).status, 200);
  struct stat first {};
  ASSERT_EQ(::stat(adr().c_str(), &first), 0);
  // An mtime far in the past shows whether the file is written again.
  struct timespec old_times[2] = {{1000000000, 0}, {1000000000, 0}};
  ASSERT_EQ(::utimensat(AT_FDCWD, adr().c_str(), old_times, 0), 0);
  ASSERT_EQ(update("Dyn.home", kSecret).status, 200);
  struct stat second {};
  ASSERT_EQ(::stat(adr().c_str(), &second), 0);
  EXPECT_EQ(second.st_mtime, 1000000000) << "the uptime counts from the last change";
  EXPECT_EQ(second.st_ino, first.st_ino);
  EXPECT_TRUE(log_.any_contains("changed=no")) << log_.all();
}

TEST_F(DynamicUpdateTest, NewAddressReplacesTheOldOne) {
  ASSERT_EQ(update("Dyn.home", kSecret, "127.0.0.9").status, 200);
  ASSERT_EQ(update("Dyn.home", kSecret, "::1").status, 200);
  EXPECT_EQ(read_file(adr()), "::1\n");
  EXPECT_TRUE(log_.any_contains("changed=yes")) << log_.all();
}

TEST_F(DynamicUpdateTest, TrailingDotsAreIgnoredAsPerlSplitDoes) {
  EXPECT_EQ(update("Dyn.home..", kSecret).status, 200);
  EXPECT_EQ(read_file(adr()), "127.0.0.9\n");
}

TEST_F(DynamicUpdateTest, AStaleSnmpAnswerIsRemoved) {
  std::filesystem::create_directories(tc_.path("dyn/Dyn"));
  tc_.write("dyn/Dyn/home.snmp", "root@x/host/cellar\n");
  ASSERT_EQ(update("Dyn.home", kSecret).status, 200);
  EXPECT_FALSE(std::filesystem::exists(tc_.path("dyn/Dyn/home.snmp")));
}

TEST_F(DynamicUpdateTest, TheHostsSnmpIdentityIsKept) {
  smokeping::test::FakeAgent agent([](const std::string& request) {
    return smokeping::test::response(
        smokeping::test::request_id_of(request),
        smokeping::test::ident_bindings("ops@example", "gw 1", "rack 7"));
  });
  ASSERT_EQ(update("Dyn.home", kSecret, "127.0.0.1", &agent).status, 200);
  EXPECT_EQ(read_file(tc_.path("dyn/Dyn/home.snmp")), "ops@example/gw1/rack7\n");
  EXPECT_EQ(read_file(adr()), "127.0.0.1\n");
  EXPECT_TRUE(log_.any_contains("snmp=yes")) << log_.all();
  // The next update without an answer forgets it.
  ASSERT_EQ(update("Dyn.home", kSecret, "127.0.0.1").status, 200);
  EXPECT_FALSE(std::filesystem::exists(tc_.path("dyn/Dyn/home.snmp")));
}

TEST_F(DynamicUpdateTest, WrongSecretIsRefused) {
  expect_refused("Dyn.home", "wrong", "Error: Invalid target or secret");
  // The digest itself is not the secret.
  expect_refused("Dyn.home", kSecretDigest, "Error: Invalid target or secret");
}

TEST_F(DynamicUpdateTest, NodesThatAreNotDynamicWithASecretAreRefused) {
  expect_refused("Dyn", kSecret, "Error: Invalid target or secret");
  expect_refused("Dyn.fixed", kSecret, "Error: Invalid target or secret");
  expect_refused("Dyn.bare", kSecret, "Error: Invalid target or secret");
  expect_refused("...", kSecret, "Error: Invalid target or secret");
}

TEST_F(DynamicUpdateTest, UnknownComponentIsNamed) {
  expect_refused("Dyn.nosuch", kSecret, "Error: Unknown target nosuch");
  expect_refused("Nosuch.home", kSecret, "Error: Unknown target Nosuch");
}

TEST_F(DynamicUpdateTest, BadCharactersInAComponentAreReplacedBeforeTheCheck) {
  expect_refused("Dyn.<b>", kSecret, "Error: Unknown target _b_");
  expect_refused("Dyn.h%o&m'e\";", kSecret, "Error: Unknown target h_o_m_e__");
}

TEST_F(DynamicUpdateTest, PathTricksNameNoNode) {
  expect_refused("Dyn..home", kSecret, "Error: Unknown target ");
  expect_refused(".Dyn.home", kSecret, "Error: Unknown target ");
  expect_refused("Dyn/home", kSecret, "Error: Unknown target Dyn/home");
  expect_refused("../../etc/passwd", kSecret, "Error: Unknown target ");
  expect_refused("Dyn.home~slave", kSecret, "Error: Unknown target home~slave");
  expect_refused("~root.home", kSecret, "Error: Unknown target ~root");
  expect_refused("Dyn.home/../../x", kSecret, "Error: Unknown target home/");
}

TEST_F(DynamicUpdateTest, AClientAddressThatIsNoAddressIsRefused) {
  const std::string error = "Error: client address is not an IP address: ";
  expect_refused("Dyn.home", kSecret, error, "");
  expect_refused("Dyn.home", kSecret, error + "host.example", "host.example");
  expect_refused("Dyn.home", kSecret, error + "-f/etc/x", "-f/etc/x");
  expect_refused("Dyn.home", kSecret, error + "127.0.0.1 x", "127.0.0.1 x");
}

TEST_F(DynamicUpdateTest, AFileThatCannotBeWrittenIsAClearRefusal) {
  tc_.write("dyn/Dyn", "a file where the directory should be\n");
  const auto before = test::tree_snapshot(tc_.path("dyn"));
  Response r = update("Dyn.home", kSecret);
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(r.body.find("Error writing " + tc_.path("dyn/Dyn/home.adr.new") + ": "),
            std::string::npos)
      << r.body;
  EXPECT_EQ(test::tree_snapshot(tc_.path("dyn")), before);
}

TEST_F(DynamicUpdateTest, OnlyPerlTrueFieldsMakeAnUpdate) {
  auto form = [](std::string secret, std::string target) {
    protocol::FormFields f;
    f.fields = {{"secret", std::move(secret)}, {"target", std::move(target)}};
    return f;
  };
  EXPECT_TRUE(is_dynamic_update(form("x", "Dyn.home")));
  EXPECT_FALSE(is_dynamic_update(form("0", "Dyn.home")));
  EXPECT_FALSE(is_dynamic_update(form("", "Dyn.home")));
  EXPECT_FALSE(is_dynamic_update(form("x", "0")));
  EXPECT_FALSE(is_dynamic_update(protocol::FormFields{{{"target", "Dyn.home"}}}));
}

TEST_F(DynamicUpdateTest, TheCgiSendsSecretAndTargetHere) {
  int pages = 0;
  AppOptions options;
  options.wall_clock = [] { return std::int64_t{1795627740}; };
  App app(
      config_path_, log_.log(),
      [&](const PageInput&) {
        ++pages;
        return text_response(200, "page\n");
      },
      options);
  Response r = app.handle(test::get_request(std::string("target=Dyn.home;secret=") + kSecret));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(read_file(adr()), "127.0.0.9\n");
  r = app.handle(
      test::post_request("target=Dyn.home&secret=nope", "application/x-www-form-urlencoded"));
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(pages, 0);
  app.handle(test::get_request("target=Dyn.home;secret=0"));
  EXPECT_EQ(pages, 1) << "a Perl-false secret is a page request";
}

}  // namespace
}  // namespace smokeping::web

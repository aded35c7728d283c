// The master's answer to a slave (master-slave.md §3.2): every case with the original's exact
// body, our stricter statuses, each bad input with nothing stored, and the captured exchanges
// of SmokePing 2.7.3 answered as the original answered them.
#include "smokeping/protocol/submission.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/time.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <regex>
#include <string>

#include "smokeping/protocol/hmac.hpp"
#include "smokeping/protocol/slave_cache.hpp"
#include "tests/support/temp_config.hpp"

namespace smokeping::protocol {
namespace {

using test::TempConfig;
using Kind = SlaveAnswerKind;
using Headers = std::vector<std::pair<std::string, std::string>>;

constexpr std::int64_t kLast = 1795627733;  // the master config's mtime
constexpr std::int64_t kNow = 1795627740;
constexpr const char* kSecrets = "slave1:s3cret-one\nslave2:s3cret-two\nslave3:s3cret-three\n";

// The capture's master (reference/protocol/logs/master-config.txt) plus the traps: a target
// for `slave1-b` (W10), a multi-host graph, and a target whose name contains "OK".
constexpr const char* kSlavesTargets = R"(*** Slaves ***
secrets = @ROOT@/secrets
+ slave1
display_name = slave1
color = 0000ff
+ slave2
display_name = slave2
color = 00aa00
+ slave1-b
display_name = slave1-b
color = 0000aa
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
++ t6
host = 127.0.0.6
slaves = slave1-b
++ TOKYO
host = 127.0.0.7
slaves = slave2
++ both
host = /Local/t2 /Local/t3
+ Master
menu = Master
title = Master
++ m5
host = 127.0.0.5
)";

class SubmissionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string text = tc_.general() +
                       TempConfig::database("step = 10\npings = 3\nAVERAGE 0.5 1 1008\n") +
                       tc_.presentation() + tc_.probes() + tc_.expand(kSlavesTargets);
    config_ = test::load(tc_.write("config", text));
  }

  // A post as the Perl slave makes it, signed with `secret`.
  static FormFields post(std::string slave, std::string data, std::string secret,
                         std::string config_time = std::to_string(kLast),
                         std::string protocol = "2") {
    std::string key = hmac_md5_hex(secret, data);
    return FormFields{{{"slave", std::move(slave)},
                       {"key", std::move(key)},
                       {"protocol", std::move(protocol)},
                       {"data", std::move(data)},
                       {"config_time", std::move(config_time)}}};
  }

  SlaveAnswer answer(const FormFields& form, const MasterSecrets& secrets,
                     std::optional<std::string> config_text = "$VAR1 = {};\n") {
    AnswerContext context{*config_, secrets, kLast, kNow, 60, {}};
    context.slave_config = [config_text](const config::Config&, const std::string&,
                                         std::int64_t last) -> std::optional<std::string> {
      EXPECT_EQ(last, kLast);
      return config_text;
    };
    return answer_slave(form, context);
  }

  SlaveAnswer answer(const FormFields& form) {
    return answer(form, MasterSecrets::from_text("/etc/smokeping/secrets", kSecrets));
  }

  TempConfig tc_;
  std::shared_ptr<const config::Config> config_;
};

const std::string kT2 =
    "/Local/"
    "t2\t1795627740\tU:0:2.6000000000e-05:1.8000000000e-05:2.6000000000e-05:3.6000000000e-05";
const std::string kT3 =
    "/Local/"
    "t3\t1795627740\tU:0:2.7000000000e-05:2.3000000000e-05:2.7000000000e-05:5.4000000000e-05";

// ---- §3.2, case by case, with the original's exact bodies ----

TEST_F(SubmissionTest, EveryCaseOfTheCheckOrder) {
  struct Case {
    const char* name;
    FormFields form;
    Kind kind;
    int status;
    std::string body;
    std::size_t stored;
  };
  FormFields no_protocol = post("slave1", kT2, "s3cret-one");
  no_protocol.fields.erase(no_protocol.fields.begin() + 2);
  FormFields no_key = post("slave1", kT2, "s3cret-one");
  no_key.fields.erase(no_key.fields.begin() + 1);
  FormFields signed_other = post("slave1", kT2, "s3cret-one");
  signed_other.fields[1].second = hmac_md5_hex("s3cret-one", kT3);
  const Case cases[] = {
      {"#2 no secret", post("slave9", "", "s3cret-nine"), Kind::no_secret, 403,
       "WARNING: No secret found for slave slave9\n", 0},
      {"#2 wins over #3", post("slave9", "", "x", "0", "1"), Kind::no_secret, 403,
       "WARNING: No secret found for slave slave9\n", 0},
      {"#3 protocol 1", post("slave1", kT2, "s3cret-one", "0", "1"), Kind::wrong_protocol, 200,
       "WARNING: I expected protocol 2 and got 1 from slave slave1. I will skip this.\n", 0},
      {"#3 protocol 0 shows as ?", post("slave1", kT2, "s3cret-one", "0", "0"),
       Kind::wrong_protocol, 200,
       "WARNING: I expected protocol 2 and got ? from slave slave1. I will skip this.\n", 0},
      {"#3 protocol missing", no_protocol, Kind::wrong_protocol, 200,
       "WARNING: I expected protocol 2 and got ? from slave slave1. I will skip this.\n", 0},
      {"#3 wins over #4", post("slave3", "", "s3cret-three", "0", "3"), Kind::wrong_protocol, 200,
       "WARNING: I expected protocol 2 and got 3 from slave slave3. I will skip this.\n", 0},
      {"#4 unknown slave, no LF", post("slave3", "", "s3cret-three"), Kind::unknown_slave, 403,
       "WARNING: I don't know the slave slave3 ignoring it", 0},
      {"#4 wins over #5", post("slave3", "", "wrong"), Kind::unknown_slave, 403,
       "WARNING: I don't know the slave slave3 ignoring it", 0},
      {"#5 wrong key", post("slave1", kT2, "wrong"), Kind::bad_key, 403,
       "WARNING: Data from slave1 was signed with " + hmac_md5_hex("wrong", kT2) +
           " which does not match our expectation\n",
       0},
      {"#5 key missing", no_key, Kind::bad_key, 403,
       "WARNING: Data from slave1 was signed with  which does not match our expectation\n", 0},
      {"#5 key of other data", signed_other, Kind::bad_key, 403,
       "WARNING: Data from slave1 was signed with " + hmac_md5_hex("s3cret-one", kT3) +
           " which does not match our expectation\n",
       0},
      {"#9 ok", post("slave1", kT2 + "\n" + kT3, "s3cret-one"), Kind::ok, 200, "OK\n", 2},
      {"#9 empty data", post("slave1", "", "s3cret-one"), Kind::ok, 200, "OK\n", 0},
      {"#9 config_time newer", post("slave1", kT2, "s3cret-one", "1795627800"), Kind::ok, 200,
       "OK\n", 1},
      {"#9 config_time NaN", post("slave1", kT2, "s3cret-one", "NaN"), Kind::ok, 200, "OK\n", 1},
      {"#9 config_time 1e10", post("slave1", kT2, "s3cret-one", "1e10"), Kind::ok, 200, "OK\n", 1},
  };
  for (const Case& c : cases) {
    SlaveAnswer a = answer(c.form);
    EXPECT_EQ(a.kind, c.kind) << c.name;
    EXPECT_EQ(a.status, c.status) << c.name;
    EXPECT_EQ(a.content_type, "text/plain") << c.name;
    EXPECT_TRUE(a.headers.empty()) << c.name;
    EXPECT_EQ(a.body, c.body) << c.name;
    EXPECT_EQ(a.lines_to_store.size(), c.stored) << c.name;
  }
}

TEST_F(SubmissionTest, Case1SecretsFileUnusableIs500AndStoresNothing) {
  std::string missing = tc_.path("no-such-secrets");
  SlaveAnswer a = answer(post("slave1", kT2, "s3cret-one"), MasterSecrets::load(missing));
  EXPECT_EQ(a.kind, Kind::secrets_unusable);
  EXPECT_EQ(a.status, 500);
  EXPECT_EQ(a.body, "WARNING: Opening secrets file " + missing + ": No such file or directory\n");
  EXPECT_TRUE(a.lines_to_store.empty());

  // Readable by the group: the original accepts 0640, we do not.
  std::string path = tc_.write("secrets640", kSecrets);
  ::chmod(path.c_str(), 0640);
  a = answer(post("slave1", kT2, "s3cret-one"), MasterSecrets::load(path));
  EXPECT_EQ(a.status, 500);
  EXPECT_EQ(a.body, "WARNING: Secrets file " + path +
                        " is readable or writable by group or others (mode 0640), refusing it; "
                        "it must be mode 0600\n");
  EXPECT_TRUE(a.lines_to_store.empty());

  ::chmod(path.c_str(), 0600);
  a = answer(post("slave1", kT2, "s3cret-one"), MasterSecrets::load(path));
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(a.body, "OK\n");
}

TEST_F(SubmissionTest, SecretZeroIsNoSecret) {
  SlaveAnswer a =
      answer(post("slave1", "", "0"), MasterSecrets::from_text("/s", "slave1:0\nslave1:x\n"));
  EXPECT_EQ(a.kind, Kind::no_secret);
  EXPECT_EQ(a.body, "WARNING: No secret found for slave slave1\n");
}

TEST_F(SubmissionTest, Case7NewConfigWithProtocolAndKey) {
  const std::string text = "$VAR1 = {\n          '__last' => 1795627733\n        };\n";
  for (const char* config_time : {"0", "", "abc", "1795627732", "  1795627732.9xyz"}) {
    SlaveAnswer a = answer(post("slave1", kT2, "s3cret-one", config_time),
                           MasterSecrets::from_text("/s", kSecrets), text);
    EXPECT_EQ(a.kind, Kind::new_config) << config_time;
    EXPECT_EQ(a.status, 200);
    EXPECT_EQ(a.content_type, "application/smokeping-config");
    EXPECT_EQ(a.headers, (Headers{{"Protocol", "2"}, {"Key", hmac_md5_hex("s3cret-one", text)}}));
    EXPECT_EQ(a.body, text);
    ASSERT_EQ(a.lines_to_store.size(), 1u) << config_time;  // stored before the config check
  }
}

TEST_F(SubmissionTest, Case8NoTargetsStillStores) {
  SlaveAnswer a = answer(post("slave1", kT2, "s3cret-one", "0"),
                         MasterSecrets::from_text("/s", kSecrets), std::nullopt);
  EXPECT_EQ(a.kind, Kind::no_targets);
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(a.body, "WARNING: No targets found for slave 'slave1'\n");
  EXPECT_EQ(a.lines_to_store.size(), 1u);
}

// ---- bad input: nothing of it is stored ----

TEST_F(SubmissionTest, UnauthenticatedPostsStoreNothing) {
  const FormFields forms[] = {
      post("slave1", kT2, "wrong-key"),     // wrong key
      post("slave9", kT2, "s3cret-one"),    // unknown to the secrets file
      post("slave3", kT2, "s3cret-three"),  // known secret, no Slaves section
  };
  for (const FormFields& f : forms) {
    SlaveAnswer a = answer(f);
    EXPECT_EQ(a.status, 403) << f.value("slave");
    EXPECT_TRUE(a.lines_to_store.empty());
    EXPECT_TRUE(a.refused.empty());
  }
}

TEST_F(SubmissionTest, RefusedLinesAreNamedAndTheRestStored) {
  struct Case {
    const char* name;
    std::string line;
    std::string says;
  };
  const Case cases[] = {
      {"not assigned", "/Local/t4\t1795627740\tU:3:U:U:U:U",
       "line 2: /Local/t4: target is not assigned to this slave"},
      {"slave1 is not slave1-b (W10)", "/Local/t6\t1795627740\tU:3:U:U:U:U",
       "line 2: /Local/t6: target is not assigned to this slave"},
      {"master only", "/Master/m5\t1795627740\tU:3:U:U:U:U",
       "line 2: /Master/m5: target is not assigned to this slave"},
      {"multi-host graph", "/Local/both\t1795627740\tU:3:U:U:U:U",
       "line 2: /Local/both: no such target"},
      {"group", "/Local\t1795627740\tU:3:U:U:U:U", "line 2: /Local: no such target"},
      {"../ path", "/Local/../../etc/x\t1795627740\tU:3:U:U:U:U",
       "line 2: /Local/../../etc/x: path has a '..' component"},
      {"future", "/Local/t3\t1795630000\tU:3:U:U:U:U",
       "line 2: /Local/t3: time 1795630000 is 2260 s ahead of the master's clock"},
      {"pings", "/Local/t3\t1795627740\tU:3:U:U:U:U:U",
       "line 2: /Local/t3: update string has 7 fields, expected 6 (pings 3 + 3)"},
      {"escape", "/Local/\x1b[2J\t1795627740\tU:3:U:U:U:U",
       "line 2: /Local/\\x1b[2J: path contains a control byte"},
  };
  for (const Case& c : cases) {
    SlaveAnswer a = answer(post("slave1", kT2 + "\n" + c.line, "s3cret-one"));
    EXPECT_EQ(a.kind, Kind::ok) << c.name;
    EXPECT_EQ(a.status, 200) << c.name;
    ASSERT_EQ(a.lines_to_store.size(), 1u) << c.name;
    EXPECT_EQ(a.lines_to_store[0].path, "/Local/t2");
    ASSERT_EQ(a.refused.size(), 1u) << c.name;
    EXPECT_EQ(a.body, "WARNING: Refused 1 of 2 lines from slave slave1; the others were stored:\n" +
                          c.says + "\n")
        << c.name;
  }
}

TEST_F(SubmissionTest, AllLinesRefusedSaysNothingWasStored) {
  SlaveAnswer a = answer(post("slave1", "/Local/t4\t1795627740\tU:3:U:U:U:U", "s3cret-one"));
  EXPECT_TRUE(a.lines_to_store.empty());
  EXPECT_EQ(a.body,
            "WARNING: Refused 1 of 1 lines from slave slave1; nothing was stored:\n"
            "line 1: /Local/t4: target is not assigned to this slave\n");
}

TEST_F(SubmissionTest, RefusalTextNeverContainsOK) {
  // The Perl slave logs an answer only if it has no "OK" in it.
  SlaveAnswer a = answer(post("slave1", "/Local/TOKYO\t1795627740\tU:3:U:U:U:U", "s3cret-one"));
  EXPECT_EQ(a.body.find("OK"), std::string::npos) << a.body;
  EXPECT_NE(a.body.find("/Local/TO\\x4bYO"), std::string::npos) << a.body;
}

TEST_F(SubmissionTest, RefusalsOfAConfigAnswerGoInAHeader) {
  SlaveAnswer a =
      answer(post("slave1", kT2 + "\n/Local/t4\t1795627740\tU:3:U:U:U:U", "s3cret-one", "0"));
  EXPECT_EQ(a.kind, Kind::new_config);
  ASSERT_EQ(a.headers.size(), 3u);
  EXPECT_EQ(a.headers[2], (std::pair<std::string, std::string>{
                              "X-Smokeping-Refused",
                              "1 of 2 lines refused; first: line 2: /Local/t4: target is not "
                              "assigned to this slave"}));
  EXPECT_EQ(a.body, "$VAR1 = {};\n");

  a = answer(post("slave1", "/Local/t4\t1795627740\tU:3:U:U:U:U", "s3cret-one", "0"),
             MasterSecrets::from_text("/s", kSecrets), std::nullopt);
  EXPECT_EQ(a.body,
            "WARNING: No targets found for slave 'slave1'\n"
            "WARNING: Refused 1 of 1 lines from slave slave1; nothing was stored:\n"
            "line 1: /Local/t4: target is not assigned to this slave\n");
}

TEST_F(SubmissionTest, ManyRefusalsAreCut) {
  std::string data = kT2;
  for (int i = 0; i < 25; ++i) data += "\n/Nope/x" + std::to_string(i) + "\t1\tU:3:U:U:U:U";
  SlaveAnswer a = answer(post("slave1", data, "s3cret-one"));
  EXPECT_EQ(a.refused.size(), 25u);
  EXPECT_NE(a.body.find("line 21: /Nope/x19: no such target\n... and 5 more\n"), std::string::npos)
      << a.body;
}

TEST(SubmissionFormErrors, OversizedAndMalformedStoreNothing) {
  FormResult big;
  big.error = FormError::too_large;
  big.message = "request body of 5000 bytes, more than the limit of 4096";
  SlaveAnswer a = answer_form_error(big);
  EXPECT_EQ(a.status, 413);
  EXPECT_EQ(a.kind, Kind::body_too_large);
  EXPECT_EQ(a.body, "WARNING: request body of 5000 bytes, more than the limit of 4096\n");
  EXPECT_TRUE(a.lines_to_store.empty());

  FormResult bad =
      decode_form({"POST", "multipart/form-data; boundary=xYzZY", "", "--xYzZY\r\nX"}, 4096);
  a = answer_form_error(bad);
  EXPECT_EQ(a.status, 400);
  EXPECT_EQ(a.kind, Kind::malformed_form);
  EXPECT_EQ(a.body, "WARNING: malformed request: multipart part headers truncated\n");
  EXPECT_TRUE(a.lines_to_store.empty());

  a = answer_store_failed("slave1");
  EXPECT_EQ(a.status, 503);
  EXPECT_EQ(a.body, "WARNING: Could not store the data of slave slave1; send them again later\n");
}

// ---- end to end: decode, answer, store; only what was accepted reaches the disk ----

TEST_F(SubmissionTest, OnlyAcceptedLinesReachTheCacheDirectory) {
  const std::string dyn = tc_.path("dyn");
  auto run = [&](const std::string& body, std::size_t limit = 1 << 20) {
    FormResult form = decode_form({"POST", "multipart/form-data; boundary=xYzZY", "", body}, limit);
    SlaveAnswer a = form.error != FormError::none ? answer_form_error(form) : answer(form.form);
    for (const CacheWrite& w : save_updates(dyn, form.form.value("slave"), a.lines_to_store))
      EXPECT_EQ(w.status, CacheWrite::Status::stored) << w.error;
    return a;
  };
  auto files = [&] {
    std::vector<std::string> found;
    if (!std::filesystem::exists(dyn)) return found;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dyn))
      if (e.is_regular_file()) found.push_back(e.path().lexically_relative(dyn).string());
    std::sort(found.begin(), found.end());
    return found;
  };
  auto multipart = [](const FormFields& f) {
    std::string body;
    for (const auto& [name, value] : f.fields)
      body += "--xYzZY\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value +
              "\r\n";
    return body + "--xYzZY--\r\n";
  };
  const std::string bad_lines =
      "\n/Local/t4\t1795627740\tU:3:U:U:U:U"     // not assigned
      "\n/Local/../t4\t1795627740\tU:3:U:U:U:U"  // ../
      "\n/../../x\t1795627740\tU:3:U:U:U:U"
      "\n/Local/t3\t1795699999\tU:3:U:U:U:U";  // future

  // Refused as a whole: nothing on disk.
  EXPECT_EQ(run(multipart(post("slave1", kT2 + bad_lines, "wrong-key"))).status, 403);
  EXPECT_EQ(run(multipart(post("slave9", kT2, "s3cret-one"))).status, 403);
  EXPECT_EQ(run(multipart(post("slave3", kT2, "s3cret-three"))).status, 403);
  std::string body = multipart(post("slave1", kT2, "s3cret-one"));
  EXPECT_EQ(run(body, body.size() - 1).status, 413);
  EXPECT_EQ(run(body.substr(0, body.size() - 20)).status, 400);
  EXPECT_TRUE(files().empty());

  // Authenticated with bad lines: only the good one is stored.
  SlaveAnswer a = run(multipart(post("slave1", kT2 + bad_lines, "s3cret-one")));
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(a.refused.size(), 4u);
  // (and the cache file's journal, retired: kept for the next post, deleted with the file)
  EXPECT_EQ(files(), (std::vector<std::string>{"Local/t2.slave1.slave_cache",
                                               "Local/t2.slave1.slave_cache.journal"}));
  CacheTake t = take_slave_cache(slave_cache_file(dyn, "/Local/t2", "slave1"));
  ASSERT_EQ(t.entries.size(), 1u);
  EXPECT_EQ(t.entries[0].time, "1795627740");
}

// ---- check_target and __last ----

TEST_F(SubmissionTest, CheckTargetMatchesSlaveNamesExactly) {
  using S = TargetCheck::Status;
  EXPECT_EQ(check_target(*config_, "slave1", "/Local/t2").status, S::ok);
  EXPECT_EQ(check_target(*config_, "slave1", "/Local/t2").pings, 3);
  EXPECT_EQ(check_target(*config_, "slave1", "/Local/t4").status, S::not_assigned);
  EXPECT_EQ(check_target(*config_, "slave2", "/Local/t4").status, S::ok);
  EXPECT_EQ(check_target(*config_, "slave1", "/Local/t6").status, S::not_assigned);
  EXPECT_EQ(check_target(*config_, "slave1-b", "/Local/t6").status, S::ok);
  EXPECT_EQ(check_target(*config_, "slave", "/Local/t2").status, S::not_assigned);
  EXPECT_EQ(check_target(*config_, "slave1", "/Local/both").status, S::unknown);
  EXPECT_EQ(check_target(*config_, "slave1", "/Local").status, S::unknown);
  EXPECT_EQ(check_target(*config_, "slave1", "/").status, S::unknown);
  EXPECT_EQ(check_target(*config_, "slave1", "/Local/t9").status, S::unknown);
}

TEST(ConfigLast, NewestMtimeOfAllFilesIncludedOnes) {
  TempConfig tc;
  std::string targets =
      tc.write("targets.inc", TempConfig::targets_top() + "+ A\n++ h\nhost = 127.0.0.1\n");
  std::string main = tc.write("config", tc.head() + tc.probes() + "@include " + targets + "\n");
  auto config = test::load(main);
  ASSERT_EQ(config->files.size(), 2u);
  auto set_mtime = [](const std::string& file, time_t t) {
    struct timeval tv[2] = {{t, 0}, {t, 0}};
    ASSERT_EQ(::utimes(file.c_str(), tv), 0);
  };
  set_mtime(main, 1700000000);
  set_mtime(targets, 1700000500);
  EXPECT_EQ(newest_config_mtime(*config), 1700000500);  // the original would say 1700000000
  set_mtime(main, 1700000900);
  EXPECT_EQ(newest_config_mtime(*config), 1700000900);
}

// ---- the captured exchanges of the original (shared/reference/protocol) ----

std::string slurp(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

TEST_F(SubmissionTest, CapturedExchangesAreAnsweredAsTheOriginalDid) {
  std::filesystem::path dir =
      std::filesystem::path(SMOKEPING_SOURCE_DIR) / ".." / "shared" / "reference" / "protocol";
  if (!std::filesystem::exists(dir / "07-config-changed.request.txt"))
    GTEST_SKIP() << "no captures in " << dir;
  struct Exchange {
    std::string name;
    std::string secrets;  // the master's secrets file at that moment
    std::int64_t last;    // the master config's mtime at that moment
    Kind kind;
    int status;  // ours; the original answered 200 to all of them
    std::size_t stored;
  };
  const std::string base = "slave1:s3cret-one\nslave2:s3cret-two\n";
  const Exchange exchanges[] = {
      {"01-first-contact", base, 1795627733, Kind::new_config, 200, 0},
      {"02-data-ok", base, 1795627733, Kind::ok, 200, 2},
      {"03-wrong-key-data", "slave1:changed-on-master\nslave2:s3cret-two\n", 1795627733,
       Kind::bad_key, 403, 0},
      {"04-wrong-key-startup", base, 1795627733, Kind::bad_key, 403, 0},
      {"05-unknown-slave", base, 1795627733, Kind::no_secret, 403, 0},
      {"06-unknown-slave-known-secret", base + "slave3:s3cret-three\n", 1795627733,
       Kind::unknown_slave, 403, 0},
      {"07-config-changed", base, 1795627762, Kind::new_config, 200, 2},
  };
  const std::regex time_re("\"time_request\": ([0-9]+)");
  for (const Exchange& x : exchanges) {
    std::string raw = slurp(dir / (x.name + ".request.txt"));
    std::size_t head_end = raw.find("\r\n\r\n");
    ASSERT_NE(head_end, std::string::npos) << x.name;
    FormResult form = decode_form({"POST", "multipart/form-data; boundary=xYzZY", "",
                                   std::string_view(raw).substr(head_end + 4)},
                                  1 << 20);
    ASSERT_EQ(form.error, FormError::none) << x.name << ": " << form.message;
    ASSERT_TRUE(is_slave_request(form.form));

    std::smatch m;
    std::string meta = slurp(dir / (x.name + ".meta.json"));
    ASSERT_TRUE(std::regex_search(meta, m, time_re)) << x.name;
    const std::int64_t now = std::stoll(m[1]);

    const std::string captured_body = slurp(dir / (x.name + ".response-body.txt"));
    const std::string captured = slurp(dir / (x.name + ".response.txt"));
    MasterSecrets secrets = MasterSecrets::from_text("/tmp/secrets", x.secrets);
    AnswerContext context{*config_, secrets, x.last, now, 60, {}};
    // The Dumper text comes from slave_config; give back the captured one to check the Key.
    context.slave_config = [&](const config::Config&, const std::string& slave,
                               std::int64_t last) -> std::optional<std::string> {
      EXPECT_EQ(slave, "slave1");
      EXPECT_EQ(last, x.last);
      return captured_body;
    };
    SlaveAnswer a = answer_slave(form.form, context);
    EXPECT_EQ(a.kind, x.kind) << x.name;
    EXPECT_EQ(a.status, x.status) << x.name;
    EXPECT_EQ(a.body, captured_body) << x.name;
    EXPECT_TRUE(a.refused.empty()) << x.name << ": " << a.body;
    EXPECT_EQ(a.lines_to_store.size(), x.stored) << x.name;
    EXPECT_NE(captured.find("Content-Type: " + a.content_type + "\r\n"), std::string::npos)
        << x.name;
    for (const auto& [name, value] : a.headers)
      EXPECT_NE(captured.find(name + ": " + value + "\r\n"), std::string::npos)
          << x.name << " " << name;
  }
}

}  // namespace
}  // namespace smokeping::protocol

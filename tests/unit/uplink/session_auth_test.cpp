// Our slave's side of the signed protocol (docs/protocol-auth.md): every post carries a valid
// auth_key over all its fields; an answer's Auth-Key is checked, and once a master has signed,
// an unsigned or wrongly signed answer keeps the data in the spool, across restarts too.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <functional>
#include <map>

#include "smokeping/protocol/auth_signature.hpp"
#include "smokeping/protocol/hmac.hpp"
#include "smokeping/protocol/submission_form.hpp"
#include "smokeping/uplink/answer.hpp"
#include "smokeping/uplink/post_body.hpp"
#include "smokeping/uplink/session.hpp"
#include "tests/support/shared_files.hpp"
#include "tests/unit/uplink/uplink_test_support.hpp"

namespace smokeping::uplink {
namespace {

using smokeping::test::CapturedLog;
using smokeping::test::TempDir;

constexpr const char* kSecret = "s3cret-one";
constexpr std::int64_t kNow = 1732480000;

std::string config_body(std::int64_t last) {
  return "$VAR1 = {'General' => {}, 'Database' => {'step' => '10', 'pings' => '3', "
         "'_table' => [['AVERAGE', '0.5', '1', '10']]}, 'Probes' => {'FPing' => {}}, "
         "'Targets' => {'probe' => 'FPing', 'a' => {'probe' => 'FPing', 'host' => "
         "'127.0.0.1'}}, '__last' => " +
         std::to_string(last) + "};\n";
}

// A master that decodes each post as the CGI does and answers what the test scripts.
class ScriptedMaster : public Transport {
 public:
  std::function<HttpAnswer(const protocol::FormFields&)> answer;
  std::vector<protocol::FormFields> posts;

  HttpAnswer post(const std::string& content_type, const std::string& body) override {
    protocol::FormResult form = protocol::decode_form({"POST", content_type, "", body}, 1 << 20);
    EXPECT_EQ(form.error, protocol::FormError::none) << form.message;
    posts.push_back(form.form);
    return answer(form.form);
  }
};

HttpAnswer ok(const protocol::FormFields& post, bool sign, std::string_view secret = kSecret) {
  HttpAnswer a;
  a.status = 200;
  a.content_type = "text/plain";
  a.body = "OK\n";
  if (sign) a.auth_key = protocol::sign_answer(secret, "slave1", post.value("auth_nonce"), a.body);
  return a;
}

HttpAnswer config(const protocol::FormFields& post, std::int64_t last, bool sign) {
  HttpAnswer a;
  a.status = 200;
  a.content_type = "application/smokeping-config";
  a.protocol = "2";
  a.body = config_body(last);
  a.key = protocol::hmac_md5_hex(kSecret, a.body);
  if (sign) a.auth_key = protocol::sign_answer(kSecret, "slave1", post.value("auth_nonce"), a.body);
  return a;
}

struct Fixture {
  TempDir dir;
  CapturedLog log;
  Spool spool{dir.path(), {}, log.log, kNow};
  ScriptedMaster master;
  std::unique_ptr<Session> session;

  explicit Fixture(std::string master_name = "http://master/") { start(master_name); }
  void start(const std::string& master_name) {
    SessionSettings settings{"slave1", kSecret, master_name};
    settings.answer_pin_file = dir.file(".master-signs-answers");
    settings.clock = [] { return kNow; };
    session = std::make_unique<Session>(std::move(settings), master, spool, log.log);
  }
  void round(int i) {
    std::int64_t t = kNow + 10 * i;
    spool.add({"/a\t" + std::to_string(t) + "\tU:3:U:U:U:U"}, t, t);
  }
};

TEST(SessionAuth, EveryPostIsSignedOverAllItsFieldsWithAFreshNonce) {
  Fixture f;
  f.master.answer = [](const protocol::FormFields& p) { return ok(p, false); };
  f.round(0);
  f.session->deliver(7, 7, false);
  f.round(1);
  f.session->deliver(7, 7, false);
  ASSERT_EQ(f.master.posts.size(), 2u);
  for (const auto& p : f.master.posts) {
    ASSERT_EQ(p.fields.size(), 8u);
    EXPECT_EQ(p.fields[5].first, "auth_ts");  // after the five fields of protocol 2
    protocol::AuthCheck check = protocol::check_post_auth(p, kSecret, kNow);
    EXPECT_EQ(check.problem, protocol::AuthProblem::none) << check.detail;
    EXPECT_EQ(check.ts, kNow);
    EXPECT_EQ(p.value("key"), protocol::hmac_md5_hex(kSecret, p.value("data")));
  }
  EXPECT_NE(f.master.posts[0].value("auth_nonce"), f.master.posts[1].value("auth_nonce"));
}

TEST(SessionAuth, AnUnsignedMasterKeepsWorkingAndPinsNothing) {
  Fixture f;
  f.master.answer = [](const protocol::FormFields& p) { return ok(p, false); };
  f.round(0);
  EXPECT_TRUE(f.session->deliver(7, 7, false).all_delivered);
  f.round(1);
  EXPECT_TRUE(f.session->deliver(7, 7, false).all_delivered);
  EXPECT_FALSE(std::filesystem::exists(f.dir.file(".master-signs-answers")));
}

TEST(SessionAuth, AWronglySignedAnswerKeepsTheData) {
  Fixture f;
  f.master.answer = [](const protocol::FormFields& p) { return ok(p, true, "other"); };
  f.round(0);
  DeliveryReport report = f.session->deliver(7, 7, false);
  EXPECT_FALSE(report.all_delivered);
  EXPECT_NE(report.failure.find("wrong Auth-Key"), std::string::npos) << report.failure;
  EXPECT_NE(f.log.str().find("results kept"), std::string::npos) << f.log.str();
  EXPECT_EQ(f.spool.pending().size(), 1u);
  EXPECT_FALSE(std::filesystem::exists(f.dir.file(".master-signs-answers")));
}

TEST(SessionAuth, AnAnswerSignedForAnotherNonceKeepsTheData) {
  Fixture f;
  f.master.answer = [](const protocol::FormFields&) {
    protocol::FormFields old;
    old.fields = {{"auth_nonce", "00112233445566778899aabbccddeeff"}};
    return ok(old, true);  // a recorded answer to an earlier post
  };
  f.round(0);
  EXPECT_FALSE(f.session->deliver(7, 7, false).all_delivered);
  EXPECT_EQ(f.spool.pending().size(), 1u);
}

TEST(SessionAuth, OnceSignedAnUnsignedAnswerIsRefusedAlsoAfterARestart) {
  Fixture f;
  bool sign = true;
  f.master.answer = [&](const protocol::FormFields& p) { return ok(p, sign); };
  f.round(0);
  ASSERT_TRUE(f.session->deliver(7, 7, false).all_delivered);
  EXPECT_NE(f.log.str().find("master signs its answers"), std::string::npos) << f.log.str();
  sign = false;
  f.start("http://master/");  // a restarted slave reads the pin
  f.round(1);
  DeliveryReport report = f.session->deliver(7, 7, false);
  EXPECT_FALSE(report.all_delivered);
  EXPECT_NE(report.failure.find("not signed"), std::string::npos) << report.failure;
  EXPECT_EQ(f.spool.pending().size(), 1u);
  // An unsigned config (a replayed old answer, §12 W1) is refused as well.
  f.master.answer = [](const protocol::FormFields& p) { return config(p, kNow + 100, false); };
  EXPECT_FALSE(f.session->deliver(7, 7, false).config.has_value());
}

TEST(SessionAuth, APinMadeForAnotherMasterDoesNotApply) {
  Fixture f;
  f.dir.write(".master-signs-answers", "http://old-master/\n");
  f.start("http://master/");
  f.master.answer = [](const protocol::FormFields& p) { return ok(p, false); };
  f.round(0);
  EXPECT_TRUE(f.session->deliver(7, 7, false).all_delivered);
}

TEST(SessionAuth, APinFileThatCannotBeReadKeepsThePin) {
  Fixture f;
  // Something in the pin's place that exists but cannot be read as a file (chmod 000 would not
  // stop root): the slave must not fall back to accepting unsigned answers.
  std::filesystem::create_directory(f.dir.file(".master-signs-answers"));
  f.start("http://master/");
  EXPECT_NE(f.log.str().find("cannot read the pin file, unsigned answers stay refused"),
            std::string::npos)
      << f.log.str();
  f.master.answer = [](const protocol::FormFields& p) { return ok(p, false); };
  f.round(0);
  DeliveryReport report = f.session->deliver(7, 7, false);
  EXPECT_FALSE(report.all_delivered);
  EXPECT_NE(report.failure.find("not signed"), std::string::npos) << report.failure;
  EXPECT_EQ(f.spool.pending().size(), 1u);
}

TEST(SessionAuth, AnEmptyPinFileKeepsThePin) {
  Fixture f;
  f.dir.write(".master-signs-answers", "");
  f.start("http://master/");
  f.master.answer = [](const protocol::FormFields& p) { return ok(p, false); };
  f.round(0);
  EXPECT_FALSE(f.session->deliver(7, 7, false).all_delivered);
  EXPECT_NE(f.log.str().find("no complete line"), std::string::npos) << f.log.str();
}

TEST(SessionAuth, APinThatCannotBeWrittenIsWarnedOnceAndHeldInMemory) {
  Fixture f;
  SessionSettings settings{"slave1", kSecret, "http://master/"};
  settings.answer_pin_file = f.dir.file("no-such-dir/.master-signs-answers");
  settings.clock = [] { return kNow; };
  f.session = std::make_unique<Session>(std::move(settings), f.master, f.spool, f.log.log);
  bool sign = true;
  f.master.answer = [&](const protocol::FormFields& p) { return ok(p, sign); };
  f.round(0);
  ASSERT_TRUE(f.session->deliver(7, 7, false).all_delivered);
  const std::string log = f.log.str();
  const std::string warning = "cannot write the pin file, the pin lasts until restart";
  ASSERT_NE(log.find(warning), std::string::npos) << log;
  EXPECT_EQ(log.find(warning, log.find(warning) + 1), std::string::npos) << log;
  EXPECT_NE(log.find("err=No such file or directory"), std::string::npos) << log;
  sign = false;
  f.round(1);
  EXPECT_FALSE(f.session->deliver(7, 7, false).all_delivered);
}

TEST(SessionAuth, ThePinFileIsPrivateEvenOverALeftoverTempFile) {
  Fixture f;
  f.dir.write(".master-signs-answers.tmp", "junk from an earlier crash\n");
  ::chmod(f.dir.file(".master-signs-answers.tmp").c_str(), 0644);
  f.master.answer = [](const protocol::FormFields& p) { return ok(p, true); };
  f.round(0);
  ASSERT_TRUE(f.session->deliver(7, 7, false).all_delivered);
  struct stat st {};
  ASSERT_EQ(::stat(f.dir.file(".master-signs-answers").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(smokeping::test::read_file(f.dir.file(".master-signs-answers")).value_or(""),
            "http://master/\n");
}

TEST(SessionAuth, ASignedConfigIsTakenButNotAnOlderOne) {
  Fixture f;
  f.master.answer = [](const protocol::FormFields& p) { return config(p, kNow - 100, true); };
  EXPECT_FALSE(f.session->deliver(kNow, kNow, true).config.has_value());
  EXPECT_NE(f.log.str().find("older than ours"), std::string::npos) << f.log.str();
  f.master.answer = [](const protocol::FormFields& p) { return config(p, kNow + 100, true); };
  DeliveryReport report = f.session->deliver(kNow, kNow, true);
  ASSERT_TRUE(report.config.has_value());
  EXPECT_EQ(report.config->last, kNow + 100);
}

TEST(SessionAuth, ErrorAnswersNeedNoSignature) {
  HttpAnswer a;
  a.status = 403;
  a.body = "WARNING: post of slave slave1 refused: auth_nonce was used before\n";
  Answer answer = classify_answer(a, kSecret, 0, AnswerAuth{"slave1", "00", true});
  EXPECT_FALSE(answer.delivered());
  EXPECT_NE(answer.reason.find("HTTP 403"), std::string::npos) << answer.reason;
}

TEST(PostBodyAuth, TheSignedFieldsFollowTheFiveOfProtocol2) {
  PostFields fields{"slave1", "k", "2", "d", 5};
  EXPECT_EQ(multipart_body(fields).bytes.find("auth_"), std::string::npos);
  sign_fields(fields, kSecret, kNow);
  const std::string bytes = multipart_body(fields).bytes;
  std::size_t config_time = bytes.find("name=\"config_time\"");
  std::size_t ts = bytes.find("name=\"auth_ts\"\r\n\r\n1732480000\r\n");
  std::size_t nonce = bytes.find("name=\"auth_nonce\"\r\n\r\n" + fields.auth_nonce + "\r\n");
  std::size_t key = bytes.find("name=\"auth_key\"\r\n\r\n" + fields.auth_key + "\r\n");
  EXPECT_LT(config_time, ts);
  EXPECT_LT(ts, nonce);
  EXPECT_LT(nonce, key);
  EXPECT_NE(key, std::string::npos);
  EXPECT_EQ(fields.auth_key, protocol::sign_post(kSecret, {"slave1", "2", "1732480000",
                                                           fields.auth_nonce, "5", "d"}));
}

}  // namespace
}  // namespace smokeping::uplink

// --email end to end in-process: which targets get a mail, what the config looks like after,
// and what a failing mail or a bad config line leaves behind.
#include "smokeping/daemon/email_dynamic.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "smokeping/daemon/cli.hpp"
#include "smokeping/protocol/hmac.hpp"
#include "tests/support/temp_config.hpp"

namespace {

using smokeping::alerts::MailDelivery;
using smokeping::daemon::dynamic_targets;
using smokeping::daemon::email_dynamic;
using smokeping::daemon::EmailDynamicEnv;
using smokeping::test::TempConfig;

struct Mail {
  std::string from, to, message;
};

// Records mails; a recipient in `refuse` makes the mail fail.
struct FakeMail {
  std::vector<Mail> sent;
  std::vector<std::string> refuse;
  int secrets = 0;

  EmailDynamicEnv env() {
    return {[this](const std::string& from, const std::string& to, const std::string& message) {
              MailDelivery d;
              for (const auto& r : refuse) {
                if (r == to) {
                  d.status = MailDelivery::Status::failed;
                  d.error = "550 no such user";
                  return d;
                }
              }
              sent.push_back({from, to, message});
              d.status = MailDelivery::Status::sent;
              return d;
            },
            [this] { return "secret" + std::to_string(++secrets); }};
  }
};

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The value after `key ` on the mail's line starting with `key`.
std::string field(const std::string& message, const std::string& key) {
  std::size_t at = message.find("\n" + key + " ");
  if (at == std::string::npos) return "";
  at += key.size() + 2;
  return message.substr(at, message.find('\n', at) - at);
}

constexpr const char* kTemplate =
    "From: <##FROM##>\nTo: <##TO##>\nSubject: agent\n\npath <##PATH##>\nsecret <##SECRET##>\n"
    "url <##URL##>\nowner <##OWNER##>\n";

struct EmailRun {
  int status;
  std::string err;
};

EmailRun run(const std::string& file, FakeMail& mail) {
  auto config = smokeping::test::load(file);
  std::ostringstream err;
  int status = email_dynamic(*config, mail.env(), err);
  return {status, err.str()};
}

std::string targets_with_dynamics() {
  return TempConfig::targets_top() +
         "+ G\nmenu = G\ntitle = G\nemail = Top Owner <top@example.org>\n"
         "++ A\nmenu = A\ntitle = A\nhost = DYNAMIC\n"
         "++ B\nmenu = B\ntitle = B\nemail = Bee <b@example.org>\n"
         "+++ B1\nmenu = B1\ntitle = B1\n  host  =  DYNAMIC\n"
         "+++ B2\nmenu = B2\ntitle = B2\nhost = DYNAMIC/alreadyset\n"
         "+ C\nmenu = C\ntitle = C\nhost = 127.0.0.1\n";
}

TEST(EmailDynamic, FindsOnlyPlainDynamicHostsWithTheNearestEmail) {
  TempConfig t;
  auto config = smokeping::test::load(t.write("config", t.config(targets_with_dynamics())));
  auto found = dynamic_targets(*config->raw->child("Targets"));
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].path, "G.A");
  EXPECT_EQ(found[0].email, "Top Owner <top@example.org>");
  EXPECT_EQ(found[1].path, "G.B.B1");
  EXPECT_EQ(found[1].email, "Bee <b@example.org>");
  EXPECT_EQ(found[1].host_loc.file_name(), t.path("config"));
}

TEST(EmailDynamic, MailsEachOwnerTheSecretWhoseDigestTheConfigNowHolds) {
  TempConfig t;
  t.write("smokemail", kTemplate);
  std::string before = t.config(targets_with_dynamics());
  std::string file = t.write("config", before);
  FakeMail mail;
  EmailRun r = run(file, mail);
  EXPECT_EQ(r.status, 0) << r.err;
  ASSERT_EQ(mail.sent.size(), 2u) << r.err;
  EXPECT_EQ(mail.sent[0].to, "top@example.org");
  EXPECT_EQ(mail.sent[1].to, "b@example.org");
  std::string expected = before;
  for (const auto& m : mail.sent) {
    EXPECT_EQ(m.from, "tester@example.org");
    EXPECT_EQ(field(m.message, "url"), "http://127.0.0.1/smokeping.cgi");
    EXPECT_EQ(field(m.message, "owner"), "Tester");
    std::string secret = field(m.message, "secret");
    ASSERT_FALSE(secret.empty()) << m.message;
    std::string line =
        (field(m.message, "path") == "G.A" ? "host = DYNAMIC\n" : "  host  =  DYNAMIC\n");
    std::string indent = line.starts_with("  ") ? "  " : "";
    expected.replace(expected.find(line), line.size(),
                     indent + "host = DYNAMIC/" + smokeping::protocol::md5_base64(secret) + "\n");
  }
  EXPECT_NE(field(mail.sent[0].message, "secret"), field(mail.sent[1].message, "secret"));
  EXPECT_EQ(read(file), expected);
  EXPECT_NE(r.err.find("Sending smoke-agent for G.B.B1 to Bee <b@example.org> ... DONE\n"),
            std::string::npos)
      << r.err;
  // A second run finds nothing left to do.
  FakeMail again;
  EXPECT_EQ(run(file, again).status, 0);
  EXPECT_TRUE(again.sent.empty());
  EXPECT_EQ(read(file), expected);
}

TEST(EmailDynamic, RewritesTheIncludedFileThatHoldsTheLine) {
  TempConfig t;
  t.write("smokemail", kTemplate);
  std::string part = "+ Dyn\nmenu = Dyn\ntitle = Dyn\nemail = D <d@example.org>\nhost = DYNAMIC\n";
  std::string part_file = t.write("etc/targets.part", part);
  std::string main_text = t.config(TempConfig::targets_top() + "@include etc/targets.part\n");
  std::string file = t.write("config", main_text);
  FakeMail mail;
  EmailRun r = run(file, mail);
  EXPECT_EQ(r.status, 0) << r.err;
  ASSERT_EQ(mail.sent.size(), 1u);
  EXPECT_EQ(read(file), main_text);
  std::string digest = smokeping::protocol::md5_base64(field(mail.sent[0].message, "secret"));
  EXPECT_EQ(
      read(part_file),
      "+ Dyn\nmenu = Dyn\ntitle = Dyn\nemail = D <d@example.org>\nhost = DYNAMIC/" + digest + "\n");
}

TEST(EmailDynamic, AFailedMailLeavesItsLineAndOthersStillGo) {
  TempConfig t;
  t.write("smokemail", kTemplate);
  std::string before = t.config(targets_with_dynamics());
  std::string file = t.write("config", before);
  FakeMail mail;
  mail.refuse = {"top@example.org"};
  EmailRun r = run(file, mail);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("ERROR: mail to Top Owner <top@example.org> not sent: 550 no such user"),
            std::string::npos)
      << r.err;
  ASSERT_EQ(mail.sent.size(), 1u);
  std::string after = read(file);
  EXPECT_NE(after.find("title = A\nhost = DYNAMIC\n"), std::string::npos) << after;
  EXPECT_EQ(after.find("  host  =  DYNAMIC\n"), std::string::npos) << "B.B1 was recorded";
}

TEST(EmailDynamic, WithoutAnAddressWarnsAndChangesNothing) {
  TempConfig t;
  std::string before =
      t.config(TempConfig::targets_top() + "+ A\nmenu = A\ntitle = A\nhost = DYNAMIC\n");
  std::string file = t.write("config", before);
  FakeMail mail;
  EmailRun r = run(file, mail);
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.err, "WARNING: No email address defined for A\n");
  EXPECT_TRUE(mail.sent.empty());
  EXPECT_EQ(read(file), before);
}

TEST(EmailDynamic, AnUnreadableTemplateStopsBeforeAnything) {
  TempConfig t;
  std::string before = t.config(targets_with_dynamics());
  std::string file = t.write("config", before);
  auto config = smokeping::test::load(file);
  std::filesystem::remove(t.path("smokemail"));
  FakeMail mail;
  std::ostringstream err;
  EXPECT_EQ(email_dynamic(*config, mail.env(), err), 1);
  EXPECT_EQ(err.str(),
            "ERROR: can't read " + t.path("smokemail") + ": No such file or directory\n");
  EXPECT_TRUE(mail.sent.empty());
  EXPECT_EQ(read(file), before);
}

TEST(EmailDynamic, ALineSharedByTwoTargetsIsNotMailed) {
  TempConfig t;
  t.write("etc/dyn.part", "host = DYNAMIC\n");
  std::string before = t.config(TempConfig::targets_top() +
                                "+ A\nmenu = A\ntitle = A\nemail = O <o@example.org>\n"
                                "@include etc/dyn.part\n"
                                "+ B\nmenu = B\ntitle = B\nemail = O <o@example.org>\n"
                                "@include etc/dyn.part\n");
  std::string file = t.write("config", before);
  FakeMail mail;
  EmailRun r = run(file, mail);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("is the host line of more than one target"), std::string::npos) << r.err;
  EXPECT_TRUE(mail.sent.empty());
  EXPECT_EQ(read(t.path("etc/dyn.part")), "host = DYNAMIC\n");
}

TEST(EmailDynamic, ADynamicValueNotWrittenPlainlyIsNotMailed) {
  TempConfig t;
  // The value is DYNAMIC once the comment is gone, but the line is not one to rewrite.
  std::string before = t.config(TempConfig::targets_top() +
                                "+ A\nmenu = A\ntitle = A\nemail = O <o@example.org>\n"
                                "host = DYNAMIC # mine\n");
  std::string file = t.write("config", before);
  FakeMail mail;
  EmailRun r = run(file, mail);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("is not of the form 'host = DYNAMIC'; no smoke-agent sent for A"),
            std::string::npos)
      << r.err;
  EXPECT_TRUE(mail.sent.empty());
  EXPECT_EQ(read(file), before);
}

TEST(EmailDynamic, ABadConfigIsReportedAsCheckReportsIt) {
  TempConfig t;
  std::string missing = t.path("missing.conf");
  std::string bad = t.write("bad.conf", t.config(TempConfig::targets_top() + "+ A\nbogus = 1\n"));
  for (const std::string& file : {missing, bad}) {
    std::vector<std::string> args{"smokeping", "--check", "--config=" + file};
    std::vector<const char*> argv;
    for (const auto& a : args) argv.push_back(a.c_str());
    std::ostringstream check_out, check_err, out, err;
    EXPECT_EQ(smokeping::daemon::run_cli(3, argv.data(), check_out, check_err), 1);
    args[1] = "--email";
    argv = {args[0].c_str(), args[1].c_str(), args[2].c_str()};
    EXPECT_EQ(smokeping::daemon::run_cli(3, argv.data(), out, err), 1) << err.str();
    EXPECT_EQ(err.str(), check_err.str());
    EXPECT_EQ(out.str(), "");
  }
  EXPECT_EQ(read(bad), t.config(TempConfig::targets_top() + "+ A\nbogus = 1\n"));
}

}  // namespace

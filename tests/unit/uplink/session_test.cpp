// The slave's conversation against scripted masters: nothing lost, nothing sent twice.
#include "smokeping/uplink/session.hpp"

#include <gtest/gtest.h>

#include <functional>

#include "smokeping/protocol/hmac.hpp"
#include "tests/unit/uplink/uplink_test_support.hpp"

namespace {

using smokeping::test::CapturedLog;
using smokeping::test::TempDir;
using smokeping::uplink::HttpAnswer;
using smokeping::uplink::Session;
using smokeping::uplink::SessionSettings;
using smokeping::uplink::Spool;

constexpr const char* kSecret = "s3cret-one";
constexpr std::int64_t kNow = 1732480000;

// A smallest config a master can send.
std::string config_body(std::int64_t last) {
  return "$VAR1 = {'General' => {}, 'Database' => {'step' => '10', 'pings' => '3', "
         "'_table' => [['AVERAGE', '0.5', '1', '10']]}, 'Probes' => {'FPing' => {}}, "
         "'Targets' => {'probe' => 'FPing', 'a' => {'probe' => 'FPing', 'host' => "
         "'127.0.0.1'}}, '__last' => " +
         std::to_string(last) + "};\n";
}

// One POST as the master sees it.
struct Post {
  std::string slave, key, protocol, data;
  std::int64_t config_time = 0;
};

std::string field(const std::string& body, const std::string& boundary, const std::string& name) {
  std::string head = "Content-Disposition: form-data; name=\"" + name + "\"\r\n\r\n";
  std::size_t at = body.find(head);
  if (at == std::string::npos) return "<missing>";
  at += head.size();
  return body.substr(at, body.find("\r\n--" + boundary, at) - at);
}

// A master whose answer to each POST a test scripts.
class ScriptedMaster : public smokeping::uplink::Transport {
 public:
  std::function<HttpAnswer(const Post&)> answer;
  std::vector<Post> posts;

  HttpAnswer post(const std::string& content_type, const std::string& body) override {
    std::string boundary = content_type.substr(content_type.find("boundary=") + 9);
    Post p{field(body, boundary, "slave"), field(body, boundary, "key"),
           field(body, boundary, "protocol"), field(body, boundary, "data"),
           std::stoll(field(body, boundary, "config_time"))};
    posts.push_back(p);
    return answer(p);
  }
};

HttpAnswer ok() {
  HttpAnswer a;
  a.status = 200;
  a.content_type = "text/plain";
  a.body = "OK\n";
  return a;
}

HttpAnswer config(std::int64_t last) {
  HttpAnswer a;
  a.status = 200;
  a.content_type = "application/smokeping-config";
  a.protocol = "2";
  a.body = config_body(last);
  a.key = smokeping::protocol::hmac_md5_hex(kSecret, a.body);
  return a;
}

std::vector<std::string> split_lines(const std::string& data) {
  std::vector<std::string> out;
  if (data.empty()) return out;
  std::size_t start = 0;
  for (;;) {
    std::size_t lf = data.find('\n', start);
    out.push_back(data.substr(start, lf - start));
    if (lf == std::string::npos) return out;
    start = lf + 1;
  }
}

struct Fixture {
  TempDir dir;
  CapturedLog log;
  Spool spool{dir.path(), {}, log.log, kNow};
  ScriptedMaster master;
  Session session{SessionSettings{"slave1", kSecret, "http://master/"}, master, spool, log.log};

  std::vector<std::string> round(int i) {
    std::int64_t t = kNow + 10 * i;
    std::vector<std::string> lines = {"/a\t" + std::to_string(t) + "\tU:3:U:U:U:U",
                                      "/b\t" + std::to_string(t) + "\tU:3:U:U:U:U"};
    spool.add(lines, t, t);
    return lines;
  }
};

TEST(Session, MasterDownForRoundsThenUpGetsEveryLineOnceInOrder) {
  Fixture f;
  const int kDown = 5;
  int round = 0;
  std::vector<std::string> produced, delivered;
  f.master.answer = [&](const Post& p) {
    if (round < kDown) return HttpAnswer::failed("Connection refused");
    for (auto& line : split_lines(p.data)) delivered.push_back(line);
    return ok();
  };
  for (round = 0; round < kDown + 3; ++round) {
    for (auto& line : f.round(round)) produced.push_back(line);
    auto report = f.session.deliver(7, 7, false);
    EXPECT_EQ(report.all_delivered, round >= kDown) << round;
    EXPECT_EQ(report.failure.empty(), round >= kDown) << round;
  }
  EXPECT_EQ(delivered, produced);
  EXPECT_EQ(f.spool.totals().rounds, 0u);
  // While down, each round's POST carried everything kept so far.
  EXPECT_EQ(split_lines(f.master.posts[kDown - 1].data).size(), 2u * kDown);
  for (const Post& p : f.master.posts) {
    EXPECT_EQ(p.slave, "slave1");
    EXPECT_EQ(p.protocol, "2");
    EXPECT_EQ(p.config_time, 7);
    EXPECT_EQ(p.key, smokeping::protocol::hmac_md5_hex(kSecret, p.data));
  }
}

TEST(Session, WarningAnswerKeepsTheDataForTheNextPost) {
  Fixture f;
  auto lines = f.round(0);
  f.master.answer = [](const Post&) {
    HttpAnswer a = ok();
    a.body = "WARNING: No secret found for slave slave1\n";
    return a;
  };
  auto report = f.session.deliver(1, 1, false);
  EXPECT_FALSE(report.all_delivered);
  EXPECT_NE(report.failure.find("No secret found"), std::string::npos);
  EXPECT_NE(f.log.str().find("No secret found"), std::string::npos);
  EXPECT_EQ(f.log.str().find(kSecret), std::string::npos);  // the secret is never logged
  f.master.answer = [](const Post&) { return ok(); };
  f.session.deliver(1, 1, false);
  EXPECT_EQ(split_lines(f.master.posts.back().data), lines);
}

TEST(Session, PartlyRefusedPostLeavesTheSpoolAndIsLoggedAsAWarning) {
  Fixture f;
  f.round(0);
  f.master.answer = [](const Post&) {
    HttpAnswer a = ok();
    a.body =
        "WARNING: Refused 1 of 2 lines from slave slave1; the others were stored:\n"
        "line 2: /b: no such target\n";
    return a;
  };
  auto report = f.session.deliver(1, 1, false);
  EXPECT_TRUE(report.all_delivered);
  EXPECT_EQ(f.spool.totals().rounds, 0u);
  EXPECT_NE(f.log.str().find("warning master refused some posted lines"), std::string::npos)
      << f.log.str();
  EXPECT_NE(f.log.str().find("line 2: /b: no such target"), std::string::npos);
  // Nothing is left to send again.
  f.master.answer = [](const Post&) { return ok(); };
  f.session.deliver(1, 1, false);
  EXPECT_EQ(f.master.posts.size(), 1u);
}

TEST(Session, NothingSpooledMeansNoPostUnlessAskingForAConfig) {
  Fixture f;
  f.master.answer = [](const Post&) { return config(99); };
  auto quiet = f.session.deliver(5, 5, false);
  EXPECT_TRUE(quiet.all_delivered);
  EXPECT_TRUE(f.master.posts.empty());
  auto fetched = f.session.deliver(0, 0, true);
  ASSERT_EQ(f.master.posts.size(), 1u);
  EXPECT_EQ(f.master.posts[0].data, "");
  EXPECT_EQ(f.master.posts[0].config_time, 0);
  ASSERT_TRUE(fetched.config);
  EXPECT_EQ(fetched.config->last, 99);
}

TEST(Session, ConfigAnswerCountsAsDeliveredAndLaterPostsAnnounceIt) {
  Fixture f;
  SessionSettings small{"slave1", kSecret, "m", 1};  // one round per POST
  Session session(small, f.master, f.spool, f.log.log);
  for (int i = 0; i < 3; ++i) f.round(i);
  f.master.answer = [](const Post& p) { return p.config_time < 50 ? config(50) : ok(); };
  auto report = session.deliver(0, 0, true);
  EXPECT_TRUE(report.all_delivered);
  ASSERT_TRUE(report.config);
  EXPECT_EQ(report.config->last, 50);
  ASSERT_EQ(f.master.posts.size(), 3u);
  EXPECT_EQ(f.master.posts[0].config_time, 0);
  EXPECT_EQ(f.master.posts[1].config_time, 50);
  EXPECT_EQ(f.master.posts[2].config_time, 50);
  EXPECT_EQ(f.spool.totals().rounds, 0u);
}

TEST(Session, OlderConfigIsRefusedAndTheDataKept) {
  Fixture f;
  f.round(0);
  f.master.answer = [](const Post&) { return config(10); };
  auto report = f.session.deliver(0, 20, false);
  EXPECT_FALSE(report.config);
  EXPECT_FALSE(report.all_delivered);
  EXPECT_EQ(f.spool.totals().rounds, 1u);
}

TEST(Session, BacklogGoesInBoundedPostsOldestFirstAndStopsAtAFailure) {
  Fixture f;
  std::vector<std::string> produced;
  for (int i = 0; i < 10; ++i) {
    for (auto& line : f.round(i)) produced.push_back(line);
  }
  // About three rounds per POST.
  std::size_t round_bytes = produced[0].size() + produced[1].size() + 2;
  Session session(SessionSettings{"slave1", kSecret, "m", 3 * round_bytes}, f.master, f.spool,
                  f.log.log);
  int answered = 0;
  std::vector<std::string> delivered;
  f.master.answer = [&](const Post& p) {
    if (++answered == 3) return HttpAnswer::failed("timeout");
    for (auto& line : split_lines(p.data)) delivered.push_back(line);
    return ok();
  };
  auto first = session.deliver(1, 1, false);
  EXPECT_FALSE(first.all_delivered);
  EXPECT_EQ(f.master.posts.size(), 3u);
  EXPECT_EQ(first.rounds, 6u);
  auto second = session.deliver(1, 1, false);
  EXPECT_TRUE(second.all_delivered);
  EXPECT_EQ(delivered, produced);
  for (const Post& p : f.master.posts) EXPECT_LE(p.data.size(), 3 * round_bytes);
}

TEST(Session, SurvivesRestartBetweenFailedPostAndRecovery) {
  std::vector<std::string> produced, delivered;
  TempDir dir;
  CapturedLog log;
  ScriptedMaster master;
  master.answer = [](const Post&) { return HttpAnswer::failed("down"); };
  {
    Spool spool(dir.path(), {}, log.log, kNow);
    Session session({"slave1", kSecret, "m"}, master, spool, log.log);
    for (int i = 0; i < 3; ++i) {
      std::vector<std::string> lines = {"/a\t" + std::to_string(kNow + i) + "\tU:3:U:U:U:U"};
      spool.add(lines, kNow + i, kNow + i);
      produced.push_back(lines[0]);
      session.deliver(1, 1, false);
    }
  }  // the process ends here
  master.answer = [&](const Post& p) {
    for (auto& line : split_lines(p.data)) delivered.push_back(line);
    return ok();
  };
  Spool spool(dir.path(), {}, log.log, kNow);
  Session session({"slave1", kSecret, "m"}, master, spool, log.log);
  EXPECT_TRUE(session.deliver(0, 0, true).all_delivered);
  EXPECT_EQ(delivered, produced);
}

}  // namespace

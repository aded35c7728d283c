// What the master's answers mean for the data: only an unmistakable OK or a valid, signed,
// current config counts as delivered.
#include "smokeping/uplink/answer.hpp"

#include <gtest/gtest.h>

#include "smokeping/protocol/hmac.hpp"
#include "tests/support/shared_files.hpp"

namespace {

using smokeping::protocol::hmac_md5_hex;
using smokeping::uplink::AnswerKind;
using smokeping::uplink::classify_answer;
using smokeping::uplink::HttpAnswer;

constexpr const char* kSecret = "s3cret-one";

HttpAnswer text(long status, std::string content_type, std::string body) {
  HttpAnswer a;
  a.status = status;
  a.content_type = std::move(content_type);
  a.body = std::move(body);
  return a;
}

std::string capture(const std::string& name) {
  auto body =
      smokeping::test::read_file(smokeping::test::shared_dir() + "/reference/protocol/" + name);
  return body ? *body : std::string();
}

// The config body the original master sent (exchange 01), signed as it was.
HttpAnswer original_config() {
  HttpAnswer a =
      text(200, "application/smokeping-config", capture("01-first-contact.response-body.txt"));
  a.protocol = "2";
  a.key = hmac_md5_hex(kSecret, a.body);
  return a;
}

TEST(Answer, OkWithAndWithoutLineFeedIsDelivered) {
  EXPECT_EQ(classify_answer(text(200, "text/plain", "OK\n"), kSecret, 0).kind,
            AnswerKind::delivered);
  EXPECT_EQ(classify_answer(text(200, "text/plain; charset=ISO-8859-1", "OK"), kSecret, 0).kind,
            AnswerKind::delivered);
}

TEST(Answer, CapturedOkOfTheOriginalIsDelivered) {
  std::string body = capture("02-data-ok.response-body.txt");
  if (body.empty()) GTEST_SKIP() << "captures not found";
  EXPECT_EQ(classify_answer(text(200, "text/plain", body), kSecret, 0).kind, AnswerKind::delivered);
}

TEST(Answer, WarningTextsOfTheOriginalKeepTheData) {
  for (const char* body :
       {"WARNING: No secret found for slave slave1\n",
        "WARNING: I don't know the slave slave1 ignoring it",
        "WARNING: Data from slave1 was signed with abc which does not match our expectation\n",
        "WARNING: I expected protocol 2 and got ? from slave slave1. I will skip this.\n",
        "WARNING: No targets found for slave 'slave1'\n",
        "WARNING: Opening secrets file /x: No such file or directory\n"}) {
    auto a = classify_answer(text(200, "text/plain", body), kSecret, 0);
    EXPECT_EQ(a.kind, AnswerKind::not_delivered) << body;
    EXPECT_NE(a.reason.find("WARNING"), std::string::npos) << a.reason;
  }
}

TEST(Answer, PartlyRefusedPostIsDeliveredWithTheMastersReasons) {
  // The master stored the good lines; posting them again would store them twice.
  const std::string body =
      "WARNING: Refused 2 of 5 lines from slave slave1; the others were stored:\n"
      "line 3: /nope: no such target\n"
      "line 5: /a: time stamp is in the future\n";
  auto a = classify_answer(text(200, "text/plain; charset=utf-8", body), kSecret, 0);
  EXPECT_EQ(a.kind, AnswerKind::delivered) << a.reason;
  EXPECT_TRUE(a.delivered());
  EXPECT_NE(a.refusal.find("Refused 2 of 5"), std::string::npos) << a.refusal;
  EXPECT_NE(a.refusal.find("line 3: /nope: no such target"), std::string::npos) << a.refusal;
  EXPECT_NE(a.refusal.find("line 5: /a: time stamp"), std::string::npos) << a.refusal;
  EXPECT_EQ(a.refusal.find('\n'), std::string::npos);  // one log line
}

TEST(Answer, AllLinesRefusedIsDeliveredToo) {
  // Bad input stays bad: as the original slave, which drops its data on any 2xx answer.
  auto a = classify_answer(
      text(200, "text/plain",
           "WARNING: Refused 1 of 1 lines from slave s1; nothing was stored:\nline 1: bad\n"),
      kSecret, 0);
  EXPECT_EQ(a.kind, AnswerKind::delivered);
  EXPECT_NE(a.refusal.find("nothing was stored"), std::string::npos);
}

TEST(Answer, PartialRefusalKeepsOnlyTheFirstLinesForTheLog) {
  std::string body = "WARNING: Refused 20 of 20 lines from slave s1; nothing was stored:\n";
  for (int i = 1; i <= 20; ++i) body += "line " + std::to_string(i) + ": marker" + "\n";
  auto a = classify_answer(text(200, "text/plain", body), kSecret, 0);
  ASSERT_EQ(a.kind, AnswerKind::delivered);
  EXPECT_NE(a.refusal.find("line 1: marker"), std::string::npos);
  EXPECT_EQ(a.refusal.find("line 20: marker"), std::string::npos);
  EXPECT_LT(a.refusal.size(), 1200u);
}

TEST(Answer, LookalikesOfThePartialRefusalKeepTheData) {
  for (const char* body :
       {"WARNING: Refused lines from slave s1\n", "WARNING: Refused 2 of 5 lines\n",
        "WARNING: Refused x of 5 lines from slave s1;\n",
        "WARNING: Refused 2 of 5 lines from master s1;\n",
        " WARNING: Refused 2 of 5 lines from slave s1;\n", "Refused 2 of 5 lines from slave s1;\n",
        "WARNING: post of slave s1 refused: auth_nonce was used before\n"}) {
    auto a = classify_answer(text(200, "text/plain", body), kSecret, 0);
    EXPECT_EQ(a.kind, AnswerKind::not_delivered) << body;
    EXPECT_TRUE(a.refusal.empty());
  }
  // Right text, wrong wrapping: a proxy's page or an error status is no answer of the master.
  const char* refusal = "WARNING: Refused 1 of 2 lines from slave s1; the others were stored:\n";
  EXPECT_EQ(classify_answer(text(200, "text/html", refusal), kSecret, 0).kind,
            AnswerKind::not_delivered);
  EXPECT_EQ(classify_answer(text(500, "text/plain", refusal), kSecret, 0).kind,
            AnswerKind::not_delivered);
}

TEST(Answer, CapturedWrongKeyAnswerKeepsTheData) {
  std::string body = capture("03-wrong-key-data.response-body.txt");
  if (body.empty()) GTEST_SKIP() << "captures not found";
  EXPECT_EQ(classify_answer(text(200, "text/plain", body), kSecret, 0).kind,
            AnswerKind::not_delivered);
}

TEST(Answer, BodiesMerelyContainingOkKeepTheData) {
  for (const char* body : {"OK\n\n", " OK", "OK\r\n", "ok\n", "<html>OK</html>", ""}) {
    EXPECT_EQ(classify_answer(text(200, "text/plain", body), kSecret, 0).kind,
              AnswerKind::not_delivered)
        << body;
  }
}

TEST(Answer, ProxyHtmlPageWithStatus200KeepsTheData) {
  auto a = classify_answer(text(200, "text/html", "<html><body>OK</body></html>"), kSecret, 0);
  EXPECT_EQ(a.kind, AnswerKind::not_delivered);
  auto b = classify_answer(text(200, "text/html", "OK\n"), kSecret, 0);
  EXPECT_EQ(b.kind, AnswerKind::not_delivered);
}

TEST(Answer, ErrorStatusAndRedirectKeepTheData) {
  for (long status : {500L, 503L, 302L, 301L, 404L, 100L}) {
    auto a = classify_answer(text(status, "text/plain", "OK\n"), kSecret, 0);
    EXPECT_EQ(a.kind, AnswerKind::not_delivered) << status;
    EXPECT_NE(a.reason.find(std::to_string(status)), std::string::npos) << a.reason;
  }
}

TEST(Answer, TransportErrorKeepsTheData) {
  auto a = classify_answer(HttpAnswer::failed("Couldn't connect to server"), kSecret, 0);
  EXPECT_EQ(a.kind, AnswerKind::not_delivered);
  EXPECT_NE(a.reason.find("Couldn't connect"), std::string::npos);
}

TEST(Answer, SignedConfigOfTheOriginalIsTaken) {
  HttpAnswer answer = original_config();
  if (answer.body.empty()) GTEST_SKIP() << "captures not found";
  auto a = classify_answer(answer, kSecret, 0);
  ASSERT_EQ(a.kind, AnswerKind::new_config) << a.reason;
  EXPECT_TRUE(a.delivered());
  ASSERT_TRUE(a.config);
  EXPECT_EQ(a.config->last, 1795627733);
  // The header the original CGI sent is the same HMAC.
  EXPECT_NE(capture("01-first-contact.response.txt").find("Key: " + answer.key), std::string::npos);
}

TEST(Answer, ConfigWithWrongKeyIsRefusedAndKeepsTheData) {
  HttpAnswer answer = original_config();
  if (answer.body.empty()) GTEST_SKIP() << "captures not found";
  answer.key = hmac_md5_hex("another secret", answer.body);
  auto a = classify_answer(answer, kSecret, 0);
  EXPECT_EQ(a.kind, AnswerKind::not_delivered);
  EXPECT_FALSE(a.config);
  EXPECT_NE(a.reason.find("wrong key"), std::string::npos);
  EXPECT_EQ(a.reason.find(kSecret), std::string::npos);
  answer.key = "";
  EXPECT_EQ(classify_answer(answer, kSecret, 0).kind, AnswerKind::not_delivered);
}

TEST(Answer, ConfigWithProtocolOtherThan2IsRefused) {
  HttpAnswer answer = original_config();
  if (answer.body.empty()) GTEST_SKIP() << "captures not found";
  for (const char* protocol : {"1", "", "3", "2 "}) {
    answer.protocol = protocol;
    auto a = classify_answer(answer, kSecret, 0);
    EXPECT_EQ(a.kind, AnswerKind::not_delivered) << protocol;
    EXPECT_NE(a.reason.find("protocol"), std::string::npos);
  }
}

TEST(Answer, OlderConfigIsRefused) {
  HttpAnswer answer = original_config();
  if (answer.body.empty()) GTEST_SKIP() << "captures not found";
  auto a = classify_answer(answer, kSecret, 1795627734);
  EXPECT_EQ(a.kind, AnswerKind::not_delivered);
  EXPECT_NE(a.reason.find("older"), std::string::npos);
  EXPECT_EQ(classify_answer(answer, kSecret, 1795627733).kind, AnswerKind::new_config);
}

TEST(Answer, ConfigTypeWithCharsetIsNotAConfig) {
  HttpAnswer answer = original_config();
  if (answer.body.empty()) GTEST_SKIP() << "captures not found";
  answer.content_type = "application/smokeping-config; charset=utf-8";
  auto a = classify_answer(answer, kSecret, 0);
  EXPECT_EQ(a.kind, AnswerKind::not_delivered);
  EXPECT_FALSE(a.config);
}

TEST(Answer, SignedButUnreadableConfigIsRefused) {
  for (std::string body : {std::string("$VAR1 = { 'General' => system('id') };\n"),
                           std::string("$VAR1 = {};\n"), std::string("garbage")}) {
    HttpAnswer answer = text(200, "application/smokeping-config", body);
    answer.protocol = "2";
    answer.key = hmac_md5_hex(kSecret, body);
    auto a = classify_answer(answer, kSecret, 0);
    EXPECT_EQ(a.kind, AnswerKind::not_delivered) << body;
    EXPECT_FALSE(a.reason.empty());
  }
}

TEST(Answer, ExcerptIsShortAndPrintable) {
  std::string body(1000, 'x');
  body[3] = '\n';
  std::string e = smokeping::uplink::body_excerpt(body);
  EXPECT_LT(e.size(), 240u);
  EXPECT_EQ(e.find('\n'), std::string::npos);
  EXPECT_NE(e.find("\\x0a"), std::string::npos);
  EXPECT_NE(e.find("1000 bytes"), std::string::npos);
}

}  // namespace

#include "smokeping/alerts/message.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace smokeping::alerts {
namespace {

Event sample(std::string what = "was raised", bool edge = true) {
  Event e;
  e.alert = "bigloss";
  e.what = std::move(what);
  e.edgetrigger = edge;
  e.line = "Net.Router [from boomer]";
  e.url = "http://127.0.0.1/smokeping.cgi?target=Net.Router";
  e.loss = "loss: S, 0%, 50%";
  e.rtt = "rtt: S, 1ms, U";
  e.host = "127.0.0.2";
  e.comment = "lost half";
  e.pattern = "==0%,>20%";
  e.from = "smokeping@example.org";
  e.recipients = {"ops@example.org", "|/bin/page", "Night Shift <night@example.org>", "snpp:1234",
                  "xmpp:ops@example.org"};
  e.time = 1'700'000'000;
  return e;
}

TEST(PipeArgv, EdgeTriggeredRaiseEndsWithOne) {
  EXPECT_EQ(pipe_argv(sample(), "/bin/page"),
            (std::vector<std::string>{"/bin/page", "bigloss", "Net.Router [from boomer]",
                                      "loss: S, 0%, 50%", "rtt: S, 1ms, U", "127.0.0.2", "1"}));
}

TEST(PipeArgv, ClearAndPlainAlertsHaveNoEdgeArgument) {
  EXPECT_EQ(pipe_argv(sample("was cleared"), "/bin/page").size(), 6u);
  EXPECT_EQ(pipe_argv(sample("is active", false), "/bin/page").size(), 6u);
}

TEST(MailRecipients, OnlyMailAddressesAngleBracketsTaken) {
  EXPECT_EQ(mail_recipients(sample()),
            (std::vector<std::string>{"ops@example.org", "night@example.org"}));
}

TEST(MailBody, BuiltInTextHasTheOriginalsSubjectAndSections) {
  std::string body = mail_body(sample());
  EXPECT_EQ(
      body.rfind("Subject: [SmokeAlert] bigloss was raised on Net.Router [from boomer]\n\n", 0), 0u)
      << body;
  EXPECT_NE(body.find("Alert \"bigloss\" was raised for "
                      "http://127.0.0.1/smokeping.cgi?target=Net.Router\n"),
            std::string::npos);
  EXPECT_NE(body.find("Pattern\n-------\n==0%,>20%\n"), std::string::npos);
  EXPECT_NE(body.find("Data (old --> now)\n------------------\nloss: S, 0%, 50%\nrtt: S, 1ms, U\n"),
            std::string::npos);
  EXPECT_NE(body.find("Comment\n-------\nlost half\n"), std::string::npos);
  EXPECT_NE(body.find(stamp_text(1'700'000'000)), std::string::npos);
}

TEST(MailBody, TemplateGetsEveryPlaceholderFilled) {
  std::string path =
      std::filesystem::temp_directory_path() / ("sp-alerts-template-" + std::to_string(::getpid()));
  std::ofstream(path) << "Subject: <##ALERT##>/<##WHAT##>\n\n<##LINE##>|<##URL##>|<##STAMP##>|"
                         "<##PAT##>|<##LOSS##>|<##RTT##>|<##COMMENT##>|<##OTHER##>\n";
  Event e = sample();
  e.mailtemplate = path;
  std::string body = mail_body(e);
  std::filesystem::remove(path);
  EXPECT_EQ(body, "Subject: bigloss/was raised\n\nNet.Router [from boomer]|" + e.url + "|" +
                      stamp_text(e.time) +
                      "|==0%,>20%|loss: S, 0%, 50%|rtt: S, 1ms, U|lost half|<##OTHER##>\n");
}

TEST(MailBody, UnreadableTemplateSaysSoInTheSubject) {
  Event e = sample();
  e.mailtemplate = "/nonexistent/smokeping/tmail";
  EXPECT_EQ(mail_body(e),
            "Subject: smokeping failed to open mailtemplate '/nonexistent/smokeping/tmail'\n\n"
            "see subject\n");
}

TEST(MailMessage, HeadersComeFirst) {
  std::string m = mail_message(sample(), "a@b,c@d");
  EXPECT_EQ(m.rfind("To: a@b,c@d\nFrom: smokeping@example.org\nDate: " +
                        rfc2822_date(1'700'000'000) + "\nSubject: ",
                    0),
            0u)
      << m;
}

TEST(Rfc2822Date, EnglishNamesAndZone) {
  std::string d = rfc2822_date(1'700'000'000);  // 2023-11-14 22:13:20 UTC
  EXPECT_NE(d.find("Nov 2023"), std::string::npos) << d;
  EXPECT_TRUE(d.back() >= '0' && d.back() <= '9') << d;
}

}  // namespace
}  // namespace smokeping::alerts

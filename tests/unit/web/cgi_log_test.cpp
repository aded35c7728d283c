// The CGI's log lines: the original's CGI::Carp prefix, one line per message whatever the
// message holds, and nothing below info.
#include "smokeping/web/cgi_log.hpp"

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <regex>

#include "tests/unit/web/slave_endpoint_support.hpp"

namespace smokeping::web {
namespace {

constexpr std::time_t kNov5Noon = 1793880000;  // 2026-11-05 12:00 UTC: the 5th in any zone

TEST(CgiLog, LineHasTheCtimeProgramAndClient) {
  std::string line = cgi_log_line(kNov5Noon, "127.0.0.1", "slave post slave=slave1");
  std::regex form(
      R"(\[(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) )"
      R"([ 123][0-9] [0-2][0-9]:[0-5][0-9]:[0-6][0-9] [0-9]{4}\] )"
      R"(smokeping\.cgi \[client 127\.0\.0\.1\]: slave post slave=slave1\n)");
  EXPECT_TRUE(std::regex_match(line, form)) << line;
  EXPECT_NE(line.find(" Nov  5 "), std::string::npos) << "day padded with a space: " << line;
}

TEST(CgiLog, LineWithoutClientHasNoClientPart) {
  std::string line = cgi_log_line(kNov5Noon, "", "ERROR: bad config");
  EXPECT_NE(line.find("] smokeping.cgi: ERROR: bad config\n"), std::string::npos) << line;
}

TEST(CgiLog, ControlBytesAreEscapedSoAMessageIsOneLine) {
  std::string line = cgi_log_line(kNov5Noon, "::1", "slave=evil\nfake line\r\x1b[2J");
  EXPECT_EQ(std::count(line.begin(), line.end(), '\n'), 1) << line;
  EXPECT_NE(line.find("slave=evil\\x0afake line\\x0d\\x1b[2J\n"), std::string::npos) << line;
  EXPECT_NE(line.find("[client ::1]"), std::string::npos) << line;
}

TEST(CgiLog, ClientThatIsNotAnAddressIsShownAsQuestionMark) {
  std::string line = cgi_log_line(kNov5Noon, "1.2.3.4] smokeping.cgi: forged", "x");
  EXPECT_NE(line.find("[client ?]: x\n"), std::string::npos) << line;
}

TEST(CgiLog, VeryLongMessageIsCut) {
  std::string line = cgi_log_line(kNov5Noon, "", std::string(100000, 'a'));
  EXPECT_LT(line.size(), 4200u);
  EXPECT_EQ(line.substr(line.size() - 4), "...\n");
}

TEST(CgiLog, LoggersWriteOneLineEachAndSkipDebug) {
  test::LogLines lines;
  CgiLog log = lines.log();
  log.for_client("10.0.0.1")->warn("refused slave={} reason={}", "s1", "bad key");
  log.general()->debug("not shown");
  log.general()->error("config broken");
  ASSERT_EQ(lines.lines.size(), 2u);
  EXPECT_NE(
      lines.lines[0].find("smokeping.cgi [client 10.0.0.1]: refused slave=s1 reason=bad key\n"),
      std::string::npos)
      << lines.lines[0];
  EXPECT_NE(lines.lines[1].find("smokeping.cgi: config broken\n"), std::string::npos)
      << lines.lines[1];
}

}  // namespace
}  // namespace smokeping::web

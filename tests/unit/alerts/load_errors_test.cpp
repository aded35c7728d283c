// A config whose alert pattern the original would refuse at load is refused by ours, with the
// original's message and the file and line of the `pattern` (config.md §5.1, §5.2, §5.3).
#include <gtest/gtest.h>

#include "smokeping/config/config_error.hpp"
#include "tests/support/temp_config.hpp"

namespace smokeping::alerts {
namespace {

struct BadPattern {
  const char* type;
  const char* pattern;
  const char* message;
};

const BadPattern kBadPatterns[] = {
    {"loss", ">0", "ERROR: loss should be specified in % (alert bad pattern)"},
    {"loss", "==0%,=>5%", "ERROR: Alert bad pattern entry '=>5%' is invalid"},
    {"loss", ">0%<", "ERROR: Alert bad pattern entry '>0%<' is invalid"},
    {"loss", ">0%,*0*,>0%",
     "ERROR: multi-match operator * must be followed by Number* in Alert bad definition"},
    {"loss", ">U", "ERROR: invalid operator > in connection U in Alert bad definition"},
    {"loss", "!=S", "ERROR: S is only valid with == operator in Alert bad definition"},
    {"rtt", "<*", "ERROR: operator < makes no sense with * in Alert bad definition"},
    {"loss", ">0%<=25", "ERROR: loss should be specified in % (alert bad pattern)"},
    {"matcher", "checkLoss(l=>5,x=>3)",
     "ERROR: matcher checkLoss: all matchers start with a capital letter since version 2.0"},
    {"matcher", "CheckLoss(l=>5,y=>3)",
     "ERROR: Matcher 'CheckLoss' could not be instantiated with arguments l=>5,y=>3: key 'y' "
     "is not known by this matcher"},
    {"matcher", "ExpLoss(hist=>x)",
     "ERROR: Matcher 'ExpLoss' could not be instantiated with arguments hist=>x: "},
    {"matcher", "Avgratio(historic=>5,current=>2,comparator=>'=',percentage=>1)",
     "ERROR: Matcher 'Avgratio' could not be instantiated with arguments "
     "historic=>5,current=>2,comparator=>'=',percentage=>1: key 'comparator' contains invalid "
     "data: '='"},
    {"matcher", "Nosuch(a=>1)", "Matcher 'Nosuch' could not be loaded: "},
};

TEST(AlertLoadErrors, BadPatternsAreRefusedWithTheOriginalsMessageAndTheirLine) {
  test::TempConfig dir;
  for (const auto& bad : kBadPatterns) {
    SCOPED_TRACE(bad.pattern);
    std::string before = dir.head() + dir.probes() +
                         "*** Alerts ***\nto = ops@example.org\nfrom = sp@example.org\n"
                         "+ bad\ntype = " +
                         bad.type + "\n";
    std::string text = before + "pattern = " + bad.pattern + "\ncomment = x\n\n" +
                       test::TempConfig::targets_top() +
                       "+ Local\nmenu = L\ntitle = L\nhost = 127.0.0.1\nalerts = bad\n";
    std::string file = dir.write("etc/config", text);
    try {
      test::load(file);
      ADD_FAILURE() << "accepted";
    } catch (const config::ConfigError& e) {
      EXPECT_EQ(e.message().rfind(bad.message, 0), 0u) << e.message();
      EXPECT_EQ(e.loc().line, test::next_line(before));
      EXPECT_NE(e.located().find(file + ", line " + std::to_string(test::next_line(before))),
                std::string::npos)
          << e.located();
    }
  }
}

TEST(AlertLoadErrors, TargetNamingAnUndefinedAlertIsRefused) {
  test::TempConfig dir;
  std::string text = dir.head() + dir.probes() +
                     "*** Alerts ***\nto = ops@example.org\nfrom = sp@example.org\n"
                     "+ known\ntype = loss\npattern = >0%\ncomment = x\n\n" +
                     test::TempConfig::targets_top() +
                     "+ Local\nmenu = L\ntitle = L\nhost = 127.0.0.1\nalerts = known,unknown\n";
  try {
    test::load(dir.write("etc/config", text));
    ADD_FAILURE() << "accepted";
  } catch (const config::ConfigError& e) {
    EXPECT_EQ(e.message(), "ERROR: alert unknown (" + dir.path("data") + "/Local) is not defined");
  }
}

TEST(AlertLoadErrors, AlertsWithoutAnAlertsSectionAreRefused) {
  test::TempConfig dir;
  std::string text = dir.config(test::TempConfig::targets_top() +
                                "+ Local\nmenu = L\ntitle = L\nhost = 127.0.0.1\nalerts = a\n");
  try {
    test::load(dir.write("etc/config", text));
    ADD_FAILURE() << "accepted";
  } catch (const config::ConfigError& e) {
    EXPECT_EQ(e.message(), "ERROR: no Alerts section");
  }
}

}  // namespace
}  // namespace smokeping::alerts

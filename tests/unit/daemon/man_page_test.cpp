#include "smokeping/daemon/man_page.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "smokeping/daemon/cli.hpp"

namespace smokeping::daemon {
namespace {

TEST(ManPage, EveryPageOfTheIssueIsEmbedded) {
  for (const char* name : {"smokeping", "smokeping.cgi", "smokeping_config", "smokeping_slave"}) {
    auto page = find_man_page(name);
    ASSERT_TRUE(page) << name;
    EXPECT_NE(page->roff.find(".TH "), std::string::npos) << name;
    EXPECT_EQ(page->roff.find("@VERSION@"), std::string::npos) << name << ": version not filled";
  }
}

TEST(ManPage, SectionsAreThoseOfTheFileNames) {
  EXPECT_EQ(find_man_page("smokeping")->section, 8);
  EXPECT_EQ(find_man_page("smokeping.cgi")->section, 8);
  EXPECT_EQ(find_man_page("smokeping_config")->section, 5);
  EXPECT_EQ(find_man_page("smokeping_slave")->section, 7);
  EXPECT_EQ(find_man_page("smokeping_config.5")->name, "smokeping_config");
}

TEST(ManPage, NoNameMeansTheDaemonsPage) { EXPECT_EQ(find_man_page("")->name, "smokeping"); }

TEST(ManPage, CliManShowsTheDaemonsPage) {
  const char* argv[] = {"smokeping", "--man"};
  std::ostringstream out, err;
  EXPECT_EQ(run_cli(2, argv, out, err), 0) << err.str();
  // Formatted by man(1) when installed, else the roff source: the NAME line is in both.
  EXPECT_NE(out.str().find("latency monitor daemon"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("--master-url"), std::string::npos);
}

TEST(ManPage, CliManOfAnotherPage) {
  const char* argv[] = {"smokeping", "--man=smokeping_config"};
  std::ostringstream out, err;
  EXPECT_EQ(run_cli(2, argv, out, err), 0) << err.str();
  EXPECT_NE(out.str().find("smokeping_config"), std::string::npos);
  EXPECT_EQ(out.str().find("latency monitor daemon"), std::string::npos);
}

TEST(ManPage, MakepodPrintsTheSourceOfTheGrammarsPageByDefault) {
  const char* argv[] = {"smokeping", "--makepod"};
  std::ostringstream out, err;
  EXPECT_EQ(run_cli(2, argv, out, err), 0) << err.str();
  EXPECT_EQ(out.str(), find_man_page("smokeping_config")->roff);
}

TEST(ManPage, MakepodOfANamedPageAndOfAnUnknownOne) {
  const char* named[] = {"smokeping", "--makepod=smokeping_slave"};
  std::ostringstream out, err;
  EXPECT_EQ(run_cli(2, named, out, err), 0) << err.str();
  EXPECT_EQ(out.str(), find_man_page("smokeping_slave")->roff);
  const char* unknown[] = {"smokeping", "--makepod=Smokeping::probes::FPing"};
  std::ostringstream out2, err2;
  EXPECT_EQ(run_cli(2, unknown, out2, err2), 2);
  EXPECT_TRUE(out2.str().empty());
  EXPECT_NE(err2.str().find("no manual page"), std::string::npos) << err2.str();
}

TEST(ManPage, UnknownPageIsAUsageErrorListingThePages) {
  const char* argv[] = {"smokeping", "--man=FPing"};
  std::ostringstream out, err;
  EXPECT_EQ(run_cli(2, argv, out, err), 2);
  EXPECT_TRUE(out.str().empty());
  EXPECT_NE(err.str().find("no manual page 'FPing'"), std::string::npos) << err.str();
  EXPECT_NE(err.str().find("smokeping_slave"), std::string::npos) << err.str();
}

}  // namespace
}  // namespace smokeping::daemon

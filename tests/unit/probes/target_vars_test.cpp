// A target's variables: node first, then the probe section, read as the original reads them.
#include "src/probes/target_vars.hpp"

#include <gtest/gtest.h>

namespace {

using smokeping::probes::PingRequest;
using smokeping::probes::TargetVars;

TEST(TargetVars, TheNodeValueWinsOverTheProbeSection) {
  smokeping::config::ProbeInstance instance;
  instance.vars = {{"timeout", "5"}, {"port", "53"}};
  std::map<std::string, std::string> node = {{"timeout", "2"}};
  PingRequest request{"t", "h", 1, &node};
  TargetVars vars(request, instance);
  EXPECT_EQ(vars.text("timeout"), "2");
  EXPECT_EQ(vars.text("port"), "53");
  EXPECT_EQ(vars.get("lookup"), nullptr);
  EXPECT_EQ(vars.text("lookup", "fallback"), "fallback");
}

TEST(TargetVars, PerlTruthAndEchoPingFlagsDiffer) {
  std::map<std::string, std::string> probe = {{"a", "0"}, {"b", ""}, {"c", "no"}, {"d", "1"}};
  TargetVars vars(probe);
  EXPECT_FALSE(vars.perl_true("a"));
  EXPECT_FALSE(vars.perl_true("b"));
  EXPECT_TRUE(vars.perl_true("c"));  // "no" is a true string in Perl
  EXPECT_FALSE(vars.flag("c"));      // but the EchoPing modules test for it
  EXPECT_FALSE(vars.flag("a"));
  EXPECT_TRUE(vars.flag("b"));
  EXPECT_TRUE(vars.flag("d"));
  EXPECT_FALSE(vars.perl_true("unset"));
  EXPECT_FALSE(vars.flag("unset"));
}

TEST(TargetVars, SecondsAcceptFractionsAndRejectJunk) {
  std::map<std::string, std::string> probe = {
      {"half", "0.5"}, {"whole", "5"}, {"junk", "5s"}, {"neg", "-1"}};
  TargetVars vars(probe);
  EXPECT_EQ(vars.seconds("half"), std::chrono::microseconds(500000));
  EXPECT_EQ(vars.seconds("whole"), std::chrono::microseconds(5000000));
  EXPECT_EQ(vars.seconds("junk"), std::nullopt);
  EXPECT_EQ(vars.seconds("neg"), std::nullopt);
  EXPECT_EQ(vars.seconds("unset"), std::nullopt);
}

TEST(TargetVars, IntegersOutsideTheRangeAreRefused) {
  std::map<std::string, std::string> probe = {{"port", "70000"}, {"ok", "22"}, {"x", "2x"}};
  TargetVars vars(probe);
  EXPECT_EQ(vars.integer("port", 1, 65535), std::nullopt);
  EXPECT_EQ(vars.integer("ok", 1, 65535), 22);
  EXPECT_EQ(vars.integer("x", 1, 65535), std::nullopt);
}

}  // namespace

// The module table of this build.
#include "smokeping/probes/probe.hpp"

#include <gtest/gtest.h>

#include "fping_test_support.hpp"

namespace {

using smokeping::probes::make_probe;
using smokeping::probes::ProbeError;
using smokeping::probes::testing::fping_instance;

TEST(MakeProbe, FPingAndFPing6AreBuilt) {
  EXPECT_EQ(make_probe(fping_instance("FPing"), nullptr)->name(), "FPing");
  EXPECT_EQ(make_probe(fping_instance("FPing6"), nullptr)->name(), "FPing6");
  auto instance = fping_instance("FPing");
  instance.name = "FPingLarge";  // an instance section keeps its own name
  EXPECT_EQ(make_probe(instance, nullptr)->name(), "FPingLarge");
}

TEST(MakeProbe, TheOtherMeasuredModulesAreBuilt) {
  for (const char* module :
       {"DNS", "AnotherDNS", "TCPPing", "Curl", "AnotherCurl", "SSH", "AnotherSSH", "EchoPing",
        "EchoPingHttp", "EchoPingHttps", "EchoPingSmtp", "EchoPingDNS", "EchoPingWhois",
        "EchoPingChargen", "EchoPingDiscard"}) {
    smokeping::config::ProbeInstance instance;
    instance.name = module;
    instance.module = smokeping::config::find_probe_module(module);
    ASSERT_NE(instance.module, nullptr) << module;
    EXPECT_EQ(make_probe(instance, nullptr)->name(), module);
  }
}

TEST(MakeProbe, ModulesWithoutAnImplementationAreRefusedByName) {
  for (const char* module : {"IRTT", "EchoPingLDAP", "EchoPingIcp", "Radius"}) {
    smokeping::config::ProbeInstance instance;
    instance.name = module;
    instance.module = smokeping::config::find_probe_module(module);
    ASSERT_NE(instance.module, nullptr) << module;
    try {
      make_probe(instance, nullptr);
      FAIL() << "no ProbeError for " << module;
    } catch (const ProbeError& e) {
      EXPECT_EQ(std::string(e.what()),
                std::string("probe ") + module + " is not supported by this build");
    }
  }
}

TEST(MakeProbe, AnEmptyRoundMeasuresNothing) {
  auto probe = make_probe(fping_instance("FPing"), nullptr);
  EXPECT_TRUE(probe->measure({}).empty());
}

}  // namespace

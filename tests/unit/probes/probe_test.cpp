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

TEST(MakeProbe, OtherModulesAreNotSupportedYet) {
  smokeping::config::ProbeInstance dns;
  dns.name = "DNS";
  dns.module = smokeping::config::find_probe_module("DNS");
  ASSERT_NE(dns.module, nullptr);
  try {
    make_probe(dns, nullptr);
    FAIL() << "no ProbeError";
  } catch (const ProbeError& e) {
    EXPECT_STREQ(e.what(), "probe DNS is not supported by this build");
  }
}

TEST(MakeProbe, AnEmptyRoundMeasuresNothing) {
  auto probe = make_probe(fping_instance("FPing"), nullptr);
  EXPECT_TRUE(probe->measure({}).empty());
}

}  // namespace

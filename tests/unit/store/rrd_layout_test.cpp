// File names and `rrdtool create` arguments against the original's (web-and-rrd.md §1.1, §1.3).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "smokeping/config/load.hpp"
#include "smokeping/store/rrd_store.hpp"
#include "src/store/detail/rrd_text.hpp"
#include "tests/support/temp_config.hpp"
#include "tests/unit/store/store_test_support.hpp"

namespace smokeping::store {
namespace {

using Strings = std::vector<std::string>;

TEST(CreateArgs, MatchTheOriginalsVerifiedCall) {
  // reference/web/rrd/daemon-debug-run.txt: "Calling RRDs::create(... --start 1795627414 ...)"
  // at epoch 1795627415, step 300, pings 5, Debian's RRA table.
  Strings expected = {"--start",
                      "1795627414",
                      "--step",
                      "300",
                      "DS:uptime:GAUGE:600:0:U",
                      "DS:loss:GAUGE:600:0:5",
                      "DS:median:GAUGE:600:0:U",
                      "DS:ping1:GAUGE:600:0:U",
                      "DS:ping2:GAUGE:600:0:U",
                      "DS:ping3:GAUGE:600:0:U",
                      "DS:ping4:GAUGE:600:0:U",
                      "DS:ping5:GAUGE:600:0:U",
                      "RRA:AVERAGE:0.5:1:1008",
                      "RRA:AVERAGE:0.5:12:4320",
                      "RRA:MIN:0.5:12:4320",
                      "RRA:MAX:0.5:12:4320",
                      "RRA:AVERAGE:0.5:144:720",
                      "RRA:MAX:0.5:144:720",
                      "RRA:MIN:0.5:144:720"};
  EXPECT_EQ(create_args(test::debian_spec("/d/A/all5~boomer.rrd"), 1795627415), expected);
}

TEST(CreateArgs, HeartbeatIsTwiceTheStepAndLossMaxIsPings) {
  Strings args = create_args(RrdSpec{"/x.rrd", 60, 20, {{"MAX", 0.25, 2, 10}}}, 1000);
  ASSERT_EQ(args.size(), 4u + 23u + 1u);
  EXPECT_EQ(args[1], "999");
  EXPECT_EQ(args[3], "60");
  EXPECT_EQ(args[5], "DS:loss:GAUGE:120:0:20");
  EXPECT_EQ(args[26], "DS:ping20:GAUGE:120:0:U");
  EXPECT_EQ(args[27], "RRA:MAX:0.25:2:10");
}

TEST(PerlNumber, FormatsAsPerlPrintsNumbers) {
  using detail::perl_number;
  EXPECT_EQ(perl_number(0.5), "0.5");
  EXPECT_EQ(perl_number(0), "0");
  EXPECT_EQ(perl_number(20), "20");
  EXPECT_EQ(perl_number(0.1 + 0.2), "0.3");
  EXPECT_EQ(perl_number(1e-6 * 1.2), "1.2e-06");
  EXPECT_EQ(perl_number(1e20), "1e+20");
}

TEST(TemplateArg, NamesEveryColumnInOrder) {
  EXPECT_EQ(detail::template_arg(3), "uptime:loss:median:ping1:ping2:ping3");
}

TEST(RrdPath, MasterAndSlaveFilesSitUnderDatadir) {
  config::Config config;
  config.general.datadir = "/var/lib/smokeping";
  config::TargetNode node;
  node.path = {"Europe", "Zurich"};
  EXPECT_EQ(rrd_path(config, node), "/var/lib/smokeping/Europe/Zurich.rrd");
  EXPECT_EQ(rrd_path(config, node, "boomer"), "/var/lib/smokeping/Europe/Zurich~boomer.rrd");
}

TEST(RrdPath, DatadirIsPastedAsWritten) {
  config::Config config;
  config.general.datadir = "/data/";
  config::TargetNode node;
  node.path = {"A"};
  EXPECT_EQ(rrd_path(config, node), "/data//A.rrd");
}

TEST(RrdSpec, SlaveFilesUseTheNodesProbeStepAndPings) {
  smokeping::test::TempConfig temp;
  std::string file = temp.write(
      "config", temp.general() +
                    smokeping::test::TempConfig::database(
                        "step = 300\npings = 20\nAVERAGE 0.5 1 1008\nMIN 0.5 12 4320\n") +
                    temp.presentation() + temp.probes("step = 60\npings = 7\n") +
                    "*** Slaves ***\nsecrets = " + temp.path("secrets") +
                    "\n+ boomer\ndisplay_name = Boomer\ncolor = ff0000\n" +
                    smokeping::test::TempConfig::targets_top() +
                    "+ A\n++ b\nhost = 127.0.0.1\nslaves = boomer\n");
  auto config = smokeping::test::load(file);
  const config::TargetNode* node = config->find_target({"A", "b"});
  ASSERT_NE(node, nullptr);
  RrdSpec master = rrd_spec(*config, *node);
  RrdSpec slave = rrd_spec(*config, *node, "boomer");
  EXPECT_EQ(master.path, temp.path("data") + "/A/b.rrd");
  EXPECT_EQ(slave.path, temp.path("data") + "/A/b~boomer.rrd");
  EXPECT_EQ(master.step, 60);
  EXPECT_EQ(master.pings, 7);
  EXPECT_EQ(slave.step, master.step);
  EXPECT_EQ(slave.pings, master.pings);
  EXPECT_EQ(master.rras,
            (std::vector<config::Rra>{{"AVERAGE", 0.5, 1, 1008}, {"MIN", 0.5, 12, 4320}}));
}

}  // namespace
}  // namespace smokeping::store

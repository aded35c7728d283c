// From a received config to the lines a slave posts: the typed model built from the master's
// tree (config::build_config) and one line per target of the probe.
#include "smokeping/daemon/slave_sink.hpp"

#include <gtest/gtest.h>

#include "smokeping/config/load.hpp"
#include "smokeping/protocol/slave_config_receive.hpp"
#include "tests/support/shared_files.hpp"

namespace {

using smokeping::daemon::round_lines;
using smokeping::results::Measurement;

std::shared_ptr<const smokeping::config::Config> received(const std::string& body) {
  auto r = smokeping::protocol::read_slave_config_text(body);
  smokeping::config::LoadOptions load;
  load.load_checks = false;
  return smokeping::config::build_config(std::move(r.raw), "http://master/", load);
}

std::string body_with_targets(const std::string& targets,
                              const std::string& probes = "'FPing' => {}",
                              const std::string& top_probe = "FPing") {
  return "$VAR1 = {'General' => {}, 'Database' => {'step' => '10', 'pings' => '3', "
         "'_table' => [['AVERAGE', '0.5', '1', '10']]}, 'Probes' => {" +
         probes + "}, 'Targets' => {'probe' => '" + top_probe + "', " + targets +
         "}, '__last' => 5};\n";
}

TEST(SlaveRoundLines, CapturedConfigOfTheOriginalMaster) {
  auto body = smokeping::test::read_file(smokeping::test::shared_dir() +
                                         "/reference/protocol/01-first-contact.response-body.txt");
  if (!body) GTEST_SKIP() << "captures not found";
  auto config = received(*body);
  EXPECT_EQ(config->file, "http://master/");
  Measurement t2{
      "Local/t2",
      1795627740,
      3,
      {std::chrono::microseconds(26), std::chrono::microseconds(18), std::chrono::microseconds(36)},
      std::nullopt};
  auto lines = round_lines(*config, "FPing", {t2}, 1795627741);
  // The same line the original slave sent for t2 (exchange 02); t3 was not measured.
  EXPECT_EQ(lines, (std::vector<std::string>{
                       "/Local/t2\t1795627740\tU:0:2.6000000000e-05:1.8000000000e-05:"
                       "2.6000000000e-05:3.6000000000e-05",
                       "/Local/t3\t1795627741\tU:3:U:U:U:U"}));
}

TEST(SlaveRoundLines, DynamicAndUnmeasuredTargetsAreReportedLost) {
  auto config = received(body_with_targets(
      "'d' => {'probe' => 'FPing', 'host' => 'DYNAMIC/0123abc'}, "
      "'h' => {'probe' => 'FPing', 'host' => '127.0.0.1'}, "
      "'g' => {'probe' => 'FPing', 'x' => {'probe' => 'FPing', 'host' => '127.0.0.2'}}"));
  auto lines = round_lines(*config, "FPing", {}, 100);
  std::sort(lines.begin(), lines.end());
  EXPECT_EQ(lines, (std::vector<std::string>{"/d\t100\tU:3:U:U:U:U", "/g/x\t100\tU:3:U:U:U:U",
                                             "/h\t100\tU:3:U:U:U:U"}));
}

TEST(SlaveRoundLines, OnlyTheRoundsProbeAndItsPings) {
  auto config = received(body_with_targets(
      "'a' => {'probe' => 'FPingSmall', 'host' => '127.0.0.1'}, "
      "'b' => {'probe' => 'FPingBig', 'host' => '127.0.0.2'}",
      "'FPing' => {'FPingSmall' => {}, 'FPingBig' => {'pings' => '5'}}", "FPingSmall"));
  EXPECT_EQ(round_lines(*config, "FPingBig", {}, 7),
            std::vector<std::string>{"/b\t7\tU:5:U:U:U:U:U:U"});
  EXPECT_EQ(round_lines(*config, "FPingSmall", {}, 7),
            std::vector<std::string>{"/a\t7\tU:3:U:U:U:U"});
  EXPECT_TRUE(round_lines(*config, "Other", {}, 7).empty());
}

TEST(SlaveBuildConfig, ProbeWithStepZeroIsRefused) {
  EXPECT_THROW(received(body_with_targets("'a' => {'probe' => 'FPing', 'host' => '127.0.0.1'}",
                                          "'FPing' => {'step' => '0'}")),
               std::exception);
}

TEST(SlaveBuildConfig, MastersLoadChecksWouldRefuseASlavesTree) {
  // Targets name their slaves, and a slave's tree has no Slaves section: the master's checks
  // do not apply, which is why the slave builds with load_checks = false.
  auto r = smokeping::protocol::read_slave_config_text(
      body_with_targets("'a' => {'probe' => 'FPing', 'host' => '127.0.0.1', 'slaves' => 's1'}"));
  smokeping::config::LoadOptions strict;
  EXPECT_THROW(smokeping::config::build_config(std::move(r.raw), "m", strict),
               smokeping::config::ConfigError);
}

TEST(SlaveBuildConfig, NoTreeIsRefused) {
  EXPECT_THROW(smokeping::config::build_config(nullptr, "m", {}), std::invalid_argument);
}

}  // namespace

// The InfluxDB parts of the model (2.9.0): the section and each target's influx_ variables.
#include <gtest/gtest.h>

#include "smokeping/config/load.hpp"
#include "smokeping/config/model.hpp"
#include "tests/support/temp_config.hpp"

namespace smokeping::config {
namespace {

using test::TempConfig;
using Tags = std::vector<std::pair<std::string, std::string>>;

std::shared_ptr<const Config> load_targets(const TempConfig& tmp, const std::string& targets,
                                           const std::string& extra = "") {
  return test::load(tmp.write("etc/config", tmp.config_with("", "", targets) + extra));
}

TEST(InfluxTags, OwnVariablesBecomeTagsByNameWithThePrefixCut) {
  TempConfig tmp;
  auto cfg = load_targets(tmp, TempConfig::targets_top() +
                                   "+ A\nhost = 127.0.0.1\ninflux_rack = 3\n"
                                   "influx_location = in the basement\n");
  EXPECT_EQ(cfg->find_target({"A"})->influx_tags,
            (Tags{{"location", "in the basement"}, {"rack", "3"}}));
}

TEST(InfluxTags, AreNotInheritedByChildren) {
  TempConfig tmp;
  auto cfg = load_targets(
      tmp, TempConfig::targets_top() + "+ G\ninflux_site = hq\n++ A\nhost = 127.0.0.1\n");
  EXPECT_TRUE(cfg->find_target({"G", "A"})->influx_tags.empty());
  EXPECT_EQ(cfg->find_target({"G"})->influx_tags, (Tags{{"site", "hq"}}));
}

TEST(InfluxTags, EmptyValuesAreLeftOut) {
  TempConfig tmp;
  auto cfg = load_targets(tmp, TempConfig::targets_top() + "+ A\nhost = 127.0.0.1\ninflux_x =\n");
  EXPECT_TRUE(cfg->find_target({"A"})->influx_tags.empty());
}

TEST(InfluxSection, DefaultsPortAndTimeout) {
  TempConfig tmp;
  auto cfg = load_targets(tmp, TempConfig::targets_top(),
                          "\n*** InfluxDB ***\nhost = 127.0.0.1\ndatabase = smoke\n");
  ASSERT_TRUE(cfg->influxdb);
  EXPECT_EQ(cfg->influxdb->host, "127.0.0.1");
  EXPECT_EQ(cfg->influxdb->database, "smoke");
  EXPECT_EQ(cfg->influxdb->port, 8086);
  EXPECT_EQ(cfg->influxdb->timeout, 15);
}

TEST(InfluxSection, BadPortIsAnError) {
  TempConfig tmp;
  EXPECT_THROW(load_targets(tmp, TempConfig::targets_top(),
                            "\n*** InfluxDB ***\nhost = h\ndatabase = d\nport = 70000\n"),
               ConfigError);
}

}  // namespace
}  // namespace smokeping::config

#include "smokeping/export/influx_point.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace smokeping::exports {
namespace {

struct Fixture {
  config::ProbeInstance probe;
  config::TargetNode node;
  Fixture() {
    probe.name = "FPingLocal";
    node.kind = config::TargetNode::Kind::host;
    node.name = "Router";
    node.path = {"Net", "Router"};
    node.host = "192.0.2.1";
    node.title = "The router";
    node.probe = &probe;
    node.pings = 5;
    node.influx_tags = {{"location", "basement"}, {"rack", "3"}};
  }
};

const FieldValue* field(const Point& p, const std::string& key) {
  for (const auto& [k, v] : p.fields) {
    if (k == key) return &v;
  }
  return nullptr;
}

TEST(InfluxPoint, MasterRowHasTheTagsAndFieldsOf290) {
  Fixture f;
  auto p = influx_point(f.node, {"", 1700000000, "3.5e+04:1:2.0e-02:U:1.0e-02:2.0e-02:3.0e-02:U"});
  ASSERT_TRUE(p);
  EXPECT_EQ(p->measurement, "FPingLocal");
  EXPECT_EQ(p->time, 1700000000000);  // milliseconds
  using Tags = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(p->tags, (Tags{{"host", "192.0.2.1"},
                           {"loss", "1"},
                           {"loss_percent", "20"},
                           {"path", "/Net/Router"},
                           {"slave", "master"},
                           {"tag_location", "basement"},
                           {"tag_rack", "3"},
                           {"title", "The router"}}));
  using Fields = std::vector<std::pair<std::string, FieldValue>>;
  EXPECT_EQ(p->fields, (Fields{{"uptime", 3.5e4},
                               {"loss", std::int64_t{1}},
                               {"loss_percent", std::int64_t{20}},
                               {"median", 2.0e-2},
                               {"ping2", 1.0e-2},
                               {"ping3", 2.0e-2},
                               {"ping4", 3.0e-2},
                               {"min", 1.0e-2},
                               {"max", 3.0e-2}}));
}

TEST(InfluxPoint, SlaveRowIsTaggedWithTheSlaveName) {
  Fixture f;
  auto p = influx_point(f.node, {"boomer", 10, "U:0:1e-3:1e-3:1e-3:1e-3:1e-3:1e-3"});
  ASSERT_TRUE(p);
  auto slave = std::find_if(p->tags.begin(), p->tags.end(),
                            [](const auto& t) { return t.first == "slave"; });
  ASSERT_NE(slave, p->tags.end());
  EXPECT_EQ(slave->second, "boomer");
}

TEST(InfluxPoint, UnknownValuesHaveNoFieldButLossIsAlwaysThere) {
  Fixture f;
  auto p = influx_point(f.node, {"", 10, "U:5:U:U:U:U:U:U"});
  ASSERT_TRUE(p);
  EXPECT_EQ(field(*p, "uptime"), nullptr);
  EXPECT_EQ(field(*p, "median"), nullptr);
  EXPECT_EQ(field(*p, "min"), nullptr);
  EXPECT_EQ(field(*p, "ping1"), nullptr);
  ASSERT_NE(field(*p, "loss_percent"), nullptr);
  EXPECT_EQ(*field(*p, "loss_percent"), FieldValue{std::int64_t{100}});
}

TEST(InfluxPoint, LossPercentTruncates) {
  Fixture f;
  f.node.pings = 3;
  auto p = influx_point(f.node, {"", 10, "U:2:1e-3:U:1e-3:U"});
  ASSERT_TRUE(p);
  EXPECT_EQ(*field(*p, "loss_percent"), FieldValue{std::int64_t{66}});
}

TEST(InfluxPoint, MalformedRowsGiveNoPoint) {
  Fixture f;
  EXPECT_FALSE(influx_point(f.node, {"", 10, "U:1"}));
  EXPECT_FALSE(influx_point(f.node, {"", 10, "U:x:1e-3"}));
  EXPECT_FALSE(influx_point(f.node, {"", 10, "U:-1:1e-3"}));
  EXPECT_FALSE(influx_point(f.node, {"", 10, ""}));
  f.node.probe = nullptr;
  EXPECT_FALSE(influx_point(f.node, {"", 10, "U:0:1e-3"}));
}

TEST(InfluxPoint, LossAboveThePingsGivesNoPoint) {
  Fixture f;  // 5 pings
  EXPECT_TRUE(influx_point(f.node, {"", 10, "U:5:1e-3"}));
  EXPECT_FALSE(influx_point(f.node, {"slave", 10, "U:6:1e-3"}));
  // Would overflow `loss * 100` in int64.
  EXPECT_FALSE(influx_point(f.node, {"slave", 10, "U:9223372036854775807:1e-3"}));
}

TEST(InfluxPoint, GarbageValueIsLeftOutLikeUnknown) {
  Fixture f;
  auto p = influx_point(f.node, {"", 10, "abc:0:nan:1e-3:inf"});
  ASSERT_TRUE(p);
  EXPECT_EQ(field(*p, "uptime"), nullptr);
  EXPECT_EQ(field(*p, "median"), nullptr);
  EXPECT_NE(field(*p, "ping1"), nullptr);
  EXPECT_EQ(field(*p, "ping2"), nullptr);
}

TEST(InfluxPoint, EncodedLineEscapesTagsWithSpaces) {
  Fixture f;
  f.node.influx_tags = {{"location", "in the basement, left=1"}};
  f.node.title = "";
  auto p = influx_point(f.node, {"", 1, "U:0:1e-3:1e-3"});
  ASSERT_TRUE(p);
  EXPECT_EQ(encode_line(*p),
            "FPingLocal,host=192.0.2.1,loss=0,loss_percent=0,path=/Net/Router,slave=master,"
            "tag_location=in\\ the\\ basement\\,\\ left\\=1 "
            "loss=0i,loss_percent=0i,median=0.001,ping1=0.001,min=0.001,max=0.001 1000");
}

}  // namespace
}  // namespace smokeping::exports
